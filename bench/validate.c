#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint64_t validate_mix(uint64_t x)
{
	/* splitmix64 finaliser: every input bit changes about half the output. */
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t validate_seed(const struct validate_key *k, int sender)
{
	uint64_t s = validate_mix(k->size_bytes);

	s = validate_mix(s ^ k->iteration);
	s = validate_mix(s ^ (uint64_t)(uint32_t)sender);
	return validate_mix(s ^ ((uint64_t)(uint32_t)k->block << 32));
}

static uint64_t validate_word(uint64_t seed, size_t index)
{
	return validate_mix(seed + (uint64_t)index * UINT64_C(0xd1b54a32d192ed03));
}

void validate_fill_bytes(void *buf, size_t len, const struct validate_key *k)
{
	uint64_t seed = validate_seed(k, k->sender), w;
	unsigned char *p = buf;
	size_t i, n = len / 8;

	for (i = 0; i < n; i++) {
		w = validate_word(seed, i);
		memcpy(p + 8 * i, &w, 8);
	}
	if (len % 8) {
		w = validate_word(seed, n);
		memcpy(p + 8 * n, &w, len % 8);
	}
}

int validate_check_bytes(const void *buf, size_t len, const struct validate_key *k, size_t *bad_offset)
{
	uint64_t seed = validate_seed(k, k->sender), w;
	const unsigned char *p = buf;
	size_t i, j, chunk;

	for (i = 0; i * 8 < len; i++) {
		w = validate_word(seed, i);
		chunk = len - 8 * i < 8 ? len - 8 * i : 8;
		if (memcmp(p + 8 * i, &w, chunk) == 0)
			continue;
		for (j = 0; j < chunk; j++) {
			if (p[8 * i + j] != ((const unsigned char *)&w)[j]) {
				if (bad_offset)
					*bad_offset = 8 * i + j;
				return -EBADMSG;
			}
		}
	}
	return 0;
}

static float validate_float(uint64_t seed, size_t element)
{
	return (float)(validate_word(seed, element) & 1023u);
}

void validate_fill_floats(float *buf, size_t count, size_t first, const struct validate_key *k)
{
	uint64_t seed = validate_seed(k, k->sender);
	size_t e;

	for (e = 0; e < count; e++)
		buf[e] = validate_float(seed, first + e);
}

int validate_check_sum(const float *buf, size_t count, size_t first, int nranks,
		       const struct validate_key *k, size_t *bad_offset)
{
	uint64_t *seeds = malloc((size_t)nranks * sizeof(*seeds));
	size_t e, b;
	float want;
	int r;

	if (!seeds)
		return -ENOMEM;
	for (r = 0; r < nranks; r++)
		seeds[r] = validate_seed(k, r);
	for (e = 0; e < count; e++) {
		want = 0.0f;
		for (r = 0; r < nranks; r++)
			want += validate_float(seeds[r], first + e);
		/* Bits, not values: a flipped sign of 0.0 must be caught too. */
		if (memcmp(&buf[e], &want, sizeof(want)) != 0) {
			for (b = 0; b < sizeof(want); b++)
				if (((const unsigned char *)&buf[e])[b] != ((const unsigned char *)&want)[b])
					break;
			if (bad_offset)
				*bad_offset = e * sizeof(want) + b;
			free(seeds);
			return -EBADMSG;
		}
	}
	free(seeds);
	return 0;
}
