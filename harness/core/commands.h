/* commands: the subcommands of `parity`. One line per subcommand:
 * X(name, one-line summary); the entry point is `int cmd_<name>(int argc,
 * char **argv)` in <folder>/cmd_<name>.c (argv[0] is the subcommand name),
 * returning an exit code of common/exitcodes.h: the only functions that do,
 * with the static cmd_<name>_* helpers of their file (core/errors.h). */
#ifndef PARITY_COMMANDS_H
#define PARITY_COMMANDS_H

#include <errno.h>

#include "exitcodes.h"

#define PARITY_COMMAND_LIST(X) \
	X(version, "print parity's version and build configuration") \
	X(run, "run kernels natively and in containers, interleaved; record every run") \
	X(doctor, "explain the bind model here: host MPI, files to bind, ABI and glibc verdicts, runtime flags") \
	X(compare, "judge every container mode against native: overhead, 95% interval, verdicts") \
	X(plot, "draw a campaign's figures with gnuplot (PNG and SVG)") \
	X(report, "write a campaign's self-contained HTML report") \
	X(trend, "campaigns over time: native and each mode per kernel and size, and whether native itself moved") \
	X(sbatch, "write (and submit) Slurm job arrays for a plan: one array task per point, then a merge job") \
	X(task, "run one array task of a `parity sbatch` campaign (its scripts call this)") \
	X(merge, "merge a `parity sbatch` campaign's task files into runs.csv; list failed tasks and how to resubmit")

/* The exit code of a subcommand that stops after opts_command: 0 after
 * --help, 2 for a bad option, 1 out of memory. */
static inline int commands_exit_after_opts(int ret)
{
	return ret > 0 ? PARITY_EXIT_OK : ret == -ENOMEM ? PARITY_EXIT_FAILED : PARITY_EXIT_USAGE;
}

/* The exit code of a failure to read results: 2 for -EINVAL (a usage
 * problem such as no campaign named), 6 for any other code (a missing or
 * corrupt file). */
static inline int commands_exit_of_results(int ret)
{
	return !ret ? PARITY_EXIT_OK : ret == -EINVAL ? PARITY_EXIT_USAGE : PARITY_EXIT_RESULTS;
}

#define COMMANDS_DECLARE(name, summary) int cmd_##name(int argc, char **argv);
PARITY_COMMAND_LIST(COMMANDS_DECLARE)
#undef COMMANDS_DECLARE

#endif
