#include "runtime.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind/image.h"
#include "launcher.h"

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
 * and Open MPI's CMA fail across user namespaces: --join when the launcher
 * tells the ranks their local size in variables ch-run reads (Open MPI,
 * Slurm), else --join-ct=N (Hydra). */
static int runtime_charliecloud(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	int ret = strvec_push(argv, "ch-run");

	(void)env;
	if (!ret && r->per_rank) {
		if (r->launcher_caps & LAUNCHER_CAP_LOCAL_SIZE_ENV)
			ret = strvec_push(argv, "--join");
		else
			ret = strvec_pushf(argv, "--join-ct=%lu", r->ranks_per_node);
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

/* "PREFIX" then the items joined with ',' (nothing at all for no items). */
static int runtime_push_joined(struct strvec *argv, const char *prefix, const struct strvec *items)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp;
	int ret;

	if (!items->n)
		return 0;
	fp = open_memstream(&buf, &len);
	if (!fp)
		return -ENOMEM;
	fputs(prefix, fp);
	for (i = 0; i < items->n; i++)
		fprintf(fp, "%s%s", i ? "," : "", items->v[i]);
	ret = fclose(fp) ? -ENOMEM : strvec_push(argv, buf);
	free(buf);
	return ret;
}

/* Pyxis, Slurm's container plug-in (enroot underneath): its options are
 * srun's own, and srun starts every rank in the container (the ranks of a
 * node share it). It passes the host environment in: the variables to set
 * inside go into the launcher's environment and are named in
 * --container-env, so that they win over the image's own. The work
 * directory is mounted at the same path and the ranks start there.
 * --container-mounts separates mounts with ',': a path holding one cannot
 * be mounted (-EINVAL). */
static int runtime_pyxis(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	struct strvec mounts = { 0 }, names = { 0 };
	size_t i;
	int ret = strvec_pushf(argv, "--container-image=%s", r->image);

	for (i = 0; !ret && r->binds && i < r->binds->n; i++)
		ret = strchr(r->binds->v[i], ',') ? -EINVAL : strvec_push(&mounts, r->binds->v[i]);
	if (!ret && r->workdir)
		ret = strchr(r->workdir, ',') ? -EINVAL : strvec_pushf(&mounts, "%s:%s", r->workdir, r->workdir);
	if (!ret)
		ret = runtime_push_joined(argv, "--container-mounts=", &mounts);
	if (!ret && r->workdir)
		ret = strvec_pushf(argv, "--container-workdir=%s", r->workdir);
	for (i = 0; !ret && r->env && i < r->env->n; i++) {
		const char *eq = strchr(r->env->v[i], '=');

		ret = !eq ? -EINVAL : strvec_push(env, r->env->v[i]) || strvec_pushf(&names, "%.*s",
			(int)(eq - r->env->v[i]), r->env->v[i]) ? -ENOMEM : 0;
	}
	if (!ret)
		ret = runtime_push_joined(argv, "--container-env=", &names);
	strvec_free(&mounts);
	strvec_free(&names);
	return ret;
}

static const struct runtime_desc runtime_table[] = {
	{ .name = "charliecloud", .program = "ch-run",
	  .summary = "Charliecloud's ch-run (--join or --join-ct when a container runs per rank)",
	  .wrap = runtime_charliecloud,
	  .image_kinds = 1u << IMAGE_DIR | 1u << IMAGE_SQUASHFS },
	{ .name = "apptainer", .program = "apptainer",
	  .summary = "Apptainer's exec (--bind, --env; APPTAINERENV_ for values with commas)",
	  .wrap = runtime_apptainer,
	  .image_kinds = 1u << IMAGE_DIR | 1u << IMAGE_SIF | 1u << IMAGE_SQUASHFS },
	{ .name = "singularity", .program = "singularity",
	  .summary = "SingularityCE's exec (--bind; SINGULARITYENV_ variables)",
	  .wrap = runtime_singularity,
	  .image_kinds = 1u << IMAGE_DIR | 1u << IMAGE_SIF | 1u << IMAGE_SQUASHFS },
	{ .name = "podman", .program = "podman",
	  .summary = "Podman's run with the host's network, IPC and PID namespaces (runc)",
	  .hydra_pmi_port = true, .wrap = runtime_podman,
	  .image_kinds = 1u << IMAGE_DIR },
	{ .name = "pyxis", .program = NULL,
	  .summary = "Slurm's pyxis plug-in: srun --container-image (squashfs path or enroot URI)",
	  .place = RUNTIME_IN_LAUNCHER, .needs_launcher_caps = LAUNCHER_CAP_CONTAINER_OPTIONS,
	  .registry_images = true, .wrap = runtime_pyxis },
};
#define RUNTIME_COUNT (sizeof(runtime_table) / sizeof(runtime_table[0]))

const struct runtime_desc *runtime_at(size_t i)
{
	return i < RUNTIME_COUNT ? &runtime_table[i] : NULL;
}

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
	/* Filled from the table on first use, never written again. */
	static char names[256];
	size_t i, used = 0;

	if (names[0])
		return names;
	for (i = 0; i < RUNTIME_COUNT && used < sizeof(names); i++) {
		int n = snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "", runtime_table[i].name);

		used += n > 0 ? (size_t)n : 0;
	}
	return names;
}

bool runtime_image_is_reference(const struct runtime_desc *rt, const char *image)
{
	/* Pyxis' rule: a path starts with '/' or '.', anything else is an
	 * enroot URI ([USER@][REGISTRY#]IMAGE[:TAG]). */
	return rt && rt->registry_images && image && image[0] && image[0] != '/' && image[0] != '.';
}
