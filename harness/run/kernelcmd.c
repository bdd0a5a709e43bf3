#include "kernelcmd.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "sizes.h"

int kernelcmd_argv(const struct plan *p, const char *kernel, const char *csv_path,
		     const char *prov_path, struct strvec *out)
{
	char lo[32], hi[32];
	char *extra, *tok, *save = NULL;
	int ret;

	sizes_format(p->min_size_bytes, lo, sizeof(lo));
	/* 0: "MIN:", up to the kernel's own default maximum. */
	hi[0] = '\0';
	if (p->max_size_bytes)
		sizes_format(p->max_size_bytes, hi, sizeof(hi));
	ret = strvec_push(out, kernel) || strvec_push(out, "-m") || strvec_pushf(out, "%s:%s", lo, hi) ? -ENOMEM : 0;
	/* 0 keeps the kernel's own counts (OSU's defaults per kernel family). */
	if (!ret && p->iterations)
		ret = strvec_push(out, "-i") || strvec_pushf(out, "%llu", (unsigned long long)p->iterations) ? -ENOMEM : 0;
	if (!ret && p->warmup)
		ret = strvec_push(out, "-x") || strvec_pushf(out, "%llu", (unsigned long long)p->warmup) ? -ENOMEM : 0;
	if (!ret && p->min_time_s > 0) {
		char mt[32];

		parse_format_duration(p->min_time_s, mt, sizeof(mt));
		ret = strvec_pushf(out, "--min-time=%s", mt) ? -ENOMEM : 0;
	}
	extra = strdup(p->kernel_args ? p->kernel_args : "");
	if (!extra)
		return -ENOMEM;
	for (tok = strtok_r(extra, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save))
		ret = strvec_push(out, tok);
	free(extra);
	return ret || strvec_pushf(out, "--csv=%s", csv_path) || strvec_pushf(out, "--provenance=%s", prov_path) ||
	       strvec_pushf(out, "--bind=%s", p->bind) ? -ENOMEM : 0;
}

int kernelcmd_host_bench(const struct plan *p, char **out)
{
	const char *env = getenv("PARITY_BENCH");
	char exe[PATH_MAX], *dir;
	char *cand[2] = { NULL, NULL };
	ssize_t n;
	size_t i;

	*out = NULL;
	if (p->bench && *p->bench)
		return (*out = strdup(p->bench)) ? 0 : -ENOMEM;
	if (env && *env)
		return (*out = strdup(env)) ? 0 : -ENOMEM;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -errno;
	exe[n] = '\0';
	dir = dirname(exe);
	if (asprintf(&cand[0], "%s/../bench/parity-bench", dir) < 0 ||
	    asprintf(&cand[1], "%s/parity-bench", dir) < 0) {
		free(cand[0]);
		return -ENOMEM;
	}
	for (i = 0; i < 2; i++) {
		if (!*out && access(cand[i], X_OK) == 0)
			*out = realpath(cand[i], NULL);
		free(cand[i]);
	}
	return *out ? 0 : -ENOENT;
}

char *kernelcmd_image_bench(const struct plan *p)
{
	char *s = NULL;

	if (p->image_bench && *p->image_bench)
		return strdup(p->image_bench);
	return asprintf(&s, "/opt/parity/%s/bin/parity-bench", p->mpi) < 0 ? NULL : s;
}
