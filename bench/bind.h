/* bind: pin this rank to one core with hwloc, and say where it runs. */
#ifndef PARITY_BENCH_BIND_H
#define PARITY_BENCH_BIND_H

struct bind_info {
	int core;               /* hwloc logical index of the core, -1 if not bound to one core */
	int numa_node;          /* logical index of the NUMA node holding the cpuset, -1 if several */
	char cpuset[64];        /* the binding as a PU list, e.g. "0" or "0-1" */
	const char *how;        /* "launcher" (kept), "hwloc" (ours), "none" */
};

/* With want_core, bind to one core unless the launcher already bound this
 * process to a single core: the core is the local_rank-th (modulo) of the
 * cores the current binding allows, so ranks of one node get different
 * cores. Returns 0 or a negative errno code (the hwloc call failed). */
int bind_apply(int want_core, int local_rank, struct bind_info *out);

#endif
