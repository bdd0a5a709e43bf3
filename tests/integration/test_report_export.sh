#!/bin/sh
# parity compare --junit and --json on fixture campaigns: the JUnit file
# validates against tests/junit.xsd with one testcase per point and a
# failure exactly where a verdict failed (error for no-data, skipped for
# undecided points, failures with --strict); the JSON validates against
# results/verdicts.schema.json and agrees with verdicts.csv; hostile
# strings stay well-formed; an unwritable file is exit 6.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/report_lib.sh"
require_cmd xmllint python3
python3 -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema not installed"

XSD="$top_srcdir/tests/junit.xsd"
SCHEMA="$top_srcdir/results/verdicts.schema.json"
R="$T_TMP/results"
fixture_copy "$R"

# junit_agrees XML CSV STRICT: one testcase per verdicts.csv row, named by
# mode, kernel and size; failure/error/skipped exactly as the verdict maps.
junit_agrees() {
	python3 - "$@" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
xml_path, csv_path, strict = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
rows = list(csv.DictReader(open(csv_path)))
root = ET.parse(xml_path).getroot()
cases = [(suite, case) for suite in root.findall("testsuite") for case in suite.findall("testcase")]
if len(cases) != len(rows):
    sys.exit("%d testcases for %d points" % (len(cases), len(rows)))
def want(v):
    if v == "pass": return None
    if v == "no-data": return "error"
    if v in ("inconclusive", "unresolvable"): return "failure" if strict else "skipped"
    return "failure"
for (suite, case), row in zip(cases, rows):
    size = int(row["size_bytes"])
    if case.get("classname") != "%s.%s.%s" % (row["campaign"], row["mode"], row["kernel"]):
        sys.exit("classname %s for %s" % (case.get("classname"), row))
    if not case.get("name").startswith(row["kernel"] + " "):
        sys.exit("name %s for %s" % (case.get("name"), row))
    kids = [k for k in case if k.tag in ("failure", "error", "skipped")]
    w = want(row["verdict"])
    got = kids[0].tag if kids else None
    if got != w:
        sys.exit("%s: %s, expected %s" % (case.get("name"), got, w))
    if kids and (kids[0].get("type") != row["verdict"] or row["note"] not in kids[0].get("message")):
        sys.exit("%s: type/message %s %s" % (case.get("name"), kids[0].get("type"), kids[0].get("message")))
    if case.find("system-out") is None or "native median" not in case.find("system-out").text:
        sys.exit("%s: no numbers" % case.get("name"))
for suite in root.findall("testsuite"):
    cs = suite.findall("testcase")
    n = lambda tag: sum(1 for c in cs if c.find(tag) is not None)
    if [int(suite.get(a)) for a in ("tests", "failures", "errors", "skipped")] != \
       [len(cs), n("failure"), n("error"), n("skipped")]:
        sys.exit("suite %s: counts do not match its testcases" % suite.get("name"))
PY
}

# json_agrees JSON CSV RC: valid against the schema, every point as in
# verdicts.csv (verdict, size, numbers), exit_status = compare's.
json_agrees() {
	python3 - "$SCHEMA" "$@" <<'PY'
import csv, json, math, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
rows = list(csv.DictReader(open(sys.argv[3])))
if doc["overall"]["exit_status"] != int(sys.argv[4]):
    sys.exit("exit_status %s, compare exited %s" % (doc["overall"]["exit_status"], sys.argv[4]))
if len(doc["points"]) != len(rows):
    sys.exit("%d points for %d rows" % (len(doc["points"]), len(rows)))
for p, r in zip(doc["points"], rows):
    for k in ("mode", "kernel", "metric", "verdict", "note", "placement"):
        if p[k] != r[k]:
            sys.exit("%s: %r vs %r" % (k, p[k], r[k]))
    if p["size_bytes"] != int(r["size_bytes"]) or p["n_pairs"] != int(r["n_pairs"]):
        sys.exit("size or rounds differ: %r" % p)
    for k in ("ratio", "overhead_pct", "native_median"):
        if (p[k] is None) != (r[k] == "") or (p[k] is not None and not math.isclose(p[k], float(r[k]), rel_tol=1e-5)):
            sys.exit("%s: %r vs %r" % (k, p[k], r[k]))
if sum(s["points"] for s in doc["series"]) != len(rows):
    sys.exit("series point counts")
PY
}

# demo: hybrid falls back to TCP (33 failures), bind passes.
"$PARITY" compare --results "$R" --campaign demo --quiet --junit "$T_TMP/demo.xml" --json "$T_TMP/demo.json" \
	>"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "demo: exit 1 as without the options" [ "$rc" -eq 1 ]
check "demo: the terminal output is unchanged (two summary lines)" [ "$(wc -l <"$T_TMP/out")" -eq 2 ]
check "demo: JUnit validates against tests/junit.xsd" xmllint --noout --schema "$XSD" "$T_TMP/demo.xml"
check "demo: 66 testcases, 33 failures in total" \
	grep -q '^<testsuites name="parity compare demo" tests="66" failures="33" errors="0" skipped="0">$' "$T_TMP/demo.xml"
check "demo: one suite per mode" sh -c "grep -q '<testsuite name=\"demo.hybrid\" tests=\"33\" failures=\"33\"' '$T_TMP/demo.xml' &&
	grep -q '<testsuite name=\"demo.bind\" tests=\"33\" failures=\"0\"' '$T_TMP/demo.xml'"
check "demo: a failure carries the verdict note" \
	grep -q '<testcase classname="demo.hybrid.bw" name="bw 1M B">' "$T_TMP/demo.xml"
check "demo: JUnit agrees with verdicts.csv point by point" junit_agrees "$T_TMP/demo.xml" "$R/demo/verdicts.csv" 0
check "demo: JSON validates and agrees with verdicts.csv" json_agrees "$T_TMP/demo.json" "$R/demo/verdicts.csv" "$rc"
check "demo: JSON overall line" grep -q '"text": "FALLBACK: 33 of 66 points fallback, 33 pass"' "$T_TMP/demo.json"

# Without the option nothing is written; --overall still writes what is asked.
rm -f "$T_TMP/demo.xml"
"$PARITY" compare --results "$R" --campaign demo --overall --junit "$T_TMP/demo.xml" >/dev/null 2>&1
check "--overall --junit: the file is written" xmllint --noout --schema "$XSD" "$T_TMP/demo.xml"

# passing: nothing but plain testcases.
"$PARITY" compare --results "$R" --campaign passing --quiet --junit "$T_TMP/pass.xml" --json "$T_TMP/pass.json" >/dev/null 2>&1
rc=$?
check "passing: exit 0" [ "$rc" -eq 0 ]
check "passing: no failure, error or skipped" sh -c "! grep -Eq '<(failure|error|skipped)' '$T_TMP/pass.xml'"
check "passing: JUnit agrees" junit_agrees "$T_TMP/pass.xml" "$R/passing/verdicts.csv" 0
check "passing: JSON agrees, exit_status 0" json_agrees "$T_TMP/pass.json" "$R/passing/verdicts.csv" "$rc"

# Three rounds decide nothing: undecided points are skipped, failures with --strict.
mkdir -p "$R/short"
awk -F, 'NR == 1 || $4 <= 3' "$R/passing/runs.csv" >"$R/short/runs.csv"
"$PARITY" compare --results "$R" --campaign short --quiet --junit "$T_TMP/short.xml" --json "$T_TMP/short.json" >/dev/null 2>&1
rc=$?
check "short: exit 10 (undecided)" [ "$rc" -eq 10 ]
check "short: undecided points are skipped" grep -Eq '<skipped type="(inconclusive|unresolvable)" message=' "$T_TMP/short.xml"
check "short: JUnit validates and agrees" sh -c "xmllint --noout --schema '$XSD' '$T_TMP/short.xml' 2>/dev/null"
check "short: JUnit agrees" junit_agrees "$T_TMP/short.xml" "$R/short/verdicts.csv" 0
check "short: JSON agrees, exit_status 10" json_agrees "$T_TMP/short.json" "$R/short/verdicts.csv" "$rc"
"$PARITY" compare --results "$R" --campaign short --strict --quiet --junit "$T_TMP/strict.xml" --json "$T_TMP/strict.json" >/dev/null 2>&1
rc=$?
check "short --strict: exit 1" [ "$rc" -eq 1 ]
check "short --strict: undecided points are failures" junit_agrees "$T_TMP/strict.xml" "$R/short/verdicts.csv" 1
check "short --strict: nothing skipped" sh -c "! grep -q '<skipped' '$T_TMP/strict.xml'"
check "short --strict: JSON agrees, exit_status 1, strict" sh -c "grep -q '\"strict\": true' '$T_TMP/strict.json'"

# No native run of a placement: no-data is a JUnit error.
mkdir -p "$R/nointer"
grep -v ',native,none,,,mpiexec,inter,' "$R/placements/runs.csv" >"$R/nointer/runs.csv"
"$PARITY" compare --results "$R" --campaign nointer --quiet --junit "$T_TMP/nointer.xml" --json "$T_TMP/nointer.json" >/dev/null 2>&1
rc=$?
check "nointer: 22 errors" grep -q 'tests="44" failures="0" errors="22" skipped="0"' "$T_TMP/nointer.xml"
check "nointer: the placement is in the testcase name" grep -q 'name="bw 1M B (inter, 2 ranks)"' "$T_TMP/nointer.xml"
check "nointer: JUnit agrees" junit_agrees "$T_TMP/nointer.xml" "$R/nointer/verdicts.csv" 0
check "nointer: JSON agrees" json_agrees "$T_TMP/nointer.json" "$R/nointer/verdicts.csv" "$rc"

# Hostile transport evidence (markup, a control character, a byte that is not
# UTF-8) reaches the notes: both files stay valid.
mkdir -p "$R/hostile"
sed "s/,tcp,latency,/,\"tcp<\&\"\"x'\x01\xff>\",latency,/" "$R/demo/runs.csv" >"$R/hostile/runs.csv"
"$PARITY" compare --results "$R" --campaign hostile --quiet --junit "$T_TMP/hostile.xml" --json "$T_TMP/hostile.json" >/dev/null 2>&1
check "hostile: the odd transport reached the notes" grep -q 'tcp&lt;&amp;&quot;x&apos;' "$T_TMP/hostile.xml"
check "hostile: JUnit still validates" xmllint --noout --schema "$XSD" "$T_TMP/hostile.xml"
check "hostile: JSON still validates" python3 -c "
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
jsonschema.validate(doc, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
assert any('tcp<&\"x\\'\ufffd\ufffd>' in p['container_transport'] for p in doc['points']), 'transport not kept'
" "$T_TMP/hostile.json" "$SCHEMA"

# Unwritable destination: one line, exit 6, verdicts.csv still written.
"$PARITY" compare --results "$R" --campaign demo --quiet --junit "$T_TMP/nodir/x.xml" >/dev/null 2>"$T_TMP/err"
rc=$?
check "unwritable --junit: exit 6" [ "$rc" -eq 6 ]
check "unwritable --junit: one line naming the file" sh -c "[ \$(wc -l <'$T_TMP/err') -eq 1 ] && grep -q 'nodir/x.xml' '$T_TMP/err'"
"$PARITY" compare --results "$R" --campaign demo --quiet --json "$T_TMP/nodir/x.json" >/dev/null 2>"$T_TMP/err"
check "unwritable --json: exit 6" [ $? -eq 6 ]

finish
