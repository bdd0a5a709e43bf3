/* parse: strict number parsing for command lines and files.
 *
 * Every function returns 0 on success, -EINVAL when the text is not a number
 * of the expected form (empty, trailing characters, sign where none is
 * allowed) and -ERANGE when it is outside [lo, hi]. *out is only written on
 * success. */
#ifndef PARITY_PARSE_H
#define PARITY_PARSE_H

#include <stdint.h>

int parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
int parse_int(const char *text, int lo, int hi, int *out);
int parse_double(const char *text, double lo, double hi, double *out);

#endif
