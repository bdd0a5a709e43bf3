#include "abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vercmp.h"

const char *abi_family_of_soname(const char *soname, int *major)
{
	static const struct { const char *prefix; } libs[] = { { "libmpich.so." }, { "libmpi.so." } };
	size_t i;

	for (i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		size_t n = strlen(libs[i].prefix);
		char *end;
		long m;

		if (strncmp(soname, libs[i].prefix, n) != 0)
			continue;
		m = strtol(soname + n, &end, 10);
		if (end == soname + n || (*end && *end != '.') || m < 0 || m > 1000)
			return NULL;
		*major = (int)m;
		/* MPICH ABI (MPICH, Intel MPI, Cray MPICH, MVAPICH): .so.12;
		 * Open MPI 3.x-4.x: .so.40 (older ones .so.20 and the like). */
		if (i == 0 || m < 20)
			return "mpich";
		return "openmpi";
	}
	return NULL;
}

enum abi_verdict abi_check(const struct abi_host *host, const struct abi_image *image, char *msg, size_t len)
{
	const char *src = image->source ? image->source : "image";
	char major[32];

	if (image->family && strcmp(image->family, host->family) != 0) {
		snprintf(msg, len, "ABI mismatch: host MPI is %s (%s), image %s expects %s (from its %s)",
			 host->family, host->library, image->path, image->family, src);
		return ABI_REFUSE;
	}
	if (image->soname_major >= 0 && host->soname_major >= 0 && image->soname_major != host->soname_major) {
		snprintf(msg, len, "ABI mismatch: host %s library %s has soname major %d, image %s expects major %d (from its %s)",
			 host->family, host->library, host->soname_major, image->path, image->soname_major, src);
		return ABI_REFUSE;
	}
	if (host->glibc_needed && image->glibc_provided &&
	    vercmp_compare(host->glibc_needed, image->glibc_provided) > 0) {
		snprintf(msg, len, "glibc mismatch: host library %s needs %s, image %s's libc.so.6 provides only up to %s",
			 host->glibc_needed_by ? host->glibc_needed_by : host->library, host->glibc_needed, image->path,
			 image->glibc_provided);
		return ABI_REFUSE;
	}
	if (host->version && image->version && vercmp_compare(host->version, image->version) < 0) {
		snprintf(msg, len, "host %s %s is older than the image's %s %s: ABI-compatible, but features of the newer release may be missing",
			 host->family, host->version, image->family ? image->family : host->family, image->version);
		return ABI_WARN;
	}
	snprintf(major, sizeof(major), " major %d", image->soname_major);
	snprintf(msg, len, "ABI ok: host %s%s%s (soname major %d) for an image expecting %s%s",
		 host->family, host->version ? " " : "", host->version ? host->version : "", host->soname_major,
		 image->family ? image->family : "any MPI", image->soname_major >= 0 ? major : "");
	return ABI_OK;
}
