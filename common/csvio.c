#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int csvio_buf_reserve(struct csvio_buf *buf, size_t extra)
{
	size_t cap = buf->cap ? buf->cap : 256;
	char *p;

	if (buf->len + extra + 1 <= buf->cap)
		return 0;
	while (cap < buf->len + extra + 1)
		cap *= 2;
	p = realloc(buf->data, cap);
	if (!p)
		return -ENOMEM;
	buf->data = p;
	buf->cap = cap;
	return 0;
}

static int csvio_needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int csvio_buf_add_row(struct csvio_buf *buf, const char *const *fields, size_t n)
{
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		size_t len = strlen(f);

		/* Worst case: every character a quote, doubled, plus two quotes. */
		ret = csvio_buf_reserve(buf, 2 * len + 4);
		if (ret)
			return ret;
		if (i > 0)
			buf->data[buf->len++] = ',';
		if (csvio_needs_quotes(f, len)) {
			buf->len += csv_write(buf->data + buf->len, buf->cap - buf->len, f, len);
		} else {
			memcpy(buf->data + buf->len, f, len);
			buf->len += len;
		}
	}
	ret = csvio_buf_reserve(buf, 1);
	if (ret)
		return ret;
	buf->data[buf->len++] = '\n';
	buf->data[buf->len] = '\0';
	return 0;
}

void csvio_buf_free(struct csvio_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

int csvio_write_row(FILE *fp, const char *const *fields, size_t n)
{
	struct csvio_buf buf = { 0 };
	int ret = csvio_buf_add_row(&buf, fields, n);

	if (!ret && fwrite(buf.data, 1, buf.len, fp) != buf.len)
		ret = -EIO;
	csvio_buf_free(&buf);
	return ret;
}

struct csvio_reader {
	char **fields;
	size_t n;
	size_t cap;
	size_t record_no;
	csvio_row_fn fn;
	void *arg;
	int error;
};

static void csvio_on_field(void *s, size_t len, void *data)
{
	struct csvio_reader *r = data;
	char *copy;

	if (r->error)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		char **p = realloc(r->fields, cap * sizeof(*p));

		if (!p) {
			r->error = -ENOMEM;
			return;
		}
		r->fields = p;
		r->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy) {
		r->error = -ENOMEM;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	r->fields[r->n++] = copy;
}

static void csvio_on_record(int c, void *data)
{
	struct csvio_reader *r = data;
	size_t i;

	if (!r->error) {
		r->record_no++;
		r->error = r->fn((const char *const *)r->fields, r->n, r->record_no, r->arg);
	}
	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

int csvio_read_stream(FILE *fp, csvio_row_fn fn, void *arg)
{
	struct csvio_reader r = { .fn = fn, .arg = arg };
	struct csv_parser p;
	char chunk[16384];
	size_t got, i;
	int ret = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -ENOMEM;
	while (!r.error && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (csv_parse(&p, chunk, got, csvio_on_field, csvio_on_record, &r) != got) {
			ret = csv_error(&p) == CSV_ENOMEM ? -ENOMEM : -EBADMSG;
			break;
		}
	}
	if (!ret && !r.error && ferror(fp))
		ret = -EIO;
	/* csv_fini flushes a last record that has no line break. */
	if (!ret && !r.error && csv_fini(&p, csvio_on_field, csvio_on_record, &r) != 0)
		ret = -EBADMSG;
	for (i = 0; i < r.n; i++)
		free(r.fields[i]);
	free(r.fields);
	csv_free(&p);
	return r.error ? r.error : ret;
}

int csvio_read_file(const char *path, csvio_row_fn fn, void *arg)
{
	FILE *fp = fopen(path, "r");
	int ret;

	if (!fp)
		return -errno;
	ret = csvio_read_stream(fp, fn, arg);
	fclose(fp);
	return ret;
}

static int csvio_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Cut a record torn by a crash: everything after the last '\n'. */
static int csvio_repair_tail(int fd, off_t size, size_t *cut)
{
	char tail[4096];
	off_t pos = size;

	*cut = 0;
	while (pos > 0) {
		size_t want = pos > (off_t)sizeof(tail) ? sizeof(tail) : (size_t)pos;
		ssize_t got = pread(fd, tail, want, pos - (off_t)want);
		ssize_t i;

		if (got != (ssize_t)want)
			return got < 0 ? -errno : -EIO;
		for (i = got - 1; i >= 0; i--) {
			if (tail[i] == '\n') {
				off_t keep = pos - (off_t)want + i + 1;

				*cut = (size_t)(size - keep);
				return *cut ? (ftruncate(fd, keep) ? -errno : 0) : 0;
			}
		}
		pos -= (off_t)want;
	}
	*cut = (size_t)size;
	return ftruncate(fd, 0) ? -errno : 0;
}

int csvio_append_atomic(const char *path, const struct csvio_buf *header,
			const struct csvio_buf *rows, size_t *repaired_bytes)
{
	struct csvio_buf all = { 0 };
	struct stat st;
	size_t cut = 0;
	int fd, ret;

	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) != 0) {
		ret = -errno;
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		ret = -errno;
		goto out;
	}
	ret = csvio_repair_tail(fd, st.st_size, &cut);
	if (ret)
		goto out;
	/* One write() for header and rows: a reader never sees half of them. */
	if (header && header->len && (off_t)cut == st.st_size) {
		ret = csvio_buf_reserve(&all, header->len);
		if (ret)
			goto out;
		memcpy(all.data, header->data, header->len);
		all.len = header->len;
	}
	if (rows && rows->len) {
		ret = csvio_buf_reserve(&all, rows->len);
		if (ret)
			goto out;
		memcpy(all.data + all.len, rows->data, rows->len);
		all.len += rows->len;
	}
	if (all.len) {
		ret = csvio_write_all(fd, all.data, all.len);
		if (!ret && fsync(fd) != 0)
			ret = -errno;
	}
out:
	if (repaired_bytes)
		*repaired_bytes = cut;
	csvio_buf_free(&all);
	close(fd);
	return ret;
}
