/* Message sizes ("-m 8:4M", --sizes). Properties checked: a parsed size
 * is within SIZES_MAX_BYTES, a range has min <= max, and sizes_format's
 * spelling parses back to the same size. */
#include "fuzz_common.h"
#include "sizes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), spelled[64];
	uint64_t v, back, lo = 1, hi = 1 << 20;

	if (sizes_parse(text, &v) == 0) {
		if (v > SIZES_MAX_BYTES)
			abort();
		sizes_format(v, spelled, sizeof(spelled));
		if (sizes_parse(spelled, &back) != 0 || back != v)
			abort();
	}
	if (sizes_parse_range(text, &lo, &hi) == 0 && (lo > hi || hi > SIZES_MAX_BYTES))
		abort();
	free(text);
	return 0;
}
