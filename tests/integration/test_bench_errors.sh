#!/bin/sh
# Bad options exit 2 with one line naming the problem (rank 0 only, no hang);
# a wrong rank count exits 77 from every rank.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bench_lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"

# bad ARGS... -- NAMED: the run exits 2 and its stderr is one line naming NAMED.
bad() {
	local named=$1; shift
	mpi_run 2 "$PARITY_BENCH" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local rc=$?
	check "'$*' exits 2 (got $rc)" test "$rc" -eq 2
	check "'$*' prints one line on stderr" test "$(grep -c 'parity-bench:' "$T_TMP/err")" -eq 1
	check "'$*' names '$named'" grep -qF -- "$named" "$T_TMP/err"
	check "'$*' prints nothing on stdout" test ! -s "$T_TMP/out"
}
bad "10:abc" latency -m 10:abc
bad "-3" latency -i -3
bad "4M:1K" latency -m 4M:1K
bad "nosuchkernel" nosuchkernel
bad "--no-such-option" latency --no-such-option
bad "-q" latency -q
bad "-W 0" bw -W 0
bad "-z200" latency -z200
bad "--bind=socket" latency --bind=socket
bad "no kernel" -i 5
bad "--batch=5" allreduce --batch=5
bad "no message size that bw measures" bw -m 0:0
bad "no message size that allreduce measures with MPI_INT" allreduce -m 1:2 -T MPI_INT
bad "no message size that latency measures" latency -m 0:0
bad "-T MPI_DOUBLE" latency -T MPI_DOUBLE
bad "barrier carries no data" barrier -T MPI_INT
bad "--batch=auto" mbw_mr --batch=auto
# --min-time samples in batches where it can, and leaves alone what times
# every iteration (as the harness runs collectives).
mpi_run 2 "$PARITY_BENCH" allreduce -m 1:4 -i 20 -x 2 --min-time=5ms --csv="$T_TMP/mt.csv" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "allreduce --min-time exits 0 (got $rc)" test "$rc" -eq 0
check "allreduce --min-time: 3 sizes in the CSV" test "$(($(wc -l <"$T_TMP/mt.csv") - 1))" -eq 3

# An output file that cannot be written: exit 1, named once, no hang.
mpi_run 2 "$PARITY_BENCH" latency -m 8:8 -i 5 --csv="$T_TMP/no/such/dir/r.csv" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "unwritable --csv exits 1 (got $rc)" test "$rc" -eq 1
check "unwritable --csv is named once" test "$(grep -c "cannot write CSV file $T_TMP/no/such/dir/r.csv" "$T_TMP/err")" -eq 1

# Help, version and the list go to stdout, once, exit 0.
mpi_run 2 "$PARITY_BENCH" --list >"$T_TMP/list" 2>&1
check "--list exits 0" test $? -eq 0
nk=$(echo $BENCH_KERNELS | wc -w)
check "--list names the $nk kernels of common/kernels.h once" test "$(grep -c '' "$T_TMP/list")" -eq "$nk"
check "--list names them in order" test "$(awk '{ printf "%s ", $1 }' "$T_TMP/list")" = "$BENCH_KERNELS"
mpi_run 2 "$PARITY_BENCH" -h >"$T_TMP/help" 2>&1
check "-h prints usage once" test "$(grep -c '^Usage: parity-bench' "$T_TMP/help")" -eq 1
mpi_run 2 "$PARITY_BENCH" -v >"$T_TMP/version" 2>&1
check "-v names the family" grep -q "$MPI_FAMILY build" "$T_TMP/version"

# A singleton (no launcher) gives 1 rank: latency needs 2 -> 77.
"$PARITY_BENCH" latency -m 1:1 -i 5 >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "singleton latency exits 77 (got $rc)" test "$rc" -eq 77
check "singleton names the rank count" grep -q "needs exactly 2 ranks, got 1" "$T_TMP/err"

# 3 ranks: mbw_mr needs an even count, latency exactly 2; every rank exits 77.
mpi_run 3 "$PARITY_BENCH" mbw_mr -m 1:1 -i 5 >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "3-rank mbw_mr exits 77 (got $rc)" test "$rc" -eq 77
check "3-rank mbw_mr says why, once" test "$(grep -c 'mbw_mr needs an even number' "$T_TMP/err")" -eq 1
mpi_run 3 "$PARITY_BENCH" latency -m 1:1 -i 5 >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
check "3-rank latency exits 77 (got $rc)" test "$rc" -eq 77
# A collective with 3 ranks is fine.
mpi_run 3 "$PARITY_BENCH" allreduce -m 4:4 -i 5 -x 1 >"$T_TMP/out" 2>"$T_TMP/err"
check "3-rank allreduce runs" test $? -eq 0
finish
