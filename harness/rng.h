/* bootstrap: confidence intervals for a ratio of medians, reproducibly.
 *
 * The generator is splitmix64 (Steele, Lea & Flood 2014): 64 bits of state,
 * one add and a few xor-shift-multiplies per number, the same sequence on
 * every machine. A fixed seed makes `parity compare` print the same interval
 * every time it sees the same data. */
#ifndef PARITY_BOOTSTRAP_H
#define PARITY_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

/* The seed parity uses for every comparison point ("PARITY" + 1). */
#define BOOTSTRAP_SEED UINT64_C(0x5041524954590001)
#define BOOTSTRAP_RESAMPLES 2000u

/* Next 64-bit number of the splitmix64 sequence whose state is *state. */
uint64_t bootstrap_next(uint64_t *state);

/* A uniform index in [0, n) (n >= 1), by Lemire's multiply-shift. */
size_t bootstrap_index(uint64_t *state, size_t n);

/* Percentile-bootstrap interval of median(num) / median(den): each of
 * `resamples` rounds draws nn values from num and nd from den with
 * replacement (num first, then den, from one generator seeded with seed)
 * and takes the ratio of their medians; *lo and *hi are the type-7
 * percentiles (100 - confidence) / 2 and (100 + confidence) / 2 of those
 * ratios, confidence in percent. *ratio receives the point estimate.
 * Returns 0, -EINVAL (an empty side, resamples == 0), -EDOM (a median of
 * den is 0, the ratio does not exist), -ENOMEM. */
int bootstrap_ratio_ci(const double *num, size_t nn, const double *den, size_t nd,
		       unsigned resamples, double confidence, uint64_t seed,
		       double *ratio, double *lo, double *hi);

#endif
