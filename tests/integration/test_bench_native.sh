#!/bin/sh
# scripts/bench-native.sh (make bench): repetitions, medians and spread per
# kernel and size, from the CSV of each repetition.
. "$top_srcdir/tests/lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
script=$top_srcdir/scripts/bench-native.sh

sh "$script" -r 3 -k "latency bw" -m 8:16 -o "$T_TMP/raw" >"$T_TMP/out" 2>"$T_TMP/err"
check "bench-native.sh exits 0" test $? -eq 0
check "3 CSV files per kernel" test "$(ls "$T_TMP/raw" | grep -c '^latency\.[123]\.csv$')" -eq 3
check "a table per kernel" test "$(grep -c '^# \(latency\|bw\)$' "$T_TMP/out")" -eq 2
# Rows: size metric median min max avg reps unit; 2 sizes per kernel, 3 reps each.
rows=$(awk '$1 ~ /^[0-9]+$/ && $7 == 3' "$T_TMP/out" | wc -l)
check "2 sizes x 2 kernels, 3 repetitions each" test "$rows" -eq 4
check "spread brackets the median" test -z "$(awk '$1 ~ /^[0-9]+$/ && !($4 <= $3 && $3 <= $5)' "$T_TMP/out")"
# The median of 3 repetition medians is one of them (recomputed from the raw CSV).
want=$(for f in "$T_TMP"/raw/latency.*.csv; do awk -F, 'NR > 1 && $3 == 8 { print $12 }' "$f"; done | sort -n | sed -n 2p)
got=$(awk '$1 == 8 && $2 == "latency" { print $3 }' "$T_TMP/out")
check "latency 8 B median ($got) = middle repetition ($want)" awk -v a="$got" -v b="$want" 'BEGIN { exit !(a - b < 0.001 && b - a < 0.001) }'
sh "$script" -r 0 >/dev/null 2>"$T_TMP/err"
check "-r 0 exits 2" test $? -eq 2
check "-r 0 names the problem" grep -q "repetitions must be a positive integer" "$T_TMP/err"
finish
