#include "sbatch_tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/fmt.h"
#include "csvio.h"
#include "kernels.h"
#include "parse.h"

#define SBATCH_TASKS_SCHEMA "parity-tasks/1.0"

#define SBATCH_TASKS_COLUMNS(X) \
	X(schema) X(campaign) X(mpi) X(task_id) X(mode) X(kernels) X(placement) X(nodes) \
	X(ranks) X(ranks_per_node) X(rep_first) X(rep_last) X(script)
#define SBATCH_TASKS_ENUM(c) TASKS_COL_##c,
enum sbatch_tasks_col { SBATCH_TASKS_COLUMNS(SBATCH_TASKS_ENUM) TASKS_NCOLS };
#undef SBATCH_TASKS_ENUM
#define SBATCH_TASKS_NAME(c) #c,
static const char *const sbatch_tasks_columns[TASKS_NCOLS] = { SBATCH_TASKS_COLUMNS(SBATCH_TASKS_NAME) };
#undef SBATCH_TASKS_NAME

/* A label goes into file names and #SBATCH lines: keep it plain. */
static void sbatch_tasks_script_name(struct sbatch_placement *pl)
{
	size_t i, len;

	len = (size_t)snprintf(pl->script_name, sizeof(pl->script_name), "sbatch-%s.sh", pl->label);
	for (i = strlen("sbatch-"); i + 3 < len; i++)
		if (pl->script_name[i] == ':')
			pl->script_name[i] = '-';
}

static int sbatch_tasks_label_ok(const char *s)
{
	if (!*s || strlen(s) >= 64)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
		    !strchr("-_.:", *s))
			return 0;
	return 1;
}

int sbatch_placement_parse(const char *word, const struct plan *plan, struct sbatch_placement *out,
			   char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!sbatch_tasks_label_ok(word)) {
		snprintf(err, errlen, "placement '%s': use letters, digits, '-', '_', '.', ':'", word);
		return -EINVAL;
	}
	snprintf(out->label, sizeof(out->label), "%s", word);
	if (strcmp(word, "intra") == 0) {
		out->nodes = 1;
		out->ranks = 2;
		out->ranks_per_node = 2;
	} else if (strcmp(word, "inter") == 0) {
		out->nodes = 2;
		out->ranks = 2;
		out->ranks_per_node = 1;
	} else if (strncmp(word, "coll:", 5) == 0) {
		char nodes[32] = "", *x;
		uint64_t k = 0, r = 1;

		snprintf(nodes, sizeof(nodes), "%s", word + 5);
		x = strchr(nodes, 'x');
		if (x)
			*x = '\0';
		if (parse_u64(nodes, 1, 100000, &k) || (x && parse_u64(x + 1, 1, 100000, &r))) {
			snprintf(err, errlen, "placement '%s': expected coll:NODES or coll:NODESxRANKS_PER_NODE", word);
			return -EINVAL;
		}
		if (k * r < 2) {
			snprintf(err, errlen, "placement '%s' has 1 rank: collectives need 2 or more (e.g. coll:1x2)",
				 word);
			return -EINVAL;
		}
		out->nodes = (unsigned long)k;
		out->ranks_per_node = (unsigned long)r;
		out->ranks = (unsigned long)(k * r);
		out->collectives_only = 1;
	} else if (strcmp(word, plan->placement) == 0) {
		out->nodes = (unsigned long)plan->nodes;
		out->ranks = (unsigned long)plan->ranks;
		out->ranks_per_node = (unsigned long)plan_ranks_per_node(plan);
	} else {
		snprintf(err, errlen, "unknown placement '%s' (intra, inter, coll:K, coll:KxR, or the plan's '%s')",
			 word, plan->placement);
		return -EINVAL;
	}
	sbatch_tasks_script_name(out);
	return 0;
}

/* The kernels of a set that a placement runs, comma separated; "" if none. */
static int sbatch_tasks_fit(const char *set, const struct sbatch_placement *pl, char **out, char *err,
			    size_t errlen)
{
	char *copy = strdup(set), *tok, *save = NULL, *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int n = 0, ret = 0;

	if (!copy || !(fp = open_memstream(&buf, &len))) {
		free(copy);
		return -ENOMEM;
	}
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		const struct kernels_info *k = kernels_find(tok);

		if (!k) {
			snprintf(err, errlen, "unknown kernel '%s' in kernel set '%s'", tok, set);
			ret = -EINVAL;
			break;
		}
		if (pl->collectives_only && k->cls != KERNELS_COLL)
			continue;
		fprintf(fp, "%s%s", n++ ? "," : "", k->name);
	}
	fclose(fp);
	free(copy);
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	return 0;
}

static int sbatch_tasks_add_placement(struct sbatch_tasks *t, const struct sbatch_placement *pl)
{
	struct sbatch_placement *grown = realloc(t->placements, (t->nplacements + 1) * sizeof(*grown));
	size_t i;

	if (!grown)
		return -ENOMEM;
	t->placements = grown;
	for (i = 0; i < t->nplacements; i++)
		if (strcmp(t->placements[i].label, pl->label) == 0)
			return -EEXIST;
	t->placements[t->nplacements++] = *pl;
	return 0;
}

static int sbatch_tasks_add(struct sbatch_tasks *t, const struct sbatch_task *task)
{
	struct sbatch_task *grown = realloc(t->tasks, (t->n + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	t->tasks = grown;
	t->tasks[t->n++] = *task;
	return 0;
}

/* The placements of spec (or the plan's one) into t. */
static int sbatch_tasks_placements(const struct plan *plan, const char *list, struct sbatch_tasks *t, char *err,
				   size_t errlen)
{
	char *copy = strdup(list && *list ? list : plan->placement), *tok, *save = NULL;
	struct sbatch_placement pl;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ", \t", &save); tok && !ret; tok = strtok_r(NULL, ", \t", &save)) {
		ret = sbatch_placement_parse(tok, plan, &pl, err, errlen);
		if (!ret && (ret = sbatch_tasks_add_placement(t, &pl)) == -EEXIST)
			snprintf(err, errlen, "placement '%s' given twice", tok);
		if (!ret && pl.nodes > 1) {
			size_t m;

			for (m = 0; m < plan->nmodes; m++)
				if (plan->modes[m] == MODE_container_only) {
					snprintf(err, errlen, "container-only mode runs on one node; placement %s has %lu",
						 pl.label, pl.nodes);
					ret = -EINVAL;
				}
		}
	}
	free(copy);
	if (!ret && t->nplacements == 0) {
		snprintf(err, errlen, "no placement given");
		ret = -EINVAL;
	}
	return ret == -EEXIST ? -EINVAL : ret;
}

/* The plan's kernels as one comma separated set. */
static char *sbatch_tasks_plan_set(const struct plan *plan)
{
	char *buf = NULL;
	size_t len = 0, k;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	for (k = 0; k < plan->nkernels; k++)
		fprintf(fp, "%s%s", k ? "," : "", kernels_at(plan->kernels[k])->name);
	fclose(fp);
	return buf;
}

int sbatch_tasks_build(const struct plan *plan, const struct sbatch_tasks_spec *spec, struct sbatch_tasks *out,
		       char *err, size_t errlen)
{
	const char *const *sets = spec->kernel_sets;
	const char *one_set[2] = { NULL, NULL };
	char *plan_set = NULL, *fit = NULL;
	unsigned long block = spec->repetition_block ? spec->repetition_block : (unsigned long)plan->repetitions;
	unsigned first, id = 0;
	size_t pl, s, m, nsets = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!(out->campaign = strdup(plan->campaign)) || !(out->mpi = strdup(plan->mpi)))
		return -ENOMEM;
	ret = sbatch_tasks_placements(plan, spec->placements, out, err, errlen);
	if (ret)
		return ret;
	if (!sets) {
		if (!(plan_set = sbatch_tasks_plan_set(plan)))
			return -ENOMEM;
		one_set[0] = plan_set;
		sets = one_set;
	}
	while (sets[nsets])
		nsets++;
	/* Every placement must run something, or the request was a mistake. */
	for (pl = 0; pl < out->nplacements && !ret; pl++) {
		int any = 0;

		for (s = 0; s < nsets && !ret; s++) {
			ret = sbatch_tasks_fit(sets[s], &out->placements[pl], &fit, err, errlen);
			any |= !ret && fit[0];
			free(fit);
			fit = NULL;
		}
		if (!ret && !any) {
			snprintf(err, errlen, "placement %s runs only collective kernels, and no kernel set has one",
				 out->placements[pl].label);
			ret = -EINVAL;
		}
	}
	for (first = 1; !ret && first <= plan->repetitions; first += (unsigned)block) {
		for (pl = 0; pl < out->nplacements && !ret; pl++) {
			for (s = 0; s < nsets && !ret; s++) {
				ret = sbatch_tasks_fit(sets[s], &out->placements[pl], &fit, err, errlen);
				if (ret || !fit[0]) {
					free(fit);
					continue;
				}
				for (m = 0; m < plan->nmodes && !ret; m++) {
					struct sbatch_task task = {
						.id = id++, .mode = plan->modes[m], .placement = pl, .rep_first = first,
						.rep_last = (unsigned)(first + block - 1 < plan->repetitions
								       ? first + block - 1 : plan->repetitions),
					};

					if (!(task.kernels = strdup(fit)) || (ret = sbatch_tasks_add(out, &task)))
						free(task.kernels);
					if (!task.kernels)
						ret = -ENOMEM;
				}
				free(fit);
			}
		}
	}
	free(plan_set);
	return ret;
}

void sbatch_tasks_free(struct sbatch_tasks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->tasks[i].kernels);
	free(t->tasks);
	free(t->placements);
	free(t->campaign);
	free(t->scripts_dir);
	free(t->mpi);
	memset(t, 0, sizeof(*t));
}

int sbatch_tasks_set_scripts_dir(struct sbatch_tasks *t, const char *dir)
{
	char *copy = strdup(dir);

	if (!copy)
		return -ENOMEM;
	free(t->scripts_dir);
	t->scripts_dir = copy;
	return 0;
}

unsigned long sbatch_tasks_max_nodes(const struct sbatch_tasks *t)
{
	unsigned long max = 0;
	size_t i;

	for (i = 0; i < t->nplacements; i++)
		if (t->placements[i].nodes > max)
			max = t->placements[i].nodes;
	return max;
}

int sbatch_tasks_task_campaign(const char *campaign, unsigned id, char *out, size_t len)
{
	int n = snprintf(out, len, "%s.t%u", campaign, id);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

const struct sbatch_task *sbatch_tasks_find(const struct sbatch_tasks *t, unsigned id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->tasks[i].id == id)
			return &t->tasks[i];
	return NULL;
}

int sbatch_tasks_write(const struct sbatch_tasks *t, const char *path)
{
	struct csvio_buf buf = { 0 };
	char tmp[4096], script[4096], id[16], nodes[24], ranks[24], rpn[24], first[16], last[16];
	size_t i;
	int ret = csvio_buf_add_row(&buf, sbatch_tasks_columns, TASKS_NCOLS);
	FILE *fp;

	for (i = 0; !ret && i < t->n; i++) {
		const struct sbatch_task *task = &t->tasks[i];
		const struct sbatch_placement *pl = &t->placements[task->placement];
		const char *row[TASKS_NCOLS];

		snprintf(id, sizeof(id), "%u", task->id);
		snprintf(nodes, sizeof(nodes), "%lu", pl->nodes);
		snprintf(ranks, sizeof(ranks), "%lu", pl->ranks);
		snprintf(rpn, sizeof(rpn), "%lu", pl->ranks_per_node);
		snprintf(first, sizeof(first), "%u", task->rep_first);
		snprintf(last, sizeof(last), "%u", task->rep_last);
		row[TASKS_COL_schema] = SBATCH_TASKS_SCHEMA;
		row[TASKS_COL_campaign] = t->campaign;
		row[TASKS_COL_mpi] = t->mpi;
		row[TASKS_COL_task_id] = id;
		row[TASKS_COL_mode] = mode_name(task->mode);
		row[TASKS_COL_kernels] = task->kernels;
		row[TASKS_COL_placement] = pl->label;
		row[TASKS_COL_nodes] = nodes;
		row[TASKS_COL_ranks] = ranks;
		row[TASKS_COL_ranks_per_node] = rpn;
		row[TASKS_COL_rep_first] = first;
		row[TASKS_COL_rep_last] = last;
		snprintf(script, sizeof(script), "%s/%s", t->scripts_dir ? t->scripts_dir : ".", pl->script_name);
		row[TASKS_COL_script] = script;
		ret = csvio_buf_add_row(&buf, row, TASKS_NCOLS);
	}
	if (ret) {
		csvio_buf_free(&buf);
		return ret;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fp = fopen(tmp, "w");
	if (!fp) {
		ret = -errno;
	} else {
		if (fwrite(buf.data, 1, buf.len, fp) != buf.len)
			ret = -EIO;
		if (fclose(fp) != 0 && !ret)
			ret = -errno;
		if (!ret && rename(tmp, path) != 0)
			ret = -errno;
		if (ret)
			unlink(tmp);
	}
	csvio_buf_free(&buf);
	return ret;
}

struct sbatch_tasks_reader {
	const char *path;
	struct sbatch_tasks *t;
	int pos[TASKS_NCOLS];
};

static int sbatch_tasks_bad(const struct sbatch_tasks_reader *r, size_t record_no, const char *what,
			    const char *value)
{
	char q[FMT_QUOTE_LEN];

	errors_log("%s:%zu: bad %s '%s'", r->path, record_no, what, fmt_quote(value, q, sizeof(q)));
	return -EINVAL;
}

static int sbatch_tasks_header(struct sbatch_tasks_reader *r, const char *const *fields, size_t n)
{
	size_t c, f;

	for (c = 0; c < TASKS_NCOLS; c++) {
		r->pos[c] = -1;
		for (f = 0; f < n; f++)
			if (strcmp(fields[f], sbatch_tasks_columns[c]) == 0)
				r->pos[c] = (int)f;
		if (r->pos[c] < 0) {
			errors_log("%s is not a task table (no column '%s')", r->path,
				sbatch_tasks_columns[c]);
			return -EPROTO;
		}
	}
	return 0;
}

/* The placement of a row: an existing one of that label (same shape) or a new one. */
static int sbatch_tasks_row_placement(struct sbatch_tasks_reader *r, const char *const *v, size_t record_no,
				      size_t *index)
{
	struct sbatch_placement pl = { 0 };
	const char *slash = strrchr(v[TASKS_COL_script], '/');
	uint64_t nodes, ranks, rpn;
	size_t i;

	if (!sbatch_tasks_label_ok(v[TASKS_COL_placement]))
		return sbatch_tasks_bad(r, record_no, "placement", v[TASKS_COL_placement]);
	if (parse_u64(v[TASKS_COL_nodes], 1, 100000, &nodes))
		return sbatch_tasks_bad(r, record_no, "nodes", v[TASKS_COL_nodes]);
	if (parse_u64(v[TASKS_COL_ranks], 1, 10000000, &ranks))
		return sbatch_tasks_bad(r, record_no, "ranks", v[TASKS_COL_ranks]);
	if (parse_u64(v[TASKS_COL_ranks_per_node], 1, 10000000, &rpn))
		return sbatch_tasks_bad(r, record_no, "ranks_per_node", v[TASKS_COL_ranks_per_node]);
	snprintf(pl.label, sizeof(pl.label), "%s", v[TASKS_COL_placement]);
	sbatch_tasks_script_name(&pl);
	if (!slash || slash == v[TASKS_COL_script] || strcmp(pl.script_name, slash + 1) != 0)
		return sbatch_tasks_bad(r, record_no, "script", v[TASKS_COL_script]);
	if (!r->t->scripts_dir) {
		if (!(r->t->scripts_dir = strndup(v[TASKS_COL_script], (size_t)(slash - v[TASKS_COL_script]))))
			return -ENOMEM;
	} else if (strlen(r->t->scripts_dir) != (size_t)(slash - v[TASKS_COL_script]) ||
		   strncmp(r->t->scripts_dir, v[TASKS_COL_script], (size_t)(slash - v[TASKS_COL_script])) != 0) {
		return sbatch_tasks_bad(r, record_no, "script folder", v[TASKS_COL_script]);
	}
	pl.nodes = (unsigned long)nodes;
	pl.ranks = (unsigned long)ranks;
	pl.ranks_per_node = (unsigned long)rpn;
	pl.collectives_only = strncmp(pl.label, "coll:", 5) == 0;
	for (i = 0; i < r->t->nplacements; i++) {
		const struct sbatch_placement *o = &r->t->placements[i];

		if (strcmp(o->label, pl.label) != 0)
			continue;
		if (o->nodes != pl.nodes || o->ranks != pl.ranks || o->ranks_per_node != pl.ranks_per_node)
			return sbatch_tasks_bad(r, record_no, "shape of placement", pl.label);
		*index = i;
		return 0;
	}
	*index = r->t->nplacements;
	return sbatch_tasks_add_placement(r->t, &pl);
}

static int sbatch_tasks_row(const char *const *fields, size_t n, size_t record_no, void *arg)
{
	struct sbatch_tasks_reader *r = arg;
	const char *v[TASKS_NCOLS];
	struct sbatch_task task = { 0 };
	char q[FMT_QUOTE_LEN];
	uint64_t id, first, last;
	int mode, ret;
	size_t c;

	if (record_no == 1)
		return sbatch_tasks_header(r, fields, n);
	for (c = 0; c < TASKS_NCOLS; c++)
		v[c] = (size_t)r->pos[c] < n ? fields[r->pos[c]] : "";
	if (strcmp(v[TASKS_COL_schema], SBATCH_TASKS_SCHEMA) != 0) {
		errors_log("%s:%zu: schema '%s', expected %s", r->path, record_no,
			fmt_quote(v[TASKS_COL_schema], q, sizeof(q)), SBATCH_TASKS_SCHEMA);
		return -EPROTO;
	}
	if (!r->t->campaign) {
		if (!(r->t->campaign = strdup(v[TASKS_COL_campaign])) || !(r->t->mpi = strdup(v[TASKS_COL_mpi])))
			return -ENOMEM;
	} else if (strcmp(r->t->campaign, v[TASKS_COL_campaign]) != 0) {
		errors_log("%s:%zu: campaign '%s' in a table of campaign '%s'", r->path, record_no,
			fmt_quote(v[TASKS_COL_campaign], q, sizeof(q)), r->t->campaign);
		return -EPROTO;
	}
	if (parse_u64(v[TASKS_COL_task_id], 0, 4000000, &id) || sbatch_tasks_find(r->t, (unsigned)id))
		return sbatch_tasks_bad(r, record_no, "task_id", v[TASKS_COL_task_id]);
	mode = mode_find(v[TASKS_COL_mode]);
	if (mode < 0)
		return sbatch_tasks_bad(r, record_no, "mode", v[TASKS_COL_mode]);
	if (parse_u64(v[TASKS_COL_rep_first], 1, 100000, &first) ||
	    parse_u64(v[TASKS_COL_rep_last], first, 100000, &last))
		return sbatch_tasks_bad(r, record_no, "repetition block", v[TASKS_COL_rep_first]);
	if (!v[TASKS_COL_kernels][0])
		return sbatch_tasks_bad(r, record_no, "kernels", v[TASKS_COL_kernels]);
	ret = sbatch_tasks_row_placement(r, v, record_no, &task.placement);
	if (ret)
		return ret;
	task.id = (unsigned)id;
	task.mode = (enum mode_id)mode;
	task.rep_first = (unsigned)first;
	task.rep_last = (unsigned)last;
	if (!(task.kernels = strdup(v[TASKS_COL_kernels])))
		return -ENOMEM;
	ret = sbatch_tasks_add(r->t, &task);
	if (ret)
		free(task.kernels);
	return ret;
}

int sbatch_tasks_read(const char *path, struct sbatch_tasks *out)
{
	struct sbatch_tasks_reader r = { .path = path, .t = out };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = csvio_read_file(path, sbatch_tasks_row, &r);
	if (ret == -EBADMSG)
		errors_log("%s is not well-formed CSV", path);
	else if (ret == -ENOENT)
		errors_log("no task table %s (made by parity sbatch)", path);
	else if (!ret && out->n == 0) {
		errors_log("task table %s holds no task", path);
		ret = -EPROTO;
	}
	if (ret)
		sbatch_tasks_free(out);
	return ret;
}

int sbatch_tasks_format_ids(const unsigned *ids, size_t n, char *out, size_t len)
{
	size_t i = 0, used = 0;
	int w;

	if (len)
		out[0] = '\0';
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && ids[j + 1] == ids[j] + 1)
			j++;
		if (j > i)
			w = snprintf(out + used, len - used, "%s%u-%u", used ? "," : "", ids[i], ids[j]);
		else
			w = snprintf(out + used, len - used, "%s%u", used ? "," : "", ids[i]);
		if (w < 0 || (size_t)w >= len - used)
			return -ENAMETOOLONG;
		used += (size_t)w;
		i = j + 1;
	}
	return 0;
}

