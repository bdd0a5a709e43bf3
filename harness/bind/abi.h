/* abi: may a program built for the image's MPI run with the host's MPI
 * library bound in? Pure decisions on two descriptions, so every verdict
 * can be tested without a host or an image:
 *   - different MPI family (MPICH ABI vs Open MPI ABI)       -> refuse
 *   - different soname major (libmpi.so.12 vs .so.40)        -> refuse
 *   - a host library needs GLIBC_x.y newer than image's libc  -> refuse
 *   - host MPI older than the image's                         -> warn
 * Unknown fields (NULL, or major < 0) are not held against either side. */
#ifndef PARITY_ABI_H
#define PARITY_ABI_H

#include <stddef.h>

struct abi_host {
	const char *family;          /* "mpich" or "openmpi" */
	int soname_major;            /* 12, 40 */
	const char *library;         /* e.g. "/usr/lib/x86_64-linux-gnu/libmpich.so.12" */
	const char *version;         /* "4.0.2", or NULL */
	const char *glibc_needed;    /* highest "GLIBC_x.y" a staged host library needs, or NULL */
	const char *glibc_needed_by; /* which library needs it */
};

struct abi_image {
	const char *path;            /* the image, for messages */
	const char *family;          /* family its program expects, NULL when unknown */
	int soname_major;            /* -1 when unknown */
	const char *version;         /* MPI version it was built with, or NULL */
	const char *glibc_provided;  /* highest "GLIBC_x.y" its libc.so.6 defines, or NULL */
	const char *source;          /* where the expectation came from: "labels", "files" */
};

enum abi_verdict { ABI_OK = 0, ABI_WARN = 1, ABI_REFUSE = 2 };

/* Judge host against image. msg gets one line (no newline) naming both
 * sides for a warning or a refusal, and a short summary for ok. */
enum abi_verdict abi_check(const struct abi_host *host, const struct abi_image *image, char *msg, size_t len);
/* ABI family of a library soname: "mpich" for libmpi.so.12 / libmpich.so.12,
 * "openmpi" for libmpi.so.40 (and other majors of libmpi seen as Open MPI
 * when >= 20), NULL for anything else; *major gets the soname major. */
const char *abi_family_of_soname(const char *soname, int *major);

#endif
