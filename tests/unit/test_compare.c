#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "analyze/campaign.h"
#include "analyze/compare.h"
#include "analyze/paired.h"
#include "schema.h"
#include "analyze/thresholds.h"

/* A campaign folder in /tmp with a runs.csv built row by row, in the
 * parity-runs/1.0 layout (the columns a 1.0 file has: files written before
 * 1.1 still load). */
struct fixture {
	char dir[64];
	FILE *fp;
	unsigned run;
};

static void fx_open(struct fixture *fx)
{
	size_t c;
	char path[128];

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parity-test-compare.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof(path), "%s/runs.csv", fx->dir);
	fx->fp = fopen(path, "w");
	assert_non_null(fx->fp);
	for (c = 0; c < schema_runs.nrequired; c++)
		fprintf(fx->fp, "%s%s", c ? "," : "", schema_runs.columns[c]);
	fputc('\n', fx->fp);
	fx->run = 0;
}

struct fx_run {
	const char *schema, *placement, *mode, *kernel, *size, *metric, *median, *status, *transport;
	unsigned ranks, rep;
};

static void fx_add(struct fixture *fx, const struct fx_run *r)
{
	const char *unit = strcmp(r->metric, "bandwidth") == 0 ? "MB/s" : "us";
	unsigned run = fx->run++;

	/* schema,campaign,run_id,repetition,start_time,mode,runtime,image,image_sha256,launcher,
	 * placement,nodes,ranks,ranks_per_node,mpi_family,libmpi_path,libmpi_dev_ino,mpi_version,
	 * transport,kernel,size_bytes,iterations,metric,unit,avg,min,max,median,p99,status,wall_s,log_file */
	fprintf(fx->fp, "%s,t,r%u,%u,2026-01-01T00:00:00Z,%s,charliecloud,img,abc,mpiexec,%s,1,%u,%u,mpich,"
			"/usr/lib/libmpich.so.12,1:2,4.0.2,\"%s\",%s,%s,100,%s,%s,%s,%s,%s,%s,%s,%s,1.0,logs/r%u.log\n",
		r->schema ? r->schema : "parity-runs/1.0", run, r->rep, r->mode,
		r->placement ? r->placement : "intra", r->ranks ? r->ranks : 2, r->ranks ? r->ranks : 2,
		r->transport ? r->transport : "", r->kernel, r->size, r->metric, unit, r->median, r->median,
		r->median, r->median, r->median, r->status ? r->status : "ok", run);
}

/* Small round-to-round jitter, the same for every series unless shifted:
 * percent deviations of 10 rounds. */
static const double fx_jitter[] = { 0, 2, -2, 1, -1, 0.5, -0.5, 1.5, -1.5, 0.2, 0.8, -0.8, 0.3, -0.3, 1.2, -1.2 };
#define FX_MAX_ROUNDS (sizeof(fx_jitter) / sizeof(fx_jitter[0]))

/* n rounds of one point: value base x ratio x (1 + jitter[(i + shift) % ..]/100). */
static void fx_series_at(struct fixture *fx, const char *placement, unsigned ranks, const char *mode,
			 const char *kernel, const char *size, const char *metric, double base, double ratio,
			 unsigned n, unsigned shift, const char *transport)
{
	char v[32];
	unsigned i;

	for (i = 0; i < n; i++) {
		struct fx_run r = { .placement = placement, .mode = mode, .kernel = kernel, .size = size,
				    .metric = metric, .median = v, .transport = transport, .ranks = ranks, .rep = i + 1 };

		snprintf(v, sizeof(v), "%.6g", base * ratio * (1 + fx_jitter[(i + shift) % FX_MAX_ROUNDS] / 100));
		fx_add(fx, &r);
	}
}

static void fx_series(struct fixture *fx, const char *mode, const char *kernel, const char *size,
		      const char *metric, double base, double ratio, unsigned n, unsigned shift)
{
	fx_series_at(fx, "intra", 2, mode, kernel, size, metric, base, ratio, n, shift, NULL);
}

static void fx_one(struct fixture *fx, const char *mode, unsigned rep, const char *kernel, const char *size,
		   const char *metric, const char *median, const char *status)
{
	struct fx_run r = { .mode = mode, .kernel = kernel, .size = size, .metric = metric, .median = median,
			    .status = status, .rep = rep };

	fx_add(fx, &r);
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

static long ftell_size(const char *path)
{
	FILE *fp = fopen(path, "r");
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fclose(fp);
	return n;
}

struct world {
	struct campaign_set set;
	struct thresholds thr;
	struct compare_result res;
};

static int world_compare_with(struct world *w, struct fixture *fx, const struct paired_schedule *schedule,
			      int closing)
{
	struct compare_options o = { .confidence = 95, .schedule = schedule, .closing = closing };
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

static int world_compare(struct world *w, struct fixture *fx)
{
	return world_compare_with(w, fx, NULL, 1);
}

static void world_free(struct world *w)
{
	compare_free(&w->res);
	campaign_free(&w->set);
	thresholds_free(&w->thr);
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

static size_t series_of(const struct world *w, const char *label)
{
	size_t i;

	for (i = 0; i < w->res.nseries; i++)
		if (strcmp(w->res.series[i].label, label) == 0)
			return i;
	fail_msg("no series %s", label);
	return 0;
}

static const struct compare_point *point(const struct world *w, const char *series, const char *kernel,
					 unsigned long long size)
{
	return point_at(w, series, kernel, "intra", 2, size);
}

static void test_compare_pass_and_fail(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 1.0, 1.0, 10, 0);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", 10000, 1.0, 10, 0);
	fx_series(&fx, "hybrid", "latency", "8", "latency", 1.0, 1.03, 10, 3);
	fx_series(&fx, "hybrid", "bw", "1048576", "bandwidth", 10000, 0.8, 10, 5);
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nseries, 1);
	assert_int_equal(w.res.npoints, 2);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_int_equal(p->n_pairs, 10);
	assert_near(p->ratio, 1.03, 0.01);
	assert_near(p->limit_ratio, 1.3, 0.01);
	assert_true(p->ci_low <= p->ratio && p->ratio <= p->ci_high);
	assert_true(p->confidence_pct >= 95);
	assert_int_equal(p->look, 0);
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	/* Bandwidth lower in the container: positive overhead. */
	assert_near(p->overhead_pct, 20, 1.5);
	assert_true(p->overhead_low_pct <= p->overhead_pct && p->overhead_high_pct >= p->overhead_pct);
	assert_int_equal(w.res.series[0].verdict, COMPARE_FAIL);
	assert_true(compare_verdict_fails(w.res.series[0].verdict, 0));
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: FAIL. 1 of 2 points exceed their threshold; the worst is bw at 1M B"));
	assert_non_null(strstr(line, "below native (allowed 5.0%); 1 pass."));
	compare_overall(&w.res, line, sizeof(line));
	assert_string_equal(line, "FAIL: 1 of 2 points fail, 1 pass");
	world_free(&w);
	fx_remove(&fx);
}

/* Five rounds cannot give a 95% interval (the sign test needs 6): however
 * clear the data, nothing is decided, and the words say so. */
static void test_compare_too_few_rounds(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "bw", "65536", "bandwidth", 10000, 1.0, 5, 0);
	fx_series(&fx, "bind", "bw", "65536", "bandwidth", 10000, 1.0, 5, 1);
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "bind", "bw", 65536);
	assert_int_equal(p->n_pairs, 5);
	assert_true(p->confidence_pct < 95);
	assert_int_equal(p->verdict, COMPARE_INCONCLUSIVE);
	assert_false(compare_verdict_decided(p->verdict));
	assert_int_equal(w.res.series[0].verdict, COMPARE_INCONCLUSIVE);
	assert_false(compare_verdict_fails(COMPARE_INCONCLUSIVE, 0));
	assert_true(compare_verdict_fails(COMPARE_INCONCLUSIVE, 1));
	compare_overall(&w.res, line, sizeof(line));
	/* Never "PASS (inconclusive)". */
	assert_null(strstr(line, "PASS"));
	assert_non_null(strstr(line, "INCONCLUSIVE: 1 of 1 points not decided"));
	world_free(&w);
	fx_remove(&fx);
}

/* An estimate near the threshold with a wide interval: inconclusive, with
 * an estimate of the rounds that would decide. */
static void test_compare_inconclusive_estimates_rounds(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char v[32];
	unsigned i;

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "bw", "65536", "bandwidth", 10000, 1.0, 10, 0);
	for (i = 0; i < 10; i++) {
		/* 0.97 x native, give or take 5%. */
		snprintf(v, sizeof(v), "%.6g", 10000 * (1 + fx_jitter[i] / 100) * 0.97 * (i % 2 ? 1.05 : 0.95));
		fx_one(&fx, "bind", i + 1, "bw", "65536", "bandwidth", v, "ok");
	}
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "bind", "bw", 65536);
	assert_true(p->ci_low < 0.95 && p->ci_high >= 0.95);
	assert_int_equal(p->verdict, COMPARE_INCONCLUSIVE);
	assert_true(p->extra_reps >= 1);
	assert_non_null(strstr(p->note, "more round"));
	world_free(&w);
	fx_remove(&fx);
}

/* Native itself swinging +-15% between rounds, the allowance 5%: the
 * noise floor is above the allowance, so the point is unresolvable here,
 * not a plain inconclusive. */
static void test_compare_unresolvable_below_noise(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char v[32], line[1024];
	unsigned i;

	(void)state;
	fx_open(&fx);
	for (i = 0; i < 10; i++) {
		double swing = i % 2 ? 1.15 : 0.87;

		snprintf(v, sizeof(v), "%.6g", 10000 * swing);
		fx_one(&fx, "native", i + 1, "bw", "1048576", "bandwidth", v, "ok");
		/* The container's round is swung the other way half the time. */
		snprintf(v, sizeof(v), "%.6g", 10000 * (i % 4 < 2 ? swing : 2.02 - swing));
		fx_one(&fx, "hybrid", i + 1, "bw", "1048576", "bandwidth", v, "ok");
	}
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "hybrid", "bw", 1048576);
	assert_true(p->noise_pct > 5);
	assert_int_equal(p->verdict, COMPARE_UNRESOLVABLE);
	assert_non_null(strstr(p->note, "unresolvable here (noise +-"));
	assert_int_equal(w.res.series[0].verdict, COMPARE_UNRESOLVABLE);
	assert_false(compare_verdict_decided(COMPARE_UNRESOLVABLE));
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: UNRESOLVABLE. No point fails; 0 of 1 pass and 1 are not decided: 1 unresolvable on this machine"));
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_fallback_by_transport(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx);
	fx_series_at(&fx, "intra", 2, "native", "latency", "8", "latency", 0.2, 1.0, 10, 0, "cma,sysv");
	fx_series_at(&fx, "intra", 2, "native", "bw", "1048576", "bandwidth", 10000, 1.0, 10, 0, "cma,sysv");
	/* Proven: the container used TCP. Even a small slowdown is a fallback. */
	fx_series_at(&fx, "intra", 2, "hybrid", "latency", "8", "latency", 0.2, 30.0, 10, 1, "tcp");
	fx_series_at(&fx, "intra", 2, "hybrid", "bw", "1048576", "bandwidth", 10000, 0.9, 10, 1, "tcp");
	/* Another shared-memory flavour and 3x latency: a plain fail. */
	fx_series_at(&fx, "intra", 2, "bind", "latency", "8", "latency", 0.2, 3.25, 10, 2, "posix,cma");
	fx_series_at(&fx, "intra", 2, "bind", "bw", "1048576", "bandwidth", 10000, 1.0, 10, 2, "posix,cma");
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_FALLBACK);
	assert_string_equal(p->native_transport, "cma,sysv");
	assert_string_equal(p->container_transport, "tcp");
	assert_non_null(strstr(p->note, "used tcp in the container where native used cma,sysv"));
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_FALLBACK);
	assert_int_equal(w.res.series[0].verdict, COMPARE_FALLBACK);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: FALLBACK. 2 of 2 points ran over a slower transport than native (tcp where native used cma,sysv)"));
	p = point(&w, "bind", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	p = point(&w, "bind", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_PASS);
	world_free(&w);
	fx_remove(&fx);
}

/* Without transport evidence, the heuristic signature remains, named as a
 * suspicion. */
static void test_compare_fallback_suspected_without_evidence(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 0.2, 1.0, 10, 0);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", 10000, 1.0, 10, 0);
	fx_series(&fx, "hybrid", "latency", "8", "latency", 0.2, 30.0, 10, 1);
	fx_series(&fx, "hybrid", "bw", "1048576", "bandwidth", 10000, 0.3, 10, 1);
	/* 3.25x native but only 0.45 us above it: a plain fail, not a fallback. */
	fx_series(&fx, "bind", "latency", "8", "latency", 0.2, 3.25, 10, 2);
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_SUSPECTED);
	assert_non_null(strstr(p->note, "no transport evidence"));
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_SUSPECTED);
	assert_non_null(strstr(p->note, "30% of native"));
	p = point(&w, "bind", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_FAIL);
	assert_int_equal(w.res.series[0].verdict, COMPARE_SUSPECTED);
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
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 1.0, 1.0, 10, 0);
	fx_series(&fx, "native", "bw", "1048576", "bandwidth", 10000, 1.0, 10, 0);
	/* bind: one run claims bind but loaded the image's libmpi. */
	fx_series(&fx, "bind", "latency", "8", "latency", 1.0, 1.0, 9, 1);
	fx_one(&fx, "bind", 10, "latency", "8", "latency", "1.0", "mode-mismatch");
	/* hybrid: latency fine but a failed run with an absurd number must
	 * not be used; bw only failed and timed out. */
	fx_series(&fx, "hybrid", "latency", "8", "latency", 1.0, 1.0, 10, 2);
	fx_one(&fx, "hybrid", 11, "latency", "8", "latency", "9999", "failed");
	fx_one(&fx, "hybrid", 1, "bw", "", "", "", "failed");
	fx_one(&fx, "hybrid", 2, "bw", "", "", "", "timeout");
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nseries, 2);
	/* Series in mode order (hybrid before bind), whatever order the rows came in. */
	assert_string_equal(w.res.series[0].label, "hybrid");
	assert_string_equal(w.res.series[1].label, "bind");
	p = point(&w, "bind", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_MISMATCH);
	assert_int_equal(w.res.series[series_of(&w, "bind")].verdict, COMPARE_MISMATCH);
	assert_int_equal(w.res.series[series_of(&w, "bind")].runs_mismatch, 1);
	compare_series_summary(&w.res, series_of(&w, "bind"), line, sizeof(line));
	assert_non_null(strstr(line, "bind: MODE MISMATCH. 1 run(s) did not run as bind"));
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_int_equal(p->n_container, 10);
	assert_int_equal(p->n_pairs, 10);
	assert_int_equal(p->container_bad, 1);
	assert_true(p->container_max < 2);
	p = point(&w, "hybrid", "bw", 1048576);
	assert_int_equal(p->verdict, COMPARE_NO_DATA);
	assert_int_equal(p->container_bad, 2);
	assert_int_equal(w.res.series[series_of(&w, "hybrid")].verdict, COMPARE_NO_DATA);
	assert_int_equal(w.res.series[series_of(&w, "hybrid")].runs_failed, 2);
	assert_int_equal(w.res.series[series_of(&w, "hybrid")].runs_timeout, 1);
	assert_true(compare_verdict_fails(COMPARE_NO_DATA, 0));
	world_free(&w);
	fx_remove(&fx);
}

/* Pairs are rounds where both sides succeeded: a round whose native run
 * failed drops out, and a container run of a round native never ran has no
 * partner. */
static void test_compare_pairs_by_round(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char v[32];
	unsigned i;

	(void)state;
	fx_open(&fx);
	for (i = 1; i <= 12; i++) {
		snprintf(v, sizeof(v), "%.6g", 1.0 + 0.01 * (double)(i % 3));
		if (i == 4)
			fx_one(&fx, "native", i, "latency", "8", "latency", "", "failed");
		else if (i <= 11)
			fx_one(&fx, "native", i, "latency", "8", "latency", v, "ok");
		/* The container's runs are 10x native in the rounds they share
		 * with a failed native: if pairing were by position, not by
		 * round, these would be used. */
		fx_one(&fx, "hybrid", i, "latency", "8", "latency", i == 4 || i == 12 ? "10" : v, "ok");
	}
	assert_int_equal(world_compare(&w, &fx), 0);
	p = point(&w, "hybrid", "latency", 8);
	assert_int_equal(p->n_native, 10);
	assert_int_equal(p->n_container, 12);
	assert_int_equal(p->n_pairs, 10);
	assert_near(p->ratio, 1.0, 1e-9);
	assert_int_equal(p->verdict, COMPARE_PASS);
	world_free(&w);
	fx_remove(&fx);
}

/* A sequential campaign is judged look by look: decided at the first look
 * (10 rounds) and kept, whatever later rounds say; while it runs
 * (closing = 0) a point between looks is not decided by a closing
 * analysis. */
static void test_compare_sequential_looks(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char v[32];
	unsigned i;

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "bw", "65536", "bandwidth", 10000, 1.0, 12, 0);
	fx_series(&fx, "bind", "bw", "65536", "bandwidth", 10000, 1.0, 10, 1);
	for (i = 11; i <= 12; i++) {
		snprintf(v, sizeof(v), "%.6g", 1000.0);
		fx_one(&fx, "bind", i, "bw", "65536", "bandwidth", v, "ok");
	}
	assert_int_equal(world_compare_with(&w, &fx, &paired_default_schedule, 1), 0);
	p = point(&w, "bind", "bw", 65536);
	assert_int_equal(p->verdict, COMPARE_PASS);
	assert_int_equal(p->look, 1);
	assert_int_equal(p->n_pairs, 12);
	world_free(&w);
	fx_remove(&fx);
	/* Nine rounds: no look yet. While running, undecided; closed, the
	 * closing analysis (look 1's share) decides. */
	fx_open(&fx);
	fx_series(&fx, "native", "bw", "65536", "bandwidth", 10000, 1.0, 9, 0);
	fx_series(&fx, "bind", "bw", "65536", "bandwidth", 10000, 1.0, 9, 1);
	assert_int_equal(world_compare_with(&w, &fx, &paired_default_schedule, 0), 0);
	assert_int_equal(point(&w, "bind", "bw", 65536)->verdict, COMPARE_INCONCLUSIVE);
	world_free(&w);
	assert_int_equal(world_compare_with(&w, &fx, &paired_default_schedule, 1), 0);
	assert_int_equal(point(&w, "bind", "bw", 65536)->verdict, COMPARE_PASS);
	world_free(&w);
	fx_remove(&fx);
}

/* A campaign merged from two placements: the second is 2x slower on both
 * sides. Each placement is its own point, judged against its own native. */
static void test_compare_keeps_placements_apart(void **state)
{
	static const char *const sizes[] = { "8", "64" };
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];
	size_t i;

	(void)state;
	fx_open(&fx);
	for (i = 0; i < 2; i++) {
		fx_series_at(&fx, "intra", 2, "native", "allreduce", sizes[i], "latency", 1.0, 1.0, 10, 0, NULL);
		fx_series_at(&fx, "coll:1x2", 2, "native", "allreduce", sizes[i], "latency", 2.0, 1.0, 10, 0, NULL);
		fx_series_at(&fx, "intra", 2, "hybrid", "allreduce", sizes[i], "latency", 1.0, 1.03, 10, 0, NULL);
		fx_series_at(&fx, "coll:1x2", 2, "hybrid", "allreduce", sizes[i], "latency", 2.0, 1.03, 10, 0, NULL);
	}
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.nplacements, 2);
	assert_int_equal(w.res.nseries, 1);
	assert_int_equal(w.res.npoints, 4);
	for (i = 0; i < 2; i++) {
		unsigned long long size = i ? 64 : 8;

		p = point_at(&w, "hybrid", "allreduce", "intra", 2, size);
		assert_int_equal(p->n_pairs, 10);
		assert_near(p->native_median, 1.00, 0.01);
		assert_near(p->ratio, 1.03, 1e-9);
		assert_int_equal(p->verdict, COMPARE_PASS);
		p = point_at(&w, "hybrid", "allreduce", "coll:1x2", 2, size);
		assert_int_equal(p->n_pairs, 10);
		assert_near(p->native_median, 2.00, 0.02);
		assert_near(p->ratio, 1.03, 1e-9);
		assert_int_equal(p->verdict, COMPARE_PASS);
	}
	assert_int_equal(w.res.series[0].verdict, COMPARE_PASS);
	compare_series_summary(&w.res, 0, line, sizeof(line));
	assert_non_null(strstr(line, "hybrid: PASS. All 4 points"));
	assert_non_null(strstr(line, " B (intra, 2 ranks): ") || strstr(line, " B (coll:1x2, 2 ranks): "));
	compare_placement_label(&w.res, 1, line, sizeof(line));
	assert_string_equal(line, "coll:1x2, 2 ranks");
	compare_overall(&w.res, line, sizeof(line));
	assert_string_equal(line, "PASS: all 4 points of 1 mode(s) pass");
	world_free(&w);
	fx_remove(&fx);
}

/* The same placement name with another rank count is another point too. */
static void test_compare_keeps_rank_counts_apart(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;

	(void)state;
	fx_open(&fx);
	fx_series_at(&fx, "intra", 2, "native", "allreduce", "8", "latency", 1.0, 1.0, 10, 0, NULL);
	fx_series_at(&fx, "intra", 4, "native", "allreduce", "8", "latency", 3.0, 1.0, 10, 0, NULL);
	fx_series_at(&fx, "intra", 2, "bind", "allreduce", "8", "latency", 1.0, 1.0, 10, 0, NULL);
	fx_series_at(&fx, "intra", 4, "bind", "allreduce", "8", "latency", 3.0, 1.5, 10, 0, NULL);
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

/* A container placement with no native of that placement has no baseline. */
static void test_compare_placement_without_native(void **state)
{
	struct fixture fx;
	struct world w;
	const struct compare_point *p;
	char line[1024];

	(void)state;
	fx_open(&fx);
	fx_series_at(&fx, "intra", 2, "native", "latency", "8", "latency", 1.0, 1.0, 10, 0, NULL);
	fx_series_at(&fx, "intra", 2, "hybrid", "latency", "8", "latency", 1.0, 1.03, 10, 0, NULL);
	fx_series_at(&fx, "inter", 2, "hybrid", "latency", "8", "latency", 1.0, 1.03, 10, 0, NULL);
	assert_int_equal(world_compare(&w, &fx), 0);
	assert_int_equal(w.res.npoints, 2);
	p = point_at(&w, "hybrid", "latency", "intra", 2, 8);
	assert_int_equal(p->verdict, COMPARE_PASS);
	p = point_at(&w, "hybrid", "latency", "inter", 2, 8);
	assert_int_equal(p->verdict, COMPARE_NO_DATA);
	assert_int_equal(p->n_native, 0);
	assert_int_equal(p->n_container, 10);
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
	struct fx_run r = { .schema = "parity-runs/2.0", .mode = "hybrid", .kernel = "latency", .size = "8",
			    .metric = "latency", .median = "1.0", .rep = 1 };

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 1.0, 1.0, 2, 0);
	fx_add(&fx, &r);
	assert_int_equal(world_compare(&w, &fx), -EPROTO);
	world_free(&w);
	fx_remove(&fx);
	/* Minor versions of the same major load. */
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 1.0, 1.0, 2, 0);
	r.schema = "parity-runs/1.7";
	fx_add(&fx, &r);
	assert_int_equal(world_compare(&w, &fx), 0);
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_needs_native(void **state)
{
	struct fixture fx;
	struct world w;

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "hybrid", "latency", "8", "latency", 1.0, 1.0, 2, 0);
	assert_int_equal(world_compare(&w, &fx), -ENODATA);
	world_free(&w);
	fx_remove(&fx);
}

static void test_compare_reruns_agree(void **state)
{
	struct fixture fx;
	struct world a, b;

	(void)state;
	fx_open(&fx);
	fx_series(&fx, "native", "latency", "8", "latency", 1.0, 1.0, 10, 0);
	fx_series(&fx, "hybrid", "latency", "8", "latency", 1.0, 1.2, 10, 7);
	assert_int_equal(world_compare(&a, &fx), 0);
	assert_int_equal(world_compare(&b, &fx), 0);
	assert_true(a.res.points[0].ci_low == b.res.points[0].ci_low);
	assert_true(a.res.points[0].ci_high == b.res.points[0].ci_high);
	assert_true(a.res.points[0].ci_low < a.res.points[0].ci_high);
	world_free(&a);
	world_free(&b);
	fx_remove(&fx);
}


/* campaign_load of fx's runs.csv; stderr captured into msg. */
static int load_capture(struct fixture *fx, struct campaign_set *set, char *msg, size_t len)
{
	int saved = dup(2), pipefd[2], ret;
	ssize_t got;

	fx_close(fx);
	memset(set, 0, sizeof(*set));
	assert_int_equal(pipe(pipefd), 0);
	dup2(pipefd[1], 2);
	ret = campaign_load(set, fx->dir, "t");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(pipefd[1]);
	got = read(pipefd[0], msg, len - 1);
	close(pipefd[0]);
	msg[got > 0 ? got : 0] = '\0';
	return ret;
}

static void fx_append_raw(struct fixture *fx, const char *bytes, size_t len)
{
	char path[128];
	FILE *fp;

	fx_close(fx);
	snprintf(path, sizeof(path), "%s/runs.csv", fx->dir);
	fp = fopen(path, "a");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	fclose(fp);
}

/* inf and NaN are no measurements, a NUL byte is no text: refused with the
 * line; a 10 KB field is quoted in 80 characters. */
static void test_campaign_refuses_inf_nan_nul(void **state)
{
	static const char *const bad[] = { "inf", "-nan", "NaN", "1e999" };
	struct campaign_set set;
	struct fixture fx;
	char msg[1024], big[10000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx_open(&fx);
		fx_one(&fx, "native", 1, "latency", "8", "latency", "1.5", NULL);
		fx_one(&fx, "native", 2, "latency", "8", "latency", bad[i], NULL);
		assert_int_equal(load_capture(&fx, &set, msg, sizeof(msg)), -EINVAL);
		if (!strstr(msg, "runs.csv:3: bad median"))
			fail_msg("%s: %s", bad[i], msg);
		campaign_free(&set);
		fx_remove(&fx);
	}
	fx_open(&fx);
	fx_one(&fx, "native", 1, "latency", "8", "latency", "1.5", NULL);
	fx_append_raw(&fx, "parity-runs/1.0,t,r9,1,x,native\0,\n", 34);
	assert_int_equal(load_capture(&fx, &set, msg, sizeof(msg)), -EILSEQ);
	assert_non_null(strstr(msg, "runs.csv:3: a NUL byte"));
	campaign_free(&set);
	fx_remove(&fx);
	fx_open(&fx);
	memset(big, '7', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[5] = 'x';
	fx_one(&fx, "native", 1, "latency", "8", "latency", big, NULL);
	assert_int_equal(load_capture(&fx, &set, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "77777x7777"));
	assert_non_null(strstr(msg, "...'"));
	assert_true(strlen(msg) < 300);
	campaign_free(&set);
	fx_remove(&fx);
}

/* A torn last row (a killed or failed write) does not fail the campaign:
 * the whole rows are read, one line says what was left out. A last row
 * lacking only its newline is read. */
static void test_campaign_torn_tail(void **state)
{
	struct campaign_set set;
	struct fixture fx;
	char msg[1024];

	(void)state;
	fx_open(&fx);
	fx_one(&fx, "native", 1, "latency", "8", "latency", "1.5", NULL);
	fx_one(&fx, "native", 2, "latency", "8", "latency", "1.6", NULL);
	fx_append_raw(&fx, "parity-runs/1.0,t,r9,3,2026", 27);
	assert_int_equal(load_capture(&fx, &set, msg, sizeof(msg)), 0);
	assert_int_equal(set.n, 2);
	assert_non_null(strstr(msg, "runs.csv:4: torn last row (5 of 32 fields) ignored"));
	campaign_free(&set);
	fx_remove(&fx);
	fx_open(&fx);
	fx_one(&fx, "native", 1, "latency", "8", "latency", "1.5", NULL);
	fx_one(&fx, "native", 2, "latency", "8", "latency", "1.6", NULL);
	fx_close(&fx);
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/runs.csv", fx.dir);
		assert_int_equal(truncate(path, ftell_size(path) - 1), 0);
	}
	assert_int_equal(load_capture(&fx, &set, msg, sizeof(msg)), 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(msg, "");
	campaign_free(&set);
	fx_remove(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_pass_and_fail),
		cmocka_unit_test(test_compare_too_few_rounds),
		cmocka_unit_test(test_compare_inconclusive_estimates_rounds),
		cmocka_unit_test(test_compare_unresolvable_below_noise),
		cmocka_unit_test(test_compare_fallback_by_transport),
		cmocka_unit_test(test_compare_fallback_suspected_without_evidence),
		cmocka_unit_test(test_compare_mode_mismatch_and_failed_runs),
		cmocka_unit_test(test_compare_pairs_by_round),
		cmocka_unit_test(test_compare_sequential_looks),
		cmocka_unit_test(test_compare_keeps_placements_apart),
		cmocka_unit_test(test_compare_keeps_rank_counts_apart),
		cmocka_unit_test(test_compare_placement_without_native),
		cmocka_unit_test(test_compare_refuses_other_schema),
		cmocka_unit_test(test_compare_needs_native),
		cmocka_unit_test(test_compare_reruns_agree),
		cmocka_unit_test(test_campaign_refuses_inf_nan_nul),
		cmocka_unit_test(test_campaign_torn_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
