#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROC_CAPTURE_DEFAULT (1u << 20)

/* The signal that asked parity to stop (0: none). Only this file's handler
 * writes it. */
static volatile sig_atomic_t proc_stop_signal;

static void proc_on_signal(int sig)
{
	proc_stop_signal = sig;
}

int proc_trap_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = proc_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a wait must return to notice the signal. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -errno;
	return 0;
}

int proc_stop_requested(void)
{
	return proc_stop_signal;
}

int proc_become_subreaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) ? -errno : 0;
}

static double proc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- PATH */

static bool proc_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int proc_which(const char *name, char **path)
{
	const char *dirs = getenv("PATH"), *p;

	*path = NULL;
	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (!proc_executable(name))
			return -ENOENT;
		*path = strdup(name);
		return *path ? 0 : -ENOMEM;
	}
	if (!dirs || !*dirs)
		dirs = "/usr/bin:/bin";
	for (p = dirs; p;) {
		const char *colon = strchr(p, ':');
		int len = colon ? (int)(colon - p) : (int)strlen(p);
		char *cand;

		/* POSIX: an empty entry is the current directory. */
		if (asprintf(&cand, "%.*s/%s", len ? len : 1, len ? p : ".", name) < 0)
			return -ENOMEM;
		if (proc_executable(cand)) {
			*path = cand;
			return 0;
		}
		free(cand);
		p = colon ? colon + 1 : NULL;
	}
	return -ENOENT;
}

bool proc_have(const char *name)
{
	char *path = NULL;
	int ret = proc_which(name, &path);

	free(path);
	return ret == 0;
}

/* ---------------------------------------------------------------- tags */

/* Does /proc/<pid>/environ hold needle ("NAME=VALUE")? */
static int proc_environ_has(const char *pid, const char *needle)
{
	char path[64], buf[65536];
	size_t len = strlen(needle), off = 0;
	ssize_t got;
	int fd, found = 0;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (!found && (got = read(fd, buf + off, sizeof(buf) - 1 - off)) > 0) {
		char *p = buf, *end = buf + off + got;

		*end = '\0';
		/* Entries are NUL separated; compare whole entries. */
		while (p < end) {
			size_t l = strnlen(p, (size_t)(end - p));

			if (p + l == end)
				break;
			if (l == len && memcmp(p, needle, len) == 0) {
				found = 1;
				break;
			}
			p += l + 1;
		}
		/* Keep a partial last entry for the next read. */
		off = (size_t)(end - p);
		if (off >= sizeof(buf) - 1)
			off = 0;
		memmove(buf, p, off);
	}
	if (!found && off == len && memcmp(buf, needle, len) == 0)
		found = 1;
	close(fd);
	return found;
}

unsigned proc_kill_tagged(const char *tag, int sig)
{
	char needle[512];
	struct dirent *de;
	unsigned n = 0;
	DIR *d;

	snprintf(needle, sizeof(needle), "%s=%s", PROC_TAG_VAR, tag);
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 1 || pid == getpid())
			continue;
		if (proc_environ_has(de->d_name, needle)) {
			kill((pid_t)pid, sig);
			n++;
		}
	}
	closedir(d);
	return n;
}

/* ---------------------------------------------------------------- output */

/* The parent's ends of the child's output pipes, and what was read. */
struct proc_io {
	const struct proc_req *req;
	struct proc_result *res;
	int out_fd, err_fd;          /* -1: not piped, or at end of file */
	size_t out_cap;
	char line[sizeof(((struct proc_result *)0)->err_last)];
	size_t line_len;
};

static void proc_io_out(struct proc_io *io, const char *buf, size_t n)
{
	struct proc_result *res = io->res;
	size_t max = io->req->capture_max ? io->req->capture_max : PROC_CAPTURE_DEFAULT;
	size_t take = n;

	if (res->out_len + take > max) {
		take = max - res->out_len;
		res->out_truncated = true;
	}
	if (res->out_len + take + 1 > io->out_cap) {
		size_t cap = io->out_cap ? io->out_cap : 4096;
		char *nb;

		while (cap < res->out_len + take + 1)
			cap *= 2;
		nb = realloc(res->out, cap);
		if (!nb) {
			res->out_truncated = true;
			return;
		}
		res->out = nb;
		io->out_cap = cap;
	}
	memcpy(res->out + res->out_len, buf, take);
	res->out_len += take;
	res->out[res->out_len] = '\0';
}

/* Keep the last non-empty line; pass the text on for PROC_TEE. */
static void proc_io_err(struct proc_io *io, const char *buf, size_t n)
{
	size_t i;

	if (io->req->err == PROC_TEE) {
		size_t done = 0;

		while (done < n) {
			ssize_t w = write(STDERR_FILENO, buf + done, n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			done += (size_t)w;
		}
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			if (io->line_len) {
				io->line[io->line_len] = '\0';
				memcpy(io->res->err_last, io->line, io->line_len + 1);
			}
			io->line_len = 0;
		} else if (io->line_len + 1 < sizeof(io->line)) {
			io->line[io->line_len++] = buf[i];
		}
	}
}

/* Read what *fd has; close it at end of file. */
static void proc_io_drain(struct proc_io *io, int *fd, int is_out)
{
	char buf[16384];
	ssize_t got = read(*fd, buf, sizeof(buf));

	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (got <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	if (is_out)
		proc_io_out(io, buf, (size_t)got);
	else
		proc_io_err(io, buf, (size_t)got);
}

/* Wait up to timeout_ms for output (and for pidfd, when >= 0), reading
 * what comes. */
static void proc_io_pump(struct proc_io *io, int pidfd, int timeout_ms)
{
	struct pollfd pfd[3];
	nfds_t n = 0;
	int out_at = -1, err_at = -1;

	if (pidfd >= 0)
		pfd[n++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	if (io->out_fd >= 0) {
		out_at = (int)n;
		pfd[n++] = (struct pollfd){ .fd = io->out_fd, .events = POLLIN };
	}
	if (io->err_fd >= 0) {
		err_at = (int)n;
		pfd[n++] = (struct pollfd){ .fd = io->err_fd, .events = POLLIN };
	}
	if (n == 0) {
		struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
		return;
	}
	if (poll(pfd, n, timeout_ms) <= 0)
		return;
	if (out_at >= 0 && pfd[out_at].revents)
		proc_io_drain(io, &io->out_fd, 1);
	if (err_at >= 0 && pfd[err_at].revents)
		proc_io_drain(io, &io->err_fd, 0);
}

static void proc_io_finish(struct proc_io *io)
{
	double deadline = proc_now() + 2.0;

	/* What the killed processes left in the pipes; a pipe still held open
	 * by something else is given up after a moment. */
	while ((io->out_fd >= 0 || io->err_fd >= 0) && proc_now() < deadline)
		proc_io_pump(io, -1, 100);
	if (io->out_fd >= 0)
		close(io->out_fd);
	if (io->err_fd >= 0)
		close(io->err_fd);
	io->out_fd = io->err_fd = -1;
	if (io->line_len) {
		io->line[io->line_len] = '\0';
		memcpy(io->res->err_last, io->line, io->line_len + 1);
	}
}

/* ---------------------------------------------------------------- child */

static int proc_open_log(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* Make target a copy of fd that survives exec (fd may already be target,
 * when parity was started with that descriptor closed). */
static int proc_dup_to(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, target) < 0 ? -1 : 0;
}

/* In the child: wire stdin, stdout and stderr, set the environment, exec.
 * On failure the errno goes to err_fd. */
static void proc_child(const struct proc_req *req, const char *path, int out_w, int err_w, int err_fd)
{
	size_t i;
	int fd;

	setpgid(0, 0);
	/* A parity killed with SIGKILL must not leave the program running. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || proc_dup_to(fd, STDIN_FILENO))
		goto fail;
	if (req->out == PROC_NULL && proc_dup_to(fd, STDOUT_FILENO))
		goto fail;
	if (req->err == PROC_NULL && proc_dup_to(fd, STDERR_FILENO))
		goto fail;
	if (req->out == PROC_FILE || req->err == PROC_FILE) {
		int log = proc_open_log(req->log_path);

		if (log < 0 || (req->out == PROC_FILE && proc_dup_to(log, STDOUT_FILENO)) ||
		    (req->err == PROC_FILE && proc_dup_to(log, STDERR_FILENO)))
			goto fail;
	}
	if (out_w >= 0 && proc_dup_to(out_w, STDOUT_FILENO))
		goto fail;
	if (err_w >= 0 && proc_dup_to(err_w, STDERR_FILENO))
		goto fail;
	if (req->err == PROC_TO_STDOUT && dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
		goto fail;
	if (req->cwd && chdir(req->cwd) != 0)
		goto fail;
	for (i = 0; req->env && i < req->env->n; i++)
		if (putenv(req->env->v[i]) != 0)
			goto fail;
	if (req->tag && setenv(PROC_TAG_VAR, req->tag, 1) != 0)
		goto fail;
	execv(path, req->argv);
fail:
	fd = errno;
	if (write(err_fd, &fd, sizeof(fd)) < 0)
		_exit(127);
	_exit(127);
}

/* ---------------------------------------------------------------- parent */

/* Wait for pid until deadline (monotonic seconds; 0: none), reading its
 * output and calling req's tick (when req is not NULL) at most once a second,
 * the first a second after start; 1 = exited (status set), 0 = deadline
 * passed or parity was asked to stop. With a req that has a done check, the
 * deadline also becomes done_grace_s after done first returns true
 * (res->done_after_s set, and ended_after_done when that deadline is the
 * one that passed). */
static int proc_wait_until(pid_t pid, int pidfd, double deadline, int *status, struct proc_io *io,
			   const struct proc_req *req, double start)
{
	bool watch = req && req->done;
	double done_deadline = 0, next_check = 0, next_tick = start + 1.0;

	for (;;) {
		double now = proc_now(), end = deadline, left;
		pid_t w = waitpid(pid, status, WNOHANG);
		int ms;

		/* ECHILD: reaped already (nothing else waits for it): over. */
		if (w == pid || (w < 0 && errno == ECHILD))
			return 1;
		if (watch && !done_deadline && now >= next_check) {
			next_check = now + 0.1;
			if (req->done(req->done_arg)) {
				done_deadline = now + req->done_grace_s;
				io->res->done_after_s = now - start;
			}
		}
		if (done_deadline && (end <= 0 || done_deadline < end))
			end = done_deadline;
		left = end > 0 ? end - now : 1.0;
		if (left <= 0 || proc_stop_signal) {
			io->res->ended_after_done = !proc_stop_signal && done_deadline && end == done_deadline;
			return 0;
		}
		if (req && req->tick && now >= next_tick) {
			req->tick(req->tick_arg, now - start);
			/* At most once a second, however late this one was. */
			next_tick = now + 1.0;
		}
		if (req && req->tick && next_tick - now < left)
			left = next_tick - now;
		/* Without a pidfd, poll the child every 5 ms. */
		ms = pidfd >= 0 ? (int)(left * 1000) + 1 : 5;
		if (watch && !done_deadline && ms > 100)
			ms = 100;
		proc_io_pump(io, pidfd, ms > 1000 ? 1000 : ms);
	}
}

/* Are any processes of group pgid, or tagged ones, still alive? Reaps what
 * has ended on the way. */
static int proc_leftovers(pid_t pgid, const char *tag)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (kill(-pgid, 0) == 0)
		return 1;
	return tag && proc_kill_tagged(tag, 0) > 0;
}

/* Signal the group and the tagged processes: SIGTERM, a grace period, then
 * SIGKILL; reap everything we can. Returns how many processes were found. */
static unsigned proc_cleanup(pid_t pgid, const char *tag, double grace_s, struct proc_io *io)
{
	double deadline;
	unsigned n = 0;

	/* Reaped zombies must not count as survivors. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (kill(-pgid, SIGTERM) == 0)
		n++;
	if (tag)
		n += proc_kill_tagged(tag, SIGTERM);
	if (!n)
		return 0;
	deadline = proc_now() + grace_s;
	while (proc_now() < deadline && proc_leftovers(pgid, tag))
		proc_io_pump(io, -1, 20);
	kill(-pgid, SIGKILL);
	if (tag)
		proc_kill_tagged(tag, SIGKILL);
	/* Killed processes become zombies of ours only if they were our
	 * descendants; give the kernel a moment, then reap. */
	deadline = proc_now() + 2.0;
	while (proc_now() < deadline && proc_leftovers(pgid, tag))
		proc_io_pump(io, -1, 10);
	return n;
}

static int proc_pipe(bool want, int fds[2])
{
	fds[0] = fds[1] = -1;
	return want && pipe2(fds, O_CLOEXEC) != 0 ? -errno : 0;
}

static void proc_close_pair(int fds[2])
{
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
}

int proc_run(const struct proc_req *req, struct proc_result *res)
{
	int status_pipe[2], out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	int child_errno = 0, status = 0, pidfd, ret;
	struct proc_io io = { .req = req, .res = res, .out_fd = -1, .err_fd = -1 };
	double start, grace = req->grace_s > 0 ? req->grace_s : 1.0;
	char *path = NULL;
	pid_t pid;
	ssize_t got;

	memset(res, 0, sizeof(*res));
	ret = req->program ? ((path = strdup(req->program)) ? 0 : -ENOMEM) : proc_which(req->argv[0], &path);
	if (!ret && req->cwd && path[0] != '/') {
		/* The child changes directory before exec. */
		char *abs = realpath(path, NULL);

		free(path);
		path = abs;
		ret = path ? 0 : -ENOENT;
	}
	if (ret)
		return ret;
	if (pipe2(status_pipe, O_CLOEXEC) != 0 || (ret = proc_pipe(req->out == PROC_CAPTURE, out_pipe)) ||
	    (ret = proc_pipe(req->err == PROC_LAST_LINE || req->err == PROC_TEE, err_pipe))) {
		ret = ret ? ret : -errno;
		free(path);
		return ret;
	}
	fflush(NULL);
	start = proc_now();
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		proc_close_pair(status_pipe);
		proc_close_pair(out_pipe);
		proc_close_pair(err_pipe);
		free(path);
		return ret;
	}
	if (pid == 0)
		proc_child(req, path, out_pipe[1], err_pipe[1], status_pipe[1]);
	free(path);
	/* Both sides set the group, so no signal can race the child's setpgid. */
	setpgid(pid, pid);
	close(status_pipe[1]);
	if (out_pipe[1] >= 0)
		close(out_pipe[1]);
	if (err_pipe[1] >= 0)
		close(err_pipe[1]);
	io.out_fd = out_pipe[0];
	io.err_fd = err_pipe[0];
	while ((got = read(status_pipe[0], &child_errno, sizeof(child_errno))) < 0 && errno == EINTR)
		;
	close(status_pipe[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		waitpid(pid, NULL, 0);
		proc_io_finish(&io);
		proc_result_free(res);
		return -child_errno;
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (!proc_wait_until(pid, pidfd, req->timeout_s > 0 ? start + req->timeout_s : 0, &status, &io, req, start)) {
		res->interrupted = proc_stop_signal != 0;
		res->timed_out = !res->interrupted && !res->ended_after_done;
		res->wall_s = proc_now() - start;
		/* Collect its status before the cleanup reaps it anonymously. */
		kill(-pid, SIGTERM);
		proc_wait_until(pid, pidfd, proc_now() + grace, &status, &io, NULL, start);
		proc_cleanup(pid, req->tag, grace, &io);
		waitpid(pid, &status, 0);
	} else {
		res->wall_s = proc_now() - start;
		res->stragglers = proc_cleanup(pid, req->tag, grace, &io);
	}
	if (pidfd >= 0)
		close(pidfd);
	proc_io_finish(&io);
	if (WIFEXITED(status)) {
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signaled = true;
		res->signal = WTERMSIG(status);
	}
	return 0;
}

void proc_result_free(struct proc_result *res)
{
	free(res->out);
	res->out = NULL;
	res->out_len = 0;
}

int proc_status(const struct proc_result *res)
{
	return res->signaled ? 128 + res->signal : res->exit_code;
}
