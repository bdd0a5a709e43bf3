/* fuzz_common: what the libFuzzer targets of parity share. Each target is
 * one file defining LLVMFuzzerTestOneInput; scripts/fuzz.sh builds them
 * with clang -fsanitize=fuzzer,address,undefined and runs them. */
#ifndef PARITY_FUZZ_COMMON_H
#define PARITY_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The readers' one-line errors are expected here: off stderr (libFuzzer
 * and the sanitizers keep writing their reports to fd 2). */
static inline void fuzz_quiet(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (null)
		stderr = null;
}

/* A private folder for the files a target writes (removed at exit by the
 * script's temporary directory). */
static inline const char *fuzz_dir(void)
{
	static char dir[64];

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/parity-fuzz.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* Write the input to dir/name; abort when it cannot (not the reader's bug). */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
}

/* The input as a NUL-terminated string (cut at its first NUL). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
