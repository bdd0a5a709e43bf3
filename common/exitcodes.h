/* exitcodes: what parity and parity-bench return, one distinct code per
 * kind of problem, so scripts and Slurm jobs can tell them apart; shared by
 * both programs.
 *
 * Only main() and, in the harness, the cmd_<name>() entry points (with the
 * file-static helpers of their cmd_<name>.c) return these. Every other
 * function returns 0 or a negative errno code (harness/core/errors.h states
 * how a failure is reported). */
#ifndef PARITY_EXITCODES_H
#define PARITY_EXITCODES_H

enum parity_exit {
	PARITY_EXIT_OK = 0,
	PARITY_EXIT_FAILED = 1,       /* a run failed, or a verdict failed (bench: a run or validation failed) */
	PARITY_EXIT_USAGE = 2,        /* bad option, unknown mode/runtime/launcher/kernel */
	PARITY_EXIT_IMAGE = 3,        /* image missing or unreadable */
	PARITY_EXIT_RUNTIME = 4,      /* runtime or launcher binary missing */
	PARITY_EXIT_ABI = 5,          /* host/image MPI not ABI-compatible: nothing launched */
	PARITY_EXIT_RESULTS = 6,      /* results directory unwritable or corrupt */
	PARITY_EXIT_RESOURCES = 7,    /* plan asks for more ranks/nodes than there are */
	PARITY_EXIT_TOOL = 8,         /* an external tool (gnuplot, sbatch) missing or failing */
	PARITY_EXIT_SCHEDULER = 9,    /* the batch system refuses the request: unknown partition */
	PARITY_EXIT_UNDECIDED = 10,   /* compare: nothing failed, but some points are not decided */
	PARITY_EXIT_INTERRUPTED = 11, /* stopped by SIGINT, SIGTERM or SIGHUP: the interrupted run is not recorded */
	PARITY_EXIT_LOCKED = 12,      /* another parity is writing this campaign (one writer per campaign) */
	PARITY_EXIT_SKIP = 77,        /* nothing to do here (bench: wrong rank count; tests: component absent) */
};

#endif
