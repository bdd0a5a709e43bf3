#!/bin/sh
# A/A on the real machine: native against `control` (native again, judged
# like a container mode) in one sequential campaign with a small budget.
# The method must not invent overhead out of this machine's noise: no point
# may fail, look like a fallback or lack data. Then --against: a second
# campaign's series are compared with the first's native.
. "$top_srcdir/tests/lib.sh"

[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
[ -x "$MPIEXEC" ] || die "no MPI launcher ($MPIEXEC)"
R="$T_TMP/results"
# Campaign names unique per test process: another build may run this test at once.
A=aa1-$$ B=aa2-$$
"$PARITY" run --campaign=$A --results="$R" --modes=native,control --kernels=latency,bw --sizes=1:64K \
	--min-time=10ms --repetitions=10 --budget=60s --max-repetitions=13 --bench="$PARITY_BENCH" >"$T_TMP/$A.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$T_TMP/$A.out"; die "parity run $A exited $rc"; }
check "A/A: the campaign ran in rounds, with the progress line" grep -q "^round 10 done: [0-9]*/34 points decided" "$T_TMP/$A.out"
check "A/A: the rounds' mode order is recorded" \
	[ "$(python3 -c 'import csv,sys; print(sorted({r["round_position"] for r in csv.DictReader(open(sys.argv[1]))}))' "$R/$A/runs.csv")" = "['1', '2']" ]
check "A/A: plan.conf records the budget and the seed" sh -c "grep -q '^budget = 60s' '$R/$A/plan.conf' && grep -Eq '^seed = [1-9][0-9]*' '$R/$A/plan.conf'"
"$PARITY" compare --results="$R" --campaign=$A >"$T_TMP/out" 2>&1
rc=$?
sed -n '/^baseline/,$p' "$T_TMP/out"
check "A/A: compare exits 0 (all pass) or 10 (not all decided), not $rc" sh -c "[ $rc -eq 0 ] || [ $rc -eq 10 ]"
V="$R/$A/verdicts.csv"
check "A/A: every point judged (2 kernels x 17 sizes)" [ "$(grep -c "^parity-verdicts/1.2,$A,control,control,native," "$V")" -eq 34 ]
check "A/A: no point fails, looks like a fallback or lacks data" \
	sh -c "! grep -Eq ',(fail|fallback|fallback-suspected|mode-mismatch|no-data),' '$V'"
check "A/A: judged look by look (sequential)" grep -q "<b>Sequential stopping.</b>" "$("$PARITY" report --results="$R" --campaign=$A >/dev/null 2>&1; echo "$R/$A/report.html")"
check "A/A: summary names the series" grep -Eq "^control: (PASS|INCONCLUSIVE|UNRESOLVABLE)\\." "$T_TMP/out"
check "A/A: overall line never says PASS unless all passed" \
	sh -c "grep -q '^Overall: PASS' '$T_TMP/out' && [ $rc -eq 0 ] || ! grep -q '^Overall: PASS' '$T_TMP/out'"

# --against: the series of another campaign are candidates too.
"$PARITY" run --campaign=$B --results="$R" --modes=native --kernels=latency --sizes=1:8 --min-time=0 \
	--iterations=200 --repetitions=2 --bench="$PARITY_BENCH" >"$T_TMP/$B.out" 2>&1 || { cat "$T_TMP/$B.out"; die "parity run $B failed"; }
"$PARITY" compare --results="$R" --campaign=$A --against=$B --quiet >"$T_TMP/out" 2>&1
check "--against: the second campaign's native is a candidate" grep -q "^$B/native: " "$T_TMP/out"
check "--against: the first campaign's control too" grep -q "^$A/control: " "$T_TMP/out"
finish
