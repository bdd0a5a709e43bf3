/* rounds: the campaign loop of `parity run`.
 *
 * A campaign is a sequence of rounds. In a round, every kernel that is
 * still running runs every mode once, in an order drawn at random for that
 * (round, kernel) from the campaign's seed, so that neither drift nor a
 * mode's position in the round can side with one mode. With a fixed plan
 * (no --budget) every kernel runs exactly --repetitions rounds. With
 * --budget, every kernel runs at least --repetitions rounds; after each
 * round the campaign so far is compared (compare.h, with the look schedule
 * of paired.h) and a kernel whose points are all decided stops; rounds go
 * on for the others until none is left, the next round would not fit in
 * the budget, or --max-repetitions is reached. Functions return 0 or a
 * negative errno code. */
#ifndef PARITY_ROUNDS_H
#define PARITY_ROUNDS_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "record.h"
#include "runner.h"

/* The mode order of one (round, kernel): modes[0..n-1] permuted in place,
 * the same for the same seed, round and kernel. */
void rounds_mode_order(uint64_t seed, unsigned round, enum kernels_id kernel, enum mode_id *modes, size_t n);

/* The seed a plan uses: its own, or one derived from the campaign name. */
uint64_t rounds_seed(const struct plan *p);

struct rounds_status {
	unsigned rounds;               /* rounds started */
	unsigned skipped;              /* runs already recorded ok (--resume) */
	size_t points, decided;        /* at the last evaluation (sequential only) */
	const char *stopped_why;       /* why rounds stopped, in words */
};

/* Run the campaign's rounds through c (c->plan is the plan), skipping the
 * (mode, kernel, round) points recorded ok in done. start_s is the
 * campaign's start on the monotonic clock (the budget counts from it).
 * Returns 0, -EINTR when stopped by a signal, or the error of a run that
 * could not be recorded. */
int rounds_run(struct runner *c, const struct record_done *done, double start_s, struct rounds_status *st);

/* Seconds on the monotonic clock. */
double rounds_now(void);

#endif
