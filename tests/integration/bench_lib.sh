# Helpers shared by the parity-bench integration tests (sourced after lib.sh).

BENCH_AWK="$top_srcdir/tests/integration/bench_csv.awk"

# csv_col FILE COLUMN: the values of a named column, one per data row.
csv_col() {
	awk -f "$BENCH_AWK" "$1" | awk -F '\t' -v c="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; if (!k) exit 3; next }
		{ print $k }'
}

# bench_sizes MIN MAX KERNEL [ELEMENT_BYTES]: the sizes parity-bench measures
# for KERNEL: doubling from MIN, at least one element (1 byte for MPI_CHAR,
# OMB 7.4's default; sizes below one element, 0 included, are skipped).
bench_sizes() {
	local s=$1 max=$2 k=$3 el=${4:-1}
	[ "$k" = barrier ] && { echo 0; return; }
	while [ "$s" -le "$max" ]; do
		[ "$s" -ge "$el" ] && echo "$s"
		s=$((s ? s * 2 : 1))
	done
}

# bench_header KERNEL: the exact OSU 7.4 column header of KERNEL (no options;
# OMB's build sets FIELD_WIDTH=18).
bench_header() {
	case $1 in
	bw|bibw) printf '%-10s%18s\n' '# Size' 'Bandwidth (MB/s)' ;;
	mbw_mr) printf '%-10s%18s%18s\n' '# Size' 'MB/s' 'Messages/s' ;;
	barrier) printf '%s\n' '# Avg Latency(us)' ;;
	*) printf '%-10s%18s\n' '# Size' 'Avg Latency(us)' ;;
	esac
}

# OSU_NAMES: the programs of the drop-in mode (links to parity-bench).
OSU_NAMES="osu_latency osu_bw osu_bibw osu_mbw_mr osu_multi_lat osu_allreduce osu_bcast osu_reduce osu_allgather osu_alltoall osu_gather osu_scatter osu_reduce_scatter osu_barrier"

BENCH_KERNELS="latency bw bibw mbw_mr multi_lat allreduce bcast reduce allgather alltoall gather scatter reduce_scatter barrier"
