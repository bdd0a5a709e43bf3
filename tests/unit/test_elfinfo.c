/* Unit tests for harness/elfinfo on real system files (found like ld.so
 * finds them, through harness/ldpath) and on broken ones. */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind/elfinfo.h"
#include "bind/ldpath.h"
#include "bind/vercmp.h"

/* Resolved host path of soname, or skip the test when the host lacks it. */
static int find_lib(const char *soname, char *out, size_t len)
{
	struct ldpath lp;
	char found[PATH_MAX];
	unsigned machine;
	int ret;

	assert_int_equal(elfinfo_machine("/proc/self/exe", &machine), 0);
	assert_int_equal(ldpath_init(&lp, NULL, NULL), 0);
	ret = ldpath_find(&lp, soname, NULL, NULL, machine, found, sizeof(found));
	ldpath_free(&lp);
	if (ret)
		return ret;
	return ldpath_resolve("", found, out, len);
}

static int has(const struct strvec *sv, const char *s)
{
	return strvec_find(sv, s) >= 0;
}

static void test_elfinfo_libc(void **state)
{
	char path[PATH_MAX];
	struct elfinfo ei;
	const char *max;

	(void)state;
	assert_int_equal(find_lib("libc.so.6", path, sizeof(path)), 0);
	assert_int_equal(elfinfo_read(path, &ei), 0);
	assert_non_null(ei.soname);
	assert_string_equal(ei.soname, "libc.so.6");
	/* bookworm's glibc 2.36 defines every version up to GLIBC_2.36 */
	assert_true(has(&ei.verdef, "GLIBC_2.2.5") || has(&ei.verdef, "GLIBC_2.17"));
	assert_true(has(&ei.verdef, "GLIBC_2.34"));
	assert_false(has(&ei.verdef, "libc.so.6")); /* the base entry is not a version */
	max = elfinfo_max_defined(&ei, "GLIBC_");
	assert_non_null(max);
	assert_true(vercmp_compare(max, "GLIBC_2.34") >= 0);
	assert_null(elfinfo_max_defined(&ei, "NOSUCH_"));
	elfinfo_free(&ei);
}

static void test_elfinfo_mpich(void **state)
{
	char path[PATH_MAX], version[64];
	struct elfinfo ei;
	const char *max;
	size_t i;
	int found_libc = 0;

	(void)state;
	if (find_lib("libmpich.so.12", path, sizeof(path)))
		skip();
	assert_int_equal(elfinfo_read(path, &ei), 0);
	assert_string_equal(ei.soname, "libmpich.so.12");
	assert_true(has(&ei.needed, "libc.so.6"));
	for (i = 0; i < ei.verneed.n; i++)
		found_libc |= strncmp(ei.verneed.v[i], "libc.so.6 GLIBC_", 16) == 0;
	assert_true(found_libc);
	max = elfinfo_max_needed(&ei, "GLIBC_");
	assert_non_null(max);
	assert_true(vercmp_compare(max, "GLIBC_2.2.5") >= 0);
	assert_int_equal(strncmp(max, "GLIBC_2.", 8), 0);
	/* The version string MPI_Get_library_version prints. */
	assert_int_equal(elfinfo_symbol_string(path, "MPII_Version_string", version, sizeof(version)), 0);
	assert_true(version[0] >= '1' && version[0] <= '9' && strchr(version, '.'));
	assert_int_equal(elfinfo_symbol_string(path, "MPII_Version_string", version, 2), -ENOSPC);
	assert_int_equal(elfinfo_symbol_string(path, "no_such_symbol_here", version, sizeof(version)), -ENOENT);
	elfinfo_free(&ei);
}

static void test_elfinfo_openmpi(void **state)
{
	char path[PATH_MAX], version[64];
	struct elfinfo ei;

	(void)state;
	if (find_lib("libmpi.so.40", path, sizeof(path)))
		skip();
	assert_int_equal(elfinfo_read(path, &ei), 0);
	assert_string_equal(ei.soname, "libmpi.so.40");
	assert_true(has(&ei.needed, "libopen-pal.so.40"));
	assert_true(has(&ei.needed, "libopen-rte.so.40"));
	elfinfo_free(&ei);
	assert_int_equal(find_lib("libopen-pal.so.40", path, sizeof(path)), 0);
	assert_int_equal(elfinfo_symbol_string(path, "opal_version_string", version, sizeof(version)), 0);
	assert_int_equal(version[0], '4');
}

static void test_elfinfo_bad_files(void **state)
{
	char dir[] = "/tmp/test_elfinfo.XXXXXX", path[PATH_MAX], libc[PATH_MAX], buf[4096];
	struct elfinfo ei;
	unsigned machine;
	FILE *fp;
	int in, out;
	ssize_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(elfinfo_read("/nonexistent/libx.so", &ei), -ENOENT);
	snprintf(path, sizeof(path), "%s/text", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not an ELF file, just text that is long enough to hold an ELF header and more.........\n", fp);
	fclose(fp);
	assert_int_equal(elfinfo_read(path, &ei), -ENOEXEC);
	assert_int_equal(elfinfo_machine(path, &machine), -ENOEXEC);
	/* The first 100 bytes of a real library: a header pointing past the end. */
	assert_int_equal(find_lib("libc.so.6", libc, sizeof(libc)), 0);
	in = open(libc, O_RDONLY);
	assert_true(in >= 0);
	n = read(in, buf, 100);
	close(in);
	assert_int_equal(n, 100);
	snprintf(path, sizeof(path), "%s/truncated.so", dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(out >= 0);
	assert_int_equal(write(out, buf, 100), 100);
	close(out);
	assert_int_equal(elfinfo_read(path, &ei), -EINVAL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/text", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elfinfo_libc),
		cmocka_unit_test(test_elfinfo_mpich),
		cmocka_unit_test(test_elfinfo_openmpi),
		cmocka_unit_test(test_elfinfo_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
