/* hostmpi_int: what the files of the hostmpi module share (not for other
 * modules: their interface is hostmpi.h). */
#ifndef PARITY_HOSTMPI_INT_H
#define PARITY_HOSTMPI_INT_H

#include <stddef.h>

#include "elfinfo.h"
#include "hostmpi.h"
#include "ldpath.h"

/* What distinguishes one MPI family's host installation. */
struct hostmpi_family_desc {
	const char *name;
	const char *sonames[3];       /* the MPI library, in search order */
	const char *compat_names[3];  /* other names of the same library: links to it in lib/ */
	const char *host_only[6];     /* prefixes of the installation's own libraries: always the host's */
	const char *version_soname;   /* library holding the version string */
	const char *version_symbol;
};

extern const struct hostmpi_family_desc hostmpi_family_table[];
extern const size_t hostmpi_family_count;
/* The C runtime (glibc) sonames' prefixes: never bound. */
extern const char *const hostmpi_core_prefixes[];

/* Everything planning one bind needs. */
struct hostmpi_ctx {
	struct hostmpi_plan *plan;
	const struct hostmpi_family_desc *fd;
	struct ldpath host;
	struct ldpath image;
	int have_image_root;
	unsigned machine;             /* ELF machine of this program: the host's */
	const char *program;          /* the application's path inside the image */
	size_t next;                  /* items before this one had their NEEDED resolved */
};

/* Replace *dst by a copy of s (NULL allowed). 0 or -ENOMEM. */
int hostmpi_set(char **dst, const char *s);
int hostmpi_has_prefix(const char *s, const char *const *prefixes);
struct hostmpi_item *hostmpi_item_by_name(const struct hostmpi_plan *plan, const char *name);
/* Bring soname in for requester: the image's copy, or the host's. -ENOENT
 * (nothing added) when neither has it. */
int hostmpi_add_soname(struct hostmpi_ctx *c, const char *soname, const struct elfinfo *requester,
		       const char *origin, enum hostmpi_why why, const char *detail);

/* hostmpi_image.c: the image side of a plan. */
/* What the image expects for a launch with `family`: labels first, then the
 * family's program, then the MPI libraries present. */
int hostmpi_image_expect(struct hostmpi_ctx *c, const char *family, const char *image_path,
			 const struct strvec *labels);
/* The highest GLIBC version the image's libc.so.6 defines (or a note). */
int hostmpi_image_glibc(struct hostmpi_ctx *c);
/* Sonames the image's program needs that the image lacks, from the host. */
int hostmpi_program_needs(struct hostmpi_ctx *c, const char *family);
/* Refuse the plan when the application (c->program) needs another MPI
 * family's library, or another soname major, than the host's: the labels
 * describe the image, the application's DT_NEEDED is what ld.so loads.
 * The image is a directory (c->image.root), or with squashfs a SquashFS
 * file the application is read from with unsquashfs. */
int hostmpi_app_check(struct hostmpi_ctx *c, const char *image_path, int squashfs);
/* Refuse the plan when a staged library needs a symbol version that the
 * image's copy of a file does not define. */
int hostmpi_check_versions(struct hostmpi_ctx *c, const char *image_path);

#endif
