/* sizes: message sizes as people write them ("8", "64K", "4M", "1G").
 *
 * Suffixes are binary multiples (K = 1024), case-insensitive, with an optional
 * trailing "B" or "iB" ("4KiB", "4kb"). Functions return 0, -EINVAL for text
 * that is not a size, -ERANGE for a size above SIZES_MAX_BYTES, and -EDOM for
 * a range whose minimum exceeds its maximum. */
#ifndef PARITY_SIZES_H
#define PARITY_SIZES_H

#include <stddef.h>
#include <stdint.h>

/* The largest message: the kernels pass a size as an MPI count, an int (a
 * message of 2 GiB would be a negative count). 1G is the largest power of
 * two below it. */
#define SIZES_MAX_BYTES UINT64_C(2147483647)
#define SIZES_MAX_TEXT "2147483647 bytes (MPI counts are int; 1G is the largest power of two)"

int sizes_parse(const char *text, uint64_t *out_bytes);

/* Parse OSU's "-m [MIN:]MAX" (also "MIN:"): a bare MAX keeps *min_bytes as
 * given by the caller, "MIN:" keeps *max_bytes. Both are in/out. */
int sizes_parse_range(const char *text, uint64_t *min_bytes, uint64_t *max_bytes);

/* Write the shortest exact spelling of bytes ("512", "64K", "4M") into buf.
 * Returns the length that snprintf returned. */
int sizes_format(uint64_t bytes, char *buf, size_t len);

#endif
