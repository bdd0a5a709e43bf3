#include <errno.h>
#include <string.h>
#include "unit.h"

#include "validate.h"

static const size_t lens[] = { 1, 3, 4, 7, 8, 9, 63, 64, 65, 1000, 4096 };

/* One flipped bit in any byte of any length is caught, at that offset. */
static void test_validate_bytes_flip_anywhere(void **state)
{
	unsigned char buf[4096];
	struct validate_key k = { .size_bytes = 0, .iteration = 7, .sender = 1, .block = 0 };
	size_t i, off, bad;
	int bit;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		k.size_bytes = lens[i];
		validate_fill_bytes(buf, lens[i], &k);
		assert_int_equal(validate_check_bytes(buf, lens[i], &k, &bad), 0);
		for (off = 0; off < lens[i]; off++) {
			for (bit = 0; bit < 8; bit += 7) {
				buf[off] ^= (unsigned char)(1u << bit);
				bad = (size_t)-1;
				if (validate_check_bytes(buf, lens[i], &k, &bad) != -EBADMSG)
					fail_msg("len %zu: flip of bit %d at %zu not caught", lens[i], bit, off);
				assert_int_equal(bad, off);
				buf[off] ^= (unsigned char)(1u << bit);
			}
		}
	}
}

/* Patterns differ by size, iteration, sender and block: data of the wrong
 * iteration or sender fails the check. */
static void test_validate_bytes_keys_differ(void **state)
{
	unsigned char a[256], b[256];
	struct validate_key base = { .size_bytes = 256, .iteration = 3, .sender = 0, .block = 0 };
	struct validate_key other[4];
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		other[i] = base;
	other[0].size_bytes = 512;
	other[1].iteration = 4;
	other[2].sender = 1;
	other[3].block = 1;
	validate_fill_bytes(a, sizeof(a), &base);
	for (i = 0; i < 4; i++) {
		validate_fill_bytes(b, sizeof(b), &other[i]);
		if (memcmp(a, b, sizeof(a)) == 0)
			fail_msg("key variant %zu gives the same pattern", i);
		assert_int_equal(validate_check_bytes(b, sizeof(b), &base, NULL), -EBADMSG);
	}
	/* A zeroed (never delivered) buffer fails too. */
	memset(b, 0, sizeof(b));
	assert_int_equal(validate_check_bytes(b, sizeof(b), &base, NULL), -EBADMSG);
}

/* Sums of the float patterns are exact; any flipped byte (even the sign of a
 * zero) is caught; a missing contribution is caught. */
static void test_validate_sum(void **state)
{
	enum { N = 300, RANKS = 3 };
	float in[RANKS][N], sum[N];
	struct validate_key k = { .size_bytes = N * 4, .iteration = 2, .sender = 0, .block = 0 };
	size_t e, bad;
	int r, byte;

	(void)state;
	for (r = 0; r < RANKS; r++) {
		k.sender = r;
		validate_fill_floats(in[r], N, 0, &k);
	}
	for (e = 0; e < N; e++)
		sum[e] = in[2][e] + in[0][e] + in[1][e];     /* any order: exact */
	assert_int_equal(validate_check_sum(sum, N, 0, RANKS, &k, &bad), 0);
	/* A slice starting at element 100 (reduce_scatter) checks too. */
	assert_int_equal(validate_check_sum(sum + 100, 50, 100, RANKS, &k, &bad), 0);
	assert_int_equal(validate_check_sum(sum + 100, 50, 101, RANKS, &k, &bad), -EBADMSG);
	for (e = 0; e < N; e += 37) {
		for (byte = 0; byte < 4; byte++) {
			((unsigned char *)&sum[e])[byte] ^= 0x80;
			if (validate_check_sum(sum, N, 0, RANKS, &k, &bad) != -EBADMSG)
				fail_msg("flip in byte %d of element %zu not caught", byte, e);
			assert_int_equal(bad, e * 4 + (size_t)byte);
			((unsigned char *)&sum[e])[byte] ^= 0x80;
		}
	}
	for (e = 0; e < N; e++)
		sum[e] = in[0][e] + in[1][e];
	assert_int_equal(validate_check_sum(sum, N, 0, RANKS, &k, &bad), -EBADMSG);
}

/* Different iterations give different float vectors. */
static void test_validate_floats_differ(void **state)
{
	float a[64], b[64];
	struct validate_key k = { .size_bytes = 256, .iteration = 0, .sender = 0, .block = 0 };

	(void)state;
	validate_fill_floats(a, 64, 0, &k);
	k.iteration = 1;
	validate_fill_floats(b, 64, 0, &k);
	assert_true(memcmp(a, b, sizeof(a)) != 0);
	k.iteration = 0;
	k.sender = 1;
	validate_fill_floats(b, 64, 0, &k);
	assert_true(memcmp(a, b, sizeof(a)) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_bytes_flip_anywhere),
		cmocka_unit_test(test_validate_bytes_keys_differ),
		cmocka_unit_test(test_validate_sum),
		cmocka_unit_test(test_validate_floats_differ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
