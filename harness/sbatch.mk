# harness/sbatch.mk: site acceptance on Slurm (issue #5): `parity sbatch`
# (plan -> task table -> array scripts), `parity task` (one array task) and
# `parity merge` (task files -> runs.csv, resubmission list, analysis).
harness_libparityharness_a_SOURCES += \
	harness/sbatch_tasks.c harness/sbatch_tasks.h \
	harness/sbatch_script.c harness/sbatch_script.h \
	harness/sbatch_merge.c harness/sbatch_merge.h \
	harness/slurm.c harness/slurm.h \
	harness/cmd_sbatch.c harness/cmd_task.c harness/cmd_merge.c
