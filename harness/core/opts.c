#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errors.h"
#include "parse.h"

/* Help text: options in a column, their help wrapped at this width. */
#define OPTS_LEFT 28
#define OPTS_WIDTH 100

const struct opt *opts_find(const struct opts_spec *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->nopts; i++)
		if (strlen(s->opts[i].name) == len && strncmp(s->opts[i].name, name, len) == 0)
			return &s->opts[i];
	return NULL;
}

static int opts_parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

int opts_set(const struct opt *o, void *target, const char *value, char *why, size_t len)
{
	char *field = (char *)target + o->offset;
	int ret;

	switch (o->type) {
	case OPT_STR: {
		char *copy = strdup(value);

		if (!copy)
			return -ENOMEM;
		free(*(char **)field);
		*(char **)field = copy;
		break;
	}
	case OPT_STRS:
		if (strvec_push((struct strvec *)field, value))
			return -ENOMEM;
		break;
	case OPT_U64:
		ret = parse_u64(value, o->lo, o->hi, (uint64_t *)field);
		if (ret) {
			snprintf(why, len, "'%s' is %s [%llu, %llu]", value,
				 ret == -ERANGE ? "outside" : "not a whole number in",
				 (unsigned long long)o->lo, (unsigned long long)o->hi);
			return -EINVAL;
		}
		break;
	case OPT_DURATION:
		ret = parse_duration(value, (double)o->lo, (double)o->hi, (double *)field);
		if (ret) {
			snprintf(why, len, "'%s' is %s", value,
				 ret == -ERANGE ? "out of range" : "not a duration (e.g. 100ms, 30s, 5m, 1h)");
			return -EINVAL;
		}
		break;
	case OPT_BOOL:
	case OPT_FLAG:
		if (opts_parse_bool(value, (bool *)field)) {
			snprintf(why, len, "'%s' is not yes or no", value);
			return -EINVAL;
		}
		break;
	}
	return o->check ? o->check(target, why, len) : 0;
}

int opts_defaults(const struct opts_spec *s, void *target)
{
	char why[256];
	size_t i;
	int ret;

	for (i = 0; i < s->nopts; i++) {
		if (!s->opts[i].def)
			continue;
		ret = opts_set(&s->opts[i], target, s->opts[i].def, why, sizeof(why));
		if (ret) {
			if (ret == -EINVAL)
				errors_log("default of --%s: %s", s->opts[i].name, why);
			return ret;
		}
	}
	return 0;
}

/* One "--..." argument at argv[*i]; *i moves past a value taken from the
 * next argument. */
static int opts_parse_long(const struct opts_spec *s, void *target, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '='), *value;
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct opt *o = opts_find(s, arg, len);
	char why[256] = "";
	int ret;

	if (!o && !eq && len > 3 && strncmp(arg, "no-", 3) == 0) {
		o = opts_find(s, arg + 3, len - 3);
		if (o && o->type == OPT_BOOL)
			value = "no";
		else
			o = NULL;
	} else {
		value = NULL;
	}
	if (!o) {
		errors_log("unknown option '%s' (see parity %s --help)", argv[*i], s->command);
		return -EINVAL;
	}
	if (value) {
		/* --no-NAME */
	} else if (o->type == OPT_FLAG || o->type == OPT_BOOL) {
		if (eq && o->type == OPT_FLAG) {
			errors_log("option --%s takes no value", o->name);
			return -EINVAL;
		}
		value = eq ? eq + 1 : "yes";
	} else if (eq) {
		value = eq + 1;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		errors_log("option --%s needs a value", o->name);
		return -EINVAL;
	}
	ret = opts_set(o, target, value, why, sizeof(why));
	if (ret == -EINVAL)
		errors_log("--%s: %s", o->name, why);
	return ret;
}

int opts_parse(const struct opts_spec *s, void *target, int argc, char **argv, struct strvec *positional,
	       bool *help)
{
	size_t npos = 0;
	bool ended = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!ended && strcmp(a, "--") == 0) {
			ended = true;
		} else if (!ended && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			*help = true;
		} else if (!ended && strncmp(a, "--", 2) == 0) {
			ret = opts_parse_long(s, target, argc, argv, &i);
			if (ret)
				return ret;
		} else if (!ended && a[0] == '-' && a[1]) {
			errors_log("unknown option '%s' (see parity %s --help)", a, s->command);
			return -EINVAL;
		} else if (npos++ >= s->max_positional || !positional) {
			errors_log("unexpected argument '%s' (see parity %s --help)", a, s->command);
			return -EINVAL;
		} else if (strvec_push(positional, a)) {
			return -ENOMEM;
		}
	}
	return 0;
}

int opts_command(const struct opts_spec *s, void *target, int argc, char **argv, struct strvec *positional)
{
	bool help = false;
	int ret = target ? opts_defaults(s, target) : 0;

	if (!ret)
		ret = opts_parse(s, target, argc, argv, positional, &help);
	if (!ret && help) {
		opts_help(s, target, stdout);
		return 1;
	}
	return ret;
}

void opts_format(const struct opt *o, const void *target, char *buf, size_t len)
{
	const char *field = (const char *)target + o->offset;
	const struct strvec *sv;
	size_t i, used = 0;

	buf[0] = '\0';
	switch (o->type) {
	case OPT_STR:
		snprintf(buf, len, "%s", *(char *const *)field ? *(char *const *)field : "");
		break;
	case OPT_STRS:
		sv = (const struct strvec *)field;
		for (i = 0; i < sv->n && used < len; i++) {
			int n = snprintf(buf + used, len - used, "%s%s", i ? "," : "", sv->v[i]);

			used += n > 0 ? (size_t)n : 0;
		}
		break;
	case OPT_U64:
		snprintf(buf, len, "%llu", (unsigned long long)*(const uint64_t *)field);
		break;
	case OPT_DURATION:
		parse_format_duration(*(const double *)field, buf, len);
		break;
	case OPT_BOOL:
		snprintf(buf, len, "%s", *(const bool *)field ? "yes" : "no");
		break;
	case OPT_FLAG:
		break;
	}
}

/* text from column col on, wrapped at OPTS_WIDTH with continuation lines
 * indented to indent. */
static void opts_wrap(FILE *fp, const char *text, size_t col, size_t indent)
{
	const char *p = text + strspn(text, " ");
	bool first = true;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (!first && col + 1 + word > OPTS_WIDTH) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, word, fp);
		col += word;
		first = false;
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', fp);
}

void opts_help(const struct opts_spec *s, const void *target, FILE *fp)
{
	char left[96], value[512], *text = NULL;
	size_t i, tlen = 0;

	fprintf(fp, "usage: parity %s %s\n\n%s\n\noptions%s:\n", s->command, s->usage, s->about,
		s->show_values && target ? " (current value in brackets)" : "");
	for (i = 0; i < s->nopts; i++) {
		const struct opt *o = &s->opts[i];
		FILE *mem = open_memstream(&text, &tlen);

		if (!mem)
			return;
		if (o->type == OPT_BOOL)
			snprintf(left, sizeof(left), "--[no-]%s", o->name);
		else if (o->type == OPT_FLAG)
			snprintf(left, sizeof(left), "--%s", o->name);
		else
			snprintf(left, sizeof(left), "--%s=%s", o->name, o->metavar ? o->metavar : "VALUE");
		if (o->help_arg)
			fprintf(mem, o->help, o->help_arg());
		else
			fputs(o->help, mem);
		if (s->show_values && target && o->type != OPT_FLAG) {
			opts_format(o, target, value, sizeof(value));
			if (value[0])
				fprintf(mem, " [%s]", value);
		}
		fclose(mem);
		/* A long option name gets its help on the next line. */
		if (strlen(left) > OPTS_LEFT)
			fprintf(fp, "  %s\n%*s", left, OPTS_LEFT + 3, "");
		else
			fprintf(fp, "  %-*s ", OPTS_LEFT, left);
		opts_wrap(fp, text, OPTS_LEFT + 3, OPTS_LEFT + 3);
		free(text);
		text = NULL;
	}
	fprintf(fp, "  %-*s %s\n", OPTS_LEFT, "-h, --help", "show this help");
	if (s->footer)
		fprintf(fp, "\n%s\n", s->footer);
}

int opts_write(const struct opts_spec *s, const void *target, FILE *fp)
{
	char value[1024];
	size_t i;

	for (i = 0; i < s->nopts; i++) {
		const struct opt *o = &s->opts[i];

		if (o->flags & (OPT_CLI_ONLY | OPT_NOT_WRITTEN))
			continue;
		opts_format(o, target, value, sizeof(value));
		if (o->type == OPT_STR || o->type == OPT_STRS) {
			const char *c;

			/* Escaped, so a newline in a value cannot start a line of
			 * its own (a key of its own) when the file is read back. */
			fprintf(fp, "%s = \"", o->name);
			for (c = value; *c; c++) {
				if (*c == '\n' || *c == '\r' || *c == '\t' || *c == '\\')
					fprintf(fp, "\\%c", *c == '\n' ? 'n' : *c == '\r' ? 'r' : *c == '\t' ? 't' : '\\');
				else
					fputc(*c, fp);
			}
			fputs("\"\n", fp);
		} else
			fprintf(fp, "%s = %s\n", o->name, value);
	}
	return ferror(fp) ? -EIO : 0;
}

void opts_free(const struct opts_spec *s, void *target)
{
	size_t i;

	for (i = 0; i < s->nopts; i++) {
		char *field = (char *)target + s->opts[i].offset;

		if (s->opts[i].type == OPT_STR) {
			free(*(char **)field);
			*(char **)field = NULL;
		} else if (s->opts[i].type == OPT_STRS) {
			strvec_free((struct strvec *)field);
		}
	}
}
