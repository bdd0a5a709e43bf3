/* finalize-hang: a kernel made to hang after its output, for
 * test_run_finalize_hang.sh. Preloaded into parity-bench (LD_PRELOAD), it
 * replaces MPI_Finalize (the PMPI profiling interface) by a wait that never
 * ends, on every rank: as in Debian's MPICH 4.0.2 over TCP, where one rank
 * spins in UCX progress and the others wait for it in the PMI barrier, no
 * rank returns. (With only one rank hanging, Open MPI's mpirun sometimes
 * ends the job itself once the others have finalized.)
 *
 * Build: mpicc -shared -fPIC -o libfinalize-hang.so finalize-hang.c */
#include <mpi.h>
#include <unistd.h>

int MPI_Finalize(void)
{
	for (;;)
		pause();
	return PMPI_Finalize();
}
