#!/bin/bash
# parity's main job on one machine, from a fresh Debian 12 checkout: install
# the packages, build, build the container test images, then run a
# container-vs-native campaign (native, hybrid and bind with Charliecloud) and
# write its verdicts, figures and HTML report.
#
# Usage: scripts/quickstart.sh [--mpi mpich|openmpi] [--no-install]
# Exit status: the verdict's, as `parity compare` gives it: 0 every point
# passed, 1 one failed (fail, fallback, mode-mismatch, no data or a failed
# run), 10 nothing failed but some points are not decided.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
family=mpich
install=yes
while [ $# -gt 0 ]; do
	case "$1" in
	--mpi) family=${2:-}; shift 2 ;;
	--mpi=*) family=${1#--mpi=}; shift ;;
	--no-install) install=no; shift ;;
	-h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "quickstart.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done
case "$family" in
mpich|openmpi) ;;
*) echo "quickstart.sh: --mpi must be mpich or openmpi, not '$family'" >&2; exit 2 ;;
esac

export USER=${USER:-$(id -un)}
export PARITY_IMAGE_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
build=${PARITY_BUILD_DIR:-$top/build}/$family

if [ "$install" = yes ]; then
	echo "== installing Debian packages"
	"$top/scripts/install-deps.sh"
fi
echo "== building with $family in $build"
(cd "$top" && ./autogen.sh >/dev/null)
mkdir -p "$build"
(cd "$build" && "$top/configure" -q MPICC="mpicc.$family")
make -C "$build" -j"$(nproc)" >/dev/null
echo "== container test images in $PARITY_IMAGE_DIR"
make -C "$build" images
campaign=quickstart-$(date -u +%Y%m%dT%H%M%SZ)
echo "== campaign $campaign: native vs hybrid vs bind"
status=0
make -C "$build" check-perf PERF_CAMPAIGN="$campaign" PERF_RESULTS="$top/results" || status=$?
dir=$top/results/$campaign
# make reports any failure as 2: the verdict's own status comes from compare.
if [ "$status" -ne 0 ] && [ -s "$dir/runs.csv" ]; then
	"$build/harness/parity" compare --results="$top/results" --campaign="$campaign" --overall >/dev/null 2>&1 || status=$?
fi
echo
echo "Results of $campaign:"
echo "  runs (one row per run, kernel, size): $dir/runs.csv"
echo "  verdicts:                             $dir/verdicts.csv"
echo "  figures (PNG, SVG):                   $dir/plots/"
echo "  report (open in a browser):           $dir/report.html"
exit $status
