/* parity plot: gnuplot figures of a campaign. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "core/errors.h"
#include "core/commands.h"
#include "exitcodes.h"
#include "meta.h"
#include "plot.h"

static void cmd_plot_usage(FILE *fp)
{
	fprintf(fp, "usage: parity plot --campaign=NAME [OPTIONS]\n\n"
		    "Draw the figures of a campaign into results/NAME/plots/ (PNG and SVG, plus the\n"
		    "gnuplot script and data file of each): every kernel's metric against message size,\n"
		    "one curve per mode with min-max bars, and the overhead of each mode against size\n"
		    "over the band of allowed overhead. gnuplot is taken from $GNUPLOT, else the one\n"
		    "configure found, else PATH.\n\n");
	analysis_usage(fp);
	fprintf(fp, "\nexit status: 0 figures written; 2 usage; 6 bad results; 8 gnuplot missing or failing.\n");
}

int cmd_plot(int argc, char **argv)
{
	struct analysis_options o = { 0 };
	struct plot_set ps = { 0 };
	struct analysis a;
	struct meta m = { 0 };
	char *gnuplot = NULL, *outdir = NULL;
	int i, ret, code;
	size_t f;

	for (i = 1; i < argc; i++) {
		ret = analysis_parse_option(&o, argc, argv, &i);
		if (ret < 0)
			return PARITY_EXIT_USAGE;
		if (ret > 0)
			continue;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			cmd_plot_usage(stdout);
			return PARITY_EXIT_OK;
		}
		errors_log("unknown option '%s' (see parity plot --help)", argv[i]);
		return PARITY_EXIT_USAGE;
	}
	/* Look for gnuplot first: without it nothing is written. */
	if (plot_find_gnuplot(&gnuplot))
		return PARITY_EXIT_TOOL;
	ret = analysis_open(&a, &o);
	code = !ret ? PARITY_EXIT_OK : ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
	if (code != PARITY_EXIT_OK)
		goto out;
	meta_load(&m, a.dir);
	code = PARITY_EXIT_RESULTS;
	if (asprintf(&outdir, "%s/plots", a.dir) < 0) {
		outdir = NULL;
		goto out;
	}
	if (plot_prepare(&a, &m, outdir, &ps))
		goto out;
	code = PARITY_EXIT_TOOL;
	if (plot_render(&ps, outdir, gnuplot))
		goto out;
	for (f = 0; f < ps.n; f++)
		printf("%s/%s.png %s/%s.svg  %s\n", outdir, ps.figs[f].name, outdir, ps.figs[f].name, ps.figs[f].title);
	printf("%zu figure(s) in %s\n", ps.n, outdir);
	code = PARITY_EXIT_OK;
out:
	plot_set_free(&ps);
	meta_free(&m);
	analysis_close(&a);
	free(outdir);
	free(gnuplot);
	return code;
}
