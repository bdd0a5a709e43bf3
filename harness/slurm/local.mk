# harness/slurm: site acceptance on Slurm: `parity sbatch` (plan -> task
# table -> array scripts), `parity task` (one array task: parity run, then
# the communicator check) and `parity merge` (task files -> runs.csv,
# resubmission list, analysis); slurm.c asks Slurm's client commands.
harness_libparityharness_a_SOURCES += \
	harness/slurm/sbatch_tasks.c harness/slurm/sbatch_tasks.h \
	harness/slurm/sbatch_script.c harness/slurm/sbatch_script.h \
	harness/slurm/sbatch_merge.c harness/slurm/sbatch_merge.h \
	harness/slurm/sbatch_check.c harness/slurm/sbatch_check.h \
	harness/slurm/slurm.c harness/slurm/slurm.h \
	harness/slurm/cmd_sbatch.c harness/slurm/cmd_task.c harness/slurm/cmd_merge.c

UNIT_TESTS += tests/unit/test_sbatch_tasks tests/unit/test_sbatch_script tests/unit/test_sbatch_merge \
	tests/unit/test_sbatch_check tests/unit/test_slurm
tests_unit_test_sbatch_tasks_SOURCES = tests/unit/test_sbatch_tasks.c
tests_unit_test_sbatch_tasks_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_sbatch_tasks_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_sbatch_script_SOURCES = tests/unit/test_sbatch_script.c
tests_unit_test_sbatch_script_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS) -DGOLDEN_DIR='"$(abs_top_srcdir)/tests/golden/sbatch"'
tests_unit_test_sbatch_script_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_sbatch_merge_SOURCES = tests/unit/test_sbatch_merge.c
tests_unit_test_sbatch_merge_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_sbatch_merge_LDADD = $(HARNESS_UNIT_LDADD)

tests_unit_test_sbatch_check_SOURCES = tests/unit/test_sbatch_check.c
tests_unit_test_sbatch_check_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_sbatch_check_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_slurm_SOURCES = tests/unit/test_slurm.c
tests_unit_test_slurm_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_slurm_LDADD = $(HARNESS_UNIT_LDADD)

EXTRA_DIST += tests/golden/sbatch
