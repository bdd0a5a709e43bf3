/* parity report: one self-contained HTML page per campaign. */
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
#include "report.h"
#include "trend.h"
#include "trend_out.h"

struct cmd_report_opts {
	struct analysis_options a;
	bool strict, plots;
	char *format;
};

/* --format: html or md. */
static int cmd_report_check_format(void *target, char *why, size_t len)
{
	const struct cmd_report_opts *o = target;

	if (strcmp(o->format, "html") == 0 || strcmp(o->format, "md") == 0)
		return 0;
	snprintf(why, len, "unknown format '%s' (html or md)", o->format);
	return -EINVAL;
}

static const struct opt cmd_report_table[] = {
	ANALYSIS_OPTIONS(struct cmd_report_opts, a),
	{ .name = "strict", .type = OPT_FLAG, .offset = offsetof(struct cmd_report_opts, strict),
	  .help = "count inconclusive points as failing in the summary" },
	{ .name = "plots", .type = OPT_BOOL, .offset = offsetof(struct cmd_report_opts, plots), .def = "yes",
	  .help = "draw the figures with gnuplot (--no-plots: the page says why it has none)" },
	{ .name = "format", .type = OPT_STR, .offset = offsetof(struct cmd_report_opts, format), .def = "html",
	  .metavar = "html|md", .check = cmd_report_check_format,
	  .help = "html: report.html, one self-contained page; md: report.md, the same content as Markdown, "
		  "the figures as files beside it (plots/NAME.png)" },
};

static const struct opts_spec cmd_report_spec = {
	.command = "report",
	.usage = "--campaign=NAME [OPTIONS]",
	.about = "Write results/NAME/report.html: the verdict summary, a map per mode of the\n"
		 "overhead by kernel and size coloured by verdict, the figures (drawn with\n"
		 "gnuplot and inlined as SVG), tables per kernel, provenance per mode, the\n"
		 "environment and the method. The page loads nothing from elsewhere. With\n"
		 "--format=md, results/NAME/report.md: the same as Markdown.",
	.opts = cmd_report_table,
	.nopts = sizeof(cmd_report_table) / sizeof(cmd_report_table[0]),
	.show_values = true,
	.footer = "exit status: 0 the page was written (whatever the verdicts: see parity compare);\n"
		  "2 usage; 6 bad results; without gnuplot the page is written without figures.",
};

int cmd_report(int argc, char **argv)
{
	struct cmd_report_opts o = { 0 };
	struct report_input in = { 0 };
	struct plot_set ps = { 0 }, trend_ps = { 0 };
	struct trend trend = { 0 };
	struct analysis a;
	char *gnuplot = NULL, *page = NULL;
	int ret, code;

	ret = opts_command(&cmd_report_spec, &o, argc, argv, NULL);
	if (ret) {
		opts_free(&cmd_report_spec, &o);
		return commands_exit_after_opts(ret);
	}
	ret = analysis_open(&a, &o.a);
	code = commands_exit_of_results(ret);
	if (ret)
		goto out;
	code = PARITY_EXIT_RESULTS;
	in.format = strcmp(o.format, "md") == 0 ? REPORT_MD : REPORT_HTML;
	if (asprintf(&page, "%s/report.%s", a.dir, in.format == REPORT_MD ? "md" : "html") < 0)
		goto out;
	in.analysis = &a;
	in.meta = &a.meta;
	in.plots_dir = a.plots_dir;
	in.thresholds_file = o.a.thresholds_file;
	in.strict = o.strict;
	if (!o.plots) {
		in.plots_note = "drawing was switched off (--no-plots).";
	} else if (plot_find_gnuplot(&gnuplot)) {
		in.plots_note = "gnuplot was not found when the report was written.";
	} else if (plot_prepare(&a, &a.meta, a.plots_dir, &ps) || plot_render(&ps, a.plots_dir, gnuplot)) {
		in.plots_note = "gnuplot failed (see plots/gnuplot.log).";
		plot_set_free(&ps);
	} else {
		in.plots = &ps;
	}
	/* Several campaigns: their trend too, in date order. */
	if (o.a.against.n) {
		struct strvec names = { 0 };
		struct trend_options to = { .results = o.a.results, .campaigns = &names,
					    .thresholds_file = o.a.thresholds_file };
		size_t i;

		ret = strvec_push(&names, o.a.campaign);
		for (i = 0; !ret && i < o.a.against.n; i++)
			ret = strvec_push(&names, o.a.against.v[i]);
		if (!ret)
			ret = trend_build(&trend, &to);
		strvec_free(&names);
		if (ret)
			goto out;
		in.trend = &trend;
		if (in.plots && trend.nrows && trend_prepare_figures(&trend, a.plots_dir, &trend_ps) == 0 &&
		    plot_render(&trend_ps, a.plots_dir, gnuplot) == 0)
			in.trend_plots = &trend_ps;
	}
	if (report_write(page, &in))
		goto out;
	printf("report: %s\n", page);
	code = PARITY_EXIT_OK;
out:
	plot_set_free(&ps);
	plot_set_free(&trend_ps);
	trend_free(&trend);
	analysis_close(&a);
	free(page);
	free(gnuplot);
	opts_free(&cmd_report_spec, &o);
	return code;
}
