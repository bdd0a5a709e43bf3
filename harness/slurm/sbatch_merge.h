/* sbatch_merge: gather the task files of a Slurm campaign into one runs.csv.
 *
 *   TASKS/ID/CAMPAIGN.tID/runs.csv   rows of task ID's current attempt (parity run)
 *   TASKS/ID/status                  what `parity task` concluded (key = value)
 *   TASKS/ID/slurm-JOB_ID.out        Slurm's output of each attempt
 *
 * The merged file is rebuilt from the task files every time (temp file +
 * rename), so merging is idempotent and a resubmitted task, whose new
 * attempt replaced the files of the failed one, replaces its rows. Rows are
 * rewritten to belong to the campaign: campaign = CAMPAIGN, run_id =
 * tID-RUN_ID, repetition counted from the task's block, log_file relative to
 * the campaign folder. Functions return 0 or a negative errno code. */
#ifndef PARITY_SBATCH_MERGE_H
#define PARITY_SBATCH_MERGE_H

#include <stddef.h>
#include <stdio.h>

#include "sbatch_tasks.h"

enum sbatch_merge_state {
	SBATCH_MERGE_OK,
	SBATCH_MERGE_FAILED,     /* ran, and something was not ok */
	SBATCH_MERGE_MISSING,    /* no result: never ran, still running, or killed */
};

struct sbatch_merge_task {
	unsigned id;
	enum sbatch_merge_state state;
	size_t rows;
	char reason[512];
};

struct sbatch_merge_result {
	struct sbatch_merge_task *tasks;   /* in table order */
	size_t n;
	size_t rows;
	unsigned ok, failed, missing;
};

/* Merge the tasks of t found under tasks_dir into runs_csv. -EPROTO (logged
 * with the file) when a task file holds rows of another campaign or schema,
 * or runs_csv already holds rows of another campaign: nothing is written. */
int sbatch_merge_run(const char *tasks_dir, const struct sbatch_tasks *t, const char *runs_csv,
		     struct sbatch_merge_result *res);
void sbatch_merge_result_free(struct sbatch_merge_result *res);

/* Print the summary, one line per task that is not ok, and the commands that
 * resubmit exactly those tasks (one sbatch per array script, then the merge
 * script with a dependency on them). */
void sbatch_merge_print(FILE *fp, const struct sbatch_tasks *t, const struct sbatch_merge_result *res,
			const char *runs_csv);
/* The resubmission as a shell script (for TASKS/resubmit.sh); "" when every
 * task is ok. Caller frees. */
char *sbatch_merge_resubmit_script(const struct sbatch_tasks *t, const struct sbatch_merge_result *res);

/* Read a task's status file: its exit code and reason. -ENOENT if absent. */
int sbatch_merge_read_status(const char *path, int *exit_code, char *reason, size_t len);

#endif
