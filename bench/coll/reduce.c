/* reduce: one iteration = one MPI_Reduce summing size / 4 floats to rank 0. */
#include "kernel.h"

static void reduce_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Reduce(bench_sbuf(c, i), bench_rbuf(c, i), (int)(size / sizeof(float)), MPI_FLOAT, MPI_SUM, 0, c->comm);
}

const struct bench_kernel bench_kernel_reduce = {
	.name = "reduce", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_FLOATS, .send_blocks = BENCH_BLOCKS_ONE, .recv_blocks = BENCH_BLOCKS_ONE,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_SUM_ROOT, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = reduce_run,
};
