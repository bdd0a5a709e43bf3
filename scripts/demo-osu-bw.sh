#!/bin/bash
# demo-osu-bw.sh: the inter-node picture behind container MPI overhead, natively: osu_bw-style
# bandwidth (parity-bench bw) between two nodes of a vcluster.sh cluster, first with the site MPI
# configuration that puts the host MPI on the fabric, then with that configuration removed (what
# an MPI that does not know the site gets), then pinned to the ethernet. Prints one table, MB/s
# per message size. Root. See scripts/README-vcluster.md.
set -euo pipefail

readonly PROG=${0##*/}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP
readonly STEP_TIMEOUT_S=600 FINALIZE_GRACE_S=5
# shellcheck source=scripts/vcluster-step.sh
. "$TOP/scripts/vcluster-step.sh"

usage() {
	cat <<EOF
Usage: $PROG [--mpi mpich|openmpi] [--bench PATH] [--sizes MIN:MAX] [--iterations N]

  --mpi NAME      the host MPI (default mpich; srun --mpi=pmi2, Open MPI: pmix)
  --bench PATH    parity-bench built with that MPI (default $TOP/build/NAME/bench/parity-bench)
  --sizes MIN:MAX message sizes, doubling (default 1K:4M)
  --iterations N  timed iterations per size (default 5, plus 1 warm-up; window 64): the ethernet
                  moves about 0.7 GB per iteration over 1K:4M at ~118 MB/s

Columns: fabric = site configuration on (UCX_NET_DEVICES / btl_tcp_if_include = fab0 in the
nodes' /etc); no site configuration = the MPI's defaults, which spread large messages over both
networks; ethernet = the MPI pinned to eth0 (an MPI that cannot use the fabric).
EOF
}

die() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	exit 1
}

# run_bw SITE: parity-bench bw under site configuration SITE; the "size value" lines to DATA/SITE.
run_bw() {
	local site=$1 out=$DATA/$1.out last
	"${VC[@]}" site "$site" 2>/dev/null
	printf '%s: %s: bw %s ...\n' "$PROG" "$site" "$SIZES" >&2
	last=$(numfmt --from=iec "${SIZES#*:}")
	vcluster_step VC "$out" "^$last " 1 "$STEP_TIMEOUT_S" "$FINALIZE_GRACE_S" \
		-N2 --ntasks-per-node=1 --mpi="$PLUGIN" "$BENCH" bw -m "$SIZES" -i "$ITERS" -x 1 ||
		die "bw under site configuration $site failed: $(tail -n 3 "$out" | tr '\n' ' ')"
	awk '/^[0-9]+ +[0-9.]+$/ { print $1, $2 }' "$out" >"$DATA/$site"
}

main() {
	local mpi=mpich
	SIZES=1K:4M ITERS=5 BENCH=''
	while (($#)); do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--mpi) mpi=${2:?--mpi needs mpich or openmpi}; shift ;;
		--bench) BENCH=${2:?--bench needs a PATH}; shift ;;
		--sizes) SIZES=${2:?--sizes needs MIN:MAX}; shift ;;
		--iterations) ITERS=${2:?--iterations needs N}; shift ;;
		*) printf '%s: unknown argument %s (try --help)\n' "$PROG" "$1" >&2; exit 2 ;;
		esac
		shift
	done
	case $mpi in
	mpich) PLUGIN=pmi2 ;;
	openmpi) PLUGIN=pmix ;;
	*) printf '%s: --mpi takes mpich or openmpi (try --help)\n' "$PROG" >&2; exit 2 ;;
	esac
	[[ $SIZES =~ ^[0-9]+[KMG]?:[0-9]+[KMG]?$ ]] || { printf '%s: bad --sizes %s\n' "$PROG" "$SIZES" >&2; exit 2; }
	[[ $ITERS =~ ^[1-9][0-9]{0,4}$ ]] || { printf '%s: bad --iterations %s\n' "$PROG" "$ITERS" >&2; exit 2; }
	[[ $(id -u) == 0 ]] || die "must run as root (vcluster.sh needs it)"
	BENCH=$(realpath -m "${BENCH:-$TOP/build/$mpi/bench/parity-bench}")
	[[ -x $BENCH ]] || die "no parity-bench at $BENCH: build it (../../configure MPICC=mpicc.$mpi in build/$mpi)"
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

	VC=("$TOP/scripts/vcluster.sh" --name "demo-$$")
	DATA=$(mktemp -d "${TMPDIR:-/tmp}/demo-osu-bw.XXXXXX")
	trap '"${VC[@]}" down --purge >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
	# exec keeps the working directory, which must exist on the nodes.
	cd "$TOP"
	"${VC[@]}" up 2 >/dev/null
	run_bw fabric
	run_bw off
	run_bw ethernet
	"${VC[@]}" down --purge 2>/dev/null

	printf '# parity-bench bw, node1 -> node2 of a vcluster, 1 rank per node, %s (srun --mpi=%s), -i %s -x 1 -W 64\n' \
		"$mpi" "$PLUGIN" "$ITERS"
	printf '# Bandwidth (MB/s). fabric: site configuration; none: site configuration removed; ethernet: MPI on eth0 only\n'
	printf '%-10s %14s %14s %14s\n' '# Size' fabric none ethernet
	awk 'FNR == 1 { f++ } f == 1 { size[++n] = $1 } { v[f, $1] = $2 }
		END { for (i = 1; i <= n; i++) { s = size[i]
			printf "%-10s %14s %14s %14s\n", s, v[1, s], ((2, s) in v) ? v[2, s] : "-", ((3, s) in v) ? v[3, s] : "-" } }' \
		"$DATA/fabric" "$DATA/off" "$DATA/ethernet"
	((VCLUSTER_STEP_HANGS == 0)) ||
		printf '# %s run(s) hung in MPI_Finalize after printing and were cancelled (MPICH 4.0.2, scripts/vcluster-step.sh)\n' \
			"$VCLUSTER_STEP_HANGS"
}

main "$@"
