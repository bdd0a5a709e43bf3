#include "paired.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

const struct paired_schedule paired_default_schedule = { .first = 10, .growth = 2.0, .alpha = 0.05 };

/* The rank k (1-based) of the lower interval bound among n sorted values:
 * the largest k with 2 P(B <= k - 1) <= alpha for B ~ Binomial(n, 1/2), and
 * the exact coverage 1 - 2 P(B <= k - 1). Returns 0 when no k qualifies (n
 * too small for that alpha). Probabilities are built in logs, so any n
 * works. */
static size_t paired_critical_rank(size_t n, double alpha, double *coverage)
{
	double cum = 0, logp = -(double)n * log(2.0), p;
	size_t k = 0;

	/* p = P(B = k) = C(n, k) / 2^n, grown term by term. */
	while (k <= n) {
		p = exp(logp);
		if (2 * (cum + p) > alpha)
			break;
		cum += p;
		logp += log((double)(n - k)) - log((double)(k + 1));
		k++;
	}
	*coverage = 1 - 2 * cum;
	return k;
}

size_t paired_min_rounds(double alpha)
{
	size_t n;
	double cov;

	for (n = 1; n < 1000; n++)
		if (paired_critical_rank(n, alpha, &cov) >= 1)
			return n;
	return 1000;
}

static int paired_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int paired_median_interval(const double *d, size_t n, double alpha, double *estimate, double *lo, double *hi,
			   double *achieved)
{
	double *v, cov = 0;
	size_t k;

	if (n == 0 || !(alpha > 0 && alpha < 1))
		return -EINVAL;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v, d, n * sizeof(*v));
	qsort(v, n, sizeof(*v), paired_cmp);
	*estimate = stats_percentile_sorted(v, n, 50.0);
	k = paired_critical_rank(n, alpha, &cov);
	if (k == 0) {
		/* No interval at this level: the widest one, and its coverage. */
		k = 1;
		cov = 1 - ldexp(1.0, 1 - (int)n);
	}
	*lo = v[k - 1];
	*hi = v[n - k];
	*achieved = cov;
	free(v);
	return 0;
}

size_t paired_look_rounds(const struct paired_schedule *s, unsigned j)
{
	double r = (double)s->first;
	size_t prev = s->first;
	unsigned i;

	for (i = 1; i < j; i++) {
		r = ceil(r * s->growth);
		/* Always at least one more round than the previous look. */
		if ((size_t)r <= prev)
			r = (double)prev + 1;
		prev = (size_t)r;
	}
	return (size_t)r;
}

unsigned paired_looks_at(const struct paired_schedule *s, size_t n)
{
	unsigned j = 0;

	while (j < 64 && paired_look_rounds(s, j + 1) <= n)
		j++;
	return j;
}

double paired_look_alpha(const struct paired_schedule *s, unsigned j)
{
	return ldexp(s->alpha, -(int)j);
}

/* One analysis of the first n overheads against allowance. */
static int paired_analyse(const double *o, size_t n, double allowance, double alpha, unsigned look,
			  struct paired_result *r)
{
	int ret;

	r->n = n;
	r->look = look;
	r->alpha = alpha;
	ret = paired_median_interval(o, n, alpha, &r->estimate, &r->lo, &r->hi, &r->achieved);
	if (ret)
		return ret;
	/* An interval short of its level (too few rounds) decides nothing. */
	if (r->achieved < 1 - alpha)
		r->decision = PAIRED_UNDECIDED;
	else if (r->lo > allowance)
		r->decision = PAIRED_FAIL;
	else if (r->hi <= allowance)
		r->decision = PAIRED_PASS;
	else
		r->decision = PAIRED_UNDECIDED;
	return 0;
}

int paired_judge(const double *o, size_t n, const double *allowed, double allowance,
		 const struct paired_schedule *s, int closing, double alpha_fixed, struct paired_result *out)
{
	unsigned j, looks;
	size_t nj = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return -EINVAL;
	if (!s)
		return paired_analyse(o, n, allowed ? allowed[n - 1] : allowance, alpha_fixed, 0, out);
	looks = paired_looks_at(s, n);
	if (!looks && !closing) {
		/* Not a single look yet: the summary of what there is, undecided. */
		ret = paired_analyse(o, n, allowed ? allowed[n - 1] : allowance, paired_look_alpha(s, 1), 1, out);
		out->decision = PAIRED_UNDECIDED;
		return ret;
	}
	for (j = 1; j <= looks; j++) {
		nj = paired_look_rounds(s, j);
		ret = paired_analyse(o, nj, allowed ? allowed[nj - 1] : allowance, paired_look_alpha(s, j), j, out);
		if (ret || out->decision != PAIRED_UNDECIDED)
			return ret;
	}
	if (n > nj && closing)
		return paired_analyse(o, n, allowed ? allowed[n - 1] : allowance, paired_look_alpha(s, looks + 1),
				      looks + 1, out);
	return 0;
}

double paired_noise_floor(const double *x, size_t n, double alpha)
{
	double *diff, est, lo, hi, cov;
	size_t i;
	int ret;

	if (n < 3)
		return NAN;
	diff = malloc((n - 1) * sizeof(*diff));
	if (!diff)
		return NAN;
	for (i = 0; i + 1 < n; i++)
		diff[i] = x[i + 1] - x[i];
	ret = paired_median_interval(diff, n - 1, alpha, &est, &lo, &hi, &cov);
	free(diff);
	return ret ? NAN : (hi - lo) / 2;
}
