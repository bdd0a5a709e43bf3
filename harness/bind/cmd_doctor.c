/* parity doctor: explain the bind model on this host (and for an image):
 * which host MPI, which files come along and why, what the image has,
 * the ABI and glibc verdicts, and the exact runtime flags. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "abi.h"
#include "core/commands.h"
#include "core/errors.h"
#include "core/opts.h"
#include "exitcodes.h"
#include "hostmpi.h"
#include "image.h"
#include "launch/compose.h"
#include "launch/launcher.h"
#include "launch/runtime.h"

struct cmd_doctor_opts {
	char *mpi, *image, *stage;
};

#define CMD_DOCTOR_OFF(field) offsetof(struct cmd_doctor_opts, field)
static const struct opt cmd_doctor_table[] = {
	{ .name = "mpi", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(mpi), .metavar = "FAMILY", .def = PARITY_MPI_FAMILY,
	  .help = "MPI family: mpich or openmpi (default: the one the kernels are built with)" },
	{ .name = "image", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(image), .metavar = "PATH",
	  .help = "container image to check against (directory, squashfs, sif)" },
	{ .name = "stage", .type = OPT_STR, .offset = CMD_DOCTOR_OFF(stage), .metavar = "DIR",
	  .help = "also stage the files into DIR/FAMILY (default: only show, with the flags naming %s/FAMILY; "
		  "parity run stages into its own private work directory under /tmp)",
	  .help_arg = hostmpi_default_stage_root },
};

static const struct opts_spec cmd_doctor_spec = {
	.command = "doctor",
	.usage = "[--mpi mpich|openmpi] [--image PATH] [--stage DIR]",
	.about = "Explain the bind model: the host MPI library of the family (path, version, device:inode),\n"
		 "the host files a container needs to use it and why, what the image already provides, the\n"
		 "ABI and glibc verdicts, the bind list and environment, and the flags of every runtime.",
	.opts = cmd_doctor_table,
	.nopts = sizeof(cmd_doctor_table) / sizeof(cmd_doctor_table[0]),
	.show_values = true,
	.footer = "exit status: 0 ok (also with a warning), 2 bad option, 3 image missing or unreadable,\n"
		  "4 no host MPI of the family, 5 host and image MPI not ABI-compatible, 1 staging failed.",
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

/* The wrapper of every runtime for a bind run, composed by the runtime itself
 * (what parity run passes, with --join and the work directory left out). */
static void cmd_doctor_flags(const struct hostmpi_plan *p, const char *stage_dir, const char *image)
{
	struct strvec binds = { 0 };
	const struct runtime_desc *rt;
	const struct launcher_desc *l;
	size_t i, j;

	printf("binds:\n  %s:%s\n", stage_dir, HOSTMPI_CONTAINER_DIR);
	for (i = 0; i < p->extra_binds.n; i++)
		printf("  %s\n", p->extra_binds.v[i]);
	printf("environment inside the container:\n");
	for (i = 0; i < p->env.n; i++)
		printf("  %s\n", p->env.v[i]);
	if (strvec_pushf(&binds, "%s:%s", stage_dir, HOSTMPI_CONTAINER_DIR) || strvec_extend(&binds, &p->extra_binds))
		return;
	for (i = 0; (rt = runtime_at(i)); i++) {
		struct runtime_req r = { .image = image ? image : "IMAGE", .binds = &binds, .env = &p->env };
		struct compose_cmd cmd = { { 0 }, { 0 } };
		char label[64];

		/* A launcher plug-in's options follow the launcher's own. */
		for (j = 0; rt->place == RUNTIME_IN_LAUNCHER && (l = launcher_at(j)); j++)
			if ((l->caps & rt->needs_launcher_caps) == rt->needs_launcher_caps) {
				strvec_push(&cmd.argv, l->program);
				strvec_push(&cmd.argv, "...");
				break;
			}
		if (rt->wrap(&r, &cmd.argv, &cmd.env) == 0 && strvec_push(&cmd.argv, "PROGRAM") == 0) {
			snprintf(label, sizeof(label), "%s:", rt->name);
			printf("%-13s ", label);
			compose_cmd_print(&cmd, stdout);
		}
		compose_cmd_free(&cmd);
	}
	strvec_free(&binds);
}

static void cmd_doctor_print(const struct hostmpi_plan *p, const char *image, const char *stage_dir)
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
		printf("ABI verdict: no image given (--image PATH): not checked\n");
	}
	cmd_doctor_flags(p, stage_dir, image);
	for (i = 0; i < p->notes.n; i++)
		printf("note: %s\n", p->notes.v[i]);
}

/* Explain the bind model for family (and image); stage into stage when
 * given. The exit code. */
static int cmd_doctor_run(const char *family, const char *image, const char *stage)
{
	const char *const *f;
	struct hostmpi_plan plan;
	char stage_dir[4096];
	int ret, known = 0;

	for (f = hostmpi_families; *f; f++)
		known |= strcmp(*f, family) == 0;
	if (!known) {
		errors_log("unknown MPI family '%s' (expected mpich or openmpi)", family);
		return PARITY_EXIT_USAGE;
	}
	if (image) {
		enum image_kind kind;

		ret = image_kind(image, &kind);
		if (ret) {
			errors_log("image %s: %s", image, strerror(-ret));
			return PARITY_EXIT_IMAGE;
		}
	}
	ret = hostmpi_plan_build(family, image, &plan);
	/* The image exists: -EINVAL/-EFBIG are its labels; -ENOENT is the host's MPI. */
	if (ret == -EINVAL || ret == -EFBIG)
		return PARITY_EXIT_IMAGE;
	if (ret)
		return ret == -ENOENT ? PARITY_EXIT_RUNTIME : PARITY_EXIT_FAILED;
	snprintf(stage_dir, sizeof(stage_dir), "%s/%s", stage ? stage : hostmpi_default_stage_root(), family);
	cmd_doctor_print(&plan, image, stage_dir);
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

int cmd_doctor(int argc, char **argv)
{
	struct cmd_doctor_opts o = { 0 };
	int ret;

	ret = opts_command(&cmd_doctor_spec, &o, argc, argv, NULL);
	if (ret) {
		opts_free(&cmd_doctor_spec, &o);
		return commands_exit_after_opts(ret);
	}
	ret = cmd_doctor_run(o.mpi, o.image, o.stage);
	opts_free(&cmd_doctor_spec, &o);
	return ret;
}
