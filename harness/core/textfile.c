#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open for reading without blocking on a FIFO that has no writer yet, and
 * refuse what is no file. */
static int textfile_open(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;
	}
	/* Opened: reads may block again (a FIFO without a writer reads EOF). */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int textfile_read_max(const char *path, size_t max_bytes, char **text, size_t *len)
{
	size_t n = 0, cap = 0;
	char *buf = NULL, *grown;
	ssize_t got;
	int fd, ret = 0;

	*text = NULL;
	if (max_bytes > TEXTFILE_MAX_BYTES)
		max_bytes = TEXTFILE_MAX_BYTES;
	fd = textfile_open(path);
	if (fd < 0)
		return fd;
	for (;;) {
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 16384;
			grown = realloc(buf, cap);
			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			buf = grown;
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = -EIO;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max_bytes) {
			ret = -EFBIG;
			break;
		}
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[n] = '\0';
	*text = buf;
	if (len)
		*len = n;
	return 0;
}

int textfile_read(const char *path, char **text, size_t *len)
{
	return textfile_read_max(path, TEXTFILE_MAX_BYTES, text, len);
}

const char *textfile_strerror(int code)
{
	switch (code) {
	case -EISDIR:
		return "a folder, not a file";
	case -ENODEV:
		return "a device or socket, not a file";
	case -EFBIG:
		return "too large for a text file of parity's";
	default:
		return strerror(-code);
	}
}
