#include "osu.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* OMB 7.4 getopt strings (c/util/osu_util_options.h, OMBOP__<bench>__<subtype>,
 * the builds without accelerator support). */
#define OSU_OPT_LAT "+:hvm:x:i:b:c::u:G:D:P:T:Iz::"
#define OSU_OPT_BW "+:hvm:x:i:t:W:b:c::u:G:D:P:T:Iz::"
#define OSU_OPT_MBW_MR "p:W:R:x:i:m:Vhvb:c::u:G:D:P:T:Iz::"
#define OSU_OPT_ALLTOALL "+:hvfm:i:x:M:a:c::u:G:D:P:T:Ilz::"
#define OSU_OPT_BCAST "+:hvfm:i:x:M:a:c::u:G:D:P:T:Iz::"
#define OSU_OPT_BARRIER "+:hvfm:i:x:M:a:u:G:P:Iz::"
#define OSU_OPT_ALL_REDUCE "+:hvfm:i:x:M:a:c::u:G:P:T:Ilz::"

static const struct osu_name osu_names[] = {
	{ "osu_latency", KERNELS_ID_latency, "OSU MPI Latency Test", OSU_OPT_LAT, 1 },
	{ "osu_bw", KERNELS_ID_bw, "OSU MPI Bandwidth Test", OSU_OPT_BW, 1 },
	{ "osu_bibw", KERNELS_ID_bibw, "OSU MPI Bi-Directional Bandwidth Test", OSU_OPT_BW, 1 },
	{ "osu_mbw_mr", KERNELS_ID_mbw_mr, "OSU MPI Multiple Bandwidth / Message Rate Test", OSU_OPT_MBW_MR, 0 },
	{ "osu_multi_lat", KERNELS_ID_multi_lat, "OSU MPI Multi Latency Test", OSU_OPT_LAT, 1 },
	{ "osu_allreduce", KERNELS_ID_allreduce, "OSU MPI Allreduce Latency Test", OSU_OPT_ALL_REDUCE, 1 },
	{ "osu_bcast", KERNELS_ID_bcast, "OSU MPI Broadcast Latency Test", OSU_OPT_BCAST, 1 },
	{ "osu_reduce", KERNELS_ID_reduce, "OSU MPI Reduce Latency Test", OSU_OPT_ALL_REDUCE "k:", 1 },
	{ "osu_allgather", KERNELS_ID_allgather, "OSU MPI Allgather Latency Test", OSU_OPT_ALLTOALL, 1 },
	{ "osu_alltoall", KERNELS_ID_alltoall, "OSU MPI All-to-All Personalized Exchange Latency Test", OSU_OPT_ALLTOALL, 1 },
	{ "osu_gather", KERNELS_ID_gather, "OSU MPI Gather Latency Test", OSU_OPT_ALLTOALL "k:", 1 },
	{ "osu_scatter", KERNELS_ID_scatter, "OSU MPI Scatter Latency Test", OSU_OPT_ALLTOALL "k:", 1 },
	{ "osu_reduce_scatter", KERNELS_ID_reduce_scatter, "OSU MPI Reduce_scatter Latency Test", OSU_OPT_ALL_REDUCE, 1 },
	{ "osu_barrier", KERNELS_ID_barrier, "OSU MPI Barrier Latency Test", OSU_OPT_BARRIER, 1 },
};
#define OSU_NNAMES (sizeof(osu_names) / sizeof(osu_names[0]))

/* OMB 7.4's long options (OMBOP_LONG_OPTIONS_ALL) and what parity-bench does
 * with each letter: pass it on, accept and ignore it, or refuse it. */
enum osu_action { OSU_PASS, OSU_IGNORE, OSU_REFUSE };

static const struct osu_option {
	const char *long_name;
	int has_arg;
	char letter;
	enum osu_action action;
	const char *what;           /* for help and refusals */
} osu_options[] = {
	{ "help", no_argument, 'h', OSU_PASS, "print this help" },
	{ "version", no_argument, 'v', OSU_PASS, "print version info" },
	{ "full", no_argument, 'f', OSU_PASS, "also print min and max latency and the iterations" },
	{ "message-size", required_argument, 'm', OSU_PASS, "[MIN:]MAX message sizes in bytes (K, M, G suffixes too)" },
	{ "window-size", required_argument, 'W', OSU_PASS, "messages sent before synchronization (default 64)" },
	{ "num-test-calls", required_argument, 't', OSU_IGNORE, "accepted, no effect (as in OMB for this program)" },
	{ "iterations", required_argument, 'i', OSU_PASS, "timed iterations per size" },
	{ "warmup", required_argument, 'x', OSU_PASS, "warm-up iterations per size" },
	{ "array-size", required_argument, 'a', OSU_IGNORE, "accepted, no effect without an accelerator" },
	{ "mem-limit", required_argument, 'M', OSU_REFUSE, "memory limit" },
	{ "print-rate", required_argument, 'R', OSU_REFUSE, "message rate switch" },
	{ "num-pairs", required_argument, 'p', OSU_IGNORE, "accepted, no effect (OMB 7.4 uses all ranks too)" },
	{ "vary-window", required_argument, 'V', OSU_REFUSE, "varied window sizes" },
	{ "validation", optional_argument, 'c', OSU_PASS, "check the payloads (parity: a replay after the timed loop)" },
	{ "buffer-num", required_argument, 'b', OSU_PASS, "single (the only one supported)" },
	{ "validation-warmup", required_argument, 'u', OSU_IGNORE, "accepted, no effect (parity's -c is a separate replay)" },
	{ "graph", required_argument, 'G', OSU_REFUSE, "graph output" },
	{ "papi", required_argument, 'P', OSU_REFUSE, "PAPI counters" },
	{ "ddt", required_argument, 'D', OSU_REFUSE, "derived datatypes" },
	{ "nhbr", required_argument, 'N', OSU_REFUSE, "neighborhood collectives" },
	{ "type", required_argument, 'T', OSU_PASS, "MPI_CHAR (default), MPI_INT, MPI_FLOAT or all" },
	{ "session", no_argument, 'I', OSU_REFUSE, "MPI sessions" },
	{ "in-place", no_argument, 'l', OSU_REFUSE, "MPI_IN_PLACE" },
	{ "tail-lat", optional_argument, 'z', OSU_PASS, "print tail percentiles (default 50,90,99)" },
	{ "root-rank", required_argument, 'k', OSU_REFUSE, "root rank selection (parity: root 0)" },
};
#define OSU_NOPTIONS (sizeof(osu_options) / sizeof(osu_options[0]))

#define OSU_MAX_ARGS 256
#define OSU_ARENA_BYTES 16384

/* The rewritten argv's strings: bench_options keeps pointers into them (file
 * names), so they live until the next osu_parse. Static, so nothing leaks. */
static char osu_arena[OSU_ARENA_BYTES];
static size_t osu_arena_used;

static char *osu_strf(const char *fmt, ...)
{
	size_t room = sizeof(osu_arena) - osu_arena_used;
	char *p = osu_arena + osu_arena_used;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= room)
		return NULL;
	osu_arena_used += (size_t)len + 1;
	return p;
}

const struct osu_name *osu_find(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;
	size_t i;

	base = base ? base + 1 : argv0;
	for (i = 0; base && i < OSU_NNAMES; i++)
		if (strcmp(base, osu_names[i].name) == 0)
			return &osu_names[i];
	return NULL;
}

const struct osu_name *osu_of_kernel(enum kernels_id kernel)
{
	size_t i;

	for (i = 0; i < OSU_NNAMES; i++)
		if (osu_names[i].kernel == kernel)
			return &osu_names[i];
	return NULL;
}

size_t osu_count(void)
{
	return OSU_NNAMES;
}

const struct osu_name *osu_at(size_t i)
{
	return i < OSU_NNAMES ? &osu_names[i] : NULL;
}

static const struct osu_option *osu_option_of(int letter)
{
	size_t i;

	for (i = 0; i < OSU_NOPTIONS; i++)
		if (osu_options[i].letter == letter)
			return &osu_options[i];
	return NULL;
}

static int osu_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The getopt_long table: OMB's long options whose letter this program has
 * (as omb_process_long_options builds it), then parity-bench's own. */
static size_t osu_long_table(const struct osu_name *n, struct option *table, size_t max)
{
	const struct option *p = bench_options_long_table();
	size_t k = 0, i;

	for (i = 0; i < OSU_NOPTIONS && k + 1 < max; i++) {
		if (!strchr(n->optstring, osu_options[i].letter))
			continue;
		table[k].name = osu_options[i].long_name;
		table[k].has_arg = osu_options[i].has_arg;
		table[k].flag = NULL;
		table[k].val = osu_options[i].letter;
		k++;
	}
	for (; p->name && k + 1 < max; p++)
		if (p->val >= 256)
			table[k++] = *p;
	memset(&table[k], 0, sizeof(table[k]));
	return k;
}

static int osu_push(char **out, int *nout, char *arg)
{
	if (!arg || *nout >= OSU_MAX_ARGS - 2)
		return -E2BIG;
	out[(*nout)++] = arg;
	return 0;
}

/* 1 when the environment asks to measure "D D" with host buffers. */
static int osu_device_as_host(void)
{
	const char *v = getenv(OSU_DEVICE_AS_HOST_ENV);

	return v && strcmp(v, "1") == 0;
}

/* "H" is a host buffer; "D", "MD", "MH" (and OMB's deprecated "M") ask for
 * device or managed memory. */
static int osu_placement(const struct osu_name *n, char **args, int nargs, char *err, size_t errlen,
			 char *note, size_t notelen)
{
	int i;

	if (nargs == 0)
		return 0;
	for (i = 0; i < nargs; i++) {
		if (nargs != 2 || (args[i][0] != 'D' && args[i][0] != 'M'))
			continue;
		if (osu_device_as_host()) {
			snprintf(note, notelen, "%s: buffer placement '%s %s' measured with host buffers (%s=1)",
				 n->name, args[0], args[1], OSU_DEVICE_AS_HOST_ENV);
			return 0;
		}
		return osu_fail(err, errlen, "%s: buffer placement '%s %s': device and managed buffers need an accelerator-aware MPI build; parity-bench measures host buffers (H H)",
				n->name, args[0], args[1]);
	}
	if (nargs == 2 && strcmp(args[0], "H") == 0 && strcmp(args[1], "H") == 0)
		return 0;
	return osu_fail(err, errlen, "%s: unexpected argument '%s' (buffer placement is 'H H'; %s -h shows the options)",
			n->name, args[0], n->name);
}

int osu_parse(const struct osu_name *n, int argc, char **argv, struct bench_options *o,
	      char *err, size_t errlen, char *note, size_t notelen)
{
	struct option table[OSU_NOPTIONS + 32];
	char optstring[64], *out[OSU_MAX_ARGS];
	const struct osu_option *opt;
	int c, nout = 0, idx = 0, ret = 0;
	const struct kernels_info *ki = kernels_at((size_t)n->kernel);

	/* Leading ':' so a missing argument is told from an unknown option;
	 * OMB's '+' (stop at the first non-option) is kept where it has one. */
	snprintf(optstring, sizeof(optstring), "%s%s", n->optstring[0] == '+' ? "+:" : ":",
		 n->optstring + (n->optstring[0] == '+' ? 2 : 0));
	osu_long_table(n, table, sizeof(table) / sizeof(table[0]));
	osu_arena_used = 0;
	note[0] = '\0';
	out[nout++] = argv[0];
	optind = 0;
	opterr = 0;
	while (!ret && (c = getopt_long(argc, argv, optstring, table, &idx)) != -1) {
		if (c == ':')
			return osu_fail(err, errlen, "%s: option %s needs an argument", n->name, argv[optind - 1]);
		if (c == '?') {
			if (optopt == 'd')
				return osu_fail(err, errlen, "%s: -d (accelerator buffers): device buffers need an accelerator-aware MPI build; parity-bench measures host buffers",
						n->name);
			if (optopt > 0 && optopt < 128)
				return osu_fail(err, errlen, "%s: invalid option -%c (%s -h shows the options)", n->name, optopt, n->name);
			return osu_fail(err, errlen, "%s: invalid option %s (%s -h shows the options)", n->name, argv[optind - 1], n->name);
		}
		if (c >= 256) {
			/* parity-bench's own long option: hand it on as --name[=value]. */
			ret = osu_push(out, &nout, optarg ? osu_strf("--%s=%s", table[idx].name, optarg)
						       : osu_strf("--%s", table[idx].name));
			continue;
		}
		opt = osu_option_of(c);
		if (!opt)
			return osu_fail(err, errlen, "%s: invalid option -%c", n->name, c);
		if (opt->action == OSU_REFUSE)
			return osu_fail(err, errlen, "%s: -%c (%s) is not supported by parity-bench", n->name, c, opt->what);
		if (opt->action == OSU_IGNORE)
			continue;
		if (c == 'b') {
			if (strcasecmp(optarg, "single") != 0)
				return osu_fail(err, errlen, "%s: -b %s: parity-bench sends from a single buffer (-b single)", n->name, optarg);
			continue;
		}
		if (c == 'c' && optarg)
			return osu_fail(err, errlen, "%s: -c%s: validation logging is not supported by parity-bench (-c alone is)", n->name, optarg);
		if (c == 'z') {
			/* -z takes its value attached, as in OMB ("-z50,99"). */
			ret = osu_push(out, &nout, osu_strf("-z%s", optarg ? optarg : ""));
			continue;
		}
		ret = osu_push(out, &nout, osu_strf("-%c", c));
		/* OMB reads "-m :MAX" as a maximum only. */
		if (!ret && optarg)
			ret = osu_push(out, &nout, c == 'm' && optarg[0] == ':' ? optarg + 1 : optarg);
	}
	if (ret)
		return osu_fail(err, errlen, "%s: too many arguments", n->name);
	ret = osu_placement(n, argv + optind, argc - optind, err, errlen, note, notelen);
	if (ret)
		return ret;
	out[nout++] = (char *)ki->name;
	out[nout] = NULL;
	ret = bench_options_parse(nout, out, o, err, errlen);
	if (ret) {
		/* Name the program, not the kernel the message was written for. */
		char msg[256];

		snprintf(msg, sizeof(msg), "%s: %s", n->name, err);
		snprintf(err, errlen, "%s", msg);
	}
	return ret;
}

void osu_print_title(FILE *fp, const struct osu_name *n, int pairs, int window)
{
	if (n->blank_before_title)
		fputc('\n', fp);
	fprintf(fp, "# %s v%s\n", n->title, OSU_VERSION);
	if (n->kernel == KERNELS_ID_mbw_mr)
		fprintf(fp, "# [ pairs: %d ] [ window size: %d ]\n", pairs, window);
}

void osu_usage(FILE *fp, const struct osu_name *n)
{
	size_t i;

	fprintf(fp, "Usage: %s [options] [H H]\n"
		"parity-bench as %s: OSU Micro-Benchmarks %s arguments and output; kernel '%s'.\n"
		"Options:\n", n->name, n->name, OSU_VERSION, kernels_at((size_t)n->kernel)->name);
	for (i = 0; i < OSU_NOPTIONS; i++) {
		const struct osu_option *p = &osu_options[i];

		if (!strchr(n->optstring, p->letter))
			continue;
		fprintf(fp, "  -%c, --%-20s%s%s\n", p->letter, p->long_name,
			p->action == OSU_REFUSE ? "not supported: " : "", p->what);
	}
	fputs("Trailing 'H H' (host buffers) is accepted; 'D D', 'MD MD' and -d need an\n"
	      "accelerator-aware MPI build and are refused (" OSU_DEVICE_AS_HOST_ENV "=1 measures\n"
	      "'D D' with host buffers, for checks that append it regardless).\n"
	      "parity-bench's own options work too (--csv=FILE, --provenance=FILE, --bind=none, ...;\n"
	      "parity-bench -h). Exit status: 0 ok, 1 failed run or validation, 2 usage error,\n"
	      "77 wrong rank count.\n", fp);
}
