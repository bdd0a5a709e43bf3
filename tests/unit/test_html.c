#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "analyze/html.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	html_escape(fp, s);
	fclose(fp);
	return buf;
}

static void test_html_escape(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "a & b", "a &amp; b" },
		{ "\"x\" 'y'", "&quot;x&quot; &#39;y&#39;" },
		{ "bell\a tab\tnl\n", "bell\xef\xbf\xbd tab\tnl\n" },
		{ "caf\xc3\xa9 1\xc2\xb5s", "caf\xc3\xa9 1\xc2\xb5s" },
		{ "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escaped(cases[i].in);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static void test_html_escapef(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	html_escapef(fp, "%s=%d", "<b>", 3);
	fclose(fp);
	assert_string_equal(buf, "&lt;b&gt;=3");
	free(buf);
}

static void test_html_svg_body(void **state)
{
	static const char gnuplot_like[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
		"<svg width=\"600\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
		"<defs><path id='gpPt0' d='M-1,0 h2'/><use xlink:href='#gpPt0' id='gpPt1'/></defs>\n"
		"<text>&lt;script>alert(1)&lt;/script></text></svg>\n";
	static const char *const bad[] = {
		"<svg><script>alert(1)</script></svg>",
		"<svg><SCRIPT>alert(1)</SCRIPT></svg>",
		"<svg onload=\"alert(1)\"></svg>",
		"<svg><g\nonclick = 'x()'></g></svg>",
		"<svg><a href=\"javascript:alert(1)\">x</a></svg>",
		"<svg><image xlink:href='http://example.org/x.png'/></svg>",
		"<svg><foreignObject><div>x</div></foreignObject></svg>",
		"<!DOCTYPE svg [<!ENTITY x 'y'>]><svg>&x;</svg>",
		"no svg here",
	};
	const char *body;
	size_t i;

	(void)state;
	body = html_svg_body(gnuplot_like);
	assert_non_null(body);
	assert_true(strncmp(body, "<svg ", 5) == 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (html_svg_body(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	/* Words that merely start with "on" in text are fine. */
	assert_non_null(html_svg_body("<svg><text> only one</text></svg>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_escapef),
		cmocka_unit_test(test_html_svg_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
