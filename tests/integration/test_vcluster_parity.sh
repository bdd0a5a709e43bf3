#!/bin/bash
# shellcheck disable=SC2317 # functions run through check/trap, which shellcheck cannot see
# test_vcluster_parity.sh: parity across nodes for real, on a 3-node scripts/vcluster.sh cluster
# brought up once (private /tmp per node, results on the shared file system), with the build's
# MPI family:
#   - parity run from the login node, srun, 2 nodes, placement inter, native + hybrid + bind
#     (containerized ranks started by srun --mpi=pmi2 for MPICH, --mpi=pmix for Open MPI): every
#     run ok, ranks on two distinct hosts, the network transport recorded (the host MPI on the
#     fabric, the image's own MPI on the ethernet too), no srun warning;
#   - a work directory a node cannot see (--workdir /tmp) stops the campaign in one line;
#   - mpiexec/mpirun inside an allocation (salloc -N2);
#   - coll:3: allreduce on 3 nodes, one rank each;
#   - parity sbatch: an array over 2 nodes, one task made to fail, the merge job's resubmission
#     command run as printed, merge again: every task ok.
# Each parity run is kept short (a few sizes, few iterations). MPICH's finalize hang between
# nodes is handled by parity (--finalize-grace), so the runs stay ok when it strikes.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"

VC=$top_srcdir/scripts/vcluster.sh
WAIT_S=300

[ "$(id -u)" = 0 ] || skip "needs root (namespaces, mounts, cgroups)"
for tool in slurmd slurmctld munged; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
for tool in unshare nsenter ip tc srun salloc sbatch squeue scontrol ch-run python3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not installed (Slurm is, so the test must run)"
done
IMG_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
for img in parity-mpi parity-bare; do
	[ -d "$IMG_DIR/$img" ] || die "image $IMG_DIR/$img missing: run \`make images\` first"
done
case "$MPI_FAMILY" in
mpich) PLUGIN=pmi2 LAUNCHER=mpiexec ;;
openmpi) PLUGIN=pmix LAUNCHER=mpirun ;;
*) die "unknown MPI_FAMILY '$MPI_FAMILY'" ;;
esac

# The nodes share WORK (it is under this test's private /tmp directory, so it is bound into
# every node with --shared); the state directory is under /var/tmp, which every node sees.
STATE=/var/tmp/parity-vcluster-ptest.$$
WORK=$T_TMP/work
R=$WORK/results
mkdir -p "$WORK" "$R"
VCS=("$VC" --state "$STATE")
cd "$WORK" || die "cannot enter $WORK"

. "$top_srcdir/tests/integration/vcluster_lib.sh"

vexec() { "${VCS[@]}" exec "$@"; }
# prun ARGS...: parity run from the login node, the build's kernels and images, short runs.
prun() {
	vexec head -- "$PARITY" run --results="$R" --bench="$PARITY_BENCH" --mpi="$MPI_FAMILY" \
		--image="$IMG_DIR/parity-mpi" --bind-image="$IMG_DIR/parity-bare" --runtime=charliecloud \
		--iterations=100 --warmup=10 --min-time=0 --repetitions=1 --timeout=120 "$@"
}
# hosts CAMPAIGN: the distinct hostnames in each provenance file of the campaign, one line per run.
hosts() {
	local f
	for f in "$R/$1"/logs/*.prov.csv; do
		python3 -c 'import csv, sys; print(" ".join(sorted({r["hostname"] for r in csv.DictReader(open(sys.argv[1]))})))' "$f"
	done
}
# col CAMPAIGN MODE COLUMN: the distinct values of COLUMN in runs.csv rows of MODE.
col() {
	python3 -c 'import csv, sys; print(",".join(sorted({r[sys.argv[3]] for r in csv.DictReader(open(sys.argv[1])) if r["mode"] == sys.argv[2]})))' \
		"$R/$1/runs.csv" "$2" "$3"
}
wait_gone() {
	local deadline=$((SECONDS + WAIT_S)) id
	for id in "$@"; do
		while [ -n "$(vexec head -- squeue -h -j "$id" 2>/dev/null)" ]; do
			[ "$SECONDS" -lt "$deadline" ] || die "job $id still queued after ${WAIT_S}s"
			sleep 1
		done
	done
}

t0=$SECONDS
"${VCS[@]}" up 3 --shared "$WORK" >"$T_TMP/up.out" 2>"$T_TMP/up.err" || { cat "$T_TMP/up.err"; die "up 3 failed"; }
pass "up 3: $(grep '^vcluster up' "$T_TMP/up.out")"
check "srun has the $PLUGIN plug-in" sh -c "'$VC' --state '$STATE' exec head -- srun --mpi=list 2>&1 | grep -qw $PLUGIN"

# ---- inter: srun from the login node, native, hybrid and bind on two nodes -----------------
prun --campaign=inter --launcher=srun --nodes=2 --ranks=2 --placement=inter --modes=native,hybrid,bind \
	--kernels=latency --sizes=8:1K >"$T_TMP/inter.out" 2>&1
rc=$?
cat "$T_TMP/inter.out"
check "inter: exit 0, every run ok" test "$rc" = 0
check "inter: 3 runs ok" grep -q '^3 runs: 3 ok, 0 failed, 0 timeout, 0 mode-mismatch' "$T_TMP/inter.out"
check "inter: each run's ranks on two distinct nodes ($(hosts inter | sort -u | tr '\n' ';'))" \
	test "$(hosts inter | grep -cE '^node[123] node[123]$')" = 3
for mode in native hybrid bind; do
	tr=$(col inter $mode transport)
	check "inter: $mode ran over TCP between the nodes and recorded it ($tr)" \
		sh -c "echo '$tr' | grep -qE '(^|[,:])tcp(/|,|$)'"
done
# The nodes' site configuration puts the host MPI on the fabric; the image's MPI does not read
# it and uses the ethernet too (the evidence names the device: UCX's lanes, Open MPI's TCP BTL
# interfaces).
check "inter: native (host MPI) on the fabric only ($(col inter native transport))" \
	sh -c "t='$(col inter native transport)'; case \$t in *tcp/fab0*) case \$t in *tcp/eth0*) exit 1;; esac;; *) exit 1;; esac"
check "inter: hybrid (image MPI) on the ethernet too ($(col inter hybrid transport))" \
	sh -c "case '$(col inter hybrid transport)' in *tcp/eth0*) exit 0;; esac; exit 1"
check "inter: srun never warned about CPU binding" \
	sh -c "! grep -q 'lacks support for cpu binding' '$T_TMP/inter.out' '$R'/inter/logs/*.log"
check "inter: the work directory in the results root is removed" test -z "$(find "$R" -maxdepth 1 -name '.parity-*')"

# ---- a work directory the nodes cannot see ----------------------------------------------------
prun --campaign=local --launcher=srun --nodes=2 --ranks=2 --placement=inter --modes=native \
	--kernels=latency --sizes=8:8 --workdir=/tmp >"$T_TMP/local.out" 2>&1
rc=$?
check "--workdir /tmp (node-local): exit 4 ($rc)" test "$rc" = 4
check "--workdir /tmp: one line saying a node cannot see it ($(head -c 300 "$T_TMP/local.out"))" \
	test "$(wc -l <"$T_TMP/local.out")" = 1 -a -n "$(grep 'is not visible on every node' "$T_TMP/local.out")"
check "--workdir /tmp: nothing launched, nothing recorded" test ! -e "$R/local/runs.csv"

# ---- the family's own launcher inside an allocation ---------------------------------------------
vexec head -- salloc -N2 -n2 "$PARITY" run --results="$R" --bench="$PARITY_BENCH" --mpi="$MPI_FAMILY" \
	--bind-image="$IMG_DIR/parity-bare" --iterations=100 --warmup=10 --min-time=0 --repetitions=1 \
	--timeout=120 --campaign=alloc --launcher="$LAUNCHER" --nodes=2 --ranks=2 --ranks-per-node=1 \
	--placement=inter --modes=native,bind --kernels=latency --sizes=8:64 >"$T_TMP/alloc.out" 2>&1
rc=$?
cat "$T_TMP/alloc.out"
check "$LAUNCHER in salloc -N2: exit 0" test "$rc" = 0
check "$LAUNCHER in salloc -N2: ranks on two distinct nodes" test "$(hosts alloc | grep -cE '^node[123] node[123]$')" = 2

# ---- coll:3: one rank on each of 3 nodes ----------------------------------------------------------
prun --campaign=coll3 --launcher=srun --nodes=3 --ranks=3 --placement=coll:3 --modes=native,hybrid \
	--kernels=allreduce --sizes=8:8 --iterations=20 --warmup=2 >"$T_TMP/coll3.out" 2>&1
rc=$?
cat "$T_TMP/coll3.out"
check "coll:3: exit 0" test "$rc" = 0
check "coll:3: each run on node1, node2 and node3 ($(hosts coll3 | sort -u | tr '\n' ';'))" \
	test "$(hosts coll3 | grep -c '^node1 node2 node3$')" = 2

# ---- parity sbatch: an array over 2 nodes, a failed task, its resubmission, merge --------------
C=arr
cat >"$WORK/plan.conf" <<EOF
campaign = $C
results = $R
modes = native,hybrid
runtime = charliecloud
image = $IMG_DIR/parity-mpi
bind-image = $IMG_DIR/parity-bare
mpi = $MPI_FAMILY
bench = $PARITY_BENCH
kernels = latency
sizes = 8:64
iterations = 100
warmup = 10
min-time = 0
repetitions = 1
timeout = 120
EOF
# The partition is held down while task 1 gets its fault (a run that cannot end in time).
vexec head -- scontrol update PartitionName=debug State=DOWN || die "cannot set the partition down"
vexec head -- "$PARITY" sbatch "$WORK/plan.conf" --placements inter --submit >"$T_TMP/sbatch.out" 2>&1
rc=$?
cat "$T_TMP/sbatch.out"
[ "$rc" = 0 ] || die "parity sbatch --submit failed with exit $rc"
array=$(sed -n 's/^submitted array \([0-9]*\):.*/\1/p' "$T_TMP/sbatch.out")
merge_job=$(sed -n 's/^submitted merge job \([0-9]*\) .*/\1/p' "$T_TMP/sbatch.out")
if [ -z "$array" ] || [ -z "$merge_job" ]; then die "no job ids in the output of parity sbatch --submit"; fi
check "the inter script asks for 2 nodes" grep -q -- '^#SBATCH --nodes=2$' "$R/$C/sbatch-inter.sh"
cp "$R/$C/tasks/1/plan.conf" "$T_TMP/plan-1.orig"
printf 'iterations = 100000000\ntimeout = 2\n' >>"$R/$C/tasks/1/plan.conf"
vexec head -- scontrol update PartitionName=debug State=UP || die "cannot set the partition up"
wait_gone "$array" "$merge_job"
merge_out=$R/$C/tasks/merge-$merge_job.out
sed 's/^/  merge| /' "$merge_out" | head -n 8
check "merge: 1 ok, 1 failed" grep -q "campaign $C: 2 tasks: 1 ok, 1 failed, 0 missing" "$merge_out"
resubmit=$(sed -n "s|^  \(sbatch --array=1 $R/$C/sbatch-inter.sh\)$|\1|p" "$merge_out")
check "merge prints the resubmission of task 1 only" test -n "$resubmit"
cp "$T_TMP/plan-1.orig" "$R/$C/tasks/1/plan.conf"
# shellcheck disable=SC2086 # the printed command, word for word
re_out=$(vexec head -- $resubmit 2>&1) || die "the resubmit command failed: $re_out"
re_job=$(printf '%s\n' "$re_out" | sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p')
[ -n "$re_job" ] || die "no job id from the resubmit command: $re_out"
wait_gone "$re_job"
vexec head -- "$PARITY" merge --no-analysis "$R/$C/tasks" >"$T_TMP/merge2.out" 2>&1
check "merge after the resubmission: every task ok" grep -q "campaign $C: 2 tasks: 2 ok, 0 failed, 0 missing" "$T_TMP/merge2.out"
check "sbatch: every run's ranks on two distinct nodes" \
	test "$(for f in "$R/$C"/tasks/*/"$C".t*/logs/*.prov.csv; do python3 -c 'import csv, sys; print(len({r["hostname"] for r in csv.DictReader(open(sys.argv[1]))}))' "$f"; done | sort -u)" = 2

check "down --purge" sh -c "'$VC' --state '$STATE' down --purge >/dev/null 2>&1"
check "down left no process of the cluster" test -z "$(pgrep -f "$STATE/")"
echo "timing: ${MPI_FAMILY} $((SECONDS - t0)) s on the vcluster"
finish
