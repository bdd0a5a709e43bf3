#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "run/plan.h"

static int setup(void **state)
{
	struct plan *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	assert_int_equal(plan_init(p, "mpich"), 0);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	plan_free(*state);
	free(*state);
	return 0;
}

static int parse(struct plan *p, const char *const *args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = "run";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	return plan_parse_args(p, argc, argv);
}

static void test_plan_defaults(void **state)
{
	struct plan *p = *state;

	assert_int_equal(p->nmodes, 3);
	assert_int_equal(p->modes[0], MODE_native);
	assert_int_equal(p->modes[1], MODE_hybrid);
	assert_int_equal(p->modes[2], MODE_bind);
	assert_int_equal(p->nkernels, 4);
	assert_string_equal(kernels_at(p->kernels[3])->name, "allreduce");
	assert_string_equal(p->runtime, "charliecloud");
	assert_string_equal(p->mpi, "mpich");
	assert_int_equal(p->ranks, 2);
	assert_int_equal(p->timeout_s, 300);
	assert_int_equal(p->min_size_bytes, 1);
	assert_int_equal(p->max_size_bytes, 256 << 10);
	assert_true(p->bind_host_mpi);
	assert_false(p->dry_run);
	assert_non_null(strstr(p->image, "parity-mpi"));
	assert_non_null(strstr(p->bind_image, "parity-bare"));
	assert_int_equal(strncmp(p->campaign, "run-", 4), 0);
}

static void test_plan_flags(void **state)
{
	struct plan *p = *state;
	const char *args[] = { "--modes=container-only,native", "--kernels", "bw,latency,bw", "--sizes=8:4K",
			       "--ranks=4", "--dry-run", "--no-bind-host-mpi", "--image=/a b/c d",
			       "--kernel-args=-W 8", NULL };

	assert_int_equal(parse(p, args), 0);
	assert_int_equal(p->nmodes, 2);
	assert_int_equal(p->modes[0], MODE_container_only);
	assert_int_equal(p->nkernels, 2);
	assert_int_equal(p->min_size_bytes, 8);
	assert_int_equal(p->max_size_bytes, 4096);
	assert_int_equal(p->ranks, 4);
	assert_true(p->dry_run);
	assert_false(p->bind_host_mpi);
	assert_string_equal(p->image, "/a b/c d");
	assert_string_equal(p->kernel_args, "-W 8");
}

/* Every bad value is refused (table of cases). */
static void test_plan_bad_flags(void **state)
{
	static const char *const bad[] = {
		"--modes=native,docker", "--kernels=latency,nosuch", "--runtimes=x", "--ranks=0",
		"--ranks=-2", "--ranks=2x", "--timeout=", "--sizes=4K:8", "--sizes=huge", "--mpi=intel",
		"--bind=socket", "--dry-run=maybe", "--campaign=../escape", "--campaign=a/b", "--modes=",
		"--iterations", "positional", "--placement=a,b", "--srun-mpi=pmi7",
		/* MPI counts are int: no message of 2 GiB or more; no largest size 0. */
		"--sizes=5G", "--sizes=2G", "--sizes=1:2G", "--sizes=0",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct plan p;
		const char *args[] = { bad[i], NULL };

		assert_int_equal(plan_init(&p, "openmpi"), 0);
		if (parse(&p, args) != -EINVAL)
			fail_msg("accepted %s", bad[i]);
		plan_free(&p);
	}
	(void)state;
}

static void test_plan_file_and_override(void **state)
{
	struct plan *p = *state;
	char path[] = "/tmp/parity-test-plan.XXXXXX";
	const char *text = "# a campaign\n\ncampaign = nightly\n  modes = hybrid , bind  # trailing\n"
			   "ranks=2\nkernel-args = \" -c \"\ntransport-evidence = yes\n";
	int fd = mkstemp(path);
	char planarg[64];
	const char *args[] = { "--ranks=1", planarg, NULL };

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(planarg, sizeof(planarg), "--plan=%s", path);
	/* The file is applied first wherever --plan appears: the flag wins. */
	assert_int_equal(parse(p, args), 0);
	unlink(path);
	assert_string_equal(p->campaign, "nightly");
	assert_int_equal(p->ranks, 1);
	assert_true(p->transport_evidence);
	assert_string_equal(p->kernel_args, " -c ");
	assert_int_equal(p->nmodes, 2);
	assert_int_equal(p->modes[1], MODE_bind);
}

/* A malformed line is refused with its line number. */
static void test_plan_file_errors(void **state)
{
	static const struct { const char *text; const char *where; } cases[] = {
		{ "ranks = 2\nthis is not a setting\n", ":2: expected 'key = value'" },
		{ "# ok\nnosuchkey = 1\n", ":2: unknown key 'nosuchkey'" },
		{ "\n\n\nranks = many\n", ":4: ranks: 'many'" },
		{ "kernels = latency,warp\n", ":1: kernels: unknown kernel 'warp'" },
		{ "plan = other.conf\n", ":1: unknown key 'plan'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[] = "/tmp/parity-test-plan.XXXXXX", msg[512] = "";
		int fd = mkstemp(path), saved = dup(2), pipefd[2];
		struct plan p;
		ssize_t got;

		assert_int_equal(write(fd, cases[i].text, strlen(cases[i].text)), (ssize_t)strlen(cases[i].text));
		close(fd);
		assert_int_equal(plan_init(&p, "mpich"), 0);
		assert_int_equal(pipe(pipefd), 0);
		dup2(pipefd[1], 2);
		assert_int_equal(plan_load_file(&p, path), -EINVAL);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		close(pipefd[1]);
		got = read(pipefd[0], msg, sizeof(msg) - 1);
		close(pipefd[0]);
		msg[got > 0 ? got : 0] = '\0';
		if (!strstr(msg, cases[i].where))
			fail_msg("case %zu: message '%s' lacks '%s'", i, msg, cases[i].where);
		plan_free(&p);
		unlink(path);
	}
	assert_int_equal(plan_load_file(*state, "/nonexistent/plan.conf"), -ENOENT);
}

/* plan_write's output is a plan file that reproduces the plan. */
static void test_plan_write_round_trip(void **state)
{
	struct plan *p = *state, q;
	const char *args[] = { "--modes=bind", "--image=/img with space/x", "--kernel-args=-W 4", "--ranks=3",
			       "--oversubscribe", NULL };
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	unsigned no = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(parse(p, args), 0);
	assert_int_equal(plan_write(p, fp), 0);
	fclose(fp);
	assert_int_equal(plan_init(&q, "openmpi"), 0);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		assert_int_equal(plan_apply_line(&q, line, "written", ++no), 0);
	assert_string_equal(q.image, p->image);
	assert_string_equal(q.kernel_args, "-W 4");
	assert_string_equal(q.mpi, "mpich");
	assert_string_equal(q.campaign, p->campaign);
	assert_int_equal(q.ranks, 3);
	assert_true(q.oversubscribe);
	assert_int_equal(q.nmodes, 1);
	assert_int_equal(q.modes[0], MODE_bind);
	plan_free(&q);
	free(buf);
}


/* "MIN:" goes up to each kernel's own maximum, as parity-bench -m MIN:. */
static void test_plan_sizes_open_max(void **state)
{
	struct plan *p = *state;
	const char *args[] = { "--sizes=64:", NULL }, *args2[] = { "--sizes=1G", NULL };

	assert_int_equal(parse(p, args), 0);
	assert_int_equal(p->min_size_bytes, 64);
	assert_int_equal(p->max_size_bytes, 0);
	assert_int_equal(parse(p, args2), 0);
	assert_int_equal(p->min_size_bytes, 1);
	assert_int_equal(p->max_size_bytes, 1 << 30);
}

/* Run plan_load_file on text (len bytes); its return and what it logged. */
static int load_text(const char *text, size_t len, char *msg, size_t msglen)
{
	char path[] = "/tmp/parity-test-plan.XXXXXX";
	int fd = mkstemp(path), saved = dup(2), pipefd[2], ret;
	struct plan p;
	ssize_t got;

	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	assert_int_equal(plan_init(&p, "mpich"), 0);
	assert_int_equal(pipe(pipefd), 0);
	dup2(pipefd[1], 2);
	ret = plan_load_file(&p, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(pipefd[1]);
	got = read(pipefd[0], msg, msglen - 1);
	close(pipefd[0]);
	msg[got > 0 ? got : 0] = '\0';
	plan_free(&p);
	unlink(path);
	return ret;
}

/* What is no plan is refused, never read as an empty one: a folder, a
 * device (/dev/zero would never end), NUL bytes, a key given twice. */
static void test_plan_file_refusals(void **state)
{
	char msg[512];
	struct plan p;
	int saved = dup(2), devnull = open("/dev/null", O_WRONLY);

	(void)state;
	assert_int_equal(plan_init(&p, "mpich"), 0);
	dup2(devnull, 2);
	assert_int_equal(plan_load_file(&p, "/tmp"), -EISDIR);
	assert_int_equal(plan_load_file(&p, "/dev/zero"), -ENODEV);
	/* A FIFO nobody writes to reads as empty instead of blocking (the
	 * alarm fails the test if it blocks). */
	{
		char fifo[] = "/tmp/parity-test-plan-fifo.XXXXXX";
		int fd = mkstemp(fifo);

		assert_true(fd >= 0);
		close(fd);
		unlink(fifo);
		assert_int_equal(mkfifo(fifo, 0600), 0);
		alarm(10);
		assert_int_equal(plan_load_file(&p, fifo), 0);
		alarm(0);
		unlink(fifo);
	}
	/* More than a plan can be (1 MiB of comments): refused, not read on. */
	{
		char path[] = "/tmp/parity-test-plan.XXXXXX";
		int fd = mkstemp(path);
		char *big = malloc((1u << 20) + 2);

		assert_true(fd >= 0 && big);
		memset(big, '#', (1u << 20) + 1);
		big[(1u << 20) + 1] = '\n';
		assert_int_equal(write(fd, big, (1u << 20) + 2), (1u << 20) + 2);
		close(fd);
		free(big);
		assert_int_equal(plan_load_file(&p, path), -EFBIG);
		unlink(path);
	}
	dup2(saved, 2);
	close(saved);
	close(devnull);
	plan_free(&p);
	assert_int_equal(load_text("ranks = 2\nmodes = native\0bind\n", 29, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, ":2: a NUL byte"));
	assert_int_equal(load_text("ranks = 2\n# x\nranks = 4\n", 24, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, ":3: ranks is given again (first on line 1)"));
	/* An error line quotes at most 80 characters of a field. */
	{
		char big[4096];

		memset(big, 'x', sizeof(big));
		memcpy(big + sizeof(big) - 4, " = 1", 4);
		assert_int_equal(load_text(big, sizeof(big), msg, sizeof(msg)), -EINVAL);
		assert_non_null(strstr(msg, "xxx...'"));
		assert_true(strlen(msg) < 200);
	}
}

/* A newline in a value (--kernel-args) is escaped by plan_write: read
 * back, it is the same value, and no line of its own sets another key. */
static void test_plan_write_escapes_newlines(void **state)
{
	struct plan *p = *state, q;
	const char *args[] = { "--kernel-args=-W 4\nresults = /elsewhere", "--mode-env=native:A=b\\c", NULL };
	char *buf = NULL, *line, *save = NULL, *copy;
	size_t len = 0;
	unsigned no = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(parse(p, args), 0);
	assert_int_equal(plan_write(p, fp), 0);
	fclose(fp);
	assert_null(strstr(buf, "\nresults = /elsewhere"));
	assert_non_null(strstr(buf, "kernel-args = \"-W 4\\nresults = /elsewhere\"\n"));
	copy = strdup(buf);
	assert_int_equal(plan_init(&q, "openmpi"), 0);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		assert_int_equal(plan_apply_line(&q, line, "written", ++no), 0);
	assert_string_equal(q.kernel_args, "-W 4\nresults = /elsewhere");
	assert_string_equal(q.mode_env, "native:A=b\\c");
	assert_string_equal(q.results, p->results);
	plan_free(&q);
	free(copy);
	free(buf);
}

static void test_plan_help_lists_every_key(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	/* Every key of the plan, written here by hand: the help is generated from
	 * the option table, so only an independent list tells a key that went
	 * missing (or one added without its help line being checked here). */
	static const char *const keys[] = { "--plan=", "--campaign=", "--results=", "--modes=", "--runtime=",
		"--image=", "--bind-image=", "--launcher=", "--mpi=", "--srun-mpi=", "--kernels=", "--sizes=",
		"--iterations=", "--warmup=", "--min-time=", "--repetitions=", "--budget=", "--thresholds=",
		"--max-repetitions=", "--seed=", "--mode-env=", "--ranks=", "--nodes=", "--ranks-per-node=",
		"--placement=", "--timeout=", "--workdir=", "--finalize-grace=", "--kernel-args=", "--bind=", "--bench=", "--image-bench=",
		"--[no-]oversubscribe", "--[no-]bind-host-mpi", "--[no-]transport-evidence", "--[no-]resume",
		"--[no-]dry-run" };
	const char *line;
	size_t options = 0;
	size_t i;

	plan_print_help(*state, fp);
	fclose(fp);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strstr(buf, keys[i]))
			fail_msg("help lacks %s", keys[i]);
	/* ... and nothing else: one "  --" line per key (and -h, --help). */
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		options += strncmp(line, "  --", 4) == 0;
	assert_int_equal(options, sizeof(keys) / sizeof(keys[0]));
	assert_non_null(strstr(buf, "[300]"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_flags, setup, teardown),
		cmocka_unit_test(test_plan_bad_flags),
		cmocka_unit_test_setup_teardown(test_plan_file_and_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_sizes_open_max, setup, teardown),
		cmocka_unit_test(test_plan_file_refusals),
		cmocka_unit_test_setup_teardown(test_plan_write_escapes_newlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_write_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_help_lists_every_key, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
