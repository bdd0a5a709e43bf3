# harness/run.mk: `parity run` (issue #3): plan -> launcher x runtime x mode
# -> spawn -> verify -> record, and its tests.
harness_libparityharness_a_SOURCES += \
	harness/plan.c harness/plan.h \
	harness/launcher.c harness/launcher.h \
	harness/runtime.c harness/runtime.h \
	harness/mode.c harness/mode.h \
	harness/spawn.c harness/spawn.h \
	harness/verify.c harness/verify.h \
	harness/sha256.c harness/sha256.h \
	harness/record.c harness/record.h \
	harness/runner.c harness/runner.h \
	harness/rounds.c harness/rounds.h \
	harness/cmd_run.c

RUN_UNIT_LDADD = harness/libparityharness.a $(UNIT_LDADD)
RUN_UNIT_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness

UNIT_TESTS += tests/unit/test_plan tests/unit/test_record tests/unit/test_argv \
	tests/unit/test_spawn tests/unit/test_verify
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c
tests_unit_test_plan_CPPFLAGS = $(RUN_UNIT_CPPFLAGS)
tests_unit_test_plan_LDADD = $(RUN_UNIT_LDADD)
tests_unit_test_record_SOURCES = tests/unit/test_record.c
tests_unit_test_record_CPPFLAGS = $(RUN_UNIT_CPPFLAGS)
tests_unit_test_record_LDADD = $(RUN_UNIT_LDADD)
tests_unit_test_argv_SOURCES = tests/unit/test_argv.c
tests_unit_test_argv_CPPFLAGS = $(RUN_UNIT_CPPFLAGS) -DGOLDEN_DIR='"$(abs_top_srcdir)/tests/golden/argv"'
tests_unit_test_argv_LDADD = $(RUN_UNIT_LDADD)
tests_unit_test_spawn_SOURCES = tests/unit/test_spawn.c
tests_unit_test_spawn_CPPFLAGS = $(RUN_UNIT_CPPFLAGS)
tests_unit_test_spawn_LDADD = $(RUN_UNIT_LDADD)
tests_unit_test_verify_SOURCES = tests/unit/test_verify.c
tests_unit_test_verify_CPPFLAGS = $(RUN_UNIT_CPPFLAGS)
tests_unit_test_verify_LDADD = $(RUN_UNIT_LDADD)

EXTRA_DIST += tests/golden/argv

# Integration tests (real MPI; test_run_campaign.sh also real Charliecloud images).
INTEGRATION_TESTS += tests/integration/test_run_campaign.sh tests/integration/test_run_dry_run.sh tests/integration/test_run_errors.sh \
	tests/integration/test_run_timeout.sh tests/integration/test_run_kill_resume.sh
EXTRA_DIST += tests/integration/runs_csv.sh
