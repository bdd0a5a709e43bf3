#!/bin/bash
# shellcheck disable=SC2317 # functions run through check/trap, which shellcheck cannot see
# test_vcluster.sh: scripts/vcluster.sh brings up a real 2-node cluster in namespaces: Slurm puts
# one task on each node, on disjoint CPUs; MPICH (pmi2) and Open MPI (pmix) ranks land on
# distinct hosts and their traffic takes the network the site configuration names; a missing
# prerequisite or a failing daemon fails `up` in one line and leaves nothing; `down` leaves no
# process, mount, namespace, link or cgroup.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=scripts/vcluster-step.sh
. "$top_srcdir/scripts/vcluster-step.sh"

VC=$top_srcdir/scripts/vcluster.sh
# A step that prints nothing this long is broken; one that hangs after printing everything is
# MPICH's finalize hang (FIELD-NOTES, scripts/vcluster-step.sh), which is not what is tested here.
readonly STEP_TIMEOUT_S=60
readonly FINALIZE_GRACE_S=5
readonly PING_BYTES=$((4 * 1024 * 1024))

[ "$(id -u)" = 0 ] || skip "needs root (namespaces, mounts, cgroups)"
for tool in slurmd slurmctld munged; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
for tool in unshare nsenter ip tc srun scancel squeue mpicc.mpich mpicc.openmpi setpriv; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not installed (Slurm is, so the test must run)"
done

# The state directory is not under /tmp (each node has its own /tmp); WORK is, so it must be
# shared explicitly, which is what --shared is for.
STATE=/var/tmp/parity-vcluster-test.$$
WORK=$T_TMP/work
mkdir -p "$WORK"
VCS=("$VC" --state "$STATE")
cd "$WORK"

not() { ! "$@"; }
quiet() { "$@" >/dev/null 2>&1; }

. "$top_srcdir/tests/integration/vcluster_lib.sh"

# nothing_left STATE CG_DIR [INODE...]: no mount names STATE, no nsfs mount or process holds one
# of the namespace INODEs, CG_DIR is gone, no daemon names STATE on its command line and the root
# namespace has none of the cluster's links. Prints what it finds.
nothing_left() {
	local state=$1 cg=$2 inode found=""
	shift 2
	findmnt -rn -o TARGET | grep -qF "$state" && found="$found mounts"
	for inode in "$@"; do
		findmnt -rn -t nsfs -o SOURCE | grep -qF "[$inode]" && found="$found nsfs:$inode"
		stat -L -c %i /proc/[0-9]*/ns/net /proc/[0-9]*/ns/mnt 2>/dev/null | grep -qx "$inode" && found="$found proc:$inode"
	done
	[ -z "$cg" ] || [ ! -e "$cg" ] || found="$found cgroup:$cg"
	pgrep -f "$state/" >/dev/null && found="$found processes:$(pgrep -f "$state/" | tr '\n' ' ')"
	ip -o link | grep -qE ': (br-eth|br-fab|[ef]-node[0-9]+)[@:]' && found="$found links"
	[ -z "$found" ] || echo "left behind:$found"
	[ -z "$found" ]
}

cg_dir_of() { sed -n 's/^CG_DIR=//p' "$1/cluster.info" 2>/dev/null; }
ns_inodes_of() { stat -c %i "$1"/ns/*.net "$1"/ns/*.mnt 2>/dev/null | tr '\n' ' '; }

# ---- a missing prerequisite: one line, non-zero, nothing started ------------------------------

# A PATH with everything of /usr/bin and /usr/sbin except slurmd.
mkdir -p "$T_TMP/bin"
ln -s /usr/bin/* "$T_TMP/bin/" 2>/dev/null || true
ln -s /usr/sbin/* "$T_TMP/bin/" 2>/dev/null || true
rm -f "$T_TMP/bin/slurmd"
rc=0
PATH=$T_TMP/bin "${VCS[@]}" up 2 --shared "$WORK" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
check "up without slurmd exits 1 (got $rc)" test "$rc" = 1
check "up without slurmd says so in one line: $(head -c 200 "$T_TMP/err")" \
	test "$(wc -l <"$T_TMP/err")" = 1 -a -n "$(grep "'slurmd' not found" "$T_TMP/err")"
check "up without slurmd started nothing" test ! -e "$STATE"

rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$VC" --state "$STATE" up 2 >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
check "up as a non-root user exits 1 in one line: $(head -c 200 "$T_TMP/err")" \
	test "$rc" = 1 -a "$(wc -l <"$T_TMP/err")" = 1

# ---- a daemon that fails after namespaces, links and cgroups exist: all of it is undone --------

# The nodes see WORK (shared), not the rest of T_TMP.
mkdir -p "$WORK/fake"
printf '#!/bin/sh\necho "fake slurmd: refusing to start" >&2\nexit 1\n' >"$WORK/fake/slurmd"
chmod +x "$WORK/fake/slurmd"
rc=0
PATH=$WORK/fake:$PATH "${VCS[@]}" up 2 --shared "$WORK" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
check "up with a failing slurmd exits 1 (got $rc)" test "$rc" = 1
check "up with a failing slurmd names it" grep -q 'error: slurmd did not start on node1' "$T_TMP/err"
check "up with a failing slurmd says it cleaned up" grep -q 'removed what it had started' "$T_TMP/err"
check "up with a failing slurmd left nothing running or mounted" nothing_left "$STATE" "$(cg_dir_of "$STATE")"

# ---- bring-up ----------------------------------------------------------------------------------

"${VCS[@]}" up 2 --shared "$WORK" >"$T_TMP/up.out" 2>"$T_TMP/up.err" || { cat "$T_TMP/up.err"; die "up 2 failed"; }
pass "up 2: $(head -n 1 "$T_TMP/up.out")"
check "up prints how to use it" grep -q 'exec head -- srun -N2 hostname' "$T_TMP/up.out"
check "status says up" quiet "${VCS[@]}" status
check "a second up of the same state is refused" not quiet "${VCS[@]}" up 2
CG_DIR=$(cg_dir_of "$STATE")
INODES=$(ns_inodes_of "$STATE")

vexec() { "${VCS[@]}" exec "$@"; }

check "srun -N2 hostname from the head runs once on each node" \
	test "$(vexec head -- timeout "$STEP_TIMEOUT_S" srun -N2 hostname | sort | tr '\n' ' ')" = "node1 node2 "
read -r -a cpus <<<"$(vexec head -- timeout "$STEP_TIMEOUT_S" srun -N2 -l grep Cpus_allowed_list /proc/self/status |
	sort | awk '{ print $NF }' | tr '\n' ' ')"
check "tasks on node1 and node2 run on disjoint CPUs (${cpus[*]})" \
	test "${#cpus[@]}" = 2 -a "${cpus[0]-x}" != "${cpus[1]-x}"
check "exec keeps the working directory" test "$(vexec node1 -- pwd)" = "$WORK"
check "the default route of a node is the ethernet" \
	test -n "$(vexec node1 -- ip route show default | grep 'dev eth0')"
check "the ethernet is shaped by tbf, the fabric is not" \
	test -n "$(vexec node1 -- tc qdisc show dev eth0 | grep tbf)" -a -z "$(vexec node1 -- tc qdisc show dev fab0 | grep tbf)"
check "a node sees only its own links in /sys" test "$(vexec node1 -- ls /sys/class/net | tr '\n' ' ')" = "eth0 fab0 lo "
check "nodes reach each other over the fabric" quiet vexec node1 -- ping -c 1 -W 5 -q node2-fab
vexec node1 -- touch "/tmp/vcluster-test.$$"
check "/tmp is private to each node" not vexec node2 -- test -e "/tmp/vcluster-test.$$"
check "/tmp of a node is not the host's" test ! -e "/tmp/vcluster-test.$$"

# ---- MPI across nodes: ranks on distinct hosts, traffic on the configured network --------------

cat >"$WORK/ping.c" <<EOF
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Ranks 0 and 1 exchange $PING_BYTES bytes once; every rank prints "rank R of N on HOST ok"
 * before MPI_Finalize (which may hang in MPICH 4.0.2 over TCP). */
int main(int argc, char **argv)
{
	int rank = 0, size = 0;
	char host[256] = "";
	char *buf = calloc($PING_BYTES, 1);

	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	gethostname(host, sizeof(host) - 1);
	if (buf == NULL)
		MPI_Abort(MPI_COMM_WORLD, 1);
	if (rank == 0) {
		MPI_Send(buf, $PING_BYTES, MPI_CHAR, 1, 0, MPI_COMM_WORLD);
		MPI_Recv(buf, $PING_BYTES, MPI_CHAR, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	} else if (rank == 1) {
		MPI_Recv(buf, $PING_BYTES, MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		MPI_Send(buf, $PING_BYTES, MPI_CHAR, 0, 0, MPI_COMM_WORLD);
	}
	printf("rank %d of %d on %s ok\n", rank, size, host);
	fflush(stdout);
	free(buf);
	MPI_Finalize();
	return 0;
}
EOF
mpicc.mpich -o "$WORK/ping_mpich" "$WORK/ping.c" || die "mpicc.mpich failed"
mpicc.openmpi -o "$WORK/ping_openmpi" "$WORK/ping.c" || die "mpicc.openmpi failed"

# tx_bytes IF: bytes node1 has sent on IF.
tx_bytes() { vexec node1 -- cat "/sys/class/net/$1/statistics/tx_bytes"; }

# mpi_check MPI PLUGIN SITE: ranks of MPI's ping on distinct nodes, and with site configuration
# SITE node1 sent the payload on that network and (almost) nothing on the other.
mpi_check() {
	local mpi=$1 plugin=$2 site=$3 used unused out=$T_TMP/$1-$3.out e0 f0 e1 f1 moved idle_bytes
	if [ "$site" = fabric ]; then used=fab0 unused=eth0; else used=eth0 unused=fab0; fi
	e0=$(tx_bytes eth0) f0=$(tx_bytes fab0)
	if ! vcluster_step VCS "$out" ' ok$' 2 "$STEP_TIMEOUT_S" "$FINALIZE_GRACE_S" \
		-N2 --ntasks-per-node=1 --mpi="$plugin" "$WORK/ping_$mpi"; then
		fail "$mpi: both ranks print ok (output: $(head -c 400 "$out"))"
		return
	fi
	e1=$(tx_bytes eth0) f1=$(tx_bytes fab0)
	check "$mpi ($plugin): a world of 2, one rank on node1 and one on node2" \
		test "$(sed -n 's/^rank [01] of 2 on \(node[12]\) ok$/\1/p' "$out" | sort | tr '\n' ' ')" = "node1 node2 "
	if [ "$used" = fab0 ]; then moved=$((f1 - f0)) idle_bytes=$((e1 - e0)); else moved=$((e1 - e0)) idle_bytes=$((f1 - f0)); fi
	# Slurm's own traffic (I/O, PMI) is on the ethernet and is a few KiB.
	check "$mpi, site $site: the payload went over $used ($moved bytes; $unused: $idle_bytes)" \
		test "$moved" -ge "$PING_BYTES" -a "$idle_bytes" -lt $((PING_BYTES / 4))
}

mpi_check mpich pmi2 fabric
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpi_check openmpi pmix fabric
check "site ethernet is applied" quiet "${VCS[@]}" site ethernet
mpi_check mpich pmi2 ethernet
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpi_check openmpi pmix ethernet
[ "$VCLUSTER_STEP_HANGS" = 0 ] ||
	echo "note: $VCLUSTER_STEP_HANGS MPI step(s) hung after their output and were cancelled (MPICH finalize, FIELD-NOTES)"

# ---- teardown ------------------------------------------------------------------------------------

check "down --purge succeeds" quiet "${VCS[@]}" down --purge
# shellcheck disable=SC2086 # one inode per word
check "down left nothing behind" nothing_left "$STATE" "$CG_DIR" $INODES
check "status says down" not quiet "${VCS[@]}" status
check "down again is a no-op" quiet "${VCS[@]}" down

finish
