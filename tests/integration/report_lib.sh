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
