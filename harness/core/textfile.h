/* textfile: read a whole (small) file into memory. */
#ifndef PARITY_TEXTFILE_H
#define PARITY_TEXTFILE_H

#include <stddef.h>

/* What textfile_read reads at most: plans, thresholds, labels and metadata
 * are a few KiB; an endless input must not be read forever. */
#define TEXTFILE_MAX_BYTES (16u << 20)

/* Read path into a NUL-terminated buffer the caller frees; *len (may be
 * NULL) receives its length (the text may hold NUL bytes: compare *len with
 * strlen). A regular file, or a pipe or FIFO (--plan <(...)): -EISDIR for a
 * folder, -ENODEV for a device or socket (/dev/zero never ends), -EFBIG
 * beyond TEXTFILE_MAX_BYTES. A FIFO nobody writes to reads as empty instead
 * of blocking. Returns 0, -errno when it cannot be opened, -EIO on a read
 * error, -ENOMEM. *text is NULL on failure. */
int textfile_read(const char *path, char **text, size_t *len);

/* The same, refusing with -EFBIG a file longer than max_bytes (a file that
 * should be small, such as an image's labels). */
int textfile_read_max(const char *path, size_t max_bytes, char **text, size_t *len);

/* A one-line reason for a textfile_read error code ("a folder, not a file"). */
const char *textfile_strerror(int code);

#endif
