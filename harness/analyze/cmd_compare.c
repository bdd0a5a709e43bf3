/* parity compare: verdicts of every container mode against native. */
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
#include "export.h"
#include "thresholds.h"
#include "verdicts.h"

struct cmd_compare_opts {
	struct analysis_options a;
	bool strict, quiet, overall, show_thresholds;
	char *junit, *json;
};

#define CMD_COMPARE_OFF(field) offsetof(struct cmd_compare_opts, field)
static const struct opt cmd_compare_table[] = {
	ANALYSIS_OPTIONS(struct cmd_compare_opts, a),
	{ .name = "strict", .type = OPT_FLAG, .offset = CMD_COMPARE_OFF(strict),
	  .help = "undecided points (inconclusive, unresolvable) fail too (exit 1)" },
	{ .name = "quiet", .type = OPT_FLAG, .offset = CMD_COMPARE_OFF(quiet),
	  .help = "print only the per-mode summary" },
	{ .name = "overall", .type = OPT_FLAG, .offset = CMD_COMPARE_OFF(overall),
	  .help = "print only the overall line (PASS only when every point passed) and write nothing; the "
		  "exit status as always" },
	{ .name = "junit", .type = OPT_STR, .offset = CMD_COMPARE_OFF(junit), .metavar = "FILE",
	  .help = "also write the verdicts as JUnit XML for CI pipelines: a testcase per point; fail, fallback, "
		  "mode-mismatch are failures, no-data an error, inconclusive and unresolvable skipped (failures "
		  "with --strict); written with --overall too" },
	{ .name = "json", .type = OPT_STR, .offset = CMD_COMPARE_OFF(json), .metavar = "FILE",
	  .help = "also write the verdicts as JSON (schema " EXPORT_JSON_SCHEMA ", results/verdicts.schema.json); "
		  "written with --overall too" },
	{ .name = "show-thresholds", .type = OPT_FLAG, .offset = CMD_COMPARE_OFF(show_thresholds),
	  .help = "print the built-in thresholds file and exit" },
};

static const struct opts_spec cmd_compare_spec = {
	.command = "compare",
	.usage = "--campaign=NAME [OPTIONS]",
	.about = "Compare every container mode of a campaign with its native runs, round by round:\n"
		 "median ratio over rounds with its sign-test interval (look by look with alpha\n"
		 "spending when the campaign ran with --budget), overhead (positive = container\n"
		 "worse), the noise floor, and a verdict per point and per mode. Writes\n"
		 "results/NAME/verdicts.csv.",
	.opts = cmd_compare_table,
	.nopts = sizeof(cmd_compare_table) / sizeof(cmd_compare_table[0]),
	.show_values = true,
	.footer = "exit status: 0 every point passes; 1 a point fails, is a fallback (proven or\n"
		  "suspected), a mode-mismatch or has no data; 10 nothing failed but some points are\n"
		  "not decided (inconclusive or unresolvable; 1 with --strict); 2 usage; 6 bad results.",
};

/* The exit status of the verdicts: 1 when a series fails (or there is no
 * container series), else 10 when one is undecided, else 0. */
static int cmd_compare_status(const struct cmd_compare_opts *o, const struct analysis *a)
{
	int code = PARITY_EXIT_OK;
	size_t s;

	if (a->result.nseries == 0)
		return PARITY_EXIT_FAILED;
	for (s = 0; s < a->result.nseries; s++) {
		if (compare_verdict_fails(a->result.series[s].verdict, o->strict))
			code = PARITY_EXIT_FAILED;
		else if (code == PARITY_EXIT_OK && !compare_verdict_decided(a->result.series[s].verdict))
			code = PARITY_EXIT_UNDECIDED;
	}
	return code;
}

/* Print what the options ask for and write verdicts.csv and the --junit
 * and --json files; the exit code. */
static int cmd_compare_report(const struct cmd_compare_opts *o, const struct analysis *a)
{
	char line[1024], *path = NULL;
	int code = cmd_compare_status(o, a);
	size_t s;

	if (o->overall) {
		compare_overall(&a->result, line, sizeof(line));
		printf("%s\n", line);
	} else if (o->quiet) {
		for (s = 0; s < a->result.nseries; s++) {
			compare_series_summary(&a->result, s, line, sizeof(line));
			printf("%s\n", line);
		}
	} else {
		verdicts_print(stdout, &a->set, &a->result);
	}
	campaign_finalize_hang_line(&a->set, line, sizeof(line));
	if (line[0] && !o->overall)
		printf("%s\n", line);
	if (asprintf(&path, "%s/verdicts.csv", a->dir) < 0)
		path = NULL;
	if (!path || (!o->overall && verdicts_write_csv(path, &a->set, &a->result))) {
		free(path);
		return PARITY_EXIT_RESULTS;
	}
	if (!o->quiet && !o->overall)
		printf("verdicts: %s\n", path);
	free(path);
	if (o->junit && export_junit(o->junit, &a->set, &a->result, o->strict))
		return PARITY_EXIT_RESULTS;
	if (o->json && export_json(o->json, &a->set, &a->result, o->strict, code))
		return PARITY_EXIT_RESULTS;
	if (a->result.nseries == 0)
		errors_log("campaign '%s' has only native runs: no container mode to judge", o->a.campaign);
	return code;
}

int cmd_compare(int argc, char **argv)
{
	struct cmd_compare_opts o = { 0 };
	struct analysis a;
	int ret, code;

	ret = opts_command(&cmd_compare_spec, &o, argc, argv, NULL);
	if (!ret && o.show_thresholds) {
		fputs(thresholds_default_text(), stdout);
		ret = 1;
	}
	if (ret) {
		opts_free(&cmd_compare_spec, &o);
		return commands_exit_after_opts(ret);
	}
	ret = analysis_open(&a, &o.a);
	code = ret ? commands_exit_of_results(ret) : cmd_compare_report(&o, &a);
	analysis_close(&a);
	opts_free(&cmd_compare_spec, &o);
	return code;
}
