#include "analysis.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "meta.h"
#include "parse.h"

static char *analysis_dir(const char *results, const char *campaign)
{
	char *dir;

	if (asprintf(&dir, "%s/%s", results, campaign) < 0)
		return NULL;
	return dir;
}

/* What the campaign's plan.conf says about judging it: sequential (it has
 * a budget: judged look by look, as its stopping rule judged it), and the
 * thresholds file it ran with (copied into file, "" for none). */
static bool analysis_plan(const struct meta *m, char *file, size_t len)
{
	char value[64];
	double budget = 0;
	bool yes = false;

	file[0] = '\0';
	if (m->plan) {
		if (meta_lookup(m->plan, "budget", value, sizeof(value)) == 0)
			yes = parse_duration(value, 0, 1e9, &budget) == 0 && budget > 0;
		meta_lookup(m->plan, "thresholds", file, len);
	}
	return yes;
}

int analysis_open(struct analysis *a, const struct analysis_options *o)
{
	struct compare_options co = {
		.thresholds = &a->thresholds,
		.confidence = ANALYSIS_CONFIDENCE_PCT,
		.closing = 1,
	};
	const char *results = o->results ? o->results : "results", *thr_file;
	char err[512], plan_thresholds[4096];
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	if (!o->campaign || !*o->campaign) {
		errors_log("which campaign? give --campaign=NAME (a folder of %s)", results);
		return -EINVAL;
	}
	a->dir = analysis_dir(results, o->campaign);
	if (!a->dir || asprintf(&a->plots_dir, "%s/plots", a->dir) < 0 || meta_load(&a->meta, a->dir)) {
		errors_log("out of memory");
		return -ENOMEM;
	}
	/* Without --thresholds, the rules the campaign ran (and stopped) with. */
	a->sequential = analysis_plan(&a->meta, plan_thresholds, sizeof(plan_thresholds));
	thr_file = o->thresholds_file ? o->thresholds_file : plan_thresholds[0] ? plan_thresholds : NULL;
	if (thresholds_load_defaults(&a->thresholds, err, sizeof(err)) ||
	    (thr_file && thresholds_load_file(&a->thresholds, thr_file, err, sizeof(err)))) {
		errors_log("%s", err);
		return -EINVAL;
	}
	ret = campaign_load(&a->set, a->dir, o->campaign);
	for (i = 0; ret == 0 && i < o->against.n; i++) {
		char *dir = analysis_dir(results, o->against.v[i]);

		ret = dir ? campaign_load(&a->set, dir, o->against.v[i]) : -ENOMEM;
		if (!dir)
			errors_log("out of memory");
		free(dir);
	}
	/* campaign_load said what is wrong with the file; -EINVAL there is a bad
	 * value in it, not a usage error. */
	if (ret)
		return ret == -EINVAL ? -EBADMSG : ret;
	co.schedule = a->sequential ? &paired_default_schedule : NULL;
	ret = compare_run(&a->set, &co, &a->result);
	if (ret && ret != -ENODATA)
		errors_log("compare: %s", strerror(-ret));
	return ret == -EINVAL ? -EBADMSG : ret;
}

void analysis_close(struct analysis *a)
{
	meta_free(&a->meta);
	free(a->plots_dir);
	compare_free(&a->result);
	campaign_free(&a->set);
	thresholds_free(&a->thresholds);
	free(a->dir);
	memset(a, 0, sizeof(*a));
}
