#include "compose.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "sizes.h"

int compose_launch(const struct compose_ctx *c, struct compose_cmd *out)
{
	struct strvec wrap = { 0 }, launch = { 0 }, env = { 0 };
	struct launcher_req lreq = c->lreq;
	struct runtime_req rreq = {
		.image = c->image,
		.launcher = c->launcher->name,
		.per_rank = c->mode != MODE_container_only,
		.ranks_per_node = c->lreq.ranks_per_node ? c->lreq.ranks_per_node
				  : (c->lreq.ranks + c->lreq.nodes - 1) / c->lreq.nodes,
		.binds = c->mode == MODE_bind ? c->binds : NULL,
		.env = c->mode == MODE_bind ? c->inner_env : NULL,
		.workdir = c->workdir,
	};
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (c->launch_env)
		ret = strvec_extend(&env, c->launch_env);
	if (!ret && !mode_is_native(c->mode)) {
		ret = c->runtime->wrap(&rreq, &wrap, &env);
		/* Only a host Hydra talking to ranks in containers needs it. */
		lreq.pmi_port = rreq.per_rank && c->runtime->hydra_pmi_port;
	}
	/* The launcher sees the complete environment it has to forward. */
	lreq.env = &env;
	if (!ret)
		ret = c->launcher->compose(&lreq, &launch, &env);
	if (!ret && c->mode == MODE_container_only)
		ret = strvec_extend(&out->argv, &wrap) || strvec_extend(&out->argv, &launch) ? -ENOMEM : 0;
	else if (!ret)
		ret = strvec_extend(&out->argv, &launch) || strvec_extend(&out->argv, &wrap) ? -ENOMEM : 0;
	if (!ret)
		ret = strvec_push(&out->argv, c->program) || strvec_extend(&out->argv, c->kernel_argv) ||
		      strvec_extend(&out->env, &env) ? -ENOMEM : 0;
	strvec_free(&wrap);
	strvec_free(&launch);
	strvec_free(&env);
	if (ret)
		compose_cmd_free(out);
	return ret;
}

void compose_cmd_free(struct compose_cmd *cmd)
{
	strvec_free(&cmd->argv);
	strvec_free(&cmd->env);
}

int compose_kernel_argv(const struct plan *p, const char *kernel, const char *csv_path,
		     const char *prov_path, struct strvec *out)
{
	char lo[32], hi[32];
	char *extra, *tok, *save = NULL;
	int ret;

	sizes_format(p->min_size_bytes, lo, sizeof(lo));
	sizes_format(p->max_size_bytes, hi, sizeof(hi));
	ret = strvec_push(out, kernel) || strvec_push(out, "-m") || strvec_pushf(out, "%s:%s", lo, hi) ? -ENOMEM : 0;
	/* 0 keeps the kernel's own counts (OSU's defaults per kernel family). */
	if (!ret && p->iterations)
		ret = strvec_push(out, "-i") || strvec_pushf(out, "%llu", (unsigned long long)p->iterations) ? -ENOMEM : 0;
	if (!ret && p->warmup)
		ret = strvec_push(out, "-x") || strvec_pushf(out, "%llu", (unsigned long long)p->warmup) ? -ENOMEM : 0;
	if (!ret && p->min_time_s > 0) {
		char mt[32];

		parse_format_duration(p->min_time_s, mt, sizeof(mt));
		ret = strvec_pushf(out, "--min-time=%s", mt) ? -ENOMEM : 0;
	}
	extra = strdup(p->kernel_args ? p->kernel_args : "");
	if (!extra)
		return -ENOMEM;
	for (tok = strtok_r(extra, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save))
		ret = strvec_push(out, tok);
	free(extra);
	return ret || strvec_pushf(out, "--csv=%s", csv_path) || strvec_pushf(out, "--provenance=%s", prov_path) ||
	       strvec_pushf(out, "--bind=%s", p->bind) ? -ENOMEM : 0;
}

int compose_host_bench(const struct plan *p, char **out)
{
	const char *env = getenv("PARITY_BENCH");
	char exe[PATH_MAX], *dir;
	char *cand[2] = { NULL, NULL };
	ssize_t n;
	size_t i;

	*out = NULL;
	if (p->bench && *p->bench)
		return (*out = strdup(p->bench)) ? 0 : -ENOMEM;
	if (env && *env)
		return (*out = strdup(env)) ? 0 : -ENOMEM;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -errno;
	exe[n] = '\0';
	dir = dirname(exe);
	if (asprintf(&cand[0], "%s/../bench/parity-bench", dir) < 0 ||
	    asprintf(&cand[1], "%s/parity-bench", dir) < 0) {
		free(cand[0]);
		return -ENOMEM;
	}
	for (i = 0; i < 2; i++) {
		if (!*out && access(cand[i], X_OK) == 0)
			*out = realpath(cand[i], NULL);
		free(cand[i]);
	}
	return *out ? 0 : -ENOENT;
}

char *compose_image_bench(const struct plan *p)
{
	char *s = NULL;

	if (p->image_bench && *p->image_bench)
		return strdup(p->image_bench);
	return asprintf(&s, "/opt/parity/%s/bin/parity-bench", p->mpi) < 0 ? NULL : s;
}

/* Single-quote a word unless it holds only characters a shell leaves alone. */
static void compose_quote(const char *s, FILE *fp)
{
	const char *c;

	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+=/:.,@%") == strlen(s)) {
		fputs(s, fp);
		return;
	}
	fputc('\'', fp);
	for (c = s; *c; c++) {
		if (*c == '\'')
			fputs("'\\''", fp);
		else
			fputc(*c, fp);
	}
	fputc('\'', fp);
}

void compose_cmd_print(const struct compose_cmd *cmd, FILE *fp)
{
	size_t i;

	for (i = 0; i < cmd->env.n; i++) {
		const char *eq = strchr(cmd->env.v[i], '=');

		if (!eq)
			continue;
		fprintf(fp, "%.*s=", (int)(eq - cmd->env.v[i]), cmd->env.v[i]);
		compose_quote(eq + 1, fp);
		fputc(' ', fp);
	}
	for (i = 0; i < cmd->argv.n; i++) {
		if (i)
			fputc(' ', fp);
		compose_quote(cmd->argv.v[i], fp);
	}
	fputc('\n', fp);
}
