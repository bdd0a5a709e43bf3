#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "core/spawn.h"

static char log_path[] = "/tmp/parity-test-spawn.XXXXXX";

static int setup(void **state)
{
	int fd = mkstemp(log_path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	return spawn_become_subreaper();
}

static int teardown(void **state)
{
	(void)state;
	unlink(log_path);
	return 0;
}

static void run(char *const *argv, const char *tag, double timeout_s, struct spawn_result *res)
{
	struct strvec env = { 0 };
	struct spawn_req req = { .argv = argv, .env = &env, .log_path = log_path, .tag = tag,
				 .timeout_s = timeout_s, .grace_s = 0.5 };

	assert_int_equal(strvec_push(&env, "PARITY_TEST_VALUE=hello world"), 0);
	assert_int_equal(spawn_run(&req, res), 0);
	strvec_free(&env);
}

static void test_spawn_exit_status_env_and_log(void **state)
{
	char *argv[] = { "sh", "-c", "echo \"$PARITY_TEST_VALUE $PARITY_RUN_TAG\"; echo err >&2; exit 3", NULL };
	struct spawn_result res;
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

static void test_spawn_missing_program(void **state)
{
	char *argv[] = { "/nonexistent/parity-none", NULL };
	struct spawn_req req = { .argv = argv, .log_path = log_path, .tag = "t-missing", .timeout_s = 5 };
	struct spawn_result res;

	(void)state;
	assert_int_equal(spawn_run(&req, &res), -ENOENT);
}

/* A hang is killed at the deadline, with its children, including one that
 * left the process group (setsid) and would otherwise be orphaned. */
static void test_spawn_timeout_kills_everything(void **state)
{
	char *argv[] = { "sh", "-c", "sleep 300 & setsid sleep 301 & sleep 302", NULL };
	struct spawn_result res;

	(void)state;
	run(argv, "t-hang", 0.5, &res);
	assert_true(res.timed_out);
	assert_true(res.wall_s >= 0.5);
	assert_true(res.wall_s < 10);
	assert_int_equal(spawn_kill_tagged("t-hang", 0), 0);
	assert_int_equal(system("pgrep -f '^sleep 30[012]$' >/dev/null"), 256);
}

/* The command ends but leaves a daemon behind: it is killed too. */
static void test_spawn_straggler(void **state)
{
	char *argv[] = { "sh", "-c", "setsid sleep 303 & exit 0", NULL };
	struct spawn_result res;

	(void)state;
	run(argv, "t-straggler", 10, &res);
	assert_false(res.timed_out);
	assert_int_equal(res.exit_code, 0);
	assert_true(res.stragglers >= 1);
	assert_int_equal(spawn_kill_tagged("t-straggler", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spawn_exit_status_env_and_log),
		cmocka_unit_test(test_spawn_missing_program),
		cmocka_unit_test(test_spawn_timeout_kills_everything),
		cmocka_unit_test(test_spawn_straggler),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
