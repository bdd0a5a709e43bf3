/* pmpi-delay: a known slowdown for testing verdicts (scripts/bench-verdicts.sh).
 *
 * Preloaded into an MPI program (LD_PRELOAD), it delays every message a
 * rank sends by PARITY_DELAY_NS + PARITY_DELAY_PS_PER_BYTE x bytes / 1000
 * nanoseconds, busy-waiting before the send is handed to the MPI (the PMPI
 * profiling interface), so the slowdown is as real as a slower transport's:
 * for a ping-pong each one-way trip takes the fixed part longer; for a
 * window of non-blocking sends the per-byte part adds up like a thinner
 * pipe. Collectives that parity's verdict benchmarks use are delayed by
 * their buffer size once per call. Both variables default to 0 (no delay).
 *
 * Build: mpicc -shared -fPIC -O2 -o libpmpi-delay.so pmpi-delay.c
 * (the MPI family must be the program's). Never part of parity itself. */
#include <mpi.h>
#include <stdlib.h>
#include <time.h>

static double delay_fixed_ns = -1, delay_ps_per_byte;

static void delay_init(void)
{
	const char *a = getenv("PARITY_DELAY_NS"), *b = getenv("PARITY_DELAY_PS_PER_BYTE");

	delay_fixed_ns = a ? strtod(a, NULL) : 0;
	delay_ps_per_byte = b ? strtod(b, NULL) : 0;
}

static void delay_spin(MPI_Datatype type, int count)
{
	struct timespec t0, t;
	double ns;
	int size = 0;

	if (delay_fixed_ns < 0)
		delay_init();
	if (count > 0)
		MPI_Type_size(type, &size);
	ns = delay_fixed_ns + delay_ps_per_byte * (double)size * (double)count / 1000.0;
	if (ns <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((double)(t.tv_sec - t0.tv_sec) * 1e9 + (double)(t.tv_nsec - t0.tv_nsec) < ns);
}

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
	delay_spin(type, count);
	return PMPI_Send(buf, count, type, dest, tag, comm);
}

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
	      MPI_Request *req)
{
	delay_spin(type, count);
	return PMPI_Isend(buf, count, type, dest, tag, comm, req);
}

int MPI_Allreduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
	delay_spin(type, count);
	return PMPI_Allreduce(sbuf, rbuf, count, type, op, comm);
}
