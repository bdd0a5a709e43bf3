# harness: the `parity` command (plain C, never linked with MPI). Its modules
# live in a convenience library that the program and the unit tests link.
# The folders follow the data, every dependency pointing down:
#   slurm/    sbatch, task, merge              (uses run/)
#   run/      plan -> compose -> spawn -> verify -> record, rounds (uses analyze/, bind/, launch/)
#   bind/     host MPI discovery, ABI, image inspection, staging, doctor (uses launch/)
#   launch/   launcher and runtime tables, compose: launcher x runtime x mode -> argv
#   analyze/  campaigns, compare, verdicts, plot, report
#   core/     main, commands, exit codes, strings, options, files, processes
# Each folder adds its sources and unit tests in its own local.mk. Headers are
# included as "folder/name.h" from other folders, by name within a folder.
noinst_LIBRARIES += harness/libparityharness.a
HARNESS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/harness $(JANSSON_CFLAGS)
harness_libparityharness_a_CPPFLAGS = $(HARNESS_CPPFLAGS)
harness_libparityharness_a_SOURCES =

bin_PROGRAMS += harness/parity
harness_parity_SOURCES = harness/core/main.c
harness_parity_CPPFLAGS = $(HARNESS_CPPFLAGS)
HARNESS_LIBS = harness/libparityharness.a $(COMMON_LIBS) $(JANSSON_LIBS)
harness_parity_LDADD = $(HARNESS_LIBS)

# Unit tests of the harness: compiled with the harness include path, linked
# with the library.
HARNESS_UNIT_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness $(JANSSON_CFLAGS)
HARNESS_UNIT_LDADD = harness/libparityharness.a $(UNIT_LDADD) $(JANSSON_LIBS)

include $(srcdir)/harness/core/local.mk
include $(srcdir)/harness/run/local.mk
include $(srcdir)/harness/launch/local.mk
include $(srcdir)/harness/bind/local.mk
include $(srcdir)/harness/analyze/local.mk
include $(srcdir)/harness/slurm/local.mk
