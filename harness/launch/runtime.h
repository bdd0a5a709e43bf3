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
	const char *workdir;           /* host dir the program writes to: visible at the same path */
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
	unsigned image_kinds;          /* 1 << enum image_kind (bind/image.h) it runs; 0: any */
	/* Append the wrapper to argv, and to env the variables the launcher
	 * environment needs for it. */
	int (*wrap)(const struct runtime_req *r, struct strvec *argv, struct strvec *env);
};

/* The runtime called name, or NULL. */
const struct runtime_desc *runtime_find(const char *name);
/* Runtime number i of the table, or NULL past the last. */
const struct runtime_desc *runtime_at(size_t i);
/* Names of all runtimes, comma separated, for messages and help. */
const char *runtime_names(void);
/* Is image a registry reference for this runtime (not a path to check)? */
bool runtime_image_is_reference(const struct runtime_desc *rt, const char *image);

#endif
