/* hostmpi: the host side of the bind model (see hostmpi.h): find the MPI
 * library, follow DT_NEEDED like ld.so, add the plug-in directories the
 * libraries load at run time, and build the plan. */
#include "hostmpi.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "core/errors.h"
#include "core/fmt.h"
#include "elfinfo.h"
#include "hostmpi_int.h"
#include "image.h"
#include "ldpath.h"
#include "vercmp.h"

const char *const hostmpi_families[] = { "mpich", "openmpi", NULL };

const struct hostmpi_family_desc hostmpi_family_table[] = {
	{ .name = "mpich",
	  .sonames = { "libmpich.so.12", "libmpi.so.12", NULL },
	  /* Upstream MPICH / Intel MPI programs need libmpi.so.12; Debian names it libmpich
	   * (and a Debian-built program on an upstream host needs the reverse). */
	  .compat_names = { "libmpi.so.12", "libmpich.so.12", NULL },
	  .host_only = { "libmpich", "libmpl.so.", "libopa.so.", NULL },
	  .version_soname = "libmpich.so.12", .version_symbol = "MPII_Version_string" },
	{ .name = "openmpi",
	  .sonames = { "libmpi.so.40", NULL },
	  .host_only = { "libopen-rte.so.", "libopen-pal.so.", "libmca_common_", "liboshmem.so.", "libmpi_", NULL },
	  .version_soname = "libopen-pal.so.40", .version_symbol = "opal_version_string" },
};
const size_t hostmpi_family_count = sizeof(hostmpi_family_table) / sizeof(hostmpi_family_table[0]);

/* Directories of files loaded at run time next to a library (hwloc's
 * optional plug-ins are left out: they drag in X11, OpenCL and ICU, and
 * hwloc works without them): when `trigger`
 * is staged from the host, its plug-in directory comes too. Subdirectory
 * candidates are globs relative to the library's directory (as found and
 * as resolved); the first one holding `marker` wins. */
struct hostmpi_plugin_rule {
	const char *trigger;          /* soname prefix */
	const char *subdirs[4];
	const char *marker;           /* glob proving it is the right directory */
	const char *rel;              /* where it goes in the stage */
	const char *env;              /* variable pointing the library at it, or NULL */
	const char *detail;
	int data;                     /* data files, not ELF plug-ins */
};

static const struct hostmpi_plugin_rule hostmpi_plugin_rules[] = {
	/* UCX finds its modules in <dir of libucs>/ucx: staging next to libucs is enough. */
	{ "libucs.so.", { "ucx", NULL }, "libuct_*.so*", "lib/ucx", NULL, "UCX transport plug-in", 0 },
	{ "libmpi.so.40", { "openmpi/lib/openmpi*", "openmpi", NULL }, "mca_*.so", "openmpi",
	  "OMPI_MCA_mca_base_component_path", "Open MPI MCA component", 0 },
	{ "libmpi.so.40", { "../share/openmpi", "../../share/openmpi", NULL }, "help-*.txt", "share/openmpi",
	  "OPAL_PKGDATADIR", "Open MPI help and data file", 1 },
	{ "libpmix.so.", { "pmix", NULL }, "*.so", "lib/pmix", "PMIX_MCA_mca_base_component_path",
	  "PMIx plug-in", 0 },
	/* Flat in lib/: libibverbs falls back to dlopen("lib<name>-rdmav<N>.so") on the search path. */
	{ "libibverbs.so.", { "libibverbs", NULL }, "*-rdmav*.so", "lib", NULL, "verbs provider", 0 },
	{ "libfabric.so.", { "libfabric", NULL }, "*.so", "lib/libfabric", "FI_PROVIDER_PATH",
	  "libfabric provider", 0 },
};

/* The C runtime (glibc): never bound; the glibc check covers it. */
const char *const hostmpi_core_prefixes[] = {
	"libc.so.", "libm.so.", "libpthread.so.", "libdl.so.", "librt.so.", "ld-linux", "ld64.so.",
	"libutil.so.", "libresolv.so.", "libanl.so.", "libmvec.so.", "libnsl.so.", "libBrokenLocale.so.",
	"libthread_db.so.", NULL,
};

/* Interconnect user-space libraries (reported as such). */
static const char *const hostmpi_interconnect_prefixes[] = {
	"libibverbs.so.", "librdmacm.so.", "libfabric.so.", "libpsm2.so.", "libpsm_infinipath.so.",
	"libnl-3.so.", "libnl-route-3.so.", "libmlx", "libefa.so.", "libucm.so.", "libucp.so.", "libucs.so.",
	"libuct.so.", "libibumad.so.", NULL,
};

/* Configuration directories of the interconnect, bound at the same place. */
static const struct { const char *trigger, *dir; } hostmpi_config_dirs[] = {
	{ "libibverbs.so.", "/etc/libibverbs.d" },
};

/* Open MPI's system parameter file: without it defaults differ from native. */
static const char *const hostmpi_ompi_sysconf_candidates[] = {
	"../etc",                 /* upstream: PREFIX/lib -> PREFIX/etc */
	"../../../etc/openmpi",   /* Debian: /usr/lib/TRIPLET -> /etc/openmpi */
	NULL,
};


const char *hostmpi_why_name(enum hostmpi_why why)
{
	switch (why) {
	case HOSTMPI_WHY_MPI: return "mpi";
	case HOSTMPI_WHY_PROGRAM: return "program";
	case HOSTMPI_WHY_NEEDED: return "needed";
	case HOSTMPI_WHY_PLUGIN: return "plug-in";
	default: return "data";
	}
}

int hostmpi_has_prefix(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (strncmp(s, *prefixes, strlen(*prefixes)) == 0)
			return 1;
	return 0;
}

static const struct hostmpi_family_desc *hostmpi_family_find(const char *name)
{
	size_t i;

	for (i = 0; i < hostmpi_family_count; i++)
		if (strcmp(hostmpi_family_table[i].name, name) == 0)
			return &hostmpi_family_table[i];
	return NULL;
}

struct hostmpi_item *hostmpi_item_by_name(const struct hostmpi_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->n_items; i++)
		if (strcmp(plan->items[i].name, name) == 0)
			return &plan->items[i];
	return NULL;
}

static struct hostmpi_item *hostmpi_item_by_rel(const struct hostmpi_plan *plan, const char *rel)
{
	size_t i;

	for (i = 0; i < plan->n_items; i++)
		if (plan->items[i].rel && strcmp(plan->items[i].rel, rel) == 0)
			return &plan->items[i];
	return NULL;
}

static char *hostmpi_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int hostmpi_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return s && !*dst ? -ENOMEM : 0;
}

/* Append an item; strings are copied. */
static int hostmpi_item_add(struct hostmpi_plan *plan, const char *name, const char *host_path,
			    const char *real_path, const char *rel, enum hostmpi_why why, const char *detail,
			    const char *image_path)
{
	struct hostmpi_item *it;

	if (plan->n_items == plan->cap_items) {
		size_t cap = plan->cap_items ? plan->cap_items * 2 : 64;
		struct hostmpi_item *v = realloc(plan->items, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		plan->items = v;
		plan->cap_items = cap;
	}
	it = &plan->items[plan->n_items];
	memset(it, 0, sizeof(*it));
	it->name = hostmpi_dup(name);
	it->host_path = hostmpi_dup(host_path);
	it->real_path = hostmpi_dup(real_path);
	it->rel = hostmpi_dup(rel);
	it->detail = hostmpi_dup(detail);
	it->image_path = hostmpi_dup(image_path);
	it->why = why;
	it->interconnect = hostmpi_has_prefix(name, hostmpi_interconnect_prefixes);
	plan->n_items++;
	if (!it->name || (host_path && !it->host_path) || (real_path && !it->real_path) || (rel && !it->rel) ||
	    (detail && !it->detail) || (image_path && !it->image_path))
		return -ENOMEM;
	return 0;
}

/* Bring soname in for requester: the image's copy, or the host's. -ENOENT
 * (nothing added) when neither has it. */
int hostmpi_add_soname(struct hostmpi_ctx *c, const char *soname, const struct elfinfo *requester,
			      const char *origin, enum hostmpi_why why, const char *detail)
{
	char found[PATH_MAX], real[PATH_MAX], rel[PATH_MAX];
	unsigned machine = requester ? requester->machine : c->machine;
	size_t i;

	if (hostmpi_has_prefix(soname, hostmpi_core_prefixes))
		return strvec_find(&c->plan->core_skipped, soname) >= 0 ? 0 : strvec_push(&c->plan->core_skipped, soname);
	if (hostmpi_item_by_name(c->plan, soname))
		return 0;
	/* The MPI's own libraries never mix with an image's copies of them. */
	if (c->have_image_root && why != HOSTMPI_WHY_MPI && !hostmpi_has_prefix(soname, c->fd->host_only) &&
	    ldpath_find(&c->image, soname, NULL, NULL, machine, found, sizeof(found)) == 0)
		return hostmpi_item_add(c->plan, soname, NULL, NULL, NULL, why, detail, found);
	if (ldpath_find(&c->host, soname, requester, origin, machine, found, sizeof(found)))
		return -ENOENT;
	if (ldpath_resolve("", found, real, sizeof(real)))
		return -ENOENT;
	/* Already staged under another name (libuct_ib.so.0 via RUNPATH $ORIGIN
	 * into ucx/): the same layout finds it inside the container. */
	for (i = 0; i < c->plan->n_items; i++)
		if (c->plan->items[i].rel && c->plan->items[i].real_path && strcmp(c->plan->items[i].real_path, real) == 0)
			return 0;
	if (fmt_buf(rel, sizeof(rel), "lib/%s", soname))
		return -ENAMETOOLONG;
	return hostmpi_item_add(c->plan, soname, found, real, rel, why, detail, NULL);
}

static void hostmpi_dirname(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	snprintf(out, len, "%.*s", (int)(slash && slash != path ? slash - path : 1), slash ? path : "/");
}

/* Stage every shared object (or, for data, every file) of dir under rel. */
static int hostmpi_add_dir(struct hostmpi_ctx *c, const char *dir, const struct hostmpi_plugin_rule *r)
{
	struct dirent **names;
	int n, i, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[PATH_MAX], real[PATH_MAX], rel[PATH_MAX];
		struct stat sb;

		if (ret || name[0] == '.' || (!r->data && !strstr(name, ".so")))
			goto next;
		if (fmt_buf(path, sizeof(path), "%s/%s", dir, name) ||
		    fmt_buf(rel, sizeof(rel), "%s/%s", r->rel, name) || lstat(path, &sb) < 0 || hostmpi_item_by_rel(c->plan, rel))
			goto next;
		if (S_ISLNK(sb.st_mode)) {
			char target[PATH_MAX];
			ssize_t len = readlink(path, target, sizeof(target) - 1);

			/* Keep links within the directory as links (libuct_cma.so.0 -> libuct_cma.so.0.0.0). */
			if (len > 0) {
				target[len] = '\0';
				if (!strchr(target, '/')) {
					ret = strvec_pushf(&c->plan->links, "%s\t%s", rel, target);
					goto next;
				}
			}
		}
		if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) || ldpath_resolve("", path, real, sizeof(real)))
			goto next;
		ret = hostmpi_item_add(c->plan, name, path, real, rel, r->data ? HOSTMPI_WHY_DATA : HOSTMPI_WHY_PLUGIN,
				       r->detail, NULL);
next:
		free(names[i]);
	}
	free(names);
	return ret;
}

/* Find the plug-in directory of rule r for the staged library it, and add it. */
static int hostmpi_apply_rule(struct hostmpi_ctx *c, const struct hostmpi_item *it, const struct hostmpi_plugin_rule *r)
{
	const char *bases[2] = { it->host_path, it->real_path };
	size_t b, s;

	for (b = 0; b < 2; b++) {
		char base[PATH_MAX];

		hostmpi_dirname(bases[b], base, sizeof(base));
		for (s = 0; r->subdirs[s]; s++) {
			char pat[PATH_MAX];
			glob_t g;
			size_t k;

			if (fmt_buf(pat, sizeof(pat), "%s/%s", base, r->subdirs[s]) ||
			    glob(pat, GLOB_ONLYDIR, NULL, &g) != 0)
				continue;
			for (k = 0; k < g.gl_pathc; k++) {
				char mark[PATH_MAX], real[PATH_MAX];
				glob_t m;
				int hit, ret;

				hit = fmt_buf(mark, sizeof(mark), "%s/%s", g.gl_pathv[k], r->marker) == 0 &&
				      glob(mark, 0, NULL, &m) == 0;
				if (hit)
					globfree(&m);
				if (!hit || ldpath_resolve("", g.gl_pathv[k], real, sizeof(real)))
					continue;
				ret = hostmpi_add_dir(c, real, r);
				if (!ret && r->env)
					ret = strvec_pushf(&c->plan->env, "%s=%s/%s", r->env, HOSTMPI_CONTAINER_DIR, r->rel);
				globfree(&g);
				return ret;
			}
			globfree(&g);
		}
	}
	return 0;
}

/* Open MPI's parameter file from the host's sysconfdir. */
static int hostmpi_add_ompi_sysconf(struct hostmpi_ctx *c, const struct hostmpi_item *it)
{
	char base[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
	size_t s;

	hostmpi_dirname(it->real_path, base, sizeof(base));
	for (s = 0; hostmpi_ompi_sysconf_candidates[s]; s++) {
		if (fmt_buf(path, sizeof(path), "%s/%s/openmpi-mca-params.conf", base,
				 hostmpi_ompi_sysconf_candidates[s]) == 0 &&
		    ldpath_resolve("", path, real, sizeof(real)) == 0) {
			int ret = hostmpi_item_add(c->plan, "openmpi-mca-params.conf", path, real,
						   "etc/openmpi/openmpi-mca-params.conf", HOSTMPI_WHY_DATA,
						   "Open MPI system parameters (the host's defaults)", NULL);

			return ret ? ret : strvec_pushf(&c->plan->env, "OPAL_SYSCONFDIR=%s/etc/openmpi", HOSTMPI_CONTAINER_DIR);
		}
	}
	return 0;
}

/* The driver names listed by the *.driver files of dir, comma-separated. */
static int hostmpi_driver_names(const char *dir, char *out, size_t len)
{
	char pat[PATH_MAX];
	glob_t g;
	size_t i, used = 0;

	out[0] = '\0';
	if (fmt_buf(pat, sizeof(pat), "%s/*.driver", dir) || glob(pat, 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc; i++) {
		char line[256], name[128];
		FILE *fp = fopen(g.gl_pathv[i], "re");

		while (fp && fgets(line, sizeof(line), fp))
			if (sscanf(line, " driver %127s", name) == 1 && used + strlen(name) + 2 < len)
				used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "," : "", name);
		if (fp)
			fclose(fp);
	}
	globfree(&g);
	return 0;
}

/* The host's configuration directory dir (e.g. /etc/libibverbs.d): bound
 * at the same place when the image has that directory (Charliecloud binds
 * only onto existing ones); else, for verbs, named through IBV_DRIVERS. */
static int hostmpi_config_dir(struct hostmpi_ctx *c, const char *dir)
{
	char bind[PATH_MAX * 2], inimg[PATH_MAX], drivers[1024];
	struct stat sb;

	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return 0;
	if (fmt_buf(bind, sizeof(bind), "%s:%s", dir, dir) || strvec_find(&c->plan->extra_binds, bind) >= 0)
		return 0;
	if (!c->have_image_root ||
	    (ldpath_host_path(c->image.root, dir, inimg, sizeof(inimg)) == 0 && stat(inimg, &sb) == 0 && S_ISDIR(sb.st_mode)))
		return strvec_push(&c->plan->extra_binds, bind);
	hostmpi_driver_names(dir, drivers, sizeof(drivers));
	if (!drivers[0] || strcmp(dir, "/etc/libibverbs.d") != 0)
		return strvec_pushf(&c->plan->notes, "the image has no %s: the host's is not bound", dir);
	return strvec_pushf(&c->plan->env, "IBV_DRIVERS=%s", drivers);
}

/* Resolve the NEEDED of every item not yet done, applying the plug-in rules
 * to staged libraries; repeat until nothing new appears. */
static int hostmpi_closure(struct hostmpi_ctx *c)
{
	while (c->next < c->plan->n_items) {
		size_t idx = c->next++;
		struct hostmpi_item it;
		struct elfinfo ei;
		char origin[PATH_MAX];
		size_t k;
		int ret;

		/* Copy: adding items may move the array. */
		it = c->plan->items[idx];
		if (!it.real_path || it.why == HOSTMPI_WHY_DATA)
			continue;
		ret = elfinfo_read(it.real_path, &ei);
		if (ret == -ENOEXEC)
			continue;
		if (ret) {
			errors_log("cannot read ELF file %s: %s", it.real_path, strerror(-ret));
			return ret;
		}
		hostmpi_dirname(it.host_path, origin, sizeof(origin));
		for (k = 0; k < ei.needed.n; k++) {
			char detail[PATH_MAX];

			fmt_buf(detail, sizeof(detail), "needed by %s", it.name);
			ret = hostmpi_add_soname(c, ei.needed.v[k], &ei, origin, HOSTMPI_WHY_NEEDED, detail);
			if (ret == -ENOENT && it.why == HOSTMPI_WHY_PLUGIN) {
				/* It could not load on the host either: say so, go on. */
				ret = strvec_pushf(&c->plan->notes, "plug-in %s needs %s, which the host lacks: it cannot load there either",
						   it.rel, ei.needed.v[k]);
			} else if (ret == -ENOENT) {
				errors_log("host library %s needs %s, which ld.so cannot find on the host",
					it.host_path, ei.needed.v[k]);
				elfinfo_free(&ei);
				return -ENOENT;
			}
			if (ret) {
				elfinfo_free(&ei);
				return ret;
			}
		}
		elfinfo_free(&ei);
		for (k = 0; k < sizeof(hostmpi_plugin_rules) / sizeof(hostmpi_plugin_rules[0]); k++) {
			const struct hostmpi_plugin_rule *r = &hostmpi_plugin_rules[k];

			if (it.why == HOSTMPI_WHY_PLUGIN || strncmp(it.name, r->trigger, strlen(r->trigger)) != 0)
				continue;
			ret = hostmpi_apply_rule(c, &it, r);
			if (ret)
				return ret;
		}
		for (k = 0; k < sizeof(hostmpi_config_dirs) / sizeof(hostmpi_config_dirs[0]); k++) {
			if (strncmp(it.name, hostmpi_config_dirs[k].trigger, strlen(hostmpi_config_dirs[k].trigger)) == 0 &&
			    (ret = hostmpi_config_dir(c, hostmpi_config_dirs[k].dir)))
				return ret;
		}
		if (strcmp(it.name, "libmpi.so.40") == 0 && (ret = hostmpi_add_ompi_sysconf(c, &it)))
			return ret;
	}
	return 0;
}

/* ---------------------------------------------------------------- plan */

static int hostmpi_find_mpi(struct hostmpi_ctx *c, const struct hostmpi_family_desc *fd)
{
	struct hostmpi_plan *p = c->plan;
	const char *const *s;
	struct stat sb;
	int ret;

	for (s = fd->sonames; *s; s++) {
		ret = hostmpi_add_soname(c, *s, NULL, NULL, HOSTMPI_WHY_MPI, "the MPI library");
		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		p->libmpi_soname = strdup(*s);
		p->libmpi_host = strdup(p->items[p->n_items - 1].host_path);
		p->libmpi_real = strdup(p->items[p->n_items - 1].real_path);
		if (!p->libmpi_soname || !p->libmpi_host || !p->libmpi_real)
			return -ENOMEM;
		if (stat(p->libmpi_real, &sb) < 0)
			return -errno;
		p->libmpi_dev = (unsigned long long)sb.st_dev;
		p->libmpi_ino = (unsigned long long)sb.st_ino;
		abi_family_of_soname(*s, &p->soname_major);
		return 0;
	}
	errors_log("no host MPI of family %s: %s not found in ld.so's search path", fd->name,
		fd->sonames[0]);
	return -ENOENT;
}

static int hostmpi_glibc_needs(struct hostmpi_plan *p)
{
	size_t i;

	for (i = 0; i < p->n_items; i++) {
		struct elfinfo ei;
		const char *v;
		int ret;

		if (!p->items[i].rel || p->items[i].why == HOSTMPI_WHY_DATA || elfinfo_read(p->items[i].real_path, &ei))
			continue;
		v = elfinfo_max_needed(&ei, "GLIBC_");
		ret = 0;
		if (v && (!p->glibc_needed || vercmp_compare(v, p->glibc_needed) > 0)) {
			ret = hostmpi_set(&p->glibc_needed, v);
			if (!ret)
				ret = hostmpi_set(&p->glibc_needed_by, p->items[i].host_path);
		}
		elfinfo_free(&ei);
		if (ret)
			return ret;
	}
	return 0;
}

static int hostmpi_version(struct hostmpi_plan *p, const struct hostmpi_family_desc *fd)
{
	const struct hostmpi_item *it = hostmpi_item_by_name(p, fd->version_soname);
	const char *path = it ? (it->real_path ? it->real_path : NULL) : NULL;
	char buf[64];

	if (path && elfinfo_symbol_string(path, fd->version_symbol, buf, sizeof(buf)) == 0)
		return hostmpi_set(&p->version, buf);
	return strvec_pushf(&p->notes, "host %s version unknown: no %s in %s", fd->name, fd->version_symbol,
			    fd->version_soname);
}

int hostmpi_plan_build(const char *family, const char *image_path, const char *program, struct hostmpi_plan *plan)
{
	const struct hostmpi_family_desc *fd = hostmpi_family_find(family);
	struct strvec labels = { 0 };
	struct hostmpi_ctx c;
	enum image_kind kind = IMAGE_UNKNOWN;
	size_t i;
	int ret;

	memset(plan, 0, sizeof(*plan));
	memset(&c, 0, sizeof(c));
	plan->image_major = -1;
	plan->soname_major = -1;
	c.plan = plan;
	c.fd = fd;
	c.program = program;
	if (!fd) {
		errors_log("unknown MPI family '%s' (expected mpich or openmpi)", family);
		return -EINVAL;
	}
	if (image_path) {
		ret = image_kind(image_path, &kind);
		if (ret) {
			errors_log("image %s: %s", image_path, strerror(-ret));
			return ret;
		}
		ret = image_labels_read(image_path, &labels);
		if (ret == -ENOTSUP)
			ret = strvec_pushf(&plan->notes, "labels of %s image %s cannot be read here", image_kind_name(kind),
					   image_path);
		if (ret) {
			errors_log("image %s: malformed labels: %s", image_path, strerror(-ret));
			strvec_free(&labels);
			return ret;
		}
	}
	ret = hostmpi_set(&plan->family, family);
	if (!ret)
		ret = elfinfo_machine("/proc/self/exe", &c.machine);
	if (!ret)
		ret = ldpath_init(&c.host, NULL, getenv("LD_LIBRARY_PATH"));
	if (!ret && kind == IMAGE_DIR) {
		ret = ldpath_init(&c.image, image_path, NULL);
		c.have_image_root = !ret;
	} else if (!ret && image_path) {
		ret = strvec_pushf(&plan->notes, "%s image: its files cannot be inspected here (no glibc check, nothing counted as provided by the image)",
				   image_kind_name(kind));
	}
	if (ret) {
		errors_log("%s", strerror(-ret));
		goto out;
	}
	ret = strvec_pushf(&plan->env, "LD_LIBRARY_PATH=%s/lib", HOSTMPI_CONTAINER_DIR);
	if (!ret)
		ret = hostmpi_find_mpi(&c, fd);
	if (!ret && c.have_image_root)
		ret = hostmpi_program_needs(&c, family);
	if (!ret)
		ret = hostmpi_closure(&c);
	if (ret)
		goto out; /* closure and discovery printed their line */
	for (i = 0; !ret && fd->compat_names[i]; i++)
		if (strcmp(fd->compat_names[i], plan->libmpi_soname) != 0 && !hostmpi_item_by_name(plan, fd->compat_names[i]))
			ret = strvec_pushf(&plan->links, "lib/%s\t%s", fd->compat_names[i], plan->libmpi_soname);
	if (!ret)
		ret = hostmpi_version(plan, fd);
	if (!ret)
		ret = hostmpi_glibc_needs(plan);
	if (!ret && image_path)
		ret = hostmpi_image_expect(&c, family, image_path, &labels);
	if (!ret && c.have_image_root)
		ret = hostmpi_image_glibc(&c);
	if (!ret && image_path) {
		struct abi_host h = { plan->family, plan->soname_major, plan->libmpi_host, plan->version,
				      plan->glibc_needed, plan->glibc_needed_by };
		struct abi_image im = { image_path, plan->image_family, plan->image_major, plan->image_version,
					plan->image_glibc, plan->image_source };

		plan->verdict = (int)abi_check(&h, &im, plan->verdict_msg, sizeof(plan->verdict_msg));
	}
	/* What the application loads outranks what the image says of itself. */
	if (!ret && (c.have_image_root || kind == IMAGE_SQUASHFS) && plan->verdict != ABI_REFUSE)
		ret = hostmpi_app_check(&c, image_path, kind == IMAGE_SQUASHFS);
	if (!ret && c.have_image_root && plan->verdict != ABI_REFUSE)
		ret = hostmpi_check_versions(&c, image_path);
	if (ret)
		errors_log("planning the %s bind: %s", family, strerror(-ret));
out:
	strvec_free(&labels);
	ldpath_free(&c.host);
	ldpath_free(&c.image);
	return ret;
}

void hostmpi_plan_free(struct hostmpi_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_items; i++) {
		struct hostmpi_item *it = &plan->items[i];

		free(it->name);
		free(it->host_path);
		free(it->real_path);
		free(it->rel);
		free(it->detail);
		free(it->image_path);
	}
	free(plan->items);
	free(plan->family);
	free(plan->version);
	free(plan->libmpi_soname);
	free(plan->libmpi_host);
	free(plan->libmpi_real);
	free(plan->glibc_needed);
	free(plan->glibc_needed_by);
	free(plan->image_glibc);
	free(plan->image_family);
	free(plan->image_version);
	free(plan->image_source);
	free(plan->app_path);
	free(plan->app_soname);
	strvec_free(&plan->core_skipped);
	strvec_free(&plan->links);
	strvec_free(&plan->env);
	strvec_free(&plan->extra_binds);
	strvec_free(&plan->notes);
	memset(plan, 0, sizeof(*plan));
}
