/* allgather: one iteration = one MPI_Allgather of `size` bytes per rank (of the -T datatype). */
#include "kernel.h"

static void allgather_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Allgather(bench_sbuf(c, i), count, c->dtype, bench_rbuf(c, i), count, c->dtype, c->comm);
}

const struct bench_kernel bench_kernel_allgather = {
	.name = "allgather", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_TYPED, .send_blocks = BENCH_BLOCKS_ONE, .recv_blocks = BENCH_BLOCKS_RANKS,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_GATHER_ALL, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = allgather_run,
};
