/* runner: run one point of a campaign through the pipeline
 *   compose argv (mode) -> spawn with timeout -> verify provenance -> record
 * and keep the campaign's counters. cmd_run validates the plan and fills
 * the context; this module never exits or maps exit codes. */
#ifndef PARITY_RUNNER_H
#define PARITY_RUNNER_H

#include <stdbool.h>

#include "bind/hostmpi.h"
#include "launch/compose.h"
#include "launch/launcher.h"
#include "launch/runtime.h"
#include "plan.h"
#include "record.h"

struct runner {
	const struct plan *plan;
	const struct launcher_desc *launcher;
	const struct runtime_desc *runtime;
	char *host_bench;                /* native kernels binary */
	char *image_bench;               /* kernels binary inside images */
	char *workdir;                   /* host dir the kernels write to, seen by every node (run/workdir.h) */
	bool no_task_binding;            /* srun: the cluster binds no tasks (no --cpu-bind) */
	struct strvec runtime_opts;      /* the runtime's options for this host (runtime_host_options) */
	struct hostmpi_bind bind;        /* bind mode: what is bound */
	bool have_bind;                  /* bind holds a prepared host MPI */
	bool bind_mounted;               /* and it is passed to the container */
	struct record_campaign rec;
	char image_sha256[MODE_COUNT][65];
	char hostname[256];
	unsigned long long own_mntns;
	bool as_root;
	bool tty;
	double grace_s;
	uint64_t seed;                   /* of the mode order in rounds (recorded per row) */
	char progress[224];              /* where the campaign stands, printed before each run */
	char live[400];                  /* the line of the run in progress */
	/* counters */
	unsigned total, index, ok, failed, timeouts, mismatches;
	unsigned finalize_hangs;         /* of the ok runs: ended after their results (note finalize-hang) */
	double launches_wall_s;
	double last_wall_s;              /* wall time of the last launch */
	double setup_s;                  /* campaign set-up before the first launch */
};

/* The launcher of a mode: the plan's, except in container-only mode, where
 * the launcher runs inside the image, which has its MPI family's own,
 * whatever starts the other modes (srun). */
const struct launcher_desc *runner_launcher(const struct runner *c, enum mode_id mode);

/* The image a mode runs (NULL for native). */
const char *runner_image(const struct runner *c, enum mode_id m);

/* Compose the command of one point without running it (dry runs, tests). */
int runner_compose_point(struct runner *c, enum mode_id mode, enum kernels_id kernel, unsigned rep,
			 struct compose_cmd *out);

/* Run (or with dry_run, print) one point: round `rep`, at `position`
 * (1-based) in the round's mode order. 0 whatever the run's status;
 * negative errno only when the campaign cannot go on: -EINTR when parity
 * was asked to stop (the interrupted run is not recorded), another code when
 * the results cannot be written. */
int runner_run_point(struct runner *c, enum mode_id mode, enum kernels_id kernel, unsigned rep,
		     unsigned position);

#endif
