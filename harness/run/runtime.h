/* runtime: how each container runtime wraps a program, as a table of
 * descriptors (adding a runtime is one entry in runtime.c).
 *
 * A wrapper is the argv prefix that runs the program inside an image, with
 * directories bound in and variables set inside. Functions return 0 or a
 * negative errno code. */
#ifndef PARITY_RUNTIME_H
#define PARITY_RUNTIME_H

#include <stdbool.h>

#include "core/strvec.h"

struct runtime_req {
	const char *image;
	const char *launcher;          /* host launcher name when per_rank */
	bool per_rank;                 /* one container per rank under a host launcher */
	unsigned long ranks_per_node;  /* peers that share one container (ch-run --join-ct) */
	const struct strvec *binds;    /* "SRC:DST" */
	const struct strvec *env;      /* "NAME=VALUE" to set inside */
	const char *workdir;           /* host dir the program writes to: visible at the same path */
};

struct runtime_desc {
	const char *name;              /* what --runtime takes */
	const char *program;           /* executable, found in PATH */
	bool hydra_pmi_port;           /* under Hydra, ranks need -pmi-port */
	/* Append the wrapper to argv, and to env the variables the launcher
	 * environment needs for it. */
	int (*wrap)(const struct runtime_req *r, struct strvec *argv, struct strvec *env);
};

/* The runtime called name, or NULL. */
const struct runtime_desc *runtime_find(const char *name);
/* Names of all runtimes, comma separated, for messages. */
const char *runtime_names(void);

#endif
