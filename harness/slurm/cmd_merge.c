/* cmd_merge: `parity merge TASKS_DIR`, the last job of a `parity sbatch`
 * campaign: merge the task files into the campaign's runs.csv, list every
 * missing or failed task with the command that resubmits exactly those,
 * then run compare, plot and report (those of the subcommand list). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/commands.h"
#include "core/errors.h"
#include "core/fmt.h"
#include "core/lock.h"
#include "core/opts.h"
#include "exitcodes.h"
#include "sbatch_merge.h"


struct cmd_merge_entry {
	const char *name;
	int (*fn)(int argc, char **argv);
};

#define MERGE_ENTRY(n, s) { #n, cmd_##n },
static const struct cmd_merge_entry cmd_merge_commands[] = { PARITY_COMMAND_LIST(MERGE_ENTRY) };
#undef MERGE_ENTRY

/* Run subcommand name with --results and --campaign; -1 when parity has no
 * such subcommand. */
static int cmd_merge_call(const char *name, const char *results, const char *campaign)
{
	char results_arg[PATH_MAX + 16], campaign_arg[512];
	char *argv[] = { (char *)name, results_arg, campaign_arg, NULL };
	size_t i;
	int code;

	for (i = 0; i < sizeof(cmd_merge_commands) / sizeof(cmd_merge_commands[0]); i++) {
		if (strcmp(cmd_merge_commands[i].name, name) != 0)
			continue;
		snprintf(results_arg, sizeof(results_arg), "--results=%s", results);
		snprintf(campaign_arg, sizeof(campaign_arg), "--campaign=%s", campaign);
		printf("\n== parity %s %s %s\n", name, results_arg, campaign_arg);
		fflush(stdout);
		errors_set_command(name);
		code = cmd_merge_commands[i].fn(3, argv);
		errors_set_command("merge");
		fflush(stdout);
		fflush(stderr);
		printf("== parity %s: exit %d\n", name, code);
		return code;
	}
	return -1;
}

/* Keep SCRIPTS/resubmit.sh in step with what is left to do. */
static void cmd_merge_write_resubmit(const struct sbatch_tasks *t, const struct sbatch_merge_result *res)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	char *text = sbatch_merge_resubmit_script(t, res);
	FILE *fp;

	snprintf(path, sizeof(path), "%s/resubmit.sh", t->scripts_dir);
	if (!text || !text[0]) {
		unlink(path);
		free(text);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fp = fopen(tmp, "w");
	if (!fp || fputs(text, fp) == EOF || fclose(fp) != 0 || chmod(tmp, 0755) != 0 || rename(tmp, path) != 0) {
		errors_log("cannot write %s", path);
		unlink(tmp);
	}
	free(text);
}

struct cmd_merge_opts {
	bool analysis;
};

static const struct opt cmd_merge_table[] = {
	{ .name = "analysis", .type = OPT_BOOL, .offset = offsetof(struct cmd_merge_opts, analysis), .def = "yes",
	  .help = "then run compare, plot and report" },
};

static const struct opts_spec cmd_merge_spec = {
	.command = "merge",
	.usage = "[--no-analysis] TASKS_DIR",
	.about = "Merge the array tasks of a campaign made by `parity sbatch` (TASKS_DIR is\n"
		 "RESULTS/CAMPAIGN/tasks) into RESULTS/CAMPAIGN/runs.csv, rebuilt from the task files\n"
		 "each time (safe to rerun; a resubmitted task replaces its failed predecessor), list\n"
		 "every missing or failed task with the exact sbatch command that resubmits only those\n"
		 "(also written to the scripts' folder as resubmit.sh), then run compare, plot and\n"
		 "report unless --no-analysis.",
	.opts = cmd_merge_table,
	.nopts = sizeof(cmd_merge_table) / sizeof(cmd_merge_table[0]),
	.max_positional = 1,
	.show_values = true,
	.footer = "exit status: 0 every task ok and the analysis passed; 1 a task missing or failed, or a\n"
		  "verdict failed; 2 usage; 6 bad or foreign task files (nothing written); 12 another parity is\n"
		  "writing the campaign.",
};

/* Merge the tasks in tasks_dir (and analyze). The exit code. */
static int cmd_merge_tasks(const char *tasks_dir, bool analysis)
{
	struct sbatch_tasks t;
	struct sbatch_merge_result res;
	struct lock lock = LOCK_INIT;
	char table[PATH_MAX], dir[PATH_MAX], tasks_abs[PATH_MAX], runs[PATH_MAX + 16], *slash;
	int i, ret, code = PARITY_EXIT_OK, c;
	static const char *const steps[] = { "compare", "plot", "report" };

	if (!realpath(tasks_dir, dir)) {
		errors_log("%s: %s", tasks_dir, strerror(errno));
		return PARITY_EXIT_RESULTS;
	}
	snprintf(tasks_abs, sizeof(tasks_abs), "%s", dir);
	fmt_buf(table, sizeof(table), "%s/tasks.csv", dir);
	if (sbatch_tasks_read(table, &t))
		return PARITY_EXIT_RESULTS;
	/* DIR is RESULTS/CAMPAIGN/tasks: the campaign folder is its parent. */
	slash = strrchr(dir, '/');
	*slash = '\0';
	slash = strrchr(dir, '/');
	if (!slash || strcmp(slash + 1, t.campaign) != 0) {
		errors_log("%s holds tasks of campaign %s but is not in a folder named so", table, t.campaign);
		sbatch_tasks_free(&t);
		return PARITY_EXIT_RESULTS;
	}
	/* merge is the one writer of the merged runs.csv (tasks write their own). */
	ret = lock_take_writer(dir, &lock);
	if (ret) {
		sbatch_tasks_free(&t);
		return ret == -EBUSY ? PARITY_EXIT_LOCKED : PARITY_EXIT_RESULTS;
	}
	snprintf(runs, sizeof(runs), "%s/runs.csv", dir);
	ret = sbatch_merge_run(tasks_abs, &t, runs, &res);
	if (ret) {
		if (ret != -EPROTO && ret != -EBADMSG)
			errors_log("cannot merge into %s: %s", runs, strerror(-ret));
		sbatch_merge_result_free(&res);
		sbatch_tasks_free(&t);
		lock_release(&lock);
		return PARITY_EXIT_RESULTS;
	}
	sbatch_merge_print(stdout, &t, &res, runs);
	cmd_merge_write_resubmit(&t, &res);
	if (res.ok != res.n)
		code = PARITY_EXIT_FAILED;
	*slash = '\0';
	for (i = 0; analysis && res.rows && i < 3; i++) {
		c = cmd_merge_call(steps[i], dir[0] ? dir : "/", t.campaign);
		if (c > 0 && code == PARITY_EXIT_OK)
			code = c;
	}
	fflush(stdout);
	sbatch_merge_result_free(&res);
	sbatch_tasks_free(&t);
	lock_release(&lock);
	return code;
}

int cmd_merge(int argc, char **argv)
{
	struct cmd_merge_opts o = { 0 };
	struct strvec positional = { 0 };
	int ret, rc;

	ret = opts_command(&cmd_merge_spec, &o, argc, argv, &positional);
	if (ret) {
		rc = commands_exit_after_opts(ret);
	} else if (!positional.n) {
		errors_log("which campaign? give its tasks folder, RESULTS/CAMPAIGN/tasks");
		rc = PARITY_EXIT_USAGE;
	} else {
		rc = cmd_merge_tasks(positional.v[0], o.analysis);
	}
	strvec_free(&positional);
	return rc;
}
