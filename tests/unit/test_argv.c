/* Golden argv: the exact command line of every runtime x launcher x mode of
 * the tables, one element per line in
 * tests/golden/argv/<runtime>-<launcher>-<mode>.txt (then "--- env" and the
 * variables added to the launcher's environment), or "refused: REASON" for a
 * combination the runtime cannot do. INDEX lists every file with the MPI
 * family it is composed for. PARITY_GOLDEN_UPDATE=1 rewrites the files
 * instead of comparing. The same files are compared with `parity run
 * --dry-run` by tests/integration/test_run_dry_run.sh. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include "unit.h"

#include "launch/launcher.h"
#include "run/plan.h"
#include "run/runner.h"
#include "launch/runtime.h"

/* A launcher of no family starts MPICH programs in the golden files. */
static const char *golden_family(const struct launcher_desc *l)
{
	return l->family ? l->family : "mpich";
}

/* The host the golden files are composed for: options given as
 * PARITY_PODMAN_RUNTIME and PARITY_PODMAN_ULIMITS would give them. */
static const struct runtime_host golden_host = {
	.oci_runtime = "runc", .ulimits = "nofile=20000:20000,nproc=16384:16384",
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

/* Compare text with the golden file name (or write it, updating). */
static void golden_compare(const char *name, const char *got, int update)
{
	char path[512], *want;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	if (update) {
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fputs(got, fp);
		fclose(fp);
		return;
	}
	want = slurp(path);
	if (!want)
		fail_msg("missing golden file %s (PARITY_GOLDEN_UPDATE=1 writes it)", path);
	if (strcmp(got, want) != 0)
		fail_msg("%s differs; got:\n%s", path, got);
	free(want);
}

static void test_argv_golden(void **state)
{
	const char *update = getenv("PARITY_GOLDEN_UPDATE");
	const struct runtime_desc *rt;
	const struct launcher_desc *l;
	size_t r, li, m, checked = 0, files = 0;
	char *index = NULL;
	size_t index_len = 0;
	FILE *ifp = open_memstream(&index, &index_len);
	struct dirent *de;
	DIR *d;

	(void)state;
	assert_non_null(ifp);
	for (r = 0; (rt = runtime_at(r)); r++) {
		for (li = 0; (l = launcher_at(li)); li++) {
			for (m = 0; m < MODE_COUNT; m++) {
				struct plan p;
				struct runner c = { .plan = &p, .as_root = true };
				struct compose_cmd cmd;
				char name[256], why[256], *got = NULL;
				size_t len = 0;
				FILE *fp;

				golden_plan(&p, golden_family(l), l->name, rt->name);
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
				/* What a host would choose, fixed (test_run_dry_run.sh exports the same). */
				if (rt->host_options)
					assert_int_equal(rt->host_options(&golden_host, &c.runtime_opts), 0);
				p.dry_run = true;
				snprintf(name, sizeof(name), "%s-%s-%s.txt", rt->name, l->name, mode_name((enum mode_id)m));
				fprintf(ifp, "%s %s %s %s\n", rt->name, l->name, mode_name((enum mode_id)m), p.mpi);
				if (compose_check((enum mode_id)m, runner_launcher(&c, (enum mode_id)m), c.runtime, why,
						  sizeof(why))) {
					/* Refused before anything runs: the reason is pinned. */
					assert_int_equal(runner_compose_point(&c, (enum mode_id)m, KERNELS_ID_bw, 1, &cmd),
							 -EINVAL);
					fp = open_memstream(&got, &len);
					fprintf(fp, "refused: %s\n", why);
					fclose(fp);
				} else {
					assert_int_equal(runner_compose_point(&c, (enum mode_id)m, KERNELS_ID_bw, 1, &cmd), 0);
					got = render(&cmd);
					compose_cmd_free(&cmd);
				}
				golden_compare(name, got, update && *update);
				checked++;
				free(got);
				strvec_free(&c.bind.binds);
				strvec_free(&c.bind.env);
				strvec_free(&c.runtime_opts);
				record_campaign_free(&c.rec);
				plan_free(&p);
			}
		}
	}
	fclose(ifp);
	golden_compare("INDEX", index, update && *update);
	free(index);
	/* No golden file of a combination the tables no longer have. */
	d = opendir(GOLDEN_DIR);
	assert_non_null(d);
	while ((de = readdir(d)))
		files += strlen(de->d_name) > 4 && strcmp(de->d_name + strlen(de->d_name) - 4, ".txt") == 0;
	closedir(d);
	assert_int_equal(files, checked);
	for (li = 0; launcher_at(li); li++)
		;
	assert_int_equal(checked, r * li * MODE_COUNT);
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

/* A work directory outside /tmp (on a shared file system, for ranks on
 * other nodes): native kernels write to it at its path; ch-run, which binds
 * only onto directories the image has, binds it at /mnt and the kernel in
 * the container writes there; Apptainer binds it at its own path. srun ends
 * the step when a rank fails, and leaves --cpu-bind out where Slurm binds no
 * tasks. */
static void test_argv_shared_workdir(void **state)
{
	struct plan p;
	struct runner c = { .plan = &p, .as_root = true };
	struct compose_cmd cmd;

	(void)state;
	golden_plan(&p, "mpich", "srun", "charliecloud");
	c.launcher = launcher_find("srun");
	c.runtime = runtime_find("charliecloud");
	c.host_bench = "/h/parity-bench";
	c.image_bench = "/opt/parity/mpich/bin/parity-bench";
	c.workdir = "/shared/results/.parity-x.abcdef";
	assert_int_equal(record_campaign_open(p.results, p.campaign, false, &c.rec), 0);
	assert_int_equal(runner_compose_point(&c, MODE_native, KERNELS_ID_bw, 1, &cmd), 0);
	assert_true(strvec_find(&cmd.argv, "--csv=/shared/results/.parity-x.abcdef/r01-native-bw.csv") >= 0);
	assert_true(strvec_find(&cmd.argv, "--kill-on-bad-exit=1") >= 0);
	assert_true(strvec_find(&cmd.argv, "--cpu-bind=none") >= 0);
	compose_cmd_free(&cmd);
	assert_int_equal(runner_compose_point(&c, MODE_hybrid, KERNELS_ID_bw, 1, &cmd), 0);
	assert_true(strvec_find(&cmd.argv, "/shared/results/.parity-x.abcdef:/mnt") ==
		    strvec_find(&cmd.argv, "-b") + 1);
	assert_true(strvec_find(&cmd.argv, "--csv=/mnt/r01-hybrid-bw.csv") >= 0);
	assert_true(strvec_find(&cmd.argv, "--provenance=/mnt/r01-hybrid-bw.prov.csv") >= 0);
	compose_cmd_free(&cmd);
	c.no_task_binding = true;
	c.runtime = runtime_find("apptainer");
	assert_int_equal(runner_compose_point(&c, MODE_hybrid, KERNELS_ID_bw, 1, &cmd), 0);
	assert_true(strvec_find(&cmd.argv, "/shared/results/.parity-x.abcdef") ==
		    strvec_find(&cmd.argv, "--bind") + 1);
	assert_true(strvec_find(&cmd.argv, "--csv=/shared/results/.parity-x.abcdef/r01-hybrid-bw.csv") >= 0);
	assert_true(strvec_find(&cmd.argv, "--cpu-bind=none") < 0);
	compose_cmd_free(&cmd);
	record_campaign_free(&c.rec);
	plan_free(&p);
}

/* " "-joined options podman is given on host h (or "ERR" when refused). */
static void podman_options(const struct runtime_host *h, char *out, size_t len)
{
	const struct runtime_desc *rt = runtime_find("podman");
	struct strvec o = { 0 };
	size_t i, used = 0;

	out[0] = '\0';
	if (rt->host_options(h, &o)) {
		snprintf(out, len, "ERR");
		strvec_free(&o);
		return;
	}
	for (i = 0; i < o.n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "", o.v[i]);
	strvec_free(&o);
}

/* Podman's options follow what the host allows, or what it is told. */
static void test_argv_podman_host(void **state)
{
	struct runtime_host h = { .cgroup_unified = false, .have_runc = true, .nofile_max = 4096, .nproc_max = 512 };
	char got[512];

	(void)state;
	/* A v1 or hybrid cgroup tree: runc (crun refuses it); limits at the host's hard limits. */
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "--runtime runc --ulimit nofile=4096:4096 --ulimit nproc=512:512");
	/* cgroup v2 only: podman's own OCI runtime. */
	h.cgroup_unified = true;
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "--ulimit nofile=4096:4096 --ulimit nproc=512:512");
	/* No runc on a hybrid tree: nothing better than podman's default to ask for. */
	h.cgroup_unified = false;
	h.have_runc = false;
	h.nproc_max = 0;
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "--ulimit nofile=4096:4096");
	/* Told: PARITY_PODMAN_RUNTIME and PARITY_PODMAN_ULIMITS win. */
	h.oci_runtime = "crun";
	h.ulimits = "nofile=1024:2048,memlock=-1:-1";
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "--runtime crun --ulimit nofile=1024:2048 --ulimit memlock=-1:-1");
	h.oci_runtime = "default";
	h.ulimits = "none";
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "");
	h.ulimits = "nofile";
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "ERR");
	h.ulimits = "nofile=1024;rm -rf /";
	podman_options(&h, got, sizeof(got));
	assert_string_equal(got, "ERR");
}

/* A directory image goes through an overlay, a name comes from the store. */
static void test_argv_podman_images(void **state)
{
	const struct runtime_desc *rt = runtime_find("podman");
	struct runtime_req r = { .image = "/images/parity mpi", .workdir = "/tmp/w" };
	struct strvec argv = { 0 }, env = { 0 };

	(void)state;
	assert_int_equal(rt->wrap(&r, &argv, &env), 0);
	assert_string_equal(argv.v[argv.n - 2], "--rootfs");
	assert_string_equal(argv.v[argv.n - 1], "/images/parity mpi:O");
	assert_true(strvec_find(&argv, "--label=parity.workdir=/tmp/w") >= 0);
	strvec_free(&argv);
	r.image = "localhost/parity-mpi:latest";
	assert_int_equal(rt->wrap(&r, &argv, &env), 0);
	assert_string_equal(argv.v[argv.n - 1], "localhost/parity-mpi:latest");
	assert_true(strvec_find(&argv, "--rootfs") < 0);
	assert_true(runtime_image_is_reference(rt, "localhost/parity-mpi:latest"));
	assert_false(runtime_image_is_reference(rt, "./parity-mpi"));
	assert_false(runtime_image_is_reference(runtime_find("charliecloud"), "parity-mpi"));
	strvec_free(&argv);
	strvec_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_shared_workdir),
		cmocka_unit_test(test_argv_golden),
		cmocka_unit_test(test_argv_properties),
		cmocka_unit_test(test_argv_podman_host),
		cmocka_unit_test(test_argv_podman_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
