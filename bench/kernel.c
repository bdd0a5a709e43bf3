#include "kernel.h"

#define BENCH_KERNEL_ENTRY(name, cls, metric, unit, better, desc) &bench_kernel_##name,
static const struct bench_kernel *const bench_kernel_table[KERNELS_COUNT] = {
	PARITY_KERNEL_LIST(BENCH_KERNEL_ENTRY)
};
#undef BENCH_KERNEL_ENTRY

const struct bench_kernel *bench_kernel_get(enum kernels_id id)
{
	return (unsigned)id < KERNELS_COUNT ? bench_kernel_table[id] : NULL;
}

MPI_Datatype bench_dtype_mpi(enum bench_dtype t)
{
	switch (t) {
	case BENCH_DTYPE_INT:
		return MPI_INT;
	case BENCH_DTYPE_FLOAT:
		return MPI_FLOAT;
	case BENCH_DTYPE_CHAR:
	default:
		return MPI_CHAR;
	}
}
