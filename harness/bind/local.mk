# harness/bind: the bind model (host MPI discovery, ELF and ld.so paths, ABI
# and glibc checks, image labels, staging) and `parity doctor`, with their
# unit tests.
harness_libparityharness_a_SOURCES += \
	harness/bind/abi.c harness/bind/abi.h \
	harness/bind/cmd_doctor.c harness/bind/doctor_smoke.c harness/bind/doctor_smoke.h \
	harness/bind/elfinfo.c harness/bind/elfinfo.h \
	harness/bind/hostmpi.c harness/bind/hostmpi_bind.c harness/bind/hostmpi_image.c \
	harness/bind/hostmpi.h harness/bind/hostmpi_int.h \
	harness/bind/image.c harness/bind/image.h \
	harness/bind/ldpath.c harness/bind/ldpath.h \
	harness/bind/stage.c harness/bind/stage.h \
	harness/bind/vercmp.c harness/bind/vercmp.h

UNIT_TESTS += \
	tests/unit/test_vercmp \
	tests/unit/test_abi \
	tests/unit/test_elfinfo \
	tests/unit/test_image \
	tests/unit/test_ldpath \
	tests/unit/test_stage \
	tests/unit/test_hostmpi
tests_unit_test_vercmp_SOURCES = tests/unit/test_vercmp.c
tests_unit_test_vercmp_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_vercmp_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_abi_SOURCES = tests/unit/test_abi.c
tests_unit_test_abi_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_abi_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_elfinfo_SOURCES = tests/unit/test_elfinfo.c
tests_unit_test_elfinfo_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_elfinfo_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_image_SOURCES = tests/unit/test_image.c
tests_unit_test_image_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_image_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_ldpath_SOURCES = tests/unit/test_ldpath.c
tests_unit_test_ldpath_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_ldpath_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_stage_SOURCES = tests/unit/test_stage.c
tests_unit_test_stage_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_stage_LDADD = $(HARNESS_UNIT_LDADD)
tests_unit_test_hostmpi_SOURCES = tests/unit/test_hostmpi.c
tests_unit_test_hostmpi_CPPFLAGS = $(HARNESS_UNIT_CPPFLAGS)
tests_unit_test_hostmpi_LDADD = $(HARNESS_UNIT_LDADD)

# Integration tests (real host MPI, real ch-run bind runs).
INTEGRATION_TESTS += tests/integration/test_doctor.sh tests/integration/test_bind.sh tests/integration/test_bind_checks.sh \
	tests/integration/test_doctor_smoke.sh
EXTRA_DIST += tests/integration/bind-lib.sh tests/integration/bind-probe.c
