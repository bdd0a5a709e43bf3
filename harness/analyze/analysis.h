/* analysis: what compare, plot and report share: the campaigns named on the
 * command line, loaded, with thresholds, compared. */
#ifndef PARITY_ANALYSIS_H
#define PARITY_ANALYSIS_H

#include <stdbool.h>
#include <stdio.h>

#include "campaign.h"
#include "compare.h"
#include "thresholds.h"

#define ANALYSIS_MAX_AGAINST 8
/* The error budget of every comparison: two-sided 95%, so a pass or a fail
 * is wrong at most 2.5% of the time each (spent over the looks of a
 * sequential campaign). */
#define ANALYSIS_CONFIDENCE_PCT 95.0

struct analysis_options {
	const char *results;          /* results root ("results") */
	const char *campaign;         /* the campaign: its native series is the baseline */
	const char *against[ANALYSIS_MAX_AGAINST];  /* more campaigns whose series are compared */
	size_t nagainst;
	const char *thresholds_file;  /* read after the built-in defaults, or NULL */
};

struct analysis {
	char *dir;                    /* results/<campaign> */
	struct campaign_set set;
	struct thresholds thresholds;
	struct compare_result result;
	bool sequential;              /* judged look by look (the campaign had a --budget) */
};

/* Parse one option common to compare, plot and report (--results,
 * --campaign, --against, --thresholds) at argv[*i] (argv[*i + 1] may be its
 * value; *i is advanced past what was used). Returns 1 when consumed, 0 when
 * not an analysis option, -EINVAL (logged) when its value is missing. */
int analysis_parse_option(struct analysis_options *o, int argc, char **argv, int *i);

/* The help lines of those options. */
void analysis_usage(FILE *fp);

/* Load, compare. 0, or (logged) -EINVAL for a usage problem (no campaign, a
 * bad thresholds file), another negative errno code for the results (a
 * missing or corrupt runs.csv: -ENOENT, -EPROTO, -EBADMSG, -ENODATA, ...). */
int analysis_open(struct analysis *a, const struct analysis_options *o);

void analysis_close(struct analysis *a);

#endif
