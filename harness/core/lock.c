#include "lock.h"

#include "errors.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int lock_take(const char *dir, struct lock *l, long *holder)
{
	char path[PATH_MAX], pid[32];
	struct flock fl;
	int fd, n, written;

	l->fd = -1;
	*holder = 0;
	if (snprintf(path, sizeof(path), "%s/.lock", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		int ret = errno == EACCES || errno == EAGAIN ? -EBUSY : -errno;

		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (ret == -EBUSY && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
			*holder = (long)fl.l_pid;
		close(fd);
		return ret;
	}
	/* The pid in the file is for people: the lock holds without it. */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	written = ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) == n;
	(void)written;
	l->fd = fd;
	return 0;
}

int lock_take_writer(const char *dir, struct lock *l)
{
	long holder = 0;
	int ret = lock_take(dir, l, &holder);

	if (ret == -EBUSY && holder > 0)
		errors_log("%s is being written by another parity (pid %ld): one writer per campaign", dir, holder);
	else if (ret == -EBUSY)
		errors_log("%s is being written by another parity: one writer per campaign", dir);
	else if (ret)
		errors_log("cannot lock %s/.lock: %s", dir, strerror(-ret));
	return ret;
}

void lock_release(struct lock *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
