/* Tests for harness/hostmpi's API as `parity run` calls it, on this host's
 * real MPI installations and small constructed image directories. */
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind/hostmpi.h"
#include "bind/stage.h"

static char tmp[256];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], *p;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	for (p = path + strlen(tmp) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/test_hostmpi.XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return stage_remove_tree(tmp);
}

/* Skip when this host has no MPI of family. */
static void need_family(const char *family)
{
	struct hostmpi_plan plan;
	FILE *saved = stderr;
	int ret;

	stderr = fopen("/dev/null", "w");
	ret = hostmpi_plan_build(family, NULL, NULL, &plan);
	fclose(stderr);
	stderr = saved;
	hostmpi_plan_free(&plan);
	if (ret)
		skip();
}

static void test_hostmpi_prepare_bind(void **state)
{
	static const char *const families[] = { "mpich", "openmpi" };
	size_t f;

	(void)state;
	put("img-ok/ch/metadata.json", "{\"labels\": {\"org.parity.mpi.abi\": \"mpich:12,openmpi:40\"}}");
	for (f = 0; f < 2; f++) {
		struct hostmpi_bind b;
		char stage_root[PATH_MAX], image[PATH_MAX], want[PATH_MAX * 2];
		struct stat st;

		need_family(families[f]);
		snprintf(stage_root, sizeof(stage_root), "%s/stage", tmp);
		snprintf(image, sizeof(image), "%s/img-ok", tmp);
		assert_int_equal(hostmpi_prepare_bind(families[f], image, NULL, stage_root, &b), 0);
		assert_string_equal(b.family, families[f]);
		assert_string_equal(b.container_dir, "/opt/parity/host");
		assert_true(b.version[0] >= '1' && b.version[0] <= '9');
		snprintf(want, sizeof(want), "%s/%s:/opt/parity/host", stage_root, families[f]);
		assert_true(b.binds.n >= 1);
		assert_string_equal(b.binds.v[0], want);
		assert_true(strvec_find(&b.env, "LD_LIBRARY_PATH=/opt/parity/host/lib") >= 0);
		if (f == 1)
			assert_true(strvec_find(&b.env, "OMPI_MCA_mca_base_component_path=/opt/parity/host/openmpi") >= 0);
		assert_int_equal(stat(b.libmpi_path, &st), 0);
		assert_true((unsigned long long)st.st_dev == b.libmpi_dev && (unsigned long long)st.st_ino == b.libmpi_ino);
		assert_non_null(strstr(b.libmpi_path, f == 0 ? "/lib/libmpich.so.12" : "/lib/libmpi.so.40"));
		hostmpi_bind_free(&b);
		assert_null(b.stage_dir);
	}
}

static void test_hostmpi_refusal_stages_nothing(void **state)
{
	struct hostmpi_bind b;
	char stage_root[512], image[PATH_MAX], dir[PATH_MAX];
	FILE *saved = stderr;
	int ret;

	(void)state;
	need_family("mpich");
	put("img-ompi/etc/parity/labels", "org.supercontainers.mpi.implementation=openmpi\norg.parity.mpi.abi=openmpi:40\n");
	snprintf(stage_root, sizeof(stage_root), "%s/stage-refused", tmp);
	snprintf(image, sizeof(image), "%s/img-ompi", tmp);
	stderr = fopen("/dev/null", "w");
	ret = hostmpi_prepare_bind("mpich", image, NULL, stage_root, &b);
	fclose(stderr);
	stderr = saved;
	assert_int_equal(ret, -EPROTO);
	assert_null(b.stage_dir);
	snprintf(dir, sizeof(dir), "%s/mpich", stage_root);
	assert_int_equal(access(dir, F_OK), -1);
	/* Unknown family and missing image: errors, not refusals. */
	stderr = fopen("/dev/null", "w");
	assert_int_equal(hostmpi_prepare_bind("lam", image, NULL, stage_root, &b), -EINVAL);
	snprintf(image, sizeof(image), "%s/no-such-image", tmp);
	assert_int_equal(hostmpi_prepare_bind("mpich", image, NULL, stage_root, &b), -ENOENT);
	fclose(stderr);
	stderr = saved;
}

static void test_hostmpi_image_mpi(void **state)
{
	char image[PATH_MAX], family[64], version[64];

	(void)state;
	put("img-mpi/ch/metadata.json",
	    "{\"labels\": {\"org.supercontainers.mpi.implementation\": \"mpich,openmpi\", "
	    "\"org.supercontainers.mpi.version\": \"mpich=4.0.2,openmpi=4.1.4\"}}");
	snprintf(image, sizeof(image), "%s/img-mpi", tmp);
	assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), 0);
	assert_string_equal(family, "mpich,openmpi");
	assert_string_equal(version, "mpich=4.0.2,openmpi=4.1.4");
	assert_int_equal(hostmpi_image_mpi(image, family, 4, version, sizeof(version)), -ENOSPC);

	put("img-bare/etc/parity/labels", "org.supercontainers.mpi.implementation=none\norg.supercontainers.mpi.version=none\n");
	snprintf(image, sizeof(image), "%s/img-bare", tmp);
	assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), -ENOENT);

	/* No labels, no MPI library: nothing to tell. */
	put("img-empty/etc/hostname", "x\n");
	snprintf(image, sizeof(image), "%s/img-empty", tmp);
	assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), -ENOENT);

	/* A SIF cannot be read without apptainer (not packaged here). */
	put("img.sif", "#!/usr/bin/env run-singularity\nSIF_MAGIC0001....");
	snprintf(image, sizeof(image), "%s/img.sif", tmp);
	if (system("command -v apptainer >/dev/null 2>&1") != 0)
		assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), -ENOTSUP);

	snprintf(image, sizeof(image), "%s/none", tmp);
	assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), -ENOENT);
}

static void test_hostmpi_image_mpi_files(void **state)
{
	char image[PATH_MAX], family[64], version[64], cmd[PATH_MAX * 2];

	(void)state;
	need_family("mpich");
	/* The host's libmpich copied into an image without labels: the family and its version. */
	put("img-files/usr/lib/.keep", "");
	snprintf(cmd, sizeof(cmd),
		 "cp -L \"$(ldconfig -p | awk '$1 == \"libmpich.so.12\" && /x86-64/ { print $NF; exit }')\" %s/img-files/usr/lib/",
		 tmp);
	if (system(cmd) != 0)
		skip();
	snprintf(image, sizeof(image), "%s/img-files", tmp);
	assert_int_equal(hostmpi_image_mpi(image, family, sizeof(family), version, sizeof(version)), 0);
	assert_string_equal(family, "mpich");
	assert_true(version[0] >= '1' && version[0] <= '9' && strchr(version, '.') && !strchr(version, '='));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostmpi_prepare_bind),
		cmocka_unit_test(test_hostmpi_refusal_stages_nothing),
		cmocka_unit_test(test_hostmpi_image_mpi),
		cmocka_unit_test(test_hostmpi_image_mpi_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
