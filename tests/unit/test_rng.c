#include <errno.h>
#include "unit.h"

#include "bootstrap.h"

static void test_bootstrap_splitmix64_reference(void **state)
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
		assert_true(bootstrap_next(&s) == expect[i]);
}

static void test_bootstrap_index_in_range(void **state)
{
	uint64_t s = BOOTSTRAP_SEED;
	size_t i, hits[3] = { 0 };

	(void)state;
	for (i = 0; i < 3000; i++) {
		size_t k = bootstrap_index(&s, 3);

		assert_true(k < 3);
		hits[k]++;
	}
	for (i = 0; i < 3; i++)
		assert_true(hits[i] > 800 && hits[i] < 1200);
	assert_true(bootstrap_index(&s, 1) == 0);
}

/* Seed 1234567: draws 1-3 are below, below, above 2^63, draws 4-6 below,
 * above, (any). With n = 2 an index is the top bit of the draw. Round 1:
 * num {10, 10} -> 10, den {5} -> ratio 2. Round 2: num {10, 20} -> 15,
 * ratio 3. Type-7 percentiles of {2, 3}: 2.025 and 2.975. */
static void test_bootstrap_hand_computed_rounds(void **state)
{
	const double num[] = { 10, 20 }, den[] = { 5 };
	double r, lo, hi;

	(void)state;
	assert_int_equal(bootstrap_ratio_ci(num, 2, den, 1, 1, 95, 1234567, &r, &lo, &hi), 0);
	assert_near(r, 3, 1e-12);
	assert_near(lo, 2, 1e-12);
	assert_near(hi, 2, 1e-12);
	assert_int_equal(bootstrap_ratio_ci(num, 2, den, 1, 2, 95, 1234567, &r, &lo, &hi), 0);
	assert_near(lo, 2.025, 1e-12);
	assert_near(hi, 2.975, 1e-12);
}

/* Resampled medians of {1, 2} are 1, 1.5, 2 with probability 1/4, 1/2,
 * 1/4: with 2000 rounds the 2.5th percentile is 1 and the 97.5th is 2. */
static void test_bootstrap_enumerable_interval(void **state)
{
	const double num[] = { 1, 2 }, den[] = { 1 };
	const double c2[] = { 2, 2, 2 }, c1[] = { 1, 1 };
	double r, lo, hi, lo2, hi2;

	(void)state;
	assert_int_equal(bootstrap_ratio_ci(num, 2, den, 1, 2000, 95, BOOTSTRAP_SEED, &r, &lo, &hi), 0);
	assert_near(r, 1.5, 1e-12);
	assert_near(lo, 1, 1e-12);
	assert_near(hi, 2, 1e-12);
	/* Same seed, same interval; a narrower confidence cannot be wider. */
	assert_int_equal(bootstrap_ratio_ci(num, 2, den, 1, 2000, 95, BOOTSTRAP_SEED, &r, &lo2, &hi2), 0);
	assert_true(lo == lo2 && hi == hi2);
	assert_int_equal(bootstrap_ratio_ci(num, 2, den, 1, 2000, 20, BOOTSTRAP_SEED, &r, &lo2, &hi2), 0);
	assert_near(lo2, 1.5, 1e-12);
	assert_near(hi2, 1.5, 1e-12);
	/* Constant sides: the interval is the point. */
	assert_int_equal(bootstrap_ratio_ci(c2, 3, c1, 2, 500, 95, BOOTSTRAP_SEED, &r, &lo, &hi), 0);
	assert_near(r, 2, 0);
	assert_near(lo, 2, 0);
	assert_near(hi, 2, 0);
}

static void test_bootstrap_errors(void **state)
{
	const double one[] = { 1 }, zero[] = { 0, 0 };
	double r, lo, hi;

	(void)state;
	assert_int_equal(bootstrap_ratio_ci(one, 0, one, 1, 10, 95, 1, &r, &lo, &hi), -EINVAL);
	assert_int_equal(bootstrap_ratio_ci(one, 1, one, 0, 10, 95, 1, &r, &lo, &hi), -EINVAL);
	assert_int_equal(bootstrap_ratio_ci(one, 1, one, 1, 0, 95, 1, &r, &lo, &hi), -EINVAL);
	assert_int_equal(bootstrap_ratio_ci(one, 1, one, 1, 10, 100, 1, &r, &lo, &hi), -EINVAL);
	assert_int_equal(bootstrap_ratio_ci(one, 1, zero, 2, 10, 95, 1, &r, &lo, &hi), -EDOM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootstrap_splitmix64_reference),
		cmocka_unit_test(test_bootstrap_index_in_range),
		cmocka_unit_test(test_bootstrap_hand_computed_rounds),
		cmocka_unit_test(test_bootstrap_enumerable_interval),
		cmocka_unit_test(test_bootstrap_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
