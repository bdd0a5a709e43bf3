/* bibw: one iteration = both ranks post a window of receives, then a window
 * of sends of `size` bytes to each other; rank 0 waits for its sends, then
 * its receives, rank 1 for its receives, then its sends (OMB 7.4
 * c/mpi/pt2pt/standard/osu_bibw.c, tags 10 and 100; the bytes of both
 * directions count). */
#include "kernel.h"

static void bibw_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size), peer = 1 - c->rank;
	int rtag = c->rank == 0 ? 10 : 100, stag = c->rank == 0 ? 100 : 10;
	MPI_Request *recvs = c->reqs, *sends = c->reqs + c->window;
	size_t i;
	int j;

	for (i = first; i < first + n; i++) {
		for (j = 0; j < c->window; j++)
			MPI_Irecv(bench_rbuf(c, i), count, c->dtype, peer, rtag, c->comm, &recvs[j]);
		for (j = 0; j < c->window; j++)
			MPI_Isend(bench_sbuf(c, i), count, c->dtype, peer, stag, c->comm, &sends[j]);
		MPI_Waitall(c->window, c->rank == 0 ? sends : recvs, c->stats);
		MPI_Waitall(c->window, c->rank == 0 ? recvs : sends, c->stats);
	}
}

const struct bench_kernel bench_kernel_bibw = {
	.name = "bibw", .min_ranks = 2, .max_ranks = 2,
	.transfers = 2, .per_window = 1, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_RANK0, .validate = BENCH_VALIDATE_PAIR_BOTH,
	.text = BENCH_TEXT_PT2PT, .column = "Bandwidth (MB/s)",
	.run = bibw_run,
};
