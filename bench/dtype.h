/* dtype: the MPI datatypes of OSU's -T option, without MPI (unit-tested).
 *
 * OMB 7.4 sends and reduces elements of MPI_CHAR by default (count = size
 * bytes); -T MPI_INT or MPI_FLOAT send size / sizeof(type) elements, and
 * sizes below one element are skipped (osu_util.c, the `-T` case;
 * c/mpi/collective/blocking/osu_allreduce.c: num_elements = size / type size). */
#ifndef PARITY_BENCH_DTYPE_H
#define PARITY_BENCH_DTYPE_H

#include <stddef.h>

enum bench_dtype {
	BENCH_DTYPE_CHAR,
	BENCH_DTYPE_INT,
	BENCH_DTYPE_FLOAT,
};

#define BENCH_DTYPE_MAX 3       /* OMB measures at most three types in one run */

/* "MPI_CHAR", "MPI_INT", "MPI_FLOAT". */
const char *bench_dtype_name(enum bench_dtype t);
/* Bytes of one element. */
size_t bench_dtype_size(enum bench_dtype t);

/* Append the types named by text (case-insensitive "MPI_CHAR", "MPI_INT",
 * "MPI_FLOAT", or "all" for the three in that order) to list[*n]. Returns 0,
 * -EINVAL for another name, -E2BIG when more than BENCH_DTYPE_MAX would be
 * listed. */
int bench_dtype_add(const char *text, enum bench_dtype *list, int *n);

#endif
