#!/bin/bash
# test_bind_checks.sh: `parity run` refuses a bind-mode run before anything is launched
# (the launcher and every runtime are stand-ins here that record being started) when
#  - the application inside the image needs the other family's MPI library (its DT_NEEDED:
#    libmpich.so.12 vs libmpi.so.40), even when the image's labels claim both: exit 5;
#  - the image's libc is older than what the host MPI files need (glibc): exit 5;
#  - for ch-run (which cannot create a mount point in a read-only image), the image lacks
#    the bind destination /opt/parity/host: exit 3, one line saying what to add.
# Directory images are read directly, SquashFS images through unsquashfs.
# A good image goes through to the launch, for every runtime.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=tests/integration/bind-lib.sh
. "$top_srcdir/tests/integration/bind-lib.sh"

EXIT_IMAGE=3 EXIT_ABI=5
[ -x "$PARITY" ] || die "parity not built: $PARITY"
export USER=${USER:-$(id -un)}
case $MPI_FAMILY in
mpich) soname=libmpich.so.12 other=openmpi other_soname=libmpi.so.40 ;;
openmpi) soname=libmpi.so.40 other=mpich other_soname=libmpich.so.12 ;;
*) die "unknown MPI_FAMILY '$MPI_FAMILY'" ;;
esac

# Stand-ins for every launcher and runtime program: they only leave a mark.
mkdir -p "$T_TMP/bin"
for p in mpiexec.mpich mpirun.openmpi srun ch-run apptainer singularity podman sarus; do
	printf '#!/bin/sh\necho "$0 $*" >>"%s/launched"\nexit 0\n' "$T_TMP" >"$T_TMP/bin/$p"
	chmod +x "$T_TMP/bin/$p"
done
export PATH=$T_TMP/bin:$PATH

# An image labelled for both families, whose application is linked with the other one's library:
# a copy of a host program that needs it (the other build's parity-bench, or a probe linked by
# hand against the host's library).
img=$T_TMP/img
bind_make_image "$img" org.supercontainers.mpi.implementation=none org.parity.mpi.abi=mpich:12,openmpi:40 \
	org.parity.image.variant=bare || die "cannot build a test image"
mkdir -p "$img/opt/parity/$other/bin" "$img/opt/parity/$MPI_FAMILY/bin"
lib=$(ldconfig -p | awk -v s="$other_soname" '$1 == s && /x86-64/ { print $NF; exit }')
[ -n "$lib" ] || die "host has no $other_soname"
printf 'int MPI_Init(int *c, char ***v);\nint main(void) { return MPI_Init(0, 0); }\n' >"$T_TMP/app.c"
gcc -o "$img/opt/parity/$other/bin/parity-bench" "$T_TMP/app.c" "$lib" || die "cannot link a program against $lib"
lib=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ { print $NF; exit }')
gcc -o "$img/opt/parity/$MPI_FAMILY/bin/parity-bench" "$T_TMP/app.c" "$lib" || die "cannot link a program against $lib"

# prun ARGS...: a real (not dry) bind-mode run; status in $rc, stderr in $T_TMP/err.
prun() {
	rm -f "$T_TMP/launched"
	"$PARITY" run --mpi "$MPI_FAMILY" --modes bind --kernels latency --sizes 8 --repetitions 1 --ranks 2 \
		--results "$T_TMP/res" --campaign "c$RANDOM" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
}
nothing_launched() { test ! -e "$T_TMP/launched"; }

for rt in charliecloud apptainer singularity podman; do
	prun --runtime "$rt" --bind-image "$img" --image-bench "/opt/parity/$other/bin/parity-bench"
	check "$rt: application linked with $other_soname refused with exit $EXIT_ABI ($rc)" test "$rc" -eq "$EXIT_ABI"
	check "$rt: ... before anything is launched" nothing_launched
	check "$rt: ... in one line naming $other_soname and $soname" \
		test "$(grep -c "needs $other_soname .* host MPI bound in is $soname" "$T_TMP/err")" -eq 1
	prun --runtime "$rt" --bind-image "$img"
	check "$rt: the family's own application goes through to the launch ($rc)" test -e "$T_TMP/launched"
done

# glibc: an image whose libc.so.6 defines only GLIBC_2.2.5 (glibc's libBrokenLocale stands in).
multi=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
cp -a "$img" "$T_TMP/img-oldlibc"
cp "/lib/$multi/libBrokenLocale.so.1" "$T_TMP/img-oldlibc/usr/lib/$multi/libc.so.6" || die "no libBrokenLocale.so.1"
prun --bind-image "$T_TMP/img-oldlibc"
check "image with an old libc refused with exit $EXIT_ABI ($rc)" test "$rc" -eq "$EXIT_ABI"
check "... before anything is launched, naming both glibc versions" \
	eval 'nothing_launched && grep -q "needs GLIBC_2\.[0-9]*, image .*provides only up to GLIBC_2\.2\.5" "$T_TMP/err"'

# The bind destination: ch-run needs /opt/parity/host in the image.
cp -a "$img" "$T_TMP/img-nodst"
rmdir "$T_TMP/img-nodst/opt/parity/host"
prun --runtime charliecloud --bind-image "$T_TMP/img-nodst"
check "charliecloud: image without /opt/parity/host refused with exit $EXIT_IMAGE ($rc)" test "$rc" -eq "$EXIT_IMAGE"
check "... before anything is launched" nothing_launched
check "... in one line saying what to add" \
	test "$(wc -l <"$T_TMP/err")" -eq 1 -a "$(grep -c "has no directory /opt/parity/host .*mkdir -p $T_TMP/img-nodst/opt/parity/host" "$T_TMP/err")" -eq 1
prun --runtime charliecloud --bind-image "$T_TMP/img-nodst" --no-bind-host-mpi
check "charliecloud: the self-test binding nothing (--no-bind-host-mpi) needs no mount point ($rc)" test -e "$T_TMP/launched"
# A symbolic link to a directory inside the image is a directory there.
mkdir -p "$T_TMP/img-nodst/srv/host"
ln -s /srv/host "$T_TMP/img-nodst/opt/parity/host"
prun --runtime charliecloud --bind-image "$T_TMP/img-nodst"
check "charliecloud: a destination that is a link to a directory in the image is accepted" test -e "$T_TMP/launched"
rm "$T_TMP/img-nodst/opt/parity/host"
# The same checks read a SquashFS image through unsquashfs.
require_cmd mksquashfs unsquashfs
# Its files cannot be counted as provided, so every host directory the bind brings (libibverbs
# configuration, ...) needs its mount point too: make those doctor lists.
"$PARITY" doctor --mpi "$MPI_FAMILY" >"$T_TMP/doctor" 2>&1 || die "parity doctor failed"
for dst in $(sed -n '/^binds:$/,/^environment/s/^  [^:]*://p' "$T_TMP/doctor"); do mkdir -p "$img$dst"; done
mksquashfs "$img" "$T_TMP/img.sqfs" -quiet -no-progress >/dev/null 2>&1 || die "mksquashfs failed"
prun --runtime charliecloud --bind-image "$T_TMP/img.sqfs" --image-bench "/opt/parity/$other/bin/parity-bench"
check "squashfs: application linked with $other_soname refused with exit $EXIT_ABI ($rc)" \
	eval '[ "$rc" -eq "$EXIT_ABI" ] && nothing_launched && grep -q "needs $other_soname .* host MPI bound in is $soname" "$T_TMP/err"'
prun --runtime charliecloud --bind-image "$T_TMP/img.sqfs"
check "squashfs: the family's own application goes through to the launch ($rc)" test -e "$T_TMP/launched"
mksquashfs "$T_TMP/img-nodst" "$T_TMP/nodst.sqfs" -quiet -no-progress >/dev/null 2>&1 || die "mksquashfs failed"
prun --runtime charliecloud --bind-image "$T_TMP/nodst.sqfs"
check "squashfs without /opt/parity/host refused with exit $EXIT_IMAGE before launch ($rc)" \
	eval '[ "$rc" -eq "$EXIT_IMAGE" ] && nothing_launched && grep -q "nodst.sqfs has no directory /opt/parity/host .*RUN mkdir -p /opt/parity/host" "$T_TMP/err"'
# podman creates the mount point in its overlay: no refusal.
prun --runtime podman --bind-image "$T_TMP/img-nodst"
check "podman: the same image goes through (podman creates mount points) ($rc)" test -e "$T_TMP/launched"

finish
