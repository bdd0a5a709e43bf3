#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "unit.h"

#include "run/provcheck.h"

#define PROV_HEADER "schema,rank,hostname,pid,cpuset,core,numa_node,mntns,libmpi_path,libmpi_dev,libmpi_ino,mpi_family,mpi_version\n"

static char path[] = "/tmp/parity-test-verify.XXXXXX";
static char host_lib[] = "/tmp/parity-test-verify-lib.XXXXXX";
static struct stat host_st;

static int setup(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	fd = mkstemp(host_lib);
	close(fd);
	return stat(host_lib, &host_st);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	unlink(host_lib);
	return 0;
}

/* Write n ranks of provenance: ns = mount namespace, lib/dev/ino as given. */
static void write_prov(int n, unsigned long long ns, const char *lib, unsigned long long dev,
		       unsigned long long ino, const char *family, int same_rank)
{
	FILE *fp = fopen(path, "w");
	int r;

	fputs(PROV_HEADER, fp);
	for (r = 0; r < n; r++)
		fprintf(fp, "parity-prov/1.0,%d,testhost,1,0,0,0,%llu,%s,%u:%u,%llu,%s,4.0.2\n", same_rank ? 0 : r,
			ns, lib, major((dev_t)dev), minor((dev_t)dev), ino, family);
	fclose(fp);
}

static int check(enum mode_id mode, int nranks, char *reason, size_t len)
{
	struct provcheck_expect e = {
		.mode = mode, .family = "mpich", .ranks = (unsigned long)nranks,
		.own_mntns = provcheck_own_mntns(), .own_hostname = "testhost",
		.bind_known = true, .bind_dev = 99, .bind_ino = 12345,
	};
	struct provcheck_rows p;
	int ret = provcheck_read(path, &p);

	assert_int_equal(ret, 0);
	ret = provcheck_match(&e, &p, reason, len);
	provcheck_free(&p);
	return ret;
}

/* Table: each provenance against each mode. */
static void test_verify_modes(void **state)
{
	unsigned long long own = provcheck_own_mntns(), other = own + 1;
	unsigned long long hdev = (unsigned long long)host_st.st_dev, hino = (unsigned long long)host_st.st_ino;
	char reason[256];

	(void)state;
	assert_true(own > 0);
	/* The host file in our namespace: native only. */
	write_prov(2, own, host_lib, hdev, hino, "mpich", 0);
	assert_int_equal(check(MODE_native, 2, reason, sizeof(reason)), 0);
	assert_int_equal(check(MODE_hybrid, 2, reason, sizeof(reason)), -EPROTO);
	assert_non_null(strstr(reason, "not in a container"));
	assert_int_equal(check(MODE_bind, 2, reason, sizeof(reason)), -EPROTO);
	/* Another file at the host path, in another namespace: hybrid and container-only. */
	write_prov(2, other, host_lib, hdev, hino + 1, "mpich", 0);
	assert_int_equal(check(MODE_hybrid, 2, reason, sizeof(reason)), 0);
	assert_int_equal(check(MODE_container_only, 2, reason, sizeof(reason)), 0);
	assert_int_equal(check(MODE_native, 2, reason, sizeof(reason)), -EPROTO);
	assert_int_equal(check(MODE_bind, 2, reason, sizeof(reason)), -EPROTO);
	assert_non_null(strstr(reason, "not the bound host libmpi"));
	/* The host file seen from a container: hybrid must refuse it. */
	write_prov(2, other, host_lib, hdev, hino, "mpich", 0);
	assert_int_equal(check(MODE_hybrid, 2, reason, sizeof(reason)), -EPROTO);
	assert_non_null(strstr(reason, "host's"));
	/* The staged library (dev 99, ino 12345) in another namespace: bind. */
	write_prov(2, other, "/opt/parity/host/libmpich.so.12", 99, 12345, "mpich", 0);
	assert_int_equal(check(MODE_bind, 2, reason, sizeof(reason)), 0);
	/* Singletons: two rows, both rank 0. */
	write_prov(2, other, "/opt/parity/host/libmpich.so.12", 99, 12345, "mpich", 1);
	assert_int_equal(check(MODE_bind, 2, reason, sizeof(reason)), -EPROTO);
	assert_non_null(strstr(reason, "singletons"));
	/* Fewer ranks than launched. */
	write_prov(1, other, "/opt/parity/host/libmpich.so.12", 99, 12345, "mpich", 0);
	assert_int_equal(check(MODE_bind, 2, reason, sizeof(reason)), -EPROTO);
	/* Wrong family. */
	write_prov(2, other, "/x/libmpi.so.40", 1, 2, "openmpi", 0);
	assert_int_equal(check(MODE_hybrid, 2, reason, sizeof(reason)), -EPROTO);
	assert_non_null(strstr(reason, "openmpi"));
}

static void test_verify_foreign_file(void **state)
{
	struct provcheck_rows p;
	FILE *fp = fopen(path, "w");

	(void)state;
	fputs("a,b\n1,2\n", fp);
	fclose(fp);
	assert_int_equal(provcheck_read(path, &p), -EPROTO);
	assert_int_equal(provcheck_read("/nonexistent/prov.csv", &p), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_modes),
		cmocka_unit_test(test_verify_foreign_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
