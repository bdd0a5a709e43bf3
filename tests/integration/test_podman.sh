#!/bin/bash
# test_podman.sh: real campaigns under rootful Podman with the build's MPI family: hybrid, bind
# and container-only, each verified like Charliecloud's (status ok = provenance checked; bind
# shows the host libmpi's device:inode, hybrid and container-only the image's own); the image
# directories byte-for-byte unchanged afterwards (--rootfs DIR:O) and the recorded digest equal
# to a fresh campaign's; an image by name from podman's store (made by `podman import` of the
# bind test image), recorded with podman's image id, its application's MPI checked through a
# read-only mount of it; a missing store image refused; and no
# container left behind under conmon after a timeout or after parity itself is stopped.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"
# shellcheck source=tests/integration/runs_csv.sh
. "$top_srcdir/tests/integration/runs_csv.sh"
require_cmd podman
imgdir=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
for img in parity-mpi parity-bare; do
	[ -d "$imgdir/$img" ] || die "image $imgdir/$img is missing: run 'make images' (or set PARITY_IMAGE_DIR)"
done
export USER=${USER:-$(id -un)} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

results=$T_TMP/results
campaign=podman-$$
store=localhost/parity-test-$$:bare
cleanup() {
	podman rmi -f "$store" >/dev/null 2>&1
	rm -rf "/tmp/parity-$campaign".* "/tmp/parity-$campaign"-*.*
	t_cleanup
}
trap cleanup EXIT
col() { csv_col "$1" "$results/$2/runs.csv" mode "$3"; }
# snapshot DIR: every entry's type, size, mode, owner, mtime and link target, and every file's content.
snapshot() {
	(cd "$1" && find . -printf '%p %y %s %m %U:%G %T@ %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum
}
prun() {
	local c=$1
	shift
	"$PARITY" run --runtime=podman --results="$results" --campaign="$c" --kernels=latency --repetitions=1 \
		--sizes=8:8 --iterations=50 --warmup=5 --min-time=0 "$@" >"$T_TMP/out" 2>&1
	rc=$?
}
# Containers of a campaign still known to podman (its work directory is their label).
leftovers() {
	podman ps -a --filter label=parity.workdir --format '{{index .Labels "parity.workdir"}}' | grep -c "/tmp/parity-$1\."
}

before_mpi=$(snapshot "$imgdir/parity-mpi")
before_bare=$(snapshot "$imgdir/parity-bare")
prun "$campaign" --modes=native,hybrid,bind,container-only
cat "$T_TMP/out"
check "podman campaign exits 0 ($rc)" [ $rc -eq 0 ]
check "4 runs, 4 ok" grep -q "^4 runs: 4 ok, 0 failed, 0 timeout, 0 mode-mismatch" "$T_TMP/out"
host_devino=$(col libmpi_dev_ino "$campaign" native | sort -u)
for mode in hybrid bind container-only; do
	check "$mode: ok, runtime podman, family $MPI_FAMILY" \
		[ "$(col status "$campaign" $mode | sort -u) $(col runtime "$campaign" $mode | sort -u) $(col mpi_family "$campaign" $mode | sort -u)" = "ok podman $MPI_FAMILY" ]
done
check "bind: the host libmpi's device:inode inside the container, as native ($host_devino)" \
	[ -n "$host_devino" -a "$(col libmpi_dev_ino "$campaign" bind | sort -u)" = "$host_devino" ]
check "hybrid: the image's own libmpi" [ "$(col libmpi_dev_ino "$campaign" hybrid | sort -u)" != "$host_devino" ]
check "container-only: the image's own libmpi" [ "$(col libmpi_dev_ino "$campaign" container-only | sort -u)" != "$host_devino" ]
check "the launch went through an overlay of the image directory" grep -q -- "--rootfs $imgdir/parity-mpi:O " "$results/$campaign"/logs/*hybrid*.log
check "parity-mpi byte-for-byte unchanged after the campaign" [ "$(snapshot "$imgdir/parity-mpi")" = "$before_mpi" ]
check "parity-bare byte-for-byte unchanged after the campaign" [ "$(snapshot "$imgdir/parity-bare")" = "$before_bare" ]
recorded=$(col image_sha256 "$campaign" hybrid | sort -u)
prun "$campaign-fresh" --modes=container-only
check "a fresh campaign digests the image as recorded ($recorded)" \
	[ "$(col image_sha256 "$campaign-fresh" container-only | sort -u)" = "$recorded" -a ${#recorded} -eq 64 ]

# An image by name from podman's store.
tar -C "$imgdir/parity-bare" -c . | podman import -q - "$store" >/dev/null || die "podman import failed"
id=$(podman image inspect --format '{{.Id}}' "$store")
prun "$campaign-store" --modes=bind --bind-image="$store"
cat "$T_TMP/out"
check "bind mode from the store image $store: ok ($rc)" [ $rc -eq 0 ]
check "... with the host libmpi inside" [ "$(col libmpi_dev_ino "$campaign-store" bind | sort -u)" = "$host_devino" ]
check "... recorded with podman's image id" [ "$(col image_sha256 "$campaign-store" bind | sort -u)" = "$id" ]
check "... named as given" [ "$(col image "$campaign-store" bind | sort -u)" = "$store" ]
# The bind checks read a store image through a read-only mount of it, released afterwards.
other=$([ "$MPI_FAMILY" = mpich ] && echo openmpi || echo mpich)
prun "$campaign-storeabi" --modes=bind --bind-image="$store" --image-bench="/opt/parity/$other/bin/parity-bench"
check "store image whose application needs the other MPI: exit 5 before any launch ($rc)" \
	[ $rc -eq 5 -a ! -e "$results/$campaign-storeabi/runs.csv" ]
check "... naming the store image" grep -q "bind image $store of podman's store" "$T_TMP/out"
check "... and the image is no longer mounted" [ -z "$(podman image mount | grep -F "$id")" ]
"$PARITY" doctor --mpi "$MPI_FAMILY" --runtime podman --image "$store" >"$T_TMP/out" 2>&1
rc=$?
check "doctor on the store image: exit 0 ($rc), inspected through a mount" \
	[ $rc -eq 0 -a -n "$(grep "^image $store of podman's store, inspected through a read-only mount" "$T_TMP/out")" ]
check "... ABI verdict from the image's files" grep -q '^ABI verdict: ABI ok' "$T_TMP/out"
check "... podman's command names the store image" grep -q "^podman: .* podman run .* $store /opt/parity/" "$T_TMP/out"
check "... and the image is no longer mounted" [ -z "$(podman image mount | grep -F "$id")" ]
prun "$campaign-nostore" --modes=hybrid --image=localhost/parity-no-such-image-$$:x
check "a store image that does not exist: exit 3 before any launch ($rc)" \
	[ $rc -eq 3 -a ! -e "$results/$campaign-nostore/runs.csv" ]
check "... one line naming it" grep -q "localhost/parity-no-such-image-$$:x.*no such image in podman's store" "$T_TMP/out"

# A hang: timeout, and nothing left under conmon.
prun "$campaign-hang" --modes=hybrid --sizes=1M:1M --iterations=100000000 --timeout=3 --kernels=bw
check "hung podman run is a timeout" grep -q "round 1: hybrid bw ... timeout" "$T_TMP/out"
check "no container of the hung run left ($(leftovers "$campaign-hang"))" [ "$(leftovers "$campaign-hang")" -eq 0 ]
# parity itself stopped in the middle of a launch.
"$PARITY" run --runtime=podman --results="$results" --campaign="$campaign-term" --modes=container-only --kernels=bw \
	--repetitions=1 --sizes=1M:1M --iterations=100000000 --timeout=60 >"$T_TMP/out" 2>&1 &
pid=$!
for _ in $(seq 1 50); do [ "$(leftovers "$campaign-term")" -gt 0 ] && break; sleep 0.2; done
check "the container of the stopped run was running" [ "$(leftovers "$campaign-term")" -gt 0 ]
kill -TERM $pid
wait $pid
check "no container of the stopped run left ($(leftovers "$campaign-term"))" [ "$(leftovers "$campaign-term")" -eq 0 ]
finish
