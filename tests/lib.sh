# Shared helpers for the shell integration tests (sourced, not run).
# The test environment (see AM_TESTS_ENVIRONMENT in Makefile.am) provides
# top_srcdir, top_builddir, MPI_FAMILY, MPIEXEC, PARITY_BENCH, PARITY, GNUPLOT.

set -u

T_NAME=$(basename "$0" .sh)
T_FAILS=0

# A private scratch directory, removed on exit unless KEEP_TEST_TMP is set.
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/parity-$T_NAME.XXXXXX")
t_cleanup() { [ -n "${KEEP_TEST_TMP:-}" ] || rm -rf "$T_TMP"; }
trap t_cleanup EXIT

# skip REASON: the component under test is absent (exit 77).
skip() { echo "SKIP: $T_NAME: $*"; exit 77; }
# fail MESSAGE: record a failed check and go on.
fail() { echo "FAIL: $T_NAME: $*"; T_FAILS=$((T_FAILS + 1)); }
# die MESSAGE: a failed check after which nothing can go on.
die() { echo "FAIL: $T_NAME: $*"; exit 1; }
pass() { echo "ok: $*"; }
# check DESCRIPTION COMMAND...: run a command, pass when it exits 0.
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# finish: exit with the verdict of all checks.
finish() {
	if [ "$T_FAILS" -ne 0 ]; then echo "$T_NAME: $T_FAILS check(s) failed"; exit 1; fi
	echo "$T_NAME: all checks passed"; exit 0
}

# mpi_run N CMD...: start N ranks of CMD with the launcher of the build's MPI family.
mpi_run() {
	local n=$1; shift
	case "$MPI_FAMILY" in
	mpich) "$MPIEXEC" -n "$n" "$@" ;;
	openmpi) "$MPIEXEC" --oversubscribe -n "$n" "$@" ;;
	*) die "unknown MPI_FAMILY '$MPI_FAMILY'" ;;
	esac
}

# require_cmd CMD...: skip when a command the test needs is not installed.
require_cmd() { local c; for c in "$@"; do command -v "$c" >/dev/null 2>&1 || skip "$c not installed"; done; }
