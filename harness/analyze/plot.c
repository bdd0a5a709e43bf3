#include "config.h"

#include "core/errors.h"
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/proc.h"
#include "kernels.h"
#include "report_assets.h"
#include "sizes.h"
#include "stats.h"

/* A gnuplot run that takes longer than this is stuck. */
#define PLOT_TIMEOUT_S 120
/* Where size 0 (barrier) sits on the log2 axis. */
#define PLOT_ZERO_X 0.5

/* A gnuplot single-quoted string: only ' needs doubling there; control
 * characters become blanks so a field cannot end a script line. */
static void plot_quote(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("''", fp);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
	fputc('\'', fp);
}

char *plot_quoted(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	plot_quote(fp, s);
	fclose(fp);
	return buf;
}

/* A file-name-safe copy of s. */
static void plot_safe_name(char *dst, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		dst[i] = (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]) && s[i])
			 ? s[i] : '_';
	dst[i] = '\0';
}

/* Copy tmpl to fp replacing @KEY@ by the value of KEY (values are not
 * rescanned). */
static void plot_expand(FILE *fp, const char *tmpl, const char *const *keys, const char *const *vals, size_t n)
{
	const char *p = tmpl;

	while (*p) {
		const char *at = strchr(p, '@'), *end;
		size_t i;

		if (!at) {
			fputs(p, fp);
			return;
		}
		fwrite(p, 1, (size_t)(at - p), fp);
		end = strchr(at + 1, '@');
		for (i = 0; end && i < n; i++)
			if (strlen(keys[i]) == (size_t)(end - at - 1) && strncmp(keys[i], at + 1, (size_t)(end - at - 1)) == 0)
				break;
		if (end && i < n) {
			fputs(vals[i], fp);
			p = end + 1;
		} else {
			fputc('@', fp);
			p = at + 1;
		}
	}
}

static double plot_x(uint64_t size)
{
	return size ? (double)size : PLOT_ZERO_X;
}

/* A single message size gives an empty range: widen it around that size. */
static void plot_xrange(char *buf, size_t len, uint64_t lo, uint64_t hi, int has_zero)
{
	double x = has_zero ? PLOT_ZERO_X : (double)lo;

	if ((has_zero && hi == 0) || (!has_zero && lo == hi))
		snprintf(buf, len, "set xrange [%g:%g]", x / 2, x * 2);
	else
		snprintf(buf, len, "set autoscale x");
}

/* Tick list for sizes in [lo, hi] (lo > 0 or has_zero): powers of 2, or
 * of 4 over a wide range, labelled 1, 4, 16, ..., 1K, ..., 1M. */
static void plot_xtics(FILE *fp, uint64_t lo, uint64_t hi, int has_zero)
{
	int e, elo = 0, ehi = 0, step, first = 1;
	char label[32];

	if (has_zero) {
		fprintf(fp, "'0' %g", PLOT_ZERO_X);
		first = 0;
	}
	if (hi == 0)
		return;
	while (elo < 62 && (UINT64_C(1) << (elo + 1)) <= lo)
		elo++;
	while (ehi < 62 && (UINT64_C(1) << ehi) < hi)
		ehi++;
	step = ehi - elo > 12 ? 2 : 1;
	if (step == 2)
		elo &= ~1;
	for (e = elo; e <= ehi; e += step) {
		sizes_format(UINT64_C(1) << e, label, sizeof(label));
		fprintf(fp, "%s'%s' %llu", first ? "" : ", ", label, (unsigned long long)(UINT64_C(1) << e));
		first = 0;
	}
}

static const struct compare_series *plot_series(const struct compare_result *res, long i)
{
	return i < 0 ? &res->baseline : &res->series[i];
}

static int plot_in_series(const struct campaign_row *r, const struct compare_series *s)
{
	return r->campaign == s->campaign && strcmp(campaign_field(r, RUNS_COL_mode), s->mode) == 0;
}

static int plot_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* One data block of a size figure: per size, median over repetitions, the
 * min and max repetition, the count. Returns the number of lines; sets
 * *nonpositive when a value is 0 or below (no log scale can show it). */
static size_t plot_size_block(FILE *fp, const struct campaign_set *set, const struct compare_series *s,
			      const char *kernel, const char *metric, uint64_t *lo, uint64_t *hi, int *has_zero,
			      int *nonpositive)
{
	uint64_t *sizes = malloc((set->n + 1) * sizeof(*sizes));
	double *v = malloc((set->n + 1) * sizeof(*v));
	size_t i, j, ns = 0, nv, lines = 0;

	if (!sizes || !v) {
		free(sizes);
		free(v);
		return 0;
	}
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];

		if (r->status == CAMPAIGN_OK && plot_in_series(r, s) &&
		    strcmp(campaign_field(r, RUNS_COL_kernel), kernel) == 0 &&
		    strcmp(campaign_field(r, RUNS_COL_metric), metric) == 0)
			sizes[ns++] = r->size_bytes;
	}
	if (ns)
		qsort(sizes, ns, sizeof(*sizes), plot_u64_cmp);
	for (i = 0; i < ns; i++) {
		double med;

		if (i > 0 && sizes[i] == sizes[i - 1])
			continue;
		for (j = 0, nv = 0; j < set->n; j++) {
			const struct campaign_row *r = &set->rows[j];

			if (r->status == CAMPAIGN_OK && plot_in_series(r, s) && r->size_bytes == sizes[i] &&
			    strcmp(campaign_field(r, RUNS_COL_kernel), kernel) == 0 &&
			    strcmp(campaign_field(r, RUNS_COL_metric), metric) == 0)
				v[nv++] = r->median;
		}
		med = stats_median_inplace(v, nv);
		fprintf(fp, "%.17g %.9g %.9g %.9g %zu\n", plot_x(sizes[i]), med, v[0], v[nv - 1], nv);
		if (!(v[0] > 0))
			*nonpositive = 1;
		if (sizes[i] == 0)
			*has_zero = 1;
		else {
			if (*lo == 0 || sizes[i] < *lo)
				*lo = sizes[i];
			if (sizes[i] > *hi)
				*hi = sizes[i];
		}
		lines++;
	}
	free(sizes);
	free(v);
	return lines;
}

static FILE *plot_open(const char *outdir, const char *name, const char *ext)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/%s.%s", outdir, name, ext) < 0)
		return NULL;
	fp = fopen(path, "w");
	if (!fp)
		errors_log("cannot write %s: %s", path, strerror(errno));
	free(path);
	return fp;
}

static int plot_close(FILE *fp, const char *outdir, const char *name, const char *ext)
{
	if (ferror(fp) | (fclose(fp) != 0)) {
		errors_log("write error on %s/%s.%s", outdir, name, ext);
		return -EIO;
	}
	return 0;
}

/* Expand a template with the common fields and the figure's own. */
int plot_write_script(const char *outdir, const struct plot_figure *f, const char *tmpl,
			     const char *caption, const char *xtics, const char *extra_keys[],
			     const char *extra_vals[], size_t nextra)
{
	const char *keys[16], *vals[16];
	char *title = plot_quoted(f->title), *cap = plot_quoted(caption), *png = NULL, *svg = NULL, *dat = NULL;
	char file[300];
	size_t n = 0, i;
	FILE *fp;
	int ret = -ENOMEM;

	snprintf(file, sizeof(file), "%s.png", f->name);
	png = plot_quoted(file);
	snprintf(file, sizeof(file), "%s.svg", f->name);
	svg = plot_quoted(file);
	snprintf(file, sizeof(file), "%s.dat", f->name);
	dat = plot_quoted(file);
	if (!title || !cap || !png || !svg || !dat)
		goto out;
	keys[n] = "TITLE"; vals[n++] = title;
	keys[n] = "CAPTION"; vals[n++] = cap;
	keys[n] = "XTICS"; vals[n++] = xtics;
	keys[n] = "PNG"; vals[n++] = png;
	keys[n] = "SVG"; vals[n++] = svg;
	keys[n] = "DATA"; vals[n++] = dat;
	for (i = 0; i < nextra && n < 16; i++) {
		keys[n] = extra_keys[i];
		vals[n++] = extra_vals[i];
	}
	fp = plot_open(outdir, f->name, "gp");
	ret = -EIO;
	if (!fp)
		goto out;
	plot_expand(fp, tmpl, keys, vals, n);
	ret = plot_close(fp, outdir, f->name, "gp");
out:
	free(title);
	free(cap);
	free(png);
	free(svg);
	free(dat);
	return ret;
}

/* set: the campaign rows of the figure's placement. */
static int plot_size_figure(const struct analysis *a, const struct campaign_set *set, const char *outdir,
			    const char *caption, struct plot_figure *f)
{
	const struct compare_result *res = &a->result;
	char *plot = NULL, *xtics = NULL, *ylabel = NULL;
	size_t plen = 0, xlen = 0, blocks = 0, lines;
	FILE *dat, *pf, *xf;
	uint64_t lo = 0, hi = 0;
	int has_zero = 0, nonpositive = 0, ret = -ENOMEM;
	int is_latency = kernels_metric_better(f->metric) == KERNELS_LOWER_IS_BETTER;
	const char *unit = "";
	char label[300], xrange[64];
	long s;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(campaign_field(&set->rows[i], RUNS_COL_kernel), f->kernel) == 0 &&
		    strcmp(campaign_field(&set->rows[i], RUNS_COL_metric), f->metric) == 0) {
			unit = campaign_field(&set->rows[i], RUNS_COL_unit);
			break;
		}
	dat = plot_open(outdir, f->name, "dat");
	if (!dat)
		return -EIO;
	pf = open_memstream(&plot, &plen);
	if (!pf) {
		fclose(dat);
		return -ENOMEM;
	}
	fprintf(dat, "# parity: %s %s (%s) vs message size; columns: x size_bytes (0 -> %g), median over repetitions, min, max, repetitions\n",
		f->kernel, f->metric, unit, PLOT_ZERO_X);
	for (s = -1; s < (long)res->nseries; s++) {
		const struct compare_series *se = plot_series(res, s);

		fprintf(dat, "%s# series ", s > -1 ? "\n\n" : "");
		plot_quote(dat, se->label);
		fputc('\n', dat);
		lines = plot_size_block(dat, set, se, f->kernel, f->metric, &lo, &hi, &has_zero, &nonpositive);
		if (lines == 0) {
			/* Keep index numbers in step with the series: an empty
			 * block would merge with the next one. */
			fprintf(dat, "NaN NaN NaN NaN 0\n");
			continue;
		}
		fprintf(pf, "%s'%s.dat' index %zu using 1:2:3:4 linewidth 2 pointtype 7 title ", blocks++ ? ", \\\n     " : "",
			f->name, (size_t)(s + 1));
		plot_quote(pf, se->label);
	}
	fclose(pf);
	ret = plot_close(dat, outdir, f->name, "dat");
	if (ret || blocks == 0) {
		free(plot);
		return ret ? ret : -ENODATA;
	}
	xf = open_memstream(&xtics, &xlen);
	if (!xf) {
		free(plot);
		return -ENOMEM;
	}
	plot_xtics(xf, lo, hi, has_zero);
	fclose(xf);
	snprintf(label, sizeof(label), "%s (%s)", f->metric, unit);
	ylabel = plot_quoted(label);
	if (ylabel) {
		const char *keys[] = { "YLABEL", "YSCALE", "KEY", "PLOT", "XRANGE" };
		/* Latencies span decades: a log scale, unless a value is 0 or
		 * below (a broken timer, a hand-edited file), which only a
		 * linear one can show. */
		const char *vals[] = { ylabel, is_latency && !nonpositive ? "set logscale y 10" : "set yrange [0:*]",
				       "top left", plot, xrange };

		plot_xrange(xrange, sizeof(xrange), lo, hi, has_zero);
		ret = plot_write_script(outdir, f, report_asset_plot_size_gp, caption, xtics, keys, vals, 5);
	}
	free(ylabel);
	free(plot);
	free(xtics);
	return ret;
}

static int plot_overhead_figure(const struct analysis *a, const char *outdir, const char *caption,
				struct plot_figure *f)
{
	const struct compare_result *res = &a->result;
	uint64_t lo = 0, hi = 0;
	int has_zero = 0, ret;
	size_t i, lines = 0, xlen = 0;
	char *xtics = NULL, *series, xrange[64];
	FILE *dat, *xf;

	dat = plot_open(outdir, f->name, "dat");
	if (!dat)
		return -EIO;
	fprintf(dat, "# parity: overhead of %s vs %s, %s %s; columns: x size_bytes (0 -> %g), overhead %%, interval low, high, allowed %%\n",
		res->series[f->series].label, res->baseline.label, f->kernel, f->metric, PLOT_ZERO_X);
	for (i = 0; i < res->npoints; i++) {
		const struct compare_point *p = &res->points[i];

		if ((long)p->series != f->series || strcmp(p->kernel, f->kernel) || strcmp(p->metric, f->metric) ||
		    (f->placement >= 0 && (long)p->placement != f->placement) ||
		    isnan(p->overhead_pct) || isnan(p->allowed_pct))
			continue;
		fprintf(dat, "%.17g %.6g %.6g %.6g %.6g\n", plot_x(p->size_bytes), p->overhead_pct,
			p->overhead_low_pct, p->overhead_high_pct, p->allowed_pct);
		if (p->size_bytes == 0)
			has_zero = 1;
		else {
			if (lo == 0 || p->size_bytes < lo)
				lo = p->size_bytes;
			if (p->size_bytes > hi)
				hi = p->size_bytes;
		}
		lines++;
	}
	ret = plot_close(dat, outdir, f->name, "dat");
	if (ret || lines == 0)
		return ret ? ret : -ENODATA;
	xf = open_memstream(&xtics, &xlen);
	if (!xf)
		return -ENOMEM;
	plot_xtics(xf, lo, hi, has_zero);
	fclose(xf);
	series = plot_quoted(res->series[f->series].label);
	if (!series) {
		free(xtics);
		return -ENOMEM;
	}
	{
		const char *keys[] = { "SERIES", "XRANGE" };
		const char *vals[] = { series, xrange };

		plot_xrange(xrange, sizeof(xrange), lo, hi, has_zero);
		ret = plot_write_script(outdir, f, report_asset_plot_overhead_gp, caption, xtics, keys, vals, 2);
	}
	free(series);
	free(xtics);
	return ret;
}

static int plot_push(struct plot_set *ps, const struct plot_figure *f)
{
	struct plot_figure *v = realloc(ps->figs, (ps->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	ps->figs = v;
	ps->figs[ps->n++] = *f;
	return 0;
}

/* (kernel, metric) pairs with successful rows, in kernel-list order. */
static int plot_pairs(const struct campaign_set *set, const char ***kernels, const char ***metrics, size_t *n)
{
	const char **k = malloc((set->n + 1) * sizeof(*k)), **m = malloc((set->n + 1) * sizeof(*m));
	size_t i, j, np = 0;

	if (!k || !m) {
		free(k);
		free(m);
		return -ENOMEM;
	}
	for (i = 0; i < set->n; i++) {
		const char *kn = campaign_field(&set->rows[i], RUNS_COL_kernel), *mn = campaign_field(&set->rows[i], RUNS_COL_metric);
		const struct kernels_info *ki = kernels_find(kn);
		size_t at;

		if (set->rows[i].status != CAMPAIGN_OK)
			continue;
		for (j = 0; j < np; j++)
			if (strcmp(k[j], kn) == 0 && strcmp(m[j], mn) == 0)
				break;
		if (j < np)
			continue;
		/* Insert after every pair whose kernel comes earlier in the list. */
		for (at = np; at > 0; at--) {
			const struct kernels_info *kp = kernels_find(k[at - 1]);

			if (!ki || (kp && kp->id <= ki->id))
				break;
		}
		memmove(&k[at + 1], &k[at], (np - at) * sizeof(*k));
		memmove(&m[at + 1], &m[at], (np - at) * sizeof(*m));
		k[at] = kn;
		m[at] = mn;
		np++;
	}
	*kernels = k;
	*metrics = m;
	*n = np;
	return 0;
}

/* The rows of one placement: a view sharing the fields of a->set (free
 * only view->rows). */
static int plot_placement_view(const struct analysis *a, long placement, struct campaign_set *view)
{
	size_t i;

	*view = a->set;
	view->rows = malloc((a->set.n + 1) * sizeof(*view->rows));
	if (!view->rows)
		return -ENOMEM;
	view->n = view->cap = 0;
	for (i = 0; i < a->set.n; i++)
		if (compare_placement_of(&a->result, &a->set.rows[i]) == placement)
			view->rows[view->n++] = a->set.rows[i];
	view->cap = view->n;
	return 0;
}

/* "-inter" (plus "-4r" when that placement name comes with several rank
 * counts) for file names; "" with a single combination. */
static void plot_placement_tag(const struct compare_result *res, long placement, char *buf, size_t len)
{
	const struct compare_placement *pl;
	size_t i, same = 0;
	char safe[96];

	buf[0] = '\0';
	if (placement < 0)
		return;
	pl = &res->placements[placement];
	for (i = 0; i < res->nplacements; i++)
		same += strcmp(res->placements[i].placement, pl->placement) == 0;
	plot_safe_name(safe, sizeof(safe), *pl->placement ? pl->placement : "none");
	if (same > 1)
		snprintf(buf, len, "-%s-%ur", safe, pl->ranks);
	else
		snprintf(buf, len, "-%s", safe);
}

/* The figures of one placement (-1: the campaign's only one). */
static int plot_prepare_placement(const struct analysis *a, const struct meta *m, const char *outdir,
				  long placement, struct plot_set *ps)
{
	const char **kernels = NULL, **metrics = NULL;
	char caption[1024], kn[96], sn[96], label[96], tag[128], where[192] = "";
	struct campaign_set view;
	const struct campaign_set *set = &a->set;
	size_t npairs = 0, i;
	long s;
	int ret;

	if (placement >= 0) {
		ret = plot_placement_view(a, placement, &view);
		if (ret)
			return ret;
		set = &view;
		compare_placement_label(&a->result, (size_t)placement, label, sizeof(label));
		snprintf(where, sizeof(where), ", placement %s", label);
	}
	plot_placement_tag(&a->result, placement, tag, sizeof(tag));
	/* The caption of a placement's rows names its own ranks and placement. */
	meta_caption(m, set, caption, sizeof(caption));
	ret = plot_pairs(set, &kernels, &metrics, &npairs);
	for (i = 0; ret == 0 && i < npairs; i++) {
		struct plot_figure f = { .overhead = 0, .series = -1, .placement = placement,
					 .kernel = kernels[i], .metric = metrics[i] };

		compare_kernel_label(kernels[i], metrics[i], label, sizeof(label));
		plot_safe_name(kn, sizeof(kn), label);
		snprintf(f.name, sizeof(f.name), "%s%s", kn, tag);
		snprintf(f.title, sizeof(f.title), "%s: %s vs message size, campaign %s%s", label, metrics[i],
			 a->set.names[0], where);
		ret = plot_size_figure(a, set, outdir, caption, &f);
		if (ret == 0)
			ret = plot_push(ps, &f);
		else if (ret == -ENODATA)
			ret = 0;
	}
	for (s = 0; ret == 0 && s < (long)a->result.nseries; s++) {
		for (i = 0; ret == 0 && i < npairs; i++) {
			struct plot_figure f = { .overhead = 1, .series = s, .placement = placement,
						 .kernel = kernels[i], .metric = metrics[i] };

			compare_kernel_label(kernels[i], metrics[i], label, sizeof(label));
			plot_safe_name(kn, sizeof(kn), label);
			plot_safe_name(sn, sizeof(sn), a->result.series[s].label);
			snprintf(f.name, sizeof(f.name), "overhead-%s-%s%s", sn, kn, tag);
			snprintf(f.title, sizeof(f.title), "overhead of %s vs %s: %s, campaign %s%s",
				 a->result.series[s].label, a->result.baseline.label, label, a->set.names[0], where);
			ret = plot_overhead_figure(a, outdir, caption, &f);
			if (ret == 0)
				ret = plot_push(ps, &f);
			else if (ret == -ENODATA)
				ret = 0;
		}
	}
	free(kernels);
	free(metrics);
	if (placement >= 0)
		free(view.rows);
	return ret;
}

int plot_prepare(const struct analysis *a, const struct meta *m, const char *outdir, struct plot_set *ps)
{
	long pl;
	int ret = 0;

	memset(ps, 0, sizeof(*ps));
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		errors_log("cannot create %s: %s", outdir, strerror(errno));
		return -errno;
	}
	/* One combination keeps today's names; several never share a figure. */
	if (a->result.nplacements <= 1)
		ret = plot_prepare_placement(a, m, outdir, -1, ps);
	for (pl = 0; ret == 0 && a->result.nplacements > 1 && pl < (long)a->result.nplacements; pl++)
		ret = plot_prepare_placement(a, m, outdir, pl, ps);
	if (ret == -ENOMEM)
		errors_log("plot: out of memory");
	return ret;
}

int plot_find_gnuplot(char **path)
{
	const char *env = getenv("GNUPLOT");

	if (env && *env) {
		if (proc_which(env, path)) {
			errors_log("gnuplot not found: GNUPLOT=%s is not an executable program (install gnuplot-nox or fix GNUPLOT)", env);
			return -ENOENT;
		}
		return 0;
	}
	if ((!PARITY_GNUPLOT[0] || proc_which(PARITY_GNUPLOT, path)) && proc_which("gnuplot", path)) {
		errors_log("gnuplot not found in PATH (install gnuplot-nox, or set GNUPLOT=/path/to/gnuplot)");
		return -ENOENT;
	}
	return 0;
}

/* Run gnuplot SCRIPT in outdir with its output appended to log. Returns
 * the exit status, or -1 when it could not run or timed out. */
static int plot_run(const char *gnuplot, const char *outdir, const char *script, const char *log)
{
	char *const argv[] = { (char *)gnuplot, (char *)script, NULL };
	struct proc_req req = { .argv = argv, .cwd = outdir, .out = PROC_FILE, .err = PROC_FILE, .log_path = log,
				.timeout_s = PLOT_TIMEOUT_S, .grace_s = 1 };
	struct proc_result res;

	if (proc_run(&req, &res) != 0 || res.timed_out || res.signaled)
		return -1;
	return res.exit_code;
}

static int plot_nonempty(const char *outdir, const char *name, const char *ext)
{
	struct stat st;
	char *path;
	int ok;

	if (asprintf(&path, "%s/%s.%s", outdir, name, ext) < 0)
		return 0;
	ok = stat(path, &st) == 0 && st.st_size > 0;
	free(path);
	return ok;
}

int plot_render(const struct plot_set *ps, const char *outdir, const char *gnuplot)
{
	char *log = NULL, script[300];
	size_t i;
	int fd, status, ret = 0;

	if (asprintf(&log, "%s/gnuplot.log", outdir) < 0)
		return -ENOMEM;
	/* Emptied once; every gnuplot run appends to it. */
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		errors_log("cannot write %s: %s", log, strerror(errno));
		free(log);
		return -EIO;
	}
	close(fd);
	for (i = 0; i < ps->n && ret == 0; i++) {
		snprintf(script, sizeof(script), "%s.gp", ps->figs[i].name);
		status = plot_run(gnuplot, outdir, script, log);
		if (status != 0) {
			errors_log("%s failed on %s/%s (%s), see %s", gnuplot, outdir, script,
				status < 0 ? "killed or timed out" : "non-zero exit", log);
			ret = -EIO;
		} else if (!plot_nonempty(outdir, ps->figs[i].name, "png") ||
			   !plot_nonempty(outdir, ps->figs[i].name, "svg")) {
			errors_log("%s wrote no %s.png/.svg in %s, see %s", gnuplot,
				ps->figs[i].name, outdir, log);
			ret = -EIO;
		}
	}
	free(log);
	return ret;
}

void plot_set_free(struct plot_set *ps)
{
	free(ps->figs);
	memset(ps, 0, sizeof(*ps));
}
