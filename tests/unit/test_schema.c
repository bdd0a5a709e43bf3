#include <errno.h>
#include <string.h>
#include "unit.h"

#include "kernels.h"
#include "schema.h"

static void test_schema_header_and_mapping(void **state)
{
	struct csvio_buf buf = { 0 };
	const char *shuffled[] = { "rank", "schema", "hostname", "pid", "cpuset", "core", "numa_node",
				   "mntns", "libmpi_path", "libmpi_dev", "libmpi_ino", "mpi_family",
				   "mpi_version", "extra_column_from_1_1" };
	int pos[PROV_NCOLS];
	const char *missing = NULL;

	(void)state;
	assert_int_equal(schema_add_header(&schema_bench, &buf), 0);
	assert_true(strncmp(buf.data, "schema,kernel,size_bytes,", 25) == 0);
	csvio_buf_free(&buf);
	/* Columns are found by name, extra columns are tolerated. */
	assert_int_equal(schema_map_header(&schema_prov, shuffled, 14, pos, &missing), 0);
	assert_int_equal(pos[PROV_COL_schema], 1);
	assert_int_equal(pos[PROV_COL_rank], 0);
	assert_int_equal(pos[PROV_COL_mpi_version], 12);
	/* A missing column is named. */
	assert_int_equal(schema_map_header(&schema_prov, shuffled, 5, pos, &missing), -EPROTO);
	assert_string_equal(missing, "core");
}

/* A parity-bench/1.0 file (no samples, ..., datatype: added in 1.1 and 1.2)
 * still maps: the newer columns' positions are -1; a column of 1.0 stays
 * required. */
static void test_schema_older_minor(void **state)
{
	const char *v10[] = { "schema", "kernel", "size_bytes", "iterations", "warmup", "ranks", "metric",
			      "unit", "avg", "min", "max", "median", "p90", "p99", "stddev", "validation" };
	int pos[BENCH_NCOLS];
	const char *missing = NULL;

	(void)state;
	assert_int_equal(schema_map_header(&schema_bench, v10, 16, pos, &missing), 0);
	assert_int_equal(pos[BENCH_COL_validation], 15);
	assert_int_equal(pos[BENCH_COL_datatype], -1);
	assert_int_equal(schema_map_header(&schema_bench, v10, 15, pos, &missing), -EPROTO);
	assert_string_equal(missing, "validation");
	assert_string_equal(schema_bench.version_value, "parity-bench/1.2");
	assert_string_equal(schema_bench.columns[BENCH_NCOLS - 1], "datatype");
}

static void test_schema_versions(void **state)
{
	(void)state;
	assert_true(schema_row_compatible(&schema_runs, "parity-runs/1.0"));
	assert_true(schema_row_compatible(&schema_runs, "parity-runs/1.7"));
	assert_true(schema_row_compatible(&schema_runs, "parity-runs/1"));
	assert_false(schema_row_compatible(&schema_runs, "parity-runs/2.0"));
	assert_false(schema_row_compatible(&schema_runs, "parity-bench/1.0"));
	assert_false(schema_row_compatible(&schema_runs, "parity-runs/"));
	assert_false(schema_row_compatible(&schema_runs, "parity-runsX/1.0"));
	assert_false(schema_row_compatible(&schema_runs, NULL));
	/* 1.0 ended with log_file; 1.1 added its columns after it, and a 1.0
	 * file (without them) still maps. */
	assert_string_equal(schema_runs.columns[schema_runs.nrequired - 1], "log_file");
	assert_string_equal(schema_runs.version_value, "parity-runs/1.2");
	assert_string_equal(schema_runs.columns[RUNS_NCOLS - 1], "datatype");
	{
		int pos[RUNS_NCOLS];
		const char *missing = NULL;

		assert_int_equal(schema_map_header(&schema_runs, schema_runs.columns, schema_runs.nrequired, pos, &missing), 0);
		assert_int_equal(pos[RUNS_COL_log_file], (int)schema_runs.nrequired - 1);
		assert_int_equal(pos[RUNS_COL_samples], -1);
		assert_string_equal(schema_field(schema_runs.columns, schema_runs.nrequired, pos, RUNS_COL_samples), "");
		assert_null(schema_field(schema_runs.columns, 3, pos, RUNS_COL_log_file));
		/* A column of 1.0 missing is still an error. */
		assert_int_equal(schema_map_header(&schema_runs, schema_runs.columns, schema_runs.nrequired - 1, pos, &missing), -EPROTO);
		assert_string_equal(missing, "log_file");
	}
}

static void test_kernels_list(void **state)
{
	/* OSU's kernels are all there (a kernel added to the list is fine). */
	static const char *const osu[] = { "latency", "bw", "bibw", "mbw_mr", "multi_lat", "allreduce", "bcast",
		"reduce", "allgather", "alltoall", "gather", "scatter", "reduce_scatter", "barrier" };
	const struct kernels_info *k;
	size_t i;

	(void)state;
	assert_true(KERNELS_COUNT >= sizeof(osu) / sizeof(osu[0]));
	for (i = 0; i < sizeof(osu) / sizeof(osu[0]); i++)
		assert_non_null(kernels_find(osu[i]));
	k = kernels_find("bw");
	assert_non_null(k);
	assert_string_equal(k->unit, "MB/s");
	assert_int_equal(k->better, KERNELS_HIGHER_IS_BETTER);
	assert_null(kernels_find("osu_bw"));
	assert_null(kernels_find(NULL));
	for (i = 0; i < KERNELS_COUNT; i++)
		assert_ptr_equal(kernels_find(kernels_at(i)->name), kernels_at(i));
	assert_null(kernels_at(KERNELS_COUNT));
	assert_int_equal(kernels_metric_better("message_rate"), KERNELS_HIGHER_IS_BETTER);
	assert_int_equal(kernels_metric_better("latency"), KERNELS_LOWER_IS_BETTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_header_and_mapping),
		cmocka_unit_test(test_schema_older_minor),
		cmocka_unit_test(test_schema_versions),
		cmocka_unit_test(test_kernels_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
