#!/bin/sh
# parity compare on fixture campaigns: verdicts, exit status, verdicts.csv,
# thresholds files (override and malformed), refused schemas, determinism.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"

R="$T_TMP/results"
fixture_copy "$R"

"$PARITY" compare --results "$R" --campaign demo >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "demo: exit 1 (hybrid falls back to TCP)" [ "$rc" -eq 1 ]
check "demo: hybrid reported as a proven fallback in words" \
	grep -q "^hybrid: FALLBACK\. .* ran over a slower transport than native (tcp where native used cma,sysv)" "$T_TMP/out"
check "demo: overall line" grep -q "^Overall: FALLBACK: 33 of 66 points fallback, 33 pass$" "$T_TMP/out"
check "demo: bind passes" grep -q "^bind: PASS. All 33 points" "$T_TMP/out"
check "demo: failed and timed-out runs reported" grep -q "hybrid: 1 run(s) failed and 1 timed out" "$T_TMP/out"
check "demo: table row for bw 1M (10 rounds paired)" grep -Eq "^bind +bw +bandwidth +1M +10 .* pass$" "$T_TMP/out"
check "demo: failed allreduce run left out of the rounds" grep -Eq "^hybrid +allreduce +latency +4 +9 " "$T_TMP/out"
V="$R/demo/verdicts.csv"
check "verdicts.csv written" [ -s "$V" ]
check "verdicts.csv header" sh -c "head -1 '$V' | grep -q '^schema,campaign,series,mode,baseline,kernel,metric,unit,size_bytes,'"
check "verdicts.csv: one row per point (66) + header" [ "$(wc -l <"$V")" -eq 67 ]
check "verdicts.csv: schema value" [ "$(grep -c '^parity-verdicts/1.2,' "$V")" -eq 66 ]
check "verdicts.csv: a fallback row naming both transports" grep -q ',fallback,.*,"cma,sysv",tcp$' "$V"
check "verdicts.csv: placement and ranks (1.1), then rounds, look, noise and transports (1.2) at the end" \
	sh -c "head -1 '$V' | grep -q ',note,placement,ranks,n_pairs,look,noise_pct,native_transport,container_transport\$'"
check "verdicts.csv: every row says intra, 2 ranks" [ "$(grep -c ',intra,2,' "$V")" -eq 66 ]
check "one placement: no placement column in the table" sh -c "! grep -q '^series .* placement ' '$T_TMP/out'"

cp "$V" "$T_TMP/first.csv"
"$PARITY" compare --results "$R" --campaign demo >/dev/null 2>&1
check "a rerun writes the same verdicts (fixed seed)" cmp -s "$V" "$T_TMP/first.csv"

"$PARITY" compare --results "$R" --campaign passing --quiet >"$T_TMP/out" 2>&1
rc=$?
check "passing: exit 0" [ "$rc" -eq 0 ]
check "passing: one summary line" [ "$(wc -l <"$T_TMP/out")" -eq 1 ]

# Two placements (intra, and inter 2x slower on both sides): each judged
# against its own native, never averaged (10 rounds, not 20).
"$PARITY" compare --results "$R" --campaign placements >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "placements: exit 0 (bind within 2% of each placement's native)" [ "$rc" -eq 0 ]
check "placements: table has placement and ranks columns" grep -Eq "^series +kernel +metric +placement +ranks +size " "$T_TMP/out"
check "placements: intra point of its own" grep -Eq "^bind +bw +bandwidth +intra +2 +1M +10 .* pass$" "$T_TMP/out"
check "placements: inter point of its own" grep -Eq "^bind +bw +bandwidth +inter +2 +1M +10 .* pass$" "$T_TMP/out"
check "placements: 44 points (2 kernels x 11 sizes x 2 placements)" grep -q "^bind: PASS. All 44 points" "$T_TMP/out"
check "placements: the summary names the worst point's placement" grep -Eq "^bind: PASS\..* B \((intra|inter), 2 ranks\): " "$T_TMP/out"
V="$R/placements/verdicts.csv"
check "placements: 22 intra rows, 22 inter rows" \
	sh -c "[ \$(grep -c ',intra,2,' '$V') -eq 22 ] && [ \$(grep -c ',inter,2,' '$V') -eq 22 ]"
# Found by column name, as readers should: inter bandwidth is half of intra's.
check "placements: native of inter is its own (half the intra bandwidth at 1M)" python3 - "$V" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["kernel"] == "bw" and r["size_bytes"] == "1048576"]
med = {r["placement"]: float(r["native_median"]) for r in rows}
assert len(rows) == 2 and all(r["n_native"] == "10" and r["n_pairs"] == "10" for r in rows), rows
sys.exit(0 if 0.45 < med["inter"] / med["intra"] < 0.55 else 1)
PY
# Without the native runs of inter, the inter points have no baseline: the
# intra native must not stand in.
mkdir -p "$R/nointer"
grep -v ',native,none,,,mpiexec,inter,' "$R/placements/runs.csv" >"$R/nointer/runs.csv"
"$PARITY" compare --results "$R" --campaign nointer >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "no native of a placement: exit 1" [ "$rc" -eq 1 ]
check "no native of a placement: intra still passes" grep -Eq "^bind +latency +latency +intra +2 +1K +10 .* pass$" "$T_TMP/out"
check "no native of a placement: inter points are no-data" \
	[ "$(grep -Ec '^bind +(latency|bw) +[a-z]+ +inter +2 +[0-9KM]+ +0 .* no-data$' "$T_TMP/out")" -eq 22 ]
check "no native of a placement: the note says so" \
	grep -q "note: bind bw 1M (inter, 2 ranks): no-data: no native run with placement inter, 2 ranks at 1M B" "$T_TMP/out"

# A site file that tolerates anything: thresholds and the fallback
# heuristics give way, but not the transport evidence (hybrid used TCP).
cat >"$T_TMP/lenient.conf" <<'CONF'
* * * 100000%
fallback latency 1000000 1000000
fallback bandwidth 0
CONF
"$PARITY" compare --results "$R" --campaign demo --thresholds "$T_TMP/lenient.conf" --quiet >"$T_TMP/out" 2>&1
rc=$?
check "--thresholds: evidence of a fallback still fails (exit 1)" [ "$rc" -eq 1 ]
check "--thresholds: hybrid is still a fallback" grep -q "^hybrid: FALLBACK\." "$T_TMP/out"
check "--thresholds: bind passes" grep -q "^bind: PASS" "$T_TMP/out"
# A strict site file overrides the defaults the other way: 0.1% fails bind.
printf '* * * 0.1%%\n' >"$T_TMP/strict.conf"
"$PARITY" compare --results "$R" --campaign passing --thresholds "$T_TMP/strict.conf" --quiet >"$T_TMP/out" 2>&1
rc=$?
check "--thresholds overrides the defaults (exit 1)" [ "$rc" -eq 1 ]
check "--thresholds: bind fails at 0.1%" grep -q "^bind: FAIL\..*(allowed 0.1%)" "$T_TMP/out"

printf '# ok line next\nbw bandwidth 64K: 5%%\nbw bandwidth 64K: five\n' >"$T_TMP/bad.conf"
"$PARITY" compare --results "$R" --campaign demo --thresholds "$T_TMP/bad.conf" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "malformed thresholds: exit 2" [ "$rc" -eq 2 ]
check "malformed thresholds: one line naming file:line" sh -c "[ \$(wc -l <'$T_TMP/err') -eq 1 ] && grep -q 'bad.conf:3: bad overhead' '$T_TMP/err'"

"$PARITY" compare --results "$R" --campaign nosuch >/dev/null 2>"$T_TMP/err"
rc=$?
check "missing campaign: exit 6" [ "$rc" -eq 6 ]
check "missing campaign: names runs.csv" grep -q "nosuch/runs.csv: no such file" "$T_TMP/err"

mkdir -p "$R/future"
{ head -1 "$R/passing/runs.csv"; sed -n 2p "$R/passing/runs.csv" | sed 's#^parity-runs/1\.[0-9]*#parity-runs/2.0#'; } >"$R/future/runs.csv"
"$PARITY" compare --results "$R" --campaign future >/dev/null 2>"$T_TMP/err"
rc=$?
check "another major schema: exit 6" [ "$rc" -eq 6 ]
check "another major schema: refused with file:line" grep -q "future/runs.csv:2: row of schema 'parity-runs/2.0'" "$T_TMP/err"

"$PARITY" compare --results "$R" >/dev/null 2>&1
check "no --campaign: usage error" [ $? -eq 2 ]
"$PARITY" compare --campaign demo --bogus >/dev/null 2>&1
check "unknown option: usage error" [ $? -eq 2 ]
"$PARITY" compare --show-thresholds | grep -q '^fallback bandwidth 0.5'
check "--show-thresholds prints the built-in file" [ $? -eq 0 ]

finish
