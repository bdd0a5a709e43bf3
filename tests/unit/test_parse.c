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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64_cases),
		cmocka_unit_test(test_parse_int_cases),
		cmocka_unit_test(test_parse_double_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
