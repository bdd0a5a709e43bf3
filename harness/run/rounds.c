#include "rounds.h"

#include <errno.h>
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

/* "1m05s", "42s". */
static void rounds_fmt_time(double s, char *buf, size_t len)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);

	if (t >= 60)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lds", t);
}

/* Which kernels still hold an undecided point: the campaign so far,
 * compared with the thresholds and the look schedule exactly as `parity
 * compare` will judge it. undecided[k] counts the kernel's undecided
 * points; *points and *decided over all. Returns 0, or a negative code
 * when the campaign cannot be read (then every kernel keeps running). */
static int rounds_evaluate(const struct runner *c, const struct thresholds *thr, size_t *undecided,
			   size_t *points, size_t *decided)
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
		if (compare_verdict_decided(res.points[i].verdict))
			(*decided)++;
		else if (k)
			undecided[k->id]++;
	}
	compare_free(&res);
	campaign_free(&set);
	return 0;
}

static void rounds_set_progress(struct runner *c, const struct rounds_status *st, double start_s)
{
	const struct plan *p = c->plan;
	char el[32], left[32];

	rounds_fmt_time(rounds_now() - start_s, el, sizeof(el));
	if (p->budget_s > 0) {
		rounds_fmt_time(p->budget_s - (rounds_now() - start_s), left, sizeof(left));
		if (st->points)
			snprintf(c->progress, sizeof(c->progress), "round %u, %zu/%zu points decided, %s, %s of budget left",
				 st->rounds, st->decided, st->points, el, left);
		else
			snprintf(c->progress, sizeof(c->progress), "round %u, %s, %s of budget left", st->rounds, el, left);
	} else {
		snprintf(c->progress, sizeof(c->progress), "%u/%u, %s", c->index + 1, c->total, el);
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
	enum mode_id order[MODE_COUNT];
	unsigned round, cap;
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
			double kernel_start = rounds_now();

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
				rounds_set_progress(c, st, start_s);
				ret = runner_run_point(c, order[m], kid, round, (unsigned)m + 1);
				if (!ret && proc_stop_requested())
					ret = -EINTR;
			}
			kernel_round_s[kid] = rounds_now() - kernel_start;
		}
		if (ret || !sequential)
			continue;
		/* Which kernels are done? Only once every kernel has its minimum. */
		if (rounds_evaluate(c, &thr, undecided, &st->points, &st->decided) == 0 && round >= p->repetitions) {
			for (k = 0; k < p->nkernels; k++) {
				if (active[p->kernels[k]] && undecided[p->kernels[k]] == 0) {
					active[p->kernels[k]] = false;
					nactive--;
				}
			}
		}
		{
			char el[32], left[32];

			rounds_fmt_time(rounds_now() - start_s, el, sizeof(el));
			rounds_fmt_time(p->budget_s - (rounds_now() - start_s), left, sizeof(left));
			printf("round %u done: %zu/%zu points decided; %zu kernel(s) still running; %s elapsed, %s of budget left\n",
			       round, st->decided, st->points, nactive, el, left);
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
