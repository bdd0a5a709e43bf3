#include "thresholds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "core/textfile.h"
#include "kernels.h"
#include "parse.h"
#include "report_assets.h"
#include "sizes.h"

#define THRESHOLDS_MAX_FIELDS 8

const char *thresholds_default_text(void)
{
	return report_asset_thresholds_conf;
}

static int thresholds_push(struct thresholds *t, const struct thresholds_rule *r)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct thresholds_rule *v = realloc(t->rules, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->rules = v;
		t->cap = cap;
	}
	t->rules[t->n++] = *r;
	return 0;
}

static int thresholds_valid_kernel(const char *s)
{
	return strcmp(s, "*") == 0 || strcmp(s, "pt2pt") == 0 || strcmp(s, "coll") == 0 ||
	       kernels_find(s) != NULL;
}

static int thresholds_valid_metric(const char *s)
{
	return strcmp(s, "*") == 0 || strcmp(s, "latency") == 0 || strcmp(s, "bandwidth") == 0 ||
	       strcmp(s, "message_rate") == 0;
}

/* "10%" -> 10. The % is required so that a ratio (0.1) is never taken for a
 * percentage. */
static int thresholds_parse_pct(const char *s, double *out)
{
	char buf[64];
	size_t len = strlen(s);

	if (len < 2 || len >= sizeof(buf) || s[len - 1] != '%')
		return -EINVAL;
	memcpy(buf, s, len - 1);
	buf[len - 1] = '\0';
	return parse_double(buf, 0, 1e6, out);
}

static int thresholds_parse_sizes(const char *s, uint64_t *min, uint64_t *max)
{
	*min = 0;
	*max = SIZES_MAX_BYTES;
	if (strcmp(s, "*") == 0)
		return 0;
	return sizes_parse_range(s, min, max);
}

/* One non-empty, comment-stripped line split into fields. */
static int thresholds_line(struct thresholds *t, char **f, size_t nf, const char *where,
			   char *err, size_t errlen)
{
	struct thresholds_rule r;
	char q[FMT_QUOTE_LEN];
	double a, b = 0;

	if (strcmp(f[0], "fallback") == 0) {
		if (nf >= 2 && strcmp(f[1], "latency") == 0) {
			if (nf != 4 || parse_double(f[2], 1, 1e6, &a) || parse_double(f[3], 0, 1e9, &b)) {
				snprintf(err, errlen, "%s: expected 'fallback latency MIN_RATIO MIN_EXCESS_US' (ratio >= 1, excess >= 0)", where);
				return -EINVAL;
			}
			t->fallback_latency_ratio = a;
			t->fallback_latency_excess = b;
			return 0;
		}
		if (nf >= 2 && strcmp(f[1], "bandwidth") == 0) {
			if (nf != 3 || parse_double(f[2], 0, 1, &a)) {
				snprintf(err, errlen, "%s: expected 'fallback bandwidth MAX_RATIO' (ratio in [0, 1])", where);
				return -EINVAL;
			}
			t->fallback_bandwidth_ratio = a;
			return 0;
		}
		snprintf(err, errlen, "%s: expected 'fallback latency ...' or 'fallback bandwidth ...'", where);
		return -EINVAL;
	}
	memset(&r, 0, sizeof(r));
	if (nf < 4 || nf > 5) {
		snprintf(err, errlen, "%s: expected KERNEL METRIC SIZES MAX_OVERHEAD%% [SLACK], got %zu field(s)", where, nf);
		return -EINVAL;
	}
	if (!thresholds_valid_kernel(f[0]) || strlen(f[0]) >= sizeof(r.kernel)) {
		snprintf(err, errlen, "%s: unknown kernel '%s' (a kernel name, pt2pt, coll or *)", where, fmt_quote(f[0], q, sizeof(q)));
		return -EINVAL;
	}
	if (!thresholds_valid_metric(f[1])) {
		snprintf(err, errlen, "%s: unknown metric '%s' (latency, bandwidth, message_rate or *)", where, fmt_quote(f[1], q, sizeof(q)));
		return -EINVAL;
	}
	if (thresholds_parse_sizes(f[2], &r.min_bytes, &r.max_bytes)) {
		snprintf(err, errlen, "%s: bad size range '%s' (MIN:MAX, MIN:, MAX or *, e.g. 64K:)", where, fmt_quote(f[2], q, sizeof(q)));
		return -EINVAL;
	}
	if (thresholds_parse_pct(f[3], &r.max_overhead_pct)) {
		snprintf(err, errlen, "%s: bad overhead '%s' (a percentage in [0, 1000000], e.g. 10%%)", where, fmt_quote(f[3], q, sizeof(q)));
		return -EINVAL;
	}
	if (nf == 5 && parse_double(f[4], 0, 1e12, &r.slack)) {
		snprintf(err, errlen, "%s: bad slack '%s' (a number >= 0 in the metric's unit)", where, fmt_quote(f[4], q, sizeof(q)));
		return -EINVAL;
	}
	snprintf(r.kernel, sizeof(r.kernel), "%s", f[0]);
	snprintf(r.metric, sizeof(r.metric), "%s", f[1]);
	snprintf(r.source, sizeof(r.source), "%s", where);
	return thresholds_push(t, &r);
}

int thresholds_parse(struct thresholds *t, const char *text, const char *name,
		     char *err, size_t errlen)
{
	const char *p = text;
	unsigned line = 0;
	int ret = 0;

	while (*p && ret == 0) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *buf = strndup(p, len), *hash, *tok, *save = NULL;
		char *f[THRESHOLDS_MAX_FIELDS + 1];
		char where[64];
		size_t nf = 0;

		line++;
		if (!buf)
			return -ENOMEM;
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		for (tok = strtok_r(buf, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save))
			if (nf <= THRESHOLDS_MAX_FIELDS)
				f[nf++] = tok;
		snprintf(where, sizeof(where), "%s:%u", name, line);
		if (nf > THRESHOLDS_MAX_FIELDS) {
			snprintf(err, errlen, "%s: too many fields", where);
			ret = -EINVAL;
		} else if (nf > 0) {
			ret = thresholds_line(t, f, nf, where, err, errlen);
		}
		free(buf);
		p += len;
		if (*p == '\n')
			p++;
	}
	return ret;
}

int thresholds_load_defaults(struct thresholds *t, char *err, size_t errlen)
{
	return thresholds_parse(t, thresholds_default_text(), "thresholds.conf (built in)", err, errlen);
}

int thresholds_load_file(struct thresholds *t, const char *path, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int ret = textfile_read(path, &text, &len);

	if (ret) {
		snprintf(err, errlen, "%s: %s", path, ret == -EIO ? "read error" : textfile_strerror(ret));
		return ret;
	}
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: not a text file (holds a NUL byte)", path);
		free(text);
		return -EINVAL;
	}
	ret = thresholds_parse(t, text, path, err, errlen);
	free(text);
	return ret;
}

static int thresholds_kernel_matches(const char *pattern, const char *kernel)
{
	const struct kernels_info *k;

	if (strcmp(pattern, "*") == 0 || strcmp(pattern, kernel) == 0)
		return 1;
	k = kernels_find(kernel);
	if (!k)
		return 0;
	return (strcmp(pattern, "pt2pt") == 0 && k->cls == KERNELS_PT2PT) ||
	       (strcmp(pattern, "coll") == 0 && k->cls == KERNELS_COLL);
}

const struct thresholds_rule *thresholds_lookup(const struct thresholds *t, const char *kernel,
						 const char *metric, uint64_t size_bytes)
{
	size_t i;

	for (i = t->n; i-- > 0;) {
		const struct thresholds_rule *r = &t->rules[i];

		if (thresholds_kernel_matches(r->kernel, kernel) &&
		    (strcmp(r->metric, "*") == 0 || strcmp(r->metric, metric) == 0) &&
		    size_bytes >= r->min_bytes && size_bytes <= r->max_bytes)
			return r;
	}
	return NULL;
}

double thresholds_limit_ratio(const struct thresholds_rule *rule, int higher_is_better, double native)
{
	double slack = native > 0 ? rule->slack / native : 0;

	if (higher_is_better)
		return 1.0 - rule->max_overhead_pct / 100.0 - slack;
	return 1.0 + rule->max_overhead_pct / 100.0 + slack;
}

void thresholds_describe(const struct thresholds_rule *rule, const char *unit, char *buf, size_t len)
{
	if (rule->slack > 0)
		snprintf(buf, len, "<= +%g%% +%g%s%s", rule->max_overhead_pct, rule->slack,
			 unit ? " " : "", unit ? unit : "");
	else
		snprintf(buf, len, "<= +%g%%", rule->max_overhead_pct);
}

void thresholds_free(struct thresholds *t)
{
	free(t->rules);
	memset(t, 0, sizeof(*t));
}
