/* trend_out: a trend (trend.h) rendered: the terminal table, trend.csv
 * (columns in results/README.md, section "trend.csv"), one gnuplot figure
 * per point (plot.h), and the report's "Trend across campaigns" section. */
#ifndef PARITY_TREND_OUT_H
#define PARITY_TREND_OUT_H

#include <stdio.h>

#include "plot.h"
#include "report_out.h"
#include "trend.h"

#define TREND_CSV_SCHEMA "parity-trend/1.0"

/* Per point, a line per campaign (native value, each mode's overhead and
 * verdict, native against the campaign before), then a line per native
 * move and a closing count. */
void trend_print(FILE *fp, const struct trend *t);

/* trend.csv: one row per point, campaign and mode present (written
 * atomically). 0 or -errno, logged. */
int trend_write_csv(const char *path, const struct trend *t);

/* The data files and gnuplot scripts of one figure per point in outdir
 * (created if missing), named trend-KERNEL-METRIC-SIZE[-PLACEMENT-Nr]; draw
 * them with plot_render. 0 or -errno, logged. */
int trend_prepare_figures(const struct trend *t, const char *outdir, struct plot_set *ps);

/* The body of a report's trend section: the method in one paragraph, then
 * a table per point. */
void trend_section_body(struct report_out *o, const struct trend *t);

#endif
