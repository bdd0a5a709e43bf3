/* Unit tests for harness/stage: hard links keep the inode, links and
 * replacement of an older stage. */
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind/stage.h"

static void test_stage_roundtrip(void **state)
{
	char dir[] = "/tmp/test_stage.XXXXXX", src[256], final[256], path[PATH_MAX], target[64];
	struct stat a, b;
	struct stage st;
	FILE *fp;
	ssize_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/libx.so.1.2", dir);
	fp = fopen(src, "w");
	assert_non_null(fp);
	fputs("payload", fp);
	fclose(fp);
	snprintf(final, sizeof(final), "%s/stages/mpich", dir);

	assert_int_equal(stage_begin(&st, final), 0);
	assert_int_equal(stage_file(&st, src, "lib/libx.so.1"), 0);
	assert_int_equal(stage_file(&st, src, "lib/libx.so.1"), 0); /* already there: fine */
	assert_int_equal(stage_symlink(&st, "libx.so.1", "lib/libx.so"), 0);
	assert_int_equal(stage_file(&st, "/nonexistent/file", "lib/none"), -ENOENT);
	assert_int_equal(stage_commit(&st), 0);
	assert_int_equal(st.links, 1);

	snprintf(path, sizeof(path), "%s/lib/libx.so.1", final);
	assert_int_equal(stat(src, &a), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	snprintf(path, sizeof(path), "%s/lib/libx.so", final);
	n = readlink(path, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "libx.so.1");

	/* A second stage replaces the first completely. */
	assert_int_equal(stage_begin(&st, final), 0);
	assert_int_equal(stage_file(&st, src, "lib/liby.so.1"), 0);
	assert_int_equal(stage_commit(&st), 0);
	snprintf(path, sizeof(path), "%s/lib/libx.so.1", final);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/lib/liby.so.1", final);
	assert_int_equal(access(path, F_OK), 0);

	/* An aborted stage leaves nothing behind and the old stage intact. */
	assert_int_equal(stage_begin(&st, final), 0);
	assert_int_equal(stage_file(&st, src, "lib/libz.so.1"), 0);
	stage_abort(&st);
	assert_int_equal(access(st.work_dir, F_OK), -1);
	assert_int_equal(access(path, F_OK), 0);

	assert_int_equal(stage_remove_tree(dir), 0);
	assert_int_equal(access(dir, F_OK), -1);
}

static void test_stage_copy_across_fs(void **state)
{
	char dir[] = "/dev/shm/test_stage.XXXXXX", final[256], path[PATH_MAX];
	struct stat a, b;
	struct stage st;

	(void)state;
	/* /dev/shm is a tmpfs: a different file system from /usr when it exists. */
	if (!mkdtemp(dir))
		skip();
	assert_int_equal(stat("/proc/self/exe", &a), 0);
	snprintf(final, sizeof(final), "%s/s", dir);
	assert_int_equal(stage_begin(&st, final), 0);
	assert_int_equal(stage_file(&st, "/proc/self/exe", "bin/copy"), 0);
	assert_int_equal(stage_commit(&st), 0);
	snprintf(path, sizeof(path), "%s/bin/copy", final);
	assert_int_equal(stat(path, &b), 0);
	if (a.st_dev != b.st_dev) {
		assert_int_equal(st.copies, 1);
		assert_int_equal((long long)a.st_size, (long long)b.st_size);
		assert_true(b.st_mode & S_IXUSR);
	}
	assert_int_equal(stage_remove_tree(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_roundtrip),
		cmocka_unit_test(test_stage_copy_across_fs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
