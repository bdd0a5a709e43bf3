/* cmd_sbatch: `parity sbatch PLAN`, a campaign as Slurm job arrays.
 *
 * Everything that can refuse the request is checked before anything is
 * written or submitted, each with one line and its own exit code. Then it
 * writes RESULTS/CAMPAIGN/tasks/ (the task table, one folder and plan.conf
 * per task), one array script per placement and merge.sh, and with --submit
 * submits the arrays and the merge job (afterany on all arrays). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/commands.h"
#include "core/errors.h"
#include "core/fmt.h"
#include "core/opts.h"
#include "core/proc.h"
#include "core/strvec.h"
#include "exitcodes.h"
#include "parse.h"
#include "run/plan.h"
#include "run/record.h"
#include "sbatch_script.h"
#include "sbatch_tasks.h"
#include "slurm.h"


struct cmd_sbatch_opts {
	const char *plan_path;       /* the positional PLAN */
	bool submit;
	char *partition, *account, *time_limit, *output_dir, *placements, *srun_mpi;
	uint64_t throttle, repetition_block;
	struct strvec extra;         /* --sbatch-arg */
	struct strvec kernel_sets;   /* --kernel-set */
};

#define CMD_SBATCH_OFF(field) offsetof(struct cmd_sbatch_opts, field)
static const struct opt cmd_sbatch_table[] = {
	{ .name = "submit", .type = OPT_FLAG, .offset = CMD_SBATCH_OFF(submit),
	  .help = "submit with sbatch --parsable (default: only write the scripts)" },
	{ .name = "partition", .type = OPT_STR, .offset = CMD_SBATCH_OFF(partition), .metavar = "P",
	  .help = "#SBATCH --partition (default: the cluster's default partition)" },
	{ .name = "account", .type = OPT_STR, .offset = CMD_SBATCH_OFF(account), .metavar = "A",
	  .help = "#SBATCH --account" },
	{ .name = "time", .type = OPT_STR, .offset = CMD_SBATCH_OFF(time_limit), .metavar = "T",
	  .help = "#SBATCH --time, per array task and for the merge job" },
	{ .name = "array-throttle", .type = OPT_U64, .offset = CMD_SBATCH_OFF(throttle), .metavar = "N",
	  .lo = 1, .hi = 1000000, .help = "at most N array tasks of one array at a time (--array=...%N)" },
	{ .name = "sbatch-arg", .type = OPT_STRS, .offset = CMD_SBATCH_OFF(extra), .metavar = "ARG",
	  .help = "one more #SBATCH option (repeatable), e.g. --sbatch-arg=--qos=long" },
	{ .name = "output-dir", .type = OPT_STR, .offset = CMD_SBATCH_OFF(output_dir), .metavar = "DIR",
	  .help = "where the scripts go (default: RESULTS/CAMPAIGN)" },
	{ .name = "placements", .type = OPT_STR, .offset = CMD_SBATCH_OFF(placements), .metavar = "LIST",
	  .help = "intra (-N1 -n2), inter (-N2 --ntasks-per-node=1), coll:K or coll:KxR (K nodes, R ranks "
		  "each, collective kernels only), or the plan's own placement label (default: the plan's "
		  "placement)" },
	{ .name = "kernel-set", .type = OPT_STRS, .offset = CMD_SBATCH_OFF(kernel_sets), .metavar = "LIST",
	  .help = "kernels one task runs (repeatable; default: the plan's kernels)" },
	{ .name = "repetition-block", .type = OPT_U64, .offset = CMD_SBATCH_OFF(repetition_block),
	  .metavar = "N", .lo = 1, .hi = 100000, .help = "repetitions per task (default: all of the plan's)" },
	{ .name = "srun-mpi", .type = OPT_STR, .offset = CMD_SBATCH_OFF(srun_mpi), .metavar = "PLUGIN",
	  .help = "srun --mpi plug-in (default: the plan's srun-mpi, else pmi2 for MPICH and pmix for Open MPI)" },
};

static const struct opts_spec cmd_sbatch_spec = {
	.command = "sbatch",
	.usage = "PLAN [OPTIONS]",
	.about = "Turn the plan file of `parity run` into Slurm job arrays: one array task per point\n"
		 "(mode, kernel set, placement, repetition block), each running `parity run` for exactly\n"
		 "its point with launcher=srun and writing only RESULTS/CAMPAIGN/tasks/ID/; one array\n"
		 "script per placement, whose #SBATCH lines request that placement; and a merge job\n"
		 "(afterany on every array) that runs `parity merge`: runs.csv, the list of missing or\n"
		 "failed tasks with the command resubmitting them, then compare, plot and report.",
	.opts = cmd_sbatch_table,
	.nopts = sizeof(cmd_sbatch_table) / sizeof(cmd_sbatch_table[0]),
	.max_positional = 1,
	.footer = "exit status: 0 written (and submitted); 2 usage or bad plan; 3 image missing; 6 results\n"
		  "not writable or campaign exists; 7 more nodes than the partition has; 8 sbatch/sinfo\n"
		  "missing or failing; 9 unknown partition.",
};

/* Values that end up in #SBATCH lines must be single plain words. */
static int cmd_sbatch_check_words(const struct cmd_sbatch_opts *o)
{
	const char *named[][2] = { { "--partition", o->partition }, { "--account", o->account },
				   { "--time", o->time_limit } };
	size_t i;

	for (i = 0; i < 3; i++)
		if (named[i][1] && !sbatch_script_word_ok(named[i][1])) {
			errors_log("%s '%s': one word without blanks, quotes, '#', '$' or '\\'", named[i][0],
				   named[i][1]);
			return PARITY_EXIT_USAGE;
		}
	for (i = 0; i < o->extra.n; i++)
		if (!sbatch_script_word_ok(o->extra.v[i]) || o->extra.v[i][0] != '-') {
			errors_log("--sbatch-arg '%s': one option word starting with '-' (e.g. --qos=long), without "
				   "blanks, quotes, '#', '$' or '\\'", o->extra.v[i]);
			return PARITY_EXIT_USAGE;
		}
	if (o->srun_mpi && strcmp(o->srun_mpi, "pmi2") != 0 && strcmp(o->srun_mpi, "pmix") != 0 &&
	    strcmp(o->srun_mpi, "pmi") != 0 && strcmp(o->srun_mpi, "none") != 0) {
		errors_log("--srun-mpi '%s': pmi2, pmix, pmi or none", o->srun_mpi);
		return PARITY_EXIT_USAGE;
	}
	return 0;
}

/* An absolute version of path (which need not exist yet). */
static char *cmd_sbatch_absolute(const char *path)
{
	char cwd[PATH_MAX], *out = NULL;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)) || asprintf(&out, "%s/%s", cwd, path) < 0)
		return NULL;
	return out;
}

static int cmd_sbatch_check_images(const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nmodes; i++) {
		const char *img = mode_is_native(p->modes[i]) ? NULL
				  : p->modes[i] == MODE_bind ? p->bind_image : p->image;
		struct stat st;

		if (img && (!img[0] || stat(img, &st) != 0)) {
			errors_log("image for %s mode '%s': %s (build the test images with `make images`, or set "
				   "image / bind-image in the plan)", mode_name(p->modes[i]), img,
				   img[0] ? strerror(errno) : "empty path");
			return PARITY_EXIT_IMAGE;
		}
	}
	return 0;
}

/* Ask a Slurm client command: its output into res->out, the last line of
 * its errors into res->err_last. */
static int cmd_sbatch_ask(char *const *argv, struct proc_result *res)
{
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_LAST_LINE, .capture_max = 65536 };

	return proc_run(&req, res);
}

/* The partition must exist and have the nodes the largest placement needs. */
static int cmd_sbatch_check_partition(const struct cmd_sbatch_opts *o, const struct sbatch_tasks *t)
{
	char *argv[] = { "sinfo", "-h", "-o", "%P %D", NULL };
	char name[256];
	unsigned long nodes = 0, need = sbatch_tasks_max_nodes(t);
	struct proc_result res;
	int ret;

	if (!proc_have("sinfo")) {
		if (!o->submit) {
			printf("note: sinfo not found: partition and node count not checked\n");
			return 0;
		}
		errors_log("sinfo not found in PATH: is this a Slurm login node? (needed to check the partition)");
		return PARITY_EXIT_TOOL;
	}
	ret = cmd_sbatch_ask(argv, &res);
	if (ret || proc_status(&res) != 0) {
		errors_log("sinfo failed (exit %d): %s", ret ? 127 : proc_status(&res),
			   !ret && res.err_last[0] ? res.err_last : strerror(ret ? -ret : EIO));
		proc_result_free(&res);
		return PARITY_EXIT_TOOL;
	}
	ret = slurm_parse_partition_nodes(res.out ? res.out : "", o->partition, &nodes, name, sizeof(name));
	proc_result_free(&res);
	if (ret) {
		if (o->partition)
			errors_log("unknown partition '%s' (sinfo lists no such partition)", o->partition);
		else
			errors_log("the cluster has no default partition: give --partition");
		return PARITY_EXIT_SCHEDULER;
	}
	if (need > nodes) {
		size_t i = 0;

		while (i + 1 < t->nplacements && t->placements[i].nodes != need)
			i++;
		errors_log("placement %s needs %lu nodes, partition %s has %lu", t->placements[i].label, need, name,
			   nodes);
		return PARITY_EXIT_RESOURCES;
	}
	return 0;
}

/* A campaign folder that tasks can write, and that holds no campaign yet. */
static int cmd_sbatch_check_results(const struct plan *p, const char *campaign_dir, const char *scripts_dir)
{
	const char *what = NULL;
	char path[PATH_MAX];
	int ret = record_check_writable(p->results, p->campaign, &what);

	if (ret) {
		errors_log("results directory %s is not writable, so the tasks could not write there: %s",
			   what ? what : p->results, strerror(-ret));
		return PARITY_EXIT_RESULTS;
	}
	fmt_buf(path, sizeof(path), "%s/tasks/tasks.csv", campaign_dir);
	if (access(path, F_OK) == 0) {
		errors_log("campaign %s was already generated (%s): resubmit its failed tasks with the command "
			   "`parity merge %s/tasks` prints, or choose another campaign", p->campaign, path,
			   campaign_dir);
		return PARITY_EXIT_RESULTS;
	}
	fmt_buf(path, sizeof(path), "%s/runs.csv", campaign_dir);
	if (access(path, F_OK) == 0) {
		errors_log("campaign %s already has results (%s): choose another campaign", p->campaign, path);
		return PARITY_EXIT_RESULTS;
	}
	if (strcmp(scripts_dir, campaign_dir) != 0 && access(scripts_dir, F_OK) == 0 &&
	    access(scripts_dir, W_OK | X_OK) != 0) {
		errors_log("--output-dir %s is not writable: %s", scripts_dir, strerror(errno));
		return PARITY_EXIT_RESULTS;
	}
	if (!sbatch_script_word_ok(campaign_dir) || !sbatch_script_word_ok(scripts_dir)) {
		errors_log("%s: a results or output path with blanks or quotes cannot go into #SBATCH lines",
			   sbatch_script_word_ok(campaign_dir) ? scripts_dir : campaign_dir);
		return PARITY_EXIT_USAGE;
	}
	return 0;
}

static int cmd_sbatch_mkdirs(const char *path)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", path);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* TASKS/ID/plan.conf: the plan file with the task's point applied. */
static int cmd_sbatch_write_task_plan(const struct cmd_sbatch_opts *o, const struct sbatch_tasks *t,
				  const struct sbatch_task *task, const char *tasks_dir)
{
	const struct sbatch_placement *pl = &t->placements[task->placement];
	char lines[16][PATH_MAX + 64], path[PATH_MAX], task_campaign[256];
	struct plan p;
	size_t i, n = 0;
	FILE *fp;
	int ret;

	sbatch_tasks_task_campaign(t->campaign, task->id, task_campaign, sizeof(task_campaign));
	snprintf(lines[n++], sizeof(lines[0]), "campaign = %s", task_campaign);
	snprintf(lines[n++], sizeof(lines[0]), "results = \"%s/%u\"", tasks_dir, task->id);
	snprintf(lines[n++], sizeof(lines[0]), "modes = %s", mode_name(task->mode));
	snprintf(lines[n++], sizeof(lines[0]), "kernels = %s", task->kernels);
	snprintf(lines[n++], sizeof(lines[0]), "placement = %s", pl->label);
	snprintf(lines[n++], sizeof(lines[0]), "nodes = %lu", pl->nodes);
	snprintf(lines[n++], sizeof(lines[0]), "ranks = %lu", pl->ranks);
	snprintf(lines[n++], sizeof(lines[0]), "ranks-per-node = %lu", pl->ranks_per_node);
	snprintf(lines[n++], sizeof(lines[0]), "repetitions = %u", task->rep_last - task->rep_first + 1);
	snprintf(lines[n++], sizeof(lines[0]), "launcher = srun");
	if (o->srun_mpi)
		snprintf(lines[n++], sizeof(lines[0]), "srun-mpi = %s", o->srun_mpi);
	if (plan_init(&p, PARITY_MPI_FAMILY))
		return -ENOMEM;
	ret = plan_load_file(&p, o->plan_path);
	for (i = 0; !ret && i < n; i++)
		ret = plan_apply_line(&p, lines[i], "parity sbatch", (unsigned)i + 1);
	fmt_buf(path, sizeof(path), "%s/%u/plan.conf", tasks_dir, task->id);
	if (!ret && !(fp = fopen(path, "w")))
		ret = -errno;
	else if (!ret) {
		fprintf(fp, "# Task %u of campaign %s (written by parity sbatch from %s): %s, %s, %s, "
			    "repetitions %u-%u of the campaign.\n", task->id, t->campaign, o->plan_path,
			mode_name(task->mode), pl->label, task->kernels, task->rep_first, task->rep_last);
		ret = plan_write(&p, fp);
		if (fclose(fp) != 0 && !ret)
			ret = -EIO;
	}
	plan_free(&p);
	return ret;
}

static int cmd_sbatch_write_script(const char *path, const struct sbatch_tasks *t, long pl,
			       const struct sbatch_script_opts *so)
{
	FILE *fp = fopen(path, "w");
	int ret;

	if (!fp)
		return -errno;
	ret = pl < 0 ? sbatch_script_write_merge(fp, t, so) : sbatch_script_write_array(fp, t, (size_t)pl, so);
	if (fclose(fp) != 0 && !ret)
		ret = -EIO;
	if (!ret && chmod(path, 0755) != 0)
		ret = -errno;
	return ret;
}

/* Write the task folders, the table and the scripts. */
static int cmd_sbatch_write_all(const struct cmd_sbatch_opts *o, const struct sbatch_tasks *t, const char *tasks_dir,
			    const struct sbatch_script_opts *so)
{
	char path[PATH_MAX];
	size_t i;
	int ret = cmd_sbatch_mkdirs(tasks_dir);

	if (!ret)
		ret = cmd_sbatch_mkdirs(t->scripts_dir);
	for (i = 0; !ret && i < t->n; i++) {
		fmt_buf(path, sizeof(path), "%s/%u", tasks_dir, t->tasks[i].id);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			ret = -errno;
		if (!ret)
			ret = cmd_sbatch_write_task_plan(o, t, &t->tasks[i], tasks_dir);
	}
	for (i = 0; !ret && i < t->nplacements; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->scripts_dir, t->placements[i].script_name);
		ret = cmd_sbatch_write_script(path, t, (long)i, so);
	}
	if (!ret) {
		snprintf(path, sizeof(path), "%s/merge.sh", t->scripts_dir);
		ret = cmd_sbatch_write_script(path, t, -1, so);
	}
	if (!ret) {
		fmt_buf(path, sizeof(path), "%s/tasks.csv", tasks_dir);
		ret = sbatch_tasks_write(t, path);
	}
	return ret;
}

/* sbatch --parsable [dependency] SCRIPT: the job id into id. */
static int cmd_sbatch_submit_one(const char *script, const char *dependency, char *id, size_t len)
{
	char dep[8192];
	char *argv[] = { "sbatch", "--parsable", dep, (char *)script, NULL };
	struct proc_result res;
	int ret;

	if (dependency)
		snprintf(dep, sizeof(dep), "--dependency=afterany:%s", dependency);
	else
		argv[2] = (char *)script, argv[3] = NULL;
	ret = cmd_sbatch_ask(argv, &res);
	if (ret || proc_status(&res) != 0 || slurm_parse_job_id(res.out ? res.out : "", id, len)) {
		errors_log("sbatch %s failed (exit %d): %s", script, ret ? 127 : proc_status(&res),
			   ret ? strerror(-ret) : res.err_last[0] ? res.err_last : "no job id in its output");
		ret = -EIO;
	}
	proc_result_free(&res);
	return ret;
}

static void cmd_sbatch_cancel(const struct strvec *ids)
{
	struct strvec argv = { 0 };
	struct proc_result res;

	if (ids->n && strvec_push(&argv, "scancel") == 0 && strvec_extend(&argv, ids) == 0 &&
	    cmd_sbatch_ask(argv.v, &res) == 0)
		proc_result_free(&res);
	strvec_free(&argv);
}

static int cmd_sbatch_submit(const struct sbatch_tasks *t, const char *campaign_dir)
{
	char path[PATH_MAX], id[64], deps[8192] = "", merge_id[64];
	struct strvec ids = { 0 };
	size_t i;
	FILE *fp;

	for (i = 0; i < t->nplacements; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->scripts_dir, t->placements[i].script_name);
		if (cmd_sbatch_submit_one(path, NULL, id, sizeof(id)) || strvec_push(&ids, id)) {
			cmd_sbatch_cancel(&ids);
			strvec_free(&ids);
			return PARITY_EXIT_TOOL;
		}
		printf("submitted array %s: %s\n", id, path);
		snprintf(deps + strlen(deps), sizeof(deps) - strlen(deps), "%s%s", i ? ":" : "", id);
	}
	snprintf(path, sizeof(path), "%s/merge.sh", t->scripts_dir);
	if (cmd_sbatch_submit_one(path, deps, merge_id, sizeof(merge_id))) {
		cmd_sbatch_cancel(&ids);
		strvec_free(&ids);
		return PARITY_EXIT_TOOL;
	}
	printf("submitted merge job %s (after %s): %s\n", merge_id, deps, path);
	fmt_buf(path, sizeof(path), "%s/tasks/submitted.txt", campaign_dir);
	if ((fp = fopen(path, "a"))) {
		fprintf(fp, "arrays = %s\nmerge = %s\n", deps, merge_id);
		fclose(fp);
	}
	strvec_free(&ids);
	return 0;
}

/* Validate everything, then write (and submit). */
static int cmd_sbatch_main(struct cmd_sbatch_opts *o, struct plan *p)
{
	struct sbatch_tasks t = { 0 };
	struct sbatch_tasks_spec spec = { .placements = o->placements,
					  .repetition_block = (unsigned long)o->repetition_block,
					  .kernel_sets = o->kernel_sets.n ? (const char *const *)o->kernel_sets.v : NULL };
	struct sbatch_script_opts so = { .partition = o->partition, .account = o->account,
					 .time_limit = o->time_limit, .throttle = (unsigned long)o->throttle,
					 .extra = &o->extra };
	char err[512] = "", tasks_dir[PATH_MAX], campaign_dir[PATH_MAX], parity[PATH_MAX], cwd[PATH_MAX];
	char *results = NULL, *scripts = NULL;
	ssize_t n;
	int rc, ret;
	size_t i;

	if ((rc = cmd_sbatch_check_words(o)))
		return rc;
	ret = sbatch_tasks_build(p, &spec, &t, err, sizeof(err));
	if (ret) {
		if (ret == -EINVAL)
			errors_log("%s", err);
		sbatch_tasks_free(&t);
		return ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_FAILED;
	}
	if (!(results = cmd_sbatch_absolute(p->results)) || !getcwd(cwd, sizeof(cwd)) ||
	    (n = readlink("/proc/self/exe", parity, sizeof(parity) - 1)) < 0) {
		errors_log("cannot resolve paths: %s", strerror(errno));
		rc = PARITY_EXIT_FAILED;
		goto out;
	}
	parity[n] = '\0';
	snprintf(campaign_dir, sizeof(campaign_dir), "%s/%s", results, p->campaign);
	fmt_buf(tasks_dir, sizeof(tasks_dir), "%s/tasks", campaign_dir);
	scripts = o->output_dir ? cmd_sbatch_absolute(o->output_dir) : strdup(campaign_dir);
	if (!scripts || sbatch_tasks_set_scripts_dir(&t, scripts)) {
		rc = PARITY_EXIT_FAILED;
		goto out;
	}
	so.parity = parity;
	so.workdir = cwd;
	so.tasks_dir = tasks_dir;
	if (!sbatch_script_word_ok(cwd) || !sbatch_script_word_ok(parity)) {
		errors_log("%s: a path with blanks or quotes cannot go into #SBATCH lines",
			   sbatch_script_word_ok(cwd) ? parity : cwd);
		rc = PARITY_EXIT_USAGE;
		goto out;
	}
	if ((rc = cmd_sbatch_check_images(p)) || (rc = cmd_sbatch_check_results(p, campaign_dir, scripts)))
		goto out;
	if (o->submit && !proc_have("sbatch")) {
		errors_log("sbatch not found in PATH: submit from a Slurm login node, or drop --submit to only "
			   "write the scripts");
		rc = PARITY_EXIT_TOOL;
		goto out;
	}
	if ((rc = cmd_sbatch_check_partition(o, &t)))
		goto out;
	ret = cmd_sbatch_write_all(o, &t, tasks_dir, &so);
	if (ret) {
		errors_log("cannot write the campaign into %s: %s", campaign_dir, strerror(-ret));
		rc = PARITY_EXIT_RESULTS;
		goto out;
	}
	printf("campaign %s: %zu array tasks (%zu placement%s), task table %s/tasks.csv\n", t.campaign, t.n,
	       t.nplacements, t.nplacements == 1 ? "" : "s", tasks_dir);
	for (i = 0; i < t.nplacements; i++) {
		char ids[4096];

		sbatch_script_array_ids(&t, i, ids, sizeof(ids));
		printf("  %s/%s: placement %s, tasks %s\n", scripts, t.placements[i].script_name,
		       t.placements[i].label, ids);
	}
	printf("  %s/merge.sh: parity merge %s\n", scripts, tasks_dir);
	if (o->submit)
		rc = cmd_sbatch_submit(&t, campaign_dir);
	else
		printf("submit with: parity sbatch --submit ..., or sbatch each array script, then\n"
		       "  sbatch --dependency=afterany:ARRAY_IDS %s/merge.sh\n", scripts);
out:
	free(results);
	free(scripts);
	sbatch_tasks_free(&t);
	return rc;
}

int cmd_sbatch(int argc, char **argv)
{
	struct cmd_sbatch_opts o = { 0 };
	struct strvec positional = { 0 };
	struct plan p;
	int rc, ret;

	ret = opts_command(&cmd_sbatch_spec, &o, argc, argv, &positional);
	if (ret) {
		rc = commands_exit_after_opts(ret);
	} else if (!positional.n) {
		errors_log("which plan? give the plan file of parity run (see parity sbatch --help)");
		rc = PARITY_EXIT_USAGE;
	} else if (access((o.plan_path = positional.v[0]), R_OK) != 0) {
		errors_log("cannot read plan file %s: %s", o.plan_path, strerror(errno));
		rc = PARITY_EXIT_USAGE;
	} else if (plan_init(&p, PARITY_MPI_FAMILY)) {
		plan_free(&p);
		rc = PARITY_EXIT_FAILED;
	} else {
		rc = plan_load_file(&p, o.plan_path) ? PARITY_EXIT_USAGE : cmd_sbatch_main(&o, &p);
		plan_free(&p);
	}
	opts_free(&cmd_sbatch_spec, &o);
	strvec_free(&positional);
	return rc;
}
