#include "meta.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/textfile.h"
#include "csvio.h"

/* The whole of a (small) text file in dir, or NULL. */
static char *meta_slurp(const char *dir, const char *name)
{
	char *path, *text = NULL;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	textfile_read(path, &text, NULL);
	free(path);
	return text;
}

int meta_load(struct meta *m, const char *dir)
{
	memset(m, 0, sizeof(*m));
	m->metadata = meta_slurp(dir, "metadata.txt");
	m->topology = meta_slurp(dir, "topology.txt");
	m->plan = meta_slurp(dir, "plan.conf");
	return 0;
}

void meta_free(struct meta *m)
{
	free(m->metadata);
	free(m->topology);
	free(m->plan);
	memset(m, 0, sizeof(*m));
}

int meta_lookup(const char *text, const char *name, char *buf, size_t len)
{
	size_t nlen = strlen(name);
	const char *p = text;

	buf[0] = '\0';
	while (p && *p) {
		const char *eol = strchr(p, '\n'), *q = p, *end;

		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, name, nlen) == 0) {
			q += nlen;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=' || *q == ':') {
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				end = eol ? eol : q + strlen(q);
				while (end > q && isspace((unsigned char)end[-1]))
					end--;
				/* plan.conf quotes strings: "aa1". */
				if (end - q >= 2 && *q == '"' && end[-1] == '"') {
					q++;
					end--;
				}
				snprintf(buf, len, "%.*s", (int)(end - q), q);
				return 0;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

int meta_prov_path(const struct campaign_set *set, const struct campaign_row *row, char **path)
{
	const char *log = campaign_field(row, RUNS_COL_log_file);
	size_t len = strlen(log);
	int r;

	if (len > 4 && strcmp(log + len - 4, ".log") == 0)
		len -= 4;
	if (len == 0)
		r = asprintf(path, "%s/logs/%s.prov.csv", set->dirs[row->campaign],
			     campaign_field(row, RUNS_COL_run_id));
	else if (log[0] == '/')
		r = asprintf(path, "%.*s.prov.csv", (int)len, log);
	else
		r = asprintf(path, "%s/%.*s.prov.csv", set->dirs[row->campaign], (int)len, log);
	if (r < 0) {
		*path = NULL;
		return -ENOMEM;
	}
	return 0;
}

struct meta_prov_reader {
	struct meta_prov *out;
	int pos[PROV_NCOLS];
	int have_header;
};

static int meta_prov_on_record(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct meta_prov_reader *rd = arg;
	char *(*rows)[PROV_NCOLS];
	size_t c;

	(void)record_no;
	if (!rd->have_header) {
		if (schema_map_header(&schema_prov, fields, n, rd->pos, NULL))
			return -EPROTO;
		rd->have_header = 1;
		return 0;
	}
	if ((size_t)rd->pos[PROV_COL_schema] >= n ||
	    !schema_row_compatible(&schema_prov, fields[rd->pos[PROV_COL_schema]]))
		return -EPROTO;
	rows = realloc(rd->out->rows, (rd->out->n + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	rd->out->rows = rows;
	for (c = 0; c < PROV_NCOLS; c++) {
		rows[rd->out->n][c] = strdup((size_t)rd->pos[c] < n ? fields[rd->pos[c]] : "");
		if (!rows[rd->out->n][c]) {
			while (c-- > 0)
				free(rows[rd->out->n][c]);
			return -ENOMEM;
		}
	}
	rd->out->n++;
	return 0;
}

int meta_prov_load(const char *path, struct meta_prov *out)
{
	struct meta_prov_reader rd;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&rd, 0, sizeof(rd));
	rd.out = out;
	ret = csvio_read_file(path, meta_prov_on_record, &rd);
	if (ret == 0 && !rd.have_header)
		ret = -EPROTO;
	if (ret)
		meta_prov_free(out);
	return ret;
}

void meta_prov_free(struct meta_prov *p)
{
	size_t i, c;

	for (i = 0; i < p->n; i++)
		for (c = 0; c < PROV_NCOLS; c++)
			free(p->rows[i][c]);
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

void meta_host(const struct meta *m, const struct campaign_set *set, char *buf, size_t len)
{
	size_t i;

	if (m->metadata && (meta_lookup(m->metadata, "host", buf, len) == 0 ||
			    meta_lookup(m->metadata, "hostname", buf, len) == 0) && buf[0])
		return;
	for (i = 0; i < set->n; i++) {
		struct meta_prov prov;
		char *path;

		if (set->rows[i].status != CAMPAIGN_OK || meta_prov_path(set, &set->rows[i], &path))
			continue;
		if (meta_prov_load(path, &prov) == 0) {
			if (prov.n && prov.rows[0][PROV_COL_hostname][0]) {
				snprintf(buf, len, "%s", prov.rows[0][PROV_COL_hostname]);
				meta_prov_free(&prov);
				free(path);
				return;
			}
			meta_prov_free(&prov);
		}
		free(path);
		break;
	}
	snprintf(buf, len, "unknown host");
}

/* The first ok row of the native series and of any other mode. */
static void meta_first_rows(const struct campaign_set *set, const struct campaign_row **native,
			    const struct campaign_row **container)
{
	size_t i;

	*native = *container = NULL;
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		int is_native = strcmp(campaign_field(r, RUNS_COL_mode), "native") == 0;

		if (r->status != CAMPAIGN_OK)
			continue;
		if (is_native && !*native)
			*native = r;
		if (!is_native && !*container)
			*container = r;
	}
}

void meta_caption(const struct meta *m, const struct campaign_set *set, char *buf, size_t len)
{
	const struct campaign_row *n, *c, *any;
	char host[128], sha[32] = "";
	const char *version;

	meta_host(m, set, host, sizeof(host));
	meta_first_rows(set, &n, &c);
	any = n ? n : c;
	if (!any) {
		snprintf(buf, len, "host %s | no successful runs", host);
		return;
	}
	version = campaign_field(any, RUNS_COL_mpi_version);
	/* MPICH says "MPICH Version: 4.0.2": the family is already named. */
	if (strstr(version, "Version:"))
		version = strstr(version, "Version:") + strlen("Version:");
	while (*version == ' ')
		version++;
	if (c && *campaign_field(c, RUNS_COL_image_sha256))
		snprintf(sha, sizeof(sha), " (sha256 %.12s)", campaign_field(c, RUNS_COL_image_sha256));
	snprintf(buf, len, "host %s | %s %s | runtime %s, image %s%s | %s ranks, placement %s, launcher %s",
		 host, campaign_field(any, RUNS_COL_mpi_family), version,
		 c ? campaign_field(c, RUNS_COL_runtime) : "none", c ? campaign_field(c, RUNS_COL_image) : "none",
		 sha, campaign_field(any, RUNS_COL_ranks), campaign_field(any, RUNS_COL_placement),
		 campaign_field(any, RUNS_COL_launcher));
}
