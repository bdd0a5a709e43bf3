#include "trend_out.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/errors.h"
#include "csvio.h"
#include "report_assets.h"
#include "sizes.h"
#include "verdicts.h"

/* "latency 1K B" or "bw 1M B (inter, 2 ranks)". */
static void trend_out_label(const struct trend *t, const struct trend_row *r, char *buf, size_t len)
{
	char what[96], sz[32];

	compare_kernel_label(r->kernel, r->metric, what, sizeof(what));
	sizes_format(r->size_bytes, sz, sizeof(sz));
	if (t->nplacements > 1)
		snprintf(buf, len, "%s %s B (%s, %u rank%s)", what, sz, r->placement, r->ranks, r->ranks == 1 ? "" : "s");
	else
		snprintf(buf, len, "%s %s B", what, sz);
}

/* "+50.0% [+48.1%, +52.0%] beyond the noise floor 1.2%: native MOVED". */
static void trend_out_drift(const struct trend_drift *d, char *buf, size_t len)
{
	if (!d->present) {
		snprintf(buf, len, "-");
		return;
	}
	if (isnan(d->low_pct))
		snprintf(buf, len, "%+.1f%% (no interval)", d->pct);
	else
		snprintf(buf, len, "%+.1f%% [%+.1f%%, %+.1f%%], noise %.1f%%%s", d->pct, d->low_pct, d->high_pct,
			 d->noise_pct, d->moved ? ": MOVED" : "");
}

static void trend_out_cell(const struct trend *t, const struct trend_row *r, size_t c, size_t m, char *buf,
			   size_t len)
{
	const struct trend_cell *x = &r->cells[c * t->nmodes + m];

	if (!x->present)
		snprintf(buf, len, "-");
	else if (m == 0)
		snprintf(buf, len, "%.4g %s", x->value, r->unit);
	else if (isnan(x->overhead_pct))
		snprintf(buf, len, "%s", compare_verdict_name(x->verdict));
	else
		snprintf(buf, len, "%+.1f%% %s", x->overhead_pct, compare_verdict_name(x->verdict));
}

void trend_print(FILE *fp, const struct trend *t)
{
	char label[256], cell[96], drift[160], date[16];
	size_t i, c, m, moved = 0;

	for (i = 0; i < t->nrows; i++) {
		const struct trend_row *r = &t->rows[i];

		trend_out_label(t, r, label, sizeof(label));
		fprintf(fp, "%s\n  %-20s %-10s", label, "campaign", "date");
		for (m = 0; m < t->nmodes; m++)
			fprintf(fp, " %-22s", t->modes[m]);
		fprintf(fp, " native against the campaign before\n");
		for (c = 0; c < t->ncampaigns; c++) {
			snprintf(date, sizeof(date), "%.10s", t->dates[c]);
			fprintf(fp, "  %-20s %-10s", t->names[c], date);
			for (m = 0; m < t->nmodes; m++) {
				trend_out_cell(t, r, c, m, cell, sizeof(cell));
				fprintf(fp, " %-22s", cell);
			}
			trend_out_drift(&r->drift[c], drift, sizeof(drift));
			fprintf(fp, " %s\n", c ? drift : "");
		}
	}
	for (i = 0; i < t->nrows; i++)
		for (c = 1; c < t->ncampaigns; c++) {
			const struct trend_drift *d = &t->rows[i].drift[c];

			if (!d->moved)
				continue;
			trend_out_label(t, &t->rows[i], label, sizeof(label));
			fprintf(fp, "native moved: %s: %s -> %s: %+.1f%% [%+.1f%%, %+.1f%%], beyond the noise floor of %.1f%% "
				    "(the host changed, not the container)\n", label, t->names[c - 1], t->names[c], d->pct,
				d->low_pct, d->high_pct, d->noise_pct);
			moved++;
		}
	fprintf(fp, "%zu campaigns from %.10s to %.10s, %zu point(s); native moved beyond its noise floor at %zu of them\n",
		t->ncampaigns, t->dates[0], t->dates[t->ncampaigns - 1], t->nrows, moved);
}

#define TREND_COLUMNS(X) \
	X(schema) X(kernel) X(metric) X(unit) X(placement) X(ranks) X(size_bytes) X(campaign) X(date) X(mode) \
	X(value) X(overhead_pct) X(overhead_ci_low_pct) X(overhead_ci_high_pct) X(verdict) X(native_drift_pct) \
	X(native_drift_ci_low_pct) X(native_drift_ci_high_pct) X(noise_pct) X(native_moved)
#define TREND_ENUM(c) TREND_COL_##c,
enum trend_col { TREND_COLUMNS(TREND_ENUM) TREND_NCOLS };
#undef TREND_ENUM
#define TREND_NAME(c) #c,
static const char *const trend_col_names[] = { TREND_COLUMNS(TREND_NAME) };
#undef TREND_NAME

static void trend_out_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.6g", v);
}

int trend_write_csv(const char *path, const struct trend *t)
{
	struct csvio_buf buf = { 0 };
	size_t i, c, m;
	int ret = csvio_buf_add_row(&buf, trend_col_names, TREND_NCOLS);

	for (i = 0; !ret && i < t->nrows; i++) {
		const struct trend_row *r = &t->rows[i];

		for (c = 0; !ret && c < t->ncampaigns; c++)
			for (m = 0; !ret && m < t->nmodes; m++) {
				const struct trend_cell *x = &r->cells[c * t->nmodes + m];
				const struct trend_drift *d = &r->drift[c];
				char num[TREND_NCOLS][48];
				const char *f[TREND_NCOLS];

				if (!x->present)
					continue;
				memset(f, 0, sizeof(f));
				snprintf(num[TREND_COL_ranks], 48, "%u", r->ranks);
				snprintf(num[TREND_COL_size_bytes], 48, "%llu", (unsigned long long)r->size_bytes);
				trend_out_num(num[TREND_COL_value], 48, x->value);
				trend_out_num(num[TREND_COL_overhead_pct], 48, m ? x->overhead_pct : NAN);
				trend_out_num(num[TREND_COL_overhead_ci_low_pct], 48, m ? x->low_pct : NAN);
				trend_out_num(num[TREND_COL_overhead_ci_high_pct], 48, m ? x->high_pct : NAN);
				trend_out_num(num[TREND_COL_native_drift_pct], 48, m == 0 && d->present ? d->pct : NAN);
				trend_out_num(num[TREND_COL_native_drift_ci_low_pct], 48, m == 0 && d->present ? d->low_pct : NAN);
				trend_out_num(num[TREND_COL_native_drift_ci_high_pct], 48, m == 0 && d->present ? d->high_pct : NAN);
				trend_out_num(num[TREND_COL_noise_pct], 48, m == 0 && d->present ? d->noise_pct : NAN);
				f[TREND_COL_schema] = TREND_CSV_SCHEMA;
				f[TREND_COL_kernel] = r->kernel;
				f[TREND_COL_metric] = r->metric;
				f[TREND_COL_unit] = r->unit;
				f[TREND_COL_placement] = r->placement;
				f[TREND_COL_ranks] = num[TREND_COL_ranks];
				f[TREND_COL_size_bytes] = num[TREND_COL_size_bytes];
				f[TREND_COL_campaign] = t->names[c];
				f[TREND_COL_date] = t->dates[c];
				f[TREND_COL_mode] = t->modes[m];
				f[TREND_COL_value] = num[TREND_COL_value];
				f[TREND_COL_overhead_pct] = num[TREND_COL_overhead_pct];
				f[TREND_COL_overhead_ci_low_pct] = num[TREND_COL_overhead_ci_low_pct];
				f[TREND_COL_overhead_ci_high_pct] = num[TREND_COL_overhead_ci_high_pct];
				f[TREND_COL_verdict] = m ? compare_verdict_name(x->verdict) : "";
				f[TREND_COL_native_drift_pct] = num[TREND_COL_native_drift_pct];
				f[TREND_COL_native_drift_ci_low_pct] = num[TREND_COL_native_drift_ci_low_pct];
				f[TREND_COL_native_drift_ci_high_pct] = num[TREND_COL_native_drift_ci_high_pct];
				f[TREND_COL_noise_pct] = num[TREND_COL_noise_pct];
				f[TREND_COL_native_moved] = m == 0 && c > 0 && d->present ? (d->moved ? "yes" : "no") : "";
				ret = csvio_buf_add_row(&buf, f, TREND_NCOLS);
			}
	}
	if (!ret)
		ret = verdicts_write_atomic(path, buf.data, buf.len);
	else
		errors_log("out of memory");
	csvio_buf_free(&buf);
	return ret;
}

/* One figure: the row across campaigns, one curve per mode. */
static int trend_out_figure(const struct trend *t, const struct trend_row *r, const char *outdir, struct plot_figure *f)
{
	char label[256], caption[512], ylabel[160], xmax[32], *dat = NULL, *plot = NULL, *xtics = NULL;
	char *qy = NULL, *qmode;
	size_t dlen = 0, plen = 0, xlen = 0, c, m;
	FILE *df, *pf, *xf;
	const char *keys[4] = { "YLABEL", "PLOT", "XMAX" }, *vals[4];
	int ret = -ENOMEM;

	df = open_memstream(&dat, &dlen);
	pf = open_memstream(&plot, &plen);
	xf = open_memstream(&xtics, &xlen);
	if (!df || !pf || !xf) {
		if (df)
			fclose(df);
		if (pf)
			fclose(pf);
		if (xf)
			fclose(xf);
		free(dat);
		free(plot);
		free(xtics);
		return -ENOMEM;
	}
	for (c = 0; c < t->ncampaigns; c++) {
		char tick[160], *q;

		fprintf(df, "%zu", c);
		for (m = 0; m < t->nmodes; m++) {
			const struct trend_cell *x = &r->cells[c * t->nmodes + m];

			fprintf(df, x->present && !isnan(x->value) ? " %.9g" : " NaN", x->present ? x->value : 0.0);
		}
		fputc('\n', df);
		snprintf(tick, sizeof(tick), "%s %.10s%s", t->names[c], t->dates[c], c && r->drift[c].moved ? " (native moved)" : "");
		q = plot_quoted(tick);
		fprintf(xf, "%s%s %zu", c ? ", " : "", q ? q : "''", c);
		free(q);
	}
	for (m = 0; m < t->nmodes; m++) {
		qmode = plot_quoted(t->modes[m]);
		fprintf(pf, "%s'%s.dat' using 1:%zu with linespoints linewidth 2 pointtype 7 title %s", m ? ", " : "", f->name,
			m + 2, qmode ? qmode : "''");
		free(qmode);
	}
	fclose(df);
	fclose(pf);
	fclose(xf);
	trend_out_label(t, r, label, sizeof(label));
	snprintf(f->title, sizeof(f->title), "%s across %zu campaigns: native and each mode", label, t->ncampaigns);
	snprintf(caption, sizeof(caption), "median over rounds per campaign; the verdicts are each campaign's own, against its own native");
	snprintf(ylabel, sizeof(ylabel), "%s (%s)", r->metric, r->unit);
	snprintf(xmax, sizeof(xmax), "%.1f", (double)t->ncampaigns - 0.7);
	qy = plot_quoted(ylabel);
	vals[0] = qy;
	vals[1] = plot;
	vals[2] = xmax;
	if (qy && dat && plot && xtics) {
		char *path = NULL;

		ret = -EIO;
		if (asprintf(&path, "%s/%s.dat", outdir, f->name) >= 0) {
			FILE *fp = fopen(path, "w");

			if (fp && fputs(dat, fp) != EOF && fclose(fp) == 0)
				ret = plot_write_script(outdir, f, report_asset_plot_trend_gp, caption, xtics, keys, vals, 3);
			else {
				errors_log("cannot write %s: %s", path, strerror(errno));
				if (fp)
					fclose(fp);
			}
			free(path);
		}
	}
	free(qy);
	free(dat);
	free(plot);
	free(xtics);
	return ret;
}

int trend_prepare_figures(const struct trend *t, const char *outdir, struct plot_set *ps)
{
	size_t i;
	int ret = 0;

	memset(ps, 0, sizeof(*ps));
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		ret = -errno;
		errors_log("cannot create %s: %s", outdir, strerror(errno));
		return ret;
	}
	ps->figs = calloc(t->nrows + 1, sizeof(*ps->figs));
	if (!ps->figs)
		return -ENOMEM;
	for (i = 0; !ret && i < t->nrows; i++) {
		const struct trend_row *r = &t->rows[i];
		struct plot_figure *f = &ps->figs[i];
		char sz[32], raw[256];
		size_t k;

		sizes_format(r->size_bytes, sz, sizeof(sz));
		if (t->nplacements > 1)
			snprintf(raw, sizeof(raw), "trend-%s-%s-%s-%s-%ur", r->kernel, r->metric, sz, r->placement, r->ranks);
		else
			snprintf(raw, sizeof(raw), "trend-%s-%s-%s", r->kernel, r->metric, sz);
		for (k = 0; raw[k] && k + 1 < sizeof(f->name); k++)
			f->name[k] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", raw[k]) ? raw[k] : '_';
		f->name[k] = '\0';
		f->series = -1;
		f->placement = -1;
		f->kernel = r->kernel;
		f->metric = r->metric;
		ret = trend_out_figure(t, r, outdir, f);
		ps->n++;
	}
	return ret;
}

void trend_section_body(struct report_out *o, const struct trend *t)
{
	char label[256], cell[96], drift[160], title[320];
	const char **head = calloc(t->nmodes + 3, sizeof(*head));
	const char **cells = calloc(t->nmodes + 3, sizeof(*cells));
	char (*text)[96] = calloc(t->nmodes + 3, sizeof(*text));
	size_t i, c, m, moved = trend_moved_count(t);

	if (!head || !cells || !text)
		goto out;
	report_out_p(o, NULL);
	report_out_textf(o, "%zu campaigns in date order, from %.10s to %.10s. Each container mode is judged against the native runs of its own campaign; the last column compares each campaign's native with the one before it (paired by round), and says MOVED when the whole interval lies beyond the earlier campaign's noise floor: the host changed, not the container. Native moved at %zu point(s).",
			 t->ncampaigns, t->dates[0], t->dates[t->ncampaigns - 1], moved);
	report_out_p_end(o);
	head[0] = "campaign";
	head[1] = "date";
	for (m = 0; m < t->nmodes; m++)
		head[m + 2] = t->modes[m];
	head[t->nmodes + 2] = "native against the campaign before";
	for (i = 0; i < t->nrows; i++) {
		const struct trend_row *r = &t->rows[i];

		trend_out_label(t, r, label, sizeof(label));
		snprintf(title, sizeof(title), "Trend: %s", label);
		report_out_h3(o, title);
		report_out_table(o, NULL, head, t->nmodes + 3);
		for (c = 0; c < t->ncampaigns; c++) {
			cells[0] = t->names[c];
			snprintf(text[0], sizeof(text[0]), "%.10s", t->dates[c]);
			cells[1] = text[0];
			for (m = 0; m < t->nmodes; m++) {
				trend_out_cell(t, r, c, m, cell, sizeof(cell));
				memcpy(text[m + 1], cell, sizeof(cell));
				cells[m + 2] = text[m + 1];
			}
			trend_out_drift(&r->drift[c], drift, sizeof(drift));
			cells[t->nmodes + 2] = c ? drift : "";
			report_out_row(o, cells, NULL, t->nmodes + 3);
		}
		report_out_table_end(o);
	}
out:
	free(head);
	free(cells);
	free(text);
}
