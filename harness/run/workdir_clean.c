#include "workdir_clean.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int workdir_clean_claim(const char *dir, struct lock *l)
{
	long holder;

	return lock_take(dir, l, &holder);
}

static int workdir_clean_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

int workdir_clean_remove(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return -EPERM;
	if (nftw(dir, workdir_clean_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return -errno;
	return access(dir, F_OK) == 0 ? -ENOTEMPTY : 0;
}

/* Has another process written its pid into dir/.lock (claimed, not being
 * claimed right now)? Our own directories are never stale: a process can
 * always take its own fcntl lock again, so the lock cannot tell. */
static int workdir_clean_claimed(const char *dir)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/.lock", dir) >= (int)sizeof(path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 2 || buf[n - 1] != '\n')
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10) != (long)getpid();
}

int workdir_clean_stale(const char *base, unsigned *removed)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	struct lock l;
	long holder;
	unsigned n = 0;
	DIR *d = opendir(base);

	if (removed)
		*removed = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		/* parity-CAMPAIGN.XXXXXX, or hidden in a results root (run/workdir.h). */
		if (strncmp(e->d_name + (e->d_name[0] == '.'), WORKDIR_CLEAN_PREFIX, strlen(WORKDIR_CLEAN_PREFIX)) != 0 ||
		    snprintf(path, sizeof(path), "%s/%s", base, e->d_name) >= (int)sizeof(path))
			continue;
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    !workdir_clean_claimed(path))
			continue;
		/* Ours to take: its owner is gone. Held while it is removed. */
		if (lock_take(path, &l, &holder) != 0)
			continue;
		if (workdir_clean_remove(path) == 0)
			n++;
		lock_release(&l);
	}
	closedir(d);
	if (removed)
		*removed = n;
	return 0;
}
