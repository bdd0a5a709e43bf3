#include "slurm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

/* Split one sinfo line into its partition (without the default mark) and
 * node count; *is_default tells whether it was marked. */
static int slurm_sinfo_line(const char *line, char *part, size_t partlen, uint64_t *n, int *is_default)
{
	char word[256] = "", count[64] = "";
	size_t plen;

	if (sscanf(line, "%255s %63s", word, count) != 2 || parse_u64(count, 0, 100000000, n) != 0)
		return -EINVAL;
	plen = strlen(word);
	*is_default = plen > 1 && word[plen - 1] == '*';
	if (*is_default)
		word[--plen] = '\0';
	snprintf(part, partlen, "%s", word);
	return 0;
}

int slurm_parse_partition_nodes(const char *sinfo_out, const char *partition, unsigned long *nodes,
				char *name, size_t namelen)
{
	char want[256] = "", part[256];
	const char *line;
	unsigned long sum = 0;
	uint64_t n;
	int found = 0, is_default, pass;

	if (partition && *partition)
		snprintf(want, sizeof(want), "%s", partition);
	/* Pass 0 finds the default partition's name when none was given. */
	for (pass = want[0] ? 1 : 0; pass < 2; pass++) {
		for (line = sinfo_out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
			if (slurm_sinfo_line(line, part, sizeof(part), &n, &is_default))
				continue;
			if (pass == 0 && is_default && !want[0])
				snprintf(want, sizeof(want), "%s", part);
			if (pass == 1 && strcmp(part, want) == 0) {
				sum += (unsigned long)n;
				found = 1;
			}
		}
		if (!want[0])
			return -ENOENT;
	}
	if (!found)
		return -ENOENT;
	snprintf(name, namelen, "%s", want);
	*nodes = sum;
	return 0;
}

int slurm_parse_job_id(const char *sbatch_out, char *id, size_t len)
{
	size_t n = strspn(sbatch_out, "0123456789");

	if (n == 0 || n >= len || (sbatch_out[n] && !strchr(";\r\n", sbatch_out[n])))
		return -EPROTO;
	memcpy(id, sbatch_out, n);
	id[n] = '\0';
	return 0;
}
