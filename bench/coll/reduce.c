/* reduce: one iteration = one MPI_Reduce (MPI_SUM) to rank 0 of size /
 * sizeof(T) elements of the -T datatype T, MPI_CHAR by default (OMB 7.4
 * c/mpi/collective/blocking/osu_reduce.c, root fixed at 0). */
#include "kernel.h"

static void reduce_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Reduce(bench_sbuf(c, i), bench_rbuf(c, i), count, c->dtype, MPI_SUM, 0, c->comm);
}

const struct bench_kernel bench_kernel_reduce = {
	.name = "reduce", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_TYPED, .send_blocks = BENCH_BLOCKS_ONE, .recv_blocks = BENCH_BLOCKS_ONE,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_SUM_ROOT, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.run = reduce_run,
};
