#include <errno.h>
#include "unit.h"

#include "stats.h"

static void test_stats_percentiles_hand_computed(void **state)
{
	/* Type-7 percentiles of 1..10: position p/100 * 9. */
	const double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

	(void)state;
	assert_near(stats_percentile_sorted(v, 10, 50), 5.5, 1e-12);
	assert_near(stats_percentile_sorted(v, 10, 90), 9.1, 1e-12);
	assert_near(stats_percentile_sorted(v, 10, 99), 9.91, 1e-12);
	assert_near(stats_percentile_sorted(v, 10, 0), 1, 1e-12);
	assert_near(stats_percentile_sorted(v, 10, 100), 10, 1e-12);
	assert_near(stats_percentile_sorted(v, 1, 73), 1, 1e-12);
	assert_true(isnan(stats_percentile_sorted(v, 0, 50)));
}

static void test_stats_summarize_unsorted(void **state)
{
	const double v[] = { 4, 1, 3, 2, 100 };
	struct stats_summary s;

	(void)state;
	assert_int_equal(stats_summarize(v, 5, &s), 0);
	assert_int_equal(s.n, 5);
	assert_near(s.mean, 22, 1e-12);
	assert_near(s.min, 1, 0);
	assert_near(s.max, 100, 0);
	assert_near(s.median, 3, 1e-12);
	/* sample stddev: sum of squares of deviations = 324+441+361+400+6084 = 7610 */
	assert_near(s.stddev, sqrt(7610.0 / 4.0), 1e-9);
	/* The input is not reordered. */
	assert_near(v[0], 4, 0);
	assert_int_equal(stats_summarize(v, 0, &s), -EINVAL);
}

static void test_stats_median_even_and_single(void **state)
{
	double a[] = { 3, 1 }, b[] = { 7 };
	struct stats_summary s;

	(void)state;
	assert_near(stats_median_inplace(a, 2), 2, 1e-12);
	assert_int_equal(stats_summarize(b, 1, &s), 0);
	assert_near(s.stddev, 0, 0);
	assert_near(s.p99, 7, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_percentiles_hand_computed),
		cmocka_unit_test(test_stats_summarize_unsorted),
		cmocka_unit_test(test_stats_median_even_and_single),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
