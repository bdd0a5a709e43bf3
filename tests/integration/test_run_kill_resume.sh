#!/bin/bash
# SIGTERM (or Ctrl-C) stops parity cleanly: the running launch is killed and
# not recorded. kill -9 of parity in the middle of a campaign leaves a runs.csv whose every
# line is a complete row (and no launch running), and --resume completes the
# campaign without repeating what was recorded ok.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/runs_csv.sh"
require_cmd "$(basename "$MPIEXEC")"

results=$T_TMP/results
campaign=kill-$$
runs=$results/$campaign/runs.csv
args=(--results="$results" --campaign=$campaign --modes=native --kernels=latency,bw,allreduce
	--repetitions=3 --sizes=1:4K --iterations=2000 --warmup=10)

"$PARITY" run "${args[@]}" > "$T_TMP/first" 2>&1 &
pid=$!
# Wait for at least one recorded run, then kill parity in the middle of the next.
for _ in $(seq 1 300); do
	[ -f "$runs" ] && [ "$(wc -l < "$runs")" -gt 1 ] && break
	sleep 0.1
done
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null
if grep -q "^9 runs:" "$T_TMP/first"; then fail "parity had finished before it was killed"; else pass "parity was killed mid-campaign"; fi
rows_before=$(($(wc -l < "$runs") - 1))
check "runs.csv ends with a complete line" [ "$(tail -c1 "$runs" | od -An -c | tr -d ' ')" = '\n' ]
check "every row has the header's 39 fields" [ "$(csv_nfields "$runs")" = 39 ]
# The launcher got SIGTERM when parity died; Open MPI's mpirun takes ~1 s to go.
for _ in $(seq 1 100); do
	left=$(pgrep -af "parity-$campaign" | grep -v pgrep)
	[ -z "$left" ] && break
	sleep 0.1
done
check "no launch survived parity (${left:-none})" [ -z "$left" ]

# kill -9 gave the first invocation no chance to remove its work directory.
stale=$(ls -d "/tmp/parity-$campaign".* 2>/dev/null)
"$PARITY" run "${args[@]}" --resume > "$T_TMP/second" 2>&1
rc=$?
cat "$T_TMP/second"
check "resume exits 0" [ $rc -eq 0 ]
check "resume announces what it skips" grep -q "^resuming $campaign: [1-8] of 9 runs already recorded ok" "$T_TMP/second"
# Every (kernel, repetition) is now recorded ok exactly once.
for k in latency bw allreduce; do
	for r in 1 2 3; do
		n=$(paste -d' ' <(csv_col run_id "$runs") <(csv_col kernel "$runs") <(csv_col repetition "$runs") \
			<(csv_col status "$runs") | awk -v k=$k -v r=$r '$2 == k && $3 == r && $4 == "ok" { print $1 }' | sort -u | wc -l)
		check "$k rep $r recorded ok once ($n)" [ "$n" -eq 1 ]
	done
done
check "the rows of the first invocation are kept" [ "$(($(wc -l < "$runs") - 1))" -gt "$rows_before" ]
check "the killed run's retry got its own log" ls "$results/$campaign/logs/"*-a2.log
check "the killed run left its work directory ($stale)" [ -n "$stale" ]
check "the resumed run removed it (its owner is gone) and its own" [ -z "$(ls -d "/tmp/parity-$campaign".* 2>/dev/null)" ]
check "and said so" grep -q "^removed [1-9][0-9]* work director.* under /tmp left by killed runs" "$T_TMP/second"

campaign=term-$$
"$PARITY" run --results="$results" --campaign=$campaign --modes=native --kernels=bw --repetitions=2 \
	--sizes=1M:1M --iterations=100000000 > "$T_TMP/term" 2>&1 &
pid=$!
for _ in $(seq 1 100); do pgrep -f "parity-$campaign\.[^/]*/r01-native-bw" >/dev/null && break; sleep 0.1; done
kill -TERM $pid
wait $pid
rc=$?
cat "$T_TMP/term"
check "SIGTERM: exit 11 (interrupted)" [ $rc -eq 11 ]
check "SIGTERM: says how to complete" grep -q "stopped by signal 15 after 0 of 2 runs; --resume completes" "$T_TMP/term"
check "SIGTERM: the interrupted run is not recorded" [ ! -s "$results/$campaign/runs.csv" ]
check "SIGTERM: its log says so" grep -q "# parity: interrupted, not recorded" "$results/$campaign/logs/r01-native-bw.log"
sleep 1
left=$(pgrep -af "parity-$campaign" | grep -v pgrep)
check "SIGTERM: no launch left (${left:-none})" [ -z "$left" ]
rm -rf "/tmp/parity-$campaign".* "/tmp/parity-kill-$$".*
finish
