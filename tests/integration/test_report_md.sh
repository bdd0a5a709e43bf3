#!/bin/sh
# parity report --format=md: report.md holds the same content as report.html
# (the same sections and headings in the same order, the overview maps, the
# verdicts), figures as files beside it, every CSV string escaped, every
# table well formed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"

R="$T_TMP/results"
fixture_copy "$R"
M="$R/demo/report.md"
H="$R/demo/report.html"

"$PARITY" report --results "$R" --campaign demo --format=md --no-plots >"$T_TMP/out" 2>"$T_TMP/err"
check "--no-plots: exit 0" [ $? -eq 0 ]
check "--no-plots: the report says why it has no figures" grep -q "^No figures: drawing was switched off (--no-plots)\.$" "$M"
check "--format=md writes no report.html" [ ! -e "$H" ]
"$PARITY" report --results "$R" --campaign demo --format=pdf >/dev/null 2>"$T_TMP/err"
check "--format=pdf: usage error" [ $? -eq 2 ]
check "--format=pdf: one line naming it" sh -c "[ \$(wc -l <'$T_TMP/err') -eq 1 ] && grep -q \"unknown format 'pdf'\" '$T_TMP/err'"

if [ -z "${GNUPLOT:-}" ]; then GNUPLOT=$(command -v gnuplot || true); fi
[ -n "$GNUPLOT" ] && [ -x "$GNUPLOT" ] || { [ "$T_FAILS" -eq 0 ] || finish; skip "gnuplot not installed: the figure checks cannot run"; }
export GNUPLOT
"$PARITY" report --results "$R" --campaign demo --format=md >"$T_TMP/out" 2>"$T_TMP/err"
check "report --format=md: exit 0" [ $? -eq 0 ]
check "report --format=md: says where" grep -q "^report: .*/demo/report.md$" "$T_TMP/out"
"$PARITY" report --results "$R" --campaign demo >/dev/null 2>&1
"$PARITY" compare --results "$R" --campaign demo >/dev/null 2>&1

check "title" grep -q '^# parity report: campaign demo$' "$M"
check "the overall verdict" grep -q '^Overall: FALLBACK: 33 of 66 points fallback, 33 pass$' "$M"
check "the summary in words" grep -q '^bind: PASS\. All 33 points are within their thresholds' "$M"
check "the same sections and headings as the HTML page, in order" python3 - "$H" "$M" <<'PY'
import html, re, sys
page, md = open(sys.argv[1]).read(), open(sys.argv[2]).read()
h = [(int(l), html.unescape(t)) for l, t in re.findall(r"<h([23])>(.*?)</h\1>", page)]
m = [(len(l), re.sub(r"\\(.)", r"\1", t)) for l, t in re.findall(r"^(##|###) (.*)$", md, re.M)]
if h != m:
    for a, b in zip(h, m):
        if a != b:
            print("first difference:", a, b)
            break
    sys.exit("%d headings in HTML, %d in Markdown" % (len(h), len(m)))
PY
check "the overview maps agree with verdicts.csv" map_agrees "$M" "$R/demo/verdicts.csv" hybrid bind
check "12 figures, each a PNG file beside the report" python3 - "$M" <<'PY'
import os, re, sys
md = open(sys.argv[1]).read()
links = re.findall(r"^!\[[^\n]*\]\((plots/[A-Za-z0-9._%-]+\.png)\)$", md, re.M)
base = os.path.dirname(sys.argv[1])
ok = len(links) == 12 and all(open(os.path.join(base, l), "rb").read(8) == b"\x89PNG\r\n\x1a\n" for l in links)
sys.exit(0 if ok else 1)
PY
check "CSV strings escaped outside code blocks: no raw markup from the image name" python3 - "$M" <<'PY'
import re, sys
md = open(sys.argv[1]).read()
prose = re.sub(r"^(`{3,})text\n.*?\n\1$", "", md, flags=re.M | re.S)
ok = r"mpich-\<script\>alert(1)\</script\>.sqfs" in prose and not re.search(r"(^|[^\\])<", prose, re.M)
sys.exit(0 if ok else 1)
PY
check "every table row has as many cells as its header" python3 - "$M" <<'PY'
import re, sys
rows = 0
for block in re.split(r"\n\n", open(sys.argv[1]).read()):
    lines = [l for l in block.split("\n") if l.startswith("|")]
    if not lines:
        continue
    cells = lambda l: len(re.split(r"(?<!\\)\|", l)) - 2
    n = cells(lines[0])
    if not re.match(r"^\|(---\|)+$", lines[1]) or any(cells(l) != n for l in lines[1:]):
        sys.exit("bad table: " + lines[0][:80])
    rows += len(lines) - 2
# 66 points, 8 map rows, the provenance, images and thresholds rows.
sys.exit(0 if rows >= 66 + 8 + 6 else 1)
PY
check "provenance: the bind runs' libmpi device:inode" grep -q '| 2049:1314580 |' "$M"
check "method: the estimator in words" grep -q '^- \*\*Estimator\.\*\* .*sign-test interval' "$M"
check "environment: topology as a code block" python3 -c "
import re, sys
md = open(sys.argv[1]).read()
sys.exit(0 if re.search(r'^### topology\.txt \(hwloc\)\n\n(\`{3,})text\n(.*?)\n\1\n', md, re.M | re.S) and 'NUMANode L#0' in md else 1)
" "$M"

finish
