#!/bin/sh
# The progress of parity run: plain lines when stdout is not a terminal (run
# and round counts, elapsed, an ETA once a launch was measured; with a
# budget the points decided and the budget left), and on a terminal (script
# from bsdutils gives one) the run's line redrawn in place with the launch's
# elapsed seconds while it runs. Content, never timing.
. "$top_srcdir/tests/lib.sh"
results=$T_TMP/results
esc=$(printf '\033')
cr=$(printf '\r')

# A fixed plan, not a terminal: one plain line per run.
"$PARITY" run --results="$results" --campaign=fixed --modes=native,control --kernels=latency,allreduce \
	--repetitions=2 --sizes=1:4 --iterations=20 --warmup=2 --min-time=0 >"$T_TMP/fixed" 2>&1
rc=$?
check "fixed: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/fixed"
T='[0-9]+(\.[0-9])?s|[0-9]+m[0-9]{2}s'
check "fixed: 8 run lines with run/total, round/rounds, elapsed" \
	[ "$(grep -Ec "^\[run [1-8]/8, round [12]/2, ($T) elapsed(, ETA ($T))?\] round [12]: (native|control) (latency|allreduce) \.\.\. ok [0-9.]+s$" "$T_TMP/fixed")" -eq 8 ]
check "fixed: runs counted 1 to 8 in order" \
	[ "$(sed -n 's/^\[run \([0-9]*\)\/8,.*/\1/p' "$T_TMP/fixed" | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 " ]
check "fixed: no ETA before anything was measured" grep -Eq '^\[run 1/8, round 1/2, [^,]* elapsed\] ' "$T_TMP/fixed"
check "fixed: an ETA on every later run" [ "$(grep -c '^\[run [2-8]/8, .*, ETA ' "$T_TMP/fixed")" -eq 7 ]
check "fixed: no carriage return or escape sequence off a terminal" sh -c "! grep -q '[$cr$esc]' '$T_TMP/fixed'"

# With a budget: rounds, points decided, elapsed, ETA, budget left.
"$PARITY" run --results="$results" --campaign=budget --modes=native,control --kernels=latency \
	--repetitions=2 --max-repetitions=3 --budget=2m --sizes=1:4 --iterations=20 --warmup=2 --min-time=0 \
	>"$T_TMP/budget" 2>&1
rc=$?
check "budget: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/budget"
check "budget: a line per round with points decided, elapsed, ETA and budget left" \
	[ "$(grep -Ec "^round [123] done: [0-9]+/3 points decided; 1 kernel\(s\) still running; ($T) elapsed, ETA (<= )?($T)( \(budget\))?, ($T) of budget left$" "$T_TMP/budget")" -eq 3 ]
check "budget: run lines from round 2 say how many points are decided" \
	[ "$(grep -Ec "^\[round [23], [0-9]+/3 points decided, ($T) elapsed, ETA (<= )?($T)( \(budget\))?, ($T) of budget left\] round [23]: (native|control) latency \.\.\. ok" "$T_TMP/budget")" -eq 4 ]

# On a terminal: the line of the run in progress, redrawn with its elapsed
# seconds (the launch measures for at least a second, so it is drawn at least
# once), then the run's own line.
command -v script >/dev/null 2>&1 || { [ "$T_FAILS" -eq 0 ] || finish; skip "script (bsdutils) not installed: the terminal checks cannot run (the other checks passed)"; }
script -qec "'$PARITY' run --results='$results' --campaign=tty --modes=native --kernels=latency --repetitions=1 --sizes=1:1 --min-time=1s" \
	"$T_TMP/typescript" >/dev/null 2>&1
rc=$?
check "terminal: exit 0" [ "$rc" -eq 0 ]
check "terminal: the run's line is drawn before the launch ends" \
	grep -Eq "^\[run 1/1, round 1/1, ($T) elapsed\] round 1: native latency \.\.\.$cr$esc\[K" "$T_TMP/typescript"
check "terminal: redrawn in place with the launch's elapsed seconds" \
	grep -Eq "$cr$esc\[K\[run 1/1, round 1/1, ($T) elapsed\] round 1: native latency \.\.\. 1s($cr|$)" "$T_TMP/typescript"
check "terminal: ends with the run's status on the same line" \
	grep -Eq "$cr$esc\[K\[run 1/1, round 1/1, ($T) elapsed\] round 1: native latency \.\.\. ok [0-9.]+s$cr?$" "$T_TMP/typescript"

finish
