#include "runtime.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/statfs.h>

#include "core/proc.h"
#include "bind/image.h"
#include "launcher.h"

/* Where ch-run binds a work directory outside /tmp: a directory every
 * Debian-like image has (FHS), so ch-run 0.31 can bind onto it. */
#define RUNTIME_CH_WORKDIR "/mnt"
/* A path (Pyxis' rule, and podman's --rootfs): it starts with '/' or '.';
 * anything else is a name for the runtime to look up ([REGISTRY/]IMAGE[:TAG],
 * or an enroot URI). */
static bool runtime_image_is_path(const char *image)
{
	return image && (image[0] == '/' || image[0] == '.');
}

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

/* A work directory under /tmp is seen at its own path in runtimes that
 * share the host's /tmp (Charliecloud, Apptainer, Singularity). */
static bool runtime_in_tmp(const char *dir)
{
	return strncmp(dir, "/tmp/", 5) == 0;
}

const char *runtime_workdir_inside(const struct runtime_desc *rt, const char *workdir)
{
	if (!workdir || !rt || !rt->workdir_mount || runtime_in_tmp(workdir))
		return workdir;
	return rt->workdir_mount;
}

/* ch-run shares host /tmp unless --private-tmp, so a workdir there needs no
 * bind; elsewhere (a shared file system, for ranks on other nodes) it is
 * bound at /mnt, since ch-run 0.31 binds only onto existing directories.
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
	if (!ret && r->workdir && !runtime_in_tmp(r->workdir))
		ret = strvec_push(argv, "-b") || strvec_pushf(argv, "%s:%s", r->workdir, RUNTIME_CH_WORKDIR) ? -ENOMEM : 0;
	if (!ret && r->env && r->env->n)
		ret = strvec_push(argv, "--env-no-expand");
	if (!ret)
		ret = runtime_push_each(argv, "--set-env", true, r->env);
	return ret || strvec_push(argv, r->image) || strvec_push(argv, "--") ? -ENOMEM : 0;
}

/* "PROGRAM exec", the binds, and a workdir outside /tmp at its own path:
 * what Apptainer and SingularityCE share. */
static int runtime_exec_binds(const char *program, const struct runtime_req *r, struct strvec *argv)
{
	int ret = strvec_push(argv, program) || strvec_push(argv, "exec") ? -ENOMEM : 0;

	if (!ret)
		ret = runtime_push_each(argv, "--bind", false, r->binds);
	if (!ret && r->workdir && !runtime_in_tmp(r->workdir))
		ret = strvec_push(argv, "--bind") || strvec_push(argv, r->workdir) ? -ENOMEM : 0;
	return ret;
}

/* Apptainer (>= 1.0) binds host /tmp by default; a workdir elsewhere is
 * bound at its own path (Apptainer creates the mount point). --env takes a comma
 * separated list, so a value holding a comma goes through APPTAINERENV_. */
static int runtime_apptainer(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	size_t i;
	int ret = runtime_exec_binds("apptainer", r, argv);

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
	int ret = runtime_exec_binds("singularity", r, argv);

	for (i = 0; !ret && r->env && i < r->env->n; i++)
		ret = strvec_pushf(env, "SINGULARITYENV_%s", r->env->v[i]);
	return ret || strvec_push(argv, r->image) ? -ENOMEM : 0;
}

/* podman needs the host's network, IPC and PID namespaces or MPI silently
 * falls back to TCP, and the workdir bound, since /tmp is private. A
 * directory image is its --rootfs with an overlay (":O"), so nothing is
 * ever written into it (plain --rootfs writes etc/mtab, run/.containerenv
 * and mount points there); any other image is a name in podman's store.
 * Every container is labelled with the workdir, which is unique to one
 * parity process, so the ones a kill leaves under conmon can be found. */
static int runtime_podman(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	static const char *const fixed[] = { "podman", "run", "--rm", NULL };
	static const char *const shared[] = { "--network=host", "--ipc=host", "--pid=host", "--env-host", NULL };
	int ret = strvec_push_all(argv, fixed);

	(void)env;
	if (!ret && r->workdir)
		ret = strvec_pushf(argv, "--label=parity.workdir=%s", r->workdir);
	if (!ret && r->host_opts)
		ret = strvec_extend(argv, r->host_opts);
	if (!ret)
		ret = strvec_push_all(argv, shared);
	if (!ret)
		ret = runtime_push_each(argv, "-v", false, r->binds);
	if (!ret && r->workdir)
		ret = strvec_push(argv, "-v") || strvec_pushf(argv, "%s:%s", r->workdir, r->workdir) ? -ENOMEM : 0;
	if (!ret)
		ret = runtime_push_each(argv, "--env", false, r->env);
	if (ret)
		return -ENOMEM;
	if (runtime_image_is_path(r->image))
		return strvec_push(argv, "--rootfs") || strvec_pushf(argv, "%s:O", r->image) ? -ENOMEM : 0;
	return strvec_push(argv, r->image);
}

/* The OCI runtime: the one asked for; else podman's own (crun) where the
 * cgroup tree is v2 only, runc on a v1 or hybrid tree (crun refuses it:
 * "cgroups in hybrid mode not supported"). Limits: never above what the
 * host allows, because without CAP_SYS_RESOURCE runc cannot raise them
 * and podman's defaults are higher ("setrlimit RLIMIT_NOFILE: Operation
 * not permitted"). */
static int runtime_podman_options(const struct runtime_host *h, struct strvec *opts)
{
	char *list, *tok, *save = NULL;
	int ret = 0;

	if (h->oci_runtime && *h->oci_runtime) {
		if (strcmp(h->oci_runtime, "default") != 0)
			ret = strvec_push(opts, "--runtime") || strvec_push(opts, h->oci_runtime) ? -ENOMEM : 0;
	} else if (!h->cgroup_unified && h->have_runc) {
		ret = strvec_push(opts, "--runtime") || strvec_push(opts, "runc") ? -ENOMEM : 0;
	}
	if (ret)
		return ret;
	if (!h->ulimits || !*h->ulimits) {
		if (h->nofile_max)
			ret = strvec_push(opts, "--ulimit") ||
			      strvec_pushf(opts, "nofile=%llu:%llu", h->nofile_max, h->nofile_max) ? -ENOMEM : 0;
		if (!ret && h->nproc_max)
			ret = strvec_push(opts, "--ulimit") ||
			      strvec_pushf(opts, "nproc=%llu:%llu", h->nproc_max, h->nproc_max) ? -ENOMEM : 0;
		return ret;
	}
	if (strcmp(h->ulimits, "none") == 0)
		return 0;
	list = strdup(h->ulimits);
	if (!list)
		return -ENOMEM;
	for (tok = strtok_r(list, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		const char *eq = strchr(tok, '=');

		if (!eq || eq == tok || !eq[1] || strspn(eq + 1, "0123456789:-") != strlen(eq + 1))
			ret = -EINVAL;
		else
			ret = strvec_push(opts, "--ulimit") || strvec_push(opts, tok) ? -ENOMEM : 0;
	}
	free(list);
	return ret;
}

/* The first line podman prints for argv, or -ENOENT when it fails. */
static int runtime_podman_capture(char *const *argv, char **out)
{
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_NULL, .capture_max = 1 << 20,
				.timeout_s = 60 };
	struct proc_result res;
	int ret = proc_run(&req, &res);

	*out = NULL;
	/* podman itself missing is not a missing image. */
	if (ret)
		return ret == -ENOENT ? -ENOEXEC : ret;
	if (proc_status(&res) != 0) {
		proc_result_free(&res);
		return -ENOENT;
	}
	*out = res.out ? res.out : strdup("");
	res.out = NULL;
	proc_result_free(&res);
	return *out ? 0 : -ENOMEM;
}

static int runtime_podman_image_id(const char *ref, char *id, size_t len)
{
	char *argv[] = { "podman", "image", "inspect", "--format", "{{.Id}}", (char *)ref, NULL };
	char *out;
	size_t n;
	int ret = runtime_podman_capture(argv, &out);

	if (ret)
		return ret;
	n = strcspn(out, "\n");
	if (n != 64 || strspn(out, "0123456789abcdef") < 64 || len < 65)
		ret = -ENOENT;
	else
		snprintf(id, len, "%.64s", out);
	free(out);
	return ret;
}

static int runtime_podman_image_mount(const char *ref, char *dir, size_t len)
{
	char *argv[] = { "podman", "image", "mount", (char *)ref, NULL };
	char *out;
	size_t n;
	int ret = runtime_podman_capture(argv, &out);

	if (ret)
		return ret;
	n = strcspn(out, "\n");
	if (out[0] != '/' || n >= len)
		ret = -ENOENT;
	else
		snprintf(dir, len, "%.*s", (int)n, out);
	free(out);
	return ret;
}

static void runtime_podman_image_unmount(const char *ref)
{
	char *argv[] = { "podman", "image", "unmount", (char *)ref, NULL };
	struct proc_req req = { .argv = argv, .out = PROC_NULL, .err = PROC_NULL, .timeout_s = 60 };
	struct proc_result res;

	if (proc_run(&req, &res) == 0)
		proc_result_free(&res);
}

/* Containers of this workdir still there: killed clients leave them
 * running (or exited, not removed) under conmon. */
static int runtime_podman_cleanup(const char *workdir, unsigned *removed)
{
	char filter[4200], *out = NULL, *tok, *save = NULL;
	char *ps[] = { "podman", "ps", "-aq", "--no-trunc", "--filter", filter, NULL };
	struct strvec rm = { 0 };
	int ret;

	*removed = 0;
	if (!workdir || snprintf(filter, sizeof(filter), "label=parity.workdir=%s", workdir) >= (int)sizeof(filter))
		return -EINVAL;
	ret = runtime_podman_capture(ps, &out);
	if (ret)
		return ret;
	ret = strvec_push(&rm, "podman") || strvec_push(&rm, "rm") || strvec_push(&rm, "-f") ||
	      strvec_push(&rm, "-t") || strvec_push(&rm, "0") ? -ENOMEM : 0;
	for (tok = strtok_r(out, " \n", &save); tok && !ret; tok = strtok_r(NULL, " \n", &save)) {
		ret = strvec_push(&rm, tok);
		(*removed)++;
	}
	free(out);
	if (!ret && *removed) {
		struct proc_req req = { .argv = rm.v, .out = PROC_NULL, .err = PROC_NULL, .timeout_s = 60 };
		struct proc_result res;

		ret = proc_run(&req, &res);
		if (!ret && proc_status(&res) != 0)
			ret = -EIO;
		proc_result_free(&res);
	}
	strvec_free(&rm);
	return ret;
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

/* Sarus (sarus run): images are names in its repository (sarus pull or
 * load). In bind mode its MPI hook does the bind (--mpi): it swaps the
 * image's own MPICH-ABI libraries for the host MPI the site configured,
 * so parity's staged files are not passed (the bind image must hold an
 * MPI of its own for the hook to replace, and the stage is a hard link of
 * the same host file, which provenance checks). The host's network and PID
 * namespaces are shared by default; the work directory is mounted at the
 * same path. --mount separates its keys with ',': a work directory holding
 * one cannot be mounted (-EINVAL). */
static int runtime_sarus(const struct runtime_req *r, struct strvec *argv, struct strvec *env)
{
	int ret = strvec_push(argv, "sarus") || strvec_push(argv, "run") ? -ENOMEM : 0;

	(void)env;
	if (!ret && r->binds)
		ret = strvec_push(argv, "--mpi");
	if (!ret && r->workdir)
		ret = strchr(r->workdir, ',') ? -EINVAL
		      : strvec_pushf(argv, "--mount=type=bind,source=%s,destination=%s", r->workdir, r->workdir);
	return ret || strvec_push(argv, r->image) ? -ENOMEM : 0;
}

static const struct runtime_desc runtime_table[] = {
	{ .name = "charliecloud", .program = "ch-run",
	  .summary = "Charliecloud's ch-run (--join or --join-ct when a container runs per rank)",
	  .workdir_mount = RUNTIME_CH_WORKDIR, .bind_dst_must_exist = true, .wrap = runtime_charliecloud,
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
	  .summary = "Podman's run with the host's network, IPC and PID namespaces; a directory image "
		     "through an overlay (--rootfs DIR:O), or a name in podman's store",
	  .hydra_pmi_port = true, .registry_images = true, .wrap = runtime_podman,
	  .host_options = runtime_podman_options, .image_id = runtime_podman_image_id,
	  .image_mount = runtime_podman_image_mount, .image_unmount = runtime_podman_image_unmount,
	  .cleanup = runtime_podman_cleanup, .image_kinds = 1u << IMAGE_DIR },
	{ .name = "sarus", .program = "sarus",
	  .summary = "Sarus's run (an image of its repository; bind mode: --mpi, its MPI hook binds the host MPICH)",
	  .registry_images = true, .wrap = runtime_sarus },
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
	return rt && rt->registry_images && image && image[0] && !runtime_image_is_path(image);
}

int runtime_host_read(struct runtime_host *h)
{
	struct rlimit rl;
	struct statfs fs;
	unsigned long long pid_max = 0;
	FILE *fp;

	memset(h, 0, sizeof(*h));
	h->cgroup_unified = statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
	h->have_runc = proc_have("runc");
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
		h->nofile_max = (unsigned long long)rl.rlim_max;
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
		h->nproc_max = (unsigned long long)rl.rlim_max;
	/* podman runs its containers with RLIMIT_NPROC at most kernel.pid_max
	 * (measured with podman 4.3: 32768 while the shell's was 96365), and
	 * a container cannot get more than its runtime has. */
	fp = fopen("/proc/sys/kernel/pid_max", "r");
	if (fp) {
		if (fscanf(fp, "%llu", &pid_max) == 1 && pid_max && h->nproc_max > pid_max)
			h->nproc_max = pid_max;
		fclose(fp);
	}
	h->oci_runtime = getenv("PARITY_PODMAN_RUNTIME");
	h->ulimits = getenv("PARITY_PODMAN_ULIMITS");
	return 0;
}

int runtime_host_options(const struct runtime_desc *rt, struct strvec *opts)
{
	struct runtime_host h;
	int ret;

	if (!rt->host_options)
		return 0;
	ret = runtime_host_read(&h);
	return ret ? ret : rt->host_options(&h, opts);
}
