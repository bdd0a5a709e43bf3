#!/bin/bash
# shellcheck disable=SC2317 # functions run through check/trap, which shellcheck cannot see
# test_slurm_local.sh: scripts/slurm-local.sh brings up a real single-node Slurm that runs batch,
# array and dependent jobs and launches MPICH (pmi2) and Open MPI (pmix) steps, and its teardown
# leaves no daemon of its own behind.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"

SLURM_LOCAL=$top_srcdir/scripts/slurm-local.sh
# A step that hangs must fail the test, not the CI job.
readonly STEP_TIMEOUT_S=120

for daemon in slurmctld slurmd munged sbatch; do
	command -v "$daemon" >/dev/null 2>&1 || skip "$daemon not installed"
done
for tool in srun sinfo scontrol mpicc.mpich mpicc.openmpi timeout; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not installed (Slurm is, so the test must run)"
done

CLUSTER=$T_TMP/slurm
WORK=$T_TMP/work
mkdir -p "$WORK"
teardown_done=0

# not COMMAND...: succeeds when COMMAND fails.
not() { ! "$@"; }

show_logs() {
	local log
	for log in "$CLUSTER"/log/*.log; do
		[ -s "$log" ] || continue
		echo "---- last lines of $log ----"
		tail -n 20 "$log"
	done
}

# The trap tears the cluster down on every exit path (failed check, die, signal).
on_exit() {
	local rc=$?
	if [ "$teardown_done" = 0 ] && [ -e "$CLUSTER/slurm.conf" ]; then
		[ "$rc" = 0 ] || show_logs
		"$SLURM_LOCAL" down "$CLUSTER" || echo "FAIL: $T_NAME: teardown in trap failed"
	fi
	t_cleanup
	exit "$rc"
}
trap on_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ---- bring-up ----------------------------------------------------------------------------------

env_lines=$("$SLURM_LOCAL" up "$CLUSTER") || die "slurm-local.sh up failed"
eval "$env_lines"
check "up prints SLURM_CONF for DIR" test "${SLURM_CONF:-}" = "$CLUSTER/slurm.conf"
check "node is idle after up" test "$(sinfo -h -N -o '%t')" = idle
check "status reports all daemons running" "$SLURM_LOCAL" status "$CLUSTER"
check "a second up in the same DIR is refused" not "$SLURM_LOCAL" up "$CLUSTER"

# ---- batch job with two tasks ------------------------------------------------------------------

cat >"$WORK/two_tasks.sbatch" <<'EOF'
#!/bin/bash
srun bash -c 'echo "task $SLURM_PROCID of $SLURM_NTASKS"'
EOF
if timeout "$STEP_TIMEOUT_S" sbatch --wait -n 2 -o "$WORK/two_tasks.out" "$WORK/two_tasks.sbatch" >/dev/null; then
	check "2-task batch job prints both tasks" \
		test "$(sort "$WORK/two_tasks.out" | tr '\n' ';')" = "task 0 of 2;task 1 of 2;"
else
	fail "sbatch --wait of the 2-task job failed"
fi

# ---- array job throttled to 2, then a job depending on it ---------------------------------------

# Each task marks itself running while it sleeps and records how many tasks were running then.
mkdir -p "$WORK/running"
cat >"$WORK/array.sbatch" <<EOF
#!/bin/bash
mkdir "$WORK/running/\$SLURM_ARRAY_TASK_ID"
ls "$WORK/running" | wc -l >"$WORK/concurrent_\$SLURM_ARRAY_TASK_ID"
sleep 1
rmdir "$WORK/running/\$SLURM_ARRAY_TASK_ID"
echo "done \$SLURM_ARRAY_TASK_ID"
EOF
# afterany: runs once every array task has ended, and lists what the array left behind.
cat >"$WORK/dependent.sbatch" <<EOF
#!/bin/bash
for i in 0 1 2 3; do cat "$WORK/array_\$i.out" 2>/dev/null || echo "missing \$i"; done
EOF
array_id=$(sbatch --parsable --array=0-3%2 -o "$WORK/array_%a.out" "$WORK/array.sbatch") ||
	die "sbatch of the array job failed"
throttle=$(scontrol -o show job "$array_id" | grep -o 'ArrayTaskThrottle=[0-9]*' | sort -u) || throttle=""
check "array job records its throttle" test "$throttle" = ArrayTaskThrottle=2
if timeout "$STEP_TIMEOUT_S" sbatch --wait --dependency="afterany:$array_id" -o "$WORK/dependent.out" \
	"$WORK/dependent.sbatch" >/dev/null; then
	check "dependent job ran after all 4 array tasks ended" \
		test "$(tr '\n' ';' <"$WORK/dependent.out")" = "done 0;done 1;done 2;done 3;"
	max_running=$(cat "$WORK"/concurrent_* 2>/dev/null | sort -n | tail -n 1) || max_running=""
	check "array throttle %2: at most 2 tasks ran at once (saw ${max_running:-none})" \
		test "${max_running:-9}" -le 2
else
	fail "sbatch --wait of the dependent job failed"
fi

# ---- MPI: the communicator size is the only proof that PMI wiring worked -----------------------

cat >"$WORK/hello.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>

/* Prints one line per rank: "size N". */
int main(int argc, char **argv)
{
	int size = 0;

	MPI_Init(&argc, &argv);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	printf("size %d\n", size);
	MPI_Finalize();
	return 0;
}
EOF
mpicc.mpich -o "$WORK/hello_mpich" "$WORK/hello.c" || die "mpicc.mpich failed"
mpicc.openmpi -o "$WORK/hello_ompi" "$WORK/hello.c" || die "mpicc.openmpi failed"

# sizes_seen MPI_PLUGIN BINARY: the sorted sizes printed by a 2-task srun step, ';'-joined.
sizes_seen() {
	timeout "$STEP_TIMEOUT_S" srun -n 2 --mpi="$1" "$2" | sort | tr '\n' ';'
}

check "MPICH with --mpi=pmi2: one world of 2" \
	test "$(sizes_seen pmi2 "$WORK/hello_mpich")" = "size 2;size 2;"
check "MPICH with --mpi=none: 2 singletons of size 1 (what callers must catch)" \
	test "$(sizes_seen none "$WORK/hello_mpich")" = "size 1;size 1;"
check "Open MPI with --mpi=pmix: one world of 2" \
	test "$(OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
		sizes_seen pmix "$WORK/hello_ompi")" = "size 2;size 2;"

# ---- teardown: nothing of ours survives --------------------------------------------------------

pids=""
for name in munged slurmctld slurmd; do
	pid=$(cat "$CLUSTER/run/$name.pid" 2>/dev/null) || pid=""
	if [ -n "$pid" ]; then pids="$pids $name:$pid"; else fail "no pid file for $name before down"; fi
done
teardown_done=1
check "down succeeds" "$SLURM_LOCAL" down "$CLUSTER"

# alive PID: the process exists and is not a zombie (init may reap our daemons late).
alive() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}
for entry in $pids; do
	check "${entry%%:*} (pid ${entry#*:}) is gone after down" not alive "${entry#*:}"
done
leftover=""
for stepd in $(pgrep -x slurmstepd 2>/dev/null || true); do
	environ=$(tr '\0' '\n' 2>/dev/null <"/proc/$stepd/environ") || continue
	case $'\n'$environ$'\n' in
	*$'\n'"SLURM_CONF=$CLUSTER/slurm.conf"$'\n'*) leftover="$leftover $stepd" ;;
	esac
done
check "no slurmstepd of this cluster is left${leftover:+:$leftover}" test -z "$leftover"
check "status reports stopped after down" not "$SLURM_LOCAL" status "$CLUSTER"
check "down is idempotent" "$SLURM_LOCAL" down "$CLUSTER"

finish
