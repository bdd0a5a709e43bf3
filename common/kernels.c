#include "kernels.h"

#include <string.h>

#define KERNELS_ENTRY(n, c, m, u, b, d) \
	{ .id = KERNELS_ID_##n, .name = #n, .cls = c, .metric = m, .unit = u, .better = b, .description = d },
static const struct kernels_info kernels_table[KERNELS_COUNT] = {
	PARITY_KERNEL_LIST(KERNELS_ENTRY)
};
#undef KERNELS_ENTRY

const struct kernels_info *kernels_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < KERNELS_COUNT; i++)
		if (strcmp(kernels_table[i].name, name) == 0)
			return &kernels_table[i];
	return NULL;
}

const struct kernels_info *kernels_at(size_t i)
{
	return i < KERNELS_COUNT ? &kernels_table[i] : NULL;
}

enum kernels_better kernels_metric_better(const char *metric)
{
	if (metric && (strcmp(metric, "bandwidth") == 0 || strcmp(metric, "message_rate") == 0))
		return KERNELS_HIGHER_IS_BETTER;
	return KERNELS_LOWER_IS_BETTER;
}
