/* gather: one iteration = one MPI_Gather of `size` bytes per rank (of the -T datatype) to rank 0. */
#include "kernel.h"

static void gather_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Gather(bench_sbuf(c, i), count, c->dtype, bench_rbuf(c, i), count, c->dtype, 0, c->comm);
}

const struct bench_kernel bench_kernel_gather = {
	.name = "gather", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_TYPED, .send_blocks = BENCH_BLOCKS_ONE, .recv_blocks = BENCH_BLOCKS_RANKS,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_GATHER_ROOT, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = gather_run,
};
