#!/bin/bash
# bench-verdicts.sh: how decisive and how honest parity's verdicts are on
# this machine, measured (a benchmark, not a test: it prints numbers).
#
#   1. main      the default `make check-perf` campaign (native, hybrid, bind;
#                latency, bw, bibw, allreduce; 1 B-1 MiB; PERF_BUDGET)
#   2. A/A       N campaigns of native against `control` (native again): every
#                fail is a false fail
#   3. injected  native against control with a PMPI library that delays every
#                message (scripts/pmpi-delay.c), sized from this machine's own
#                native numbers to twice the allowed overhead: bandwidth from
#                64 KiB, latency around 1 KiB. A point is "affected" when the
#                delay, against the campaign's native median there, is at least
#                twice its allowed overhead; detection = fails among those.
#   4. portable  native against hybrid with the TCP-only image: a fallback,
#                with the transport named
#
# It prints, per part: points, decided (pass or fail), false fails or
# detections, wall time; then one summary table. Results stay in the results
# directory (--out) for inspection.
set -euo pipefail

readonly PROG=${0##*/}
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build/mpich
out=
aa_n=10
aa_budget=2m
inj_budget=2m
main_budget=5m
parts=main,aa,injected,portable
imgdir=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}

usage() {
	cat <<EOF
Usage: $PROG [--build DIR] [--out DIR] [--parts LIST] [--aa N] [--aa-budget D]
             [--injected-budget D] [--main-budget D] [--quick]

Measure parity's verdicts on this machine (see the header of this script).
  --build DIR          a configured and built parity tree (default build/mpich);
                       its MPI family is the one measured
  --out DIR            results directory (default: a new one under /tmp)
  --parts LIST         which parts, comma-separated: main,aa,injected,portable
  --aa N               A/A campaigns (default $aa_n)
  --aa-budget D        budget of each A/A campaign (default $aa_budget)
  --injected-budget D  budget of each injected campaign (default $inj_budget)
  --main-budget D      PERF_BUDGET of the main campaign (default $main_budget)
  --quick              3 A/A campaigns of 1m, injected 1m, main 3m
Needs the test images (make images) for main and portable. Takes about
(main + aa x aa-budget + 2 x injected + 1 min); run it on a quiet machine.
EOF
}

die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--parts) parts=$2; shift 2 ;;
	--aa) aa_n=$2; shift 2 ;;
	--aa-budget) aa_budget=$2; shift 2 ;;
	--injected-budget) inj_budget=$2; shift 2 ;;
	--main-budget) main_budget=$2; shift 2 ;;
	--quick) aa_n=3 aa_budget=1m inj_budget=1m main_budget=3m; shift ;;
	-h|--help) usage; exit 0 ;;
	*) printf '%s: unknown option %s (see --help)\n' "$PROG" "$1" >&2; exit 2 ;;
	esac
done

parity=$build/harness/parity
bench=$build/bench/parity-bench
[ -x "$parity" ] && [ -x "$bench" ] || die "no built parity in $build (configure and make it first)"
family=$(sed -n 's/^MPI_FAMILY = //p' "$build/Makefile")
mpicc=$(sed -n 's/^MPICC = //p' "$build/Makefile")
[ -n "$family" ] && [ -n "$mpicc" ] || die "cannot tell the MPI family of $build"
out=${out:-$(mktemp -d /tmp/parity-bench-verdicts.XXXXXX)}
mkdir -p "$out"
export USER=${USER:-$(id -un)} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
has() { case ",$parts," in *",$1,"*) return 0 ;; esac; return 1; }
now() { date +%s; }
table=$out/table.txt
: >"$table"

# analyse KIND CAMPAIGN [INJECTED_NS INJECTED_PS_PER_BYTE]: one line of numbers
# from the campaign's verdicts.csv and runs.csv.
analyse() {
	python3 - "$out" "$@" <<'PY'
import csv, math, sys
out, kind, camp = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(f"{out}/{camp}/verdicts.csv")))
n = len(rows)
count = {}
for r in rows:
    count[r["verdict"]] = count.get(r["verdict"], 0) + 1
decided = count.get("pass", 0) + count.get("fail", 0)
undecided = count.get("inconclusive", 0) + count.get("unresolvable", 0)
words = ", ".join(f"{v} {k}" for k, v in sorted(count.items()))
if kind == "injected":
    ns, ps = float(sys.argv[4]), float(sys.argv[5])
    affected = hit = 0
    for r in rows:
        size, native = float(r["size_bytes"]), float(r["native_median"] or "nan")
        allowed = float(r["allowed_overhead_pct"] or "nan") / 100
        if math.isnan(native) or math.isnan(allowed):
            continue
        delay_us = (ns + ps * size / 1000) / 1000
        if r["metric"] == "latency":
            over = delay_us / native
        else:  # MB/s: the time of one message, then the delay on top
            t = size / native
            over = delay_us / (t + delay_us)
        if over >= 2 * allowed:
            affected += 1
            hit += r["verdict"] == "fail"
    rate = 100.0 * hit / affected if affected else float("nan")
    print(f"{n} points ({words}); affected (delay >= 2x allowed): {affected}; detected as fail: {hit} ({rate:.1f}%)")
else:
    fails = count.get("fail", 0)
    print(f"{n} points ({words}); decided {decided} ({100.0 * decided / n:.1f}%); fail {fails} ({100.0 * fails / n:.1f}%)")
PY
}

# rounds_of CAMPAIGN: rounds run (the largest repetition).
rounds_of() { python3 -c 'import csv,sys; print(max(int(r["repetition"]) for r in csv.DictReader(open(sys.argv[1]))))' "$out/$1/runs.csv"; }

echo "$PROG: $family, parity $build, results in $out; load: $(cut -d' ' -f1-3 /proc/loadavg)"

if has main; then
	c=main-$$
	t0=$(now)
	make -s -C "$build" check-perf PERF_RESULTS="$out" PERF_CAMPAIGN=$c PERF_BUDGET="$main_budget" \
		>"$out/$c.log" 2>&1 || true
	t1=$(now)
	line=$(analyse main $c)
	printf 'main      %-10s %s; %s rounds; wall %ss\n' "$c" "$line" "$(rounds_of $c)" $((t1 - t0)) | tee -a "$table"
	tail -1 "$out/$c.log"
fi

if has aa; then
	total=0 fails=0 dec=0 wall=0
	for i in $(seq 1 "$aa_n"); do
		c=aa$i-$$
		t0=$(now)
		"$parity" run --results="$out" --campaign=$c --modes=native,control --kernels=latency,bw,bibw,allreduce \
			--sizes=1:1M --repetitions=10 --budget="$aa_budget" --bench="$bench" >"$out/$c.log" 2>&1 || true
		"$parity" compare --results="$out" --campaign=$c >"$out/$c.compare" 2>&1 || true
		t1=$(now)
		line=$(analyse aa $c)
		printf 'A/A %2d    %-10s %s; %s rounds; wall %ss\n' "$i" "$c" "$line" "$(rounds_of $c)" $((t1 - t0)) | tee -a "$table"
		read -r n f d < <(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len(r), sum(x["verdict"]=="fail" for x in r), sum(x["verdict"] in ("pass","fail") for x in r))' "$out/$c/verdicts.csv")
		total=$((total + n)) fails=$((fails + f)) dec=$((dec + d)) wall=$((wall + t1 - t0))
	done
	printf 'A/A all   %d campaigns: %d points, decided %d (%s%%), false fails %d (%s%%), wall %ss\n' "$aa_n" $total $dec \
		"$(awk -v a=$dec -v b=$total 'BEGIN{printf "%.1f", b ? 100*a/b : 0}')" $fails \
		"$(awk -v a=$fails -v b=$total 'BEGIN{printf "%.2f", b ? 100*a/b : 0}')" $wall | tee -a "$table"
fi

if has injected; then
	lib=$out/libpmpi-delay.so
	"$mpicc" -shared -fPIC -O2 -o "$lib" "$top/scripts/pmpi-delay.c" || die "cannot build $lib with $mpicc"
	# This machine's native numbers, to size the delays: peak bandwidth from
	# 64 KiB (MB/s = bytes/us) and the latency at 1 KiB (us).
	launcher=mpiexec.mpich; [ "$family" = openmpi ] && launcher=mpirun.openmpi
	peak=$("$launcher" -n 2 "$bench" bw -m 64K:1M --min-time=100ms --csv=- 2>/dev/null |
		awk -F, 'NR > 1 && $12 > m { m = $12 } END { print m }')
	lat=$("$launcher" -n 2 "$bench" latency -m 1K:1K --min-time=100ms --csv=- 2>/dev/null | awk -F, 'NR > 1 { print $12 }')
	[ -n "$peak" ] && [ -n "$lat" ] || die "cannot measure native bandwidth and latency with $launcher"
	# Bandwidth: 12% slower at the peak (more below it): twice the 5% allowed.
	ps=$(awk -v p="$peak" 'BEGIN { printf "%.3f", 0.12 / 0.88 / p * 1e6 }')
	# Latency: 2.4x the allowed overhead at 1 KiB (10% + 0.2 us).
	ns=$(awk -v l="$lat" 'BEGIN { printf "%.1f", 2.4 * (0.10 * l + 0.2) * 1000 }')
	echo "injected: native bw peak $peak MB/s, latency at 1 KiB $lat us -> $ps ps/byte, $ns ns per message"
	for what in bandwidth latency; do
		c=inj-$what-$$
		if [ $what = bandwidth ]; then
			k=bw s=64K:1M env="control:LD_PRELOAD=$lib;control:PARITY_DELAY_PS_PER_BYTE=$ps" a=0 b=$ps
		else
			k=latency s=1:8K env="control:LD_PRELOAD=$lib;control:PARITY_DELAY_NS=$ns" a=$ns b=0
		fi
		t0=$(now)
		"$parity" run --results="$out" --campaign=$c --modes=native,control --kernels=$k --sizes=$s \
			--repetitions=10 --budget="$inj_budget" --mode-env="$env" --bench="$bench" >"$out/$c.log" 2>&1 || true
		"$parity" compare --results="$out" --campaign=$c >"$out/$c.compare" 2>&1 || true
		t1=$(now)
		line=$(analyse injected $c "$a" "$b")
		printf 'injected  %-10s %s; %s rounds; wall %ss\n' "$what" "$line" "$(rounds_of $c)" $((t1 - t0)) | tee -a "$table"
	done
fi

if has portable; then
	[ -d "$imgdir/parity-portable" ] || die "no $imgdir/parity-portable: make images"
	c=portable-$$
	t0=$(now)
	"$parity" run --results="$out" --campaign=$c --modes=native,hybrid --image="$imgdir/parity-portable" \
		--kernels=latency,bw --sizes=1:1M --repetitions=3 --bench="$bench" >"$out/$c.log" 2>&1 || true
	"$parity" compare --results="$out" --campaign=$c --quiet >"$out/$c.compare" 2>&1 || true
	t1=$(now)
	printf 'portable  %-10s %s; wall %ss\n' "$c" "$(grep '^hybrid:' "$out/$c.compare" | cut -c1-160)" $((t1 - t0)) | tee -a "$table"
fi

echo
echo "== $PROG summary ($family, $(date -u +%Y-%m-%dT%H:%MZ), load now $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$table"
