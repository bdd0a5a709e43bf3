#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "analyze/export.h"

#define FFFD "\xef\xbf\xbd"

/* Text for XML 1.0 and JSON: valid UTF-8 and tab, line feed, carriage
 * return kept; every other control character and every byte that is not
 * part of valid UTF-8 (stray continuation, truncated sequence, overlong
 * form, surrogate, beyond U+10FFFF, U+FFFE) becomes U+FFFD. */
static void test_export_clean_text(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "tcp<&\"'>", "tcp<&\"'>" },
		{ "caf\xc3\xa9 1\xc2\xb5s \xe2\x88\x9e \xf0\x9f\x99\x82", "caf\xc3\xa9 1\xc2\xb5s \xe2\x88\x9e \xf0\x9f\x99\x82" },
		{ "tab\tnl\ncr\r", "tab\tnl\ncr\r" },
		{ "bell\a esc\x1b del\x7f", "bell" FFFD " esc" FFFD " del" FFFD },
		{ "latin1 \xe9t\xe9", "latin1 " FFFD "t" FFFD },
		{ "stray \x80 end", "stray " FFFD " end" },
		{ "cut \xe2\x88", "cut " FFFD FFFD },
		{ "overlong \xc0\xaf \xe0\x80\xaf", "overlong " FFFD FFFD " " FFFD FFFD FFFD },
		{ "surrogate \xed\xa0\x80", "surrogate " FFFD FFFD FFFD },
		{ "beyond \xf4\x90\x80\x80", "beyond " FFFD FFFD FFFD FFFD },
		{ "nonchar \xef\xbf\xbe", "nonchar " FFFD FFFD FFFD },
		{ "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = export_clean_text(cases[i].in);

		assert_non_null(got);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
	{
		char *got = export_clean_text(NULL);

		assert_string_equal(got, "");
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_clean_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
