/* errors: how the harness reports a problem, stated once for every module.
 *
 *  1. A function that can fail returns 0 or a negative errno code
 *     (-EINVAL, -ENOENT, -EPROTO, ...): never an exit code, never exit().
 *  2. The function that knows the context (the file and its line, the
 *     option, the image, the program) says what went wrong: ONE line on
 *     stderr through errors_log(), then returns the code. Its callers pass
 *     the code up and print nothing more. A function's contract says
 *     "logs" when it does this; otherwise it prints nothing.
 *  3. A function that cannot know the context (a parser or a check used
 *     from several places, a verdict recorded in a CSV) writes the reason
 *     into its caller's buffer (char *why, size_t len) and prints nothing;
 *     the caller logs it.
 *  4. Only main() and the cmd_<name>() entry points, with the file-static
 *     helpers of their cmd_<name>.c, turn a code into an exit status
 *     (common/exitcodes.h, shared with parity-bench).
 *
 * Every line names the command that is running ("parity sbatch: ..."), also
 * when the message comes from a module another command lent it (plan files
 * read by sbatch). */
#ifndef PARITY_ERRORS_H
#define PARITY_ERRORS_H

/* Name the running command in every line from now on ("sbatch" gives
 * "parity sbatch: "). main calls it before a command runs, and a command
 * that runs another one (merge runs compare) around that call. */
void errors_set_command(const char *name);
/* The running command, "parity NAME" (or "parity" before one runs). */
const char *errors_command(void);

/* One line on stderr: "parity NAME: " then the printf text and a newline. */
void errors_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, as a warning: "parity NAME: warning: ..." (nothing failed). */
void errors_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
