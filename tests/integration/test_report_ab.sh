#!/bin/sh
# A/B: the TCP-only image parity-portable in hybrid mode against native must
# come out a fallback, proven by the transport the MPI logged (tcp where
# native used shared memory), and the report must say so in words.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/runs_csv.sh"

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
# The evidence decides, whatever the noise: every point is a fallback.
check "A/B: 5 hybrid bandwidth points" [ "$(grep -c ',hybrid,native,bw,bandwidth,' "$V")" -eq 5 ]
check "A/B: every one a fallback" [ "$(grep ',hybrid,native,bw,bandwidth,' "$V" | grep -c ',fallback,')" -eq 5 ]
# UCX names the device of each network lane (tcp/lo,tcp/eth0), Open MPI does not (ob1:tcp).
check "A/B: the container's transport is tcp" sh -c "echo \"\$1\" | grep -Eqx '(ob1:)?tcp(/[a-z0-9]+)?(,tcp/[a-z0-9]+)*'" - "$(csv_col container_transport "$V" | sort -u)"
native_tr=$(csv_col native_transport "$V" | sort -u)
check "A/B: native's is recorded and is not tcp ($native_tr)" [ -n "$native_tr" ] && [ "${native_tr%%/*}" != tcp ]
check "A/B: the summary says it in words, naming both" grep -Eq '^hybrid: FALLBACK\. 5 of 5 points ran over a slower transport than native \((ob1:)?tcp(/[a-z0-9]+)?(,tcp/[a-z0-9]+)* where native used [a-z0-9,:]+\)' "$T_TMP/out"
"$PARITY" report --results="$R" --campaign=$C >/dev/null 2>&1
check "A/B: report written" grep -Eq 'hybrid: FALLBACK\. ' "$R/$C/report.html"
finish
