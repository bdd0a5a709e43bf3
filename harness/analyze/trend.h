/* trend: campaigns of the same plan over time (this month's against last
 * month's, after every upgrade), in date order.
 *
 * Per point (kernel, metric, placement, ranks, size) and campaign: the
 * native median and each container mode's overhead and verdict against its
 * own campaign's native (compare.h, exactly as `parity compare` judges that
 * campaign); and between consecutive campaigns, how far native itself moved:
 * the later campaign's native compared with the earlier one's (an A/B test
 * by the same paired estimator, rounds matched by number), flagged when the
 * whole interval lies beyond the earlier campaign's noise floor at that
 * point. Such a flag says the host changed (an upgrade of the MPI, the
 * kernel, the firmware), not the container. A campaign's date is its
 * earliest run's start_time. */
#ifndef PARITY_TREND_H
#define PARITY_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compare.h"
#include "core/strvec.h"

/* One mode in one campaign at one point. */
struct trend_cell {
	bool present;
	double value;                 /* median over rounds (native: the native median) */
	double overhead_pct, low_pct, high_pct;  /* against its own native; NAN for native */
	enum compare_verdict verdict;
};

/* Native of a campaign against native of the one before it. */
struct trend_drift {
	bool present;
	double pct, low_pct, high_pct; /* positive = the later native is worse */
	double noise_pct;             /* the earlier campaign's noise floor there */
	bool moved;                   /* the interval lies wholly beyond +-noise_pct */
};

struct trend_row {
	char *kernel, *metric, *unit, *placement;
	unsigned ranks;
	uint64_t size_bytes;
	struct trend_cell *cells;     /* [campaign * nmodes + mode] */
	struct trend_drift *drift;    /* [campaign]; drift[0] is never present */
};

struct trend {
	size_t ncampaigns;
	char **names, **dates;        /* in date order; dates "2026-11-20T10:01:00Z" */
	size_t nmodes;
	char **modes;                 /* "native" first, then each container mode as met */
	struct trend_row *rows;
	size_t nrows;
	size_t nplacements;           /* distinct (placement, ranks) among rows */
};

struct trend_options {
	const char *results;          /* results root */
	const struct strvec *campaigns;  /* names, any order */
	const char *since;            /* or: every campaign of results dated on or after (YYYY-MM-DD...) */
	const char *thresholds_file;  /* as compare's --thresholds, or NULL */
	const struct strvec *kernels; /* only these (empty: all) */
	const uint64_t *sizes;        /* only these sizes, or NULL: each kernel's smallest and largest */
	size_t nsizes;
};

/* Load and compare every campaign, then every consecutive pair. 0; -EINVAL
 * (logged) for fewer than two campaigns or a bad option; the error of a
 * campaign that cannot be read (logged, as compare logs it). */
int trend_build(struct trend *t, const struct trend_options *o);

void trend_free(struct trend *t);

/* Rows in which native moved, counted over all consecutive pairs. */
size_t trend_moved_count(const struct trend *t);

#endif
