/* parity plot: gnuplot figures of a campaign. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "core/commands.h"
#include "core/errors.h"
#include "core/opts.h"
#include "exitcodes.h"
#include "meta.h"
#include "plot.h"

struct cmd_plot_opts {
	struct analysis_options a;
};

static const struct opt cmd_plot_table[] = {
	ANALYSIS_OPTIONS(struct cmd_plot_opts, a),
};

static const struct opts_spec cmd_plot_spec = {
	.command = "plot",
	.usage = "--campaign=NAME [OPTIONS]",
	.about = "Draw the figures of a campaign into results/NAME/plots/ (PNG and SVG, plus the\n"
		 "gnuplot script and data file of each): every kernel's metric against message size,\n"
		 "one curve per mode with min-max bars, and the overhead of each mode against size\n"
		 "over the band of allowed overhead. gnuplot is taken from $GNUPLOT, else the one\n"
		 "configure found, else PATH.",
	.opts = cmd_plot_table,
	.nopts = sizeof(cmd_plot_table) / sizeof(cmd_plot_table[0]),
	.show_values = true,
	.footer = "exit status: 0 figures written; 2 usage; 6 bad results; 8 gnuplot missing or failing.",
};

int cmd_plot(int argc, char **argv)
{
	struct cmd_plot_opts o = { 0 };
	struct plot_set ps = { 0 };
	struct analysis a;
	char *gnuplot = NULL;
	const char *outdir;
	int ret, code;
	size_t f;

	ret = opts_command(&cmd_plot_spec, &o, argc, argv, NULL);
	if (ret) {
		opts_free(&cmd_plot_spec, &o);
		return commands_exit_after_opts(ret);
	}
	/* Look for gnuplot first: without it nothing is written. */
	if (plot_find_gnuplot(&gnuplot)) {
		opts_free(&cmd_plot_spec, &o);
		return PARITY_EXIT_TOOL;
	}
	ret = analysis_open(&a, &o.a);
	code = commands_exit_of_results(ret);
	if (ret)
		goto out;
	code = PARITY_EXIT_RESULTS;
	outdir = a.plots_dir;
	if (plot_prepare(&a, &a.meta, outdir, &ps))
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
	analysis_close(&a);
	free(gnuplot);
	opts_free(&cmd_plot_spec, &o);
	return code;
}
