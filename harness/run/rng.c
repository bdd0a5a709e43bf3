#include "rng.h"

#include <string.h>

uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

size_t rng_index(uint64_t *state, size_t n)
{
	return (size_t)(((unsigned __int128)rng_next(state) * n) >> 64);
}

double rng_uniform(uint64_t *state)
{
	return (double)(rng_next(state) >> 11) * 0x1.0p-53;
}

void rng_shuffle(uint64_t *state, void *v, size_t n, size_t size)
{
	unsigned char *b = v, tmp[64];
	size_t i, j;

	if (size > sizeof(tmp))
		return;
	for (i = n; i > 1; i--) {
		j = rng_index(state, i);
		if (j == i - 1)
			continue;
		memcpy(tmp, b + (i - 1) * size, size);
		memcpy(b + (i - 1) * size, b + j * size, size);
		memcpy(b + j * size, tmp, size);
	}
}

uint64_t rng_seed_from(const char *text)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *text; text++) {
		h ^= (unsigned char)*text;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}
