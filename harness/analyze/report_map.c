#include "report_map.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "sizes.h"

const char *report_map_class(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_PASS: return "pass";
	case COMPARE_FAIL:
	case COMPARE_MISMATCH: return "fail";
	case COMPARE_INCONCLUSIVE:
	case COMPARE_UNRESOLVABLE: return "undecided";
	case COMPARE_FALLBACK:
	case COMPARE_SUSPECTED: return "fallback";
	case COMPARE_NO_DATA:
	case COMPARE_NVERDICTS: break;
	}
	return "no-data";
}

static int report_map_size_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The distinct sizes of series s's points, ascending. *n of them, in a
 * malloc'd array (NULL and 0 when there is none or no memory). */
static uint64_t *report_map_sizes(const struct compare_result *res, size_t s, size_t *n)
{
	uint64_t *v = malloc((res->npoints + 1) * sizeof(*v));
	size_t i, k = 0, u = 0;

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < res->npoints; i++)
		if (res->points[i].series == s)
			v[k++] = res->points[i].size_bytes;
	qsort(v, k, sizeof(*v), report_map_size_cmp);
	for (i = 0; i < k; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	*n = u;
	return v;
}

/* Points of one row: same series, kernel, metric and placement (compare
 * sorts a series' points so that they are consecutive). */
static int report_map_same_row(const struct compare_point *a, const struct compare_point *b)
{
	return a->series == b->series && a->placement == b->placement && strcmp(a->kernel, b->kernel) == 0 &&
	       strcmp(a->metric, b->metric) == 0;
}

static void report_map_overhead(const struct compare_point *p, char *buf, size_t len)
{
	if (isnan(p->overhead_pct))
		snprintf(buf, len, "\xe2\x80\x93");
	else if (fabs(p->overhead_pct) < 9.95)
		snprintf(buf, len, "%+.1f%%", p->overhead_pct);
	else
		snprintf(buf, len, "%+.0f%%", p->overhead_pct);
}

static void report_map_row_label(const struct compare_result *res, const struct compare_point *p, char *buf,
				 size_t len)
{
	char what[96], where[160];

	compare_kernel_label(p->kernel, p->metric, what, sizeof(what));
	if (res->nplacements > 1) {
		compare_placement_label(res, p->placement, where, sizeof(where));
		snprintf(buf, len, "%s (%s)", what, where);
	} else {
		snprintf(buf, len, "%s", what);
	}
}

/* The tooltip of a cell: the point in words. */
static void report_map_tooltip(const struct compare_point *p, const char *row, char *buf, size_t len)
{
	char sz[32], ovh[32], ci[64] = "", allowed[48] = "";

	sizes_format(p->size_bytes, sz, sizeof(sz));
	report_map_overhead(p, ovh, sizeof(ovh));
	if (!isnan(p->overhead_low_pct))
		snprintf(ci, sizeof(ci), " [%+.1f%%, %+.1f%%]", p->overhead_low_pct, p->overhead_high_pct);
	if (!isnan(p->allowed_pct))
		snprintf(allowed, sizeof(allowed), ", allowed %.1f%%", p->allowed_pct);
	snprintf(buf, len, "%s, %s B: %s, overhead %s%s%s, %zu rounds. %s", row, sz, compare_verdict_name(p->verdict),
		 ovh, ci, allowed, p->n_pairs, p->note);
}

static void report_map_html_row(struct report_out *o, const struct compare_result *res, size_t first, size_t end,
				const uint64_t *sizes, size_t nsizes)
{
	char label[320], tip[1200], ovh[32];
	size_t c, i = first;

	report_map_row_label(res, &res->points[first], label, sizeof(label));
	fputs("<tr><th class=\"k\">", o->fp);
	html_escape(o->fp, label);
	fputs("</th>", o->fp);
	for (c = 0; c < nsizes; c++) {
		const struct compare_point *p = i < end && res->points[i].size_bytes == sizes[c] ? &res->points[i++] : NULL;

		if (!p) {
			fputs("<td class=\"m-none\"></td>", o->fp);
			continue;
		}
		report_map_tooltip(p, label, tip, sizeof(tip));
		report_map_overhead(p, ovh, sizeof(ovh));
		fprintf(o->fp, "<td class=\"m-%s\" title=\"", report_map_class(p->verdict));
		html_escape(o->fp, tip);
		fputs("\">", o->fp);
		html_escape(o->fp, ovh);
		fputs("</td>", o->fp);
	}
	fputs("</tr>\n", o->fp);
}

static void report_map_md_row(struct report_out *o, const struct compare_result *res, size_t first, size_t end,
			      const uint64_t *sizes, size_t nsizes)
{
	char label[320], ovh[32], cell[96];
	const char **cells = calloc(nsizes + 1, sizeof(*cells));
	char (*text)[96] = calloc(nsizes + 1, sizeof(*text));
	size_t c, i = first;

	if (!cells || !text) {
		free(cells);
		free(text);
		return;
	}
	report_map_row_label(res, &res->points[first], label, sizeof(label));
	cells[0] = label;
	for (c = 0; c < nsizes; c++) {
		const struct compare_point *p = i < end && res->points[i].size_bytes == sizes[c] ? &res->points[i++] : NULL;

		cell[0] = '\0';
		if (p) {
			report_map_overhead(p, ovh, sizeof(ovh));
			snprintf(cell, sizeof(cell), "%s %s", ovh, compare_verdict_name(p->verdict));
		}
		memcpy(text[c + 1], cell, sizeof(cell));
		cells[c + 1] = text[c + 1];
	}
	report_out_row(o, cells, NULL, nsizes + 1);
	free(cells);
	free(text);
}

static void report_map_series(struct report_out *o, const struct compare_result *res, size_t s)
{
	const struct compare_series *se = &res->series[s];
	uint64_t *sizes;
	size_t nsizes, i, c;
	char title[256];

	snprintf(title, sizeof(title), "%s: %s", se->label, compare_verdict_name(se->verdict));
	report_out_h3(o, title);
	sizes = report_map_sizes(res, s, &nsizes);
	if (!sizes || !nsizes) {
		report_out_para(o, NULL, "No comparison points.");
		free(sizes);
		return;
	}
	if (o->fmt == REPORT_HTML) {
		char sz[32];

		fputs("<table class=\"map\"><tr><th class=\"k\">kernel / size (B)</th>", o->fp);
		for (c = 0; c < nsizes; c++) {
			sizes_format(sizes[c], sz, sizeof(sz));
			fprintf(o->fp, "<th>%s</th>", sz);
		}
		fputs("</tr>\n", o->fp);
	} else {
		const char **head = calloc(nsizes + 1, sizeof(*head));
		char (*text)[32] = calloc(nsizes + 1, sizeof(*text));

		if (!head || !text) {
			free(head);
			free(text);
			free(sizes);
			return;
		}
		head[0] = "kernel / size (B)";
		for (c = 0; c < nsizes; c++) {
			sizes_format(sizes[c], text[c + 1], sizeof(text[0]));
			head[c + 1] = text[c + 1];
		}
		report_out_table(o, "map", head, nsizes + 1);
		free(head);
		free(text);
	}
	for (i = 0; i < res->npoints; i++) {
		size_t end = i + 1;

		if (res->points[i].series != s)
			continue;
		while (end < res->npoints && report_map_same_row(&res->points[i], &res->points[end]))
			end++;
		if (o->fmt == REPORT_HTML)
			report_map_html_row(o, res, i, end, sizes, nsizes);
		else
			report_map_md_row(o, res, i, end, sizes, nsizes);
		i = end - 1;
	}
	report_out_table_end(o);
	free(sizes);
}

void report_map(struct report_out *o, const struct analysis *a)
{
	const struct compare_result *res = &a->result;
	size_t s;

	report_out_section(o, "overview", "Overview: overhead by kernel and message size");
	report_out_para(o, NULL, o->fmt == REPORT_HTML
		? "One map per mode: each cell is a point, the container's median overhead against native (positive = container worse), coloured by its verdict. Hover a cell for its interval, allowance and note; the tables below have every number."
		: "One map per mode: each cell is a point, the container's median overhead against native (positive = container worse) and its verdict; the tables below have every number.");
	if (res->nseries == 0)
		report_out_para(o, NULL, "No container mode in this campaign: nothing to map.");
	for (s = 0; s < res->nseries; s++)
		report_map_series(o, res, s);
	if (o->fmt == REPORT_HTML)
		fputs("<p class=\"legend\"><span class=\"m-pass\">pass</span><span class=\"m-fail\">fail, mode-mismatch</span>"
		      "<span class=\"m-undecided\">inconclusive, unresolvable</span>"
		      "<span class=\"m-fallback\">fallback (proven or suspected)</span><span class=\"m-no-data\">no data</span>"
		      "<span class=\"m-none\">not measured</span></p>\n", o->fp);
	else
		report_out_para(o, NULL, "Cells: overhead and verdict (pass; fail, mode-mismatch; inconclusive, unresolvable; fallback, fallback-suspected; no-data); empty: not measured.");
	report_out_section_end(o);
}
