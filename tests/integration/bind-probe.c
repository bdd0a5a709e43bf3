/* bind-probe: an MPI program for the bind-model tests. Each rank reports
 * which MPI library file it has mapped (path, device, inode from
 * /proc/self/maps), which transport plug-ins are mapped, and the one-way
 * bandwidth of a 4 MiB ping-pong between ranks 0 and 1. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBE_BYTES (4 << 20)
#define PROBE_ITERS 50

static void probe_maps(int rank)
{
	char line[4096], seen[64][256];
	int nseen = 0, i;
	FILE *fp = fopen("/proc/self/maps", "r");

	if (!fp) {
		perror("bind-probe: /proc/self/maps");
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	while (fgets(line, sizeof(line), fp)) {
		char dev[32], path[2048];
		unsigned long long inode;
		const char *base;
		int dup = 0;

		/* address perms offset dev inode path */
		if (sscanf(line, "%*s %*s %*s %31s %llu %2047s", dev, &inode, path) != 3)
			continue;
		base = strrchr(path, '/');
		base = base ? base + 1 : path;
		for (i = 0; i < nseen; i++)
			dup |= strcmp(seen[i], path) == 0;
		if (dup || nseen == 64)
			continue;
		if (strncmp(base, "libmpi", 6) == 0 || strncmp(base, "libuct", 6) == 0 ||
		    strncmp(base, "mca_btl_", 8) == 0 || strncmp(base, "mca_pml_", 8) == 0) {
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", path);
			printf("rank %d maps %s dev %s inode %llu\n", rank, path, dev, inode);
		}
	}
	fclose(fp);
}

int main(int argc, char **argv)
{
	int rank, size, i;
	char *buf;
	double t0, t;
	MPI_Status st;

	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	if (size < 2) {
		fprintf(stderr, "bind-probe: needs 2 ranks, has %d\n", size);
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	buf = calloc(1, PROBE_BYTES);
	if (!buf)
		MPI_Abort(MPI_COMM_WORLD, 1);
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = MPI_Wtime();
	for (i = 0; i < PROBE_ITERS && rank < 2; i++) {
		if (rank == 0) {
			MPI_Send(buf, PROBE_BYTES, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
			MPI_Recv(buf, PROBE_BYTES, MPI_BYTE, 1, 0, MPI_COMM_WORLD, &st);
		} else {
			MPI_Recv(buf, PROBE_BYTES, MPI_BYTE, 0, 0, MPI_COMM_WORLD, &st);
			MPI_Send(buf, PROBE_BYTES, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
		}
	}
	t = MPI_Wtime() - t0;
	probe_maps(rank);
	if (rank == 0)
		printf("size %d bandwidth_MBps %.0f\n", size, 2.0 * PROBE_ITERS * PROBE_BYTES / t / 1e6);
	free(buf);
	MPI_Finalize();
	return 0;
}
