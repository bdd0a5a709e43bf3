#include "vercmp.h"

#include <ctype.h>
#include <string.h>

static int vercmp_is_sep(char c)
{
	return c == '.' || c == '_' || c == '-' || c == '+' || c == '~';
}

/* Length of the run at s: all digits or all other non-separators. */
static size_t vercmp_run(const char *s)
{
	size_t n = 0;
	int digit = isdigit((unsigned char)s[0]) != 0;

	while (s[n] && !vercmp_is_sep(s[n]) && (isdigit((unsigned char)s[n]) != 0) == digit)
		n++;
	return n;
}

/* Compare two digit runs as numbers of any length. */
static int vercmp_numbers(const char *a, size_t na, const char *b, size_t nb)
{
	int c;

	while (na > 1 && *a == '0') { a++; na--; }
	while (nb > 1 && *b == '0') { b++; nb--; }
	if (na != nb)
		return na < nb ? -1 : 1;
	c = memcmp(a, b, na);
	return (c > 0) - (c < 0);
}

int vercmp_compare(const char *a, const char *b)
{
	for (;;) {
		size_t na, nb;
		int da, db, c;

		while (vercmp_is_sep(*a))
			a++;
		while (vercmp_is_sep(*b))
			b++;
		if (!*a && !*b)
			return 0;
		/* A missing part is zero: equal to "0", older than anything else. */
		if (!*a || !*b) {
			const char *rest = *a ? a : b;
			int sign = *a ? 1 : -1;

			for (; *rest; rest++)
				if (!vercmp_is_sep(*rest) && *rest != '0')
					return sign;
			return 0;
		}
		na = vercmp_run(a);
		nb = vercmp_run(b);
		da = isdigit((unsigned char)*a) != 0;
		db = isdigit((unsigned char)*b) != 0;
		if (da && db) {
			c = vercmp_numbers(a, na, b, nb);
		} else if (da != db) {
			c = da ? 1 : -1; /* "4.1.1" > "4.1.rc1" */
		} else {
			c = strncmp(a, b, na < nb ? na : nb);
			if (!c && na != nb)
				c = na < nb ? -1 : 1;
			c = (c > 0) - (c < 0);
		}
		if (c)
			return c;
		a += na;
		b += nb;
	}
}
