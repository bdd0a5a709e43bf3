# bench: parity-bench, the MPI kernels (built with the MPI family's flags).
# Modules that need no MPI (options, validate) are also linked by unit tests.
noinst_LIBRARIES += bench/libparitybenchcore.a
bench_libparitybenchcore_a_SOURCES = \
	bench/options.c bench/options.h \
	bench/dtype.c bench/dtype.h \
	bench/validate.c bench/validate.h

BENCH_KERNEL_SOURCES = \
	bench/pt2pt/latency.c bench/pt2pt/bw.c bench/pt2pt/bibw.c \
	bench/pt2pt/mbw_mr.c bench/pt2pt/multi_lat.c \
	bench/coll/allreduce.c bench/coll/bcast.c bench/coll/reduce.c \
	bench/coll/allgather.c bench/coll/alltoall.c bench/coll/gather.c \
	bench/coll/scatter.c bench/coll/reduce_scatter.c bench/coll/barrier.c

bin_PROGRAMS += bench/parity-bench
bench_parity_bench_SOURCES = \
	bench/main.c \
	bench/kernel.c bench/kernel.h \
	bench/bind.c bench/bind.h \
	bench/measure.c bench/measure.h \
	bench/provenance.c bench/provenance.h \
	bench/report.c bench/report.h \
	bench/timer.c bench/timer.h \
	bench/verify.c bench/verify.h \
	$(BENCH_KERNEL_SOURCES)
bench_parity_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench $(MPI_CFLAGS) $(HWLOC_CFLAGS)
bench_parity_bench_LDADD = bench/libparitybenchcore.a $(COMMON_LIBS) $(HWLOC_LIBS) $(MPI_LIBS)

# Native benchmark: make bench [BENCH_REPS=5]
dist_noinst_SCRIPTS += scripts/bench-native.sh
BENCH_REPS = 5
bench: bench/parity-bench
	MPI_FAMILY='$(MPI_FAMILY)' MPIEXEC='$(MPIEXEC)' PARITY_BENCH='$(abs_top_builddir)/bench/parity-bench' \
	OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
	$(SHELL) $(top_srcdir)/scripts/bench-native.sh -r $(BENCH_REPS)
.PHONY: bench

# Unit tests of the MPI-free modules.
UNIT_TESTS += tests/unit/test_bench_options tests/unit/test_bench_validate
tests_unit_test_bench_options_SOURCES = tests/unit/test_bench_options.c
tests_unit_test_bench_options_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/bench
tests_unit_test_bench_options_LDADD = bench/libparitybenchcore.a $(UNIT_LDADD)
tests_unit_test_bench_validate_SOURCES = tests/unit/test_bench_validate.c
tests_unit_test_bench_validate_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/bench
tests_unit_test_bench_validate_LDADD = bench/libparitybenchcore.a $(UNIT_LDADD)
EXTRA_DIST += tests/integration/bench_lib.sh tests/integration/bench_csv.awk
