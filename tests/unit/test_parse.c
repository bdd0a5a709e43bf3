#include <errno.h>
#include "unit.h"

#include "parse.h"

static void test_parse_u64_cases(void **state)
{
	static const struct { const char *text; uint64_t lo, hi; int ret; uint64_t want; } cases[] = {
		{ "0", 0, 10, 0, 0 },
		{ "10", 0, 10, 0, 10 },
		{ "11", 0, 10, -ERANGE, 0 },
		{ "-3", 0, 10, -EINVAL, 0 },
		{ "+3", 0, 10, -EINVAL, 0 },
		{ "", 0, 10, -EINVAL, 0 },
		{ "3x", 0, 10, -EINVAL, 0 },
		{ "abc", 0, 10, -EINVAL, 0 },
		{ "99999999999999999999999", 0, UINT64_MAX, -ERANGE, 0 },
		{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 12345;
		int ret = parse_u64(cases[i].text, cases[i].lo, cases[i].hi, &v);

		assert_int_equal(ret, cases[i].ret);
		if (ret == 0)
			assert_int_equal(v, cases[i].want);
		else
			assert_int_equal(v, 12345);
	}
}

static void test_parse_int_cases(void **state)
{
	int v = 0;

	(void)state;
	assert_int_equal(parse_int("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(parse_int("-3", 0, 5, &v), -ERANGE);
	assert_int_equal(parse_int("1e3", 0, 5000, &v), -EINVAL);
	assert_int_equal(parse_int(NULL, 0, 5, &v), -EINVAL);
	assert_int_equal(parse_int("-", 0, 5, &v), -EINVAL);
}

static void test_parse_double_cases(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(parse_double("0.95", 0, 1, &v), 0);
	assert_true(v == 0.95);
	assert_int_equal(parse_double("1.5", 0, 1, &v), -ERANGE);
	assert_int_equal(parse_double("nan", 0, 1, &v), -EINVAL);
	assert_int_equal(parse_double("0.5x", 0, 1, &v), -EINVAL);
	assert_int_equal(parse_double("", 0, 1, &v), -EINVAL);
}

static void test_parse_duration_cases(void **state)
{
	static const struct { const char *text; int ret; double seconds; } cases[] = {
		{ "50ms", 0, 0.05 }, { "0.2s", 0, 0.2 }, { "2", 0, 2 }, { "5m", 0, 300 }, { "1h", 0, 3600 },
		{ "0", 0, 0 }, { ".5s", 0, 0.5 }, { "1.5m", 0, 90 },
		{ "", -EINVAL, 0 }, { "s", -EINVAL, 0 }, { "-1s", -EINVAL, 0 }, { "5 m", -EINVAL, 0 },
		{ "5min", -EINVAL, 0 }, { "1d", -EINVAL, 0 }, { "nan", -EINVAL, 0 }, { "inf", -EINVAL, 0 },
		{ "2h", -ERANGE, 0 }, { "1e400s", -EINVAL, 0 },
	};
	char buf[32];
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -1;
		if (parse_duration(cases[i].text, 0, 3600, &v) != cases[i].ret)
			fail_msg("'%s': want %d", cases[i].text, cases[i].ret);
		if (cases[i].ret == 0)
			assert_near(v, cases[i].seconds, 1e-12);
		else
			assert_near(v, -1, 0);
	}
	assert_int_equal(parse_duration(NULL, 0, 1, &v), -EINVAL);
	/* Formatted durations read back. */
	parse_format_duration(0.05, buf, sizeof(buf));
	assert_string_equal(buf, "50ms");
	parse_format_duration(300, buf, sizeof(buf));
	assert_string_equal(buf, "300s");
	parse_format_duration(0, buf, sizeof(buf));
	assert_string_equal(buf, "0s");
	assert_int_equal(parse_duration(buf, 0, 10, &v), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64_cases),
		cmocka_unit_test(test_parse_int_cases),
		cmocka_unit_test(test_parse_double_cases),
		cmocka_unit_test(test_parse_duration_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
