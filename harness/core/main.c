/* parity: run MPI kernels natively and in containers, compare, plot, report. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "core/errors.h"
#include "exitcodes.h"
#include "kernels.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

#define COMMANDS_ENTRY(n, s) { #n, cmd_##n, s },
static const struct command commands[] = {
	PARITY_COMMAND_LIST(COMMANDS_ENTRY)
};
#undef COMMANDS_ENTRY

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: parity COMMAND [OPTIONS]   (parity COMMAND --help for its options)\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("parity %s (kernels built with %s, launcher %s)\n", PACKAGE_VERSION,
	       PARITY_MPI_FAMILY, PARITY_MPIEXEC);
	return PARITY_EXIT_OK;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return PARITY_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return PARITY_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			errors_set_command(commands[i].name);
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	errors_log("unknown command '%s' (see parity --help)", argv[1]);
	return PARITY_EXIT_USAGE;
}
