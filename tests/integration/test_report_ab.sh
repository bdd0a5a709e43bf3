#!/bin/sh
# A/B: the TCP-only image parity-portable in hybrid mode against native must
# come out fallback-suspected or fail for bandwidth, and the report must say
# so in words.
. "$top_srcdir/tests/lib.sh"

IMG_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
require_cmd ch-run
[ -d "$IMG_DIR/parity-portable" ] || die "no test image $IMG_DIR/parity-portable: run make images (as root)"
[ "$MPI_FAMILY" = mpich ] || [ "$MPI_FAMILY" = openmpi ] || die "unknown MPI family $MPI_FAMILY"
R="$T_TMP/results"
# A campaign name unique per test process: parity run keys its scratch
# directory on the name, and another build may run this test at once.
C=ab-$$
"$PARITY" run --campaign=$C --results="$R" --modes=native,hybrid --runtime=charliecloud \
	--image="$IMG_DIR/parity-portable" --kernels=bw --sizes=64K:1M --repetitions=5 \
	--bench="$PARITY_BENCH" >"$T_TMP/run.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$T_TMP/run.out"; die "parity run exited $rc"; }
"$PARITY" compare --results="$R" --campaign=$C >"$T_TMP/out" 2>&1
rc=$?
cat "$T_TMP/out"
check "A/B: compare exits 1" [ "$rc" -eq 1 ]
V="$R/$C/verdicts.csv"
# Loopback TCP is 3-30x slower here, but on a shared machine a noisy
# native repetition can widen an interval across the threshold: the mode's
# bandwidth verdict must be fallback-suspected or fail, and no bandwidth
# point may pass.
check "A/B: 5 hybrid bandwidth points" [ "$(grep -c ',hybrid,native,bw,bandwidth,' "$V")" -eq 5 ]
check "A/B: no hybrid bandwidth point passes" sh -c "! grep ',hybrid,native,bw,bandwidth,' '$V' | grep -q ',pass,'"
check "A/B: hybrid bandwidth judged fallback-suspected or fail" \
	[ "$(grep ',hybrid,native,bw,bandwidth,' "$V" | grep -Ec ',(fallback-suspected|fail),')" -ge 1 ]
check "A/B: the summary says it in words" grep -Eq '^hybrid: (FALLBACK SUSPECTED|FAIL)\.' "$T_TMP/out"
"$PARITY" report --results="$R" --campaign=$C >/dev/null 2>&1
check "A/B: report written" grep -Eq 'hybrid: (FALLBACK SUSPECTED|FAIL)\.' "$R/$C/report.html"
finish
