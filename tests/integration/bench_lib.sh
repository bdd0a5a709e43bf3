# Helpers shared by the parity-bench integration tests (sourced after lib.sh).

BENCH_AWK="$top_srcdir/tests/integration/bench_csv.awk"

# csv_col FILE COLUMN: the values of a named column, one per data row.
csv_col() {
	awk -f "$BENCH_AWK" "$1" | awk -F '\t' -v c="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; if (!k) exit 3; next }
		{ print $k }'
}

# The kernels, in the order of the one list: every X(name, KERNELS_<CLASS>, "metric", ...)
# line of common/kernels.h (a new kernel is tested without touching the tests).
BENCH_LIST="$top_srcdir/common/kernels.h"
BENCH_KERNELS=$(sed -n 's/^[[:space:]]*X(\([a-z0-9_]*\),[[:space:]]*KERNELS_[A-Z0-9]*,.*/\1/p' "$BENCH_LIST" | tr '\n' ' ')

# bench_info KERNEL: "CLASS METRIC" of KERNEL from the list (e.g. "PT2PT latency").
bench_info() {
	sed -n "s/^[[:space:]]*X($1,[[:space:]]*KERNELS_\([A-Z0-9]*\),[[:space:]]*\"\([a-z_]*\)\".*/\1 \2/p" "$BENCH_LIST"
}

# What follows from a kernel's OSU semantics, not from the list: barrier has no payload,
# mbw_mr prints two values; every other kernel prints OSU's column of its metric.

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
	case "$1:$(bench_info "$1")" in
	mbw_mr:*) printf '%-10s%18s%18s\n' '# Size' 'MB/s' 'Messages/s' ;;
	barrier:*) printf '%s\n' '# Avg Latency(us)' ;;
	*" bandwidth") printf '%-10s%18s\n' '# Size' 'Bandwidth (MB/s)' ;;
	*) printf '%-10s%18s\n' '# Size' 'Avg Latency(us)' ;;
	esac
}

# OSU_NAMES: the programs of the drop-in mode (links to parity-bench).
OSU_NAMES="osu_latency osu_bw osu_bibw osu_mbw_mr osu_multi_lat osu_allreduce osu_bcast osu_reduce osu_allgather osu_alltoall osu_gather osu_scatter osu_reduce_scatter osu_barrier"
