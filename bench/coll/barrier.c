/* barrier: one iteration = one MPI_Barrier (OMB 7.4 osu_barrier times every
 * call alone, with nothing between calls: --batch, default 1). */
#include "kernel.h"

static void barrier_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Barrier(c->comm);
}

const struct bench_kernel bench_kernel_barrier = {
	.name = "barrier", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_NONE,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_NONE,
	.text = BENCH_TEXT_BARRIER, .column = "Avg Latency(us)",
	.run = barrier_run,
};
