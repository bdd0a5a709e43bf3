#!/bin/sh
# bench-native.sh: native baseline of parity-bench (latency, bw, bibw,
# allreduce; 2 ranks bound to cores), R repetitions interleaved by kernel.
# Prints per kernel and size: the median over repetitions of each
# repetition's sample median, the spread (min and max of those medians), and
# the median of OSU's average.
#
# Usage: bench-native.sh [-r R] [-k "KERNELS"] [-m RANGE] [-o DIR]
# Environment: PARITY_BENCH (the binary), MPIEXEC and MPI_FAMILY (the
# launcher of the build's family); `make bench` sets them.
set -eu

reps=5
kernels="latency bw bibw allreduce"
range=
outdir=
while getopts r:k:m:o:h opt; do
	case $opt in
	r) reps=$OPTARG ;;
	k) kernels=$OPTARG ;;
	m) range=$OPTARG ;;
	o) outdir=$OPTARG ;;
	h) sed -n '2,11p' "$0"; exit 0 ;;
	*) echo "usage: bench-native.sh [-r R] [-k KERNELS] [-m RANGE] [-o DIR]" >&2; exit 2 ;;
	esac
done
case $reps in
''|*[!0-9]*|0) echo "bench-native.sh: -r $reps: repetitions must be a positive integer" >&2; exit 2 ;;
esac
: "${PARITY_BENCH:?set PARITY_BENCH to the parity-bench binary}"
: "${MPIEXEC:?set MPIEXEC to the MPI launcher}"
: "${MPI_FAMILY:?set MPI_FAMILY to mpich or openmpi}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

if [ -z "$outdir" ]; then
	outdir=$(mktemp -d "${TMPDIR:-/tmp}/parity-bench-native.XXXXXX")
fi
mkdir -p "$outdir"

launch() {
	case $MPI_FAMILY in
	mpich) "$MPIEXEC" -n 2 "$@" ;;
	openmpi) "$MPIEXEC" -n 2 --bind-to core "$@" ;;
	*) echo "bench-native.sh: unknown MPI_FAMILY '$MPI_FAMILY'" >&2; exit 2 ;;
	esac
}

echo "# parity-bench native baseline: $MPI_FAMILY, 2 ranks bound to cores, $reps repetitions"
echo "# raw CSV: $outdir"
r=1
while [ "$r" -le "$reps" ]; do
	for k in $kernels; do
		set -- "$PARITY_BENCH" "$k" --bind=core --csv="$outdir/$k.$r.csv"
		[ -n "$range" ] && set -- "$@" -m "$range"
		launch "$@" >/dev/null || { echo "bench-native.sh: $k repetition $r failed" >&2; exit 1; }
	done
	r=$((r + 1))
done

for k in $kernels; do
	# Columns come from the header, never from positions.
	awk -F, -v k="$k" '
	FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		key = $col["size_bytes"] SUBSEP $col["metric"]
		if (!(key in seen)) { seen[key] = 1; order[++nk] = key; unit[key] = $col["unit"] }
		n[key]++; med[key, n[key]] = $col["median"]; avg[key, n[key]] = $col["avg"]
	}
	function median(arr, key, cnt,    i, j, t, v) {
		for (i = 1; i <= cnt; i++) v[i] = arr[key, i] + 0
		for (i = 2; i <= cnt; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
		lo = v[1]; hi = v[cnt]
		return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
	}
	END {
		printf "\n# %s\n# %-10s %-13s %14s %14s %14s %14s %5s\n", k, "size", "metric", "median", "min(rep)", "max(rep)", "OSU avg", "reps"
		for (i = 1; i <= nk; i++) {
			key = order[i]; split(key, p, SUBSEP)
			m = median(med, key, n[key]); a_lo = lo; a_hi = hi
			a = median(avg, key, n[key])
			printf "  %-10s %-13s %14.3f %14.3f %14.3f %14.3f %5d  %s\n", p[1], p[2], m, a_lo, a_hi, a, n[key], unit[key]
		}
	}' "$outdir/$k".*.csv
done
