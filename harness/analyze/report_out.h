/* report_out: the building blocks of the report, written as HTML or as
 * Markdown from one description, so that report.html and report.md hold the
 * same content. Every text argument is plain text (from CSV files, logs,
 * the environment): each format escapes it itself. */
#ifndef PARITY_REPORT_OUT_H
#define PARITY_REPORT_OUT_H

#include <stddef.h>
#include <stdio.h>

enum report_format { REPORT_HTML, REPORT_MD };

struct report_out {
	FILE *fp;
	enum report_format fmt;
	int in_list;                 /* a list is open */
};

/* Plain text, escaped for the format. */
void report_out_text(struct report_out *o, const char *s);
void report_out_textf(struct report_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A section (HTML <section id=ID><h2>) and its end; a sub-heading (h3). */
void report_out_section(struct report_out *o, const char *id, const char *title);
void report_out_section_end(struct report_out *o);
void report_out_h3(struct report_out *o, const char *title);

/* A paragraph: begin (cls: an HTML class, or NULL), text, end. */
void report_out_p(struct report_out *o, const char *cls);
void report_out_p_end(struct report_out *o);
/* A whole paragraph of plain text. */
void report_out_para(struct report_out *o, const char *cls, const char *text);

/* A list item "lead text" (lead in bold, may be NULL); the list opens with
 * the first item and closes with report_out_list_end. */
void report_out_item(struct report_out *o, const char *lead, const char *text);
void report_out_list_end(struct report_out *o);

/* A table: header cells, rows of cells with an HTML class each (cls may be
 * NULL, or hold NULL entries), the end. */
void report_out_table(struct report_out *o, const char *cls, const char *const *head, size_t n);
void report_out_row(struct report_out *o, const char *const *cells, const char *const *cls, size_t n);
void report_out_table_end(struct report_out *o);

/* A block of preformatted text under a heading, or the missing note. */
void report_out_pre(struct report_out *o, const char *title, const char *text, const char *missing);

#endif
