#include "bind.h"

#include <errno.h>
#include <string.h>

#include <hwloc.h>

/* The core whose PUs hold the whole set, or NULL. */
static hwloc_obj_t bind_single_core(hwloc_topology_t topo, hwloc_const_cpuset_t set)
{
	hwloc_obj_t core = NULL;

	while ((core = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_CORE, core)))
		if (!hwloc_bitmap_iszero(set) && hwloc_bitmap_isincluded(set, core->cpuset))
			return core;
	return NULL;
}

static int bind_choose(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, int local_rank)
{
	hwloc_obj_t core = NULL, pick = NULL;
	int n = 0, want;

	while ((core = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_CORE, core)))
		if (hwloc_bitmap_intersects(core->cpuset, allowed))
			n++;
	if (n == 0)
		return -ENODEV;
	want = local_rank % n;
	while ((core = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_CORE, core)))
		if (hwloc_bitmap_intersects(core->cpuset, allowed) && want-- == 0) {
			pick = core;
			break;
		}
	if (hwloc_set_cpubind(topo, pick->cpuset, HWLOC_CPUBIND_PROCESS) != 0)
		return -errno;
	return 0;
}

int bind_apply(int want_core, int local_rank, struct bind_info *out)
{
	hwloc_topology_t topo;
	hwloc_bitmap_t cur = NULL;
	hwloc_obj_t core, numa = NULL;
	int ret = 0;

	out->core = -1;
	out->numa_node = -1;
	out->how = "none";
	strcpy(out->cpuset, "?");
	if (hwloc_topology_init(&topo) != 0)
		return -ENOMEM;
	if (hwloc_topology_load(topo) != 0) {
		ret = -EIO;
		goto out;
	}
	cur = hwloc_bitmap_alloc();
	if (!cur) {
		ret = -ENOMEM;
		goto out;
	}
	if (hwloc_get_cpubind(topo, cur, HWLOC_CPUBIND_PROCESS) != 0) {
		ret = -errno;
		goto out;
	}
	if (bind_single_core(topo, cur)) {
		out->how = "launcher";
	} else if (want_core) {
		ret = bind_choose(topo, cur, local_rank);
		if (ret)
			goto out;
		if (hwloc_get_cpubind(topo, cur, HWLOC_CPUBIND_PROCESS) != 0) {
			ret = -errno;
			goto out;
		}
		out->how = "hwloc";
	}
	hwloc_bitmap_list_snprintf(out->cpuset, sizeof(out->cpuset), cur);
	core = bind_single_core(topo, cur);
	if (core)
		out->core = (int)core->logical_index;
	while ((numa = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, numa)))
		if (hwloc_bitmap_isincluded(cur, numa->cpuset)) {
			out->numa_node = (int)numa->logical_index;
			break;
		}
out:
	hwloc_bitmap_free(cur);
	hwloc_topology_destroy(topo);
	return ret;
}
