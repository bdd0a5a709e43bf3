/* Plan files (--plan, a campaign's plan.conf). Property checked: what
 * plan_write writes of a plan that loaded is a plan file that loads again
 * and writes the same text. */
#include <limits.h>

#include "fuzz_common.h"
#include "run/plan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static char *fuzz_plan_text(const struct plan *p, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	if (!fp)
		abort();
	plan_write(p, fp);
	fclose(fp);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX], *first, *second;
	struct plan p, q;
	size_t n1, n2;

	snprintf(path, sizeof(path), "%s/plan.conf", fuzz_dir());
	fuzz_write(path, data, size);
	if (plan_init(&p, "mpich"))
		abort();
	if (plan_load_file(&p, path) == 0) {
		first = fuzz_plan_text(&p, &n1);
		fuzz_write(path, (const uint8_t *)first, n1);
		if (plan_init(&q, "openmpi"))
			abort();
		if (plan_load_file(&q, path) != 0)
			abort();
		second = fuzz_plan_text(&q, &n2);
		if (n1 != n2 || memcmp(first, second, n1) != 0)
			abort();
		free(first);
		free(second);
		plan_free(&q);
	}
	plan_free(&p);
	return 0;
}
