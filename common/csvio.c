#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
	/* Callbacks get C strings: a NUL inside a field would cut it silently. */
	if (len && memchr(s, '\0', len)) {
		r->error = -EILSEQ;
		return;
	}
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

	(void)c;
	if (!r->error) {
		r->record_no++;
		r->error = r->fn((const char *const *)r->fields, r->n, r->record_no, r->arg);
		/* record_no names the record reading stopped at. */
		if (r->error)
			r->record_no--;
	}
	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

/* Read at most limit bytes (-1: to the end). *record_no: the record being
 * read when reading stopped. */
static int csvio_read_limited(FILE *fp, long long limit, csvio_row_fn fn, void *arg, size_t *record_no)
{
	struct csvio_reader r = { .fn = fn, .arg = arg };
	struct csv_parser p;
	char chunk[16384];
	size_t got, want, i;
	int ret = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -ENOMEM;
	for (;;) {
		want = sizeof(chunk);
		if (limit >= 0 && (long long)want > limit)
			want = (size_t)limit;
		if (r.error || want == 0 || (got = fread(chunk, 1, want, fp)) == 0)
			break;
		if (limit >= 0)
			limit -= (long long)got;
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
	if (record_no)
		*record_no = r.record_no + 1;
	return r.error ? r.error : ret;
}

int csvio_read_stream(FILE *fp, csvio_row_fn fn, void *arg)
{
	return csvio_read_limited(fp, -1, fn, arg, NULL);
}

/* Open a CSV file for reading: a regular file (not a directory, a device or
 * a FIFO, which could block or never end). */
static int csvio_open_regular(const char *path, int flags)
{
	struct stat st = { 0 };
	int fd = open(path, flags | O_CLOEXEC | O_NONBLOCK, 0644);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int ret = S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;

		close(fd);
		return ret;
	}
	/* Regular files never block: back to ordinary blocking I/O. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int csvio_read_file(const char *path, csvio_row_fn fn, void *arg)
{
	int fd = csvio_open_regular(path, O_RDONLY);
	FILE *fp;
	int ret;

	if (fd < 0)
		return fd;
	fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return -ENOMEM;
	}
	ret = csvio_read_stream(fp, fn, arg);
	fclose(fp);
	return ret;
}

/* ---------------------------------------------------------------- tails */

/* A tail longer than this is no torn record but a stray quote far up. */
#define CSVIO_TAIL_MAX (64 * 1024)

static size_t csvio_count_fields(const char *s, size_t len)
{
	size_t i, n = 1;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == ',' && !quoted)
			n++;
		else if (s[i] == '\n' && !quoted)
			break;
	}
	return n;
}

int csvio_tail_inspect(int fd, const struct csvio_buf *header, struct csvio_tail *t)
{
	char chunk[65536];
	long long off = 0;
	size_t records = 0, fields = 1, i;
	int quoted = 0, nul = 0;
	ssize_t got;

	memset(t, 0, sizeof(*t));
	/* Quotes are only legal around whole fields (strict CSV) and a doubled
	 * quote toggles twice, so a '\n' outside quotes ends a record. */
	while ((got = pread(fd, chunk, sizeof(chunk), (off_t)off)) > 0) {
		for (i = 0; i < (size_t)got; i++) {
			char ch = chunk[i];

			if (ch == '"') {
				quoted = !quoted;
			} else if (ch == '\0') {
				nul = 1;
			} else if (quoted) {
				continue;
			} else if (ch == ',') {
				fields++;
			} else if (ch == '\n') {
				if (++records == 1)
					t->fields = fields;
				t->whole = off + (long long)i + 1;
				fields = 1;
				nul = 0;
			}
		}
		off += got;
	}
	if (got < 0)
		return -errno;
	t->size = off;
	if (t->size == t->whole)
		return 0;
	t->tail_fields = fields;
	t->tail_record = records + 1;
	if (records == 0 && header && header->len) {
		/* Only the header itself, lacking its '\n', is whole. */
		t->fields = csvio_count_fields(header->data, header->len);
		if (t->size == (long long)header->len - 1 && !quoted) {
			got = pread(fd, chunk, (size_t)t->size < sizeof(chunk) ? (size_t)t->size : sizeof(chunk), 0);
			t->tail_complete = got == t->size && memcmp(chunk, header->data, (size_t)got) == 0;
		}
		return 0;
	}
	t->tail_complete = records > 0 && !quoted && !nul && fields == t->fields;
	return 0;
}

/* Does a tail that spans lines (an open quote) hold a line with a whole
 * record's field count after its first? Then the open quote is more
 * likely a stray one in a hand-edited file than a record torn inside a
 * quoted field, and setting the tail aside would take whole rows with it. */
static int csvio_tail_holds_rows(int fd, const struct csvio_tail *t)
{
	size_t len = (size_t)(t->size - t->whole), i, start;
	char *buf;
	int found = 0;

	if (!t->fields)
		return 0;
	buf = malloc(len ? len : 1);
	if (!buf || pread(fd, buf, len, (off_t)t->whole) != (ssize_t)len) {
		free(buf);
		return 1;
	}
	start = len;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n') {
			start = i + 1;
			break;
		}
	for (i = start; !found && i < len; i++) {
		size_t end = i, commas = 0;

		while (end < len && buf[end] != '\n')
			commas += buf[end++] == ',';
		found = commas + 1 == t->fields;
		i = end;
	}
	free(buf);
	return found;
}

int csvio_read_whole(const char *path, csvio_row_fn fn, void *arg, struct csvio_tail *tail,
		     size_t *record_no)
{
	struct csvio_tail t;
	int fd = csvio_open_regular(path, O_RDONLY);
	long long limit = -1;
	FILE *fp;
	int ret;

	if (record_no)
		*record_no = 0;
	if (fd < 0)
		return fd;
	ret = csvio_tail_inspect(fd, NULL, &t);
	if (ret) {
		close(fd);
		return ret;
	}
	/* A torn tail is left unread; a long one, or one holding whole rows,
	 * is no torn record (a stray quote): read it, and the reader says
	 * where. */
	if (csvio_tail_torn(&t) && t.size - t.whole <= CSVIO_TAIL_MAX && !csvio_tail_holds_rows(fd, &t))
		limit = t.whole;
	if (tail) {
		*tail = t;
		if (limit < 0)
			tail->whole = tail->size;
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return -ENOMEM;
	}
	ret = csvio_read_limited(fp, limit, fn, arg, record_no);
	fclose(fp);
	return ret;
}

int csvio_side_path(const char *path, char *out, size_t len)
{
	int n = snprintf(out, len, "%s.torn", path);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
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
		if (w == 0)
			return -EIO;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Append the torn tail [from, to) of fd to path's side file, fsync'ed. */
static int csvio_set_aside(int fd, const char *path, long long from, long long to)
{
	char side[4096], *buf;
	size_t len = (size_t)(to - from);
	int out, ret;

	ret = csvio_side_path(path, side, sizeof(side));
	if (ret)
		return ret;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	if (pread(fd, buf, len, (off_t)from) != (ssize_t)len) {
		free(buf);
		return -EIO;
	}
	buf[len] = '\n';
	out = open(side, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0) {
		free(buf);
		return -errno;
	}
	ret = csvio_write_all(out, buf, len + 1);
	if (!ret && fsync(out) != 0)
		ret = -errno;
	close(out);
	free(buf);
	return ret;
}

/* csvio_repair on an open, flock'ed fd; *size gets the size after it. */
static int csvio_repair_fd(int fd, const char *path, const struct csvio_buf *header, struct csvio_repair *rep,
			   long long *size)
{
	struct csvio_tail t;
	int ret = csvio_tail_inspect(fd, header, &t);

	if (ret)
		return ret;
	*size = t.size;
	if (t.size == t.whole)
		return 0;
	if (t.tail_complete) {
		ret = csvio_write_all(fd, "\n", 1);
		if (!ret && fsync(fd) != 0)
			ret = -errno;
		if (ret) {
			if (ftruncate(fd, (off_t)t.size) == 0)
				fsync(fd);
			return ret;
		}
		*size = t.size + 1;
		rep->completed = 1;
		return 0;
	}
	if (t.size - t.whole > CSVIO_TAIL_MAX || csvio_tail_holds_rows(fd, &t))
		return -EBADMSG;
	/* Saved before it is cut: a full disk keeps the tail where it was. */
	ret = csvio_set_aside(fd, path, t.whole, t.size);
	if (ret)
		return ret;
	if (ftruncate(fd, (off_t)t.whole) != 0 || fsync(fd) != 0)
		return -errno;
	*size = t.whole;
	rep->set_aside = (size_t)(t.size - t.whole);
	rep->torn_fields = t.tail_fields;
	rep->fields = t.fields;
	rep->torn_record = t.tail_record;
	return 0;
}

/* Open path for appending and take its flock. */
static int csvio_open_locked(const char *path, int create)
{
	int fd = csvio_open_regular(path, O_RDWR | O_APPEND | (create ? O_CREAT : 0));

	if (fd < 0)
		return fd;
	if (flock(fd, LOCK_EX) != 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	return fd;
}

int csvio_repair(const char *path, const struct csvio_buf *header, struct csvio_repair *rep)
{
	struct csvio_repair ignored;
	long long size;
	int fd, ret;

	if (!rep)
		rep = &ignored;
	memset(rep, 0, sizeof(*rep));
	fd = csvio_open_locked(path, 0);
	if (fd < 0)
		return fd;
	ret = csvio_repair_fd(fd, path, header, rep, &size);
	close(fd);
	return ret;
}

int csvio_append_atomic(const char *path, const struct csvio_buf *header,
			const struct csvio_buf *rows, struct csvio_repair *rep)
{
	struct csvio_buf all = { 0 };
	struct csvio_repair ignored;
	long long size = 0;
	int fd, ret;

	if (!rep)
		rep = &ignored;
	memset(rep, 0, sizeof(*rep));
	fd = csvio_open_locked(path, 1);
	if (fd < 0)
		return fd;
	ret = csvio_repair_fd(fd, path, header, rep, &size);
	if (ret)
		goto out;
	/* One write() for header and rows: a reader never sees half of them. */
	if (header && header->len && size == 0) {
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
		/* All or nothing: back to the last whole record. */
		if (ret && ftruncate(fd, (off_t)size) == 0)
			fsync(fd);
	}
out:
	csvio_buf_free(&all);
	close(fd);
	return ret;
}
