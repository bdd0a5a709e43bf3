/* compare: every container mode against native, point by point.
 *
 * A point is (series, kernel, metric, placement, ranks, message size): a
 * campaign merged from several placements (intra, inter, coll:K) holds
 * several (placement, ranks) combinations, and the native runs of one are
 * the baseline of the container runs of that one only. The evidence is
 * paired by round (paired.h): each round where both the native and the
 * container run succeeded contributes log(container median / native median);
 * the estimate is the Hodges-Lehmann centre of those log ratios, shown as a
 * ratio, with its Wilcoxon signed-rank interval. A sequential campaign (one
 * run with --budget) is judged look by look with alpha spending, exactly as
 * its stopping rule saw it; a fixed one in one analysis. Overhead is signed
 * so that positive means the container is worse: (ratio - 1) x 100 when
 * lower is better (latency), (1 - ratio) x 100 when higher is better
 * (bandwidth, message rate).
 *
 * The baseline is the native series of the first campaign loaded; every
 * other (campaign, mode) series is a candidate, so a second campaign's
 * native series, or the `control` mode (a second native series in the same
 * rounds), can be compared with it (an A/A test). */
#ifndef PARITY_COMPARE_H
#define PARITY_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "campaign.h"
#include "paired.h"
#include "thresholds.h"

/* In order of severity: a series takes the worst verdict of its points. */
#define COMPARE_VERDICTS(X) \
	X(PASS, "pass") X(INCONCLUSIVE, "inconclusive") X(UNRESOLVABLE, "unresolvable") \
	X(NO_DATA, "no-data") X(FAIL, "fail") X(SUSPECTED, "fallback-suspected") \
	X(FALLBACK, "fallback") X(MISMATCH, "mode-mismatch")

#define COMPARE_VERDICT_ENUM(id, name) COMPARE_##id,
enum compare_verdict { COMPARE_VERDICTS(COMPARE_VERDICT_ENUM) COMPARE_NVERDICTS };
#undef COMPARE_VERDICT_ENUM

/* One (placement, ranks) combination found in the campaign rows. */
struct compare_placement {
	const char *placement;       /* runs.csv placement ("intra", "inter", "coll:2x1") */
	unsigned ranks;
};

struct compare_point {
	size_t series;               /* index into compare_result.series */
	const char *kernel, *metric, *unit;  /* point into the campaign rows */
	size_t placement;            /* index into compare_result.placements */
	uint64_t size_bytes;
	int higher_is_better;
	size_t n_native, n_container;          /* successful runs on each side */
	size_t n_pairs;                        /* rounds where both succeeded: the evidence */
	double native_median, container_median; /* medians over rounds of the runs' medians */
	double native_min, native_max, container_min, container_max;
	double ratio, ci_low, ci_high;         /* container / native: HL estimate and interval */
	double confidence_pct;                 /* the interval's exact coverage */
	unsigned look;                         /* deciding look (sequential), 0 for a fixed analysis */
	double overhead_pct, overhead_low_pct, overhead_high_pct;
	double limit_ratio, allowed_pct;       /* from the rule, at this native value */
	double noise_pct;                      /* noise floor: A/A half-width here, percent */
	const struct thresholds_rule *rule;
	enum compare_verdict verdict;
	unsigned extra_reps;         /* inconclusive: more rounds likely to decide (0: none will) */
	size_t native_bad, container_bad;      /* failed/timeout/mismatch rows matching the point */
	char native_transport[96], container_transport[96];  /* evidence, "" when none */
	char note[320];
};

struct compare_series {
	char *label;                 /* mode, or campaign/mode with several campaigns */
	const char *mode;
	size_t campaign;
	enum compare_verdict verdict;
	long worst;                  /* index of the worst point, -1 if none */
	size_t count[COMPARE_NVERDICTS];
	size_t npoints;
	size_t runs_ok, runs_failed, runs_timeout, runs_mismatch;  /* distinct run_id */
};

struct compare_result {
	struct compare_series baseline;        /* summary fields unused except runs_* */
	struct compare_series *series;
	size_t nseries;
	struct compare_point *points;
	size_t npoints;
	struct compare_placement *placements;  /* in order of first appearance */
	size_t nplacements;
	double confidence;
	const struct paired_schedule *schedule;
};

struct compare_options {
	const struct thresholds *thresholds;
	double confidence;           /* percent (95): the whole error budget */
	/* The looks of a sequential campaign, or NULL for one fixed analysis. */
	const struct paired_schedule *schedule;
	/* Sequential: the campaign is over, so an undecided point gets its
	 * closing analysis (0 while `parity run` decides whether to go on). */
	int closing;
};

/* Compare every candidate series of set with the baseline. Logs and returns
 * -ENODATA when the first campaign has no native rows; -ENOMEM. */
int compare_run(const struct campaign_set *set, const struct compare_options *opt,
		struct compare_result *out);

const char *compare_verdict_name(enum compare_verdict v);

/* One or two sentences an admin reads in a minute: the series verdict and
 * its worst point, in words. */
void compare_series_summary(const struct compare_result *res, size_t series, char *buf, size_t len);

/* 1 when the series verdict should make `parity compare` exit 1: fail,
 * fallback, fallback-suspected, mode-mismatch, no-data; inconclusive and
 * unresolvable only when strict. */
int compare_verdict_fails(enum compare_verdict v, int strict);

/* 1 for the verdicts that settle a point (everything but inconclusive and
 * unresolvable): what the sequential stopping rule waits for. */
int compare_verdict_decided(enum compare_verdict v);

/* The campaign-wide word: "PASS" only when every point of every series
 * passed, else the worst of INCONCLUSIVE, FAIL, FALLBACK, ... with counts
 * ("FAIL: 3 of 164 points fail, 12 inconclusive"). */
void compare_overall(const struct compare_result *res, char *buf, size_t len);

/* "inter, 2 ranks": the placement of a point in words. */
void compare_placement_label(const struct compare_result *res, size_t placement, char *buf, size_t len);

/* Index of the (placement, ranks) of a row in res->placements, or -1. */
long compare_placement_of(const struct compare_result *res, const struct campaign_row *r);

/* "bw" for a kernel's primary metric, "mbw_mr message_rate" otherwise. */
void compare_kernel_label(const char *kernel, const char *metric, char *buf, size_t len);

void compare_free(struct compare_result *res);

#endif
