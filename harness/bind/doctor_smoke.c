#include "doctor_smoke.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/mode.h"
#include "core/proc.h"
#include "core/strvec.h"
#include "core/textfile.h"
#include "exitcodes.h"
#include "launch/compose.h"
#include "launch/launcher.h"
#include "launch/runtime.h"

/* Error lines shown per failed mode. */
#define DOCTOR_SMOKE_LINES 6

static const enum mode_id doctor_smoke_modes[] = { MODE_native, MODE_hybrid, MODE_bind, MODE_container_only };

static int doctor_smoke_remove(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* The one log of the campaign dir/CAMPAIGN (NULL when nothing was
 * launched), read into *text. */
static int doctor_smoke_log(const char *dir, const char *campaign, char **text)
{
	char logs[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *de;
	DIR *d;
	int ret = -ENOENT;

	*text = NULL;
	snprintf(logs, sizeof(logs), "%s/%s/logs", dir, campaign);
	d = opendir(logs);
	if (!d)
		return -ENOENT;
	while (ret == -ENOENT && (de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n > 4 && strcmp(de->d_name + n - 4, ".log") == 0) {
			snprintf(path, sizeof(path), "%s/%s", logs, de->d_name);
			ret = textfile_read_max(path, 1 << 20, text, NULL);
		}
	}
	closedir(d);
	return ret;
}

/* Print up to max lines of text that pass keep(), indented. */
static void doctor_smoke_lines(const char *text, bool (*keep)(const char *line, size_t n), unsigned max)
{
	const char *line, *next;
	unsigned shown = 0;

	for (line = text; line && *line && shown < max; line = next) {
		size_t n = strcspn(line, "\n");

		next = line + n + (line[n] ? 1 : 0);
		if (n && strspn(line, " \t") < n && keep(line, n)) {
			printf("    | %.*s\n", (int)n, line);
			shown++;
		}
	}
}

/* What the launch printed (the log without parity's own '#' lines). */
static bool doctor_smoke_output_line(const char *line, size_t n)
{
	(void)n;
	return line[0] != '#';
}

/* parity's verdict on the launch ("# parity: failed: exit status 127"). */
static bool doctor_smoke_verdict_line(const char *line, size_t n)
{
	return n > 10 && strncmp(line, "# parity: ", 10) == 0;
}

/* parity run's own refusals and warnings. */
static bool doctor_smoke_parity_line(const char *line, size_t n)
{
	return n > 11 && strncmp(line, "parity run:", 11) == 0;
}

/* Launch one mode; 1 ok, 0 failed, -errno when it could not be tried. */
static int doctor_smoke_mode(enum mode_id mode, const struct strvec *base, const char *dir, uint64_t timeout_s)
{
	struct strvec argv = { 0 };
	char campaign[64], *log = NULL;
	struct proc_result res;
	struct proc_req req = { .program = "/proc/self/exe", .out = PROC_CAPTURE, .err = PROC_TO_STDOUT,
				.capture_max = 1 << 20, .timeout_s = (double)timeout_s + 60 };
	const char *cmd = NULL, *launch;
	double launch_s;
	int ret, ok;

	snprintf(campaign, sizeof(campaign), "smoke-%s", mode_name(mode));
	ret = strvec_extend(&argv, base) || strvec_pushf(&argv, "--modes=%s", mode_name(mode)) ||
	      strvec_pushf(&argv, "--campaign=%s", campaign) || strvec_pushf(&argv, "--results=%s", dir) ? -ENOMEM : 0;
	if (!ret) {
		req.argv = argv.v;
		ret = proc_run(&req, &res);
	}
	if (ret) {
		strvec_free(&argv);
		return ret;
	}
	ok = !res.timed_out && proc_status(&res) == 0;
	/* The launch itself, from parity run's summary (the rest is its set-up: checks, image digest). */
	launch = res.out ? strstr(res.out, " + launches ") : NULL;
	if (launch && sscanf(launch, " + launches %lfs", &launch_s) == 1)
		printf("%-15s %-7s launch %.1fs (parity run %.1fs)\n", mode_name(mode), ok ? "ok" : "FAILED", launch_s,
		       res.wall_s);
	else
		printf("%-15s %-7s parity run %.1fs\n", mode_name(mode), ok ? "ok" : "FAILED", res.wall_s);
	if (doctor_smoke_log(dir, campaign, &log) == 0) {
		/* The log's second line is the command as launched. */
		const char *nl = strchr(log, '\n');

		cmd = nl && strncmp(nl + 1, "# ", 2) == 0 ? nl + 3 : NULL;
	}
	if (cmd) {
		printf("  command: %.*s\n", (int)strcspn(cmd, "\n"), cmd);
	} else {
		/* Refused before any launch: the parity run that says why. */
		struct compose_cmd c = { argv, { 0 } };

		printf("  nothing launched; parity run refused: ");
		compose_cmd_print(&c, stdout);
	}
	if (!ok) {
		if (log) {
			doctor_smoke_lines(log, doctor_smoke_verdict_line, 2);
			doctor_smoke_lines(log, doctor_smoke_output_line, DOCTOR_SMOKE_LINES);
		}
		doctor_smoke_lines(res.out, doctor_smoke_parity_line, DOCTOR_SMOKE_LINES);
		if (res.timed_out)
			printf("    | parity run did not end within %llus\n", (unsigned long long)timeout_s + 60);
	}
	free(log);
	proc_result_free(&res);
	strvec_free(&argv);
	return ok;
}

int doctor_smoke(const char *family, const char *runtime, const char *launcher, const char *image,
		 const char *bind_image, uint64_t timeout_s)
{
	const struct runtime_desc *rt = runtime_find(runtime && *runtime ? runtime : "charliecloud");
	const struct launcher_desc *l = launcher && *launcher ? launcher_find(launcher) : launcher_default(family);
	char dir[] = "/tmp/parity-smoke.XXXXXX", why[256];
	struct strvec base = { 0 };
	unsigned failed = 0, ran = 0;
	size_t i;
	int ret;

	if (!rt || !l) {
		errors_log("no launcher of MPI family '%s' (expected mpich or openmpi)", family);
		return PARITY_EXIT_USAGE;
	}
	/* A runtime the launcher cannot take at all is a bad option, as in parity run. */
	if (compose_check(MODE_hybrid, l, rt, why, sizeof(why))) {
		errors_log("%s", why);
		return PARITY_EXIT_USAGE;
	}
	if (!mkdtemp(dir)) {
		errors_log("cannot create a results directory %s: %s", dir, strerror(errno));
		return PARITY_EXIT_RESULTS;
	}
	ret = strvec_push(&base, "parity") || strvec_push(&base, "run") || strvec_pushf(&base, "--mpi=%s", family) ||
	      strvec_pushf(&base, "--runtime=%s", rt->name) || strvec_pushf(&base, "--launcher=%s", l->name) ||
	      strvec_push(&base, "--kernels=latency") || strvec_push(&base, "--sizes=8:8") ||
	      strvec_push(&base, "--iterations=20") || strvec_push(&base, "--warmup=2") ||
	      strvec_push(&base, "--min-time=0") || strvec_push(&base, "--repetitions=1") ||
	      strvec_push(&base, "--ranks=2") || strvec_pushf(&base, "--timeout=%llu", (unsigned long long)timeout_s) ||
	      (image && *image && strvec_pushf(&base, "--image=%s", image)) ||
	      (bind_image && *bind_image && strvec_pushf(&base, "--bind-image=%s", bind_image)) ? -ENOMEM : 0;
	printf("smoke test: runtime %s, launcher %s, %s, 2 ranks, latency at 8 bytes, each launch verified like a "
	       "campaign run\n", rt->name, l->name, family);
	fflush(stdout);
	for (i = 0; !ret && i < sizeof(doctor_smoke_modes) / sizeof(doctor_smoke_modes[0]); i++) {
		enum mode_id m = doctor_smoke_modes[i];
		/* Container-only runs the image's own launcher (as parity run does). */
		const struct launcher_desc *ml = m == MODE_container_only && !l->family ? launcher_default(family) : l;

		if (compose_check(m, ml, rt, why, sizeof(why))) {
			printf("%-15s n/a     %s\n", mode_name(m), why);
			continue;
		}
		ret = doctor_smoke_mode(m, &base, dir, timeout_s);
		if (ret >= 0) {
			ran++;
			failed += ret == 0;
			ret = 0;
		}
		fflush(stdout);
	}
	nftw(dir, doctor_smoke_remove, 16, FTW_DEPTH | FTW_PHYS);
	strvec_free(&base);
	if (ret) {
		errors_log("cannot run parity run: %s", strerror(-ret));
		return PARITY_EXIT_FAILED;
	}
	printf("%u of %u modes ok\n", ran - failed, ran);
	return failed ? PARITY_EXIT_FAILED : PARITY_EXIT_OK;
}
