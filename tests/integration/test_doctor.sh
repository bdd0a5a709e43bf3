#!/bin/bash
# test_doctor.sh: `parity doctor` on the real host for the build's MPI family: it finds the
# host library (the same device:inode as the file), lists what a bind needs (libmpich.so.12
# + UCX plug-ins, or libmpi.so.40 + MCA components), judges images (same family ok, other
# family refused with exit PARITY_EXIT_ABI, older host warns), stages with hard links, and
# maps bad input to its exit codes.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=tests/integration/bind-lib.sh
. "$top_srcdir/tests/integration/bind-lib.sh"

EXIT_USAGE=2 EXIT_IMAGE=3 EXIT_ABI=5
[ -x "$PARITY" ] || die "parity not built: $PARITY"
case $MPI_FAMILY in
mpich) other=openmpi soname=libmpich.so.12 other_soname=libmpi.so.40 plugins='^  lib/ucx/ \(' plugin='libuct_cma\.so[.0-9]*' ;;
openmpi) other=mpich soname=libmpi.so.40 other_soname=libmpich.so.12 plugins='^  openmpi/ \(' plugin='mca_btl_vader\.so' ;;
*) die "unknown MPI_FAMILY '$MPI_FAMILY'" ;;
esac

# doctor ARGS...: run parity doctor, output in $T_TMP/out and $T_TMP/err, status in $rc.
doctor() { "$PARITY" doctor "$@" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?; }
has() { grep -q -E -- "$1" "$T_TMP/$2"; }

# ---------------------------------------------------------------- host only
doctor --mpi "$MPI_FAMILY"
check "doctor exits 0 on this host ($rc)" test "$rc" -eq 0
cp "$T_TMP/out" "$T_TMP/host-out"
check "doctor names the host $soname" has "^  lib/$soname +mpi " out
check "doctor lists the plug-in directory ($plugins)" has "$plugins" out
check "doctor lists $plugin among the plug-ins" has " $plugin( |\$)" out
check "doctor never binds the C runtime" has '^C runtime, never bound.*libc\.so\.6' out
if has '^  lib/libc\.so\.6 ' out; then fail "doctor stages the host libc"; else pass "libc is not staged"; fi
real=$(sed -n 's/^  library: .* -> //p' "$T_TMP/out")
devino=$(sed -n 's/^  dev:ino:  \([0-9]*:[0-9]*\).*/\1/p' "$T_TMP/out")
check "dev:ino $devino is the host file $real" test "$devino" = "$(stat -L -c %d:%i "$real" 2>/dev/null)"
check "doctor prints the ch-run flags" has "^charliecloud: .* ch-run (--join|--join-ct=2) -b [^ ]+/$MPI_FAMILY:/opt/parity/host .*--set-env=LD_LIBRARY_PATH=/opt/parity/host/lib( .*)? IMAGE -- /opt/parity/$MPI_FAMILY/bin/parity-bench\$" out
check "doctor prints the apptainer flags" has "^apptainer: +.* apptainer exec --bind [^ ]+:/opt/parity/host .*--env LD_LIBRARY_PATH=/opt/parity/host/lib" out
if [ "$MPI_FAMILY" = openmpi ]; then
	check "Open MPI components path set" has '^  OMPI_MCA_mca_base_component_path=/opt/parity/host/openmpi$' out
	check "Open MPI host parameters staged (defaults differ without them)" has '^  OPAL_SYSCONFDIR=/opt/parity/host/etc/openmpi$' out
else
	check "libmpi.so.12 link for upstream-MPICH programs" has '^  lib/libmpi\.so\.12 +link -> libmpich\.so\.12' out
fi

# ---------------------------------------------------------------- images
img=$T_TMP/img-same
bind_make_image "$img" org.supercontainers.mpi.implementation=none org.parity.mpi.abi=mpich:12,openmpi:40 \
	org.parity.image.variant=bare || die "cannot build a test image"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "same-family image: exit 0 ($rc)" test "$rc" -eq 0
check "same-family image: ABI ok" has '^ABI verdict: ABI ok' out
check "glibc verdict printed" has '^glibc: host files need up to GLIBC_2\.[0-9]+ .*provides up to GLIBC_2\.[0-9]+: ok$' out

img=$T_TMP/img-other
bind_make_image "$img" "org.supercontainers.mpi.implementation=$other" "org.parity.mpi.abi=$other:$([ "$other" = mpich ] && echo 12 || echo 40)" ||
	die "cannot build a test image"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "other-family image refused with exit $EXIT_ABI ($rc)" test "$rc" -eq "$EXIT_ABI"
check "refusal is one line naming both families and the image" \
	test "$(grep -c -E "host MPI is $MPI_FAMILY .*image $img expects $other" "$T_TMP/err")" -eq 1
# Without labels: the other family's library in the image tells.
img=$T_TMP/img-files
bind_make_image "$img" || die "cannot build a test image"
rm -f "$img/ch/metadata.json" "$img/etc/parity/labels"
cp -L "$(ldconfig -p | awk -v s="$other_soname" '$1 == s && /x86-64/ { print $NF; exit }')" "$img/usr/lib/" ||
	die "host has no $other_soname to plant in the image"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "label-less image with $other_soname refused ($rc)" test "$rc" -eq "$EXIT_ABI"
check "the refusal says it came from the files" has 'from its files' err

img=$T_TMP/img-newer
bind_make_image "$img" "org.supercontainers.mpi.implementation=$MPI_FAMILY" org.supercontainers.mpi.version=99.1 ||
	die "cannot build a test image"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "image built with a newer MPI: exit 0 ($rc)" test "$rc" -eq 0
check "... with a one-line warning that the host is older" has '^ABI verdict: WARNING: host .* is older than .* 99\.1' out

# An image whose libc.so.6 defines only GLIBC_2.2.5 (glibc's own libBrokenLocale stands in for
# an old libc): every host MPI needs more.
img=$T_TMP/img-oldlibc
multi=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
bind_make_image "$img" || die "cannot build a test image"
if cp "/lib/$multi/libBrokenLocale.so.1" "$img/usr/lib/$multi/libc.so.6" 2>/dev/null; then
	doctor --mpi "$MPI_FAMILY" --image "$img"
	check "image with an old libc refused with exit $EXIT_ABI ($rc)" test "$rc" -eq "$EXIT_ABI"
	check "glibc refusal names the host library, both versions and the image" \
		has "glibc mismatch: host library /.* needs GLIBC_2\.[0-9]+, image $img's libc\.so\.6 provides only up to GLIBC_2\.2\.5" err
else
	echo "note: no libBrokenLocale.so.1 on this host: old-libc refusal not exercised"
fi
# An image providing a library (so it is not bound) that lacks a symbol version a host library needs.
img=$T_TMP/img-oldnuma
bind_make_image "$img" || die "cannot build a test image"
if grep -q '^  lib/libnuma\.so\.1 ' "$T_TMP/host-out" && cp "/lib/$multi/libBrokenLocale.so.1" "$img/usr/lib/$multi/libnuma.so.1" 2>/dev/null; then
	doctor --mpi "$MPI_FAMILY" --image "$img"
	check "image libnuma without the needed versions refused ($rc)" test "$rc" -eq "$EXIT_ABI"
	check "version refusal names the version and the image" has "needs libnuma_1\.[0-9] from libnuma\.so\.1, which image $img" err
	check "the image's libnuma is listed as provided, not staged" has "^  libnuma\.so\.1 .* image: /" out
fi
# A SquashFS image: labels read with unsquashfs.
if command -v mksquashfs >/dev/null 2>&1 && command -v unsquashfs >/dev/null 2>&1; then
	mksquashfs "$T_TMP/img-other" "$T_TMP/other.sqfs" -quiet -no-progress >/dev/null 2>&1 ||
		die "mksquashfs failed"
	doctor --mpi "$MPI_FAMILY" --image "$T_TMP/other.sqfs"
	check "SquashFS image of the other family refused from its labels ($rc)" test "$rc" -eq "$EXIT_ABI"
	mksquashfs "$T_TMP/img-same" "$T_TMP/same.sqfs" -quiet -no-progress >/dev/null 2>&1 || die "mksquashfs failed"
	doctor --mpi "$MPI_FAMILY" --image "$T_TMP/same.sqfs"
	check "SquashFS image of the same family: exit 0 ($rc)" test "$rc" -eq 0
	check "... noting that its files are not inspected" has '^note: squashfs image: its files cannot be inspected' out
fi

img=$T_TMP/img-broken
bind_make_image "$img" || die "cannot build a test image"
printf '{"labels": {"a": ' >"$img/ch/metadata.json"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "malformed labels: exit $EXIT_IMAGE ($rc)" test "$rc" -eq "$EXIT_IMAGE"
check "malformed labels: one error line" test "$(wc -l <"$T_TMP/err")" -eq 1

bare=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}/parity-bare
if [ -d "$bare" ]; then
	doctor --mpi "$MPI_FAMILY" --image "$bare"
	check "parity-bare: exit 0 ($rc)" test "$rc" -eq 0
	check "parity-bare: ABI ok" has '^ABI verdict: ABI ok' out
else
	echo "note: $bare not built: checked against constructed images only"
fi

# ---------------------------------------------------------------- staging
img=$T_TMP/img-same
doctor --mpi "$MPI_FAMILY" --image "$img" --stage "$T_TMP/stage"
check "--stage: exit 0 ($rc)" test "$rc" -eq 0
staged=$T_TMP/stage/$MPI_FAMILY/lib/$soname
check "staged $soname exists" test -f "$staged"
check "staged $soname is a hard link of the host file" test "$(stat -L -c %d:%i "$staged")" = "$devino"
check "--stage reports the staged dev:ino" has "^staged: .*dev:ino $(stat -L -c %d:%i "$staged")\\)" out
doctor --mpi "$MPI_FAMILY" --image "$T_TMP/img-other" --stage "$T_TMP/stage2"
check "a refused image stages nothing" test ! -e "$T_TMP/stage2/$MPI_FAMILY"

# ---------------------------------------------------------------- commands
# Every runtime of the table has its line; --runtime shows one.
runtimes=$("$PARITY" doctor --help | tr -s ' \n' ' ' | sed -n 's/.*--runtime=NAME.*every runtime; with --smoke, charliecloud): *\([a-z, ]*\).*/\1/p' | tr -d ' ' | tr ',' ' ')
check "doctor --help names the runtimes ($runtimes)" test -n "$runtimes"
doctor --mpi "$MPI_FAMILY"
for rt in $runtimes; do
	check "doctor prints a command for $rt" has "^$rt: +[^ ]" out
done
doctor --mpi "$MPI_FAMILY" --runtime=podman
check "--runtime=podman: exit 0 ($rc)" test "$rc" -eq 0
check "--runtime=podman: only podman's command" test "$(grep -c -E '^[a-z]+: +[^ ]' "$T_TMP/out")" -eq 1 -a -n "$(grep '^podman: ' "$T_TMP/out")"
check "... with this host's options" has '^podman: .* podman run --rm .*--ulimit nofile=[0-9]+:[0-9]+ ' out
doctor --runtime=docker
check "--runtime=docker: exit $EXIT_USAGE ($rc)" test "$rc" -eq "$EXIT_USAGE"
# Commands are shell-quoted: pasting one never runs what a path holds.
img="$T_TMP/img \$(touch $T_TMP/pwned) 'q'"
bind_make_image "$img" org.parity.mpi.abi=mpich:12,openmpi:40 || die "cannot build a test image"
doctor --mpi "$MPI_FAMILY" --image "$img"
check "image with shell syntax in its path: exit 0 ($rc)" test "$rc" -eq 0
for rt in $runtimes; do
	line=$(sed -n "s/^$rt: *//p" "$T_TMP/out")
	eval "set -- $line"
	found=0
	for w in "$@"; do case $w in "$img"|*"=$img"|*"$img:"*) found=1 ;; esac; done
	check "$rt: the pasted command holds the image path as one word" test "$found" -eq 1
done
check "pasting the commands ran nothing" test ! -e "$T_TMP/pwned"

# ---------------------------------------------------------------- bad input
doctor --image "$T_TMP/no-such-image"
check "missing image: exit $EXIT_IMAGE ($rc)" test "$rc" -eq "$EXIT_IMAGE"
check "missing image: one line naming it" has "no-such-image" err
doctor --bogus
check "bad option: exit $EXIT_USAGE ($rc)" test "$rc" -eq "$EXIT_USAGE"
doctor --mpi lam
check "unknown family: exit $EXIT_USAGE ($rc)" test "$rc" -eq "$EXIT_USAGE"
doctor --mpi
check "missing option value: exit $EXIT_USAGE ($rc)" test "$rc" -eq "$EXIT_USAGE"
doctor --help
check "--help: exit 0 and usage" test "$rc" -eq 0 -a -n "$(grep '^usage: parity doctor' "$T_TMP/out")"

finish
