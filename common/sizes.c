#include "sizes.h"
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int sizes_parse(const char *text, uint64_t *out_bytes)
{
	char digits[32];
	const char *p = text;
	size_t n = 0;
	uint64_t value, mult = 1;
	int ret;

	if (!text)
		return -EINVAL;
	while (isdigit((unsigned char)*p)) {
		if (n + 1 >= sizeof(digits))
			return -ERANGE;
		digits[n++] = *p++;
	}
	digits[n] = '\0';
	if (n == 0)
		return -EINVAL;
	switch (tolower((unsigned char)*p)) {
	case 'k': mult = UINT64_C(1) << 10; p++; break;
	case 'm': mult = UINT64_C(1) << 20; p++; break;
	case 'g': mult = UINT64_C(1) << 30; p++; break;
	default: break;
	}
	if (mult > 1 && tolower((unsigned char)*p) == 'i')
		p++;
	if (tolower((unsigned char)*p) == 'b')
		p++;
	if (*p != '\0')
		return -EINVAL;
	ret = parse_u64(digits, 0, SIZES_MAX_BYTES, &value);
	if (ret)
		return ret;
	if (value > SIZES_MAX_BYTES / mult)
		return -ERANGE;
	*out_bytes = value * mult;
	return 0;
}

int sizes_parse_range(const char *text, uint64_t *min_bytes, uint64_t *max_bytes)
{
	const char *colon;
	uint64_t lo = *min_bytes, hi = *max_bytes;
	char first[64];
	int ret;

	if (!text || !*text)
		return -EINVAL;
	colon = strchr(text, ':');
	if (!colon) {
		ret = sizes_parse(text, &hi);
	} else {
		if ((size_t)(colon - text) >= sizeof(first) || colon == text)
			return -EINVAL;
		memcpy(first, text, (size_t)(colon - text));
		first[colon - text] = '\0';
		ret = sizes_parse(first, &lo);
		if (!ret && colon[1] != '\0')
			ret = sizes_parse(colon + 1, &hi);
	}
	if (ret)
		return ret;
	if (lo > hi)
		return -EDOM;
	*min_bytes = lo;
	*max_bytes = hi;
	return 0;
}

int sizes_format(uint64_t bytes, char *buf, size_t len)
{
	static const char suffix[] = "KMG";
	int i = -1;

	while (i < 2 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		i++;
	}
	if (i < 0)
		return snprintf(buf, len, "%" PRIu64, bytes);
	return snprintf(buf, len, "%" PRIu64 "%c", bytes, suffix[i]);
}
