#include "verdicts.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "csvio.h"
#include "schema.h"
#include "sizes.h"

#define VERDICTS_COLUMNS(X) \
	X(schema) X(campaign) X(series) X(mode) X(baseline) X(kernel) X(metric) X(unit) \
	X(size_bytes) X(n_native) X(n_container) X(native_median) X(container_median) \
	X(native_min) X(native_max) X(container_min) X(container_max) X(ratio) X(ci_low) \
	X(ci_high) X(confidence_pct) X(overhead_pct) X(overhead_ci_low_pct) X(overhead_ci_high_pct) \
	X(allowed_overhead_pct) X(threshold) X(threshold_source) X(verdict) X(extra_repetitions) \
	X(bad_native_rows) X(bad_container_rows) X(note) X(placement) X(ranks) \
	X(n_pairs) X(look) X(noise_pct) X(native_transport) X(container_transport)

#define VERDICTS_NAME(c) #c,
static const char *const verdicts_names[] = { VERDICTS_COLUMNS(VERDICTS_NAME) };
#undef VERDICTS_NAME
#define VERDICTS_ENUM(c) VERDICTS_COL_##c,
enum verdicts_col { VERDICTS_COLUMNS(VERDICTS_ENUM) VERDICTS_NCOLS };
#undef VERDICTS_ENUM

static const struct schema verdicts_schema = {
	.kind = "parity-verdicts", .major = 1, .minor = 2,
	.version_value = "parity-verdicts/1.2",
	.columns = verdicts_names, .ncolumns = VERDICTS_NCOLS, .nrequired = VERDICTS_NCOLS,
};

static void verdicts_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.6g", v);
}

static int verdicts_add_point(struct csvio_buf *buf, const struct campaign_set *set,
			      const struct compare_result *res, const struct compare_point *p)
{
	const struct compare_series *s = &res->series[p->series];
	char num[VERDICTS_NCOLS][48], thr[96] = "";
	const char *f[VERDICTS_NCOLS];
	const double dv[] = { p->native_median, p->container_median, p->native_min, p->native_max,
			      p->container_min, p->container_max, p->ratio, p->ci_low, p->ci_high,
			      p->confidence_pct, p->overhead_pct, p->overhead_low_pct, p->overhead_high_pct,
			      p->allowed_pct };
	size_t i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < sizeof(dv) / sizeof(dv[0]); i++) {
		verdicts_num(num[VERDICTS_COL_native_median + i], sizeof(num[0]), dv[i]);
		f[VERDICTS_COL_native_median + i] = num[VERDICTS_COL_native_median + i];
	}
	snprintf(num[VERDICTS_COL_size_bytes], sizeof(num[0]), "%llu", (unsigned long long)p->size_bytes);
	snprintf(num[VERDICTS_COL_n_native], sizeof(num[0]), "%zu", p->n_native);
	snprintf(num[VERDICTS_COL_n_container], sizeof(num[0]), "%zu", p->n_container);
	snprintf(num[VERDICTS_COL_extra_repetitions], sizeof(num[0]), "%u", p->extra_reps);
	snprintf(num[VERDICTS_COL_bad_native_rows], sizeof(num[0]), "%zu", p->native_bad);
	snprintf(num[VERDICTS_COL_bad_container_rows], sizeof(num[0]), "%zu", p->container_bad);
	snprintf(num[VERDICTS_COL_ranks], sizeof(num[0]), "%u", res->placements[p->placement].ranks);
	snprintf(num[VERDICTS_COL_n_pairs], sizeof(num[0]), "%zu", p->n_pairs);
	snprintf(num[VERDICTS_COL_look], sizeof(num[0]), "%u", p->look);
	verdicts_num(num[VERDICTS_COL_noise_pct], sizeof(num[0]), p->noise_pct);
	if (p->rule)
		thresholds_describe(p->rule, p->unit, thr, sizeof(thr));
	f[VERDICTS_COL_schema] = verdicts_schema.version_value;
	f[VERDICTS_COL_campaign] = set->names[s->campaign];
	f[VERDICTS_COL_series] = s->label;
	f[VERDICTS_COL_mode] = s->mode;
	f[VERDICTS_COL_baseline] = res->baseline.label;
	f[VERDICTS_COL_kernel] = p->kernel;
	f[VERDICTS_COL_metric] = p->metric;
	f[VERDICTS_COL_unit] = p->unit;
	f[VERDICTS_COL_size_bytes] = num[VERDICTS_COL_size_bytes];
	f[VERDICTS_COL_n_native] = num[VERDICTS_COL_n_native];
	f[VERDICTS_COL_n_container] = num[VERDICTS_COL_n_container];
	f[VERDICTS_COL_threshold] = thr;
	f[VERDICTS_COL_threshold_source] = p->rule ? p->rule->source : "";
	f[VERDICTS_COL_verdict] = compare_verdict_name(p->verdict);
	f[VERDICTS_COL_extra_repetitions] = num[VERDICTS_COL_extra_repetitions];
	f[VERDICTS_COL_bad_native_rows] = num[VERDICTS_COL_bad_native_rows];
	f[VERDICTS_COL_bad_container_rows] = num[VERDICTS_COL_bad_container_rows];
	f[VERDICTS_COL_note] = p->note;
	f[VERDICTS_COL_placement] = res->placements[p->placement].placement;
	f[VERDICTS_COL_ranks] = num[VERDICTS_COL_ranks];
	f[VERDICTS_COL_n_pairs] = num[VERDICTS_COL_n_pairs];
	f[VERDICTS_COL_look] = num[VERDICTS_COL_look];
	f[VERDICTS_COL_noise_pct] = num[VERDICTS_COL_noise_pct];
	f[VERDICTS_COL_native_transport] = p->native_transport;
	f[VERDICTS_COL_container_transport] = p->container_transport;
	return csvio_buf_add_row(buf, f, VERDICTS_NCOLS);
}

int verdicts_write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = NULL;
	FILE *fp;
	int ret = 0;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		errors_log("out of memory");
		return -ENOMEM;
	}
	fp = fopen(tmp, "w");
	if (!fp || fwrite(data, 1, len, fp) != len || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		ret = -errno;
		errors_log("cannot write %s: %s", tmp, strerror(errno));
		if (fp)
			fclose(fp);
		unlink(tmp);
		free(tmp);
		return ret;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		ret = -errno;
		errors_log("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ret;
}

int verdicts_write_csv(const char *path, const struct campaign_set *set, const struct compare_result *res)
{
	struct csvio_buf buf = { 0 };
	size_t i;
	int ret;

	ret = schema_add_header(&verdicts_schema, &buf);
	for (i = 0; ret == 0 && i < res->npoints; i++)
		ret = verdicts_add_point(&buf, set, res, &res->points[i]);
	if (ret == 0)
		ret = verdicts_write_atomic(path, buf.data, buf.len);
	csvio_buf_free(&buf);
	return ret;
}

/* The placement columns of the table: only with several (placement,
 * ranks) combinations, so the common table keeps its shape. */
static void verdicts_print_placement(FILE *fp, const struct compare_result *res, int pw, const char *placement,
				     const char *ranks)
{
	if (res->nplacements > 1)
		fprintf(fp, " %-*s %5s", pw, placement, ranks);
}

void verdicts_print(FILE *fp, const struct campaign_set *set, const struct compare_result *res)
{
	size_t i, s, w = 6, pw = 9;
	char sz[32], line[1024], where[160], what[96];

	(void)set;
	for (s = 0; s < res->nseries; s++)
		if (strlen(res->series[s].label) > w)
			w = strlen(res->series[s].label);
	for (i = 0; i < res->nplacements; i++)
		if (strlen(res->placements[i].placement) > pw)
			pw = strlen(res->placements[i].placement);
	fprintf(fp, "%-*s %-14s %-12s", (int)w, "series", "kernel", "metric");
	verdicts_print_placement(fp, res, (int)pw, "placement", "ranks");
	fprintf(fp, " %6s %6s %12s %12s %8s %19s %9s %7s  %s\n", "size", "rounds", "native", "container", "overhead",
		"interval", "allowed", "noise", "verdict");
	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];
		char reps[24], ci[48], ranks[16], noise[24];

		sizes_format(p->size_bytes, sz, sizeof(sz));
		snprintf(reps, sizeof(reps), "%zu", p->n_pairs);
		if (isnan(p->noise_pct))
			snprintf(noise, sizeof(noise), "-");
		else
			snprintf(noise, sizeof(noise), "%.1f%%", p->noise_pct);
		if (isnan(p->overhead_low_pct))
			snprintf(ci, sizeof(ci), "-");
		else
			snprintf(ci, sizeof(ci), "[%+.1f%%, %+.1f%%]", p->overhead_low_pct, p->overhead_high_pct);
		snprintf(ranks, sizeof(ranks), "%u", res->placements[p->placement].ranks);
		fprintf(fp, "%-*s %-14s %-12s", (int)w, res->series[p->series].label, p->kernel, p->metric);
		verdicts_print_placement(fp, res, (int)pw, res->placements[p->placement].placement, ranks);
		fprintf(fp, " %6s %6s %12.4g %12.4g %+7.1f%% %19s %8.1f%% %7s  %s\n", sz, reps, p->native_median,
			p->container_median, p->overhead_pct, ci, p->allowed_pct, noise, compare_verdict_name(p->verdict));
	}
	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];

		if (p->verdict == COMPARE_PASS)
			continue;
		sizes_format(p->size_bytes, sz, sizeof(sz));
		where[0] = '\0';
		if (res->nplacements > 1) {
			where[0] = ' ';
			where[1] = '(';
			compare_placement_label(res, p->placement, where + 2, sizeof(where) - 3);
			strcat(where, ")");
		}
		/* "bw 1M", "mbw_mr message_rate 1M": the metric only when not the kernel's own. */
		compare_kernel_label(p->kernel, p->metric, what, sizeof(what));
		fprintf(fp, "  note: %s %s %s%s: %s: %s\n", res->series[p->series].label, what,
			sz, where, compare_verdict_name(p->verdict), p->note);
	}
	fprintf(fp, "\nbaseline %s: %zu run(s) ok, %zu failed, %zu timed out, %zu mode-mismatch\n",
		res->baseline.label, res->baseline.runs_ok, res->baseline.runs_failed,
		res->baseline.runs_timeout, res->baseline.runs_mismatch);
	compare_overall(res, line, sizeof(line));
	fprintf(fp, "Overall: %s\n", line);
	for (s = 0; s < res->nseries; s++) {
		const struct compare_series *se = &res->series[s];

		compare_series_summary(res, s, line, sizeof(line));
		fprintf(fp, "%s\n", line);
		if (se->runs_failed || se->runs_timeout)
			fprintf(fp, "  %s: %zu run(s) failed and %zu timed out; they are reported, never averaged in\n",
				se->label, se->runs_failed, se->runs_timeout);
	}
}
