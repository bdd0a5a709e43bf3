/* launcher: how each MPI launcher starts N ranks, as a table of descriptors
 * in launcher.c (adding a launcher is one entry there, plus its golden argv
 * files and a line of README). Everything about a launcher is in its entry:
 * its name, program, MPI family, what --help and doctor say about it, what
 * it can do for a runtime (capabilities, never a test on its name) and how
 * it composes its argv.
 *
 * Launchers leave rank binding to the kernel (--bind), so every mode binds
 * the same way. Functions return 0 or a negative errno code. */
#ifndef PARITY_LAUNCHER_H
#define PARITY_LAUNCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"

/* What a launcher does that a runtime may rely on. */
enum launcher_cap {
	/* Tells every rank how many ranks share its node in variables that
	 * container runtimes read (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE,
	 * Slurm's SLURM_STEP_TASKS_PER_NODE), so containers started per rank
	 * find their peers (ch-run --join). Hydra's own names are not read. */
	LAUNCHER_CAP_LOCAL_SIZE_ENV = 1u << 0,
	/* Takes a container runtime's options among its own and starts every
	 * rank in that container itself (srun with the pyxis plug-in). */
	LAUNCHER_CAP_CONTAINER_OPTIONS = 1u << 1,
	/* May start ranks on hosts other than the one it runs on, even with
	 * one node (srun from a login node): files the ranks write must be on
	 * a file system both sides see. */
	LAUNCHER_CAP_OTHER_HOSTS = 1u << 2,
};

struct launcher_req {
	const char *family;            /* "mpich" or "openmpi" */
	unsigned long ranks;
	unsigned long nodes;
	unsigned long ranks_per_node;  /* 0: let the launcher decide */
	bool oversubscribe;            /* allow more ranks than slots */
	bool as_root;                  /* Open MPI refuses root unless told */
	bool pmi_port;                 /* Hydra must serve PMI on a port (podman) */
	const char *srun_mpi;          /* srun --mpi plugin; NULL or "" = the family's */
	bool no_task_binding;          /* srun: the cluster binds no tasks (TaskPlugin=task/none), so
					* --cpu-bind=none is left out (srun would warn about it) */
	const struct strvec *env;      /* NAME=VALUE the ranks need (already in the launcher's env) */
};

struct launcher_desc {
	const char *name;              /* what --launcher takes */
	const char *program;           /* executable, found in PATH */
	const char *family;            /* the MPI family it belongs to; NULL = any */
	const char *summary;           /* one line for --help and doctor */
	unsigned caps;                 /* enum launcher_cap bits */
	/* Append the launcher's argv prefix to argv and the variables it needs
	 * itself to env. */
	int (*compose)(const struct launcher_req *r, struct strvec *argv, struct strvec *env);
};

/* The launcher called name, or NULL. */
const struct launcher_desc *launcher_find(const char *name);
/* The default launcher of an MPI family (mpich: mpiexec, openmpi: mpirun). */
const struct launcher_desc *launcher_default(const char *family);
/* Launcher number i of the table, or NULL past the last. */
const struct launcher_desc *launcher_at(size_t i);
/* Names of all launchers, comma separated, for messages and help. */
const char *launcher_names(void);
/* Names of the launchers that have every capability of caps ("srun"). */
void launcher_names_with(unsigned caps, char *buf, size_t len);

#endif
