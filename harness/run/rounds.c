#include "rounds.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/analysis.h"
#include "analyze/campaign.h"
#include "analyze/compare.h"
#include "analyze/paired.h"
#include "analyze/thresholds.h"
#include "core/errors.h"
#include "core/proc.h"
#include "parse.h"
#include "rng.h"

double rounds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t rounds_seed(const struct plan *p)
{
	return p->seed ? p->seed : rng_seed_from(p->campaign);
}

void rounds_mode_order(uint64_t seed, unsigned round, enum kernels_id kernel, enum mode_id *modes, size_t n)
{
	/* One stream per (round, kernel): the order does not depend on which
	 * kernels ran before (resume, kernels that stopped early). */
	uint64_t st = seed ^ (UINT64_C(0x9e3779b97f4a7c15) * ((uint64_t)round * 1024 + (uint64_t)kernel + 1));

	rng_next(&st);
	rng_shuffle(&st, modes, n, sizeof(*modes));
}

/* "1m05s", "42s", "3.5s". */
static void rounds_fmt_time(double s, char *buf, size_t len)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);

	if (s < 9.95)
		snprintf(buf, len, "%.1fs", s < 0 ? 0.0 : s);
	else if (t >= 60)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lds", t);
}

/* What the last evaluation says about the rounds still to come. */
struct rounds_outlook {
	unsigned more_rounds;          /* the most any undecided point likely needs */
	bool open_ended;               /* a point more rounds are not expected to decide */
	bool known;                    /* an evaluation happened */
};

/* What the launches took so far, per kernel: the ETA's evidence. The time
 * of a launch includes parity's own work around it (compose, verify,
 * record), so the ETA is wall time. */
struct rounds_clock {
	double launch_s[KERNELS_COUNT];
	unsigned launches[KERNELS_COUNT];
};

/* Mean seconds per launch of kernel k: its own, else of every kernel
 * measured so far; NAN before the first launch. */
static double rounds_launch_s(const struct rounds_clock *clk, enum kernels_id k)
{
	double sum = 0;
	unsigned n = 0;
	size_t i;

	if (clk->launches[k])
		return clk->launch_s[k] / clk->launches[k];
	for (i = 0; i < KERNELS_COUNT; i++) {
		sum += clk->launch_s[i];
		n += clk->launches[i];
	}
	return n ? sum / n : NAN;
}

/* Seconds the launches still to come take at the measured pace: in round
 * `round`, the kernel at plan position kpos has done m of its modes (the
 * next one included in what is left) and the active kernels after it have
 * done none; then rounds round+1 .. last of every active kernel. NAN when
 * nothing is measured yet. (A resumed campaign counts its recorded runs as
 * still to do until the rounds pass them.) */
static double rounds_eta(const struct plan *p, const struct rounds_clock *clk, const bool *active, unsigned round,
			 size_t kpos, size_t m, unsigned last)
{
	double eta = 0;
	size_t k;

	for (k = 0; k < p->nkernels; k++) {
		enum kernels_id kid = p->kernels[k];
		double t = rounds_launch_s(clk, kid), runs = 0;

		if (!active[kid] && k != kpos)
			continue;
		if (isnan(t))
			return NAN;
		if (k > kpos)
			runs += (double)p->nmodes;
		else if (k == kpos)
			runs += (double)(p->nmodes - m);
		if (last > round && active[kid])
			runs += (double)(last - round) * (double)p->nmodes;
		eta += runs * t;
	}
	return eta;
}

/* The last round a sequential campaign is expected to run: its minimum,
 * or the first look (paired.h) at which the slowest undecided point is
 * likely decided; 0 when open-ended (it runs until the budget). */
static unsigned rounds_expected_last(const struct plan *p, const struct rounds_outlook *o, unsigned round,
				     unsigned cap)
{
	unsigned want, j;
	size_t look = 0;

	if (!o->known)
		return round > p->repetitions ? round : (unsigned)p->repetitions;
	if (o->open_ended)
		return 0;
	want = round + o->more_rounds;
	for (j = 1; look < want && look < cap; j++)
		look = paired_look_rounds(&paired_default_schedule, j);
	if (look > cap)
		look = cap;
	return (unsigned)(look > p->repetitions ? look : p->repetitions);
}

/* ", ETA 2m10s", ", ETA <= 3m55s (budget)" or "" while nothing is measured. */
static void rounds_fmt_eta(const struct plan *p, double eta_s, double left_s, char *buf, size_t len)
{
	char t[32];

	buf[0] = '\0';
	if (p->budget_s > 0 && (isnan(eta_s) || eta_s >= left_s)) {
		if (isnan(eta_s) && left_s >= p->budget_s)
			return;
		rounds_fmt_time(left_s, t, sizeof(t));
		snprintf(buf, len, ", ETA <= %s (budget)", t);
		return;
	}
	if (isnan(eta_s))
		return;
	rounds_fmt_time(eta_s, t, sizeof(t));
	snprintf(buf, len, ", ETA %s", t);
}

/* Which kernels still hold an undecided point: the campaign so far,
 * compared with the thresholds and the look schedule exactly as `parity
 * compare` will judge it. undecided[k] counts the kernel's undecided
 * points; *points and *decided over all. Returns 0, or a negative code
 * when the campaign cannot be read (then every kernel keeps running). */
static int rounds_evaluate(const struct runner *c, const struct thresholds *thr, size_t *undecided,
			   size_t *points, size_t *decided, struct rounds_outlook *out)
{
	struct campaign_set set = { 0 };
	struct compare_options co = {
		.thresholds = thr,
		.confidence = ANALYSIS_CONFIDENCE_PCT,
		.schedule = &paired_default_schedule,
		.closing = 0,
	};
	struct compare_result res;
	size_t i;
	int ret;

	memset(undecided, 0, KERNELS_COUNT * sizeof(*undecided));
	*points = *decided = 0;
	out->more_rounds = 0;
	out->open_ended = false;
	ret = campaign_load(&set, c->rec.dir, c->plan->campaign);
	if (!ret)
		ret = compare_run(&set, &co, &res);
	if (ret) {
		campaign_free(&set);
		return ret;
	}
	for (i = 0; i < res.npoints; i++) {
		const struct kernels_info *k = kernels_find(res.points[i].kernel);

		(*points)++;
		if (compare_verdict_decided(res.points[i].verdict)) {
			(*decided)++;
			continue;
		}
		if (k)
			undecided[k->id]++;
		/* extra_reps 0: more rounds are not expected to decide it (the
		 * estimate sits on the threshold, or the point is unresolvable). */
		if (isnan(res.points[i].ci_low))
			continue;        /* too few rounds for an interval: the next look says */
		if (res.points[i].extra_reps == 0)
			out->open_ended = true;
		else if (res.points[i].extra_reps > out->more_rounds)
			out->more_rounds = res.points[i].extra_reps;
	}
	compare_free(&res);
	campaign_free(&set);
	return 0;
}

/* The progress line printed with each run: "run 5/40, round 2/10, 12s
 * elapsed, ETA 1m30s" for a fixed plan; "round 12, 40/66 points decided,
 * 2m05s elapsed, ETA 1m10s, 2m55s of budget left" with a budget. */
static void rounds_set_progress(struct runner *c, const struct rounds_status *st, double start_s, double eta_s)
{
	const struct plan *p = c->plan;
	double elapsed = rounds_now() - start_s;
	char el[32], left[32], eta[64], decided[64] = "";

	rounds_fmt_time(elapsed, el, sizeof(el));
	rounds_fmt_eta(p, eta_s, p->budget_s - elapsed, eta, sizeof(eta));
	if (p->budget_s > 0) {
		rounds_fmt_time(p->budget_s - elapsed, left, sizeof(left));
		if (st->points)
			snprintf(decided, sizeof(decided), ", %zu/%zu points decided", st->decided, st->points);
		snprintf(c->progress, sizeof(c->progress), "round %u%s, %s elapsed%s, %s of budget left", st->rounds,
			 decided, el, eta, left);
	} else {
		snprintf(c->progress, sizeof(c->progress), "run %u/%u, round %u/%u, %s elapsed%s", c->index + 1, c->total,
			 st->rounds, (unsigned)p->repetitions, el, eta);
	}
}

/* Load the thresholds the stopping rule judges with: the built-in rules,
 * then the plan's --thresholds file. */
static int rounds_thresholds(const struct plan *p, struct thresholds *thr)
{
	char err[512];

	if (thresholds_load_defaults(thr, err, sizeof(err)) ||
	    (p->thresholds[0] && thresholds_load_file(thr, p->thresholds, err, sizeof(err)))) {
		errors_log("%s", err);
		return -EINVAL;
	}
	return 0;
}

int rounds_run(struct runner *c, const struct record_done *done, double start_s, struct rounds_status *st)
{
	const struct plan *p = c->plan;
	bool sequential = p->budget_s > 0 && !p->dry_run;
	bool active[KERNELS_COUNT] = { false };
	double kernel_round_s[KERNELS_COUNT] = { 0 };
	size_t undecided[KERNELS_COUNT], k, m, nactive = p->nkernels;
	struct thresholds thr = { 0 };
	struct rounds_clock clk = { { 0 }, { 0 } };
	struct rounds_outlook outlook = { 0 };
	enum mode_id order[MODE_COUNT];
	unsigned round, cap, last;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	c->seed = rounds_seed(p);
	for (k = 0; k < p->nkernels; k++)
		active[p->kernels[k]] = true;
	if (sequential && (ret = rounds_thresholds(p, &thr)))
		return ret;
	cap = sequential ? (p->max_repetitions ? (unsigned)p->max_repetitions : 100000u) : (unsigned)p->repetitions;
	for (round = 1; round <= cap && nactive && !ret; round++) {
		double need = 0;

		if (sequential && round > p->repetitions) {
			/* Will the next round fit? From what each kernel's last round took. */
			for (k = 0; k < p->nkernels; k++)
				if (active[p->kernels[k]])
					need += kernel_round_s[p->kernels[k]];
			if (rounds_now() - start_s + need > p->budget_s) {
				st->stopped_why = "the budget is spent";
				break;
			}
		}
		st->rounds = round;
		for (k = 0; k < p->nkernels && !ret; k++) {
			enum kernels_id kid = p->kernels[k];
			double kernel_start = rounds_now(), launch_start;

			if (!active[kid])
				continue;
			memcpy(order, p->modes, p->nmodes * sizeof(*order));
			rounds_mode_order(c->seed, round, kid, order, p->nmodes);
			for (m = 0; m < p->nmodes && !ret; m++) {
				if (record_done_has(done, mode_name(order[m]), kernels_at(kid)->name, round,
						    p->placement)) {
					st->skipped++;
					continue;
				}
				/* Asked to stop before this launch (during set-up): none. */
				if (proc_stop_requested()) {
					ret = -EINTR;
					break;
				}
				last = sequential ? rounds_expected_last(p, &outlook, round, cap) : cap;
				rounds_set_progress(c, st, start_s,
						    last ? rounds_eta(p, &clk, active, round, k, m, last) : INFINITY);
				launch_start = rounds_now();
				ret = runner_run_point(c, order[m], kid, round, (unsigned)m + 1);
				clk.launch_s[kid] += rounds_now() - launch_start;
				clk.launches[kid]++;
				if (!ret && proc_stop_requested())
					ret = -EINTR;
			}
			kernel_round_s[kid] = rounds_now() - kernel_start;
		}
		if (ret || !sequential)
			continue;
		/* Which kernels are done? Only once every kernel has its minimum. */
		outlook.known = rounds_evaluate(c, &thr, undecided, &st->points, &st->decided, &outlook) == 0;
		if (outlook.known && round >= p->repetitions) {
			for (k = 0; k < p->nkernels; k++) {
				if (active[p->kernels[k]] && undecided[p->kernels[k]] == 0) {
					active[p->kernels[k]] = false;
					nactive--;
				}
			}
		}
		{
			double elapsed = rounds_now() - start_s, eta_s = 0;
			char el[32], left[32], eta[64] = "";

			if (nactive) {
				last = rounds_expected_last(p, &outlook, round, cap);
				eta_s = last ? rounds_eta(p, &clk, active, round, p->nkernels, 0, last) : INFINITY;
			}
			rounds_fmt_time(elapsed, el, sizeof(el));
			rounds_fmt_time(p->budget_s - elapsed, left, sizeof(left));
			if (nactive)
				rounds_fmt_eta(p, eta_s, p->budget_s - elapsed, eta, sizeof(eta));
			printf("round %u done: %zu/%zu points decided; %zu kernel(s) still running; %s elapsed%s, %s of budget left\n",
			       round, st->decided, st->points, nactive, el, eta, left);
			fflush(stdout);
		}
	}
	if (!st->stopped_why)
		st->stopped_why = !sequential ? "every round of the plan ran"
			: nactive == 0 ? "every point is decided"
			: "the round limit (--max-repetitions) is reached";
	if (sequential)
		thresholds_free(&thr);
	return ret;
}
