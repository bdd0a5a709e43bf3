#!/bin/sh
# parity report on a fixture campaign: one self-contained page, every CSV
# string escaped, the overview map (kernel x size per mode, coloured by
# verdict) at the top, figures titled by what they show; rendered by headless
# Chromium at 1280x800 with the verdict on it, no horizontal scrolling, a
# non-blank screenshot.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"

R="$T_TMP/results"
fixture_copy "$R"
H="$R/demo/report.html"

# Without gnuplot the page is still written, and says why it has no figures.
GNUPLOT=/nonexistent/gnuplot "$PARITY" report --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
check "report without gnuplot: exit 0" [ $? -eq 0 ]
check "report without gnuplot: the page says so" grep -q "No figures: gnuplot was not found" "$H"

if [ -z "${GNUPLOT:-}" ]; then GNUPLOT=$(command -v gnuplot || true); fi
[ -n "$GNUPLOT" ] && [ -x "$GNUPLOT" ] || skip "gnuplot not installed"
export GNUPLOT
"$PARITY" report --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "report: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T_TMP/err"
check "report.html written" [ -s "$H" ]
check "12 figures inlined as SVG" [ "$(grep -c '<svg' "$H")" -eq 12 ]
check "CSV field <script>alert(1)</script> escaped in the tables" grep -q "mpich-&lt;script&gt;alert(1)&lt;/script&gt;.sqfs" "$H"
check "no <script element anywhere" sh -c "! grep -qi '<script' '$H'"
check "no external asset (src=, link, url(), http(s) href)" \
	sh -c "! grep -Eqi '<link|<img|src=|url\\(|href=.(https?:|//)' '$H'"
check "verdict summary at the top" sh -c "grep -n 'id=\"summary\"' '$H' | cut -d: -f1 | xargs test 20 -gt"
check "summary in words" grep -q "hybrid: FALLBACK. 33 of 33 points ran over a slower transport than native (tcp where native used cma,sysv)" "$H"
check "provenance: libmpi device:inode of the bind runs" grep -q "<td>2049:1314580</td>" "$H"
check "provenance: mount namespace per rank" grep -q "mnt:\[4026532010\]" "$H"
check "environment: topology" grep -q "NUMANode L#0" "$H"
check "environment: image digests" grep -q "<td>charliecloud</td><td>/images/mpich-&lt;script&gt;alert(1)&lt;/script&gt;.sqfs</td><td>5e1f5e1f" "$H"
check "method: rounds, the estimator and why" sh -c "grep -q '<li>repetitions: 10</li>' '$H' && grep -q '<b>Estimator.</b> .*sign-test interval' '$H' && grep -q '<b>Fixed rounds.</b>' '$H' && grep -q '<b>Noise floor.</b>' '$H'"
check "method: thresholds table" grep -q "thresholds.conf (built in):" "$H"
check "page ids unique, figure ids prefixed per figure, local hrefs resolve" unique_ids "$H"
check "inlined figures titled by what they show, never 'Gnuplot'" svg_titled "$H" 12
check "the first figure's title" grep -q '<title>latency: latency vs message size, campaign demo</title>' "$H"
# The overview: a map per mode after the verdict, before the figures.
check "overview after the verdict, before the figures" python3 -c "
import sys
page = open(sys.argv[1]).read()
sys.exit(0 if page.index('id=\"summary\"') < page.index('id=\"overview\"') < page.index('id=\"figures\"') else 1)
" "$H"
"$PARITY" compare --results "$R" --campaign demo >/dev/null 2>&1
check "overview: a map per mode, every point in its cell, coloured by verdict" map_agrees "$H" "$R/demo/verdicts.csv" hybrid bind
check "overview: a legend of the verdict classes" \
	grep -q '<p class="legend"><span class="m-pass">pass</span><span class="m-fail">fail, mode-mismatch</span><span class="m-undecided">inconclusive, unresolvable</span><span class="m-fallback">fallback' "$H"
check "overview: a cell's tooltip has the interval and the note" \
	grep -q '<td class="m-pass" title="bw, 1M B: pass, overhead +0.6% \[[-+0-9.]*%, [-+0-9.]*%\], allowed 5.0%, 10 rounds\. ' "$H"
check "the page parses as XML-free HTML with balanced sections" [ "$(grep -c '<section' "$H")" -eq "$(grep -c '</section>' "$H")" ]

# Two placements: figures and tables grouped per placement.
"$PARITY" report --results "$R" --campaign placements >"$T_TMP/out" 2>"$T_TMP/err"
check "placements report: exit 0" [ $? -eq 0 ]
HP="$R/placements/report.html"
check "placements report: 8 figures inlined" [ "$(grep -c '<svg' "$HP")" -eq 8 ]
check "placements report: the summary lists the placements" \
	grep -q "This campaign holds 2 placements: intra, 2 ranks; inter, 2 ranks. Each is compared with the native runs of the same placement" "$HP"
check "placements report: figures under a heading per placement" \
	sh -c "grep -q '<h3>Placement intra, 2 ranks</h3>' '$HP' && grep -q '<h3>Placement inter, 2 ranks</h3>' '$HP'"
check "placements report: a table per kernel and placement" \
	[ "$(grep -Ec '<h3>(latency|bw), placement (intra|inter), 2 ranks</h3>' "$HP")" -eq 4 ]
check "placements report: the inter figure follows its heading" python3 - "$HP" <<'PY'
import sys
page = open(sys.argv[1]).read()
i, j, k = page.index("<h3>Placement intra"), page.index("<h3>Placement inter"), page.index('id="fig-bw-inter"')
sys.exit(0 if i < j < k and page.index('id="fig-bw-intra"') < j else 1)
PY
check "placements report: page ids unique" unique_ids "$HP"
check "one placement: no placement headings" sh -c "! grep -q 'Placement intra' '$H' && grep -q '<h3>bw</h3>' '$H'"

# Headless Chromium: the page renders to a non-blank screenshot, and its
# text holds the verdict summary.
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	# The checks above still count: a failure among them fails the test.
	[ "$T_FAILS" -eq 0 ] || finish
	skip "chromium not installed: the rendering checks cannot run (the other checks passed)"
fi
profile=$(mktemp -d "$T_TMP/chrome.XXXXXX")
set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$profile"
timeout 120 "$CHROME" "$@" --window-size=1280,800 --screenshot="$T_TMP/shot.png" "file://$H" >"$T_TMP/chrome.log" 2>&1
check "chromium screenshot at 1280x800 written" [ -s "$T_TMP/shot.png" ]
check "screenshot is a PNG" is_png "$T_TMP/shot.png"
check "screenshot is not blank" png_not_blank "$T_TMP/shot.png"
timeout 120 "$CHROME" "$@" --window-size=1280,800 --dump-dom "file://$H" >"$T_TMP/dom.html" 2>>"$T_TMP/chrome.log"
check "rendered DOM holds the two overview maps" [ "$(grep -c '<table class="map">' "$T_TMP/dom.html")" -eq 2 ]
check "no horizontal scrolling at 1280 px" no_sideways "$H" "$@"
check "no horizontal scrolling at 1280 px (two placements)" no_sideways "$HP" "$@"
check "rendered DOM holds the overall verdict" grep -q "Overall: FALLBACK: 33 of 66 points fallback, 33 pass" "$T_TMP/dom.html"
check "rendered DOM holds the per-mode summary" grep -q "bind: PASS. All 33 points are within their thresholds" "$T_TMP/dom.html"
check "rendered DOM created no script element" sh -c "! grep -qi '<script' '$T_TMP/dom.html'"

finish
