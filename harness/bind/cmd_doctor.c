/* parity doctor: explain the bind model on this host (and for an image):
 * which host MPI, which files come along and why, what the image has,
 * the ABI and glibc verdicts, and the exact runtime flags. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "core/commands.h"
#include "core/errors.h"
#include "core/opts.h"
#include "doctor_smoke.h"
#include "exitcodes.h"
#include "hostmpi.h"
#include "image.h"
#include "launch/compose.h"
#include "launch/launcher.h"
#include "launch/runtime.h"

struct cmd_doctor_opts {
	char *mpi, *image, *bind_image, *stage, *runtime, *launcher;
	bool smoke;
	uint64_t timeout_s;
};

static int cmd_doctor_check_runtime(void *target, char *why, size_t len)
{
	const struct cmd_doctor_opts *o = target;

	if (o->runtime && *o->runtime && !runtime_find(o->runtime)) {
		snprintf(why, len, "unknown runtime '%s' (%s)", o->runtime, runtime_names());
		return -EINVAL;
	}
	return 0;
}

static int cmd_doctor_check_launcher(void *target, char *why, size_t len)
{
	const struct cmd_doctor_opts *o = target;

	if (o->launcher && *o->launcher && !launcher_find(o->launcher)) {
		snprintf(why, len, "unknown launcher '%s' (%s)", o->launcher, launcher_names());
		return -EINVAL;
	}
	return 0;
}

#define CMD_DOCTOR_OFF(field) offsetof(struct cmd_doctor_opts, field)
static const struct opt cmd_doctor_table[] = {
	{ .name = "mpi", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(mpi), .metavar = "FAMILY", .def = PARITY_MPI_FAMILY,
	  .help = "MPI family: mpich or openmpi (default: the one the kernels are built with)" },
	{ .name = "image", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(image), .metavar = "PATH",
	  .help = "container image to check the bind model against (directory, squashfs, sif); with --smoke, "
		  "the image with MPI for hybrid and container-only (default: parity run's)" },
	{ .name = "bind-image", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(bind_image), .metavar = "PATH",
	  .help = "image without MPI for bind mode: the one the bind model is checked against when given "
		  "(default with --smoke: parity run's)" },
	{ .name = "runtime", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(runtime), .metavar = "NAME",
	  .check = cmd_doctor_check_runtime,
	  .help = "show only this runtime's command (default: every runtime; with --smoke, charliecloud): %s",
	  .help_arg = runtime_names },
	{ .name = "launcher", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(launcher), .metavar = "NAME",
	  .check = cmd_doctor_check_launcher,
	  .help = "launcher of the commands shown and of --smoke: %s (default: the MPI family's, or one the "
		  "runtime works with)", .help_arg = launcher_names },
	{ .name = "stage", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(stage), .metavar = "DIR",
	  .help = "also stage the files into DIR/FAMILY (default: only show, with the flags naming %s/FAMILY; "
		  "parity run stages into its own private work directory under /tmp)",
	  .help_arg = hostmpi_default_stage_root },
	{ .name = "smoke", .type = OPT_FLAG, .offset = CMD_DOCTOR_OFF(smoke),
	  .help = "instead of explaining, launch every mode for real once (2 ranks, latency at 8 bytes), "
		  "verified like a campaign run; print per mode ok or FAILED with the exact command and the "
		  "first error lines" },
	{ .name = "timeout", .type = OPT_U64, .offset = CMD_DOCTOR_OFF(timeout_s), .metavar = "SECONDS", .def = "60",
	  .lo = 1, .hi = 86400, .help = "with --smoke: limit per launch" },
};

static const struct opts_spec cmd_doctor_spec = {
	.command = "doctor",
	.usage = "[--mpi mpich|openmpi] [--image PATH] [--bind-image PATH] [--runtime NAME] [--launcher NAME]\n"
		 "                     [--stage DIR] [--smoke [--timeout SECONDS]]",
	.about = "Explain the bind model: the host MPI library of the family (path, version, device:inode),\n"
		 "the host files a container needs to use it and why, what the image already provides, the\n"
		 "ABI and glibc verdicts, the bind list and environment, and the bind-mode command of every\n"
		 "runtime (or of --runtime), shell-quoted, with the options this host needs.\n"
		 "With --smoke, check parity's composition on this site instead: one real tiny launch of\n"
		 "every mode with the configured runtime, images and launcher.",
	.opts = cmd_doctor_table,
	.nopts = sizeof(cmd_doctor_table) / sizeof(cmd_doctor_table[0]),
	.show_values = true,
	.footer = "exit status: 0 ok (also with a warning), 2 bad option, 3 image missing or unreadable,\n"
		  "4 no host MPI of the family, 5 host and image MPI not ABI-compatible, 1 staging failed\n"
		  "or (--smoke) a mode failed.",
};

/* Plug-ins and data files are listed per directory: same stage directory, same reason. */
static int cmd_doctor_same_group(const struct hostmpi_item *a, const struct hostmpi_item *b)
{
	const char *sa = strrchr(a->rel, '/'), *sb = strrchr(b->rel, '/');

	return a->why == b->why && sa && sb && sa - a->rel == sb - b->rel &&
	       strncmp(a->rel, b->rel, (size_t)(sa - a->rel)) == 0 && strcmp(a->detail, b->detail) == 0;
}

static void cmd_doctor_group(const struct hostmpi_plan *p, size_t first)
{
	const struct hostmpi_item *it = &p->items[first];
	const char *slash = strrchr(it->rel, '/'), *hslash = strrchr(it->real_path, '/');
	size_t i, n = 0, col = 0;

	for (i = first; i < p->n_items; i++)
		n += p->items[i].rel && cmd_doctor_same_group(it, &p->items[i]);
	printf("  %.*s/ (%zu files) %-8s %s, from %.*s/\n   ", (int)(slash - it->rel), it->rel, n,
	       hostmpi_why_name(it->why), it->detail, (int)(hslash ? hslash - it->real_path : 0), it->real_path);
	for (i = first; i < p->n_items; i++) {
		const char *name;

		if (!p->items[i].rel || !cmd_doctor_same_group(it, &p->items[i]))
			continue;
		name = strrchr(p->items[i].rel, '/') + 1;
		if (col + strlen(name) > 100) {
			printf("\n   ");
			col = 0;
		}
		col += (size_t)printf(" %s", name);
	}
	printf("\n");
}

static void cmd_doctor_items(const struct hostmpi_plan *p, int provided)
{
	size_t i, j, n = 0;

	for (i = 0; i < p->n_items; i++)
		n += provided ? p->items[i].image_path != NULL : p->items[i].rel != NULL;
	if (provided)
		printf("provided by the image (%zu, not bound: the image's copy is loaded):\n", n);
	else
		printf("host files to bring in (%zu):\n", n);
	for (i = 0; i < p->n_items; i++) {
		const struct hostmpi_item *it = &p->items[i];

		if (provided && it->image_path) {
			printf("  %-28s %-8s %-34s image: %s\n", it->name, hostmpi_why_name(it->why), it->detail,
			       it->image_path);
		} else if (!provided && it->rel && (it->why == HOSTMPI_WHY_PLUGIN || it->why == HOSTMPI_WHY_DATA) &&
			   strchr(it->rel, '/')) {
			for (j = 0; j < i; j++)
				if (p->items[j].rel && cmd_doctor_same_group(it, &p->items[j]))
					break;
			if (j == i)
				cmd_doctor_group(p, i);
		} else if (!provided && it->rel) {
			printf("  %-32s %-8s %-34s%s host: %s\n", it->rel, hostmpi_why_name(it->why), it->detail,
			       it->interconnect ? " [interconnect]" : "", it->real_path);
		}
	}
}

/* The launcher a runtime's bind-mode command is shown with: the one asked
 * for, else the family's, else the first one it works with. */
static const struct launcher_desc *cmd_doctor_launcher(const struct runtime_desc *rt, const char *family,
							const char *name)
{
	const struct launcher_desc *l = name && *name ? launcher_find(name) : launcher_default(family);
	char why[256];
	size_t i;

	if (l && compose_check(MODE_bind, l, rt, why, sizeof(why)) == 0)
		return l;
	for (i = 0; (l = launcher_at(i)); i++)
		if ((!l->family || strcmp(l->family, family) == 0) && compose_check(MODE_bind, l, rt, why, sizeof(why)) == 0)
			return l;
	return NULL;
}

/* The bind-mode launch of every runtime (or only), composed by compose
 * itself with the options this host needs: what parity run passes, minus
 * the kernel's arguments and the work directory. */
static void cmd_doctor_flags(const struct hostmpi_plan *p, const char *stage_dir, const char *image,
			     const struct cmd_doctor_opts *o)
{
	struct strvec binds = { 0 }, none = { 0 };
	const struct runtime_desc *rt;
	char program[256];
	size_t i;

	printf("binds:\n  %s:%s\n", stage_dir, HOSTMPI_CONTAINER_DIR);
	for (i = 0; i < p->extra_binds.n; i++)
		printf("  %s\n", p->extra_binds.v[i]);
	printf("environment inside the container:\n");
	for (i = 0; i < p->env.n; i++)
		printf("  %s\n", p->env.v[i]);
	if (strvec_pushf(&binds, "%s:%s", stage_dir, HOSTMPI_CONTAINER_DIR) || strvec_extend(&binds, &p->extra_binds))
		return;
	snprintf(program, sizeof(program), "/opt/parity/%s/bin/parity-bench", p->family);
	printf("bind-mode command of %s (2 ranks; parity run adds the kernel's arguments and its work directory):\n",
	       o->runtime && *o->runtime ? "the runtime" : "every runtime");
	for (i = 0; (rt = runtime_at(i)); i++) {
		struct strvec host_opts = { 0 };
		const struct launcher_desc *l;
		struct compose_cmd cmd;
		struct compose_ctx c = {
			.mode = MODE_bind, .runtime = rt,
			.lreq = { .family = p->family, .ranks = 2, .nodes = 1, .as_root = geteuid() == 0 },
			.image = image ? image : "IMAGE", .program = program, .kernel_argv = &none,
			.binds = &binds, .inner_env = &p->env, .host_opts = &host_opts,
		};
		char label[64];

		if (o->runtime && *o->runtime && strcmp(o->runtime, rt->name) != 0)
			continue;
		snprintf(label, sizeof(label), "%s:", rt->name);
		l = cmd_doctor_launcher(rt, p->family, o->launcher);
		if (!l) {
			printf("%-13s no launcher of %s it works with\n", label, p->family);
			continue;
		}
		c.launcher = l;
		if (runtime_host_options(rt, &host_opts)) {
			printf("%-13s bad PARITY_PODMAN_RUNTIME or PARITY_PODMAN_ULIMITS\n", label);
		} else if (compose_launch(&c, &cmd) == 0) {
			printf("%-13s ", label);
			compose_cmd_print(&cmd, stdout);
			compose_cmd_free(&cmd);
		}
		strvec_free(&host_opts);
	}
	strvec_free(&binds);
}

static void cmd_doctor_print(const struct hostmpi_plan *p, const char *image, const char *cmd_image,
			     const char *stage_dir, const struct cmd_doctor_opts *o)
{
	size_t i;

	printf("host MPI (%s):\n  library:  %s -> %s\n  version:  %s\n  soname:   %s (ABI major %d)\n"
	       "  dev:ino:  %llu:%llu (hard-linked into the stage, this is what a bind run shows inside the container)\n",
	       p->family, p->libmpi_host, p->libmpi_real, p->version ? p->version : "unknown", p->libmpi_soname,
	       p->soname_major, p->libmpi_dev, p->libmpi_ino);
	cmd_doctor_items(p, 0);
	for (i = 0; i < p->links.n; i++) {
		const char *tab = strchr(p->links.v[i], '\t');

		if (tab)
			printf("  %-40.*s link -> %s\n", (int)(tab - p->links.v[i]), p->links.v[i], tab + 1);
	}
	if (image)
		cmd_doctor_items(p, 1);
	printf("C runtime, never bound (the glibc check covers it):");
	for (i = 0; i < p->core_skipped.n; i++)
		printf(" %s", p->core_skipped.v[i]);
	printf("\n");
	if (image) {
		printf("image: %s\n  expects:  %s", image, p->image_family ? p->image_family : "no MPI stated");
		if (p->image_major >= 0)
			printf(" (ABI major %d)", p->image_major);
		if (p->image_version)
			printf(", version %s", p->image_version);
		printf("%s%s%s\n", p->image_source ? " (from its " : "", p->image_source ? p->image_source : "",
		       p->image_source ? ")" : "");
		printf("glibc: host files need up to %s%s%s%s; image libc.so.6 provides up to %s: %s\n",
		       p->glibc_needed ? p->glibc_needed : "no versioned glibc", p->glibc_needed_by ? " (" : "",
		       p->glibc_needed_by ? p->glibc_needed_by : "", p->glibc_needed_by ? ")" : "",
		       p->image_glibc ? p->image_glibc : "unknown",
		       !p->image_glibc || !p->glibc_needed ? "not checked" :
		       strstr(p->verdict_msg, "glibc mismatch") ? "REFUSED" : "ok");
		printf("ABI verdict: %s%s\n", p->verdict == ABI_REFUSE ? "REFUSED: " : p->verdict == ABI_WARN ? "WARNING: " : "",
		       p->verdict_msg);
	} else {
		printf("ABI verdict: not checked (no image files to read: --image PATH)\n");
	}
	cmd_doctor_flags(p, stage_dir, cmd_image, o);
	for (i = 0; i < p->notes.n; i++)
		printf("note: %s\n", p->notes.v[i]);
}

/* Explain the bind model for family (and image); stage into stage when
 * given. The exit code. */
/* Plan (checking inspect, the image's files, when given), print, stage.
 * image names it in messages, cmd_image in the commands. */
static int cmd_doctor_plan(const struct cmd_doctor_opts *o, const char *image, const char *inspect,
			   const char *cmd_image)
{
	const char *family = o->mpi, *stage = o->stage;
	struct hostmpi_plan plan;
	char stage_dir[4096];
	int ret;

	if (inspect) {
		enum image_kind kind;

		ret = image_kind(inspect, &kind);
		if (ret) {
			errors_log("image %s: %s", image, strerror(-ret));
			return PARITY_EXIT_IMAGE;
		}
	}
	ret = hostmpi_plan_build(family, inspect, NULL, &plan);
	/* The image exists: -EINVAL/-EFBIG are its labels; -ENOENT is the host's MPI. */
	if (ret == -EINVAL || ret == -EFBIG)
		return PARITY_EXIT_IMAGE;
	if (ret)
		return ret == -ENOENT ? PARITY_EXIT_RUNTIME : PARITY_EXIT_FAILED;
	snprintf(stage_dir, sizeof(stage_dir), "%s/%s", stage ? stage : hostmpi_default_stage_root(), family);
	cmd_doctor_print(&plan, inspect ? image : NULL, cmd_image, stage_dir, o);
	ret = PARITY_EXIT_OK;
	if (plan.verdict == ABI_REFUSE) {
		errors_log("%s", plan.verdict_msg);
		ret = PARITY_EXIT_ABI;
	} else if (stage) {
		struct hostmpi_bind b;

		if (hostmpi_plan_stage(&plan, stage, &b)) {
			ret = PARITY_EXIT_FAILED;
		} else {
			printf("staged: %s (MPI library %s, dev:ino %llu:%llu)\n", b.stage_dir, b.libmpi_path, b.libmpi_dev,
			       b.libmpi_ino);
			hostmpi_bind_free(&b);
		}
	}
	hostmpi_plan_free(&plan);
	return ret;
}

/* Explain the bind model for the family (and image; a name in the store of
 * --runtime is inspected through a read-only mount); stage when asked. The
 * exit code. */
static int cmd_doctor_run(const struct cmd_doctor_opts *o)
{
	const struct runtime_desc *rt = o->runtime && *o->runtime ? runtime_find(o->runtime) : NULL;
	const char *image = o->bind_image && *o->bind_image ? o->bind_image : o->image;
	const char *const *f;
	char root[4096];
	int ret, known = 0;

	for (f = hostmpi_families; *f; f++)
		known |= strcmp(*f, o->mpi) == 0;
	if (!known) {
		errors_log("unknown MPI family '%s' (expected mpich or openmpi)", o->mpi);
		return PARITY_EXIT_USAGE;
	}
	if (!image || !runtime_image_is_reference(rt, image))
		return cmd_doctor_plan(o, image, image, image);
	if (!rt->image_mount) {
		printf("image %s: a name %s resolves itself: its files cannot be inspected here, the ABI and "
		       "glibc checks are left to the smoke test (--smoke)\n", image, rt->name);
		return cmd_doctor_plan(o, image, NULL, image);
	}
	if (rt->image_mount(image, root, sizeof(root))) {
		errors_log("image %s: no such image in %s's store", image, rt->name);
		return PARITY_EXIT_IMAGE;
	}
	printf("image %s of %s's store, inspected through a read-only mount at %s\n", image, rt->name, root);
	ret = cmd_doctor_plan(o, image, root, image);
	rt->image_unmount(image);
	return ret;
}

int cmd_doctor(int argc, char **argv)
{
	struct cmd_doctor_opts o = { 0 };
	int ret;

	ret = opts_command(&cmd_doctor_spec, &o, argc, argv, NULL);
	if (ret) {
		opts_free(&cmd_doctor_spec, &o);
		return commands_exit_after_opts(ret);
	}
	ret = o.smoke ? doctor_smoke(o.mpi, o.runtime, o.launcher, o.image, o.bind_image, o.timeout_s)
		      : cmd_doctor_run(&o);
	opts_free(&cmd_doctor_spec, &o);
	return ret;
}
