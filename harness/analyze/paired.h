/* paired: how much worse a container mode is than native, from rounds.
 *
 * A campaign runs in rounds: in each round every mode of a kernel runs once,
 * in a random order. The unit of evidence is one round's log ratio
 *   d = log(container median / native median)
 * of the two runs' own medians. Slow drifts of the machine hit both runs of
 * a round alike and cancel; the random order keeps any effect of position
 * from siding with one mode. The overhead is the median of d over rounds
 * (what a typical round shows), with the sign-test interval: the order
 * statistics of d whose binomial ranks bound the median. It assumes only
 * that rounds are independent, not a shape for the noise, and it ignores how
 * far a bad launch strays: on shared machines a sizeable share of launches
 * is slowed by other work (a bimodal, heavy-tailed noise), which widens
 * intervals that average (means, or the Walsh averages of Hodges-Lehmann)
 * but not the median's. Simulations of such noise (tests/unit/test_paired.c)
 * decided more points with it than with Hodges-Lehmann at the same error
 * rates.
 *
 * Sequential use: a campaign may look at its data after several numbers of
 * rounds (the looks) and stop a kernel once all its points are decided.
 * Looking repeatedly would inflate the error rates, so the error budget
 * alpha is spent over the looks: look j (1-based) uses alpha / 2^j, which
 * sums to at most alpha however many looks are taken (a Bonferroni bound,
 * valid for any dependence between looks). The looks fall at geometrically
 * spaced round counts, so a campaign twice as long costs only a few more
 * halvings. A point's verdict is the first decisive look's; a point never
 * decided gets the last analysis (at the rounds it has), which spends the
 * next share. Every function here is pure and deterministic. */
#ifndef PARITY_PAIRED_H
#define PARITY_PAIRED_H

#include <stddef.h>

/* Median of d[0..n-1] and its sign-test interval at two-sided level
 * 1 - alpha: [d_(k), d_(n+1-k)] of the sorted values, k the largest rank
 * with 2 P(Binomial(n, 1/2) <= k - 1) <= alpha. *achieved receives the
 * interval's exact coverage (>= 1 - alpha, or below it when n is too small
 * for any interval at that level: then the interval is [min, max] of d).
 * Returns 0, -EINVAL (n == 0, alpha outside (0, 1)), -ENOMEM. */
int paired_median_interval(const double *d, size_t n, double alpha, double *estimate, double *lo, double *hi,
			   double *achieved);

/* Smallest n for which an interval at level 1 - alpha exists. */
size_t paired_min_rounds(double alpha);

/* The looks of a sequential campaign: rounds first, then each next look at
 * ceil(previous x growth) rounds (growth > 1). Look j (1-based) spends
 * alpha / 2^j. */
struct paired_schedule {
	size_t first;
	double growth;
	double alpha;
};

/* The default: first look at 10 rounds, growth 2 (looks at 10, 20, 40, 80,
 * ... rounds), alpha 0.05 (a pass or a fail is wrong at most 2.5% of the
 * time each). Chosen by simulation of this VM's bimodal noise
 * (tests/unit/test_paired.c) within 20 to 40 rounds: few looks keep most of
 * alpha for the analyses that decide; a first look at 6 or 8 rounds, or
 * looks every 1.3x or 1.5x the rounds, decided fewer points. */
extern const struct paired_schedule paired_default_schedule;

/* Rounds of look j (1-based). */
size_t paired_look_rounds(const struct paired_schedule *s, unsigned j);
/* Looks taken with n rounds (0 when n < s->first). */
unsigned paired_looks_at(const struct paired_schedule *s, size_t n);
/* Alpha of look j. */
double paired_look_alpha(const struct paired_schedule *s, unsigned j);

/* What a point needs: overhead o in log terms, positive = container worse
 * (o = d for lower-is-better metrics, -d for higher-is-better ones), and the
 * allowed overhead in the same terms. */
enum paired_decision {
	PAIRED_UNDECIDED,
	PAIRED_PASS,         /* the whole interval of o is within the allowance */
	PAIRED_FAIL,         /* the whole interval is beyond it */
};

struct paired_result {
	enum paired_decision decision;
	size_t n;                /* rounds used by the deciding (or last) analysis */
	unsigned look;           /* its look number (1-based); 0 for a fixed analysis */
	double alpha;            /* its two-sided alpha */
	double achieved;         /* its interval's exact coverage */
	double estimate, lo, hi; /* of o */
};

/* Judge one point. o[0..n-1] are the per-round overheads in round order,
 * allowed[k] the allowance in force with the first k + 1 rounds (thresholds
 * with an absolute slack depend on the native level, which moves as rounds
 * come in; pass NULL with allowance for a constant one). With s == NULL
 * the analysis is a single fixed one at alpha_fixed over all n rounds;
 * otherwise the looks of s up to n are replayed and the first decisive one
 * wins. With `closing`, a point still undecided gets one more analysis at n
 * when n is past the last look (the campaign is over: this is its last
 * look); without it (a campaign deciding whether to go on) only the looks
 * count, so that every analysis a campaign ever makes spends its own share.
 * An analysis whose interval cannot reach its level (too few rounds)
 * decides nothing. Returns 0, -EINVAL, -ENOMEM. */
int paired_judge(const double *o, size_t n, const double *allowed, double allowance,
		 const struct paired_schedule *s, int closing, double alpha_fixed, struct paired_result *out);

/* The noise floor: the half-width (log terms) that an A/A comparison of n
 * rounds would have on this machine, estimated from one series alone by the
 * successive differences of its per-round log values x[0..n-1] (the
 * difference of two runs of the same thing, like a round's log ratio under
 * no overhead; neighbours, so slow drifts cancel as they do in a round).
 * Returns the half-width of the sign-test interval of those differences at
 * level 1 - alpha, or NAN when n < 3. */
double paired_noise_floor(const double *x, size_t n, double alpha);

#endif
