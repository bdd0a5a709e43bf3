/* Unit tests for harness/vercmp: version ordering. */
#include "unit.h"

#include "bind/vercmp.h"

static void test_vercmp_table(void **state)
{
	static const struct { const char *a, *b; int want; } cases[] = {
		{ "GLIBC_2.34", "GLIBC_2.36", -1 },
		{ "GLIBC_2.36", "GLIBC_2.34", 1 },
		{ "GLIBC_2.2.5", "GLIBC_2.14", -1 },   /* numeric, not text: 2 < 14 */
		{ "GLIBC_2.17", "GLIBC_2.17", 0 },
		{ "4.0.2", "4.1", -1 },
		{ "4.1", "4.0.2", 1 },
		{ "4.1", "4.1.0", 0 },
		{ "4.1.0.0", "4.1", 0 },
		{ "4.1.1", "4.1", 1 },
		{ "4.10", "4.9", 1 },
		{ "3.1.6", "4.0.0", -1 },
		{ "4.0.2", "4.0.2", 0 },
		{ "007", "7", 0 },
		{ "4.1.rc1", "4.1.1", -1 },            /* a release beats a tag at the same place */
		{ "1.2a", "1.2b", -1 },
		{ "", "0", 0 },
		{ "", "1", -1 },
		{ "12345678901234567890", "12345678901234567891", -1 }, /* beyond 64 bits */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = vercmp_compare(cases[i].a, cases[i].b);

		got = (got > 0) - (got < 0);
		if (got != cases[i].want)
			fail_msg("vercmp_compare(\"%s\", \"%s\") = %d, expected %d", cases[i].a, cases[i].b, got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vercmp_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
