/* Unit tests of slurm: parsing sinfo and sbatch answers, and running a
 * client command. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "unit.h"

#include "slurm/slurm.h"

static void test_partition_nodes(void **state)
{
	/* sinfo -h -o "%P %D" splits a partition by node state. */
	static const char out[] = "debug* 3\nbig 10\ndebug* 1\nbig 6\ngpu 2\n";
	char name[64];
	unsigned long nodes = 0;

	(void)state;
	assert_int_equal(slurm_parse_partition_nodes(out, NULL, &nodes, name, sizeof(name)), 0);
	assert_string_equal(name, "debug");
	assert_int_equal(nodes, 4);
	assert_int_equal(slurm_parse_partition_nodes(out, "", &nodes, name, sizeof(name)), 0);
	assert_int_equal(nodes, 4);
	assert_int_equal(slurm_parse_partition_nodes(out, "big", &nodes, name, sizeof(name)), 0);
	assert_string_equal(name, "big");
	assert_int_equal(nodes, 16);
	assert_int_equal(slurm_parse_partition_nodes(out, "debug", &nodes, name, sizeof(name)), 0);
	assert_int_equal(nodes, 4);
	assert_int_equal(slurm_parse_partition_nodes(out, "nope", &nodes, name, sizeof(name)), -ENOENT);
	assert_int_equal(slurm_parse_partition_nodes(out, "gp", &nodes, name, sizeof(name)), -ENOENT);
	/* No default partition, and an empty answer. */
	assert_int_equal(slurm_parse_partition_nodes("a 1\nb 2\n", NULL, &nodes, name, sizeof(name)), -ENOENT);
	assert_int_equal(slurm_parse_partition_nodes("", "a", &nodes, name, sizeof(name)), -ENOENT);
	/* Garbage lines are skipped. */
	assert_int_equal(slurm_parse_partition_nodes("x\na* 2\na* many\n", NULL, &nodes, name, sizeof(name)), 0);
	assert_int_equal(nodes, 2);
}

static void test_job_id(void **state)
{
	char id[32];

	(void)state;
	assert_int_equal(slurm_parse_job_id("12345\n", id, sizeof(id)), 0);
	assert_string_equal(id, "12345");
	assert_int_equal(slurm_parse_job_id("678;cluster\n", id, sizeof(id)), 0);
	assert_string_equal(id, "678");
	assert_int_equal(slurm_parse_job_id("", id, sizeof(id)), -EPROTO);
	assert_int_equal(slurm_parse_job_id("Submitted batch job 5\n", id, sizeof(id)), -EPROTO);
	assert_int_equal(slurm_parse_job_id("12x\n", id, sizeof(id)), -EPROTO);
	assert_int_equal(slurm_parse_job_id("1234567890123\n", id, 8), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partition_nodes),
		cmocka_unit_test(test_job_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
