#!/bin/bash
# demo-osu-bw.sh: the classic container MPI experiment, reproduced on one machine. A 2-node
# vcluster.sh cluster (shaped 1 Gbit ethernet, unshaped fabric, the host MPIs set up by the site to
# use the fabric), then `parity run` from its login node with srun: osu_bw-style bandwidth
# (parity-bench bw) between node1 and node2
#   native  the host MPI, which reads the site configuration: the fabric;
#   bind    the host MPI bound into the bare image (Charliecloud), the site's setting carried in
#           through the environment, as a site module would export it: the fabric;
#   hybrid  the portable image's own MPI, which knows nothing of the site and, like an image
#           without the fabric's driver, has only the ethernet;
# then `parity plot` draws the figure and a table of medians is printed. Root. See
# scripts/README-vcluster.md ("The osu_bw demo").
set -euo pipefail

readonly PROG=${0##*/}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP

usage() {
	cat <<EOF
Usage: $PROG [--mpi mpich|openmpi] [--build DIR] [--images DIR] [--results DIR] [--campaign NAME]
       [--sizes MIN:MAX] [--iterations N] [--repetitions N]

  --mpi NAME        the host MPI (default mpich: srun --mpi=pmi2; openmpi: pmix)
  --build DIR       build tree of that MPI (default $TOP/build/NAME): parity and parity-bench
  --images DIR      the test images, parity-bare and parity-portable (default \$PARITY_IMAGE_DIR,
                    else /var/tmp/parity/images; \`make images\` builds them)
  --results DIR     results root, on a file system the nodes share (default $TOP/results)
  --campaign NAME   default demo-osu-bw-NAME-<UTC time>
  --sizes MIN:MAX   message sizes, doubling (default 1K:4M)
  --iterations N    timed iterations per size (default 5, plus 1 warm-up; window 64): the
                    ethernet moves about 0.7 GB per iteration over 1K:4M at ~118 MB/s
  --repetitions N   rounds of native, bind and hybrid in random order (default 3)

Output: the campaign folder (runs.csv, logs), its figure plots/bw.png (and .svg) from
\`parity plot\`, and a table of the median bandwidth per size and mode on stdout.
EOF
}

die() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	exit 1
}

# since T0: seconds from T0 (date +%s.%N) to now, two decimals.
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }

main() {
	local mpi=mpich build='' images=${PARITY_IMAGE_DIR:-/var/tmp/parity/images} results=$TOP/results
	local campaign='' sizes=1K:4M iters=5 reps=3 plugin site_env image_env parity t0 rc=0
	while (($#)); do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--mpi) mpi=${2:?--mpi needs mpich or openmpi}; shift ;;
		--build) build=${2:?--build needs a DIR}; shift ;;
		--images) images=${2:?--images needs a DIR}; shift ;;
		--results) results=${2:?--results needs a DIR}; shift ;;
		--campaign) campaign=${2:?--campaign needs a NAME}; shift ;;
		--sizes) sizes=${2:?--sizes needs MIN:MAX}; shift ;;
		--iterations) iters=${2:?--iterations needs N}; shift ;;
		--repetitions) reps=${2:?--repetitions needs N}; shift ;;
		*) printf '%s: unknown argument %s (try --help)\n' "$PROG" "$1" >&2; exit 2 ;;
		esac
		shift
	done
	# What the site's module would export for the host MPI (the nodes' /etc has the same, see
	# `vcluster.sh site`), and the one network an image without the fabric's driver has.
	case $mpi in
	mpich)
		plugin=pmi2
		site_env='bind:UCX_NET_DEVICES=fab0'
		image_env='hybrid:UCX_NET_DEVICES=eth0' ;;
	openmpi)
		plugin=pmix
		site_env='bind:OMPI_MCA_btl_tcp_if_include=fab0;bind:OMPI_MCA_oob_tcp_if_include=fab0'
		image_env='hybrid:OMPI_MCA_btl_tcp_if_include=eth0;hybrid:OMPI_MCA_oob_tcp_if_include=eth0' ;;
	*) printf '%s: --mpi takes mpich or openmpi (try --help)\n' "$PROG" >&2; exit 2 ;;
	esac
	[[ $sizes =~ ^[0-9]+[KMG]?:[0-9]+[KMG]?$ ]] || { printf '%s: bad --sizes %s\n' "$PROG" "$sizes" >&2; exit 2; }
	[[ $iters =~ ^[1-9][0-9]{0,4}$ ]] || { printf '%s: bad --iterations %s\n' "$PROG" "$iters" >&2; exit 2; }
	[[ $reps =~ ^[1-9][0-9]{0,2}$ ]] || { printf '%s: bad --repetitions %s\n' "$PROG" "$reps" >&2; exit 2; }
	[[ $(id -u) == 0 ]] || die "must run as root (vcluster.sh needs it)"
	build=$(realpath -m "${build:-$TOP/build/$mpi}")
	parity=$build/harness/parity
	[[ -x $parity && -x $build/bench/parity-bench ]] ||
		die "no parity or parity-bench in $build: build it (../../configure MPICC=mpicc.$mpi in build/$mpi)"
	for img in parity-bare parity-portable; do
		[[ -d $images/$img ]] || die "no image $images/$img: run \`make images\` (PARITY_IMAGE_DIR=$images)"
	done
	command -v gnuplot >/dev/null 2>&1 || die "gnuplot not found (parity plot draws the figure with it)"
	mkdir -p "$results"
	results=$(realpath "$results")
	campaign=${campaign:-demo-osu-bw-$mpi-$(date -u +%Y%m%dT%H%M%SZ)}
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 USER=${USER:-root}

	VC=("$TOP/scripts/vcluster.sh" --name "demo-$$")
	trap '"${VC[@]}" down --purge >/dev/null 2>&1 || true' EXIT
	# exec keeps the working directory, which the nodes must see: the tree is shared.
	cd "$TOP"
	t0=$(date +%s.%N)
	"${VC[@]}" up 2 --site fabric >/dev/null
	printf '%s: cluster up in %s s; parity run: bw %s, %s iterations, %s round(s) of native, bind, hybrid\n' \
		"$PROG" "$(since "$t0")" "$sizes" "$iters" "$reps" >&2
	"${VC[@]}" exec head -- "$parity" run --results="$results" --campaign="$campaign" --mpi="$mpi" \
		--launcher=srun --srun-mpi="$plugin" --nodes=2 --ranks=2 --placement=inter \
		--modes=native,bind,hybrid --runtime=charliecloud --image="$images/parity-portable" \
		--bind-image="$images/parity-bare" --bench="$build/bench/parity-bench" --kernels=bw \
		--sizes="$sizes" --iterations="$iters" --warmup=1 --min-time=0 --repetitions="$reps" \
		--timeout=900 --mode-env="$site_env;$image_env" >&2 || rc=$?
	t0=$(date +%s.%N)
	"${VC[@]}" down --purge >/dev/null
	printf '%s: cluster down in %s s\n' "$PROG" "$(since "$t0")" >&2
	[[ $rc == 0 ]] || die "parity run exited $rc (see $results/$campaign/logs)"
	"$parity" plot --results="$results" --campaign="$campaign" >&2 || die "parity plot failed"

	printf '# parity-bench bw, node1 -> node2 of a vcluster (1 Gbit ethernet, unshaped fabric), %s, srun --mpi=%s\n' \
		"$mpi" "$plugin"
	printf '# median bandwidth (MB/s) over %s round(s); transport: what the MPI logged\n' "$reps"
	python3 - "$results/$campaign/runs.csv" <<'PY'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["status"] == "ok" and r["size_bytes"]]
modes = ["native", "bind", "hybrid"]
vals, tr = {}, {m: set() for m in modes}
for r in rows:
    vals.setdefault((int(r["size_bytes"]), r["mode"]), []).append(float(r["median"]))
    tr[r["mode"]].update(t for t in r["transport"].split(",") if t.startswith(("tcp", "ob1:tcp")))
print("%-10s %12s %12s %12s" % ("# Size", *modes))
for size in sorted({s for s, _ in vals}):
    print("%-10d %12s %12s %12s" % (size, *(("%.2f" % statistics.median(vals[size, m])) if (size, m) in vals else "-" for m in modes)))
print("# transport: " + "; ".join("%s %s" % (m, ",".join(sorted(tr[m])) or "?") for m in modes))
PY
	printf '# figure: %s\n' "$results/$campaign/plots/bw.png"
	grep -q 'finalize-hang' "$results/$campaign/runs.csv" &&
		printf '# %s run(s) hung in MPI_Finalize after their results and were ended by parity (note finalize-hang)\n' \
			"$(python3 -c 'import csv, sys; print(len({r["run_id"] for r in csv.DictReader(open(sys.argv[1])) if r["note"].startswith("finalize-hang")}))' "$results/$campaign/runs.csv")"
	return 0
}

main "$@"
