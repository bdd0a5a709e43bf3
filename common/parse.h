/* parse: strict number parsing for command lines and files.
 *
 * Every function returns 0 on success, -EINVAL when the text is not a number
 * of the expected form (empty, trailing characters, sign where none is
 * allowed; for doubles also "inf" and "nan") and -ERANGE when it is outside
 * [lo, hi]. *out is only written on success. */
#ifndef PARITY_PARSE_H
#define PARITY_PARSE_H

#include <stddef.h>
#include <stdint.h>

int parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
int parse_int(const char *text, int lo, int hi, int *out);
int parse_double(const char *text, double lo, double hi, double *out);
/* A duration in seconds: a number with an optional unit ms, s, m or h
 * ("50ms", "0.2s", "5m", "1h"; a bare number is seconds); lo and hi in
 * seconds. */
int parse_duration(const char *text, double lo, double hi, double *seconds);
/* Format a duration the way parse_duration reads it back ("50ms", "300s"). */
void parse_format_duration(double seconds, char *buf, size_t len);

#endif
