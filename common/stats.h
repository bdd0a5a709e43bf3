/* stats: summaries of timing samples.
 *
 * Percentiles use linear interpolation between closest ranks (Hyndman & Fan
 * type 7, the default of R and numpy), so p50 of an even count is the mean of
 * the two middle values. Standard deviation is the sample one (n - 1). */
#ifndef PARITY_STATS_H
#define PARITY_STATS_H

#include <stddef.h>

struct stats_summary {
	size_t n;
	double mean;
	double min;
	double max;
	double median;
	double p90;
	double p99;
	double stddev;
};

/* Summarize n samples (n >= 1) without changing them. Returns 0, -EINVAL for
 * n == 0, -ENOMEM. */
int stats_summarize(const double *samples, size_t n, struct stats_summary *out);

/* Percentile p in [0, 100] of n ascending values. */
double stats_percentile_sorted(const double *sorted, size_t n, double p);

/* Median of n values (any order); the array is sorted in place. */
double stats_median_inplace(double *values, size_t n);

/* Distribution-free interval of the median of n ascending values: the
 * order statistics whose binomial ranks lie z standard deviations either
 * side of n / 2 (z = 1.96: about 95%). With few values it widens to the
 * minimum and maximum. Assumes independent samples: batches of one run are
 * not quite, so read it as the within-run spread of the median. */
void stats_median_ci_sorted(const double *sorted, size_t n, double z, double *lo, double *hi);

/* Sort n doubles ascending in place. */
void stats_sort(double *values, size_t n);

#endif
