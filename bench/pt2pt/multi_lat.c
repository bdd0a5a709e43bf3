/* multi_lat: one iteration = every rank of the lower half sends `size` bytes
 * to its partner in the upper half and waits for them back; the driver puts a
 * barrier between iterations, outside the timing, and reports the senders'
 * mean (OMB 7.4 c/mpi/pt2pt/standard/osu_multi_lat.c). */
#include "kernel.h"

static void multi_lat_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size), peer = bench_peer(c);
	size_t i;

	if (c->rank < peer) {
		for (i = first; i < first + n; i++) {
			MPI_Send(bench_sbuf(c, i), count, c->dtype, peer, 1, c->comm);
			MPI_Recv(bench_rbuf(c, i), count, c->dtype, peer, 1, c->comm, c->stats);
		}
	} else {
		for (i = first; i < first + n; i++) {
			MPI_Recv(bench_rbuf(c, i), count, c->dtype, peer, 1, c->comm, c->stats);
			MPI_Send(bench_sbuf(c, i), count, c->dtype, peer, 1, c->comm);
		}
	}
}

const struct bench_kernel bench_kernel_multi_lat = {
	.name = "multi_lat", .min_ranks = 2, .even_ranks = 1,
	.transfers = 2, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_SENDERS, .validate = BENCH_VALIDATE_PAIR_BOTH,
	.text = BENCH_TEXT_PT2PT, .column = "Avg Latency(us)", .sync_each = 1,
	.run = multi_lat_run,
};
