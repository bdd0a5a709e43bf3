#include "compose.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int compose_check(enum mode_id mode, const struct launcher_desc *launcher, const struct runtime_desc *runtime,
		  char *why, size_t len)
{
	char ok[128];

	if (mode_is_native(mode))
		return 0;
	if (mode == MODE_container_only && runtime->place != RUNTIME_BEFORE_PROGRAM) {
		snprintf(why, len, "runtime %s has no container-only mode: it puts the ranks in containers through "
			 "the launcher's own options and never starts a launcher inside one", runtime->name);
		return -EINVAL;
	}
	if ((launcher->caps & runtime->needs_launcher_caps) != runtime->needs_launcher_caps) {
		launcher_names_with(runtime->needs_launcher_caps, ok, sizeof(ok));
		snprintf(why, len, "runtime %s puts its options into the launcher's: it runs under %s, not %s",
			 runtime->name, ok[0] ? ok : "no launcher parity knows", launcher->name);
		return -EINVAL;
	}
	return 0;
}

int compose_launch(const struct compose_ctx *c, struct compose_cmd *out)
{
	struct strvec wrap = { 0 }, launch = { 0 }, env = { 0 };
	struct launcher_req lreq = c->lreq;
	struct runtime_req rreq = {
		.image = c->image,
		.launcher_caps = c->launcher->caps,
		.per_rank = c->mode != MODE_container_only,
		.ranks_per_node = c->lreq.ranks_per_node ? c->lreq.ranks_per_node
				  : (c->lreq.ranks + c->lreq.nodes - 1) / c->lreq.nodes,
		.binds = c->mode == MODE_bind ? c->binds : NULL,
		.env = c->mode == MODE_bind ? c->inner_env : NULL,
		.workdir = c->workdir,
		.host_opts = c->host_opts,
	};
	char why[256];
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!mode_is_native(c->mode) && compose_check(c->mode, c->launcher, c->runtime, why, sizeof(why)))
		return -EINVAL;
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
	/* A wrapper of its own runs the launcher in container-only mode; in
	 * every other case it follows the launcher's options, which is also
	 * where a launcher plug-in's options go. */
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
