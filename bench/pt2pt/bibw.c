/* bibw: one iteration = both ranks post a window of receives and a window of
 * sends of `size` bytes to each other and wait for all (osu_bibw; the bytes
 * of both directions count). */
#include "kernel.h"

static void bibw_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int peer = 1 - c->rank;
	size_t i;
	int j;

	for (i = first; i < first + n; i++) {
		for (j = 0; j < c->window; j++)
			MPI_Irecv(bench_rbuf(c, i), (int)size, MPI_CHAR, peer, 10, c->comm, &c->reqs[j]);
		for (j = 0; j < c->window; j++)
			MPI_Isend(bench_sbuf(c, i), (int)size, MPI_CHAR, peer, 10, c->comm, &c->reqs[c->window + j]);
		MPI_Waitall(2 * c->window, c->reqs, c->stats);
	}
}

const struct bench_kernel bench_kernel_bibw = {
	.name = "bibw", .min_ranks = 2, .max_ranks = 2,
	.transfers = 2, .per_window = 1, .data = BENCH_DATA_BYTES,
	.report = BENCH_REPORT_RANK0, .validate = BENCH_VALIDATE_PAIR_BOTH,
	.text = BENCH_TEXT_PT2PT, .column = "Bandwidth (MB/s)",
	.run = bibw_run,
};
