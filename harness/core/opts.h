/* opts: the options of every subcommand, one table each (fio's option
 * table): one entry per option (name, type, where its value goes, metavar,
 * help, default, bounds, check) from which the command line is parsed, plan
 * files are read (`name = value`), --help is written and values are shown.
 *
 * One spelling for every subcommand: --name=value or --name value; --flag;
 * --name and --no-name for a yes/no option (or --name=yes|no); -h or --help;
 * "--" ends the options (what follows is positional). Names are matched
 * exactly: an abbreviation (--camp for --campaign) is an unknown option.
 * Functions return 0 or a negative errno code; opts_parse logs its one line
 * (core/errors.h). */
#ifndef PARITY_OPTS_H
#define PARITY_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strvec.h"

enum opt_type {
	OPT_STR,         /* char *, a copy (freed by opts_free) */
	OPT_STRS,        /* struct strvec: every use adds one (repeatable) */
	OPT_U64,         /* uint64_t in [lo, hi] */
	OPT_DURATION,    /* double seconds in [lo, hi]: 100ms, 30s, 5m, 1h */
	OPT_BOOL,        /* bool: --name, --no-name, --name=yes|no (true, on, 1 / false, off, 0) */
	OPT_FLAG,        /* bool set by --name alone */
};

enum opt_flags {
	OPT_CLI_ONLY = 1u << 0,      /* not a key of plan files, not written (--plan) */
	OPT_NOT_WRITTEN = 1u << 1,   /* about this invocation only: opts_write leaves it out */
};

struct opt {
	const char *name;            /* without the leading "--" */
	enum opt_type type;
	size_t offset;               /* of the value in the target struct */
	const char *metavar;
	const char *help;            /* may hold one %s, filled by help_arg() */
	const char *def;             /* default as text (opts_defaults), or NULL */
	uint64_t lo, hi;             /* OPT_U64 bounds; OPT_DURATION bounds in seconds */
	unsigned flags;              /* enum opt_flags */
	/* After the value is stored: validate it (and derive what follows from
	 * it); the reason goes to why. 0 or -EINVAL. */
	int (*check)(void *target, char *why, size_t len);
	const char *(*help_arg)(void);   /* e.g. the names of a table */
};

struct opts_spec {
	const char *command;         /* "run": messages and help say "parity run" */
	const char *usage;           /* what follows "usage: parity COMMAND " */
	const char *about;           /* the paragraph(s) after the usage line */
	const struct opt *opts;
	size_t nopts;
	size_t max_positional;       /* arguments that are not options (0: none) */
	bool show_values;            /* --help shows the current values, in brackets */
	const char *footer;          /* after the options (exit status) */
};

/* Apply argv[1..argc-1] to target; positional arguments are added to
 * positional (may be NULL when max_positional is 0); -h/--help sets *help
 * and parsing goes on. -EINVAL (logged, naming the option) on any error. */
int opts_parse(const struct opts_spec *s, void *target, int argc, char **argv, struct strvec *positional,
	       bool *help);
/* What a subcommand does with its arguments first: the defaults, then argv
 * (as opts_parse), then with -h/--help the help on stdout. 1 when the help
 * was printed (nothing more to do), 0 to go on, -EINVAL (logged) or -ENOMEM. */
int opts_command(const struct opts_spec *s, void *target, int argc, char **argv, struct strvec *positional);
/* Set every option that has a default. -EINVAL (logged) if a default is bad. */
int opts_defaults(const struct opts_spec *s, void *target);
/* The option called name (len bytes of it), or NULL. */
const struct opt *opts_find(const struct opts_spec *s, const char *name, size_t len);
/* Store the text value into o's field of target and run its check. -EINVAL
 * with the reason in why; -ENOMEM. */
int opts_set(const struct opt *o, void *target, const char *value, char *why, size_t len);
/* The value of o in target as text ("" for none; repeated values joined
 * with ','). */
void opts_format(const struct opt *o, const void *target, char *buf, size_t len);
/* The generated help: usage, about, every option, footer. */
void opts_help(const struct opts_spec *s, const void *target, FILE *fp);
/* Every option except OPT_CLI_ONLY and OPT_NOT_WRITTEN as `name = value`
 * lines (strings quoted, with newline, CR, tab and backslash escaped as \n,
 * \r, \t, \\): a plan file that plan_apply_line reads back. */
int opts_write(const struct opts_spec *s, const void *target, FILE *fp);
/* Free the OPT_STR and OPT_STRS values of target. */
void opts_free(const struct opts_spec *s, void *target);

#endif
