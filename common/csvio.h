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
 * unterminated quote, a quote inside an unquoted field), -EILSEQ on a field
 * holding a NUL byte. Files must be regular files: -EISDIR for a folder,
 * -ENODEV for a device, FIFO or socket (which could block or never end). */
int csvio_read_stream(FILE *fp, csvio_row_fn fn, void *arg);
int csvio_read_file(const char *path, csvio_row_fn fn, void *arg);

/* How a CSV file ends. A record is whole when its '\n' is written; what
 * follows the last whole record is the tail: a record that lacks only its
 * '\n' (as many fields as the file's first record, quotes closed: a hand
 * edit) or a torn one (a writer killed or out of space in the middle). */
struct csvio_tail {
	long long size;         /* bytes in the file */
	long long whole;        /* bytes of whole records */
	size_t fields;          /* fields of the first record (the header) */
	size_t tail_fields;     /* fields of the tail (0: no tail) */
	size_t tail_record;     /* record number of the tail (1-based) */
	int tail_complete;      /* the tail is a whole record but for its '\n' */
};
/* Inspect the end of the file open on fd. header (may be NULL) is what the
 * first record must be: its field count decides whether a tail is whole. */
int csvio_tail_inspect(int fd, const struct csvio_buf *header, struct csvio_tail *t);
/* Is the tail torn (to be set aside rather than read)? */
static inline int csvio_tail_torn(const struct csvio_tail *t)
{
	return t->size > t->whole && !t->tail_complete;
}

/* Read path's records as csvio_read_file does, except a torn tail: it is
 * not read, and *tail (may be NULL) says so (csvio_tail_torn). The file is
 * not changed. *record_no (may be NULL) gets the record being read when
 * reading stopped, for error messages. */
int csvio_read_whole(const char *path, csvio_row_fn fn, void *arg, struct csvio_tail *tail,
		     size_t *record_no);

/* What csvio_repair did to the end of a file. */
struct csvio_repair {
	size_t completed;       /* 1: a last record lacking its '\n' got it */
	size_t set_aside;       /* bytes of a torn tail moved into the side file */
	size_t torn_fields;     /* how many fields the torn tail held */
	size_t fields;          /* how many a whole record holds */
	size_t torn_record;     /* its record number */
};
/* The side file torn tails of path are appended to: path + ".torn". */
int csvio_side_path(const char *path, char *out, size_t len);
/* Under an exclusive flock of path: complete a last record that lacks only
 * its '\n', or append a torn tail to the side file (fsync'ed) and cut it
 * from path. Never removes a whole record: a tail of more than 64 KiB, or
 * one whose later lines have a whole record's field count (a stray quote
 * up in the file, not a torn record), is refused with -EBADMSG. rep may be
 * NULL. */
int csvio_repair(const char *path, const struct csvio_buf *header, struct csvio_repair *rep);

/* Append whole records to path, all or nothing: concurrent writers are
 * serialized with flock, the tail is repaired first (csvio_repair), the
 * header (may be NULL) is written only into an empty file, the records go
 * out in one write() and are fsync'ed. When the write or the fsync fails
 * (short write, ENOSPC, EIO, EFBIG) the file is cut back to its last whole
 * record and the error returned; a kill in the middle leaves a torn tail
 * that the next append or csvio_repair sets aside. rep (may be NULL) says
 * what the repair did. */
int csvio_append_atomic(const char *path, const struct csvio_buf *header,
			const struct csvio_buf *rows, struct csvio_repair *rep);

#endif
