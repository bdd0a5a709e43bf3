#include "elfinfo.h"

#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vercmp.h"

/* The class and byte order we can read: the host's own. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ELFINFO_DATA ELFDATA2LSB
#else
#define ELFINFO_DATA ELFDATA2MSB
#endif

struct elfinfo_map {
	const unsigned char *p;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
};

static int elfinfo_open(const char *path, struct elfinfo_map *m)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(m, 0, sizeof(*m));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(Elf64_Ehdr)) {
		close(fd);
		return -ENOEXEC;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	m->p = p;
	m->size = (size_t)st.st_size;
	m->eh = p;
	if (memcmp(m->eh->e_ident, ELFMAG, SELFMAG) != 0 || m->eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    m->eh->e_ident[EI_DATA] != ELFINFO_DATA) {
		munmap(p, m->size);
		return -ENOEXEC;
	}
	if (m->eh->e_phoff > m->size || m->eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    m->eh->e_phnum > (m->size - m->eh->e_phoff) / sizeof(Elf64_Phdr)) {
		munmap(p, m->size);
		return -EINVAL;
	}
	m->ph = (const Elf64_Phdr *)(m->p + m->eh->e_phoff);
	return 0;
}

static void elfinfo_close(struct elfinfo_map *m)
{
	if (m->p)
		munmap((void *)m->p, m->size);
	m->p = NULL;
}

/* File offset of virtual address v with at least len bytes mapped from the
 * file behind it, or 0 when no PT_LOAD covers it (0 is never a valid
 * offset for the data we look up: the ELF header lives there). */
static size_t elfinfo_v2off(const struct elfinfo_map *m, uint64_t v, uint64_t len)
{
	unsigned i;

	for (i = 0; i < m->eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &m->ph[i];

		if (ph->p_type != PT_LOAD || v < ph->p_vaddr || v - ph->p_vaddr >= ph->p_filesz)
			continue;
		if (len > ph->p_filesz - (v - ph->p_vaddr) || ph->p_offset > m->size ||
		    ph->p_offset + (v - ph->p_vaddr) + len > m->size)
			return 0;
		return (size_t)(ph->p_offset + (v - ph->p_vaddr));
	}
	return 0;
}

struct elfinfo_dyn {
	const char *strtab;
	size_t strsz;
	uint64_t verneed, verneednum, verdef, verdefnum;
};

/* String at offset off of the dynamic string table, or NULL when out of
 * bounds or not terminated inside it. */
static const char *elfinfo_str(const struct elfinfo_dyn *d, uint64_t off)
{
	if (!d->strtab || off >= d->strsz || !memchr(d->strtab + off, 0, d->strsz - off))
		return NULL;
	return d->strtab + off;
}

static int elfinfo_dup(char **dst, const char *s)
{
	if (!s)
		return -EINVAL;
	*dst = strdup(s);
	return *dst ? 0 : -ENOMEM;
}

static int elfinfo_verneed(const struct elfinfo_map *m, const struct elfinfo_dyn *d, struct elfinfo *out)
{
	size_t off = elfinfo_v2off(m, d->verneed, sizeof(Elf64_Verneed));
	uint64_t i, j;

	for (i = 0; i < d->verneednum; i++) {
		const Elf64_Verneed *vn;
		const char *file;
		size_t aoff;

		if (!off || off + sizeof(*vn) > m->size)
			return -EINVAL;
		vn = (const Elf64_Verneed *)(m->p + off);
		file = elfinfo_str(d, vn->vn_file);
		if (!file)
			return -EINVAL;
		aoff = off + vn->vn_aux;
		for (j = 0; j < vn->vn_cnt; j++) {
			const Elf64_Vernaux *va;
			const char *name;
			int ret;

			if (aoff + sizeof(*va) > m->size)
				return -EINVAL;
			va = (const Elf64_Vernaux *)(m->p + aoff);
			name = elfinfo_str(d, va->vna_name);
			if (!name)
				return -EINVAL;
			ret = strvec_pushf(&out->verneed, "%s %s", file, name);
			if (ret)
				return ret;
			if (!va->vna_next)
				break;
			aoff += va->vna_next;
		}
		if (!vn->vn_next)
			break;
		off += vn->vn_next;
	}
	return 0;
}

static int elfinfo_verdef(const struct elfinfo_map *m, const struct elfinfo_dyn *d, struct elfinfo *out)
{
	size_t off = elfinfo_v2off(m, d->verdef, sizeof(Elf64_Verdef));
	uint64_t i;

	for (i = 0; i < d->verdefnum; i++) {
		const Elf64_Verdef *vd;

		if (!off || off + sizeof(*vd) > m->size)
			return -EINVAL;
		vd = (const Elf64_Verdef *)(m->p + off);
		/* The base entry names the file itself, not a version. */
		if (!(vd->vd_flags & VER_FLG_BASE) && vd->vd_cnt > 0) {
			const Elf64_Verdaux *da;
			const char *name;
			int ret;

			if (off + vd->vd_aux + sizeof(*da) > m->size)
				return -EINVAL;
			da = (const Elf64_Verdaux *)(m->p + off + vd->vd_aux);
			name = elfinfo_str(d, da->vda_name);
			if (!name)
				return -EINVAL;
			ret = strvec_push(&out->verdef, name);
			if (ret)
				return ret;
		}
		if (!vd->vd_next)
			break;
		off += vd->vd_next;
	}
	return 0;
}

/* The PT_DYNAMIC entries, or NULL with *n = 0 for a static file. */
static const Elf64_Dyn *elfinfo_dynamic(const struct elfinfo_map *m, size_t *n)
{
	unsigned i;

	*n = 0;
	for (i = 0; i < m->eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &m->ph[i];

		if (ph->p_type != PT_DYNAMIC)
			continue;
		if (ph->p_offset > m->size || ph->p_filesz > m->size - ph->p_offset)
			return NULL;
		*n = ph->p_filesz / sizeof(Elf64_Dyn);
		return (const Elf64_Dyn *)(m->p + ph->p_offset);
	}
	return NULL;
}

static int elfinfo_parse(const struct elfinfo_map *m, struct elfinfo *out)
{
	struct elfinfo_dyn d = { 0 };
	uint64_t strtab = 0;
	size_t n, i, off;
	const Elf64_Dyn *dyn = elfinfo_dynamic(m, &n);
	int ret = 0;

	out->machine = m->eh->e_machine;
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		switch (dyn[i].d_tag) {
		case DT_STRTAB: strtab = dyn[i].d_un.d_ptr; break;
		case DT_STRSZ: d.strsz = dyn[i].d_un.d_val; break;
		case DT_VERNEED: d.verneed = dyn[i].d_un.d_ptr; break;
		case DT_VERNEEDNUM: d.verneednum = dyn[i].d_un.d_val; break;
		case DT_VERDEF: d.verdef = dyn[i].d_un.d_ptr; break;
		case DT_VERDEFNUM: d.verdefnum = dyn[i].d_un.d_val; break;
		default: break;
		}
	}
	if (!n)
		return 0;
	off = elfinfo_v2off(m, strtab, d.strsz);
	if (!off || !d.strsz)
		return -EINVAL;
	d.strtab = (const char *)(m->p + off);
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL && !ret; i++) {
		switch (dyn[i].d_tag) {
		case DT_NEEDED: {
			const char *s = elfinfo_str(&d, dyn[i].d_un.d_val);

			ret = s ? strvec_push(&out->needed, s) : -EINVAL;
			break;
		}
		case DT_SONAME: ret = elfinfo_dup(&out->soname, elfinfo_str(&d, dyn[i].d_un.d_val)); break;
		case DT_RUNPATH: ret = elfinfo_dup(&out->runpath, elfinfo_str(&d, dyn[i].d_un.d_val)); break;
		case DT_RPATH: ret = elfinfo_dup(&out->rpath, elfinfo_str(&d, dyn[i].d_un.d_val)); break;
		default: break;
		}
	}
	if (!ret && d.verneednum)
		ret = elfinfo_verneed(m, &d, out);
	if (!ret && d.verdefnum)
		ret = elfinfo_verdef(m, &d, out);
	return ret;
}

int elfinfo_read(const char *path, struct elfinfo *out)
{
	struct elfinfo_map m;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = elfinfo_open(path, &m);
	if (ret)
		return ret;
	ret = elfinfo_parse(&m, out);
	elfinfo_close(&m);
	if (ret)
		elfinfo_free(out);
	return ret;
}

void elfinfo_free(struct elfinfo *ei)
{
	free(ei->soname);
	free(ei->runpath);
	free(ei->rpath);
	strvec_free(&ei->needed);
	strvec_free(&ei->verneed);
	strvec_free(&ei->verdef);
	memset(ei, 0, sizeof(*ei));
}

int elfinfo_machine(const char *path, unsigned *machine)
{
	struct elfinfo_map m;
	int ret = elfinfo_open(path, &m);

	if (ret)
		return ret;
	*machine = m.eh->e_machine;
	elfinfo_close(&m);
	return 0;
}

/* Find `symbol` in the section-header .dynsym and copy its bytes. */
static int elfinfo_find_symbol(const struct elfinfo_map *m, const char *symbol, char *buf, size_t len)
{
	const Elf64_Ehdr *eh = m->eh;
	const Elf64_Shdr *sh;
	unsigned i;

	if (!eh->e_shoff || eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > m->size ||
	    eh->e_shnum > (m->size - eh->e_shoff) / sizeof(Elf64_Shdr))
		return -ENOENT;
	sh = (const Elf64_Shdr *)(m->p + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *str;
		const Elf64_Sym *syms;
		size_t k, nsyms;

		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum)
			continue;
		str = &sh[sh[i].sh_link];
		if (sh[i].sh_offset > m->size || sh[i].sh_size > m->size - sh[i].sh_offset ||
		    str->sh_offset > m->size || str->sh_size > m->size - str->sh_offset)
			return -EINVAL;
		syms = (const Elf64_Sym *)(m->p + sh[i].sh_offset);
		nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
		for (k = 0; k < nsyms; k++) {
			const char *name;
			size_t off;

			if (syms[k].st_name >= str->sh_size || syms[k].st_shndx == SHN_UNDEF)
				continue;
			name = (const char *)m->p + str->sh_offset + syms[k].st_name;
			if (strncmp(name, symbol, str->sh_size - syms[k].st_name) != 0)
				continue;
			off = elfinfo_v2off(m, syms[k].st_value, syms[k].st_size ? syms[k].st_size : 1);
			if (!off || !syms[k].st_size)
				return -EINVAL;
			if (!memchr(m->p + off, 0, syms[k].st_size))
				return -EINVAL;
			if (strnlen((const char *)m->p + off, syms[k].st_size) >= len)
				return -ENOSPC;
			strcpy(buf, (const char *)m->p + off);
			return 0;
		}
	}
	return -ENOENT;
}

int elfinfo_symbol_string(const char *path, const char *symbol, char *buf, size_t len)
{
	struct elfinfo_map m;
	int ret = elfinfo_open(path, &m);

	if (ret)
		return ret;
	ret = elfinfo_find_symbol(&m, symbol, buf, len);
	elfinfo_close(&m);
	return ret;
}

static const char *elfinfo_max_of(const struct strvec *sv, const char *prefix, int skip_file)
{
	const char *best = NULL;
	size_t i, plen = strlen(prefix);

	for (i = 0; i < sv->n; i++) {
		const char *v = sv->v[i];

		if (skip_file) {
			v = strchr(v, ' ');
			if (!v)
				continue;
			v++;
		}
		/* Numbered versions only: GLIBC_PRIVATE is not a release. */
		if (strncmp(v, prefix, plen) == 0 && isdigit((unsigned char)v[plen]) &&
		    (!best || vercmp_compare(v, best) > 0))
			best = v;
	}
	return best;
}

const char *elfinfo_max_needed(const struct elfinfo *ei, const char *prefix)
{
	return elfinfo_max_of(&ei->verneed, prefix, 1);
}

const char *elfinfo_max_defined(const struct elfinfo *ei, const char *prefix)
{
	return elfinfo_max_of(&ei->verdef, prefix, 0);
}
