/* hostmpi_bind: the staging half of hostmpi (see hostmpi.h), and what an
 * image says about its own MPI. */
#include "hostmpi.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "abi.h"
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
			fprintf(stderr, "parity: cannot stage %s as %s/%s: %s\n", it->real_path, st->final_dir, it->rel,
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
			fprintf(stderr, "parity: cannot create link %s/%s: %s\n", st->final_dir, rel, strerror(-ret));
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
		fprintf(stderr, "parity: stage directory name too long: %s\n", stage_root);
		return -ENAMETOOLONG;
	}
	ret = stage_begin(&st, dir);
	if (ret) {
		fprintf(stderr, "parity: cannot create a stage directory next to %s: %s\n", dir, strerror(-ret));
		return ret;
	}
	ret = hostmpi_stage_files(plan, &st);
	if (ret) {
		stage_abort(&st);
		return ret;
	}
	ret = stage_commit(&st);
	if (ret) {
		fprintf(stderr, "parity: cannot move the stage into place at %s: %s\n", dir, strerror(-ret));
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
		fprintf(stderr, "parity: out of memory describing the bind\n");
		hostmpi_bind_free(out);
		return ret;
	}
	/* A copy (another file system) has its own inode: record what is really there. */
	if (stat(out->libmpi_path, &sb) < 0) {
		ret = -errno;
		fprintf(stderr, "parity: staged MPI library %s: %s\n", out->libmpi_path, strerror(errno));
		hostmpi_bind_free(out);
		return ret;
	}
	out->libmpi_dev = (unsigned long long)sb.st_dev;
	out->libmpi_ino = (unsigned long long)sb.st_ino;
	return 0;
}

int hostmpi_prepare_bind(const char *family, const char *image_path, const char *stage_root,
			 struct hostmpi_bind *out)
{
	struct hostmpi_plan plan;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = hostmpi_plan_build(family, image_path, &plan);
	if (ret)
		return ret;
	if (plan.verdict == ABI_REFUSE) {
		fprintf(stderr, "parity: %s: nothing launched\n", plan.verdict_msg);
		hostmpi_plan_free(&plan);
		return -EPROTO;
	}
	if (plan.verdict == ABI_WARN)
		fprintf(stderr, "parity: warning: %s\n", plan.verdict_msg);
	ret = hostmpi_plan_stage(&plan, stage_root, out);
	hostmpi_plan_free(&plan);
	return ret;
}

/* ---------------------------------------------------------------- image MPI */

static int hostmpi_append(char *out, size_t len, const char *item)
{
	size_t used = strlen(out);
	int n = snprintf(out + used, len - used, "%s%s", used ? "," : "", item);

	return n < 0 || (size_t)n >= len - used ? -ENOSPC : 0;
}

/* From the image's files: the MPI libraries on its library path (with the
 * version they carry). */
static int hostmpi_image_mpi_files(const char *root, char *family, size_t flen, char *version, size_t vlen)
{
	static const struct { const char *soname, *family, *vsoname, *vsym; } libs[] = {
		{ "libmpich.so.12", "mpich", "libmpich.so.12", "MPII_Version_string" },
		{ "libmpi.so.12", "mpich", "libmpi.so.12", "MPII_Version_string" },
		{ "libmpi.so.40", "openmpi", "libopen-pal.so.40", "opal_version_string" },
	};
	struct ldpath lp;
	unsigned machine;
	size_t i;
	int ret;

	/* Only libraries count: a bind image holds the family programs without their MPI. */
	family[0] = version[0] = '\0';
	ret = elfinfo_machine("/proc/self/exe", &machine);
	if (!ret)
		ret = ldpath_init(&lp, root, NULL);
	if (ret)
		return ret;
	for (i = 0; i < sizeof(libs) / sizeof(libs[0]) && !ret; i++) {
		char found[PATH_MAX], res[PATH_MAX], host[PATH_MAX], v[64], item[96];

		if (strstr(family, libs[i].family) ||
		    ldpath_find(&lp, libs[i].soname, NULL, NULL, machine, found, sizeof(found)))
			continue;
		ret = hostmpi_append(family, flen, libs[i].family);
		if (!ret && ldpath_find(&lp, libs[i].vsoname, NULL, NULL, machine, found, sizeof(found)) == 0 &&
		    ldpath_resolve(root, found, res, sizeof(res)) == 0 && ldpath_host_path(root, res, host, sizeof(host)) == 0 &&
		    elfinfo_symbol_string(host, libs[i].vsym, v, sizeof(v)) == 0) {
			snprintf(item, sizeof(item), "%s=%s", libs[i].family, v);
			ret = hostmpi_append(version, vlen, item);
		}
	}
	ldpath_free(&lp);
	if (ret)
		return ret;
	if (!family[0])
		return -ENOENT;
	/* One family: a plain version, as the label would say. */
	if (!strchr(family, ',') && strchr(version, '='))
		memmove(version, strchr(version, '=') + 1, strlen(strchr(version, '=') + 1) + 1);
	return 0;
}

int hostmpi_image_mpi(const char *image_path, char *family, size_t flen, char *version, size_t vlen)
{
	struct strvec labels = { 0 };
	enum image_kind kind;
	const char *impl, *ver;
	int ret = image_kind(image_path, &kind);

	if (!flen || !vlen)
		return -EINVAL;
	family[0] = version[0] = '\0';
	if (ret)
		return ret;
	ret = image_labels_read(image_path, &labels);
	if (ret && ret != -ENOTSUP) {
		strvec_free(&labels);
		return ret;
	}
	impl = image_label(&labels, "org.supercontainers.mpi.implementation");
	ver = image_label(&labels, "org.supercontainers.mpi.version");
	if (impl && *impl) {
		ret = 0;
		if (strcmp(impl, "none") == 0)
			ret = -ENOENT;
		else if (snprintf(family, flen, "%s", impl) >= (int)flen ||
			 snprintf(version, vlen, "%s", ver && strcmp(ver, "none") != 0 ? ver : "") >= (int)vlen)
			ret = -ENOSPC;
		strvec_free(&labels);
		return ret;
	}
	strvec_free(&labels);
	if (kind != IMAGE_DIR)
		return -ENOENT;
	return hostmpi_image_mpi_files(image_path, family, flen, version, vlen);
}
