/* proc: the one way parity starts programs: argv vectors (never a shell),
 * the program found in PATH by proc_which, run to completion with an
 * optional time limit, leaving no process behind, its output sent where the
 * caller says (a log file, a buffer, parity's own stderr).
 *
 * The child gets its own process group, stdin from /dev/null, SIGTERM when
 * parity dies, and with a tag the variable PROC_TAG_VAR=tag, which every
 * descendant inherits. When the command ends or times out, the group is
 * signalled (SIGTERM, then SIGKILL after a grace period) and so is every
 * process that carries the tag but escaped the group (setsid, daemonized
 * proxies, podman's conmon children); with proc_become_subreaper, escaped
 * descendants are reaped too. Functions return 0 or a negative errno code
 * and print nothing: the caller knows what the program was for. */
#ifndef PARITY_PROC_H
#define PARITY_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "strvec.h"

#define PROC_TAG_VAR "PARITY_RUN_TAG"

/* Where the child's stdout or stderr goes. */
enum proc_sink {
	PROC_INHERIT,     /* parity's own */
	PROC_NULL,        /* /dev/null */
	PROC_FILE,        /* appended to req->log_path (created if missing) */
	PROC_CAPTURE,     /* stdout only: into res->out (at most req->capture_max bytes) */
	PROC_TO_STDOUT,   /* stderr only: wherever stdout goes (2>&1) */
	PROC_LAST_LINE,   /* stderr only: kept back, its last non-empty line in res->err_last */
	PROC_TEE,         /* stderr only: passed on to parity's stderr, its last non-empty line in res->err_last */
};

struct proc_req {
	char *const *argv;            /* argv[0] is looked up in PATH unless program is set */
	const char *program;          /* the file to execute instead (e.g. /proc/self/exe), or NULL */
	const struct strvec *env;     /* "NAME=VALUE" added to parity's environment */
	const char *cwd;              /* working directory, or NULL for parity's */
	enum proc_sink out, err;
	const char *log_path;         /* PROC_FILE */
	size_t capture_max;           /* PROC_CAPTURE: bytes kept (0: 1 MiB); more sets out_truncated */
	const char *tag;              /* unique per launch, or NULL */
	double timeout_s;             /* 0: no limit */
	double grace_s;               /* between SIGTERM and SIGKILL (0: 1 s) */
	/* Optional: has the command delivered everything it was run for?
	 * Polled about every 100 ms while it runs; from the first true, the
	 * command has done_grace_s more to end by itself, then it is ended
	 * like at a timeout, with res->ended_after_done set instead of
	 * timed_out (a program that hangs on its way out, MPI_Finalize). */
	bool (*done)(void *arg);
	void *done_arg;
	double done_grace_s;
	/* While waiting for the command: called about once a second (never
	 * more often) with the seconds since it started, e.g. to redraw a
	 * progress line. NULL: none. */
	void (*tick)(void *arg, double elapsed_s);
	void *tick_arg;
};

struct proc_result {
	bool timed_out;
	bool ended_after_done;        /* ended done_grace_s after req->done said so */
	double done_after_s;          /* when done first said so (seconds from the start) */
	bool interrupted;             /* parity was asked to stop (proc_trap_signals) */
	int exit_code;                /* valid when !timed_out and !signaled */
	bool signaled;
	int signal;
	double wall_s;
	unsigned stragglers;          /* processes that had to be killed after the command ended */
	char *out;                    /* PROC_CAPTURE: NUL-terminated; free with proc_result_free */
	size_t out_len;
	bool out_truncated;           /* the program wrote more than capture_max */
	char err_last[512];           /* PROC_LAST_LINE, PROC_TEE */
};

/* Run the command; 0 when it could be started (whatever its exit status),
 * -errno when it could not (-ENOENT: program not found in PATH). */
int proc_run(const struct proc_req *req, struct proc_result *res);
void proc_result_free(struct proc_result *res);

/* The exit status as one number: the exit code, 128 + N for signal N. */
int proc_status(const struct proc_result *res);

/* Where exec would find name: name itself when it holds a '/', else the
 * first executable regular file in $PATH (an empty entry is the current
 * directory; no PATH: /usr/bin:/bin). 0 with *path allocated, or -ENOENT. */
int proc_which(const char *name, char **path);
/* Does proc_which find name? */
bool proc_have(const char *name);

/* Signal every process whose environment holds PROC_TAG_VAR=tag; returns
 * how many were found. */
unsigned proc_kill_tagged(const char *tag, int sig);

/* Catch SIGINT, SIGTERM and SIGHUP: a running proc_run then cleans up like
 * at a timeout and returns with res->interrupted set. */
int proc_trap_signals(void);
/* The signal that asked to stop, or 0. */
int proc_stop_requested(void);

/* Make this process a child subreaper (orphaned descendants become our
 * children, so proc_run can reap them). */
int proc_become_subreaper(void);

#endif
