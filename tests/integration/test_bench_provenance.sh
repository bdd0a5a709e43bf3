#!/bin/sh
# Provenance: one row per rank; the MPI library really loaded (path,
# device:inode) is the family's library; the mount namespace is ours; bound
# ranks sit on different cores.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/bench_lib.sh"
[ -x "$PARITY_BENCH" ] || die "parity-bench is not built ($PARITY_BENCH): run make first"
require_cmd ldd stat realpath

prov=$T_TMP/prov.csv
mpi_run 2 "$PARITY_BENCH" latency -m 8:8 -i 10 -x 1 --bind=core --provenance="$prov" >"$T_TMP/out" 2>"$T_TMP/err" \
	|| die "latency run failed: $(cat "$T_TMP/err")"

case $MPI_FAMILY in
mpich) soname=libmpich.so.12 ;;
openmpi) soname=libmpi.so.40 ;;
*) die "unknown MPI_FAMILY $MPI_FAMILY" ;;
esac
lib=$(ldd "$PARITY_BENCH" | awk -v s="$soname" '$1 == s { print $3 }')
[ -n "$lib" ] || die "ldd does not show $soname for $PARITY_BENCH"
lib=$(realpath "$lib")

check "header is parity-prov" test "$(head -n 1 "$prov" | cut -d, -f1)" = schema
check "2 provenance rows" test "$(csv_col "$prov" rank | tr '\n' ' ')" = "0 1 "
check "schema value" test "$(csv_col "$prov" schema | sort -u)" = parity-prov/1.0
check "libmpi_path = $lib" test "$(csv_col "$prov" libmpi_path | sort -u)" = "$lib"
check "libmpi_dev = stat -L" test "$(csv_col "$prov" libmpi_dev | sort -u)" = "$(stat -L -c '%Hd:%Ld' "$lib")"
check "libmpi_ino = stat -L" test "$(csv_col "$prov" libmpi_ino | sort -u)" = "$(stat -L -c %i "$lib")"
check "mntns = /proc/self/ns/mnt" test "$(csv_col "$prov" mntns | sort -u)" = "$(stat -L -c %i /proc/self/ns/mnt)"
check "mpi_family = $MPI_FAMILY" test "$(csv_col "$prov" mpi_family | sort -u)" = "$MPI_FAMILY"
check "hostname" test "$(csv_col "$prov" hostname | sort -u)" = "$(hostname)"
check "mpi_version is the library's first line" test -n "$(csv_col "$prov" mpi_version | grep -E '^(MPICH Version: |Open MPI v)')"
cores=$(csv_col "$prov" core | tr '\n' ' ')
case $cores in
*-1*) fail "a rank is not bound to one core: cores $cores" ;;
*) check "bound ranks on different cores ($cores)" test "$(csv_col "$prov" core | sort -u | wc -l)" -eq 2 ;;
esac
check "numa_node known" test -z "$(csv_col "$prov" numa_node | grep -- -1)"
# Text: one '# rank N:' line per rank, matching the CSV.
check "text provenance lines" test "$(grep -c '^# rank [01]: host=' "$T_TMP/out")" -eq 2
check "text names the library" grep -qF "libmpi=$lib dev=$(stat -L -c '%Hd:%Ld' "$lib") ino=$(stat -L -c %i "$lib") family=$MPI_FAMILY" "$T_TMP/out"

# --bind=none keeps whatever the launcher did; --provenance=- goes to stdout.
mpi_run 2 "$PARITY_BENCH" latency -m 8:8 -i 10 -x 1 --bind=none --provenance=- --csv="$T_TMP/r.csv" >"$T_TMP/p2.csv" 2>"$T_TMP/err" \
	|| fail "--bind=none run failed: $(cat "$T_TMP/err")"
check "--provenance=- writes the CSV to stdout" test "$(csv_col "$T_TMP/p2.csv" rank | tr '\n' ' ')" = "0 1 "
finish
