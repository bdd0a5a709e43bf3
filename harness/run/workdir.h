/* workdir: where `parity run` makes a campaign's work directory, the
 * directory the kernels write their CSV files into during a launch and the
 * host MPI is staged in for bind mode. Every host that runs a rank, and
 * every container, must see it at a path parity knows.
 *
 * Where (workdir_base): --workdir when given; else, when the launcher may
 * start ranks on other hosts (srun, or more than one node), the results
 * root, which has to be on a file system the nodes share anyway; else
 * $TMPDIR, else /tmp (also for a dry run whose results root does not
 * exist yet, which then stays uncreated). The directory itself is new and private to this
 * parity process (mkdtemp), so two campaigns never share or delete each
 * other's files. Removing it is the caller's business (cmd_run).
 *
 * Functions return 0 or a negative errno code and log nothing. */
#ifndef PARITY_WORKDIR_H
#define PARITY_WORKDIR_H

#include <stdbool.h>

#include "plan.h"

/* The directory the work directory is made in (static or the plan's). */
const char *workdir_base(const struct plan *p, bool other_hosts);

/* Make the work directory: BASE/parity-CAMPAIGN.XXXXXX (a hidden
 * .parity-CAMPAIGN.XXXXXX in the results root, which holds campaigns). The
 * results root is created when it is the base; a base given with
 * --workdir must exist. *dir is allocated. */
int workdir_create(const struct plan *p, bool other_hosts, char **dir);

#endif
