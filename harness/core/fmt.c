#include "fmt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int fmt_buf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

const char *fmt_quote(const char *s, char *buf, size_t len)
{
	size_t i, max = len > 4 ? len - 4 : 0;

	if (max > FMT_QUOTE_MAX)
		max = FMT_QUOTE_MAX;
	for (i = 0; s[i] && i < max; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (s[i] && len >= 4)
		memcpy(buf + i, "...", 3), i += 3;
	if (len)
		buf[i < len ? i : len - 1] = '\0';
	return buf;
}
