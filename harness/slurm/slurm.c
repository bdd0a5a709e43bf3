#include "slurm.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parse.h"

int slurm_have(const char *program)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, full[PATH_MAX];
	int found = 0;

	if (strchr(program, '/'))
		return access(program, X_OK) == 0;
	copy = strdup(path && *path ? path : "/usr/bin:/bin");
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(full, sizeof(full), "%s/%s", dir, program);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* Append what fd has to buf (keeping the first len-1 bytes); 0 at EOF. */
static ssize_t slurm_drain(int fd, char *buf, size_t len, size_t *used)
{
	char chunk[4096];
	ssize_t got = read(fd, chunk, sizeof(chunk));

	if (got > 0 && *used + 1 < len) {
		size_t take = (size_t)got < len - 1 - *used ? (size_t)got : len - 1 - *used;

		memcpy(buf + *used, chunk, take);
		*used += take;
		buf[*used] = '\0';
	}
	return got;
}

int slurm_capture(char *const *argv, char *out, size_t len, char *err, size_t errlen, int *status)
{
	int ofd[2], efd[2], st = 0, open_fds = 2;
	char errbuf[8192] = "";
	size_t oused = 0, eused = 0;
	pid_t pid;

	if (len)
		out[0] = '\0';
	if (errlen)
		err[0] = '\0';
	if (!slurm_have(argv[0]))
		return -ENOENT;
	if (pipe(ofd) != 0)
		return -errno;
	if (pipe(efd) != 0) {
		close(ofd[0]);
		close(ofd[1]);
		return -errno;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(ofd[1], STDOUT_FILENO);
		dup2(efd[1], STDERR_FILENO);
		close(ofd[0]);
		close(efd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(ofd[1]);
	close(efd[1]);
	{
		struct pollfd fds[2] = { { .fd = ofd[0], .events = POLLIN }, { .fd = efd[0], .events = POLLIN } };

		while (open_fds > 0) {
			if (poll(fds, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (fds[0].fd >= 0 && fds[0].revents && slurm_drain(ofd[0], out, len, &oused) <= 0) {
				fds[0].fd = -1;
				open_fds--;
			}
			if (fds[1].fd >= 0 && fds[1].revents &&
			    slurm_drain(efd[0], errbuf, sizeof(errbuf), &eused) <= 0) {
				fds[1].fd = -1;
				open_fds--;
			}
		}
	}
	close(ofd[0]);
	close(efd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	/* The last non-empty line of stderr says what went wrong. */
	while (eused && (errbuf[eused - 1] == '\n' || errbuf[eused - 1] == '\r'))
		errbuf[--eused] = '\0';
	if (errlen) {
		const char *nl = strrchr(errbuf, '\n');

		snprintf(err, errlen, "%s", nl ? nl + 1 : errbuf);
	}
	return 0;
}

/* Split one sinfo line into its partition (without the default mark) and
 * node count; *is_default tells whether it was marked. */
static int slurm_sinfo_line(const char *line, char *part, size_t partlen, uint64_t *n, int *is_default)
{
	char word[256] = "", count[64] = "";
	size_t plen;

	if (sscanf(line, "%255s %63s", word, count) != 2 || parse_u64(count, 0, 100000000, n) != 0)
		return -EINVAL;
	plen = strlen(word);
	*is_default = plen > 1 && word[plen - 1] == '*';
	if (*is_default)
		word[--plen] = '\0';
	snprintf(part, partlen, "%s", word);
	return 0;
}

int slurm_parse_partition_nodes(const char *sinfo_out, const char *partition, unsigned long *nodes,
				char *name, size_t namelen)
{
	char want[256] = "", part[256];
	const char *line;
	unsigned long sum = 0;
	uint64_t n;
	int found = 0, is_default, pass;

	if (partition && *partition)
		snprintf(want, sizeof(want), "%s", partition);
	/* Pass 0 finds the default partition's name when none was given. */
	for (pass = want[0] ? 1 : 0; pass < 2; pass++) {
		for (line = sinfo_out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
			if (slurm_sinfo_line(line, part, sizeof(part), &n, &is_default))
				continue;
			if (pass == 0 && is_default && !want[0])
				snprintf(want, sizeof(want), "%s", part);
			if (pass == 1 && strcmp(part, want) == 0) {
				sum += (unsigned long)n;
				found = 1;
			}
		}
		if (!want[0])
			return -ENOENT;
	}
	if (!found)
		return -ENOENT;
	snprintf(name, namelen, "%s", want);
	*nodes = sum;
	return 0;
}

int slurm_parse_job_id(const char *sbatch_out, char *id, size_t len)
{
	size_t n = strspn(sbatch_out, "0123456789");

	if (n == 0 || n >= len || (sbatch_out[n] && !strchr(";\r\n", sbatch_out[n])))
		return -EPROTO;
	memcpy(id, sbatch_out, n);
	id[n] = '\0';
	return 0;
}
