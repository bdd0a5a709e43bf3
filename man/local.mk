# man: parity(1) and parity-bench(1), generated at build time by help2man from the programs'
# own --help (so they follow the option tables), plus what help2man cannot derive: the
# man/*.h2m include files (synopsis, exit status, environment, files, examples, see also) and
# two generated sections, every subcommand's --help (SUBCOMMANDS) and the kernel list
# (KERNELS), made by man/sections.sh. Without help2man (configure says so) no page is built.
# The pages are not distributed: they are built from the tarball like the programs.
EXTRA_DIST += man/parity.h2m man/parity-bench.h2m man/sections.sh

if HAVE_HELP2MAN
nodist_man1_MANS = man/parity.1 man/parity-bench.1
CLEANFILES += $(nodist_man1_MANS) man/parity-main.h2m man/parity-bench-main.h2m \
	man/parity-subcommands.h2m man/parity-bench-kernels.h2m
endif

# The programs' help shows defaults that depend on the environment (image directory):
# generate the pages in a neutral one. In a sanitizer build the MPI library's own leaks at
# exit would fail `parity-bench --list`: leak checking is the tests' job, not the pages'.
MAN_ENV = LC_ALL=C PARITY_IMAGE_DIR= PARITY_BENCH= PARITY_STAGE_DIR= \
	ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}detect_leaks=0"
MAN_HELP2MAN = $(MAN_ENV) $(HELP2MAN) --no-info --version-string='$(PACKAGE_VERSION)'
# The include files name the directories of this installation as {bindir} etc. (not @...@:
# configure would replace those in this very rule).
MAN_SUBST = $(SED) -e 's|{bindir}|$(bindir)|g' -e 's|{pkgdatadir}|$(pkgdatadir)|g' \
	-e 's|{pkglibexecdir}|$(pkglibexecdir)|g' -e 's|{docdir}|$(docdir)|g'

man/parity-main.h2m: $(srcdir)/man/parity.h2m Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(MAN_SUBST) $(srcdir)/man/parity.h2m > $@-t && mv $@-t $@
man/parity-bench-main.h2m: $(srcdir)/man/parity-bench.h2m Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(MAN_SUBST) $(srcdir)/man/parity-bench.h2m > $@-t && mv $@-t $@
man/parity-subcommands.h2m: harness/parity$(EXEEXT) $(srcdir)/man/sections.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(MAN_ENV) $(SHELL) $(srcdir)/man/sections.sh subcommands \
	  harness/parity$(EXEEXT) '$(HELP2MAN)' > $@-t && mv $@-t $@
man/parity-bench-kernels.h2m: bench/parity-bench$(EXEEXT) $(srcdir)/man/sections.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(MAN_ENV) $(SHELL) $(srcdir)/man/sections.sh kernels \
	  bench/parity-bench$(EXEEXT) > $@-t && mv $@-t $@
man/parity.1: harness/parity$(EXEEXT) man/parity-main.h2m man/parity-subcommands.h2m
	$(AM_V_GEN)$(MAN_HELP2MAN) --include=man/parity-subcommands.h2m --include=man/parity-main.h2m \
	  --output=$@-t harness/parity$(EXEEXT) && mv $@-t $@
man/parity-bench.1: bench/parity-bench$(EXEEXT) man/parity-bench-main.h2m man/parity-bench-kernels.h2m
	$(AM_V_GEN)$(MAN_HELP2MAN) --include=man/parity-bench-kernels.h2m --include=man/parity-bench-main.h2m \
	  --output=$@-t bench/parity-bench$(EXEEXT) && mv $@-t $@

# The READMEs a site reads without the source tree: the main one, and the CSV schemas
# (results/README.md, installed as DOCDIR/results/README.md) and the JSON schema of compare --json.
doc_DATA = README.md
resultsdocdir = $(docdir)/results
dist_resultsdoc_DATA = results/README.md results/verdicts.schema.json
