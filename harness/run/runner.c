#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "analyze/transport.h"
#include "core/errors.h"
#include "core/proc.h"
#include "kernelcmd.h"
#include "launch/compose.h"
#include "provcheck.h"

/* Everything one launch needs, freed by runner_point_free. */
struct runner_point {
	char run_id[128];
	char *log, *work_csv, *work_prov, *csv, *prov;
	char *inside_csv, *inside_prov;  /* work_csv and work_prov as the kernel sees them */
	struct strvec kernel_argv, launch_env;
	struct compose_cmd cmd;
	char start_time[32];
	char status[32];
	char reason[512];
	char note[256];                  /* runs.csv's note ("finalize-hang: ...") */
	char transport[128];
	struct provcheck_rows prov_rows;
	struct proc_result res;
};

static void runner_point_free(struct runner_point *pt)
{
	free(pt->log);
	free(pt->work_csv);
	free(pt->work_prov);
	free(pt->inside_csv);
	free(pt->inside_prov);
	free(pt->csv);
	free(pt->prov);
	strvec_free(&pt->kernel_argv);
	strvec_free(&pt->launch_env);
	compose_cmd_free(&pt->cmd);
	provcheck_free(&pt->prov_rows);
}

const char *runner_image(const struct runner *c, enum mode_id m)
{
	switch (m) {
	case MODE_hybrid:
	case MODE_container_only:
		return c->plan->image;
	case MODE_bind:
		return c->plan->bind_image;
	default:
		return NULL;
	}
}

/* A run id not used before in this campaign (a retried point gets -a2...). */
static int runner_name_point(struct runner *c, struct runner_point *pt, enum mode_id mode,
			       const char *kernel, unsigned rep)
{
	/* Where the kernel sees the work directory (in a container, maybe elsewhere). */
	const char *inside = mode_is_native(mode) ? c->workdir : runtime_workdir_inside(c->runtime, c->workdir);
	unsigned attempt;

	for (attempt = 1; attempt < 1000; attempt++) {
		if (attempt == 1)
			snprintf(pt->run_id, sizeof(pt->run_id), "r%02u-%s-%s", rep, mode_name(mode), kernel);
		else
			snprintf(pt->run_id, sizeof(pt->run_id), "r%02u-%s-%s-a%u", rep, mode_name(mode),
				 kernel, attempt);
		free(pt->log);
		if (asprintf(&pt->log, "%s/%s.log", c->rec.logs_dir, pt->run_id) < 0) {
			pt->log = NULL;
			return -ENOMEM;
		}
		if (c->plan->dry_run || access(pt->log, F_OK) != 0)
			break;
	}
	if (asprintf(&pt->work_csv, "%s/%s.csv", c->workdir, pt->run_id) < 0 ||
	    asprintf(&pt->work_prov, "%s/%s.prov.csv", c->workdir, pt->run_id) < 0 ||
	    asprintf(&pt->inside_csv, "%s/%s.csv", inside, pt->run_id) < 0 ||
	    asprintf(&pt->inside_prov, "%s/%s.prov.csv", inside, pt->run_id) < 0 ||
	    asprintf(&pt->csv, "%s/%s.csv", c->rec.logs_dir, pt->run_id) < 0 ||
	    asprintf(&pt->prov, "%s/%s.prov.csv", c->rec.logs_dir, pt->run_id) < 0)
		return -ENOMEM;
	return 0;
}

const struct launcher_desc *runner_launcher(const struct runner *c, enum mode_id mode)
{
	const struct launcher_desc *inner;

	if (mode != MODE_container_only || c->launcher->family)
		return c->launcher;
	inner = launcher_default(c->plan->mpi);
	return inner ? inner : c->launcher;
}

/* The --mode-env entries ("MODE:NAME=VALUE;...") of this mode. */
static int runner_mode_env(const char *spec, enum mode_id mode, struct strvec *env)
{
	char *copy = strdup(spec ? spec : ""), *save = NULL, *tok, *colon;
	int ret = copy ? 0 : -ENOMEM;

	for (tok = copy ? strtok_r(copy, ";", &save) : NULL; tok && !ret; tok = strtok_r(NULL, ";", &save)) {
		colon = strchr(tok, ':');
		if (!colon)
			continue;
		*colon = '\0';
		if (mode_find(tok) == (int)mode)
			ret = strvec_push(env, colon + 1);
	}
	free(copy);
	return ret;
}

static int runner_compose(struct runner *c, struct runner_point *pt, enum mode_id mode,
			    const char *kernel)
{
	const struct plan *p = c->plan;
	struct compose_ctx ctx = {
		.mode = mode,
		.launcher = runner_launcher(c, mode),
		.runtime = c->runtime,
		.lreq = {
			.family = p->mpi,
			.ranks = p->ranks,
			.nodes = p->nodes,
			.ranks_per_node = p->ranks_per_node,
			.oversubscribe = p->oversubscribe,
			.as_root = c->as_root,
			.srun_mpi = p->srun_mpi,
			.no_task_binding = c->no_task_binding,
		},
		.image = runner_image(c, mode),
		.program = mode_is_native(mode) ? c->host_bench : c->image_bench,
		.kernel_argv = &pt->kernel_argv,
		.binds = c->bind_mounted ? &c->bind.binds : NULL,
		.inner_env = c->bind_mounted ? &c->bind.env : NULL,
		.launch_env = &pt->launch_env,
		.workdir = c->workdir,
		.host_opts = &c->runtime_opts,
	};
	int ret;

	ret = kernelcmd_argv(p, kernel, pt->inside_csv, pt->inside_prov, &pt->kernel_argv);
	/* A harmless PMIx lock error otherwise fills the logs of containers. */
	if (!ret && !mode_is_native(mode) && strcmp(p->mpi, "openmpi") == 0)
		ret = strvec_push(&pt->launch_env, "PMIX_MCA_gds=hash");
	if (!ret && p->transport_evidence)
		ret = transport_env(p->mpi, &pt->launch_env);
	if (!ret)
		ret = runner_mode_env(p->mode_env, mode, &pt->launch_env);
	return ret ? ret : compose_launch(&ctx, &pt->cmd);
}

/* Has the kernel reported all its results? Rank 0 writes its whole CSV at
 * once after the last size, before MPI_Finalize, into a file that was
 * removed before the launch: a non-empty file means the measurements are
 * over (the grace period lets the write finish). */
static bool runner_output_complete(void *arg)
{
	const struct runner_point *pt = arg;
	struct stat st;

	return stat(pt->work_csv, &st) == 0 && st.st_size > 0;
}

/* Move a file the kernel wrote in the shared workdir into the campaign:
 * whole or not at all (a partial copy is removed). -ENOENT when the kernel
 * wrote none. */
static int runner_collect(const char *from, const char *to)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t got;

	if (rename(from, to) == 0)
		return 0;
	if (errno != EXDEV)
		return -errno;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	while (!ret && (got = read(in, buf, sizeof(buf))) != 0) {
		ssize_t done = 0, w;

		if (got < 0) {
			ret = -errno;
			break;
		}
		while (!ret && done < got) {
			w = write(out, buf + done, (size_t)(got - done));
			if (w <= 0)
				ret = w < 0 ? -errno : -EIO;
			else
				done += w;
		}
	}
	if (!ret && fsync(out) != 0)
		ret = -errno;
	close(in);
	if (close(out) != 0 && !ret)
		ret = -errno;
	if (ret)
		unlink(to);
	else
		unlink(from);
	return ret;
}

static void runner_log_line(const char *log, const char *fmt, const char *a, const char *b)
{
	FILE *fp = fopen(log, "a");

	if (!fp)
		return;
	fprintf(fp, fmt, a, b);
	fclose(fp);
}

/* Decide the status of a finished launch from its exit and its files. */
static void runner_judge(struct runner *c, struct runner_point *pt, enum mode_id mode)
{
	const struct plan *p = c->plan;
	struct provcheck_expect e = {
		.mode = mode,
		.family = p->mpi,
		.ranks = p->ranks,
		.own_mntns = c->own_mntns,
		.own_hostname = c->hostname,
		.bind_known = c->have_bind,
		.bind_dev = c->bind.libmpi_dev,
		.bind_ino = c->bind.libmpi_ino,
	};
	size_t rows = 0;
	int ret;

	if (pt->res.timed_out) {
		snprintf(pt->status, sizeof(pt->status), "timeout");
		snprintf(pt->reason, sizeof(pt->reason), "killed after %llus", (unsigned long long)p->timeout_s);
		return;
	}
	/* Ended after its results were out: judged by them, with a note. */
	if (pt->res.ended_after_done)
		snprintf(pt->note, sizeof(pt->note), "finalize-hang: still running %.1fs after the kernel wrote its "
			 "results (MPI_Finalize did not return); ended", pt->res.wall_s - pt->res.done_after_s);
	else if (pt->res.signaled || pt->res.exit_code != 0) {
		snprintf(pt->status, sizeof(pt->status), "failed");
		if (pt->res.signaled)
			snprintf(pt->reason, sizeof(pt->reason), "killed by signal %d", pt->res.signal);
		else
			snprintf(pt->reason, sizeof(pt->reason), "exit status %d", pt->res.exit_code);
		return;
	}
	ret = record_bench_rows(pt->csv, &rows);
	if (ret || rows == 0) {
		snprintf(pt->status, sizeof(pt->status), "failed");
		snprintf(pt->reason, sizeof(pt->reason), "exit 0 but %s", ret ? "an unreadable kernel CSV"
			 : "no kernel results");
		return;
	}
	ret = provcheck_read(pt->prov, &pt->prov_rows);
	if (ret) {
		snprintf(pt->status, sizeof(pt->status), "mode-mismatch");
		snprintf(pt->reason, sizeof(pt->reason), "no readable provenance (%s)", strerror(-ret));
		return;
	}
	if (provcheck_match(&e, &pt->prov_rows, pt->reason, sizeof(pt->reason))) {
		snprintf(pt->status, sizeof(pt->status), "mode-mismatch");
		return;
	}
	snprintf(pt->status, sizeof(pt->status), "ok");
}

static int runner_record(struct runner *c, struct runner_point *pt, enum mode_id mode,
			   const char *kernel, unsigned rep, unsigned position)
{
	const struct plan *p = c->plan;
	const struct provcheck_rank *r0 = pt->prov_rows.n ? &pt->prov_rows.ranks[0] : NULL;
	char reps[16], nodes[24], ranks[24], rpn[24], devino[64], wall[32], pos[16], seed[24];
	struct record_run run = { { 0 } };
	size_t rows = 0;
	bool have_rows = record_bench_rows(pt->csv, &rows) == 0 && rows > 0;
	int ret;

	snprintf(reps, sizeof(reps), "%u", rep);
	snprintf(nodes, sizeof(nodes), "%llu", (unsigned long long)p->nodes);
	snprintf(ranks, sizeof(ranks), "%llu", (unsigned long long)p->ranks);
	snprintf(rpn, sizeof(rpn), "%llu", (unsigned long long)plan_ranks_per_node(p));
	snprintf(wall, sizeof(wall), "%.3f", pt->res.wall_s);
	snprintf(pos, sizeof(pos), "%u", position);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)c->seed);
	if (r0)
		snprintf(devino, sizeof(devino), "%u:%u:%llu", major((dev_t)r0->libmpi_dev),
			 minor((dev_t)r0->libmpi_dev), r0->libmpi_ino);
	run.col[RUNS_COL_campaign] = p->campaign;
	run.col[RUNS_COL_run_id] = pt->run_id;
	run.col[RUNS_COL_repetition] = reps;
	run.col[RUNS_COL_start_time] = pt->start_time;
	run.col[RUNS_COL_mode] = mode_name(mode);
	run.col[RUNS_COL_runtime] = mode_is_native(mode) ? "none" : c->runtime->name;
	run.col[RUNS_COL_image] = runner_image(c, mode);
	run.col[RUNS_COL_image_sha256] = mode_is_native(mode) ? NULL : c->image_sha256[mode];
	run.col[RUNS_COL_launcher] = runner_launcher(c, mode)->name;
	run.col[RUNS_COL_placement] = p->placement;
	run.col[RUNS_COL_nodes] = nodes;
	run.col[RUNS_COL_ranks] = ranks;
	run.col[RUNS_COL_ranks_per_node] = rpn;
	run.col[RUNS_COL_mpi_family] = r0 ? r0->mpi_family : p->mpi;
	run.col[RUNS_COL_libmpi_path] = r0 ? r0->libmpi_path : NULL;
	run.col[RUNS_COL_libmpi_dev_ino] = r0 ? devino : NULL;
	run.col[RUNS_COL_mpi_version] = r0 ? r0->mpi_version : NULL;
	run.col[RUNS_COL_transport] = pt->transport;
	run.col[RUNS_COL_kernel] = kernel;
	run.col[RUNS_COL_status] = pt->status;
	run.col[RUNS_COL_wall_s] = wall;
	run.col[RUNS_COL_log_file] = pt->log + strlen(c->rec.dir) + 1;
	run.col[RUNS_COL_round_position] = pos;
	run.col[RUNS_COL_seed] = seed;
	run.col[RUNS_COL_note] = pt->note;
	ret = record_append_run(&c->rec, &run, have_rows ? pt->csv : NULL, NULL);
	if (ret)
		errors_log("cannot append run %s to %s: %s; the run is not recorded and the file keeps its "
			   "whole rows (--resume runs it again)", pt->run_id, c->rec.runs_csv,
			   ret == -EBADMSG ? "an unterminated quote before its last rows (fix it by hand)"
			   : strerror(-ret));
	return ret;
}

/* On a terminal: "[progress] round N: MODE KERNEL ..." while the launch
 * runs, redrawn with its elapsed time by runner_progress_tick; elsewhere
 * nothing until the run's line. */
static void runner_progress_start(struct runner *c, enum mode_id mode, const char *kernel, unsigned rep)
{
	snprintf(c->live, sizeof(c->live), "[%s] round %u: %s %s ...", c->progress, rep, mode_name(mode), kernel);
	if (!c->tty)
		return;
	fputs(c->live, stdout);
	fflush(stdout);
}

/* proc_run's tick (about once a second, terminal only): the launch's
 * elapsed time at the end of the line, redrawn in place. */
static void runner_progress_tick(void *arg, double elapsed_s)
{
	const struct runner *c = arg;

	fprintf(stdout, "\r\033[K%s %.0fs", c->live, elapsed_s);
	fflush(stdout);
}

static void runner_progress_end(const struct runner *c, const struct runner_point *pt)
{
	if (c->tty)
		fputs("\r\033[K", stdout);
	fprintf(stdout, "%s %s %.1fs", c->live, pt->status, pt->res.wall_s);
	if (strcmp(pt->status, "ok") != 0)
		fprintf(stdout, ": %s (%s)", pt->reason, pt->log);
	else if (pt->note[0])
		fprintf(stdout, " (%.*s)", (int)strcspn(pt->note, ":"), pt->note);
	fputc('\n', stdout);
	fflush(stdout);
}

int runner_compose_point(struct runner *c, enum mode_id mode, enum kernels_id kid, unsigned rep,
			 struct compose_cmd *out)
{
	const char *kernel = kernels_at(kid)->name;
	struct runner_point pt = { .transport = "" };
	int ret = runner_name_point(c, &pt, mode, kernel, rep);

	if (!ret)
		ret = runner_compose(c, &pt, mode, kernel);
	if (!ret) {
		*out = pt.cmd;
		memset(&pt.cmd, 0, sizeof(pt.cmd));
	}
	runner_point_free(&pt);
	return ret;
}

int runner_run_point(struct runner *c, enum mode_id mode, enum kernels_id kid, unsigned rep,
		     unsigned position)
{
	const char *kernel = kernels_at(kid)->name;
	struct runner_point pt = { .transport = "" };
	struct proc_req req = { 0 };
	char tag[256];
	time_t now;
	FILE *fp;
	int ret;

	c->index++;
	ret = runner_name_point(c, &pt, mode, kernel, rep);
	if (!ret)
		ret = runner_compose(c, &pt, mode, kernel);
	if (ret)
		goto out;
	if (c->plan->dry_run) {
		compose_cmd_print(&pt.cmd, stdout);
		goto out;
	}
	unlink(pt.work_csv);
	unlink(pt.work_prov);
	now = time(NULL);
	strftime(pt.start_time, sizeof(pt.start_time), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fp = fopen(pt.log, "a");
	if (!fp) {
		ret = -errno;
		errors_log("cannot write %s: %s", pt.log, strerror(-ret));
		goto out;
	}
	fprintf(fp, "# parity run %s, started %s\n# ", pt.run_id, pt.start_time);
	compose_cmd_print(&pt.cmd, fp);
	fclose(fp);
	runner_progress_start(c, mode, kernel, rep);
	snprintf(tag, sizeof(tag), "%d/%s/%s", (int)getpid(), c->plan->campaign, pt.run_id);
	req.argv = pt.cmd.argv.v;
	req.env = &pt.cmd.env;
	req.out = req.err = PROC_FILE;
	req.log_path = pt.log;
	req.tag = tag;
	req.timeout_s = (double)c->plan->timeout_s;
	req.grace_s = c->grace_s;
	if (c->plan->finalize_grace_s > 0) {
		req.done = runner_output_complete;
		req.done_arg = &pt;
		req.done_grace_s = c->plan->finalize_grace_s;
	}
	if (c->tty) {
		req.tick = runner_progress_tick;
		req.tick_arg = c;
	}
	ret = proc_run(&req, &pt.res);
	if (ret) {
		/* The binaries were checked up front: this is the machine's problem. */
		snprintf(pt.status, sizeof(pt.status), "failed");
		snprintf(pt.reason, sizeof(pt.reason), "cannot start %s: %s", pt.cmd.argv.v[0], strerror(-ret));
		ret = 0;
	} else {
		if (pt.res.interrupted) {
			/* Not recorded: --resume runs it again. */
			runner_log_line(pt.log, "# parity: %s%s\n", "interrupted, not recorded", "");
			ret = -EINTR;
			goto out;
		}
		c->launches_wall_s += pt.res.wall_s;
		/* A file the campaign cannot hold (disk full) is the machine's
		 * problem, never the run's verdict: stop, record nothing. */
		if ((ret = runner_collect(pt.work_csv, pt.csv)) == -ENOENT)
			ret = 0;
		if (!ret && (ret = runner_collect(pt.work_prov, pt.prov)) == -ENOENT)
			ret = 0;
		if (ret) {
			errors_log("cannot move the results of %s into %s: %s; the run is not recorded "
				   "(--resume runs it again)", pt.run_id, c->rec.logs_dir, strerror(-ret));
			runner_log_line(pt.log, "# parity: %s%s\n", "results not collected, not recorded", "");
			goto out;
		}
		runner_judge(c, &pt, mode);
	}
	/* A killed or failed launch may leave containers behind (podman's conmon). */
	if (!mode_is_native(mode) && c->runtime->cleanup && strcmp(pt.status, "ok") != 0) {
		unsigned removed = 0;
		char count[16];

		if (c->runtime->cleanup(c->workdir, &removed) == 0 && removed) {
			snprintf(count, sizeof(count), "%u", removed);
			runner_log_line(pt.log, "# parity: removed %s container(s) that %s left behind\n", count,
					c->runtime->name);
		}
	}
	if (c->plan->transport_evidence)
		transport_from_log(pt.log, pt.transport, sizeof(pt.transport));
	if (strcmp(pt.status, "ok") != 0)
		runner_log_line(pt.log, "# parity: %s: %s\n", pt.status, pt.reason);
	if (pt.note[0])
		runner_log_line(pt.log, "# parity: %s%s\n", pt.note, "");
	if (pt.res.stragglers)
		runner_log_line(pt.log, "# parity: %s%s\n", "killed processes left behind by the launch", "");
	c->last_wall_s = pt.res.wall_s;
	ret = runner_record(c, &pt, mode, kernel, rep, position);
	if (ret) {
		if (c->tty)
			fputs("\r\033[K", stdout);
		goto out;
	}
	/* Counted only once it is on disk. */
	if (strcmp(pt.status, "ok") == 0 && pt.res.ended_after_done)
		c->finalize_hangs++;
	if (strcmp(pt.status, "ok") == 0)
		c->ok++;
	else if (strcmp(pt.status, "timeout") == 0)
		c->timeouts++;
	else if (strcmp(pt.status, "mode-mismatch") == 0)
		c->mismatches++;
	else
		c->failed++;
	runner_progress_end(c, &pt);
out:
	runner_point_free(&pt);
	return ret;
}
