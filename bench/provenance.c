#include "provenance.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "schema.h"

struct provenance_find {
	uintptr_t addr;
	char path[PATH_MAX];
	int found;
};

static int provenance_find_cb(struct dl_phdr_info *info, size_t sz, void *arg)
{
	struct provenance_find *f = arg;
	uintptr_t lo;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type != PT_LOAD)
			continue;
		lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
		if (f->addr >= lo && f->addr < lo + info->dlpi_phdr[i].p_memsz) {
			/* The main program has an empty name: MPI linked statically. */
			snprintf(f->path, sizeof(f->path), "%s",
				 info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "/proc/self/exe");
			f->found = 1;
			return 1;
		}
	}
	return 0;
}

static int provenance_libmpi(struct provenance_rank *out)
{
	struct provenance_find f = { 0 };
	char real[PATH_MAX];
	struct stat st;
	void *sym;

	/* dlsym finds the definition, never a PLT stub of the executable. */
	sym = dlsym(RTLD_DEFAULT, "MPI_Init");
	if (!sym)
		return -ENOENT;
	f.addr = (uintptr_t)sym;
	dl_iterate_phdr(provenance_find_cb, &f);
	if (!f.found)
		return -ENOENT;
	if (!realpath(f.path, real) || stat(real, &st) != 0)
		return -errno;
	snprintf(out->libmpi_path, sizeof(out->libmpi_path), "%s", real);
	out->libmpi_major = major(st.st_dev);
	out->libmpi_minor = minor(st.st_dev);
	out->libmpi_ino = (unsigned long long)st.st_ino;
	return 0;
}

static void provenance_version(struct provenance_rank *out)
{
	char v[MPI_MAX_LIBRARY_VERSION_STRING], *src, *dst;
	int len = 0;
	size_t n;

	MPI_Get_library_version(v, &len);
	v[len < (int)sizeof(v) ? len : (int)sizeof(v) - 1] = '\0';

	n = strcspn(v, "\n");
	v[n] = '\0';
	/* One line, blanks squeezed ("MPICH Version:\t4.0.2" has a tab). */
	for (src = dst = v; *src; src++)
		if (!((*src == ' ' || *src == '\t') && (dst == v || dst[-1] == ' ')))
			*dst++ = *src == '\t' ? ' ' : *src;
	*dst = '\0';
	n = (size_t)(dst - v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		v[--n] = '\0';
	if (n >= sizeof(out->mpi_version))
		n = sizeof(out->mpi_version) - 1;
	memcpy(out->mpi_version, v, n);
	out->mpi_version[n] = '\0';
	/* The family is the ABI of the library actually loaded, so it is read
	 * from the library, not from the headers this binary was built with. */
	if (strstr(v, "Open MPI"))
		strcpy(out->mpi_family, "openmpi");
	else if (strstr(v, "MPICH") || strstr(v, "Intel(R) MPI") || strstr(v, "MVAPICH"))
		strcpy(out->mpi_family, "mpich");
	else
		strcpy(out->mpi_family, "unknown");
}

int provenance_collect(int rank, const struct bind_info *bind, struct provenance_rank *out)
{
	struct stat st;
	int ret = 0, r;

	memset(out, 0, sizeof(*out));
	out->rank = rank;
	out->pid = (int)getpid();
	out->core = bind->core;
	out->numa_node = bind->numa_node;
	snprintf(out->cpuset, sizeof(out->cpuset), "%s", bind->cpuset);
	snprintf(out->bind, sizeof(out->bind), "%s", bind->how);
	if (gethostname(out->hostname, sizeof(out->hostname) - 1) != 0)
		strcpy(out->hostname, "?");
	if (stat("/proc/self/ns/mnt", &st) == 0)
		out->mntns = (unsigned long long)st.st_ino;
	else
		ret = -errno;
	r = provenance_libmpi(out);
	if (r) {
		strcpy(out->libmpi_path, "?");
		ret = r;
	}
	provenance_version(out);
	return ret;
}

int provenance_gather(const struct provenance_rank *mine, int root, MPI_Comm comm,
		      struct provenance_rank **all)
{
	int rank, n;

	MPI_Comm_rank(comm, &rank);
	MPI_Comm_size(comm, &n);
	*all = NULL;
	if (rank == root) {
		*all = calloc((size_t)n, sizeof(**all));
		if (!*all)
			MPI_Abort(comm, 1);
	}
	return MPI_Gather(mine, (int)sizeof(*mine), MPI_BYTE, *all, (int)sizeof(*mine), MPI_BYTE, root, comm);
}

void provenance_print_text(FILE *fp, const struct provenance_rank *r)
{
	fprintf(fp, "# rank %d: host=%s pid=%d cpuset=%s core=%d numa=%d bind=%s mntns=%llu libmpi=%s dev=%u:%u ino=%llu family=%s version=\"%s\"\n",
		r->rank, r->hostname, r->pid, r->cpuset, r->core, r->numa_node, r->bind, r->mntns,
		r->libmpi_path, r->libmpi_major, r->libmpi_minor, r->libmpi_ino, r->mpi_family, r->mpi_version);
}

int provenance_add_row(struct csvio_buf *buf, const struct provenance_rank *r)
{
	char rank[16], pid[16], core[16], numa[16], mntns[24], dev[24], ino[24];
	const char *f[PROV_NCOLS];

	snprintf(rank, sizeof(rank), "%d", r->rank);
	snprintf(pid, sizeof(pid), "%d", r->pid);
	snprintf(core, sizeof(core), "%d", r->core);
	snprintf(numa, sizeof(numa), "%d", r->numa_node);
	snprintf(mntns, sizeof(mntns), "%llu", r->mntns);
	snprintf(dev, sizeof(dev), "%u:%u", r->libmpi_major, r->libmpi_minor);
	snprintf(ino, sizeof(ino), "%llu", r->libmpi_ino);
	f[PROV_COL_schema] = schema_prov.version_value;
	f[PROV_COL_rank] = rank;
	f[PROV_COL_hostname] = r->hostname;
	f[PROV_COL_pid] = pid;
	f[PROV_COL_cpuset] = r->cpuset;
	f[PROV_COL_core] = core;
	f[PROV_COL_numa_node] = numa;
	f[PROV_COL_mntns] = mntns;
	f[PROV_COL_libmpi_path] = r->libmpi_path;
	f[PROV_COL_libmpi_dev] = dev;
	f[PROV_COL_libmpi_ino] = ino;
	f[PROV_COL_mpi_family] = r->mpi_family;
	f[PROV_COL_mpi_version] = r->mpi_version;
	return csvio_buf_add_row(buf, f, PROV_NCOLS);
}
