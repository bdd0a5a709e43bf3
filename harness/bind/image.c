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

#include <jansson.h>

#include "core/proc.h"
#include "core/textfile.h"

/* Labels files are small; anything bigger is not a labels file. */
#define IMAGE_MAX_TEXT (1u << 20)

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
	/* A FIFO or a device would block or never end: no image. */
	*kind = IMAGE_UNKNOWN;
	if (!S_ISREG(st.st_mode))
		return 0;
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

int image_labels_parse_json(const char *text, struct strvec *labels)
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr), *all, *value;
	const char *key;
	int ret = 0;

	if (!json_is_object(root)) {
		json_decref(root);
		return -EINVAL;
	}
	all = json_object_get(root, "labels");
	if (all && !json_is_object(all))
		ret = -EINVAL;
	json_object_foreach(all, key, value) {
		if (ret)
			break;
		if (!json_is_string(value) || !key[0] || strchr(key, '='))
			ret = -EINVAL;
		else if (!image_label(labels, key))
			ret = strvec_pushf(labels, "%s=%s", key, json_string_value(value));
	}
	json_decref(root);
	return ret;
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
