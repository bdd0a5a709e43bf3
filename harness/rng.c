#include "bootstrap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

uint64_t bootstrap_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

size_t bootstrap_index(uint64_t *state, size_t n)
{
	return (size_t)(((unsigned __int128)bootstrap_next(state) * n) >> 64);
}

/* Median of n values drawn with replacement from src, using tmp as scratch. */
static double bootstrap_resample_median(uint64_t *state, const double *src, size_t n, double *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = src[bootstrap_index(state, n)];
	return stats_median_inplace(tmp, n);
}

int bootstrap_ratio_ci(const double *num, size_t nn, const double *den, size_t nd,
		       unsigned resamples, double confidence, uint64_t seed,
		       double *ratio, double *lo, double *hi)
{
	double *tmp, *ratios, mn, md;
	uint64_t state = seed;
	unsigned r;
	size_t kept = 0;

	if (nn == 0 || nd == 0 || resamples == 0 || !(confidence > 0 && confidence < 100))
		return -EINVAL;
	tmp = malloc((nn > nd ? nn : nd) * sizeof(*tmp));
	ratios = malloc(resamples * sizeof(*ratios));
	if (!tmp || !ratios) {
		free(tmp);
		free(ratios);
		return -ENOMEM;
	}
	memcpy(tmp, num, nn * sizeof(*tmp));
	mn = stats_median_inplace(tmp, nn);
	memcpy(tmp, den, nd * sizeof(*tmp));
	md = stats_median_inplace(tmp, nd);
	if (md == 0) {
		free(tmp);
		free(ratios);
		return -EDOM;
	}
	*ratio = mn / md;
	for (r = 0; r < resamples; r++) {
		double a = bootstrap_resample_median(&state, num, nn, tmp);
		double b = bootstrap_resample_median(&state, den, nd, tmp);

		/* A resampled denominator of 0 has no ratio: leave the round out
		 * rather than let an infinity drag the upper bound. */
		if (b != 0)
			ratios[kept++] = a / b;
	}
	stats_sort(ratios, kept);
	*lo = kept ? stats_percentile_sorted(ratios, kept, (100.0 - confidence) / 2.0) : *ratio;
	*hi = kept ? stats_percentile_sorted(ratios, kept, (100.0 + confidence) / 2.0) : *ratio;
	free(tmp);
	free(ratios);
	return 0;
}
