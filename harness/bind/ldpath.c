#include "ldpath.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#define LDPATH_TRIPLET "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define LDPATH_TRIPLET "aarch64-linux-gnu"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LDPATH_TRIPLET "powerpc64le-linux-gnu"
#else
#define LDPATH_TRIPLET ""
#endif

/* ld.so's built-in trusted directories (Debian multiarch first). */
static const char *const ldpath_system_dirs[] = {
	"/lib/" LDPATH_TRIPLET, "/usr/lib/" LDPATH_TRIPLET, "/lib64", "/usr/lib64", "/lib", "/usr/lib", NULL,
};

#define LDPATH_MAX_LINKS 40
#define LDPATH_MAX_INCLUDE_DEPTH 8

int ldpath_host_path(const char *root, const char *path, char *out, size_t len)
{
	int n = snprintf(out, len, "%s%s", root ? root : "", path);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ldpath_resolve(const char *root, const char *path, char *out, size_t len)
{
	char done[PATH_MAX] = "", todo[PATH_MAX], host[PATH_MAX], link[PATH_MAX];
	int links = 0;

	if (!root)
		root = "";
	if (snprintf(todo, sizeof(todo), "%s", path) >= (int)sizeof(todo))
		return -ENAMETOOLONG;
	while (todo[0]) {
		char *p = todo, *slash;
		size_t dlen = strlen(done);
		struct stat st;
		ssize_t n;

		while (*p == '/')
			p++;
		slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		if (!*p || strcmp(p, ".") == 0) {
			/* nothing */
		} else if (strcmp(p, "..") == 0) {
			char *last = strrchr(done, '/');

			if (last)
				*last = '\0';
		} else {
			if (dlen + 1 + strlen(p) >= sizeof(done))
				return -ENAMETOOLONG;
			done[dlen] = '/';
			memcpy(done + dlen + 1, p, strlen(p) + 1);
			if (ldpath_host_path(root, done, host, sizeof(host)))
				return -ENAMETOOLONG;
			if (lstat(host, &st) < 0)
				return -errno;
			if (S_ISLNK(st.st_mode)) {
				char rest[PATH_MAX];

				if (++links > LDPATH_MAX_LINKS)
					return -ELOOP;
				n = readlink(host, link, sizeof(link) - 1);
				if (n < 0)
					return -errno;
				link[n] = '\0';
				snprintf(rest, sizeof(rest), "%s", slash ? slash + 1 : "");
				if (link[0] == '/')
					done[0] = '\0';
				else
					done[dlen] = '\0';
				if (snprintf(todo, sizeof(todo), "%s/%s", link, rest) >= (int)sizeof(todo))
					return -ENAMETOOLONG;
				continue;
			}
		}
		if (!slash)
			break;
		memmove(todo, slash + 1, strlen(slash + 1) + 1);
	}
	if (snprintf(out, len, "%s", done[0] ? done : "/") >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static int ldpath_add_dir(struct ldpath *lp, const char *dir)
{
	if (!dir[0] || dir[0] != '/' || strvec_find(&lp->dirs, dir) >= 0)
		return 0;
	return strvec_push(&lp->dirs, dir);
}

/* Add the directories of a colon-separated list. */
static int ldpath_add_list(struct ldpath *lp, const char *list)
{
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (!list)
		return 0;
	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ":;", &save); tok && !ret; tok = strtok_r(NULL, ":;", &save))
		ret = ldpath_add_dir(lp, tok);
	free(copy);
	return ret;
}

static int ldpath_conf(struct ldpath *lp, const char *conf, int depth);

static int ldpath_conf_include(struct ldpath *lp, const char *conf, const char *pattern, int depth)
{
	char pat[PATH_MAX], dir[PATH_MAX];
	size_t rootlen = strlen(lp->root);
	glob_t g;
	size_t i;
	int ret = 0;

	if (pattern[0] == '/') {
		snprintf(dir, sizeof(dir), "%s", "");
	} else {
		const char *slash = strrchr(conf, '/');

		snprintf(dir, sizeof(dir), "%.*s/", (int)(slash ? slash - conf : 0), conf);
	}
	if (snprintf(pat, sizeof(pat), "%s%s%s", lp->root, dir, pattern) >= (int)sizeof(pat))
		return -ENAMETOOLONG;
	if (glob(pat, 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc && !ret; i++)
		ret = ldpath_conf(lp, g.gl_pathv[i] + rootlen, depth + 1);
	globfree(&g);
	return ret;
}

/* Parse one ld.so.conf file (conf is an in-root path). */
static int ldpath_conf(struct ldpath *lp, const char *conf, int depth)
{
	char host[PATH_MAX], line[PATH_MAX + 64];
	FILE *fp;
	int ret = 0;

	if (depth > LDPATH_MAX_INCLUDE_DEPTH || ldpath_host_path(lp->root, conf, host, sizeof(host)))
		return 0;
	fp = fopen(host, "re");
	if (!fp)
		return 0; /* ld.so ignores a missing configuration too */
	while (!ret && fgets(line, sizeof(line), fp)) {
		char *s = line, *e, *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!*s)
			continue;
		if (strncmp(s, "include", 7) == 0 && isspace((unsigned char)s[7])) {
			char *pat = s + 8, *save = NULL, *tok;

			for (tok = strtok_r(pat, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save))
				ret = ldpath_conf_include(lp, conf, tok, depth);
		} else if (strncmp(s, "hwcap", 5) == 0 && isspace((unsigned char)s[5])) {
			continue;
		} else {
			char *save = NULL, *tok;

			/* Old syntax allows "DIR=TYPE" and several directories per line. */
			for (tok = strtok_r(s, " \t,:", &save); tok && !ret; tok = strtok_r(NULL, " \t,:", &save)) {
				char *eq = strchr(tok, '=');

				if (eq)
					*eq = '\0';
				ret = ldpath_add_dir(lp, tok);
			}
		}
	}
	fclose(fp);
	return ret;
}

int ldpath_init(struct ldpath *lp, const char *root, const char *ld_library_path)
{
	int ret;
	size_t i;

	memset(lp, 0, sizeof(*lp));
	if (root && strcmp(root, "/") != 0 &&
	    snprintf(lp->root, sizeof(lp->root), "%s", root) >= (int)sizeof(lp->root))
		return -ENAMETOOLONG;
	/* A trailing slash would double up with the in-root paths. */
	for (i = strlen(lp->root); i > 0 && lp->root[i - 1] == '/'; i--)
		lp->root[i - 1] = '\0';
	ret = ldpath_add_list(lp, ld_library_path);
	lp->n_env = lp->dirs.n;
	if (!ret)
		ret = ldpath_conf(lp, "/etc/ld.so.conf", 0);
	for (i = 0; !ret && ldpath_system_dirs[i]; i++)
		ret = ldpath_add_dir(lp, ldpath_system_dirs[i]);
	if (ret)
		ldpath_free(lp);
	return ret;
}

void ldpath_free(struct ldpath *lp)
{
	strvec_free(&lp->dirs);
}

/* Is DIR/soname inside the root a readable ELF file of `machine`? */
static int ldpath_try(const struct ldpath *lp, const char *dir, const char *soname, unsigned machine,
		      char *out, size_t len)
{
	char path[PATH_MAX], resolved[PATH_MAX], host[PATH_MAX];
	unsigned m;

	if (snprintf(path, sizeof(path), "%s/%s", dir, soname) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (ldpath_resolve(lp->root, path, resolved, sizeof(resolved)) ||
	    ldpath_host_path(lp->root, resolved, host, sizeof(host)) || elfinfo_machine(host, &m) || m != machine)
		return -ENOENT;
	if (snprintf(out, len, "%s", path) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* Search a colon list that may use $ORIGIN / ${ORIGIN}. */
static int ldpath_try_list(const struct ldpath *lp, const char *list, const char *origin, const char *soname,
			   unsigned machine, char *out, size_t len)
{
	char *copy = list ? strdup(list) : NULL, *tok, *save = NULL;
	int ret = -ENOENT;

	if (!copy)
		return list ? -ENOMEM : -ENOENT;
	for (tok = strtok_r(copy, ":", &save); tok && ret == -ENOENT; tok = strtok_r(NULL, ":", &save)) {
		char dir[PATH_MAX];
		const char *rest = NULL;

		if (strncmp(tok, "$ORIGIN", 7) == 0)
			rest = tok + 7;
		else if (strncmp(tok, "${ORIGIN}", 9) == 0)
			rest = tok + 9;
		if (rest) {
			if (!origin)
				continue;
			snprintf(dir, sizeof(dir), "%s%s", origin, rest);
		} else {
			snprintf(dir, sizeof(dir), "%s", tok);
		}
		ret = ldpath_try(lp, dir, soname, machine, out, len);
	}
	free(copy);
	return ret;
}

int ldpath_find(const struct ldpath *lp, const char *soname, const struct elfinfo *requester,
		const char *origin_dir, unsigned machine, char *out, size_t len)
{
	size_t i;
	int ret;

	if (strchr(soname, '/'))
		return ldpath_try(lp, "", soname, machine, out, len);
	if (requester && requester->rpath && !requester->runpath) {
		ret = ldpath_try_list(lp, requester->rpath, origin_dir, soname, machine, out, len);
		if (ret != -ENOENT)
			return ret;
	}
	/* LD_LIBRARY_PATH, then RUNPATH, then ld.so.conf and the system. */
	for (i = 0; i < lp->dirs.n; i++) {
		if (i == lp->n_env && requester && requester->runpath) {
			ret = ldpath_try_list(lp, requester->runpath, origin_dir, soname, machine, out, len);
			if (ret != -ENOENT)
				return ret;
		}
		ret = ldpath_try(lp, lp->dirs.v[i], soname, machine, out, len);
		if (ret != -ENOENT)
			return ret;
	}
	return -ENOENT;
}
