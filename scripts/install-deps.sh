#!/bin/sh
# Install every Debian 12 package parity needs to build, test and run
# (run as root). Usage: scripts/install-deps.sh [--no-update | --list]
# (--list prints the package names and installs nothing).
set -eu
PACKAGES="
  build-essential autoconf automake autoconf-archive pkg-config
  mpich libmpich-dev openmpi-bin libopenmpi-dev
  hwloc libhwloc-dev libcsv-dev libcmocka-dev libjansson-dev
  gnuplot-nox libxml2-utils python3-jsonschema
  help2man man-db bash-completion
  charliecloud debootstrap squashfs-tools bubblewrap
  slurm-wlm munge
  chromium
  iproute2 binutils file procps psmisc git ca-certificates python3 jq bc util-linux
  clang libclang-rt-14-dev
"
if [ "${1:-}" = "--list" ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $PACKAGES
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: must run as root (apt-get install)" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
[ "${1:-}" = "--no-update" ] || apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q $PACKAGES
