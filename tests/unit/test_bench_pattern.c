#include <errno.h>
#include <string.h>
#include "unit.h"

#include "pattern.h"

static const size_t lens[] = { 1, 3, 4, 7, 8, 9, 63, 64, 65, 1000, 4096 };

/* One flipped bit in any byte of any length is caught, at that offset. */
static void test_pattern_bytes_flip_anywhere(void **state)
{
	unsigned char buf[4096];
	struct pattern_key k = { .size_bytes = 0, .iteration = 7, .sender = 1, .block = 0 };
	size_t i, off, bad;
	int bit;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		k.size_bytes = lens[i];
		pattern_fill_bytes(buf, lens[i], &k);
		assert_int_equal(pattern_check_bytes(buf, lens[i], &k, &bad), 0);
		for (off = 0; off < lens[i]; off++) {
			for (bit = 0; bit < 8; bit += 7) {
				buf[off] ^= (unsigned char)(1u << bit);
				bad = (size_t)-1;
				if (pattern_check_bytes(buf, lens[i], &k, &bad) != -EBADMSG)
					fail_msg("len %zu: flip of bit %d at %zu not caught", lens[i], bit, off);
				assert_int_equal(bad, off);
				buf[off] ^= (unsigned char)(1u << bit);
			}
		}
	}
}

/* Patterns differ by size, iteration, sender and block: data of the wrong
 * iteration or sender fails the check. */
static void test_pattern_bytes_keys_differ(void **state)
{
	unsigned char a[256], b[256];
	struct pattern_key base = { .size_bytes = 256, .iteration = 3, .sender = 0, .block = 0 };
	struct pattern_key other[4];
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		other[i] = base;
	other[0].size_bytes = 512;
	other[1].iteration = 4;
	other[2].sender = 1;
	other[3].block = 1;
	pattern_fill_bytes(a, sizeof(a), &base);
	for (i = 0; i < 4; i++) {
		pattern_fill_bytes(b, sizeof(b), &other[i]);
		if (memcmp(a, b, sizeof(a)) == 0)
			fail_msg("key variant %zu gives the same pattern", i);
		assert_int_equal(pattern_check_bytes(b, sizeof(b), &base, NULL), -EBADMSG);
	}
	/* A zeroed (never delivered) buffer fails too. */
	memset(b, 0, sizeof(b));
	assert_int_equal(pattern_check_bytes(b, sizeof(b), &base, NULL), -EBADMSG);
}

/* Sums of the element patterns are exact in any order; any flipped byte
 * (even the sign of a float zero) is caught at its offset; a missing
 * contribution is caught. */
static void test_pattern_sum(void **state)
{
	enum { N = 300, RANKS = 3 };
	static const enum bench_dtype types[] = { BENCH_DTYPE_CHAR, BENCH_DTYPE_INT, BENCH_DTYPE_FLOAT };
	union { unsigned char c[N]; int i[N]; float f[N]; unsigned char b[N * sizeof(float)]; } in[RANKS], sum;
	struct pattern_key k = { .size_bytes = N * 4, .iteration = 2, .sender = 0, .block = 0 };
	size_t e, bad, w, t;
	int r, byte;

	(void)state;
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		w = bench_dtype_size(types[t]);
		for (r = 0; r < RANKS; r++) {
			k.sender = r;
			pattern_fill_elements(&in[r], N, 0, types[t], RANKS, &k);
		}
		/* What an MPI_SUM computes: C arithmetic of the type, any order. */
		for (e = 0; e < N; e++) {
			if (types[t] == BENCH_DTYPE_CHAR)
				sum.c[e] = (unsigned char)(in[2].c[e] + in[0].c[e] + in[1].c[e]);
			else if (types[t] == BENCH_DTYPE_INT)
				sum.i[e] = in[2].i[e] + in[0].i[e] + in[1].i[e];
			else
				sum.f[e] = in[2].f[e] + in[0].f[e] + in[1].f[e];
		}
		assert_int_equal(pattern_check_sum(&sum, N, 0, RANKS, types[t], &k, &bad), 0);
		/* A slice starting at element 100 (reduce_scatter) checks too. */
		assert_int_equal(pattern_check_sum(sum.b + 100 * w, 50, 100, RANKS, types[t], &k, &bad), 0);
		assert_int_equal(pattern_check_sum(sum.b + 100 * w, 50, 101, RANKS, types[t], &k, &bad), -EBADMSG);
		for (e = 0; e < N; e += 37) {
			for (byte = 0; byte < (int)w; byte++) {
				sum.b[e * w + (size_t)byte] ^= 0x80;
				if (pattern_check_sum(&sum, N, 0, RANKS, types[t], &k, &bad) != -EBADMSG)
					fail_msg("%s: flip in byte %d of element %zu not caught", bench_dtype_name(types[t]), byte, e);
				assert_int_equal(bad, e * w + (size_t)byte);
				sum.b[e * w + (size_t)byte] ^= 0x80;
			}
		}
		/* One rank's contribution missing. */
		for (e = 0; e < N; e++) {
			if (types[t] == BENCH_DTYPE_CHAR)
				sum.c[e] = (unsigned char)(in[0].c[e] + in[1].c[e]);
			else if (types[t] == BENCH_DTYPE_INT)
				sum.i[e] = in[0].i[e] + in[1].i[e];
			else
				sum.f[e] = in[0].f[e] + in[1].f[e];
		}
		assert_int_equal(pattern_check_sum(&sum, N, 0, RANKS, types[t], &k, &bad), -EBADMSG);
	}
}

/* Char sums never leave 0..127, whatever the rank count (MPI libraries
 * differ on overflow), and every rank contributes to some elements. */
static void test_pattern_sum_char_range(void **state)
{
	static const int counts[] = { 2, 3, 64, 65, 127, 200, 1000 };
	enum { N = 2048 };
	static unsigned char in[N];
	static unsigned sum[N], nonzero[1000];
	struct pattern_key k = { .size_bytes = N, .iteration = 9, .sender = 0, .block = 0 };
	size_t e, i;
	int r, n;

	(void)state;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		n = counts[i];
		memset(sum, 0, sizeof(sum));
		memset(nonzero, 0, sizeof(nonzero));
		for (r = 0; r < n; r++) {
			k.sender = r;
			pattern_fill_elements(in, N, 0, BENCH_DTYPE_CHAR, n, &k);
			for (e = 0; e < N; e++) {
				sum[e] += in[e];
				nonzero[r] += in[e] != 0;
			}
		}
		for (e = 0; e < N; e++)
			if (sum[e] > 127)
				fail_msg("%d ranks: element %zu sums to %u", n, e, sum[e]);
		for (r = 0; r < n; r++)
			if (!nonzero[r])
				fail_msg("%d ranks: rank %d contributes nothing", n, r);
	}
}

/* Different iterations and senders give different vectors. */
static void test_pattern_elements_differ(void **state)
{
	float a[64], b[64];
	struct pattern_key k = { .size_bytes = 256, .iteration = 0, .sender = 0, .block = 0 };

	(void)state;
	pattern_fill_elements(a, 64, 0, BENCH_DTYPE_FLOAT, 2, &k);
	k.iteration = 1;
	pattern_fill_elements(b, 64, 0, BENCH_DTYPE_FLOAT, 2, &k);
	assert_true(memcmp(a, b, sizeof(a)) != 0);
	k.iteration = 0;
	k.sender = 1;
	pattern_fill_elements(b, 64, 0, BENCH_DTYPE_FLOAT, 2, &k);
	assert_true(memcmp(a, b, sizeof(a)) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_bytes_flip_anywhere),
		cmocka_unit_test(test_pattern_bytes_keys_differ),
		cmocka_unit_test(test_pattern_sum),
		cmocka_unit_test(test_pattern_sum_char_range),
		cmocka_unit_test(test_pattern_elements_differ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
