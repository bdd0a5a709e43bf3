#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "bootstrap.h"
#include "campaign.h"
#include "compare.h"
#include "schema.h"
#include "thresholds.h"

/* A campaign folder in /tmp with a runs.csv built row by row. */
struct fixture {
	char dir[64];
	FILE *fp;
	unsigned run;
};

static void fx_open(struct fixture *fx, const char *schema)
{
	size_t c;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parity-test-compare.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/runs.csv", fx->dir);
		fx->fp = fopen(path, "w");
		assert_non_null(fx->fp);
	}
	for (c = 0; c < schema_runs.ncolumns; c++)
		fprintf(fx->fp, "%s%s", c ? "," : "", schema_runs.columns[c]);
	fputc('\n', fx->fp);
	fx->run = 0;
	(void)schema;
}

/* One run of one point with the given placement and rank count. */
static void fx_row_placed(struct fixture *fx, const char *placement, unsigned ranks, const char *mode,
			  unsigned rep, const char *kernel, const char *size, const char *metric,
			  const char *median, const char *status)
{
	const char *unit = strcmp(metric, "bandwidth") == 0 ? "MB/s" : "us";
	unsigned run = fx->run++;

	/* schema,campaign,run_id,repetition,start_time,mode,runtime,image,image_sha256,launcher,
	 * placement,nodes,ranks,ranks_per_node,mpi_family,libmpi_path,libmpi_dev_ino,mpi_version,
	 * transport,kernel,size_bytes,iterations,metric,unit,avg,min,max,median,p99,status,wall_s,log_file */
	fprintf(fx->fp, "parity-runs/1.0,t,r%u,%u,2026-01-01T00:00:00Z,%s,charliecloud,img,abc,mpiexec,%s,1,%u,%u,mpich,"
			"/usr/lib/libmpich.so.12,1:2,4.0.2,shm,%s,%s,100,%s,%s,%s,%s,%s,%s,%s,%s,1.0,logs/r%u.log\n",
		run, rep, mode, placement, ranks, ranks, kernel, size, metric, unit, median, median, median, median,
		median, status, run);
}

/* One run of one point: status ok unless given. */
static void fx_row(struct fixture *fx, const char *schema, const char *mode, unsigned rep, const char *kernel,
		   const char *size, const char *metric, const char *median, const char *status)
{
	const char *unit = strcmp(metric, "bandwidth") == 0 ? "MB/s" : "us";
	unsigned run = fx->run++;

	fprintf(fx->fp, "%s,t,r%u,%u,2026-01-01T00:00:00Z,%s,charliecloud,img,abc,mpiexec,intra,1,2,2,mpich,"
			"/usr/lib/libmpich.so.12,1:2,4.0.2,shm,%s,%s,100,%s,%s,%s,%s,%s,%s,%s,%s,1.0,logs/r%u.log\n",
		schema, run, rep, mode, kernel, size, metric, unit, median, median, median, median, median,
		status, run);
}

static void fx_series_placed(struct fixture *fx, const char *placement, unsigned ranks, const char *mode,
			     const char *kernel, const char *size, const char *metric,
			     const char *const *medians, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fx_row_placed(fx, placement, ranks, mode, (unsigned)i + 1, kernel, size, metric, medians[i], "ok");
}

static void fx_series(struct fixture *fx, const char *mode, const char *kernel, const char *size,
		      const char *metric, const char *const *medians, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fx_row(fx, "parity-runs/1.0", mode, (unsigned)i + 1, kernel, size, metric, medians[i], "ok");
}

static void fx_close(struct fixture *fx)
{
	if (fx->fp)
		fclose(fx->fp);
	fx->fp = NULL;
}

static void fx_remove(struct fixture *fx)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
}

struct world {
	struct campaign_set set;
	struct thresholds thr;
	struct compare_result res;
};

static int world_compare(struct world *w, struct fixture *fx)
{
	struct compare_options o = { .resamples = BOOTSTRAP_RESAMPLES, .confidence = 95, .seed = BOOTSTRAP_SEED };
	char err[256];
	int ret;

	memset(w, 0, sizeof(*w));
	fx_close(fx);
	assert_int_equal(thresholds_load_defaults(&w->thr, err, sizeof(err)), 0);
	o.thresholds = &w->thr;
	ret = campaign_load(&w->set, fx->dir, "t");
	if (ret)
		return ret;
	return compare_run(&w->set, &o, &w->res);
}

static void world_free(struct world *w)
{
	compare_free(&w->res);
	campaign_free(&w->set);
	thresholds_free(&w->thr);
}

static const struct compare_point *point(const struct world *w, const char *series, const char *kernel,
					 unsigned long long size)
{
	size_t i;

	for (i = 0; i < w->res.npoints; i++) {
		const struct compare_point *p = &w->res.points[i];

		if (strcmp(w->res.series[p->series].label, series) == 0 && strcmp(p->kernel, kernel) == 0 &&
		    p->size_bytes == size)
			return p;
	}
	fail_msg("no point %s %s %llu", series, kernel, size);
	return NULL;
}

static const struct compare_point *point_at(const struct world *w, const char *series, const char *kernel,
					    const char *placement, unsigned ranks, unsigned long long size)
{
	size_t i;

	for (i = 0; i < w->res.npoints; i++) {
		const struct compare_point *p = &w->res.points[i];
		const struct compare_placement *pl = &w->res.placements[p->placement];

		if (strcmp(w->res.series[p->series].label, series) == 0 && strcmp(p->kernel, kernel) == 0 &&
		    p->size_bytes == size && strcmp(pl->placement, placement) == 0 && pl->ranks == ranks)
			return p;
	}
	fail_msg("no point %s %s %s/%u %llu", series, kernel, placement, ranks, size);
	return NULL;
}

static const char *const lat_native[] = { "1.00", "1.02", "0.98", "1.01", "0.99" };
static const char *const bw_native[] = { "10000", "10100", "9900", "10050", "9950" };

static void test_compare_pass_and_fail(void **state)
{
	static const char *const lat_ok[] = { "1.03", "1.05", "1.01", "1.04", "1.02" };
	static const char *const bw_slow[] = { "8000", "8100", "7900", "8050", "7950" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_native, 5);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", bw_native, 5);
	fx_series(&fx, "hybrid", "latency", "8", "latency", lat_ok, 5);
	fx_series(&fx, "hybrid", "bw", "1048576", "bandwidth", bw_slow, 5);
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nseries, 1);
	assert_int_equal(w.res.npoints, 2);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_near(p->ratio, 1.03, 1e-9);
	assert_near(p->overhead_pct, 3, 1e-6);
	assert_near(p->limit_ratio, 1.3, 1e-9);
	assert_true(p->ci_low <= p->ratio && p->ratio <= p->ci_high);
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	/* Bandwidth lower in the container: positive overhead. */
	assert_near(p->overhead_pct, 20, 1e-6);
	assert_true(p->overhead_low_pct <= 20 && p->overhead_high_pct >= 20);
	assert_int_equal(w.res.series[0].verdict, COMPARE_FAIL);
	assert_true(compare_verdict_fails(w.res.series[0].verdict, 0));
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: FAIL"));
	assert_non_null(strstr(line, "the worst is bw at 1M B: 20.0% below native (allowed 5.0%)"));
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_inconclusive_estimates_repetitions(void **state)
{
	static const char *const nat[] = { "100", "100", "100", "100" };
	static const char *const cont[] = { "90", "100", "97", "99" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "bw", "65536", "bandwidth", nat, 4);
	fx_series(&fx, "bind", "bw", "65536", "bandwidth", cont, 4);
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "bind", "bw", 65536);
	assert_near(p->ratio, 0.98, 1e-9);
	assert_true(p->ci_low < 0.95 && p->ci_high >= 0.95);
	assert_int_equal(p->verdict, COMPARE_INCONCLUSIVE);
	assert_true(p->extra_reps >= 1);
	assert_non_null(strstr(p->note, "more repetition"));
	assert_int_equal(w.res.series[0].verdict, COMPARE_INCONCLUSIVE);
	assert_false(compare_verdict_fails(COMPARE_INCONCLUSIVE, 0));
	assert_true(compare_verdict_fails(COMPARE_INCONCLUSIVE, 1));
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_fallback_signatures(void **state)
{
	static const char *const lat_nat[] = { "0.20", "0.21", "0.19" };
	static const char *const lat_tcp[] = { "6.1", "6.0", "5.9" };
	static const char *const lat_flip[] = { "0.65", "0.66", "0.64" };
	static const char *const bw_tcp[] = { "3000", "3100", "2900", "3050", "2950" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_nat, 3);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", bw_native, 5);
	fx_series(&fx, "hybrid", "latency", "8", "latency", lat_tcp, 3);
	fx_series(&fx, "hybrid", "bw", "1048576", "bandwidth", bw_tcp, 5);
	/* 3x native but only 0.45 us above it: a plain fail, not a fallback. */
	fx_series(&fx, "bind", "latency", "8", "latency", lat_flip, 3);
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_FALLBACK);
	assert_non_null(strstr(p->note, "silent fallback to TCP"));
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_FALLBACK);
	assert_non_null(strstr(p->note, "30% of native"));
	p = point(&w, "bind", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	assert_int_equal(w.res.series[0].verdict, COMPARE_FALLBACK);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "FALLBACK SUSPECTED"));
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_mode_mismatch_and_failed_runs(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_native, 5);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", bw_native, 5);
	/* bind: one run claims bind but loaded the image's libmpi. */
	fx_series(&fx, "bind", "latency", "8", "latency", lat_native, 4);
	fx_row(&fx, "parity-runs/1.0", "bind", 5, "latency", "8", "latency", "1.0", "mode-mismatch");
	/* hybrid: latency fine but a failed run with an absurd number must
	 * not be averaged in; bw only failed and timed out. */
	fx_series(&fx, "hybrid", "latency", "8", "latency", lat_native, 4);
	fx_row(&fx, "parity-runs/1.0", "hybrid", 5, "latency", "8", "latency", "9999", "failed");
	fx_row(&fx, "parity-runs/1.0", "hybrid", 1, "bw", "", "", "", "failed");
	fx_row(&fx, "parity-runs/1.0", "hybrid", 2, "bw", "", "", "", "timeout");
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nseries, 2);
	p = point(&w, "bind", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_MISMATCH);
	assert_int_equal(w.res.series[0].verdict, COMPARE_MISMATCH);
	assert_int_equal(w.res.series[0].runs_mismatch, 1);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "bind: MODE MISMATCH. 1 run(s) did not run as bind"));
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_int_equal(p->n_container, 4);
	assert_int_equal(p->container_bad, 1);
	assert_near(p->container_max, 1.02, 1e-12);
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_NO_DATA);
	assert_int_equal(p->container_bad, 2);
	assert_int_equal(w.res.series[1].verdict, COMPARE_NO_DATA);
	assert_int_equal(w.res.series[1].runs_failed, 2);
	assert_int_equal(w.res.series[1].runs_timeout, 1);
	assert_true(compare_verdict_fails(COMPARE_NO_DATA, 0));
	world_free(&w);
	fx_remove(&fx);
}

/* A campaign merged from two placements: the second is 2x slower on both
 * sides. Each placement is its own point, judged against its own native;
 * averaging them would give 10 repetitions per side and a wide interval. */
static void test_compare_keeps_placements_apart(void **state)
{
	static const char *const lat_ok[] = { "1.03", "1.05", "1.01", "1.04", "1.02" };
	static const char *const nat2[] = { "2.00", "2.04", "1.96", "2.02", "1.98" };
	static const char *const ok2[] = { "2.06", "2.10", "2.02", "2.08", "2.04" };
	static const char *const sizes[] = { "8", "64" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];
	size_t i;

	(void)state;
	fx_open(&fx, NULL);
	for (i = 0; i < 2; i++) {
		fx_series_placed(&fx, "intra", 2, "native", "allreduce", sizes[i], "latency", lat_native, 5);
		fx_series_placed(&fx, "coll:1x2", 2, "native", "allreduce", sizes[i], "latency", nat2, 5);
		fx_series_placed(&fx, "intra", 2, "hybrid", "allreduce", sizes[i], "latency", lat_ok, 5);
		fx_series_placed(&fx, "coll:1x2", 2, "hybrid", "allreduce", sizes[i], "latency", ok2, 5);
	}
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nplacements, 2);
	assert_int_equal(w.res.nseries, 1);
	assert_int_equal(w.res.npoints, 4);
	for (i = 0; i < 2; i++) {
		unsigned long long size = i ? 64 : 8;

		p = point_at(&w, "hybrid", "allreduce", "intra", 2, size);
		assert_int_equal(p->n_native, 5);
		assert_int_equal(p->n_container, 5);
		assert_near(p->native_median, 1.00, 1e-9);
		assert_near(p->native_max, 1.02, 1e-9);
		assert_near(p->ratio, 1.03, 1e-9);
		assert_int_equal(p->verdict, COMPARE_PASS);
		p = point_at(&w, "hybrid", "allreduce", "coll:1x2", 2, size);
		assert_int_equal(p->n_native, 5);
		assert_int_equal(p->n_container, 5);
		assert_near(p->native_median, 2.00, 1e-9);
		assert_near(p->native_min, 1.96, 1e-9);
		assert_near(p->ratio, 1.03, 1e-9);
		assert_int_equal(p->verdict, COMPARE_PASS);
	}
	assert_int_equal(w.res.series[0].verdict, COMPARE_PASS);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: PASS. All 4 points"));
	assert_non_null(strstr(line, " B (intra, 2 ranks): ") || strstr(line, " B (coll:1x2, 2 ranks): "));
	compare_placement_label(&w.res, 1, line, sizeof(line));
	assert_string_equal(line, "coll:1x2, 2 ranks");
	world_free(&w);
	fx_remove(&fx);
}

/* The same placement name with another rank count is another point too. */
static void test_compare_keeps_rank_counts_apart(void **state)
{
	static const char *const nat4[] = { "3.00", "3.06", "2.94", "3.03", "2.97" };
	static const char *const slow4[] = { "4.50", "4.59", "4.41", "4.55", "4.45" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;

	(void)state;
	fx_open(&fx, NULL);
	fx_series_placed(&fx, "intra", 2, "native", "allreduce", "8", "latency", lat_native, 5);
	fx_series_placed(&fx, "intra", 4, "native", "allreduce", "8", "latency", nat4, 5);
	fx_series_placed(&fx, "intra", 2, "bind", "allreduce", "8", "latency", lat_native, 5);
	fx_series_placed(&fx, "intra", 4, "bind", "allreduce", "8", "latency", slow4, 5);
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nplacements, 2);
	assert_int_equal(w.res.npoints, 2);
	p = point_at(&w, "bind", "allreduce", "intra", 2, 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_near(p->ratio, 1.0, 1e-9);
	p = point_at(&w, "bind", "allreduce", "intra", 4, 8);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	assert_near(p->ratio, 1.5, 1e-9);
	assert_int_equal(w.res.series[0].worst, (long)(p - w.res.points));
	world_free(&w);
	fx_remove(&fx);
}

/* A container placement with no native of that placement has no baseline:
 * the native of another placement must not stand in for it. */
static void test_compare_placement_without_native(void **state)
{
	static const char *const lat_ok[] = { "1.03", "1.05", "1.01", "1.04", "1.02" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx, NULL);
	fx_series_placed(&fx, "intra", 2, "native", "latency", "8", "latency", lat_native, 5);
	fx_series_placed(&fx, "intra", 2, "hybrid", "latency", "8", "latency", lat_ok, 5);
	fx_series_placed(&fx, "inter", 2, "hybrid", "latency", "8", "latency", lat_ok, 5);
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.npoints, 2);
	p = point_at(&w, "hybrid", "latency", "intra", 2, 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	p = point_at(&w, "hybrid", "latency", "inter", 2, 8);
	assert_int_equal(p->verdict, COMPARE_NO_DATA);
	assert_int_equal(p->n_native, 0);
	assert_int_equal(p->n_container, 5);
	assert_non_null(strstr(p->note, "no native run with placement inter, 2 ranks"));
	assert_int_equal(w.res.series[0].verdict, COMPARE_NO_DATA);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "first: latency at 8 B (inter, 2 ranks)"));
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_refuses_other_schema(void **state)
{
	struct fixture fx;
	struct world w;

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_native, 2);
	fx_row(&fx, "parity-runs/2.0", "hybrid", 1, "latency", "8", "latency", "1.0", "ok");
	assert_int_equal(world_compare(&w, &fx), -EPROTO);
	world_free(&w);
	fx_remove(&fx);
	/* Minor versions of the same major load. */
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_native, 2);
	fx_row(&fx, "parity-runs/1.7", "hybrid", 1, "latency", "8", "latency", "1.0", "ok");
	assert_int_equal(world_compare(&w, &fx), 0);
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_needs_native(void **state)
{
	struct fixture fx;
	struct world w;

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "hybrid", "latency", "8", "latency", lat_native, 2);
	assert_int_equal(world_compare(&w, &fx), -ENODATA);
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_reruns_agree(void **state)
{
	static const char *const cont[] = { "1.5", "0.9", "1.2", "1.1", "1.3" };
	struct fixture fx;
	struct world a, b;

	(void)state;
	fx_open(&fx, NULL);
	fx_series(&fx, "native", "latency", "8", "latency", lat_native, 5);
	fx_series(&fx, "hybrid", "latency", "8", "latency", cont, 5);
	assert_int_equal(world_compare(&a, &fx), 0);
	assert_int_equal(world_compare(&b, &fx), 0);
	assert_true(a.res.points[0].ci_low == b.res.points[0].ci_low);
	assert_true(a.res.points[0].ci_high == b.res.points[0].ci_high);
	assert_true(a.res.points[0].ci_low < a.res.points[0].ci_high);
	world_free(&a);
	world_free(&b);
	fx_remove(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_pass_and_fail),
		cmocka_unit_test(test_compare_inconclusive_estimates_repetitions),
		cmocka_unit_test(test_compare_fallback_signatures),
		cmocka_unit_test(test_compare_mode_mismatch_and_failed_runs),
		cmocka_unit_test(test_compare_keeps_placements_apart),
		cmocka_unit_test(test_compare_keeps_rank_counts_apart),
		cmocka_unit_test(test_compare_placement_without_native),
		cmocka_unit_test(test_compare_refuses_other_schema),
		cmocka_unit_test(test_compare_needs_native),
		cmocka_unit_test(test_compare_reruns_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
