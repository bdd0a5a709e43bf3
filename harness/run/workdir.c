#include "workdir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *workdir_base(const struct plan *p, bool other_hosts)
{
	const char *tmp = getenv("TMPDIR");

	if (p->workdir && p->workdir[0])
		return p->workdir;
	/* A dry run creates no results root just for its work directory. */
	if (other_hosts && !(p->dry_run && access(p->results, F_OK) != 0))
		return p->results;
	/* A relative TMPDIR would move with the ranks' working directory. */
	return tmp && tmp[0] == '/' ? tmp : "/tmp";
}

/* mkdir -p, for the results root. */
static int workdir_mkdirs(const char *path)
{
	char *copy = strdup(path), *s;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (s = copy + 1; !ret && *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			ret = -errno;
		*s = '/';
	}
	if (!ret && mkdir(copy, 0755) != 0 && errno != EEXIST)
		ret = -errno;
	free(copy);
	return ret;
}

int workdir_create(const struct plan *p, bool other_hosts, char **dir)
{
	const char *base = workdir_base(p, other_hosts);
	bool in_results = base == p->results;
	char *path;
	int ret;

	*dir = NULL;
	if (in_results && (ret = workdir_mkdirs(base)))
		return ret;
	if (asprintf(&path, "%s/%sparity-%s.XXXXXX", base, in_results ? "." : "", p->campaign) < 0)
		return -ENOMEM;
	if (!mkdtemp(path)) {
		ret = -errno;
		free(path);
		return ret;
	}
	/* The ranks and containers get absolute paths (they may start elsewhere). */
	if (path[0] != '/') {
		char *abs = realpath(path, NULL);

		if (!abs) {
			ret = -errno;
			rmdir(path);
			free(path);
			return ret;
		}
		free(path);
		path = abs;
	}
	*dir = path;
	return 0;
}
