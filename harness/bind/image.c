#include "image.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/proc.h"
#include "core/textfile.h"

/* Labels files are small; anything bigger is not a labels file. */
#define IMAGE_MAX_TEXT (1u << 20)
#define IMAGE_JSON_MAX_DEPTH 64

const char *image_kind_name(enum image_kind kind)
{
	switch (kind) {
	case IMAGE_DIR: return "directory";
	case IMAGE_SQUASHFS: return "squashfs";
	case IMAGE_SIF: return "sif";
	default: return "unknown";
	}
}

int image_kind(const char *path, enum image_kind *kind)
{
	unsigned char head[128];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode)) {
		*kind = IMAGE_DIR;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 0)
		return -errno;
	*kind = IMAGE_UNKNOWN;
	if (n >= 4 && memcmp(head, "hsqs", 4) == 0)
		*kind = IMAGE_SQUASHFS;
	/* A SIF starts with a launch script line, then its magic. */
	else if (memmem(head, (size_t)n, "SIF_MAGIC", 9))
		*kind = IMAGE_SIF;
	return 0;
}

/* ---------------------------------------------------------------- JSON */

struct image_json {
	const char *p;
	int depth;
};

static void image_json_ws(struct image_json *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static int image_json_hex4(const char *s, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -EINVAL;
		*v = *v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10));
	}
	return 0;
}

/* Append code point cp as UTF-8. */
static size_t image_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) { out[0] = (char)cp; return 1; }
	if (cp < 0x800) { out[0] = (char)(0xc0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f)); return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Parse a string at j->p (which is at '"'); *out gets a malloc'd copy
 * when out is not NULL. */
static int image_json_string(struct image_json *j, char **out)
{
	const char *s = j->p + 1;
	char *buf = NULL;
	size_t n = 0;

	if (*j->p != '"')
		return -EINVAL;
	/* Decoded text is never longer than the escaped text. */
	if (out) {
		const char *e = s;

		while (*e && *e != '"')
			e += (*e == '\\' && e[1]) ? 2 : 1;
		buf = malloc((size_t)(e - s) + 1);
		if (!buf)
			return -ENOMEM;
	}
	while (*s != '"') {
		char c = *s;

		if (!c || (unsigned char)c < 0x20)
			goto bad;
		if (c == '\\') {
			unsigned cp;

			s++;
			switch (*s) {
			case '"': case '\\': case '/': c = *s; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u':
				if (image_json_hex4(s + 1, &cp))
					goto bad;
				s += 5;
				if (cp >= 0xd800 && cp < 0xdc00 && s[0] == '\\' && s[1] == 'u') {
					unsigned lo;

					if (image_json_hex4(s + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
						goto bad;
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					s += 6;
				}
				if (!cp)
					goto bad; /* no NUL inside C strings */
				if (buf)
					n += image_utf8(buf + n, cp);
				continue;
			default:
				goto bad;
			}
		}
		if (buf)
			buf[n++] = c;
		s++;
	}
	j->p = s + 1;
	if (out) {
		buf[n] = '\0';
		*out = buf;
	}
	return 0;
bad:
	free(buf);
	return -EINVAL;
}

static int image_json_value(struct image_json *j);

/* Object or array at j->p; when labels is not NULL the object's members
 * are collected as labels (string values only). */
static int image_json_container(struct image_json *j, struct strvec *labels)
{
	char close = *j->p == '{' ? '}' : ']';
	int first = 1, ret;

	if (++j->depth > IMAGE_JSON_MAX_DEPTH)
		return -EINVAL;
	j->p++;
	for (;;) {
		image_json_ws(j);
		if (*j->p == close && first) {
			j->p++;
			break;
		}
		if (close == '}') {
			char *key = NULL;

			ret = image_json_string(j, labels ? &key : NULL);
			if (ret)
				return ret;
			image_json_ws(j);
			if (*j->p != ':') {
				free(key);
				return -EINVAL;
			}
			j->p++;
			image_json_ws(j);
			if (labels) {
				char *val = NULL;

				ret = *j->p == '"' ? image_json_string(j, &val) : -EINVAL;
				if (!ret && (strchr(key, '=') || !key[0]))
					ret = -EINVAL;
				if (!ret && !image_label(labels, key))
					ret = strvec_pushf(labels, "%s=%s", key, val);
				free(val);
				free(key);
				if (ret)
					return ret;
			} else if ((ret = image_json_value(j))) {
				return ret;
			}
		} else if ((ret = image_json_value(j))) {
			return ret;
		}
		first = 0;
		image_json_ws(j);
		if (*j->p == ',') {
			j->p++;
			image_json_ws(j);
			if (*j->p == close)
				return -EINVAL;
			continue;
		}
		if (*j->p != close)
			return -EINVAL;
		j->p++;
		break;
	}
	j->depth--;
	return 0;
}

static int image_json_value(struct image_json *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	image_json_ws(j);
	if (*j->p == '"')
		return image_json_string(j, NULL);
	if (*j->p == '{' || *j->p == '[')
		return image_json_container(j, NULL);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strncmp(j->p, words[i], strlen(words[i])) == 0) {
			j->p += strlen(words[i]);
			return 0;
		}
	if (*j->p == '-' || isdigit((unsigned char)*j->p)) {
		char *end;

		(void)strtod(j->p, &end);
		if (end == j->p)
			return -EINVAL;
		j->p = end;
		return 0;
	}
	return -EINVAL;
}

int image_labels_parse_json(const char *text, struct strvec *labels)
{
	struct image_json j = { text, 0 };
	int seen = 0, ret;

	image_json_ws(&j);
	if (*j.p != '{')
		return -EINVAL;
	j.p++;
	j.depth = 1;
	image_json_ws(&j);
	if (*j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			char *key = NULL;

			image_json_ws(&j);
			ret = image_json_string(&j, &key);
			if (ret)
				return ret;
			image_json_ws(&j);
			if (*j.p != ':') {
				free(key);
				return -EINVAL;
			}
			j.p++;
			image_json_ws(&j);
			if (strcmp(key, "labels") == 0 && !seen) {
				seen = 1;
				ret = *j.p == '{' ? image_json_container(&j, labels) : -EINVAL;
			} else {
				ret = image_json_value(&j);
			}
			free(key);
			if (ret)
				return ret;
			image_json_ws(&j);
			if (*j.p == ',') {
				j.p++;
				continue;
			}
			if (*j.p != '}')
				return -EINVAL;
			j.p++;
			break;
		}
	}
	image_json_ws(&j);
	return *j.p ? -EINVAL : 0;
}

/* ---------------------------------------------------------------- lines */

/* Parse "KEY<sep>VALUE" lines; sep ": " for apptainer, "=" for files. */
static int image_labels_parse_lines(const char *text, const char *sep, struct strvec *labels)
{
	const char *line = text;
	int ret = 0;

	while (*line && !ret) {
		const char *nl = strchr(line, '\n'), *e = nl ? nl : line + strlen(line), *s = line, *k;
		char *key;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s < e && *s != '#') {
			k = memmem(s, (size_t)(e - s), sep, strlen(sep));
			if (!k || k == s)
				return -EINVAL;
			{
				const char *ke = k, *v = k + strlen(sep);

				/* "KEY = VALUE" means KEY and VALUE. */
				while (ke > s && isspace((unsigned char)ke[-1]))
					ke--;
				while (v < e && isspace((unsigned char)*v))
					v++;
				key = strndup(s, (size_t)(ke - s));
				if (!key)
					return -ENOMEM;
				if (!key[0] || (strchr(key, '=') && strcmp(sep, "=") != 0))
					ret = -EINVAL;
				else if (!image_label(labels, key))
					ret = strvec_pushf(labels, "%s=%.*s", key, (int)(e - v), v);
			}
			free(key);
		}
		line = nl ? nl + 1 : e;
		if (!nl)
			break;
	}
	return ret;
}

int image_labels_parse_kv(const char *text, struct strvec *labels)
{
	return image_labels_parse_lines(text, "=", labels);
}

int image_labels_parse_apptainer(const char *text, struct strvec *labels)
{
	return image_labels_parse_lines(text, ": ", labels);
}

const char *image_label(const struct strvec *labels, const char *key)
{
	size_t i, klen = strlen(key);

	for (i = 0; i < labels->n; i++)
		if (strncmp(labels->v[i], key, klen) == 0 && labels->v[i][klen] == '=')
			return labels->v[i] + klen + 1;
	return NULL;
}

int image_list_value(const char *list, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n > klen && strncmp(p, key, klen) == 0 && (p[klen] == ':' || p[klen] == '=')) {
			if (n - klen - 1 >= len)
				return -ENOSPC;
			memcpy(out, p + klen + 1, n - klen - 1);
			out[n - klen - 1] = '\0';
			return 0;
		}
		p = end ? end + 1 : NULL;
	}
	return -ENOENT;
}

/* ---------------------------------------------------------------- reading */

/* The standard output of argv (no shell; its errors are dropped): 0 with
 * *out allocated, -ECHILD when it exits non-zero, -EFBIG past
 * IMAGE_MAX_TEXT. */
static int image_capture(char *const argv[], char **out)
{
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_NULL, .capture_max = IMAGE_MAX_TEXT };
	struct proc_result res;
	int ret = proc_run(&req, &res);

	*out = NULL;
	if (ret)
		return ret;
	if (res.out_truncated)
		ret = -EFBIG;
	else if (proc_status(&res) != 0)
		ret = -ECHILD;
	if (!ret) {
		*out = res.out ? res.out : strdup("");
		res.out = NULL;
		ret = *out ? 0 : -ENOMEM;
	}
	proc_result_free(&res);
	return ret;
}

/* Parse text (the result `got` of reading it) with fn into labels; a
 * missing text (-ENOENT, or a tool that failed: -ECHILD) is no labels. */
static int image_labels_from(int got, char *text, int (*fn)(const char *, struct strvec *),
			     struct strvec *labels)
{
	int ret;

	if (got == -ENOENT || got == -ECHILD)
		return 0;
	if (got)
		return got;
	ret = fn(text, labels);
	free(text);
	return ret;
}

int image_labels_read(const char *path, struct strvec *labels)
{
	static const char *const files[] = { "/ch/metadata.json", "/etc/parity/labels" };
	int (*const parsers[])(const char *, struct strvec *) = { image_labels_parse_json, image_labels_parse_kv };
	enum image_kind kind;
	char *text = NULL;
	size_t i;
	int ret = image_kind(path, &kind);

	if (ret)
		return ret;
	switch (kind) {
	case IMAGE_DIR:
		for (i = 0; i < 2 && !ret; i++) {
			char full[PATH_MAX];

			if (snprintf(full, sizeof(full), "%s%s", path, files[i]) >= (int)sizeof(full))
				return -ENAMETOOLONG;
			ret = textfile_read_max(full, IMAGE_MAX_TEXT, &text, NULL);
			ret = image_labels_from(ret, text, parsers[i], labels);
		}
		return ret;
	case IMAGE_SQUASHFS:
		if (!proc_have("unsquashfs"))
			return -ENOTSUP;
		for (i = 0; i < 2 && !ret; i++) {
			char *argv[] = { "unsquashfs", "-cat", (char *)path, (char *)files[i] + 1, NULL };

			ret = image_capture(argv, &text);
			ret = image_labels_from(ret, text, parsers[i], labels);
		}
		return ret;
	case IMAGE_SIF: {
		char *argv[] = { "apptainer", "inspect", "--labels", (char *)path, NULL };

		if (!proc_have("apptainer"))
			return -ENOTSUP;
		ret = image_capture(argv, &text);
		return image_labels_from(ret, text, image_labels_parse_apptainer, labels);
	}
	default:
		return -ENOTSUP;
	}
}
