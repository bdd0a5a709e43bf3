#include "strvec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int strvec_take(struct strvec *sv, char *s)
{
	if (!s)
		return -ENOMEM;
	if (sv->n + 2 > sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **v = realloc(sv->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int strvec_push(struct strvec *sv, const char *s)
{
	return strvec_take(sv, strdup(s));
}

int strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	return strvec_take(sv, ret < 0 ? NULL : s);
}

int strvec_push_all(struct strvec *sv, const char *const *items)
{
	int ret = 0;

	for (; items && *items && !ret; items++)
		ret = strvec_push(sv, *items);
	return ret;
}

int strvec_extend(struct strvec *sv, const struct strvec *other)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < other->n && !ret; i++)
		ret = strvec_push(sv, other->v[i]);
	return ret;
}

long strvec_find(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (long)i;
	return -1;
}

void strvec_free(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
