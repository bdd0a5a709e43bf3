/* plot: gnuplot figures of a compared campaign.
 *
 * For each kernel and metric, the metric against message size with one
 * curve per series (median over repetitions, min-max bars); for each
 * candidate series, kernel and metric, the overhead against size with its
 * interval over the band of allowed overhead. A campaign with several
 * (placement, ranks) combinations gets every figure once per combination
 * (NAME-PLACEMENT), never one curve mixing them. Each figure is a data file
 * NAME.dat and a script NAME.gp written from the templates in plots/
 * (compiled in) into the output folder; gnuplot (an external program, run
 * with an argv vector in that folder) turns each into NAME.png and NAME.svg. */
#ifndef PARITY_PLOT_H
#define PARITY_PLOT_H

#include <stddef.h>

#include "analysis.h"
#include "meta.h"

struct plot_figure {
	char name[256];          /* file stem: NAME.dat, NAME.gp, NAME.png, NAME.svg */
	char title[512];
	int overhead;            /* 0: metric vs size, 1: overhead vs size */
	long series;             /* overhead figures: index into compare_result.series */
	long placement;          /* index into compare_result.placements; -1: the only one */
	const char *kernel, *metric;
};

struct plot_set {
	struct plot_figure *figs;
	size_t n;
};

/* Write the data files and scripts of every figure into outdir (created
 * if missing). Returns 0 or -errno (logged). */
int plot_prepare(const struct analysis *a, const struct meta *m, const char *outdir, struct plot_set *ps);

/* The gnuplot to run: $GNUPLOT if set (a path or a name looked up in PATH),
 * else the one configure found, else `gnuplot` in PATH. 0 with *path
 * allocated, or -ENOENT with one line logged. */
int plot_find_gnuplot(char **path);

/* Run gnuplot on every script (in outdir; its messages go to
 * outdir/gnuplot.log) and check that each PNG and SVG was written. Returns
 * 0 or -EIO (logged, naming the figure). */
int plot_render(const struct plot_set *ps, const char *outdir, const char *gnuplot);

void plot_set_free(struct plot_set *ps);

/* s as a gnuplot string literal (single-quoted), malloc'd; NULL when out
 * of memory. */
char *plot_quoted(const char *s);

/* Write outdir/NAME.gp for figure f from template tmpl: @TITLE@, @CAPTION@,
 * @XTICS@, @PNG@, @SVG@, @DATA@ (NAME.dat) and the nextra fields given
 * (values already quoted where they are strings). 0 or -errno, logged. */
int plot_write_script(const char *outdir, const struct plot_figure *f, const char *tmpl, const char *caption,
		      const char *xtics, const char *extra_keys[], const char *extra_vals[], size_t nextra);

#endif
