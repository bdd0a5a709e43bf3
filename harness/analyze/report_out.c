#include "report_out.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Markdown text: the characters Markdown (and the HTML it allows) would
 * read as markup are backslash-escaped; line breaks become spaces, so a
 * value never ends a paragraph or a table row. Control characters other
 * than tab become U+FFFD, as in the HTML. */
static void report_out_md(FILE *fp, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '\n' || *p == '\r') {
			fputc(' ', fp);
		} else if (*p < 0x20 && *p != '\t') {
			fputs("\xef\xbf\xbd", fp);
		} else if (strchr("\\`*_{}[]<>#|!&~$", *p)) {
			fputc('\\', fp);
			fputc(*p, fp);
		} else {
			fputc(*p, fp);
		}
	}
}

void report_out_text(struct report_out *o, const char *s)
{
	if (o->fmt == REPORT_HTML)
		html_escape(o->fp, s);
	else
		report_out_md(o->fp, s);
}

void report_out_textf(struct report_out *o, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		report_out_text(o, s);
		free(s);
	}
}

void report_out_section(struct report_out *o, const char *id, const char *title)
{
	report_out_list_end(o);
	if (o->fmt == REPORT_HTML) {
		fprintf(o->fp, "<section id=\"%s\"><h2>", id);
		report_out_text(o, title);
		fputs("</h2>\n", o->fp);
	} else {
		fputs("\n## ", o->fp);
		report_out_text(o, title);
		fputs("\n\n", o->fp);
	}
}

void report_out_section_end(struct report_out *o)
{
	report_out_list_end(o);
	if (o->fmt == REPORT_HTML)
		fputs("</section>\n", o->fp);
}

void report_out_h3(struct report_out *o, const char *title)
{
	report_out_list_end(o);
	if (o->fmt == REPORT_HTML) {
		fputs("<h3>", o->fp);
		report_out_text(o, title);
		fputs("</h3>\n", o->fp);
	} else {
		fputs("### ", o->fp);
		report_out_text(o, title);
		fputs("\n\n", o->fp);
	}
}

void report_out_p(struct report_out *o, const char *cls)
{
	report_out_list_end(o);
	if (o->fmt != REPORT_HTML)
		return;
	if (cls)
		fprintf(o->fp, "<p class=\"%s\">", cls);
	else
		fputs("<p>", o->fp);
}

void report_out_p_end(struct report_out *o)
{
	fputs(o->fmt == REPORT_HTML ? "</p>\n" : "\n\n", o->fp);
}

void report_out_para(struct report_out *o, const char *cls, const char *text)
{
	report_out_p(o, cls);
	report_out_text(o, text);
	report_out_p_end(o);
}

void report_out_item(struct report_out *o, const char *lead, const char *text)
{
	if (!o->in_list && o->fmt == REPORT_HTML)
		fputs("<ul>\n", o->fp);
	o->in_list = 1;
	if (o->fmt == REPORT_HTML) {
		fputs("<li>", o->fp);
		if (lead) {
			fputs("<b>", o->fp);
			report_out_text(o, lead);
			fputs("</b> ", o->fp);
		}
		report_out_text(o, text);
		fputs("</li>\n", o->fp);
	} else {
		fputs("- ", o->fp);
		if (lead) {
			fputs("**", o->fp);
			report_out_text(o, lead);
			fputs("** ", o->fp);
		}
		report_out_text(o, text);
		fputc('\n', o->fp);
	}
}

void report_out_list_end(struct report_out *o)
{
	if (!o->in_list)
		return;
	o->in_list = 0;
	fputs(o->fmt == REPORT_HTML ? "</ul>\n" : "\n", o->fp);
}

void report_out_table(struct report_out *o, const char *cls, const char *const *head, size_t n)
{
	size_t i;

	report_out_list_end(o);
	if (o->fmt == REPORT_HTML) {
		if (cls)
			fprintf(o->fp, "<table class=\"%s\"><tr>", cls);
		else
			fputs("<table><tr>", o->fp);
		for (i = 0; i < n; i++) {
			fputs("<th>", o->fp);
			report_out_text(o, head[i]);
			fputs("</th>", o->fp);
		}
		fputs("</tr>\n", o->fp);
		return;
	}
	fputc('|', o->fp);
	for (i = 0; i < n; i++) {
		fputc(' ', o->fp);
		report_out_text(o, head[i]);
		fputs(" |", o->fp);
	}
	fputs("\n|", o->fp);
	for (i = 0; i < n; i++)
		fputs("---|", o->fp);
	fputc('\n', o->fp);
}

void report_out_row(struct report_out *o, const char *const *cells, const char *const *cls, size_t n)
{
	size_t i;

	if (o->fmt == REPORT_HTML) {
		fputs("<tr>", o->fp);
		for (i = 0; i < n; i++) {
			if (cls && cls[i])
				fprintf(o->fp, "<td class=\"%s\">", cls[i]);
			else
				fputs("<td>", o->fp);
			report_out_text(o, cells[i]);
			fputs("</td>", o->fp);
		}
		fputs("</tr>\n", o->fp);
		return;
	}
	fputc('|', o->fp);
	for (i = 0; i < n; i++) {
		fputc(' ', o->fp);
		report_out_text(o, cells[i]);
		fputs(" |", o->fp);
	}
	fputc('\n', o->fp);
}

void report_out_table_end(struct report_out *o)
{
	fputs(o->fmt == REPORT_HTML ? "</table>\n" : "\n", o->fp);
}

/* The longest run of backticks in s: a Markdown fence must be longer. */
static size_t report_out_ticks(const char *s)
{
	size_t run = 0, max = 0;

	for (; *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	return max;
}

void report_out_pre(struct report_out *o, const char *title, const char *text, const char *missing)
{
	size_t fence, i;

	report_out_h3(o, title);
	if (!text) {
		report_out_para(o, NULL, missing);
		return;
	}
	if (o->fmt == REPORT_HTML) {
		fputs("<pre>", o->fp);
		html_escape(o->fp, text);
		fputs("</pre>\n", o->fp);
		return;
	}
	fence = report_out_ticks(text) + 1;
	if (fence < 3)
		fence = 3;
	for (i = 0; i < fence; i++)
		fputc('`', o->fp);
	fputs("text\n", o->fp);
	fputs(text, o->fp);
	if (*text && text[strlen(text) - 1] != '\n')
		fputc('\n', o->fp);
	for (i = 0; i < fence; i++)
		fputc('`', o->fp);
	fputs("\n\n", o->fp);
}
