/* report: one self-contained HTML page per campaign (report.html): the
 * verdict summary first, then the overview map (report_map.h), the figures
 * (SVG inlined), the tables per kernel, provenance per mode, the
 * environment and the method. No external asset of any kind: it opens from
 * file:// or as a mail attachment. The same content as Markdown
 * (report.md), with the figures as files beside it (plots/NAME.png). */
#ifndef PARITY_REPORT_H
#define PARITY_REPORT_H

#include "analysis.h"
#include "meta.h"
#include "plot.h"
#include "report_out.h"
#include "trend.h"

struct report_input {
	const struct analysis *analysis;
	const struct meta *meta;
	const struct plot_set *plots;   /* may be NULL: no figures */
	const char *plots_dir;          /* where NAME.svg are */
	const char *plots_note;         /* why there are no figures, or NULL */
	const char *thresholds_file;    /* --thresholds, or NULL */
	int strict;
	enum report_format format;      /* REPORT_HTML (report.html) or REPORT_MD (report.md) */
	const struct trend *trend;      /* several campaigns: their trend, or NULL */
	const struct plot_set *trend_plots;  /* its figures (in plots_dir), or NULL */
};

/* Write the page in in->format to path (temp file + rename). 0 or -errno,
 * logged. */
int report_write(const char *path, const struct report_input *in);

#endif
