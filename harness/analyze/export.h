/* export: the verdicts of compare for CI pipelines.
 *
 * JUnit XML (what GitLab's `artifacts:reports:junit` and Jenkins' `junit`
 * step read): one <testsuite> per candidate series (mode), one <testcase>
 * per point (kernel, metric, placement, size). The mapping of verdicts:
 *   pass                                        -> a plain testcase
 *   fail, fallback, fallback-suspected,
 *   mode-mismatch                               -> <failure type="VERDICT">
 *   no-data                                     -> <error type="no-data">
 *   inconclusive, unresolvable                  -> <skipped> (<failure> when strict)
 * so a pipeline turns red exactly when `parity compare` exits 1. Every
 * testcase carries the point's numbers in <system-out>, and every non-pass
 * the verdict note as the message. tests/junit.xsd is the schema the output
 * is tested against.
 *
 * JSON: the whole comparison (overall line and exit status, series
 * summaries, every point with every verdicts.csv column), schema
 * "parity-verdicts-json/1.0", described by results/verdicts.schema.json and
 * documented in results/README.md. Numbers that are not defined (no interval
 * without pairs) are null. */
#ifndef PARITY_EXPORT_H
#define PARITY_EXPORT_H

#include "campaign.h"
#include "compare.h"

/* The value of the JSON "schema" member: kind/major.minor. Readers accept
 * any minor of the major they know (later minors only add members). */
#define EXPORT_JSON_SCHEMA "parity-verdicts-json/1.0"

/* Write the JUnit XML of res to path (atomically). strict: undecided points
 * are failures (as `compare --strict`). 0 or -errno, logged. */
int export_junit(const char *path, const struct campaign_set *set, const struct compare_result *res, int strict);

/* Write the JSON of res to path (atomically); exit_status is what `parity
 * compare` exits with, recorded for consumers. 0 or -errno, logged. */
int export_json(const char *path, const struct campaign_set *set, const struct compare_result *res, int strict,
		int exit_status);

/* A copy of s where every byte that is not part of valid UTF-8, and every
 * control character other than tab, line feed and carriage return, is
 * replaced by U+FFFD: text that is safe in XML 1.0 and in JSON. NULL on
 * allocation failure. */
char *export_clean_text(const char *s);

#endif
