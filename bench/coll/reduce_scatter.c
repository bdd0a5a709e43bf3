/* reduce_scatter: one iteration = one MPI_Reduce_scatter (MPI_SUM) of
 * n = size / sizeof(T) elements of the -T datatype T (MPI_CHAR by default);
 * rank r keeps n / ranks of them, plus one for the first n % ranks ranks, or
 * one each for the first n ranks when n < ranks (OMB 7.4
 * c/mpi/collective/blocking/osu_reduce_scatter.c). */
#include "kernel.h"

static void reduce_scatter_prepare(struct bench_ctx *c, size_t size)
{
	int n = bench_count(c, size), r;

	for (r = 0; r < c->nranks; r++) {
		if (n < c->nranks)
			c->counts[r] = r < n;
		else
			c->counts[r] = n / c->nranks + (r < n % c->nranks);
	}
}

static void reduce_scatter_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	size_t i;

	(void)size;
	for (i = first; i < first + n; i++)
		MPI_Reduce_scatter(bench_sbuf(c, i), bench_rbuf(c, i), c->counts, c->dtype, MPI_SUM, c->comm);
}

const struct bench_kernel bench_kernel_reduce_scatter = {
	.name = "reduce_scatter", .min_ranks = 2,
	.transfers = 1, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_ALL, .validate = BENCH_VALIDATE_SUM_SCATTER, .sync_each = 1,
	.text = BENCH_TEXT_COLL, .column = "Avg Latency(us)",
	.prepare = reduce_scatter_prepare, .run = reduce_scatter_run,
};
