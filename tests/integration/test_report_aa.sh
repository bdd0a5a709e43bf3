#!/bin/sh
# A/A: two native campaigns of one configuration, the second compared with
# the first (parity compare --against), must not fail the default
# thresholds: the method does not invent overhead out of noise.
. "$top_srcdir/tests/lib.sh"

[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
[ -x "$MPIEXEC" ] || die "no MPI launcher ($MPIEXEC)"
R="$T_TMP/results"
# Campaign names unique per test process: parity run keys its scratch
# directory on the name, and another build may run this test at once.
A=aa1-$$ B=aa2-$$
for c in $A $B; do
	"$PARITY" run --campaign=$c --results="$R" --modes=native --kernels=latency,bw --sizes=1:64K \
		--repetitions=5 --iterations=500 --warmup=50 --bench="$PARITY_BENCH" >"$T_TMP/$c.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || { cat "$T_TMP/$c.out"; die "parity run $c exited $rc"; }
done
"$PARITY" compare --results="$R" --campaign=$A --against=$B >"$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out" | sed -n '/^baseline/,$p'
check "A/A: compare exits 0" [ "$rc" -eq 0 ]
V="$R/$A/verdicts.csv"
check "A/A: every point judged (2 kernels x 17 sizes)" [ "$(grep -c "^parity-verdicts/1.1,$B,$B/native,native,$A/native," "$V")" -eq 34 ]
check "A/A: no point fails or looks like a fallback" sh -c "! grep -Eq ',(fail|fallback-suspected|mode-mismatch|no-data),' '$V'"
check "A/A: summary names the series" grep -Eq "^$B/native: (PASS|INCONCLUSIVE)\\." "$T_TMP/out"
finish
