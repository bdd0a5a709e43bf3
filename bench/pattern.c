#include "pattern.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint64_t pattern_mix(uint64_t x)
{
	/* splitmix64 finaliser: every input bit changes about half the output. */
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t pattern_seed(const struct pattern_key *k, int sender)
{
	uint64_t s = pattern_mix(k->size_bytes);

	s = pattern_mix(s ^ k->iteration);
	s = pattern_mix(s ^ (uint64_t)(uint32_t)sender);
	return pattern_mix(s ^ ((uint64_t)(uint32_t)k->block << 32));
}

static uint64_t pattern_word(uint64_t seed, size_t index)
{
	return pattern_mix(seed + (uint64_t)index * UINT64_C(0xd1b54a32d192ed03));
}

void pattern_fill_bytes(void *buf, size_t len, const struct pattern_key *k)
{
	uint64_t seed = pattern_seed(k, k->sender), w;
	unsigned char *p = buf;
	size_t i, n = len / 8;

	for (i = 0; i < n; i++) {
		w = pattern_word(seed, i);
		memcpy(p + 8 * i, &w, 8);
	}
	if (len % 8) {
		w = pattern_word(seed, n);
		memcpy(p + 8 * n, &w, len % 8);
	}
}

int pattern_check_bytes(const void *buf, size_t len, const struct pattern_key *k, size_t *bad_offset)
{
	uint64_t seed = pattern_seed(k, k->sender), w;
	const unsigned char *p = buf;
	size_t i, j, chunk;

	for (i = 0; i * 8 < len; i++) {
		w = pattern_word(seed, i);
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

/* Element e of a sender's vector, as a small integer (see pattern.h). */
static unsigned pattern_element(uint64_t seed, size_t e, enum bench_dtype t, int sender, int nranks)
{
	uint64_t w = pattern_word(seed, e);

	if (t != BENCH_DTYPE_CHAR)
		return (unsigned)(w & 1023u);
	if (e % (size_t)nranks == (size_t)sender)
		return (unsigned)(w & 63u);
	return nranks <= 64 ? (unsigned)((w >> 7) & 1u) : 0u;
}

/* Store the integer v as element e of buf. */
static void pattern_store(void *buf, size_t e, unsigned v, enum bench_dtype t)
{
	switch (t) {
	case BENCH_DTYPE_CHAR:
		((unsigned char *)buf)[e] = (unsigned char)v;
		break;
	case BENCH_DTYPE_INT:
		((int *)buf)[e] = (int)v;
		break;
	case BENCH_DTYPE_FLOAT:
		((float *)buf)[e] = (float)v;
		break;
	}
}

void pattern_fill_elements(void *buf, size_t count, size_t first, enum bench_dtype t, int nranks,
			    const struct pattern_key *k)
{
	uint64_t seed = pattern_seed(k, k->sender);
	size_t e;

	for (e = 0; e < count; e++)
		pattern_store(buf, e, pattern_element(seed, first + e, t, k->sender, nranks), t);
}

int pattern_check_sum(const void *buf, size_t count, size_t first, int nranks, enum bench_dtype t,
		       const struct pattern_key *k, size_t *bad_offset)
{
	uint64_t *seeds = malloc((size_t)nranks * sizeof(*seeds));
	size_t e, b, width = bench_dtype_size(t);
	const unsigned char *got;
	union { unsigned char c; int i; float f; unsigned char bytes[sizeof(float) > sizeof(int) ? sizeof(float) : sizeof(int)]; } want;
	unsigned sum;
	int r;

	if (!seeds)
		return -ENOMEM;
	for (r = 0; r < nranks; r++)
		seeds[r] = pattern_seed(k, r);
	for (e = 0; e < count; e++) {
		sum = 0;
		for (r = 0; r < nranks; r++)
			sum += pattern_element(seeds[r], first + e, t, r, nranks);
		pattern_store(&want, 0, sum, t);
		/* Bits, not values: a flipped sign of 0.0 must be caught too. */
		got = (const unsigned char *)buf + e * width;
		if (memcmp(got, want.bytes, width) != 0) {
			for (b = 0; b < width && got[b] == want.bytes[b]; b++)
				;
			if (bad_offset)
				*bad_offset = e * width + b;
			free(seeds);
			return -EBADMSG;
		}
	}
	free(seeds);
	return 0;
}
