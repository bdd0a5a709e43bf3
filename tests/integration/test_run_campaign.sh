#!/bin/bash
# A real campaign with Charliecloud in native, hybrid, bind and container-only
# modes (tiny sizes), with the build's MPI family: every run ok and verified;
# then the two ways a run must not end ok: bind mode without the host MPI
# bound (mode-mismatch) and a hang in a container (timeout, nothing left).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/runs_csv.sh"
require_cmd ch-run
imgdir=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
for img in parity-mpi parity-bare; do
	[ -d "$imgdir/$img" ] || die "image $imgdir/$img is missing: run 'make images' (or set PARITY_IMAGE_DIR)"
done

results=$T_TMP/results
campaign=ch-$$
runs=$results/$campaign/runs.csv
# col NAME MODE: the values of column NAME in the rows of MODE.
col() { csv_col "$1" "$runs" mode "$2"; }

"$PARITY" run --results="$results" --campaign=$campaign --modes=native,hybrid,bind,container-only \
	--kernels=latency,allreduce --repetitions=1 --sizes=1:1K --iterations=50 --warmup=5 --min-time=0 \
	--transport-evidence > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "campaign exits 0" [ $rc -eq 0 ]
check "8 runs, 8 ok" grep -q "^8 runs: 8 ok, 0 failed, 0 timeout, 0 mode-mismatch" "$T_TMP/out"
for mode in native hybrid bind container-only; do
	# 1..1K is 11 sizes of latency; allreduce starts at one float.
	n=$(paste -d' ' <(col kernel $mode) <(col size_bytes $mode) | grep -c '^latency ')
	check "$mode: 11 latency rows ($n)" [ "$n" -eq 11 ]
	n=$(paste -d' ' <(col kernel $mode) <(col size_bytes $mode) | grep -c '^allreduce ')
	check "$mode: allreduce rows ($n)" [ "$n" -ge 8 ]
	check "$mode: all ok" [ "$(col status $mode | sort -u)" = ok ]
	check "$mode: family $MPI_FAMILY" [ "$(col mpi_family $mode | sort -u)" = "$MPI_FAMILY" ]
	check "$mode: kernels" [ "$(col kernel $mode | sort -u | tr '\n' ' ')" = "allreduce latency " ]
done
native_lib=$(col libmpi_dev_ino native | sort -u)
check "native: one host libmpi ($native_lib)" [ "$(echo "$native_lib" | wc -l)" -eq 1 ]
check "bind: the host libmpi's device:inode inside the container" \
	[ "$(col libmpi_dev_ino bind | sort -u)" = "$native_lib" ]
check "hybrid: the image's own libmpi" [ "$(col libmpi_dev_ino hybrid | sort -u)" != "$native_lib" ]
check "container-only: the image's own libmpi" \
	[ "$(col libmpi_dev_ino container-only | sort -u)" != "$native_lib" ]
check "native: runtime none" [ "$(col runtime native | sort -u)" = none ]
check "hybrid: runtime charliecloud" [ "$(col runtime hybrid | sort -u)" = charliecloud ]
sha=$(col image_sha256 hybrid | sort -u)
check "hybrid: image sha256 ($sha)" [ "${#sha}" -eq 64 ]
check "bind image digested apart" [ "$(col image_sha256 bind | sort -u)" != "$sha" ]
check "transport recorded" [ -n "$(col transport native | sort -u | tr -d '\n')" ]
for f in metadata.txt plan.conf topology.txt image-digests.csv; do
	check "campaign has $f" [ -s "$results/$campaign/$f" ]
done
check "a log, CSV and provenance per run" [ "$(ls "$results/$campaign/logs" | wc -l)" -eq 24 ]

# Bind mode with the host MPI deliberately not bound, in an image that has its
# own MPI: the kernel runs, but with the wrong library. It must not pass.
"$PARITY" run --results="$results" --campaign=$campaign-nobind --modes=bind --bind-image="$imgdir/parity-mpi" \
	--no-bind-host-mpi --kernels=latency --repetitions=1 --sizes=1:64 --iterations=20 --min-time=0 > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "unbound bind run exits 1" [ $rc -eq 1 ]
check "unbound bind run is a mode-mismatch" grep -q "round 1: bind latency ... mode-mismatch .*not the bound host libmpi" "$T_TMP/out"
check "recorded as mode-mismatch" [ "$(csv_col status "$results/$campaign-nobind/runs.csv" | sort -u)" = mode-mismatch ]

# A hang inside containers: timeout, and no ch-run or kernel left behind.
"$PARITY" run --results="$results" --campaign=$campaign-hang --modes=hybrid --kernels=bw --repetitions=1 \
	--sizes=1M:1M --iterations=100000000 --warmup=0 --timeout=3 > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "hung hybrid run exits 1" [ $rc -eq 1 ]
check "hung hybrid run is a timeout" grep -q "round 1: hybrid bw ... timeout" "$T_TMP/out"
sleep 1
left=$(pgrep -af "parity-$campaign-hang" | grep -v pgrep)
check "no ch-run or kernel left (${left:-none})" [ -z "$left" ]
rm -rf "/tmp/parity-$campaign".* "/tmp/parity-$campaign-nobind".* "/tmp/parity-$campaign-hang".*
finish
