/* transport: which transport the MPI really used, from its own logs.
 *
 * parity asks the MPI to log its choice at start-up only (never inside a
 * timed loop): MPICH over UCX with UCX_LOG_LEVEL=info prints one
 * `ep_cfg[N]: tag(cma/memory sysv/memory)` line per endpoint configuration;
 * Open MPI with pml_base_verbose and btl_base_verbose names the selected PML
 * and the BTL used for each peer. A run's evidence is written as
 * "PML:NAME,NAME" or "NAME,NAME" (each name once, "self" left out), e.g.
 * "ob1:vader", "cma,sysv", "tcp". A network lane keeps its device,
 * "tcp/eth0" vs "tcp/fab0" (UCX's lanes; the interfaces Open MPI's TCP BTL
 * opened), so the evidence shows which network ran; classes (shared
 * memory, fabric, tcp) ignore the device. */
#ifndef PARITY_TRANSPORT_H
#define PARITY_TRANSPORT_H

#include <stddef.h>

#include "core/strvec.h"

/* Environment that makes the MPI family log its transport ("NAME=VALUE").
 * Returns 0 or -ENOMEM. */
int transport_env(const char *family, struct strvec *env);

/* The transport a run's log says was selected, or "" when the log does not
 * tell. Returns 0 or -errno when the log cannot be read. */
int transport_from_log(const char *log_path, char *out, size_t len);

/* Add the names of evidence `more` to the list in out (same format), each
 * name once, in order of appearance. */
void transport_merge(char *out, size_t len, const char *more);

/* 1 when the container's evidence shows a slower path than native's: native
 * used shared memory (sysv, posix, cma, xpmem, knem, vader, sm) or a fabric
 * (rc, dc, ud, ofi, psm2, openib, ugni, ...) that the container did not use
 * while it used something else (tcp, ...). 0 when either side has no
 * evidence. */
int transport_is_fallback(const char *native, const char *container);

#endif
