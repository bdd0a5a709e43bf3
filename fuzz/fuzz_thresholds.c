/* Thresholds files (--thresholds): the parser and every lookup of what it
 * loaded. */
#include "analyze/thresholds.h"
#include "fuzz_common.h"
#include "kernels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t sizes[] = { 0, 1, 4096, 65536, UINT64_C(1) << 30 };
	static const char *const metrics[] = { "latency", "bandwidth", "message_rate" };
	struct thresholds t = { 0 };
	char err[512], desc[256], *text = fuzz_text(data, size);
	size_t k, m, s;

	if (thresholds_parse(&t, text, "fuzz", err, sizeof(err)) == 0) {
		for (k = 0; k < KERNELS_COUNT; k++)
			for (m = 0; m < 3; m++)
				for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
					const struct thresholds_rule *r =
						thresholds_lookup(&t, kernels_at(k)->name, metrics[m], sizes[s]);

					if (r) {
						thresholds_limit_ratio(r, 1, 1.0);
						thresholds_describe(r, "us", desc, sizeof(desc));
					}
				}
	}
	thresholds_free(&t);
	free(text);
	return 0;
}
