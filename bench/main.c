/* parity-bench: one MPI micro-benchmark kernel per run, OSU semantics.
 * The driver: options, binding, provenance, buffers, the loop over message
 * sizes, and output. Only main maps results to exit codes. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "bind.h"
#include "csvio.h"
#include "exitcodes.h"
#include "kernel.h"
#include "measure.h"
#include "options.h"
#include "osu.h"
#include "provenance.h"
#include "output.h"
#include "schema.h"
#include "timer.h"

struct main_out {
	FILE *text;             /* OSU text, or NULL with --csv=- or --provenance=- */
	FILE *csv;
	FILE *prov;
	FILE *samples;
};

static FILE *main_open(const char *path, const char *what)
{
	FILE *fp;

	if (!path)
		return NULL;
	if (strcmp(path, "-") == 0)
		return stdout;
	fp = fopen(path, "w");
	if (!fp)
		fprintf(stderr, "parity-bench: cannot write %s file %s: %s\n", what, path, strerror(errno));
	return fp;
}

static void main_close(FILE *fp)
{
	if (fp && fp != stdout)
		fclose(fp);
}

/* Rank 0 opens the output files; all ranks learn whether that worked. */
static int main_open_all(const struct bench_options *o, int rank, MPI_Comm comm, struct main_out *out)
{
	int ok = 1;

	memset(out, 0, sizeof(*out));
	if (rank == 0) {
		/* A CSV on stdout replaces the text. */
		out->text = (o->csv_path && strcmp(o->csv_path, "-") == 0) ||
			    (o->prov_path && strcmp(o->prov_path, "-") == 0) ? NULL : stdout;
		if (o->csv_path && !(out->csv = main_open(o->csv_path, "CSV")))
			ok = 0;
		if (ok && o->prov_path && !(out->prov = main_open(o->prov_path, "provenance")))
			ok = 0;
		if (ok && o->samples_path && !(out->samples = main_open(o->samples_path, "samples")))
			ok = 0;
	}
	MPI_Bcast(&ok, 1, MPI_INT, 0, comm);
	return ok ? 0 : -EIO;
}

static int main_check_ranks(const struct bench_kernel *k, int n, int rank)
{
	int bad = n < k->min_ranks || (k->max_ranks && n > k->max_ranks) || (k->even_ranks && n % 2);

	if (!bad)
		return 0;
	if (rank == 0) {
		if (k->max_ranks == k->min_ranks)
			fprintf(stderr, "parity-bench: %s needs exactly %d ranks, got %d\n", k->name, k->min_ranks, n);
		else
			fprintf(stderr, "parity-bench: %s needs %s%d or more ranks, got %d\n", k->name,
				k->even_ranks ? "an even number of, " : "", k->min_ranks, n);
	}
	return -EINVAL;
}

/* 1 when the range holds a size the kernel measures with datatype t
 * (barrier: always). */
static int main_any_size(const struct bench_kernel *k, const struct bench_options *o, enum bench_dtype t)
{
	uint64_t size;

	if (k->data == BENCH_DATA_NONE)
		return 1;
	for (size = o->min_bytes; size <= o->max_bytes; size = size ? size * 2 : 1)
		if (measure_wants_size(k, bench_dtype_size(t), size))
			return 1;
	return 0;
}

static void main_list(void)
{
	const struct kernels_info *ki;
	size_t i;

	for (i = 0; (ki = kernels_at(i)); i++)
		printf("%-15s %-6s %-10s %s\n", ki->name, ki->cls == KERNELS_PT2PT ? "pt2pt" : "coll", ki->unit, ki->description);
}

/* Bind this rank, collect every rank's provenance on rank 0 (*all, free
 * it) and write the --provenance file. */
static void main_provenance(struct bench_ctx *c, const struct bench_options *o, struct main_out *out,
			    struct provenance_rank **all)
{
	struct provenance_rank mine;
	struct bind_info bind;
	MPI_Comm node;
	int local = 0, ret, i;

	MPI_Comm_split_type(c->comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
	MPI_Comm_rank(node, &local);
	MPI_Comm_free(&node);
	ret = bind_apply(o->bind == BENCH_BIND_CORE, local, &bind);
	if (ret)
		fprintf(stderr, "parity-bench: rank %d: cannot bind to a core: %s\n", c->rank, strerror(-ret));
	ret = provenance_collect(c->rank, &bind, &mine);
	if (ret)
		fprintf(stderr, "parity-bench: rank %d: incomplete provenance: %s\n", c->rank, strerror(-ret));
	*all = NULL;
	provenance_gather(&mine, 0, c->comm, all);
	if (c->rank != 0 || !out->prov)
		return;
	{
		struct csvio_buf buf = { 0 };

		schema_add_header(&schema_prov, &buf);
		for (i = 0; i < c->nranks; i++)
			provenance_add_row(&buf, &(*all)[i]);
		fwrite(buf.data, 1, buf.len, out->prov);
		fflush(out->prov);
		csvio_buf_free(&buf);
	}
}

/* The '# rank N: ...' lines and how the timed regions were sampled. */
static void main_print_provenance(FILE *fp, const struct bench_kernel *k, const struct bench_options *o,
				  const struct provenance_rank *all, int nranks, double timer_s)
{
	int i;

	for (i = 0; i < nranks; i++)
		provenance_print_text(fp, &all[i]);
	if (k->sync_each)
		fprintf(fp, "# timer: clock_gettime, %.0f ns per call; every iteration timed alone, barrier between (as OSU)\n",
			timer_s * 1e9);
	else if (o->batch == 1)
		fprintf(fp, "# timer: clock_gettime, %.0f ns per call; every iteration timed alone (as OSU)\n", timer_s * 1e9);
	else if (o->batch == 0)
		fprintf(fp, "# timer: clock_gettime, %.0f ns per call; each sample batches iterations to >= 100x that (--batch=auto)\n",
			timer_s * 1e9);
	else
		fprintf(fp, "# timer: clock_gettime, %.0f ns per call; each sample times %zu iterations (--batch)\n",
			timer_s * 1e9, o->batch);
}

/* Point the context at datatype t for the next table. */
static void main_set_dtype(struct bench_ctx *c, enum bench_dtype t)
{
	c->dtype_id = t;
	c->dtype = bench_dtype_mpi(t);
	c->dtype_size = (int)bench_dtype_size(t);
}

/* Measure every size (once per datatype). 0, -EIO when an output file
 * cannot be written, -EBADMSG when -c validation failed (the rows say
 * where). */
static int main_run(const struct bench_kernel *k, const struct bench_options *o, struct bench_ctx *c,
		    const struct osu_name *osu)
{
	struct output_ctx rc = { .kernel = k, .opts = o, .ranks = c->nranks, .osu = osu };
	struct measure_env env = { .kernel = k, .opts = o, .ctx = c };
	struct provenance_rank *prov = NULL;
	struct csvio_buf csv = { 0 };
	struct output_row row;
	struct main_out out;
	uint64_t size, lo = o->min_bytes, hi = o->max_bytes;
	int failed = 0, t, ntypes = k->data == BENCH_DATA_NONE ? 1 : o->ndtypes;

	if (main_open_all(o, c->rank, c->comm, &out))
		return -EIO;
	env.timer_overhead = timer_overhead();
	main_provenance(c, o, &out, &prov);
	/* OSU mode: OMB's preamble first, parity's lines after the tables. */
	if (out.text) {
		output_text_title(out.text, &rc);
		if (!osu)
			main_print_provenance(out.text, k, o, prov, c->nranks, env.timer_overhead);
	}
	env.samples = out.samples;
	if (out.samples)
		fprintf(out.samples, "kernel,size_bytes,rank,sample,iterations,seconds,value,unit\n");
	if (k->data == BENCH_DATA_NONE)
		lo = hi = 0;
	env.pool_bytes = measure_pool_bytes(k, o, c->nranks);
	env.spool = aligned_alloc(4096, env.pool_bytes);
	env.rpool = aligned_alloc(4096, env.pool_bytes);
	c->reqs = calloc(2 * (size_t)o->window, sizeof(*c->reqs));
	c->stats = calloc(2 * (size_t)o->window, sizeof(*c->stats));
	c->counts = calloc((size_t)c->nranks, sizeof(*c->counts));
	if (!env.spool || !env.rpool || !c->reqs || !c->stats || !c->counts) {
		fprintf(stderr, "parity-bench: rank %d: out of memory for %zu-byte buffers\n", c->rank, env.pool_bytes);
		MPI_Abort(c->comm, 1);
	}
	/* Touch every page now, so no page fault lands in a timed region. */
	memset(env.spool, 0xa5, env.pool_bytes);
	memset(env.rpool, 0x5a, env.pool_bytes);
	if (out.csv)
		output_csv_header(&csv);
	for (t = 0; t < ntypes; t++) {
		main_set_dtype(c, o->dtypes[t]);
		rc.dtype = o->dtypes[t];
		if (out.text) {
			output_text_datatype(out.text, &rc);
			output_text_header(out.text, &rc);
		}
		for (size = lo; size <= hi; size = size ? size * 2 : 1) {
			if (!measure_wants_size(k, (size_t)c->dtype_size, size))
				continue;
			failed |= measure_size(&env, size, &row);
			if (c->rank != 0)
				continue;
			if (out.text)
				output_text_row(out.text, &rc, &row);
			if (out.csv)
				output_csv_rows(&csv, &rc, &row);
		}
	}
	if (out.text && osu)
		main_print_provenance(out.text, k, o, prov, c->nranks, env.timer_overhead);
	free(prov);
	if (out.csv) {
		fwrite(csv.data, 1, csv.len, out.csv);
		fflush(out.csv);
	}
	csvio_buf_free(&csv);
	main_close(out.csv);
	main_close(out.prov);
	main_close(out.samples);
	free(env.spool);
	free(env.rpool);
	free(c->reqs);
	free(c->stats);
	free(c->counts);
	return failed ? -EBADMSG : 0;
}

/* What can refuse the run once the options are parsed: the rank count,
 * the sizes, --batch. The exit code, or 0; rank 0 prints the one line. */
static int main_validate(const struct bench_kernel *k, const struct bench_options *o, int nranks, int rank)
{
	int t;

	if (main_check_ranks(k, nranks, rank))
		return PARITY_EXIT_SKIP;
	for (t = 0; t < o->ndtypes; t++) {
		if (main_any_size(k, o, o->dtypes[t]))
			continue;
		if (rank == 0)
			fprintf(stderr, "parity-bench: -m %llu:%llu: no message size that %s measures with %s (at least one %zu-byte element)\n",
				(unsigned long long)o->min_bytes, (unsigned long long)o->max_bytes, k->name,
				bench_dtype_name(o->dtypes[t]), bench_dtype_size(o->dtypes[t]));
		return PARITY_EXIT_USAGE;
	}
	if (o->batch_set && o->batch != 1 && k->sync_each) {
		char given[32] = "auto";

		if (o->batch)
			snprintf(given, sizeof(given), "%zu", o->batch);
		if (rank == 0)
			fprintf(stderr, "parity-bench: --batch=%s: %s times every iteration alone between barriers (as OSU); --batch is for latency, bw, bibw and barrier\n",
				given, k->name);
		return PARITY_EXIT_USAGE;
	}
	return 0;
}

/* parity-bench --check=N ARGS: parse and validate ARGS for N ranks without
 * starting MPI (parity run checks --kernel-args and the rank count so
 * before it launches anything). Returns the exit code a launch would have
 * for these reasons, or -1 when --check is not given. */
static int main_check_only(int argc, char **argv)
{
	struct bench_options o;
	char err[512];
	int i, ret;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strncmp(argv[i], "--check=", 8) == 0 || strcmp(argv[i], "--check") == 0)
			break;
	if (i >= argc || strcmp(argv[i], "--") == 0)
		return -1;
	ret = bench_options_parse(argc, argv, &o, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "parity-bench: %s\n", err);
		return PARITY_EXIT_USAGE;
	}
	if (o.action != BENCH_ACTION_RUN)
		return PARITY_EXIT_OK;
	return main_validate(bench_kernel_get(o.kernel->id), &o, o.check_ranks, 0);
}

int main(int argc, char **argv)
{
	struct bench_options o;
	struct bench_ctx c = { 0 };
	const struct bench_kernel *k;
	const struct osu_name *osu;
	char err[512], note[256];
	int ret;

	ret = main_check_only(argc, argv);
	if (ret >= 0)
		return ret;
	MPI_Init(&argc, &argv);
	MPI_Comm_dup(MPI_COMM_WORLD, &c.comm);
	/* Any MPI error aborts the whole job: no rank is left waiting. */
	MPI_Comm_set_errhandler(c.comm, MPI_ERRORS_ARE_FATAL);
	MPI_Comm_rank(c.comm, &c.rank);
	MPI_Comm_size(c.comm, &c.nranks);
	/* Called osu_bw, osu_latency, ...: OMB 7.4's grammar and preamble. */
	osu = osu_find(argv[0]);
	note[0] = '\0';
	ret = osu ? osu_parse(osu, argc, argv, &o, err, sizeof(err), note, sizeof(note))
		  : bench_options_parse(argc, argv, &o, err, sizeof(err));
	if (ret) {
		if (c.rank == 0)
			fprintf(stderr, osu ? "%s\n" : "parity-bench: %s\n", err);
		ret = PARITY_EXIT_USAGE;
		goto out;
	}
	if (o.action != BENCH_ACTION_RUN) {
		if (c.rank == 0 && o.action == BENCH_ACTION_HELP && osu)
			osu_usage(stdout, osu);
		else if (c.rank == 0 && o.action == BENCH_ACTION_HELP)
			bench_options_usage(stdout);
		else if (c.rank == 0 && o.action == BENCH_ACTION_VERSION && osu)
			printf("# %s v%s\n# parity-bench %s (OSU Micro-Benchmarks %s semantics; %s build)\n", osu->title,
			       OSU_VERSION, PACKAGE_VERSION, OSU_VERSION, PARITY_MPI_FAMILY);
		else if (c.rank == 0 && o.action == BENCH_ACTION_VERSION)
			printf("parity-bench %s (OSU Micro-Benchmarks %s semantics; %s build)\n", PACKAGE_VERSION, OSU_VERSION,
			       PARITY_MPI_FAMILY);
		else if (c.rank == 0)
			main_list();
		ret = PARITY_EXIT_OK;
		goto out;
	}
	if (note[0] && c.rank == 0)
		fprintf(stderr, "%s\n", note);
	k = bench_kernel_get(o.kernel->id);
	ret = main_validate(k, &o, c.nranks, c.rank);
	if (ret)
		goto out;
	c.window = o.window;
	ret = main_run(k, &o, &c, osu) ? PARITY_EXIT_FAILED : PARITY_EXIT_OK;
out:
	fflush(stdout);
	MPI_Comm_free(&c.comm);
	MPI_Finalize();
	return ret;
}
