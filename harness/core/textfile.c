#include "textfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int textfile_read_max(const char *path, size_t max_bytes, char **text, size_t *len)
{
	FILE *fp = fopen(path, "r"), *mem;
	char chunk[16384], *buf = NULL;
	size_t n = 0, got, total = 0;
	int ret = 0;

	*text = NULL;
	if (!fp)
		return -errno;
	mem = open_memstream(&buf, &n);
	if (!mem) {
		fclose(fp);
		return -ENOMEM;
	}
	while (!ret && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		total += got;
		if (total > max_bytes)
			ret = -EFBIG;
		else if (fwrite(chunk, 1, got, mem) != got)
			ret = -ENOMEM;
	}
	if (!ret && ferror(fp))
		ret = -EIO;
	fclose(fp);
	if (fclose(mem) != 0 && !ret)
		ret = -ENOMEM;
	if (ret) {
		free(buf);
		return ret;
	}
	*text = buf;
	if (len)
		*len = n;
	return 0;
}

int textfile_read(const char *path, char **text, size_t *len)
{
	return textfile_read_max(path, SIZE_MAX, text, len);
}
