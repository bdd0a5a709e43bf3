#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include "unit.h"

#include "csvio.h"

struct collected {
	char rows[16][8][64];
	size_t nfields[16];
	size_t nrows;
	int stop_at;
};

static int collect_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct collected *c = arg;
	size_t i;

	assert_int_equal(record_no, c->nrows + 1);
	if (c->stop_at && (int)record_no == c->stop_at)
		return -ECANCELED;
	for (i = 0; i < n && i < 8; i++)
		snprintf(c->rows[c->nrows][i], 64, "%s", fields[i]);
	c->nfields[c->nrows++] = n;
	return 0;
}

static void test_csvio_quoting_only_when_needed(void **state)
{
	const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", NULL, " pad", "4M" };
	struct csvio_buf buf = { 0 };

	(void)state;
	assert_int_equal(csvio_buf_add_row(&buf, fields, 8), 0);
	assert_string_equal(buf.data, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,\" pad\",4M\n");
	csvio_buf_free(&buf);
}

static void test_csvio_round_trip(void **state)
{
	const char *fields[] = { "x", "a,b", "q\"q", "l1\nl2", "", "<script>alert(1)</script>" };
	struct csvio_buf buf = { 0 };
	struct collected c = { 0 };
	FILE *fp;
	size_t i;

	(void)state;
	assert_int_equal(csvio_buf_add_row(&buf, fields, 6), 0);
	assert_int_equal(csvio_buf_add_row(&buf, fields, 3), 0);
	fp = fmemopen(buf.data, buf.len, "r");
	assert_non_null(fp);
	assert_int_equal(csvio_read_stream(fp, collect_row, &c), 0);
	fclose(fp);
	assert_int_equal(c.nrows, 2);
	assert_int_equal(c.nfields[0], 6);
	assert_int_equal(c.nfields[1], 3);
	for (i = 0; i < 6; i++)
		assert_string_equal(c.rows[0][i], fields[i]);
	csvio_buf_free(&buf);
}

static void test_csvio_last_record_without_newline(void **state)
{
	char text[] = "a,b\nc,d";
	struct collected c = { 0 };
	FILE *fp = fmemopen(text, strlen(text), "r");

	(void)state;
	assert_int_equal(csvio_read_stream(fp, collect_row, &c), 0);
	fclose(fp);
	assert_int_equal(c.nrows, 2);
	assert_string_equal(c.rows[1][1], "d");
}

static void test_csvio_malformed_and_callback_stop(void **state)
{
	char bad[] = "a,\"unterminated\nb,c\n";
	char ok[] = "1\n2\n3\n";
	struct collected c = { 0 };
	FILE *fp = fmemopen(bad, strlen(bad), "r");

	(void)state;
	assert_int_equal(csvio_read_stream(fp, collect_row, &c), -EBADMSG);
	fclose(fp);
	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	fp = fmemopen(ok, strlen(ok), "r");
	assert_int_equal(csvio_read_stream(fp, collect_row, &c), -ECANCELED);
	fclose(fp);
	assert_int_equal(c.nrows, 1);
	assert_int_equal(csvio_read_file("/nonexistent/parity.csv", collect_row, &c), -ENOENT);
}

/* The whole content of a file, NUL-terminated, in buf. */
static void slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t got;

	assert_true(fd >= 0);
	got = read(fd, buf, len - 1);
	close(fd);
	assert_true(got >= 0);
	buf[got] = '\0';
}

static void spill(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_csvio_append_atomic_sets_torn_tail_aside(void **state)
{
	char path[] = "/tmp/parity-test-csvio.XXXXXX", side[64], content[256];
	const char *h[] = { "schema", "v" }, *r1[] = { "s", "1" }, *r2[] = { "s", "2" };
	struct csvio_buf header = { 0 }, rows = { 0 };
	struct csvio_repair rep;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(side, sizeof(side), "%s.torn", path);
	assert_int_equal(csvio_buf_add_row(&header, h, 2), 0);
	assert_int_equal(csvio_buf_add_row(&rows, r1, 2), 0);
	/* Empty file: header then rows. */
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), 0);
	assert_int_equal(rep.set_aside, 0);
	assert_int_equal(rep.completed, 0);
	/* A writer killed in the middle of a record: 1 of 2 fields. */
	spill(path, "s", O_APPEND);
	csvio_buf_free(&rows);
	assert_int_equal(csvio_buf_add_row(&rows, r2, 2), 0);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), 0);
	assert_int_equal(rep.set_aside, 1);
	assert_int_equal(rep.torn_fields, 1);
	assert_int_equal(rep.fields, 2);
	assert_int_equal(rep.torn_record, 3);
	slurp(path, content, sizeof(content));
	/* The header is not written twice and the torn record is set aside. */
	assert_string_equal(content, "schema,v\ns,1\ns,2\n");
	slurp(side, content, sizeof(content));
	assert_string_equal(content, "s\n");
	/* A torn quoted field holding a newline is one torn record too. */
	spill(path, "s,\"half\nof it", O_APPEND);
	assert_int_equal(csvio_repair(path, &header, &rep), 0);
	assert_int_equal(rep.set_aside, 13);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,1\ns,2\n");
	slurp(side, content, sizeof(content));
	assert_string_equal(content, "s\ns,\"half\nof it\n");
	/* A stray quote (a hand edit) opening before whole rows: refused, and
	 * those rows stay where they are. */
	spill(path, "s,\"3\ns,4\ns,5\n", O_APPEND);
	assert_int_equal(csvio_repair(path, &header, &rep), -EBADMSG);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), -EBADMSG);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,1\ns,2\ns,\"3\ns,4\ns,5\n");
	unlink(path);
	unlink(side);
	csvio_buf_free(&header);
	csvio_buf_free(&rows);
	assert_int_equal(csvio_append_atomic("/nonexistent/dir/x.csv", NULL, NULL, NULL), -ENOENT);
}

/* A last row lacking only its newline (a hand edit) is whole: completed
 * and kept, never cut. */
static void test_csvio_append_atomic_completes_last_row(void **state)
{
	char path[] = "/tmp/parity-test-csvio.XXXXXX", side[64], content[256];
	const char *h[] = { "schema", "v" }, *r2[] = { "s", "2" };
	struct csvio_buf header = { 0 }, rows = { 0 };
	struct csvio_repair rep;
	struct csvio_tail t;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(side, sizeof(side), "%s.torn", path);
	spill(path, "schema,v\ns,1", O_TRUNC);
	fd = open(path, O_RDONLY);
	assert_int_equal(csvio_tail_inspect(fd, NULL, &t), 0);
	close(fd);
	assert_int_equal(t.size, 12);
	assert_int_equal(t.whole, 9);
	assert_true(t.tail_complete);
	assert_false(csvio_tail_torn(&t));
	assert_int_equal(csvio_buf_add_row(&header, h, 2), 0);
	assert_int_equal(csvio_buf_add_row(&rows, r2, 2), 0);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), 0);
	assert_int_equal(rep.completed, 1);
	assert_int_equal(rep.set_aside, 0);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,1\ns,2\n");
	assert_int_equal(access(side, F_OK), -1);
	/* The header alone without its newline is whole too. */
	spill(path, "schema,v", O_TRUNC);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), 0);
	assert_int_equal(rep.completed, 1);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,2\n");
	/* A torn header is set aside and the header written anew. */
	spill(path, "sche", O_TRUNC);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &rep), 0);
	assert_int_equal(rep.set_aside, 4);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,2\n");
	unlink(path);
	unlink(side);
	csvio_buf_free(&header);
	csvio_buf_free(&rows);
}

static void on_xfsz(int sig)
{
	(void)sig;
}

/* A write that fails half-way (here a file size limit: a short write, then
 * EFBIG, as a full disk gives a short write, then ENOSPC) leaves the file
 * as it was: all or nothing. */
static void test_csvio_append_atomic_all_or_nothing(void **state)
{
	char path[] = "/tmp/parity-test-csvio.XXXXXX", content[512];
	const char *h[] = { "schema", "v" }, *r[] = { "s", "a-longer-value-that-does-not-fit-below-the-limit" };
	struct csvio_buf header = { 0 }, rows = { 0 };
	struct rlimit old, lim;
	struct sigaction sa = { .sa_handler = on_xfsz }, old_sa;
	int fd, ret;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(csvio_buf_add_row(&header, h, 2), 0);
	assert_int_equal(csvio_buf_add_row(&rows, r, 2), 0);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, NULL), 0);
	csvio_buf_free(&rows);
	assert_int_equal(csvio_buf_add_row(&rows, r, 2), 0);
	assert_int_equal(csvio_buf_add_row(&rows, r, 2), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	sigaction(SIGXFSZ, &sa, &old_sa);
	lim = old;
	lim.rlim_cur = 9 + 51 + 20;        /* header, one row, then 20 bytes */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ret = csvio_append_atomic(path, &header, &rows, NULL);
	setrlimit(RLIMIT_FSIZE, &old);
	sigaction(SIGXFSZ, &old_sa, NULL);
	assert_int_equal(ret, -EFBIG);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "schema,v\ns,a-longer-value-that-does-not-fit-below-the-limit\n");
	unlink(path);
	csvio_buf_free(&header);
	csvio_buf_free(&rows);
}

struct counted {
	size_t rows;
};

static int count_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct counted *c = arg;

	(void)fields;
	(void)n;
	(void)record_no;
	c->rows++;
	return 0;
}

/* Readers read the whole records and leave a torn tail unread (reported in
 * *tail), without changing the file; NUL bytes and non-files are refused. */
static void test_csvio_read_whole(void **state)
{
	char path[] = "/tmp/parity-test-csvio.XXXXXX", content[256];
	struct counted c = { 0 };
	struct csvio_tail t;
	size_t record_no;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a,b,c\n1,2,3\n4,5", 15), 15);
	close(fd);
	assert_int_equal(csvio_read_whole(path, count_row, &c, &t, &record_no), 0);
	assert_int_equal(c.rows, 2);
	assert_true(csvio_tail_torn(&t));
	assert_int_equal(t.tail_record, 3);
	assert_int_equal(t.tail_fields, 2);
	assert_int_equal(t.fields, 3);
	slurp(path, content, sizeof(content));
	assert_string_equal(content, "a,b,c\n1,2,3\n4,5");
	/* A strict reader still sees it (and fails on the short record later). */
	c.rows = 0;
	assert_int_equal(csvio_read_file(path, count_row, &c), 0);
	assert_int_equal(c.rows, 3);
	/* An open quote before whole rows is no torn tail: read, and refused
	 * as malformed where the quote opened. */
	spill(path, "a,b,c\n1,\"2,3\n4,5,6\n", O_TRUNC);
	c.rows = 0;
	assert_int_equal(csvio_read_whole(path, count_row, &c, &t, &record_no), -EBADMSG);
	assert_false(csvio_tail_torn(&t));
	/* A NUL byte inside a field: refused, with its record. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "a,b\n1,2\n3,x\0y\n", 14), 14);
	close(fd);
	c.rows = 0;
	assert_int_equal(csvio_read_whole(path, count_row, &c, &t, &record_no), -EILSEQ);
	assert_int_equal(record_no, 3);
	unlink(path);
	assert_int_equal(csvio_read_whole("/tmp", count_row, &c, &t, NULL), -EISDIR);
	assert_int_equal(csvio_read_whole("/dev/zero", count_row, &c, &t, NULL), -ENODEV);
	assert_int_equal(csvio_read_file("/dev/null", count_row, &c), -ENODEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csvio_quoting_only_when_needed),
		cmocka_unit_test(test_csvio_round_trip),
		cmocka_unit_test(test_csvio_last_record_without_newline),
		cmocka_unit_test(test_csvio_malformed_and_callback_stop),
		cmocka_unit_test(test_csvio_append_atomic_sets_torn_tail_aside),
		cmocka_unit_test(test_csvio_append_atomic_completes_last_row),
		cmocka_unit_test(test_csvio_append_atomic_all_or_nothing),
		cmocka_unit_test(test_csvio_read_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
