#include "campaign.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/fmt.h"
#include "csvio.h"
#include "parse.h"

static const char *const campaign_status_names[] = {
	[CAMPAIGN_OK] = "ok",
	[CAMPAIGN_FAILED] = "failed",
	[CAMPAIGN_TIMEOUT] = "timeout",
	[CAMPAIGN_MODE_MISMATCH] = "mode-mismatch",
};

const char *campaign_status_name(enum campaign_status s)
{
	return campaign_status_names[s];
}

int campaign_status_parse(const char *text, enum campaign_status *out)
{
	size_t i;

	for (i = 0; i < sizeof(campaign_status_names) / sizeof(campaign_status_names[0]); i++)
		if (strcmp(text, campaign_status_names[i]) == 0) {
			*out = (enum campaign_status)i;
			return 0;
		}
	return -EINVAL;
}

struct campaign_reader {
	struct campaign_set *set;
	const char *path;
	size_t campaign;
	int pos[RUNS_NCOLS];
	int have_header;
};

static int campaign_push(struct campaign_set *set, const struct campaign_row *row)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 256;
		struct campaign_row *v = realloc(set->rows, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->rows = v;
		set->cap = cap;
	}
	set->rows[set->n++] = *row;
	return 0;
}

static void campaign_row_free(struct campaign_row *row)
{
	size_t c;

	for (c = 0; c < RUNS_NCOLS; c++)
		free(row->fields[c]);
}

/* Parse the numbers of a row; 0 or -EINVAL with a message logged. */
static int campaign_row_numbers(const struct campaign_reader *rd, struct campaign_row *row)
{
	static const enum schema_runs_col dcol[] = { RUNS_COL_median, RUNS_COL_avg, RUNS_COL_min, RUNS_COL_max };
	double *dst[] = { &row->median, &row->avg, &row->min, &row->max };
	const char *what = NULL, *val = NULL;
	char q[FMT_QUOTE_LEN];
	uint64_t u = 0;
	size_t i;

	row->median = row->avg = row->min = row->max = NAN;
	if (campaign_status_parse(campaign_field(row, RUNS_COL_status), &row->status)) {
		errors_log("%s:%zu: unknown status '%s' (ok, failed, timeout or mode-mismatch)",
			rd->path, row->line, fmt_quote(campaign_field(row, RUNS_COL_status), q, sizeof(q)));
		return -EINVAL;
	}
	val = campaign_field(row, RUNS_COL_size_bytes);
	what = "size_bytes";
	if (*val) {
		if (parse_u64(val, 0, UINT64_MAX, &row->size_bytes))
			goto bad;
		row->has_size = 1;
	}
	val = campaign_field(row, RUNS_COL_repetition);
	what = "repetition";
	if (*val && parse_u64(val, 0, UINT32_MAX, &u))
		goto bad;
	row->repetition = *val ? (unsigned)u : 0;
	val = campaign_field(row, RUNS_COL_ranks);
	what = "ranks";
	if (*val && parse_u64(val, 0, UINT32_MAX, &u))
		goto bad;
	row->ranks = *val ? (unsigned)u : 0;
	for (i = 0; i < sizeof(dcol) / sizeof(dcol[0]); i++) {
		val = campaign_field(row, dcol[i]);
		what = schema_runs.columns[dcol[i]];
		if (*val && parse_double(val, 0, INFINITY, dst[i]))
			goto bad;
	}
	if (row->status == CAMPAIGN_OK &&
	    (!row->has_size || isnan(row->median) || !*campaign_field(row, RUNS_COL_metric))) {
		errors_log("%s:%zu: a row with status ok needs size_bytes, metric and median",
			rd->path, row->line);
		return -EINVAL;
	}
	if (!*campaign_field(row, RUNS_COL_mode) || !*campaign_field(row, RUNS_COL_kernel)) {
		errors_log("%s:%zu: mode and kernel must not be empty", rd->path, row->line);
		return -EINVAL;
	}
	return 0;
bad:
	errors_log("%s:%zu: bad %s '%s' (expected a finite non-negative number)",
		rd->path, row->line, what, fmt_quote(val, q, sizeof(q)));
	return -EINVAL;
}

static int campaign_on_record(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct campaign_reader *rd = arg;
	struct campaign_row row;
	const char *missing = NULL;
	char q[FMT_QUOTE_LEN];
	size_t c;
	int ret;

	if (!rd->have_header) {
		if (schema_map_header(&schema_runs, fields, n, rd->pos, &missing)) {
			errors_log("%s: not a parity-runs file: column '%s' is missing from the header",
				rd->path, fmt_quote(missing, q, sizeof(q)));
			return -EPROTO;
		}
		rd->have_header = 1;
		return 0;
	}
	if (n == 1 && fields[0][0] == '\0')
		return 0; /* a blank line */
	memset(&row, 0, sizeof(row));
	row.line = record_no;
	row.campaign = rd->campaign;
	if ((size_t)rd->pos[RUNS_COL_schema] >= n ||
	    !schema_row_compatible(&schema_runs, fields[rd->pos[RUNS_COL_schema]])) {
		errors_log("%s:%zu: row of schema '%s'; this parity reads %s/%d.x only",
			rd->path, record_no,
			fmt_quote((size_t)rd->pos[RUNS_COL_schema] < n ? fields[rd->pos[RUNS_COL_schema]] : "", q,
				  sizeof(q)),
			schema_runs.kind, schema_runs.major);
		return -EPROTO;
	}
	for (c = 0; c < RUNS_NCOLS; c++) {
		const char *f = schema_field(fields, n, rd->pos, (int)c);

		if (!f) {
			errors_log("%s:%zu: %zu field(s), fewer than the header's", rd->path, record_no, n);
			campaign_row_free(&row);
			return -EPROTO;
		}
		row.fields[c] = strdup(f);
		if (!row.fields[c]) {
			campaign_row_free(&row);
			return -ENOMEM;
		}
	}
	ret = campaign_row_numbers(rd, &row);
	if (ret == 0)
		ret = campaign_push(rd->set, &row);
	if (ret)
		campaign_row_free(&row);
	return ret;
}

int campaign_load(struct campaign_set *set, const char *dir, const char *name)
{
	struct campaign_reader rd;
	struct csvio_tail tail;
	size_t record_no = 0;
	char **names, **dirs;
	char *path;
	int ret;

	if (asprintf(&path, "%s/runs.csv", dir) < 0)
		return -ENOMEM;
	names = realloc(set->names, (set->ncampaigns + 1) * sizeof(*names));
	if (names)
		set->names = names;
	dirs = realloc(set->dirs, (set->ncampaigns + 1) * sizeof(*dirs));
	if (dirs)
		set->dirs = dirs;
	if (!names || !dirs) {
		free(path);
		return -ENOMEM;
	}
	set->names[set->ncampaigns] = strdup(name);
	set->dirs[set->ncampaigns] = strdup(dir);
	if (!set->names[set->ncampaigns] || !set->dirs[set->ncampaigns]) {
		free(set->names[set->ncampaigns]);
		free(set->dirs[set->ncampaigns]);
		free(path);
		return -ENOMEM;
	}
	memset(&rd, 0, sizeof(rd));
	rd.set = set;
	rd.path = path;
	rd.campaign = set->ncampaigns++;
	ret = csvio_read_whole(path, campaign_on_record, &rd, &tail, &record_no);
	if (ret == -ENOENT)
		errors_log("%s: no such file (is '%s' a campaign folder written by parity run?)",
			path, dir);
	else if (ret == -EBADMSG)
		errors_log("%s:%zu: malformed CSV (unterminated or stray quote)", path, record_no);
	else if (ret == -EILSEQ)
		errors_log("%s:%zu: a NUL byte inside a field (not a text file?)", path, record_no);
	else if (ret == -EISDIR || ret == -ENODEV)
		errors_log("%s: not a regular file", path);
	else if (ret == 0 && !rd.have_header) {
		errors_log("%s: empty file, no header", path);
		ret = -EPROTO;
	} else if (ret < 0 && ret != -EPROTO && ret != -EINVAL)
		errors_log("%s: %s", path, strerror(-ret));
	/* A write killed in the middle: the whole rows are read, the tail is
	 * not (parity run --resume sets it aside into runs.csv.torn). */
	if (ret == 0 && csvio_tail_torn(&tail))
		errors_warn("%s:%zu: torn last row (%zu of %zu fields) ignored; parity run --resume sets it aside",
			    path, tail.tail_record, tail.tail_fields, tail.fields);
	free(path);
	return ret;
}

void campaign_free(struct campaign_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		campaign_row_free(&set->rows[i]);
	for (i = 0; i < set->ncampaigns; i++) {
		free(set->names[i]);
		free(set->dirs[i]);
	}
	free(set->rows);
	free(set->names);
	free(set->dirs);
	memset(set, 0, sizeof(*set));
}

size_t campaign_runs_noted(const struct campaign_set *set, const char *prefix, size_t *runs)
{
	size_t i, noted = 0, n = 0, plen = strlen(prefix);
	const struct campaign_row *prev = NULL;

	/* A run's rows are appended together (one atomic write): a run is a
	 * change of campaign or run_id from the row before. */
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];

		if (prev && prev->campaign == r->campaign &&
		    strcmp(campaign_field(prev, RUNS_COL_run_id), campaign_field(r, RUNS_COL_run_id)) == 0)
			continue;
		prev = r;
		n++;
		noted += strncmp(campaign_field(r, RUNS_COL_note), prefix, plen) == 0;
	}
	if (runs)
		*runs = n;
	return noted;
}

void campaign_finalize_hang_line(const struct campaign_set *set, char *buf, size_t len)
{
	size_t runs, hung = campaign_runs_noted(set, "finalize-hang", &runs);

	if (len)
		buf[0] = '\0';
	if (hung)
		snprintf(buf, len, "finalize-hang: %zu of %zu runs hung in MPI_Finalize after writing their results "
			 "and were ended by parity; their measurements count (recorded ok, note in runs.csv)", hung, runs);
}
