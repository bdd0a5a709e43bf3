/* hostmpi_image: the image side of the bind model (see hostmpi.h): what
 * an image expects from the MPI, what its libc provides, what its program
 * lacks, and what an image says about its own MPI. */
#include "hostmpi.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "core/fmt.h"
#include "core/proc.h"
#include "elfinfo.h"
#include "hostmpi_int.h"
#include "image.h"
#include "ldpath.h"

/* The program parity runs in the image: the one named, else the family's. */
static void hostmpi_image_program(const struct hostmpi_ctx *c, const char *family, char *out, size_t len)
{
	if (c->program && *c->program)
		snprintf(out, len, "%s", c->program);
	else
		snprintf(out, len, "/opt/parity/%s/bin/parity-bench", family);
}

/* The MPI soname that ELF file `host_file` needs, with its family. */
static const char *hostmpi_needed_mpi(const char *host_file, int *major, char *soname, size_t len)
{
	struct elfinfo ei;
	const char *fam = NULL;
	size_t k;

	if (elfinfo_read(host_file, &ei))
		return NULL;
	for (k = 0; k < ei.needed.n && !fam; k++) {
		fam = abi_family_of_soname(ei.needed.v[k], major);
		if (fam)
			snprintf(soname, len, "%s", ei.needed.v[k]);
	}
	elfinfo_free(&ei);
	return fam;
}


/* What the image expects for a launch with `family`: labels first, then
 * the family's program, then the MPI libraries present. */
int hostmpi_image_expect(struct hostmpi_ctx *c, const char *family, const char *image_path,
				const struct strvec *labels)
{
	struct hostmpi_plan *p = c->plan;
	const char *abi = image_label(labels, "org.parity.mpi.abi");
	const char *impl = image_label(labels, "org.supercontainers.mpi.implementation");
	const char *ver = image_label(labels, "org.supercontainers.mpi.version");
	char buf[256];
	int ret = 0;

	p->image_major = -1;
	if (abi && image_list_value(abi, family, buf, sizeof(buf)) == 0) {
		char *end;
		long m = strtol(buf, &end, 10);

		ret = hostmpi_set(&p->image_family, family);
		if (end != buf && !*end && m >= 0 && m < 1000)
			p->image_major = (int)m;
	} else if (abi && *abi) {
		/* The image was built for another family only: name the first. */
		fmt_buf(buf, sizeof(buf), "%.*s", (int)strcspn(abi, ":=,"), abi);
		ret = hostmpi_set(&p->image_family, buf);
	} else if (impl && strcmp(impl, "none") != 0 && *impl) {
		if (image_list_value(impl, family, buf, sizeof(buf)) == 0 || strstr(impl, family))
			ret = hostmpi_set(&p->image_family, family);
		else {
			fmt_buf(buf, sizeof(buf), "%.*s", (int)strcspn(impl, ","), impl);
			ret = hostmpi_set(&p->image_family, buf);
		}
	}
	if (!ret && p->image_family && ver && strcmp(ver, "none") != 0) {
		if (image_list_value(ver, family, buf, sizeof(buf)) == 0)
			ret = hostmpi_set(&p->image_version, buf);
		else if (!strchr(ver, '=') && !strchr(ver, ','))
			ret = hostmpi_set(&p->image_version, ver);
	}
	if (ret || p->image_family)
		return ret ? ret : hostmpi_set(&p->image_source, "labels");
	if (!c->have_image_root)
		return 0;
	/* No labels: the family's program, then the libraries present. */
	{
		char prog[PATH_MAX], host[PATH_MAX], resolved[PATH_MAX], soname[128];
		const char *fam;
		int major = -1;
		size_t i;

		hostmpi_image_program(c, family, prog, sizeof(prog));
		if (ldpath_resolve(c->image.root, prog, resolved, sizeof(resolved)) == 0 &&
		    ldpath_host_path(c->image.root, resolved, host, sizeof(host)) == 0 &&
		    (fam = hostmpi_needed_mpi(host, &major, soname, sizeof(soname)))) {
			p->image_major = major;
			ret = hostmpi_set(&p->image_family, fam);
			return ret ? ret : hostmpi_set(&p->image_source, "files: program's NEEDED");
		}
		for (i = 0; i < hostmpi_family_count; i++) {
			const char *const *s;

			for (s = hostmpi_family_table[i].sonames; *s; s++) {
				if (ldpath_find(&c->image, *s, NULL, NULL, c->machine, host, sizeof(host)) == 0 &&
				    abi_family_of_soname(*s, &major)) {
					p->image_major = major;
					ret = hostmpi_set(&p->image_family, hostmpi_family_table[i].name);
					return ret ? ret : hostmpi_set(&p->image_source, "files: MPI library present");
				}
			}
		}
	}
	(void)image_path;
	return 0;
}

/* The highest GLIBC version the image's libc.so.6 defines. */
int hostmpi_image_glibc(struct hostmpi_ctx *c)
{
	char found[PATH_MAX], resolved[PATH_MAX], host[PATH_MAX];
	struct elfinfo ei;
	int ret;

	if (ldpath_find(&c->image, "libc.so.6", NULL, NULL, c->machine, found, sizeof(found)) ||
	    ldpath_resolve(c->image.root, found, resolved, sizeof(resolved)) ||
	    ldpath_host_path(c->image.root, resolved, host, sizeof(host)))
		return strvec_push(&c->plan->notes, "the image has no libc.so.6 for this machine: glibc check impossible");
	ret = elfinfo_read(host, &ei);
	if (ret)
		return strvec_pushf(&c->plan->notes, "cannot read the image's %s (%s): glibc check impossible", found,
				    strerror(-ret));
	ret = hostmpi_set(&c->plan->image_glibc, elfinfo_max_defined(&ei, "GLIBC_"));
	elfinfo_free(&ei);
	return ret;
}

/* Sonames the image's program needs that the image lacks: the host's MPI
 * packaging must provide them (libmpi_mpifh, libmpichcxx, ...). */
int hostmpi_program_needs(struct hostmpi_ctx *c, const char *family)
{
	char prog[PATH_MAX], resolved[PATH_MAX], host[PATH_MAX], found[PATH_MAX];
	struct elfinfo ei;
	size_t k;
	int ret = 0;

	hostmpi_image_program(c, family, prog, sizeof(prog));
	if (ldpath_resolve(c->image.root, prog, resolved, sizeof(resolved)) ||
	    ldpath_host_path(c->image.root, resolved, host, sizeof(host)) || elfinfo_read(host, &ei))
		return 0;
	for (k = 0; k < ei.needed.n && !ret; k++) {
		const char *so = ei.needed.v[k];
		int major;

		if (hostmpi_has_prefix(so, hostmpi_core_prefixes) || hostmpi_item_by_name(c->plan, so) ||
		    ldpath_find(&c->image, so, NULL, NULL, ei.machine, found, sizeof(found)) == 0)
			continue;
		/* The MPI soname itself is the libmpi item (or its compat link). */
		if (abi_family_of_soname(so, &major))
			continue;
		ret = hostmpi_add_soname(c, so, NULL, NULL, HOSTMPI_WHY_PROGRAM, prog);
		if (ret == -ENOENT)
			ret = strvec_pushf(&c->plan->notes, "the image's %s needs %s, which neither the image nor the host has",
					   prog, so);
	}
	elfinfo_free(&ei);
	return ret;
}

/* A copy of file `prog` of SquashFS image `image` in a private temporary
 * file (unsquashfs -cat), whose name goes to tmp. 0, or -ENOENT when the
 * image has no such file (or unsquashfs cannot read it). */
static int hostmpi_squashfs_extract(const char *image, const char *prog, char *tmp, size_t len)
{
	char *argv[] = { "unsquashfs", "-cat", (char *)image, (char *)prog + strspn(prog, "/"), NULL };
	struct proc_req req = { .argv = argv, .out = PROC_FILE, .err = PROC_NULL, .log_path = tmp, .timeout_s = 60 };
	struct proc_result res;
	int fd, ret;

	if (!proc_have("unsquashfs") || snprintf(tmp, len, "/tmp/parity-app.XXXXXX") >= (int)len)
		return -ENOENT;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	close(fd);
	ret = proc_run(&req, &res);
	if (!ret) {
		ret = proc_status(&res) == 0 ? 0 : -ENOENT;
		proc_result_free(&res);
	}
	if (ret)
		unlink(tmp);
	return ret;
}

int hostmpi_app_check(struct hostmpi_ctx *c, const char *image_path, int squashfs)
{
	struct hostmpi_plan *p = c->plan;
	char prog[PATH_MAX], resolved[PATH_MAX], host[PATH_MAX], soname[128];
	const char *fam;
	int major = -1, ret;

	hostmpi_image_program(c, p->family, prog, sizeof(prog));
	ret = hostmpi_set(&p->app_path, prog);
	if (ret)
		return ret;
	if (squashfs ? hostmpi_squashfs_extract(image_path, prog, host, sizeof(host)) != 0
		     : ldpath_resolve(c->image.root, prog, resolved, sizeof(resolved)) ||
		       ldpath_host_path(c->image.root, resolved, host, sizeof(host)))
		return strvec_pushf(&p->notes, "the application %s is not in image %s: its MPI is not checked", prog,
				    image_path);
	fam = hostmpi_needed_mpi(host, &major, soname, sizeof(soname));
	if (squashfs)
		unlink(host);
	if (!fam)
		return strvec_pushf(&p->notes, "the application %s needs no MPI library by name (static, or not ELF): its MPI is not checked",
				    prog);
	ret = hostmpi_set(&p->app_soname, soname);
	if (ret)
		return ret;
	if (strcmp(fam, p->family) != 0 || (p->soname_major >= 0 && major != p->soname_major)) {
		p->verdict = ABI_REFUSE;
		fmt_buf(p->verdict_msg, sizeof(p->verdict_msg),
			"ABI mismatch: the application %s in image %s needs %s (%s ABI), but the host MPI bound in is %s (%s, %s)",
			prog, image_path, soname, fam, p->libmpi_soname, p->family, p->libmpi_host);
	}
	return 0;
}

/* Is dst (an absolute path) a directory in SquashFS image `image`? 1 yes,
 * 0 no, -1 cannot tell (a symbolic link on the way, which unsquashfs does
 * not follow, or no unsquashfs). From `unsquashfs -ll -d r IMAGE DST`,
 * which lists DST's ancestors and DST itself ("drwxr-xr-x o/g size date time r/PATH"). */
static int hostmpi_squashfs_is_dir(const char *image, const char *dst)
{
	const char *rel = dst + strspn(dst, "/");
	char *argv[] = { "unsquashfs", "-ll", "-d", "r", (char *)image, (char *)rel, NULL };
	struct proc_req req = { .argv = argv, .out = PROC_CAPTURE, .err = PROC_NULL, .capture_max = 4 << 20,
				.timeout_s = 60 };
	struct proc_result res;
	const char *line, *next;
	size_t rlen = strlen(rel);
	int found = 0;

	while (rlen && rel[rlen - 1] == '/')
		rlen--;
	if (!proc_have("unsquashfs") || proc_run(&req, &res))
		return -1;
	if (res.out_truncated || proc_status(&res) != 0 || !res.out)
		found = -1;
	for (line = res.out; found == 0 && line && *line; line = next) {
		size_t n = strcspn(line, "\n"), plen;
		const char *path = strstr(line, " r/"), *arrow;

		next = line + n + (line[n] ? 1 : 0);
		if (!path || path > line + n)
			continue;
		path += 3;
		arrow = strstr(path, " -> ");
		plen = arrow && arrow < line + n ? (size_t)(arrow - path) : (size_t)(line + n - path);
		if (plen == rlen && strncmp(path, rel, rlen) == 0)
			found = line[0] == 'd' ? 1 : line[0] == 'l' ? -1 : 0;
		else if (line[0] == 'l' && plen < rlen && strncmp(path, rel, plen) == 0 && rel[plen] == '/')
			found = -1;
		if (found)
			break;
	}
	proc_result_free(&res);
	return found;
}

int hostmpi_check_destinations(const char *image_path, const struct strvec *binds, const char *runtime, char *why,
			       size_t len)
{
	enum image_kind kind;
	size_t i;
	int ret = image_kind(image_path, &kind);

	if (ret)
		return ret;
	if (kind != IMAGE_DIR && kind != IMAGE_SQUASHFS)
		return -ENOTSUP;
	for (i = 0; binds && i < binds->n; i++) {
		const char *dst = strchr(binds->v[i], ':');
		char resolved[PATH_MAX], host[PATH_MAX];
		struct stat st;

		dst = dst ? dst + 1 : binds->v[i];
		if (kind == IMAGE_SQUASHFS) {
			if (hostmpi_squashfs_is_dir(image_path, dst) != 0)
				continue;
			fmt_buf(why, len, "image %s has no directory %s to bind onto, and %s cannot create one in a "
				"read-only image: add it to the image (RUN mkdir -p %s when building it)",
				image_path, dst, runtime, dst);
			return -ENOENT;
		}
		if (ldpath_resolve(image_path, dst, resolved, sizeof(resolved)) == 0 &&
		    ldpath_host_path(image_path, resolved, host, sizeof(host)) == 0 && stat(host, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			continue;
		fmt_buf(why, len, "image %s has no directory %s to bind onto, and %s cannot create "
			"one in a read-only image: add it to the image (mkdir -p %s%s, or RUN mkdir -p %s when building it)",
			image_path, dst, runtime, image_path, dst, dst);
		return -ENOENT;
	}
	return 0;
}

/* Does the image's copy of soname define version ver? 1 yes, 0 no, -1 the
 * image has no such file (then ld.so fails on the file, not the version). */
static int hostmpi_image_defines(struct hostmpi_ctx *c, const char *soname, const char *ver)
{
	char found[PATH_MAX], res[PATH_MAX], host[PATH_MAX];
	struct elfinfo ei;
	int yes;

	if (ldpath_find(&c->image, soname, NULL, NULL, c->machine, found, sizeof(found)) ||
	    ldpath_resolve(c->image.root, found, res, sizeof(res)) ||
	    ldpath_host_path(c->image.root, res, host, sizeof(host)) || elfinfo_read(host, &ei))
		return -1;
	yes = strvec_find(&ei.verdef, ver) >= 0;
	elfinfo_free(&ei);
	return yes;
}

/* Every symbol version a staged host library needs from a file it gets
 * from the image (the C runtime, or a library the image provides) must be
 * defined by the image's copy, or ld.so stops with "version not found".
 * On the first miss, the plan is refused with a line naming both sides. */
int hostmpi_check_versions(struct hostmpi_ctx *c, const char *image_path)
{
	struct hostmpi_plan *p = c->plan;
	size_t i, k;

	for (i = 0; i < p->n_items; i++) {
		const struct hostmpi_item *it = &p->items[i];
		struct elfinfo ei;

		if (!it->rel || it->why == HOSTMPI_WHY_DATA || elfinfo_read(it->real_path, &ei))
			continue;
		for (k = 0; k < ei.verneed.n; k++) {
			char file[256];
			const char *ver = strchr(ei.verneed.v[k], ' ');
			const struct hostmpi_item *dep;

			if (!ver || (size_t)(ver - ei.verneed.v[k]) >= sizeof(file))
				continue;
			memcpy(file, ei.verneed.v[k], (size_t)(ver - ei.verneed.v[k]));
			file[ver - ei.verneed.v[k]] = '\0';
			ver++;
			dep = hostmpi_item_by_name(p, file);
			if ((dep && dep->rel) || hostmpi_image_defines(c, file, ver) != 0)
				continue;
			p->verdict = ABI_REFUSE;
			/* A long message is cut, which is fine for a message. */
			fmt_buf(p->verdict_msg, sizeof(p->verdict_msg),
				 "symbol version mismatch: host library %s needs %s from %s, which image %s's %s does not define",
				 it->host_path, ver, file, image_path, file);
			elfinfo_free(&ei);
			return 0;
		}
		elfinfo_free(&ei);
	}
	return 0;
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
	if (ret) {
		/* -ENOTSUP: a SIF without apptainer here; nothing else can be read either. */
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
	/* Without labels, only a directory's files can be looked at. */
	if (kind != IMAGE_DIR)
		return kind == IMAGE_SQUASHFS ? -ENOENT : -ENOTSUP;
	return hostmpi_image_mpi_files(image_path, family, flen, version, vlen);
}
