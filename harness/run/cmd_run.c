/* cmd_run: `parity run`. Validate the plan before anything is launched or
 * written (every refusal is one line naming the problem, with its own exit
 * code), prepare the campaign folder, then run the points in interleaved
 * order: for each repetition, for each kernel, every mode in turn. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/commands.h"
#include "bind/image.h"
#include "core/errors.h"
#include "core/lock.h"
#include "core/proc.h"
#include "exitcodes.h"
#include "kernelcmd.h"
#include "launch/compose.h"
#include "provcheck.h"
#include "rounds.h"
#include "runner.h"
#include "workdir.h"
#include "workdir_clean.h"


static long cmd_run_count_cores(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return sysconf(_SC_NPROCESSORS_ONLN);
}

static bool cmd_run_uses(const struct plan *p, enum mode_id m)
{
	size_t i;

	for (i = 0; i < p->nmodes; i++)
		if (p->modes[i] == m)
			return true;
	return false;
}

/* Does the plan run the kernels on the host (native or control)? */
static bool cmd_run_uses_host(const struct plan *p)
{
	return cmd_run_uses(p, MODE_native) || cmd_run_uses(p, MODE_control);
}

static bool cmd_run_uses_container(const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nmodes; i++)
		if (!mode_is_native(p->modes[i]))
			return true;
	return false;
}

/* Pick launcher and runtime from their tables. */
static int cmd_run_resolve_tables(struct runner *c, const struct plan *p)
{
	char why[256];
	size_t i;

	c->runtime = runtime_find(p->runtime);
	if (!c->runtime) {
		errors_log("unknown runtime '%s' (%s)", p->runtime, runtime_names());
		return PARITY_EXIT_USAGE;
	}
	c->launcher = p->launcher[0] ? launcher_find(p->launcher) : launcher_default(p->mpi);
	if (!c->launcher) {
		errors_log("unknown launcher '%s' (%s)", p->launcher, launcher_names());
		return PARITY_EXIT_USAGE;
	}
	if (c->launcher->family && strcmp(c->launcher->family, p->mpi) != 0) {
		errors_log("launcher %s starts %s programs, but the plan uses %s (--mpi)", c->launcher->name,
			c->launcher->family, p->mpi);
		return PARITY_EXIT_USAGE;
	}
	/* What this host allows the runtime (podman: OCI runtime, limits). */
	if (cmd_run_uses_container(p) && runtime_host_options(c->runtime, &c->runtime_opts)) {
		errors_log("runtime %s: bad PARITY_PODMAN_RUNTIME or PARITY_PODMAN_ULIMITS (want TYPE=SOFT:HARD,... or none)",
			   c->runtime->name);
		return PARITY_EXIT_USAGE;
	}
	/* What the runtime cannot do with this launcher, before anything runs. */
	for (i = 0; i < p->nmodes; i++) {
		if (compose_check(p->modes[i], runner_launcher(c, p->modes[i]), c->runtime, why, sizeof(why))) {
			errors_log("%s", why);
			return PARITY_EXIT_USAGE;
		}
	}
	return 0;
}

/* Is the image of a kind the runtime runs (a directory, SquashFS, SIF)?
 * Logs and returns -EINVAL when not. */
static int cmd_run_check_image_kind(const struct runtime_desc *rt, const char *mode, const char *img)
{
	enum image_kind kind;
	char kinds[128] = "";
	int k, ret = image_kind(img, &kind);

	if (ret || !rt->image_kinds || (rt->image_kinds & (1u << kind)))
		return 0;
	for (k = 0; k < IMAGE_UNKNOWN; k++)
		if (rt->image_kinds & (1u << k))
			snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds), "%s%s", kinds[0] ? ", " : "",
				 image_kind_name((enum image_kind)k));
	errors_log("image for %s mode '%s' is %s: %s runs %s", mode, img,
		   kind == IMAGE_UNKNOWN ? "not an image (neither a directory nor a SquashFS or SIF file)"
		   : image_kind_name(kind), rt->name, kinds);
	return -EINVAL;
}

static int cmd_run_check_images(const struct runner *c, const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nmodes; i++) {
		const char *img = runner_image(c, p->modes[i]);
		struct stat st;

		if (!img)
			continue;
		/* A name in the runtime's own store must be there (when it can tell). */
		if (runtime_image_is_reference(c->runtime, img)) {
			char id[65];

			if (!p->dry_run && c->runtime->image_id && c->runtime->image_id(img, id, sizeof(id)) == -ENOENT) {
				errors_log("image for %s mode '%s': no such image in %s's store", mode_name(p->modes[i]), img,
					   c->runtime->name);
				return PARITY_EXIT_IMAGE;
			}
			continue;
		}
		if (!img[0] || stat(img, &st) != 0 || access(img, R_OK) != 0) {
			errors_log("image for %s mode '%s': %s%s", mode_name(p->modes[i]), img,
				img[0] ? strerror(errno) : "empty path",
				strstr(img, "/var/tmp/parity/images") || getenv("PARITY_IMAGE_DIR")
					? " (build the test images with `make images`)" : "");
			return PARITY_EXIT_IMAGE;
		}
		if (cmd_run_check_image_kind(c->runtime, mode_name(p->modes[i]), img))
			return PARITY_EXIT_IMAGE;
	}
	return 0;
}

static int cmd_run_check_programs(struct runner *c, const struct plan *p)
{
	int ret;

	/* A launcher plug-in has no program of its own: the launcher's is checked. */
	if (cmd_run_uses_container(p) && c->runtime->program && !proc_have(c->runtime->program)) {
		errors_log("runtime %s needs %s, which is not installed (not in PATH)", c->runtime->name,
			c->runtime->program);
		return PARITY_EXIT_RUNTIME;
	}
	/* In container-only mode the launcher runs inside the image. */
	if ((cmd_run_uses_host(p) || cmd_run_uses(p, MODE_hybrid) || cmd_run_uses(p, MODE_bind)) &&
	    !proc_have(c->launcher->program)) {
		errors_log("launcher %s needs %s, which is not installed (not in PATH)", c->launcher->name,
			c->launcher->program);
		return PARITY_EXIT_RUNTIME;
	}
	if (cmd_run_uses_host(p)) {
		ret = kernelcmd_host_bench(p, &c->host_bench);
		if (ret || access(c->host_bench, X_OK) != 0) {
			errors_log("kernels binary %s not found: build it (make) or set --bench / PARITY_BENCH",
				c->host_bench ? c->host_bench : "parity-bench");
			return PARITY_EXIT_RUNTIME;
		}
	}
	c->image_bench = kernelcmd_image_bench(p);
	return c->image_bench ? 0 : PARITY_EXIT_FAILED;
}

/* Every kernel's arguments (--sizes, --iterations, --kernel-args, ...) and
 * the rank count, checked by the kernels binary itself without MPI
 * (parity-bench --check=RANKS): what it would refuse after the launch is
 * refused now, in its own words. Skipped when there is no host binary to
 * ask (a container-only plan without parity-bench on the host). */
static int cmd_run_check_kernels(const struct runner *c, const struct plan *p)
{
	size_t k;
	int rc = 0;

	if (!c->host_bench || access(c->host_bench, X_OK) != 0)
		return 0;
	for (k = 0; k < p->nkernels && !rc; k++) {
		const char *name = kernels_at(p->kernels[k])->name;
		struct strvec argv = { 0 };
		struct proc_req req = { .out = PROC_CAPTURE, .err = PROC_TO_STDOUT, .capture_max = 4096,
					.timeout_s = 30, .grace_s = 1 };
		struct proc_result res;
		char *nl;
		int ret = strvec_push(&argv, c->host_bench) || strvec_pushf(&argv, "--check=%llu",
			(unsigned long long)p->ranks) ? -ENOMEM : 0;

		if (!ret)
			ret = kernelcmd_argv(p, name, "/dev/null", "/dev/null", &argv);
		req.argv = argv.v;
		req.program = c->host_bench;
		if (!ret)
			ret = proc_run(&req, &res);
		strvec_free(&argv);
		if (ret) {
			errors_log("cannot check the arguments of %s with %s: %s", name, c->host_bench, strerror(-ret));
			return PARITY_EXIT_RUNTIME;
		}
		if (!res.interrupted && (res.signaled || res.timed_out || res.exit_code != 0)) {
			const char *why = res.out ? res.out : "";

			if (strncmp(why, "parity-bench: ", 14) == 0)
				why += 14;
			nl = strchr(why, '\n');
			if (nl)
				*nl = '\0';
			errors_log("kernel %s with %llu ranks: %s", name, (unsigned long long)p->ranks,
				   why[0] ? why : "refused by parity-bench --check");
			rc = PARITY_EXIT_USAGE;
		}
		proc_result_free(&res);
	}
	return rc;
}

static int cmd_run_check_results(const struct plan *p)
{
	const char *what = NULL;
	char runs[PATH_MAX];
	int ret = record_check_writable(p->results, p->campaign, &what);

	if (ret) {
		errors_log("results directory %s is not writable: %s", what, strerror(-ret));
		return PARITY_EXIT_RESULTS;
	}
	snprintf(runs, sizeof(runs), "%s/%s/runs.csv", p->results, p->campaign);
	if (!p->resume && !p->dry_run && access(runs, F_OK) == 0) {
		errors_log("campaign %s already has results (%s): pass --resume to complete it, or another --campaign",
			p->campaign, runs);
		return PARITY_EXIT_RESULTS;
	}
	return 0;
}

/* With --resume, what is already recorded ok. Read once to refuse a file
 * that is not a runs file before anything is made, then again under the
 * campaign's lock (locked): a torn tail of an earlier failed or killed
 * write is set aside first, a last row lacking its newline kept. */
static int cmd_run_read_done(const struct plan *p, struct record_done *done, bool locked)
{
	char runs[PATH_MAX];
	int ret;

	if (!p->resume)
		return 0;
	snprintf(runs, sizeof(runs), "%s/%s/runs.csv", p->results, p->campaign);
	record_done_free(done);
	if (locked && record_repair_runs(runs))
		return PARITY_EXIT_RESULTS;
	ret = record_read_done(runs, done);
	if (ret) {
		errors_log("cannot resume from %s: %s", runs, ret == -EPROTO || ret == -EBADMSG
			? "not a parity runs file" : ret == -EILSEQ ? "a NUL byte inside a field" : strerror(-ret));
		return PARITY_EXIT_RESULTS;
	}
	return 0;
}

/* One writer per campaign: the campaign folder's lock, held until parity
 * exits. A second parity run, --resume, task or merge of the same campaign
 * is refused, naming the holder. */
static int cmd_run_lock_campaign(const struct record_campaign *rec, struct lock *l)
{
	int ret = lock_take_writer(rec->dir, l);

	return ret == -EBUSY ? PARITY_EXIT_LOCKED : ret ? PARITY_EXIT_RESULTS : 0;
}

/* Remove the work directories under base left by runs that were killed
 * (their owner is gone); one line says how many. */
static void cmd_run_remove_stale(const char *base)
{
	unsigned n = 0;

	if (workdir_clean_stale(base, &n) == 0 && n)
		printf("removed %u work director%s under %s left by killed runs\n", n, n == 1 ? "y" : "ies", base);
}

/* Hold the work directory's lock while it exists: a later run removes it
 * only once this process is gone. */
static int cmd_run_claim_workdir(struct runner *c, struct lock *owner)
{
	int ret = workdir_clean_claim(c->workdir, owner);

	if (ret) {
		errors_log("cannot claim the work directory %s: %s", c->workdir, strerror(-ret));
		return PARITY_EXIT_RESULTS;
	}
	return 0;
}

/* Does the launcher start ranks on hosts other than parity's? */
static bool cmd_run_other_hosts(const struct runner *c, const struct plan *p)
{
	return p->nodes > 1 || (c->launcher->caps & LAUNCHER_CAP_OTHER_HOSTS);
}

/* The dir the kernels write to and the host MPI is staged in, where every
 * rank's host and container sees it (run/workdir.h says where); private to
 * this parity process and claimed by it (run/workdir_clean.h), after the
 * stale ones of killed runs in the same place are removed. */
static int cmd_run_make_workdir(struct runner *c, const struct plan *p, struct lock *owner)
{
	bool other = cmd_run_other_hosts(c, p);
	int ret;

	if (!p->dry_run)
		cmd_run_remove_stale(workdir_base(p, other));
	ret = workdir_create(p, other, &c->workdir);
	if (ret) {
		errors_log("cannot create a work directory in %s: %s", workdir_base(p, other), strerror(-ret));
		return ret == -ENOENT || ret == -ENOTDIR ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
	}
	return cmd_run_claim_workdir(c, owner);
}

/* With ranks on other hosts, one launch of `test -d WORKDIR` per node
 * through the plan's launcher: a node that cannot see the work directory
 * (a node-local /tmp) would fail every run, or leave its peers waiting
 * until the timeout, so the campaign stops here, in one line. */
static int cmd_run_check_workdir_seen(struct runner *c, const struct plan *p)
{
	struct strvec args = { 0 };
	struct compose_cmd cmd = { 0 };
	struct compose_ctx ctx = {
		.mode = MODE_native,
		.launcher = c->launcher,
		.runtime = c->runtime,
		.lreq = { .family = p->mpi, .ranks = p->nodes, .nodes = p->nodes, .ranks_per_node = 1,
			  .as_root = c->as_root, .srun_mpi = "none", .no_task_binding = c->no_task_binding },
		.program = "test",
		.kernel_argv = &args,
	};
	struct proc_req req = { .out = PROC_CAPTURE, .err = PROC_TO_STDOUT, .capture_max = 65536,
				.timeout_s = (double)p->timeout_s, .grace_s = 1 };
	struct proc_result res = { 0 };
	char last[256] = "";
	int ret;

	if (!cmd_run_other_hosts(c, p))
		return 0;
	ret = strvec_push(&args, "-d") || strvec_push(&args, c->workdir) ? -ENOMEM : 0;
	if (!ret)
		ret = compose_launch(&ctx, &cmd);
	if (!ret) {
		req.argv = cmd.argv.v;
		req.env = &cmd.env;
		ret = proc_run(&req, &res);
	}
	if (!ret && (res.timed_out || res.interrupted || res.signaled || res.exit_code != 0)) {
		const char *s = res.out ? res.out : "", *line = s, *nl;

		/* The last non-empty line the launcher printed says why. */
		for (; (nl = strchr(s, '\n')); s = nl + 1)
			if (nl > s)
				line = s;
		if (*s)
			line = s;
		snprintf(last, sizeof(last), "%.*s", (int)strcspn(line, "\n"), line);
		errors_log("work directory %s is not visible on every node (%s -d on %llu node(s) through %s: %s%s%s): "
			   "give --workdir a directory on a file system the nodes share", c->workdir, ctx.program,
			   (unsigned long long)p->nodes, c->launcher->name,
			   res.timed_out ? "timed out" : res.interrupted ? "interrupted" : "failed",
			   last[0] ? ": " : "", last);
		ret = -ENOENT;
	} else if (ret) {
		errors_log("cannot check the work directory through %s: %s", c->launcher->name, strerror(-ret));
	}
	proc_result_free(&res);
	compose_cmd_free(&cmd);
	strvec_free(&args);
	return ret ? PARITY_EXIT_RUNTIME : 0;
}

/* A runtime that binds the work directory onto a directory of the image
 * (ch-run at /mnt) needs that directory in every directory image, or each
 * rank would fail to start; a file image (squashfs) cannot be looked into
 * here and is left to the launch. */
static int cmd_run_check_workdir_mount(const struct runner *c, const struct plan *p)
{
	const char *inside = runtime_workdir_inside(c->runtime, c->workdir);
	size_t i;

	if (!cmd_run_uses_container(p) || !inside || strcmp(inside, c->workdir) == 0)
		return 0;
	for (i = 0; i < p->nmodes; i++) {
		const char *img = runner_image(c, p->modes[i]);
		char path[PATH_MAX];
		struct stat st;

		if (!img || stat(img, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(path, sizeof(path), "%s%s", img, inside);
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			errors_log("image %s has no directory %s, where %s binds the work directory %s (outside /tmp): "
				   "add it to the image, or give --workdir a directory under /tmp that every node sees",
				   img, inside, c->runtime->name, c->workdir);
			return PARITY_EXIT_IMAGE;
		}
	}
	return 0;
}

/* A runtime that cannot create mount points needs every bind destination in
 * the image already: refuse before launch rather than fail in every rank. */
static int cmd_run_check_destinations(const struct runner *c, const char *image)
{
	char why[1024];
	int ret;

	if (!c->runtime->bind_dst_must_exist || !image)
		return 0;
	ret = hostmpi_check_destinations(image, &c->bind.binds, c->runtime->program, why, sizeof(why));
	if (ret == -ENOENT) {
		errors_log("%s: nothing launched", why);
		return PARITY_EXIT_IMAGE;
	}
	return 0;
}

/* Does the cluster bind tasks? `scontrol show config` names the task
 * plug-ins; only task/none binds nothing, and there srun warns about
 * --cpu-bind=none ("cluster configuration lacks support for cpu binding").
 * Unknown (no scontrol answer): assume it binds. */
static bool cmd_run_slurm_binds_tasks(void)
{
	char *argv[] = { "scontrol", "show", "config", NULL };
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_NULL, .capture_max = 1 << 20,
				.timeout_s = 20, .grace_s = 1 };
	struct proc_result res;
	bool binds = true;
	const char *line;

	if (proc_run(&req, &res) != 0)
		return true;
	for (line = res.out; !res.exit_code && line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *eq;

		if (strncmp(line, "TaskPlugin ", 11) != 0 || !(eq = strchr(line, '=')))
			continue;
		eq += strspn(eq + 1, " ") + 1;
		binds = strncmp(eq, "task/none", 9) != 0 || (eq[9] != '\n' && eq[9] != '\0');
		break;
	}
	proc_result_free(&res);
	return binds;
}

/* The bind image as a directory the checks can read: itself, or a name in
 * the runtime's store mounted read-only (*mounted set; unmount after), or
 * NULL when it cannot be inspected here. */
static const char *cmd_run_bind_image_root(const struct runner *c, const struct plan *p, char *root, size_t len,
					   bool *mounted)
{
	*mounted = false;
	if (!runtime_image_is_reference(c->runtime, p->bind_image))
		return p->bind_image;
	if (c->runtime->image_mount && c->runtime->image_mount(p->bind_image, root, len) == 0) {
		*mounted = true;
		return root;
	}
	errors_warn("bind image %s is a registry reference: the ABI and glibc "
		"checks need a local image and are skipped", p->bind_image);
	return NULL;
}

static int cmd_run_prepare_bind(struct runner *c, const struct plan *p)
{
	char *stage = NULL, root[PATH_MAX];
	const char *image;
	bool mounted;
	int ret, rc = 0;

	if (!cmd_run_uses(p, MODE_bind))
		return 0;
	if (asprintf(&stage, "%s/stage", c->workdir) < 0)
		return PARITY_EXIT_FAILED;
	image = cmd_run_bind_image_root(c, p, root, sizeof(root), &mounted);
	ret = hostmpi_prepare_bind(p->mpi, image, c->image_bench, stage, &c->bind);
	free(stage);
	if (ret == -EPROTO)
		rc = PARITY_EXIT_ABI;
	else if (ret == -ENOENT)
		rc = PARITY_EXIT_RUNTIME;
	else if (ret)
		rc = PARITY_EXIT_FAILED;
	if (!rc) {
		c->have_bind = true;
		c->bind_mounted = p->bind_host_mpi;
		/* The self-test (--no-bind-host-mpi) binds nothing: no mount point needed. */
		rc = c->bind_mounted ? cmd_run_check_destinations(c, image) : 0;
	}
	if (mounted) {
		if (rc)
			errors_log("(%s is bind image %s of %s's store, mounted read-only for these checks)", root,
				   p->bind_image, c->runtime->name);
		c->runtime->image_unmount(p->bind_image);
	}
	return rc;
}

/* First non-blank line of what a program prints (for versions), or "". */
static void cmd_run_first_line(char *const *argv, char *out, size_t len)
{
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_TO_STDOUT, .capture_max = 65536,
				.timeout_s = 20, .grace_s = 1 };
	struct proc_result res;
	const char *line, *next;

	out[0] = '\0';
	if (proc_run(&req, &res) != 0)
		return;
	for (line = res.out; line && *line; line = next) {
		size_t n = strcspn(line, "\r\n");

		next = line + n + (line[n] ? 1 : 0);
		if (strspn(line, " \t") < n) {
			snprintf(out, len, "%.*s", (int)n, line);
			break;
		}
	}
	proc_result_free(&res);
}

static void cmd_run_write_metadata(struct runner *c, const struct plan *p)
{
	char *buf = NULL, line[512], path[PATH_MAX];
	size_t len = 0;
	struct utsname un;
	time_t now = time(NULL);
	FILE *fp = open_memstream(&buf, &len);
	char *launcher_v[] = { (char *)c->launcher->program, "--version", NULL };
	char *runtime_v[] = { (char *)c->runtime->program, "--version", NULL };
	char *topo[] = { "lstopo-no-graphics", "--of", "console", NULL };
	struct proc_req req = { .argv = topo, .out = PROC_FILE, .err = PROC_FILE, .log_path = path,
				.timeout_s = 30, .grace_s = 1 };
	struct proc_result res;

	snprintf(path, sizeof(path), "%s/metadata.txt", c->rec.dir);
	/* A resumed campaign keeps the description of its first invocation. */
	if (!fp || access(path, F_OK) == 0) {
		if (fp)
			fclose(fp);
		free(buf);
		return;
	}
	uname(&un);
	strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(fp, "started = %s\nparity = %s\nkernels_built_with = %s\nhost = %s\nkernel = %s %s %s\ncores = %ld\n",
		line, PACKAGE_VERSION, PARITY_MPI_FAMILY, c->hostname, un.sysname, un.release, un.machine,
		cmd_run_count_cores());
	cmd_run_first_line(launcher_v, line, sizeof(line));
	fprintf(fp, "launcher = %s (%s)\n", c->launcher->name, line);
	if (cmd_run_uses_container(p)) {
		if (c->runtime->program)
			cmd_run_first_line(runtime_v, line, sizeof(line));
		else
			snprintf(line, sizeof(line), "options of %s", c->launcher->name);
		fprintf(fp, "runtime = %s (%s)\n", c->runtime->name, line);
	}
	if (c->have_bind)
		fprintf(fp, "host_mpi = %s %s (%s, %llu:%llu)\n", c->bind.family, c->bind.version,
			c->bind.libmpi_path, c->bind.libmpi_dev, c->bind.libmpi_ino);
	fprintf(fp, "\n# the plan\n");
	plan_write(p, fp);
	fclose(fp);
	record_write_file(&c->rec, "metadata.txt", buf, len);
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	if (fp) {
		plan_write(p, fp);
		fclose(fp);
		record_write_file(&c->rec, "plan.conf", buf, len);
		free(buf);
	}
	snprintf(path, sizeof(path), "%s/topology.txt", c->rec.dir);
	if (access(path, F_OK) != 0 && proc_run(&req, &res) != 0)
		unlink(path);
}

static int cmd_run_digest_images(struct runner *c, const struct plan *p)
{
	size_t i;
	int ret;

	for (i = 0; i < p->nmodes; i++) {
		const char *img = runner_image(c, p->modes[i]);

		if (!img)
			continue;
		/* A store image is identified by the store's own digest. */
		if (runtime_image_is_reference(c->runtime, img)) {
			if (c->runtime->image_id &&
			    c->runtime->image_id(img, c->image_sha256[p->modes[i]], sizeof(c->image_sha256[p->modes[i]])))
				c->image_sha256[p->modes[i]][0] = '\0';
			continue;
		}
		ret = record_image_digest(&c->rec, img, c->image_sha256[p->modes[i]]);
		if (ret) {
			errors_log("cannot digest image %s: %s", img, strerror(-ret));
			return PARITY_EXIT_IMAGE;
		}
	}
	return 0;
}

/* The locks parity run holds while it runs. */
struct cmd_run_locks {
	struct lock campaign;    /* one writer per campaign */
	struct lock workdir;     /* the work directory is in use */
};

/* Everything that can refuse the plan, in order, before anything is written
 * or the campaign folder is made; then the campaign is locked and, with
 * --resume, read. */
static int cmd_run_setup(struct runner *c, struct plan *p, struct record_done *done, struct cmd_run_locks *locks)
{
	long cores = cmd_run_count_cores();
	int rc;

	if ((rc = cmd_run_resolve_tables(c, p)) || (rc = cmd_run_check_images(c, p)))
		return rc;
	if (!p->dry_run && (rc = cmd_run_check_programs(c, p)))
		return rc;
	if (p->dry_run) {
		if (cmd_run_uses_host(p) && kernelcmd_host_bench(p, &c->host_bench))
			c->host_bench = strdup("parity-bench");
		c->image_bench = kernelcmd_image_bench(p);
	}
	if (p->nodes == 1 && !p->oversubscribe && cores > 0 && p->ranks > (uint64_t)cores) {
		errors_log("%llu ranks on one node with %ld cores: lower --ranks, add --nodes, or pass --oversubscribe",
			(unsigned long long)p->ranks, cores);
		return PARITY_EXIT_RESOURCES;
	}
	if (p->nodes > 1 && cmd_run_uses(p, MODE_container_only)) {
		errors_log("container-only mode runs on one node; --nodes is %llu", (unsigned long long)p->nodes);
		return PARITY_EXIT_USAGE;
	}
	if (!c->host_bench && kernelcmd_host_bench(p, &c->host_bench) != 0) {
		free(c->host_bench);
		c->host_bench = NULL;
	}
	if ((rc = cmd_run_check_kernels(c, p)) || (rc = cmd_run_check_results(p)) ||
	    (rc = cmd_run_read_done(p, done, false)))
		return rc;
	/* The host MPI is checked (and staged) in the private workdir, which
	 * the caller removes, so a refusal leaves nothing behind. Then every
	 * node must see that workdir (ranks on other hosts). */
	if (!p->dry_run && (c->launcher->caps & LAUNCHER_CAP_OTHER_HOSTS))
		c->no_task_binding = !cmd_run_slurm_binds_tasks();
	if ((rc = cmd_run_make_workdir(c, p, &locks->workdir)) || (rc = cmd_run_check_workdir_mount(c, p)) ||
	    (rc = cmd_run_prepare_bind(c, p)) || (!p->dry_run && (rc = cmd_run_check_workdir_seen(c, p))))
		return rc;
	if (proc_stop_requested())
		return PARITY_EXIT_INTERRUPTED;
	if (record_campaign_open(p->results, p->campaign, !p->dry_run, &c->rec)) {
		errors_log("cannot create %s/%s: %s", p->results, p->campaign, strerror(errno));
		return PARITY_EXIT_RESULTS;
	}
	if (p->dry_run)
		return 0;
	/* Checked again under the lock: another run may have written since. */
	if ((rc = cmd_run_lock_campaign(&c->rec, &locks->campaign)) || (rc = cmd_run_check_results(p)) ||
	    (rc = cmd_run_read_done(p, done, true)) || (rc = cmd_run_digest_images(c, p)))
		return rc;
	return 0;
}

/* Is a recorded point one of the plan's (--resume)? For a fixed plan,
 * within its rounds; for a sequential one, in any round. */
static bool cmd_run_done_in_plan(const char *mode, const char *kernel, unsigned rep, const char *placement, void *arg)
{
	const struct plan *p = arg;
	int m = mode_find(mode);
	const struct kernels_info *k = kernels_find(kernel);
	size_t i;
	bool mode_ok = false, kernel_ok = false;

	for (i = 0; m >= 0 && i < p->nmodes; i++)
		mode_ok |= (int)p->modes[i] == m;
	for (i = 0; k && i < p->nkernels; i++)
		kernel_ok |= p->kernels[i] == k->id;
	return mode_ok && kernel_ok && strcmp(placement, p->placement) == 0 &&
	       (p->budget_s > 0 || rep <= p->repetitions);
}

/* The workdir only holds what a launch was writing and the staged host MPI:
 * neither is needed once the campaign is over. */
static void cmd_run_remove_workdir(const struct runner *c, struct lock *owner)
{
	if (c->workdir)
		workdir_clean_remove(c->workdir);
	lock_release(owner);
}

static void cmd_run_free(struct runner *c)
{
	free(c->host_bench);
	free(c->image_bench);
	free(c->workdir);
	strvec_free(&c->runtime_opts);
	if (c->have_bind)
		hostmpi_bind_free(&c->bind);
	record_campaign_free(&c->rec);
}

int cmd_run(int argc, char **argv)
{
	struct plan p;
	struct runner c = { .plan = &p, .grace_s = 3.0 };
	struct record_done done = { 0 };
	struct cmd_run_locks locks = { LOCK_INIT, LOCK_INIT };
	struct rounds_status st;
	unsigned skipped;
	double start = rounds_now();
	int rc = 0, ret;

	if (plan_init(&p, PARITY_MPI_FAMILY)) {
		errors_log("out of memory");
		return PARITY_EXIT_FAILED;
	}
	if (plan_parse_args(&p, argc, argv)) {
		plan_free(&p);
		return PARITY_EXIT_USAGE;
	}
	if (p.help) {
		plan_print_help(&p, stdout);
		plan_free(&p);
		return PARITY_EXIT_OK;
	}
	/* From here on Ctrl-C, SIGTERM and SIGHUP stop parity where it stands and
	 * go through the clean-up below: nothing half-made is left. */
	proc_trap_signals();
	/* The effective seed goes into plan.conf, so the order can be replayed. */
	if (!p.seed)
		p.seed = rounds_seed(&p);
	c.as_root = geteuid() == 0;
	c.tty = isatty(STDOUT_FILENO);
	c.own_mntns = provcheck_own_mntns();
	gethostname(c.hostname, sizeof(c.hostname) - 1);
	/* ch-run refuses to start without $USER. */
	if (!getenv("USER"))
		setenv("USER", c.as_root ? "root" : "parity", 0);
	rc = cmd_run_setup(&c, &p, &done, &locks);
	if (proc_stop_requested()) {
		errors_log("stopped by signal %d while setting up; nothing was run", proc_stop_requested());
		rc = PARITY_EXIT_INTERRUPTED;
	}
	if (rc)
		goto out;
	if (!p.dry_run) {
		proc_become_subreaper();
		cmd_run_write_metadata(&c, &p);
	}
	c.setup_s = rounds_now() - start;
	/* A fixed campaign's size is known: the total of the progress line. */
	c.total = (unsigned)(p.repetitions * p.nkernels * p.nmodes);
	skipped = record_done_count(&done, cmd_run_done_in_plan, &p);
	if (skipped && !p.dry_run) {
		if (p.budget_s > 0)
			printf("resuming %s: %u runs already recorded ok\n", p.campaign, skipped);
		else
			printf("resuming %s: %u of %u runs already recorded ok\n", p.campaign, skipped, c.total);
	}
	if (p.budget_s <= 0)
		c.total -= skipped;
	ret = rounds_run(&c, &done, start, &st);
	if (ret == -EINTR) {
		/* Runs are counted once recorded: the interrupted one is not. */
		unsigned recorded = c.ok + c.failed + c.timeouts + c.mismatches;

		if (c.index == 0)
			errors_log("stopped by signal %d while setting up; nothing was run", proc_stop_requested());
		else if (p.budget_s > 0)
			errors_log("stopped by signal %d after %u runs; --resume completes the campaign",
				proc_stop_requested(), recorded);
		else
			errors_log("stopped by signal %d after %u of %u runs; --resume completes the campaign",
				proc_stop_requested(), recorded, c.total);
		rc = PARITY_EXIT_INTERRUPTED;
	} else if (ret) {
		rc = ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
	}
	if (!p.dry_run && !rc) {
		double wall = rounds_now() - start, setup_s = c.setup_s;
		unsigned runs = c.ok + c.failed + c.timeouts + c.mismatches;

		/* Overhead = what parity adds around the launches, once per
		 * campaign (checks, image digests, metadata) and per run. */
		printf("%u runs: %u ok, %u failed, %u timeout, %u mode-mismatch; %u round(s), stopped because %s; "
		       "wall %.1fs = setup %.1fs + launches %.1fs + between runs %.1fs; results in %s\n",
		       runs, c.ok, c.failed, c.timeouts, c.mismatches, st.rounds, st.stopped_why, wall, setup_s,
		       c.launches_wall_s, wall - setup_s - c.launches_wall_s, c.rec.runs_csv);
		if (c.finalize_hangs)
			printf("%u of the ok runs hung in MPI_Finalize after writing their results and were ended "
			       "(note finalize-hang in runs.csv)\n", c.finalize_hangs);
		if (c.ok != runs)
			rc = PARITY_EXIT_FAILED;
	}
out:
	/* An interrupted launch may have left containers behind (podman). */
	if (!p.dry_run && c.index && c.workdir && c.runtime && c.runtime->cleanup && cmd_run_uses_container(&p)) {
		unsigned removed = 0;

		if (c.runtime->cleanup(c.workdir, &removed) == 0 && removed)
			errors_warn("removed %u %s container(s) left behind by interrupted launches", removed,
				    c.runtime->name);
	}
	cmd_run_remove_workdir(&c, &locks.workdir);
	lock_release(&locks.campaign);
	record_done_free(&done);
	cmd_run_free(&c);
	plan_free(&p);
	return rc;
}
