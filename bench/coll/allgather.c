/* allgather: one iteration = one MPI_Allgather of size bytes per rank. */
#include "kernel.h"

static void allgather_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Allgather(bench_sbuf(c, i), (int)size, MPI_CHAR, bench_rbuf(c, i), (int)size, MPI_CHAR, c->comm);
}

const struct bench_kernel bench_kernel_allgather = {
	.name = "allgather", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_BYTES, .send_blocks = BENCH_BLOCKS_ONE, .recv_blocks = BENCH_BLOCKS_RANKS,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_GATHER_ALL, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = allgather_run,
};
