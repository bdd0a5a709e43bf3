#include "runtime.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

/* Push "opt" "value" for every element of list (or "opt=value" when
 * joined). */
static int runtime_push_each(struct strvec *argv, const char *opt, bool joined, const struct strvec *list)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && list && i < list->n; i++) {
		if (joined)
			ret = strvec_pushf(argv, "%s=%s", opt, list->v[i]);
		else
			ret = strvec_push(argv, opt) || strvec_push(argv, list->v[i]) ? -ENOMEM : 0;
	}
	return ret;
}

/* ch-run shares host /tmp unless --private-tmp, so workdir needs no bind.
 * Ranks sharing a node must share one container, or MPICH's shared memory
 * and Open MPI's CMA fail across user namespaces: --join-ct=N under Hydra
 * (it exports nothing ch-run can count peers from), --join under Open MPI
 * and Slurm (ch-run reads their environment). */
static int runtime_charliecloud(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	int ret = strvec_push(argv, "ch-run");

	(void)env;
	if (!ret && r->per_rank) {
		if (r->launcher && strcmp(r->launcher, "mpiexec") == 0)
			ret = strvec_pushf(argv, "--join-ct=%lu", r->ranks_per_node);
		else
			ret = strvec_push(argv, "--join");
	}
	if (!ret)
		ret = runtime_push_each(argv, "-b", false, r->binds);
	if (!ret && r->env && r->env->n)
		ret = strvec_push(argv, "--env-no-expand");
	if (!ret)
		ret = runtime_push_each(argv, "--set-env", true, r->env);
	return ret || strvec_push(argv, r->image) || strvec_push(argv, "--") ? -ENOMEM : 0;
}

/* Apptainer (>= 1.0) binds host /tmp by default. --env takes a comma
 * separated list, so a value holding a comma goes through APPTAINERENV_. */
static int runtime_apptainer(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	size_t i;
	int ret = strvec_push(argv, "apptainer") || strvec_push(argv, "exec") ? -ENOMEM : 0;

	if (!ret)
		ret = runtime_push_each(argv, "--bind", false, r->binds);
	for (i = 0; !ret && r->env && i < r->env->n; i++) {
		if (strchr(r->env->v[i], ','))
			ret = strvec_pushf(env, "APPTAINERENV_%s", r->env->v[i]);
		else
			ret = strvec_push(argv, "--env") || strvec_push(argv, r->env->v[i]) ? -ENOMEM : 0;
	}
	return ret || strvec_push(argv, r->image) ? -ENOMEM : 0;
}

/* Singularity: variables for the container go in the launcher's
 * environment as SINGULARITYENV_NAME=VALUE. */
static int runtime_singularity(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	size_t i;
	int ret = strvec_push(argv, "singularity") || strvec_push(argv, "exec") ? -ENOMEM : 0;

	if (!ret)
		ret = runtime_push_each(argv, "--bind", false, r->binds);
	for (i = 0; !ret && r->env && i < r->env->n; i++)
		ret = strvec_pushf(env, "SINGULARITYENV_%s", r->env->v[i]);
	return ret || strvec_push(argv, r->image) ? -ENOMEM : 0;
}

/* podman needs the host's network, IPC and PID namespaces or MPI silently
 * falls back to TCP; runc because crun refuses this cgroup layout; raised
 * limits; and the workdir bound, since /tmp is private. */
static int runtime_podman(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	static const char *const fixed[] = {
		"podman", "run", "--rm", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=16384:16384",
		"--runtime", "runc", "--network=host", "--ipc=host", "--pid=host", "--env-host", NULL,
	};
	int ret = strvec_push_all(argv, fixed);

	(void)env;
	if (!ret)
		ret = runtime_push_each(argv, "-v", false, r->binds);
	if (!ret && r->workdir)
		ret = strvec_push(argv, "-v") || strvec_pushf(argv, "%s:%s", r->workdir, r->workdir) ? -ENOMEM : 0;
	if (!ret)
		ret = runtime_push_each(argv, "--env", false, r->env);
	return ret || strvec_push(argv, "--rootfs") || strvec_push(argv, r->image) ? -ENOMEM : 0;
}

static const struct runtime_desc runtime_table[] = {
	{ .name = "charliecloud", .program = "ch-run", .wrap = runtime_charliecloud },
	{ .name = "apptainer", .program = "apptainer", .wrap = runtime_apptainer },
	{ .name = "singularity", .program = "singularity", .wrap = runtime_singularity },
	{ .name = "podman", .program = "podman", .hydra_pmi_port = true, .wrap = runtime_podman },
};
#define RUNTIME_COUNT (sizeof(runtime_table) / sizeof(runtime_table[0]))

const struct runtime_desc *runtime_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < RUNTIME_COUNT; i++)
		if (strcmp(runtime_table[i].name, name) == 0)
			return &runtime_table[i];
	return NULL;
}

const char *runtime_names(void)
{
	return "charliecloud, apptainer, singularity, podman";
}
