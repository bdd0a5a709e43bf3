#!/bin/bash
# parity run --dry-run prints, for every runtime x launcher of the tables (as
# tests/golden/argv/INDEX lists them), exactly the argv pinned in
# tests/golden/argv (the same files test_argv compares the composer with), or
# refuses, with exit 2 and the one line pinned there, what the runtime cannot
# do. Bind mode needs the real host MPI staging, so it is covered by
# test_argv and run_campaign.sh instead.
. "$top_srcdir/tests/lib.sh"

golden=$top_srcdir/tests/golden/argv
# The host options the golden files are composed with (tests/unit/test_argv.c's golden_host).
export PARITY_PODMAN_RUNTIME=runc PARITY_PODMAN_ULIMITS=nofile=20000:20000,nproc=16384:16384
# The fixed paths of the golden files (an image path with a space in it).
imgdir="/tmp/parity-golden images"
created=
if [ ! -d "$imgdir" ]; then mkdir -p "$imgdir/parity mpi" "$imgdir/parity bare"; created=1; fi
trap '[ -n "$created" ] && rm -rf "$imgdir"; t_cleanup' EXIT

# Turn one dry-run line back into the golden format: argv one per line, then
# "--- env" and the NAME=VALUE words that precede the program.
to_golden() {
	local line=$1 w
	eval "set -- $line"
	local env=()
	while [ $# -gt 0 ] && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do env+=("$1"); shift; done
	# The work directory is made with mkdtemp: its random suffix is not pinned.
	printf '%s\n' "$@" | sed 's|/tmp/parity-golden\.[A-Za-z0-9]\{6\}|/tmp/parity-golden|g'
	if [ ${#env[@]} -gt 0 ]; then echo "--- env"; printf '%s\n' "${env[@]}"; fi
}

# Running as another user changes what Open MPI is told (root needs two variables).
normalize() { if [ "$(id -u)" -eq 0 ]; then cat; else grep -v '^OMPI_ALLOW_RUN_AS_ROOT' | sed '${/^--- env$/d}'; fi; }

n=0 want=0
while read -r runtime launcher mode mpi; do
	case $mode in native|hybrid|container-only) ;; *) continue ;; esac
	want=$((want + 1))
	out=$(PARITY_BENCH=/opt/parity-test/bin/parity-bench "$PARITY" run --dry-run --campaign=golden \
		--results=/tmp/parity-golden-results --modes=$mode --runtime=$runtime --launcher=$launcher \
		--mpi=$mpi --kernels=bw --repetitions=1 --sizes=8:64K --iterations=50 --warmup=5 \
		--kernel-args='-W 16' --image="$imgdir/parity mpi" --bind-image="$imgdir/parity bare" 2>&1)
	rc=$?
	file=$golden/$runtime-$launcher-$mode.txt
	if refusal=$(sed -n '1s/^refused: //p' "$file") && [ -n "$refusal" ]; then
		if [ $rc -eq 2 ] && [ "$out" = "parity run: $refusal" ]; then
			n=$((n + 1))
		else
			fail "$runtime-$launcher-$mode: want exit 2 and 'parity run: $refusal', got exit $rc: $out"
		fi
		continue
	fi
	if [ $rc -ne 0 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
		fail "$runtime-$launcher-$mode: exit $rc, output: $out"
		continue
	fi
	if diff -u <(normalize < "$file") <(to_golden "$out" | normalize) > "$T_TMP/diff"; then
		n=$((n + 1))
	else
		fail "$runtime-$launcher-$mode differs from its golden file:"; cat "$T_TMP/diff"
	fi
done < "$golden/INDEX"
[ -e /tmp/parity-golden-results ] && fail "a dry run created its results directory"
check "$want dry runs (of $(wc -l < "$golden/INDEX") golden files) match their golden files ($n)" test "$n" -eq "$want" -a "$want" -ge 36
finish
