#!/bin/sh
# Regenerate configure, Makefile.in and bench/kernels.mk (they are not kept in git).
set -e
cd "$(dirname "$0")"
# The kernel sources follow from the kernel list (bench/local.mk includes it).
sh bench/kernels-mk.sh common/kernels.h > bench/kernels.mk
autoreconf --install --force --warnings=all
