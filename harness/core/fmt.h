/* fmt: formatting into fixed buffers (paths, one-line reasons) that says
 * when the text did not fit. */
#ifndef PARITY_FMT_H
#define PARITY_FMT_H

#include <stddef.h>

/* snprintf into buf: 0, or -ENAMETOOLONG when the text was truncated (it
 * is still NUL-terminated; the caller decides whether that matters). */
int fmt_buf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A field quoted in an error line: at most FMT_QUOTE_MAX characters (then
 * "..."), control characters shown as '?', so a 10 MB field or a newline
 * never floods or splits the line. Returns buf. */
#define FMT_QUOTE_MAX 80
#define FMT_QUOTE_LEN (FMT_QUOTE_MAX + 4)
const char *fmt_quote(const char *s, char *buf, size_t len);

#endif
