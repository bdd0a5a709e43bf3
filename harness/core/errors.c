#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

/* "parity" or "parity NAME": written only by errors_set_command, which main
 * (and a command running another command) calls between commands, never
 * while one is reporting. */
static char errors_prefix[64] = "parity";

void errors_set_command(const char *name)
{
	snprintf(errors_prefix, sizeof(errors_prefix), "parity%s%s", name && *name ? " " : "", name ? name : "");
}

const char *errors_command(void)
{
	return errors_prefix;
}

static void errors_vlog(const char *what, const char *fmt, va_list ap)
{
	/* One write of the whole line, so lines of parallel processes do not mix. */
	char line[4096];
	int n = snprintf(line, sizeof(line), "%s: %s", errors_prefix, what);

	if (n >= 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

void errors_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errors_vlog("", fmt, ap);
	va_end(ap);
}

void errors_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errors_vlog("warning: ", fmt, ap);
	va_end(ap);
}
