/* latency: one iteration = rank 0 sends `size` bytes to rank 1 and waits for
 * the same message back (osu_latency; latency = half the round trip). */
#include "kernel.h"

static void latency_run(struct bench_ctx *c, size_t size, size_t first, size_t n)
{
	int count = bench_count(c, size);
	size_t i;

	if (c->rank == 0) {
		for (i = first; i < first + n; i++) {
			MPI_Send(bench_sbuf(c, i), count, c->dtype, 1, 1, c->comm);
			MPI_Recv(bench_rbuf(c, i), count, c->dtype, 1, 1, c->comm, c->stats);
		}
	} else {
		for (i = first; i < first + n; i++) {
			MPI_Recv(bench_rbuf(c, i), count, c->dtype, 0, 1, c->comm, c->stats);
			MPI_Send(bench_sbuf(c, i), count, c->dtype, 0, 1, c->comm);
		}
	}
}

const struct bench_kernel bench_kernel_latency = {
	.name = "latency", .min_ranks = 2, .max_ranks = 2,
	.transfers = 2, .data = BENCH_DATA_TYPED,
	.report = BENCH_REPORT_RANK0, .validate = BENCH_VALIDATE_PAIR_BOTH,
	.text = BENCH_TEXT_PT2PT, .column = "Avg Latency(us)",
	.run = latency_run,
};
