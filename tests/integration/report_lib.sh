# Helpers of the compare/plot/report integration tests (sourced after
# tests/lib.sh).

FIXTURES="$top_srcdir/tests/fixtures/campaigns"

# fixture_copy DIR: a private, writable copy of the fixture campaigns.
fixture_copy() { mkdir -p "$1" && cp -R "$FIXTURES"/. "$1"/; }

# is_png FILE: the 8-byte PNG signature.
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# is_svg FILE: parses as XML with an <svg> root.
is_svg() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
sys.exit(0 if root.tag.endswith("svg") else 1)
PY
}

# png_not_blank FILE: decodes the PNG (8-bit, no interlace) and finds more
# than one colour among its pixels.
png_not_blank() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h, ct = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ct = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ct]
stride = w * bpp + 1
colours = set()
prev = bytearray(stride - 1)
for y in range(h):
    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 8 == 0:
        for x in range(0, w, 4):
            colours.add(bytes(line[x * bpp:(x + 1) * bpp]))
    if len(colours) > 2:
        sys.exit(0)
sys.exit(1)
PY
}

# unique_ids FILE: the page's own ids are distinct, the inlined figures'
# ids carry a per-figure prefix (fN-), and every local href resolves within
# its own figure.
unique_ids() {
	python3 - "$1" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
ids = re.findall(r"""\bid=["'](.*?)["']""", page)
own = [i for i in ids if not re.match(r"f\d+-", i)]
refs = re.findall(r"""href=["']#(.*?)["']""", page)
ok = ids and len(own) == len(set(own)) and any(i.startswith("f0-gpPt") for i in ids)
ok = ok and all(r in ids and re.match(r"f\d+-", r) for r in refs)
# No gnuplot point shape escapes its figure's prefix.
ok = ok and not any(re.match(r"gpPt", i) for i in ids)
sys.exit(0 if ok else 1)
PY
}

# svg_titled FILE N: N figures inlined, each with a <title> naming what it
# shows (gnuplot's own "Gnuplot" nowhere on the page).
svg_titled() {
	python3 - "$1" "$2" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
figs = re.findall(r'<figure id="fig-[^"]*">\s*<svg.*?</svg>', page, re.S)
titles = [re.search(r"<title>(.*?)</title>", f).group(1) for f in figs]
ok = len(figs) == int(sys.argv[2]) and "Gnuplot" not in page
ok = ok and all(" vs " in t for t in titles)
sys.exit(0 if ok else 1)
PY
}

# map_agrees PAGE VERDICTS_CSV MODE...: the overview maps, one per MODE in
# that order, hold every point of verdicts.csv in its (kernel, size) cell,
# coloured by its verdict class, showing its overhead; no other cell is
# filled. PAGE is HTML (<table class="map">) or, with .md, Markdown.
map_agrees() {
	python3 - "$@" <<'PY'
import csv, html, re, sys
path, rows, modes = sys.argv[1], list(csv.DictReader(open(sys.argv[2]))), sys.argv[3:]
page = open(path).read()
cls = {"pass": "pass", "fallback": "fallback", "fallback-suspected": "fallback", "fail": "fail",
       "mode-mismatch": "fail", "inconclusive": "undecided", "unresolvable": "undecided", "no-data": "no-data"}
def fmt_size(b):
    for unit, n in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if b >= n and b % n == 0:
            return "%d%s" % (b // n, unit)
    return str(b)
def fmt_ovh(o):
    return "%+.1f%%" % o if abs(o) < 9.95 else "%+.0f%%" % o
if path.endswith(".md"):
    maps = re.findall(r"^### ([^\n]*)\n\n(\| kernel / size \(B\) \|.*?)\n\n", page, re.S | re.M)
else:
    maps = re.findall(r'<h3>([^<]*)</h3>\n<table class="map">(.*?)</table>', page, re.S)
got = [m[0].split(":")[0] for m in maps]
if got != modes:
    sys.exit("maps for %s, expected %s" % (got, modes))
for mode, (title, table) in zip(modes, maps):
    cells = {}
    if path.endswith(".md"):
        lines = table.split("\n")
        sizes = [c.strip() for c in lines[0].strip("|").split("|")][1:]
        for line in lines[2:]:
            parts = [c.strip() for c in line.strip("|").split("|")]
            for size, c in zip(sizes, parts[1:]):
                if c:
                    ovh, verdict = c.split(" ")
                    cells[(parts[0], size)] = (cls[verdict], ovh.replace("\\", ""))
    else:
        trs = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        sizes = re.findall(r"<th>([^<]*)</th>", trs[0])
        for tr in trs[1:]:
            kernel = re.search(r'<th class="k">([^<]*)</th>', tr).group(1)
            for size, td in zip(sizes, re.findall(r"<td[^>]*>[^<]*</td>", tr)):
                m = re.match(r'<td class="m-([a-z-]+)"(?: title="[^"]*")?>([^<]*)</td>', td)
                if m.group(1) != "none":
                    cells[(kernel, size)] = (m.group(1), html.unescape(m.group(2)))
    want = [r for r in rows if r["mode"] == mode]
    for r in want:
        key = (r["kernel"], fmt_size(int(r["size_bytes"])))
        if key not in cells:
            sys.exit("%s: no cell for %s" % (mode, key))
        if cells[key] != (cls[r["verdict"]], fmt_ovh(float(r["overhead_pct"]))):
            sys.exit("%s %s: %s, verdicts.csv says %s %s" % (mode, key, cells[key], r["verdict"], r["overhead_pct"]))
    if len(cells) != len(want):
        sys.exit("%s: %d cells filled for %d points" % (mode, len(cells), len(want)))
PY
}

# no_sideways PAGE CHROME_ARGS...: the page rendered by $CHROME at 1280x800 is
# no wider than the window's content area (measured in a copy of it with one
# probe script: the report itself has none).
no_sideways() {
	local page=$1 dims
	shift
	sed 's#</body>#<script>document.body.setAttribute("data-probe", document.documentElement.scrollWidth + " " + document.documentElement.clientWidth)</script></body>#' \
		"$page" >"$T_TMP/probe.html"
	dims=$(timeout 120 "$CHROME" "$@" --window-size=1280,800 --dump-dom "file://$T_TMP/probe.html" 2>/dev/null |
		sed -n 's/.*data-probe="\([0-9]*\) \([0-9]*\)".*/\1 \2/p')
	echo "$page: document width and viewport: ${dims:-none}"
	set -- $dims
	[ $# -eq 2 ] && [ "$1" -le "$2" ]
}
