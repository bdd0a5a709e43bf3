/* runtime: how each container runtime runs a program inside an image, as a
 * table of descriptors in runtime.c (adding a runtime is one entry there,
 * plus its golden argv files and a line of README). Everything about a
 * runtime is in its entry: its name, program, what --help and doctor say
 * about it, where its options go, what it needs from the launcher and what
 * it can do (capabilities, never a test on its name), and its wrapper.
 *
 * A wrapper is the argv that runs the program inside an image with
 * directories bound in and variables set inside: a command of its own
 * before the program (ch-run IMAGE --), or options the launcher itself
 * takes (srun --container-image=IMAGE). Functions return 0 or a negative
 * errno code. */
#ifndef PARITY_RUNTIME_H
#define PARITY_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"

/* Where a runtime's wrapper goes in a launch. */
enum runtime_place {
	/* A command of its own: launcher ... WRAPPER PROGRAM per rank, and
	 * WRAPPER LAUNCHER ... PROGRAM for container-only mode. */
	RUNTIME_BEFORE_PROGRAM,
	/* Options of the launcher (which needs LAUNCHER_CAP_CONTAINER_OPTIONS):
	 * launcher ... WRAPPER PROGRAM; there is no container-only mode. */
	RUNTIME_IN_LAUNCHER,
};

struct runtime_req {
	const char *image;
	bool per_rank;                 /* one container per rank under a host launcher */
	unsigned launcher_caps;        /* what the host launcher does (enum launcher_cap) */
	unsigned long ranks_per_node;  /* peers that share one container (ch-run --join-ct) */
	const struct strvec *binds;    /* "SRC:DST" */
	const struct strvec *env;      /* "NAME=VALUE" to set inside */
	const char *workdir;           /* host dir the program writes to: visible inside at
					* runtime_workdir_inside() */
	const struct strvec *host_opts; /* what the runtime's host_options chose for this host, or NULL */
};

/* What the host allows a runtime, read once before a campaign (see
 * runtime_host_read), for runtimes whose options depend on it. */
struct runtime_host {
	bool cgroup_unified;           /* /sys/fs/cgroup is cgroup v2 only (crun works) */
	bool have_runc;                /* runc is in PATH */
	unsigned long long nofile_max; /* highest RLIMIT_NOFILE a container may get */
	unsigned long long nproc_max;  /* highest RLIMIT_NPROC a container may get */
	const char *oci_runtime;       /* $PARITY_PODMAN_RUNTIME: the OCI runtime to use ("default": podman's), or NULL */
	const char *ulimits;           /* $PARITY_PODMAN_ULIMITS: "TYPE=SOFT:HARD,..." or "none", or NULL */
};

struct runtime_desc {
	const char *name;              /* what --runtime takes */
	const char *program;           /* its executable, checked in PATH before a launch; NULL: none of
					* its own (a launcher plug-in: the launcher's is checked) */
	const char *summary;           /* one line for --help and doctor */
	enum runtime_place place;
	unsigned needs_launcher_caps;  /* enum launcher_cap bits the launcher must have */
	bool hydra_pmi_port;           /* under Hydra, ranks need -pmi-port */
	bool registry_images;          /* an image may be a registry reference instead of a path */
	/* The runtime shows the host's /tmp inside, and binds only onto
	 * directories the image has: a work directory outside /tmp is bound
	 * at this directory instead of its own path (NULL: at its own path). */
	const char *workdir_mount;
	bool bind_dst_must_exist;      /* cannot create a bind's mount point in the (read-only) image */
	unsigned image_kinds;          /* 1 << enum image_kind (bind/image.h) it runs; 0: any */
	/* Append the wrapper to argv, and to env the variables the launcher
	 * environment needs for it. */
	int (*wrap)(const struct runtime_req *r, struct strvec *argv, struct strvec *env);
	/* Options this host needs (NULL: none), chosen once from what it
	 * allows; wrap puts them in its place (runtime_req.host_opts). */
	int (*host_options)(const struct runtime_host *h, struct strvec *opts);
	/* The identity of a registry/store image (NULL: not known here): 0
	 * with a sha256 hex digest in id, -ENOENT when there is no such image. */
	int (*image_id)(const char *ref, char *id, size_t len);
	/* Mount a store image read-only where its files can be inspected (NULL:
	 * it cannot be): 0 with the directory in dir; image_unmount undoes it. */
	int (*image_mount)(const char *ref, char *dir, size_t len);
	void (*image_unmount)(const char *ref);
	/* Remove what the launches given workdir left behind after a kill or a
	 * timeout (NULL: nothing can be left). 0 with the count in *removed. */
	int (*cleanup)(const char *workdir, unsigned *removed);
};

/* The runtime called name, or NULL. */
const struct runtime_desc *runtime_find(const char *name);
/* Runtime number i of the table, or NULL past the last. */
const struct runtime_desc *runtime_at(size_t i);
/* Names of all runtimes, comma separated, for messages and help. */
const char *runtime_names(void);
/* Where the program inside rt's containers sees the host's work directory
 * workdir: its own path, or the runtime's workdir_mount when workdir is
 * not under /tmp (then the wrapper binds it there). */
const char *runtime_workdir_inside(const struct runtime_desc *rt, const char *workdir);
/* What this host allows (cgroup layout, runc, resource limits, the
 * PARITY_PODMAN_* overrides). 0 or a negative errno code. */
int runtime_host_read(struct runtime_host *h);
/* opts = rt's host options for this host (empty when it has none). */
int runtime_host_options(const struct runtime_desc *rt, struct strvec *opts);

/* Is image a registry reference for this runtime (not a path to check)? */
bool runtime_image_is_reference(const struct runtime_desc *rt, const char *image);

#endif
