/* record: a campaign's folder on disk.
 *
 *   RESULTS/CAMPAIGN/runs.csv        one row per run, kernel, size and metric (schema_runs)
 *   RESULTS/CAMPAIGN/logs/RUN.log    the launch's output; RUN.csv and RUN.prov.csv next to it
 *   RESULTS/CAMPAIGN/plan.conf       the effective plan (loadable with --plan)
 *   RESULTS/CAMPAIGN/metadata.txt    host, runtime and MPI versions
 *   RESULTS/CAMPAIGN/topology.txt    hwloc's view of the host
 *   RESULTS/CAMPAIGN/image-digests.csv  cache of image digests
 *
 *
 * Every run is appended all or nothing (csvio_append_atomic): one write,
 * fsync'ed, cut back to the last whole row when it fails (disk full, I/O
 * error). A torn tail left by a kill in the middle of a write is set aside
 * into runs.csv.torn before the next append (or by --resume), and a last row
 * that only lacks its newline is completed, never deleted. Functions return
 * 0 or a negative errno code. */
#ifndef PARITY_RECORD_H
#define PARITY_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"

struct record_campaign {
	char *dir;
	char *runs_csv;
	char *logs_dir;
};

/* Can the campaign folder be created (or written, if it exists)? Creates
 * nothing. -EACCES/-ENOTDIR/... naming what is wrong in *what (static). */
int record_check_writable(const char *results, const char *campaign, const char **what);
/* Fill c with the campaign's paths and, when create is set, create the
 * folders (mkdir -p). */
int record_campaign_open(const char *results, const char *campaign, bool create, struct record_campaign *c);
void record_campaign_free(struct record_campaign *c);

/* What one run contributes to every one of its rows: the runs.csv columns
 * by index (schema_runs order); the measurement columns are taken from the
 * kernel's CSV. NULL fields are written empty. */
struct record_run {
	const char *col[RUNS_NCOLS];
};

/* Append the rows of one run: one per row of the kernel's CSV (bench_csv,
 * schema_bench), or a single row without measurements when bench_csv is
 * NULL. *nrows gets the count (may be NULL). -EPROTO when bench_csv is not
 * a kernel CSV. */
int record_append_run(const struct record_campaign *c, const struct record_run *run,
		      const char *bench_csv, size_t *nrows);

/* Complete a last row of runs_csv lacking its newline, or set a torn tail
 * aside into runs.csv.torn (csvio_repair); logs what it did, or why it
 * could not, in one line. 0 also for a missing file. */
int record_repair_runs(const char *runs_csv);
/* One warning line for what csvio_repair did to path (nothing if nothing). */
struct csvio_repair;
void record_report_repair(const char *path, const struct csvio_repair *rep);

/* Count the measurement rows of a kernel CSV (0 for a missing file). */
int record_bench_rows(const char *bench_csv, size_t *nrows);

/* Points recorded ok: (mode, kernel, repetition, placement). */
struct record_done {
	char **keys;
	size_t n;
};
/* Read runs.csv (absent = nothing done); a torn tail is not read. -EPROTO
 * when it is not a runs file. */
int record_read_done(const char *runs_csv, struct record_done *done);
bool record_done_has(const struct record_done *done, const char *mode, const char *kernel,
		     unsigned repetition, const char *placement);
void record_done_free(struct record_done *done);
/* How many recorded points keep() accepts. */
unsigned record_done_count(const struct record_done *done,
			   bool (*keep)(const char *mode, const char *kernel, unsigned rep, const char *placement,
					void *arg),
			   void *arg);

/* sha256 of an image: of the file, or for a directory a digest over its
 * sorted file list (names, types, modes, link targets) and file contents.
 * Cached in the campaign's image-digests.csv by path, size and mtime. */
int record_image_digest(const struct record_campaign *c, const char *image, char out[65]);
/* The digest itself, uncached. */
int record_digest_path(const char *path, char out[65]);

/* Write a file of the campaign folder atomically (temp file + rename). */
int record_write_file(const struct record_campaign *c, const char *name, const char *data, size_t len);

#endif
