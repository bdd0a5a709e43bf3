#include <errno.h>
#include <string.h>
#include "unit.h"

#include "sizes.h"

static void test_sizes_parse_cases(void **state)
{
	static const struct { const char *text; int ret; uint64_t want; } cases[] = {
		{ "0", 0, 0 },
		{ "8", 0, 8 },
		{ "1K", 0, 1024 },
		{ "64k", 0, 65536 },
		{ "4M", 0, 4194304 },
		{ "1G", 0, 1073741824 },
		{ "4KiB", 0, 4096 },
		{ "4kb", 0, 4096 },
		{ "12B", 0, 12 },
		/* MPI counts are int: 2 GiB would be a negative count. */
		{ "2147483647", 0, UINT64_C(2147483647) },
		{ "2G", -ERANGE, 0 },
		{ "2147483648", -ERANGE, 0 },
		{ "5G", -ERANGE, 0 },
		{ "1024G", -ERANGE, 0 },
		{ "abc", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "4T", -EINVAL, 0 },
		{ "4 K", -EINVAL, 0 },
		{ "1.5M", -EINVAL, 0 },
		{ "99999999999999999999999999", -ERANGE, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 7;
		int ret = sizes_parse(cases[i].text, &v);

		if (ret != cases[i].ret)
			fail_msg("sizes_parse(\"%s\") returned %d, want %d", cases[i].text, ret, cases[i].ret);
		if (ret == 0)
			assert_int_equal(v, cases[i].want);
	}
}

static void test_sizes_parse_range_cases(void **state)
{
	static const struct { const char *text; int ret; uint64_t lo, hi; } cases[] = {
		{ "4M", 0, 1, 4194304 },         /* MAX only: keeps default min */
		{ "8:64K", 0, 8, 65536 },
		{ "128:", 0, 128, 1048576 },     /* MIN only: keeps default max */
		{ "1K:1K", 0, 1024, 1024 },
		{ "4M:1K", -EDOM, 0, 0 },
		{ "10:abc", -EINVAL, 0, 0 },
		{ ":4K", -EINVAL, 0, 0 },
		{ "", -EINVAL, 0, 0 },
		{ "1:2:3", -EINVAL, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t lo = 1, hi = 1048576;
		int ret = sizes_parse_range(cases[i].text, &lo, &hi);

		if (ret != cases[i].ret)
			fail_msg("sizes_parse_range(\"%s\") returned %d, want %d", cases[i].text, ret, cases[i].ret);
		if (ret == 0) {
			assert_int_equal(lo, cases[i].lo);
			assert_int_equal(hi, cases[i].hi);
		} else {
			/* Failure leaves the caller's defaults alone. */
			assert_int_equal(lo, 1);
			assert_int_equal(hi, 1048576);
		}
	}
}

static void test_sizes_format_cases(void **state)
{
	static const struct { uint64_t bytes; const char *want; } cases[] = {
		{ 0, "0" }, { 1, "1" }, { 1000, "1000" }, { 1024, "1K" }, { 1536, "1536" },
		{ 65536, "64K" }, { 4194304, "4M" }, { UINT64_C(1) << 30, "1G" }, { UINT64_C(1) << 40, "1024G" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sizes_format(cases[i].bytes, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_parse_cases),
		cmocka_unit_test(test_sizes_parse_range_cases),
		cmocka_unit_test(test_sizes_format_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
