#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

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
	if (end == text || *end != '\0' || isnan(v))
		return -EINVAL;
	if (errno == ERANGE || v < lo || v > hi)
		return -ERANGE;
	*out = v;
	return 0;
}
