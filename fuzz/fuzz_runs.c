/* runs.csv: the campaign reader (compare, plot, report), the --resume
 * reader, and the tail repair of appends. Properties checked: a repair
 * never changes a byte before the last whole record, adds at most a '\n',
 * and the torn tail it cuts is exactly what it sets aside. */
#include <errno.h>
#include <limits.h>

#include "analyze/campaign.h"
#include "csvio.h"
#include "fuzz_common.h"
#include "run/record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static size_t fuzz_slurp(const char *path, char **out)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	*out = NULL;
	if (!fp)
		return 0;
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	rewind(fp);
	buf = malloc(len + 1);
	if (!buf || fread(buf, 1, len, fp) != len)
		abort();
	fclose(fp);
	*out = buf;
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	char runs[PATH_MAX], side[PATH_MAX], *after = NULL, *aside = NULL;
	struct campaign_set set = { 0 };
	struct record_done done;
	struct csvio_repair rep;
	size_t alen, slen;

	snprintf(runs, sizeof(runs), "%s/runs.csv", dir);
	snprintf(side, sizeof(side), "%s/runs.csv.torn", dir);
	fuzz_write(runs, data, size);
	unlink(side);
	campaign_load(&set, dir, "fuzz");
	campaign_free(&set);
	if (record_read_done(runs, &done) == 0)
		record_done_free(&done);
	if (csvio_repair(runs, NULL, &rep) == 0) {
		alen = fuzz_slurp(runs, &after);
		slen = fuzz_slurp(side, &aside);
		if (rep.completed) {
			/* The whole file and one '\n'. */
			if (alen != size + 1 || memcmp(after, data, size) != 0 || after[size] != '\n')
				abort();
		} else if (rep.set_aside) {
			/* A prefix kept, the rest (and a '\n') set aside. */
			if (alen + rep.set_aside != size || memcmp(after, data, alen) != 0 ||
			    slen != rep.set_aside + 1 || memcmp(aside, data + alen, rep.set_aside) != 0)
				abort();
			if (alen && after[alen - 1] != '\n')
				abort();
		} else if (alen != size || memcmp(after, data, size) != 0) {
			abort();
		}
	}
	free(after);
	free(aside);
	return 0;
}
