/* Unit tests for harness/core/opts (the option tables of every subcommand)
 * and harness/core/textfile. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "core/opts.h"
#include "core/textfile.h"

struct test_opts {
	char *campaign, *results;
	struct strvec against;
	uint64_t ranks;
	double budget_s;
	bool strict, plots;
};

static int test_opts_check_ranks(void *target, char *why, size_t len)
{
	const struct test_opts *o = target;

	if (o->ranks % 2 == 0)
		return 0;
	snprintf(why, len, "'%llu' is odd", (unsigned long long)o->ranks);
	return -EINVAL;
}

#define TEST_OFF(f) offsetof(struct test_opts, f)
static const struct opt test_table[] = {
	{ .name = "campaign", .type = OPT_STR, .offset = TEST_OFF(campaign), .metavar = "NAME", .help = "the campaign" },
	{ .name = "results", .type = OPT_STR, .offset = TEST_OFF(results), .metavar = "DIR", .def = "results",
	  .help = "results root" },
	{ .name = "against", .type = OPT_STRS, .offset = TEST_OFF(against), .metavar = "NAME", .help = "more" },
	{ .name = "ranks", .type = OPT_U64, .offset = TEST_OFF(ranks), .metavar = "N", .def = "2", .lo = 1, .hi = 64,
	  .help = "ranks", .check = test_opts_check_ranks },
	{ .name = "budget", .type = OPT_DURATION, .offset = TEST_OFF(budget_s), .metavar = "DURATION", .def = "0",
	  .lo = 0, .hi = 3600, .help = "campaign time" },
	{ .name = "strict", .type = OPT_FLAG, .offset = TEST_OFF(strict), .help = "strict" },
	{ .name = "plots", .type = OPT_BOOL, .offset = TEST_OFF(plots), .def = "yes", .help = "draw %s",
	  .help_arg = NULL },
};

static const struct opts_spec test_spec = {
	.command = "test", .usage = "[OPTIONS] [ARG]", .about = "About.",
	.opts = test_table, .nopts = sizeof(test_table) / sizeof(test_table[0]),
	.max_positional = 1, .show_values = true, .footer = "exit status: 0.",
};

/* Parse the NULL-terminated words after "cmd"; the return of opts_parse. */
static int parse(struct test_opts *o, struct strvec *pos, bool *help, char **words)
{
	char *argv[32] = { "cmd" };
	int argc = 1;

	memset(o, 0, sizeof(*o));
	memset(pos, 0, sizeof(*pos));
	*help = false;
	assert_int_equal(opts_defaults(&test_spec, o), 0);
	while (*words)
		argv[argc++] = *words++;
	return opts_parse(&test_spec, o, argc, argv, pos, help);
}

static void done(struct test_opts *o, struct strvec *pos)
{
	opts_free(&test_spec, o);
	strvec_free(pos);
}

/* Both spellings of a value; a longer name with the same prefix is another
 * (unknown) option; a last option without its value is an error. */
static void test_opts_both_spellings(void **state)
{
	struct test_opts o;
	struct strvec pos;
	bool help;

	(void)state;
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--campaign=a", NULL }), 0);
	assert_string_equal(o.campaign, "a");
	assert_string_equal(o.results, "results");   /* the default */
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--campaign", "b", "--results", "r", NULL }), 0);
	assert_string_equal(o.campaign, "b");
	assert_string_equal(o.results, "r");
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--campaignx", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--campaign=a", "--results", NULL }), -EINVAL);
	done(&o, &pos);
}

/* Exact names only: an abbreviation is an unknown option. */
static void test_opts_no_abbreviations(void **state)
{
	struct test_opts o;
	struct strvec pos;
	bool help;

	(void)state;
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--camp=a", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--str", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "-c", "x", NULL }), -EINVAL);
	done(&o, &pos);
}

/* Types, bounds, checks, repeats, yes/no and flags, "--", positionals, help. */
static void test_opts_types(void **state)
{
	struct test_opts o;
	struct strvec pos;
	bool help;

	(void)state;
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--against=x", "--against", "y", "--ranks=8",
			 "--budget", "5m", "--strict", "--no-plots", "arg", NULL }), 0);
	assert_int_equal(o.against.n, 2);
	assert_string_equal(o.against.v[1], "y");
	assert_int_equal(o.ranks, 8);
	assert_near(o.budget_s, 300, 1e-9);
	assert_true(o.strict);
	assert_false(o.plots);
	assert_int_equal(pos.n, 1);
	assert_string_equal(pos.v[0], "arg");
	assert_false(help);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--plots=no", "--plots", NULL }), 0);
	assert_true(o.plots);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--ranks=0", NULL }), -EINVAL);    /* bounds */
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--ranks=3", NULL }), -EINVAL);    /* check */
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--ranks=2x", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--budget=soon", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--strict=yes", NULL }), -EINVAL); /* a flag */
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--no-strict", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--plots=maybe", NULL }), -EINVAL);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "a", "b", NULL }), -EINVAL);       /* one positional */
	done(&o, &pos);
	/* "--" ends the options: what follows is positional, even "--x" or "-h". */
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--strict", "--", "--x", NULL }), 0);
	assert_string_equal(pos.v[0], "--x");
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--", "-h", NULL }), 0);
	assert_false(help);
	done(&o, &pos);
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "-h", "--ranks=4", NULL }), 0);
	assert_true(help);
	done(&o, &pos);
}

/* Help and plan-file text come from the same table. */
static void test_opts_help_and_write(void **state)
{
	struct test_opts o;
	struct strvec pos;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	bool help;

	(void)state;
	assert_int_equal(parse(&o, &pos, &help, (char *[]){ "--campaign=c1", "--against=a", NULL }), 0);
	fp = open_memstream(&buf, &len);
	opts_help(&test_spec, &o, fp);
	fclose(fp);
	assert_non_null(strstr(buf, "usage: parity test [OPTIONS] [ARG]\n\nAbout.\n"));
	assert_non_null(strstr(buf, "  --campaign=NAME              the campaign [c1]\n"));
	assert_non_null(strstr(buf, "  --[no-]plots"));
	assert_non_null(strstr(buf, "  --strict                     strict\n"));
	assert_non_null(strstr(buf, "  -h, --help"));
	assert_non_null(strstr(buf, "\nexit status: 0.\n"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_int_equal(opts_write(&test_spec, &o, fp), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "campaign = \"c1\"\nresults = \"results\"\nagainst = \"a\"\nranks = 2\n"));
	free(buf);
	done(&o, &pos);
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
		cmocka_unit_test(test_opts_both_spellings),
		cmocka_unit_test(test_opts_no_abbreviations),
		cmocka_unit_test(test_opts_types),
		cmocka_unit_test(test_opts_help_and_write),
		cmocka_unit_test(test_textfile_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
