/* schema: the CSV files parity writes, their columns and versions.
 *
 * Every row starts with a `schema` column whose value names the file kind and
 * its version, e.g. "parity-runs/1.0". Readers accept any row of the same kind
 * and major version and find columns by header name, so a minor version may
 * add columns at the end. Documented column by column in results/README.md. */
#ifndef PARITY_SCHEMA_H
#define PARITY_SCHEMA_H

#include <stddef.h>

#include "csvio.h"

/* Kernel results (parity-bench --csv): one row per message size and metric. */
#define PARITY_BENCH_COLUMNS(X) \
	X(schema) X(kernel) X(size_bytes) X(iterations) X(warmup) X(ranks) \
	X(metric) X(unit) X(avg) X(min) X(max) X(median) X(p90) X(p99) \
	X(stddev) X(validation) \
	X(samples) X(batch) X(median_ci_low) X(median_ci_high) \
	X(datatype)

/* Provenance (parity-bench --provenance): one row per rank. */
#define PARITY_PROV_COLUMNS(X) \
	X(schema) X(rank) X(hostname) X(pid) X(cpuset) X(core) X(numa_node) \
	X(mntns) X(libmpi_path) X(libmpi_dev) X(libmpi_ino) X(mpi_family) \
	X(mpi_version)

/* Campaign results (parity run): one row per run, kernel, size and metric;
 * a run that produced no measurement still has one row with its status. */
#define PARITY_RUNS_COLUMNS(X) \
	X(schema) X(campaign) X(run_id) X(repetition) X(start_time) X(mode) \
	X(runtime) X(image) X(image_sha256) X(launcher) X(placement) X(nodes) \
	X(ranks) X(ranks_per_node) X(mpi_family) X(libmpi_path) X(libmpi_dev_ino) \
	X(mpi_version) X(transport) X(kernel) X(size_bytes) X(iterations) \
	X(metric) X(unit) X(avg) X(min) X(max) X(median) X(p99) X(status) \
	X(wall_s) X(log_file) \
	X(samples) X(median_ci_low) X(median_ci_high) X(round_position) X(seed) \
	X(note) X(datatype)

#define SCHEMA_COL_ENUM(prefix, c) prefix##_##c,
#define SCHEMA_BENCH_ENUM(c) SCHEMA_COL_ENUM(BENCH_COL, c)
#define SCHEMA_PROV_ENUM(c) SCHEMA_COL_ENUM(PROV_COL, c)
#define SCHEMA_RUNS_ENUM(c) SCHEMA_COL_ENUM(RUNS_COL, c)
enum schema_bench_col { PARITY_BENCH_COLUMNS(SCHEMA_BENCH_ENUM) BENCH_NCOLS };
enum schema_prov_col { PARITY_PROV_COLUMNS(SCHEMA_PROV_ENUM) PROV_NCOLS };
enum schema_runs_col { PARITY_RUNS_COLUMNS(SCHEMA_RUNS_ENUM) RUNS_NCOLS };
#undef SCHEMA_BENCH_ENUM
#undef SCHEMA_PROV_ENUM
#undef SCHEMA_RUNS_ENUM

struct schema {
	const char *kind;            /* "parity-runs" */
	int major;
	int minor;
	const char *version_value;   /* "parity-runs/1.2": the schema column */
	const char *const *columns;
	size_t ncolumns;
	size_t nrequired;            /* columns of version major.0: a file must have them;
	                              * the later ones (added by minor versions) may be absent */
};

extern const struct schema schema_bench;
extern const struct schema schema_prov;
extern const struct schema schema_runs;

/* Append the header record of s to buf. */
int schema_add_header(const struct schema *s, struct csvio_buf *buf);

/* Map a header record to column positions: pos[c] is the field index of
 * column c, -1 for a column a minor version added that the file lacks.
 * Returns 0, or -EPROTO when a column of version major.0 is missing (the name
 * of the first missing column is stored in *missing when missing != NULL). */
int schema_map_header(const struct schema *s, const char *const *fields, size_t n,
		      int *pos, const char **missing);

/* Field c of a record of n fields mapped by pos: "" for a column the file
 * lacks (an older minor version), NULL when the record is too short for the
 * header. */
static inline const char *schema_field(const char *const *fields, size_t n, const int *pos, int c)
{
	if (pos[c] < 0)
		return "";
	return (size_t)pos[c] < n ? fields[pos[c]] : NULL;
}

/* 1 when a row's schema value is of kind s and the same major version. */
int schema_row_compatible(const struct schema *s, const char *value);

#endif
