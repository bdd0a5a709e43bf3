/* strvec: a growable, NULL-terminated vector of owned strings, for argv and
 * environment lists (command lines are vectors, never shell strings).
 * Functions return 0 or -ENOMEM. */
#ifndef PARITY_STRVEC_H
#define PARITY_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;    /* v[n] == NULL once anything was pushed */
	size_t n;
	size_t cap;
};

int strvec_push(struct strvec *sv, const char *s);
int strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Push every string of a NULL-terminated array. */
int strvec_push_all(struct strvec *sv, const char *const *items);
/* Append a copy of every string of other. */
int strvec_extend(struct strvec *sv, const struct strvec *other);
/* Index of the first element equal to s, or -1. */
long strvec_find(const struct strvec *sv, const char *s);
void strvec_free(struct strvec *sv);

#endif
