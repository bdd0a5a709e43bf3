# harness/hostmpi.mk: the bind model (host MPI discovery, ABI/glibc checks, staging) and
# `parity doctor`, with their unit tests.
harness_libparityharness_a_SOURCES += \
	harness/abi.c harness/abi.h \
	harness/cmd_doctor.c \
	harness/elfinfo.c harness/elfinfo.h \
	harness/hostmpi.c harness/hostmpi_bind.c harness/hostmpi_image.c \
	harness/hostmpi.h harness/hostmpi_int.h \
	harness/image.c harness/image.h \
	harness/ldpath.c harness/ldpath.h \
	harness/stage.c harness/stage.h \
	harness/vercmp.c harness/vercmp.h

HOSTMPI_UNIT_LDADD = harness/libparityharness.a $(UNIT_LDADD)
UNIT_TESTS += \
	tests/unit/test_vercmp \
	tests/unit/test_abi \
	tests/unit/test_elfinfo \
	tests/unit/test_image \
	tests/unit/test_ldpath \
	tests/unit/test_stage \
	tests/unit/test_hostmpi
tests_unit_test_vercmp_SOURCES = tests/unit/test_vercmp.c
tests_unit_test_vercmp_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_vercmp_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_abi_SOURCES = tests/unit/test_abi.c
tests_unit_test_abi_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_abi_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_elfinfo_SOURCES = tests/unit/test_elfinfo.c
tests_unit_test_elfinfo_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_elfinfo_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_image_SOURCES = tests/unit/test_image.c
tests_unit_test_image_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_image_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_ldpath_SOURCES = tests/unit/test_ldpath.c
tests_unit_test_ldpath_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_ldpath_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_stage_SOURCES = tests/unit/test_stage.c
tests_unit_test_stage_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_stage_LDADD = $(HOSTMPI_UNIT_LDADD)
tests_unit_test_hostmpi_SOURCES = tests/unit/test_hostmpi.c
tests_unit_test_hostmpi_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/harness
tests_unit_test_hostmpi_LDADD = $(HOSTMPI_UNIT_LDADD)

# Integration tests (real host MPI, real ch-run bind runs); INTEGRATION_TESTS is defined in
# Makefile.am before the fragments, so it is appended to here, next to what it tests.
INTEGRATION_TESTS += tests/integration/test_doctor.sh tests/integration/test_bind.sh
EXTRA_DIST += tests/integration/bind-lib.sh tests/integration/bind-probe.c
