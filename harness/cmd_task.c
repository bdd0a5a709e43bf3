/* cmd_task: `parity task TASKS_DIR ID`, one array task of a `parity sbatch`
 * campaign (the generated script runs it). It moves an earlier attempt of
 * the task aside, runs `parity run --plan TASKS_DIR/ID/plan.conf` (same
 * binary), checks that every ok run had the communicator size the task
 * asked for (a wrong PMI plug-in gives N singletons that all exit 0), and
 * writes TASKS_DIR/ID/status with the exit status and the reason. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "csvio.h"
#include "exitcodes.h"
#include "parse.h"
#include "sbatch_tasks.h"
#include "schema.h"

#define TASK_ERR(...) fprintf(stderr, "parity task: " __VA_ARGS__)

static volatile sig_atomic_t task_child_pid;
static volatile sig_atomic_t task_stop_signal;

/* Slurm ends a job with SIGTERM (time limit, scancel): pass it on, remember it. */
static void task_on_signal(int sig)
{
	task_stop_signal = sig;
	if (task_child_pid > 0)
		kill(-(pid_t)task_child_pid, sig);
}

/* Move the files of an earlier attempt into ID/attempt-N. */
static int task_archive(const char *task_dir, const char *task_campaign)
{
	char cur[PATH_MAX], status[PATH_MAX], dest[PATH_MAX], moved[PATH_MAX];
	unsigned n;

	sbatch_tasks_printf(cur, sizeof(cur), "%s/%s", task_dir, task_campaign);
	sbatch_tasks_printf(status, sizeof(status), "%s/status", task_dir);
	if (access(cur, F_OK) != 0 && access(status, F_OK) != 0)
		return 0;
	for (n = 1; n < 10000; n++) {
		sbatch_tasks_printf(dest, sizeof(dest), "%s/attempt-%u", task_dir, n);
		if (mkdir(dest, 0755) == 0)
			break;
		if (errno != EEXIST)
			return -errno;
	}
	sbatch_tasks_printf(moved, sizeof(moved), "%s/%s", dest, task_campaign);
	if (access(cur, F_OK) == 0 && rename(cur, moved) != 0)
		return -errno;
	sbatch_tasks_printf(moved, sizeof(moved), "%s/status", dest);
	if (access(status, F_OK) == 0 && rename(status, moved) != 0)
		return -errno;
	printf("parity task: moved the earlier attempt to %s\n", dest);
	return 0;
}

/* Run parity run; its stderr passes through, its last line is kept. */
static int task_run(const char *plan, char *last_err, size_t len, int *exit_code)
{
	char *const argv[] = { "parity", "run", "--plan", (char *)plan, NULL };
	char buf[4096], line[1024] = "";
	size_t used = 0;
	struct sigaction sa = { .sa_handler = task_on_signal };
	int fds[2], status = 0;
	pid_t pid;
	ssize_t got;

	if (pipe(fds) != 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv("/proc/self/exe", argv);
		fprintf(stderr, "parity task: cannot run parity: %s\n", strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	task_child_pid = pid;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	close(fds[1]);
	while ((got = read(fds[0], buf, sizeof(buf))) != 0) {
		ssize_t i;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		fwrite(buf, 1, (size_t)got, stderr);
		for (i = 0; i < got; i++) {
			if (buf[i] == '\n') {
				if (used) {
					line[used] = '\0';
					snprintf(last_err, len, "%s", line);
				}
				used = 0;
			} else if (used + 1 < sizeof(line)) {
				line[used++] = buf[i];
			}
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	task_child_pid = 0;
	*exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

/* What the ok runs of the task's runs.csv say about the communicator. */
struct task_check {
	const char *campaign_dir;
	unsigned long ranks;
	int pos[RUNS_NCOLS];
	size_t runs, not_ok;
	char bad[512];          /* first communicator problem */
	char failed[512];       /* first run that is not ok */
	char last_run[256];
};

struct task_count {
	int pos_ranks, pos_rank;
	unsigned long max_ranks_value, min_ranks_value;
	size_t rows;
	unsigned long distinct_mask_n;
	long seen[64];
};

static int task_bench_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct task_count *tc = arg;
	uint64_t v;
	size_t f;

	if (record_no == 1) {
		tc->pos_ranks = -1;
		for (f = 0; f < n; f++)
			if (strcmp(fields[f], "ranks") == 0)
				tc->pos_ranks = (int)f;
		return tc->pos_ranks < 0 ? -EPROTO : 0;
	}
	if ((size_t)tc->pos_ranks >= n || parse_u64(fields[tc->pos_ranks], 1, 10000000, &v))
		return -EPROTO;
	if (!tc->rows || v > tc->max_ranks_value)
		tc->max_ranks_value = (unsigned long)v;
	if (!tc->rows || v < tc->min_ranks_value)
		tc->min_ranks_value = (unsigned long)v;
	tc->rows++;
	return 0;
}

static int task_prov_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct task_count *tc = arg;
	int rank;
	size_t f;

	if (record_no == 1) {
		tc->pos_rank = -1;
		for (f = 0; f < n; f++)
			if (strcmp(fields[f], "rank") == 0)
				tc->pos_rank = (int)f;
		return tc->pos_rank < 0 ? -EPROTO : 0;
	}
	if ((size_t)tc->pos_rank >= n || parse_int(fields[tc->pos_rank], 0, 1 << 30, &rank))
		return -EPROTO;
	tc->rows++;
	for (f = 0; f < tc->distinct_mask_n; f++)
		if (tc->seen[f] == rank)
			return 0;
	if (tc->distinct_mask_n < sizeof(tc->seen) / sizeof(tc->seen[0]))
		tc->seen[tc->distinct_mask_n] = rank;
	tc->distinct_mask_n++;
	return 0;
}

/* Check one ok run: the kernel's CSV ranks column and its provenance rows. */
static void task_check_run(struct task_check *c, const char *log_file, const char *run_id)
{
	char base[PATH_MAX], path[PATH_MAX + 16];
	struct task_count tc = { 0 };
	size_t len;

	snprintf(base, sizeof(base), "%s/%s", c->campaign_dir, log_file);
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".log") == 0)
		base[len - 4] = '\0';
	snprintf(path, sizeof(path), "%s.csv", base);
	if (csvio_read_file(path, task_bench_row, &tc) != 0 || tc.rows == 0) {
		sbatch_tasks_printf(c->bad, sizeof(c->bad), "%s: no readable kernel CSV %s to check the communicator size",
			 run_id, path);
		return;
	}
	if (tc.min_ranks_value != c->ranks || tc.max_ranks_value != c->ranks) {
		snprintf(c->bad, sizeof(c->bad), "%s: the kernel ran on a communicator of %lu rank%s, the task asked "
			 "for %lu (wrong srun --mpi plug-in? set srun-mpi in the plan)", run_id, tc.min_ranks_value,
			 tc.min_ranks_value == 1 ? "" : "s", c->ranks);
		return;
	}
	memset(&tc, 0, sizeof(tc));
	snprintf(path, sizeof(path), "%s.prov.csv", base);
	if (csvio_read_file(path, task_prov_row, &tc) != 0 || tc.distinct_mask_n != c->ranks || tc.rows != c->ranks)
		snprintf(c->bad, sizeof(c->bad), "%s: %zu provenance rows from %lu distinct ranks, the task asked for %lu",
			 run_id, tc.rows, tc.distinct_mask_n, c->ranks);
}

/* The last "# parity: " line of a run's log: why it was not ok. */
static void task_log_reason(const char *campaign_dir, const char *log_file, char *out, size_t len)
{
	char path[PATH_MAX], line[512];
	FILE *fp;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", campaign_dir, log_file);
	fp = fopen(path, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, "# parity: ", 10) == 0) {
			line[strcspn(line, "\n")] = '\0';
			sbatch_tasks_printf(out, len, "%s", line + 10);
		}
	fclose(fp);
}

static int task_check_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct task_check *c = arg;
	const char *run_id, *status, *log_file;

	if (record_no == 1)
		return schema_map_header(&schema_runs, fields, n, c->pos, NULL);
	if ((size_t)c->pos[RUNS_COL_run_id] >= n || (size_t)c->pos[RUNS_COL_status] >= n ||
	    (size_t)c->pos[RUNS_COL_log_file] >= n)
		return -EPROTO;
	run_id = fields[c->pos[RUNS_COL_run_id]];
	status = fields[c->pos[RUNS_COL_status]];
	log_file = fields[c->pos[RUNS_COL_log_file]];
	/* One row per size and metric: look at each run once. */
	if (strcmp(run_id, c->last_run) == 0)
		return 0;
	snprintf(c->last_run, sizeof(c->last_run), "%s", run_id);
	c->runs++;
	if (strcmp(status, "ok") != 0) {
		if (!c->not_ok++) {
			char why[256];

			task_log_reason(c->campaign_dir, log_file, why, sizeof(why));
			snprintf(c->failed, sizeof(c->failed), "%s %s%s%s%s", run_id, status, why[0] ? " (" : "", why,
				 why[0] ? ")" : "");
		}
		return 0;
	}
	if (!c->bad[0])
		task_check_run(c, log_file, run_id);
	return 0;
}

static int task_write_status(const char *task_dir, unsigned id, int exit_code, const char *reason)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], when[32];
	time_t now = time(NULL);
	const char *job = getenv("SLURM_ARRAY_JOB_ID"), *jid = getenv("SLURM_JOB_ID");
	FILE *fp;

	sbatch_tasks_printf(path, sizeof(path), "%s/status", task_dir);
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

static void task_usage(FILE *fp)
{
	fprintf(fp, "usage: parity task TASKS_DIR ID\n\n"
		    "Run array task ID of a campaign made by `parity sbatch` (its scripts call this):\n"
		    "parity run --plan TASKS_DIR/ID/plan.conf, then check the communicator size of every\n"
		    "run and write TASKS_DIR/ID/status. An earlier attempt is moved to TASKS_DIR/ID/attempt-N.\n"
		    "\nexit status: that of parity run; 1 also when a run had the wrong communicator size.\n");
}

int cmd_task(int argc, char **argv)
{
	struct sbatch_tasks t;
	const struct sbatch_task *task;
	char table[PATH_MAX], task_dir[PATH_MAX], plan[PATH_MAX], task_campaign[256], runs[PATH_MAX];
	char last_err[1024] = "", reason[1024] = "";
	struct task_check check = { 0 };
	uint64_t id;
	int exit_code = 0, ret;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		task_usage(stdout);
		return PARITY_EXIT_OK;
	}
	if (argc != 3 || parse_u64(argv[2], 0, 4000000, &id)) {
		task_usage(stderr);
		return PARITY_EXIT_USAGE;
	}
	snprintf(table, sizeof(table), "%s/tasks.csv", argv[1]);
	if (sbatch_tasks_read(table, &t))
		return PARITY_EXIT_RESULTS;
	task = sbatch_tasks_find(&t, (unsigned)id);
	if (!task) {
		TASK_ERR("no task %llu in %s\n", (unsigned long long)id, table);
		sbatch_tasks_free(&t);
		return PARITY_EXIT_USAGE;
	}
	check.ranks = t.placements[task->placement].ranks;
	snprintf(task_dir, sizeof(task_dir), "%s/%u", argv[1], task->id);
	sbatch_tasks_printf(plan, sizeof(plan), "%s/plan.conf", task_dir);
	sbatch_tasks_task_campaign(t.campaign, task->id, task_campaign, sizeof(task_campaign));
	ret = task_archive(task_dir, task_campaign);
	if (ret) {
		TASK_ERR("cannot move the earlier attempt of task %u aside: %s\n", task->id, strerror(-ret));
		sbatch_tasks_free(&t);
		return PARITY_EXIT_RESULTS;
	}
	printf("parity task %u: %s, %s, %s, repetitions %u-%u\n", task->id, plan_mode_name(task->mode),
		t.placements[task->placement].label, task->kernels, task->rep_first, task->rep_last);
	ret = task_run(plan, last_err, sizeof(last_err), &exit_code);
	if (ret) {
		snprintf(reason, sizeof(reason), "cannot start parity run: %s", strerror(-ret));
		exit_code = PARITY_EXIT_FAILED;
	} else if (task_stop_signal) {
		snprintf(reason, sizeof(reason), "stopped by signal %d (Slurm time limit or scancel)",
			 (int)task_stop_signal);
		exit_code = 128 + task_stop_signal;
	} else {
		sbatch_tasks_printf(runs, sizeof(runs), "%s/%s/runs.csv", task_dir, task_campaign);
		check.campaign_dir = runs;
		*strrchr(runs, '/') = '\0';
		snprintf(check.last_run, sizeof(check.last_run), "%s", "");
		{
			char file[PATH_MAX + 16];

			snprintf(file, sizeof(file), "%s/runs.csv", runs);
			ret = access(file, F_OK) == 0 ? csvio_read_file(file, task_check_row, &check) : -ENOENT;
		}
		if (ret && exit_code == 0) {
			snprintf(reason, sizeof(reason), "parity run exited 0 but its runs.csv is %s",
				 ret == -ENOENT ? "missing" : "unreadable");
			exit_code = PARITY_EXIT_FAILED;
		} else if (check.not_ok) {
			snprintf(reason, sizeof(reason), "%zu of %zu runs not ok, first: %s", check.not_ok, check.runs,
				 check.failed);
		} else if (check.bad[0]) {
			snprintf(reason, sizeof(reason), "communicator size: %s", check.bad);
			exit_code = PARITY_EXIT_FAILED;
		} else if (exit_code != 0) {
			snprintf(reason, sizeof(reason), "parity run exit %d: %s", exit_code,
				 last_err[0] ? last_err : "(see the slurm output)");
		} else {
			snprintf(reason, sizeof(reason), "%zu runs ok, communicator size %lu checked", check.runs,
				 check.ranks);
		}
	}
	if (exit_code != 0 && !check.not_ok && last_err[0] && !strstr(reason, last_err) && !check.bad[0])
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason), " (%s)", last_err);
	if (task_write_status(task_dir, task->id, exit_code, reason))
		TASK_ERR("cannot write %s/status\n", task_dir);
	printf("parity task %u: %s: %s\n", task->id, exit_code ? "FAILED" : "ok", reason);
	sbatch_tasks_free(&t);
	return exit_code > 255 ? PARITY_EXIT_FAILED : exit_code;
}
