#include "config.h"

#include "core/errors.h"
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/textfile.h"
#include "html.h"
#include "kernels.h"
#include "report_map.h"
#include "report_out.h"
#include "sizes.h"
#include "trend_out.h"

/* One line, so that the summary stays near the top of the file. Long words
 * (paths, digests) wrap instead of widening the page: nothing scrolls
 * sideways in a 1280-px window. */
static const char report_css[] =
	"body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}"
	"h1{font-size:1.6em;margin:.4em 0}h2{border-bottom:1px solid #ccc;margin:1.4em 0 .5em}h3{margin:.8em 0 .3em}"
	"p,li{overflow-wrap:anywhere}"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.9em;max-width:100%}"
	"th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".verdict{padding:.4em .8em;margin:.3em 0;border-left:.5em solid #999;background:#f6f6f6}"
	".v-pass{border-color:#2e8b3a}.v-inconclusive,.v-unresolvable{border-color:#d4a017}.v-no-data{border-color:#777}"
	".v-fail,.v-fallback,.v-fallback-suspected,.v-mode-mismatch{border-color:#c0392b}"
	"td.v-pass{color:#2e8b3a}td.v-fail,td.v-fallback,td.v-fallback-suspected,td.v-mode-mismatch{color:#c0392b;font-weight:bold}"
	"td.v-inconclusive,td.v-unresolvable{color:#9a7400}"
	REPORT_MAP_CSS
	"figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9em;color:#555}"
	"pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:.85em}"
	".overall{font-size:1.3em;font-weight:bold}";

/* A number in fmt, or an en dash when undefined. */
static void report_num(char *buf, size_t len, double v, const char *fmt)
{
	if (isnan(v))
		snprintf(buf, len, "\xe2\x80\x93");
	else
		snprintf(buf, len, fmt, v);
}

static void report_summary(struct report_out *o, const struct report_input *in)
{
	const struct compare_result *res = &in->analysis->result;
	enum compare_verdict overall = COMPARE_PASS;
	char line[2048], cls[64];
	size_t s;

	for (s = 0; s < res->nseries; s++)
		if (res->series[s].verdict > overall)
			overall = res->series[s].verdict;
	report_out_section(o, "summary", "Verdict");
	if (res->nseries == 0) {
		report_out_para(o, "verdict v-no-data overall", "No container mode in this campaign: nothing to judge.");
	} else {
		compare_overall(res, line, sizeof(line));
		snprintf(cls, sizeof(cls), "verdict v-%s overall", compare_verdict_name(overall));
		report_out_p(o, cls);
		report_out_textf(o, "Overall: %s", line);
		report_out_p_end(o);
	}
	for (s = 0; s < res->nseries; s++) {
		const struct compare_series *se = &res->series[s];

		compare_series_summary(res, s, line, sizeof(line));
		snprintf(cls, sizeof(cls), "verdict v-%s", compare_verdict_name(se->verdict));
		report_out_p(o, cls);
		report_out_text(o, line);
		if (se->runs_failed || se->runs_timeout)
			report_out_textf(o, " %zu run(s) failed and %zu timed out: reported, never averaged in.",
					 se->runs_failed, se->runs_timeout);
		report_out_p_end(o);
	}
	if (res->nplacements > 1) {
		report_out_p(o, NULL);
		report_out_textf(o, "This campaign holds %zu placements: ", res->nplacements);
		for (s = 0; s < res->nplacements; s++) {
			compare_placement_label(res, s, line, sizeof(line));
			report_out_textf(o, "%s%s", s ? "; " : "", line);
		}
		report_out_text(o, ". Each is compared with the native runs of the same placement and rank count only, never averaged with another; the figures and tables below are per placement.");
		report_out_p_end(o);
	}
	campaign_finalize_hang_line(&in->analysis->set, line, sizeof(line));
	if (line[0]) {
		report_out_p(o, "finalize-hang");
		report_out_text(o, line);
		report_out_p_end(o);
	}
	report_out_p(o, NULL);
	report_out_textf(o, "Baseline %s: %zu run(s) ok, %zu failed, %zu timed out, %zu mode-mismatch. Overhead is positive when the container is worse, for latency and bandwidth alike; each point is judged on the interval of its median ratio over rounds (see Method).",
			 res->baseline.label, res->baseline.runs_ok, res->baseline.runs_failed,
			 res->baseline.runs_timeout, res->baseline.runs_mismatch);
	report_out_p_end(o);
	report_out_section_end(o);
}

/* gnuplot gives every figure the same ids (gpPt0, gnuplot_plot_1, ...):
 * make them unique on the page by prefixing them and their references.
 * Its <title> always reads "Gnuplot": the figure's own title replaces it. */
static void report_svg_prefixed(FILE *fp, const char *svg, size_t figure, const char *title)
{
	static const char *const marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };
	const char *p = svg;
	int titled = 0;

	while (*p) {
		size_t i, len = 0;

		if (!titled && strncmp(p, "<title>", 7) == 0 && strstr(p, "</title>")) {
			fputs("<title>", fp);
			html_escape(fp, title);
			p = strstr(p, "</title>");
			titled = 1;
			continue;
		}
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
static void report_placement_heading(struct report_out *o, const struct compare_result *res, long placement)
{
	char label[160], text[200];

	if (placement < 0 || res->nplacements < 2)
		return;
	compare_placement_label(res, (size_t)placement, label, sizeof(label));
	snprintf(text, sizeof(text), "Placement %s", label);
	report_out_h3(o, text);
}

/* A figure in the HTML page: its SVG inlined. */
static void report_figure_html(struct report_out *o, const struct report_input *in, const struct plot_figure *f,
			       size_t i)
{
	char *path = NULL, *svg = NULL;
	const char *body = NULL;

	if (asprintf(&path, "%s/%s.svg", in->plots_dir, f->name) >= 0)
		textfile_read(path, &svg, NULL);
	else
		path = NULL;
	if (svg)
		body = html_svg_body(svg);
	fprintf(o->fp, "<figure id=\"fig-");
	html_escape(o->fp, f->name);
	fprintf(o->fp, "\">\n");
	if (body) {
		report_svg_prefixed(o->fp, body, i, f->title);
	} else {
		fprintf(o->fp, "<p>Figure ");
		html_escape(o->fp, f->name);
		fprintf(o->fp, "%s</p>", svg ? ".svg was refused: it holds active content" : ".svg is missing");
	}
	fprintf(o->fp, "\n<figcaption>");
	html_escape(o->fp, f->title);
	fprintf(o->fp, " (");
	html_escape(o->fp, f->name);
	fprintf(o->fp, ".png, .svg)</figcaption></figure>\n");
	free(svg);
	free(path);
}

/* A figure in Markdown: the PNG beside the report, by a relative link
 * (every byte but [A-Za-z0-9._-] percent-encoded). */
static void report_figure_md(struct report_out *o, const struct plot_figure *f)
{
	const unsigned char *c;

	fputs("![", o->fp);
	report_out_text(o, f->title);
	fputs("](plots/", o->fp);
	for (c = (const unsigned char *)f->name; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("._-", *c))
			fputc(*c, o->fp);
		else
			fprintf(o->fp, "%%%02X", *c);
	}
	fputs(".png)\n\n", o->fp);
	report_out_textf(o, "%s (plots/%s.png, .svg)", f->title, f->name);
	fputs("\n\n", o->fp);
}

static void report_figures(struct report_out *o, const struct report_input *in)
{
	long placement = -1;
	size_t i;

	report_out_section(o, "figures", "Figures");
	if (!in->plots || in->plots->n == 0) {
		report_out_p(o, NULL);
		report_out_textf(o, "No figures: %s", in->plots_note ? in->plots_note : "nothing to plot");
		report_out_p_end(o);
		report_out_section_end(o);
		return;
	}
	for (i = 0; i < in->plots->n; i++) {
		const struct plot_figure *f = &in->plots->figs[i];

		/* plot_prepare orders the figures placement by placement. */
		if (i == 0 || f->placement != placement)
			report_placement_heading(o, &in->analysis->result, f->placement);
		placement = f->placement;
		if (o->fmt == REPORT_HTML)
			report_figure_html(o, in, f, i);
		else
			report_figure_md(o, f);
	}
	report_out_section_end(o);
}

/* With several campaigns: the trend across them, its tables and figures. */
static void report_trend(struct report_out *o, const struct report_input *in)
{
	size_t i;

	if (!in->trend)
		return;
	report_out_section(o, "trend", "Trend across campaigns");
	trend_section_body(o, in->trend);
	for (i = 0; in->trend_plots && i < in->trend_plots->n; i++) {
		if (o->fmt == REPORT_HTML)
			report_figure_html(o, in, &in->trend_plots->figs[i], (in->plots ? in->plots->n : 0) + i);
		else
			report_figure_md(o, &in->trend_plots->figs[i]);
	}
	report_out_section_end(o);
}

static void report_point_row(struct report_out *o, const struct compare_result *res, const struct compare_point *p)
{
	char sz[32], rounds[24], nat[32], con[32], ovh[32], ci[64], noise[32], thr[96] = "";
	const char *cells[13], *cls[13] = { NULL };
	char vcls[48];
	size_t i;

	sizes_format(p->size_bytes, sz, sizeof(sz));
	snprintf(rounds, sizeof(rounds), "%zu", p->n_pairs);
	report_num(nat, sizeof(nat), p->native_median, "%.4g");
	report_num(con, sizeof(con), p->container_median, "%.4g");
	report_num(ovh, sizeof(ovh), p->overhead_pct, "%+.1f%%");
	if (isnan(p->overhead_low_pct))
		report_num(ci, sizeof(ci), NAN, "");
	else
		snprintf(ci, sizeof(ci), "[%+.1f%%, %+.1f%%]", p->overhead_low_pct, p->overhead_high_pct);
	report_num(noise, sizeof(noise), p->noise_pct, "%.1f%%");
	if (p->rule)
		thresholds_describe(p->rule, p->unit, thr, sizeof(thr));
	snprintf(vcls, sizeof(vcls), "v-%s", compare_verdict_name(p->verdict));
	cells[0] = res->series[p->series].label;
	cells[1] = p->metric;
	cells[2] = sz;
	cells[3] = rounds;
	cells[4] = nat;
	cells[5] = con;
	cells[6] = p->unit;
	cells[7] = ovh;
	cells[8] = ci;
	cells[9] = noise;
	cells[10] = thr;
	cells[11] = compare_verdict_name(p->verdict);
	cells[12] = p->note;
	for (i = 2; i <= 9; i++)
		cls[i] = i == 6 ? NULL : "n";
	cls[11] = vcls;
	report_out_row(o, cells, cls, 13);
}

static void report_tables(struct report_out *o, const struct report_input *in)
{
	static const char *const head[] = { "mode", "metric", "size (B)", "rounds paired", "native median",
					    "container median", "unit", "overhead", "interval", "noise \xc2\xb1",
					    "threshold", "verdict", "note" };
	const struct compare_result *res = &in->analysis->result;
	const char *last = NULL;
	char where[160], title[256];
	size_t k, i;
	long pl, npl = res->nplacements > 1 ? (long)res->nplacements : 1;

	report_out_section(o, "tables", npl > 1 ? "Tables per kernel and placement" : "Tables per kernel");
	if (res->npoints == 0)
		report_out_para(o, NULL, "No comparison points.");
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
					report_out_table_end(o);
				if (pl >= 0) {
					compare_placement_label(res, (size_t)pl, where, sizeof(where));
					snprintf(title, sizeof(title), "%s, placement %s", p->kernel, where);
				} else {
					snprintf(title, sizeof(title), "%s", p->kernel);
				}
				report_out_h3(o, title);
				report_out_table(o, NULL, head, sizeof(head) / sizeof(head[0]));
				opened = 1;
				last = p->kernel;
			}
			report_point_row(o, res, p);
		}
		if (opened)
			report_out_table_end(o);
	}
	report_out_section_end(o);
}

static int report_in_series(const struct campaign_row *r, const struct compare_series *s)
{
	return r->campaign == s->campaign && strcmp(campaign_field(r, RUNS_COL_mode), s->mode) == 0;
}

/* The ranks of a series' first successful run, from its provenance file. */
static void report_provenance_ranks(struct report_out *o, const struct campaign_set *set,
				    const struct campaign_row *first)
{
	static const enum schema_prov_col pc[] = {
		PROV_COL_rank, PROV_COL_hostname, PROV_COL_cpuset, PROV_COL_core, PROV_COL_numa_node,
		PROV_COL_mntns, PROV_COL_libmpi_path, PROV_COL_libmpi_dev, PROV_COL_libmpi_ino,
		PROV_COL_mpi_family, PROV_COL_mpi_version,
	};
	const size_t n = sizeof(pc) / sizeof(pc[0]);
	const char *head[sizeof(pc) / sizeof(pc[0])], *cells[sizeof(pc) / sizeof(pc[0])];
	struct meta_prov prov;
	char *path = NULL;
	size_t i, c;

	if (meta_prov_path(set, first, &path) == 0 && meta_prov_load(path, &prov) == 0) {
		report_out_p(o, NULL);
		report_out_textf(o, "Ranks of run %s as the kernel saw them (which libmpi was really loaded, its device:inode, the mount namespace, the cores):",
				 campaign_field(first, RUNS_COL_run_id));
		report_out_p_end(o);
		for (c = 0; c < n; c++)
			head[c] = schema_prov.columns[pc[c]];
		report_out_table(o, NULL, head, n);
		for (i = 0; i < prov.n; i++) {
			for (c = 0; c < n; c++)
				cells[c] = prov.rows[i][pc[c]] ? prov.rows[i][pc[c]] : "";
			report_out_row(o, cells, NULL, n);
		}
		report_out_table_end(o);
		meta_prov_free(&prov);
	} else {
		report_out_p(o, NULL);
		report_out_textf(o, "No provenance file for run %s (%s).", campaign_field(first, RUNS_COL_run_id),
				 path ? path : "");
		report_out_p_end(o);
	}
	free(path);
}

/* Distinct (libmpi, dev:ino, family, version, transport, runtime, image)
 * of a series' rows, then the ranks of its first successful run. */
static void report_provenance_series(struct report_out *o, const struct report_input *in,
				     const struct compare_series *se)
{
	const struct campaign_set *set = &in->analysis->set;
	static const enum schema_runs_col cols[] = {
		RUNS_COL_libmpi_path, RUNS_COL_libmpi_dev_ino, RUNS_COL_mpi_family, RUNS_COL_mpi_version,
		RUNS_COL_transport, RUNS_COL_runtime, RUNS_COL_image, RUNS_COL_image_sha256, RUNS_COL_launcher,
	};
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	const char *head[sizeof(cols) / sizeof(cols[0]) + 1], *cells[sizeof(cols) / sizeof(cols[0]) + 1];
	const char *cls[sizeof(cols) / sizeof(cols[0]) + 1] = { NULL };
	const struct campaign_row *first = NULL;
	char count[32];
	size_t i, j, c;

	report_out_h3(o, se->label);
	for (c = 0; c < ncols; c++)
		head[c] = schema_runs.columns[cols[c]];
	head[ncols] = "runs";
	cls[ncols] = "n";
	report_out_table(o, NULL, head, ncols + 1);
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		size_t runs = 0;
		int dup = 0;

		if (!report_in_series(r, se) || r->status != CAMPAIGN_OK)
			continue;
		if (!first)
			first = r;
		for (j = 0; j < i && !dup; j++) {
			const struct campaign_row *x = &set->rows[j];

			if (!report_in_series(x, se) || x->status != CAMPAIGN_OK)
				continue;
			dup = 1;
			for (c = 0; c < ncols && dup; c++)
				dup = strcmp(campaign_field(x, cols[c]), campaign_field(r, cols[c])) == 0;
		}
		if (dup)
			continue;
		for (j = i; j < set->n; j++) {
			const struct campaign_row *x = &set->rows[j];
			int same = report_in_series(x, se) && x->status == CAMPAIGN_OK;

			for (c = 0; c < ncols && same; c++)
				same = strcmp(campaign_field(x, cols[c]), campaign_field(r, cols[c])) == 0;
			runs += same;
		}
		for (c = 0; c < ncols; c++)
			cells[c] = campaign_field(r, cols[c]);
		snprintf(count, sizeof(count), "%zu rows", runs);
		cells[ncols] = count;
		report_out_row(o, cells, cls, ncols + 1);
	}
	report_out_table_end(o);
	if (first)
		report_provenance_ranks(o, set, first);
}

static void report_provenance(struct report_out *o, const struct report_input *in)
{
	const struct compare_result *res = &in->analysis->result;
	size_t s;

	report_out_section(o, "provenance", "Provenance per mode");
	report_provenance_series(o, in, &res->baseline);
	for (s = 0; s < res->nseries; s++)
		report_provenance_series(o, in, &res->series[s]);
	report_out_section_end(o);
}

/* Every distinct (runtime, image, digest) the campaign's runs used. */
static void report_images(struct report_out *o, const struct report_input *in)
{
	static const char *const head[] = { "runtime", "image", "sha256" };
	const struct campaign_set *set = &in->analysis->set;
	size_t i, j, shown = 0;

	report_out_h3(o, "Images");
	report_out_table(o, NULL, head, 3);
	for (i = 0; i < set->n; i++) {
		const struct campaign_row *r = &set->rows[i];
		int dup = !*campaign_field(r, RUNS_COL_image);
		const char *cells[3];

		for (j = 0; j < i && !dup; j++)
			dup = strcmp(campaign_field(&set->rows[j], RUNS_COL_image), campaign_field(r, RUNS_COL_image)) == 0 &&
			      strcmp(campaign_field(&set->rows[j], RUNS_COL_image_sha256), campaign_field(r, RUNS_COL_image_sha256)) == 0 &&
			      strcmp(campaign_field(&set->rows[j], RUNS_COL_runtime), campaign_field(r, RUNS_COL_runtime)) == 0;
		if (dup)
			continue;
		cells[0] = campaign_field(r, RUNS_COL_runtime);
		cells[1] = campaign_field(r, RUNS_COL_image);
		cells[2] = campaign_field(r, RUNS_COL_image_sha256);
		report_out_row(o, cells, NULL, 3);
		shown++;
	}
	if (!shown) {
		const char *cells[3] = { "no container images (native runs only)", "", "" };

		report_out_row(o, cells, NULL, 3);
	}
	report_out_table_end(o);
}

static void report_environment(struct report_out *o, const struct report_input *in)
{
	char caption[1024];

	meta_caption(in->meta, &in->analysis->set, caption, sizeof(caption));
	report_out_section(o, "environment", "Environment");
	report_out_para(o, NULL, caption);
	if (in->analysis->result.nplacements > 1) {
		report_out_p(o, NULL);
		report_out_textf(o, "The ranks and placement above are those of the first run; this campaign holds %zu placements (see the verdict), and each figure's caption names its own.",
				 in->analysis->result.nplacements);
		report_out_p_end(o);
	}
	report_images(o, in);
	report_out_pre(o, "metadata.txt (host, versions)", in->meta->metadata, "metadata.txt is missing from the campaign folder.");
	report_out_pre(o, "topology.txt (hwloc)", in->meta->topology, "topology.txt is missing from the campaign folder.");
	report_out_section_end(o);
}

/* A method item whose text is printf-formatted. */
static void report_itemf(struct report_out *o, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report_itemf(struct report_out *o, const char *lead, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		report_out_item(o, lead, s);
		free(s);
	}
}

/* The method in words: what a round is, the estimator and why, the
 * stopping rule, the noise floor, the verdicts. */
static void report_method_text(struct report_out *o, const struct analysis *a, int strict)
{
	const struct thresholds *t = &a->thresholds;
	const struct paired_schedule *s = &paired_default_schedule;
	double err = 100 - a->result.confidence;

	report_out_item(o, "Rounds.", "In each round every mode of a kernel runs once, in an order drawn at random for that round and kernel from the campaign's seed (recorded in plan.conf, and in every row of runs.csv with the run's position). Slow drifts of the machine then hit every mode alike, and no mode profits from always running first.");
	report_out_item(o, "Within a run.", "Each message size is measured for at least min-time (more iterations than OSU's defaults when one pass is shorter), in batches whose times are kept; the run's number is the median of its batch samples, so a burst of interference inside the run moves it little.");
	report_out_item(o, "Estimator.", "Each round where both the native and the container run succeeded gives one log ratio, log(container/native); the overhead is the median of those log ratios over rounds, with the sign-test interval (the order statistics whose binomial ranks bound the median). It assumes only independent rounds, no shape of the noise: on shared machines a good share of launches is slowed by other work (bimodal, heavy-tailed noise), which widens intervals built on means or on Walsh averages (Hodges-Lehmann) much more than the median's. Overhead is positive when the container is worse, for latency and bandwidth alike.");
	if (a->sequential)
		report_itemf(o, "Sequential stopping.", "This campaign ran with a time budget: after its minimum of rounds, rounds went on only for kernels that still held an undecided point. To keep the error rates under this optional stopping, the %.0f%% error budget is spent over looks at %zu, %zu, %zu, %zu, ... rounds (each next look at %.1fx the rounds): look j uses alpha/2^j, which sums to at most alpha (a Bonferroni bound, valid whatever the dependence between looks). A point's verdict is its first decisive look's; an undecided point gets one closing analysis at the rounds it has, spending the next share. So a pass, or a fail, is wrong at most %.1f%% of the time.",
			     err, paired_look_rounds(s, 1), paired_look_rounds(s, 2), paired_look_rounds(s, 3),
			     paired_look_rounds(s, 4), s->growth, err / 2);
	else
		report_itemf(o, "Fixed rounds.", "This campaign ran a fixed number of rounds and is judged in one analysis at %.0f%% confidence (two-sided: a pass, or a fail, is wrong at most %.1f%% of the time). With few rounds no interval reaches that level; the exact coverage of each point's interval is in verdicts.csv (confidence_pct).",
			     a->result.confidence, err / 2);
	report_out_item(o, "Noise floor.", "From the native runs alone: the differences between consecutive rounds' native medians are what a round's log ratio would be if the container were native again (neighbours, so slow drifts cancel as in a round); the half-width of their interval is the noise this machine showed at that point. An undecided point whose allowed overhead is below it is unresolvable here: no overhead near the threshold could be told apart in this campaign; the smallest overhead it could have called a fail is about the allowed overhead plus that noise.");
	report_itemf(o, "Verdicts.", "pass: the whole interval is within the threshold; fail: wholly beyond; inconclusive: it straddles the threshold (with an estimate of the rounds that would decide, from a width shrinking as 1/sqrt(n)); unresolvable: inconclusive below the noise floor; fallback: the MPI logged a slower transport in the container than natively (e.g. tcp where native used shared memory; the evidence is logged at start-up, never inside a timed loop); fallback-suspected, only for runs without transport evidence: latency at least %gx native and %g us above it, or bandwidth at most %g of native; mode-mismatch: provenance showed a run was not in its mode; no-data: runs failed. Failed and timed-out runs are counted, never averaged in.",
		     t->fallback_latency_ratio, t->fallback_latency_excess, t->fallback_bandwidth_ratio);
	report_itemf(o, NULL, "Exit status of parity compare: 1 on fail, fallback, fallback-suspected, mode-mismatch or no-data; inconclusive and unresolvable %s. The overall word is PASS only when every point passed.",
		     strict ? "fail too (--strict)" : "do not fail (use --strict), but the overall word says so");
	report_out_list_end(o);
}

static void report_method(struct report_out *o, const struct report_input *in)
{
	static const char *const head[] = { "kernel", "metric", "sizes (B)", "allowed overhead", "slack", "from" };
	static const char *const cls[] = { NULL, NULL, NULL, "n", "n", NULL };
	const struct analysis *a = in->analysis;
	const struct thresholds *t = &a->thresholds;
	char value[256], sz[64], mx[64], range[160], pct[32], slack[32], title[4200];
	size_t i;

	report_out_section(o, "method", "Method");
	if (in->meta->plan) {
		static const char *const keys[] = { "kernels", "modes", "sizes", "min-time", "iterations", "warmup",
						    "repetitions", "budget", "max-repetitions", "seed", "ranks", "nodes",
						    "placement", "bind", "timeout", "transport-evidence" };

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (meta_lookup(in->meta->plan, keys[i], value, sizeof(value)) != 0)
				continue;
			report_itemf(o, NULL, "%s: %s", keys[i], value);
		}
	}
	report_method_text(o, a, in->strict);
	snprintf(title, sizeof(title), "Thresholds (built-in%s%s; the last matching rule wins)",
		 in->thresholds_file ? ", then " : "", in->thresholds_file ? in->thresholds_file : "");
	report_out_h3(o, title);
	report_out_table(o, NULL, head, 6);
	for (i = 0; i < t->n; i++) {
		const struct thresholds_rule *r = &t->rules[i];
		const char *cells[6];

		sizes_format(r->min_bytes, sz, sizeof(sz));
		if (r->max_bytes >= SIZES_MAX_BYTES)
			snprintf(mx, sizeof(mx), "\xe2\x88\x9e");
		else
			sizes_format(r->max_bytes, mx, sizeof(mx));
		snprintf(range, sizeof(range), "%s \xe2\x80\x93 %s", sz, mx);
		snprintf(pct, sizeof(pct), "%g%%", r->max_overhead_pct);
		snprintf(slack, sizeof(slack), "%g", r->slack);
		cells[0] = r->kernel;
		cells[1] = r->metric;
		cells[2] = range;
		cells[3] = pct;
		cells[4] = slack;
		cells[5] = r->source;
		report_out_row(o, cells, cls, 6);
	}
	report_out_table_end(o);
	report_out_pre(o, "plan.conf (the effective plan)", in->meta->plan, "plan.conf is missing from the campaign folder.");
	report_out_section_end(o);
}

/* The page's head (HTML) or title (Markdown), and the line under it. */
static void report_head(struct report_out *o, const struct report_input *in)
{
	const char *name = in->analysis->set.names[0];
	char stamp[64];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M UTC", &tm);
	if (o->fmt == REPORT_HTML) {
		fprintf(o->fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>parity report: ");
		html_escape(o->fp, name);
		fprintf(o->fp, "</title>\n<style>%s</style></head>\n<body>\n<h1>parity report: campaign ", report_css);
		html_escape(o->fp, name);
		fprintf(o->fp, "</h1>\n");
	} else {
		fputs("# parity report: campaign ", o->fp);
		report_out_text(o, name);
		fputs("\n\n", o->fp);
	}
	report_out_p(o, NULL);
	report_out_textf(o, "Generated %s by parity %s. Container modes against native, measured on the same host with the same kernels.",
			 stamp, PACKAGE_VERSION);
	report_out_p_end(o);
}

int report_write(const char *path, const struct report_input *in)
{
	struct report_out o = { .fmt = in->format };
	char *tmp = NULL;
	int ret = 0;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return -ENOMEM;
	o.fp = fopen(tmp, "w");
	if (!o.fp) {
		ret = -errno;
		errors_log("cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return ret;
	}
	report_head(&o, in);
	report_summary(&o, in);
	report_map(&o, in->analysis);
	report_trend(&o, in);
	report_figures(&o, in);
	report_tables(&o, in);
	report_provenance(&o, in);
	report_environment(&o, in);
	report_method(&o, in);
	if (o.fmt == REPORT_HTML)
		fprintf(o.fp, "</body></html>\n");
	if (ferror(o.fp) | (fflush(o.fp) != 0) | (fsync(fileno(o.fp)) != 0)) {
		ret = -EIO;
		errors_log("write error on %s", tmp);
	}
	if (fclose(o.fp) != 0 && !ret)
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
