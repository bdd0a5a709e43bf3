/* fmt: formatting into fixed buffers (paths, one-line reasons) that says
 * when the text did not fit. */
#ifndef PARITY_FMT_H
#define PARITY_FMT_H

#include <stddef.h>

/* snprintf into buf: 0, or -ENAMETOOLONG when the text was truncated (it
 * is still NUL-terminated; the caller decides whether that matters). */
int fmt_buf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
