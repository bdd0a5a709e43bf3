/* spawn: run one command line to completion, with a time limit, leaving no
 * process behind.
 *
 * The child gets its own process group, stdin from /dev/null, stdout and
 * stderr appended to a log file, and a tag variable (SPAWN_TAG_VAR=tag) in
 * its environment that every descendant inherits. When the command ends or
 * times out, the group is signalled (SIGTERM, then SIGKILL after a grace
 * period) and so is every process that carries the tag but escaped the
 * group (setsid, daemonized proxies, podman's conmon children); parity is a
 * child subreaper, so escaped descendants are reaped too. Functions return
 * 0 or a negative errno code. */
#ifndef PARITY_SPAWN_H
#define PARITY_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "strvec.h"

#define SPAWN_TAG_VAR "PARITY_RUN_TAG"

struct spawn_req {
	char *const *argv;            /* argv[0] is looked up in PATH */
	const struct strvec *env;     /* "NAME=VALUE" added to parity's environment */
	const char *log_path;         /* appended to; created if missing */
	const char *tag;              /* unique per launch */
	double timeout_s;
	double grace_s;               /* between SIGTERM and SIGKILL */
};

struct spawn_result {
	bool timed_out;
	bool interrupted;             /* parity was asked to stop (spawn_trap_signals) */
	int exit_code;                /* valid when !timed_out and !signaled */
	bool signaled;
	int signal;
	double wall_s;
	unsigned stragglers;          /* processes that had to be killed after the command ended */
};

/* Run the command; 0 when it could be started (whatever its exit status),
 * -errno when it could not (-ENOENT: program not found). */
int spawn_run(const struct spawn_req *req, struct spawn_result *res);

/* Signal every process whose environment holds SPAWN_TAG_VAR=tag; returns
 * how many were found. */
unsigned spawn_kill_tagged(const char *tag, int sig);

/* Catch SIGINT, SIGTERM and SIGHUP: a running spawn_run then cleans up like
 * at a timeout and returns with res->interrupted set. */
int spawn_trap_signals(void);
/* The signal that asked to stop, or 0. */
int spawn_stop_requested(void);

/* Make this process a child subreaper (orphaned descendants become our
 * children, so spawn_run can reap them). */
int spawn_become_subreaper(void);

#endif
