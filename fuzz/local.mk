# fuzz: libFuzzer targets of parity's readers (runs.csv, plan files,
# thresholds, message sizes, image labels), built with clang under ASan and
# UBSan by scripts/fuzz.sh, each run FUZZ_SECONDS from its seed corpus in
# fuzz/corpus/NAME. Not part of `make check`: scripts/test-all.sh runs it.
FUZZ_SECONDS = 20
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(SHELL) $(top_srcdir)/scripts/fuzz.sh --build $(abs_top_builddir)
.PHONY: fuzz
EXTRA_DIST += scripts/fuzz.sh fuzz/fuzz_common.h fuzz/fuzz_runs.c fuzz/fuzz_plan.c fuzz/fuzz_thresholds.c \
	fuzz/fuzz_sizes.c fuzz/fuzz_labels.c fuzz/corpus
