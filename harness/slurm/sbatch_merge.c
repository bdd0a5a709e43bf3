#include "sbatch_merge.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/fmt.h"
#include "csvio.h"
#include "parse.h"
#include "schema.h"

/* Reading one task's runs.csv into the merged buffer. */
struct sbatch_merge_reader {
	const char *path;
	const struct sbatch_task *task;
	const char *task_campaign;   /* CAMPAIGN.tID */
	const char *campaign;
	const char *rel_dir;         /* tasks/ID/CAMPAIGN.tID, relative to the campaign folder */
	struct csvio_buf *out;
	int pos[RUNS_NCOLS];
	size_t rows, not_ok;
	char first_bad[256];         /* "RUN_ID: STATUS" of the first row that is not ok */
};

static int sbatch_merge_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct sbatch_merge_reader *r = arg;
	const char *v[RUNS_NCOLS], *missing = NULL;
	char run_id[256], rep[16], log[PATH_MAX], q[FMT_QUOTE_LEN];
	uint64_t local_rep;
	unsigned span = r->task->rep_last - r->task->rep_first + 1;
	size_t c;

	if (record_no == 1) {
		if (schema_map_header(&schema_runs, fields, n, r->pos, &missing)) {
			errors_log("%s is not a runs file (no column '%s')", r->path,
				missing ? missing : "?");
			return -EPROTO;
		}
		return 0;
	}
	for (c = 0; c < RUNS_NCOLS; c++)
		v[c] = (size_t)r->pos[c] < n ? fields[r->pos[c]] : "";
	if (!schema_row_compatible(&schema_runs, v[RUNS_COL_schema])) {
		errors_log("%s:%zu: schema '%s' is not %s", r->path, record_no,
			fmt_quote(v[RUNS_COL_schema], q, sizeof(q)), schema_runs.version_value);
		return -EPROTO;
	}
	if (strcmp(v[RUNS_COL_campaign], r->task_campaign) != 0) {
		errors_log("%s:%zu: a row of campaign '%s', but task %u records as '%s': "
			"refusing to mix campaigns", r->path, record_no, fmt_quote(v[RUNS_COL_campaign], q, sizeof(q)), r->task->id,
			r->task_campaign);
		return -EPROTO;
	}
	if (parse_u64(v[RUNS_COL_repetition], 1, span, &local_rep)) {
		errors_log("%s:%zu: repetition '%s' outside the task's block of %u", r->path,
			record_no, fmt_quote(v[RUNS_COL_repetition], q, sizeof(q)), span);
		return -EPROTO;
	}
	snprintf(run_id, sizeof(run_id), "t%u-%s", r->task->id, v[RUNS_COL_run_id]);
	snprintf(rep, sizeof(rep), "%u", r->task->rep_first + (unsigned)local_rep - 1);
	if (v[RUNS_COL_log_file][0])
		snprintf(log, sizeof(log), "%s/%s", r->rel_dir, v[RUNS_COL_log_file]);
	else
		log[0] = '\0';
	v[RUNS_COL_campaign] = r->campaign;
	v[RUNS_COL_run_id] = run_id;
	v[RUNS_COL_repetition] = rep;
	v[RUNS_COL_log_file] = log;
	/* One row per size and metric: count a launch's status once. */
	if (strcmp(v[RUNS_COL_status], "ok") != 0) {
		if (!r->not_ok++)
			fmt_buf(r->first_bad, sizeof(r->first_bad), "%s %s", v[RUNS_COL_run_id],
				 v[RUNS_COL_status]);
	}
	r->rows++;
	return csvio_buf_add_row(r->out, v, RUNS_NCOLS);
}

/* Why Slurm ended the newest attempt, from its output file; "" if it does not say. */
static void sbatch_merge_slurm_reason(const char *task_dir, char *out, size_t len)
{
	static const struct { const char *needle, *reason; } known[] = {
		{ "DUE TO TIME LIMIT", "Slurm time limit (raise --time)" },
		{ "DUE TO PREEMPTION", "preempted by Slurm" },
		{ "DUE TO NODE FAILURE", "node failure" },
		{ "oom-kill", "out of memory" },
		{ "CANCELLED", "cancelled (scancel)" },
	};
	char newest[PATH_MAX] = "", path[PATH_MAX], line[1024];
	time_t newest_mtime = 0;
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(task_dir);
	FILE *fp;
	size_t i;

	out[0] = '\0';
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "slurm-", 6) != 0)
			continue;
		fmt_buf(path, sizeof(path), "%s/%s", task_dir, de->d_name);
		if (stat(path, &st) == 0 && (!newest[0] || st.st_mtime >= newest_mtime)) {
			newest_mtime = st.st_mtime;
			snprintf(newest, sizeof(newest), "%s", path);
		}
	}
	closedir(d);
	if (!newest[0] || !(fp = fopen(newest, "r")))
		return;
	while (fgets(line, sizeof(line), fp))
		for (i = 0; i < sizeof(known) / sizeof(known[0]) && !out[0]; i++)
			if (strstr(line, known[i].needle))
				snprintf(out, len, "%s (%s)", known[i].reason, newest);
	fclose(fp);
}

int sbatch_merge_read_status(const char *path, int *exit_code, char *reason, size_t len)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	int have_exit = 0;

	if (!fp)
		return -errno;
	reason[0] = '\0';
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "exit = ", 7) == 0)
			have_exit = parse_int(line + 7, 0, 255, exit_code) == 0;
		else if (strncmp(line, "reason = ", 9) == 0)
			snprintf(reason, len, "%s", line + 9);
	}
	fclose(fp);
	return have_exit ? 0 : -EPROTO;
}

/* Judge one task and add its rows to out. */
static int sbatch_merge_task(const char *tasks_dir, const struct sbatch_tasks *t, const struct sbatch_task *task,
			     struct csvio_buf *out, struct sbatch_merge_task *mt)
{
	char task_campaign[256], task_dir[PATH_MAX], runs[PATH_MAX], status[PATH_MAX], rel[PATH_MAX];
	char why[512] = "", slurm[PATH_MAX + 64];
	struct sbatch_merge_reader r = { .path = runs, .task = task, .task_campaign = task_campaign,
					 .campaign = t->campaign, .rel_dir = rel, .out = out };
	int exit_code = -1, ret, have_status, have_runs;

	mt->id = task->id;
	if (sbatch_tasks_task_campaign(t->campaign, task->id, task_campaign, sizeof(task_campaign)))
		return -ENAMETOOLONG;
	snprintf(task_dir, sizeof(task_dir), "%s/%u", tasks_dir, task->id);
	fmt_buf(runs, sizeof(runs), "%s/%s/runs.csv", task_dir, task_campaign);
	fmt_buf(status, sizeof(status), "%s/status", task_dir);
	snprintf(rel, sizeof(rel), "tasks/%u/%s", task->id, task_campaign);
	have_status = sbatch_merge_read_status(status, &exit_code, why, sizeof(why)) == 0;
	have_runs = access(runs, F_OK) == 0;
	if (have_runs) {
		struct csvio_tail tail;
		size_t record_no = 0;

		/* A task killed in the middle of a write leaves a torn row: the
		 * whole rows are merged, the torn one is left out and said. */
		ret = csvio_read_whole(runs, sbatch_merge_row, &r, &tail, &record_no);
		if (ret == -EBADMSG || ret == -EILSEQ)
			errors_log("%s:%zu is not well-formed CSV%s", runs, record_no,
				   ret == -EILSEQ ? " (a NUL byte)" : "");
		if (ret)
			return ret;
		if (csvio_tail_torn(&tail))
			errors_warn("%s:%zu: torn last row (%zu of %zu fields) left out of the merge", runs,
				    tail.tail_record, tail.tail_fields, tail.fields);
	}
	mt->rows = r.rows;
	sbatch_merge_slurm_reason(task_dir, slurm, sizeof(slurm));
	if (have_status && exit_code == 0 && r.rows && !r.not_ok) {
		mt->state = SBATCH_MERGE_OK;
		return 0;
	}
	if (have_status) {
		mt->state = SBATCH_MERGE_FAILED;
		snprintf(mt->reason, sizeof(mt->reason), "exit status %d: %s%s%s", exit_code,
			 why[0] ? why : r.not_ok ? r.first_bad : "no reason recorded", slurm[0] ? "; " : "", slurm);
	} else if (have_runs) {
		mt->state = SBATCH_MERGE_MISSING;
		snprintf(mt->reason, sizeof(mt->reason), "did not finish (%zu rows recorded): %s", r.rows,
			 slurm[0] ? slurm : "killed, or still running (see its slurm-*.out)");
	} else {
		mt->state = SBATCH_MERGE_MISSING;
		snprintf(mt->reason, sizeof(mt->reason), "no results: %s",
			 slurm[0] ? slurm : "never ran, or still pending or running");
	}
	return 0;
}

/* An existing runs.csv must be this campaign's before it is replaced. */
struct sbatch_merge_owner {
	const char *path, *campaign;
	int pos[RUNS_NCOLS];
};

static int sbatch_merge_owner_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct sbatch_merge_owner *o = arg;
	const char *missing = NULL;
	char q[FMT_QUOTE_LEN];

	if (record_no == 1) {
		if (schema_map_header(&schema_runs, fields, n, o->pos, &missing)) {
			errors_log("%s is not a runs file (no column '%s'): not replacing it",
				o->path, missing ? missing : "?");
			return -EPROTO;
		}
		return 0;
	}
	if ((size_t)o->pos[RUNS_COL_campaign] >= n || strcmp(fields[o->pos[RUNS_COL_campaign]], o->campaign) != 0) {
		errors_log("%s:%zu holds a row of campaign '%s', not '%s': refusing to mix "
			"campaigns", o->path, record_no,
			fmt_quote((size_t)o->pos[RUNS_COL_campaign] < n ? fields[o->pos[RUNS_COL_campaign]] : "", q,
				  sizeof(q)), o->campaign);
		return -EPROTO;
	}
	return 0;
}

static int sbatch_merge_write(const char *path, const struct csvio_buf *buf)
{
	char tmp[PATH_MAX];
	FILE *fp;
	int ret = 0;

	snprintf(tmp, sizeof(tmp), "%s.merge-%d", path, (int)getpid());
	fp = fopen(tmp, "w");
	if (!fp)
		return -errno;
	if (fwrite(buf->data, 1, buf->len, fp) != buf->len || fflush(fp) != 0 || fsync(fileno(fp)) != 0)
		ret = -EIO;
	if (fclose(fp) != 0 && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, path) != 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

int sbatch_merge_run(const char *tasks_dir, const struct sbatch_tasks *t, const char *runs_csv,
		     struct sbatch_merge_result *res)
{
	struct sbatch_merge_owner owner = { .path = runs_csv, .campaign = t->campaign };
	struct csvio_buf buf = { 0 };
	size_t i;
	int ret;

	memset(res, 0, sizeof(*res));
	res->tasks = calloc(t->n ? t->n : 1, sizeof(*res->tasks));
	if (!res->tasks)
		return -ENOMEM;
	ret = csvio_read_file(runs_csv, sbatch_merge_owner_row, &owner);
	if (ret == -EBADMSG)
		errors_log("%s is not well-formed CSV: not replacing it", runs_csv);
	if (ret && ret != -ENOENT)
		return ret;
	ret = schema_add_header(&schema_runs, &buf);
	for (i = 0; !ret && i < t->n; i++) {
		struct sbatch_merge_task *mt = &res->tasks[res->n++];

		ret = sbatch_merge_task(tasks_dir, t, &t->tasks[i], &buf, mt);
		res->rows += mt->rows;
		if (mt->state == SBATCH_MERGE_OK)
			res->ok++;
		else if (mt->state == SBATCH_MERGE_FAILED)
			res->failed++;
		else
			res->missing++;
	}
	if (!ret)
		ret = sbatch_merge_write(runs_csv, &buf);
	csvio_buf_free(&buf);
	return ret;
}

void sbatch_merge_result_free(struct sbatch_merge_result *res)
{
	free(res->tasks);
	memset(res, 0, sizeof(*res));
}

/* The ids of the tasks of placement pl that are not ok, as an array spec. */
static int sbatch_merge_redo_ids(const struct sbatch_tasks *t, const struct sbatch_merge_result *res, size_t pl,
				 char *out, size_t len)
{
	unsigned *ids = calloc(res->n ? res->n : 1, sizeof(*ids));
	size_t i, n = 0;
	int ret;

	if (!ids)
		return -ENOMEM;
	for (i = 0; i < res->n; i++)
		if (res->tasks[i].state != SBATCH_MERGE_OK && t->tasks[i].placement == pl)
			ids[n++] = res->tasks[i].id;
	ret = n ? sbatch_tasks_format_ids(ids, n, out, len) : -ENOENT;
	free(ids);
	return ret;
}

char *sbatch_merge_resubmit_script(const struct sbatch_tasks *t, const struct sbatch_merge_result *res)
{
	char *buf = NULL, ids[4096];
	size_t len = 0, pl;
	unsigned njobs = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	if (res->ok != res->n) {
		fprintf(fp, "#!/bin/sh\n# Resubmit the tasks of campaign %s that are missing or failed, then merge "
			    "again.\nset -e\n", t->campaign);
		for (pl = 0; pl < t->nplacements; pl++)
			if (sbatch_merge_redo_ids(t, res, pl, ids, sizeof(ids)) == 0)
				fprintf(fp, "j%u=$(sbatch --parsable --array=%s %s/%s)\n", njobs++, ids, t->scripts_dir,
					t->placements[pl].script_name);
		fprintf(fp, "sbatch --parsable --dependency=afterany");
		for (pl = 0; pl < njobs; pl++)
			fprintf(fp, ":${j%zu%%%%;*}", pl);
		fprintf(fp, " %s/merge.sh\n", t->scripts_dir);
	}
	fclose(fp);
	return buf;
}

static const char *const sbatch_merge_state_names[] = { "ok", "failed", "missing" };

void sbatch_merge_print(FILE *fp, const struct sbatch_tasks *t, const struct sbatch_merge_result *res,
			const char *runs_csv)
{
	char ids[4096];
	size_t i, pl;

	fprintf(fp, "campaign %s: %zu tasks: %u ok, %u failed, %u missing; %zu rows merged into %s\n", t->campaign,
		res->n, res->ok, res->failed, res->missing, res->rows, runs_csv);
	for (i = 0; i < res->n; i++) {
		const struct sbatch_task *task = &t->tasks[i];

		if (res->tasks[i].state == SBATCH_MERGE_OK)
			continue;
		fprintf(fp, "task %u (%s, %s, %s, repetitions %u-%u): %s: %s\n", task->id, mode_name(task->mode),
			t->placements[task->placement].label, task->kernels, task->rep_first, task->rep_last,
			sbatch_merge_state_names[res->tasks[i].state], res->tasks[i].reason);
	}
	if (res->ok == res->n)
		return;
	fprintf(fp, "resubmit only these tasks (after fixing the cause, e.g. in TASKS/ID/plan.conf):\n");
	for (pl = 0; pl < t->nplacements; pl++)
		if (sbatch_merge_redo_ids(t, res, pl, ids, sizeof(ids)) == 0)
			fprintf(fp, "  sbatch --array=%s %s/%s\n", ids, t->scripts_dir, t->placements[pl].script_name);
	fprintf(fp, "then merge again: sbatch --dependency=afterany:JOBID %s/merge.sh (or run the same "
		    "with: sh %s/resubmit.sh)\n", t->scripts_dir, t->scripts_dir);
}
