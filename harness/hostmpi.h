/* hostmpi: the bind model. Find the host's MPI library of a family, work out
 * which host files a container needs to run with it (DT_NEEDED closure minus
 * what the image has, never the C runtime; UCX and Open MPI plug-ins;
 * interconnect libraries), check the ABI and glibc against the image, and
 * stage the files into one host directory to bind at /opt/parity/host.
 *
 * Functions return 0 or a negative errno code; the ones documented as
 * printing print ONE line to stderr on failure. */
#ifndef PARITY_HOSTMPI_H
#define PARITY_HOSTMPI_H

#include <stddef.h>

#include "strvec.h"

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

/* Discover the host MPI of `family`, check ABI against the image, stage.
 * 0, or negative errno with ONE error line already printed; -EPROTO =
 * ABI/glibc refusal (caller maps it to PARITY_EXIT_ABI), -ENOENT = no host
 * MPI of that family or no image. On failure *out is left empty and nothing
 * is staged. */
int hostmpi_prepare_bind(const char *family, const char *image_path, const char *stage_root,
			 struct hostmpi_bind *out);
/* Free what hostmpi_prepare_bind filled in (the staged files stay). */
void hostmpi_bind_free(struct hostmpi_bind *b);

/* Family and version of the MPI in an image from its labels (fallback: its
 * files). 0 or negative errno (-ENOENT: no image or no MPI found in it).
 * version may be "" when only the family could be told. */
int hostmpi_image_mpi(const char *image_path, char *family, size_t flen, char *version, size_t vlen);

#endif
