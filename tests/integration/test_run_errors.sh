#!/bin/bash
# Bad input to parity run: one line naming the problem, the distinct exit code
# of common/exitcodes.h, nothing launched and existing results untouched.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bind-lib.sh"

img=$T_TMP/img; mkdir -p "$img/mpi" "$img/bare"
results=$T_TMP/results
mkdir -p "$results/kept"
printf 'schema,x\nkept,1\n' > "$results/kept/runs.csv"
before=$(cd "$results" && find . -type f -exec sha256sum {} + | sort)

PARITY_ENV=()
# expect CODE PATTERN ARGS...: exit CODE, one stderr line matching PATTERN.
expect() {
	local code=$1 pattern=$2; shift 2
	env "${PARITY_ENV[@]}" "$PARITY" run --results="$results" --image="$img/mpi" --bind-image="$img/bare" --campaign=bad \
		--repetitions=1 "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local rc=$? lines
	lines=$(wc -l < "$T_TMP/err")
	if [ $rc -eq "$code" ] && [ "$lines" -eq 1 ] && grep -q -- "$pattern" "$T_TMP/err"; then
		pass "$* -> $code: $(cat "$T_TMP/err")"
	else
		fail "$* -> exit $rc (want $code), stderr ($lines lines): $(cat "$T_TMP/err")"
	fi
	[ -s "$T_TMP/out" ] && fail "$*: printed on stdout: $(cat "$T_TMP/out")"
}

expect 2 "unknown mode 'docker'" --modes=native,docker
expect 2 "unknown runtime 'docker'" --runtime=docker
expect 2 "unknown launcher 'aprun'" --launcher=aprun
expect 2 "unknown kernel 'warp'" --kernels=latency,warp
expect 2 "launcher mpirun starts openmpi programs" --launcher=mpirun --mpi=mpich
expect 2 "runtime pyxis puts its options into the launcher's: it runs under srun, not" --modes=native,hybrid --runtime=pyxis
expect 2 "runtime pyxis has no container-only mode" --modes=container-only --runtime=pyxis --launcher=srun
expect 2 "unknown option '--frobnicate'" --frobnicate
expect 2 ":1: unknown key 'colour'" --plan=<(echo "colour = blue")
expect 2 "kernel-args: -T all measures several datatypes" --modes=native --kernel-args="-W 8 -T all"
expect 2 "kernel-args: -T all" --modes=native --kernel-args=--type=all
expect 2 "kernel-args: -m is set by parity (use --sizes)" --modes=native --kernel-args="-m 8:8"
expect 2 "kernel-args: --csv is set by parity" --modes=native --kernel-args=--csv=/tmp/x.csv
expect 3 "image for hybrid mode '$T_TMP/none'" --modes=hybrid --image="$T_TMP/none"
expect 3 "image for bind mode" --modes=native,bind --bind-image="$T_TMP/none"
expect 4 "runtime apptainer needs apptainer" --modes=hybrid --runtime=apptainer
mkdir -p "$T_TMP/bin"; ln -s "$(command -v ch-run || echo /usr/bin/ch-run)" "$T_TMP/bin/ch-run"
PARITY_ENV=("PATH=$T_TMP/bin")
expect 4 "launcher .* needs" --modes=native
PARITY_ENV=()
expect 7 "1000 ranks on one node" --modes=native --ranks=1000
# What parity-bench would refuse after the launch is refused before it (parity-bench --check).
expect 2 "kernel latency with 1 ranks: latency needs exactly 2 ranks, got 1" --modes=native --kernels=latency --ranks=1
expect 2 "kernel bw with 3 ranks: bw needs exactly 2 ranks, got 3" --modes=native --kernels=allreduce,bw --ranks=3 \
	--oversubscribe
expect 2 "kernel mbw_mr with 3 ranks: mbw_mr needs an even number" --modes=native --kernels=mbw_mr --ranks=3 --oversubscribe
expect 2 "kernel bw with 2 ranks: unknown option --bogus" --modes=native --kernels=bw --kernel-args=--bogus
expect 2 "kernel bw with 2 ranks: -W 0: window size" --modes=native --kernels=bw --kernel-args="-W 0"
# MPI counts are int: 2 GiB would be a negative count after the launch.
expect 2 "'5G' is not a size range .*too large: at most 2147483647 bytes" --modes=native --sizes=5G
expect 2 "'1:2G' is not a size range .*too large" --modes=native --sizes=1:2G
expect 2 "'0': sizes start at 1 byte" --modes=native --sizes=0
touch "$T_TMP/file"
expect 3 "image for hybrid mode '$T_TMP/file' is not an image" --modes=hybrid --image="$T_TMP/file"
expect 3 "image for hybrid mode '/dev/null' is not an image" --modes=hybrid --image=/dev/null
expect 6 "results directory .*file.* is not writable" --modes=native --results="$T_TMP/file"
expect 6 "campaign kept already has results" --modes=native --campaign=kept
expect 6 "cannot resume from .*not a parity runs file" --modes=native --campaign=kept --resume

# An image built for the other MPI family: the bind model must refuse it.
case $MPI_FAMILY in mpich) other=openmpi abi=40 ;; *) other=mpich abi=12 ;; esac
bind_make_image "$T_TMP/img-other" "org.supercontainers.mpi.implementation=$other" "org.parity.mpi.abi=$other:$abi" ||
	die "cannot build a test image"
rm -rf /tmp/parity-bad.*
expect 5 "expects $other" --modes=native,bind --bind-image="$T_TMP/img-other"
check "an ABI refusal stages nothing" [ -z "$(ls -d /tmp/parity-bad.* 2>/dev/null)" ]

after=$(cd "$results" && find . -type f -exec sha256sum {} + | sort)
check "existing results untouched" [ "$before" = "$after" ]
check "no campaign folder created" [ ! -e "$results/bad" ]
finish
