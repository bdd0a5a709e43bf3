/* Unit tests for harness/ldpath: ld.so.conf parsing, search order and
 * symlinks resolved inside an image root. */
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind/elfinfo.h"
#include "bind/ldpath.h"
#include "bind/stage.h"

static char root[256];
static unsigned machine;

static void mk(const char *rel)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	assert_int_equal(mkdir(path, 0755) == 0 || errno == EEXIST, 1);
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* A real ELF file of this machine under rel (this test program itself). */
static void put_elf(const char *rel)
{
	char path[PATH_MAX], cmd[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "cp /proc/%ld/exe '%s'", (long)getpid(), path);
	assert_int_equal(system(cmd), 0);
}

static void lnk(const char *target, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_ldpath.XXXXXX");
	if (!mkdtemp(root) || elfinfo_machine("/proc/self/exe", &machine))
		return -1;
	mk("etc/ld.so.conf.d");
	mk("opt/a/lib");
	mk("opt/b/lib");
	mk("opt/c");
	mk("usr/lib");
	mk("srv/real");
	put("etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/a/lib  # trailing\n");
	put("etc/ld.so.conf.d/b.conf", "/opt/b/lib\n");
	put("etc/ld.so.conf.d/ignored.txt", "/opt/c\n");
	put_elf("opt/b/lib/libboth.so.1");
	put_elf("opt/a/lib/libboth.so.1");
	put("opt/a/lib/libtext.so.1", "not an ELF file at all, so ld.so skips it.............................\n");
	put_elf("usr/lib/libtext.so.1");
	/* An absolute link must stay inside the root, not reach the host's /srv. */
	put_elf("srv/real/libabs.so.2.0");
	lnk("/srv/real/libabs.so.2.0", "opt/a/lib/libabs.so.2");
	lnk("../../../srv/real/libabs.so.2.0", "opt/b/lib/librel.so.2");
	lnk("loop2", "opt/c/loop1");
	lnk("loop1", "opt/c/loop2");
	put_elf("opt/c/librun.so.3");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return stage_remove_tree(root);
}

static void test_ldpath_conf(void **state)
{
	struct ldpath lp;
	long a, b, sys;

	(void)state;
	assert_int_equal(ldpath_init(&lp, root, NULL), 0);
	b = strvec_find(&lp.dirs, "/opt/b/lib");
	a = strvec_find(&lp.dirs, "/opt/a/lib");
	sys = strvec_find(&lp.dirs, "/usr/lib");
	/* The include comes first in the file, so its directory first. */
	assert_true(b >= 0 && a > b && sys > a);
	assert_int_equal(strvec_find(&lp.dirs, "/opt/c"), -1);
	assert_int_equal(lp.n_env, 0);
	ldpath_free(&lp);
}

static void test_ldpath_find(void **state)
{
	struct ldpath lp;
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(ldpath_init(&lp, root, NULL), 0);
	assert_int_equal(ldpath_find(&lp, "libboth.so.1", NULL, NULL, machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/b/lib/libboth.so.1");
	/* Not an ELF file: skipped like ld.so does, found further on. */
	assert_int_equal(ldpath_find(&lp, "libtext.so.1", NULL, NULL, machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/usr/lib/libtext.so.1");
	/* Another machine: not found. */
	assert_int_equal(ldpath_find(&lp, "libboth.so.1", NULL, NULL, machine + 1, out, sizeof(out)), -ENOENT);
	assert_int_equal(ldpath_find(&lp, "libabs.so.2", NULL, NULL, machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/lib/libabs.so.2");
	assert_int_equal(ldpath_find(&lp, "libnone.so.1", NULL, NULL, machine, out, sizeof(out)), -ENOENT);
	ldpath_free(&lp);
	/* LD_LIBRARY_PATH comes before everything. */
	assert_int_equal(ldpath_init(&lp, root, "/opt/a/lib:/nonexistent"), 0);
	assert_int_equal(lp.n_env, 2);
	assert_int_equal(ldpath_find(&lp, "libboth.so.1", NULL, NULL, machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/lib/libboth.so.1");
	ldpath_free(&lp);
}

static void test_ldpath_runpath(void **state)
{
	struct ldpath lp;
	struct elfinfo req = { 0 };
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(ldpath_init(&lp, root, NULL), 0);
	req.machine = machine;
	req.runpath = "$ORIGIN/../c";
	assert_int_equal(ldpath_find(&lp, "librun.so.3", &req, "/opt/a", machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/../c/librun.so.3");
	req.runpath = NULL;
	req.rpath = "${ORIGIN}/lib";
	/* DT_RPATH (without RUNPATH) beats the configured directories. */
	assert_int_equal(ldpath_find(&lp, "libboth.so.1", &req, "/opt/a", machine, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/lib/libboth.so.1");
	ldpath_free(&lp);
}

static void test_ldpath_resolve(void **state)
{
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(ldpath_resolve(root, "/opt/a/lib/libabs.so.2", out, sizeof(out)), 0);
	assert_string_equal(out, "/srv/real/libabs.so.2.0");
	assert_int_equal(ldpath_resolve(root, "/opt/b/lib/librel.so.2", out, sizeof(out)), 0);
	assert_string_equal(out, "/srv/real/libabs.so.2.0");
	assert_int_equal(ldpath_resolve(root, "/opt/a/./lib/../lib/libboth.so.1", out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/lib/libboth.so.1");
	assert_int_equal(ldpath_resolve(root, "/../../opt/a/lib/libboth.so.1", out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/a/lib/libboth.so.1");
	assert_int_equal(ldpath_resolve(root, "/opt/c/loop1", out, sizeof(out)), -ELOOP);
	assert_int_equal(ldpath_resolve(root, "/opt/none", out, sizeof(out)), -ENOENT);
	/* The host itself: same as realpath. */
	assert_int_equal(ldpath_resolve("", "/proc/self/../self/exe", out, sizeof(out)), 0);
	assert_true(out[0] == '/');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ldpath_conf),
		cmocka_unit_test(test_ldpath_find),
		cmocka_unit_test(test_ldpath_runpath),
		cmocka_unit_test(test_ldpath_resolve),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
