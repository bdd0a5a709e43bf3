#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "kernels.h"
#include "sizes.h"
#include "stats.h"

#define COMPARE_VERDICT_NAME(id, name) name,
static const char *const compare_verdict_names[] = { COMPARE_VERDICTS(COMPARE_VERDICT_NAME) };
#undef COMPARE_VERDICT_NAME

/* More repetitions than this are not worth suggesting. */
#define COMPARE_MAX_EXTRA_REPS 10000u

const char *compare_verdict_name(enum compare_verdict v)
{
	return compare_verdict_names[v];
}

int compare_verdict_fails(enum compare_verdict v, int strict)
{
	return v == COMPARE_FAIL || v == COMPARE_FALLBACK || v == COMPARE_MISMATCH ||
	       v == COMPARE_NO_DATA || (strict && v == COMPARE_INCONCLUSIVE);
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

/* Successful medians of the point in series s into vals; non-ok rows
 * counted in *bad (mode-mismatch rows also in *mismatch). */
static size_t compare_collect(const struct compare_result *res, const struct campaign_set *set,
			      const struct compare_series *s, const struct compare_key *k, double *vals,
			      size_t *bad, size_t *mismatch)
{
	size_t i, n = 0;

	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];

		if (!compare_in_series(r, s) || !compare_row_matches(res, r, k))
			continue;
		if (r->status == CAMPAIGN_OK)
			vals[n++] = r->median;
		else {
			(*bad)++;
			if (r->status == CAMPAIGN_MODE_MISMATCH)
				(*mismatch)++;
		}
	}
	return n;
}

static void compare_minmax(const double *v, size_t n, double *min, double *max)
{
	size_t i;

	*min = *max = n ? v[0] : NAN;
	for (i = 1; i < n; i++) {
		if (v[i] < *min)
			*min = v[i];
		if (v[i] > *max)
			*max = v[i];
	}
}

static double compare_median_copy(const double *v, size_t n, double *tmp)
{
	memcpy(tmp, v, n * sizeof(*tmp));
	return stats_median_inplace(tmp, n);
}

/* How many more repetitions would shrink the interval (width ~ 1/sqrt(n))
 * until it no longer reaches the limit; 0 when the estimate sits on it. */
static unsigned compare_extra_reps(const struct compare_point *p)
{
	size_t n = p->n_native < p->n_container ? p->n_native : p->n_container;
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

static void compare_judge(const struct compare_result *res, struct compare_point *p,
			  const struct thresholds *thr, size_t native_mismatch, size_t container_mismatch)
{
	char sz[32], where[160];

	sizes_format(p->size_bytes, sz, sizeof(sz));
	if (native_mismatch || container_mismatch) {
		p->verdict = COMPARE_MISMATCH;
		snprintf(p->note, sizeof(p->note),
			 "%zu run(s) did not run in the mode they claim (provenance check); their numbers are not used",
			 native_mismatch + container_mismatch);
		return;
	}
	if (p->n_native == 0 && p->native_bad == 0) {
		/* Another placement's native is no baseline: say which is missing. */
		compare_placement_label(res, p->placement, where, sizeof(where));
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note),
			 "no native run with placement %s at %s B: nothing to compare against", where, sz);
		return;
	}
	if (p->n_native == 0 || p->n_container == 0) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "no successful %s run (%zu failed or timed out)",
			 p->n_native == 0 ? "native" : "container", p->n_native == 0 ? p->native_bad : p->container_bad);
		return;
	}
	if (!p->rule) {
		p->verdict = COMPARE_NO_DATA;
		snprintf(p->note, sizeof(p->note), "no threshold rule matches %s %s at %s", p->kernel, p->metric, sz);
		return;
	}
	if (!p->higher_is_better && strcmp(p->metric, "latency") == 0 &&
	    p->ci_low >= thr->fallback_latency_ratio &&
	    p->container_median - p->native_median >= thr->fallback_latency_excess) {
		p->verdict = COMPARE_FALLBACK;
		snprintf(p->note, sizeof(p->note),
			 "latency %.1fx native (+%.3g %s): the signature of a silent fallback to TCP or another slow path",
			 p->ratio, p->container_median - p->native_median, p->unit);
		return;
	}
	if (p->higher_is_better && strcmp(p->metric, "bandwidth") == 0 &&
	    p->ci_high <= thr->fallback_bandwidth_ratio) {
		p->verdict = COMPARE_FALLBACK;
		snprintf(p->note, sizeof(p->note),
			 "bandwidth %.0f%% of native: the signature of a silent fallback to TCP or another slow path",
			 100.0 * p->ratio);
		return;
	}
	if (p->higher_is_better ? p->ci_low >= p->limit_ratio : p->ci_high <= p->limit_ratio) {
		p->verdict = COMPARE_PASS;
	} else if (p->higher_is_better ? p->ci_high < p->limit_ratio : p->ci_low > p->limit_ratio) {
		p->verdict = COMPARE_FAIL;
		snprintf(p->note, sizeof(p->note), "overhead %+.1f%% [%+.1f%%, %+.1f%%] exceeds the allowed %.1f%%",
			 p->overhead_pct, p->overhead_low_pct, p->overhead_high_pct, p->allowed_pct);
	} else {
		p->verdict = COMPARE_INCONCLUSIVE;
		p->extra_reps = compare_extra_reps(p);
		if (p->extra_reps >= COMPARE_MAX_EXTRA_REPS)
			snprintf(p->note, sizeof(p->note),
				 "interval straddles the allowed %.1f%% and the estimate is almost on it: over %u more repetitions would be needed",
				 p->allowed_pct, COMPARE_MAX_EXTRA_REPS);
		else if (p->extra_reps)
			snprintf(p->note, sizeof(p->note),
				 "interval straddles the allowed %.1f%%: about %u more repetition(s) would likely decide",
				 p->allowed_pct, p->extra_reps);
		else
			snprintf(p->note, sizeof(p->note),
				 "the estimate sits on the allowed %.1f%%: more repetitions will not decide",
				 p->allowed_pct);
	}
}

static int compare_point_fill(const struct compare_result *res, const struct campaign_set *set,
			      const struct compare_options *opt,
			      const struct compare_series *base, const struct compare_series *cand,
			      const struct compare_key *k, double *nv, double *cv, double *tmp,
			      struct compare_point *p)
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
	p->native_median = p->container_median = p->ratio = p->ci_low = p->ci_high = NAN;
	p->overhead_pct = p->overhead_low_pct = p->overhead_high_pct = NAN;
	p->limit_ratio = p->allowed_pct = NAN;
	compare_minmax(nv, p->n_native, &p->native_min, &p->native_max);
	compare_minmax(cv, p->n_container, &p->container_min, &p->container_max);
	if (p->n_native)
		p->native_median = compare_median_copy(nv, p->n_native, tmp);
	if (p->n_container)
		p->container_median = compare_median_copy(cv, p->n_container, tmp);
	p->rule = thresholds_lookup(opt->thresholds, k->kernel, k->metric, k->size_bytes);
	if (p->n_native && p->n_container) {
		ret = bootstrap_ratio_ci(cv, p->n_container, nv, p->n_native, opt->resamples,
					 opt->confidence, opt->seed, &p->ratio, &p->ci_low, &p->ci_high);
		if (ret == -EDOM) {
			p->verdict = COMPARE_NO_DATA;
			snprintf(p->note, sizeof(p->note), "the native median is 0: no ratio");
			return 0;
		}
		if (ret)
			return ret;
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
	if (p->rule && p->n_native) {
		p->limit_ratio = thresholds_limit_ratio(p->rule, p->higher_is_better, p->native_median);
		p->allowed_pct = (p->higher_is_better ? 1 - p->limit_ratio : p->limit_ratio - 1) * 100;
	}
	compare_judge(res, p, opt->thresholds, nmis, cmis);
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

/* Candidate series in order of first appearance. */
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
	double *nv = NULL, *cv = NULL, *tmp = NULL;
	size_t s, i;
	int ret = -ENOMEM;

	memset(out, 0, sizeof(*out));
	out->resamples = opt->resamples;
	out->confidence = opt->confidence;
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
		fprintf(stderr, "parity: campaign '%s' has no native runs: nothing to compare against\n",
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

void compare_series_summary(const struct compare_result *res, size_t s, char *buf, size_t len)
{
	const struct compare_series *se = &res->series[s];
	const struct compare_point *w = se->worst >= 0 ? &res->points[se->worst] : NULL;
	char sz[224] = "", words[96] = "", limit[64] = "", what[96] = "", place[160];
	size_t bad = se->count[se->verdict];

	if (w) {
		compare_kernel_label(w->kernel, w->metric, what, sizeof(what));
		sizes_format(w->size_bytes, sz, sizeof(sz));
		strcat(sz, " B");
		/* Name the placement only when there is more than one. */
		if (res->nplacements > 1) {
			compare_placement_label(res, w->placement, place, sizeof(place));
			snprintf(sz + strlen(sz), sizeof(sz) - strlen(sz), " (%s)", place);
		}
		compare_overhead_words(w, words, sizeof(words));
		snprintf(limit, sizeof(limit), "%.1f%%", w->allowed_pct);
	}
	switch (se->verdict) {
	case COMPARE_PASS:
		snprintf(buf, len, "%s: PASS. All %zu points are within their thresholds; the largest overhead is %s at %s: %s (allowed %s).",
			 se->label, se->npoints, what, sz, words, limit);
		break;
	case COMPARE_INCONCLUSIVE:
		snprintf(buf, len, "%s: INCONCLUSIVE. No point fails, but %zu of %zu points straddle their threshold; the worst is %s at %s: %s (allowed %s); %s.",
			 se->label, bad, se->npoints, what, sz, words, limit, w->note);
		break;
	case COMPARE_NO_DATA:
		snprintf(buf, len, "%s: NO DATA. %zu of %zu points have nothing to compare (%zu run(s) failed, %zu timed out)%s%s%s%s.",
			 se->label, bad, se->npoints, se->runs_failed, se->runs_timeout,
			 w ? "; first: " : "", w ? what : "", w ? " at " : "", w ? sz : "");
		break;
	case COMPARE_FAIL:
		snprintf(buf, len, "%s: FAIL. %zu of %zu points exceed their threshold; the worst is %s at %s: %s (allowed %s).",
			 se->label, bad, se->npoints, what, sz, words, limit);
		break;
	case COMPARE_FALLBACK:
		snprintf(buf, len, "%s: FALLBACK SUSPECTED. %zu of %zu points look like a silent slow path; the worst is %s at %s: %s. Check the transport and which libmpi was loaded.",
			 se->label, bad, se->npoints, what, sz, w->note);
		break;
	case COMPARE_MISMATCH:
		snprintf(buf, len, "%s: MODE MISMATCH. %zu run(s) did not run as %s (the provenance check failed); %zu of %zu points are not judged.",
			 se->label, se->runs_mismatch, se->mode, bad, se->npoints);
		break;
	case COMPARE_NVERDICTS:
		break;
	}
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
