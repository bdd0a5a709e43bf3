/* sbatch_script: the batch scripts of a Slurm campaign.
 *
 * One array script per placement (its #SBATCH lines request exactly that
 * placement's nodes and tasks; its array holds the global ids of that
 * placement's tasks), and one merge script that the campaign submits with
 * --dependency=afterany on every array. A task finds its point in the task
 * table by $SLURM_ARRAY_TASK_ID, so resubmitting some tasks is
 * `sbatch --array=3,7 SCRIPT`. Everything is an absolute path, and every
 * value is checked to fit in an #SBATCH line. Functions return 0 or a
 * negative errno code. */
#ifndef PARITY_SBATCH_SCRIPT_H
#define PARITY_SBATCH_SCRIPT_H

#include <stdio.h>

#include "core/strvec.h"
#include "sbatch_tasks.h"

struct sbatch_script_opts {
	const char *parity;          /* absolute path of the parity binary */
	const char *workdir;         /* --chdir: relative plan paths resolve here */
	const char *tasks_dir;       /* RESULTS/CAMPAIGN/tasks, absolute */
	const char *partition;       /* NULL: the cluster's default */
	const char *account;
	const char *time_limit;
	unsigned long throttle;      /* %N; 0 = none */
	const struct strvec *extra;  /* more #SBATCH options, one word each */
};

/* Is s usable in an #SBATCH line (non-empty, no blank, quote, '#' or
 * control character)? */
int sbatch_script_word_ok(const char *s);

/* Write the array script of placement pl. */
int sbatch_script_write_array(FILE *fp, const struct sbatch_tasks *t, size_t pl,
			      const struct sbatch_script_opts *o);
/* Write the merge script. */
int sbatch_script_write_merge(FILE *fp, const struct sbatch_tasks *t, const struct sbatch_script_opts *o);

/* The array spec of placement pl ("0-2,6-8"), without the throttle. */
int sbatch_script_array_ids(const struct sbatch_tasks *t, size_t pl, char *out, size_t len);

#endif
