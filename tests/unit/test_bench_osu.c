#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "osu.h"

#define MAXARGS 32

/* Parse "NAME ARGS..." as if parity-bench had been called NAME. */
static int parse(const char *line, struct bench_options *o, char *err, size_t errlen, char *note)
{
	static char store[512];
	static char *argv[MAXARGS];
	const struct osu_name *n;
	char *tok, *save = NULL;
	int argc = 0;

	snprintf(store, sizeof(store), "%s", line);
	for (tok = strtok_r(store, " ", &save); tok && argc < MAXARGS - 1; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	n = osu_find(argv[0]);
	if (!n)
		fail_msg("'%s' is not an OSU name", argv[0]);
	err[0] = '\0';
	return osu_parse(n, argc, argv, o, err, errlen, note, 256);
}

/* Every program of the list is found, by bare name or path, and
 * maps to the kernel of the same name; other names are not OSU programs. */
static void test_osu_names(void **state)
{
	static const char *const names[] = {
		"osu_latency", "osu_bw", "osu_bibw", "osu_mbw_mr", "osu_multi_lat", "osu_allreduce",
		"osu_bcast", "osu_reduce", "osu_allgather", "osu_alltoall", "osu_gather", "osu_scatter",
		"osu_reduce_scatter", "osu_barrier",
	};
	const struct osu_name *n;
	char path[64];
	size_t i;

	(void)state;
	assert_int_equal(osu_count(), sizeof(names) / sizeof(names[0]));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = osu_find(names[i]);
		assert_non_null(n);
		assert_string_equal(kernels_at((size_t)n->kernel)->name, names[i] + 4);
		snprintf(path, sizeof(path), "/usr/local/bin/%s", names[i]);
		assert_ptr_equal(osu_find(path), n);
		assert_ptr_equal(osu_of_kernel(n->kernel), n);
		assert_ptr_equal(osu_at(i), n);
	}
	assert_null(osu_find("parity-bench"));
	assert_null(osu_find("/usr/bin/parity-bench"));
	assert_null(osu_find("osu_bw2"));
	assert_null(osu_find("osu_latency_mt"));
	assert_null(osu_at(osu_count()));
}

/* OMB's grammar, as ReFrame and site scripts write it, is accepted and means
 * what it means in OMB. */
static void test_osu_accepts(void **state)
{
	struct bench_options o;
	char err[512], note[256];
	size_t it, warm;

	(void)state;
	/* ReFrame hpctestlib (2024): -m SIZE -x 10 -i 1000 -c [H H]. */
	assert_int_equal(parse("osu_bw -m 4194304 -x 10 -i 1000 -c H H", &o, err, sizeof(err), note), 0);
	assert_string_equal(o.kernel->name, "bw");
	assert_int_equal(o.min_bytes, 1);
	assert_int_equal(o.max_bytes, 4194304);
	bench_options_iterations(&o, 4194304, &it, &warm);
	assert_int_equal(it, 1000);
	assert_int_equal(warm, 10);
	assert_true(o.validate);
	assert_string_equal(note, "");
	assert_int_equal(parse("osu_allreduce -m 8 -x 10 -i 1000 -c", &o, err, sizeof(err), note), 0);
	assert_string_equal(o.kernel->name, "allreduce");
	assert_int_equal(o.max_bytes, 8);
	/* Defaults are OMB's: MPI_CHAR, window 64, every iteration timed. */
	assert_int_equal(parse("osu_latency", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.ndtypes, 1);
	assert_int_equal(o.dtypes[0], BENCH_DTYPE_CHAR);
	assert_int_equal(o.batch, 1);
	assert_int_equal(o.max_bytes, 1 << 22);
	/* -T as in OMB, repeated or all; long spellings. */
	assert_int_equal(parse("osu_reduce -T mpi_int -T MPI_FLOAT", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.ndtypes, 2);
	assert_int_equal(o.dtypes[0], BENCH_DTYPE_INT);
	assert_int_equal(o.dtypes[1], BENCH_DTYPE_FLOAT);
	assert_int_equal(parse("osu_bw --type=all --message-size=1:64 --window-size=8 --iterations=5 --warmup=1", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.ndtypes, 3);
	assert_int_equal(o.window, 8);
	assert_int_equal(o.max_bytes, 64);
	/* OMB's "-m :MAX" and "MIN:". */
	assert_int_equal(parse("osu_latency -m :128", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.min_bytes, 0);
	assert_int_equal(o.max_bytes, 128);
	assert_int_equal(parse("osu_allgather -m 64:", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.min_bytes, 64);
	assert_int_equal(o.max_bytes, 1 << 20);
	/* -f on the collectives; -z attached; tail percentiles. */
	assert_int_equal(parse("osu_alltoall -f -z50,99", &o, err, sizeof(err), note), 0);
	assert_true(o.full);
	assert_int_equal(o.npercentiles, 2);
	assert_int_equal(o.percentiles[1], 99);
	assert_int_equal(parse("osu_barrier -f -z", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.npercentiles, 3);
	/* Options with no effect here, as in OMB's CPU build. */
	assert_int_equal(parse("osu_bw -b single -u 3 -t 4 H H", &o, err, sizeof(err), note), 0);
	assert_int_equal(parse("osu_mbw_mr -p 1 -W 16", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.window, 16);
	/* osu_mbw_mr's getopt string has no '+': options may follow H H. */
	assert_int_equal(parse("osu_mbw_mr H H -m 8", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.max_bytes, 8);
	/* parity-bench's own options pass through. */
	assert_int_equal(parse("osu_bw -m 8 --csv=out.csv --bind=none --provenance p.csv H H", &o, err, sizeof(err), note), 0);
	assert_string_equal(o.csv_path, "out.csv");
	assert_string_equal(o.prov_path, "p.csv");
	assert_int_equal(o.bind, BENCH_BIND_NONE);
	/* -h and -v. */
	assert_int_equal(parse("osu_bw -h", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.action, BENCH_ACTION_HELP);
	assert_int_equal(parse("osu_gather --version", &o, err, sizeof(err), note), 0);
	assert_int_equal(o.action, BENCH_ACTION_VERSION);
}

/* What OMB 7.4 refuses for a program, and what parity cannot honour, fails
 * with one line naming the program and the problem. */
static void test_osu_refuses(void **state)
{
	static const struct { const char *line; const char *names; } cases[] = {
		{ "osu_bw -f", "invalid option -f" },              /* not in OMB's osu_bw */
		{ "osu_latency -W 8", "invalid option -W" },
		{ "osu_barrier -T MPI_INT", "invalid option -T" },
		{ "osu_bw --full", "--full" },
		{ "osu_bw -m", "needs an argument" },
		{ "osu_bw D D", "accelerator-aware" },
		{ "osu_latency -m 8 MD MH", "'MD MH'" },
		{ "osu_bw H D", "accelerator-aware" },
		{ "osu_bw -d cuda H H", "-d" },
		{ "osu_bw H", "unexpected argument 'H'" },
		{ "osu_bw H H H", "unexpected argument" },
		{ "osu_bw X Y", "unexpected argument 'X'" },
		{ "osu_bw H H -m 8", "unexpected argument" },       /* '+': options end at H */
		{ "osu_allreduce -G png", "graph" },
		{ "osu_bw -D cont", "derived datatypes" },
		{ "osu_bw -P cycles", "PAPI" },
		{ "osu_allreduce -l", "MPI_IN_PLACE" },
		{ "osu_gather -k rotate", "root" },
		{ "osu_bw -b multiple", "-b multiple" },
		{ "osu_bw -clog:dir", "logging" },
		{ "osu_mbw_mr -V", "varied window" },
		{ "osu_bw -T MPI_DOUBLE", "MPI_DOUBLE" },
		{ "osu_bw -T all -T MPI_INT", "at most 3" },
		{ "osu_bw -i 0", "-i 0" },
		{ "osu_bw -m 4M:1K", "4M:1K" },
		{ "osu_bw --frobnicate", "--frobnicate" },
	};
	struct bench_options o;
	char err[512], note[256];
	size_t i;
	const char *space;

	(void)state;
	unsetenv(OSU_DEVICE_AS_HOST_ENV);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = parse(cases[i].line, &o, err, sizeof(err), note);

		if (ret != -EINVAL)
			fail_msg("'%s' returned %d, want -EINVAL", cases[i].line, ret);
		if (!strstr(err, cases[i].names))
			fail_msg("'%s': message '%s' does not name '%s'", cases[i].line, err, cases[i].names);
		space = strchr(cases[i].line, ' ');
		if (strncmp(err, cases[i].line, (size_t)(space - cases[i].line)) != 0)
			fail_msg("'%s': message '%s' does not start with the program name", cases[i].line, err);
		if (strchr(err, '\n'))
			fail_msg("'%s': message is not one line", cases[i].line);
	}
}

/* PARITY_OSU_DEVICE_AS_HOST=1 measures a trailing "D D" with host buffers
 * and says so; -d stays refused. */
static void test_osu_device_as_host(void **state)
{
	struct bench_options o;
	char err[512], note[256];

	(void)state;
	setenv(OSU_DEVICE_AS_HOST_ENV, "1", 1);
	assert_int_equal(parse("osu_latency -m 8 -x 10 -i 1000 -c D D", &o, err, sizeof(err), note), 0);
	assert_non_null(strstr(note, "'D D' measured with host buffers"));
	assert_int_equal(parse("osu_bw -d cuda D D", &o, err, sizeof(err), note), -EINVAL);
	assert_int_equal(parse("osu_bw H H", &o, err, sizeof(err), note), 0);
	assert_string_equal(note, "");
	setenv(OSU_DEVICE_AS_HOST_ENV, "0", 1);
	assert_int_equal(parse("osu_bw D D", &o, err, sizeof(err), note), -EINVAL);
	unsetenv(OSU_DEVICE_AS_HOST_ENV);
}

/* OMB 7.4's title lines, byte for byte (captured from OMB 7.4's own output,
 * as tests/golden/osu/ are). */
static void test_osu_titles(void **state)
{
	static const struct { const char *name; const char *want; } cases[] = {
		{ "osu_bw", "\n# OSU MPI Bandwidth Test v7.4\n" },
		{ "osu_bibw", "\n# OSU MPI Bi-Directional Bandwidth Test v7.4\n" },
		{ "osu_latency", "\n# OSU MPI Latency Test v7.4\n" },
		{ "osu_multi_lat", "\n# OSU MPI Multi Latency Test v7.4\n" },
		{ "osu_mbw_mr", "# OSU MPI Multiple Bandwidth / Message Rate Test v7.4\n# [ pairs: 3 ] [ window size: 16 ]\n" },
		{ "osu_allreduce", "\n# OSU MPI Allreduce Latency Test v7.4\n" },
		{ "osu_alltoall", "\n# OSU MPI All-to-All Personalized Exchange Latency Test v7.4\n" },
		{ "osu_reduce_scatter", "\n# OSU MPI Reduce_scatter Latency Test v7.4\n" },
		{ "osu_barrier", "\n# OSU MPI Barrier Latency Test v7.4\n" },
	};
	char buf[256];
	size_t i, len;
	FILE *fp;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fp = fmemopen(buf, sizeof(buf), "w");
		assert_non_null(fp);
		osu_print_title(fp, osu_find(cases[i].name), 3, 16);
		len = (size_t)ftell(fp);
		fclose(fp);
		buf[len] = '\0';
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osu_names),
		cmocka_unit_test(test_osu_accepts),
		cmocka_unit_test(test_osu_refuses),
		cmocka_unit_test(test_osu_device_as_host),
		cmocka_unit_test(test_osu_titles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
