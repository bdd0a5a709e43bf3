/* exitcodes: what `parity` returns, one distinct code per kind of problem,
 * so scripts and Slurm jobs can tell them apart. Only main() and the cmd_*
 * entry points return these; modules return 0 or negative errno codes. */
#ifndef PARITY_EXITCODES_H
#define PARITY_EXITCODES_H

enum parity_exit {
	PARITY_EXIT_OK = 0,
	PARITY_EXIT_FAILED = 1,       /* a run failed, or a verdict failed */
	PARITY_EXIT_USAGE = 2,        /* bad option, unknown mode/runtime/launcher/kernel */
	PARITY_EXIT_IMAGE = 3,        /* image missing or unreadable */
	PARITY_EXIT_RUNTIME = 4,      /* runtime or launcher binary missing */
	PARITY_EXIT_ABI = 5,          /* host/image MPI not ABI-compatible: nothing launched */
	PARITY_EXIT_RESULTS = 6,      /* results directory unwritable or corrupt */
	PARITY_EXIT_RESOURCES = 7,    /* plan asks for more ranks/nodes than there are */
	PARITY_EXIT_TOOL = 8,         /* an external tool (gnuplot, sbatch) missing or failing */
	PARITY_EXIT_SCHEDULER = 9,    /* the batch system refuses the request: unknown partition */
	PARITY_EXIT_UNDECIDED = 10,   /* compare: nothing failed, but some points are not decided */
	PARITY_EXIT_SKIP = 77,        /* nothing to do here (tests: component absent) */
};

#endif
