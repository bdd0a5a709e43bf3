#!/bin/sh
# parity trend on three campaigns made from the "passing" fixture: sep (as
# is), oct (the same machine: rounds rotated, so native differs only by its
# noise) and nov (after an "upgrade": every latency 1.5x, every bandwidth
# / 1.5, native and bind alike). Given in scrambled order, they come out in
# date order; native moved between oct and nov at every point and is
# flagged; between sep and oct it is not; bind's own verdict stays pass.
# Also --since, trend.csv, the figures, bad input, and the report's trend
# section with several campaigns.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"

R="$T_TMP/results"
mkdir -p "$R"
python3 - "$FIXTURES/passing" "$R" <<'EOF'
import csv, os, shutil, sys
src, root = sys.argv[1], sys.argv[2]
def make(name, month, factor, rotate=False):
    dst = os.path.join(root, name)
    shutil.copytree(src, dst)
    rows = list(csv.reader(open(os.path.join(src, "runs.csv"))))
    col = {n: i for i, n in enumerate(rows[0])}
    out = [rows[0]]
    for r in rows[1:]:
        r[col["campaign"]] = name
        r[col["start_time"]] = r[col["start_time"]].replace("2026-11-", "2026-%02d-" % month)
        if rotate and r[col["repetition"]]:
            rep = int(r[col["repetition"]]) % 10 + 1
            r[col["repetition"]] = str(rep)
            r[col["run_id"]] = "r%02d" % rep + r[col["run_id"]][3:]
        if factor != 1 and r[col["status"]] == "ok" and r[col["median"]]:
            f = factor if r[col["unit"]] == "us" else 1 / factor
            for c in ("avg", "min", "max", "median", "p99", "median_ci_low", "median_ci_high"):
                if r[col[c]]:
                    r[col[c]] = "%.6g" % (float(r[col[c]]) * f)
        out.append(r)
    with open(os.path.join(dst, "runs.csv"), "w", newline="") as fp:
        csv.writer(fp, lineterminator="\n").writerows(out)
make("sep", 9, 1)
make("oct", 10, 1, rotate=True)
make("nov", 11, 1.5)
EOF

if [ -z "${GNUPLOT:-}" ]; then GNUPLOT=$(command -v gnuplot || true); fi
[ -n "$GNUPLOT" ] && [ -x "$GNUPLOT" ] || skip "gnuplot not installed"
export GNUPLOT

"$PARITY" trend --results "$R" --campaign nov --campaign sep --campaign oct --kernels latency,bw --sizes 1,1M \
	>"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "trend: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/err"
check "trend: 4 points (latency and bw at 1 B and 1M)" \
	[ "$(grep -Ec '^(latency|bw) (1|1M) B$' "$T_TMP/out")" -eq 4 ]
check "trend: campaigns in date order under every point" python3 - "$T_TMP/out" <<'EOF'
import re, sys
names = re.findall(r"^  (sep|oct|nov) ", open(sys.argv[1]).read(), re.M)
sys.exit(0 if names == ["sep", "oct", "nov"] * 4 else 1)
EOF
check "trend: native moved from oct to nov, flagged at every point" \
	[ "$(grep -Ec '^  nov +2026-11-20 .* noise [0-9.]+%: MOVED$' "$T_TMP/out")" -eq 4 ]
check "trend: native did not move from sep to oct (within the noise floor)" \
	sh -c "[ \$(grep -Ec '^  oct +2026-10-20 .* noise [0-9.]+%\$' '$T_TMP/out') -eq 4 ] && ! grep -q '^  oct .*MOVED' '$T_TMP/out'"
check "trend: the moves said in words, latency +50%" \
	grep -q '^native moved: latency 1 B: oct -> nov: +50\.[0-9]% \[.*\], beyond the noise floor of [0-9.]*% (the host changed, not the container)$' "$T_TMP/out"
check "trend: bind passes against its own native in every campaign" \
	[ "$(grep -Ec '^  (sep|oct|nov) +2026-[0-9-]+ +[0-9.]+ (us|MB/s) +[-+][0-9.]+% pass ' "$T_TMP/out")" -eq 12 ]
check "trend: the closing count" \
	grep -q '^3 campaigns from 2026-09-20 to 2026-11-20, 4 point(s); native moved beyond its noise floor at 4 of them$' "$T_TMP/out"
CSV="$R/trend-sep-nov/trend.csv"
check "trend.csv: where it says" grep -q "^trend: $CSV$" "$T_TMP/out"
check "trend.csv: a row per point, campaign and mode; the moves where they are" python3 - "$CSV" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4 * 3 * 2, len(rows)
assert all(r["schema"] == "parity-trend/1.0" for r in rows)
native = {(r["kernel"], r["size_bytes"], r["campaign"]): r for r in rows if r["mode"] == "native"}
for (k, s, c), r in native.items():
    want = {"sep": "", "oct": "no", "nov": "yes"}[c]
    assert r["native_moved"] == want, (k, s, c, r["native_moved"])
    if c == "nov":
        assert abs(float(r["native_drift_pct"]) - (50 if k == "latency" else 33.33)) < 2, r
bind = [r for r in rows if r["mode"] == "bind"]
assert all(r["verdict"] == "pass" and abs(float(r["overhead_pct"])) < 5 for r in bind)
EOF
check "trend: 4 figures, PNG and SVG" sh -c "[ \$(ls '$R/trend-sep-nov'/trend-*.png | wc -l) -eq 4 ] && [ \$(ls '$R/trend-sep-nov'/trend-*.svg | wc -l) -eq 4 ]"
check "trend: a figure is a non-blank PNG" png_not_blank "$R/trend-sep-nov/trend-latency-latency-1.png"
check "trend: the figure marks where native moved" grep -q "'nov 2026-11-20 (native moved)' 2" "$R/trend-sep-nov/trend-latency-latency-1.gp"

# --since over the results root: oct and nov only.
"$PARITY" trend --results "$R" --since 2026-10-01 --kernels latency --sizes 1 --no-plots --output "$T_TMP/since" \
	>"$T_TMP/out" 2>&1
check "--since: exit 0" [ $? -eq 0 ]
check "--since: oct and nov only" grep -q '^2 campaigns from 2026-10-20 to 2026-11-20, 1 point(s); native moved beyond its noise floor at 1 of them$' "$T_TMP/out"
check "--since: --output honoured, no figures with --no-plots" sh -c "[ -s '$T_TMP/since/trend.csv' ] && ! ls '$T_TMP/since'/*.png >/dev/null 2>&1"

# Bad input: one line, before anything is written.
"$PARITY" trend --results "$R" --since 2027-01-01 >/dev/null 2>"$T_TMP/err"
check "--since with nothing after: exit 2, one line" sh -c "[ $? -eq 2 ] && [ \$(wc -l <'$T_TMP/err') -eq 1 ]"
"$PARITY" trend --results "$R" --since yesterday >/dev/null 2>"$T_TMP/err"
check "--since yesterday: exit 2, naming it" sh -c "[ $? -eq 2 ] && grep -q \"'yesterday' is not a date\" '$T_TMP/err'"
"$PARITY" trend --results "$R" --campaign sep >/dev/null 2>"$T_TMP/err"
check "one campaign: exit 2" [ $? -eq 2 ]
check "one campaign: says a trend needs two" grep -q "a trend needs two or more campaigns" "$T_TMP/err"
"$PARITY" trend --results "$R" --campaign sep --campaign nosuch >/dev/null 2>"$T_TMP/err"
check "missing campaign: exit 6" [ $? -eq 6 ]
check "missing campaign: names its runs.csv" grep -q "nosuch/runs.csv" "$T_TMP/err"
"$PARITY" trend --results "$R" --campaign sep --campaign oct --sizes 1,huge >/dev/null 2>"$T_TMP/err"
check "bad size: exit 2, naming it" sh -c "[ $? -eq 2 ] && grep -q \"'huge' is not a message size\" '$T_TMP/err'"
"$PARITY" trend --results "$R" --campaign sep --campaign oct --since 2026-01-01 >/dev/null 2>&1
check "--campaign and --since together: exit 2" [ $? -eq 2 ]

# The report of several campaigns has the trend section, in HTML and Markdown.
"$PARITY" report --results "$R" --campaign sep --against oct --against nov >/dev/null 2>"$T_TMP/err"
check "report of three campaigns: exit 0" [ $? -eq 0 ]
H="$R/sep/report.html"
check "report: a trend section after the overview" python3 -c "
import sys
page = open(sys.argv[1]).read()
sys.exit(0 if page.index('id=\"overview\"') < page.index('id=\"trend\"') < page.index('id=\"figures\"') else 1)
" "$H"
check "report: a trend table per point with the moves" \
	sh -c "[ \$(grep -c '<h3>Trend: ' '$H') -eq 7 ] && [ \$(grep -c ': MOVED</td>' '$H') -eq 7 ]"
check "report: the trend figures inlined and titled" grep -q '<title>latency 1 B across 3 campaigns: native and each mode</title>' "$H"
check "report: page ids unique, figure ids prefixed" unique_ids "$H"
"$PARITY" report --results "$R" --campaign sep --against oct --against nov --format=md >/dev/null 2>&1
check "report --format=md: the trend section" \
	sh -c "grep -q '^## Trend across campaigns$' '$R/sep/report.md' && [ \$(grep -c '^### Trend: ' '$R/sep/report.md') -eq 7 ]"
"$PARITY" report --results "$R" --campaign sep >/dev/null 2>&1
check "report of one campaign: no trend section" sh -c "! grep -q 'id=\"trend\"' '$H'"

finish
