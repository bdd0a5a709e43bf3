/* osu: the OSU Micro-Benchmarks drop-in mode, without MPI (unit-tested).
 *
 * Invoked as osu_bw, osu_latency, ... (links to parity-bench that make
 * install creates), parity-bench takes OMB 7.4's argument grammar for that
 * program (its getopt string in c/util/osu_util_options.h, non-accelerator
 * build, and the trailing buffer placement "H H") and prints OMB 7.4's
 * preamble, so tools written for OMB (ReFrame checks, site scripts, parsers of
 * old osu_bw logs) read it unchanged. parity's provenance follows the table. */
#ifndef PARITY_BENCH_OSU_H
#define PARITY_BENCH_OSU_H

#include <stddef.h>
#include <stdio.h>

#include "kernels.h"
#include "options.h"

#define OSU_VERSION "7.4"

struct osu_name {
	const char *name;           /* "osu_bw" */
	enum kernels_id kernel;
	const char *title;          /* "OSU MPI Bandwidth Test" (its BENCHMARK) */
	const char *optstring;      /* OMB 7.4's getopt string for it */
	int blank_before_title;     /* print_preamble starts with an empty line (not osu_mbw_mr) */
};

/* The OSU program called like argv0's last path component, or NULL. */
const struct osu_name *osu_find(const char *argv0);

/* The OSU program of a kernel, or NULL. */
const struct osu_name *osu_of_kernel(enum kernels_id kernel);

/* Number of OSU programs; osu_at(i) is program i (NULL past the end). */
size_t osu_count(void);
const struct osu_name *osu_at(size_t i);

/* With PARITY_OSU_DEVICE_AS_HOST=1 in the environment, a trailing "D D"
 * (which ReFrame's hpctestlib OSU check appends for point-to-point runs even
 * with host buffers) is measured with host buffers and noted, instead of
 * refused; -d TYPE is always refused. */
#define OSU_DEVICE_AS_HOST_ENV "PARITY_OSU_DEVICE_AS_HOST"

/* Parse argv with n's grammar into *o. Returns 0, or -EINVAL with a
 * one-line message in err (no trailing newline): an option this program does
 * not have in OMB 7.4, one parity-bench cannot honour (graphs, PAPI, derived
 * datatypes, ...), or buffers on a device ("D D", "MD MH", -d). parity-bench's
 * own long options (--csv=, --bind=, ...) are accepted too. On success, note
 * holds a one-line remark for stderr, or "" (device buffers measured on the
 * host under OSU_DEVICE_AS_HOST_ENV). */
int osu_parse(const struct osu_name *n, int argc, char **argv, struct bench_options *o,
	      char *err, size_t errlen, char *note, size_t notelen);

/* OMB 7.4's title lines: an empty line (except osu_mbw_mr), "# OSU MPI
 * Bandwidth Test v7.4", and for osu_mbw_mr "# [ pairs: P ] [ window size: W ]". */
void osu_print_title(FILE *fp, const struct osu_name *n, int pairs, int window);

/* -h: the options this program accepts. */
void osu_usage(FILE *fp, const struct osu_name *n);

#endif
