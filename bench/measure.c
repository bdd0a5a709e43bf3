#include "measure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "timer.h"
#include "validation.h"

#define MEASURE_COLD_BYTES ((size_t)64 << 20)   /* well above any L3 here */
#define MEASURE_MAX_BUFS 16384
#define MEASURE_MIN_STRIDE 64                   /* room for the 1-byte ack */
#define MEASURE_TIMER_FACTOR 100                /* timer <= 1% of a sample */
/* --min-time bounds: batched kernels keep at most this many samples per
 * rank (a sample then batches more iterations); kernels timing each call
 * alone (collectives) run at most MEASURE_MAX_CALLS calls per size, since
 * every call is a sample. */
#define MEASURE_MAX_SAMPLES 2000u
#define MEASURE_MAX_ITERATIONS 1000000000ull
#define MEASURE_MAX_CALLS 1000000ull
/* The within-run interval of the median: 95%, from order statistics. */
#define MEASURE_CI_Z 1.959964

static size_t measure_blocks(enum bench_blocks b, int nranks)
{
	return b == BENCH_BLOCKS_RANKS ? (size_t)nranks : 1;
}

static size_t measure_round(size_t bytes, size_t to)
{
	return (bytes + to - 1) / to * to;
}

size_t measure_pool_bytes(const struct bench_kernel *k, const struct bench_options *o, int nranks)
{
	size_t sb = measure_blocks(k->send_blocks, nranks), rb = measure_blocks(k->recv_blocks, nranks);
	size_t bytes = measure_round((size_t)o->max_bytes * (sb > rb ? sb : rb) + MEASURE_MIN_STRIDE, 4096);

	if (o->cache_cold && bytes < 2 * MEASURE_COLD_BYTES)
		bytes = 2 * MEASURE_COLD_BYTES;
	return bytes;
}

int measure_wants_size(const struct bench_kernel *k, size_t dtype_size, uint64_t size)
{
	if (k->data == BENCH_DATA_NONE)
		return size == 0;
	return size >= dtype_size;     /* OMB: num_elements = size / type size; 0 is skipped */
}

/* Point the context at the pools: one buffer, or as many rotating ones as
 * fit (a power of two) with --cache-cold. */
static void measure_buffers(const struct measure_env *env, size_t size)
{
	struct bench_ctx *c = env->ctx;
	size_t sb = size * measure_blocks(env->kernel->send_blocks, c->nranks);
	size_t rb = size * measure_blocks(env->kernel->recv_blocks, c->nranks);
	size_t nbufs = 1, fit;

	c->sbuf = env->spool;
	c->rbuf = env->rpool;
	c->sstride = sb > MEASURE_MIN_STRIDE ? sb : MEASURE_MIN_STRIDE;
	c->rstride = rb > MEASURE_MIN_STRIDE ? rb : MEASURE_MIN_STRIDE;
	if (env->opts->cache_cold) {
		c->sstride = measure_round(c->sstride, 4096);
		c->rstride = measure_round(c->rstride, 4096);
		fit = env->pool_bytes / (c->sstride > c->rstride ? c->sstride : c->rstride);
		while (nbufs * 2 <= fit && nbufs * 2 <= MEASURE_MAX_BUFS)
			nbufs *= 2;
	}
	c->buf_mask = nbufs - 1;
}

/* Seconds per iteration after the warm-up, from a pilot that doubles its
 * iteration count until one step lasts a tenth of min_time and ran at least
 * 4 iterations, or the pilot has used half of min_time (rank 0 decides and
 * broadcasts each step, so every rank runs the same pilot). The fastest step
 * counts: a slow first call must not cut the measurement short. Kernels
 * that time each call alone are piloted with their barrier. */
static double measure_pilot(const struct measure_env *env, size_t size, unsigned long long cap)
{
	struct bench_ctx *c = env->ctx;
	double t0, t = 0, per = HUGE_VAL, spent = 0, budget = env->opts->min_time_s;
	unsigned long long n = 1, i;
	int more = 1;

	while (more) {
		MPI_Barrier(c->comm);
		t0 = timer_now();
		if (env->kernel->sync_each) {
			for (i = 0; i < n; i++) {
				env->kernel->run(c, size, i, 1);
				MPI_Barrier(c->comm);
			}
		} else {
			env->kernel->run(c, size, 0, (size_t)n);
		}
		t = timer_now() - t0;
		spent += t;
		if (t / (double)n < per)
			per = t / (double)n;
		more = (t < budget / 10 || n < 4) && spent < budget / 2 && n < cap;
		MPI_Bcast(&more, 1, MPI_INT, 0, c->comm);
		n *= 2;
	}
	MPI_Bcast(&per, 1, MPI_DOUBLE, 0, c->comm);
	return per;
}

/* How long a size is measured (the samples) and how finely: decided by rank
 * 0 after the warm-up and broadcast, so all ranks agree.
 *  - iterations: the -i count (OSU's defaults), or more with --min-time: as
 *    many as the pilot says fill min_time;
 *  - batch (iterations per sample, batched kernels only): enough that the
 *    timer costs under 1% of a sample (from the fastest tenth of the
 *    warm-up), and no more than MEASURE_MAX_SAMPLES samples. */
struct measure_plan {
	unsigned long long iterations, batch;
};

static struct measure_plan measure_warmup(const struct measure_env *env, size_t size, size_t warmup,
					   size_t iterations)
{
	struct bench_ctx *c = env->ctx;
	const struct bench_options *o = env->opts;
	double best = HUGE_VAL, t0, t, want;
	size_t first = 0, chunk = warmup / 10 ? warmup / 10 : 1, n;
	struct measure_plan plan = { iterations, 1 };
	unsigned long long cap = env->kernel->sync_each ? MEASURE_MAX_CALLS : MEASURE_MAX_ITERATIONS;

	while (first < warmup) {
		n = warmup - first < chunk ? warmup - first : chunk;
		t0 = timer_now();
		env->kernel->run(c, size, first, n);
		t = (timer_now() - t0) / (double)n;
		if (t < best)
			best = t;
		first += n;
	}
	if (o->min_time_s > 0) {
		t = measure_pilot(env, size, cap);
		want = t > 0 ? ceil(o->min_time_s / t) : (double)cap;
		if (want > (double)cap)
			want = (double)cap;
		if (want > (double)plan.iterations)
			plan.iterations = (unsigned long long)want;
	}
	if (o->batch && !env->kernel->sync_each) {
		plan.batch = o->batch;
	} else if (!env->kernel->sync_each && warmup > 0 && c->rank == 0 && best > 0) {
		plan.batch = (unsigned long long)ceil(MEASURE_TIMER_FACTOR * env->timer_overhead / best);
		if (plan.batch < (plan.iterations + MEASURE_MAX_SAMPLES - 1) / MEASURE_MAX_SAMPLES)
			plan.batch = (plan.iterations + MEASURE_MAX_SAMPLES - 1) / MEASURE_MAX_SAMPLES;
	}
	if (plan.batch < 1)
		plan.batch = 1;
	if (plan.batch > plan.iterations)
		plan.batch = plan.iterations;
	MPI_Bcast(&plan, 2, MPI_UNSIGNED_LONG_LONG, 0, c->comm);
	return plan;
}

static int measure_replay(const struct measure_env *env, size_t size, size_t iterations)
{
	struct bench_ctx *c = env->ctx;
	struct validation_failure why = { 0, -1 }, w;
	long long inject = env->opts->validate_inject;
	size_t j, bad_iter = 0;
	int failed = 0, first_failed;

	for (j = 0; j < iterations; j++) {
		validation_fill(env->kernel, c, size, j);
		env->kernel->run(c, size, 0, 1);
		if (validation_check(env->kernel, c, size, j, inject >= 0 && (size_t)inject == j, &w) && !failed) {
			failed = 1;
			why = w;
			bad_iter = j;
		}
	}
	first_failed = failed ? c->rank : c->nranks;
	MPI_Allreduce(MPI_IN_PLACE, &first_failed, 1, MPI_INT, MPI_MIN, c->comm);
	if (first_failed == c->nranks)
		return 0;
	if (first_failed == c->rank) {
		if (why.sender >= 0)
			fprintf(stderr, "parity-bench: %s: validation failed at size %zu, iteration %zu: rank %d received a wrong byte at offset %zu of the data from rank %d\n",
				env->kernel->name, size, bad_iter, c->rank, why.offset, why.sender);
		else
			fprintf(stderr, "parity-bench: %s: validation failed at size %zu, iteration %zu: rank %d got a wrong reduction result at byte %zu\n",
				env->kernel->name, size, bad_iter, c->rank, why.offset);
		fflush(stderr);
	}
	return 1;
}

/* -z as OMB 7.4 computes it (osu_util_mpi.c omb_calculate_tail_lat): over
 * one value per iteration, rank 0's (point-to-point) or the mean over ranks
 * (collectives, omb_get_stats), sorted ascending, the element at
 * floor(n x P / 100) - 1; for bandwidth that is the fast side. v holds
 * nsamples values per reporting rank. */
static void measure_osu_tails(const struct measure_env *env, size_t nsamples, const double *v,
			      int reporting, struct output_metric *met)
{
	const struct bench_options *o = env->opts;
	double *per = malloc((nsamples ? nsamples : 1) * sizeof(*per));
	size_t j, at;
	int r, i, mean = env->kernel->report == BENCH_REPORT_ALL;

	if (!per)
		MPI_Abort(env->ctx->comm, 1);
	for (j = 0; j < nsamples; j++) {
		per[j] = 0;
		for (r = 0; r < (mean ? reporting : 1); r++)
			per[j] += v[(size_t)r * nsamples + j];
		if (mean)
			per[j] /= reporting;
	}
	stats_sort(per, nsamples);
	for (i = 0; i < o->npercentiles && nsamples; i++) {
		at = nsamples * (size_t)o->percentiles[i] / 100;
		met->tail[i] = per[at ? at - 1 : 0];
	}
	free(per);
}

/* Rank 0: statistics of the reporting ranks' samples. */
static void measure_stats(const struct measure_env *env, size_t size, size_t iterations, size_t nsamples,
			  const size_t *per_sample, const double *secs, const double *totals,
			  struct output_row *row)
{
	const struct bench_kernel *k = env->kernel;
	const struct bench_options *o = env->opts;
	int nranks = env->ctx->nranks, pairs = nranks / 2, lo = 0, hi = 1, r, m;
	int higher = k->per_window;
	double T = (double)k->transfers * (k->per_window ? o->window : 1);
	double *v, *sorted, rank_avg, sum = 0, mn = HUGE_VAL, mx = -HUGE_VAL, scale = 1;
	struct stats_summary s;
	struct output_metric *met = &row->metric[0];
	size_t n = 0, j;

	if (k->report == BENCH_REPORT_SENDERS) {
		hi = pairs;
		scale = higher ? pairs : 1;
	} else if (k->report == BENCH_REPORT_ALL) {
		hi = nranks;
	}
	v = malloc((size_t)(hi - lo) * nsamples * sizeof(*v));
	sorted = malloc((size_t)(hi - lo) * nsamples * sizeof(*v));
	if (!v || !sorted)
		MPI_Abort(env->ctx->comm, 1);
	for (r = lo; r < hi; r++) {
		for (j = 0; j < nsamples; j++) {
			double t = secs[(size_t)r * nsamples + j];
			double per = (double)per_sample[j] * T;

			v[n++] = higher ? scale * (double)size * per / 1e6 / t : t * 1e6 / per;
		}
		rank_avg = higher ? (double)size * (double)iterations * T / 1e6 / totals[r]
				  : totals[r] * 1e6 / ((double)iterations * T);
		sum += k->report == BENCH_REPORT_SENDERS && higher ? totals[r] : rank_avg;
		if (rank_avg < mn)
			mn = rank_avg;
		if (rank_avg > mx)
			mx = rank_avg;
	}
	stats_summarize(v, n, &s);
	memcpy(sorted, v, n * sizeof(*v));
	stats_sort(sorted, n);
	stats_median_ci_sorted(sorted, n, MEASURE_CI_Z, &met->median_ci_low, &met->median_ci_high);
	met->name = o->kernel->metric;
	met->unit = o->kernel->unit;
	met->higher_is_better = higher;
	if (k->report == BENCH_REPORT_SENDERS && higher)
		/* osu_mbw_mr: pairs x bytes over the senders' mean time. */
		met->avg = (double)pairs * (double)size * (double)iterations * T / 1e6 / (sum / pairs);
	else if (k->report != BENCH_REPORT_RANK0)
		/* osu_multi_lat: the senders' mean; collectives: every rank's. */
		met->avg = sum / (hi - lo);
	else
		met->avg = higher ? (double)size * (double)iterations * T / 1e6 / totals[0]
				  : totals[0] * 1e6 / ((double)iterations * T);
	if (k->report != BENCH_REPORT_RANK0 && !higher) {
		met->min = mn;  /* OSU: across ranks of each rank's average */
		met->max = mx;
	} else {
		met->min = s.min;
		met->max = s.max;
	}
	met->median = s.median;
	met->stddev = s.stddev;
	met->p90 = stats_percentile_sorted(sorted, n, higher ? 10 : 90);
	met->p99 = stats_percentile_sorted(sorted, n, higher ? 1 : 99);
	measure_osu_tails(env, nsamples, v, hi - lo, met);
	row->nmetrics = 1;
	row->nsamples = n;
	if (k->text == BENCH_TEXT_MBW_MR) {
		double f = 1e6 / (double)size;

		row->metric[1] = *met;
		row->metric[1].name = "message_rate";
		row->metric[1].unit = "messages/s";
		row->metric[1].avg *= f;
		row->metric[1].min *= f;
		row->metric[1].max *= f;
		row->metric[1].median *= f;
		row->metric[1].median_ci_low *= f;
		row->metric[1].median_ci_high *= f;
		row->metric[1].p90 *= f;
		row->metric[1].p99 *= f;
		row->metric[1].stddev *= f;
		for (m = 0; m < o->npercentiles; m++)
			row->metric[1].tail[m] *= f;
		row->nmetrics = 2;
	}
	free(v);
	free(sorted);
}

static void measure_write_samples(const struct measure_env *env, size_t size, size_t nsamples,
				  const size_t *per_sample, const double *secs)
{
	const struct bench_kernel *k = env->kernel;
	double T = (double)k->transfers * (k->per_window ? env->opts->window : 1), v;
	int r;
	size_t j;

	for (r = 0; r < env->ctx->nranks; r++)
		for (j = 0; j < nsamples; j++) {
			double t = secs[(size_t)r * nsamples + j];

			v = k->per_window ? (double)size * (double)per_sample[j] * T / 1e6 / t
					  : t * 1e6 / ((double)per_sample[j] * T);
			fprintf(env->samples, "%s,%zu,%d,%zu,%zu,%.9f,%.4f,%s\n", k->name, size, r, j,
				per_sample[j], t, v, k->per_window ? "MB/s" : "us");
		}
}

int measure_size(const struct measure_env *env, uint64_t size_bytes, struct output_row *row)
{
	const struct bench_kernel *k = env->kernel;
	struct bench_ctx *c = env->ctx;
	size_t size = (size_t)size_bytes, iterations, warmup, batch, nsamples, j, first = 0;
	size_t *per_sample;
	double *secs, *all = NULL, *totals = NULL, total = 0, t0, t1;
	struct measure_plan plan;
	int failed = 0;

	bench_options_iterations(env->opts, size_bytes, &iterations, &warmup);
	measure_buffers(env, size);
	if (k->prepare)
		k->prepare(c, size);
	MPI_Barrier(c->comm);
	plan = measure_warmup(env, size, warmup, iterations);
	iterations = (size_t)plan.iterations;
	batch = (size_t)plan.batch;
	nsamples = iterations / batch;
	per_sample = malloc(nsamples * sizeof(*per_sample));
	secs = malloc(nsamples * sizeof(*secs));
	if (!per_sample || !secs)
		MPI_Abort(c->comm, 1);
	for (j = 0; j < nsamples; j++)
		per_sample[j] = iterations / nsamples + (j < iterations % nsamples);
	MPI_Barrier(c->comm);
	if (k->sync_each) {
		for (j = 0; j < nsamples; j++) {
			t0 = timer_now();
			k->run(c, size, j, 1);
			t1 = timer_now();
			secs[j] = t1 - t0;
			MPI_Barrier(c->comm);
		}
	} else {
		for (j = 0; j < nsamples; j++) {
			t0 = timer_now();
			k->run(c, size, first, per_sample[j]);
			t1 = timer_now();
			secs[j] = t1 - t0;
			first += per_sample[j];
		}
	}
	for (j = 0; j < nsamples; j++)
		total += secs[j];
	if (c->rank == 0) {
		all = malloc((size_t)c->nranks * nsamples * sizeof(*all));
		totals = malloc((size_t)c->nranks * sizeof(*totals));
		if (!all || !totals)
			MPI_Abort(c->comm, 1);
	}
	MPI_Gather(secs, (int)nsamples, MPI_DOUBLE, all, (int)nsamples, MPI_DOUBLE, 0, c->comm);
	MPI_Gather(&total, 1, MPI_DOUBLE, totals, 1, MPI_DOUBLE, 0, c->comm);
	if (env->opts->validate && k->validate != BENCH_VALIDATE_NONE)
		failed = measure_replay(env, size, iterations);
	if (c->rank == 0) {
		memset(row, 0, sizeof(*row));
		row->size_bytes = size_bytes;
		row->iterations = iterations;
		row->warmup = warmup;
		row->batch = batch;
		measure_stats(env, size, iterations, nsamples, per_sample, all, totals, row);
		row->validation = !env->opts->validate || k->validate == BENCH_VALIDATE_NONE ? OUTPUT_VALIDATION_OFF
				  : failed ? OUTPUT_VALIDATION_FAIL : OUTPUT_VALIDATION_PASS;
		if (env->samples)
			measure_write_samples(env, size, nsamples, per_sample, all);
	}
	free(all);
	free(totals);
	free(per_sample);
	free(secs);
	return failed;
}
