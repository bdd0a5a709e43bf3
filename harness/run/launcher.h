/* launcher: how each MPI launcher starts N ranks, as a table of descriptors
 * (one entry per launcher; adding one is one entry in launcher.c).
 *
 * Launchers leave rank binding to the kernel (--bind), so every mode binds
 * the same way. Functions return 0 or a negative errno code. */
#ifndef PARITY_LAUNCHER_H
#define PARITY_LAUNCHER_H

#include <stdbool.h>

#include "core/strvec.h"

struct launcher_req {
	const char *family;            /* "mpich" or "openmpi" */
	unsigned long ranks;
	unsigned long nodes;
	unsigned long ranks_per_node;  /* 0: let the launcher decide */
	bool oversubscribe;            /* allow more ranks than slots */
	bool as_root;                  /* Open MPI refuses root unless told */
	bool pmi_port;                 /* Hydra must serve PMI on a port (podman) */
	const char *srun_mpi;          /* srun --mpi plugin; NULL or "" = the family's */
	const struct strvec *env;      /* NAME=VALUE the ranks need (already in the launcher's env) */
};

struct launcher_desc {
	const char *name;              /* what --launcher takes */
	const char *program;           /* executable, found in PATH */
	const char *family;            /* the MPI family it belongs to; NULL = any */
	/* Append the launcher's argv prefix to argv and the variables it needs
	 * itself to env. */
	int (*compose)(const struct launcher_req *r, struct strvec *argv, struct strvec *env);
};

/* The launcher called name, or NULL. */
const struct launcher_desc *launcher_find(const char *name);
/* The default launcher of an MPI family (mpich: mpiexec, openmpi: mpirun). */
const struct launcher_desc *launcher_default(const char *family);
/* Names of all launchers, comma separated, for messages. */
const char *launcher_names(void);

#endif
