#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "analyze/transport.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/parity-test-transport.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_transport_from_log(void **state)
{
	static const struct { const char *log, *want; } cases[] = {
		{ "[vm:1] select: component ob1 selected\n[vm:1] mca: bml: Using vader btl for send to [[1,1],1] on node vm\n"
		  "[vm:1] mca: bml: Using self btl for send to [[1,1],0] on node vm\n", "ob1:vader" },
		{ "[vm:1] select: component ucx selected\n", "ucx" },
		{ "[1700000000.1] [vm:1] ucp_worker.c:1888 UCX INFO ep_cfg[1]: tag(posix/memory cma/memory);\n", "posix,cma" },
		/* A network lane keeps its device (which network ran), a
		 * shared-memory one does not (its device is "memory"). */
		{ "[vm:1] ucp_worker.c:1888 UCX INFO ep_cfg[2]: tag(tcp/lo);\n", "tcp/lo" },
		{ "[node1:1] UCX INFO ep_cfg[0]: tag(self/memory0 cma/memory) rma(self/memory0 sysv/memory)\n"
		  "[node1:1] UCX INFO ep_cfg[1]: tag(tcp/fab0 tcp/eth0) rma_am(tcp/fab0)\n"
		  "[node2:2] UCX INFO ep_cfg[1]: tag(tcp/fab0)\n", "cma,tcp/fab0,tcp/eth0" },
		{ "[n1:1] UCX INFO ep_cfg[0]: tag(self/memory sysv/memory)\n"
		  "[n1:1] UCX INFO ep_cfg[1]: tag(rc_mlx5/mlx5_0:1 sysv/memory)\n", "sysv,rc_mlx5/mlx5_0" },
		/* Every rank logs its endpoints: each name once (it used to read
		 * "cma,sysv,cma,sysv,cma,cma"). */
		{ "[vm:1] UCX INFO ep_cfg[0]: tag(self/memory cma/memory sysv/memory)\n"
		  "[vm:2] UCX INFO ep_cfg[0]: tag(self/memory cma/memory sysv/memory)\n"
		  "[vm:1] UCX INFO ep_cfg[1]: tag(cma/memory sysv/memory)\n"
		  "[vm:2] UCX INFO ep_cfg[1]: tag(cma/memory)\n", "cma,sysv" },
		{ "[a:1] select: component ob1 selected\n[b:2] select: component ob1 selected\n"
		  "[a:1] Using tcp btl for send to x\n[b:2] Using tcp btl for send to y\n"
		  "[a:1] Using vader btl for send to z\n", "ob1:tcp,vader" },
		/* Open MPI's TCP BTL: the interfaces it opened name the network;
		 * examined interfaces alone (TCP not used for any peer) do not. */
		{ "[n1:1] select: component ob1 selected\n[n1:1] btl:tcp: examining interface fab0\n"
		  "[n2:2] btl:tcp: examining interface fab0\n[n1:1] btl:tcp: examining interface eth0\n"
		  "[n1:1] mca: bml: Using tcp btl for send to [[1,1],1] on node n2\n", "ob1:tcp/fab0,tcp/eth0" },
		{ "[vm:1] select: component ob1 selected\n[vm:1] btl:tcp: examining interface eth0\n"
		  "[vm:1] Using vader btl for send to [[1,1],1] on node vm\n", "ob1:vader" },
		{ "nothing to see\n", "" },
	};
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *fp = fopen(path, "w");

		fputs(cases[i].log, fp);
		fclose(fp);
		assert_int_equal(transport_from_log(path, out, sizeof(out)), 0);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out, cases[i].want);
	}
	assert_int_equal(transport_from_log("/nonexistent/log", out, sizeof(out)), -2);
}

static void test_transport_merge(void **state)
{
	char out[128] = "";

	(void)state;
	transport_merge(out, sizeof(out), "cma,sysv");
	assert_string_equal(out, "cma,sysv");
	transport_merge(out, sizeof(out), "sysv,cma");
	assert_string_equal(out, "cma,sysv");
	transport_merge(out, sizeof(out), "tcp");
	assert_string_equal(out, "cma,sysv,tcp");
	transport_merge(out, sizeof(out), "");
	assert_string_equal(out, "cma,sysv,tcp");
	strcpy(out, "ob1:vader");
	transport_merge(out, sizeof(out), "ob1:tcp");
	assert_string_equal(out, "ob1:vader,tcp");
	transport_merge(out, sizeof(out), "ucx");
	assert_string_equal(out, "ob1:vader,tcp,ucx");
	/* Never overflows: names that do not fit are left out. */
	{
		char small[8] = "";

		transport_merge(small, sizeof(small), "cma,sysv,posix");
		assert_string_equal(small, "cma");
	}
}

static void test_transport_fallback(void **state)
{
	(void)state;
	/* Shared memory natively, TCP in the container: the classic fallback. */
	assert_true(transport_is_fallback("cma,sysv", "tcp"));
	assert_true(transport_is_fallback("ob1:vader", "ob1:tcp"));
	/* A fabric between nodes natively, TCP in the container. */
	assert_true(transport_is_fallback("rc_mlx5,sysv", "tcp,sysv"));
	assert_true(transport_is_fallback("ob1:openib,vader", "ob1:tcp,vader"));
	/* Another shared-memory flavour is not a fallback. */
	assert_false(transport_is_fallback("cma,sysv", "posix,cma"));
	assert_false(transport_is_fallback("cma,sysv", "cma,sysv"));
	assert_false(transport_is_fallback("ob1:vader", "ob1:vader"));
	/* TCP both ways (inter-node over Ethernet): the same path. */
	assert_false(transport_is_fallback("tcp", "tcp"));
	/* The device does not change the class: another network is not a
	 * slower transport class (the names show it). */
	assert_false(transport_is_fallback("tcp/fab0", "tcp/eth0"));
	assert_true(transport_is_fallback("rc_mlx5/mlx5_0,sysv", "tcp/eth0,sysv"));
	assert_true(transport_is_fallback("cma,sysv", "tcp/lo"));
	/* No evidence on a side: no verdict from evidence. */
	assert_false(transport_is_fallback("", "tcp"));
	assert_false(transport_is_fallback("cma,sysv", ""));
	assert_false(transport_is_fallback(NULL, "tcp"));
	/* Only a PML named: nothing to compare. */
	assert_false(transport_is_fallback("cma,sysv", "ucx"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transport_from_log),
		cmocka_unit_test(test_transport_merge),
		cmocka_unit_test(test_transport_fallback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
