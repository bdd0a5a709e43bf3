#include <errno.h>
#include <string.h>
#include "unit.h"

#include "run/rng.h"

static void test_rng_splitmix64_reference(void **state)
{
	/* The published splitmix64 sequence for seed 1234567. */
	const uint64_t expect[] = {
		UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
		UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
		UINT64_C(16408922859458223821),
	};
	uint64_t s = 1234567;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_true(rng_next(&s) == expect[i]);
}

static void test_rng_index_in_range(void **state)
{
	uint64_t s = 42;
	size_t i, hits[3] = { 0 };

	(void)state;
	for (i = 0; i < 3000; i++) {
		size_t k = rng_index(&s, 3);

		assert_true(k < 3);
		hits[k]++;
	}
	for (i = 0; i < 3; i++)
		assert_true(hits[i] > 800 && hits[i] < 1200);
	assert_true(rng_index(&s, 1) == 0);
}

static void test_rng_uniform_range(void **state)
{
	uint64_t s = 7;
	double sum = 0, u;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		u = rng_uniform(&s);
		assert_true(u >= 0 && u < 1);
		sum += u;
	}
	assert_near(sum / 10000, 0.5, 0.02);
}

/* Every permutation of 3 items is drawn, about equally often, and a shuffle
 * is a permutation (nothing lost or doubled). */
static void test_rng_shuffle_uniform(void **state)
{
	uint64_t s = 99;
	unsigned counts[6] = { 0 };
	int i, v[3];

	(void)state;
	for (i = 0; i < 6000; i++) {
		v[0] = 0, v[1] = 1, v[2] = 2;
		rng_shuffle(&s, v, 3, sizeof(v[0]));
		assert_int_equal(v[0] + v[1] + v[2], 3);
		assert_true(v[0] != v[1] && v[1] != v[2] && v[0] != v[2]);
		counts[v[0] * 2 + (v[1] > v[2])]++;
	}
	for (i = 0; i < 6; i++)
		assert_true(counts[i] > 850 && counts[i] < 1150);
}

static void test_rng_seed_from_text(void **state)
{
	(void)state;
	/* FNV-1a 64 of "" and of "a" (published test vectors). */
	assert_true(rng_seed_from("") == UINT64_C(0xcbf29ce484222325));
	assert_true(rng_seed_from("a") == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(rng_seed_from("campaign-1") != rng_seed_from("campaign-2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_splitmix64_reference),
		cmocka_unit_test(test_rng_index_in_range),
		cmocka_unit_test(test_rng_uniform_range),
		cmocka_unit_test(test_rng_shuffle_uniform),
		cmocka_unit_test(test_rng_seed_from_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
