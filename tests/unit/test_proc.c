#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"

#include "core/proc.h"

static char log_path[] = "/tmp/parity-test-spawn.XXXXXX";

static int setup(void **state)
{
	int fd = mkstemp(log_path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	return proc_become_subreaper();
}

static int teardown(void **state)
{
	(void)state;
	unlink(log_path);
	return 0;
}

static void run(char *const *argv, const char *tag, double timeout_s, struct proc_result *res)
{
	struct strvec env = { 0 };
	struct proc_req req = { .argv = argv, .env = &env, .out = PROC_FILE, .err = PROC_FILE, .log_path = log_path,
				 .tag = tag, .timeout_s = timeout_s, .grace_s = 0.5 };

	assert_int_equal(strvec_push(&env, "PARITY_TEST_VALUE=hello world"), 0);
	assert_int_equal(proc_run(&req, res), 0);
	strvec_free(&env);
}

static void test_proc_exit_status_env_and_log(void **state)
{
	char *argv[] = { "sh", "-c", "echo \"$PARITY_TEST_VALUE $PARITY_RUN_TAG\"; echo err >&2; exit 3", NULL };
	struct proc_result res;
	char buf[256] = "";
	FILE *fp;

	(void)state;
	run(argv, "t-exit", 10, &res);
	assert_false(res.timed_out);
	assert_int_equal(res.exit_code, 3);
	fp = fopen(log_path, "r");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, fp) > 0, 1);
	fclose(fp);
	assert_string_equal(buf, "hello world t-exit\nerr\n");
}

static void test_proc_missing_program(void **state)
{
	char *argv[] = { "/nonexistent/parity-none", NULL };
	struct proc_req req = { .argv = argv, .out = PROC_FILE, .log_path = log_path, .tag = "t-missing", .timeout_s = 5 };
	struct proc_result res;

	(void)state;
	assert_int_equal(proc_run(&req, &res), -ENOENT);
}

/* A hang is killed at the deadline, with its children, including one that
 * left the process group (setsid) and would otherwise be orphaned. */
static void test_proc_timeout_kills_everything(void **state)
{
	char *argv[] = { "sh", "-c", "sleep 300 & setsid sleep 301 & sleep 302", NULL };
	struct proc_result res;

	(void)state;
	run(argv, "t-hang", 0.5, &res);
	assert_true(res.timed_out);
	assert_true(res.wall_s >= 0.5);
	assert_true(res.wall_s < 10);
	assert_int_equal(proc_kill_tagged("t-hang", 0), 0);
	assert_int_equal(system("pgrep -f '^sleep 30[012]$' >/dev/null"), 256);
}

static bool done_when_file(void *arg)
{
	return access(arg, F_OK) == 0;
}

/* A command that delivered what it was run for and then hangs (MPI_Finalize)
 * is ended done_grace_s later, not at its timeout, and says so; one that
 * ends by itself within the grace period is an ordinary exit. */
static void test_proc_done_then_hang(void **state)
{
	char flag[] = "/tmp/parity-test-done.XXXXXX";
	int fd = mkstemp(flag);
	char script[256];
	char *argv[] = { "sh", "-c", script, NULL };
	struct proc_req req = { .argv = argv, .out = PROC_NULL, .err = PROC_NULL, .tag = "t-done",
				.timeout_s = 300, .grace_s = 0.5, .done = done_when_file, .done_arg = flag,
				.done_grace_s = 0.3 };
	struct proc_result res;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(flag);
	snprintf(script, sizeof(script), "sleep 0.2; touch %s; sleep 304", flag);
	assert_int_equal(proc_run(&req, &res), 0);
	assert_true(res.ended_after_done);
	assert_false(res.timed_out);
	assert_true(res.done_after_s > 0 && res.done_after_s <= res.wall_s);
	assert_int_equal(system("pgrep -f '^sleep 304$' >/dev/null"), 256);
	unlink(flag);
	snprintf(script, sizeof(script), "touch %s; exit 3", flag);
	assert_int_equal(proc_run(&req, &res), 0);
	assert_false(res.ended_after_done);
	assert_false(res.timed_out);
	assert_int_equal(res.exit_code, 3);
	unlink(flag);
}

/* The command ends but leaves a daemon behind: it is killed too. */
static void test_proc_straggler(void **state)
{
	char *argv[] = { "sh", "-c", "setsid sleep 303 & exit 0", NULL };
	struct proc_result res;

	(void)state;
	run(argv, "t-straggler", 10, &res);
	assert_false(res.timed_out);
	assert_int_equal(res.exit_code, 0);
	assert_true(res.stragglers >= 1);
	assert_int_equal(proc_kill_tagged("t-straggler", 0), 0);
}

/* Output into a buffer and the last line of the errors (what Slurm's client
 * commands and image tools are asked with). */
static void test_proc_capture(void **state)
{
	char *ok[] = { "sh", "-c", "echo out; echo first >&2; echo last >&2; exit 3", NULL };
	char *missing[] = { "parity-no-such-program", NULL };
	struct proc_req req = { .argv = ok, .out = PROC_CAPTURE, .err = PROC_LAST_LINE };
	struct proc_result res;

	(void)state;
	assert_int_equal(proc_run(&req, &res), 0);
	assert_string_equal(res.out, "out\n");
	assert_string_equal(res.err_last, "last");
	assert_int_equal(proc_status(&res), 3);
	proc_result_free(&res);
	req.argv = missing;
	assert_int_equal(proc_run(&req, &res), -ENOENT);
	assert_true(proc_have("sh"));
	assert_false(proc_have("parity-no-such-program"));
}

/* More output than asked for is cut and said so; stderr can follow stdout;
 * the working directory is the one asked for. */
static void test_proc_capture_limit_and_cwd(void **state)
{
	char *big[] = { "sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; pwd >&2", NULL };
	struct proc_req req = { .argv = big, .cwd = "/", .out = PROC_CAPTURE, .err = PROC_TO_STDOUT,
				.capture_max = 1000 };
	struct proc_result res;

	(void)state;
	assert_int_equal(proc_run(&req, &res), 0);
	assert_int_equal(res.out_len, 1000);
	assert_true(res.out_truncated);
	assert_int_equal(res.exit_code, 0);
	proc_result_free(&res);
	big[2] = "pwd; echo oops >&2; kill -9 $$";
	req.capture_max = 0;
	assert_int_equal(proc_run(&req, &res), 0);
	assert_string_equal(res.out, "/\noops\n");
	assert_true(res.signaled);
	assert_int_equal(proc_status(&res), 128 + SIGKILL);
	proc_result_free(&res);
}

/* One PATH lookup: an empty entry is the current directory, a directory
 * of that name is not a program, no PATH means /usr/bin:/bin. */
static void test_proc_which(void **state)
{
	char dir[] = "/tmp/parity-test-which.XXXXXX", prog[128], *old = getenv("PATH"), *saved, *path = NULL;
	FILE *fp;

	(void)state;
	saved = old ? strdup(old) : NULL;
	assert_non_null(mkdtemp(dir));
	snprintf(prog, sizeof(prog), "%s/tool", dir);
	fp = fopen(prog, "w");
	assert_non_null(fp);
	fputs("#!/bin/sh\nexit 0\n", fp);
	fclose(fp);
	assert_int_equal(chmod(prog, 0755), 0);
	snprintf(prog, sizeof(prog), "%s/sub", dir);
	assert_int_equal(mkdir(prog, 0755), 0);
	snprintf(prog, sizeof(prog), "%s/sub/sh", dir);
	assert_int_equal(mkdir(prog, 0755), 0);

	snprintf(prog, sizeof(prog), "%s/sub:/bin", dir);
	setenv("PATH", prog, 1);
	assert_int_equal(proc_which("sh", &path), 0);   /* sub/sh is a directory */
	assert_string_equal(path, "/bin/sh");
	free(path);
	assert_int_equal(chdir(dir), 0);
	setenv("PATH", "/nonexistent::/also-not", 1);
	assert_int_equal(proc_which("tool", &path), 0); /* the empty entry */
	assert_string_equal(path, "./tool");
	free(path);
	unsetenv("PATH");
	assert_int_equal(proc_which("sh", &path), 0);
	free(path);
	assert_int_equal(proc_which("tool", &path), -ENOENT);
	assert_null(path);
	assert_int_equal(proc_which("./tool", &path), 0);
	free(path);
	assert_int_equal(proc_which("", &path), -ENOENT);
	assert_int_equal(chdir("/"), 0);
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	snprintf(prog, sizeof(prog), "rm -rf '%s'", dir);
	assert_int_equal(system(prog), 0);
}

/* stderr passed on while its last line is kept (parity task). */
static void test_proc_tee(void **state)
{
	char *argv[] = { "sh", "-c", "echo one >&2; printf 'two\\n\\n' >&2; exit 0", NULL };
	struct proc_req req = { .argv = argv, .out = PROC_NULL, .err = PROC_TEE };
	struct proc_result res;

	(void)state;
	assert_int_equal(proc_run(&req, &res), 0);
	assert_string_equal(res.err_last, "two");
	assert_int_equal(res.exit_code, 0);
	proc_result_free(&res);
}

struct tick_log {
	unsigned n;
	double elapsed[16];
};

static void tick_record(void *arg, double elapsed_s)
{
	struct tick_log *t = arg;

	if (t->n < 16)
		t->elapsed[t->n] = elapsed_s;
	t->n++;
}

/* The tick of a running command (the progress line's live counter): first
 * a second after the start, never twice within a second, never after the
 * command ended. */
static void test_proc_tick(void **state)
{
	char *argv[] = { "sleep", "2.3", NULL };
	struct tick_log t = { 0 };
	struct proc_req req = { .argv = argv, .out = PROC_NULL, .err = PROC_NULL, .tick = tick_record, .tick_arg = &t };
	struct proc_result res;
	unsigned i;

	(void)state;
	assert_int_equal(proc_run(&req, &res), 0);
	assert_int_equal(res.exit_code, 0);
	assert_true(t.n >= 1 && t.n <= 16);
	for (i = 0; i < t.n; i++) {
		assert_true(t.elapsed[i] >= 1.0 * (i + 1));
		assert_true(t.elapsed[i] <= res.wall_s);
		if (i)
			assert_true(t.elapsed[i] - t.elapsed[i - 1] >= 0.999);
	}
	proc_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_exit_status_env_and_log),
		cmocka_unit_test(test_proc_missing_program),
		cmocka_unit_test(test_proc_timeout_kills_everything),
		cmocka_unit_test(test_proc_straggler),
		cmocka_unit_test(test_proc_done_then_hang),
		cmocka_unit_test(test_proc_capture),
		cmocka_unit_test(test_proc_capture_limit_and_cwd),
		cmocka_unit_test(test_proc_which),
		cmocka_unit_test(test_proc_tee),
		cmocka_unit_test(test_proc_tick),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
