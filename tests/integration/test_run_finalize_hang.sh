#!/bin/bash
# A kernel that hangs in MPI_Finalize after writing its results (Debian's
# MPICH 4.0.2 over TCP does, intermittently): parity ends the launch a grace
# period after the results are out and records the run ok with the note
# finalize-hang (never silently: the progress line, the summary and
# runs.csv say so). With --finalize-grace=0 the same launch runs into the
# timeout, which proves the hang is real and the handling is what saves the
# measurement.
. "$top_srcdir/tests/lib.sh"
require_cmd "$(basename "$MPIEXEC")" "$(basename "$MPICC")"

"$MPICC" -shared -fPIC -o "$T_TMP/libfinalize-hang.so" "$top_srcdir/tests/integration/finalize-hang.c" ||
	die "cannot build the MPI_Finalize shim with $MPICC"
# The kernel with the shim preloaded (only into the ranks, not the launcher).
bench=$T_TMP/parity-bench-hang
printf '#!/bin/sh\nLD_PRELOAD=%s exec %s "$@"\n' "$T_TMP/libfinalize-hang.so" "$PARITY_BENCH" > "$bench"
chmod +x "$bench"

results=$T_TMP/results
campaign=fin-$$
"$PARITY" run --results="$results" --campaign=$campaign --modes=native --kernels=latency --repetitions=1 \
	--sizes=8:64 --iterations=100 --warmup=10 --min-time=0 --timeout=120 --finalize-grace=1s \
	--bench="$bench" > "$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
runs=$results/$campaign/runs.csv
check "exit status 0: the run is ok" [ $rc -eq 0 ]
check "progress line: ok, with the note" grep -q "round 1: native latency ... ok .* (finalize-hang)" "$T_TMP/out"
check "summary counts it" grep -q "^1 of the ok runs hung in MPI_Finalize" "$T_TMP/out"
check "every size recorded ok (4 rows)" [ "$(grep -c ',ok,' "$runs")" -eq 4 ]
check "runs.csv notes finalize-hang on every row" [ "$(grep -c ',"\?finalize-hang: ' "$runs")" -eq 4 ]
check "the log says so" grep -q "^# parity: finalize-hang: " "$results/$campaign/logs/r01-native-latency.log"
check "compare counts it" sh -c "'$PARITY' compare --results='$results' --campaign=$campaign 2>&1 | grep -q '^finalize-hang: 1 of 1 runs'"
sleep 1
left=$(pgrep -af "parity-bench-hang" | grep -v pgrep)
check "no process left (${left:-none})" [ -z "$left" ]

# Without the handling the same launch is a timeout.
"$PARITY" run --results="$results" --campaign=$campaign-off --modes=native --kernels=latency --repetitions=1 \
	--sizes=8:64 --iterations=100 --warmup=10 --min-time=0 --timeout=3 --finalize-grace=0 \
	--bench="$bench" > "$T_TMP/out-off" 2>&1
rc=$?
check "--finalize-grace=0: exit 1, the run timed out" [ $rc -eq 1 ] && grep -q ",timeout," "$results/$campaign-off/runs.csv"
check "--finalize-grace=0: no note" [ "$(grep -c 'finalize-hang' "$results/$campaign-off/runs.csv")" -eq 0 ]
finish
