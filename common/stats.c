#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int stats_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *values, size_t n)
{
	qsort(values, n, sizeof(*values), stats_cmp_double);
}

double stats_percentile_sorted(const double *sorted, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	if (n == 0)
		return NAN;
	if (p <= 0)
		return sorted[0];
	if (p >= 100)
		return sorted[n - 1];
	pos = p / 100.0 * (double)(n - 1);
	lo = (size_t)pos;
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

double stats_median_inplace(double *values, size_t n)
{
	stats_sort(values, n);
	return stats_percentile_sorted(values, n, 50.0);
}

int stats_summarize(const double *samples, size_t n, struct stats_summary *out)
{
	double *sorted, sum = 0.0, sq = 0.0;
	size_t i;

	if (n == 0)
		return -EINVAL;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, samples, n * sizeof(*sorted));
	stats_sort(sorted, n);
	for (i = 0; i < n; i++)
		sum += sorted[i];
	out->n = n;
	out->mean = sum / (double)n;
	/* Two passes: the textbook one-pass formula loses digits on the
	 * near-equal samples that timing loops produce. */
	for (i = 0; i < n; i++)
		sq += (sorted[i] - out->mean) * (sorted[i] - out->mean);
	out->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0.0;
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->median = stats_percentile_sorted(sorted, n, 50.0);
	out->p90 = stats_percentile_sorted(sorted, n, 90.0);
	out->p99 = stats_percentile_sorted(sorted, n, 99.0);
	free(sorted);
	return 0;
}

void stats_median_ci_sorted(const double *sorted, size_t n, double z, double *lo, double *hi)
{
	double half = z * sqrt((double)n) / 2.0;
	double l = floor((double)n / 2.0 - half), u = ceil((double)n / 2.0 + half);

	/* 1-based ranks l and u + 1, clamped to the sample. */
	if (n == 0) {
		*lo = *hi = NAN;
		return;
	}
	if (l < 1)
		l = 1;
	if (u + 1 > (double)n)
		u = (double)n - 1;
	*lo = sorted[(size_t)l - 1];
	*hi = sorted[(size_t)u];
}
