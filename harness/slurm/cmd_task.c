/* cmd_task: `parity task TASKS_DIR ID`, one array task of a `parity sbatch`
 * campaign (the generated script runs it). It moves an earlier attempt of
 * the task aside, runs `parity run --plan TASKS_DIR/ID/plan.conf` (same
 * binary), checks that every ok run had the communicator size the task
 * asked for (a wrong PMI plug-in gives N singletons that all exit 0), and
 * writes TASKS_DIR/ID/status with the exit status and the reason. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/commands.h"
#include "core/errors.h"
#include "core/fmt.h"
#include "core/lock.h"
#include "core/opts.h"
#include "core/proc.h"
#include "exitcodes.h"
#include "parse.h"
#include "sbatch_check.h"
#include "sbatch_tasks.h"


/* Move the files of an earlier attempt into ID/attempt-N. */
static int cmd_task_archive(const char *task_dir, const char *task_campaign)
{
	char cur[PATH_MAX], status[PATH_MAX], dest[PATH_MAX], moved[PATH_MAX];
	unsigned n;

	fmt_buf(cur, sizeof(cur), "%s/%s", task_dir, task_campaign);
	fmt_buf(status, sizeof(status), "%s/status", task_dir);
	if (access(cur, F_OK) != 0 && access(status, F_OK) != 0)
		return 0;
	for (n = 1; n < 10000; n++) {
		fmt_buf(dest, sizeof(dest), "%s/attempt-%u", task_dir, n);
		if (mkdir(dest, 0755) == 0)
			break;
		if (errno != EEXIST)
			return -errno;
	}
	fmt_buf(moved, sizeof(moved), "%s/%s", dest, task_campaign);
	if (access(cur, F_OK) == 0 && rename(cur, moved) != 0)
		return -errno;
	fmt_buf(moved, sizeof(moved), "%s/status", dest);
	if (access(status, F_OK) == 0 && rename(status, moved) != 0)
		return -errno;
	printf("parity task: moved the earlier attempt to %s\n", dest);
	return 0;
}

/* Run parity run (this very binary); its stderr passes through and its last
 * line is kept. Slurm ends a job with SIGTERM (time limit, scancel): parity
 * run gets it too, has time to record that it was interrupted, and
 * *stopped is set to the signal. */
static int cmd_task_run(const char *plan, char *last_err, size_t len, int *exit_code, int *stopped)
{
	char *const argv[] = { "parity", "run", "--plan", (char *)plan, NULL };
	struct proc_req req = { .argv = argv, .program = "/proc/self/exe", .out = PROC_INHERIT, .err = PROC_TEE,
				.grace_s = 30 };
	struct proc_result res;
	int ret;

	ret = proc_trap_signals();
	if (!ret)
		ret = proc_run(&req, &res);
	if (ret)
		return ret;
	snprintf(last_err, len, "%s", res.err_last);
	*exit_code = proc_status(&res);
	*stopped = res.interrupted ? proc_stop_requested() : 0;
	proc_result_free(&res);
	return 0;
}

static int cmd_task_write_status(const char *task_dir, unsigned id, int exit_code, const char *reason)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], when[32];
	time_t now = time(NULL);
	const char *job = getenv("SLURM_ARRAY_JOB_ID"), *jid = getenv("SLURM_JOB_ID");
	FILE *fp;

	fmt_buf(path, sizeof(path), "%s/status", task_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fp = fopen(tmp, "w");
	if (!fp)
		return -errno;
	fprintf(fp, "task = %u\narray_job = %s\njob = %s\nfinished = %s\nexit = %d\nreason = %s\n", id,
		job ? job : "", jid ? jid : "", when, exit_code, reason);
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -EIO;
	}
	return 0;
}

/* No options: the positional TASKS_DIR ID. */
static const struct opts_spec cmd_task_spec = {
	.command = "task",
	.usage = "TASKS_DIR ID",
	.about = "Run array task ID of a campaign made by `parity sbatch` (its scripts call this):\n"
		 "parity run --plan TASKS_DIR/ID/plan.conf, then check the communicator size of every\n"
		 "run and write TASKS_DIR/ID/status. An earlier attempt is moved to TASKS_DIR/ID/attempt-N.",
	.max_positional = 2,
	.footer = "exit status: that of parity run; 1 also when a run had the wrong communicator size; 12 when\n"
		  "another attempt of the task is running.",
};

/* Run task id of the campaign whose task table is in tasks_dir. The exit code. */
static int cmd_task_one(const char *tasks_dir, uint64_t id)
{
	struct sbatch_tasks t;
	const struct sbatch_task *task;
	char table[PATH_MAX], task_dir[PATH_MAX], plan[PATH_MAX], task_campaign[256], runs[PATH_MAX];
	char last_err[1024] = "", reason[1024] = "";
	struct sbatch_check check = { 0 };
	struct lock lock = LOCK_INIT;
	unsigned long ranks;
	int exit_code = 0, stopped = 0, ret;

	snprintf(table, sizeof(table), "%s/tasks.csv", tasks_dir);
	if (sbatch_tasks_read(table, &t))
		return PARITY_EXIT_RESULTS;
	task = sbatch_tasks_find(&t, (unsigned)id);
	if (!task) {
		errors_log("no task %llu in %s", (unsigned long long)id, table);
		sbatch_tasks_free(&t);
		return PARITY_EXIT_USAGE;
	}
	ranks = t.placements[task->placement].ranks;
	snprintf(task_dir, sizeof(task_dir), "%s/%u", tasks_dir, task->id);
	/* One attempt of a task at a time (a requeue racing the first). */
	ret = lock_take_writer(task_dir, &lock);
	if (ret) {
		sbatch_tasks_free(&t);
		return ret == -EBUSY ? PARITY_EXIT_LOCKED : PARITY_EXIT_RESULTS;
	}
	fmt_buf(plan, sizeof(plan), "%s/plan.conf", task_dir);
	sbatch_tasks_task_campaign(t.campaign, task->id, task_campaign, sizeof(task_campaign));
	ret = cmd_task_archive(task_dir, task_campaign);
	if (ret) {
		errors_log("cannot move the earlier attempt of task %u aside: %s", task->id, strerror(-ret));
		sbatch_tasks_free(&t);
		lock_release(&lock);
		return PARITY_EXIT_RESULTS;
	}
	printf("parity task %u: %s, %s, %s, repetitions %u-%u\n", task->id, mode_name(task->mode),
		t.placements[task->placement].label, task->kernels, task->rep_first, task->rep_last);
	ret = cmd_task_run(plan, last_err, sizeof(last_err), &exit_code, &stopped);
	if (ret) {
		snprintf(reason, sizeof(reason), "cannot start parity run: %s", strerror(-ret));
		exit_code = PARITY_EXIT_FAILED;
	} else if (stopped) {
		snprintf(reason, sizeof(reason), "stopped by signal %d (Slurm time limit or scancel)", stopped);
		exit_code = 128 + stopped;
	} else {
		fmt_buf(runs, sizeof(runs), "%s/%s", task_dir, task_campaign);
		ret = sbatch_check_campaign(runs, ranks, &check);
		if (ret && exit_code == 0) {
			snprintf(reason, sizeof(reason), "parity run exited 0 but its runs.csv is %s",
				 ret == -ENOENT ? "missing" : "unreadable");
			exit_code = PARITY_EXIT_FAILED;
		} else if (check.not_ok) {
			fmt_buf(reason, sizeof(reason), "%zu of %zu runs not ok, first: %s", check.not_ok,
					    check.runs, check.failed);
		} else if (check.bad[0]) {
			fmt_buf(reason, sizeof(reason), "communicator size: %s", check.bad);
			exit_code = PARITY_EXIT_FAILED;
		} else if (exit_code != 0) {
			fmt_buf(reason, sizeof(reason), "parity run exit %d: %s", exit_code,
					    last_err[0] ? last_err : "(see the slurm output)");
		} else {
			snprintf(reason, sizeof(reason), "%zu runs ok, communicator size %lu checked", check.runs, ranks);
		}
	}
	if (exit_code != 0 && !check.not_ok && last_err[0] && !strstr(reason, last_err) && !check.bad[0])
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason), " (%s)", last_err);
	if (cmd_task_write_status(task_dir, task->id, exit_code, reason))
		errors_log("cannot write %s/status", task_dir);
	printf("parity task %u: %s: %s\n", task->id, exit_code ? "FAILED" : "ok", reason);
	sbatch_tasks_free(&t);
	lock_release(&lock);
	return exit_code > 255 ? PARITY_EXIT_FAILED : exit_code;
}

int cmd_task(int argc, char **argv)
{
	struct strvec positional = { 0 };
	bool help = false;
	uint64_t id;
	int ret = opts_parse(&cmd_task_spec, NULL, argc, argv, &positional, &help), rc;

	if (!ret && help) {
		opts_help(&cmd_task_spec, NULL, stdout);
		rc = PARITY_EXIT_OK;
	} else if (ret || positional.n != 2 || parse_u64(positional.v[1], 0, 4000000, &id)) {
		if (ret != -ENOMEM)
			opts_help(&cmd_task_spec, NULL, stderr);
		rc = ret == -ENOMEM ? PARITY_EXIT_FAILED : PARITY_EXIT_USAGE;
	} else {
		rc = cmd_task_one(positional.v[0], id);
	}
	strvec_free(&positional);
	return rc;
}
