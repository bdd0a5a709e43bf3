#include <errno.h>
#include <string.h>
#include "unit.h"

#include "sizes.h"
#include "analyze/thresholds.h"

static void test_thresholds_defaults(void **state)
{
	struct thresholds t = { 0 };
	const struct thresholds_rule *r;
	char err[256];

	(void)state;
	assert_int_equal(thresholds_load_defaults(&t, err, sizeof(err)), 0);
	/* Bandwidth >= 95% of native from 64 KiB, 10% below. */
	r = thresholds_lookup(&t, "bw", "bandwidth", 1 << 20);
	assert_non_null(r);
	assert_near(r->max_overhead_pct, 5, 0);
	r = thresholds_lookup(&t, "bibw", "bandwidth", 64 * 1024);
	assert_near(r->max_overhead_pct, 5, 0);
	r = thresholds_lookup(&t, "bw", "bandwidth", 64 * 1024 - 1);
	assert_near(r->max_overhead_pct, 10, 0);
	/* Latency: 110% + 0.2 us up to 8 KiB inclusive, 110% above. */
	r = thresholds_lookup(&t, "latency", "latency", 8);
	assert_near(r->max_overhead_pct, 10, 0);
	assert_near(r->slack, 0.2, 0);
	r = thresholds_lookup(&t, "latency", "latency", 8192);
	assert_near(r->slack, 0.2, 0);
	r = thresholds_lookup(&t, "multi_lat", "latency", 8193);
	assert_near(r->slack, 0, 0);
	/* Collectives 10%, no slack; message rate falls to the catch-all. */
	r = thresholds_lookup(&t, "allreduce", "latency", 4);
	assert_near(r->max_overhead_pct, 10, 0);
	assert_near(r->slack, 0, 0);
	r = thresholds_lookup(&t, "mbw_mr", "message_rate", 4);
	assert_near(r->max_overhead_pct, 10, 0);
	assert_non_null(strstr(r->source, "built in"));
	/* Fallback signature. */
	assert_near(t.fallback_latency_ratio, 3, 0);
	assert_near(t.fallback_latency_excess, 2, 0);
	assert_near(t.fallback_bandwidth_ratio, 0.5, 0);
	thresholds_free(&t);
}

static void test_thresholds_limits_and_words(void **state)
{
	struct thresholds t = { 0 };
	const struct thresholds_rule *r;
	char err[256], buf[64];

	(void)state;
	assert_int_equal(thresholds_load_defaults(&t, err, sizeof(err)), 0);
	r = thresholds_lookup(&t, "latency", "latency", 8);
	/* 110% of 2 us plus 0.2 us = 2.4 us: ratio 1.2. */
	assert_near(thresholds_limit_ratio(r, 0, 2.0), 1.2, 1e-12);
	thresholds_describe(r, "us", buf, sizeof(buf));
	assert_string_equal(buf, "<= +10% +0.2 us");
	r = thresholds_lookup(&t, "bw", "bandwidth", 1 << 20);
	assert_near(thresholds_limit_ratio(r, 1, 10000), 0.95, 1e-12);
	thresholds_describe(r, "MB/s", buf, sizeof(buf));
	assert_string_equal(buf, "<= +5%");
	thresholds_free(&t);
}

static void test_thresholds_override_last_wins(void **state)
{
	struct thresholds t = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(thresholds_load_defaults(&t, err, sizeof(err)), 0);
	assert_int_equal(thresholds_parse(&t,
		"# site policy\n\nbw bandwidth 1M: 2%   # stricter for big messages\n"
		"coll latency 0:1K 25% 1.5\nfallback bandwidth 0.25\n", "site.conf", err, sizeof(err)), 0);
	assert_near(thresholds_lookup(&t, "bw", "bandwidth", 1 << 20)->max_overhead_pct, 2, 0);
	assert_string_equal(thresholds_lookup(&t, "bw", "bandwidth", 1 << 20)->source, "site.conf:3");
	assert_near(thresholds_lookup(&t, "bw", "bandwidth", 512 * 1024)->max_overhead_pct, 5, 0);
	assert_near(thresholds_lookup(&t, "gather", "latency", 1024)->max_overhead_pct, 25, 0);
	assert_near(thresholds_lookup(&t, "gather", "latency", 1024)->slack, 1.5, 0);
	assert_near(thresholds_lookup(&t, "gather", "latency", 1025)->max_overhead_pct, 10, 0);
	assert_near(t.fallback_bandwidth_ratio, 0.25, 0);
	assert_near(t.fallback_latency_ratio, 3, 0);
	thresholds_free(&t);
}

static void test_thresholds_malformed(void **state)
{
	static const struct { const char *text, *where, *what; } cases[] = {
		{ "bw bandwidth 64K: 5%\nfoo bandwidth 64K: 5%\n", "f.conf:2:", "unknown kernel 'foo'" },
		{ "\n\n* speed * 5%\n", "f.conf:3:", "unknown metric 'speed'" },
		{ "* * 64Q: 5%\n", "f.conf:1:", "bad size range '64Q:'" },
		{ "* * 1M:1K 5%\n", "f.conf:1:", "bad size range" },
		{ "* * * 5\n", "f.conf:1:", "bad overhead '5'" },
		{ "* * * -5%\n", "f.conf:1:", "bad overhead" },
		{ "* * * 5% -1\n", "f.conf:1:", "bad slack '-1'" },
		{ "* * *\n", "f.conf:1:", "got 3 field(s)" },
		{ "* * * 5% 1 extra\n", "f.conf:1:", "got 6 field(s)" },
		{ "fallback latency 0.5 2\n", "f.conf:1:", "fallback latency MIN_RATIO" },
		{ "fallback bandwidth\n", "f.conf:1:", "fallback bandwidth MAX_RATIO" },
		{ "fallback jitter 3\n", "f.conf:1:", "expected 'fallback latency" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct thresholds t = { 0 };
		char err[256] = "";

		assert_int_equal(thresholds_parse(&t, cases[i].text, "f.conf", err, sizeof(err)), -EINVAL);
		if (strncmp(err, cases[i].where, strlen(cases[i].where)) != 0 || !strstr(err, cases[i].what))
			fail_msg("case %zu: '%s' does not start with '%s' and name '%s'", i, err, cases[i].where,
				 cases[i].what);
		assert_null(strchr(err, '\n'));
		thresholds_free(&t);
	}
}

static void test_thresholds_missing_file(void **state)
{
	struct thresholds t = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(thresholds_load_file(&t, "/nonexistent/thr.conf", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/thr.conf"));
	thresholds_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds_defaults),
		cmocka_unit_test(test_thresholds_limits_and_words),
		cmocka_unit_test(test_thresholds_override_last_wins),
		cmocka_unit_test(test_thresholds_malformed),
		cmocka_unit_test(test_thresholds_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
