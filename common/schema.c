#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_NAME(c) #c,
static const char *const schema_bench_names[] = { PARITY_BENCH_COLUMNS(SCHEMA_NAME) };
static const char *const schema_prov_names[] = { PARITY_PROV_COLUMNS(SCHEMA_NAME) };
static const char *const schema_runs_names[] = { PARITY_RUNS_COLUMNS(SCHEMA_NAME) };
#undef SCHEMA_NAME

const struct schema schema_bench = {
	.kind = "parity-bench", .major = 1, .minor = 2,
	.version_value = "parity-bench/1.2",
	.columns = schema_bench_names, .ncolumns = BENCH_NCOLS, .nrequired = BENCH_COL_validation + 1,
};
const struct schema schema_prov = {
	.kind = "parity-prov", .major = 1, .minor = 0,
	.version_value = "parity-prov/1.0",
	.columns = schema_prov_names, .ncolumns = PROV_NCOLS, .nrequired = PROV_NCOLS,
};
const struct schema schema_runs = {
	.kind = "parity-runs", .major = 1, .minor = 1,
	.version_value = "parity-runs/1.2",
	.columns = schema_runs_names, .ncolumns = RUNS_NCOLS, .nrequired = RUNS_COL_log_file + 1,
};

int schema_add_header(const struct schema *s, struct csvio_buf *buf)
{
	return csvio_buf_add_row(buf, s->columns, s->ncolumns);
}

int schema_map_header(const struct schema *s, const char *const *fields, size_t n,
		      int *pos, const char **missing)
{
	size_t c, i;

	for (c = 0; c < s->ncolumns; c++) {
		pos[c] = -1;
		for (i = 0; i < n; i++) {
			if (strcmp(fields[i], s->columns[c]) == 0) {
				pos[c] = (int)i;
				break;
			}
		}
		if (pos[c] < 0 && c < s->nrequired) {
			if (missing)
				*missing = s->columns[c];
			return -EPROTO;
		}
	}
	return 0;
}

int schema_row_compatible(const struct schema *s, const char *value)
{
	size_t klen = strlen(s->kind);
	char *end;
	long major;

	if (!value || strncmp(value, s->kind, klen) != 0 || value[klen] != '/')
		return 0;
	major = strtol(value + klen + 1, &end, 10);
	return end != value + klen + 1 && (*end == '.' || *end == '\0') && major == s->major;
}
