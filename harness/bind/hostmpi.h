/* hostmpi: the bind model. Find the host's MPI library of a family, work out
 * which host files a container needs to run with it (DT_NEEDED closure minus
 * what the image has, never the C runtime; UCX and Open MPI plug-ins;
 * interconnect libraries), check the ABI and glibc against the image, and
 * stage the files into one host directory to bind at /opt/parity/host.
 *
 * Functions return 0 or a negative errno code; the ones documented as
 * logging say what failed in one line (core/errors.h). */
#ifndef PARITY_HOSTMPI_H
#define PARITY_HOSTMPI_H

#include <stddef.h>

#include "core/strvec.h"

/* Where the staged directory appears inside the container. */
#define HOSTMPI_CONTAINER_DIR "/opt/parity/host"

struct hostmpi_bind {
	char *stage_dir;          /* <stage_root>/<family> on the host */
	char *container_dir;      /* HOSTMPI_CONTAINER_DIR */
	struct strvec binds;      /* "SRC:DST" pairs, stage_dir first */
	struct strvec env;        /* "NAME=VALUE" to set inside the container */
	char *libmpi_path;        /* staged libmpi on the host */
	unsigned long long libmpi_dev, libmpi_ino; /* what provenance must show inside */
	char *family;             /* "mpich" or "openmpi" */
	char *version;            /* host MPI version, e.g. "4.0.2" */
};

/* Discover the host MPI of `family`, check ABI against the image and its
 * application `program` (path inside the image; NULL: the family's
 * parity-bench), stage.
 * 0, or a negative errno code, logged; -EPROTO =
 * ABI/glibc refusal (caller maps it to PARITY_EXIT_ABI), -ENOENT = no host
 * MPI of that family or no image. On failure *out is left empty and nothing
 * is staged. */
int hostmpi_prepare_bind(const char *family, const char *image_path, const char *program, const char *stage_root,
			 struct hostmpi_bind *out);
/* Free what hostmpi_prepare_bind filled in (the staged files stay). */
void hostmpi_bind_free(struct hostmpi_bind *b);

/* Family and version of the MPI in an image from its labels (fallback: its
 * files, for a directory image). 0 or negative errno (-ENOENT: no image or
 * no MPI found in it; -ENOTSUP: an image that cannot be read here, such as
 * a SIF without apptainer; -EINVAL: malformed labels).
 * An image holding several MPIs gives lists: family "mpich,openmpi",
 * version "mpich=4.0.2,openmpi=4.1.4". version may be "" when only the
 * family could be told. */
int hostmpi_image_mpi(const char *image_path, char *family, size_t flen, char *version, size_t vlen);

/* Does every bind destination ("SRC:DST") already exist as a directory in
 * the image (for a runtime that cannot create a mount point in a
 * read-only image: ch-run, named `runtime` in why)? 0 yes; -ENOENT with one line in why naming the
 * image, the destination and what to add to the image; -ENOTSUP when the
 * image's files cannot be inspected here (neither a directory nor a
 * SquashFS image; a SquashFS path through a symbolic link counts as there). */
int hostmpi_check_destinations(const char *image_path, const struct strvec *binds, const char *runtime, char *why,
			       size_t len);

/* ---- the plan behind hostmpi_prepare_bind, for `parity doctor` ---- */

enum hostmpi_why {
	HOSTMPI_WHY_MPI,          /* the MPI library itself */
	HOSTMPI_WHY_PROGRAM,      /* needed by the image's program, missing in the image */
	HOSTMPI_WHY_NEEDED,       /* in the DT_NEEDED closure */
	HOSTMPI_WHY_PLUGIN,       /* a plug-in loaded at run time (UCX, MCA, PMIx, providers) */
	HOSTMPI_WHY_DATA,         /* data or configuration the library reads */
};

struct hostmpi_item {
	char *name;               /* soname or file name */
	char *host_path;          /* where the host has it (as ld.so finds it) */
	char *real_path;          /* its realpath: the file staged */
	char *rel;                /* path inside the stage directory; NULL when not staged */
	enum hostmpi_why why;
	char *detail;             /* "needed by libucp.so.0", "UCX transport plug-in", ... */
	char *image_path;         /* the image's own copy (then not staged), or NULL */
	int interconnect;         /* an interconnect user-space library */
};

struct hostmpi_plan {
	char *family, *version;
	char *libmpi_soname;      /* "libmpich.so.12" */
	char *libmpi_host;        /* as found, e.g. /lib/x86_64-linux-gnu/libmpich.so.12 */
	char *libmpi_real;
	unsigned long long libmpi_dev, libmpi_ino;
	int soname_major;
	struct hostmpi_item *items;
	size_t n_items, cap_items;
	struct strvec core_skipped;  /* C runtime sonames never bound */
	struct strvec links;         /* "REL\tTARGET" symlinks to create in the stage */
	struct strvec env;           /* NAME=VALUE inside the container */
	struct strvec extra_binds;   /* "SRC:DST" besides the stage directory */
	struct strvec notes;         /* things doctor should say (one line each) */
	char *glibc_needed, *glibc_needed_by, *image_glibc;
	char *image_family, *image_version, *image_source;
	char *app_path;              /* the application checked in the image */
	char *app_soname;            /* the MPI soname it needs (DT_NEEDED), or NULL */
	int image_major;
	int verdict;                 /* enum abi_verdict */
	char verdict_msg[512];
};

/* Discover and decide everything, stage nothing; program is the
 * application inside the image (NULL: the family's parity-bench). image_path may be NULL
 * (then no ABI check and nothing counts as provided by the image). 0, or
 * a negative errno code, logged; an ABI refusal is NOT an
 * error here: it is plan->verdict. */
int hostmpi_plan_build(const char *family, const char *image_path, const char *program, struct hostmpi_plan *plan);
void hostmpi_plan_free(struct hostmpi_plan *plan);
/* Stage plan into <stage_root>/<family> and describe the bind in out. 0 or
 * a negative errno code, logged. */
int hostmpi_plan_stage(const struct hostmpi_plan *plan, const char *stage_root, struct hostmpi_bind *out);
/* Where stages go unless told: $PARITY_STAGE_DIR, else /var/tmp/parity/stage. */
const char *hostmpi_default_stage_root(void);
/* The families this module knows, NULL-terminated. */
extern const char *const hostmpi_families[];
/* Short word for why. */
const char *hostmpi_why_name(enum hostmpi_why why);

#endif
