# tests: cmocka unit tests (one per module) and integration tests (real MPI,
# real containers, real Slurm). Unit tests are listed here; integration tests
# are shell scripts that exit 0 (pass), 1 (fail) or 77 (component absent).

UNIT_LDADD = $(COMMON_LIBS) $(CMOCKA_LIBS)
UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(CMOCKA_CFLAGS)

# Unit tests: add yours to UNIT_TESTS (bench/harness fragments may too).
UNIT_TESTS += \
	tests/unit/test_parse \
	tests/unit/test_sizes \
	tests/unit/test_stats \
	tests/unit/test_csvio \
	tests/unit/test_schema

tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_sizes_SOURCES = tests/unit/test_sizes.c
tests_unit_test_sizes_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_sizes_LDADD = $(UNIT_LDADD)
tests_unit_test_stats_SOURCES = tests/unit/test_stats.c
tests_unit_test_stats_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_stats_LDADD = $(UNIT_LDADD)
tests_unit_test_csvio_SOURCES = tests/unit/test_csvio.c
tests_unit_test_csvio_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_csvio_LDADD = $(UNIT_LDADD)
tests_unit_test_schema_SOURCES = tests/unit/test_schema.c
tests_unit_test_schema_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_schema_LDADD = $(UNIT_LDADD)

# Integration tests: add yours here (and nowhere else).
INTEGRATION_TESTS +=
INTEGRATION_TESTS += tests/integration/test_bench_kernels.sh tests/integration/test_bench_errors.sh \
	tests/integration/test_bench_provenance.sh tests/integration/test_bench_validation.sh \
	tests/integration/test_bench_native.sh tests/integration/test_bench_osu.sh
INTEGRATION_TESTS += tests/integration/test_slurm_local.sh
INTEGRATION_TESTS += tests/integration/test_vcluster.sh tests/integration/test_vcluster_parity.sh
EXTRA_DIST += tests/integration/vcluster_lib.sh
INTEGRATION_TESTS += tests/integration/test_sbatch.sh
INTEGRATION_TESTS += tests/integration/test_images.sh
INTEGRATION_TESTS += tests/integration/test_man.sh tests/integration/test_completion.sh

if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
TESTS += $(INTEGRATION_TESTS)

# Only the unit tests (used for the sanitizer build and inside distcheck).
check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(UNIT_TESTS)'
.PHONY: check-unit
EXTRA_DIST += $(INTEGRATION_TESTS) tests/lib.sh tests/unit/unit.h

# The man page test needs to know whether configure found help2man.
AM_TESTS_ENVIRONMENT += HELP2MAN='$(HELP2MAN)'; export HELP2MAN;

# make installcheck: parity from its installed files only (tests/installcheck.sh): a tiny
# campaign with compare, plot and report, the man pages, the completion, the scripts.
# distcheck runs it in its temporary prefix; scripts/test-all.sh runs it too.
if HAVE_HELP2MAN
INSTALLCHECK_MAN = yes
else
INSTALLCHECK_MAN = no
endif
EXTRA_DIST += tests/installcheck.sh
installcheck-local:
	bc='$(bashcompletiondir)'; [ -z "$$bc" ] || bc='$(DESTDIR)'"$$bc"; \
	bash $(srcdir)/tests/installcheck.sh --bindir='$(DESTDIR)$(bindir)' \
	  --pkgdatadir='$(DESTDIR)$(pkgdatadir)' --pkglibexecdir='$(DESTDIR)$(pkglibexecdir)' \
	  --docdir='$(DESTDIR)$(docdir)' --mandir='$(DESTDIR)$(mandir)' \
	  --bashcompletiondir="$$bc" --man=$(INSTALLCHECK_MAN)
EXTRA_DIST += tests/golden/osu
