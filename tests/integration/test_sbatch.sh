#!/bin/bash
# parity sbatch on a real single-node Slurm (scripts/slurm-local.sh): refusals before anything is
# submitted; a job array of native, hybrid and bind (Charliecloud, 2 ranks, srun with the build's
# MPI family) in two placements, one task made to time out; the merge job's list of failed tasks
# and its resubmission command; running that command completes the campaign.
. "$top_srcdir/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || die "python3 not found (reads the merged CSV)"
for c in slurmctld slurmd munged sbatch sinfo srun squeue scontrol; do
	command -v "$c" >/dev/null 2>&1 || skip "Slurm is not installed ($c missing)"
done
[ "$(id -u)" = 0 ] || die "the local Slurm runs as root (scripts/slurm-local.sh up): run this test as root"
command -v ch-run >/dev/null 2>&1 || die "ch-run not found: install charliecloud (the hybrid and bind points need it)"
IMG_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
for img in parity-mpi parity-bare; do
	[ -d "$IMG_DIR/$img" ] || die "image $IMG_DIR/$img missing: run \`make images\` first"
done

SLURM_LOCAL=$top_srcdir/scripts/slurm-local.sh
SLURM_DIR=$T_TMP/slurm
RESULTS=$T_TMP/results
# Unique per run: parity run keys its scratch folder /tmp/parity-CAMPAIGN.tID on it, and the
# MPICH and Open MPI builds may run this test at the same time.
CAMPAIGN=acc-${T_TMP##*.}
CDIR=$RESULTS/$CAMPAIGN
WAIT_S=600

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

teardown() {
	local t0
	t0=$(now)
	"$SLURM_LOCAL" down "$SLURM_DIR" >/dev/null 2>&1 || echo "FAIL: $T_NAME: slurm-local.sh down failed"
	echo "timing: teardown $(elapsed "$t0" "$(now)") s"
	[ -n "${KEEP_TEST_TMP:-}" ] || rm -rf /tmp/parity-"$CAMPAIGN".t*
	t_cleanup
}

# wait_gone JOB_ID...: until squeue no longer lists the jobs (array tasks included).
wait_gone() {
	local deadline=$((SECONDS + WAIT_S)) id
	for id in "$@"; do
		while [ -n "$(squeue -h -j "$id" 2>/dev/null)" ]; do
			[ "$SECONDS" -lt "$deadline" ] || die "job $id still queued after ${WAIT_S}s: $(squeue -h)"
			sleep 1
		done
	done
}

export USER=${USER:-root}
cd "$T_TMP" || die "cannot enter $T_TMP"

cat >plan.conf <<EOF
campaign = $CAMPAIGN
results = $RESULTS
modes = native,hybrid,bind
runtime = charliecloud
image = $IMG_DIR/parity-mpi
bind-image = $IMG_DIR/parity-bare
mpi = $MPI_FAMILY
kernels = latency,allreduce
sizes = 1:1K
iterations = 50
warmup = 5
repetitions = 2
timeout = 120
EOF

# ---- refusals that need no cluster -------------------------------------------------------------
mkdir -p nobin
out=$(PATH=$T_TMP/nobin "$PARITY" sbatch plan.conf --submit 2>&1); rc=$?
check "sbatch missing from PATH: exit 8" test "$rc" = 8
check "sbatch missing: one line naming sbatch" test "$(printf '%s\n' "$out" | wc -l)" = 1 -a -n "$(printf '%s' "$out" | grep 'sbatch not found in PATH')"
check "sbatch missing: nothing written" test ! -e "$CDIR"
sed "s|^results = .*|results = /etc/hostname/results|" plan.conf >unwritable.conf
out=$("$PARITY" sbatch unwritable.conf 2>&1); rc=$?
check "results directory tasks cannot write: exit 6 ($out)" test "$rc" = 6
out=$("$PARITY" sbatch plan.conf --placements warp 2>&1); rc=$?
check "unknown placement: exit 2" test "$rc" = 2
out=$("$PARITY" sbatch plan.conf --sbatch-arg '--qos=a b' 2>&1); rc=$?
check "an #SBATCH option with a blank: exit 2" test "$rc" = 2
sed "s|^bind-image = .*|bind-image = $T_TMP/no-such-image|" plan.conf >noimage.conf
out=$("$PARITY" sbatch noimage.conf 2>&1); rc=$?
check "missing image: exit 3 and a hint to make images" test "$rc" = 3 -a -n "$(printf '%s' "$out" | grep 'make images')"

# ---- the cluster -------------------------------------------------------------------------------
trap teardown EXIT
t0=$(now)
env_lines=$("$SLURM_LOCAL" up "$SLURM_DIR" 2>"$T_TMP/slurm-up.log") || { cat "$T_TMP/slurm-up.log"; die "slurm-local.sh up failed"; }
eval "$env_lines"
echo "timing: bring-up $(elapsed "$t0" "$(now)") s"
PARTITION=$(sinfo -h -o '%P' | sed -n 's/\*$//p' | head -n 1)
[ -n "$PARTITION" ] || die "the local Slurm has no default partition"

out=$("$PARITY" sbatch plan.conf --partition no-such-partition 2>&1); rc=$?
check "unknown partition: exit 9" test "$rc" = 9
check "unknown partition: named in one line" test "$out" = "parity sbatch: unknown partition 'no-such-partition' (sinfo lists no such partition)"
out=$("$PARITY" sbatch plan.conf --placements intra,inter --submit 2>&1); rc=$?
check "more nodes than the partition has: exit 7 ($out)" test "$rc" = 7
check "refusals submitted nothing" test -z "$(squeue -h -t all)"
check "refusals wrote nothing" test ! -e "$CDIR"

# ---- the campaign: held back by a down partition while one task gets its fault ---------------
scontrol update PartitionName="$PARTITION" State=DOWN || die "cannot set partition $PARTITION down"
out=$("$PARITY" sbatch plan.conf --submit --placements intra,coll:1x2 --array-throttle 2 --time 10 2>&1); rc=$?
printf '%s\n' "$out"
[ "$rc" = 0 ] || die "parity sbatch --submit failed with exit $rc"
merge_job=$(printf '%s\n' "$out" | sed -n 's/^submitted merge job \([0-9]*\) .*/\1/p')
arrays=$(printf '%s\n' "$out" | sed -n 's/^submitted array \([0-9]*\):.*/\1/p' | tr '\n' ' ')
[ -n "$merge_job" ] && [ -n "$arrays" ] || die "no job ids in the output of parity sbatch --submit"
check "two arrays (one per placement)" test "$(echo $arrays | wc -w)" = 2
check "6 tasks in the table" test "$(tail -n +2 "$CDIR/tasks/tasks.csv" | wc -l)" = 6
check "intra script requests -N1 -n2" grep -q -- '^#SBATCH --ntasks=2$' "$CDIR/sbatch-intra.sh"
check "throttle passed through" grep -q -- '^#SBATCH --array=0-2%2$' "$CDIR/sbatch-intra.sh"
check "time limit passed through" grep -q -- '^#SBATCH --time=10$' "$CDIR/merge.sh"
check "merge job depends on both arrays" sh -c "scontrol -o show job $merge_job | grep -q 'Dependency=afterany:'"
# Task 2 is bind/intra: give it a tiny timeout and a run that cannot finish in it.
fault_task=2
cp "$CDIR/tasks/$fault_task/plan.conf" "$T_TMP/plan-$fault_task.orig"
# (in place: a plan file that gives a key twice is refused)
sed -i 's/^iterations = .*/iterations = 100000000/; s/^timeout = .*/timeout = 1/' "$CDIR/tasks/$fault_task/plan.conf"
grep -q '^timeout = 1$' "$CDIR/tasks/$fault_task/plan.conf" || die "cannot make task $fault_task fail"
t_array=$(now)
scontrol update PartitionName="$PARTITION" State=UP || die "cannot set partition $PARTITION up"
# shellcheck disable=SC2086 # job ids
wait_gone $arrays "$merge_job"
echo "timing: array (6 tasks, one failing) and merge $(elapsed "$t_array" "$(now)") s"

merge_out=$CDIR/tasks/merge-$merge_job.out
[ -s "$merge_out" ] || die "the merge job wrote no output ($merge_out)"
sed 's/^/  merge| /' "$merge_out" | head -n 20
check "merge counts 5 ok and 1 failed" grep -q "campaign $CAMPAIGN: 6 tasks: 5 ok, 1 failed, 0 missing" "$merge_out"
check "the failed task is listed with its reason" grep -q "^task $fault_task (bind, intra, latency,allreduce, repetitions 1-2): failed: .*timeout" "$merge_out"
resubmit=$(sed -n "s|^  \(sbatch --array=$fault_task $CDIR/sbatch-intra.sh\)$|\1|p" "$merge_out")
check "the resubmit command names only the failed task" test -n "$resubmit"
check "resubmit.sh written" test -x "$CDIR/resubmit.sh"
check "merged runs.csv written" test -s "$CDIR/runs.csv"
check "compare ran (verdicts.csv)" test -s "$CDIR/verdicts.csv"
check "report ran (report.html)" test -s "$CDIR/report.html"
check "merge job exit status 1 (a task failed)" sh -c "scontrol -o show job $merge_job | grep -q 'ExitCode=1:0'"

# ---- fix the fault, run exactly the printed command, merge again --------------------------------
cp "$T_TMP/plan-$fault_task.orig" "$CDIR/tasks/$fault_task/plan.conf"
t_re=$(now)
re_out=$(cd "$T_TMP" && eval "$resubmit" 2>&1) || die "the resubmit command failed: $re_out"
re_job=$(printf '%s\n' "$re_out" | sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p')
[ -n "$re_job" ] || die "no job id from the resubmit command: $re_out"
wait_gone "$re_job"
echo "timing: resubmitted task $(elapsed "$t_re" "$(now)") s"
"$PARITY" merge "$CDIR/tasks" >"$T_TMP/merge2.out" 2>&1; rc=$?
sed 's/^/  merge2| /' "$T_TMP/merge2.out" | head -n 3
check "second merge: every task ok" grep -q "campaign $CAMPAIGN: 6 tasks: 6 ok, 0 failed, 0 missing" "$T_TMP/merge2.out"
check "second merge exits 0, 1 or 10 (verdicts), not a merge error: $rc" test "$rc" = 0 -o "$rc" = 1 -o "$rc" = 10
check "resubmit.sh removed once nothing is left" test ! -e "$CDIR/resubmit.sh"
check "the failed attempt was kept aside" test -d "$CDIR/tasks/$fault_task/attempt-1"
cp "$CDIR/runs.csv" "$T_TMP/runs.first"
"$PARITY" merge --no-analysis "$CDIR/tasks" >/dev/null 2>&1
check "merging again changes nothing" cmp -s "$CDIR/runs.csv" "$T_TMP/runs.first"

# Every point: 3 modes x (intra: latency, allreduce; coll:1x2: allreduce) x 2 repetitions, all ok,
# on communicators of 2 ranks, recorded under the campaign's name. Fields may hold quoted commas
# (Open MPI's version string): read the CSV with a CSV reader.
runs_summary=$(python3 - "$CDIR/runs.csv" "$CAMPAIGN" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
points = {(r["mode"], r["placement"], r["kernel"], r["repetition"]) for r in rows}
bad = [r for r in rows if r["status"] != "ok" or r["ranks"] != "2" or r["campaign"] != sys.argv[2]]
print(len(points), len(bad), len({r["run_id"] for r in rows}))
PY
) || die "cannot read $CDIR/runs.csv as CSV"
read -r npoints nbad nruns <<<"$runs_summary"
check "all 18 points merged (got $npoints)" test "$npoints" = 18
check "every row ok, ranks 2, campaign $CAMPAIGN ($nbad bad)" test "$nbad" = 0
check "one run id per launch (18, got $nruns)" test "$nruns" = 18
for id in 0 1 2 3 4 5; do
	check "task $id checked its communicator size" grep -q '^reason = .*communicator size 2 checked' "$CDIR/tasks/$id/status"
done
check "kernel CSVs report 2 ranks" sh -c "! grep -h -v '^schema' $CDIR/tasks/*/$CAMPAIGN.t*/logs/*-latency.csv | cut -d, -f6 | grep -qv '^2\$'"
for mode in hybrid bind; do
	n=$(python3 -c 'import csv, sys; print(sum(r["mode"] == sys.argv[2] for r in csv.DictReader(open(sys.argv[1], newline=""))))' \
		"$CDIR/verdicts.csv" "$mode")
	check "verdicts for $mode ($n)" test "${n:-0}" -gt 0
done
check "report names the campaign" grep -q "$CAMPAIGN" "$CDIR/report.html"
finish
