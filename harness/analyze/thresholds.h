/* thresholds: which overhead each comparison point may have.
 *
 * The format is documented in harness/analyze/thresholds.conf, which is also the
 * built-in default (compiled into parity). Rules are matched by kernel (name,
 * class or *), metric and message size; the last matching rule wins. */
#ifndef PARITY_THRESHOLDS_H
#define PARITY_THRESHOLDS_H

#include <stddef.h>
#include <stdint.h>

struct thresholds_rule {
	char kernel[32];          /* kernel name, "pt2pt", "coll" or "*" */
	char metric[16];          /* "latency", "bandwidth", "message_rate" or "*" */
	uint64_t min_bytes;
	uint64_t max_bytes;       /* inclusive */
	double max_overhead_pct;  /* allowed overhead, positive = container worse */
	double slack;             /* absolute allowance in the metric's unit */
	char source[64];          /* "file:line" the rule came from */
};

struct thresholds {
	struct thresholds_rule *rules;
	size_t n;
	size_t cap;
	double fallback_latency_ratio;    /* latency >= ratio x native ... */
	double fallback_latency_excess;   /* ... and >= this many us above it */
	double fallback_bandwidth_ratio;  /* bandwidth <= ratio x native */
};

/* Add the rules and fallback lines of text (the contents of a file called
 * name) to t. On a malformed line returns -EINVAL and writes
 * "name:line: what is wrong" into err; -ENOMEM. */
int thresholds_parse(struct thresholds *t, const char *text, const char *name,
		     char *err, size_t errlen);

/* Load the built-in defaults (harness/analyze/thresholds.conf) into an empty t. */
int thresholds_load_defaults(struct thresholds *t, char *err, size_t errlen);

/* Read the file at path and add it to t (see thresholds_parse); -errno when
 * it cannot be read, with the reason in err. */
int thresholds_load_file(struct thresholds *t, const char *path, char *err, size_t errlen);

/* The rule for kernel (a name from the kernel list, or any string), metric
 * and size, or NULL when no rule matches. */
const struct thresholds_rule *thresholds_lookup(const struct thresholds *t, const char *kernel,
						 const char *metric, uint64_t size_bytes);

/* The limit of a rule as a container/native ratio at a native value of
 * native (same unit as slack): an upper bound when lower is better, a lower
 * bound when higher is better. */
double thresholds_limit_ratio(const struct thresholds_rule *rule, int higher_is_better,
			      double native);

/* "<= +10% +0.2 us": the rule in words for tables (unit may be NULL). */
void thresholds_describe(const struct thresholds_rule *rule, const char *unit, char *buf, size_t len);

/* The built-in default file's text. */
const char *thresholds_default_text(void);

void thresholds_free(struct thresholds *t);

#endif
