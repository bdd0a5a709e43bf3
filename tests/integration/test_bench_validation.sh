#!/bin/sh
# -c: every kernel passes a clean run; with --validate-inject the corrupted
# byte is caught, the run fails non-zero and names the size and iteration.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bench_lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"

for k in $BENCH_KERNELS; do
	[ "$k" = barrier ] && continue      # no payload to validate
	mpi_run 2 "$PARITY_BENCH" "$k" -m 1:2K -i 5 -x 1 -c --csv="$T_TMP/$k.csv" >"$T_TMP/$k.out" 2>"$T_TMP/$k.err"
	rc=$?
	check "$k -c clean run exits 0 (got $rc)" test "$rc" -eq 0
	check "$k -c: CSV validation = pass" test "$(csv_col "$T_TMP/$k.csv" validation | sort -u)" = pass
	check "$k -c: text Validation column says Pass" test "$(grep -v '^#' "$T_TMP/$k.out" | grep -c 'Pass$')" -eq "$(grep -vc '^#' "$T_TMP/$k.out")"
done

for k in $BENCH_KERNELS; do
	[ "$k" = barrier ] && continue      # no payload to corrupt
	mpi_run 2 "$PARITY_BENCH" "$k" -m 64:128 -i 6 -x 1 -c --validate-inject=3 --csv="$T_TMP/$k.bad.csv" \
		>"$T_TMP/$k.bad.out" 2>"$T_TMP/$k.bad.err"
	rc=$?
	check "$k inject: exits 1 (got $rc)" test "$rc" -eq 1
	check "$k inject: names size 64 and iteration 3" grep -q "$k: validation failed at size 64, iteration 3" "$T_TMP/$k.bad.err"
	check "$k inject: one message per size" test "$(grep -c 'validation failed' "$T_TMP/$k.bad.err")" -eq 2
	check "$k inject: CSV validation = fail" test "$(csv_col "$T_TMP/$k.bad.csv" validation | sort -u)" = fail
done
# The reductions check exact sums of every datatype (chars modulo 256), and
# catch corruption in each; 3 ranks make the sums and reduce_scatter's
# uneven counts non-trivial.
for k in allreduce reduce reduce_scatter; do
	for t in MPI_CHAR MPI_INT MPI_FLOAT; do
		mpi_run 3 "$PARITY_BENCH" "$k" -m 1:4K -i 4 -x 1 -c -T "$t" --csv="$T_TMP/$k.$t.csv" >/dev/null 2>"$T_TMP/$k.$t.err"
		check "$k -T $t -c with 3 ranks: clean run passes" test "$(csv_col "$T_TMP/$k.$t.csv" validation | sort -u)" = pass
		mpi_run 3 "$PARITY_BENCH" "$k" -m 64:64 -i 4 -x 1 -c -T "$t" --validate-inject=2 >/dev/null 2>"$T_TMP/$k.$t.bad"
		check "$k -T $t inject: exits 1" test $? -eq 1
		check "$k -T $t inject: caught at iteration 2" grep -q "$k: validation failed at size 64, iteration 2" "$T_TMP/$k.$t.bad"
	done
done
# An injection beyond the replayed iterations changes nothing.
mpi_run 2 "$PARITY_BENCH" latency -m 64:64 -i 6 -x 1 -c --validate-inject=6 >/dev/null 2>&1
check "inject past the last iteration: clean" test $? -eq 0
finish
