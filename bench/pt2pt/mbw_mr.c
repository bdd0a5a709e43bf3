/* mbw_mr: one iteration = every rank of the lower half posts a window of
 * sends to its partner in the upper half, then waits for a 1-byte
 * acknowledgement; the driver puts a barrier between iterations, outside the
 * timing (OMB 7.4 c/mpi/pt2pt/standard/osu_mbw_mr.c; ranks must be placed in
 * blocks). */
#include "kernel.h"

static void mbw_mr_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size), peer = bench_peer(c);
	size_t i;
	int j;

	if (c->rank < peer) {
		for (i = first; i < first + n; i++) {
			for (j = 0; j < c->window; j++)
				MPI_Isend(bench_sbuf(c, i), count, c->dtype, peer, 100, c->comm, &c->reqs[j]);
			MPI_Waitall(c->window, c->reqs, c->stats);
			MPI_Recv(bench_rbuf(c, i), 1, MPI_CHAR, peer, 101, c->comm, c->stats);
		}
	} else {
		for (i = first; i < first + n; i++) {
			for (j = 0; j < c->window; j++)
				MPI_Irecv(bench_rbuf(c, i), count, c->dtype, peer, 100, c->comm, &c->reqs[j]);
			MPI_Waitall(c->window, c->reqs, c->stats);
			MPI_Send(bench_sbuf(c, i), 1, MPI_CHAR, peer, 101, c->comm);
		}
	}
}

const struct bench_kernel bench_kernel_mbw_mr = {
	.name = "mbw_mr", .min_ranks = 2, .even_ranks = 1,
	.transfers = 1, .per_window = 1, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_SENDERS, .validate = BENCH_VALIDATE_PAIR_RECV,
	.text = BENCH_TEXT_MBW_MR, .column = "MB/s", .sync_each = 1,
	.run = mbw_mr_run,
};
