/* compose: the command line of one launch, launcher x runtime x mode:
 *   native          launcher + kernel (host path)
 *   hybrid, bind    launcher + runtime wrapper per rank + kernel (image path)
 *                   (a launcher plug-in's wrapper is options of the launcher:
 *                   the same place)
 *   container-only  runtime wrapper + launcher (inside the image) + kernel
 * Command lines are argv vectors, never shell strings. Functions return 0 or
 * a negative errno code. */
#ifndef PARITY_COMPOSE_H
#define PARITY_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include <stdio.h>

#include "core/mode.h"
#include "core/strvec.h"
#include "launcher.h"
#include "runtime.h"

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
	const struct strvec *host_opts;       /* the runtime's options for this host (runtime_host_options) */
};

/* A composed launch: argv, and the variables to add to parity's environment. */
struct compose_cmd {
	struct strvec argv;
	struct strvec env;
};

/* Can runtime run mode under launcher (for container-only, the launcher
 * inside the image)? 0, or -EINVAL with the reason, one line naming both,
 * in why (a refusal that must come before anything is launched). */
int compose_check(enum mode_id mode, const struct launcher_desc *launcher, const struct runtime_desc *runtime,
		  char *why, size_t len);

/* The launch of c: -EINVAL when compose_check refuses it. */
int compose_launch(const struct compose_ctx *c, struct compose_cmd *out);
void compose_cmd_free(struct compose_cmd *cmd);

/* Display a command: env assignments then argv, shell-quoted (for people
 * only; nothing is ever run through a shell). */
void compose_cmd_print(const struct compose_cmd *cmd, FILE *fp);

#endif
