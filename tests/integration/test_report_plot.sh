#!/bin/sh
# parity plot on a fixture campaign: PNG and SVG per figure, the gnuplot
# scripts pinned by golden files, a missing or failing gnuplot.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"

R="$T_TMP/results"
fixture_copy "$R"

# Without gnuplot: one line, exit 8 (PARITY_EXIT_TOOL), nothing written.
GNUPLOT=/nonexistent/gnuplot "$PARITY" plot --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "gnuplot missing: exit 8" [ "$rc" -eq 8 ]
check "gnuplot missing: one line naming it" sh -c "[ \$(wc -l <'$T_TMP/err') -eq 1 ] && grep -q 'gnuplot not found' '$T_TMP/err'"
check "gnuplot missing: no plots folder" [ ! -e "$R/demo/plots" ]
GNUPLOT=false "$PARITY" plot --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
check "gnuplot failing: exit 8" [ $? -eq 8 ]
rm -rf "$R/demo/plots"

if [ -n "${GNUPLOT:-}" ]; then :; else GNUPLOT=$(command -v gnuplot || true); fi
[ -n "$GNUPLOT" ] && [ -x "$GNUPLOT" ] || skip "gnuplot not installed"
export GNUPLOT

"$PARITY" plot --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "plot: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/err"
P="$R/demo/plots"
expected="latency bw allreduce barrier overhead-hybrid-latency overhead-hybrid-bw overhead-hybrid-allreduce overhead-hybrid-barrier overhead-bind-latency overhead-bind-bw overhead-bind-allreduce overhead-bind-barrier"
check "plot: 12 figures listed" grep -q "^12 figure(s) in " "$T_TMP/out"
for f in $expected; do
	check "$f.png is a PNG" is_png "$P/$f.png"
	check "$f.svg parses as SVG" is_svg "$P/$f.svg"
	check "$f.gp matches its golden file" cmp -s "$top_srcdir/tests/golden/plots/$f.gp" "$P/$f.gp"
	cmp -s "$top_srcdir/tests/golden/plots/$f.gp" "$P/$f.gp" || diff -u "$top_srcdir/tests/golden/plots/$f.gp" "$P/$f.gp" | head -20
done
check "bw figure: byte-unit tick labels" grep -q "set xtics ('1' 1, '4' 4, '16' 16, '64' 64, '256' 256, '1K' 1024," "$P/bw.gp"
check "titles are noenhanced" grep -q "^set title .* noenhanced" "$P/bw.gp"
check "latency figure: log y" grep -q "^set logscale y" "$P/latency.gp"
check "caption names host, MPI, runtime, ranks" grep -q "host node01 | mpich 4.0.2 | runtime charliecloud.* | 2 ranks, placement intra" "$P/bw.gp"
check "a CSV field cannot end a gnuplot string" grep -q "mpich-<script>alert(1)</script>.sqfs" "$P/bw.gp"
check "svg text of the caption is XML-escaped by gnuplot" grep -q "mpich-&lt;script>alert(1)&lt;/script>" "$P/bw.svg"

# Two placements: every figure once per placement, named after it, with
# the placement and its ranks in title and caption; no figure mixes them.
"$PARITY" plot --results "$R" --campaign placements >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "placements plot: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/err"
P="$R/placements/plots"
check "placements plot: 8 figures listed" grep -q "^8 figure(s) in " "$T_TMP/out"
for f in latency-intra bw-intra overhead-bind-latency-intra overhead-bind-bw-intra \
	latency-inter bw-inter overhead-bind-latency-inter overhead-bind-bw-inter; do
	check "placements plot: $f.png is a PNG" is_png "$P/$f.png"
	check "placements plot: $f.svg parses as SVG" is_svg "$P/$f.svg"
done
check "placements plot: no figure without a placement" sh -c "[ ! -e '$P/bw.gp' ] && [ ! -e '$P/overhead-bind-bw.gp' ]"
check "placements plot: title names the placement" grep -q "^set title 'bw: bandwidth vs message size, campaign placements, placement inter, 2 ranks'" "$P/bw-inter.gp"
check "placements plot: caption names its placement and ranks" grep -q "| 2 ranks, placement inter, launcher mpiexec'" "$P/bw-inter.gp"
check "placements plot: intra caption says intra" grep -q "| 2 ranks, placement intra, launcher mpiexec'" "$P/bw-intra.gp"
check "placements plot: 10 rounds per point, never 20" \
	sh -c "[ \$(grep -Ec ' 10\$' '$P/bw-inter.dat') -eq 22 ] && ! grep -Eq ' 20\$' '$P/bw-inter.dat'"
check "placements plot: inter curve at inter's values (1M ~5000 MB/s)" grep -Eq "^1048576 (49|50|51)[0-9][0-9]\." "$P/bw-inter.dat"
check "placements plot: overhead figure of inter only" [ "$(grep -Ec '^[0-9]' "$P/overhead-bind-bw-inter.dat")" -eq 11 ]

# A quote in a CSV field stays inside its gnuplot string.
sed -i "s#/images/mpich.sqfs#/images/it's.sqfs#" "$R/passing/runs.csv"
"$PARITY" plot --results "$R" --campaign passing >/dev/null 2>"$T_TMP/err"
check "quotes in fields: gnuplot still succeeds" [ $? -eq 0 ]

# All-zero medians (a broken timer, a hand edit): no log scale can show
# them, so the figure is linear; gnuplot succeeds and nothing says "tool".
cp -R "$R/passing" "$R/zeros"
python3 - "$R/zeros/runs.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
h = rows[0]
for r in rows[1:]:
    for c in ("avg", "min", "max", "median", "p99", "median_ci_low", "median_ci_high"):
        r[h.index(c)] = "0"
csv.writer(open(sys.argv[1], "w", newline=''), lineterminator="\n").writerows(rows)
PY
"$PARITY" plot --results "$R" --campaign zeros >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "all-zero medians: plot exits 0 ($rc: $(cat "$T_TMP/err"))" [ "$rc" -eq 0 ]
check "all-zero medians: latency on a linear scale" sh -c "! grep -q '^set logscale y' '$R/zeros/plots/latency.gp'"
check "all-zero medians: a latency figure" is_png "$R/zeros/plots/latency.png"

finish
