/* campaign: the rows of one or more campaigns' runs.csv, in memory.
 *
 * Columns are found by header name (schema_runs), so files of a later minor
 * version with extra columns load too; a row of another kind or major version
 * is refused with the file and line. Every field is kept as text (fields[c]
 * for column c of enum schema_runs_col) and the numbers compare/plot need are
 * parsed once here. */
#ifndef PARITY_CAMPAIGN_H
#define PARITY_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"

enum campaign_status {
	CAMPAIGN_OK,
	CAMPAIGN_FAILED,
	CAMPAIGN_TIMEOUT,
	CAMPAIGN_MODE_MISMATCH,
};

struct campaign_row {
	char *fields[RUNS_NCOLS];
	enum campaign_status status;
	int has_size;            /* size_bytes was given (failed runs may lack it) */
	uint64_t size_bytes;
	unsigned repetition;
	unsigned ranks;
	double median;           /* the run's median (NAN unless given) */
	double avg, min, max;
	size_t line;             /* record number in runs.csv (header = 1) */
	size_t campaign;         /* index into campaign_set.names */
};

struct campaign_set {
	struct campaign_row *rows;
	size_t n;
	size_t cap;
	char **names;            /* campaign names, in load order */
	char **dirs;             /* their folders */
	size_t ncampaigns;
};

/* Load dir/runs.csv (dir is a campaign folder) into set under name. Logs
 * one line naming the file (and line) and returns -ENOENT when the file is
 * missing, -EPROTO when a column is missing or a row belongs to another
 * schema, -EINVAL for a bad value, -EBADMSG for malformed CSV, -ENOMEM. */
int campaign_load(struct campaign_set *set, const char *dir, const char *name);

/* Status name <-> enum ("ok", "failed", "timeout", "mode-mismatch").
 * campaign_status_parse returns 0 or -EINVAL. */
const char *campaign_status_name(enum campaign_status s);
int campaign_status_parse(const char *text, enum campaign_status *out);

/* A field of a row (never NULL). */
static inline const char *campaign_field(const struct campaign_row *r, enum schema_runs_col c)
{
	return r->fields[c] ? r->fields[c] : "";
}

/* How many runs (a campaign's run_id, whatever its rows) carry a note that
 * starts with prefix ("finalize-hang"); *runs gets the number of runs. */
size_t campaign_runs_noted(const struct campaign_set *set, const char *prefix, size_t *runs);

/* The line compare and report show about runs that hung in MPI_Finalize
 * after their results and were ended (note finalize-hang), or "" if none. */
void campaign_finalize_hang_line(const struct campaign_set *set, char *buf, size_t len);

void campaign_free(struct campaign_set *set);

#endif
