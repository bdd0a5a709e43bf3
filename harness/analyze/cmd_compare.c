/* parity compare: verdicts of every container mode against native. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "core/errors.h"
#include "core/commands.h"
#include "exitcodes.h"
#include "thresholds.h"
#include "verdicts.h"

static void cmd_compare_usage(FILE *fp)
{
	fprintf(fp, "usage: parity compare --campaign=NAME [OPTIONS]\n\n"
		    "Compare every container mode of a campaign with its native runs, round by round:\n"
		    "median ratio over rounds with its sign-test interval (look by look with alpha\n"
		    "spending when the campaign ran with --budget), overhead (positive = container\n"
		    "worse), the noise floor, and a verdict per point and per mode. Writes\n"
		    "results/NAME/verdicts.csv.\n\n");
	analysis_usage(fp);
	fprintf(fp,
		"  --strict            undecided points (inconclusive, unresolvable) fail too (exit 1)\n"
		"  --quiet             print only the per-mode summary\n"
		"  --overall           print only the overall line (PASS only when every point\n"
		"                      passed) and write nothing; the exit status as always\n"
		"  --show-thresholds   print the built-in thresholds file and exit\n"
		"\nexit status: 0 every point passes; 1 a point fails, is a fallback (proven or\n"
		"suspected), a mode-mismatch or has no data; 10 nothing failed but some points are\n"
		"not decided (inconclusive or unresolvable; 1 with --strict); 2 usage; 6 bad results.\n");
}

int cmd_compare(int argc, char **argv)
{
	struct analysis_options o = { 0 };
	struct analysis a;
	int strict = 0, quiet = 0, overall = 0, i, ret, code;
	char *path = NULL;
	size_t s;

	for (i = 1; i < argc; i++) {
		ret = analysis_parse_option(&o, argc, argv, &i);
		if (ret < 0)
			return PARITY_EXIT_USAGE;
		if (ret > 0)
			continue;
		if (strcmp(argv[i], "--strict") == 0)
			strict = 1;
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = 1;
		else if (strcmp(argv[i], "--overall") == 0)
			overall = 1;
		else if (strcmp(argv[i], "--show-thresholds") == 0) {
			fputs(thresholds_default_text(), stdout);
			return PARITY_EXIT_OK;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			cmd_compare_usage(stdout);
			return PARITY_EXIT_OK;
		} else {
			errors_log("unknown option '%s' (see parity compare --help)", argv[i]);
			return PARITY_EXIT_USAGE;
		}
	}
	ret = analysis_open(&a, &o);
	code = !ret ? PARITY_EXIT_OK : ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
	if (code != PARITY_EXIT_OK) {
		analysis_close(&a);
		return code;
	}
	if (overall) {
		char line[1024];

		compare_overall(&a.result, line, sizeof(line));
		printf("%s\n", line);
	} else if (quiet) {
		char line[1024];

		for (s = 0; s < a.result.nseries; s++) {
			compare_series_summary(&a.result, s, line, sizeof(line));
			printf("%s\n", line);
		}
	} else {
		verdicts_print(stdout, &a.set, &a.result);
	}
	if (asprintf(&path, "%s/verdicts.csv", a.dir) < 0)
		path = NULL;
	if (!path || (!overall && verdicts_write_csv(path, &a.set, &a.result))) {
		free(path);
		analysis_close(&a);
		return PARITY_EXIT_RESULTS;
	}
	if (!quiet && !overall)
		printf("verdicts: %s\n", path);
	free(path);
	code = PARITY_EXIT_OK;
	if (a.result.nseries == 0) {
		errors_log("campaign '%s' has only native runs: no container mode to judge",
			o.campaign);
		code = PARITY_EXIT_FAILED;
	}
	for (s = 0; s < a.result.nseries; s++) {
		if (compare_verdict_fails(a.result.series[s].verdict, strict))
			code = PARITY_EXIT_FAILED;
		else if (code == PARITY_EXIT_OK && !compare_verdict_decided(a.result.series[s].verdict))
			code = PARITY_EXIT_UNDECIDED;
	}
	analysis_close(&a);
	return code;
}
