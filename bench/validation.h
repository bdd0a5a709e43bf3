/* validation: the -c replay. Before each replayed iteration every rank fills
 * what it sends with the pattern of (size, iteration, sender, block) and
 * clears what it receives; afterwards the ranks that received data check it
 * end to end (bench/pattern.c holds the patterns). Buffer 0 is used. */
#ifndef PARITY_BENCH_VALIDATION_H
#define PARITY_BENCH_VALIDATION_H

#include <stddef.h>

#include "kernel.h"

struct validation_failure {
	size_t offset;          /* first wrong byte in the receive buffer */
	int sender;             /* whose data was wrong (-1: a reduction) */
};

void validation_fill(const struct bench_kernel *k, struct bench_ctx *c, size_t size, size_t iteration);

/* Check this rank's received data; with inject, corrupt one received byte
 * first (the --validate-inject test hook). Returns 0, or -EBADMSG with *why. */
int validation_check(const struct bench_kernel *k, struct bench_ctx *c, size_t size, size_t iteration,
		 int inject, struct validation_failure *why);

#endif
