/* reduce_scatter: one iteration = one MPI_Reduce_scatter summing size / 4
 * floats, rank r keeping counts[r] of them (the remainder goes to the last
 * rank, as osu_reduce_scatter does). */
#include "kernel.h"

static void reduce_scatter_prepare(struct bench_ctx *c, size_t size)
{
	int count = (int)(size / sizeof(float)), r;

	for (r = 0; r < c->nranks; r++)
		c->counts[r] = count / c->nranks;
	c->counts[c->nranks - 1] += count % c->nranks;
}

static void reduce_scatter_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		MPI_Reduce_scatter(bench_sbuf(c, i), bench_rbuf(c, i), c->counts, MPI_FLOAT, MPI_SUM, c->comm);
}

const struct bench_kernel bench_kernel_reduce_scatter = {
	.name = "reduce_scatter", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_FLOATS,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_SUM_SCATTER, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.prepare = reduce_scatter_prepare, .run = reduce_scatter_run,
};
