#!/bin/sh
# make check-perf with small sizes: it fails when the verdict does (make
# turns the recipe's status into its own 2; the recipe says which, and
# compare's own status carries it). hybrid with the TCP-only image is a
# proven fallback (1); bind with a thresholds file that tolerates anything
# passes once enough rounds ran (0); two fixed rounds decide nothing (10,
# and the words say so, never "PASS"). Every time compare, the figures and the report land in
# the campaign folder.
. "$top_srcdir/tests/lib.sh"

IMG_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
require_cmd ch-run make
[ -d "$IMG_DIR/parity-portable" ] || die "no test image $IMG_DIR/parity-portable: run make images (as root)"
[ -d "$IMG_DIR/parity-bare" ] || die "no test image $IMG_DIR/parity-bare: run make images (as root)"
unset MAKEFLAGS MFLAGS MAKELEVEL
R="$T_TMP/results"
# Campaign names unique per test process: another build may run this test at once.
S=strict-$$ L=lenient-$$ U=undecided-$$

perf() {
	make -s -C "$top_builddir" check-perf PERF_RESULTS="$R" PERF_KERNELS=latency,bw PERF_SIZES=1:64K \
		PERF_MIN_TIME=5ms PERF_RUNTIME=charliecloud PERF_IMAGE="$IMG_DIR/parity-portable" \
		PERF_BIND_IMAGE="$IMG_DIR/parity-bare" "$@"
}

start=$(date +%s)
perf PERF_CAMPAIGN=$S PERF_MODES=native,hybrid PERF_REPS=2 PERF_BUDGET=0 >"$T_TMP/strict.out" 2>&1
rc=$?
end=$(date +%s)
echo "check-perf wall time: $((end - start)) s"
tail -3 "$T_TMP/strict.out"
check "check-perf (TCP image): fails" [ "$rc" -ne 0 ]
"$PARITY" compare --results="$R" --campaign=$S >/dev/null 2>&1
check "check-perf's exit follows compare's verdict (1)" [ $? -eq 1 ]
check "check-perf: verdicts.csv" [ -s "$R/$S/verdicts.csv" ]
check "check-perf: report.html says FALLBACK" grep -q "Overall: FALLBACK: " "$R/$S/report.html"
check "check-perf: figures" sh -c "[ -s '$R/$S/plots/bw.svg' ] && [ -s '$R/$S/plots/bw.png' ]"
check "check-perf: says FALLBACK with the exit status" grep -q "^check-perf: FALLBACK: .* (exit 1), see " "$T_TMP/strict.out"

printf '* * * 100000%%\nfallback latency 1000000 1000000\nfallback bandwidth 0\n' >"$T_TMP/lenient.conf"
perf PERF_CAMPAIGN=$L PERF_MODES=native,bind PERF_REPS=6 PERF_BUDGET=0 PERF_THRESHOLDS="$T_TMP/lenient.conf" \
	>"$T_TMP/lenient.out" 2>&1
rc=$?
tail -2 "$T_TMP/lenient.out"
check "check-perf (tolerant thresholds, 6 rounds): exit 0" [ "$rc" -eq 0 ]
check "check-perf: says PASS" grep -q "^check-perf: PASS: all 34 points of 1 mode(s) pass: " "$T_TMP/lenient.out"
check "check-perf: the run recorded its thresholds" grep -q "^thresholds = \"$T_TMP/lenient.conf\"" "$R/$L/plan.conf"

perf PERF_CAMPAIGN=$U PERF_MODES=native,bind PERF_REPS=2 PERF_BUDGET=0 PERF_KERNELS=latency PERF_SIZES=8:8 \
	>"$T_TMP/undecided.out" 2>&1
rc=$?
tail -2 "$T_TMP/undecided.out"
check "check-perf (2 rounds): fails" [ "$rc" -ne 0 ]
"$PARITY" compare --results="$R" --campaign=$U >/dev/null 2>&1
check "compare (2 rounds): exit 10, nothing decided" [ $? -eq 10 ]
check "check-perf: says which status" grep -q "^make: \*\*\* .* Error 10" "$T_TMP/undecided.out"
check "check-perf: says INCONCLUSIVE, not PASS" \
	sh -c "grep -q '^check-perf: INCONCLUSIVE: 1 of 1 points not decided' '$T_TMP/undecided.out' && ! grep -q 'PASS' '$T_TMP/undecided.out'"
finish
