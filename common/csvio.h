/* csvio: CSV records in and out, on top of libcsv.
 *
 * Fields are quoted (by libcsv) only when they need it: when they hold a
 * comma, a quote, a line break, or leading/trailing blanks. Functions return
 * 0 or a negative errno code. */
#ifndef PARITY_CSVIO_H
#define PARITY_CSVIO_H

#include <stddef.h>
#include <stdio.h>

/* A growable text buffer holding whole records. */
struct csvio_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Append one record (n fields, NULL fields are written empty) and its '\n'. */
int csvio_buf_add_row(struct csvio_buf *buf, const char *const *fields, size_t n);
void csvio_buf_free(struct csvio_buf *buf);

/* Write one record to a stream. */
int csvio_write_row(FILE *fp, const char *const *fields, size_t n);

/* Called once per record; fields are NUL-terminated and valid only during the
 * call; record_no counts from 1 (the header is record 1). Return 0 to go on,
 * a negative code to stop reading (that code is then returned). */
typedef int (*csvio_row_fn)(const char *const *fields, size_t n, size_t record_no, void *arg);

/* Read every record of a stream or file. -EBADMSG on malformed CSV (an
 * unterminated quote, a quote inside an unquoted field). */
int csvio_read_stream(FILE *fp, csvio_row_fn fn, void *arg);
int csvio_read_file(const char *path, csvio_row_fn fn, void *arg);

/* Append whole records to path so that a crash at any moment (even SIGKILL)
 * leaves only complete records: concurrent writers are serialized with
 * flock, a torn last record left by an earlier crash is cut off, the header
 * (may be NULL) is written only into an empty file, the records go out in one
 * write() and are fsync'ed. *repaired_bytes (may be NULL) receives how many
 * bytes of torn record were cut. */
int csvio_append_atomic(const char *path, const struct csvio_buf *header,
			const struct csvio_buf *rows, size_t *repaired_bytes);

#endif
