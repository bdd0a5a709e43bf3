/* slurm: the answers of Slurm's client commands (sinfo, sbatch), parsed;
 * the commands themselves run through core/proc.h. Functions return 0 or a
 * negative errno code. */
#ifndef PARITY_SLURM_H
#define PARITY_SLURM_H

#include <stddef.h>

/* From `sinfo -h -o "%P %D"` output: the nodes of partition (NULL or "" =
 * the default one, marked '*'), summed over its lines (sinfo splits a
 * partition by node state). The partition's name goes to name. -ENOENT
 * when there is no such partition (or no default). */
int slurm_parse_partition_nodes(const char *sinfo_out, const char *partition, unsigned long *nodes,
				char *name, size_t namelen);

/* The job id from `sbatch --parsable` output ("1234" or "1234;cluster").
 * -EPROTO when the output holds no id. */
int slurm_parse_job_id(const char *sbatch_out, char *id, size_t len);

#endif
