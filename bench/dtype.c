#include "dtype.h"

#include <errno.h>
#include <strings.h>

static const struct {
	const char *name;
	size_t size;
} bench_dtype_table[] = {
	[BENCH_DTYPE_CHAR] = { "MPI_CHAR", sizeof(char) },
	[BENCH_DTYPE_INT] = { "MPI_INT", sizeof(int) },
	[BENCH_DTYPE_FLOAT] = { "MPI_FLOAT", sizeof(float) },
};

const char *bench_dtype_name(enum bench_dtype t)
{
	return bench_dtype_table[t].name;
}

size_t bench_dtype_size(enum bench_dtype t)
{
	return bench_dtype_table[t].size;
}

static int bench_dtype_push(enum bench_dtype t, enum bench_dtype *list, int *n)
{
	if (*n >= BENCH_DTYPE_MAX)
		return -E2BIG;
	list[(*n)++] = t;
	return 0;
}

int bench_dtype_add(const char *text, enum bench_dtype *list, int *n)
{
	size_t t;
	int ret;

	if (strcasecmp(text, "all") == 0) {
		if (*n + 3 > BENCH_DTYPE_MAX)
			return -E2BIG;
		for (t = 0; t < 3; t++)
			bench_dtype_push((enum bench_dtype)t, list, n);
		return 0;
	}
	for (t = 0; t < sizeof(bench_dtype_table) / sizeof(bench_dtype_table[0]); t++) {
		if (strcasecmp(text, bench_dtype_table[t].name) == 0) {
			ret = bench_dtype_push((enum bench_dtype)t, list, n);
			return ret;
		}
	}
	return -EINVAL;
}
