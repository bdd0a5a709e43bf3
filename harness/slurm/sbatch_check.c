#include "sbatch_check.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "csvio.h"
#include "parse.h"
#include "sbatch_tasks.h"
#include "schema.h"

struct sbatch_check_ctx {
	const char *campaign_dir;
	unsigned long ranks;
	struct sbatch_check *out;
	int pos[RUNS_NCOLS];
	char last_run[256];
};

/* One CSV column, by name, in every row: ranks of a kernel CSV, rank of a
 * provenance file. */
struct sbatch_check_column {
	const char *name;
	int pos;
	size_t rows;
	unsigned long min, max;          /* kernel CSV: the ranks column */
	unsigned char *seen;             /* provenance: which ranks appeared */
	unsigned long expected, distinct, stray;
};

static int sbatch_check_column_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct sbatch_check_column *col = arg;
	uint64_t v;
	size_t f;

	if (record_no == 1) {
		col->pos = -1;
		for (f = 0; f < n; f++)
			if (strcmp(fields[f], col->name) == 0)
				col->pos = (int)f;
		return col->pos < 0 ? -EPROTO : 0;
	}
	if ((size_t)col->pos >= n || parse_u64(fields[col->pos], 0, 100000000, &v))
		return -EPROTO;
	if (!col->rows || v < col->min)
		col->min = (unsigned long)v;
	if (!col->rows || v > col->max)
		col->max = (unsigned long)v;
	col->rows++;
	if (col->seen) {
		if (v >= col->expected)
			col->stray++;
		else if (!col->seen[v]++)
			col->distinct++;
	}
	return 0;
}

/* One ok run: its kernel CSV and its provenance. */
static void sbatch_check_run(struct sbatch_check_ctx *c, const char *log_file, const char *run_id)
{
	struct sbatch_check_column kcol = { .name = "ranks" }, pcol = { .name = "rank", .expected = c->ranks };
	char base[PATH_MAX], path[PATH_MAX];
	size_t len;

	if (fmt_buf(base, sizeof(base), "%s/%s", c->campaign_dir, log_file)) {
		snprintf(c->out->bad, sizeof(c->out->bad), "%s: log path too long", run_id);
		return;
	}
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".log") == 0)
		base[len - 4] = '\0';
	fmt_buf(path, sizeof(path), "%s.csv", base);
	if (csvio_read_file(path, sbatch_check_column_row, &kcol) != 0 || kcol.rows == 0) {
		fmt_buf(c->out->bad, sizeof(c->out->bad),
				    "%s: no readable kernel CSV %s to check the communicator size", run_id, path);
		return;
	}
	if (kcol.min != c->ranks || kcol.max != c->ranks) {
		fmt_buf(c->out->bad, sizeof(c->out->bad),
				    "%s: the kernel ran on a communicator of %lu rank%s, the task asked for %lu "
				    "(wrong srun --mpi plug-in? set srun-mpi in the plan)", run_id,
				    kcol.min != c->ranks ? kcol.min : kcol.max,
				    (kcol.min != c->ranks ? kcol.min : kcol.max) == 1 ? "" : "s", c->ranks);
		return;
	}
	pcol.seen = calloc(c->ranks ? c->ranks : 1, 1);
	if (!pcol.seen) {
		snprintf(c->out->bad, sizeof(c->out->bad), "%s: out of memory", run_id);
		return;
	}
	fmt_buf(path, sizeof(path), "%s.prov.csv", base);
	if (csvio_read_file(path, sbatch_check_column_row, &pcol) != 0 || pcol.rows != c->ranks ||
	    pcol.distinct != c->ranks || pcol.stray)
		fmt_buf(c->out->bad, sizeof(c->out->bad),
				    "%s: %zu provenance rows from %lu distinct ranks in 0..%lu, the task asked for %lu",
				    run_id, pcol.rows, pcol.distinct, c->ranks - 1, c->ranks);
	free(pcol.seen);
}

/* The last "# parity: " line of a run's log: why it was not ok. */
static void sbatch_check_log_reason(const char *campaign_dir, const char *log_file, char *out, size_t len)
{
	char path[PATH_MAX], line[512];
	FILE *fp;

	out[0] = '\0';
	if (fmt_buf(path, sizeof(path), "%s/%s", campaign_dir, log_file) || !(fp = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, "# parity: ", 10) == 0) {
			line[strcspn(line, "\n")] = '\0';
			fmt_buf(out, len, "%s", line + 10);
		}
	fclose(fp);
}

static int sbatch_check_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct sbatch_check_ctx *c = arg;
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
	c->out->runs++;
	if (strcmp(status, "ok") != 0) {
		if (!c->out->not_ok++) {
			char why[256];

			sbatch_check_log_reason(c->campaign_dir, log_file, why, sizeof(why));
			fmt_buf(c->out->failed, sizeof(c->out->failed), "%s %s%s%s%s", run_id, status,
					    why[0] ? " (" : "", why, why[0] ? ")" : "");
		}
		return 0;
	}
	if (!c->out->bad[0])
		sbatch_check_run(c, log_file, run_id);
	return 0;
}

int sbatch_check_campaign(const char *campaign_dir, unsigned long ranks, struct sbatch_check *out)
{
	struct sbatch_check_ctx c = { .campaign_dir = campaign_dir, .ranks = ranks, .out = out };
	char path[PATH_MAX];

	memset(out, 0, sizeof(*out));
	if (fmt_buf(path, sizeof(path), "%s/runs.csv", campaign_dir))
		return -ENAMETOOLONG;
	return csvio_read_file(path, sbatch_check_row, &c);
}
