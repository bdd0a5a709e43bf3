/* Unit tests of sbatch_tasks: placements, the task table of a plan, its
 * file round trip, array specs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "slurm/sbatch_tasks.h"

static void plan_with(struct plan *p, const char *const *lines)
{
	size_t i;

	assert_int_equal(plan_init(p, "mpich"), 0);
	for (i = 0; lines[i]; i++)
		assert_int_equal(plan_apply_line(p, lines[i], "test", (unsigned)i + 1), 0);
}

static void test_placements(void **state)
{
	static const struct {
		const char *word;
		int ok;
		unsigned long nodes, ranks, rpn;
		int coll;
		const char *script;
	} cases[] = {
		{ "intra", 1, 1, 2, 2, 0, "sbatch-intra.sh" },
		{ "inter", 1, 2, 2, 1, 0, "sbatch-inter.sh" },
		{ "coll:4", 1, 4, 4, 1, 1, "sbatch-coll-4.sh" },
		{ "coll:2x8", 1, 2, 16, 8, 1, "sbatch-coll-2x8.sh" },
		{ "coll:1x2", 1, 1, 2, 2, 1, "sbatch-coll-1x2.sh" },
		{ "mine", 1, 3, 6, 2, 0, "sbatch-mine.sh" },       /* the plan's own label */
		{ "coll:1", 0, 0, 0, 0, 0, NULL },                 /* one rank */
		{ "coll:", 0, 0, 0, 0, 0, NULL },
		{ "coll:2x", 0, 0, 0, 0, 0, NULL },
		{ "coll:0", 0, 0, 0, 0, 0, NULL },
		{ "other", 0, 0, 0, 0, 0, NULL },
		{ "a b", 0, 0, 0, 0, 0, NULL },
		{ "a/b", 0, 0, 0, 0, 0, NULL },
	};
	static const char *const lines[] = { "placement = mine", "nodes = 3", "ranks = 6", NULL };
	struct sbatch_placement pl;
	struct plan p;
	char err[256];
	size_t i;

	(void)state;
	plan_with(&p, lines);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = sbatch_placement_parse(cases[i].word, &p, &pl, err, sizeof(err));

		if (!cases[i].ok) {
			if (ret != -EINVAL)
				fail_msg("%s: expected -EINVAL, got %d", cases[i].word, ret);
			assert_true(strlen(err) > 0);
			continue;
		}
		if (ret)
			fail_msg("%s: %s", cases[i].word, err);
		assert_int_equal(pl.nodes, cases[i].nodes);
		assert_int_equal(pl.ranks, cases[i].ranks);
		assert_int_equal(pl.ranks_per_node, cases[i].rpn);
		assert_int_equal(pl.collectives_only, cases[i].coll);
		assert_string_equal(pl.script_name, cases[i].script);
	}
	plan_free(&p);
}

static void test_build_order(void **state)
{
	static const char *const lines[] = {
		"campaign = site", "modes = native,hybrid,bind", "kernels = latency,allreduce", "repetitions = 3", NULL,
	};
	struct sbatch_tasks_spec spec = { .placements = "intra,coll:2", .repetition_block = 2 };
	struct sbatch_tasks t;
	struct plan p;
	char err[256] = "";
	/* block, placement, mode: modes innermost */
	static const struct { const char *mode, *kernels, *placement; unsigned first, last; } want[] = {
		{ "native", "latency,allreduce", "intra", 1, 2 },
		{ "hybrid", "latency,allreduce", "intra", 1, 2 },
		{ "bind", "latency,allreduce", "intra", 1, 2 },
		{ "native", "allreduce", "coll:2", 1, 2 },
		{ "hybrid", "allreduce", "coll:2", 1, 2 },
		{ "bind", "allreduce", "coll:2", 1, 2 },
		{ "native", "latency,allreduce", "intra", 3, 3 },
		{ "hybrid", "latency,allreduce", "intra", 3, 3 },
		{ "bind", "latency,allreduce", "intra", 3, 3 },
		{ "native", "allreduce", "coll:2", 3, 3 },
		{ "hybrid", "allreduce", "coll:2", 3, 3 },
		{ "bind", "allreduce", "coll:2", 3, 3 },
	};
	size_t i;

	(void)state;
	plan_with(&p, lines);
	if (sbatch_tasks_build(&p, &spec, &t, err, sizeof(err)))
		fail_msg("build: %s", err);
	assert_int_equal(t.n, 12);
	assert_int_equal(t.nplacements, 2);
	assert_int_equal(sbatch_tasks_max_nodes(&t), 2);
	assert_string_equal(t.campaign, "site");
	for (i = 0; i < t.n; i++) {
		assert_int_equal(t.tasks[i].id, i);
		assert_string_equal(mode_name(t.tasks[i].mode), want[i].mode);
		assert_string_equal(t.tasks[i].kernels, want[i].kernels);
		assert_string_equal(t.placements[t.tasks[i].placement].label, want[i].placement);
		assert_int_equal(t.tasks[i].rep_first, want[i].first);
		assert_int_equal(t.tasks[i].rep_last, want[i].last);
	}
	assert_ptr_equal(sbatch_tasks_find(&t, 7), &t.tasks[7]);
	assert_null(sbatch_tasks_find(&t, 12));
	sbatch_tasks_free(&t);
	plan_free(&p);
}

static void test_build_sets_and_defaults(void **state)
{
	static const char *const lines[] = { "modes = native", "kernels = bw,bcast", "repetitions = 2", NULL };
	static const char *const sets[] = { "latency", "bcast,barrier", NULL };
	struct sbatch_tasks_spec spec = { .kernel_sets = sets, .placements = "inter,coll:3x2" };
	struct sbatch_tasks_spec defaults = { 0 };
	struct sbatch_tasks t;
	struct plan p;
	char err[256] = "";

	(void)state;
	plan_with(&p, lines);
	/* Default: the plan's placement (intra), its kernels as one set, one block. */
	assert_int_equal(sbatch_tasks_build(&p, &defaults, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.tasks[0].kernels, "bw,bcast");
	assert_string_equal(t.placements[0].label, "intra");
	assert_int_equal(t.tasks[0].rep_first, 1);
	assert_int_equal(t.tasks[0].rep_last, 2);
	sbatch_tasks_free(&t);
	/* Two sets; the collective placement drops latency and so its set. */
	assert_int_equal(sbatch_tasks_build(&p, &spec, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.tasks[0].kernels, "latency");
	assert_string_equal(t.tasks[1].kernels, "bcast,barrier");
	assert_string_equal(t.tasks[2].kernels, "bcast,barrier");
	assert_string_equal(t.placements[t.tasks[2].placement].label, "coll:3x2");
	assert_int_equal(sbatch_tasks_max_nodes(&t), 3);
	sbatch_tasks_free(&t);
	plan_free(&p);
}

static void test_build_refusals(void **state)
{
	static const char *const co[] = { "modes = native,container-only", NULL };
	static const char *const pt[] = { "kernels = latency,bw", NULL };
	static const char *const bad_set[] = { "latency,nope", NULL };
	struct sbatch_tasks_spec inter = { .placements = "inter" };
	struct sbatch_tasks_spec coll = { .placements = "intra,coll:2" };
	struct sbatch_tasks_spec twice = { .placements = "intra,intra" };
	struct sbatch_tasks_spec sets = { .kernel_sets = bad_set };
	struct sbatch_tasks t;
	struct plan p;
	char err[256] = "";

	(void)state;
	plan_with(&p, co);
	assert_int_equal(sbatch_tasks_build(&p, &inter, &t, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "container-only"));
	sbatch_tasks_free(&t);
	plan_free(&p);
	plan_with(&p, pt);
	assert_int_equal(sbatch_tasks_build(&p, &coll, &t, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "coll:2"));
	sbatch_tasks_free(&t);
	assert_int_equal(sbatch_tasks_build(&p, &twice, &t, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "twice"));
	sbatch_tasks_free(&t);
	assert_int_equal(sbatch_tasks_build(&p, &sets, &t, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nope"));
	sbatch_tasks_free(&t);
	plan_free(&p);
}

static void test_table_round_trip(void **state)
{
	static const char *const lines[] = {
		"campaign = rt", "modes = native,bind", "kernels = latency,allreduce", "repetitions = 4", NULL,
	};
	struct sbatch_tasks_spec spec = { .placements = "intra,coll:2x2", .repetition_block = 3 };
	struct sbatch_tasks t, back;
	struct plan p;
	char dir[] = "/tmp/parity-test-sbatch-tasks.XXXXXX", path[256], err[256];
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	plan_with(&p, lines);
	assert_int_equal(sbatch_tasks_build(&p, &spec, &t, err, sizeof(err)), 0);
	assert_int_equal(sbatch_tasks_set_scripts_dir(&t, "/scripts/here"), 0);
	snprintf(path, sizeof(path), "%s/tasks.csv", dir);
	assert_int_equal(sbatch_tasks_write(&t, path), 0);
	assert_int_equal(sbatch_tasks_read(path, &back), 0);
	assert_string_equal(back.campaign, "rt");
	assert_string_equal(back.mpi, "mpich");
	assert_string_equal(back.scripts_dir, "/scripts/here");
	assert_int_equal(back.n, t.n);
	assert_int_equal(back.nplacements, t.nplacements);
	for (i = 0; i < t.n; i++) {
		const struct sbatch_placement *a = &t.placements[t.tasks[i].placement];
		const struct sbatch_placement *b = &back.placements[back.tasks[i].placement];

		assert_int_equal(back.tasks[i].id, t.tasks[i].id);
		assert_int_equal(back.tasks[i].mode, t.tasks[i].mode);
		assert_string_equal(back.tasks[i].kernels, t.tasks[i].kernels);
		assert_int_equal(back.tasks[i].rep_first, t.tasks[i].rep_first);
		assert_int_equal(back.tasks[i].rep_last, t.tasks[i].rep_last);
		assert_string_equal(a->label, b->label);
		assert_string_equal(a->script_name, b->script_name);
		assert_int_equal(a->nodes, b->nodes);
		assert_int_equal(a->ranks, b->ranks);
		assert_int_equal(a->ranks_per_node, b->ranks_per_node);
		assert_int_equal(a->collectives_only, b->collectives_only);
	}
	sbatch_tasks_free(&back);
	sbatch_tasks_free(&t);
	plan_free(&p);
	unlink(path);
	rmdir(dir);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_table_refusals(void **state)
{
	static const struct { const char *text; int ret; } cases[] = {
		{ "a,b\n1,2\n", -EPROTO },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-runs/1.0,c,mpich,0,native,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n", -EPROTO },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-tasks/1.0,c,mpich,0,warp,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n", -EINVAL },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-tasks/1.0,c,mpich,0,native,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n"
		  "parity-tasks/1.0,c,mpich,0,bind,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n", -EINVAL },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-tasks/1.0,c,mpich,0,native,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n"
		  "parity-tasks/1.0,d,mpich,1,bind,latency,intra,1,2,2,1,1,/s/sbatch-intra.sh\n", -EPROTO },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-tasks/1.0,c,mpich,0,native,latency,intra,1,2,2,3,2,/s/sbatch-intra.sh\n", -EINVAL },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n"
		  "parity-tasks/1.0,c,mpich,0,native,latency,intra,1,2,2,1,1,/s/other.sh\n", -EINVAL },
		{ "schema,campaign,mpi,task_id,mode,kernels,placement,nodes,ranks,ranks_per_node,rep_first,rep_last,script\n",
		  -EPROTO },
	};
	char dir[] = "/tmp/parity-test-sbatch-tasks.XXXXXX", path[256];
	struct sbatch_tasks t;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tasks.csv", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret;

		write_text(path, cases[i].text);
		ret = sbatch_tasks_read(path, &t);
		if (ret != cases[i].ret)
			fail_msg("case %zu: expected %d, got %d", i, cases[i].ret, ret);
	}
	unlink(path);
	assert_int_equal(sbatch_tasks_read(path, &t), -ENOENT);
	rmdir(dir);
}

static void test_format_ids(void **state)
{
	static const unsigned ids[] = { 0, 1, 2, 5, 7, 8, 9, 11 };
	char out[64];

	(void)state;
	assert_int_equal(sbatch_tasks_format_ids(ids, 8, out, sizeof(out)), 0);
	assert_string_equal(out, "0-2,5,7-9,11");
	assert_int_equal(sbatch_tasks_format_ids(ids + 3, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "5");
	assert_int_equal(sbatch_tasks_format_ids(ids, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(sbatch_tasks_format_ids(ids, 8, out, 6), -ENAMETOOLONG);
	assert_int_equal(sbatch_tasks_task_campaign("site", 12, out, sizeof(out)), 0);
	assert_string_equal(out, "site.t12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placements),
		cmocka_unit_test(test_build_order),
		cmocka_unit_test(test_build_sets_and_defaults),
		cmocka_unit_test(test_build_refusals),
		cmocka_unit_test(test_table_round_trip),
		cmocka_unit_test(test_table_refusals),
		cmocka_unit_test(test_format_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
