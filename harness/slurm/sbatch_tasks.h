/* sbatch_tasks: the points of a Slurm campaign, one array task each.
 *
 * A point is (mode, kernel set, placement, repetition block). Placements:
 *   intra       2 ranks on 1 node            (srun -N1 -n2)
 *   inter       2 ranks on 2 nodes, 1 each   (srun -N2 --ntasks-per-node=1)
 *   coll:K      K nodes, 1 rank each; coll:KxR: K nodes, R ranks each
 *               (runs only the collective kernels of each set)
 *   LABEL       the plan's own placement label, with its nodes and ranks
 * Task ids count from 0 in the order block, placement, kernel set, mode
 * (modes innermost, so the modes of one point run close together in time).
 *
 * The task table RESULTS/CAMPAIGN/tasks/tasks.csv (schema "parity-tasks/1.0")
 * holds one row per task; `parity task` and `parity merge` read it.
 * Functions return 0 or a negative errno code. */
#ifndef PARITY_SBATCH_TASKS_H
#define PARITY_SBATCH_TASKS_H

#include <stddef.h>

#include "run/plan.h"

struct sbatch_placement {
	char label[64];          /* recorded in runs.csv (plan key placement) */
	char script_name[96];    /* sbatch-<label>.sh, file-name safe */
	unsigned long nodes, ranks, ranks_per_node;
	int collectives_only;
};

/* Parse one placement word; plan gives the custom label's shape. -EINVAL
 * with a one-line reason in err. */
int sbatch_placement_parse(const char *word, const struct plan *plan, struct sbatch_placement *out,
			   char *err, size_t errlen);

struct sbatch_task {
	unsigned id;
	enum mode_id mode;
	char *kernels;           /* comma separated */
	size_t placement;        /* index into sbatch_tasks.placements */
	unsigned rep_first, rep_last;
};

struct sbatch_tasks {
	char *campaign;
	char *scripts_dir;       /* where the array scripts are (absolute) */
	char *mpi;               /* MPI family of the plan */
	struct sbatch_placement *placements;
	size_t nplacements;
	struct sbatch_task *tasks;
	size_t n;
};

/* What the array is made of, besides the plan. */
struct sbatch_tasks_spec {
	const char *placements;          /* comma list; NULL or "" = the plan's placement */
	const char *const *kernel_sets;  /* NULL-terminated lists; NULL = the plan's kernels, one set */
	unsigned long repetition_block;  /* 0 = all repetitions in one block */
};

/* Expand plan x spec into tasks. -EINVAL (reason in err) for a bad
 * placement or kernel set, a placement no kernel of any set fits, or
 * container-only mode on more than one node. */
int sbatch_tasks_build(const struct plan *plan, const struct sbatch_tasks_spec *spec, struct sbatch_tasks *out,
		       char *err, size_t errlen);
void sbatch_tasks_free(struct sbatch_tasks *t);

/* Largest node count of any placement. */
unsigned long sbatch_tasks_max_nodes(const struct sbatch_tasks *t);

/* The campaign name a task records under ("CAMPAIGN.tID"): tasks of one
 * campaign may share a node, and parity run keys its scratch files on it. */
int sbatch_tasks_task_campaign(const char *campaign, unsigned id, char *out, size_t len);

/* Set t->scripts_dir (copied). */
int sbatch_tasks_set_scripts_dir(struct sbatch_tasks *t, const char *dir);

/* Write / read the task table (CSV); its script column holds absolute paths. Reading checks the schema and every
 * value; -EPROTO for a file that is not a task table, -EINVAL for a bad
 * value (both logged once with file and line). */
int sbatch_tasks_write(const struct sbatch_tasks *t, const char *path);
int sbatch_tasks_read(const char *path, struct sbatch_tasks *out);

/* The task with this id, or NULL. */
const struct sbatch_task *sbatch_tasks_find(const struct sbatch_tasks *t, unsigned id);

/* Format sorted ids as a Slurm array spec: "0-2,5,7-9". */
int sbatch_tasks_format_ids(const unsigned *ids, size_t n, char *out, size_t len);

#endif
