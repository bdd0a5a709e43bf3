#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "unit.h"

#include "options.h"

#define MAXARGS 32

/* Split a command line on spaces into argv (argv[0] = "parity-bench"). */
static int split(const char *line, char *store, size_t storelen, char **argv)
{
	int argc = 0;
	char *tok, *save = NULL;

	snprintf(store, storelen, "parity-bench %s", line);
	for (tok = strtok_r(store, " ", &save); tok && argc < MAXARGS - 1; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

static int parse(const char *line, struct bench_options *o, char *err, size_t errlen)
{
	static char store[512];
	static char *argv[MAXARGS];
	int argc = split(line, store, sizeof(store), argv);

	err[0] = '\0';
	return bench_options_parse(argc, argv, o, err, errlen);
}

/* Every bad input fails with -EINVAL and a message naming the problem. */
static void test_bench_options_bad(void **state)
{
	static const struct { const char *line; const char *names; } cases[] = {
		{ "latency -m 10:abc", "10:abc" },
		{ "latency -m 4M:1K", "4M:1K" },
		{ "latency -m :4K", ":4K" },
		{ "latency -m 2T", "2T" },
		{ "latency -i -3", "-3" },
		{ "latency -i 0", "-i 0" },
		{ "latency -i 12x", "12x" },
		{ "latency -x -1", "-x -1" },
		{ "bw -W 0", "-W 0" },
		{ "bw -W 5000", "-W 5000" },
		{ "bw -W abc", "abc" },
		{ "nosuchkernel", "nosuchkernel" },
		{ "", "no kernel" },
		{ "latency extra", "extra" },
		{ "latency -q", "-q" },
		{ "latency --frobnicate", "--frobnicate" },
		{ "latency -m", "-m" },
		{ "latency -z101", "101" },
		{ "latency -z50,,90", "50,,90" },
		{ "latency -z1,2,3,4,5,6", "1,2,3,4,5,6" },
		{ "latency -zabc", "abc" },
		{ "latency --bind=socket", "socket" },
		{ "latency --validate-inject=3", "-c" },
		{ "latency -c --validate-inject=x", "x" },
		{ "latency --csv", "--csv" },
		{ "latency --batch=0", "--batch=0" },
		{ "latency --batch=many", "many" },
		{ "latency --min-time=fast", "--min-time=fast: duration not a number" },
		{ "latency --min-time=2d", "--min-time=2d" },
		{ "latency --min-time=-1", "--min-time=-1" },
		{ "latency --min-time=2h", "--min-time=2h: duration out of range" },
		{ "latency -T MPI_DOUBLE", "MPI_DOUBLE" },
		{ "latency -T", "-T" },
		{ "allreduce -T all -T MPI_INT", "at most 3" },
		{ "barrier -T MPI_INT", "barrier" },
		/* MPI counts are int: a 2 GiB message would be a negative count. */
		{ "bw -m 5G", "at most 2147483647 bytes" },
		{ "bw -m 2G", "-m 2G: message size range is too large" },
		{ "bw -m 1:2147483648", "too large" },
		{ "bw -m 0", "-m 0: bw starts at 1 byte(s)" },
		{ "bw --check=0", "--check=0" },
		{ "bw --check=x", "--check=x" },
	};
	struct bench_options o;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = parse(cases[i].line, &o, err, sizeof(err));

		if (ret != -EINVAL)
			fail_msg("'%s' returned %d, want -EINVAL", cases[i].line, ret);
		if (!strstr(err, cases[i].names))
			fail_msg("'%s': message '%s' does not name '%s'", cases[i].line, err, cases[i].names);
		if (strchr(err, '\n'))
			fail_msg("'%s': message is not one line", cases[i].line);
	}
}

/* -m MIN: goes up to the kernel's default maximum, as --sizes MIN: does;
 * 1G is the largest power of two an int count holds; --check=N is parsed. */
static void test_bench_options_limits(void **state)
{
	struct bench_options o;
	char err[256];

	(void)state;
	assert_int_equal(parse("latency -m 1:", &o, err, sizeof(err)), 0);
	assert_int_equal(o.min_bytes, 1);
	assert_int_equal(o.max_bytes, 1 << 22);
	assert_int_equal(parse("bw -m 1G", &o, err, sizeof(err)), 0);
	assert_int_equal(o.max_bytes, 1 << 30);
	assert_int_equal(parse("latency -m 0", &o, err, sizeof(err)), 0);
	assert_int_equal(o.max_bytes, 0);
	assert_int_equal(parse("bw --check=3 -W 8", &o, err, sizeof(err)), 0);
	assert_int_equal(o.check_ranks, 3);
	assert_int_equal(o.window, 8);
}

/* OSU 7.x defaults per kernel family (osu_util.h). */
static void test_bench_options_defaults(void **state)
{
	static const struct {
		const char *kernel;
		size_t it, warm, it_large, warm_large;
		uint64_t min, max;
	} cases[] = {
		{ "latency", 10000, 100, 1000, 10, 0, 1 << 22 },
		{ "multi_lat", 10000, 100, 1000, 10, 0, 1 << 22 },
		{ "bw", 100, 10, 20, 2, 1, 1 << 22 },
		{ "bibw", 100, 10, 20, 2, 1, 1 << 22 },
		{ "mbw_mr", 100, 10, 20, 2, 1, 1 << 22 },
		{ "allreduce", 1000, 100, 100, 10, 1, 1 << 20 },
		{ "barrier", 1000, 100, 100, 10, 1, 1 << 20 },
		{ "alltoall", 1000, 100, 100, 10, 1, 1 << 20 },
	};
	struct bench_options o;
	char err[256];
	size_t i, it, warm;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].kernel, &o, err, sizeof(err)), 0);
		assert_string_equal(o.kernel->name, cases[i].kernel);
		bench_options_iterations(&o, 8192, &it, &warm);   /* 8 KiB is still small */
		assert_int_equal(it, cases[i].it);
		assert_int_equal(warm, cases[i].warm);
		bench_options_iterations(&o, 8193, &it, &warm);
		assert_int_equal(it, cases[i].it_large);
		assert_int_equal(warm, cases[i].warm_large);
		assert_int_equal(o.min_bytes, cases[i].min);
		assert_int_equal(o.max_bytes, cases[i].max);
		assert_int_equal(o.window, 64);
		assert_int_equal(o.bind, BENCH_BIND_CORE);
		/* OMB 7.4: MPI_CHAR, every iteration timed alone. */
		assert_int_equal(o.ndtypes, 1);
		assert_int_equal(o.dtypes[0], BENCH_DTYPE_CHAR);
		assert_int_equal(o.batch, 1);
		assert_int_equal(o.npercentiles, 0);
		assert_int_equal(o.validate, 0);
		assert_true(o.validate_inject < 0);
		assert_null(o.csv_path);
	}
}

static void test_bench_options_values(void **state)
{
	struct bench_options o;
	char err[256];
	size_t it, warm;

	(void)state;
	/* -i and -x apply to every size, as OSU's set_num_iterations does. */
	assert_int_equal(parse("latency -m 8:64K -i 20 -x 2 -W 8 -f -c --csv=- --provenance=p.csv --samples=s.csv --bind=none --cache-cold --validate-inject=3", &o, err, sizeof(err)), 0);
	assert_int_equal(o.min_bytes, 8);
	assert_int_equal(o.max_bytes, 65536);
	bench_options_iterations(&o, 1 << 20, &it, &warm);
	assert_int_equal(it, 20);
	assert_int_equal(warm, 2);
	assert_int_equal(o.window, 8);
	assert_true(o.full && o.validate && o.cache_cold);
	assert_string_equal(o.csv_path, "-");
	assert_string_equal(o.prov_path, "p.csv");
	assert_string_equal(o.samples_path, "s.csv");
	assert_int_equal(o.bind, BENCH_BIND_NONE);
	assert_int_equal(o.validate_inject, 3);
	/* A bare MAX keeps the kernel's minimum; MIN: keeps its maximum. */
	assert_int_equal(parse("bw -m 4K", &o, err, sizeof(err)), 0);
	assert_int_equal(o.min_bytes, 1);
	assert_int_equal(o.max_bytes, 4096);
	assert_int_equal(parse("allreduce -m 1K:", &o, err, sizeof(err)), 0);
	assert_int_equal(o.min_bytes, 1024);
	assert_int_equal(o.max_bytes, 1 << 20);
	assert_int_equal(o.batch, 1);
	assert_int_equal(parse("latency --batch=auto", &o, err, sizeof(err)), 0);
	assert_int_equal(o.batch, 0);
	assert_int_equal(parse("latency --batch=7", &o, err, sizeof(err)), 0);
	assert_int_equal(o.batch, 7);
	assert_int_equal(parse("latency --batch=7 --batch=auto", &o, err, sizeof(err)), 0);
	assert_int_equal(o.batch, 0);
	/* --min-time: off by default (OSU's counts), durations with units. */
	assert_near(o.min_time_s, 0, 0);
	assert_int_equal(parse("latency --min-time=50ms", &o, err, sizeof(err)), 0);
	assert_near(o.min_time_s, 0.05, 1e-12);
	assert_int_equal(parse("latency --min-time=0.2", &o, err, sizeof(err)), 0);
	assert_near(o.min_time_s, 0.2, 1e-12);
	assert_int_equal(parse("latency --min-time=1m", &o, err, sizeof(err)), 0);
	assert_near(o.min_time_s, 60, 1e-12);
	assert_int_equal(parse("latency --min-time=0", &o, err, sizeof(err)), 0);
	assert_near(o.min_time_s, 0, 0);
	/* OSU times every iteration; --min-time batches unless --batch says. */
	assert_int_equal(o.batch, 1);
	assert_int_equal(parse("latency --min-time=50ms", &o, err, sizeof(err)), 0);
	assert_int_equal(o.batch, 0);
	assert_false(o.batch_set);
	assert_int_equal(parse("latency --batch=1 --min-time=50ms", &o, err, sizeof(err)), 0);
	assert_int_equal(o.batch, 1);
	assert_true(o.batch_set);
	/* -T as in OMB: case-insensitive, repeated, or all three in OMB's order. */
	assert_int_equal(parse("allreduce -T mpi_float -T MPI_INT", &o, err, sizeof(err)), 0);
	assert_int_equal(o.ndtypes, 2);
	assert_int_equal(o.dtypes[0], BENCH_DTYPE_FLOAT);
	assert_int_equal(o.dtypes[1], BENCH_DTYPE_INT);
	assert_int_equal(parse("bw --type=all", &o, err, sizeof(err)), 0);
	assert_int_equal(o.ndtypes, 3);
	assert_int_equal(o.dtypes[0], BENCH_DTYPE_CHAR);
	assert_int_equal(o.dtypes[1], BENCH_DTYPE_INT);
	assert_int_equal(o.dtypes[2], BENCH_DTYPE_FLOAT);
	/* Options may come before the kernel. */
	assert_int_equal(parse("-i 5 bibw", &o, err, sizeof(err)), 0);
	assert_string_equal(o.kernel->name, "bibw");
}

/* -z takes its value only when attached: it never swallows the next word. */
static void test_bench_options_percentiles(void **state)
{
	static const struct { const char *line; int n; int p[5]; } cases[] = {
		{ "latency -z", 3, { 50, 90, 99 } },
		{ "-z latency", 3, { 50, 90, 99 } },
		{ "latency -z99", 1, { 99 } },
		{ "latency -z50,95,99,99,100", 5, { 50, 95, 99, 99, 100 } },
		{ "latency --tail-lat=0,10", 2, { 0, 10 } },
		{ "latency -fz -i 3", 3, { 50, 90, 99 } },
	};
	struct bench_options o;
	char err[256];
	size_t i;
	int j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].line, &o, err, sizeof(err)) != 0)
			fail_msg("'%s' failed: %s", cases[i].line, err);
		assert_string_equal(o.kernel->name, "latency");
		assert_int_equal(o.npercentiles, cases[i].n);
		for (j = 0; j < cases[i].n; j++)
			assert_int_equal(o.percentiles[j], cases[i].p[j]);
	}
}

static void test_bench_options_actions(void **state)
{
	struct bench_options o;
	char err[256];

	(void)state;
	assert_int_equal(parse("-h", &o, err, sizeof(err)), 0);
	assert_int_equal(o.action, BENCH_ACTION_HELP);
	assert_int_equal(parse("-v", &o, err, sizeof(err)), 0);
	assert_int_equal(o.action, BENCH_ACTION_VERSION);
	assert_int_equal(parse("--list", &o, err, sizeof(err)), 0);
	assert_int_equal(o.action, BENCH_ACTION_LIST);
	assert_int_equal(parse("latency", &o, err, sizeof(err)), 0);
	assert_int_equal(o.action, BENCH_ACTION_RUN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bench_options_bad),
		cmocka_unit_test(test_bench_options_limits),
		cmocka_unit_test(test_bench_options_defaults),
		cmocka_unit_test(test_bench_options_values),
		cmocka_unit_test(test_bench_options_percentiles),
		cmocka_unit_test(test_bench_options_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
