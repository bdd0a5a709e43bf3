/* textfile: read a whole (small) file into memory. */
#ifndef PARITY_TEXTFILE_H
#define PARITY_TEXTFILE_H

#include <stddef.h>

/* Read path into a NUL-terminated buffer the caller frees; *len (may be
 * NULL) receives its length. Returns 0, -errno when it cannot be opened,
 * -EIO on a read error, -ENOMEM. *text is NULL on failure. */
int textfile_read(const char *path, char **text, size_t *len);

/* The same, refusing with -EFBIG a file longer than max_bytes (a file that
 * should be small, such as an image's labels). */
int textfile_read_max(const char *path, size_t max_bytes, char **text, size_t *len);

#endif
