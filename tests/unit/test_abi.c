/* Unit tests for harness/abi: verdicts on constructed host/image descriptions. */
#include "unit.h"

#include <string.h>

#include "bind/abi.h"

static const struct abi_host mpich_host = {
	.family = "mpich", .soname_major = 12, .library = "/usr/lib/libmpich.so.12", .version = "4.0.2",
	.glibc_needed = "GLIBC_2.34", .glibc_needed_by = "/usr/lib/libmpich.so.12",
};

static struct abi_image image(const char *family, int major, const char *version, const char *glibc)
{
	struct abi_image im = { .path = "/img", .family = family, .soname_major = major, .version = version,
				.glibc_provided = glibc, .source = "labels" };
	return im;
}

static void expect(const struct abi_host *h, struct abi_image im, enum abi_verdict want, const char *const *words)
{
	char msg[512];
	enum abi_verdict got = abi_check(h, &im, msg, sizeof(msg));

	if (got != want)
		fail_msg("verdict %d, expected %d: %s", got, want, msg);
	assert_null(strchr(msg, '\n'));
	for (; words && *words; words++)
		if (!strstr(msg, *words))
			fail_msg("message lacks '%s': %s", *words, msg);
}

static void test_abi_same_family_ok(void **state)
{
	(void)state;
	expect(&mpich_host, image("mpich", 12, "4.0.2", "GLIBC_2.36"), ABI_OK, NULL);
	/* Unknown parts are not held against anyone. */
	expect(&mpich_host, image(NULL, -1, NULL, NULL), ABI_OK, NULL);
	/* Newer host than image: fine. */
	expect(&mpich_host, image("mpich", 12, "3.4.1", "GLIBC_2.34"), ABI_OK, NULL);
}

static void test_abi_family_mismatch(void **state)
{
	static const char *const words[] = { "mpich", "openmpi", "/img", "/usr/lib/libmpich.so.12", NULL };

	(void)state;
	expect(&mpich_host, image("openmpi", 40, "4.1.4", "GLIBC_2.36"), ABI_REFUSE, words);
}

static void test_abi_major_mismatch(void **state)
{
	static const char *const words[] = { "12", "40", "/img", NULL };

	(void)state;
	expect(&mpich_host, image("mpich", 40, NULL, NULL), ABI_REFUSE, words);
}

static void test_abi_older_host_warns(void **state)
{
	static const char *const words[] = { "4.0.2", "4.1", "older", NULL };

	(void)state;
	expect(&mpich_host, image("mpich", 12, "4.1", "GLIBC_2.36"), ABI_WARN, words);
}

static void test_abi_glibc(void **state)
{
	static const char *const words[] = { "GLIBC_2.34", "GLIBC_2.31", "/usr/lib/libmpich.so.12", "/img", NULL };

	(void)state;
	expect(&mpich_host, image("mpich", 12, "4.0.2", "GLIBC_2.31"), ABI_REFUSE, words);
	expect(&mpich_host, image("mpich", 12, "4.0.2", "GLIBC_2.34"), ABI_OK, NULL);
	/* A refusal beats a warning. */
	expect(&mpich_host, image("mpich", 12, "4.1", "GLIBC_2.28"), ABI_REFUSE, words + 2);
}

static void test_abi_family_of_soname(void **state)
{
	static const struct { const char *soname, *family; int major; } cases[] = {
		{ "libmpich.so.12", "mpich", 12 }, { "libmpi.so.12", "mpich", 12 }, { "libmpi.so.40", "openmpi", 40 },
		{ "libmpi.so.20", "openmpi", 20 }, { "libmpi.so.40.30.4", "openmpi", 40 }, { "libmpi.so", NULL, 0 },
		{ "libmpi_cxx.so.40", NULL, 0 }, { "libc.so.6", NULL, 0 }, { "libmpi.so.x", NULL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int major = -1;
		const char *f = abi_family_of_soname(cases[i].soname, &major);

		if (!cases[i].family) {
			if (f)
				fail_msg("%s: family %s, expected none", cases[i].soname, f);
			continue;
		}
		if (!f || strcmp(f, cases[i].family) != 0 || major != cases[i].major)
			fail_msg("%s: family %s major %d", cases[i].soname, f ? f : "(none)", major);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abi_same_family_ok),
		cmocka_unit_test(test_abi_family_mismatch),
		cmocka_unit_test(test_abi_major_mismatch),
		cmocka_unit_test(test_abi_older_host_warns),
		cmocka_unit_test(test_abi_glibc),
		cmocka_unit_test(test_abi_family_of_soname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
