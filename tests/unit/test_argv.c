/* Golden argv: the exact command line of every runtime x launcher x mode,
 * one element per line in tests/golden/argv/<runtime>-<launcher>-<mode>.txt
 * (then "--- env" and the variables added to the launcher's environment).
 * PARITY_GOLDEN_UPDATE=1 rewrites the files instead of comparing. The same
 * files are compared with `parity run --dry-run` by tests/integration/test_run_dry_run.sh. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "run/launcher.h"
#include "run/plan.h"
#include "run/runner.h"
#include "run/runtime.h"

static const char *const runtimes[] = { "charliecloud", "apptainer", "singularity", "podman" };
static const struct { const char *launcher, *family; } launchers[] = {
	{ "mpiexec", "mpich" }, { "mpirun", "openmpi" }, { "srun", "mpich" },
};

/* The fixed plan the golden files are made of (run_dry_run.sh passes the same). */
static void golden_plan(struct plan *p, const char *family, const char *launcher, const char *runtime)
{
	char line[256];

	assert_int_equal(plan_init(p, family), 0);
	snprintf(line, sizeof(line), "launcher = %s", launcher);
	assert_int_equal(plan_apply_line(p, line, "golden", 1), 0);
	snprintf(line, sizeof(line), "runtime = %s", runtime);
	assert_int_equal(plan_apply_line(p, line, "golden", 2), 0);
	assert_int_equal(plan_apply_line(p, "campaign = golden", "golden", 3), 0);
	assert_int_equal(plan_apply_line(p, "sizes = 8:64K", "golden", 4), 0);
	assert_int_equal(plan_apply_line(p, "iterations = 50", "golden", 5), 0);
	assert_int_equal(plan_apply_line(p, "warmup = 5", "golden", 6), 0);
	assert_int_equal(plan_apply_line(p, "kernel-args = -W 16", "golden", 7), 0);
	assert_int_equal(plan_apply_line(p, "image = /tmp/parity-golden images/parity mpi", "golden", 8), 0);
	assert_int_equal(plan_apply_line(p, "bind-image = /tmp/parity-golden images/parity bare", "golden", 9), 0);
	assert_int_equal(plan_apply_line(p, "results = /tmp/parity-golden-results", "golden", 10), 0);
}

static char *render(const struct compose_cmd *cmd)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	for (i = 0; i < cmd->argv.n; i++)
		fprintf(fp, "%s\n", cmd->argv.v[i]);
	if (cmd->env.n)
		fprintf(fp, "--- env\n");
	for (i = 0; i < cmd->env.n; i++)
		fprintf(fp, "%s\n", cmd->env.v[i]);
	fclose(fp);
	return buf;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	size_t n;

	if (!fp)
		return NULL;
	buf = calloc(1, 65536);
	n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void test_argv_golden(void **state)
{
	const char *update = getenv("PARITY_GOLDEN_UPDATE");
	size_t r, l, m, checked = 0;

	(void)state;
	for (r = 0; r < 4; r++) {
		for (l = 0; l < 3; l++) {
			for (m = 0; m < MODE_COUNT; m++) {
				struct plan p;
				struct runner c = { .plan = &p, .as_root = true };
				struct compose_cmd cmd;
				char path[512], *got, *want;

				golden_plan(&p, launchers[l].family, launchers[l].launcher, runtimes[r]);
				c.launcher = launcher_find(p.launcher);
				c.runtime = runtime_find(p.runtime);
				c.host_bench = "/opt/parity-test/bin/parity-bench";
				c.image_bench = "/opt/parity/mpich/bin/parity-bench";
				if (strcmp(p.mpi, "openmpi") == 0)
					c.image_bench = "/opt/parity/openmpi/bin/parity-bench";
				c.workdir = "/tmp/parity-golden";
				assert_int_equal(record_campaign_open(p.results, p.campaign, false, &c.rec), 0);
				/* What hostmpi would stage, fixed. */
				assert_int_equal(strvec_push(&c.bind.binds, "/tmp/parity-golden/stage/mpich:/opt/parity/host"), 0);
				assert_int_equal(strvec_push(&c.bind.env, "LD_LIBRARY_PATH=/opt/parity/host/lib"), 0);
				c.have_bind = c.bind_mounted = true;
				p.dry_run = true;
				assert_int_equal(runner_compose_point(&c, (enum mode_id)m, KERNELS_ID_bw, 1, &cmd), 0);
				got = render(&cmd);
				snprintf(path, sizeof(path), "%s/%s-%s-%s.txt", GOLDEN_DIR, runtimes[r],
					 launchers[l].launcher, mode_name((enum mode_id)m));
				if (update && *update) {
					FILE *fp = fopen(path, "w");

					assert_non_null(fp);
					fputs(got, fp);
					fclose(fp);
				} else {
					want = slurp(path);
					if (!want)
						fail_msg("missing golden file %s (PARITY_GOLDEN_UPDATE=1 writes it)", path);
					if (strcmp(got, want) != 0)
						fail_msg("%s differs; got:\n%s", path, got);
					free(want);
				}
				checked++;
				free(got);
				compose_cmd_free(&cmd);
				strvec_free(&c.bind.binds);
				strvec_free(&c.bind.env);
				record_campaign_free(&c.rec);
				plan_free(&p);
			}
		}
	}
	assert_int_equal(checked, 4 * 3 * MODE_COUNT);
}

/* Properties that must hold whatever the golden files say. */
static void test_argv_properties(void **state)
{
	struct plan p;
	struct runner c = { .plan = &p, .as_root = false };
	struct compose_cmd cmd;
	size_t i;

	(void)state;
	golden_plan(&p, "mpich", "mpiexec", "charliecloud");
	c.launcher = launcher_find("mpiexec");
	c.runtime = runtime_find("charliecloud");
	c.host_bench = "/h/parity-bench";
	c.image_bench = "/opt/parity/mpich/bin/parity-bench";
	c.workdir = "/tmp/parity-golden";
	assert_int_equal(record_campaign_open(p.results, p.campaign, false, &c.rec), 0);
	/* bind mode without a bound MPI (the self-test) binds nothing. */
	c.have_bind = true;
	c.bind_mounted = false;
	assert_int_equal(runner_compose_point(&c, MODE_bind, KERNELS_ID_latency, 2, &cmd), 0);
	for (i = 0; i < cmd.argv.n; i++)
		assert_null(strstr(cmd.argv.v[i], "/opt/parity/host"));
	/* The image path with a space is one element. */
	assert_true(strvec_find(&cmd.argv, "/tmp/parity-golden images/parity bare") >= 0);
	assert_true(strvec_find(&cmd.argv, "--csv=/tmp/parity-golden/r02-bind-latency.csv") >= 0);
	compose_cmd_free(&cmd);
	/* container-only puts the launcher inside the runtime. */
	assert_int_equal(runner_compose_point(&c, MODE_container_only, KERNELS_ID_latency, 1, &cmd), 0);
	assert_string_equal(cmd.argv.v[0], "ch-run");
	assert_true(strvec_find(&cmd.argv, "mpiexec.mpich") > strvec_find(&cmd.argv, "--"));
	compose_cmd_free(&cmd);
	record_campaign_free(&c.rec);
	plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_golden),
		cmocka_unit_test(test_argv_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
