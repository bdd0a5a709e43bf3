#include "analysis.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "cliarg.h"
#include "exitcodes.h"

int analysis_parse_option(struct analysis_options *o, int argc, char **argv, int *i)
{
	int missing = 0;
	const char *v;

	if ((v = cliarg_value("--results", argc, argv, i, &missing)))
		o->results = v;
	else if (!missing && (v = cliarg_value("--campaign", argc, argv, i, &missing)))
		o->campaign = v;
	else if (!missing && (v = cliarg_value("--thresholds", argc, argv, i, &missing)))
		o->thresholds_file = v;
	else if (!missing && (v = cliarg_value("--against", argc, argv, i, &missing))) {
		if (o->nagainst == ANALYSIS_MAX_AGAINST) {
			fprintf(stderr, "parity: at most %d --against campaigns\n", ANALYSIS_MAX_AGAINST);
			return -EINVAL;
		}
		o->against[o->nagainst++] = v;
	}
	if (missing) {
		fprintf(stderr, "parity: option %s needs a value\n", argv[*i]);
		return -EINVAL;
	}
	return v ? 1 : 0;
}

void analysis_usage(FILE *fp)
{
	fprintf(fp,
		"  --campaign=NAME     the campaign (results/NAME/runs.csv); its native runs are the baseline\n"
		"  --results=DIR       results root (default: results)\n"
		"  --against=NAME      also compare the series of campaign NAME with that baseline\n"
		"                      (repeatable; e.g. two native campaigns for an A/A test)\n"
		"  --thresholds=FILE   threshold rules read after the built-in ones (see `parity compare\n"
		"                      --show-thresholds`); the last matching rule wins\n");
}

static char *analysis_dir(const char *results, const char *campaign)
{
	char *dir;

	if (asprintf(&dir, "%s/%s", results, campaign) < 0)
		return NULL;
	return dir;
}

int analysis_open(struct analysis *a, const struct analysis_options *o)
{
	struct compare_options co = {
		.thresholds = &a->thresholds,
		.resamples = BOOTSTRAP_RESAMPLES,
		.confidence = 95.0,
		.seed = BOOTSTRAP_SEED,
	};
	const char *results = o->results ? o->results : "results";
	char err[512];
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	if (!o->campaign || !*o->campaign) {
		fprintf(stderr, "parity: which campaign? give --campaign=NAME (a folder of %s)\n", results);
		return PARITY_EXIT_USAGE;
	}
	if (thresholds_load_defaults(&a->thresholds, err, sizeof(err)) ||
	    (o->thresholds_file && thresholds_load_file(&a->thresholds, o->thresholds_file, err, sizeof(err)))) {
		fprintf(stderr, "parity: %s\n", err);
		return PARITY_EXIT_USAGE;
	}
	a->dir = analysis_dir(results, o->campaign);
	if (!a->dir)
		return PARITY_EXIT_RESULTS;
	ret = campaign_load(&a->set, a->dir, o->campaign);
	for (i = 0; ret == 0 && i < o->nagainst; i++) {
		char *dir = analysis_dir(results, o->against[i]);

		ret = dir ? campaign_load(&a->set, dir, o->against[i]) : -ENOMEM;
		free(dir);
	}
	if (ret)
		return PARITY_EXIT_RESULTS;
	ret = compare_run(&a->set, &co, &a->result);
	if (ret == -ENODATA)
		return PARITY_EXIT_RESULTS;
	if (ret) {
		fprintf(stderr, "parity: compare: %s\n", strerror(-ret));
		return PARITY_EXIT_RESULTS;
	}
	return PARITY_EXIT_OK;
}

void analysis_close(struct analysis *a)
{
	compare_free(&a->result);
	campaign_free(&a->set);
	thresholds_free(&a->thresholds);
	free(a->dir);
	memset(a, 0, sizeof(*a));
}
