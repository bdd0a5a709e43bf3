#!/bin/bash
# test_bind.sh: a real 2-rank bind-model run under the build family's launcher: the host MPI
# staged by `parity doctor --stage`, bound into an image without MPI with ch-run
# (--join-ct=2 under MPICH's mpiexec, --join under Open MPI's mpirun). Inside, every rank
# must have the staged host library mapped (same device:inode), and the shared-memory path
# must be the one used (UCX cma/sysv endpoints for MPICH, ob1 + vader for Open MPI), not TCP.
# When `make images` built parity-bare, its real parity-bench runs the same way and its own
# provenance lines must name the staged host library.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=tests/integration/bind-lib.sh
. "$top_srcdir/tests/integration/bind-lib.sh"

RUN_TIMEOUT=120
require_cmd ch-run timeout
[ -x "$PARITY" ] || die "parity not built: $PARITY"
export USER=${USER:-$(id -un)}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 PMIX_MCA_gds=hash
# Nothing in the launcher's environment may choose a transport for the ranks.
unset UCX_TLS UCX_NET_DEVICES UCX_LOG_LEVEL
for v in $(compgen -e | grep -E '^OMPI_MCA_(btl|pml|mtl|osc)'); do unset "$v"; done

case $MPI_FAMILY in
mpich) soname=libmpich.so.12 join=--join-ct=2 ;;
openmpi) soname=libmpi.so.40 join=--join ;;
*) die "unknown MPI_FAMILY '$MPI_FAMILY'" ;;
esac

img=$T_TMP/img
prog=/opt/parity/$MPI_FAMILY/bin/parity-bench
bind_make_image "$img" org.supercontainers.mpi.implementation=none org.parity.mpi.abi=mpich:12,openmpi:40 \
	org.parity.image.variant=bare || die "cannot build the test image"
mkdir -p "$img/opt/parity/$MPI_FAMILY/bin"
"$MPICC" -O2 -o "$img$prog" "$top_srcdir/tests/integration/bind-probe.c" || die "cannot compile bind-probe with $MPICC"

"$PARITY" doctor --mpi "$MPI_FAMILY" --image "$img" --stage "$T_TMP/stage" >"$T_TMP/doctor" 2>&1 ||
	die "parity doctor --stage failed: $(tail -n 3 "$T_TMP/doctor")"
staged=$T_TMP/stage/$MPI_FAMILY/lib/$soname
[ -f "$staged" ] || die "nothing staged at $staged"
# The ch-run command doctor prints (shell-quoted) is the bind: use its ch-run words as they
# are, minus --join/--join-ct (added below) and what follows the image.
# chrun_of FILE: the ch-run words of doctor's charliecloud line into the array chrun.
chrun_of() {
	local w
	eval "set -- $(sed -n 's/^charliecloud: *//p' "$1")"
	chrun=()
	while [ $# -gt 0 ] && [ "$1" != ch-run ]; do shift; done
	for w in "$@"; do
		case $w in --join|--join-ct=*) ;; --) break ;; *) chrun+=("$w") ;; esac
	done
}
chrun_of "$T_TMP/doctor"
[ "${chrun[0]:-}" = ch-run ] || die "doctor printed no ch-run line"
want_dev=$(bind_dev_hex "$staged")
want_ino=$(stat -L -c %i "$staged")
echo "staged $soname: dev $want_dev inode $want_ino ($(stat -L -c %h "$staged") links)"

launcher_opts=() prog_args=()
[ "$MPI_FAMILY" = openmpi ] && launcher_opts=(--oversubscribe)
# launch OUT [ENV=VALUE...]: 2 ranks of the probe in the bind container.
launch() {
	local out=$1
	shift
	env "$@" timeout "$RUN_TIMEOUT" "$MPIEXEC" "${launcher_opts[@]}" -n 2 \
		"${chrun[0]}" "$join" "${chrun[@]:1}" -- "$prog" "${prog_args[@]}" >"$out" 2>&1
}

if [ "$MPI_FAMILY" = mpich ]; then launch "$T_TMP/run" UCX_LOG_LEVEL=info; else launch "$T_TMP/run"; fi
rc=$?
check "2-rank bind run exits 0 ($rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || { sed -n 1,20p "$T_TMP/run"; finish; }
for r in 0 1; do
	line=$(grep -E "^rank $r maps /opt/parity/host/lib/$soname " "$T_TMP/run")
	check "rank $r loaded $soname from /opt/parity/host" test -n "$line"
	check "rank $r: device $want_dev, inode $want_ino (the host file)" \
		test "$line" = "rank $r maps /opt/parity/host/lib/$soname dev $want_dev inode $want_ino"
done
if grep -E '^rank [01] maps ' "$T_TMP/run" | grep -v -q ' /opt/parity/host/'; then
	fail "a rank mapped an MPI or transport library from outside the bind"
else
	pass "every MPI and transport library mapped comes from /opt/parity/host"
fi
check "communicator size is 2" grep -q '^size 2 ' "$T_TMP/run"

if [ "$MPI_FAMILY" = mpich ]; then
	check "UCX cma plug-in mapped in both ranks" test "$(grep -c -E '^rank [01] maps /opt/parity/host/lib/ucx/libuct_cma' "$T_TMP/run")" -eq 2
	eps=$(grep 'ep_cfg\[' "$T_TMP/run")
	check "UCX endpoints printed" test -n "$eps"
	check "UCX endpoints use cma and shared memory" grep -q 'tag(.*cma/memory' <<<"$eps"
	if grep -q 'tcp' <<<"$eps"; then fail "a UCX endpoint uses TCP"; else pass "no UCX endpoint uses TCP"; fi
	# A program built against upstream MPICH / Intel MPI needs libmpi.so.12: the stage's link
	# must give it the host libmpich (the probe with its NEEDED entry renamed stands in).
	if ! perl -0777 -pe 's/libmpich\.so\.12\0/libmpi.so.12\0\0\0/' "$img$prog" >"$img$prog-upstream" ||
		! chmod +x "$img$prog-upstream"; then
		die "cannot make the libmpi.so.12 probe"
	fi
	prog=$prog-upstream
	launch "$T_TMP/run-upstream"
	rc=$?
	check "a program needing libmpi.so.12 runs on the host libmpich ($rc)" test "$rc" -eq 0
	check "... with the host file mapped in both ranks" test "$(grep -c -E "^rank [01] maps /opt/parity/host/lib/$soname dev $want_dev inode $want_ino\$" "$T_TMP/run-upstream")" -eq 2
else
	check "ob1 PML in both ranks (not cm/ofi: the host's parameters apply)" \
		test "$(grep -c -E '^rank [01] maps /opt/parity/host/openmpi/mca_pml_ob1\.so' "$T_TMP/run")" -eq 2
	check "vader BTL mapped in both ranks" \
		test "$(grep -c -E '^rank [01] maps /opt/parity/host/openmpi/mca_btl_vader\.so' "$T_TMP/run")" -eq 2
	launch "$T_TMP/run-vader" OMPI_MCA_btl=self,vader
	rc=$?
	check "shared memory alone (btl self,vader) carries the run ($rc)" test "$rc" -eq 0
fi
# The real kernels in the bind image built by `make images`, when it is there: their own
# provenance lines must name the staged host library.
bare=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}/parity-bare
if [ -x "$bare/opt/parity/$MPI_FAMILY/bin/parity-bench" ]; then
	"$PARITY" doctor --mpi "$MPI_FAMILY" --image "$bare" --stage "$T_TMP/stage-bare" >"$T_TMP/doctor-bare" 2>&1 ||
		die "parity doctor --stage for parity-bare failed: $(tail -n 3 "$T_TMP/doctor-bare")"
	chrun_of "$T_TMP/doctor-bare"
	staged=$T_TMP/stage-bare/$MPI_FAMILY/lib/$soname
	dev=$(stat -L -c %d "$staged")
	want="libmpi=/opt/parity/host/lib/$soname dev=$(((dev >> 8) & 0xfff)):$(((dev & 0xff) | ((dev >> 12) & 0xfff00))) ino=$(stat -L -c %i "$staged")"
	prog=/opt/parity/$MPI_FAMILY/bin/parity-bench
	prog_args=(latency -m 8:8)
	launch "$T_TMP/run-bare"
	rc=$?
	check "parity-bare: parity-bench over the host $MPI_FAMILY exits 0 ($rc)" test "$rc" -eq 0
	check "parity-bare: both ranks' provenance shows the staged host library ($want)" \
		test "$(grep -c -E "^# rank [01]: .* $want " "$T_TMP/run-bare")" -eq 2
else
	echo "note: $bare not built: the real kernels were not run in a bind image"
fi
echo "measured: $(sed -n 's/^size 2 bandwidth_MBps /4 MiB ping-pong bandwidth MB\/s: /p' "$T_TMP/run")"
finish
