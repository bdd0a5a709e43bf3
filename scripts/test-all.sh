#!/bin/bash
# Run parity's whole test suite: build with MPICH and with Open MPI, build the
# container test images, run `make check` (unit + integration tests with real
# MPI, Charliecloud and Slurm) for both, `make install` and `make installcheck` in
# a temporary prefix, the unit tests under ASan/UBSan, the fuzz targets
# (FUZZ_SECONDS each, default 20), and `make distcheck`.
# Prints one summary line "TOTAL: N passed, N failed, N skipped".
#
# Environment: PARITY_BUILD_DIR (default ./build), PARITY_IMAGE_DIR (images),
# PARITY_NO_SKIP=1 or CI=true (a skipped test counts as failed).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${PARITY_BUILD_DIR:-$top/build}
export USER=${USER:-$(id -un)}
export PARITY_IMAGE_DIR=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
jobs=${PARITY_JOBS:-2}
passed=0 failed=0 skipped=0

note() { printf '\n=== %s ===\n' "$*"; }

# count BUILD_DIR: add the counts of the last test-suite.log there.
count() {
	local log=$1/test-suite.log p f e s
	[ -f "$log" ] || { failed=$((failed + 1)); return; }
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0}))
	skipped=$((skipped + ${s:-0}))
	if [ "${s:-0}" -gt 0 ]; then
		grep -E '^SKIP:' "$log" || true
	fi
}

configure_in() {
	local dir=$1; shift
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q --enable-werror "$@")
}

note "autogen"
(cd "$top" && ./autogen.sh >/dev/null 2>&1) || { echo "autogen.sh failed"; exit 1; }

status=0
for family in mpich openmpi; do
	note "build with $family"
	configure_in "$build/$family" MPICC="mpicc.$family"
	make -C "$build/$family" -j"$jobs" >/dev/null
done

note "container test images"
make -C "$build/mpich" images

for family in mpich openmpi; do
	note "make check ($family)"
	make -C "$build/$family" -j1 check || status=1
	count "$build/$family"
	[ -f "$build/$family/test-suite.log" ] && grep -E '^(FAIL|ERROR):' "$build/$family/test-suite.log" || true
done

# make install into a temporary prefix, then make installcheck: parity used from the installed
# files only (a tiny campaign, compare, plot, report; man pages; completion; scripts).
note "make install + make installcheck (mpich, temporary prefix)"
prefix=$(mktemp -d "${TMPDIR:-/tmp}/parity-prefix.XXXXXX")
t0=$(date +%s.%N)
if make -C "$build/mpich" install prefix="$prefix" >"$build/install.log" 2>&1; then
	t1=$(date +%s.%N)
	if make -C "$build/mpich" installcheck prefix="$prefix" >"$build/installcheck.log" 2>&1; then
		t2=$(date +%s.%N)
		passed=$((passed + 1))
		printf 'install: ok, %.1f s; installcheck: ok, %.1f s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
	else
		failed=$((failed + 1)); status=1; grep -E '^(FAIL|installcheck)' "$build/installcheck.log" || tail -30 "$build/installcheck.log"
	fi
else
	failed=$((failed + 1)); status=1; tail -30 "$build/install.log"
fi
make -C "$build/mpich" uninstall prefix="$prefix" >/dev/null 2>&1 || true
rm -rf "$prefix"

note "unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
configure_in "$build/sanitize" MPICC=mpicc.mpich --enable-sanitizers
make -C "$build/sanitize" -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -C "$build/sanitize" check-unit || status=1
count "$build/sanitize"

# The readers under libFuzzer, ASan and UBSan, a fixed time each: one test per target.
note "fuzz targets (${FUZZ_SECONDS:-20} s each)"
if make -C "$build/mpich" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-20}" >"$build/fuzz.log" 2>&1; then :; else status=1; fi
grep -E '^fuzz [a-z]+: ' "$build/fuzz.log" || tail -20 "$build/fuzz.log"
n=$(grep -cE '^fuzz [a-z]+: ok' "$build/fuzz.log" || true)
passed=$((passed + n))
n=$(grep -cE '^fuzz [a-z]+: FAILED' "$build/fuzz.log" || true)
failed=$((failed + n))
grep -qE '^fuzz [a-z]+: ' "$build/fuzz.log" || failed=$((failed + 1))

note "make distcheck (unit tests inside)"
if make -C "$build/mpich" distcheck TESTS='$(UNIT_TESTS)' >"$build/distcheck.log" 2>&1; then
	passed=$((passed + 1)); echo "distcheck: ok"
else
	failed=$((failed + 1)); status=1; tail -40 "$build/distcheck.log"
fi

if { [ "${PARITY_NO_SKIP:-0}" = 1 ] || [ "${CI:-}" = true ]; } && [ "$skipped" -gt 0 ]; then
	echo "PARITY_NO_SKIP=1: $skipped skipped test(s) count as failures"
	status=1
fi
[ "$failed" -eq 0 ] || status=1
echo
echo "TOTAL: $passed passed, $failed failed, $skipped skipped"
exit $status
