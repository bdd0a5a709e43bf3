/* parity report: one self-contained HTML page per campaign. */
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
#include "report.h"

static void cmd_report_usage(FILE *fp)
{
	fprintf(fp, "usage: parity report --campaign=NAME [OPTIONS]\n\n"
		    "Write results/NAME/report.html: the verdict summary, the figures (drawn with\n"
		    "gnuplot and inlined as SVG), tables per kernel, provenance per mode, the\n"
		    "environment and the method. The page loads nothing from elsewhere.\n\n");
	analysis_usage(fp);
	fprintf(fp,
		"  --strict            count inconclusive points as failing in the summary\n"
		"  --no-plots          do not run gnuplot (the page says why it has no figures)\n"
		"\nexit status: 0 the page was written (whatever the verdicts: see parity compare);\n"
		"2 usage; 6 bad results; without gnuplot the page is written without figures.\n");
}

int cmd_report(int argc, char **argv)
{
	struct analysis_options o = { 0 };
	struct report_input in = { 0 };
	struct plot_set ps = { 0 };
	struct analysis a;
	struct meta m = { 0 };
	char *gnuplot = NULL, *outdir = NULL, *page = NULL;
	int i, ret, code, no_plots = 0, strict = 0;

	for (i = 1; i < argc; i++) {
		ret = analysis_parse_option(&o, argc, argv, &i);
		if (ret < 0)
			return PARITY_EXIT_USAGE;
		if (ret > 0)
			continue;
		if (strcmp(argv[i], "--no-plots") == 0)
			no_plots = 1;
		else if (strcmp(argv[i], "--strict") == 0)
			strict = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			cmd_report_usage(stdout);
			return PARITY_EXIT_OK;
		} else {
			errors_log("unknown option '%s' (see parity report --help)", argv[i]);
			return PARITY_EXIT_USAGE;
		}
	}
	ret = analysis_open(&a, &o);
	code = !ret ? PARITY_EXIT_OK : ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
	if (code != PARITY_EXIT_OK)
		goto out;
	meta_load(&m, a.dir);
	code = PARITY_EXIT_RESULTS;
	if (asprintf(&outdir, "%s/plots", a.dir) < 0 || asprintf(&page, "%s/report.html", a.dir) < 0)
		goto out;
	in.analysis = &a;
	in.meta = &m;
	in.plots_dir = outdir;
	in.thresholds_file = o.thresholds_file;
	in.strict = strict;
	if (no_plots) {
		in.plots_note = "drawing was switched off (--no-plots).";
	} else if (plot_find_gnuplot(&gnuplot)) {
		in.plots_note = "gnuplot was not found when the report was written.";
	} else if (plot_prepare(&a, &m, outdir, &ps) || plot_render(&ps, outdir, gnuplot)) {
		in.plots_note = "gnuplot failed (see plots/gnuplot.log).";
		plot_set_free(&ps);
	} else {
		in.plots = &ps;
	}
	if (report_write(page, &in))
		goto out;
	printf("report: %s\n", page);
	code = PARITY_EXIT_OK;
out:
	plot_set_free(&ps);
	meta_free(&m);
	analysis_close(&a);
	free(outdir);
	free(page);
	free(gnuplot);
	return code;
}
