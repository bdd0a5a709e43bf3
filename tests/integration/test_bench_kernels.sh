#!/bin/sh
# Every kernel with 2 ranks and small sizes: OSU text layout (title, exact
# column header, one numeric line per size) and the CSV (header, one row per
# size and metric, ranks = 2).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bench_lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"

header=schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99,stddev,validation,samples,batch,median_ci_low,median_ci_high,datatype

for k in $BENCH_KERNELS; do
	out=$T_TMP/$k.txt csv=$T_TMP/$k.csv
	mpi_run 2 "$PARITY_BENCH" "$k" -m 1:4K -i 20 -x 2 --csv="$csv" >"$out" 2>"$T_TMP/$k.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$k: exit status $rc ($(head -c 300 "$T_TMP/$k.err"))"
		continue
	fi
	# Text: title, header, one numeric line per size, nothing else unprefixed.
	check "$k: title line" grep -qx "# parity-bench $k [0-9.]* (OSU-compatible)" "$out"
	check "$k: OSU column header" grep -qxF "$(bench_header "$k")" "$out"
	if [ "$k" = barrier ]; then
		check "$k: no datatype line" test "$(grep -c '^# Datatype:' "$out")" -eq 0
	else
		check "$k: OMB's datatype line before the header" \
			test "$(grep -A1 -x '# Datatype: MPI_CHAR.' "$out" | tail -n 1)" = "$(bench_header "$k")"
	fi
	want=$(bench_sizes 1 4096 "$k" | tr '\n' ' ')
	if [ "$k" = barrier ]; then
		got=$(grep -v '^#' "$out" | awk 'NF == 1 && $1 ~ /^[0-9]+\.[0-9][0-9]$/ { printf "0 " }')
	elif [ "$k" = mbw_mr ]; then
		got=$(grep -v '^#' "$out" | awk 'NF == 3 && $2 ~ /^[0-9]+\.[0-9][0-9]$/ && $3 ~ /^[0-9]+\.[0-9][0-9]$/ { printf "%s ", $1 }')
	else
		got=$(grep -v '^#' "$out" | awk 'NF == 2 && $2 ~ /^[0-9]+\.[0-9][0-9]$/ { printf "%s ", $1 }')
	fi
	check "$k: one numeric line per size ($want)" test "$got" = "$want"
	check "$k: no stray lines" test "$(grep -vc '^#' "$out")" -eq "$(echo $want | wc -w)"
	# CSV.
	check "$k: CSV header" test "$(head -n 1 "$csv")" = "$header"
	rows=$(($(wc -l <"$csv") - 1))
	per=1; [ "$k" = mbw_mr ] && per=2
	check "$k: CSV rows = sizes x metrics" test "$rows" -eq $(($(echo $want | wc -w) * per))
	check "$k: CSV ranks = 2" test "$(csv_col "$csv" ranks | sort -u)" = 2
	check "$k: CSV kernel" test "$(csv_col "$csv" kernel | sort -u)" = "$k"
	check "$k: CSV schema" test "$(csv_col "$csv" schema | sort -u)" = parity-bench/1.2
	want_type=MPI_CHAR; [ "$k" = barrier ] && want_type=none
	check "$k: CSV datatype $want_type" test "$(csv_col "$csv" datatype | sort -u)" = "$want_type"
	check "$k: CSV iterations = 20" test "$(csv_col "$csv" iterations | sort -u)" = 20
	check "$k: CSV validation off" test "$(csv_col "$csv" validation | sort -u)" = off
	check "$k: CSV avg numbers > 0" test -z "$(csv_col "$csv" avg | awk '!($1 > 0)')"
done
# mbw_mr: the second row of a size is the message rate, = MB/s * 1e6 / size.
if [ -f "$T_TMP/mbw_mr.csv" ]; then
	check "mbw_mr: metrics bandwidth and message_rate" \
		test "$(csv_col "$T_TMP/mbw_mr.csv" metric | sort -u | tr '\n' ' ')" = "bandwidth message_rate "
fi
# --csv=- replaces the text on stdout.
mpi_run 2 "$PARITY_BENCH" latency -m 8:8 -i 10 -x 1 --csv=- >"$T_TMP/stdout.csv" 2>&1
check "--csv=- writes only CSV to stdout" test "$(head -n 1 "$T_TMP/stdout.csv")" = "$header"
check "--csv=- has one row for one size" test "$(wc -l <"$T_TMP/stdout.csv")" -eq 2
# --samples: every sample of every rank; --cache-cold runs and validates.
mpi_run 2 "$PARITY_BENCH" bw -m 1K:64K -i 4 -x 1 --batch=1 --cache-cold -c --samples="$T_TMP/s.csv" >"$T_TMP/cold.txt" 2>&1
check "--cache-cold -c bw exits 0" test $? -eq 0
check "--cache-cold: 7 sizes, all Pass" test "$(grep -v '^#' "$T_TMP/cold.txt" | grep -c 'Pass$')" -eq 7
check "--samples header" test "$(head -n 1 "$T_TMP/s.csv")" = "kernel,size_bytes,rank,sample,iterations,seconds,value,unit"
check "--samples: 4 samples x 2 ranks x 7 sizes" test "$(($(wc -l <"$T_TMP/s.csv") - 1))" -eq 56
check "--samples: positive seconds" test -z "$(tail -n +2 "$T_TMP/s.csv" | awk -F, '!($6 > 0)')"
# -f adds OSU's min/max/iterations columns to collectives; -z adds tails.
mpi_run 2 "$PARITY_BENCH" allreduce -m 4:8 -i 10 -x 1 -f -z50,99 >"$T_TMP/full.txt" 2>&1
check "-f -z header" grep -qxF "$(printf '%-10s%18s%18s%18s%12s%18s%18s' '# Size' 'Avg Latency(us)' 'Min Latency(us)' 'Max Latency(us)' Iterations 'P50 Tail Lat(us)' 'P99 Tail Lat(us)')" "$T_TMP/full.txt"
check "-f -z rows have 7 columns" test "$(grep -v '^#' "$T_TMP/full.txt" | awk 'NF == 7 && $5 == 10' | wc -l)" -eq 2
# --min-time: more iterations than OSU's 10000 where a pass is short (30 ms of
# 8-byte ping-pongs is tens of thousands on any machine), never fewer than -i
# where it is long; at most 2000 samples per rank; the median inside its
# within-run interval; the bigger size's count is at least its -i.
mpi_run 2 "$PARITY_BENCH" latency -m 8:1M -i 10000 --min-time=30ms --csv=- >"$T_TMP/mt.csv" 2>&1
check "--min-time exits 0" test $? -eq 0
it8=$(csv_col "$T_TMP/mt.csv" iterations | head -1)
check "--min-time: 8 B ran more than OSU's 10000 iterations ($it8)" test "$it8" -gt 10000
check "--min-time: never fewer than -i (1 MiB: $(csv_col "$T_TMP/mt.csv" iterations | tail -1))" \
	test "$(csv_col "$T_TMP/mt.csv" iterations | tail -1)" -ge 1000
check "--min-time: at most 2000 samples per size" test -z "$(csv_col "$T_TMP/mt.csv" samples | awk '$1 > 2000 || $1 < 1')"
for c in iterations samples batch median_ci_low median median_ci_high; do csv_col "$T_TMP/mt.csv" $c >"$T_TMP/mt.$c"; done
check "--min-time: samples x batch covers the iterations" \
	test -z "$(paste -d' ' "$T_TMP/mt.iterations" "$T_TMP/mt.samples" "$T_TMP/mt.batch" | awk '$2 * $3 > $1 || $2 * ($3 + 1) < $1')"
check "--min-time: the median within its within-run interval" \
	test -z "$(paste -d' ' "$T_TMP/mt.median_ci_low" "$T_TMP/mt.median" "$T_TMP/mt.median_ci_high" | awk '!($1 <= $2 && $2 <= $3)')"
# -T all: one table per datatype, in OMB's order, sizes of at least one
# element; the CSV says which datatype each row measured.
mpi_run 2 "$PARITY_BENCH" reduce -m 1:8 -i 5 -x 1 -T all -c --csv="$T_TMP/types.csv" >"$T_TMP/types.txt" 2>&1
check "-T all exits 0" test $? -eq 0
check "-T all: three datatype lines in OMB's order" \
	test "$(grep '^# Datatype:' "$T_TMP/types.txt" | tr '\n' ' ')" = "# Datatype: MPI_CHAR. # Datatype: MPI_INT. # Datatype: MPI_FLOAT. "
check "-T all: sizes 1 2 4 8, 4 8, 4 8" \
	test "$(grep -v '^#' "$T_TMP/types.txt" | awk '{ printf "%s ", $1 }')" = "1 2 4 8 4 8 4 8 "
check "-T all: CSV datatypes per row" \
	test "$(csv_col "$T_TMP/types.csv" datatype | tr '\n' ' ')" = "MPI_CHAR MPI_CHAR MPI_CHAR MPI_CHAR MPI_INT MPI_INT MPI_FLOAT MPI_FLOAT "
check "-T all -c: every row passes" test "$(csv_col "$T_TMP/types.csv" validation | sort -u)" = pass
finish
