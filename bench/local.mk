# bench: parity-bench, the MPI kernels (built with the MPI family's flags).
# Modules that need no MPI (options, payload patterns) are also linked by unit tests.
noinst_LIBRARIES += bench/libparitybenchcore.a
bench_libparitybenchcore_a_SOURCES = \
	bench/options.c bench/options.h \
	bench/dtype.c bench/dtype.h \
	bench/osu.c bench/osu.h \
	bench/pattern.c bench/pattern.h

# The kernel files (BENCH_KERNEL_SOURCES) follow from the one kernel list:
# bench/kernels.mk is written from common/kernels.h by bench/kernels-mk.sh
# (autogen.sh does it before automake; this rule again when the list
# changes, and automake then reruns), so a kernel is its line there and its
# file bench/<class>/<name>.c, nothing more.
include $(srcdir)/bench/kernels.mk
$(srcdir)/bench/kernels.mk: $(srcdir)/common/kernels.h $(srcdir)/bench/kernels-mk.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/bench/kernels-mk.sh $(srcdir)/common/kernels.h > $@-t && mv $@-t $@
EXTRA_DIST += bench/kernels-mk.sh

bin_PROGRAMS += bench/parity-bench
bench_parity_bench_SOURCES = \
	bench/main.c \
	bench/kernel.c bench/kernel.h \
	bench/bind.c bench/bind.h \
	bench/measure.c bench/measure.h \
	bench/provenance.c bench/provenance.h \
	bench/output.c bench/output.h \
	bench/timer.c bench/timer.h \
	bench/validation.c bench/validation.h \
	$(BENCH_KERNEL_SOURCES)
bench_parity_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench $(MPI_CFLAGS) $(HWLOC_CFLAGS)
bench_parity_bench_LDADD = bench/libparitybenchcore.a $(COMMON_LIBS) $(HWLOC_LIBS) $(MPI_LIBS)

# OSU drop-in mode: osu_bw, osu_latency, ... are links to parity-bench, which
# takes OMB 7.4's arguments and output when called by one of these names
# (bench/osu.c holds the same list).
OSU_LINKS = osu_latency osu_bw osu_bibw osu_mbw_mr osu_multi_lat \
	osu_allreduce osu_bcast osu_reduce osu_allgather osu_alltoall osu_gather \
	osu_scatter osu_reduce_scatter osu_barrier
# (-local, not -hook: completion/local.mk owns the hooks; a link may be made
# before parity-bench is installed, so bindir is created here too.)
install-exec-local: install-osu-links
install-osu-links:
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	cd '$(DESTDIR)$(bindir)' && for n in $(OSU_LINKS); do \
		rm -f "$$n" && $(LN_S) 'parity-bench$(EXEEXT)' "$$n" || exit 1; \
	done
uninstall-local: uninstall-osu-links
uninstall-osu-links:
	cd '$(DESTDIR)$(bindir)' && rm -f $(OSU_LINKS)
.PHONY: install-osu-links uninstall-osu-links

# Native benchmark: make bench [BENCH_REPS=5]
dist_noinst_SCRIPTS += scripts/bench-native.sh
BENCH_REPS = 5
bench: bench/parity-bench
	MPI_FAMILY='$(MPI_FAMILY)' MPIEXEC='$(MPIEXEC)' PARITY_BENCH='$(abs_top_builddir)/bench/parity-bench' \
	OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
	$(SHELL) $(top_srcdir)/scripts/bench-native.sh -r $(BENCH_REPS)
.PHONY: bench

# Unit tests of the MPI-free modules.
UNIT_TESTS += tests/unit/test_bench_options tests/unit/test_bench_pattern tests/unit/test_bench_osu
tests_unit_test_bench_options_SOURCES = tests/unit/test_bench_options.c
tests_unit_test_bench_options_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/bench
tests_unit_test_bench_options_LDADD = bench/libparitybenchcore.a $(UNIT_LDADD)
tests_unit_test_bench_pattern_SOURCES = tests/unit/test_bench_pattern.c
tests_unit_test_bench_pattern_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/bench
tests_unit_test_bench_pattern_LDADD = bench/libparitybenchcore.a $(UNIT_LDADD)
tests_unit_test_bench_osu_SOURCES = tests/unit/test_bench_osu.c
tests_unit_test_bench_osu_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/bench
tests_unit_test_bench_osu_LDADD = bench/libparitybenchcore.a $(UNIT_LDADD)
EXTRA_DIST += tests/integration/bench_lib.sh tests/integration/bench_csv.awk
