# harness: the `parity` command (plain C, never linked with MPI). Its modules
# live in a convenience library that the program and the unit tests link.
# Each area adds its sources in its own fragment below.
noinst_LIBRARIES += harness/libparityharness.a
harness_libparityharness_a_SOURCES = \
	harness/cliarg.c harness/cliarg.h \
	harness/commands.h harness/exitcodes.h \
	harness/strvec.c harness/strvec.h \
	harness/textfile.c harness/textfile.h

bin_PROGRAMS += harness/parity
harness_parity_SOURCES = harness/main.c
HARNESS_LIBS = harness/libparityharness.a $(COMMON_LIBS)
harness_parity_LDADD = $(HARNESS_LIBS)

UNIT_TESTS += tests/unit/test_cliarg
tests_unit_test_cliarg_SOURCES = tests/unit/test_cliarg.c
tests_unit_test_cliarg_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_cliarg_LDADD = $(HARNESS_LIBS) $(UNIT_LDADD)

include $(srcdir)/harness/run.mk
include $(srcdir)/harness/hostmpi.mk
include $(srcdir)/harness/report.mk
include $(srcdir)/harness/sbatch.mk
