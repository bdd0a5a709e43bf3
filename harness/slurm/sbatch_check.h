/* sbatch_check: what an array task's campaign folder says once `parity run`
 * is done: how many runs were not ok (and why, from their logs), and
 * whether every ok run had the communicator the task asked for. The kernels'
 * CSV `ranks` column and the provenance rows (one per rank, ranks 0..N-1,
 * each once) must both say N: a wrong PMI plug-in starts N singletons that
 * all exit 0. Functions return 0 or a negative errno code. */
#ifndef PARITY_SBATCH_CHECK_H
#define PARITY_SBATCH_CHECK_H

#include <stddef.h>

struct sbatch_check {
	size_t runs, not_ok;
	char bad[512];        /* the first communicator problem; "" when none */
	char failed[512];     /* the first run not ok: "RUN_ID STATUS (why)" */
};

/* Check campaign_dir/runs.csv and the kernel CSV and provenance of every ok
 * run (logs/RUN.csv, logs/RUN.prov.csv next to its log). -ENOENT when there
 * is no runs.csv, -EPROTO when it is not a runs file. */
int sbatch_check_campaign(const char *campaign_dir, unsigned long ranks, struct sbatch_check *out);

#endif
