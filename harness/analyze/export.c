#include "export.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/errors.h"
#include "sizes.h"
#include "thresholds.h"
#include "verdicts.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t export_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/U+FFFF (not
	 * characters in XML). */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

char *export_clean_text(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = malloc(3 * strlen((const char *)p) + 1), *o = out;

	if (!out)
		return NULL;
	while (*p) {
		size_t n = export_utf8_len(p);

		if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f) {
			memcpy(o, replacement, 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o = '\0';
	return out;
}

/* s as XML character data or attribute value: cleaned, then & < > " '
 * as references (line feeds in attributes kept as &#10;). */
static void export_xml(FILE *fp, const char *s)
{
	char *clean = export_clean_text(s), *c;

	for (c = clean ? clean : ""; *c; c++) {
		switch (*c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		case '\n': fputs("&#10;", fp); break;
		case '\r': fputs("&#13;", fp); break;
		case '\t': fputs("&#9;", fp); break;
		default: fputc(*c, fp); break;
		}
	}
	free(clean);
}

/* "bw 1M" or "mbw_mr message_rate 1M (inter, 2 ranks)": the testcase name,
 * unique within its series. */
static void export_point_name(const struct compare_result *res, const struct compare_point *p, char *buf, size_t len)
{
	char what[96], sz[32], where[128] = "";

	compare_kernel_label(p->kernel, p->metric, what, sizeof(what));
	sizes_format(p->size_bytes, sz, sizeof(sz));
	if (res->nplacements > 1) {
		char pl[112];

		compare_placement_label(res, p->placement, pl, sizeof(pl));
		snprintf(where, sizeof(where), " (%s)", pl);
	}
	snprintf(buf, len, "%s %s B%s", what, sz, where);
}

/* The numbers of a point in one paragraph (JUnit <system-out>). */
static void export_point_numbers(FILE *fp, const struct compare_point *p)
{
	char thr[96] = "";

	fprintf(fp, "native median %.6g %s (%zu runs), container median %.6g %s (%zu runs), %zu rounds paired",
		p->native_median, p->unit, p->n_native, p->container_median, p->unit, p->n_container, p->n_pairs);
	if (!isnan(p->ratio))
		fprintf(fp, "; ratio %.4g", p->ratio);
	if (!isnan(p->ci_low))
		fprintf(fp, " [%.4g, %.4g] (%.1f%% interval)", p->ci_low, p->ci_high, p->confidence_pct);
	if (!isnan(p->overhead_pct))
		fprintf(fp, "; overhead %+.2f%%", p->overhead_pct);
	if (!isnan(p->overhead_low_pct))
		fprintf(fp, " [%+.2f%%, %+.2f%%]", p->overhead_low_pct, p->overhead_high_pct);
	if (!isnan(p->allowed_pct))
		fprintf(fp, ", allowed %.2f%%", p->allowed_pct);
	if (p->rule) {
		thresholds_describe(p->rule, p->unit, thr, sizeof(thr));
		fprintf(fp, " (threshold %s, %s)", thr, p->rule->source);
	}
	if (!isnan(p->noise_pct))
		fprintf(fp, "; noise floor %.2f%%", p->noise_pct);
	if (p->native_transport[0] || p->container_transport[0])
		fprintf(fp, "; transport native %s, container %s", p->native_transport[0] ? p->native_transport : "-",
			p->container_transport[0] ? p->container_transport : "-");
	if (p->native_bad || p->container_bad)
		fprintf(fp, "; bad rows native %zu, container %zu", p->native_bad, p->container_bad);
}

enum export_outcome { EXPORT_PASSED, EXPORT_FAILURE, EXPORT_ERROR, EXPORT_SKIPPED };

static enum export_outcome export_outcome_of(enum compare_verdict v, int strict)
{
	if (v == COMPARE_PASS)
		return EXPORT_PASSED;
	if (v == COMPARE_NO_DATA)
		return EXPORT_ERROR;
	if (!compare_verdict_decided(v))
		return strict ? EXPORT_FAILURE : EXPORT_SKIPPED;
	return EXPORT_FAILURE;
}

static void export_junit_case(FILE *fp, const struct campaign_set *set, const struct compare_result *res,
			      const struct compare_point *p, int strict)
{
	const struct compare_series *s = &res->series[p->series];
	enum export_outcome o = export_outcome_of(p->verdict, strict);
	static const char *const element[] = { "", "failure", "error", "skipped" };
	char name[256], what[96];
	char *numbers = NULL;
	size_t nlen = 0;
	FILE *mem = open_memstream(&numbers, &nlen);

	if (mem) {
		export_point_numbers(mem, p);
		fclose(mem);
	}
	export_point_name(res, p, name, sizeof(name));
	compare_kernel_label(p->kernel, p->metric, what, sizeof(what));
	fputs("    <testcase classname=\"", fp);
	export_xml(fp, set->names[s->campaign]);
	fputc('.', fp);
	export_xml(fp, s->mode);
	fputc('.', fp);
	export_xml(fp, p->kernel);
	fputs("\" name=\"", fp);
	export_xml(fp, name);
	fputs("\">\n", fp);
	if (o != EXPORT_PASSED) {
		fprintf(fp, "      <%s type=\"%s\" message=\"", element[o], compare_verdict_name(p->verdict));
		export_xml(fp, compare_verdict_name(p->verdict));
		fputs(": ", fp);
		export_xml(fp, p->note);
		fputs("\">", fp);
		export_xml(fp, s->label);
		fputc(' ', fp);
		export_xml(fp, name);
		fprintf(fp, ": %s: ", compare_verdict_name(p->verdict));
		export_xml(fp, p->note);
		fprintf(fp, "</%s>\n", element[o]);
	}
	fputs("      <system-out>", fp);
	export_xml(fp, numbers ? numbers : "");
	fputs("</system-out>\n    </testcase>\n", fp);
	free(numbers);
}

static void export_count(const struct compare_result *res, long series, int strict, size_t count[4], size_t *tests)
{
	size_t i;

	memset(count, 0, 4 * sizeof(count[0]));
	*tests = 0;
	for (i = 0; i < res->npoints; i++) {
		if (series >= 0 && res->points[i].series != (size_t)series)
			continue;
		count[export_outcome_of(res->points[i].verdict, strict)]++;
		(*tests)++;
	}
}

int export_junit(const char *path, const struct campaign_set *set, const struct compare_result *res, int strict)
{
	char *text = NULL, line[1024];
	size_t len = 0, count[4], tests, s, i;
	FILE *fp = open_memstream(&text, &len);
	int ret;

	if (!fp) {
		errors_log("out of memory");
		return -ENOMEM;
	}
	export_count(res, -1, strict, count, &tests);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"parity compare ", fp);
	export_xml(fp, set->ncampaigns ? set->names[0] : "");
	fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests,
		count[EXPORT_FAILURE], count[EXPORT_ERROR], count[EXPORT_SKIPPED]);
	for (s = 0; s < res->nseries; s++) {
		const struct compare_series *se = &res->series[s];

		export_count(res, (long)s, strict, count, &tests);
		fputs("  <testsuite name=\"", fp);
		export_xml(fp, set->names[se->campaign]);
		fputc('.', fp);
		export_xml(fp, se->mode);
		fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests,
			count[EXPORT_FAILURE], count[EXPORT_ERROR], count[EXPORT_SKIPPED]);
		fputs("    <properties>\n      <property name=\"series\" value=\"", fp);
		export_xml(fp, se->label);
		fputs("\"/>\n      <property name=\"baseline\" value=\"", fp);
		export_xml(fp, res->baseline.label);
		fprintf(fp, "\"/>\n      <property name=\"verdict\" value=\"%s\"/>\n", compare_verdict_name(se->verdict));
		compare_series_summary(res, s, line, sizeof(line));
		fputs("      <property name=\"summary\" value=\"", fp);
		export_xml(fp, line);
		fputs("\"/>\n    </properties>\n", fp);
		for (i = 0; i < res->npoints; i++)
			if (res->points[i].series == s)
				export_junit_case(fp, set, res, &res->points[i], strict);
		fputs("  </testsuite>\n", fp);
	}
	fputs("</testsuites>\n", fp);
	if (fclose(fp) != 0 || !text) {
		free(text);
		errors_log("out of memory");
		return -ENOMEM;
	}
	ret = verdicts_write_atomic(path, text, len);
	free(text);
	return ret;
}

/* JSON values that may be undefined or need cleaning. */
static json_t *export_num(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *export_str(const char *s)
{
	char *clean = export_clean_text(s);
	json_t *j = clean ? json_string(clean) : NULL;

	free(clean);
	return j;
}

/* json_object_set_new that remembers a failure (a NULL value: out of memory). */
static void export_set(json_t *obj, const char *key, json_t *value, int *bad)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		*bad = 1;
}

static json_t *export_runs(const struct compare_series *s, int *bad)
{
	json_t *o = json_object();

	if (!o) {
		*bad = 1;
		return NULL;
	}
	export_set(o, "ok", json_integer((json_int_t)s->runs_ok), bad);
	export_set(o, "failed", json_integer((json_int_t)s->runs_failed), bad);
	export_set(o, "timeout", json_integer((json_int_t)s->runs_timeout), bad);
	export_set(o, "mode_mismatch", json_integer((json_int_t)s->runs_mismatch), bad);
	return o;
}

static json_t *export_json_series(const struct campaign_set *set, const struct compare_result *res, size_t s, int *bad)
{
	const struct compare_series *se = &res->series[s];
	json_t *o = json_object(), *counts = json_object();
	char line[1024];
	int v;

	if (!o || !counts) {
		json_decref(o);
		json_decref(counts);
		*bad = 1;
		return NULL;
	}
	compare_series_summary(res, s, line, sizeof(line));
	export_set(o, "label", export_str(se->label), bad);
	export_set(o, "campaign", export_str(set->names[se->campaign]), bad);
	export_set(o, "mode", export_str(se->mode), bad);
	export_set(o, "verdict", json_string(compare_verdict_name(se->verdict)), bad);
	export_set(o, "summary", export_str(line), bad);
	export_set(o, "points", json_integer((json_int_t)se->npoints), bad);
	for (v = 0; v < COMPARE_NVERDICTS; v++)
		export_set(counts, compare_verdict_name((enum compare_verdict)v), json_integer((json_int_t)se->count[v]),
			   bad);
	export_set(o, "counts", counts, bad);
	export_set(o, "worst_point", se->worst < 0 ? json_null() : json_integer((json_int_t)se->worst), bad);
	export_set(o, "runs", export_runs(se, bad), bad);
	return o;
}

static json_t *export_json_point(const struct campaign_set *set, const struct compare_result *res,
				 const struct compare_point *p, int strict, int *bad)
{
	static const char *const outcome[] = { "passed", "failure", "error", "skipped" };
	const struct compare_series *s = &res->series[p->series];
	json_t *o = json_object();
	char thr[96] = "", name[256];

	if (!o) {
		*bad = 1;
		return NULL;
	}
	if (p->rule)
		thresholds_describe(p->rule, p->unit, thr, sizeof(thr));
	export_point_name(res, p, name, sizeof(name));
	export_set(o, "name", export_str(name), bad);
	export_set(o, "series", export_str(s->label), bad);
	export_set(o, "campaign", export_str(set->names[s->campaign]), bad);
	export_set(o, "mode", export_str(s->mode), bad);
	export_set(o, "kernel", export_str(p->kernel), bad);
	export_set(o, "metric", export_str(p->metric), bad);
	export_set(o, "unit", export_str(p->unit), bad);
	export_set(o, "placement", export_str(res->placements[p->placement].placement), bad);
	export_set(o, "ranks", json_integer((json_int_t)res->placements[p->placement].ranks), bad);
	export_set(o, "size_bytes", json_integer((json_int_t)p->size_bytes), bad);
	export_set(o, "verdict", json_string(compare_verdict_name(p->verdict)), bad);
	export_set(o, "junit", json_string(outcome[export_outcome_of(p->verdict, strict)]), bad);
	export_set(o, "note", export_str(p->note), bad);
	export_set(o, "n_native", json_integer((json_int_t)p->n_native), bad);
	export_set(o, "n_container", json_integer((json_int_t)p->n_container), bad);
	export_set(o, "n_pairs", json_integer((json_int_t)p->n_pairs), bad);
	export_set(o, "look", json_integer((json_int_t)p->look), bad);
	export_set(o, "native_median", export_num(p->native_median), bad);
	export_set(o, "container_median", export_num(p->container_median), bad);
	export_set(o, "native_min", export_num(p->native_min), bad);
	export_set(o, "native_max", export_num(p->native_max), bad);
	export_set(o, "container_min", export_num(p->container_min), bad);
	export_set(o, "container_max", export_num(p->container_max), bad);
	export_set(o, "ratio", export_num(p->ratio), bad);
	export_set(o, "ci_low", export_num(p->ci_low), bad);
	export_set(o, "ci_high", export_num(p->ci_high), bad);
	export_set(o, "confidence_pct", export_num(p->confidence_pct), bad);
	export_set(o, "overhead_pct", export_num(p->overhead_pct), bad);
	export_set(o, "overhead_ci_low_pct", export_num(p->overhead_low_pct), bad);
	export_set(o, "overhead_ci_high_pct", export_num(p->overhead_high_pct), bad);
	export_set(o, "allowed_overhead_pct", export_num(p->allowed_pct), bad);
	export_set(o, "threshold", export_str(thr), bad);
	export_set(o, "threshold_source", export_str(p->rule ? p->rule->source : ""), bad);
	export_set(o, "noise_pct", export_num(p->noise_pct), bad);
	export_set(o, "extra_repetitions", json_integer((json_int_t)p->extra_reps), bad);
	export_set(o, "bad_native_rows", json_integer((json_int_t)p->native_bad), bad);
	export_set(o, "bad_container_rows", json_integer((json_int_t)p->container_bad), bad);
	export_set(o, "native_transport", export_str(p->native_transport), bad);
	export_set(o, "container_transport", export_str(p->container_transport), bad);
	return o;
}

int export_json(const char *path, const struct campaign_set *set, const struct compare_result *res, int strict,
		int exit_status)
{
	json_t *root = json_object(), *campaigns = json_array(), *series = json_array(), *points = json_array();
	json_t *overall = json_object(), *baseline = json_object();
	char line[1024], *word, *text = NULL, *grown;
	size_t i, len;
	int bad = 0, ret;

	if (!root || !campaigns || !series || !points || !overall || !baseline)
		bad = 1;
	for (i = 0; !bad && i < set->ncampaigns; i++)
		if (json_array_append_new(campaigns, export_str(set->names[i])) != 0)
			bad = 1;
	for (i = 0; !bad && i < res->nseries; i++)
		if (json_array_append_new(series, export_json_series(set, res, i, &bad)) != 0)
			bad = 1;
	for (i = 0; !bad && i < res->npoints; i++)
		if (json_array_append_new(points, export_json_point(set, res, &res->points[i], strict, &bad)) != 0)
			bad = 1;
	compare_overall(res, line, sizeof(line));
	word = strchr(line, ':');
	if (!bad) {
		export_set(overall, "text", export_str(line), &bad);
		if (word)
			*word = '\0';
		export_set(overall, "word", export_str(line), &bad);
		export_set(overall, "exit_status", json_integer(exit_status), &bad);
		export_set(overall, "strict", json_boolean(strict), &bad);
		export_set(baseline, "label", export_str(res->baseline.label), &bad);
		export_set(baseline, "runs", export_runs(&res->baseline, &bad), &bad);
		export_set(root, "schema", json_string(EXPORT_JSON_SCHEMA), &bad);
		export_set(root, "generator", json_string("parity " PACKAGE_VERSION), &bad);
		export_set(root, "campaign", export_str(set->ncampaigns ? set->names[0] : ""), &bad);
		export_set(root, "campaigns", json_incref(campaigns), &bad);
		export_set(root, "confidence_pct", export_num(res->confidence), &bad);
		export_set(root, "sequential", json_boolean(res->schedule != NULL), &bad);
		export_set(root, "overall", json_incref(overall), &bad);
		export_set(root, "baseline", json_incref(baseline), &bad);
		export_set(root, "series", json_incref(series), &bad);
		export_set(root, "points", json_incref(points), &bad);
	}
	if (!bad)
		text = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	json_decref(campaigns);
	json_decref(series);
	json_decref(points);
	json_decref(overall);
	json_decref(baseline);
	json_decref(root);
	if (!text) {
		errors_log("out of memory");
		return -ENOMEM;
	}
	/* A text file ends with a line feed. */
	len = strlen(text);
	grown = realloc(text, len + 2);
	if (!grown) {
		free(text);
		errors_log("out of memory");
		return -ENOMEM;
	}
	text = grown;
	text[len++] = '\n';
	text[len] = '\0';
	ret = verdicts_write_atomic(path, text, len);
	free(text);
	return ret;
}
