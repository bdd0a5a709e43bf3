#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void test_csvio_append_atomic_repairs_torn_tail(void **state)
{
	char path[] = "/tmp/parity-test-csvio.XXXXXX";
	const char *h[] = { "schema", "v" }, *r1[] = { "s", "1" }, *r2[] = { "s", "2" };
	struct csvio_buf header = { 0 }, rows = { 0 };
	char content[256];
	size_t cut = 99;
	ssize_t got;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(csvio_buf_add_row(&header, h, 2), 0);
	assert_int_equal(csvio_buf_add_row(&rows, r1, 2), 0);
	/* Empty file: header then rows. */
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &cut), 0);
	assert_int_equal(cut, 0);
	/* Simulate a writer killed in the middle of a record. */
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "s,3", 3), 3);
	close(fd);
	csvio_buf_free(&rows);
	assert_int_equal(csvio_buf_add_row(&rows, r2, 2), 0);
	assert_int_equal(csvio_append_atomic(path, &header, &rows, &cut), 0);
	assert_int_equal(cut, 3);
	fd = open(path, O_RDONLY);
	got = read(fd, content, sizeof(content) - 1);
	close(fd);
	assert_true(got > 0);
	content[got] = '\0';
	/* The header is not written twice and the torn record is gone. */
	assert_string_equal(content, "schema,v\ns,1\ns,2\n");
	unlink(path);
	csvio_buf_free(&header);
	csvio_buf_free(&rows);
	assert_int_equal(csvio_append_atomic("/nonexistent/dir/x.csv", NULL, NULL, NULL), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csvio_quoting_only_when_needed),
		cmocka_unit_test(test_csvio_round_trip),
		cmocka_unit_test(test_csvio_last_record_without_newline),
		cmocka_unit_test(test_csvio_malformed_and_callback_stop),
		cmocka_unit_test(test_csvio_append_atomic_repairs_torn_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
