#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "csvio.h"
#include "sha256.h"

/* ---------------------------------------------------------------- folders */

int record_check_writable(const char *results, const char *campaign, const char **what)
{
	char path[PATH_MAX], *slash;
	struct stat st;

	*what = results;
	if (snprintf(path, sizeof(path), "%s/%s", results, campaign) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	/* Walk up to the first folder that exists: it must let us write. */
	for (;;) {
		if (stat(path, &st) == 0) {
			if (!S_ISDIR(st.st_mode))
				return -ENOTDIR;
			return access(path, W_OK | X_OK) ? -errno : 0;
		}
		if (errno != ENOENT)
			return -errno;
		slash = strrchr(path, '/');
		if (!slash)
			return access(".", W_OK | X_OK) ? -errno : 0;
		if (slash == path) {
			path[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
}

static int record_mkdir_p(const char *dir)
{
	char path[PATH_MAX], *p;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0755) != 0 && errno != EEXIST ? -errno : 0;
}

int record_campaign_open(const char *results, const char *campaign, bool create, struct record_campaign *c)
{
	int ret;

	memset(c, 0, sizeof(*c));
	if (asprintf(&c->dir, "%s/%s", results, campaign) < 0 ||
	    asprintf(&c->runs_csv, "%s/runs.csv", c->dir) < 0 ||
	    asprintf(&c->logs_dir, "%s/logs", c->dir) < 0) {
		record_campaign_free(c);
		return -ENOMEM;
	}
	ret = create ? record_mkdir_p(c->logs_dir) : 0;
	if (ret)
		record_campaign_free(c);
	return ret;
}

void record_campaign_free(struct record_campaign *c)
{
	free(c->dir);
	free(c->runs_csv);
	free(c->logs_dir);
	memset(c, 0, sizeof(*c));
}

int record_write_file(const struct record_campaign *c, const char *name, const char *data, size_t len)
{
	char *path = NULL, *tmp = NULL;
	int fd, ret = 0;

	if (asprintf(&path, "%s/%s", c->dir, name) < 0 || asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0) {
		free(path);
		return -ENOMEM;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0)
		ret = errno ? -errno : -EIO;
	close(fd);
	if (!ret && rename(tmp, path) != 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
out:
	free(path);
	free(tmp);
	return ret;
}

/* ---------------------------------------------------------------- rows */

struct record_bench_reader {
	int pos[BENCH_NCOLS];
	struct record_run row;          /* the run's columns, measurements filled per row */
	struct csvio_buf *buf;          /* NULL: only count */
	size_t nrows;
};

static int record_bench_row(const char *const *f, size_t n, size_t record_no, void *arg)
{
	struct record_bench_reader *r = arg;
	size_t c;

	if (record_no == 1)
		return schema_map_header(&schema_bench, f, n, r->pos, NULL);
	for (c = 0; c < BENCH_NCOLS; c++)
		if (r->pos[c] >= (int)n)
			return -EPROTO;
	if (!schema_row_compatible(&schema_bench, f[r->pos[BENCH_COL_schema]]))
		return -EPROTO;
	r->nrows++;
	if (!r->buf)
		return 0;
	r->row.col[RUNS_COL_kernel] = f[r->pos[BENCH_COL_kernel]];
	r->row.col[RUNS_COL_size_bytes] = f[r->pos[BENCH_COL_size_bytes]];
	r->row.col[RUNS_COL_iterations] = f[r->pos[BENCH_COL_iterations]];
	r->row.col[RUNS_COL_metric] = f[r->pos[BENCH_COL_metric]];
	r->row.col[RUNS_COL_unit] = f[r->pos[BENCH_COL_unit]];
	r->row.col[RUNS_COL_avg] = f[r->pos[BENCH_COL_avg]];
	r->row.col[RUNS_COL_min] = f[r->pos[BENCH_COL_min]];
	r->row.col[RUNS_COL_max] = f[r->pos[BENCH_COL_max]];
	r->row.col[RUNS_COL_median] = f[r->pos[BENCH_COL_median]];
	r->row.col[RUNS_COL_p99] = f[r->pos[BENCH_COL_p99]];
	r->row.col[RUNS_COL_samples] = schema_field(f, n, r->pos, BENCH_COL_samples);
	r->row.col[RUNS_COL_median_ci_low] = schema_field(f, n, r->pos, BENCH_COL_median_ci_low);
	r->row.col[RUNS_COL_median_ci_high] = schema_field(f, n, r->pos, BENCH_COL_median_ci_high);
	r->row.col[RUNS_COL_datatype] = schema_field(f, n, r->pos, BENCH_COL_datatype);
	return csvio_buf_add_row(r->buf, r->row.col, RUNS_NCOLS);
}

int record_bench_rows(const char *bench_csv, size_t *nrows)
{
	struct record_bench_reader r = { .buf = NULL };
	int ret = csvio_read_file(bench_csv, record_bench_row, &r);

	*nrows = r.nrows;
	return ret == -ENOENT ? 0 : ret;
}

void record_report_repair(const char *path, const struct csvio_repair *rep)
{
	char side[PATH_MAX];

	if (rep->completed)
		errors_warn("%s: its last row lacked the final newline: completed, the row is kept", path);
	if (rep->set_aside && csvio_side_path(path, side, sizeof(side)) == 0)
		errors_warn("%s:%zu: torn last row (%zu of %zu fields, %zu bytes, left by a killed or failed write) "
			    "set aside into %s", path, rep->torn_record, rep->torn_fields, rep->fields,
			    rep->set_aside, side);
}

int record_repair_runs(const char *runs_csv)
{
	struct csvio_buf header = { 0 };
	struct csvio_repair rep;
	int ret = schema_add_header(&schema_runs, &header);

	if (!ret)
		ret = csvio_repair(runs_csv, &header, &rep);
	csvio_buf_free(&header);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		errors_log("cannot repair the end of %s: %s", runs_csv, ret == -EBADMSG
			   ? "an unterminated quote before the last rows (a stray quote?): fix it by hand"
			   : strerror(-ret));
	else
		record_report_repair(runs_csv, &rep);
	return ret;
}

int record_append_run(const struct record_campaign *c, const struct record_run *run,
		      const char *bench_csv, size_t *nrows)
{
	struct csvio_buf header = { 0 }, rows = { 0 };
	struct csvio_repair rep = { 0 };
	struct record_bench_reader r = { .row = *run, .buf = &rows };
	int ret;

	r.row.col[RUNS_COL_schema] = schema_runs.version_value;
	if (bench_csv)
		ret = csvio_read_file(bench_csv, record_bench_row, &r);
	else
		ret = csvio_buf_add_row(&rows, r.row.col, RUNS_NCOLS);
	if (!ret && bench_csv && r.nrows == 0)
		ret = -ENODATA;
	if (!ret)
		ret = schema_add_header(&schema_runs, &header);
	if (!ret)
		ret = csvio_append_atomic(c->runs_csv, &header, &rows, &rep);
	record_report_repair(c->runs_csv, &rep);
	if (nrows)
		*nrows = ret ? 0 : (bench_csv ? r.nrows : 1);
	csvio_buf_free(&header);
	csvio_buf_free(&rows);
	return ret;
}

/* ---------------------------------------------------------------- resume */

struct record_done_reader {
	int pos[RUNS_NCOLS];
	struct record_done *done;
};

static char *record_done_key(const char *mode, const char *kernel, unsigned rep, const char *placement)
{
	char *key = NULL;

	return asprintf(&key, "%s\x1f%s\x1f%u\x1f%s", mode, kernel, rep, placement) < 0 ? NULL : key;
}

static int record_done_row(const char *const *f, size_t n, size_t record_no, void *arg)
{
	struct record_done_reader *r = arg;
	char **grown, *key, *end;
	unsigned long rep;
	size_t c;

	if (record_no == 1)
		return schema_map_header(&schema_runs, f, n, r->pos, NULL);
	for (c = 0; c < RUNS_NCOLS; c++)
		if (r->pos[c] >= (int)n)
			return -EPROTO;
	if (!schema_row_compatible(&schema_runs, f[r->pos[RUNS_COL_schema]]))
		return -EPROTO;
	if (strcmp(f[r->pos[RUNS_COL_status]], "ok") != 0)
		return 0;
	rep = strtoul(f[r->pos[RUNS_COL_repetition]], &end, 10);
	key = record_done_key(f[r->pos[RUNS_COL_mode]], f[r->pos[RUNS_COL_kernel]], (unsigned)rep,
			      f[r->pos[RUNS_COL_placement]]);
	if (!key)
		return -ENOMEM;
	if (record_done_has(r->done, f[r->pos[RUNS_COL_mode]], f[r->pos[RUNS_COL_kernel]], (unsigned)rep,
			    f[r->pos[RUNS_COL_placement]])) {
		free(key);
		return 0;
	}
	grown = realloc(r->done->keys, (r->done->n + 1) * sizeof(*grown));
	if (!grown) {
		free(key);
		return -ENOMEM;
	}
	r->done->keys = grown;
	r->done->keys[r->done->n++] = key;
	return 0;
}

int record_read_done(const char *runs_csv, struct record_done *done)
{
	struct record_done_reader r = { .done = done };
	int ret;

	memset(done, 0, sizeof(*done));
	/* A torn tail is not read: it is no run done (record_repair_runs sets
	 * it aside). */
	ret = csvio_read_whole(runs_csv, record_done_row, &r, NULL, NULL);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		record_done_free(done);
	return ret;
}

bool record_done_has(const struct record_done *done, const char *mode, const char *kernel,
		     unsigned repetition, const char *placement)
{
	char *key = record_done_key(mode, kernel, repetition, placement);
	bool found = false;
	size_t i;

	for (i = 0; key && !found && i < done->n; i++)
		found = strcmp(done->keys[i], key) == 0;
	free(key);
	return found;
}

unsigned record_done_count(const struct record_done *done,
			   bool (*keep)(const char *mode, const char *kernel, unsigned rep, const char *placement,
					void *arg),
			   void *arg)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < done->n; i++) {
		/* Keys are mode, kernel, repetition, placement joined by 0x1f. */
		char *copy = strdup(done->keys[i]), *f[4] = { NULL }, *save = NULL;
		int j;

		if (!copy)
			break;
		f[0] = strtok_r(copy, "\x1f", &save);
		for (j = 1; j < 4 && f[j - 1]; j++)
			f[j] = strtok_r(NULL, "\x1f", &save);
		if (f[3] && keep(f[0], f[1], (unsigned)strtoul(f[2], NULL, 10), f[3], arg))
			n++;
		free(copy);
	}
	return n;
}

void record_done_free(struct record_done *done)
{
	size_t i;

	for (i = 0; i < done->n; i++)
		free(done->keys[i]);
	free(done->keys);
	memset(done, 0, sizeof(*done));
}

/* ---------------------------------------------------------------- digests */

static int record_hash_fd(struct sha256 *s, int fd)
{
	char buf[65536];
	ssize_t got;

	while ((got = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(s, buf, (size_t)got);
	return got < 0 ? -errno : 0;
}

struct record_entries {
	char **paths;
	size_t n, cap;
	size_t root_len;
	int error;
};

/* nftw offers no user pointer: the walk's state lives in this file only
 * for the duration of one record_digest_path call. */
static struct record_entries *record_walk;

static int record_walk_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	if (ftw->level == 0)
		return 0;
	if (record_walk->n == record_walk->cap) {
		size_t cap = record_walk->cap ? record_walk->cap * 2 : 1024;
		char **p = realloc(record_walk->paths, cap * sizeof(*p));

		if (!p) {
			record_walk->error = -ENOMEM;
			return 1;
		}
		record_walk->paths = p;
		record_walk->cap = cap;
	}
	record_walk->paths[record_walk->n] = strdup(path + record_walk->root_len);
	if (!record_walk->paths[record_walk->n]) {
		record_walk->error = -ENOMEM;
		return 1;
	}
	record_walk->n++;
	return 0;
}

static int record_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int record_digest_dir(const char *root, struct sha256 *s)
{
	struct record_entries e = { .root_len = strlen(root) };
	char full[PATH_MAX], link[PATH_MAX], meta[128];
	size_t i;
	int ret = 0;

	record_walk = &e;
	if (nftw(root, record_walk_entry, 64, FTW_PHYS) != 0 && !e.error)
		e.error = -errno;
	record_walk = NULL;
	qsort(e.paths, e.n, sizeof(*e.paths), record_cmp_str);
	for (i = 0; !e.error && i < e.n; i++) {
		struct stat st;

		snprintf(full, sizeof(full), "%s%s", root, e.paths[i]);
		if (lstat(full, &st) != 0)
			continue;
		/* The name with its NUL keeps "ab"+"c" apart from "a"+"bc". */
		sha256_update(s, e.paths[i], strlen(e.paths[i]) + 1);
		snprintf(meta, sizeof(meta), "%o:%lld", (unsigned)st.st_mode, (long long)st.st_size);
		sha256_update(s, meta, strlen(meta) + 1);
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(full, link, sizeof(link));

			if (n > 0)
				sha256_update(s, link, (size_t)n);
		} else if (S_ISREG(st.st_mode)) {
			int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

			if (fd >= 0) {
				ret = record_hash_fd(s, fd);
				close(fd);
			}
		}
	}
	for (i = 0; i < e.n; i++)
		free(e.paths[i]);
	free(e.paths);
	return e.error ? e.error : ret;
}

int record_digest_path(const char *path, char out[65])
{
	struct sha256 s;
	struct stat st;
	int ret, fd;

	if (stat(path, &st) != 0)
		return -errno;
	sha256_init(&s);
	if (S_ISDIR(st.st_mode)) {
		ret = record_digest_dir(path, &s);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		ret = record_hash_fd(&s, fd);
		close(fd);
	}
	if (!ret)
		sha256_hex(&s, out);
	return ret;
}

struct record_cache_reader {
	const char *key;
	char *digest;
};

static int record_cache_row(const char *const *f, size_t n, size_t record_no, void *arg)
{
	struct record_cache_reader *r = arg;

	(void)record_no;
	if (n == 2 && strcmp(f[0], r->key) == 0 && strlen(f[1]) == 64) {
		free(r->digest);
		r->digest = strdup(f[1]);
	}
	return 0;
}

int record_image_digest(const struct record_campaign *c, const char *image, char out[65])
{
	struct record_cache_reader r = { 0 };
	struct csvio_buf row = { 0 };
	char *cache = NULL, *key = NULL;
	const char *fields[2];
	struct stat st;
	int ret;

	if (stat(image, &st) != 0)
		return -errno;
	if (asprintf(&cache, "%s/image-digests.csv", c->dir) < 0 ||
	    asprintf(&key, "%s|%lld|%lld.%09ld", image, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		     st.st_mtim.tv_nsec) < 0) {
		free(cache);
		return -ENOMEM;
	}
	r.key = key;
	csvio_read_file(cache, record_cache_row, &r);
	if (r.digest) {
		memcpy(out, r.digest, 65);
		ret = 0;
		goto out;
	}
	ret = record_digest_path(image, out);
	fields[0] = key;
	fields[1] = out;
	if (!ret && csvio_buf_add_row(&row, fields, 2) == 0)
		csvio_append_atomic(cache, NULL, &row, NULL);
out:
	csvio_buf_free(&row);
	free(r.digest);
	free(cache);
	free(key);
	return ret;
}
