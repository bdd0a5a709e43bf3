#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "sizes.h"

/* OSU 7.x defaults (osu_util.h): iterations and warm-up per kernel family. */
struct bench_options_defaults {
	size_t iterations, warmup, iterations_large, warmup_large;
	uint64_t min_bytes, max_bytes;
};
static const struct bench_options_defaults bench_options_lat = { 10000, 100, 1000, 10, 0, 1 << 22 };
static const struct bench_options_defaults bench_options_bw = { 100, 10, 20, 2, 1, 1 << 22 };
static const struct bench_options_defaults bench_options_coll = { 1000, 100, 100, 10, 1, 1 << 20 };

enum {
	OPT_CSV = 256,
	OPT_PROVENANCE,
	OPT_BIND,
	OPT_CACHE_COLD,
	OPT_SAMPLES,
	OPT_VALIDATE_INJECT,
	OPT_LIST,
	OPT_BATCH,
	OPT_MIN_TIME,
	OPT_CHECK,
};

static const struct option bench_options_long[] = {
	{ "message-size", required_argument, NULL, 'm' },
	{ "iterations", required_argument, NULL, 'i' },
	{ "warmup", required_argument, NULL, 'x' },
	{ "window-size", required_argument, NULL, 'W' },
	{ "full", no_argument, NULL, 'f' },
	{ "validation", no_argument, NULL, 'c' },
	{ "tail-lat", optional_argument, NULL, 'z' },
	{ "type", required_argument, NULL, 'T' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "provenance", required_argument, NULL, OPT_PROVENANCE },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "cache-cold", no_argument, NULL, OPT_CACHE_COLD },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "validate-inject", required_argument, NULL, OPT_VALIDATE_INJECT },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "min-time", required_argument, NULL, OPT_MIN_TIME },
	{ "check", required_argument, NULL, OPT_CHECK },
	{ NULL, 0, NULL, 0 },
};

const struct option *bench_options_long_table(void)
{
	return bench_options_long;
}

static int bench_options_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *bench_options_why(int ret)
{
	return ret == -ERANGE ? "out of range" : ret == -EDOM ? "minimum above maximum" : "not a number";
}

/* "50,90,99": 1 to 5 integers in [0, 100]. */
static int bench_options_percentiles(const char *text, struct bench_options *o)
{
	char buf[128], *tok, *save = NULL;
	int n = 0, ret;

	if (strlen(text) >= sizeof(buf) || !*text)
		return -EINVAL;
	strcpy(buf, text);
	if (buf[strlen(buf) - 1] == ',' || buf[0] == ',' || strstr(buf, ",,"))
		return -EINVAL;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == BENCH_OPTIONS_MAX_PERCENTILES)
			return -E2BIG;
		ret = parse_int(tok, 0, 100, &o->percentiles[n]);
		if (ret)
			return ret;
		n++;
	}
	o->npercentiles = n;
	return 0;
}

int bench_options_parse(int argc, char **argv, struct bench_options *o, char *err, size_t errlen)
{
	const struct bench_options_defaults *d;
	int set_iter = 0, set_warm = 0;
	uint64_t lo = 0, hi = 0, v;
	const char *range = NULL;
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->window = 64;
	o->batch = 1;
	o->bind = BENCH_BIND_CORE;
	o->validate_inject = -1;
	optind = 0;     /* GNU: full re-initialisation, so tests can parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:i:x:W:fcz::hvT:", bench_options_long, NULL)) != -1) {
		switch (c) {
		case 'm':
			range = optarg;
			break;
		case 'i':
			ret = parse_u64(optarg, 1, 1000000000, &v);
			if (ret)
				return bench_options_fail(err, errlen, "-i %s: iterations %s (1 to 1e9)", optarg, bench_options_why(ret));
			o->iterations = o->iterations_large = (size_t)v;
			set_iter = 1;
			break;
		case 'x':
			ret = parse_u64(optarg, 0, 1000000000, &v);
			if (ret)
				return bench_options_fail(err, errlen, "-x %s: warm-up iterations %s (0 to 1e9)", optarg, bench_options_why(ret));
			o->warmup = o->warmup_large = (size_t)v;
			set_warm = 1;
			break;
		case 'W':
			ret = parse_int(optarg, 1, BENCH_OPTIONS_MAX_WINDOW, &o->window);
			if (ret)
				return bench_options_fail(err, errlen, "-W %s: window size %s (1 to %d)", optarg, bench_options_why(ret), BENCH_OPTIONS_MAX_WINDOW);
			break;
		case 'f':
			o->full = 1;
			break;
		case 'T':
			ret = bench_dtype_add(optarg, o->dtypes, &o->ndtypes);
			if (ret == -E2BIG)
				return bench_options_fail(err, errlen, "-T %s: at most %d datatypes in one run", optarg, BENCH_DTYPE_MAX);
			if (ret)
				return bench_options_fail(err, errlen, "-T %s: unknown datatype (MPI_CHAR, MPI_INT, MPI_FLOAT or all)", optarg);
			break;
		case 'c':
			o->validate = 1;
			break;
		case 'z':
			if (!optarg) {
				o->npercentiles = 3;
				o->percentiles[0] = 50;
				o->percentiles[1] = 90;
				o->percentiles[2] = 99;
			} else if (bench_options_percentiles(optarg, o)) {
				return bench_options_fail(err, errlen, "-z%s: percentiles must be 1 to %d integers in 0..100 separated by commas",
							  optarg, BENCH_OPTIONS_MAX_PERCENTILES);
			}
			break;
		case 'h':
			o->action = BENCH_ACTION_HELP;
			return 0;
		case 'v':
			o->action = BENCH_ACTION_VERSION;
			return 0;
		case OPT_LIST:
			o->action = BENCH_ACTION_LIST;
			return 0;
		case OPT_CSV:
			o->csv_path = optarg;
			break;
		case OPT_PROVENANCE:
			o->prov_path = optarg;
			break;
		case OPT_SAMPLES:
			o->samples_path = optarg;
			break;
		case OPT_BIND:
			if (strcmp(optarg, "core") == 0)
				o->bind = BENCH_BIND_CORE;
			else if (strcmp(optarg, "none") == 0)
				o->bind = BENCH_BIND_NONE;
			else
				return bench_options_fail(err, errlen, "--bind=%s: unknown binding (core or none)", optarg);
			break;
		case OPT_CACHE_COLD:
			o->cache_cold = 1;
			break;
		case OPT_VALIDATE_INJECT:
			ret = parse_u64(optarg, 0, 1000000000, &v);
			if (ret)
				return bench_options_fail(err, errlen, "--validate-inject=%s: iteration %s", optarg, bench_options_why(ret));
			o->validate_inject = (long long)v;
			break;
		case OPT_BATCH:
			o->batch_set = 1;
			if (strcmp(optarg, "auto") == 0) {
				o->batch = 0;
				break;
			}
			ret = parse_u64(optarg, 1, 1000000000, &v);
			if (ret)
				return bench_options_fail(err, errlen, "--batch=%s: iterations per sample %s (auto or 1 to 1e9)", optarg, bench_options_why(ret));
			o->batch = (size_t)v;
			break;
		case OPT_MIN_TIME:
			ret = parse_duration(optarg, 0, 3600, &o->min_time_s);
			if (ret)
				return bench_options_fail(err, errlen, "--min-time=%s: duration %s (0 to 1h; 50ms, 0.2s, 2 = seconds)",
							  optarg, bench_options_why(ret));
			break;
		case OPT_CHECK:
			ret = parse_int(optarg, 1, 1000000, &o->check_ranks);
			if (ret)
				return bench_options_fail(err, errlen, "--check=%s: rank count %s (1 to 1000000)", optarg,
							  bench_options_why(ret));
			break;
		case ':':
			if (optopt > 0 && optopt < 128)
				return bench_options_fail(err, errlen, "option -%c needs an argument", optopt);
			return bench_options_fail(err, errlen, "option %s needs an argument", argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 128)
				return bench_options_fail(err, errlen, "unknown option -%c", optopt);
			return bench_options_fail(err, errlen, "unknown option %s", argv[optind - 1]);
		}
	}
	if (o->validate_inject >= 0 && !o->validate)
		return bench_options_fail(err, errlen, "--validate-inject needs -c (it corrupts the -c replay)");
	if (optind >= argc)
		return bench_options_fail(err, errlen, "no kernel given (parity-bench --list shows them)");
	if (optind + 1 < argc)
		return bench_options_fail(err, errlen, "unexpected argument '%s' after kernel '%s'", argv[optind + 1], argv[optind]);
	o->kernel = kernels_find(argv[optind]);
	if (!o->kernel)
		return bench_options_fail(err, errlen, "unknown kernel '%s' (parity-bench --list shows them)", argv[optind]);
	if (o->kernel->cls == KERNELS_COLL)
		d = &bench_options_coll;
	else if (o->kernel->better == KERNELS_HIGHER_IS_BETTER)
		d = &bench_options_bw;
	else
		d = &bench_options_lat;
	/* --min-time is parity's: it samples in batches unless told otherwise. */
	if (o->min_time_s > 0 && !o->batch_set)
		o->batch = 0;
	if (o->ndtypes == 0)
		o->dtypes[o->ndtypes++] = BENCH_DTYPE_CHAR;
	else if (o->kernel->id == KERNELS_ID_barrier)
		return bench_options_fail(err, errlen, "-T: barrier carries no data, so it has no datatype");
	if (!set_iter) {
		o->iterations = d->iterations;
		o->iterations_large = d->iterations_large;
	}
	if (!set_warm) {
		o->warmup = d->warmup;
		o->warmup_large = d->warmup_large;
	}
	lo = d->min_bytes;
	hi = d->max_bytes;
	if (range) {
		ret = sizes_parse_range(range, &lo, &hi);
		/* A bare MAX below the kernel's first size ("-m 0" for bw). */
		if (ret == -EDOM && !strchr(range, ':'))
			return bench_options_fail(err, errlen, "-m %s: %s starts at %llu byte(s): the largest message size must be at least that",
						  range, o->kernel->name, (unsigned long long)lo);
		if (ret)
			return bench_options_fail(err, errlen, "-m %s: message size range %s%s", range,
						  ret == -EDOM ? "has its minimum above its maximum" :
						  ret == -ERANGE ? "is too large: at most " :
						  "is not [MIN:]MAX with sizes like 8, 64K, 4M", ret == -ERANGE ? SIZES_MAX_TEXT : "");
	}
	o->min_bytes = lo;
	o->max_bytes = hi;
	return 0;
}

void bench_options_iterations(const struct bench_options *o, uint64_t size_bytes,
			      size_t *iterations, size_t *warmup)
{
	int large = size_bytes > BENCH_OPTIONS_LARGE_BYTES;

	*iterations = large ? o->iterations_large : o->iterations;
	*warmup = large ? o->warmup_large : o->warmup;
}

void bench_options_usage(FILE *fp)
{
	fputs("Usage: parity-bench KERNEL [options]\n"
	      "       parity-bench --list | -h | -v\n"
	      "Runs one MPI micro-benchmark kernel with OSU Micro-Benchmarks semantics.\n"
	      "\n"
	      "OSU options:\n"
	      "  -m, --message-size=[MIN:]MAX  message sizes, doubling from MIN (K, M, G suffixes)\n"
	      "  -i, --iterations=N            timed iterations per size (default: OSU's, fewer above 8 KiB)\n"
	      "  -x, --warmup=N                untimed warm-up iterations per size\n"
	      "  -W, --window-size=N           messages in flight for bw, bibw, mbw_mr (default 64)\n"
	      "  -T, --type=TYPE               MPI_CHAR (default), MPI_INT, MPI_FLOAT or all; may be\n"
	      "                                repeated; a message of S bytes is S / sizeof(TYPE) elements\n"
	      "  -f, --full                    also print min and max latency and the iteration count\n"
	      "  -c, --validation              check payloads end to end (a replay after the timed loop)\n"
	      "  -z[P,...]                     print percentiles (default 50,90,99; no space before P)\n"
	      "                                for bandwidth, pP is the value P% of samples exceed\n"
	      "  -h, --help                    this text\n"
	      "  -v, --version                 version\n"
	      "parity options:\n"
	      "      --list                    list the kernels\n"
	      "      --csv=FILE                results as CSV (parity-bench/1.2); '-' = stdout instead of text\n"
	      "      --provenance=FILE         one CSV row per rank (parity-prov/1.0); '-' = stdout\n"
	      "                                instead of text (before the results with --csv=-)\n"
	      "      --samples=FILE            every timing sample as CSV\n"
	      "      --bind=core|none          bind each rank to one core with hwloc (default core;\n"
	      "                                a launcher binding to one core is kept)\n"
	      "      --cache-cold              rotate among buffers so messages are not cache-resident\n"
	      "      --batch=N|auto            iterations per timing sample (default 1: every iteration\n"
	      "                                timed alone, as OSU 7.4; auto, the default with --min-time:\n"
	      "                                enough that the timer costs < 1%); not for collectives,\n"
	      "                                multi_lat and mbw_mr, which time each iteration between\n"
	      "                                barriers (as OSU)\n"
	      "      --min-time=DURATION       measure each size for at least this long (e.g. 100ms):\n"
	      "                                more iterations than -i when one pass of -i is shorter;\n"
	      "                                the count used is printed (-f) and in the CSV\n"
	      "      --validate-inject=N       TEST HOOK: corrupt one received byte of validation\n"
	      "                                iteration N (needs -c) to prove that -c catches it\n"
	      "      --check=N                 only parse and check the arguments for N ranks, without\n"
	      "                                starting MPI: exit 0, 2 or 77 as a launch would\n"
	      "Called as osu_latency, osu_bw, ... osu_barrier (links make install creates), it takes\n"
	      "OSU Micro-Benchmarks 7.4's arguments and prints its output (osu_bw -h).\n"
	      "Exit status: 0 ok, 1 failed run or validation, 2 usage error, 77 wrong rank count.\n", fp);
}
