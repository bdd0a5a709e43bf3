/* elfinfo: what the dynamic loader would read from a shared object or
 * program, parsed with <elf.h> (64-bit, host byte order): SONAME, NEEDED,
 * RUNPATH/RPATH, the symbol versions it needs (verneed) and defines
 * (verdef), and the bytes of a named read-only symbol.
 *
 * Functions return 0, -ENOENT/-EACCES (cannot open), -ENOEXEC (not an ELF
 * file of this machine's class and byte order) or -EINVAL (corrupt). */
#ifndef PARITY_ELFINFO_H
#define PARITY_ELFINFO_H

#include <stddef.h>

#include "core/strvec.h"

struct elfinfo {
	unsigned machine;        /* e_machine */
	char *soname;            /* NULL when absent */
	char *runpath;           /* DT_RUNPATH, NULL when absent */
	char *rpath;             /* DT_RPATH, NULL when absent */
	struct strvec needed;    /* DT_NEEDED sonames, in order */
	struct strvec verneed;   /* "FILE VERSION", e.g. "libc.so.6 GLIBC_2.34" */
	struct strvec verdef;    /* versions defined, e.g. "GLIBC_2.34" (not the base) */
};

int elfinfo_read(const char *path, struct elfinfo *out);
void elfinfo_free(struct elfinfo *ei);
/* Only the header: the machine of an ELF file of our class (for the
 * loader's "wrong ELF class" skip). */
int elfinfo_machine(const char *path, unsigned *machine);
/* Copy the NUL-terminated string stored at dynamic symbol `symbol` (an
 * initialised char array such as a version string) into buf. -ENOENT when
 * there is no such symbol, -ENOSPC when it does not fit. */
int elfinfo_symbol_string(const char *path, const char *symbol, char *buf, size_t len);
/* The highest numbered version beginning with `prefix` (e.g. "GLIBC_",
 * so "GLIBC_2.34" but not "GLIBC_PRIVATE") that ei needs from any file, or
 * NULL. Points into ei. */
const char *elfinfo_max_needed(const struct elfinfo *ei, const char *prefix);
/* The highest version beginning with `prefix` that ei defines, or NULL. */
const char *elfinfo_max_defined(const struct elfinfo *ei, const char *prefix);

#endif
