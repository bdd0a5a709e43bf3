# harness/run: `parity run`: plan -> compose (launch/) -> spawn -> verify
# (provcheck) -> record, in rounds (rng draws the mode order; with a budget
# the rounds stop when analyze/ judges every point decided), and its tests.
harness_libparityharness_a_SOURCES += \
	harness/run/plan.c harness/run/plan.h \
	harness/run/kernelcmd.c harness/run/kernelcmd.h \
	harness/run/provcheck.c harness/run/provcheck.h \
	harness/run/sha256.c harness/run/sha256.h \
	harness/run/record.c harness/run/record.h \
	harness/run/runner.c harness/run/runner.h \
	harness/run/workdir.c harness/run/workdir.h \
	harness/run/rng.c harness/run/rng.h \
	harness/run/rounds.c harness/run/rounds.h \
	harness/run/workdir_clean.c harness/run/workdir_clean.h \
	harness/run/cmd_run.c

UNIT_TESTS += tests/unit/test_plan tests/unit/test_record tests/unit/test_argv \
	tests/unit/test_provcheck tests/unit/test_rng
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c
tests_unit_test_plan_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_plan_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_record_SOURCES = tests/unit/test_record.c
tests_unit_test_record_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_record_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_argv_SOURCES = tests/unit/test_argv.c
tests_unit_test_argv_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS) -DGOLDEN_DIR='"$(abs_top_srcdir)/tests/golden/argv"'
tests_unit_test_argv_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_provcheck_SOURCES = tests/unit/test_provcheck.c
tests_unit_test_provcheck_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_provcheck_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_rng_SOURCES = tests/unit/test_rng.c
tests_unit_test_rng_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_rng_LDADD = $(HARNESS_UNIT_LDADD)

EXTRA_DIST += tests/golden/argv

# Integration tests (real MPI; test_run_campaign.sh also real Charliecloud images).
INTEGRATION_TESTS += tests/integration/test_run_campaign.sh tests/integration/test_run_dry_run.sh tests/integration/test_run_errors.sh \
	tests/integration/test_run_timeout.sh tests/integration/test_run_kill_resume.sh \
	tests/integration/test_run_finalize_hang.sh tests/integration/test_run_workdir.sh \
	tests/integration/test_run_disk_full.sh tests/integration/test_run_lock.sh \
	tests/integration/test_run_progress.sh
EXTRA_DIST += tests/integration/runs_csv.sh tests/integration/finalize-hang.c
