#!/bin/bash
# One writer per campaign, and clean interruption:
#  1. while a parity run writes a campaign, a second one (--resume) is
#     refused in one line naming the first's pid (exit 12), and a run of
#     another campaign goes on;
#  2. that other run removes the work directory a killed run left behind
#     (its owner is gone), never one whose owner is alive or still claiming it;
#  3. SIGTERM stops the first (exit 11) and its work directory goes with it;
#  4. SIGINT during set-up (here while the launcher prints its version for
#     metadata.txt) stops parity with exit 11, launches nothing and leaves
#     no work directory.
. "$top_srcdir/tests/lib.sh"
require_cmd "$(basename "$MPIEXEC")"

results=$T_TMP/results
a=locka-$$
quick=(--results="$results" --modes=native --kernels=latency --repetitions=1 --sizes=1:1 --iterations=100
	--warmup=1 --min-time=0)

"$PARITY" run --results="$results" --campaign=$a --modes=native --kernels=bw --repetitions=2 --sizes=1M:1M \
	--iterations=100000000 --min-time=0 > "$T_TMP/a" 2>&1 &
pid=$!
for _ in $(seq 1 200); do pgrep -f "parity-$a\.[^/]*/r01-native-bw" >/dev/null && break; sleep 0.05; done
workdir_a=$(ls -d "/tmp/parity-$a".* 2>/dev/null)
check "the first run has its work directory ($workdir_a)" [ -n "$workdir_a" ]

"$PARITY" run --results="$results" --campaign=$a --modes=native --kernels=bw --repetitions=2 --resume \
	> "$T_TMP/b" 2> "$T_TMP/b.err"
rc=$?
cat "$T_TMP/b" "$T_TMP/b.err"
check "second writer refused with exit 12 ($rc)" [ $rc -eq 12 ]
check "in one line" [ "$(wc -l < "$T_TMP/b.err")" -eq 1 ]
check "naming the holder's pid $pid" grep -q "$results/$a is being written by another parity (pid $pid): one writer per campaign" "$T_TMP/b.err"
check "the second launched nothing" [ ! -s "$T_TMP/b" ]

# A work directory left by a killed run (its .lock names a pid, nobody holds
# it), and one that is being claimed right now (no pid yet): only the first goes.
stale=$(mktemp -d /tmp/parity-stale-$$.XXXXXX)
echo 999999 > "$stale/.lock"
claiming=$(mktemp -d /tmp/parity-claiming-$$.XXXXXX)
: > "$claiming/.lock"
"$PARITY" run "${quick[@]}" --campaign=lockc-$$ > "$T_TMP/c" 2>&1
rc=$?
cat "$T_TMP/c"
check "another campaign runs meanwhile ($rc)" [ $rc -eq 0 ]
check "it removed the stale work directory" [ ! -e "$stale" ]
check "and said so" grep -q "^removed 1 work directory under /tmp left by killed runs" "$T_TMP/c"
check "it kept the live run's work directory" [ -d "$workdir_a" ]
check "it kept the one being claimed" [ -d "$claiming" ]
rm -rf "$claiming"

kill -TERM $pid
wait $pid
rc=$?
cat "$T_TMP/a"
check "SIGTERM: exit 11, interrupted ($rc)" [ $rc -eq 11 ]
check "SIGTERM: the work directory is removed" [ ! -e "$workdir_a" ]

# SIGINT while set-up waits for the launcher's --version.
mkdir -p "$T_TMP/bin"
real=$(command -v "$(basename "$MPIEXEC")")
for name in mpiexec.mpich mpirun.openmpi; do
	cat > "$T_TMP/bin/$name" <<WRAP
#!/bin/sh
if [ "\$1" = --version ]; then touch "$T_TMP/in-version"; exec sleep 30; fi
exec "$real" "\$@"
WRAP
	chmod +x "$T_TMP/bin/$name"
done
d=lockd-$$
PATH="$T_TMP/bin:$PATH" "$PARITY" run "${quick[@]}" --campaign=$d > "$T_TMP/d" 2>&1 &
pid=$!
for _ in $(seq 1 200); do [ -e "$T_TMP/in-version" ] && break; sleep 0.05; done
check "set-up reached the launcher's --version" [ -e "$T_TMP/in-version" ]
check "set-up had made its work directory" ls -d "/tmp/parity-$d".*
kill -INT $pid
wait $pid
rc=$?
cat "$T_TMP/d"
check "SIGINT in set-up: exit 11 ($rc)" [ $rc -eq 11 ]
check "SIGINT in set-up: says so" grep -q "stopped by signal 2 while setting up; nothing was run" "$T_TMP/d"
check "SIGINT in set-up: no work directory left" [ -z "$(ls -d "/tmp/parity-$d".* 2>/dev/null)" ]
check "SIGINT in set-up: nothing launched or recorded" [ ! -s "$results/$d/runs.csv" ]
check "SIGINT in set-up: no launch log" [ -z "$(ls "$results/$d/logs" 2>/dev/null)" ]
finish
