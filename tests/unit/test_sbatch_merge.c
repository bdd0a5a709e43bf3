/* Unit tests of sbatch_merge: task files -> runs.csv (rewritten rows,
 * idempotence), failed and missing tasks with their reasons and the
 * resubmission commands, replacement by a resubmitted attempt, and refusal
 * to mix campaigns. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"

#include "csvio.h"
#include "slurm/sbatch_merge.h"
#include "schema.h"

struct fixture {
	char root[64];
	char campaign_dir[128], tasks_dir[160], runs[160];
	struct sbatch_tasks t;
};

/* Campaign "acc": native and bind, intra and coll:2, 2 repetitions in
 * blocks of 1: tasks 0-3 are block 1 (0,1 intra; 2,3 coll:2), 4-7 block 2. */
static int setup(void **state)
{
	static const char *const lines[] = {
		"campaign = acc", "modes = native,bind", "kernels = latency,allreduce", "repetitions = 2", NULL,
	};
	struct sbatch_tasks_spec spec = { .placements = "intra,coll:2", .repetition_block = 1 };
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256] = "", path[256];
	struct plan p;
	size_t i;

	snprintf(f->root, sizeof(f->root), "/tmp/parity-test-sbatch-merge.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	snprintf(f->campaign_dir, sizeof(f->campaign_dir), "%s/acc", f->root);
	snprintf(f->tasks_dir, sizeof(f->tasks_dir), "%s/tasks", f->campaign_dir);
	snprintf(f->runs, sizeof(f->runs), "%s/runs.csv", f->campaign_dir);
	assert_int_equal(mkdir(f->campaign_dir, 0755), 0);
	assert_int_equal(mkdir(f->tasks_dir, 0755), 0);
	assert_int_equal(plan_init(&p, "mpich"), 0);
	for (i = 0; lines[i]; i++)
		assert_int_equal(plan_apply_line(&p, lines[i], "test", (unsigned)i + 1), 0);
	if (sbatch_tasks_build(&p, &spec, &f->t, err, sizeof(err)))
		fail_msg("%s", err);
	plan_free(&p);
	assert_int_equal(f->t.n, 8);
	assert_int_equal(sbatch_tasks_set_scripts_dir(&f->t, f->campaign_dir), 0);
	for (i = 0; i < f->t.n; i++) {
		snprintf(path, sizeof(path), "%s/%zu", f->tasks_dir, i);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	assert_int_equal(system(cmd), 0);
	sbatch_tasks_free(&f->t);
	free(f);
	return 0;
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 1 << 17);

	assert_non_null(fp);
	assert_true(fread(buf, 1, (1 << 17) - 1, fp) < (1 << 17) - 1);
	fclose(fp);
	return buf;
}

/* Task id's files as parity task leaves them: runs.csv with two sizes per
 * kernel of the task (every run with run_status), and a status file with
 * exit_code (< 0: none, the task never finished). campaign NULL = the
 * task's own ("acc.tID"). */
static void write_task(struct fixture *f, unsigned id, const char *run_status, int exit_code,
		       const char *campaign)
{
	const struct sbatch_task *task = sbatch_tasks_find(&f->t, id);
	char dir[256], path[320], own[64], run_id[64], log[96], text[256];
	struct csvio_buf buf = { 0 };
	char *kernels = strdup(task->kernels), *k, *save = NULL;
	int size;

	snprintf(own, sizeof(own), "acc.t%u", id);
	snprintf(dir, sizeof(dir), "%s/%u/%s", f->tasks_dir, id, own);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(schema_add_header(&schema_runs, &buf), 0);
	for (k = strtok_r(kernels, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		for (size = 1; size <= 2; size++) {
			const char *row[RUNS_NCOLS] = { 0 };
			char sz[8];

			snprintf(run_id, sizeof(run_id), "r01-%s-%s", mode_name(task->mode), k);
			snprintf(log, sizeof(log), "logs/%s.log", run_id);
			snprintf(sz, sizeof(sz), "%d", size);
			row[RUNS_COL_schema] = "parity-runs/1.0";
			row[RUNS_COL_campaign] = campaign ? campaign : own;
			row[RUNS_COL_run_id] = run_id;
			row[RUNS_COL_repetition] = "1";
			row[RUNS_COL_mode] = mode_name(task->mode);
			row[RUNS_COL_placement] = f->t.placements[task->placement].label;
			row[RUNS_COL_ranks] = "2";
			row[RUNS_COL_kernel] = k;
			row[RUNS_COL_size_bytes] = sz;
			row[RUNS_COL_metric] = "latency";
			row[RUNS_COL_median] = "1.5";
			row[RUNS_COL_status] = run_status;
			row[RUNS_COL_log_file] = log;
			assert_int_equal(csvio_buf_add_row(&buf, row, RUNS_NCOLS), 0);
		}
	}
	free(kernels);
	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	assert_int_equal(csvio_append_atomic(path, NULL, &buf, NULL), 0);
	csvio_buf_free(&buf);
	if (exit_code >= 0) {
		snprintf(path, sizeof(path), "%s/%u/status", f->tasks_dir, id);
		snprintf(text, sizeof(text), "task = %u\nexit = %d\nreason = %s\n", id, exit_code,
			 exit_code ? "1 of 2 runs not ok, first: r01-bind-latency timeout (timeout: killed after 1s)"
				   : "2 runs ok");
		write_text(path, text);
	}
}

static void write_all_ok(struct fixture *f)
{
	unsigned id;

	for (id = 0; id < f->t.n; id++)
		write_task(f, id, "ok", 0, NULL);
}

static void test_all_ok_and_idempotent(void **state)
{
	struct fixture *f = *state;
	struct sbatch_merge_result res;
	char *first, *second, *script;

	write_all_ok(f);
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), 0);
	assert_int_equal(res.n, 8);
	assert_int_equal(res.ok, 8);
	assert_int_equal(res.failed + res.missing, 0);
	/* intra tasks run latency and allreduce, coll:2 tasks allreduce only */
	assert_int_equal(res.rows, 4 * 4 + 4 * 2);
	script = sbatch_merge_resubmit_script(&f->t, &res);
	assert_string_equal(script, "");
	free(script);
	sbatch_merge_result_free(&res);
	first = read_text(f->runs);
	/* Rows now belong to the campaign; task 4 is repetition 2 (block 2). */
	assert_non_null(strstr(first, "parity-runs/1.0,acc,t4-r01-native-latency,2,"));
	assert_non_null(strstr(first, "tasks/4/acc.t4/logs/r01-native-latency.log"));
	assert_non_null(strstr(first, "parity-runs/1.0,acc,t3-r01-bind-allreduce,1,"));
	assert_null(strstr(first, "acc.t4,"));
	assert_true(strncmp(first, "schema,campaign,run_id,", 23) == 0);
	/* Again: the same bytes. */
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), 0);
	sbatch_merge_result_free(&res);
	second = read_text(f->runs);
	assert_string_equal(first, second);
	free(first);
	free(second);
}

static void test_failed_missing_and_resubmission(void **state)
{
	struct fixture *f = *state;
	struct sbatch_merge_result res;
	char path[256], attempt[256], moved[320], *out = NULL, *script, *merged;
	size_t len = 0;
	FILE *fp;
	unsigned id;

	for (id = 0; id < f->t.n; id++) {
		if (id == 1)
			write_task(f, id, "timeout", 1, NULL);      /* failed */
		else if (id == 3)
			write_task(f, id, "ok", -1, NULL);          /* killed before it wrote its status */
		else if (id != 6)
			write_task(f, id, "ok", 0, NULL);           /* 6: never ran */
	}
	snprintf(path, sizeof(path), "%s/3/slurm-100_3.out", f->tasks_dir);
	write_text(path, "parity task 3: native, coll:2\nslurmstepd: error: *** JOB 101 ON vm CANCELLED AT "
			 "2026-01-01T00:00:00 DUE TO TIME LIMIT ***\n");
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), 0);
	assert_int_equal(res.ok, 5);
	assert_int_equal(res.failed, 1);
	assert_int_equal(res.missing, 2);
	assert_int_equal(res.tasks[1].state, SBATCH_MERGE_FAILED);
	assert_non_null(strstr(res.tasks[1].reason, "exit status 1"));
	assert_non_null(strstr(res.tasks[1].reason, "timeout"));
	assert_int_equal(res.tasks[3].state, SBATCH_MERGE_MISSING);
	assert_non_null(strstr(res.tasks[3].reason, "time limit"));
	assert_int_equal(res.tasks[6].state, SBATCH_MERGE_MISSING);
	assert_non_null(strstr(res.tasks[6].reason, "never ran"));
	/* Rows of failed and unfinished tasks are kept: they are records too. */
	merged = read_text(f->runs);
	assert_non_null(strstr(merged, "t1-r01-bind-latency,1,"));
	assert_non_null(strstr(merged, ",timeout,"));
	free(merged);

	fp = open_memstream(&out, &len);
	sbatch_merge_print(fp, &f->t, &res, f->runs);
	fclose(fp);
	assert_non_null(strstr(out, "8 tasks: 5 ok, 1 failed, 2 missing"));
	assert_non_null(strstr(out, "task 1 (bind, intra, latency,allreduce, repetitions 1-1): failed:"));
	assert_non_null(strstr(out, "task 6 (native, coll:2, allreduce, repetitions 2-2): missing:"));
	snprintf(path, sizeof(path), "  sbatch --array=1 %s/sbatch-intra.sh\n", f->campaign_dir);
	assert_non_null(strstr(out, path));
	snprintf(path, sizeof(path), "  sbatch --array=3,6 %s/sbatch-coll-2.sh\n", f->campaign_dir);
	assert_non_null(strstr(out, path));
	assert_null(strstr(out, "task 0 "));
	free(out);
	script = sbatch_merge_resubmit_script(&f->t, &res);
	snprintf(path, sizeof(path), "j0=$(sbatch --parsable --array=1 %s/sbatch-intra.sh)\n", f->campaign_dir);
	assert_non_null(strstr(script, path));
	snprintf(path, sizeof(path), "j1=$(sbatch --parsable --array=3,6 %s/sbatch-coll-2.sh)\n", f->campaign_dir);
	assert_non_null(strstr(script, path));
	snprintf(path, sizeof(path), "--dependency=afterany:${j0%%%%;*}:${j1%%%%;*} %s/merge.sh\n", f->campaign_dir);
	assert_non_null(strstr(script, path));
	free(script);
	sbatch_merge_result_free(&res);

	/* Resubmission: parity task moves the failed attempt aside, the new one is ok. */
	snprintf(attempt, sizeof(attempt), "%s/1/attempt-1", f->tasks_dir);
	assert_int_equal(mkdir(attempt, 0755), 0);
	snprintf(path, sizeof(path), "%s/1/acc.t1", f->tasks_dir);
	snprintf(moved, sizeof(moved), "%s/acc.t1", attempt);
	assert_int_equal(rename(path, moved), 0);
	snprintf(path, sizeof(path), "%s/1/status", f->tasks_dir);
	snprintf(moved, sizeof(moved), "%s/status", attempt);
	assert_int_equal(rename(path, moved), 0);
	write_task(f, 1, "ok", 0, NULL);
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), 0);
	assert_int_equal(res.tasks[1].state, SBATCH_MERGE_OK);
	assert_int_equal(res.failed, 0);
	assert_int_equal(res.missing, 2);
	sbatch_merge_result_free(&res);
	merged = read_text(f->runs);
	assert_null(strstr(merged, ",timeout,"));
	assert_non_null(strstr(merged, "t1-r01-bind-latency,1,"));
	free(merged);
}

static void test_refuses_other_campaign(void **state)
{
	struct fixture *f = *state;
	struct sbatch_merge_result res;
	char *before, *after;
	unsigned id;

	/* A foreign runs.csv in the campaign folder is never replaced. */
	write_text(f->runs, "schema,campaign,run_id,repetition,start_time,mode,runtime,image,image_sha256,launcher,"
			    "placement,nodes,ranks,ranks_per_node,mpi_family,libmpi_path,libmpi_dev_ino,mpi_version,"
			    "transport,kernel,size_bytes,iterations,metric,unit,avg,min,max,median,p99,status,wall_s,"
			    "log_file\nparity-runs/1.0,someone-else,r01,1,,native,,,,,,,2,,,,,,,latency,1,,latency,,,,,"
			    "1.0,,ok,,\n");
	write_all_ok(f);
	before = read_text(f->runs);
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), -EPROTO);
	sbatch_merge_result_free(&res);
	after = read_text(f->runs);
	assert_string_equal(before, after);
	free(before);
	free(after);
	unlink(f->runs);

	/* A task file holding rows of another campaign: nothing is written. */
	teardown(state);
	setup(state);
	f = *state;
	for (id = 0; id < f->t.n; id++)
		write_task(f, id, "ok", 0, id == 5 ? "other.t5" : NULL);
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), -EPROTO);
	sbatch_merge_result_free(&res);
	assert_int_equal(access(f->runs, F_OK), -1);
}

static void test_read_status(void **state)
{
	struct fixture *f = *state;
	char path[256], reason[128];
	int code = -1;

	snprintf(path, sizeof(path), "%s/status", f->root);
	write_text(path, "task = 2\nexit = 7\nreason = no nodes\n");
	assert_int_equal(sbatch_merge_read_status(path, &code, reason, sizeof(reason)), 0);
	assert_int_equal(code, 7);
	assert_string_equal(reason, "no nodes");
	write_text(path, "task = 2\nexit = many\n");
	assert_int_equal(sbatch_merge_read_status(path, &code, reason, sizeof(reason)), -EPROTO);
	unlink(path);
	assert_int_equal(sbatch_merge_read_status(path, &code, reason, sizeof(reason)), -ENOENT);
}

/* A task killed in the middle of a write left a torn last row: the whole
 * rows merge, the torn one is left out (and said), the merge goes on. */
static void test_torn_task_row(void **state)
{
	struct fixture *f = *state;
	struct sbatch_merge_result res;
	char path[256];
	FILE *fp;
	int saved = dup(2), devnull = open("/dev/null", O_WRONLY);

	write_all_ok(f);
	snprintf(path, sizeof(path), "%s/0/acc.t0/runs.csv", f->tasks_dir);
	fp = fopen(path, "a");
	assert_non_null(fp);
	fputs("parity-runs/1.0,acc.t0,r01-x", fp);
	fclose(fp);
	dup2(devnull, 2);
	assert_int_equal(sbatch_merge_run(f->tasks_dir, &f->t, f->runs, &res), 0);
	dup2(saved, 2);
	close(saved);
	close(devnull);
	assert_int_equal(res.ok, 8);
	assert_int_equal(res.rows, 4 * 4 + 4 * 2);
	sbatch_merge_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_ok_and_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_missing_and_resubmission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_other_campaign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_task_row, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
