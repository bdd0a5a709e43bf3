#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "core/cliarg.h"
#include "core/textfile.h"

static void test_cliarg_both_spellings(void **state)
{
	char *argv[] = { "cmd", "--campaign=a", "--campaign", "b", "--campaignx", "--results", NULL };
	int argc = 6, i, missing = 0;

	(void)state;
	i = 1;
	assert_string_equal(cliarg_value("--campaign", argc, argv, &i, &missing), "a");
	assert_int_equal(i, 1);
	i = 2;
	assert_string_equal(cliarg_value("--campaign", argc, argv, &i, &missing), "b");
	assert_int_equal(i, 3);
	i = 4;  /* a longer option with the same prefix is not this one */
	assert_null(cliarg_value("--campaign", argc, argv, &i, &missing));
	assert_int_equal(missing, 0);
	i = 5;  /* last argument without its value */
	assert_null(cliarg_value("--results", argc, argv, &i, &missing));
	assert_int_equal(missing, 1);
	assert_int_equal(i, 5);
}

static void test_textfile_read(void **state)
{
	char path[] = "/tmp/parity-test-textfile.XXXXXX", *text = (char *)1;
	size_t len = 0;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\nb", 3), 3);
	close(fd);
	assert_int_equal(textfile_read(path, &text, &len), 0);
	assert_int_equal(len, 3);
	assert_string_equal(text, "a\nb");
	free(text);
	assert_int_equal(textfile_read_max(path, 3, &text, &len), 0);
	free(text);
	assert_int_equal(textfile_read_max(path, 2, &text, &len), -EFBIG);
	assert_null(text);
	unlink(path);
	assert_int_equal(textfile_read(path, &text, &len), -ENOENT);
	assert_null(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cliarg_both_spellings),
		cmocka_unit_test(test_textfile_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
