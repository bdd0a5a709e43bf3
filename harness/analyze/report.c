#include "config.h"

#include "core/errors.h"
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/textfile.h"
#include "html.h"
#include "kernels.h"
#include "sizes.h"

static const char report_css[] =
	"body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}"
	"h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
	"th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".verdict{padding:.6em .8em;margin:.4em 0;border-left:.5em solid #999;background:#f6f6f6}"
	".v-pass{border-color:#2e8b3a}.v-inconclusive,.v-unresolvable{border-color:#d4a017}.v-no-data{border-color:#777}"
	".v-fail,.v-fallback,.v-fallback-suspected,.v-mode-mismatch{border-color:#c0392b}"
	"td.v-pass{color:#2e8b3a}td.v-fail,td.v-fallback,td.v-fallback-suspected,td.v-mode-mismatch{color:#c0392b;font-weight:bold}"
	"td.v-inconclusive,td.v-unresolvable{color:#9a7400}"
	"figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9em;color:#555}"
	"pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:.85em}"
	".overall{font-size:1.3em;font-weight:bold}";

static void report_num(FILE *fp, double v, const char *fmt)
{
	if (isnan(v))
		fputs("&ndash;", fp);
	else
		fprintf(fp, fmt, v);
}

static void report_summary(FILE *fp, const struct report_input *in)
{
	const struct compare_result *res = &in->analysis->result;
	enum compare_verdict overall = COMPARE_PASS;
	char line[2048];
	size_t s;

	for (s = 0; s < res->nseries; s++)
		if (res->series[s].verdict > overall)
			overall = res->series[s].verdict;
	fprintf(fp, "<section id=\"summary\"><h2>Verdict</h2>\n");
	if (res->nseries == 0) {
		fprintf(fp, "<p class=\"verdict v-no-data overall\">No container mode in this campaign: nothing to judge.</p>\n");
	} else {
		compare_overall(res, line, sizeof(line));
		fprintf(fp, "<p class=\"verdict v-%s overall\">Overall: ", compare_verdict_name(overall));
		html_escape(fp, line);
		fprintf(fp, "</p>\n");
	}
	for (s = 0; s < res->nseries; s++) {
		const struct compare_series *se = &res->series[s];

		compare_series_summary(res, s, line, sizeof(line));
		fprintf(fp, "<p class=\"verdict v-%s\">", compare_verdict_name(se->verdict));
		html_escape(fp, line);
		if (se->runs_failed || se->runs_timeout)
			html_escapef(fp, " %zu run(s) failed and %zu timed out: reported, never averaged in.",
				     se->runs_failed, se->runs_timeout);
		fprintf(fp, "</p>\n");
	}
	if (res->nplacements > 1) {
		fprintf(fp, "<p>This campaign holds %zu placements: ", res->nplacements);
		for (s = 0; s < res->nplacements; s++) {
			compare_placement_label(res, s, line, sizeof(line));
			fprintf(fp, "%s", s ? "; " : "");
			html_escape(fp, line);
		}
		fprintf(fp, ". Each is compared with the native runs of the same placement and rank count only, never averaged with another; the figures and tables below are per placement.</p>\n");
	}
	campaign_finalize_hang_line(&in->analysis->set, line, sizeof(line));
	if (line[0]) {
		fprintf(fp, "<p class=\"finalize-hang\">");
		html_escape(fp, line);
		fprintf(fp, "</p>\n");
	}
	fprintf(fp, "<p>Baseline ");
	html_escape(fp, res->baseline.label);
	fprintf(fp, ": %zu run(s) ok, %zu failed, %zu timed out, %zu mode-mismatch. Overhead is positive when the container is worse, for latency and bandwidth alike; each point is judged on the interval of its median ratio over rounds (see Method).</p>\n</section>\n",
		res->baseline.runs_ok, res->baseline.runs_failed, res->baseline.runs_timeout,
		res->baseline.runs_mismatch);
}

/* gnuplot gives every figure the same ids (gpPt0, gnuplot_plot_1, ...):
 * make them unique on the page by prefixing them and their references. */
static void report_svg_prefixed(FILE *fp, const char *svg, size_t figure)
{
	static const char *const marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };
	const char *p = svg;

	while (*p) {
		size_t i, len = 0;

		for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			if (strncmp(p, marks[i], strlen(marks[i])) == 0) {
				len = strlen(marks[i]);
				break;
			}
		if (len) {
			fwrite(p, 1, len, fp);
			fprintf(fp, "f%zu-", figure);
			p += len;
		} else {
			fputc(*p++, fp);
		}
	}
}

/* "Placement inter, 2 ranks" headings: only with several placements. */
static void report_placement_heading(FILE *fp, const struct compare_result *res, long placement, const char *tag)
{
	char label[160];

	if (placement < 0 || res->nplacements < 2)
		return;
	compare_placement_label(res, (size_t)placement, label, sizeof(label));
	fprintf(fp, "<%s>Placement ", tag);
	html_escape(fp, label);
	fprintf(fp, "</%s>\n", tag);
}

static void report_figures(FILE *fp, const struct report_input *in)
{
	long placement = -1;
	size_t i;

	fprintf(fp, "<section id=\"figures\"><h2>Figures</h2>\n");
	if (!in->plots || in->plots->n == 0) {
		fprintf(fp, "<p>No figures: ");
		html_escape(fp, in->plots_note ? in->plots_note : "nothing to plot");
		fprintf(fp, "</p>\n</section>\n");
		return;
	}
	for (i = 0; i < in->plots->n; i++) {
		const struct plot_figure *f = &in->plots->figs[i];
		char *path = NULL, *svg = NULL;
		const char *body = NULL;

		if (asprintf(&path, "%s/%s.svg", in->plots_dir, f->name) >= 0)
			textfile_read(path, &svg, NULL);
		if (svg)
			body = html_svg_body(svg);
		/* plot_prepare orders the figures placement by placement. */
		if (i == 0 || f->placement != placement)
			report_placement_heading(fp, &in->analysis->result, f->placement, "h3");
		placement = f->placement;
		fprintf(fp, "<figure id=\"fig-");
		html_escape(fp, f->name);
		fprintf(fp, "\">\n");
		if (body)
			report_svg_prefixed(fp, body, i);
		else {
			fprintf(fp, "<p>Figure ");
			html_escape(fp, f->name);
			fprintf(fp, "%s</p>", svg ? ".svg was refused: it holds active content" : ".svg is missing");
		}
		fprintf(fp, "\n<figcaption>");
		html_escape(fp, f->title);
		fprintf(fp, " (");
		html_escape(fp, f->name);
		fprintf(fp, ".png, .svg)</figcaption></figure>\n");
		free(svg);
		free(path);
	}
	fprintf(fp, "</section>\n");
}

static void report_tables(FILE *fp, const struct report_input *in)
{
	const struct compare_result *res = &in->analysis->result;
	const char *last = NULL;
	char sz[32], thr[96], where[160];
	size_t k, i;
	long pl, npl = res->nplacements > 1 ? (long)res->nplacements : 1;

	fprintf(fp, "<section id=\"tables\"><h2>Tables per kernel%s</h2>\n", npl > 1 ? " and placement" : "");
	if (res->npoints == 0)
		fprintf(fp, "<p>No comparison points.</p>\n");
	for (k = 0; k < (KERNELS_COUNT + 1) * (size_t)npl; k++) {
		int opened = 0;
		size_t kid = k / (size_t)npl;

		/* With several placements, one table per kernel and placement. */
		pl = npl > 1 ? (long)(k % (size_t)npl) : -1;
		for (i = 0; i < res->npoints; i++) {
			const struct compare_point *p = &res->points[i];
			const struct kernels_info *ki = kernels_find(p->kernel);

			/* Known kernels in list order, then the others. */
			if (kid < KERNELS_COUNT ? (!ki || ki->id != (enum kernels_id)kid) : ki != NULL)
				continue;
			if (pl >= 0 && (long)p->placement != pl)
				continue;
			if (!opened || (last && strcmp(last, p->kernel) != 0)) {
				if (opened)
					fprintf(fp, "</table>\n");
				fprintf(fp, "<h3>");
				html_escape(fp, p->kernel);
				if (pl >= 0) {
					compare_placement_label(res, (size_t)pl, where, sizeof(where));
					fprintf(fp, ", placement ");
					html_escape(fp, where);
				}
				fprintf(fp, "</h3>\n<table><tr><th>mode</th><th>metric</th><th>size (B)</th><th>rounds paired</th><th>native median</th><th>container median</th><th>unit</th><th>overhead</th><th>interval</th><th>noise &plusmn;</th><th>threshold</th><th>verdict</th><th>note</th></tr>\n");
				opened = 1;
				last = p->kernel;
			}
			sizes_format(p->size_bytes, sz, sizeof(sz));
			thr[0] = '\0';
			if (p->rule)
				thresholds_describe(p->rule, p->unit, thr, sizeof(thr));
			fprintf(fp, "<tr><td>");
			html_escape(fp, res->series[p->series].label);
			fprintf(fp, "</td><td>");
			html_escape(fp, p->metric);
			fprintf(fp, "</td><td class=\"n\">%s</td><td class=\"n\">%zu</td><td class=\"n\">", sz, p->n_pairs);
			report_num(fp, p->native_median, "%.4g");
			fprintf(fp, "</td><td class=\"n\">");
			report_num(fp, p->container_median, "%.4g");
			fprintf(fp, "</td><td>");
			html_escape(fp, p->unit);
			fprintf(fp, "</td><td class=\"n\">");
			report_num(fp, p->overhead_pct, "%+.1f%%");
			fprintf(fp, "</td><td class=\"n\">");
			if (isnan(p->overhead_low_pct))
				fputs("&ndash;", fp);
			else
				fprintf(fp, "[%+.1f%%, %+.1f%%]", p->overhead_low_pct, p->overhead_high_pct);
			fprintf(fp, "</td><td class=\"n\">");
			report_num(fp, p->noise_pct, "%.1f%%");
			fprintf(fp, "</td><td>");
			html_escape(fp, thr);
			fprintf(fp, "</td><td class=\"v-%s\">%s</td><td>", compare_verdict_name(p->verdict),
				compare_verdict_name(p->verdict));
			html_escape(fp, p->note);
			fprintf(fp, "</td></tr>\n");
		}
		if (opened)
			fprintf(fp, "</table>\n");
	}
	fprintf(fp, "</section>\n");
}

static int report_in_series(const struct campaign_row *r, const struct compare_series *s)
{
	return r->campaign == s->campaign && strcmp(campaign_field(r, RUNS_COL_mode), s->mode) == 0;
}

/* Distinct (libmpi, dev:ino, family, version, transport, runtime, image)
 * of a series' rows, then the ranks of its first successful run. */
static void report_provenance_series(FILE *fp, const struct report_input *in, const struct compare_series *se)
{
	const struct campaign_set *set = &in->analysis->set;
	static const enum schema_runs_col cols[] = {
		RUNS_COL_libmpi_path, RUNS_COL_libmpi_dev_ino, RUNS_COL_mpi_family, RUNS_COL_mpi_version,
		RUNS_COL_transport, RUNS_COL_runtime, RUNS_COL_image, RUNS_COL_image_sha256, RUNS_COL_launcher,
	};
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	const struct campaign_row *first = NULL;
	size_t i, j, c;

	fprintf(fp, "<h3>");
	html_escape(fp, se->label);
	fprintf(fp, "</h3>\n<table><tr>");
	for (c = 0; c < ncols; c++) {
		fprintf(fp, "<th>");
		html_escape(fp, schema_runs.columns[cols[c]]);
		fprintf(fp, "</th>");
	}
	fprintf(fp, "<th>runs</th></tr>\n");
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		size_t runs = 0;
		int dup = 0;

		if (!report_in_series(r, se) || r->status != CAMPAIGN_OK)
			continue;
		if (!first)
			first = r;
		for (j = 0; j < i && !dup; j++) {
			const struct campaign_row *o = &set->rows[j];

			if (!report_in_series(o, se) || o->status != CAMPAIGN_OK)
				continue;
			dup = 1;
			for (c = 0; c < ncols && dup; c++)
				dup = strcmp(campaign_field(o, cols[c]), campaign_field(r, cols[c])) == 0;
		}
		if (dup)
			continue;
		for (j = i; j < set->n; j++) {
			const struct campaign_row *o = &set->rows[j];
			int same = report_in_series(o, se) && o->status == CAMPAIGN_OK;

			for (c = 0; c < ncols && same; c++)
				same = strcmp(campaign_field(o, cols[c]), campaign_field(r, cols[c])) == 0;
			runs += same;
		}
		fprintf(fp, "<tr>");
		for (c = 0; c < ncols; c++) {
			fprintf(fp, "<td>");
			html_escape(fp, campaign_field(r, cols[c]));
			fprintf(fp, "</td>");
		}
		fprintf(fp, "<td class=\"n\">%zu rows</td></tr>\n", runs);
	}
	fprintf(fp, "</table>\n");
	if (first) {
		struct meta_prov prov;
		char *path = NULL;
		static const enum schema_prov_col pc[] = {
			PROV_COL_rank, PROV_COL_hostname, PROV_COL_cpuset, PROV_COL_core, PROV_COL_numa_node,
			PROV_COL_mntns, PROV_COL_libmpi_path, PROV_COL_libmpi_dev, PROV_COL_libmpi_ino,
			PROV_COL_mpi_family, PROV_COL_mpi_version,
		};

		if (meta_prov_path(set, first, &path) == 0 && meta_prov_load(path, &prov) == 0) {
			fprintf(fp, "<p>Ranks of run ");
			html_escape(fp, campaign_field(first, RUNS_COL_run_id));
			fprintf(fp, " as the kernel saw them (which libmpi was really loaded, its device:inode, the mount namespace, the cores):</p>\n<table><tr>");
			for (c = 0; c < sizeof(pc) / sizeof(pc[0]); c++) {
				fprintf(fp, "<th>");
				html_escape(fp, schema_prov.columns[pc[c]]);
				fprintf(fp, "</th>");
			}
			fprintf(fp, "</tr>\n");
			for (i = 0; i < prov.n; i++) {
				fprintf(fp, "<tr>");
				for (c = 0; c < sizeof(pc) / sizeof(pc[0]); c++) {
					fprintf(fp, "<td>");
					html_escape(fp, prov.rows[i][pc[c]]);
					fprintf(fp, "</td>");
				}
				fprintf(fp, "</tr>\n");
			}
			fprintf(fp, "</table>\n");
			meta_prov_free(&prov);
		} else {
			fprintf(fp, "<p>No provenance file for run ");
			html_escape(fp, campaign_field(first, RUNS_COL_run_id));
			fprintf(fp, " (");
			html_escape(fp, path ? path : "");
			fprintf(fp, ").</p>\n");
		}
		free(path);
	}
}

static void report_provenance(FILE *fp, const struct report_input *in)
{
	const struct compare_result *res = &in->analysis->result;
	size_t s;

	fprintf(fp, "<section id=\"provenance\"><h2>Provenance per mode</h2>\n");
	report_provenance_series(fp, in, &res->baseline);
	for (s = 0; s < res->nseries; s++)
		report_provenance_series(fp, in, &res->series[s]);
	fprintf(fp, "</section>\n");
}

static void report_pre(FILE *fp, const char *title, const char *text, const char *missing)
{
	fprintf(fp, "<h3>");
	html_escape(fp, title);
	fprintf(fp, "</h3>\n");
	if (text) {
		fprintf(fp, "<pre>");
		html_escape(fp, text);
		fprintf(fp, "</pre>\n");
	} else {
		fprintf(fp, "<p>");
		html_escape(fp, missing);
		fprintf(fp, "</p>\n");
	}
}

/* Every distinct (runtime, image, digest) the campaign's runs used. */
static void report_images(FILE *fp, const struct report_input *in)
{
	const struct campaign_set *set = &in->analysis->set;
	size_t i, j, shown = 0;

	fprintf(fp, "<h3>Images</h3>\n<table><tr><th>runtime</th><th>image</th><th>sha256</th></tr>\n");
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		int dup = !*campaign_field(r, RUNS_COL_image);

		for (j = 0; j < i && !dup; j++)
			dup = strcmp(campaign_field(&set->rows[j], RUNS_COL_image), campaign_field(r, RUNS_COL_image)) == 0 &&
			      strcmp(campaign_field(&set->rows[j], RUNS_COL_image_sha256), campaign_field(r, RUNS_COL_image_sha256)) == 0 &&
			      strcmp(campaign_field(&set->rows[j], RUNS_COL_runtime), campaign_field(r, RUNS_COL_runtime)) == 0;
		if (dup)
			continue;
		fprintf(fp, "<tr><td>");
		html_escape(fp, campaign_field(r, RUNS_COL_runtime));
		fprintf(fp, "</td><td>");
		html_escape(fp, campaign_field(r, RUNS_COL_image));
		fprintf(fp, "</td><td>");
		html_escape(fp, campaign_field(r, RUNS_COL_image_sha256));
		fprintf(fp, "</td></tr>\n");
		shown++;
	}
	if (!shown)
		fprintf(fp, "<tr><td colspan=\"3\">no container images (native runs only)</td></tr>\n");
	fprintf(fp, "</table>\n");
}

static void report_environment(FILE *fp, const struct report_input *in)
{
	char caption[1024];

	meta_caption(in->meta, &in->analysis->set, caption, sizeof(caption));
	fprintf(fp, "<section id=\"environment\"><h2>Environment</h2>\n<p>");
	html_escape(fp, caption);
	fprintf(fp, "</p>\n");
	if (in->analysis->result.nplacements > 1)
		fprintf(fp, "<p>The ranks and placement above are those of the first run; this campaign holds %zu placements (see the verdict), and each figure's caption names its own.</p>\n",
			in->analysis->result.nplacements);
	report_images(fp, in);
	report_pre(fp, "metadata.txt (host, versions)", in->meta->metadata, "metadata.txt is missing from the campaign folder.");
	report_pre(fp, "topology.txt (hwloc)", in->meta->topology, "topology.txt is missing from the campaign folder.");
	fprintf(fp, "</section>\n");
}

/* The method in words: what a round is, the estimator and why, the
 * stopping rule, the noise floor, the verdicts. */
static void report_method_text(FILE *fp, const struct analysis *a, int strict)
{
	const struct thresholds *t = &a->thresholds;
	const struct paired_schedule *s = &paired_default_schedule;
	double err = 100 - a->result.confidence;

	fprintf(fp, "<li><b>Rounds.</b> In each round every mode of a kernel runs once, in an order drawn at random for that round and kernel from the campaign's seed (recorded in plan.conf, and in every row of runs.csv with the run's position). Slow drifts of the machine then hit every mode alike, and no mode profits from always running first.</li>\n"
		    "<li><b>Within a run.</b> Each message size is measured for at least min-time (more iterations than OSU's defaults when one pass is shorter), in batches whose times are kept; the run's number is the median of its batch samples, so a burst of interference inside the run moves it little.</li>\n"
		    "<li><b>Estimator.</b> Each round where both the native and the container run succeeded gives one log ratio, log(container/native); the overhead is the median of those log ratios over rounds, with the sign-test interval (the order statistics whose binomial ranks bound the median). It assumes only independent rounds, no shape of the noise: on shared machines a good share of launches is slowed by other work (bimodal, heavy-tailed noise), which widens intervals built on means or on Walsh averages (Hodges-Lehmann) much more than the median's. Overhead is positive when the container is worse, for latency and bandwidth alike.</li>\n");
	if (a->sequential)
		fprintf(fp, "<li><b>Sequential stopping.</b> This campaign ran with a time budget: after its minimum of rounds, rounds went on only for kernels that still held an undecided point. To keep the error rates under this optional stopping, the %.0f%% error budget is spent over looks at %zu, %zu, %zu, %zu, ... rounds (each next look at %.1fx the rounds): look j uses alpha/2^j, which sums to at most alpha (a Bonferroni bound, valid whatever the dependence between looks). A point's verdict is its first decisive look's; an undecided point gets one closing analysis at the rounds it has, spending the next share. So a pass, or a fail, is wrong at most %.1f%% of the time.</li>\n",
			err, paired_look_rounds(s, 1), paired_look_rounds(s, 2), paired_look_rounds(s, 3),
			paired_look_rounds(s, 4), s->growth, err / 2);
	else
		fprintf(fp, "<li><b>Fixed rounds.</b> This campaign ran a fixed number of rounds and is judged in one analysis at %.0f%% confidence (two-sided: a pass, or a fail, is wrong at most %.1f%% of the time). With few rounds no interval reaches that level; the exact coverage of each point's interval is in verdicts.csv (confidence_pct).</li>\n",
			a->result.confidence, err / 2);
	fprintf(fp, "<li><b>Noise floor.</b> From the native runs alone: the differences between consecutive rounds' native medians are what a round's log ratio would be if the container were native again (neighbours, so slow drifts cancel as in a round); the half-width of their interval is the noise this machine showed at that point. An undecided point whose allowed overhead is below it is <i>unresolvable here</i>: no overhead near the threshold could be told apart in this campaign; the smallest overhead it could have called a fail is about the allowed overhead plus that noise.</li>\n"
		    "<li><b>Verdicts.</b> pass: the whole interval is within the threshold; fail: wholly beyond; inconclusive: it straddles the threshold (with an estimate of the rounds that would decide, from a width shrinking as 1/sqrt(n)); unresolvable: inconclusive below the noise floor; fallback: the MPI logged a slower transport in the container than natively (e.g. tcp where native used shared memory; the evidence is logged at start-up, never inside a timed loop); fallback-suspected, only for runs without transport evidence: latency at least %gx native and %g us above it, or bandwidth at most %g of native; mode-mismatch: provenance showed a run was not in its mode; no-data: runs failed. Failed and timed-out runs are counted, never averaged in.</li>\n"
		    "<li>Exit status of parity compare: 1 on fail, fallback, fallback-suspected, mode-mismatch or no-data; inconclusive and unresolvable %s. The overall word is PASS only when every point passed.</li>\n</ul>\n",
		t->fallback_latency_ratio, t->fallback_latency_excess, t->fallback_bandwidth_ratio,
		strict ? "fail too (--strict)" : "do not fail (use --strict), but the overall word says so");
}

static void report_method(FILE *fp, const struct report_input *in)
{
	const struct analysis *a = in->analysis;
	const struct thresholds *t = &a->thresholds;
	char value[256], sz[64], mx[64];
	size_t i;

	fprintf(fp, "<section id=\"method\"><h2>Method</h2>\n<ul>\n");
	if (in->meta->plan) {
		static const char *const keys[] = { "kernels", "modes", "sizes", "min-time", "iterations", "warmup",
						    "repetitions", "budget", "max-repetitions", "seed", "ranks", "nodes",
						    "placement", "bind", "timeout", "transport-evidence" };

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (meta_lookup(in->meta->plan, keys[i], value, sizeof(value)) != 0)
				continue;
			fprintf(fp, "<li>%s: ", keys[i]);
			html_escape(fp, value);
			fprintf(fp, "</li>\n");
		}
	}
	report_method_text(fp, a, in->strict);
	fprintf(fp, "<h3>Thresholds (built-in%s", in->thresholds_file ? ", then " : "");
	if (in->thresholds_file)
		html_escape(fp, in->thresholds_file);
	fprintf(fp, "; the last matching rule wins)</h3>\n<table><tr><th>kernel</th><th>metric</th><th>sizes (B)</th><th>allowed overhead</th><th>slack</th><th>from</th></tr>\n");
	for (i = 0; i < t->n; i++) {
		const struct thresholds_rule *r = &t->rules[i];

		sizes_format(r->min_bytes, sz, sizeof(sz));
		if (r->max_bytes >= SIZES_MAX_BYTES)
			snprintf(mx, sizeof(mx), "&infin;");
		else
			sizes_format(r->max_bytes, mx, sizeof(mx));
		fprintf(fp, "<tr><td>");
		html_escape(fp, r->kernel);
		fprintf(fp, "</td><td>");
		html_escape(fp, r->metric);
		fprintf(fp, "</td><td>%s &ndash; %s</td><td class=\"n\">%g%%</td><td class=\"n\">%g</td><td>", sz, mx,
			r->max_overhead_pct, r->slack);
		html_escape(fp, r->source);
		fprintf(fp, "</td></tr>\n");
	}
	fprintf(fp, "</table>\n");
	report_pre(fp, "plan.conf (the effective plan)", in->meta->plan, "plan.conf is missing from the campaign folder.");
	fprintf(fp, "</section>\n");
}

int report_write(const char *path, const struct report_input *in)
{
	char *tmp = NULL, stamp[64];
	time_t now = time(NULL);
	struct tm tm;
	FILE *fp;
	int ret = 0;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return -ENOMEM;
	fp = fopen(tmp, "w");
	if (!fp) {
		ret = -errno;
		errors_log("cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return ret;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M UTC", &tm);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>parity report: ");
	html_escape(fp, in->analysis->set.names[0]);
	fprintf(fp, "</title>\n<style>%s</style></head>\n<body>\n<h1>parity report: campaign ", report_css);
	html_escape(fp, in->analysis->set.names[0]);
	fprintf(fp, "</h1>\n<p>Generated %s by parity %s. Container modes against native, measured on the same host with the same kernels.</p>\n",
		stamp, PACKAGE_VERSION);
	report_summary(fp, in);
	report_figures(fp, in);
	report_tables(fp, in);
	report_provenance(fp, in);
	report_environment(fp, in);
	report_method(fp, in);
	fprintf(fp, "</body></html>\n");
	if (ferror(fp) | (fflush(fp) != 0) | (fsync(fileno(fp)) != 0)) {
		ret = -EIO;
		errors_log("write error on %s", tmp);
	}
	if (fclose(fp) != 0 && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, path) != 0) {
		ret = -errno;
		errors_log("cannot rename %s to %s: %s", tmp, path, strerror(errno));
	}
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
