# harness/hostmpi.mk: the bind model (host MPI discovery, ABI/glibc checks, staging) and
# `parity doctor`, with their unit tests.
harness_libparityharness_a_SOURCES += \
	harness/abi.c harness/abi.h \
	harness/cmd_doctor.c \
	harness/elfinfo.c harness/elfinfo.h \
	harness/hostmpi.c harness/hostmpi_bind.c harness/hostmpi.h \
	harness/image.c harness/image.h \
	harness/ldpath.c harness/ldpath.h \
	harness/stage.c harness/stage.h \
	harness/vercmp.c harness/vercmp.h
