/* Unit tests of sbatch_script: the generated batch scripts, pinned by golden
 * files in tests/golden/sbatch/ (regenerate with PARITY_GOLDEN_UPDATE=1 and review
 * the diff), and the #SBATCH word check. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "slurm/sbatch_script.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "tests/golden/sbatch"
#endif

static char *script_text(const struct sbatch_tasks *t, long pl, const struct sbatch_script_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	if (pl < 0)
		assert_int_equal(sbatch_script_write_merge(fp, t, o), 0);
	else
		assert_int_equal(sbatch_script_write_array(fp, t, (size_t)pl, o), 0);
	fclose(fp);
	return buf;
}

static void check_golden(const char *name, const char *text)
{
	char path[512], *want;
	FILE *fp;
	long len;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	if (getenv("PARITY_GOLDEN_UPDATE")) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
		return;
	}
	fp = fopen(path, "r");
	if (!fp)
		fail_msg("golden file %s missing (PARITY_GOLDEN_UPDATE=1 writes it)", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	want = calloc(1, (size_t)len + 1);
	assert_int_equal(fread(want, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	if (strcmp(want, text) != 0)
		fail_msg("%s differs from the generated script:\n--- golden\n%s--- generated\n%s", path, want, text);
	free(want);
}

/* The campaign of the golden files: 3 modes x (intra + coll:2x2), 2 blocks. */
static void golden_tasks(struct sbatch_tasks *t)
{
	static const char *const lines[] = {
		"campaign = acceptance", "modes = native,hybrid,bind", "kernels = latency,allreduce",
		"repetitions = 4", NULL,
	};
	struct sbatch_tasks_spec spec = { .placements = "intra,coll:2x2", .repetition_block = 2 };
	struct plan p;
	char err[256] = "";
	size_t i;

	assert_int_equal(plan_init(&p, "mpich"), 0);
	for (i = 0; lines[i]; i++)
		assert_int_equal(plan_apply_line(&p, lines[i], "golden", (unsigned)i + 1), 0);
	if (sbatch_tasks_build(&p, &spec, t, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(sbatch_tasks_set_scripts_dir(t, "/site/results/acceptance"), 0);
	plan_free(&p);
}

static void test_golden_full(void **state)
{
	struct strvec extra = { 0 };
	struct sbatch_script_opts o = {
		.parity = "/opt/parity/bin/parity", .workdir = "/site/work",
		.tasks_dir = "/site/results/acceptance/tasks", .partition = "compute", .account = "hpc-ops",
		.time_limit = "00:30:00", .throttle = 4, .extra = &extra,
	};
	struct sbatch_tasks t;
	char *text, ids[64];

	(void)state;
	assert_int_equal(strvec_push(&extra, "--qos=acceptance"), 0);
	assert_int_equal(strvec_push(&extra, "--exclusive"), 0);
	golden_tasks(&t);
	assert_int_equal(sbatch_script_array_ids(&t, 0, ids, sizeof(ids)), 0);
	assert_string_equal(ids, "0-2,6-8");
	assert_int_equal(sbatch_script_array_ids(&t, 1, ids, sizeof(ids)), 0);
	assert_string_equal(ids, "3-5,9-11");
	text = script_text(&t, 0, &o);
	check_golden("sbatch-intra.sh", text);
	free(text);
	text = script_text(&t, 1, &o);
	check_golden("sbatch-coll-2x2.sh", text);
	free(text);
	text = script_text(&t, -1, &o);
	check_golden("merge.sh", text);
	free(text);
	sbatch_tasks_free(&t);
	strvec_free(&extra);
}

/* Without partition, account, time, throttle or extras: no such lines. */
static void test_golden_minimal(void **state)
{
	struct sbatch_script_opts o = {
		.parity = "/usr/bin/parity", .workdir = "/home/me", .tasks_dir = "/home/me/results/acceptance/tasks",
	};
	struct sbatch_tasks t;
	char *text;

	(void)state;
	golden_tasks(&t);
	text = script_text(&t, 0, &o);
	check_golden("sbatch-intra-minimal.sh", text);
	assert_null(strstr(text, "--partition"));
	assert_non_null(strstr(text, "#SBATCH --array=0-2,6-8\n"));
	free(text);
	sbatch_tasks_free(&t);
}

static void test_word_ok(void **state)
{
	static const struct { const char *s; int ok; } cases[] = {
		{ "compute", 1 }, { "--qos=long", 1 }, { "00:30:00", 1 }, { "/a/b-c_d.e", 1 },
		{ "", 0 }, { "a b", 0 }, { "a\tb", 0 }, { "a\nb", 0 }, { "a#b", 0 }, { "\"x\"", 0 },
		{ "'x'", 0 }, { "$HOME", 0 }, { "a\\b", 0 }, { "`id`", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sbatch_script_word_ok(cases[i].s) != cases[i].ok)
			fail_msg("'%s': expected %d", cases[i].s, cases[i].ok);
	assert_int_equal(sbatch_script_word_ok(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_full),
		cmocka_unit_test(test_golden_minimal),
		cmocka_unit_test(test_word_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
