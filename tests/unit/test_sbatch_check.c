/* Unit tests of sbatch_check: the communicator size of every ok run (kernel
 * CSV ranks column and provenance rows), and the first run that is not ok. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"

#include "slurm/sbatch_check.h"

#define RUNS_HEADER "schema,campaign,run_id,repetition,start_time,mode,runtime,image,image_sha256,launcher," \
	"placement,nodes,ranks,ranks_per_node,mpi_family,libmpi_path,libmpi_dev_ino,mpi_version,transport," \
	"kernel,size_bytes,iterations,metric,unit,avg,min,max,median,p99,status,wall_s,log_file\n"
#define BENCH_HEADER "schema,kernel,size_bytes,iterations,warmup,ranks,metric,unit,avg,min,max,median,p90,p99," \
	"stddev,validation\n"
#define PROV_HEADER "schema,rank,hostname,pid,cpuset,core,numa_node,mntns,libmpi_path,libmpi_dev,libmpi_ino," \
	"mpi_family,mpi_version\n"

struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char logs[96];

	snprintf(f->dir, sizeof(f->dir), "/tmp/parity-test-sbatch-check.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(logs, sizeof(logs), "%s/logs", f->dir);
	assert_int_equal(mkdir(logs, 0755), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void write_file(const struct fixture *f, const char *name, const char *text)
{
	char path[160];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void runs_row(char *buf, size_t len, const char *run_id, const char *size, const char *status)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used,
		 "parity-runs/1.0,c.t0,%s,1,,native,,,,srun,intra,1,2,2,mpich,,,,,latency,%s,,latency,us,,,,1.0,,%s,,"
		 "logs/%s.log\n", run_id, size, status, run_id);
}

/* A run's kernel CSV claiming ranks, and a provenance file of the given ranks. */
static void run_files(const struct fixture *f, const char *run_id, const char *ranks, const int *prov, size_t nprov)
{
	char name[96], text[2048];
	size_t i;

	snprintf(name, sizeof(name), "logs/%s.csv", run_id);
	snprintf(text, sizeof(text), BENCH_HEADER "parity-bench/1.0,latency,1,10,1,%s,latency,us,1,1,1,1,1,1,0,off\n"
		 "parity-bench/1.0,latency,2,10,1,%s,latency,us,1,1,1,1,1,1,0,off\n", ranks, ranks);
	write_file(f, name, text);
	snprintf(name, sizeof(name), "logs/%s.prov.csv", run_id);
	snprintf(text, sizeof(text), PROV_HEADER);
	for (i = 0; i < nprov; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "parity-prov/1.0,%d,node1,100,0,0,0,1,/usr/lib/libmpich.so.12,8:1,42,mpich,4.0.2\n", prov[i]);
	write_file(f, name, text);
	snprintf(name, sizeof(name), "logs/%s.log", run_id);
	write_file(f, name, "# parity run\n");
}

static void test_all_ok(void **state)
{
	struct fixture *f = *state;
	static const int two[] = { 0, 1 };
	char runs[2048] = RUNS_HEADER;
	struct sbatch_check c;

	runs_row(runs, sizeof(runs), "r01-native-latency", "1", "ok");
	runs_row(runs, sizeof(runs), "r01-native-latency", "2", "ok");
	runs_row(runs, sizeof(runs), "r02-native-latency", "1", "ok");
	write_file(f, "runs.csv", runs);
	run_files(f, "r01-native-latency", "2", two, 2);
	run_files(f, "r02-native-latency", "2", two, 2);
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_int_equal(c.runs, 2);
	assert_int_equal(c.not_ok, 0);
	assert_string_equal(c.bad, "");
}

/* The wrong PMI plug-in: every rank is a singleton, all exit 0. */
static void test_singletons(void **state)
{
	struct fixture *f = *state;
	static const int zeros[] = { 0, 0 };
	static const int two[] = { 0, 1 };
	char runs[2048] = RUNS_HEADER;
	struct sbatch_check c;

	runs_row(runs, sizeof(runs), "r01-native-latency", "1", "ok");
	runs_row(runs, sizeof(runs), "r01-native-allreduce", "1", "ok");
	write_file(f, "runs.csv", runs);
	run_files(f, "r01-native-latency", "2", two, 2);
	run_files(f, "r01-native-allreduce", "1", zeros, 2);
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_non_null(strstr(c.bad, "r01-native-allreduce"));
	assert_non_null(strstr(c.bad, "communicator of 1 rank,"));
	assert_non_null(strstr(c.bad, "srun --mpi"));
}

/* The kernel CSV says 2, but the provenance has rank 0 twice. */
static void test_provenance_duplicates(void **state)
{
	struct fixture *f = *state;
	static const int zeros[] = { 0, 0 };
	static const int stray[] = { 0, 5 };
	static const int three[] = { 0, 1, 2 };
	char runs[2048] = RUNS_HEADER;
	struct sbatch_check c;

	runs_row(runs, sizeof(runs), "r01-bind-latency", "1", "ok");
	write_file(f, "runs.csv", runs);
	run_files(f, "r01-bind-latency", "2", zeros, 2);
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_non_null(strstr(c.bad, "2 provenance rows from 1 distinct ranks"));
	run_files(f, "r01-bind-latency", "2", stray, 2);
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_non_null(strstr(c.bad, "provenance"));
	run_files(f, "r01-bind-latency", "2", three, 3);
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_non_null(strstr(c.bad, "3 provenance rows"));
}

static void test_not_ok_and_missing(void **state)
{
	struct fixture *f = *state;
	char runs[2048] = RUNS_HEADER;
	struct sbatch_check c;

	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), -ENOENT);
	runs_row(runs, sizeof(runs), "r01-bind-latency", "", "timeout");
	runs_row(runs, sizeof(runs), "r02-bind-latency", "1", "ok");
	write_file(f, "runs.csv", runs);
	write_file(f, "logs/r01-bind-latency.log", "# parity run\n# parity: timeout: killed after 1s\n");
	/* r02 is ok but its kernel CSV is gone: that cannot be checked, so it is not fine. */
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), 0);
	assert_int_equal(c.runs, 2);
	assert_int_equal(c.not_ok, 1);
	assert_string_equal(c.failed, "r01-bind-latency timeout (timeout: killed after 1s)");
	assert_non_null(strstr(c.bad, "no readable kernel CSV"));
	write_file(f, "runs.csv", "a,b\n1,2\n");
	assert_int_equal(sbatch_check_campaign(f->dir, 2, &c), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_singletons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provenance_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_ok_and_missing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
