/* verdicts: the results of compare, rendered: a terminal table and
 * results/<campaign>/verdicts.csv (columns documented in results/README.md,
 * section "verdicts.csv"). */
#ifndef PARITY_VERDICTS_H
#define PARITY_VERDICTS_H

#include <stdio.h>

#include "campaign.h"
#include "compare.h"

/* The table, the notes of every point that did not pass, and one summary
 * line per series. */
void verdicts_print(FILE *fp, const struct campaign_set *set, const struct compare_result *res);

/* Write every point to path (replaced atomically: written beside it, then
 * renamed). Returns 0 or -errno, logged. */
int verdicts_write_csv(const char *path, const struct campaign_set *set, const struct compare_result *res);

/* Write len bytes of data to path atomically (beside it, fsync, rename).
 * Returns 0 or -errno, logged. */
int verdicts_write_atomic(const char *path, const char *data, size_t len);

#endif
