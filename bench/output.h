/* output: measurements as numbers (filled by measure.c) and their renderers:
 * OSU-style text and parity-bench CSV rows. No MPI here. */
#ifndef PARITY_BENCH_OUTPUT_H
#define PARITY_BENCH_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csvio.h"
#include "kernel.h"
#include "options.h"
#include "osu.h"

struct output_metric {
	const char *name;       /* "latency", "bandwidth", "message_rate" */
	const char *unit;       /* "us", "MB/s", "messages/s" */
	int higher_is_better;
	double avg;             /* OSU's number */
	double min, max;
	double median, p90, p99, stddev;   /* p90/p99: the slow tail */
	double median_ci_low, median_ci_high;   /* within-run interval of the median */
	double tail[BENCH_OPTIONS_MAX_PERCENTILES];  /* -z, as OMB 7.4 computes it (measure.c) */
};

enum output_validation { OUTPUT_VALIDATION_OFF, OUTPUT_VALIDATION_PASS, OUTPUT_VALIDATION_FAIL };

struct output_row {
	uint64_t size_bytes;
	size_t iterations;
	size_t warmup;
	size_t batch;           /* iterations per sample */
	size_t nsamples;        /* samples pooled over the reporting ranks */
	int nmetrics;
	struct output_metric metric[2];
	enum output_validation validation;
};

struct output_ctx {
	const struct bench_kernel *kernel;
	const struct bench_options *opts;
	int ranks;
	const struct osu_name *osu;     /* invoked as an OSU program (osu_bw, ...), or NULL */
	enum bench_dtype dtype;         /* the datatype of the current table */
};

/* Title and pairs/window line (mbw_mr): parity's title, or OMB 7.4's when
 * invoked by an OSU name. The caller prints provenance and sampling lines
 * (before the tables, or after them in OSU mode), then per datatype
 * output_text_datatype and output_text_header. */
void output_text_title(FILE *fp, const struct output_ctx *r);
/* "# Datatype: MPI_CHAR." (OMB 7.4's line; nothing for barrier). */
void output_text_datatype(FILE *fp, const struct output_ctx *r);
void output_text_header(FILE *fp, const struct output_ctx *r);
void output_text_row(FILE *fp, const struct output_ctx *r, const struct output_row *row);

/* CSV header and one row per metric. */
int output_csv_header(struct csvio_buf *buf);
int output_csv_rows(struct csvio_buf *buf, const struct output_ctx *r, const struct output_row *row);

const char *output_validation_name(enum output_validation v);

#endif
