/* html: safe text for the report page.
 *
 * Every string that comes from a CSV file, a log or the environment goes
 * through html_escape before it reaches the page; inlined SVG goes through
 * html_svg_body, which refuses anything active. */
#ifndef PARITY_HTML_H
#define PARITY_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Write s with & < > " ' as character references, for element text and
 * quoted attribute values alike; control characters other than tab and
 * line feed become U+FFFD. */
void html_escape(FILE *fp, const char *s);

/* printf, then the result escaped. */
void html_escapef(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The inlinable part of an SVG document svg (from "<svg" to the end): NULL
 * when there is no <svg element or it holds anything that could run or
 * load something (script, foreignObject, event handler attributes,
 * javascript: or external href, entity declarations). */
const char *html_svg_body(const char *svg);

#endif
