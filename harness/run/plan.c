#include "plan.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/errors.h"
#include "core/fmt.h"
#include "core/textfile.h"
#include "core/opts.h"
#include "launch/launcher.h"
#include "launch/runtime.h"
#include "parse.h"
#include "sizes.h"

uint64_t plan_ranks_per_node(const struct plan *p)
{
	if (p->ranks_per_node)
		return p->ranks_per_node;
	return (p->ranks + p->nodes - 1) / p->nodes;
}

/* Call fn for every item of a comma (or blank) separated list. */
static int plan_each_item(const char *text, int (*fn)(struct plan *, const char *, char *, size_t),
			  struct plan *p, char *err, size_t errlen)
{
	char *copy = strdup(text), *save = NULL, *tok;
	int ret = 0, n = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ", \t", &save); tok && !ret; tok = strtok_r(NULL, ", \t", &save), n++)
		ret = fn(p, tok, err, errlen);
	free(copy);
	if (!ret && n == 0) {
		snprintf(err, errlen, "empty list");
		ret = -EINVAL;
	}
	return ret;
}

static int plan_add_mode(struct plan *p, const char *name, char *err, size_t errlen)
{
	int m = mode_find(name);
	size_t i;

	if (m < 0) {
		snprintf(err, errlen, "unknown mode '%s' (%s)", name, mode_names());
		return -EINVAL;
	}
	for (i = 0; i < p->nmodes; i++)
		if ((int)p->modes[i] == m)
			return 0;
	p->modes[p->nmodes++] = (enum mode_id)m;
	return 0;
}

static int plan_check_modes(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	p->nmodes = 0;
	return plan_each_item(p->modes_text, plan_add_mode, p, err, errlen);
}

static int plan_add_kernel(struct plan *p, const char *name, char *err, size_t errlen)
{
	const struct kernels_info *k = kernels_find(name);
	size_t i;

	if (!k) {
		snprintf(err, errlen, "unknown kernel '%s'", name);
		return -EINVAL;
	}
	for (i = 0; i < p->nkernels; i++)
		if (p->kernels[i] == k->id)
			return 0;
	p->kernels[p->nkernels++] = k->id;
	return 0;
}

static int plan_check_kernels(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	p->nkernels = 0;
	return plan_each_item(p->kernels_text, plan_add_kernel, p, err, errlen);
}

static int plan_check_one_of(const char *value, const char *const *allowed, const char *what,
			     char *err, size_t errlen)
{
	size_t i;
	int len = 0;

	for (i = 0; allowed[i]; i++)
		if (strcmp(value, allowed[i]) == 0)
			return 0;
	len = snprintf(err, errlen, "unknown %s '%s' (", what, value);
	for (i = 0; allowed[i] && len >= 0 && (size_t)len < errlen; i++)
		len += snprintf(err + len, errlen - (size_t)len, "%s%s", i ? ", " : "",
				allowed[i][0] ? allowed[i] : "empty = default");
	if (len >= 0 && (size_t)len < errlen)
		snprintf(err + len, errlen - (size_t)len, ")");
	return -EINVAL;
}

/* The runtime and launcher names are checked against their tables by
 * cmd_run (plan stays independent of them); here only the closed sets. */
static int plan_check_mpi(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	static const char *const ok[] = { "mpich", "openmpi", NULL };

	return plan_check_one_of(p->mpi, ok, "MPI family", err, errlen);
}

static int plan_check_bind(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	static const char *const ok[] = { "core", "none", NULL };

	return plan_check_one_of(p->bind, ok, "binding", err, errlen);
}

static int plan_check_srun_mpi(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	static const char *const ok[] = { "", "pmi2", "pmix", "pmi", "none", NULL };

	return plan_check_one_of(p->srun_mpi, ok, "srun MPI plugin", err, errlen);
}

static int plan_check_sizes(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	/* As parity-bench -m: MAX alone starts at 1 byte here, and MIN: goes up
	 * to each kernel's own default maximum (0 marks it). */
	size_t len = strlen(p->sizes);
	bool open_max = len > 1 && p->sizes[len - 1] == ':';
	uint64_t lo = 1, hi = open_max ? SIZES_MAX_BYTES : 0;
	int ret = sizes_parse_range(p->sizes, &lo, &hi);
	char q[FMT_QUOTE_LEN];

	if (!ret && open_max)
		hi = 0;
	else if (ret == -EDOM && !strchr(p->sizes, ':')) {
		snprintf(err, errlen, "'%s': sizes start at 1 byte, so the largest must be at least 1 (MAX alone is 1:MAX)",
			 fmt_quote(p->sizes, q, sizeof(q)));
		return -EINVAL;
	}
	if (ret) {
		snprintf(err, errlen, "'%s' is not a size range [MIN:]MAX (%s%s)", fmt_quote(p->sizes, q, sizeof(q)),
			 ret == -EDOM ? "minimum above maximum" : ret == -ERANGE ? "too large: at most " : "bad size",
			 ret == -ERANGE ? SIZES_MAX_TEXT : "");
		return -EINVAL;
	}
	p->min_size_bytes = lo;
	p->max_size_bytes = hi;
	return 0;
}

static int plan_check_name(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	const char *s;

	/* The campaign names a folder: no path tricks. */
	if (!p->campaign[0] || p->campaign[0] == '.') {
		snprintf(err, errlen, "'%s' is not a campaign name (letters, digits, '-', '_', '.')", p->campaign);
		return -EINVAL;
	}
	for (s = p->campaign; *s; s++) {
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.') {
			snprintf(err, errlen, "'%s' is not a campaign name (letters, digits, '-', '_', '.')",
				 p->campaign);
			return -EINVAL;
		}
	}
	return 0;
}

static int plan_check_results(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	if (p->results[0])
		return 0;
	snprintf(err, errlen, "empty directory name");
	return -EINVAL;
}

/* Kernel arguments parity sets itself (sizes, output files, binding) are
 * refused, and so is -T all: one run then writes a table per datatype under
 * the same kernel and size, which a comparison cannot pair. */
static int plan_check_kernel_args(void *target, char *err, size_t errlen)
{
	static const char *const owned[] = { "-m", "--message-size", "--csv", "--provenance", "--bind", NULL };
	struct plan *p = target;
	char *copy = strdup(p->kernel_args), *save = NULL, *tok;
	bool type_next = false;
	int ret = 0;
	size_t i, len;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save)) {
		if ((type_next && strcmp(tok, "all") == 0) || strcmp(tok, "-Tall") == 0 ||
		    strcmp(tok, "--type=all") == 0) {
			snprintf(err, errlen, "-T all measures several datatypes in one run; a campaign compares one "
				 "(e.g. -T MPI_INT)");
			ret = -EINVAL;
		}
		type_next = strcmp(tok, "-T") == 0 || strcmp(tok, "--type") == 0;
		for (i = 0; owned[i] && !ret; i++) {
			len = strlen(owned[i]);
			if (strncmp(tok, owned[i], len) == 0 &&
			    (tok[len] == '\0' || tok[len] == '=' || (owned[i][1] != '-' && tok[len]))) {
				snprintf(err, errlen, "%s is set by parity (%s)", owned[i],
					 i < 2 ? "use --sizes" : "the run's own files and --bind");
				ret = -EINVAL;
			}
		}
	}
	free(copy);
	return ret;
}

/* "MODE:NAME=VALUE;MODE:NAME=VALUE": known modes, a variable name, '='. */
static int plan_check_mode_env(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	char *copy = strdup(p->mode_env), *save = NULL, *tok, *colon;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ";", &save); tok && !ret; tok = strtok_r(NULL, ";", &save)) {
		colon = strchr(tok, ':');
		if (colon)
			*colon = '\0';
		if (!colon || mode_find(tok) < 0 || !strchr(colon + 1, '=') || colon[1] == '=' ||
		    strcspn(colon + 1, "=") != strspn(colon + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")) {
			snprintf(err, errlen, "'%s%s%s' is not MODE:NAME=VALUE with a known mode", tok, colon ? ":" : "",
				 colon ? colon + 1 : "");
			ret = -EINVAL;
		}
	}
	free(copy);
	return ret;
}

static int plan_check_placement(void *target, char *err, size_t errlen)
{
	struct plan *p = target;
	if (p->placement[0] && !strpbrk(p->placement, ",\n"))
		return 0;
	snprintf(err, errlen, "'%s' is not a label (non-empty, no commas)", p->placement);
	return -EINVAL;
}

#define PLAN_OFF(field) offsetof(struct plan, field)
static const struct opt plan_options[] = {
	{ .name = "plan", .type = OPT_STR, .offset = PLAN_OFF(plan_file), .metavar = "FILE", .flags = OPT_CLI_ONLY,
	  .help = "read options from a plan file (applied first, wherever it stands)" },
	{ .name = "campaign", .type = OPT_STR, .offset = PLAN_OFF(campaign), .metavar = "NAME",
	  .help = "campaign name: results go to RESULTS/NAME (default: run-<UTC time>)", .check = plan_check_name },
	{ .name = "results", .type = OPT_STR, .offset = PLAN_OFF(results), .def = "results", .metavar = "DIR",
	  .help = "results root directory", .check = plan_check_results },
	{ .name = "modes", .type = OPT_STR, .offset = PLAN_OFF(modes_text), .def = "native,hybrid,bind", .metavar = "LIST",
	  .help = "modes to run: %s (control: native again, an A/A control)", .check = plan_check_modes, .help_arg = mode_names },
	{ .name = "runtime", .type = OPT_STR, .offset = PLAN_OFF(runtime), .def = "charliecloud", .metavar = "NAME",
	  .help = "container runtime: %s", .help_arg = runtime_names },
	{ .name = "image", .type = OPT_STR, .offset = PLAN_OFF(image), .metavar = "PATH",
	  .help = "image with MPI and kernels, for hybrid and container-only" },
	{ .name = "bind-image", .type = OPT_STR, .offset = PLAN_OFF(bind_image), .metavar = "PATH",
	  .help = "image without MPI, for bind mode (the host MPI is bound in)" },
	{ .name = "launcher", .type = OPT_STR, .offset = PLAN_OFF(launcher), .def = "", .metavar = "NAME",
	  .help = "launcher: %s (default: the MPI family's)", .help_arg = launcher_names },
	{ .name = "mpi", .type = OPT_STR, .offset = PLAN_OFF(mpi), .metavar = "FAMILY",
	  .help = "MPI family: mpich or openmpi (default: the one the kernels were built with)", .check = plan_check_mpi },
	{ .name = "srun-mpi", .type = OPT_STR, .offset = PLAN_OFF(srun_mpi), .def = "", .metavar = "PLUGIN",
	  .help = "srun --mpi plugin (default: pmi2 for mpich, pmix for openmpi)", .check = plan_check_srun_mpi },
	{ .name = "kernels", .type = OPT_STR, .offset = PLAN_OFF(kernels_text), .def = "latency,bw,bibw,allreduce", .metavar = "LIST",
	  .help = "kernels to run, one launch each", .check = plan_check_kernels },
	{ .name = "sizes", .type = OPT_STR, .offset = PLAN_OFF(sizes), .def = "1:256K", .metavar = "[MIN:]MAX",
	  .help = "message sizes (OSU -m syntax, K/M/G suffixes; MAX alone starts at 1, MIN: goes up to each kernel's "
		  "default maximum, as parity-bench -m; at most 1G: MPI counts are int)", .check = plan_check_sizes },
	{ .name = "iterations", .type = OPT_U64, .offset = PLAN_OFF(iterations), .def = "0", .lo = 0, .hi = 100000000, .metavar = "N",
	  .help = "timed iterations per size at least (OSU -i; 0: the kernel's own, OSU's defaults)" },
	{ .name = "warmup", .type = OPT_U64, .offset = PLAN_OFF(warmup), .def = "0", .lo = 0, .hi = 100000000, .metavar = "N",
	  .help = "warm-up iterations per size (OSU -x; 0: the kernel's own)" },
	{ .name = "min-time", .type = OPT_DURATION, .offset = PLAN_OFF(min_time_s), .def = PLAN_DEFAULT_MIN_TIME, .lo = 0, .hi = 3600, .metavar = "DURATION",
	  .help = "measure each size at least this long (kernel --min-time; 0: iterations only)" },
	{ .name = "repetitions", .type = OPT_U64, .offset = PLAN_OFF(repetitions), .def = "10", .lo = 1, .hi = 100000, .metavar = "N",
	  .help = "rounds: in each, every mode of a kernel runs once, in a random order; with --budget, the minimum" },
	{ .name = "budget", .type = OPT_DURATION, .offset = PLAN_OFF(budget_s), .def = "0", .lo = 0, .hi = 31 * 86400, .metavar = "DURATION",
	  .help = "keep adding rounds for kernels with undecided points until all are decided or this much campaign time is spent (e.g. 5m; 0: exactly --repetitions rounds)" },
	{ .name = "thresholds", .type = OPT_STR, .offset = PLAN_OFF(thresholds), .def = "", .metavar = "FILE",
	  .help = "threshold rules the stopping rule judges with (after the built-in ones); compare uses them too" },
	{ .name = "max-repetitions", .type = OPT_U64, .offset = PLAN_OFF(max_repetitions), .def = "0", .lo = 0, .hi = 100000, .metavar = "N",
	  .help = "with --budget: at most this many rounds (0: as many as the budget allows)" },
	{ .name = "seed", .type = OPT_U64, .offset = PLAN_OFF(seed), .def = "0", .lo = 0, .hi = UINT64_MAX, .metavar = "N",
	  .help = "seed of the mode order in each round (0: derived from the campaign name; recorded per row)" },
	{ .name = "mode-env", .type = OPT_STR, .offset = PLAN_OFF(mode_env), .def = "", .metavar = "MODE:NAME=VALUE;...",
	  .help = "extra launch environment for one mode (';' between entries), e.g. control:LD_PRELOAD=/x/libdelay.so", .check = plan_check_mode_env },
	{ .name = "ranks", .type = OPT_U64, .offset = PLAN_OFF(ranks), .def = "2", .lo = 1, .hi = 1000000, .metavar = "N",
	  .help = "MPI ranks per launch" },
	{ .name = "nodes", .type = OPT_U64, .offset = PLAN_OFF(nodes), .def = "1", .lo = 1, .hi = 100000, .metavar = "N",
	  .help = "nodes per launch" },
	{ .name = "ranks-per-node", .type = OPT_U64, .offset = PLAN_OFF(ranks_per_node), .def = "0", .lo = 0, .hi = 1000000, .metavar = "N",
	  .help = "ranks per node (0: ranks / nodes)" },
	{ .name = "placement", .type = OPT_STR, .offset = PLAN_OFF(placement), .def = "intra", .metavar = "LABEL",
	  .help = "placement label recorded with each run: intra, inter or your own", .check = plan_check_placement },
	{ .name = "timeout", .type = OPT_U64, .offset = PLAN_OFF(timeout_s), .def = "300", .lo = 1, .hi = 604800, .metavar = "SECONDS",
	  .help = "limit per launch; the run's processes are killed after it" },
	{ .name = "workdir", .type = OPT_STR, .offset = PLAN_OFF(workdir), .def = "", .metavar = "DIR",
	  .help = "where each campaign's work directory (kernel output in flight, the staged host MPI) is made; every "
		  "node must see it (default: $TMPDIR or /tmp on one host; the results directory when the launcher "
		  "starts ranks on other hosts, srun or --nodes above 1)" },
	{ .name = "finalize-grace", .type = OPT_DURATION, .offset = PLAN_OFF(finalize_grace_s), .def = "5s", .lo = 0,
	  .hi = 3600, .metavar = "DURATION",
	  .help = "a launch still running this long after the kernel wrote its results is ended and recorded ok "
		  "with the note finalize-hang (MPICH 4.0.2 hangs in MPI_Finalize over TCP); 0: wait for the timeout" },
	{ .name = "kernel-args", .type = OPT_STR, .offset = PLAN_OFF(kernel_args), .def = "", .metavar = "ARGS",
	  .help = "extra kernel arguments, split on blanks (e.g. \"-W 32 -c\"; not -m, --csv, --provenance, --bind, -T all)",
	  .check = plan_check_kernel_args },
	{ .name = "bind", .type = OPT_STR, .offset = PLAN_OFF(bind), .def = "core", .metavar = "core|none",
	  .help = "rank binding done by the kernel", .check = plan_check_bind },
	{ .name = "bench", .type = OPT_STR, .offset = PLAN_OFF(bench), .def = "", .metavar = "PATH",
	  .help = "kernels binary for native mode (default: $PARITY_BENCH, else next to parity)" },
	{ .name = "image-bench", .type = OPT_STR, .offset = PLAN_OFF(image_bench), .def = "", .metavar = "PATH",
	  .help = "kernels binary inside images (default: /opt/parity/<mpi>/bin/parity-bench)" },
	{ .name = "oversubscribe", .type = OPT_BOOL, .offset = PLAN_OFF(oversubscribe), .def = "no",
	  .help = "allow more ranks than cores" },
	{ .name = "bind-host-mpi", .type = OPT_BOOL, .offset = PLAN_OFF(bind_host_mpi), .def = "yes",
	  .help = "bind mode binds the host MPI (no: a self-test, verification must fail)" },
	{ .name = "transport-evidence", .type = OPT_BOOL, .offset = PLAN_OFF(transport_evidence), .def = "yes",
	  .help = "make the MPI log its transport selection at start-up and record it (compare then calls a slower transport a fallback)" },
	{ .name = "resume", .type = OPT_BOOL, .offset = PLAN_OFF(resume), .def = "no", .flags = OPT_NOT_WRITTEN,
	  .help = "skip points already recorded ok in the campaign's runs.csv" },
	{ .name = "dry-run", .type = OPT_BOOL, .offset = PLAN_OFF(dry_run), .def = "no", .flags = OPT_NOT_WRITTEN,
	  .help = "print the command lines (shell-quoted for display) and launch nothing (bind mode still stages the host MPI, to check it)" },
};

static const struct opts_spec plan_spec = {
	.command = "run",
	.usage = "[--plan FILE] [OPTIONS]",
	.about = "Run MPI kernels natively and in containers, interleaved, and record every run in\n"
		 "RESULTS/CAMPAIGN/runs.csv. A plan file holds 'key = value' lines with the same keys\n"
		 "as the long options ('#' starts a comment); options given on the command line win.",
	.opts = plan_options,
	.nopts = sizeof(plan_options) / sizeof(plan_options[0]),
	.show_values = true,
	.footer = "exit status: 0 all runs ok, 1 a run failed, 2 usage (also a kernel's arguments, sizes\n"
		  "or rank count), 3 image missing or of a kind the runtime does not run, 4 runtime or\n"
		  "launcher missing, 5 ABI refusal, 6 results unwritable or the disk full, 7 not enough\n"
		  "cores, 11 interrupted (SIGINT, SIGTERM, SIGHUP; --resume completes), 12 another parity\n"
		  "is writing this campaign.",
};

int plan_init(struct plan *p, const char *default_mpi)
{
	const char *dir = getenv("PARITY_IMAGE_DIR");
	char name[64];
	time_t now = time(NULL);
	struct tm tm;

	memset(p, 0, sizeof(*p));
	if (!dir || !*dir)
		dir = "/var/tmp/parity/images";
	gmtime_r(&now, &tm);
	strftime(name, sizeof(name), "run-%Y%m%dT%H%M%SZ", &tm);
	if (asprintf(&p->campaign, "%s", name) < 0 || asprintf(&p->image, "%s/parity-mpi", dir) < 0 ||
	    asprintf(&p->bind_image, "%s/parity-bare", dir) < 0 || !(p->mpi = strdup(default_mpi)))
		return -ENOMEM;
	return opts_defaults(&plan_spec, p);
}

void plan_free(struct plan *p)
{
	opts_free(&plan_spec, p);
	memset(p, 0, sizeof(*p));
}

static char *plan_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Undo plan_write's escapes in a quoted value, in place: \n, \r, \t, \\
 * and \" (any other backslash stays as it is). */
static void plan_unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1] && strchr("nrt\\\"", s[1])) {
			s++;
			*out++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s == 't' ? '\t' : *s;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* The option a line sets, or NULL (blank, comment, or malformed: the
 * caller reports it). */
static const struct opt *plan_line_key(const char *line)
{
	const char *s = line, *eq;
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	eq = strchr(s, '=');
	if (!*s || *s == '#' || !eq)
		return NULL;
	len = (size_t)(eq - s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return opts_find(&plan_spec, s, len);
}

int plan_apply_line(struct plan *p, const char *line, const char *origin, unsigned line_no)
{
	char *copy = strdup(line), *s, *eq, *key, *value;
	const struct opt *o;
	char err[256] = "", q[FMT_QUOTE_LEN];
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	s = plan_trim(copy);
	if (!*s || *s == '#')
		goto out;
	eq = strchr(s, '=');
	if (!eq) {
		errors_log("%s:%u: expected 'key = value', got '%s'", origin, line_no, fmt_quote(s, q, sizeof(q)));
		ret = -EINVAL;
		goto out;
	}
	*eq = '\0';
	key = plan_trim(s);
	value = plan_trim(eq + 1);
	/* Values may be quoted to keep blanks or '#' in them (and escapes, as
	 * plan_write writes them); unquoted, a blank followed by '#' starts a
	 * comment. */
	if (value[0] == '"' && strrchr(value + 1, '"')) {
		*strrchr(value + 1, '"') = '\0';
		value++;
		plan_unescape(value);
	} else {
		char *hash;

		for (hash = strchr(value, '#'); hash; hash = strchr(hash + 1, '#'))
			if (hash == value || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				value = plan_trim(value);
				break;
			}
	}
	o = opts_find(&plan_spec, key, strlen(key));
	if (!o || (o->flags & OPT_CLI_ONLY)) {
		errors_log("%s:%u: unknown key '%s' (see parity run --help)", origin,
			line_no, fmt_quote(key, q, sizeof(q)));
		ret = -EINVAL;
		goto out;
	}
	ret = opts_set(o, p, value, err, sizeof(err));
	if (ret == -EINVAL)
		errors_log("%s:%u: %s: %s", origin, line_no, key, err);
out:
	free(copy);
	return ret;
}

/* A plan is a few hundred bytes: more is not a plan. */
#define PLAN_MAX_BYTES (1u << 20)
#define PLAN_MAX_KEYS (sizeof(plan_options) / sizeof(plan_options[0]))

int plan_load_file(struct plan *p, const char *path)
{
	unsigned seen[PLAN_MAX_KEYS] = { 0 };
	char *text = NULL, *line, *eol;
	size_t len = 0;
	unsigned no = 0;
	int ret = textfile_read_max(path, PLAN_MAX_BYTES, &text, &len);

	if (ret) {
		errors_log("cannot read plan file %s: %s", path, textfile_strerror(ret));
		return ret;
	}
	for (line = text; !ret && line < text + len; line = eol + 1) {
		const struct opt *o;

		eol = memchr(line, '\n', (size_t)(text + len - line));
		if (!eol)
			eol = text + len;
		*eol = '\0';
		no++;
		if (strlen(line) != (size_t)(eol - line)) {
			errors_log("%s:%u: a NUL byte (not a text file)", path, no);
			ret = -EINVAL;
			break;
		}
		/* A key given twice is a mistake, not "the last wins". */
		o = plan_line_key(line);
		if (o && (size_t)(o - plan_spec.opts) < PLAN_MAX_KEYS) {
			size_t k = (size_t)(o - plan_spec.opts);

			if (seen[k]) {
				errors_log("%s:%u: %s is given again (first on line %u)", path, no, o->name, seen[k]);
				ret = -EINVAL;
				break;
			}
			seen[k] = no;
		}
		ret = plan_apply_line(p, line, path, no);
	}
	free(text);
	return ret;
}

int plan_parse_args(struct plan *p, int argc, char **argv)
{
	int i, ret;

	/* The plan file first, so that the other options override it. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *path = NULL;

		if (strcmp(argv[i], "--plan") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--plan=", 7) == 0)
			path = argv[i] + 7;
		if (path && (ret = plan_load_file(p, path)))
			return ret == -ENOMEM ? ret : -EINVAL;
	}
	ret = opts_parse(&plan_spec, p, argc, argv, NULL, &p->help);
	return ret == -ENOMEM ? ret : ret ? -EINVAL : 0;
}

void plan_print_help(const struct plan *p, FILE *fp)
{
	opts_help(&plan_spec, p, fp);
}

int plan_write(const struct plan *p, FILE *fp)
{
	return opts_write(&plan_spec, p, fp);
}
