# harness/core: what every command shares: main and the command list, the
# error convention (errors.h), the modes, option tables (opts), string
# vectors, formatting into buffers, whole-file reading, starting programs
# (proc), the one-writer lock of a campaign folder (lock).
harness_libparityharness_a_SOURCES += \
	harness/core/commands.h \
	harness/core/errors.c harness/core/errors.h \
	harness/core/fmt.c harness/core/fmt.h \
	harness/core/lock.c harness/core/lock.h \
	harness/core/mode.c harness/core/mode.h \
	harness/core/opts.c harness/core/opts.h \
	harness/core/proc.c harness/core/proc.h \
	harness/core/strvec.c harness/core/strvec.h \
	harness/core/textfile.c harness/core/textfile.h

UNIT_TESTS += tests/unit/test_opts tests/unit/test_proc tests/unit/test_lock
tests_unit_test_opts_SOURCES = tests/unit/test_opts.c
tests_unit_test_opts_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_opts_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_proc_SOURCES = tests/unit/test_proc.c
tests_unit_test_proc_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_proc_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_lock_SOURCES = tests/unit/test_lock.c
tests_unit_test_lock_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_lock_LDADD = $(HARNESS_UNIT_LDADD)
