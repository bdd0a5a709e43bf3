/* report_map: the report's answer in one picture. Per candidate mode, a
 * kernel x message size map: each cell a point, showing its overhead
 * against native and coloured by its verdict class (pass; fail or
 * mode-mismatch; undecided: inconclusive or unresolvable; fallback, proven
 * or suspected; no data). In HTML it is a table styled by REPORT_MAP_CSS
 * (no script, no image: the page stays self-contained) with the interval
 * and the note of each point as the cell's tooltip; in Markdown, a table
 * whose cells read "+1.6% pass". */
#ifndef PARITY_REPORT_MAP_H
#define PARITY_REPORT_MAP_H

#include "analysis.h"
#include "report_out.h"

#define REPORT_MAP_CSS \
	"table.map{table-layout:fixed;width:100%;font-size:.75em;margin:.3em 0 .8em}" \
	"table.map th,table.map td{padding:.3em .1em;text-align:center;white-space:nowrap;overflow:hidden;" \
	"overflow-wrap:normal;font-variant-numeric:tabular-nums}" \
	"table.map th.k{width:9em;text-align:left;white-space:normal;overflow-wrap:anywhere}" \
	".m-pass{background:#bfe5c2}.m-fail{background:#f2a59b}.m-undecided{background:#f7df8f}" \
	".m-fallback{background:#cdb6ea}.m-no-data{background:#dddddd}td.m-none{background:#fff}" \
	"p.legend span{display:inline-block;padding:.1em .6em;margin-right:.4em;border:1px solid #ccc}"

/* Write the overview section (an "overview" section with one map per
 * candidate series, then the legend). */
void report_map(struct report_out *o, const struct analysis *a);

/* The colour class of a verdict: "pass", "fail", "undecided", "fallback"
 * or "no-data". */
const char *report_map_class(enum compare_verdict v);

#endif
