/* provenance: where each rank ran and which MPI library it really loaded.
 *
 * The MPI library is found at run time: the object that defines MPI_Init in
 * this process (dl_iterate_phdr), resolved with realpath and stat, so a
 * container that binds the host library in shows the host file's
 * device:inode, not the name the binary was linked against. */
#ifndef PARITY_BENCH_PROVENANCE_H
#define PARITY_BENCH_PROVENANCE_H

#include <limits.h>
#include <stdio.h>

#include <mpi.h>

#include "bind.h"
#include "csvio.h"

/* Plain bytes, gathered with MPI_BYTE. */
struct provenance_rank {
	int rank;
	int pid;
	int core;
	int numa_node;
	unsigned long long mntns;
	unsigned long long libmpi_ino;
	unsigned int libmpi_major;
	unsigned int libmpi_minor;
	char hostname[256];
	char cpuset[64];
	char bind[16];
	char libmpi_path[PATH_MAX];
	char mpi_family[16];
	char mpi_version[256];
};

/* Fill this rank's record. Returns 0, or a negative errno code when the MPI
 * library or the namespace cannot be identified (the field then says "?"). */
int provenance_collect(int rank, const struct bind_info *bind, struct provenance_rank *out);

/* Gather every rank's record to root; *all (root only, nranks entries, free
 * it) is NULL elsewhere. Returns an MPI error code. */
int provenance_gather(const struct provenance_rank *mine, int root, MPI_Comm comm,
		      struct provenance_rank **all);

/* "# rank 0: host=... core=0 ..." */
void provenance_print_text(FILE *fp, const struct provenance_rank *r);
/* One parity-prov row. */
int provenance_add_row(struct csvio_buf *buf, const struct provenance_rank *r);

#endif
