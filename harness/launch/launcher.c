#include "launcher.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* MPICH's Hydra forwards the whole environment by default. */
static int launcher_mpiexec(const struct launcher_req *r, struct strvec *argv, struct strvec *env)
{
	int ret = strvec_push(argv, "mpiexec.mpich");

	(void)env;
	if (!ret && r->pmi_port)
		ret = strvec_push(argv, "-pmi-port");
	if (!ret)
		ret = strvec_push(argv, "-n") || strvec_pushf(argv, "%lu", r->ranks) ? -ENOMEM : 0;
	if (!ret && r->ranks_per_node)
		ret = strvec_push(argv, "-ppn") || strvec_pushf(argv, "%lu", r->ranks_per_node) ? -ENOMEM : 0;
	return ret;
}

/* Open MPI forwards only OMPI_* variables: name the others with -x. */
static int launcher_mpirun(const struct launcher_req *r, struct strvec *argv, struct strvec *env)
{
	size_t i;
	int ret = 0;

	if (r->as_root)
		ret = strvec_push(env, "OMPI_ALLOW_RUN_AS_ROOT=1") ||
		      strvec_push(env, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1") ? -ENOMEM : 0;
	ret = ret || strvec_push(argv, "mpirun.openmpi") || strvec_push(argv, "-n") ||
	      strvec_pushf(argv, "%lu", r->ranks) ? -ENOMEM : 0;
	if (!ret && r->ranks_per_node)
		ret = strvec_push(argv, "--npernode") || strvec_pushf(argv, "%lu", r->ranks_per_node) ? -ENOMEM : 0;
	if (!ret)
		ret = strvec_push(argv, "--bind-to") || strvec_push(argv, "none") ? -ENOMEM : 0;
	if (!ret && r->oversubscribe)
		ret = strvec_push(argv, "--oversubscribe");
	for (i = 0; !ret && r->env && i < r->env->n; i++) {
		const char *kv = r->env->v[i], *eq = strchr(kv, '=');

		if (!eq || strncmp(kv, "OMPI_", 5) == 0)
			continue;
		ret = strvec_push(argv, "-x") || strvec_pushf(argv, "%.*s", (int)(eq - kv), kv) ? -ENOMEM : 0;
	}
	return ret;
}

/* Slurm exports the whole environment by default; the PMI plug-in must match
 * the MPI or every rank starts as a singleton. --kill-on-bad-exit ends the
 * step when one rank fails (a container that cannot start on one node),
 * instead of leaving the others waiting in MPI_Init until the timeout.
 * --cpu-bind=none leaves binding to the kernel where a task plug-in binds. */
static int launcher_srun(const struct launcher_req *r, struct strvec *argv, struct strvec *env)
{
	const char *plugin = r->srun_mpi && *r->srun_mpi ? r->srun_mpi
			     : strcmp(r->family, "openmpi") == 0 ? "pmix" : "pmi2";
	unsigned long rpn = r->ranks_per_node ? r->ranks_per_node : (r->ranks + r->nodes - 1) / r->nodes;

	(void)env;
	return strvec_push(argv, "srun") || strvec_pushf(argv, "--mpi=%s", plugin) ||
	       strvec_push(argv, "-N") || strvec_pushf(argv, "%lu", r->nodes) ||
	       strvec_push(argv, "-n") || strvec_pushf(argv, "%lu", r->ranks) ||
	       strvec_pushf(argv, "--ntasks-per-node=%lu", rpn) ||
	       strvec_push(argv, "--kill-on-bad-exit=1") ||
	       (!r->no_task_binding && strvec_push(argv, "--cpu-bind=none")) ||
	       (r->oversubscribe && strvec_push(argv, "--overcommit")) ? -ENOMEM : 0;
}

static const struct launcher_desc launcher_table[] = {
	{ .name = "mpiexec", .program = "mpiexec.mpich", .family = "mpich",
	  .summary = "MPICH's Hydra (mpiexec.mpich)",
	  .compose = launcher_mpiexec },
	{ .name = "mpirun", .program = "mpirun.openmpi", .family = "openmpi",
	  .summary = "Open MPI's mpirun (mpirun.openmpi; -x for every variable the ranks need)",
	  .caps = LAUNCHER_CAP_LOCAL_SIZE_ENV, .compose = launcher_mpirun },
	{ .name = "srun", .program = "srun", .family = NULL,
	  .summary = "Slurm's srun (--mpi=pmi2 for MPICH, pmix for Open MPI; takes pyxis' container options)",
	  .caps = LAUNCHER_CAP_LOCAL_SIZE_ENV | LAUNCHER_CAP_CONTAINER_OPTIONS | LAUNCHER_CAP_OTHER_HOSTS,
	  .compose = launcher_srun },
};
#define LAUNCHER_COUNT (sizeof(launcher_table) / sizeof(launcher_table[0]))

const struct launcher_desc *launcher_at(size_t i)
{
	return i < LAUNCHER_COUNT ? &launcher_table[i] : NULL;
}

const struct launcher_desc *launcher_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < LAUNCHER_COUNT; i++)
		if (strcmp(launcher_table[i].name, name) == 0)
			return &launcher_table[i];
	return NULL;
}

const struct launcher_desc *launcher_default(const char *family)
{
	size_t i;

	for (i = 0; family && i < LAUNCHER_COUNT; i++)
		if (launcher_table[i].family && strcmp(launcher_table[i].family, family) == 0)
			return &launcher_table[i];
	return NULL;
}

void launcher_names_with(unsigned caps, char *buf, size_t len)
{
	size_t i, used = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < LAUNCHER_COUNT; i++) {
		int n;

		if ((launcher_table[i].caps & caps) != caps || used >= len)
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", launcher_table[i].name);
		used += n > 0 ? (size_t)n : 0;
	}
}

const char *launcher_names(void)
{
	/* Filled from the table on first use, never written again. */
	static char names[256];

	if (!names[0])
		launcher_names_with(0, names, sizeof(names));
	return names;
}
