/* provcheck: does a run's provenance (the kernels' per-rank CSV) prove the
 * mode it claims?
 *   native          the host's libmpi file, in parity's own mount namespace
 *   hybrid          a libmpi that is not the host's file, in another mount namespace
 *   bind            the staged host libmpi (its device:inode) in another mount namespace
 *   container-only  a libmpi that is not the host's file, in another mount namespace
 * and always: the MPI family asked for, and as many distinct ranks as asked
 * (a wrong PMI gives N singletons that all exit 0). Checks that need the
 * host's view (stat, mount namespace) apply to ranks on this host only.
 * Functions return 0 or a negative errno code. */
#ifndef PARITY_PROVCHECK_H
#define PARITY_PROVCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"
#include "plan.h"

struct provcheck_rank {
	long rank;
	char *hostname;
	unsigned long long mntns;
	char *libmpi_path;
	unsigned long long libmpi_dev, libmpi_ino;   /* st_dev (kernels write "major:minor") */
	char *mpi_family;
	char *mpi_version;
};

struct provcheck_rows {
	struct provcheck_rank *ranks;
	size_t n;
};

/* Read a provenance CSV (schema_prov). -EPROTO for a file of another schema. */
int provcheck_read(const char *path, struct provcheck_rows *out);
void provcheck_free(struct provcheck_rows *p);

struct provcheck_expect {
	enum mode_id mode;
	const char *family;
	unsigned long ranks;
	unsigned long long own_mntns;   /* provcheck_own_mntns() */
	const char *own_hostname;
	bool bind_known;                /* bind mode: what the staged libmpi is */
	unsigned long long bind_dev, bind_ino;
};

/* 0 when the provenance matches; -EPROTO when it does not, with a one-line
 * reason written to reason. */
int provcheck_match(const struct provcheck_expect *e, const struct provcheck_rows *p, char *reason, size_t len);

/* The inode of parity's own mount namespace (0 if unknown). */
unsigned long long provcheck_own_mntns(void);

#endif
