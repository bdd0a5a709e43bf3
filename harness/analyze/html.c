#include "html.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void html_escape(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("\xef\xbf\xbd", fp);
			else
				fputc(c, fp);
		}
	}
}

void html_escapef(FILE *fp, const char *fmt, ...)
{
	char *buf = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&buf, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		html_escape(fp, buf);
		free(buf);
	}
}

/* Case-insensitive search. */
static const char *html_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* An attribute whose name starts with "on" (onload=, onclick=, ...): a
 * blank, "on", letters, optional blanks, '='. */
static int html_has_event_attribute(const char *s)
{
	for (; *s; s++) {
		const char *p;

		if (!isspace((unsigned char)s[0]) || strncasecmp(s + 1, "on", 2) != 0)
			continue;
		p = s + 3;
		if (!isalpha((unsigned char)*p))
			continue;
		while (isalpha((unsigned char)*p))
			p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '=')
			return 1;
	}
	return 0;
}

/* href values must be local (#id). */
static int html_has_external_href(const char *s)
{
	const char *p = s;

	while ((p = html_find(p, "href")) != NULL) {
		p += 4;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=')
			continue;
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '"' || *p == '\'')
			p++;
		if (*p != '#')
			return 1;
	}
	return 0;
}

const char *html_svg_body(const char *svg)
{
	const char *body = html_find(svg, "<svg");
	static const char *const banned[] = { "<script", "<foreignobject", "javascript:", "<!entity",
					      "<iframe", "<object", "<embed", "<use xlink:href=\"http",
					      "url(http", "@import" };
	size_t i;

	if (!body)
		return NULL;
	/* The prolog too: a DOCTYPE can declare entities. */
	for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (html_find(svg, banned[i]))
			return NULL;
	if (html_has_event_attribute(body) || html_has_external_href(body))
		return NULL;
	return body;
}
