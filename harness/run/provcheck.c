#include "provcheck.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "csvio.h"
#include "schema.h"

struct provcheck_reader {
	int pos[PROV_NCOLS];
	struct provcheck_rows *out;
	int ret;
};

static unsigned long long provcheck_ull(const char *s)
{
	/* mntns may be written as a bare inode or as "mnt:[inode]". */
	while (*s && !isdigit((unsigned char)*s))
		s++;
	return strtoull(s, NULL, 10);
}

/* A device as the kernels write it ("major:minor") or as a raw st_dev. */
static unsigned long long provcheck_dev(const char *s)
{
	char *end;
	unsigned long long major = strtoull(s, &end, 10);

	if (*end == ':')
		return (unsigned long long)makedev((unsigned)major, (unsigned)strtoull(end + 1, NULL, 10));
	return major;
}

static int provcheck_row(const char *const *f, size_t n, size_t record_no, void *arg)
{
	struct provcheck_reader *r = arg;
	struct provcheck_rank *rk, *grown;
	size_t c;

	if (record_no == 1)
		return schema_map_header(&schema_prov, f, n, r->pos, NULL);
	for (c = 0; c < PROV_NCOLS; c++)
		if (r->pos[c] >= (int)n)
			return -EPROTO;
	if (!schema_row_compatible(&schema_prov, f[r->pos[PROV_COL_schema]]))
		return -EPROTO;
	grown = realloc(r->out->ranks, (r->out->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	r->out->ranks = grown;
	rk = &grown[r->out->n++];
	memset(rk, 0, sizeof(*rk));
	rk->rank = strtol(f[r->pos[PROV_COL_rank]], NULL, 10);
	rk->mntns = provcheck_ull(f[r->pos[PROV_COL_mntns]]);
	rk->libmpi_dev = provcheck_dev(f[r->pos[PROV_COL_libmpi_dev]]);
	rk->libmpi_ino = strtoull(f[r->pos[PROV_COL_libmpi_ino]], NULL, 10);
	rk->hostname = strdup(f[r->pos[PROV_COL_hostname]]);
	rk->libmpi_path = strdup(f[r->pos[PROV_COL_libmpi_path]]);
	rk->mpi_family = strdup(f[r->pos[PROV_COL_mpi_family]]);
	rk->mpi_version = strdup(f[r->pos[PROV_COL_mpi_version]]);
	if (!rk->hostname || !rk->libmpi_path || !rk->mpi_family || !rk->mpi_version)
		return -ENOMEM;
	return 0;
}

int provcheck_read(const char *path, struct provcheck_rows *out)
{
	struct provcheck_reader r = { .out = out };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = csvio_read_file(path, provcheck_row, &r);
	if (ret)
		provcheck_free(out);
	return ret;
}

void provcheck_free(struct provcheck_rows *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->ranks[i].hostname);
		free(p->ranks[i].libmpi_path);
		free(p->ranks[i].mpi_family);
		free(p->ranks[i].mpi_version);
	}
	free(p->ranks);
	memset(p, 0, sizeof(*p));
}

unsigned long long provcheck_own_mntns(void)
{
	struct stat st;

	return stat("/proc/self/ns/mnt", &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* Is the library a rank loaded the host's own file at that path? */
static int provcheck_is_host_file(const struct provcheck_rank *rk)
{
	struct stat st;

	return stat(rk->libmpi_path, &st) == 0 && (unsigned long long)st.st_dev == rk->libmpi_dev &&
	       (unsigned long long)st.st_ino == rk->libmpi_ino;
}

static int provcheck_rank_count(const struct provcheck_expect *e, const struct provcheck_rows *p,
			     char *reason, size_t len)
{
	size_t i, j, distinct = 0;

	for (i = 0; i < p->n; i++) {
		for (j = 0; j < i; j++)
			if (p->ranks[j].rank == p->ranks[i].rank)
				break;
		if (j == i)
			distinct++;
	}
	if (distinct == e->ranks && p->n == e->ranks)
		return 0;
	snprintf(reason, len, "%zu distinct ranks in %zu provenance rows, %lu launched%s", distinct, p->n,
		 e->ranks, distinct == 1 && e->ranks > 1 ? " (singletons: launcher and MPI do not match)" : "");
	return -EPROTO;
}

static int provcheck_one(const struct provcheck_expect *e, const struct provcheck_rank *rk, char *reason, size_t len)
{
	bool here = !e->own_hostname || strcmp(rk->hostname, e->own_hostname) == 0;
	bool own_ns = rk->mntns == e->own_mntns;

	if (strcmp(rk->mpi_family, e->family) != 0) {
		snprintf(reason, len, "rank %ld runs %s, expected %s", rk->rank, rk->mpi_family, e->family);
		return -EPROTO;
	}
	switch (e->mode) {
	case MODE_native:
	case MODE_control:
		if (here && !own_ns) {
			snprintf(reason, len, "rank %ld is in another mount namespace: not native", rk->rank);
			return -EPROTO;
		}
		if (here && !provcheck_is_host_file(rk)) {
			snprintf(reason, len, "rank %ld loaded %s (%u:%u:%llu), not the host's file", rk->rank,
				 rk->libmpi_path, major((dev_t)rk->libmpi_dev), minor((dev_t)rk->libmpi_dev),
				 rk->libmpi_ino);
			return -EPROTO;
		}
		return 0;
	case MODE_bind:
		if (here && own_ns) {
			snprintf(reason, len, "rank %ld is in parity's mount namespace: not in a container", rk->rank);
			return -EPROTO;
		}
		if (e->bind_known && (rk->libmpi_dev != e->bind_dev || rk->libmpi_ino != e->bind_ino)) {
			snprintf(reason, len, "rank %ld loaded %s (%u:%u:%llu), not the bound host libmpi (%u:%u:%llu)",
				 rk->rank, rk->libmpi_path, major((dev_t)rk->libmpi_dev), minor((dev_t)rk->libmpi_dev),
				 rk->libmpi_ino, major((dev_t)e->bind_dev), minor((dev_t)e->bind_dev), e->bind_ino);
			return -EPROTO;
		}
		if (!e->bind_known) {
			snprintf(reason, len, "bind mode without a bound host MPI");
			return -EPROTO;
		}
		return 0;
	case MODE_hybrid:
	case MODE_container_only:
		if (here && own_ns) {
			snprintf(reason, len, "rank %ld is in parity's mount namespace: not in a container", rk->rank);
			return -EPROTO;
		}
		/* Inside a container the path names the image's file; the same
		 * path on the host must not be the same file. */
		if (here && provcheck_is_host_file(rk)) {
			snprintf(reason, len, "rank %ld loaded the host's %s, not the image's", rk->rank,
				 rk->libmpi_path);
			return -EPROTO;
		}
		return 0;
	case MODE_COUNT:
		break;
	}
	return -EINVAL;
}

int provcheck_match(const struct provcheck_expect *e, const struct provcheck_rows *p, char *reason, size_t len)
{
	size_t i;
	int ret;

	if (p->n == 0) {
		snprintf(reason, len, "no provenance rows");
		return -EPROTO;
	}
	ret = provcheck_rank_count(e, p, reason, len);
	for (i = 0; !ret && i < p->n; i++)
		ret = provcheck_one(e, &p->ranks[i], reason, len);
	return ret;
}
