#!/bin/sh
# bench-vs-osu.sh (make bench-vs-osu): parity-bench against the OSU
# Micro-Benchmarks 7.4 on this machine, side by side. For each MPI it builds
# OMB 7.4 from the reference tarball in a temporary directory, then runs OMB's
# osu_* and parity-bench's drop-in osu_* links alternately (N launches each,
# the order flipped every launch, 2 ranks, the launcher binding both to cores;
# parity-bench --bind=none leaves that binding alone), and prints per kernel
# and size: both medians over the launches, their ratio (parity / OMB), both
# run-to-run spreads (max / min over the launches) and the target it meets or
# misses: medians within +-5% from 64 KiB (and for allreduce from 8 KiB),
# below that parity's spread no wider than OMB's. Never part of make check.
#
# Usage: bench-vs-osu.sh [-n N] [-k "KERNELS"] [-M "MPIS"] [-p FAMILY=PARITY_BENCH]...
#                        [-a "ARGS"] [-C] [-r TARBALL] [-b DIR] [-o DIR] [-T SECONDS]
#   -n N        launches per tool, kernel and MPI (default 7, at least 3)
#   -k KERNELS  kernels (default: all 14 both tools have)
#   -M MPIS     MPI families (default: those with a parity-bench, of mpich openmpi)
#   -p F=PATH   parity-bench built with family F (default: build/F/bench/parity-bench
#               of this tree, for F in mpich and openmpi)
#   -a ARGS     OSU arguments for both tools (default none: OMB's defaults), e.g. "-i 1000"
#   -C          control: also run a copy of OMB as a third program, interleaved, and
#               print its ratio to OMB and its spread: what two identical programs
#               give on this machine, launch for launch
#   -r TARBALL  OMB 7.4 source (default ../shared/reference/osu-micro-benchmarks-7.4.tar.gz)
#   -b DIR      build OMB in DIR/F and keep it (reused when already built)
#   -o DIR      keep the raw values (DIR/raw.tsv) and each launch's output
#   -T SECONDS  time limit per launch (default 300)
# Exit status: 0 every target met, 1 a target missed or a run failed, 2 usage
# error, 77 the reference tarball or every MPI is absent (nothing measured).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
launches=7
kernels="latency bw bibw mbw_mr multi_lat allreduce bcast reduce allgather alltoall gather scatter reduce_scatter barrier"
mpis=
tarball=$top/../shared/reference/osu-micro-benchmarks-7.4.tar.gz
builddir=
outdir=
limit=300
pb_mpich=$top/build/mpich/bench/parity-bench
pb_openmpi=$top/build/openmpi/bench/parity-bench

usage() { sed -n '13,26p' "$0" >&2; exit 2; }
args=
control=0
while getopts n:k:M:p:a:Cr:b:o:T:h opt; do
	case $opt in
	n) launches=$OPTARG ;;
	k) kernels=$OPTARG ;;
	M) mpis=$OPTARG ;;
	p) case $OPTARG in
	   mpich=*) pb_mpich=${OPTARG#mpich=} ;;
	   openmpi=*) pb_openmpi=${OPTARG#openmpi=} ;;
	   *) echo "bench-vs-osu.sh: -p $OPTARG: FAMILY=PATH with FAMILY mpich or openmpi" >&2; exit 2 ;;
	   esac ;;
	a) args=$OPTARG ;;
	C) control=1 ;;
	r) tarball=$OPTARG ;;
	b) builddir=$OPTARG ;;
	o) outdir=$OPTARG ;;
	T) limit=$OPTARG ;;
	h) sed -n '2,28p' "$0"; exit 0 ;;
	*) usage ;;
	esac
done
case $launches in
''|*[!0-9]*) echo "bench-vs-osu.sh: -n $launches: launches must be a number, 3 or more" >&2; exit 2 ;;
esac
[ "$launches" -ge 3 ] || { echo "bench-vs-osu.sh: -n $launches: launches must be a number, 3 or more" >&2; exit 2; }
case $limit in ''|*[!0-9]*) echo "bench-vs-osu.sh: -T $limit: seconds must be a number" >&2; exit 2 ;; esac
for k in $kernels; do
	case " latency bw bibw mbw_mr multi_lat allreduce bcast reduce allgather alltoall gather scatter reduce_scatter barrier " in
	*" $k "*) ;;
	*) echo "bench-vs-osu.sh: -k: unknown kernel '$k'" >&2; exit 2 ;;
	esac
done
if [ ! -r "$tarball" ]; then
	echo "bench-vs-osu.sh: SKIP: no OMB 7.4 source at $tarball (the reference tarball of ../shared/reference); nothing measured"
	exit 77
fi
if [ -z "$mpis" ]; then
	[ -x "$pb_mpich" ] && command -v mpicc.mpich >/dev/null 2>&1 && mpis="mpich"
	[ -x "$pb_openmpi" ] && command -v mpicc.openmpi >/dev/null 2>&1 && mpis="$mpis openmpi"
fi
if [ -z "$mpis" ]; then
	echo "bench-vs-osu.sh: SKIP: no parity-bench with an installed MPI (build/mpich, build/openmpi, or -p FAMILY=PATH)"
	exit 77
fi
for m in $mpis; do
	case $m in
	mpich) [ -x "$pb_mpich" ] || { echo "bench-vs-osu.sh: no parity-bench for mpich at $pb_mpich (-p mpich=PATH)" >&2; exit 2; } ;;
	openmpi) [ -x "$pb_openmpi" ] || { echo "bench-vs-osu.sh: no parity-bench for openmpi at $pb_openmpi (-p openmpi=PATH)" >&2; exit 2; } ;;
	*) echo "bench-vs-osu.sh: -M: unknown MPI family '$m' (mpich, openmpi)" >&2; exit 2 ;;
	esac
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-osu.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
[ -n "$outdir" ] || outdir=$work/out
mkdir -p "$outdir" || exit 1
raw=$outdir/raw.tsv
: >"$raw"

# omb_dir KERNEL: where OMB 7.4 builds the program of KERNEL.
omb_subdir() {
	case $1 in
	latency|bw|bibw|mbw_mr|multi_lat) echo c/mpi/pt2pt/standard ;;
	*) echo c/mpi/collective/blocking ;;
	esac
}

# build_omb FAMILY: OMB 7.4 built with FAMILY's wrappers; prints its top directory.
build_omb() {
	local m=$1 dir
	dir=${builddir:+$builddir/$m}
	[ -n "$dir" ] || dir=$work/omb-$m
	if [ -x "$dir/osu-micro-benchmarks-7.4/c/mpi/collective/blocking/osu_barrier" ]; then
		echo "$dir/osu-micro-benchmarks-7.4"
		return 0
	fi
	mkdir -p "$dir" && tar -xzf "$tarball" -C "$dir" || return 1
	echo "# building OMB 7.4 with mpicc.$m in $dir (about a minute)" >&2
	(cd "$dir/osu-micro-benchmarks-7.4" && ./configure CC="mpicc.$m" CXX="mpicxx.$m" >"$dir/configure.log" 2>&1 &&
		make -j2 >"$dir/make.log" 2>&1) || { echo "bench-vs-osu.sh: OMB build with $m failed: $dir/*.log" >&2; return 1; }
	echo "$dir/osu-micro-benchmarks-7.4"
}

# launch FAMILY CMD...: 2 ranks, each bound to a core by the launcher.
launch() {
	local m=$1; shift
	case $m in
	mpich) timeout "$limit" mpiexec.mpich -n 2 -bind-to core "$@" ;;
	openmpi) timeout "$limit" mpirun.openmpi -n 2 --bind-to core "$@" ;;
	esac
}

# values FILE: "size value" per data line of OMB's text (barrier: size 0).
values() {
	awk '/^[0-9]+[ \t]+[0-9.]+/ { print $1, $2; next }
	     /^[ \t]+[0-9.]+[ \t]*/ && NF >= 1 { print 0, $1 }' "$1"
}

failed=0
for m in $mpis; do
	omb=$(build_omb "$m") || { failed=1; continue; }
	case $m in mpich) pb=$pb_mpich ;; openmpi) pb=$pb_openmpi ;; esac
	links=$work/links-$m ctl=$work/control-$m
	mkdir -p "$links" "$ctl"
	for k in $kernels; do
		ln -sf "$pb" "$links/osu_$k"
		[ "$control" -eq 0 ] || cp "$omb/$(omb_subdir "$k")/osu_$k" "$ctl/osu_$k" || exit 1
	done
	echo "# $m: load before: $(uptime | sed 's/.*load average/load average/')" >>"$outdir/load.txt"
	i=1
	while [ "$i" -le "$launches" ]; do
		for k in $kernels; do
			# Flip the order every launch so drift in time hits both alike.
			# With the control copy, rotate the three programs.
			if [ "$control" -eq 1 ]; then
				case $((i % 3)) in
				1) order="omb parity ctl" ;; 2) order="parity ctl omb" ;; *) order="ctl omb parity" ;;
				esac
			elif [ $((i % 2)) -eq 1 ]; then order="omb parity"; else order="parity omb"; fi
			for tool in $order; do
				log=$outdir/$m.$k.$tool.$i.txt
				# $args is split into words on purpose: OSU arguments.
				case $tool in
				omb) launch "$m" "$omb/$(omb_subdir "$k")/osu_$k" $args >"$log" 2>&1 ;;
				ctl) launch "$m" "$ctl/osu_$k" $args >"$log" 2>&1 ;;
				*) launch "$m" "$links/osu_$k" --bind=none $args >"$log" 2>&1 ;;
				esac
				rc=$?
				if [ "$rc" -ne 0 ]; then
					echo "bench-vs-osu.sh: $m $k $tool launch $i failed (exit $rc): $log" >&2
					failed=1
					continue
				fi
				values "$log" | awk -v m="$m" -v k="$k" -v t="$tool" -v i="$i" '{ print m "\t" k "\t" t "\t" i "\t" $1 "\t" $2 }' >>"$raw"
			done
		done
		i=$((i + 1))
	done
	echo "# $m: load after:  $(uptime | sed 's/.*load average/load average/')" >>"$outdir/load.txt"
done

# The table: medians, ratio, spreads and the target, per MPI, kernel and size.
awk -F '\t' -v loadfile="$outdir/load.txt" -v n="$launches" -v extra="$args" -v control="$control" '
function median(key, cnt,    i, j, t, v) {
	for (i = 1; i <= cnt; i++) v[i] = val[key, i]
	for (i = 2; i <= cnt; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
	lo = v[1]; hi = v[cnt]
	return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
}
{
	key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $5
	cnt[key]++; val[key, cnt[key]] = $6
	pt = $1 SUBSEP $2 SUBSEP $5
	if (!(pt in seen)) { seen[pt] = 1; order[++np] = pt }
}
END {
	while ((getline line < loadfile) > 0) print line
	if (extra != "") printf "# arguments for both tools: %s\n", extra
	if (control) printf "# ctl = a copy of OMB 7.4 launched in turn with the two: ctl_ratio = ctl / OMB, the noise floor\n"
	printf "# %d launches per tool; ratio = parity / OMB (latency: > 1 is slower; bandwidth: > 1 is faster)\n", n
	printf "# spread = max / min over the launches; target: med = medians within +-5%%, spr = parity spread <= OMB spread\n"
	printf "%-8s %-15s %8s %12s %12s %7s %8s %8s %4s %s", "mpi", "kernel", "size", "omb_median", "parity_med", "ratio", "omb_spr", "par_spr", "tgt", "verdict"
	if (control) printf " %9s %8s", "ctl_ratio", "ctl_spr"
	printf "\n"
	for (p = 1; p <= np; p++) {
		split(order[p], f, SUBSEP)
		ko = f[1] SUBSEP f[2] SUBSEP "omb" SUBSEP f[3]
		kp = f[1] SUBSEP f[2] SUBSEP "parity" SUBSEP f[3]
		if (!cnt[ko] || !cnt[kp]) { printf "%-8s %-15s %8s %s\n", f[1], f[2], f[3], "missing"; bad = 1; continue }
		mo = median(ko, cnt[ko]); so = lo > 0 ? hi / lo : 0
		mp = median(kp, cnt[kp]); sp = lo > 0 ? hi / lo : 0
		ratio = mo > 0 ? mp / mo : 0
		size = f[3] + 0
		if (size >= 65536 || (f[2] == "allreduce" && size >= 8192)) {
			tgt = "med"; ok = ratio >= 0.95 && ratio <= 1.05
		} else {
			tgt = "spr"; ok = sp <= so
		}
		if (!ok) bad = 1
		v = ok ? "ok" : "MISS"
		printf "%-8s %-15s %8d %12.2f %12.2f %7.3f %8.2f %8.2f %4s %s", f[1], f[2], size, mo, mp, ratio, so, sp, tgt, v
		kc = f[1] SUBSEP f[2] SUBSEP "ctl" SUBSEP f[3]
		if (control && cnt[kc]) {
			mc = median(kc, cnt[kc])
			printf "%*s %9.3f %8.2f", 7 - length(v), "", (mo > 0 ? mc / mo : 0), (lo > 0 ? hi / lo : 0)
		}
		printf "\n"
	}
	exit bad
}' "$raw"
verdict=$?
[ "$failed" -eq 0 ] && [ "$verdict" -eq 0 ] && exit 0
exit 1
