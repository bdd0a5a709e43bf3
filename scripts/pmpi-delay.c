/* pmpi-delay: a known slowdown for testing verdicts (scripts/bench-verdicts.sh).
 *
 * Preloaded into an MPI program (LD_PRELOAD), it delays every message a
 * rank sends by PARITY_DELAY_NS + PARITY_DELAY_PS_PER_BYTE x bytes / 1000
 * nanoseconds, busy-waiting in the rank's own path (the PMPI profiling
 * interface), so the slowdown is as real as a slower transport's: a blocking
 * send waits before it is handed to the MPI, so each one-way trip of a
 * ping-pong takes the delay longer; non-blocking sends add their delay up
 * and the rank pays it when MPI_Wait or MPI_Waitall returns, after the data
 * has moved, like a thinner pipe. (Spinning before MPI_Isend instead would
 * overlap with the receiver's copy -- with single-copy shared memory the
 * receiver moves the data -- and a window would lose nothing: measured
 * here, bw at 64 KiB-1 MiB unchanged with a 12% delay.) Collectives that
 * parity's verdict benchmarks use are delayed by their buffer size once per
 * call. Both variables default to 0 (no delay).
 *
 * Build: mpicc -shared -fPIC -O2 -o libpmpi-delay.so pmpi-delay.c
 * (the MPI family must be the program's). Never part of parity itself. */
#include <mpi.h>
#include <stdlib.h>
#include <time.h>

static double delay_fixed_ns = -1, delay_ps_per_byte;
static double delay_owed_ns;      /* of non-blocking sends, paid at the next wait */

static void delay_init(void)
{
	const char *a = getenv("PARITY_DELAY_NS"), *b = getenv("PARITY_DELAY_PS_PER_BYTE");

	delay_fixed_ns = a ? strtod(a, NULL) : 0;
	delay_ps_per_byte = b ? strtod(b, NULL) : 0;
}

static double delay_of(MPI_Datatype type, int count)
{
	int size = 0;

	if (delay_fixed_ns < 0)
		delay_init();
	if (count > 0)
		MPI_Type_size(type, &size);
	return delay_fixed_ns + delay_ps_per_byte * (double)size * (double)count / 1000.0;
}

static void delay_spin_ns(double ns)
{
	struct timespec t0, t;

	if (ns <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((double)(t.tv_sec - t0.tv_sec) * 1e9 + (double)(t.tv_nsec - t0.tv_nsec) < ns);
}

static void delay_spin(MPI_Datatype type, int count)
{
	delay_spin_ns(delay_of(type, count));
}

static void delay_pay(void)
{
	double ns = delay_owed_ns;

	delay_owed_ns = 0;
	delay_spin_ns(ns);
}

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
	delay_spin(type, count);
	return PMPI_Send(buf, count, type, dest, tag, comm);
}

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
	      MPI_Request *req)
{
	delay_owed_ns += delay_of(type, count);
	return PMPI_Isend(buf, count, type, dest, tag, comm, req);
}

int MPI_Wait(MPI_Request *req, MPI_Status *status)
{
	int ret = PMPI_Wait(req, status);

	delay_pay();
	return ret;
}

int MPI_Waitall(int n, MPI_Request reqs[], MPI_Status statuses[])
{
	int ret = PMPI_Waitall(n, reqs, statuses);

	delay_pay();
	return ret;
}

int MPI_Allreduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
	delay_spin(type, count);
	return PMPI_Allreduce(sbuf, rbuf, count, type, op, comm);
}
