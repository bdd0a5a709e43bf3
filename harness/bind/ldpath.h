/* ldpath: find shared libraries the way ld.so does, on the host or inside
 * an image directory ("root"): DT_RPATH (without RUNPATH), LD_LIBRARY_PATH
 * (host only), DT_RUNPATH with $ORIGIN, the directories of
 * ROOT/etc/ld.so.conf (and its includes), then the system directories.
 * Candidates of another machine are skipped, as ld.so does.
 * Paths inside a root are resolved inside it: an absolute symlink in an
 * image points into the image, not to the host.
 *
 * Functions return 0 or a negative errno code (-ENOENT: not found). */
#ifndef PARITY_LDPATH_H
#define PARITY_LDPATH_H

#include <limits.h>
#include <stddef.h>

#include "core/strvec.h"
#include "elfinfo.h"

struct ldpath {
	char root[PATH_MAX];     /* "" for the host */
	struct strvec dirs;      /* search directories, as seen inside root */
	size_t n_env;            /* how many of them came from LD_LIBRARY_PATH */
};

/* root: NULL or "" for the host; ld_library_path: a colon list searched
 * first (NULL for none). */
int ldpath_init(struct ldpath *lp, const char *root, const char *ld_library_path);
void ldpath_free(struct ldpath *lp);
/* Find soname for a requester (its elfinfo for RPATH/RUNPATH and its
 * in-root directory for $ORIGIN; both may be NULL) of ELF machine
 * `machine`. Writes the in-root path where it was found (unresolved, e.g.
 * "/lib/x86_64-linux-gnu/libucs.so.0") to out. */
int ldpath_find(const struct ldpath *lp, const char *soname, const struct elfinfo *requester,
		const char *origin_dir, unsigned machine, char *out, size_t len);
/* Resolve every symlink of the in-root path `path` inside root; out gets
 * the resolved in-root path. -ELOOP after 40 links. */
int ldpath_resolve(const char *root, const char *path, char *out, size_t len);
/* root + in-root path into out (the host path of a file of the image). */
int ldpath_host_path(const char *root, const char *path, char *out, size_t len);

#endif
