/* meta: what a campaign folder says about where and how it ran, beside
 * runs.csv: metadata.txt (host, versions), topology.txt (hwloc), plan.conf
 * (the effective plan, `name = value` lines) and the kernels' per-run
 * provenance CSVs (logs/RUN.prov.csv). Missing files are not errors: the
 * report says what is missing. */
#ifndef PARITY_META_H
#define PARITY_META_H

#include <stddef.h>

#include "campaign.h"
#include "schema.h"

struct meta {
	char *metadata;     /* metadata.txt, or NULL */
	char *topology;     /* topology.txt, or NULL */
	char *plan;         /* plan.conf, or NULL */
};

/* One provenance file: one row per rank, fields by schema_prov column. */
struct meta_prov {
	char *(*rows)[PROV_NCOLS];
	size_t n;
};

/* Read the text files of campaign folder dir. 0 or -ENOMEM. */
int meta_load(struct meta *m, const char *dir);
void meta_free(struct meta *m);

/* The value of "name = value" (or "name: value") in text, copied into buf;
 * 0, or -ENOENT when absent (buf then holds ""). */
int meta_lookup(const char *text, const char *name, char *buf, size_t len);

/* The host name: metadata.txt's host/hostname, else the first provenance
 * file's, else "unknown host". */
void meta_host(const struct meta *m, const struct campaign_set *set, char *buf, size_t len);

/* The provenance file of a run (a row of set): the row's log_file with
 * .log replaced by .prov.csv, relative to the campaign folder. */
int meta_prov_path(const struct campaign_set *set, const struct campaign_row *row, char **path);

/* Load a provenance file. 0, -ENOENT, -EPROTO (not a parity-prov file),
 * -EBADMSG, -ENOMEM; nothing is logged (callers say it in the report). */
int meta_prov_load(const char *path, struct meta_prov *out);
void meta_prov_free(struct meta_prov *p);

/* The caption line every figure carries: host, MPI, runtime and image,
 * ranks and placement, launcher. */
void meta_caption(const struct meta *m, const struct campaign_set *set, char *buf, size_t len);

#endif
