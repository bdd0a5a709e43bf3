/* Unit tests for harness/image: label parsing and reading labels from a
 * directory image. */
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind/image.h"

static void test_image_json_charliecloud(void **state)
{
	/* The layout ch-image writes, with other members around "labels". */
	static const char text[] =
		"{\n  \"arch\": \"amd64\",\n  \"cwd\": \"/\",\n  \"env\": {\"A\": \"1\"},\n"
		"  \"history\": [{\"created\": \"x\", \"empty_layer\": false, \"n\": -1.5e3}, null],\n"
		"  \"labels\": {\n    \"org.parity.mpi.abi\": \"mpich:12,openmpi:40\",\n"
		"    \"org.supercontainers.mpi.implementation\": \"mpich\",\n"
		"    \"esc\": \"a\\\"b\\\\c\\u00e9\\n\"\n  },\n"
		"  \"shell\": [\"/bin/sh\", \"-c\"],\n  \"volumes\": []\n}\n";
	struct strvec labels = { 0 };

	(void)state;
	assert_int_equal(image_labels_parse_json(text, &labels), 0);
	assert_int_equal(labels.n, 3);
	assert_string_equal(image_label(&labels, "org.parity.mpi.abi"), "mpich:12,openmpi:40");
	assert_string_equal(image_label(&labels, "org.supercontainers.mpi.implementation"), "mpich");
	assert_string_equal(image_label(&labels, "esc"), "a\"b\\c\xc3\xa9\n");
	assert_null(image_label(&labels, "org.parity"));
	assert_null(image_label(&labels, "A"));
	strvec_free(&labels);
	assert_int_equal(image_labels_parse_json("{}", &labels), 0);
	assert_int_equal(labels.n, 0);
	assert_int_equal(image_labels_parse_json(" {\"labels\": {}} ", &labels), 0);
	assert_int_equal(labels.n, 0);
}

static void test_image_json_malformed(void **state)
{
	static const char *const bad[] = {
		"", "[]", "{", "{\"labels\": {\"a\": \"b\"}", "{\"labels\": {\"a\": 1}}", "{\"labels\": [\"a\"]}",
		"{\"labels\": {\"a\" \"b\"}}", "{\"labels\": {\"a\": \"b\",}}", "{\"a\": tru}", "{\"a\": \"x\"} junk",
		"{\"labels\": {\"a\": \"b\\q\"}}", "{\"labels\": {\"a\": \"b\\u00\"}}", "{\"labels\": {\"a\": \"\\u0000\"}}",
		"{\"labels\": {\"k=v\": \"b\"}}", "{\"labels\": {\"\": \"b\"}}", "{\"a\": \"unterminated}",
		"{\"a\": \"tab\there\"}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct strvec labels = { 0 };
		int ret = image_labels_parse_json(bad[i], &labels);

		strvec_free(&labels);
		if (ret != -EINVAL)
			fail_msg("accepted malformed JSON (%d): %s", ret, bad[i]);
	}
}

static void test_image_json_deep(void **state)
{
	char *text = malloc(20000);
	struct strvec labels = { 0 };
	size_t i, n = 0;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "{\"x\": ");
	for (i = 0; i < 5000; i++)
		text[n++] = '[';
	text[n] = '\0';
	assert_int_equal(image_labels_parse_json(text, &labels), -EINVAL);
	free(text);
}

static void test_image_kv(void **state)
{
	struct strvec labels = { 0 };

	(void)state;
	assert_int_equal(image_labels_parse_kv("# comment\n\norg.a=1\n  org.b = x=y  \norg.a=2\nlast=no-newline", &labels), 0);
	assert_string_equal(image_label(&labels, "org.a"), "1"); /* first one wins */
	assert_string_equal(image_label(&labels, "org.b"), "x=y");
	assert_string_equal(image_label(&labels, "last"), "no-newline");
	strvec_free(&labels);
	assert_int_equal(image_labels_parse_kv("no equals sign\n", &labels), -EINVAL);
	strvec_free(&labels);
	assert_int_equal(image_labels_parse_kv("=value\n", &labels), -EINVAL);
	strvec_free(&labels);
}

static void test_image_apptainer(void **state)
{
	struct strvec labels = { 0 };

	(void)state;
	assert_int_equal(image_labels_parse_apptainer(
		"org.label-schema.build-arch: amd64\norg.parity.mpi.abi: openmpi:40\nurl: http://x:80/\n", &labels), 0);
	assert_string_equal(image_label(&labels, "org.parity.mpi.abi"), "openmpi:40");
	assert_string_equal(image_label(&labels, "url"), "http://x:80/");
	strvec_free(&labels);
	assert_int_equal(image_labels_parse_apptainer("garbage\n", &labels), -EINVAL);
	strvec_free(&labels);
}

static void test_image_list_value(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(image_list_value("mpich:12,openmpi:40", "openmpi", out, sizeof(out)), 0);
	assert_string_equal(out, "40");
	assert_int_equal(image_list_value("mpich=4.0.2, openmpi=4.1.4", "openmpi", out, sizeof(out)), 0);
	assert_string_equal(out, "4.1.4");
	assert_int_equal(image_list_value("mpich:12", "openmpi", out, sizeof(out)), -ENOENT);
	assert_int_equal(image_list_value("mpichx:12", "mpich", out, sizeof(out)), -ENOENT);
	assert_int_equal(image_list_value("mpich:12", "mpich", out, 2), -ENOSPC);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_image_read_dir(void **state)
{
	char dir[] = "/tmp/test_image.XXXXXX", path[PATH_MAX];
	struct strvec labels = { 0 };
	enum image_kind kind;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(image_kind(dir, &kind), 0);
	assert_int_equal(kind, IMAGE_DIR);
	/* No labels at all: fine, none. */
	assert_int_equal(image_labels_read(dir, &labels), 0);
	assert_int_equal(labels.n, 0);
	snprintf(path, sizeof(path), "%s/ch", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/parity", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/ch/metadata.json", dir);
	write_file(path, "{\"labels\": {\"org.parity.image.variant\": \"bare\"}}");
	snprintf(path, sizeof(path), "%s/etc/parity/labels", dir);
	write_file(path, "org.parity.image.variant=other\norg.parity.mpi.abi=mpich:12\n");
	assert_int_equal(image_labels_read(dir, &labels), 0);
	assert_string_equal(image_label(&labels, "org.parity.image.variant"), "bare");
	assert_string_equal(image_label(&labels, "org.parity.mpi.abi"), "mpich:12");
	strvec_free(&labels);
	/* A broken metadata.json is an error, not "no labels". */
	snprintf(path, sizeof(path), "%s/ch/metadata.json", dir);
	write_file(path, "{\"labels\": ");
	assert_int_equal(image_labels_read(dir, &labels), -EINVAL);
	strvec_free(&labels);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/parity/labels", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/parity", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/etc", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/ch", dir);
	rmdir(path);
	/* A file that is no image kind we know. */
	snprintf(path, sizeof(path), "%s/img.sif", dir);
	write_file(path, "#!/usr/bin/env run-singularity\nSIF_MAGIC0001");
	assert_int_equal(image_kind(path, &kind), 0);
	assert_int_equal(kind, IMAGE_SIF);
	unlink(path);
	snprintf(path, sizeof(path), "%s/img.sqfs", dir);
	write_file(path, "hsqs....");
	assert_int_equal(image_kind(path, &kind), 0);
	assert_int_equal(kind, IMAGE_SQUASHFS);
	unlink(path);
	rmdir(dir);
	assert_int_equal(image_kind(dir, &kind), -ENOENT);
	assert_int_equal(image_labels_read(dir, &labels), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_json_charliecloud),
		cmocka_unit_test(test_image_json_malformed),
		cmocka_unit_test(test_image_json_deep),
		cmocka_unit_test(test_image_kv),
		cmocka_unit_test(test_image_apptainer),
		cmocka_unit_test(test_image_list_value),
		cmocka_unit_test(test_image_read_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
