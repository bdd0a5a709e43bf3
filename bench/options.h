/* options: the parity-bench command line, without MPI (unit-tested alone).
 *
 * OSU spelling (-m -i -x -W -f -c -z -h -v) plus long options of ours. Every
 * rank parses the same argv the same way, so all ranks agree on errors. */
#ifndef PARITY_BENCH_OPTIONS_H
#define PARITY_BENCH_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dtype.h"
#include "kernels.h"

/* OSU 7.x: messages above 8 KiB are "large" and get fewer iterations. */
#define BENCH_OPTIONS_LARGE_BYTES 8192
#define BENCH_OPTIONS_MAX_PERCENTILES 5
#define BENCH_OPTIONS_MAX_WINDOW 1024

enum bench_options_action {
	BENCH_ACTION_RUN,
	BENCH_ACTION_HELP,
	BENCH_ACTION_VERSION,
	BENCH_ACTION_LIST,
};

enum bench_options_bind {
	BENCH_BIND_CORE,
	BENCH_BIND_NONE,
};

struct bench_options {
	enum bench_options_action action;
	const struct kernels_info *kernel;
	uint64_t min_bytes;
	uint64_t max_bytes;
	size_t iterations;          /* per size up to 8 KiB */
	size_t iterations_large;    /* above 8 KiB */
	size_t warmup;
	size_t warmup_large;
	int window;
	int ndtypes;                /* -T: the datatypes to measure, in order (default MPI_CHAR) */
	enum bench_dtype dtypes[BENCH_DTYPE_MAX];
	int full;                   /* -f */
	int validate;               /* -c */
	int npercentiles;           /* -z: 0 when not given */
	int percentiles[BENCH_OPTIONS_MAX_PERCENTILES];
	const char *csv_path;       /* NULL: none; "-": stdout instead of text */
	const char *prov_path;
	const char *samples_path;
	enum bench_options_bind bind;
	int cache_cold;
	long long validate_inject;  /* -1: off */
	size_t batch;               /* --batch: iterations per sample, 0 = auto; default 1
				     * (every iteration timed alone, as OMB 7.4), auto with --min-time */
	int batch_set;              /* --batch was given */
	double min_time_s;          /* --min-time: measure each size at least this long (0: off) */
	int check_ranks;            /* --check=N: only check the arguments for N ranks (no MPI) */
};

struct option;

/* Parse argv into *o (defaults of the kernel applied). Returns 0, or -EINVAL
 * with a one-line message naming the problem in err (no trailing newline).
 * -h/-v/--list set o->action and need no kernel. */
int bench_options_parse(int argc, char **argv, struct bench_options *o, char *err, size_t errlen);

/* Iterations and warm-up iterations for one message size. */
void bench_options_iterations(const struct bench_options *o, uint64_t size_bytes,
			      size_t *iterations, size_t *warmup);

/* parity-bench's long options (a getopt_long table ending in a zero entry);
 * those whose val is >= 256 exist only in parity-bench. */
const struct option *bench_options_long_table(void);

/* The usage text (for -h). */
void bench_options_usage(FILE *fp);

#endif
