#!/bin/bash
# test_doctor_smoke.sh: `parity doctor --smoke` launches every mode once for real with the
# configured runtime (Charliecloud, then Podman) and prints per mode ok with the exact command
# it ran; with a broken image (no MPI, no kernels) the image's modes print FAILED, their
# command and the first error lines, and the exit status is 1. A runtime that cannot do a mode
# (pyxis under mpiexec) is a bad option, refused before anything runs.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=tests/integration/bind-lib.sh
. "$top_srcdir/tests/integration/bind-lib.sh"

runtimes=
command -v ch-run >/dev/null 2>&1 && runtimes="$runtimes charliecloud"
command -v podman >/dev/null 2>&1 && runtimes="$runtimes podman"
[ -n "$runtimes" ] || skip "neither ch-run nor podman installed"
imgdir=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
for img in parity-mpi parity-bare; do
	[ -d "$imgdir/$img" ] || die "image $imgdir/$img is missing: run 'make images' (or set PARITY_IMAGE_DIR)"
done
export USER=${USER:-$(id -un)} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

smoke() { "$PARITY" doctor --mpi "$MPI_FAMILY" --smoke --timeout 30 "$@" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?; }
line() { grep -E "^$1 +$2 " "$T_TMP/out"; }
# command MODE: the command printed under MODE's verdict.
command_of() { awk -v m="$1" '$1 == m { getline; sub(/^  command: /, ""); print; exit }' "$T_TMP/out"; }

broken=$T_TMP/broken
bind_make_image "$broken" || die "cannot build a test image"
for rt in $runtimes; do
	smoke --runtime "$rt"
	cat "$T_TMP/out" "$T_TMP/err"
	check "$rt: smoke test exits 0 ($rc)" test "$rc" -eq 0
	for mode in native hybrid bind container-only; do
		check "$rt: $mode ok" line "$mode" ok
	done
	case $rt in charliecloud) word=ch-run ;; podman) word='podman run' ;; esac
	check "$rt: hybrid's command is the $word launch on parity-mpi" \
		eval "command_of hybrid | grep -q -- '$word .*$imgdir/parity-mpi'"
	check "$rt: 4 of 4 modes ok" grep -q '^4 of 4 modes ok$' "$T_TMP/out"

	smoke --runtime "$rt" --image "$broken"
	cat "$T_TMP/out" "$T_TMP/err"
	check "$rt: broken image: exit 1 ($rc)" test "$rc" -eq 1
	for mode in hybrid container-only; do
		check "$rt: broken image: $mode FAILED" line "$mode" FAILED
		check "$rt: broken image: $mode shows its command on the broken image" \
			eval "command_of $mode | grep -q -- '$word .*$broken'"
	done
	check "$rt: broken image: parity's verdict and error lines shown" \
		test "$(grep -c '^    | ' "$T_TMP/out")" -ge 2 -a -n "$(grep '^    | # parity: failed' "$T_TMP/out")"
	check "$rt: broken image: native and bind still ok" eval 'line native ok && line bind ok'
	check "$rt: 2 of 4 modes ok" grep -q '^2 of 4 modes ok$' "$T_TMP/out"
done
check "no smoke results left behind" test -z "$(ls -d /tmp/parity-smoke.* 2>/dev/null)"
"$PARITY" doctor --smoke --runtime pyxis --launcher mpiexec >"$T_TMP/out" 2>&1
rc=$?
check "pyxis under mpiexec: exit 2 ($rc)" test "$rc" -eq 2
check "... naming srun, before any launch" grep -q "runs under srun, not mpiexec" "$T_TMP/out"
finish
