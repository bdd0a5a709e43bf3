# common: what the kernels and the harness share, without MPI.
noinst_LIBRARIES += common/libparitycommon.a
common_libparitycommon_a_SOURCES = \
	common/csvio.c common/csvio.h \
	common/exitcodes.h \
	common/kernels.c common/kernels.h \
	common/parse.c common/parse.h \
	common/schema.c common/schema.h \
	common/sizes.c common/sizes.h \
	common/stats.c common/stats.h
# Programs link it with these, in this order.
COMMON_LIBS = common/libparitycommon.a $(CSV_LIBS) $(MATH_LIBS)
