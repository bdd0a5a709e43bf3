/* alltoall: one iteration = one MPI_Alltoall of `size` bytes per pair of ranks (of the -T datatype). */
#include "kernel.h"

static void alltoall_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Alltoall(bench_sbuf(c, i), count, c->dtype, bench_rbuf(c, i), count, c->dtype, c->comm);
}

const struct bench_kernel bench_kernel_alltoall = {
	.name = "alltoall", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_TYPED, .send_blocks = BENCH_BLOCKS_RANKS, .recv_blocks = BENCH_BLOCKS_RANKS,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_ALLTOALL, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = alltoall_run,
};
