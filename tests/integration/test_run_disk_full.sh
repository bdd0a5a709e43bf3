#!/bin/bash
# Nothing lost, nothing doubled when the disk is full or runs.csv was cut:
#  1. a results directory on a small tmpfs fills up in the middle of a
#     campaign: parity stops with exit 6 and a line naming the disk error
#     (never a run verdict such as mode-mismatch), runs.csv keeps only whole
#     rows, and once there is room --resume completes the campaign with
#     every row of the first invocation intact and every point ok once;
#  2. a torn last row (a write killed half-way) is set aside into
#     runs.csv.torn by --resume, with one line saying so;
#  3. a runs.csv whose last row lacks only its final newline is resumed
#     without losing that row.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/runs_csv.sh"
require_cmd "$(basename "$MPIEXEC")"
[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"

mnt=$T_TMP/small
mkdir -p "$mnt"
mount -t tmpfs -o size=512k tmpfs "$mnt" || die "cannot mount a tmpfs on $mnt"
trap 'umount -l "$mnt" 2>/dev/null; t_cleanup' EXIT
results=$mnt/results
campaign=full-$$
runs=$results/$campaign/runs.csv
args=(--results="$results" --campaign=$campaign --modes=native --kernels=latency,bw --repetitions=6
	--sizes=1:1 --iterations=200 --warmup=10 --min-time=0)

# ok_once: every (kernel, repetition) recorded ok exactly once.
ok_once() {
	local k r n bad=0
	for k in latency bw; do
		for r in 1 2 3 4 5 6; do
			n=$(paste -d' ' <(csv_col kernel "$runs") <(csv_col repetition "$runs") <(csv_col status "$runs") |
				awk -v k=$k -v r=$r '$1 == k && $2 == r && $3 == "ok"' | wc -l)
			[ "$n" -eq 1 ] || { echo "$k rep $r: $n ok rows"; bad=1; }
		done
	done
	return $bad
}

"$PARITY" run "${args[@]}" > "$T_TMP/first" 2> "$T_TMP/first.err" &
pid=$!
for _ in $(seq 1 600); do
	[ -f "$runs" ] && [ "$(wc -l < "$runs")" -gt 1 ] && break
	sleep 0.05
done
# Fill the file system to the last block.
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
wait $pid
rc=$?
cat "$T_TMP/first" "$T_TMP/first.err"
if grep -q "^12 runs:" "$T_TMP/first"; then die "parity finished before the disk was full"; fi
check "disk full: exit 6 (results unwritable), not a run verdict ($rc)" [ $rc -eq 6 ]
check "disk full: one line names the disk error" grep -q "No space left on device" "$T_TMP/first.err"
check "disk full: no run judged mode-mismatch or failed for it" \
	sh -c "! grep -q 'mode-mismatch\|failed' '$T_TMP/first'"
check "disk full: runs.csv ends with a whole row" [ "$(tail -c1 "$runs" | od -An -c | tr -d ' ')" = '\n' ]
check "disk full: every row has the header's 39 fields" [ "$(csv_nfields "$runs")" = 39 ]
cp "$runs" "$T_TMP/runs.first"
rows_first=$(($(wc -l < "$runs") - 1))

rm -f "$mnt/filler"
"$PARITY" run "${args[@]}" --resume > "$T_TMP/second" 2>&1
rc=$?
cat "$T_TMP/second"
check "resume after the disk full: exit 0 ($rc)" [ $rc -eq 0 ]
check "resume: the rows of the first invocation are intact" cmp -n "$(stat -c %s "$T_TMP/runs.first")" "$T_TMP/runs.first" "$runs"
check "resume: every point ok exactly once" ok_once
check "resume: more rows than before" [ "$(($(wc -l < "$runs") - 1))" -gt "$rows_first" ]
umount -l "$mnt"

# A torn last row, as a write killed half-way leaves it: set aside, reported.
results=$T_TMP/results
campaign=torn-$$
runs=$results/$campaign/runs.csv
args=(--results="$results" --campaign=$campaign --modes=native --kernels=latency --sizes=1:1 --iterations=200
	--warmup=10 --min-time=0)
"$PARITY" run "${args[@]}" --repetitions=1 > "$T_TMP/out" 2>&1 || { cat "$T_TMP/out"; die "first run failed"; }
cp "$runs" "$T_TMP/runs.whole"
printf 'parity-runs/1.1,%s,r02-native-latency,2,2026-12-01T00:00:00Z,nat' $campaign >> "$runs"
"$PARITY" run "${args[@]}" --repetitions=2 --resume > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "torn tail: resume exits 0 ($rc)" [ $rc -eq 0 ]
check "torn tail: one line says it was set aside" grep -q "runs.csv:3: torn last row (6 of 39 fields.*) set aside into .*runs.csv.torn" "$T_TMP/out"
check "torn tail: kept in runs.csv.torn" grep -q "r02-native-latency,2,2026-12-01T00:00:00Z,nat$" "$runs.torn"
check "torn tail: the whole rows are intact" cmp -n "$(stat -c %s "$T_TMP/runs.whole")" "$T_TMP/runs.whole" "$runs"
check "torn tail: every row has 39 fields" [ "$(csv_nfields "$runs")" = 39 ]
check "torn tail: repetition 2 recorded ok once" [ "$(csv_col status "$runs" repetition 2 | grep -c '^ok$')" -eq 1 ]

# A last row without its final newline (a hand edit): kept, never deleted.
campaign=nonl-$$
runs=$results/$campaign/runs.csv
args[1]=--campaign=$campaign
"$PARITY" run "${args[@]}" --repetitions=2 > "$T_TMP/out" 2>&1 || { cat "$T_TMP/out"; die "first run failed"; }
truncate -s -1 "$runs"
cp "$runs" "$T_TMP/runs.nonl"
"$PARITY" run "${args[@]}" --repetitions=3 --resume > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "no final newline: resume exits 0 ($rc)" [ $rc -eq 0 ]
check "no final newline: resume skips both recorded runs" grep -q "^resuming $campaign: 2 of 3 runs already recorded ok" "$T_TMP/out"
check "no final newline: one line says the row was completed" grep -q "lacked the final newline: completed, the row is kept" "$T_TMP/out"
check "no final newline: the last row is kept" cmp -n "$(stat -c %s "$T_TMP/runs.nonl")" "$T_TMP/runs.nonl" "$runs"
for r in 1 2 3; do
	check "no final newline: repetition $r recorded ok once" [ "$(csv_col status "$runs" repetition $r | grep -c '^ok$')" -eq 1 ]
done
check "no final newline: nothing set aside" [ ! -e "$runs.torn" ]
finish
