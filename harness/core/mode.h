/* mode: the ways a kernel is launched, the vocabulary that run/ (composes
 * and verifies them), analyze/ (judges container modes against native) and
 * slurm/ (one array task per mode) share. One line per mode:
 * X(id, name on the command line and in runs.csv, one-line description). */
#ifndef PARITY_MODE_H
#define PARITY_MODE_H

#define MODE_LIST(X) \
	X(native,         "native",         "host launcher, host MPI, no container") \
	X(hybrid,         "hybrid",         "host launcher, one container per rank, the image's MPI") \
	X(bind,           "bind",           "host launcher, one container per rank, the host MPI bound in") \
	X(container_only, "container-only", "launcher and MPI inside one container (single node)") \
	X(control,        "control",        "native again, judged like a container mode: an A/A control")

#define MODE_ENUM(id, name, desc) MODE_##id,
enum mode_id { MODE_LIST(MODE_ENUM) MODE_COUNT };
#undef MODE_ENUM

/* The name of m ("container-only"), or "?". */
const char *mode_name(enum mode_id m);
/* The mode called name ("container-only" and "container_only" both work), or -1. */
int mode_find(const char *name);
/* All names, comma separated ("native, hybrid, ..."), for messages and help. */
const char *mode_names(void);
/* 1 for the modes that run on the host without a container (native, control). */
static inline int mode_is_native(enum mode_id m)
{
	return m == MODE_native || m == MODE_control;
}

#endif
