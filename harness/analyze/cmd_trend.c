/* parity trend: campaigns across time, native and each mode, and whether
 * native itself moved. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/commands.h"
#include "core/errors.h"
#include "core/opts.h"
#include "exitcodes.h"
#include "plot.h"
#include "sizes.h"
#include "trend.h"
#include "trend_out.h"

struct cmd_trend_opts {
	struct strvec campaigns;
	char *since, *results, *thresholds, *kernels, *sizes, *output;
	bool plots;
};

/* --since: an ISO 8601 date (YYYY-MM-DD), optionally with a time after it,
 * compared as text with the runs' start_time (UTC, same format). */
static int cmd_trend_check_since(void *target, char *why, size_t len)
{
	const struct cmd_trend_opts *o = target;
	const char *d = o->since;
	int i, ok = strlen(d) >= 10;

	for (i = 0; ok && i < 10; i++)
		ok = (i == 4 || i == 7) ? d[i] == '-' : d[i] >= '0' && d[i] <= '9';
	if (ok)
		return 0;
	snprintf(why, len, "'%s' is not a date (YYYY-MM-DD)", d);
	return -EINVAL;
}

#define CMD_TREND_OFF(field) offsetof(struct cmd_trend_opts, field)
static const struct opt cmd_trend_table[] = {
	{ .name = "campaign", .type = OPT_STRS, .offset = CMD_TREND_OFF(campaigns), .metavar = "NAME",
	  .help = "a campaign of the trend (repeatable, any order: they are put in date order, the date of a "
		  "campaign being its first run's)" },
	{ .name = "since", .type = OPT_STR, .offset = CMD_TREND_OFF(since), .metavar = "DATE",
	  .check = cmd_trend_check_since,
	  .help = "instead of --campaign: every campaign of the results root whose first run started on or after "
		  "DATE (YYYY-MM-DD, or a longer ISO 8601 UTC time)" },
	{ .name = "results", .type = OPT_STR, .offset = CMD_TREND_OFF(results), .metavar = "DIR", .def = "results",
	  .help = "results root" },
	{ .name = "thresholds", .type = OPT_STR, .offset = CMD_TREND_OFF(thresholds), .metavar = "FILE",
	  .help = "threshold rules read after the built-in ones, for every campaign (as compare's)" },
	{ .name = "kernels", .type = OPT_STR, .offset = CMD_TREND_OFF(kernels), .metavar = "LIST",
	  .help = "only these kernels (comma-separated; default: all)" },
	{ .name = "sizes", .type = OPT_STR, .offset = CMD_TREND_OFF(sizes), .metavar = "LIST",
	  .help = "only these message sizes (comma-separated, e.g. 8,64K,1M; default: each kernel's smallest and "
		  "largest)" },
	{ .name = "output", .type = OPT_STR, .offset = CMD_TREND_OFF(output), .metavar = "DIR",
	  .help = "where trend.csv and the figures go (default: RESULTS/trend-FIRST-LAST, after the first and last "
		  "campaign in date order)" },
	{ .name = "plots", .type = OPT_BOOL, .offset = CMD_TREND_OFF(plots), .def = "yes",
	  .help = "draw a figure per point with gnuplot (PNG and SVG)" },
};

static const struct opts_spec cmd_trend_spec = {
	.command = "trend",
	.usage = "--campaign=A --campaign=B [--campaign=C ...] | --since=DATE [OPTIONS]",
	.about = "Campaigns of the same plan over time (before and after an upgrade), in date\n"
		 "order: per kernel and size, the native median and each container mode's\n"
		 "overhead and verdict against its own campaign's native; and each campaign's\n"
		 "native against the one before it (paired by round), flagged MOVED when the\n"
		 "whole interval lies beyond the earlier campaign's noise floor: the host\n"
		 "changed, not the container. Prints a table; writes trend.csv and a figure\n"
		 "per point.",
	.opts = cmd_trend_table,
	.nopts = sizeof(cmd_trend_table) / sizeof(cmd_trend_table[0]),
	.show_values = true,
	.footer = "exit status: 0 the trend was written (whether or not native moved: see its lines);\n"
		  "2 usage (fewer than two campaigns, a bad size); 6 bad results; 8 gnuplot failed.",
};

/* "8,64K,1M" -> sizes; "latency,bw" -> kernels. */
static int cmd_trend_lists(const struct cmd_trend_opts *o, struct strvec *kernels, uint64_t **sizes, size_t *nsizes)
{
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (o->kernels) {
		copy = strdup(o->kernels);
		for (tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && !ret; tok = strtok_r(NULL, ",", &save))
			ret = strvec_push(kernels, tok);
		free(copy);
	}
	if (o->sizes) {
		size_t n = 1;
		const char *p;

		for (p = o->sizes; *p; p++)
			n += *p == ',';
		*sizes = calloc(n, sizeof(**sizes));
		copy = strdup(o->sizes);
		if (!*sizes || !copy) {
			free(copy);
			return -ENOMEM;
		}
		save = NULL;
		for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
			if (sizes_parse(tok, &(*sizes)[*nsizes]) != 0) {
				errors_log("--sizes: '%s' is not a message size", tok);
				ret = -EINVAL;
			}
			(*nsizes)++;
		}
		free(copy);
		if (!ret && *nsizes == 0) {
			errors_log("--sizes: no size given");
			ret = -EINVAL;
		}
	}
	return ret;
}

int cmd_trend(int argc, char **argv)
{
	struct cmd_trend_opts o = { 0 };
	struct trend_options to = { 0 };
	struct strvec kernels = { 0 };
	struct plot_set ps = { 0 };
	struct trend t = { 0 };
	uint64_t *sizes = NULL;
	size_t nsizes = 0;
	char *out = NULL, *csv = NULL, *gnuplot = NULL;
	int ret, code = PARITY_EXIT_USAGE;

	ret = opts_command(&cmd_trend_spec, &o, argc, argv, NULL);
	if (ret) {
		opts_free(&cmd_trend_spec, &o);
		return commands_exit_after_opts(ret);
	}
	if (o.since && o.campaigns.n) {
		errors_log("give either --campaign (repeated) or --since, not both");
		goto out;
	}
	if (cmd_trend_lists(&o, &kernels, &sizes, &nsizes))
		goto out;
	to.results = o.results;
	to.campaigns = &o.campaigns;
	to.since = o.since;
	to.thresholds_file = o.thresholds;
	to.kernels = &kernels;
	to.sizes = sizes;
	to.nsizes = nsizes;
	ret = trend_build(&t, &to);
	if (ret) {
		code = commands_exit_of_results(ret);
		goto out;
	}
	code = PARITY_EXIT_RESULTS;
	if (o.output)
		out = strdup(o.output);
	else if (asprintf(&out, "%s/trend-%s-%s", o.results, t.names[0], t.names[t.ncampaigns - 1]) < 0)
		out = NULL;
	if (!out || asprintf(&csv, "%s/trend.csv", out) < 0) {
		csv = NULL;
		goto out;
	}
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		errors_log("cannot create %s: %s", out, strerror(errno));
		goto out;
	}
	trend_print(stdout, &t);
	if (trend_write_csv(csv, &t))
		goto out;
	printf("trend: %s\n", csv);
	if (o.plots && t.nrows) {
		if (plot_find_gnuplot(&gnuplot)) {
			code = PARITY_EXIT_TOOL;
			goto out;
		}
		if (trend_prepare_figures(&t, out, &ps))
			goto out;
		if (plot_render(&ps, out, gnuplot)) {
			code = PARITY_EXIT_TOOL;
			goto out;
		}
		printf("figures: %s/trend-*.png, .svg (%zu)\n", out, ps.n);
	}
	code = PARITY_EXIT_OK;
out:
	plot_set_free(&ps);
	trend_free(&t);
	strvec_free(&kernels);
	free(sizes);
	free(out);
	free(csv);
	free(gnuplot);
	opts_free(&cmd_trend_spec, &o);
	return code;
}
