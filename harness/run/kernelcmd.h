/* kernelcmd: the kernel's part of a launch, from the plan: its arguments
 * and where its binary is, on the host and inside images. Functions return
 * 0 or a negative errno code. */
#ifndef PARITY_KERNELCMD_H
#define PARITY_KERNELCMD_H

#include "core/strvec.h"
#include "plan.h"

/* The kernel arguments of one launch: KERNEL -m MIN:MAX -i N -x N
 * [kernel-args] --csv=CSV --provenance=PROV --bind=B. */
int kernelcmd_argv(const struct plan *p, const char *kernel, const char *csv_path,
		     const char *prov_path, struct strvec *out);

/* The kernels binary for native mode: plan->bench, else $PARITY_BENCH, else
 * next to the running parity (build tree: ../bench/parity-bench; installed:
 * the same directory). Writes a malloc'ed path to *out; -ENOENT if none is
 * executable. */
int kernelcmd_host_bench(const struct plan *p, char **out);
/* The kernels binary inside images (plan->image_bench or
 * /opt/parity/<mpi>/bin/parity-bench), malloc'ed. */
char *kernelcmd_image_bench(const struct plan *p);

#endif
