/* bw: one iteration = rank 0 posts a window of non-blocking sends of `size`
 * bytes, waits for them, then waits for a 1-byte acknowledgement from rank 1
 * (OMB 7.4 c/mpi/pt2pt/standard/osu_bw.c: MPI_Recv of 1 MPI_CHAR, tag 101). */
#include "kernel.h"

static void bw_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;
	int j;

	if (c->rank == 0) {
		for (i = first; i < first + n; i++) {
			for (j = 0; j < c->window; j++)
				MPI_Isend(bench_sbuf(c, i), count, c->dtype, 1, 100, c->comm, &c->reqs[j]);
			MPI_Waitall(c->window, c->reqs, c->stats);
			MPI_Recv(bench_rbuf(c, i), 1, MPI_CHAR, 1, 101, c->comm, c->stats);
		}
	} else {
		for (i = first; i < first + n; i++) {
			for (j = 0; j < c->window; j++)
				MPI_Irecv(bench_rbuf(c, i), count, c->dtype, 0, 100, c->comm, &c->reqs[j]);
			MPI_Waitall(c->window, c->reqs, c->stats);
			MPI_Send(bench_sbuf(c, i), 1, MPI_CHAR, 0, 101, c->comm);
		}
	}
}

const struct bench_kernel bench_kernel_bw = {
	.name = "bw", .min_ranks = 2, .max_ranks = 2,
	.transfers = 1, .per_window = 1, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_RANK0, .validate = BENCH_VALIDATE_PAIR_RECV,
	.text = BENCH_TEXT_PT2PT, .column = "Bandwidth (MB/s)",
	.run = bw_run,
};
