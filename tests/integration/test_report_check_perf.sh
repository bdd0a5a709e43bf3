#!/bin/sh
# make check-perf with small sizes and repetitions: its exit status follows
# the verdict. hybrid with the TCP-only image fails the default thresholds
# (exit 1); the same campaign with a thresholds file that tolerates it
# passes (exit 0). Either way compare, the figures and the report land in
# the campaign folder.
. "$top_srcdir/tests/lib.sh"

IMG_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
require_cmd ch-run make
[ -d "$IMG_DIR/parity-portable" ] || die "no test image $IMG_DIR/parity-portable: run make images (as root)"
unset MAKEFLAGS MFLAGS MAKELEVEL
R="$T_TMP/results"
# Campaign names unique per test process: parity run keys its scratch
# directory on the name, and another build may run this test at once.
S=strict-$$ L=lenient-$$

perf() {
	make -s -C "$top_builddir" check-perf PERF_RESULTS="$R" PERF_MODES=native,hybrid PERF_KERNELS=latency,bw \
		PERF_SIZES=1:256K PERF_REPS=2 PERF_IMAGE="$IMG_DIR/parity-portable" PERF_RUNTIME=charliecloud "$@"
}

start=$(date +%s)
perf PERF_CAMPAIGN=$S >"$T_TMP/strict.out" 2>&1
rc=$?
end=$(date +%s)
echo "check-perf wall time: $((end - start)) s"
tail -3 "$T_TMP/strict.out"
check "check-perf (default thresholds, TCP image): non-zero exit" [ "$rc" -ne 0 ]
"$PARITY" compare --results="$R" --campaign=$S >/dev/null 2>&1
check "check-perf's exit follows compare's verdict (1)" [ $? -eq 1 ]
check "check-perf: verdicts.csv" [ -s "$R/$S/verdicts.csv" ]
check "check-perf: report.html" grep -q "Overall: FAIL" "$R/$S/report.html"
check "check-perf: figures" sh -c "[ -s '$R/$S/plots/bw.svg' ] && [ -s '$R/$S/plots/bw.png' ]"
check "check-perf: says FAIL" grep -q "^check-perf: FAIL: verdict" "$T_TMP/strict.out"

printf '* * * 100000%%\nfallback latency 1000000 1000000\nfallback bandwidth 0\n' >"$T_TMP/lenient.conf"
perf PERF_CAMPAIGN=$L PERF_THRESHOLDS="$T_TMP/lenient.conf" >"$T_TMP/lenient.out" 2>&1
rc=$?
tail -2 "$T_TMP/lenient.out"
check "check-perf (tolerant thresholds): exit 0" [ "$rc" -eq 0 ]
check "check-perf: says PASS" grep -q "^check-perf: PASS: " "$T_TMP/lenient.out"
finish
