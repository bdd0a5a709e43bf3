/* measure: one message size on every rank: warm-up, the timed samples, the
 * -c replay, and (on rank 0) the statistics of the result row.
 *
 * Sampling: collectives time every iteration alone with a barrier after it,
 * outside the timing, as OSU does. The others time batches of iterations:
 * a batch holds enough iterations that one timer call costs under 1% of it
 * (batch >= 100 x timer overhead / fastest warm-up iteration), so short
 * messages get batches and long ones one iteration per sample. The avg is
 * OSU's number (total time of all samples); the distribution comes from the
 * samples. */
#ifndef PARITY_BENCH_MEASURE_H
#define PARITY_BENCH_MEASURE_H

#include <stdint.h>
#include <stdio.h>

#include "kernel.h"
#include "options.h"
#include "output.h"

struct measure_env {
	const struct bench_kernel *kernel;
	const struct bench_options *opts;
	struct bench_ctx *ctx;
	char *spool;            /* send and receive buffer pools (touched) */
	char *rpool;
	size_t pool_bytes;      /* size of each pool */
	double timer_overhead;  /* seconds per timer call */
	FILE *samples;          /* rank 0: --samples file, or NULL */
};

/* Bytes a pool needs for sizes up to max_bytes. */
size_t measure_pool_bytes(const struct bench_kernel *k, const struct bench_options *o, int nranks);

/* 1 when the kernel measures this size with elements of dtype_size bytes:
 * at least one element (OMB 7.4 skips sizes below one element, so size 0
 * too); barrier has one size, 0. */
int measure_wants_size(const struct bench_kernel *k, size_t dtype_size, uint64_t size);

/* Measure one size. Every rank must call it. Rank 0 gets *row. Returns 0,
 * or 1 when the -c replay found corrupted data (on every rank). */
int measure_size(const struct measure_env *env, uint64_t size, struct output_row *row);

#endif
