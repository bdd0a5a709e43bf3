/* slurm: the few questions parity asks Slurm's client commands (sinfo,
 * sbatch), as argv vectors, and the parsing of their answers. Functions
 * return 0 or a negative errno code. */
#ifndef PARITY_SLURM_H
#define PARITY_SLURM_H

#include <stddef.h>

/* Run argv (argv[0] looked up in PATH) with stdin from /dev/null; its
 * stdout goes to out (NUL-terminated, truncated to len), the last line of
 * its stderr to err. *status is its exit status (128+N for signal N).
 * -ENOENT when the program is not found. */
int slurm_capture(char *const *argv, char *out, size_t len, char *err, size_t errlen, int *status);

/* Is program an executable in PATH (or a path to one)? */
int slurm_have(const char *program);

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
