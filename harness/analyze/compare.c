#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/mode.h"
#include "kernels.h"
#include "sizes.h"
#include "stats.h"
#include "transport.h"

#define COMPARE_VERDICT_NAME(id, name) name,
static const char *const compare_verdict_names[] = { COMPARE_VERDICTS(COMPARE_VERDICT_NAME) };
#undef COMPARE_VERDICT_NAME

/* More rounds than this are not worth suggesting. */
#define COMPARE_MAX_EXTRA_REPS 10000u

const char *compare_verdict_name(enum compare_verdict v)
{
	return compare_verdict_names[v];
}

int compare_verdict_fails(enum compare_verdict v, int strict)
{
	return v == COMPARE_FAIL || v == COMPARE_FALLBACK || v == COMPARE_SUSPECTED || v == COMPARE_MISMATCH ||
	       v == COMPARE_NO_DATA || (strict && !compare_verdict_decided(v));
}

int compare_verdict_decided(enum compare_verdict v)
{
	return v != COMPARE_INCONCLUSIVE && v != COMPARE_UNRESOLVABLE;
}

struct compare_key {
	const char *kernel, *metric, *unit;
	size_t place;                /* index into compare_result.placements */
	uint64_t size_bytes;
};

long compare_placement_of(const struct compare_result *res, const struct campaign_row *r)
{
	const char *placement = campaign_field(r, RUNS_COL_placement);
	size_t i;

	for (i = 0; i < res->nplacements; i++)
		if (res->placements[i].ranks == r->ranks && strcmp(res->placements[i].placement, placement) == 0)
			return (long)i;
	return -1;
}

void compare_placement_label(const struct compare_result *res, size_t placement, char *buf, size_t len)
{
	const struct compare_placement *pl = &res->placements[placement];

	snprintf(buf, len, "%s, %u rank%s", *pl->placement ? pl->placement : "(no placement)", pl->ranks,
		 pl->ranks == 1 ? "" : "s");
}

/* Every (placement, ranks) of the rows, any status, in order of first
 * appearance. */
static int compare_find_placements(struct compare_result *res, const struct campaign_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		struct compare_placement *v;

		if (compare_placement_of(res, r) >= 0)
			continue;
		v = realloc(res->placements, (res->nplacements + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		res->placements = v;
		v[res->nplacements].placement = campaign_field(r, RUNS_COL_placement);
		v[res->nplacements].ranks = r->ranks;
		res->nplacements++;
	}
	return 0;
}

static int compare_in_series(const struct campaign_row *r, const struct compare_series *s)
{
	return r->campaign == s->campaign && strcmp(campaign_field(r, RUNS_COL_mode), s->mode) == 0;
}

/* Kernels in list order, unknown ones after, by name. */
static int compare_kernel_cmp(const char *a, const char *b)
{
	const struct kernels_info *ka = kernels_find(a), *kb = kernels_find(b);

	if (ka && kb)
		return (ka->id > kb->id) - (ka->id < kb->id);
	if (ka || kb)
		return ka ? -1 : 1;
	return strcmp(a, b);
}

static int compare_key_cmp(const void *pa, const void *pb)
{
	const struct compare_key *a = pa, *b = pb;
	int c = compare_kernel_cmp(a->kernel, b->kernel);

	if (c)
		return c;
	c = strcmp(a->metric, b->metric);
	if (c)
		return c;
	if (a->place != b->place)
		return a->place > b->place ? 1 : -1;
	return (a->size_bytes > b->size_bytes) - (a->size_bytes < b->size_bytes);
}

/* Count distinct run ids of the series by status. */
static void compare_count_runs(const struct campaign_set *set, struct compare_series *s)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		int seen = 0;

		if (!compare_in_series(r, s))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = compare_in_series(&set->rows[j], s) &&
			       strcmp(campaign_field(&set->rows[j], RUNS_COL_run_id), campaign_field(r, RUNS_COL_run_id)) == 0;
		if (seen)
			continue;
		switch (r->status) {
		case CAMPAIGN_OK: s->runs_ok++; break;
		case CAMPAIGN_FAILED: s->runs_failed++; break;
		case CAMPAIGN_TIMEOUT: s->runs_timeout++; break;
		case CAMPAIGN_MODE_MISMATCH: s->runs_mismatch++; break;
		}
	}
}

/* Did series s run kernel in placement place (rows of any status)? */
static int compare_series_has_kernel(const struct compare_result *res, const struct campaign_set *set,
				     const struct compare_series *s, const char *kernel, long place)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (compare_in_series(&set->rows[i], s) && strcmp(campaign_field(&set->rows[i], RUNS_COL_kernel), kernel) == 0 &&
		    compare_placement_of(res, &set->rows[i]) == place)
			return 1;
	return 0;
}

/* Keys of the ok rows of the baseline (for the kernels and placements the
 * candidate ran) and of the candidate, sorted and unique. */
static int compare_keys(const struct compare_result *res, const struct campaign_set *set,
			const struct compare_series *base, const struct compare_series *cand,
			struct compare_key **out, size_t *nout)
{
	struct compare_key *keys = malloc((set->n + 1) * sizeof(*keys));
	size_t i, n = 0, u = 0;

	if (!keys)
		return -ENOMEM;
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		const char *kernel = campaign_field(r, RUNS_COL_kernel);
		long place = compare_placement_of(res, r);

		if (r->status != CAMPAIGN_OK)
			continue;
		if (!compare_in_series(r, cand) &&
		    !(compare_in_series(r, base) && compare_series_has_kernel(res, set, cand, kernel, place)))
			continue;
		keys[n].kernel = kernel;
		keys[n].place = (size_t)place;
		keys[n].metric = campaign_field(r, RUNS_COL_metric);
		keys[n].unit = campaign_field(r, RUNS_COL_unit);
		keys[n].size_bytes = r->size_bytes;
		n++;
	}
	if (n)
		qsort(keys, n, sizeof(*keys), compare_key_cmp);
	for (i = 0; i < n; i++)
		if (u == 0 || compare_key_cmp(&keys[u - 1], &keys[i]) != 0)
			keys[u++] = keys[i];
	*out = keys;
	*nout = u;
	return 0;
}

/* Does a row (any status) belong to the point? Rows of failed runs may
 * lack a size or metric: they count for every point of their kernel and
 * placement. Another placement or rank count is another point: never
 * averaged in. */
static int compare_row_matches(const struct compare_result *res, const struct campaign_row *r,
			       const struct compare_key *k)
{
	const char *metric = campaign_field(r, RUNS_COL_metric);

	return strcmp(campaign_field(r, RUNS_COL_kernel), k->kernel) == 0 &&
	       compare_placement_of(res, r) == (long)k->place &&
	       (!*metric || strcmp(metric, k->metric) == 0) &&
	       (!r->has_size || r->size_bytes == k->size_bytes);
}

/* One run of a point: its round and median, or its failure. */
struct compare_run {
	unsigned round;
	double median;
	const char *transport;
};

/* Successful runs of the point in series s into runs (one per round: the
 * first ok row of a round; a retry of a failed run keeps its round);
 * non-ok rows counted in *bad (mode-mismatch rows also in *mismatch). */
static size_t compare_collect(const struct compare_result *res, const struct campaign_set *set,
			      const struct compare_series *s, const struct compare_key *k, struct compare_run *runs,
			      size_t *bad, size_t *mismatch)
{
	size_t i, j, n = 0;

	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		int seen = 0;

		if (!compare_in_series(r, s) || !compare_row_matches(res, r, k))
			continue;
		if (r->status != CAMPAIGN_OK) {
			(*bad)++;
			if (r->status == CAMPAIGN_MODE_MISMATCH)
				(*mismatch)++;
			continue;
		}
		for (j = 0; j < n && !seen; j++)
			seen = runs[j].round == r->repetition;
		if (seen)
			continue;
		runs[n].round = r->repetition;
		runs[n].median = r->median;
		runs[n].transport = campaign_field(r, RUNS_COL_transport);
		n++;
	}
	return n;
}

static int compare_run_cmp(const void *a, const void *b)
{
	const struct compare_run *x = a, *y = b;

	return (x->round > y->round) - (x->round < y->round);
}

static void compare_minmax(const struct compare_run *v, size_t n, double *min, double *max)
{
	size_t i;

	*min = *max = n ? v[0].median : NAN;
	for (i = 1; i < n; i++) {
		if (v[i].median < *min)
			*min = v[i].median;
		if (v[i].median > *max)
			*max = v[i].median;
	}
}

static double compare_median_of(const struct compare_run *v, size_t n, double *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = v[i].median;
	return stats_median_inplace(tmp, n);
}

/* The union of the transport lists of runs, each name once, in order of
 * appearance ("cma,sysv" and "tcp" give "cma,sysv,tcp"). */
static void compare_transports(const struct compare_run *v, size_t n, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		transport_merge(out, len, v[i].transport);
}

/* How many more rounds would shrink the interval (width ~ 1/sqrt(n)) until
 * it no longer reaches the limit; 0 when the estimate sits on it. */
static unsigned compare_extra_reps(const struct compare_point *p)
{
	size_t n = p->n_pairs;
	int estimate_passes = p->higher_is_better ? p->ratio >= p->limit_ratio : p->ratio <= p->limit_ratio;
	double half, dist, need;

	/* The half of the interval that reaches across the limit. */
	if (estimate_passes == !p->higher_is_better)
		half = p->ci_high - p->ratio;
	else
		half = p->ratio - p->ci_low;
	dist = fabs(p->ratio - p->limit_ratio);
	if (dist <= 1e-9 * fabs(p->limit_ratio) || half <= 0)
		return 0;
	need = ceil((double)n * (half / dist) * (half / dist));
	if (need <= (double)n)
		return 1;
	if (need - (double)n > COMPARE_MAX_EXTRA_REPS)
		return COMPARE_MAX_EXTRA_REPS;
	return (unsigned)(need - (double)n);
}

/* Verdicts that need no statistics, or override them: provenance, missing
 * data, no rule, a proven fallback. 1 when p->verdict is final. */
static int compare_judge_early(const struct compare_result *res, struct compare_point *p,
			       size_t native_mismatch, size_t container_mismatch)
{
	char sz[32], where[160];

	sizes_format(p->size_bytes, sz, sizeof(sz));
	if (native_mismatch || container_mismatch) {
		p->verdict = COMPARE_MISMATCH;
		snprintf(p->note, sizeof(p->note),
			 "%zu run(s) did not run in the mode they claim (provenance check); their numbers are not used",
			 native_mismatch + container_mismatch);
		return 1;
	}
	if (p->n_native == 0 && p->native_bad == 0) {
		/* Another placement's native is no baseline: say which is missing. */
		compare_placement_label(res, p->placement, where, sizeof(where));
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note),
			 "no native run with placement %s at %s B: nothing to compare against", where, sz);
		return 1;
	}
	if (p->n_native == 0 || p->n_container == 0) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "no successful %s run (%zu failed or timed out)",
			 p->n_native == 0 ? "native" : "container", p->n_native == 0 ? p->native_bad : p->container_bad);
		return 1;
	}
	if (p->native_median == 0) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "the native median is 0: no ratio");
		return 1;
	}
	if (!p->rule) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "no threshold rule matches %s %s at %s", p->kernel, p->metric, sz);
		return 1;
	}
	if (transport_is_fallback(p->native_transport, p->container_transport)) {
		p->verdict = COMPARE_FALLBACK;
		snprintf(p->note, sizeof(p->note),
			 "the MPI used %s in the container where native used %s: a fallback to a slower path",
			 p->container_transport, p->native_transport);
		return 1;
	}
	if (p->n_pairs == 0) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "no round where both the native and the container run succeeded");
		return 1;
	}
	return 0;
}

/* The heuristic for runs without transport evidence: latency several times
 * native, or bandwidth a fraction of it. 1 when it applies. */
static int compare_judge_suspected(struct compare_point *p, const struct thresholds *thr)
{
	if (p->native_transport[0] && p->container_transport[0])
		return 0;
	if (!p->higher_is_better && strcmp(p->metric, "latency") == 0 &&
	    p->ci_low >= thr->fallback_latency_ratio &&
	    p->container_median - p->native_median >= thr->fallback_latency_excess) {
		p->verdict = COMPARE_SUSPECTED;
		snprintf(p->note, sizeof(p->note),
			 "latency %.1fx native (+%.3g %s), no transport evidence: the signature of a silent fallback to TCP or another slow path",
			 p->ratio, p->container_median - p->native_median, p->unit);
		return 1;
	}
	if (p->higher_is_better && strcmp(p->metric, "bandwidth") == 0 &&
	    p->ci_high <= thr->fallback_bandwidth_ratio) {
		p->verdict = COMPARE_SUSPECTED;
		snprintf(p->note, sizeof(p->note),
			 "bandwidth %.0f%% of native, no transport evidence: the signature of a silent fallback to TCP or another slow path",
			 100.0 * p->ratio);
		return 1;
	}
	return 0;
}

/* The allowance in log-overhead terms at a native level. */
static double compare_allowance(const struct compare_point *p, double native)
{
	double limit = thresholds_limit_ratio(p->rule, p->higher_is_better, native);

	/* Allowing a bandwidth loss of 100% or more allows anything. */
	if (limit <= 0)
		return INFINITY;
	return p->higher_is_better ? -log(limit) : log(limit);
}

static void compare_set_interval(struct compare_point *p, const struct paired_result *r)
{
	double sign = p->higher_is_better ? -1 : 1;

	/* o = sign x log(ratio): back to ratios, then to overheads. */
	p->ratio = exp(sign * r->estimate);
	p->ci_low = exp(sign * (p->higher_is_better ? r->hi : r->lo));
	p->ci_high = exp(sign * (p->higher_is_better ? r->lo : r->hi));
	p->confidence_pct = 100 * r->achieved;
	p->look = r->look;
	if (p->higher_is_better) {
		p->overhead_pct = (1 - p->ratio) * 100;
		p->overhead_low_pct = (1 - p->ci_high) * 100;
		p->overhead_high_pct = (1 - p->ci_low) * 100;
	} else {
		p->overhead_pct = (p->ratio - 1) * 100;
		p->overhead_low_pct = (p->ci_low - 1) * 100;
		p->overhead_high_pct = (p->ci_high - 1) * 100;
	}
}

/* Words for an undecided point: unresolvable below the noise floor, else
 * inconclusive with how many more rounds would likely decide. */
static void compare_undecided(struct compare_point *p)
{
	char allowed[32];

	snprintf(allowed, sizeof(allowed), "%.1f%%", p->allowed_pct);
	if (!isnan(p->noise_pct) && p->allowed_pct < p->noise_pct) {
		p->verdict = COMPARE_UNRESOLVABLE;
		snprintf(p->note, sizeof(p->note),
			 "unresolvable here (noise +-%.1f%% over %zu rounds): native itself varies more between rounds than the allowed %s",
			 p->noise_pct, p->n_pairs, allowed);
		return;
	}
	p->verdict = COMPARE_INCONCLUSIVE;
	p->extra_reps = compare_extra_reps(p);
	if (p->extra_reps >= COMPARE_MAX_EXTRA_REPS)
		snprintf(p->note, sizeof(p->note),
			 "interval straddles the allowed %s and the estimate is almost on it: over %u more rounds would be needed",
			 allowed, COMPARE_MAX_EXTRA_REPS);
	else if (p->extra_reps)
		snprintf(p->note, sizeof(p->note),
			 "interval straddles the allowed %s: about %u more round(s) would likely decide", allowed,
			 p->extra_reps);
	else
		snprintf(p->note, sizeof(p->note), "the estimate sits on the allowed %s: more rounds will not decide",
			 allowed);
}

/* The paired analysis: (native, container) runs matched by round, in round
 * order (both lists sorted by round). Sets the interval, the noise floor
 * and p->verdict to pass, fail or undecided (inconclusive). */
static int compare_judge_paired(const struct compare_options *opt, struct compare_point *p,
				const struct compare_run *nv, size_t nn, const struct compare_run *cv, size_t nc,
				double *tmp)
{
	double *o = malloc((nn + 1) * sizeof(*o)), *allowed = malloc((nn + 1) * sizeof(*allowed));
	double *xn = malloc((nn + 1) * sizeof(*xn)), sign = p->higher_is_better ? -1 : 1, floor_log;
	struct compare_run *matched = malloc((nn + 1) * sizeof(*matched));
	struct paired_result r;
	size_t i = 0, j = 0, n = 0;
	int ret = -ENOMEM;

	if (!o || !allowed || !xn || !matched)
		goto out;
	while (i < nn && j < nc) {
		if (nv[i].round < cv[j].round) {
			i++;
			continue;
		}
		if (nv[i].round > cv[j].round) {
			j++;
			continue;
		}
		if (nv[i].median > 0 && cv[j].median > 0) {
			o[n] = sign * log(cv[j].median / nv[i].median);
			xn[n] = log(nv[i].median);
			matched[n] = nv[i];
			/* The allowance with this many rounds, from the native median so far. */
			allowed[n] = compare_allowance(p, compare_median_of(matched, n + 1, tmp));
			n++;
		}
		i++;
		j++;
	}
	p->n_pairs = n;
	ret = 0;
	if (n == 0)
		goto out;
	ret = paired_judge(o, n, allowed, 0, opt->schedule, opt->closing, 1 - opt->confidence / 100, &r);
	if (ret)
		goto out;
	compare_set_interval(p, &r);
	floor_log = paired_noise_floor(xn, n, r.alpha);
	p->noise_pct = isnan(floor_log) ? NAN : (exp(floor_log) - 1) * 100;
	if (r.decision == PAIRED_PASS) {
		p->verdict = COMPARE_PASS;
	} else if (r.decision == PAIRED_FAIL) {
		p->verdict = COMPARE_FAIL;
		snprintf(p->note, sizeof(p->note), "overhead %+.1f%% [%+.1f%%, %+.1f%%] exceeds the allowed %.1f%%",
			 p->overhead_pct, p->overhead_low_pct, p->overhead_high_pct, p->allowed_pct);
	} else {
		compare_undecided(p);
	}
out:
	free(o);
	free(allowed);
	free(xn);
	free(matched);
	return ret;
}

static int compare_point_fill(const struct compare_result *res, const struct campaign_set *set,
			      const struct compare_options *opt,
			      const struct compare_series *base, const struct compare_series *cand,
			      const struct compare_key *k, struct compare_run *nv, struct compare_run *cv,
			      double *tmp, struct compare_point *p)
{
	size_t nmis = 0, cmis = 0;
	int ret;

	memset(p, 0, sizeof(*p));
	p->kernel = k->kernel;
	p->metric = k->metric;
	p->unit = k->unit;
	p->placement = k->place;
	p->size_bytes = k->size_bytes;
	p->higher_is_better = kernels_metric_better(k->metric) == KERNELS_HIGHER_IS_BETTER;
	p->n_native = compare_collect(res, set, base, k, nv, &p->native_bad, &nmis);
	p->n_container = compare_collect(res, set, cand, k, cv, &p->container_bad, &cmis);
	qsort(nv, p->n_native, sizeof(*nv), compare_run_cmp);
	qsort(cv, p->n_container, sizeof(*cv), compare_run_cmp);
	p->native_median = p->container_median = p->ratio = p->ci_low = p->ci_high = NAN;
	p->overhead_pct = p->overhead_low_pct = p->overhead_high_pct = NAN;
	p->limit_ratio = p->allowed_pct = p->noise_pct = p->confidence_pct = NAN;
	compare_minmax(nv, p->n_native, &p->native_min, &p->native_max);
	compare_minmax(cv, p->n_container, &p->container_min, &p->container_max);
	compare_transports(nv, p->n_native, p->native_transport, sizeof(p->native_transport));
	compare_transports(cv, p->n_container, p->container_transport, sizeof(p->container_transport));
	if (p->n_native)
		p->native_median = compare_median_of(nv, p->n_native, tmp);
	if (p->n_container)
		p->container_median = compare_median_of(cv, p->n_container, tmp);
	p->rule = thresholds_lookup(opt->thresholds, k->kernel, k->metric, k->size_bytes);
	if (p->rule && p->n_native && p->native_median > 0) {
		p->limit_ratio = thresholds_limit_ratio(p->rule, p->higher_is_better, p->native_median);
		p->allowed_pct = (p->higher_is_better ? 1 - p->limit_ratio : p->limit_ratio - 1) * 100;
		if (p->n_container) {
			ret = compare_judge_paired(opt, p, nv, p->n_native, cv, p->n_container, tmp);
			if (ret)
				return ret;
		}
	}
	if (compare_judge_early(res, p, nmis, cmis))
		return 0;
	compare_judge_suspected(p, opt->thresholds);
	return 0;
}

static int compare_add_series(struct compare_result *res, const struct campaign_set *set,
			      size_t campaign, const char *mode)
{
	struct compare_series *v = realloc(res->series, (res->nseries + 1) * sizeof(*v));
	struct compare_series *s;
	int r;

	if (!v)
		return -ENOMEM;
	res->series = v;
	s = &v[res->nseries];
	memset(s, 0, sizeof(*s));
	s->campaign = campaign;
	s->mode = mode;
	s->worst = -1;
	if (set->ncampaigns > 1)
		r = asprintf(&s->label, "%s/%s", set->names[campaign], mode);
	else
		r = asprintf(&s->label, "%s", mode);
	if (r < 0)
		return -ENOMEM;
	compare_count_runs(set, s);
	res->nseries++;
	return 0;
}

/* Series in a stable order, whatever order the rounds ran the modes in:
 * by campaign, then mode in the order of plan.h (native, hybrid, bind,
 * container-only, control), unknown modes after by name. */
static int compare_series_cmp(const void *pa, const void *pb)
{
	const struct compare_series *a = pa, *b = pb;
	int ma = mode_find(a->mode), mb = mode_find(b->mode);

	if (a->campaign != b->campaign)
		return a->campaign > b->campaign ? 1 : -1;
	if (ma >= 0 && mb >= 0 && ma != mb)
		return ma - mb;
	if ((ma >= 0) != (mb >= 0))
		return ma >= 0 ? -1 : 1;
	return strcmp(a->mode, b->mode);
}

/* Candidate series: every (campaign, mode) but the baseline. */
static int compare_find_series(struct compare_result *res, const struct campaign_set *set)
{
	size_t i, j;
	int ret;

	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		const char *mode = campaign_field(r, RUNS_COL_mode);
		int known = compare_in_series(r, &res->baseline);

		for (j = 0; j < res->nseries && !known; j++)
			known = compare_in_series(r, &res->series[j]);
		if (known)
			continue;
		ret = compare_add_series(res, set, r->campaign, mode);
		if (ret)
			return ret;
	}
	if (res->nseries > 1)
		qsort(res->series, res->nseries, sizeof(*res->series), compare_series_cmp);
	return 0;
}

static void compare_summarize(struct compare_result *res, size_t s)
{
	struct compare_series *se = &res->series[s];
	size_t i;

	se->verdict = COMPARE_PASS;
	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];

		if (p->series != s)
			continue;
		se->npoints++;
		se->count[p->verdict]++;
		if (p->verdict > se->verdict)
			se->verdict = p->verdict;
	}
	if (se->npoints == 0)
		se->verdict = COMPARE_NO_DATA;
	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];

		if (p->series != s || p->verdict != se->verdict)
			continue;
		/* Among equals the largest overhead is the worst. */
		if (se->worst < 0 || (!isnan(p->overhead_pct) &&
				      (isnan(res->points[se->worst].overhead_pct) ||
				       p->overhead_pct > res->points[se->worst].overhead_pct)))
			se->worst = (long)i;
	}
}

int compare_run(const struct campaign_set *set, const struct compare_options *opt,
		struct compare_result *out)
{
	struct compare_run *nv = NULL, *cv = NULL;
	double *tmp = NULL;
	size_t s, i;
	int ret = -ENOMEM;

	memset(out, 0, sizeof(*out));
	out->confidence = opt->confidence;
	out->schedule = opt->schedule;
	out->baseline.campaign = 0;
	out->baseline.mode = "native";
	out->baseline.worst = -1;
	if (asprintf(&out->baseline.label, "%s%snative", set->ncampaigns > 1 ? set->names[0] : "",
		     set->ncampaigns > 1 ? "/" : "") < 0) {
		out->baseline.label = NULL;
		return -ENOMEM;
	}
	compare_count_runs(set, &out->baseline);
	if (out->baseline.runs_ok + out->baseline.runs_failed + out->baseline.runs_timeout +
	    out->baseline.runs_mismatch == 0) {
		errors_log("campaign '%s' has no native runs: nothing to compare against",
			set->ncampaigns ? set->names[0] : "");
		return -ENODATA;
	}
	nv = malloc((set->n + 1) * sizeof(*nv));
	cv = malloc((set->n + 1) * sizeof(*cv));
	tmp = malloc((set->n + 1) * sizeof(*tmp));
	if (!nv || !cv || !tmp)
		goto out;
	ret = compare_find_placements(out, set);
	if (ret == 0)
		ret = compare_find_series(out, set);
	for (s = 0; ret == 0 && s < out->nseries; s++) {
		struct compare_key *keys = NULL;
		size_t nkeys = 0;
		struct compare_point *v;

		ret = compare_keys(out, set, &out->baseline, &out->series[s], &keys, &nkeys);
		if (ret)
			break;
		v = realloc(out->points, (out->npoints + nkeys + 1) * sizeof(*v));
		if (!v) {
			free(keys);
			ret = -ENOMEM;
			break;
		}
		out->points = v;
		for (i = 0; ret == 0 && i < nkeys; i++) {
			ret = compare_point_fill(out, set, opt, &out->baseline, &out->series[s], &keys[i], nv, cv, tmp,
						 &out->points[out->npoints]);
			if (ret == 0)
				out->points[out->npoints++].series = s;
		}
		free(keys);
		if (ret == 0)
			compare_summarize(out, s);
	}
out:
	free(nv);
	free(cv);
	free(tmp);
	return ret;
}

void compare_kernel_label(const char *kernel, const char *metric, char *buf, size_t len)
{
	const struct kernels_info *k = kernels_find(kernel);

	if (k && strcmp(k->metric, metric) == 0)
		snprintf(buf, len, "%s", kernel);
	else
		snprintf(buf, len, "%s %s", kernel, metric);
}

/* "12.0% above native" / "3.1% better than native" in the metric's terms. */
static void compare_overhead_words(const struct compare_point *p, char *buf, size_t len)
{
	double o = p->overhead_pct;

	if (isnan(o))
		snprintf(buf, len, "not measured");
	else if (o >= 0)
		snprintf(buf, len, "%.1f%% %s native", o, p->higher_is_better ? "below" : "above");
	else
		snprintf(buf, len, "%.1f%% better than native", -o);
}

/* Where a point is, in words: "bw at 1 MiB" (and its placement when the
 * campaign has several). */
static void compare_point_where(const struct compare_result *res, const struct compare_point *p, char *buf,
				size_t len)
{
	char what[96], sz[32], place[96];

	compare_kernel_label(p->kernel, p->metric, what, sizeof(what));
	sizes_format(p->size_bytes, sz, sizeof(sz));
	if (res->nplacements > 1) {
		compare_placement_label(res, p->placement, place, sizeof(place));
		snprintf(buf, len, "%s at %s B (%s)", what, sz, place);
	} else {
		snprintf(buf, len, "%s at %s B", what, sz);
	}
}

/* The worst point of series s with verdict v (largest overhead), or NULL. */
static const struct compare_point *compare_worst_of(const struct compare_result *res, size_t s,
						    enum compare_verdict v)
{
	const struct compare_point *w = NULL;
	size_t i;

	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];

		if (p->series != s || p->verdict != v)
			continue;
		if (!w || (!isnan(p->overhead_pct) && (isnan(w->overhead_pct) || p->overhead_pct > w->overhead_pct)))
			w = p;
	}
	return w;
}

/* "; 70 pass, 3 inconclusive, 2 unresolvable" for the verdicts other than
 * `except`, in severity order. */
static void compare_counts_words(const struct compare_series *se, enum compare_verdict except, char *buf,
				 size_t len)
{
	size_t used = 0;
	int v;

	buf[0] = '\0';
	for (v = 0; v < COMPARE_NVERDICTS; v++) {
		if (v == (int)except || !se->count[v] || used >= len)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%zu %s", used ? ", " : "; ", se->count[v],
					 compare_verdict_name((enum compare_verdict)v));
	}
}

void compare_series_summary(const struct compare_result *res, size_t s, char *buf, size_t len)
{
	const struct compare_series *se = &res->series[s];
	const struct compare_point *w = se->worst >= 0 ? &res->points[se->worst] : NULL;
	const struct compare_point *inc = compare_worst_of(res, s, COMPARE_INCONCLUSIVE);
	const struct compare_point *unr = compare_worst_of(res, s, COMPARE_UNRESOLVABLE);
	char where[256] = "", words[96] = "", others[256], why[640] = "";
	size_t bad = se->count[se->verdict], undecided = se->count[COMPARE_INCONCLUSIVE] + se->count[COMPARE_UNRESOLVABLE];

	if (w) {
		compare_point_where(res, w, where, sizeof(where));
		compare_overhead_words(w, words, sizeof(words));
	}
	compare_counts_words(se, se->verdict, others, sizeof(others));
	/* Why the undecided points are undecided, after the main clause. */
	if (undecided && se->verdict != COMPARE_INCONCLUSIVE && se->verdict != COMPARE_UNRESOLVABLE)
		snprintf(why, sizeof(why), " %zu point(s) not decided: %s", undecided,
			 unr ? "some sit below this machine's noise floor" : "more rounds would likely decide them");
	switch (se->verdict) {
	case COMPARE_PASS:
		snprintf(buf, len, "%s: PASS. All %zu points are within their thresholds; the largest overhead is %s: %s (allowed %.1f%%).",
			 se->label, se->npoints, where, words, w ? w->allowed_pct : NAN);
		break;
	case COMPARE_INCONCLUSIVE:
	case COMPARE_UNRESOLVABLE: {
		char at[256], ow[96], detail[768] = "";
		size_t u = 0;

		if (inc) {
			compare_point_where(res, inc, at, sizeof(at));
			compare_overhead_words(inc, ow, sizeof(ow));
			u += (size_t)snprintf(detail, sizeof(detail),
					      "%zu inconclusive, where more rounds would likely decide (e.g. %s: %s, allowed %.1f%%)",
					      se->count[COMPARE_INCONCLUSIVE], at, ow, inc->allowed_pct);
		}
		if (unr && u < sizeof(detail)) {
			compare_point_where(res, unr, at, sizeof(at));
			snprintf(detail + u, sizeof(detail) - u, "%s%zu unresolvable on this machine (e.g. %s: %s)",
				 u ? "; " : "", se->count[COMPARE_UNRESOLVABLE], at, unr->note);
		}
		snprintf(buf, len, "%s: %s. No point fails; %zu of %zu pass and %zu are not decided: %s.", se->label,
			 se->verdict == COMPARE_UNRESOLVABLE ? "UNRESOLVABLE" : "INCONCLUSIVE", se->count[COMPARE_PASS],
			 se->npoints, undecided, detail);
		break;
	}
	case COMPARE_NO_DATA:
		snprintf(buf, len, "%s: NO DATA. %zu of %zu points have nothing to compare (%zu run(s) failed, %zu timed out)%s%s%s.",
			 se->label, bad, se->npoints, se->runs_failed, se->runs_timeout,
			 w ? "; first: " : "", where, others);
		break;
	case COMPARE_FAIL:
		snprintf(buf, len, "%s: FAIL. %zu of %zu points exceed their threshold; the worst is %s: %s (allowed %.1f%%)%s.%s",
			 se->label, bad, se->npoints, where, words, w ? w->allowed_pct : NAN, others, why);
		break;
	case COMPARE_SUSPECTED:
		snprintf(buf, len, "%s: FALLBACK SUSPECTED. %zu of %zu points look like a silent slow path and the runs carry no transport evidence; the worst is %s: %s%s. Check the transport and which libmpi was loaded.",
			 se->label, bad, se->npoints, where, w ? w->note : "", others);
		break;
	case COMPARE_FALLBACK:
		snprintf(buf, len, "%s: FALLBACK. %zu of %zu points ran over a slower transport than native (%s where native used %s); the worst is %s: %s%s.",
			 se->label, bad, se->npoints, w ? w->container_transport : "?", w ? w->native_transport : "?",
			 where, words, others);
		break;
	case COMPARE_MISMATCH:
		snprintf(buf, len, "%s: MODE MISMATCH. %zu run(s) did not run as %s (the provenance check failed); %zu of %zu points are not judged%s.",
			 se->label, se->runs_mismatch, se->mode, bad, se->npoints, others);
		break;
	case COMPARE_NVERDICTS:
		break;
	}
}

void compare_overall(const struct compare_result *res, char *buf, size_t len)
{
	size_t count[COMPARE_NVERDICTS] = { 0 }, total = 0, s, used;
	enum compare_verdict worst = COMPARE_PASS;
	static const char *const word[] = {
		[COMPARE_PASS] = "PASS", [COMPARE_INCONCLUSIVE] = "INCONCLUSIVE", [COMPARE_UNRESOLVABLE] = "UNRESOLVABLE",
		[COMPARE_NO_DATA] = "NO DATA", [COMPARE_FAIL] = "FAIL", [COMPARE_SUSPECTED] = "FALLBACK SUSPECTED",
		[COMPARE_FALLBACK] = "FALLBACK", [COMPARE_MISMATCH] = "MODE MISMATCH",
	};
	int v;

	for (s = 0; s < res->nseries; s++) {
		for (v = 0; v < COMPARE_NVERDICTS; v++)
			count[v] += res->series[s].count[v];
		total += res->series[s].npoints;
		if (res->series[s].verdict > worst)
			worst = res->series[s].verdict;
	}
	if (res->nseries == 0)
		worst = COMPARE_NO_DATA;
	if (worst == COMPARE_PASS) {
		snprintf(buf, len, "PASS: all %zu points of %zu mode(s) pass", total, res->nseries);
		return;
	}
	used = (size_t)snprintf(buf, len, "%s: %zu of %zu points %s", word[worst], count[worst], total,
				worst == COMPARE_INCONCLUSIVE || worst == COMPARE_UNRESOLVABLE ? "not decided"
											: compare_verdict_name(worst));
	if (worst == COMPARE_INCONCLUSIVE || worst == COMPARE_UNRESOLVABLE)
		used = (size_t)snprintf(buf, len, "%s: %zu of %zu points not decided", word[worst],
					count[COMPARE_INCONCLUSIVE] + count[COMPARE_UNRESOLVABLE], total);
	for (v = 0; v < COMPARE_NVERDICTS && used < len; v++) {
		if (!count[v] || v == (int)worst ||
		    ((worst == COMPARE_INCONCLUSIVE || worst == COMPARE_UNRESOLVABLE) &&
		     (v == COMPARE_INCONCLUSIVE || v == COMPARE_UNRESOLVABLE)))
			continue;
		used += (size_t)snprintf(buf + used, len - used, ", %zu %s", count[v],
					 compare_verdict_name((enum compare_verdict)v));
	}
	if (used < len && (worst == COMPARE_INCONCLUSIVE || worst == COMPARE_UNRESOLVABLE))
		snprintf(buf + used, len - used, " (%zu inconclusive, %zu unresolvable)", count[COMPARE_INCONCLUSIVE],
			 count[COMPARE_UNRESOLVABLE]);
}

void compare_free(struct compare_result *res)
{
	size_t i;

	for (i = 0; i < res->nseries; i++)
		free(res->series[i].label);
	free(res->baseline.label);
	free(res->series);
	free(res->points);
	free(res->placements);
	memset(res, 0, sizeof(*res));
}
