#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"

#include "run/record.h"
#include "run/sha256.h"

static const char bench_fixture[] =
	"schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99,stddev,validation\n"
	"parity-bench/1.0,bw,1,100,10,2,bandwidth,MB/s,2.5,2.0,3.0,2.4,2.9,3.0,0.1,off\n"
	"parity-bench/1.0,bw,2,100,10,2,bandwidth,MB/s,5.5,5.0,6.0,5.4,5.9,6.0,0.1,off\n";

struct fixture {
	char root[64];
	struct record_campaign c;
};

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	assert_non_null(fp);
	fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	return buf;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->root, sizeof(f->root), "/tmp/parity-test-record.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	assert_int_equal(record_campaign_open(f->root, "camp", true, &f->c), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	assert_int_equal(system(cmd), 0);
	record_campaign_free(&f->c);
	free(f);
	return 0;
}

static void fill_run(struct record_run *run, const char *mode, const char *kernel, const char *rep,
		     const char *status)
{
	memset(run, 0, sizeof(*run));
	run->col[RUNS_COL_campaign] = "camp";
	run->col[RUNS_COL_run_id] = "r01-x";
	run->col[RUNS_COL_repetition] = rep;
	run->col[RUNS_COL_mode] = mode;
	run->col[RUNS_COL_kernel] = kernel;
	run->col[RUNS_COL_placement] = "intra";
	run->col[RUNS_COL_status] = status;
	run->col[RUNS_COL_image] = "/images/with space, and comma";
}

/* A parity-bench/1.1 file: its sample count and the within-run interval of
 * the median reach runs.csv, with the run's round position and seed. */
static void test_record_bench_1_1_columns(void **state)
{
	static const char bench11[] =
		"schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99,stddev,validation,"
		"samples,batch,median_ci_low,median_ci_high\n"
		"parity-bench/1.1,latency,8,250000,100,2,latency,us,0.18,0.17,0.30,0.175,0.19,0.21,0.01,off,1990,125,0.174,0.176\n";
	struct fixture *f = *state;
	struct record_run run;
	char bench[128], *text;
	size_t n = 0;

	snprintf(bench, sizeof(bench), "%s/bench11.csv", f->root);
	write_text(bench, bench11);
	fill_run(&run, "native", "latency", "3", "ok");
	run.col[RUNS_COL_round_position] = "2";
	run.col[RUNS_COL_seed] = "12345";
	assert_int_equal(record_append_run(&f->c, &run, bench, &n), 0);
	assert_int_equal(n, 1);
	text = read_text(f->c.runs_csv);
	assert_non_null(strstr(text, ",latency,8,250000,latency,us,0.18,0.17,0.30,0.175,0.21,ok,"));
	/* No datatype in a 1.1 file: the 1.2 column stays empty. */
	assert_non_null(strstr(text, ",1990,0.174,0.176,2,12345,,\n"));
	free(text);
}

/* A parity-bench/1.2 file: its datatype reaches runs.csv's last column. */
static void test_record_bench_1_2_datatype(void **state)
{
	static const char bench12[] =
		"schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99,stddev,validation,"
		"samples,batch,median_ci_low,median_ci_high,datatype\n"
		"parity-bench/1.2,allreduce,1024,1000,100,2,latency,us,2.1,2.0,2.5,2.05,2.2,2.4,0.1,off,1000,1,2.04,2.06,MPI_INT\n";
	struct fixture *f = *state;
	struct record_run run;
	char bench[128], *text;
	size_t n = 0;

	snprintf(bench, sizeof(bench), "%s/bench12.csv", f->root);
	write_text(bench, bench12);
	fill_run(&run, "native", "allreduce", "1", "ok");
	assert_int_equal(record_append_run(&f->c, &run, bench, &n), 0);
	assert_int_equal(n, 1);
	text = read_text(f->c.runs_csv);
	assert_non_null(strstr(text, ",1000,2.04,2.06,"));
	assert_non_null(strstr(text, ",MPI_INT\n"));
	assert_non_null(strstr(text, ",note,datatype\n"));
	free(text);
}

static void test_record_rows_and_resume(void **state)
{
	struct fixture *f = *state;
	struct record_run run;
	struct record_done done;
	char bench[128], *text;
	size_t n = 0;

	snprintf(bench, sizeof(bench), "%s/bench.csv", f->root);
	write_text(bench, bench_fixture);
	fill_run(&run, "bind", "bw", "2", "ok");
	assert_int_equal(record_append_run(&f->c, &run, bench, &n), 0);
	assert_int_equal(n, 2);
	fill_run(&run, "hybrid", "bw", "2", "timeout");
	assert_int_equal(record_append_run(&f->c, &run, NULL, &n), 0);
	assert_int_equal(n, 1);
	text = read_text(f->c.runs_csv);
	/* One header, then two measurement rows and one status row. */
	assert_int_equal(strncmp(text, "schema,campaign,run_id,", 23), 0);
	assert_non_null(strstr(text, "parity-runs/1.2,camp,r01-x,2,,bind,,\"/images/with space, and comma\""));
	assert_non_null(strstr(text, ",bw,2,100,bandwidth,MB/s,5.5,5.0,6.0,5.4,6.0,ok,"));
	assert_non_null(strstr(text, ",hybrid,"));
	assert_null(strstr(strstr(text, "\n") + 1, "schema,"));
	free(text);
	assert_int_equal(record_read_done(f->c.runs_csv, &done), 0);
	assert_true(record_done_has(&done, "bind", "bw", 2, "intra"));
	assert_false(record_done_has(&done, "hybrid", "bw", 2, "intra"));   /* timeout: run again */
	assert_false(record_done_has(&done, "bind", "bw", 1, "intra"));
	assert_false(record_done_has(&done, "bind", "bw", 2, "inter"));
	assert_false(record_done_has(&done, "bind", "latency", 2, "intra"));
	record_done_free(&done);
}

/* A crash in the middle of a row (simulated) is repaired by the next append
 * and the resume reader never sees the torn row. */
static void test_record_torn_tail(void **state)
{
	struct fixture *f = *state;
	struct record_run run;
	struct record_done done;
	char *text;
	int fd;

	fill_run(&run, "native", "latency", "1", "ok");
	assert_int_equal(record_append_run(&f->c, &run, NULL, NULL), 0);
	fd = open(f->c.runs_csv, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "parity-runs/1.0,camp,r01-torn,1,,bind", 37), 37);
	close(fd);
	fill_run(&run, "native", "latency", "2", "ok");
	assert_int_equal(record_append_run(&f->c, &run, NULL, NULL), 0);
	text = read_text(f->c.runs_csv);
	assert_null(strstr(text, "r01-torn"));
	free(text);
	assert_int_equal(record_read_done(f->c.runs_csv, &done), 0);
	assert_int_equal(done.n, 2);
	record_done_free(&done);
}

static void test_record_rejects_foreign_files(void **state)
{
	struct fixture *f = *state;
	struct record_run run;
	struct record_done done;
	char bench[128];

	snprintf(bench, sizeof(bench), "%s/bench.csv", f->root);
	write_text(bench, "a,b\n1,2\n");
	fill_run(&run, "bind", "bw", "1", "ok");
	assert_int_equal(record_append_run(&f->c, &run, bench, NULL), -EPROTO);
	/* Header only: a run that measured nothing is not recorded as measured. */
	write_text(bench, "schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99,stddev,validation\n");
	assert_int_equal(record_append_run(&f->c, &run, bench, NULL), -ENODATA);
	assert_int_equal(access(f->c.runs_csv, F_OK), -1);
	write_text(f->c.runs_csv, "schema,x\nother/1.0,1\n");
	assert_int_equal(record_read_done(f->c.runs_csv, &done), -EPROTO);
	unlink(f->c.runs_csv);
	assert_int_equal(record_read_done(f->c.runs_csv, &done), 0);
	assert_int_equal(done.n, 0);
}

static void test_record_writable(void **state)
{
	struct fixture *f = *state;
	const char *what;
	char file[128];

	assert_int_equal(record_check_writable(f->root, "new/deeper", &what), 0);
	snprintf(file, sizeof(file), "%s/plainfile", f->root);
	write_text(file, "x");
	assert_int_equal(record_check_writable(file, "camp", &what), -ENOTDIR);
	if (geteuid() != 0) {
		chmod(f->root, 0500);
		assert_int_equal(record_check_writable(f->root, "c2", &what), -EACCES);
		chmod(f->root, 0700);
	}
}

static void test_record_sha256_vectors(void **state)
{
	struct sha256 s;
	char hex[65];
	char million[1000];
	int i;

	(void)state;
	sha256_init(&s);
	sha256_update(&s, "abc", 3);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&s);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_init(&s);
	sha256_update(&s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	sha256_init(&s);
	for (i = 0; i < 1000; i++)
		sha256_update(&s, million, sizeof(million));
	sha256_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_record_image_digest(void **state)
{
	struct fixture *f = *state;
	char img[128], path[192], d1[65], d2[65], d3[65], cached[65];

	snprintf(img, sizeof(img), "%s/image dir", f->root);
	mkdir(img, 0755);
	snprintf(path, sizeof(path), "%s/etc", img);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/os-release", img);
	write_text(path, "debian\n");
	snprintf(path, sizeof(path), "%s/lib", img);
	assert_int_equal(symlink("usr/lib", path), 0);
	assert_int_equal(record_digest_path(img, d1), 0);
	assert_int_equal(record_digest_path(img, d2), 0);
	assert_string_equal(d1, d2);
	assert_int_equal(record_image_digest(&f->c, img, cached), 0);
	assert_string_equal(cached, d1);
	snprintf(path, sizeof(path), "%s/etc/os-release", img);
	write_text(path, "debiaN\n");
	assert_int_equal(record_digest_path(img, d3), 0);
	assert_string_not_equal(d1, d3);
	/* A file image is the sha256 of its bytes. */
	snprintf(path, sizeof(path), "%s/image.sif", f->root);
	write_text(path, "abc");
	assert_int_equal(record_image_digest(&f->c, path, d1), 0);
	assert_string_equal(d1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(record_image_digest(&f->c, "/nonexistent/img", d1), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_rows_and_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_bench_1_1_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_bench_1_2_datatype, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_torn_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_rejects_foreign_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_writable, setup, teardown),
		cmocka_unit_test(test_record_sha256_vectors),
		cmocka_unit_test_setup_teardown(test_record_image_digest, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
