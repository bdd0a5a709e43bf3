#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
	const char *p = text;
	char *end;
	unsigned long long v;

	if (!text)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	/* strtoull accepts "-1" and wraps it: refuse any sign explicitly. */
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (end == p || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < lo || v > hi)
		return -ERANGE;
	*out = (uint64_t)v;
	return 0;
}

int parse_int(const char *text, int lo, int hi, int *out)
{
	const char *p = text;
	char *end;
	long v;

	if (!text)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p) && !((*p == '-' || *p == '+') && isdigit((unsigned char)p[1])))
		return -EINVAL;
	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < lo || v > hi)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

int parse_double(const char *text, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!text || !*text)
		return -EINVAL;
	errno = 0;
	v = strtod(text, &end);
	/* "inf" and "nan" are words, not measurements: a finite number only. */
	if (end == text || *end != '\0' || isnan(v) || (isinf(v) && errno != ERANGE))
		return -EINVAL;
	if (errno == ERANGE || v < lo || v > hi)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_duration(const char *text, double lo, double hi, double *seconds)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "", 1 }, { "ms", 1e-3 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
	};
	char *end;
	double v;
	size_t i;

	if (!text || (!isdigit((unsigned char)*text) && *text != '.'))
		return -EINVAL;
	errno = 0;
	v = strtod(text, &end);
	if (end == text || !isfinite(v))
		return -EINVAL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) != 0)
			continue;
		v *= units[i].scale;
		if (errno == ERANGE || v < lo || v > hi)
			return -ERANGE;
		*seconds = v;
		return 0;
	}
	return -EINVAL;
}

void parse_format_duration(double seconds, char *buf, size_t len)
{
	if (seconds > 0 && seconds < 1)
		snprintf(buf, len, "%gms", seconds * 1e3);
	else
		snprintf(buf, len, "%gs", seconds);
}
