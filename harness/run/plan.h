/* plan: what a campaign runs, from command-line options and plan files.
 *
 * One option table (name, type, default, bounds, help) drives the parsing of
 * `--name=value` flags, of `name = value` lines in a plan file, the output of
 * `parity run --help` and the dump of the effective plan (plan_write), so an
 * option is declared exactly once. Functions return 0 or a negative errno
 * code; a parse error is logged (core/errors.h) naming the option (and the
 * file and line for plan files). */
#ifndef PARITY_PLAN_H
#define PARITY_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/mode.h"
#include "kernels.h"

/* The default --min-time (see plan.c's option table for why this value). */
#define PLAN_DEFAULT_MIN_TIME "20ms"

struct plan {
	char *plan_file;         /* --plan (command line only) */
	char *campaign;
	char *results;           /* results root; the campaign is a folder in it */
	char *modes_text;
	enum mode_id modes[MODE_COUNT];
	size_t nmodes;
	char *runtime;           /* a runtime of launch/runtime.c's table */
	char *image;             /* hybrid and container-only */
	char *bind_image;        /* bind */
	char *launcher;          /* "" = the family's */
	char *mpi;               /* mpich or openmpi */
	char *srun_mpi;          /* "" = pmi2 for mpich, pmix for openmpi */
	char *kernels_text;
	enum kernels_id kernels[KERNELS_COUNT];
	size_t nkernels;
	char *sizes;             /* OSU -m syntax */
	uint64_t min_size_bytes, max_size_bytes;
	uint64_t iterations, warmup;   /* 0: the kernel's own (OSU's) counts */
	double min_time_s;             /* measure each size at least this long (0: off) */
	uint64_t repetitions;          /* rounds; with a budget, the minimum */
	uint64_t max_repetitions;      /* with a budget: at most this many rounds (0: no cap) */
	double budget_s;               /* campaign time for sequential rounds (0: fixed rounds) */
	uint64_t seed;                 /* mode order within rounds (0: from the campaign name) */
	char *mode_env;                /* "MODE:NAME=VALUE;..." extra launch environment per mode */
	char *thresholds;              /* rules file read after the built-in ones ("" none) */
	uint64_t ranks, nodes, ranks_per_node; /* ranks_per_node 0 = ranks / nodes */
	char *placement;
	uint64_t timeout_s;
	char *workdir;           /* "" = chosen by workdir_create (run/workdir.h) */
	double finalize_grace_s; /* kernel output complete, launch still running: end it after this (0: off) */
	char *kernel_args;       /* extra kernel arguments, split on blanks */
	char *bind;              /* core or none: the kernel's --bind */
	char *bench;             /* "" = found next to parity */
	char *image_bench;       /* "" = /opt/parity/<mpi>/bin/parity-bench */
	bool oversubscribe;
	bool bind_host_mpi;      /* testing: false runs bind mode without the host MPI */
	bool transport_evidence;
	bool resume;
	bool dry_run;
	bool help;
};

/* Fill p with the defaults (campaign name from the current UTC time, images
 * from $PARITY_IMAGE_DIR). */
int plan_init(struct plan *p, const char *default_mpi);
void plan_free(struct plan *p);

/* Apply argv[1..argc-1] (`--name=value`, `--name value`, `--flag`,
 * `--no-flag`, `--plan FILE`, `-h`). A plan file is applied first wherever
 * it appears, so flags override it. -EINVAL on any error (logged). */
int plan_parse_args(struct plan *p, int argc, char **argv);

/* Apply a plan file: `key = value` lines, `#` comments, blank lines. */
int plan_load_file(struct plan *p, const char *path);
/* Apply one `key = value` text (the plan file syntax); origin and line_no
 * name it in errors. */
int plan_apply_line(struct plan *p, const char *line, const char *origin, unsigned line_no);

/* Print the generated option help, with p's values as the defaults. */
void plan_print_help(const struct plan *p, FILE *fp);
/* Write the effective plan in plan-file syntax (loadable with --plan). */
int plan_write(const struct plan *p, FILE *fp);

/* Ranks per node after defaults (ranks / nodes, rounded up). */
uint64_t plan_ranks_per_node(const struct plan *p);

#endif
