#include "trend.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis.h"
#include "core/errors.h"
#include "kernels.h"

/* The earliest start_time of a campaign's rows ("" when none has one). */
static void trend_date_of(const struct campaign_set *set, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < set->n; i++) {
		const char *t = campaign_field(&set->rows[i], RUNS_COL_start_time);

		if (*t && (!buf[0] || strcmp(t, buf) < 0))
			snprintf(buf, len, "%s", t);
	}
}

/* Every campaign folder of results (a runs.csv inside) dated on or after
 * since, added to names. */
static int trend_since(const char *results, const char *since, struct strvec *names)
{
	DIR *d = opendir(results);
	struct dirent *e;
	int ret = 0;

	if (!d) {
		ret = -errno;
		errors_log("cannot read %s: %s", results, strerror(errno));
		return ret;
	}
	while (!ret && (e = readdir(d))) {
		struct campaign_set set = { 0 };
		char *dir = NULL, *csv = NULL, date[64];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&dir, "%s/%s", results, e->d_name) < 0 || asprintf(&csv, "%s/runs.csv", dir) < 0) {
			free(dir);
			closedir(d);
			return -ENOMEM;
		}
		if (stat(csv, &st) == 0 && S_ISREG(st.st_mode) && campaign_load(&set, dir, e->d_name) == 0) {
			trend_date_of(&set, date, sizeof(date));
			if (date[0] && strcmp(date, since) >= 0)
				ret = strvec_push(names, e->d_name);
		}
		campaign_free(&set);
		free(dir);
		free(csv);
	}
	closedir(d);
	return ret;
}

struct trend_campaign {
	char *name;
	char date[64];
	struct analysis a;
	bool open;
};

static int trend_campaign_cmp(const void *pa, const void *pb)
{
	const struct trend_campaign *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);

	return c ? c : strcmp(a->name, b->name);
}

static int trend_selected_kernel(const struct trend_options *o, const char *kernel)
{
	size_t i;

	if (!o->kernels || o->kernels->n == 0)
		return 1;
	for (i = 0; i < o->kernels->n; i++)
		if (strcmp(o->kernels->v[i], kernel) == 0)
			return 1;
	return 0;
}

/* Is the point's size one the trend shows? The listed sizes, or the
 * smallest and largest size of its kernel and metric in any campaign. */
static int trend_selected_size(const struct trend_options *o, const struct trend_campaign *c, size_t n,
			       const struct compare_point *p)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t i, j;

	if (o->sizes) {
		for (i = 0; i < o->nsizes; i++)
			if (o->sizes[i] == p->size_bytes)
				return 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < c[i].a.result.npoints; j++) {
			const struct compare_point *q = &c[i].a.result.points[j];

			if (strcmp(q->kernel, p->kernel) || strcmp(q->metric, p->metric))
				continue;
			if (q->size_bytes < lo)
				lo = q->size_bytes;
			if (q->size_bytes > hi)
				hi = q->size_bytes;
		}
	return p->size_bytes == lo || p->size_bytes == hi;
}

static long trend_mode_index(const struct trend *t, const char *mode)
{
	size_t i;

	for (i = 0; i < t->nmodes; i++)
		if (strcmp(t->modes[i], mode) == 0)
			return (long)i;
	return -1;
}

static int trend_add_mode(struct trend *t, const char *mode)
{
	char **v;

	if (trend_mode_index(t, mode) >= 0)
		return 0;
	v = realloc(t->modes, (t->nmodes + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	t->modes = v;
	v[t->nmodes] = strdup(mode);
	if (!v[t->nmodes])
		return -ENOMEM;
	t->nmodes++;
	return 0;
}

/* The row of a point (added when missing, with its cells). */
static struct trend_row *trend_row_of(struct trend *t, const struct compare_result *res, const struct compare_point *p)
{
	const struct compare_placement *pl = &res->placements[p->placement];
	struct trend_row *v, *r;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (r->size_bytes == p->size_bytes && r->ranks == pl->ranks && strcmp(r->kernel, p->kernel) == 0 &&
		    strcmp(r->metric, p->metric) == 0 && strcmp(r->placement, pl->placement) == 0)
			return r;
	}
	v = realloc(t->rows, (t->nrows + 1) * sizeof(*v));
	if (!v)
		return NULL;
	t->rows = v;
	r = &v[t->nrows];
	memset(r, 0, sizeof(*r));
	r->kernel = strdup(p->kernel);
	r->metric = strdup(p->metric);
	r->unit = strdup(p->unit);
	r->placement = strdup(pl->placement);
	r->ranks = pl->ranks;
	r->size_bytes = p->size_bytes;
	r->cells = calloc(t->ncampaigns * t->nmodes, sizeof(*r->cells));
	r->drift = calloc(t->ncampaigns, sizeof(*r->drift));
	t->nrows++;
	if (!r->kernel || !r->metric || !r->unit || !r->placement || !r->cells || !r->drift)
		return NULL;
	return r;
}

/* Campaign i's comparison into the rows. */
static int trend_fill(struct trend *t, const struct trend_options *o, const struct trend_campaign *c, size_t n,
		      size_t i)
{
	const struct compare_result *res = &c[i].a.result;
	size_t j;

	for (j = 0; j < res->npoints; j++) {
		const struct compare_point *p = &res->points[j];
		long m = trend_mode_index(t, res->series[p->series].mode);
		struct trend_row *r;
		struct trend_cell *cell;

		if (m < 0 || !trend_selected_kernel(o, p->kernel) || !trend_selected_size(o, c, n, p))
			continue;
		r = trend_row_of(t, res, p);
		if (!r)
			return -ENOMEM;
		cell = &r->cells[i * t->nmodes + (size_t)m];
		cell->present = true;
		cell->value = p->container_median;
		cell->overhead_pct = p->overhead_pct;
		cell->low_pct = p->overhead_low_pct;
		cell->high_pct = p->overhead_high_pct;
		cell->verdict = p->verdict;
		cell = &r->cells[i * t->nmodes];
		if (!cell->present && p->n_native) {
			cell->present = true;
			cell->value = p->native_median;
			cell->overhead_pct = cell->low_pct = cell->high_pct = NAN;
			cell->verdict = COMPARE_PASS;
		}
	}
	return 0;
}

/* Native of campaign i against native of campaign i-1 into the rows. */
static int trend_drift(struct trend *t, const struct trend_options *o, const struct trend_campaign *c, size_t i)
{
	struct analysis_options ao = { 0 };
	struct analysis pair;
	size_t j, k;
	int ret;

	memset(&pair, 0, sizeof(pair));
	ao.results = (char *)o->results;
	ao.campaign = c[i - 1].name;
	ao.thresholds_file = (char *)o->thresholds_file;
	ret = strvec_push(&ao.against, c[i].name);
	if (!ret)
		ret = analysis_open(&pair, &ao);
	if (!ret) {
		const struct compare_result *res = &pair.result;

		for (j = 0; j < res->npoints; j++) {
			const struct compare_point *p = &res->points[j];
			const struct compare_series *s = &res->series[p->series];
			const struct compare_placement *pl = &res->placements[p->placement];

			if (s->campaign != 1 || strcmp(s->mode, "native") != 0)
				continue;
			for (k = 0; k < t->nrows; k++) {
				struct trend_row *r = &t->rows[k];
				struct trend_drift *d = &r->drift[i];

				if (r->size_bytes != p->size_bytes || r->ranks != pl->ranks || strcmp(r->kernel, p->kernel) ||
				    strcmp(r->metric, p->metric) || strcmp(r->placement, pl->placement))
					continue;
				d->present = !isnan(p->overhead_pct);
				d->pct = p->overhead_pct;
				d->low_pct = p->overhead_low_pct;
				d->high_pct = p->overhead_high_pct;
				d->noise_pct = p->noise_pct;
				d->moved = d->present && !isnan(d->low_pct) && !isnan(d->noise_pct) &&
					   (d->low_pct > d->noise_pct || d->high_pct < -d->noise_pct);
			}
		}
	}
	analysis_close(&pair);
	strvec_free(&ao.against);
	return ret;
}

static int trend_row_cmp(const void *pa, const void *pb)
{
	const struct trend_row *a = pa, *b = pb;
	const struct kernels_info *ka = kernels_find(a->kernel), *kb = kernels_find(b->kernel);
	int c;

	if (ka && kb && ka->id != kb->id)
		return ka->id < kb->id ? -1 : 1;
	if (!ka != !kb)
		return ka ? -1 : 1;
	if ((c = strcmp(a->kernel, b->kernel)) || (c = strcmp(a->metric, b->metric)) ||
	    (c = strcmp(a->placement, b->placement)))
		return c;
	if (a->ranks != b->ranks)
		return a->ranks < b->ranks ? -1 : 1;
	return (a->size_bytes > b->size_bytes) - (a->size_bytes < b->size_bytes);
}

int trend_build(struct trend *t, const struct trend_options *o)
{
	struct strvec found = { 0 };
	const struct strvec *names = o->campaigns;
	struct trend_campaign *c = NULL;
	size_t n, i, j;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (o->since && (ret = trend_since(o->results, o->since, &found)) != 0)
		goto out;
	if (o->since)
		names = &found;
	n = names ? names->n : 0;
	if (n < 2) {
		if (o->since)
			errors_log("%zu campaign(s) in %s dated on or after %s: a trend needs two or more", n, o->results,
				   o->since);
		else
			errors_log("a trend needs two or more campaigns (--campaign A --campaign B ..., or --since DATE)");
		ret = -EINVAL;
		goto out;
	}
	c = calloc(n, sizeof(*c));
	if (!c) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !ret; i++) {
		struct analysis_options ao = { 0 };

		ao.results = (char *)o->results;
		ao.campaign = names->v[i];
		ao.thresholds_file = (char *)o->thresholds_file;
		c[i].name = names->v[i];
		ret = analysis_open(&c[i].a, &ao);
		c[i].open = true;
		if (!ret)
			trend_date_of(&c[i].a.set, c[i].date, sizeof(c[i].date));
	}
	if (ret)
		goto out;
	qsort(c, n, sizeof(*c), trend_campaign_cmp);
	t->ncampaigns = n;
	t->names = calloc(n, sizeof(*t->names));
	t->dates = calloc(n, sizeof(*t->dates));
	ret = t->names && t->dates ? trend_add_mode(t, "native") : -ENOMEM;
	for (i = 0; i < n && !ret; i++) {
		t->names[i] = strdup(c[i].name);
		t->dates[i] = strdup(c[i].date);
		if (!t->names[i] || !t->dates[i])
			ret = -ENOMEM;
		for (j = 0; j < c[i].a.result.nseries && !ret; j++)
			ret = trend_add_mode(t, c[i].a.result.series[j].mode);
	}
	for (i = 0; i < n && !ret; i++)
		ret = trend_fill(t, o, c, n, i);
	for (i = 1; i < n && !ret; i++)
		ret = trend_drift(t, o, c, i);
	if (!ret && t->nrows)
		qsort(t->rows, t->nrows, sizeof(*t->rows), trend_row_cmp);
	for (i = 0; !ret && i < t->nrows; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(t->rows[i].placement, t->rows[j].placement) == 0 && t->rows[i].ranks == t->rows[j].ranks)
				break;
		t->nplacements += j == i;
	}
	if (ret == -ENOMEM)
		errors_log("out of memory");
out:
	for (i = 0; c && i < n; i++)
		if (c[i].open)
			analysis_close(&c[i].a);
	free(c);
	strvec_free(&found);
	if (ret)
		trend_free(t);
	return ret;
}

size_t trend_moved_count(const struct trend *t)
{
	size_t i, j, n = 0;

	for (i = 0; i < t->nrows; i++)
		for (j = 1; j < t->ncampaigns; j++)
			n += t->rows[i].drift[j].moved;
	return n;
}

void trend_free(struct trend *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].kernel);
		free(t->rows[i].metric);
		free(t->rows[i].unit);
		free(t->rows[i].placement);
		free(t->rows[i].cells);
		free(t->rows[i].drift);
	}
	for (i = 0; i < t->ncampaigns; i++) {
		if (t->names)
			free(t->names[i]);
		if (t->dates)
			free(t->dates[i]);
	}
	for (i = 0; i < t->nmodes; i++)
		free(t->modes[i]);
	free(t->rows);
	free(t->names);
	free(t->dates);
	free(t->modes);
	memset(t, 0, sizeof(*t));
}
