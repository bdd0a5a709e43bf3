#include "spawn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The signal that asked parity to stop (0: none). Only this file's handler
 * writes it. */
static volatile sig_atomic_t spawn_stop_signal;

static void spawn_on_signal(int sig)
{
	spawn_stop_signal = sig;
}

int spawn_trap_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = spawn_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a wait must return to notice the signal. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -errno;
	return 0;
}

int spawn_stop_requested(void)
{
	return spawn_stop_signal;
}

static double spawn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int spawn_become_subreaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) ? -errno : 0;
}

/* Does /proc/<pid>/environ hold needle ("NAME=VALUE")? */
static int spawn_environ_has(const char *pid, const char *needle)
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

unsigned spawn_kill_tagged(const char *tag, int sig)
{
	char needle[512];
	struct dirent *de;
	unsigned n = 0;
	DIR *d;

	snprintf(needle, sizeof(needle), "%s=%s", SPAWN_TAG_VAR, tag);
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 1 || pid == getpid())
			continue;
		if (spawn_environ_has(de->d_name, needle)) {
			kill((pid_t)pid, sig);
			n++;
		}
	}
	closedir(d);
	return n;
}

static void spawn_child(const struct spawn_req *req, int err_fd)
{
	size_t i;
	int fd;

	setpgid(0, 0);
	/* A parity killed with SIGKILL must not leave the launch running. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	fd = open(req->log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		goto fail;
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	for (i = 0; req->env && i < req->env->n; i++)
		if (putenv(req->env->v[i]) != 0)
			goto fail;
	if (setenv(SPAWN_TAG_VAR, req->tag, 1) != 0)
		goto fail;
	execvp(req->argv[0], req->argv);
fail:
	fd = errno;
	if (write(err_fd, &fd, sizeof(fd)) < 0)
		_exit(127);
	_exit(127);
}

/* Wait for pid until deadline (monotonic seconds); 1 = exited (status set),
 * 0 = deadline passed. */
static int spawn_wait_until(pid_t pid, int pidfd, double deadline, int *status)
{
	for (;;) {
		double left = deadline - spawn_now();
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		pid_t w = waitpid(pid, status, WNOHANG);

		if (w == pid)
			return 1;
		if (left <= 0 || spawn_stop_signal)
			return 0;
		if (pidfd >= 0) {
			poll(&pfd, 1, (int)(left * 1000) + 1);
		} else {
			struct timespec ts = { 0, 5000000 };

			nanosleep(&ts, NULL);
		}
	}
}

/* Are any processes of group pgid, or tagged ones, still alive? Reaps what
 * has ended on the way. */
static int spawn_leftovers(pid_t pgid, const char *tag)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (kill(-pgid, 0) == 0)
		return 1;
	return spawn_kill_tagged(tag, 0) > 0;
}

/* Signal the group and the tagged processes: SIGTERM, a grace period, then
 * SIGKILL; reap everything we can. Returns how many processes were found. */
static unsigned spawn_cleanup(pid_t pgid, const char *tag, double grace_s)
{
	double deadline;
	unsigned n = 0;

	/* Reaped zombies must not count as survivors. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (kill(-pgid, SIGTERM) == 0)
		n++;
	n += spawn_kill_tagged(tag, SIGTERM);
	if (!n)
		return 0;
	deadline = spawn_now() + grace_s;
	while (spawn_now() < deadline && spawn_leftovers(pgid, tag)) {
		struct timespec ts = { 0, 20000000 };

		nanosleep(&ts, NULL);
	}
	kill(-pgid, SIGKILL);
	spawn_kill_tagged(tag, SIGKILL);
	/* Killed processes become zombies of ours only if they were our
	 * descendants; give the kernel a moment, then reap. */
	deadline = spawn_now() + 2.0;
	while (spawn_now() < deadline && spawn_leftovers(pgid, tag)) {
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	return n;
}

int spawn_run(const struct spawn_req *req, struct spawn_result *res)
{
	int pipefd[2], child_errno = 0, status = 0, pidfd;
	double start, deadline;
	pid_t pid;
	ssize_t got;

	memset(res, 0, sizeof(*res));
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return -errno;
	start = spawn_now();
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -errno;
	}
	if (pid == 0)
		spawn_child(req, pipefd[1]);
	/* Both sides set the group, so no signal can race the child's setpgid. */
	setpgid(pid, pid);
	close(pipefd[1]);
	got = read(pipefd[0], &child_errno, sizeof(child_errno));
	close(pipefd[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		waitpid(pid, NULL, 0);
		return -child_errno;
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	deadline = start + req->timeout_s;
	if (!spawn_wait_until(pid, pidfd, deadline, &status)) {
		res->interrupted = spawn_stop_signal != 0;
		res->timed_out = !res->interrupted;
		res->wall_s = spawn_now() - start;
		/* Collect its status before the cleanup reaps it anonymously. */
		kill(-pid, SIGTERM);
		spawn_wait_until(pid, pidfd, spawn_now() + req->grace_s, &status);
		spawn_cleanup(pid, req->tag, req->grace_s);
		waitpid(pid, &status, 0);
	} else {
		res->wall_s = spawn_now() - start;
		res->stragglers = spawn_cleanup(pid, req->tag, req->grace_s);
	}
	if (pidfd >= 0)
		close(pidfd);
	if (WIFEXITED(status)) {
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signaled = true;
		res->signal = WTERMSIG(status);
	}
	return 0;
}
