#!/bin/bash
# measure-vcluster.sh: the numbers in scripts/README-vcluster.md. Brings a 2-node vcluster up and
# down N times (bring-up and teardown medians), then runs parity-bench between node1 and node2 for
# MPICH and Open MPI under each site configuration (fabric, ethernet, off), N interleaved
# repetitions: bandwidth at 1 MiB, latency at 8 B, and the share of node1's bytes that left over
# the ethernet. Prints Markdown on stdout, progress on stderr. Root.
set -euo pipefail

readonly PROG=${0##*/}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP
readonly STEP_TIMEOUT_S=300 FINALIZE_GRACE_S=5
# shellcheck source=scripts/vcluster-step.sh
. "$TOP/scripts/vcluster-step.sh"

usage() {
	cat <<EOF
Usage: $PROG [--reps N] [--iterations N] [--mpich BENCH] [--openmpi BENCH]

  --reps N        repetitions of each measurement, medians reported (default 3)
  --iterations N  timed iterations of bw at 1 MiB (default 10, plus 2 warm-up; window 64)
  --mpich BENCH   parity-bench built with MPICH (default $TOP/build/mpich/bench/parity-bench)
  --openmpi BENCH parity-bench built with Open MPI (default $TOP/build/openmpi/bench/parity-bench)

Both builds: ./autogen.sh && mkdir -p build/mpich && cd build/mpich &&
../../configure MPICC=mpicc.mpich && make -j2 (and the same with openmpi).
EOF
}

die() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	exit 1
}

note() { printf '%s: %s\n' "$PROG" "$1" >&2; }

# median: the median of the numbers on stdin, one per line ("-" if none).
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# list: the numbers on stdin, space-separated.
list() { tr '\n' ' ' | sed 's/ $//'; }

now_us() { printf '%s\n' "${EPOCHREALTIME/[.,]/}"; }

tx_bytes() { "${VC[@]}" exec node1 -- cat "/sys/class/net/$1/statistics/tx_bytes"; }

# bench MPI KERNEL SIZE ARG...: one 2-node run; appends the value at SIZE to DATA/KERNEL.SITE.MPI
# and, for bw, node1's share of bytes sent on the ethernet to DATA/eth.SITE.MPI.
bench() {
	local mpi=$1 kernel=$2 size=$3 plugin e0 f0 e1 f1 hangs=$VCLUSTER_STEP_HANGS out=$DATA/out
	shift 3
	if [[ $mpi == mpich ]]; then plugin=pmi2; else plugin=pmix; fi
	e0=$(tx_bytes eth0) f0=$(tx_bytes fab0)
	if ! vcluster_step VC "$out" "^$size " 1 "$STEP_TIMEOUT_S" "$FINALIZE_GRACE_S" \
		-N2 --ntasks-per-node=1 --mpi="$plugin" "${BENCH[$mpi]}" "$kernel" -m "$size:$size" "$@"; then
		note "$mpi $kernel under site $SITE failed: $(tail -n 3 "$out" | tr '\n' ' ')"
		return 0
	fi
	e1=$(tx_bytes eth0) f1=$(tx_bytes fab0)
	awk -v s="$size" '$1 == s { print $2 }' "$out" >>"$DATA/$kernel.$SITE.$mpi"
	[[ $kernel == bw ]] && awk -v e=$((e1 - e0)) -v f=$((f1 - f0)) \
		'BEGIN { printf "%.0f\n", 100 * e / (e + f) }' >>"$DATA/eth.$SITE.$mpi"
	echo $((VCLUSTER_STEP_HANGS - hangs)) >>"$DATA/hangs.$mpi"
}

main() {
	local reps=3 iters=10 r t0 t1 t2 mpi up_times=() down_times=()
	declare -gA BENCH=([mpich]=$TOP/build/mpich/bench/parity-bench [openmpi]=$TOP/build/openmpi/bench/parity-bench)
	while (($#)); do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--reps) reps=${2:?--reps needs N}; shift ;;
		--iterations) iters=${2:?--iterations needs N}; shift ;;
		--mpich) BENCH[mpich]=$(realpath -e "${2:?}"); shift ;;
		--openmpi) BENCH[openmpi]=$(realpath -e "${2:?}"); shift ;;
		*) printf '%s: unknown argument %s (try --help)\n' "$PROG" "$1" >&2; exit 2 ;;
		esac
		shift
	done
	[[ $reps =~ ^[1-9][0-9]?$ && $iters =~ ^[1-9][0-9]{0,3}$ ]] || { usage >&2; exit 2; }
	[[ $(id -u) == 0 ]] || die "must run as root (vcluster.sh needs it)"
	for mpi in mpich openmpi; do
		[[ -x ${BENCH[$mpi]} ]] || die "no parity-bench for $mpi at ${BENCH[$mpi]} (see --help)"
	done
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
	VC=("$TOP/scripts/vcluster.sh" --name "measure-$$")
	DATA=$(mktemp -d "${TMPDIR:-/tmp}/vcluster-measure.XXXXXX")
	trap '"${VC[@]}" down --purge >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
	for mpi in mpich openmpi; do
		touch "$DATA/hangs.$mpi" "$DATA"/{bw,latency,eth}.{fabric,ethernet,off}."$mpi"
	done
	# exec keeps the working directory, which must exist on the nodes.
	cd "$TOP"
	local load0
	load0=$(cut -d' ' -f1-3 /proc/loadavg)

	for ((r = 1; r <= reps; r++)); do
		t0=$(now_us)
		"${VC[@]}" up 2 >/dev/null
		t1=$(now_us)
		"${VC[@]}" down --purge 2>/dev/null
		t2=$(now_us)
		up_times+=("$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')")
		down_times+=("$(awk -v d=$((t2 - t1)) 'BEGIN { printf "%.2f", d / 1e6 }')")
		note "up/down $r: ${up_times[-1]} s / ${down_times[-1]} s"
	done

	"${VC[@]}" up 2 >/dev/null
	for ((r = 1; r <= reps; r++)); do
		for SITE in fabric ethernet off; do
			"${VC[@]}" site "$SITE" 2>/dev/null
			for mpi in mpich openmpi; do
				note "repetition $r, site $SITE, $mpi"
				bench "$mpi" bw 1048576 -i "$iters" -x 2
				bench "$mpi" latency 8
			done
		done
	done
	"${VC[@]}" down --purge 2>/dev/null

	printf '## vcluster: 2 nodes, %s repetitions (%s)\n\n' "$reps" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'Load average at start: %s; at end: %s (%s CPUs).\n\n' "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
	printf '| step | median | all |\n|---|---|---|\n'
	# shellcheck disable=SC2016 # the backquotes are Markdown
	printf '| `up 2` (until both nodes idle) | %s s | %s |\n' "$(printf '%s\n' "${up_times[@]}" | median)" "${up_times[*]}"
	# shellcheck disable=SC2016 # the backquotes are Markdown
	printf '| `down --purge` | %s s | %s |\n\n' "$(printf '%s\n' "${down_times[@]}" | median)" "${down_times[*]}"
	printf 'parity-bench between node1 and node2, one rank each (bw: -m 1M:1M -i %s -x 2 -W 64):\n\n' "$iters"
	printf '| MPI | site configuration | bw 1 MiB (MB/s), median | all | bytes over the ethernet | latency 8 B (us), median | all |\n'
	printf '|---|---|---|---|---|---|---|\n'
	for mpi in mpich openmpi; do
		for SITE in fabric ethernet off; do
			printf '| %s | %s | %s | %s | %s%% | %s | %s |\n' "$mpi" "$SITE" \
				"$(median <"$DATA/bw.$SITE.$mpi")" "$(list <"$DATA/bw.$SITE.$mpi")" \
				"$(median <"$DATA/eth.$SITE.$mpi")" \
				"$(median <"$DATA/latency.$SITE.$mpi")" "$(list <"$DATA/latency.$SITE.$mpi")"
		done
	done
	printf '\nSteps cancelled after printing their result (MPI_Finalize hang):'
	for mpi in mpich openmpi; do
		printf ' %s %s of %s;' "$mpi" "$(awk '{ s += $1 } END { print s + 0 }' "$DATA/hangs.$mpi")" \
			"$(wc -l <"$DATA/hangs.$mpi")"
	done
	printf '\n'
}

main "$@"
