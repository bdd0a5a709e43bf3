#!/bin/bash
# Where parity run makes its work directory (run/workdir.h): under $TMPDIR when the launcher
# runs everything on this host, under --workdir when given (a missing one refused in one line),
# and a Charliecloud image that lacks the directory a work directory outside /tmp is bound at
# (/mnt) is refused before anything runs. Every work directory is gone afterwards.
. "$top_srcdir/tests/lib.sh"
require_cmd "$(basename "$MPIEXEC")"

results=$T_TMP/results
common=(--results="$results" --modes=native --kernels=latency --repetitions=1 --sizes=8:8 --iterations=10
	--warmup=1 --min-time=0 --timeout=60)

mkdir -p "$T_TMP/tmpdir"
TMPDIR=$T_TMP/tmpdir "$PARITY" run "${common[@]}" --campaign=wd-tmp >"$T_TMP/out" 2>&1
rc=$?
check "TMPDIR: exit 0 ($(tail -n 1 "$T_TMP/out"))" [ $rc -eq 0 ]
check "TMPDIR: the kernel wrote into \$TMPDIR/parity-wd-tmp.*" \
	grep -q -- "--csv=$T_TMP/tmpdir/parity-wd-tmp\.[A-Za-z0-9]\{6\}/r01-native-latency.csv" "$results/wd-tmp/logs/r01-native-latency.log"
check "TMPDIR: the work directory is removed" [ -z "$(ls -A "$T_TMP/tmpdir")" ]

mkdir -p "$T_TMP/given"
"$PARITY" run "${common[@]}" --campaign=wd-given --workdir="$T_TMP/given" >"$T_TMP/out" 2>&1
rc=$?
check "--workdir: exit 0" [ $rc -eq 0 ]
check "--workdir: the kernel wrote into it" \
	grep -q -- "--csv=$T_TMP/given/parity-wd-given\.[A-Za-z0-9]\{6\}/" "$results/wd-given/logs/r01-native-latency.log"
check "--workdir: the work directory is removed, the given one kept" [ -d "$T_TMP/given" ] && [ -z "$(ls -A "$T_TMP/given")" ]

"$PARITY" run "${common[@]}" --campaign=wd-missing --workdir="$T_TMP/no-such-dir" >"$T_TMP/out" 2>&1
rc=$?
check "--workdir missing: exit 2, one line naming it ($(cat "$T_TMP/out"))" \
	[ $rc -eq 2 ] && [ "$(wc -l <"$T_TMP/out")" -eq 1 ] && grep -q "no-such-dir" "$T_TMP/out"
check "--workdir missing: nothing recorded" [ ! -e "$results/wd-missing" ]

# A directory image without /mnt, and a work directory outside /tmp: ch-run could not bind it.
outside=$(mktemp -d /var/tmp/parity-test-workdir.XXXXXX) || die "cannot create a directory in /var/tmp"
trap 'rm -rf "$outside"; t_cleanup' EXIT
mkdir -p "$T_TMP/bare-image/etc"
"$PARITY" run "${common[@]}" --campaign=wd-nomnt --modes=native,hybrid --runtime=charliecloud \
	--image="$T_TMP/bare-image" --workdir="$outside" >"$T_TMP/out" 2>&1
rc=$?
check "image without /mnt: exit 3, one line ($(cat "$T_TMP/out"))" \
	[ $rc -eq 3 ] && [ "$(wc -l <"$T_TMP/out")" -eq 1 ] && grep -q "has no directory /mnt" "$T_TMP/out"
check "image without /mnt: nothing recorded, nothing left" [ ! -e "$results/wd-nomnt" ] && [ -z "$(ls -A "$outside")" ]
finish
