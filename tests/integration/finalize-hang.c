/* finalize-hang: a kernel made to hang after its output, for
 * test_run_finalize_hang.sh. Preloaded into parity-bench (LD_PRELOAD), it
 * replaces MPI_Finalize (the PMPI profiling interface): the rank named by
 * PARITY_TEST_HANG_RANK (default 1) never returns from it, like Debian's
 * MPICH 4.0.2 over TCP (one rank spinning in UCX progress); the others
 * finalize and wait for it, as in the real hang.
 *
 * Build: mpicc -shared -fPIC -o libfinalize-hang.so finalize-hang.c */
#include <mpi.h>
#include <stdlib.h>
#include <unistd.h>

int MPI_Finalize(void)
{
	const char *v = getenv("PARITY_TEST_HANG_RANK");
	int rank = -1;

	PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
	if (rank == (v ? atoi(v) : 1))
		for (;;)
			pause();
	return PMPI_Finalize();
}
