#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit.h"

#include "core/lock.h"
#include "run/workdir_clean.h"

/* In a child process: what lock_take(dir) returns, and the holder it names
 * (as the child's exit status: 0 taken, 1 busy naming want_holder, 2 else). */
static int lock_in_child(const char *dir, long want_holder)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct lock l;
		long holder = -1;
		int ret = lock_take(dir, &l, &holder);

		_exit(ret == 0 ? 0 : ret == -EBUSY && holder == want_holder ? 1 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WEXITSTATUS(status);
}

/* One holder at a time, named by pid to the one refused; free once released. */
static void test_lock_one_writer(void **state)
{
	char dir[] = "/tmp/parity-test-lock.XXXXXX", path[64], buf[32] = "";
	struct lock l = LOCK_INIT;
	long holder = -1;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(lock_take(dir, &l, &holder), 0);
	assert_int_equal(lock_in_child(dir, (long)getpid()), 1);
	snprintf(path, sizeof(path), "%s/.lock", dir);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_int_equal(strtol(buf, NULL, 10), (long)getpid());
	lock_release(&l);
	assert_int_equal(l.fd, -1);
	assert_int_equal(lock_in_child(dir, 0), 0);
	assert_int_equal(lock_take("/nonexistent/dir", &l, &holder), -ENOENT);
	unlink(path);
	rmdir(dir);
}

/* The stale scan removes only work directories whose owner is gone: not a
 * live one (its lock held by another process), not one being claimed (no
 * pid yet), not our own, not other names. */
static void test_workdir_clean_stale(void **state)
{
	char base[] = "/tmp/parity-test-wdc.XXXXXX", stale[96], live[96], claiming[96], mine[96], other[96], p[128];
	struct lock l = LOCK_INIT;
	int pipefd[2], status;
	unsigned n = 99;
	pid_t child;
	FILE *fp;
	char c;

	(void)state;
	assert_non_null(mkdtemp(base));
	snprintf(stale, sizeof(stale), "%s/parity-a.1", base);
	snprintf(live, sizeof(live), "%s/parity-b.2", base);
	snprintf(claiming, sizeof(claiming), "%s/parity-c.3", base);
	snprintf(mine, sizeof(mine), "%s/parity-d.4", base);
	snprintf(other, sizeof(other), "%s/other.5", base);
	assert_int_equal(mkdir(stale, 0700), 0);
	assert_int_equal(mkdir(live, 0700), 0);
	assert_int_equal(mkdir(claiming, 0700), 0);
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(mkdir(mine, 0700), 0);
	snprintf(p, sizeof(p), "%s/stage", stale);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/.lock", stale);
	fp = fopen(p, "w");
	fprintf(fp, "999999\n");
	fclose(fp);
	snprintf(p, sizeof(p), "%s/.lock", claiming);
	fclose(fopen(p, "w"));
	snprintf(p, sizeof(p), "%s/.lock", other);
	fp = fopen(p, "w");
	fprintf(fp, "999999\n");
	fclose(fp);
	assert_int_equal(workdir_clean_claim(mine, &l), 0);
	/* A live owner: a child holding the lock of live until told to go. */
	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct lock cl;

		close(pipefd[1]);
		if (workdir_clean_claim(live, &cl) != 0)
			_exit(2);
		if (read(pipefd[0], &c, 1) < 0)
			_exit(3);
		_exit(0);
	}
	close(pipefd[0]);
	/* Wait until the child's pid is in live/.lock. */
	snprintf(p, sizeof(p), "%s/.lock", live);
	for (;;) {
		char buf[32] = "";

		fp = fopen(p, "r");
		if (fp && fgets(buf, sizeof(buf), fp) && strchr(buf, '\n')) {
			fclose(fp);
			break;
		}
		if (fp)
			fclose(fp);
		usleep(1000);
	}
	assert_int_equal(workdir_clean_stale(base, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(claiming, F_OK), 0);
	assert_int_equal(access(mine, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	/* The live owner ends (as a kill -9 would): its directory is stale now. */
	assert_int_equal(write(pipefd[1], "x", 1), 1);
	close(pipefd[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(workdir_clean_stale(base, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(access(live, F_OK), -1);
	lock_release(&l);
	assert_int_equal(workdir_clean_remove(mine), 0);
	assert_int_equal(workdir_clean_remove(claiming), 0);
	assert_int_equal(workdir_clean_remove(other), 0);
	assert_int_equal(rmdir(base), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_one_writer),
		cmocka_unit_test(test_workdir_clean_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
