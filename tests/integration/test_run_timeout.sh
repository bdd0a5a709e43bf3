#!/bin/bash
# A launch that runs far too long ends with status timeout, one row in
# runs.csv, and no process of it left (launcher, proxies, ranks).
. "$top_srcdir/tests/lib.sh"
require_cmd "$(basename "$MPIEXEC")"

results=$T_TMP/results
campaign=hang-$$
start=$(date +%s)
"$PARITY" run --results="$results" --campaign=$campaign --modes=native --kernels=bw --repetitions=1 \
	--sizes=1M:1M --iterations=100000000 --warmup=0 --timeout=2 > "$T_TMP/out" 2>&1
rc=$?
elapsed=$(( $(date +%s) - start ))
cat "$T_TMP/out"
check "exit status 1 (a run did not end ok)" [ $rc -eq 1 ]
check "progress line says timeout" grep -q "round 1: native bw .* timeout" "$T_TMP/out"
runs=$results/$campaign/runs.csv
check "one row, status timeout" [ "$(grep -c ",timeout," "$runs")" -eq 1 ]
check "killed within the grace period (${elapsed}s)" [ "$elapsed" -lt 30 ]
check "log says why" grep -q "# parity: timeout: killed after 2s" "$results/$campaign/logs/r01-native-bw.log"
# The ranks' command line names the campaign's work directory: nothing may remain.
sleep 1
left=$(pgrep -af "parity-$campaign" | grep -v pgrep)
check "no process left (${left:-none})" [ -z "$left" ]
left=$(pgrep -af "parity-bench bw -m 1M:1M -i 100000000" | grep -v pgrep)
check "no parity-bench left (${left:-none})" [ -z "$left" ]
check "the work directory is removed" [ -z "$(ls -d "/tmp/parity-$campaign".* 2>/dev/null)" ]
finish
