#include "config.h"
#include "output.h"

#include <inttypes.h>
#include <string.h>

#include "schema.h"

/* OMB 7.4's layout: size left-aligned in 10 columns, values right-aligned in
 * 18 with 2 decimals (its configure passes -DFIELD_WIDTH=18
 * -DFLOAT_PRECISION=2), iterations in 12, barrier's lone value in 17
 * (osu_util_mpi.c print_stats). */
#define OUTPUT_FIELD 18
#define OUTPUT_SIZE_FIELD 10
#define OUTPUT_ITER_FIELD 12
#define REPORT_BARRIER_FIELD 17
#define OUTPUT_PRECISION 2

const char *output_validation_name(enum output_validation v)
{
	return v == OUTPUT_VALIDATION_PASS ? "pass" : v == OUTPUT_VALIDATION_FAIL ? "fail" : "off";
}

void output_text_title(FILE *fp, const struct output_ctx *r)
{
	if (r->osu) {
		osu_print_title(fp, r->osu, r->ranks / 2, r->opts->window);
		return;
	}
	fprintf(fp, "# parity-bench %s %s (OSU-compatible)\n", r->kernel->name, PACKAGE_VERSION);
	if (r->kernel->text == BENCH_TEXT_MBW_MR)
		fprintf(fp, "# [ pairs: %d ] [ window size: %d ]\n", r->ranks / 2, r->opts->window);
}

void output_text_datatype(FILE *fp, const struct output_ctx *r)
{
	if (r->kernel->data != BENCH_DATA_NONE)
		fprintf(fp, "# Datatype: %s.\n", bench_dtype_name(r->dtype));
}

/* OMB 7.4 pads "P<p> Tail BW(MB/s)" by FIELD_WIDTH - strlen("Px Tail
 * BW(MB/s)") - (p > 9), so P100 is one column wider (print_only_header). */
static void output_tail_headers(FILE *fp, const struct output_ctx *r)
{
	const char *unit = r->kernel->per_window ? "BW(MB/s)" : "Lat(us)";
	int i, p, pad;

	for (i = 0; i < r->opts->npercentiles; i++) {
		p = r->opts->percentiles[i];
		pad = OUTPUT_FIELD - (int)strlen("Px Tail ") - (int)strlen(unit) - (p > 9);
		fprintf(fp, "%*sP%d Tail %s", pad, "", p, unit);
	}
}

void output_text_header(FILE *fp, const struct output_ctx *r)
{
	const struct bench_kernel *k = r->kernel;
	const char *lo = k->per_window ? "Min BW(MB/s)" : "Min Latency(us)";
	const char *hi = k->per_window ? "Max BW(MB/s)" : "Max Latency(us)";

	if (k->text == BENCH_TEXT_BARRIER)
		fprintf(fp, "%s", "# Avg Latency(us)");
	else
		fprintf(fp, "%-*s%*s", OUTPUT_SIZE_FIELD, "# Size", OUTPUT_FIELD, k->column);
	if (k->text == BENCH_TEXT_MBW_MR)
		fprintf(fp, "%*s", OUTPUT_FIELD, "Messages/s");
	if (r->opts->full)
		fprintf(fp, "%*s%*s%*s", OUTPUT_FIELD, lo, OUTPUT_FIELD, hi, OUTPUT_ITER_FIELD, "Iterations");
	if (r->opts->validate && k->validate != BENCH_VALIDATE_NONE)
		fprintf(fp, "%*s", OUTPUT_FIELD, "Validation");
	output_tail_headers(fp, r);
	fputc('\n', fp);
}

void output_text_row(FILE *fp, const struct output_ctx *r, const struct output_row *row)
{
	const struct bench_kernel *k = r->kernel;
	const struct output_metric *m = &row->metric[0];
	int i;

	if (k->text == BENCH_TEXT_BARRIER)
		fprintf(fp, "%*.*f", REPORT_BARRIER_FIELD, OUTPUT_PRECISION, m->avg);
	else
		fprintf(fp, "%-*" PRIu64 "%*.*f", OUTPUT_SIZE_FIELD, row->size_bytes, OUTPUT_FIELD, OUTPUT_PRECISION, m->avg);
	if (k->text == BENCH_TEXT_MBW_MR)
		fprintf(fp, "%*.*f", OUTPUT_FIELD, OUTPUT_PRECISION, row->metric[1].avg);
	if (r->opts->full)
		fprintf(fp, "%*.*f%*.*f%*zu", OUTPUT_FIELD, OUTPUT_PRECISION, m->min, OUTPUT_FIELD, OUTPUT_PRECISION,
			m->max, OUTPUT_ITER_FIELD, row->iterations);
	if (r->opts->validate && k->validate != BENCH_VALIDATE_NONE)
		fprintf(fp, "%*s", OUTPUT_FIELD, row->validation == OUTPUT_VALIDATION_FAIL ? "Fail" : "Pass");
	for (i = 0; i < r->opts->npercentiles; i++)
		fprintf(fp, "%*.*f", OUTPUT_FIELD, OUTPUT_PRECISION, m->tail[i]);
	fputc('\n', fp);
	fflush(fp);
}

int output_csv_header(struct csvio_buf *buf)
{
	return schema_add_header(&schema_bench, buf);
}

int output_csv_rows(struct csvio_buf *buf, const struct output_ctx *r, const struct output_row *row)
{
	char num[BENCH_NCOLS][40];
	const char *f[BENCH_NCOLS];
	const struct output_metric *m;
	int i, ret;

	for (i = 0; i < row->nmetrics; i++) {
		m = &row->metric[i];
		snprintf(num[BENCH_COL_size_bytes], 40, "%" PRIu64, row->size_bytes);
		snprintf(num[BENCH_COL_iterations], 40, "%zu", row->iterations);
		snprintf(num[BENCH_COL_warmup], 40, "%zu", row->warmup);
		snprintf(num[BENCH_COL_ranks], 40, "%d", r->ranks);
		snprintf(num[BENCH_COL_avg], 40, "%.4f", m->avg);
		snprintf(num[BENCH_COL_min], 40, "%.4f", m->min);
		snprintf(num[BENCH_COL_max], 40, "%.4f", m->max);
		snprintf(num[BENCH_COL_median], 40, "%.4f", m->median);
		snprintf(num[BENCH_COL_p90], 40, "%.4f", m->p90);
		snprintf(num[BENCH_COL_p99], 40, "%.4f", m->p99);
		snprintf(num[BENCH_COL_stddev], 40, "%.4f", m->stddev);
		snprintf(num[BENCH_COL_samples], 40, "%zu", row->nsamples);
		snprintf(num[BENCH_COL_batch], 40, "%zu", row->batch);
		snprintf(num[BENCH_COL_median_ci_low], 40, "%.4f", m->median_ci_low < m->median_ci_high ? m->median_ci_low : m->median_ci_high);
		snprintf(num[BENCH_COL_median_ci_high], 40, "%.4f", m->median_ci_low < m->median_ci_high ? m->median_ci_high : m->median_ci_low);
		f[BENCH_COL_schema] = schema_bench.version_value;
		f[BENCH_COL_kernel] = r->kernel->name;
		f[BENCH_COL_size_bytes] = num[BENCH_COL_size_bytes];
		f[BENCH_COL_iterations] = num[BENCH_COL_iterations];
		f[BENCH_COL_warmup] = num[BENCH_COL_warmup];
		f[BENCH_COL_ranks] = num[BENCH_COL_ranks];
		f[BENCH_COL_metric] = m->name;
		f[BENCH_COL_unit] = m->unit;
		f[BENCH_COL_avg] = num[BENCH_COL_avg];
		f[BENCH_COL_min] = num[BENCH_COL_min];
		f[BENCH_COL_max] = num[BENCH_COL_max];
		f[BENCH_COL_median] = num[BENCH_COL_median];
		f[BENCH_COL_p90] = num[BENCH_COL_p90];
		f[BENCH_COL_p99] = num[BENCH_COL_p99];
		f[BENCH_COL_stddev] = num[BENCH_COL_stddev];
		f[BENCH_COL_validation] = output_validation_name(row->validation);
		f[BENCH_COL_samples] = num[BENCH_COL_samples];
		f[BENCH_COL_batch] = num[BENCH_COL_batch];
		f[BENCH_COL_median_ci_low] = num[BENCH_COL_median_ci_low];
		f[BENCH_COL_median_ci_high] = num[BENCH_COL_median_ci_high];
		f[BENCH_COL_datatype] = r->kernel->data == BENCH_DATA_NONE ? "none" : bench_dtype_name(r->dtype);
		ret = csvio_buf_add_row(buf, f, BENCH_NCOLS);
		if (ret)
			return ret;
	}
	return 0;
}
