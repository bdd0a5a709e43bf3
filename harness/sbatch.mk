# harness/sbatch.mk: site acceptance on Slurm (issue #5): `parity sbatch`
# (plan -> task table -> array scripts), `parity task` (one array task) and
# `parity merge` (task files -> runs.csv, resubmission list, analysis).
harness_libparityharness_a_SOURCES += \
	harness/sbatch_tasks.c harness/sbatch_tasks.h \
	harness/sbatch_script.c harness/sbatch_script.h \
	harness/sbatch_merge.c harness/sbatch_merge.h \
	harness/sbatch_check.c harness/sbatch_check.h \
	harness/slurm.c harness/slurm.h \
	harness/cmd_sbatch.c harness/cmd_task.c harness/cmd_merge.c

SBATCH_UNIT_LDADD = harness/libparityharness.a $(UNIT_LDADD)
SBATCH_UNIT_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness

UNIT_TESTS += tests/unit/test_sbatch_tasks tests/unit/test_sbatch_script tests/unit/test_sbatch_merge \
	tests/unit/test_sbatch_check tests/unit/test_slurm
tests_unit_test_sbatch_tasks_SOURCES = tests/unit/test_sbatch_tasks.c
tests_unit_test_sbatch_tasks_CPPFLAGS = $(SBATCH_UNIT_CPPFLAGS)
tests_unit_test_sbatch_tasks_LDADD = $(SBATCH_UNIT_LDADD)
tests_unit_test_sbatch_script_SOURCES = tests/unit/test_sbatch_script.c
tests_unit_test_sbatch_script_CPPFLAGS = $(SBATCH_UNIT_CPPFLAGS) -DGOLDEN_DIR='"$(abs_top_srcdir)/tests/golden/sbatch"'
tests_unit_test_sbatch_script_LDADD = $(SBATCH_UNIT_LDADD)
tests_unit_test_sbatch_merge_SOURCES = tests/unit/test_sbatch_merge.c
tests_unit_test_sbatch_merge_CPPFLAGS = $(SBATCH_UNIT_CPPFLAGS)
tests_unit_test_sbatch_merge_LDADD = $(SBATCH_UNIT_LDADD)

tests_unit_test_sbatch_check_SOURCES = tests/unit/test_sbatch_check.c
tests_unit_test_sbatch_check_CPPFLAGS = $(SBATCH_UNIT_CPPFLAGS)
tests_unit_test_sbatch_check_LDADD = $(SBATCH_UNIT_LDADD)
tests_unit_test_slurm_SOURCES = tests/unit/test_slurm.c
tests_unit_test_slurm_CPPFLAGS = $(SBATCH_UNIT_CPPFLAGS)
tests_unit_test_slurm_LDADD = $(SBATCH_UNIT_LDADD)

EXTRA_DIST += tests/golden/sbatch
