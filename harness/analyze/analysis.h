/* analysis: what compare, plot and report share: the campaigns named on the
 * command line, loaded, with thresholds, compared. */
#ifndef PARITY_ANALYSIS_H
#define PARITY_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/opts.h"
#include "core/strvec.h"

#include "campaign.h"
#include "compare.h"
#include "meta.h"
#include "thresholds.h"

/* The error budget of every comparison: two-sided 95%, so a pass or a fail
 * is wrong at most 2.5% of the time each (spent over the looks of a
 * sequential campaign). */
#define ANALYSIS_CONFIDENCE_PCT 95.0

struct analysis_options {
	char *results;                /* results root ("results") */
	char *campaign;               /* the campaign: its native series is the baseline */
	struct strvec against;        /* more campaigns whose series are compared */
	char *thresholds_file;        /* read after the built-in defaults, or NULL */
};

/* The option table entries of compare, plot and report for the analysis
 * options, at member of the command's option struct type. */
#define ANALYSIS_OPTIONS(opts_type, member) \
	{ .name = "campaign", .type = OPT_STR, .offset = offsetof(opts_type, member.campaign), .metavar = "NAME", \
	  .help = "the campaign (results/NAME/runs.csv); its native runs are the baseline" }, \
	{ .name = "results", .type = OPT_STR, .offset = offsetof(opts_type, member.results), .metavar = "DIR", \
	  .def = "results", .help = "results root" }, \
	{ .name = "against", .type = OPT_STRS, .offset = offsetof(opts_type, member.against), .metavar = "NAME", \
	  .help = "also compare the series of campaign NAME with that baseline (repeatable; e.g. two " \
		  "native campaigns for an A/A test)" }, \
	{ .name = "thresholds", .type = OPT_STR, .offset = offsetof(opts_type, member.thresholds_file), \
	  .metavar = "FILE", .help = "threshold rules read after the built-in ones (see `parity compare " \
				     "--show-thresholds`); the last matching rule wins" }

struct analysis {
	char *dir;                    /* results/<campaign> */
	char *plots_dir;              /* results/<campaign>/plots */
	struct meta meta;             /* what the folder says beside runs.csv */
	struct campaign_set set;
	struct thresholds thresholds;
	struct compare_result result;
	bool sequential;              /* judged look by look (the campaign had a --budget) */
};

/* Load, compare. 0, or (logged) -EINVAL for a usage problem (no campaign, a
 * bad thresholds file), another negative errno code for the results (a
 * missing or corrupt runs.csv: -ENOENT, -EPROTO, -EBADMSG, -ENODATA, ...). */
int analysis_open(struct analysis *a, const struct analysis_options *o);

void analysis_close(struct analysis *a);

#endif
