/* hostmpi_bind: the staging half of hostmpi (see hostmpi.h). */
#include "hostmpi.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "abi.h"
#include "core/errors.h"
#include "elfinfo.h"
#include "image.h"
#include "ldpath.h"
#include "stage.h"

const char *hostmpi_default_stage_root(void)
{
	const char *env = getenv("PARITY_STAGE_DIR");

	return env && *env ? env : "/var/tmp/parity/stage";
}

void hostmpi_bind_free(struct hostmpi_bind *b)
{
	free(b->stage_dir);
	free(b->container_dir);
	free(b->libmpi_path);
	free(b->family);
	free(b->version);
	strvec_free(&b->binds);
	strvec_free(&b->env);
	memset(b, 0, sizeof(*b));
}

static int hostmpi_stage_files(const struct hostmpi_plan *plan, struct stage *st)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < plan->n_items && !ret; i++) {
		const struct hostmpi_item *it = &plan->items[i];

		if (!it->rel)
			continue;
		ret = stage_file(st, it->real_path, it->rel);
		if (ret)
			errors_log("cannot stage %s as %s/%s: %s", it->real_path, st->final_dir, it->rel,
				strerror(-ret));
	}
	for (i = 0; i < plan->links.n && !ret; i++) {
		char rel[PATH_MAX];
		const char *tab = strchr(plan->links.v[i], '\t');

		if (!tab || (size_t)(tab - plan->links.v[i]) >= sizeof(rel))
			return -EINVAL;
		memcpy(rel, plan->links.v[i], (size_t)(tab - plan->links.v[i]));
		rel[tab - plan->links.v[i]] = '\0';
		ret = stage_symlink(st, tab + 1, rel);
		if (ret)
			errors_log("cannot create link %s/%s: %s", st->final_dir, rel, strerror(-ret));
	}
	return ret;
}

int hostmpi_plan_stage(const struct hostmpi_plan *plan, const char *stage_root, struct hostmpi_bind *out)
{
	char dir[PATH_MAX];
	struct stage st;
	struct stat sb;
	int ret;

	memset(out, 0, sizeof(*out));
	if (snprintf(dir, sizeof(dir), "%s/%s", stage_root, plan->family) >= (int)sizeof(dir)) {
		errors_log("stage directory name too long: %s", stage_root);
		return -ENAMETOOLONG;
	}
	ret = stage_begin(&st, dir);
	if (ret) {
		errors_log("cannot create a stage directory next to %s: %s", dir, strerror(-ret));
		return ret;
	}
	ret = hostmpi_stage_files(plan, &st);
	if (ret) {
		stage_abort(&st);
		return ret;
	}
	ret = stage_commit(&st);
	if (ret) {
		errors_log("cannot move the stage into place at %s: %s", dir, strerror(-ret));
		stage_abort(&st);
		return ret;
	}
	out->stage_dir = strdup(dir);
	out->container_dir = strdup(HOSTMPI_CONTAINER_DIR);
	out->family = strdup(plan->family);
	out->version = strdup(plan->version ? plan->version : "");
	ret = !out->stage_dir || !out->container_dir || !out->family || !out->version ? -ENOMEM : 0;
	if (!ret)
		ret = asprintf(&out->libmpi_path, "%s/lib/%s", dir, plan->libmpi_soname) < 0 ? -ENOMEM : 0;
	if (!ret)
		ret = strvec_pushf(&out->binds, "%s:%s", dir, HOSTMPI_CONTAINER_DIR);
	if (!ret)
		ret = strvec_extend(&out->binds, &plan->extra_binds);
	if (!ret)
		ret = strvec_extend(&out->env, &plan->env);
	if (ret) {
		errors_log("out of memory describing the bind");
		hostmpi_bind_free(out);
		return ret;
	}
	/* A copy (another file system) has its own inode: record what is really there. */
	if (stat(out->libmpi_path, &sb) < 0) {
		ret = -errno;
		errors_log("staged MPI library %s: %s", out->libmpi_path, strerror(errno));
		hostmpi_bind_free(out);
		return ret;
	}
	out->libmpi_dev = (unsigned long long)sb.st_dev;
	out->libmpi_ino = (unsigned long long)sb.st_ino;
	return 0;
}

int hostmpi_prepare_bind(const char *family, const char *image_path, const char *program, const char *stage_root,
			 struct hostmpi_bind *out)
{
	struct hostmpi_plan plan;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = hostmpi_plan_build(family, image_path, program, &plan);
	if (ret)
		return ret;
	if (plan.verdict == ABI_REFUSE) {
		errors_log("%s: nothing launched", plan.verdict_msg);
		hostmpi_plan_free(&plan);
		return -EPROTO;
	}
	if (plan.verdict == ABI_WARN)
		errors_warn("%s", plan.verdict_msg);
	else if (image_path && !plan.image_family)
		errors_warn("image %s states no MPI expectation (no labels, no MPI program or library found): the %s ABI is not checked against it",
			image_path, family);
	ret = hostmpi_plan_stage(&plan, stage_root, out);
	hostmpi_plan_free(&plan);
	return ret;
}
