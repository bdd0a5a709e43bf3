/* mode: compose the command line of one launch for a mode:
 *   native          launcher + kernel (host path)
 *   hybrid, bind    launcher + runtime wrapper per rank + kernel (image path)
 *   container-only  runtime wrapper + launcher (inside the image) + kernel
 * Command lines are argv vectors, never shell strings. Functions return 0 or
 * a negative errno code. */
#ifndef PARITY_COMPOSE_H
#define PARITY_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "launcher.h"
#include "plan.h"
#include "runtime.h"
#include "core/strvec.h"

struct compose_ctx {
	enum mode_id mode;
	const struct launcher_desc *launcher;
	const struct runtime_desc *runtime;   /* unused for native */
	struct launcher_req lreq;             /* env and pmi_port are filled in by compose_launch */
	const char *image;
	const char *program;                  /* the kernels binary (host or image path) */
	const struct strvec *kernel_argv;     /* arguments after the program */
	const struct strvec *binds;           /* bind mode: "SRC:DST" */
	const struct strvec *inner_env;       /* bind mode: "NAME=VALUE" set inside */
	const struct strvec *launch_env;      /* "NAME=VALUE" for the launcher and ranks */
	const char *workdir;                  /* where the kernel writes, same path inside */
};

/* A composed launch: argv, and the variables to add to parity's environment. */
struct compose_cmd {
	struct strvec argv;
	struct strvec env;
};

int compose_launch(const struct compose_ctx *c, struct compose_cmd *out);
void compose_cmd_free(struct compose_cmd *cmd);

/* The kernel arguments of one launch: KERNEL -m MIN:MAX -i N -x N
 * [kernel-args] --csv=CSV --provenance=PROV --bind=B. */
int compose_kernel_argv(const struct plan *p, const char *kernel, const char *csv_path,
		     const char *prov_path, struct strvec *out);

/* The kernels binary for native mode: plan->bench, else $PARITY_BENCH, else
 * next to the running parity (build tree: ../bench/parity-bench; installed:
 * the same directory). Writes a malloc'ed path to *out; -ENOENT if none is
 * executable. */
int compose_host_bench(const struct plan *p, char **out);
/* The kernels binary inside images (plan->image_bench or
 * /opt/parity/<mpi>/bin/parity-bench), malloc'ed. */
char *compose_image_bench(const struct plan *p);

/* Display a command: env assignments then argv, shell-quoted (for people
 * only; nothing is ever run through a shell). */
void compose_cmd_print(const struct compose_cmd *cmd, FILE *fp);

#endif
