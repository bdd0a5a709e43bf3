#!/bin/sh
# The OSU drop-in mode: parity-bench called osu_bw, osu_allreduce, ... (the
# links make install creates) prints OMB 7.4's preamble byte for byte (golden
# files captured from OMB 7.4's own binaries), puts its provenance after the
# table, takes OMB's argument grammar (H H; D D refused), and its output
# satisfies the regular expressions of ReFrame's OSU checks:
#   hpctestlib/microbenchmarks/mpi/osu.py (2024): executable_opts
#     -m SIZE -x 10 -i 1000 -c [D D], sanity rf'^{size}.*Pass',
#     performance sn.extractsingle(rf'^{size}\s+(\S+)', stdout, 1, float),
#     size 8 for latency, 4194304 for bandwidth;
#   the same file (2022): sanity rf'^{size}' without -c;
#   hpctestlib/microbenchmarks/mpi/osu/__init__.py and cscs-checks: sanity
#     r'^8', r'^4194304', r'^1048576'; r'^4194304\s+(?P<bw>\S+)',
#     r'^8\s+(?P<latency>\S+)';
#   site checks: 'OSU MPI Latency Test', r'^# OSU MPI Bandwidth Test'.
# ReFrame matches with Python's re and re.MULTILINE, so python3 does here.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bench_lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
require_cmd python3
GOLDEN=$top_srcdir/tests/golden/osu

bin=$T_TMP/bin
mkdir -p "$bin"
for n in $OSU_NAMES; do ln -s "$PARITY_BENCH" "$bin/$n"; done

# found REGEX FILE: ReFrame's sn.assert_found.
found() {
	python3 -c 'import re, sys; sys.exit(0 if re.search(sys.argv[1], open(sys.argv[2]).read(), re.MULTILINE) else 1)' "$1" "$2"
}
# extract REGEX GROUP FILE: ReFrame's sn.extractsingle(REGEX, FILE, GROUP, float):
# the first match, converted; prints it, fails when absent or not positive.
extract() {
	python3 -c '
import re, sys
m = list(re.finditer(sys.argv[1], open(sys.argv[3]).read(), re.MULTILINE))
g = sys.argv[2]
v = float(m[0].group(int(g) if g.isdigit() else g)) if m else -1.0
print(v)
sys.exit(0 if v > 0 else 1)' "$1" "$2" "$3" >/dev/null
}
# preamble FILE: OMB's lines before the first data line (parity's provenance
# lines follow the table, so they are not part of it).
preamble() { awk '{ print } /^# (Size|Avg)/ { exit }' "$1"; }
# is_data LINE: OMB's layout of one size ("1", padded) or barrier's lone value.
is_data() { printf '%s\n' "$1" | grep -Eq '^(1 {9} *[0-9]+\.[0-9][0-9]| +[0-9]+\.[0-9][0-9])( |$)'; }

# 1. The preamble, byte for byte, for every program; a data line follows it
#    and parity's '# '-prefixed lines come after the table.
for n in $OSU_NAMES; do
	out=$T_TMP/$n.out
	mpi_run 2 "$bin/$n" -m 1:1 -i 2 -x 1 >"$out" 2>"$T_TMP/$n.err"
	check "$n exits 0" test $? -eq 0
	preamble "$out" >"$T_TMP/$n.pre"
	check "$n: OMB 7.4's preamble" cmp -s "$GOLDEN/$n.txt" "$T_TMP/$n.pre"
	first=$(awk 'f { print; exit } /^# (Size|Avg)/ { f = 1 }' "$out")
	check "$n: a data line right after the header ('$first')" is_data "$first"
	check "$n: provenance after the table, '# '-prefixed" test "$(tail -n 1 "$out" | cut -c1-9)" = "# timer: "
	check "$n: every line after the table starts with '# '" \
		test -z "$(awk 'd && !/^# / { print } /^(1 |  )/ { d = 1 }' "$out")"
done
# Options change the header as in OMB (-f, -c, -z), and -T all repeats it.
golden_run() {
	local name=$1 file=$2; shift 2
	mpi_run 2 "$bin/$name" "$@" >"$T_TMP/g.out" 2>&1
	check "$name $*: exits 0" test $? -eq 0
	preamble "$T_TMP/g.out" >"$T_TMP/g.pre"
	check "$name $*: preamble as OMB 7.4's" cmp -s "$GOLDEN/$file" "$T_TMP/g.pre"
}
golden_run osu_allreduce osu_allreduce.f-c-z.txt -m 1:1 -i 2 -x 1 -f -c -z
golden_run osu_bw osu_bw.c-z50,100.txt -m 1:1 -i 2 -x 1 -c -z50,100
golden_run osu_barrier osu_barrier.f-z5.txt -i 2 -x 1 -f -z5
mpi_run 2 "$bin/osu_latency" -m 4:4 -i 2 -x 1 -T all >"$T_TMP/t.out" 2>&1
grep '^#' "$T_TMP/t.out" | grep -v '^# \(rank [0-9]*:\|timer:\)' >"$T_TMP/t.pre"
check "osu_latency -T all: OMB 7.4's lines" cmp -s "$GOLDEN/osu_latency.T-all.txt" "$T_TMP/t.pre"

# 2. ReFrame hpctestlib (2024): -c and the sanity pattern on the Pass column.
#    -i is smaller than ReFrame's 1000 for the 4 MiB bandwidth run only, to
#    keep the test short; the patterns do not depend on it.
rfm_run() {
	local name=$1 size=$2 out=$T_TMP/rfm.$1.$2.out; shift 2
	mpi_run 2 "$bin/$name" "$@" >"$out" 2>"$T_TMP/rfm.err"
	check "$name $*: exits 0" test $? -eq 0
	check "$name $*: sanity ^$size.*Pass" found "^$size.*Pass" "$out"
	check "$name $*: performance ^$size\\s+(\\S+) is a positive float" extract "^$size\\s+(\\S+)" 1 "$out"
	check "$name $*: 2022 sanity ^$size" found "^$size" "$out"
}
rfm_run osu_latency 8 -m 8 -x 10 -i 1000 -c H H
rfm_run osu_bw 4194304 -m 4194304 -x 2 -i 5 -c H H
rfm_run osu_allreduce 8 -m 8 -x 10 -i 1000 -c
rfm_run osu_alltoall 8 -m 8 -x 10 -i 1000 -c
# hpctestlib appends D D to point-to-point runs even for host buffers: refused
# with one line and exit 2, unless PARITY_OSU_DEVICE_AS_HOST=1.
mpi_run 2 "$bin/osu_bw" -m 8 -x 10 -i 1000 -c D D >"$T_TMP/dd.out" 2>"$T_TMP/dd.err"
check "osu_bw ... D D exits 2 (got $?)" test $? -eq 2
check "osu_bw ... D D: one line naming accelerator-aware MPI" \
	test "$(grep -c '^osu_bw: .*accelerator-aware MPI build' "$T_TMP/dd.err")" -eq 1
check "osu_bw ... D D: nothing on stdout" test ! -s "$T_TMP/dd.out"
PARITY_OSU_DEVICE_AS_HOST=1 mpi_run 2 "$bin/osu_latency" -m 8 -x 10 -i 1000 -c D D >"$T_TMP/dh.out" 2>"$T_TMP/dh.err"
check "PARITY_OSU_DEVICE_AS_HOST=1 osu_latency ... D D exits 0" test $? -eq 0
check "PARITY_OSU_DEVICE_AS_HOST=1: the host buffers are noted once" test "$(grep -c "measured with host buffers" "$T_TMP/dh.err")" -eq 1
check "PARITY_OSU_DEVICE_AS_HOST=1: sanity ^8.*Pass" found '^8.*Pass' "$T_TMP/dh.out"

# 3. Older checks: default sizes, titles, named groups.
mpi_run 2 "$bin/osu_latency" -i 100 -x 10 >"$T_TMP/lat.out" 2>&1
check "osu_latency (no -m): ^4194304 found" found '^4194304' "$T_TMP/lat.out"
check "osu_latency: ^8\\s+(?P<latency>\\S+)" extract '^8\s+(?P<latency>\S+)' latency "$T_TMP/lat.out"
check "osu_latency: 'OSU MPI Latency Test'" found 'OSU MPI Latency Test' "$T_TMP/lat.out"
check "osu_latency: ^8 found" found '^8' "$T_TMP/lat.out"
bw=$T_TMP/rfm.osu_bw.4194304.out
check "osu_bw: ^4194304\\s+(?P<bw>\\S+)" extract '^4194304\s+(?P<bw>\S+)' bw "$bw"
check "osu_bw: ^# OSU MPI Bandwidth Test" found '^# OSU MPI Bandwidth Test' "$bw"
check "osu_bw: 'OSU MPI Bandwidth Test'" found 'OSU MPI Bandwidth Test' "$bw"
mpi_run 2 "$bin/osu_alltoall" -i 20 -x 2 >"$T_TMP/a2a.out" 2>&1
check "osu_alltoall (no -m): ^1048576 found" found '^1048576' "$T_TMP/a2a.out"
check "osu_alltoall: ^8\\s+(?P<latency>\\S+)" extract '^8\s+(?P<latency>\S+)' latency "$T_TMP/a2a.out"
finish
