#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p of the parents of path (path itself excluded). */
static int stage_mkparents(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

int stage_begin(struct stage *st, const char *final_dir)
{
	char parent[PATH_MAX];
	const char *slash;
	int ret;

	memset(st, 0, sizeof(*st));
	if (snprintf(st->final_dir, sizeof(st->final_dir), "%s", final_dir) >= (int)sizeof(st->final_dir))
		return -ENAMETOOLONG;
	ret = stage_mkparents(st->final_dir);
	if (ret)
		return ret;
	slash = strrchr(st->final_dir, '/');
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash ? slash - st->final_dir : 1),
		 slash ? st->final_dir : ".");
	if (snprintf(st->work_dir, sizeof(st->work_dir), "%s/.%s.new.XXXXXX", parent[0] ? parent : "/",
		     slash ? slash + 1 : st->final_dir) >= (int)sizeof(st->work_dir))
		return -ENAMETOOLONG;
	if (!mkdtemp(st->work_dir))
		return -errno;
	chmod(st->work_dir, 0755);
	return 0;
}

static int stage_copy(const char *src, const char *dst)
{
	char buf[1 << 16];
	struct stat sb;
	int in = open(src, O_RDONLY | O_CLOEXEC), out, ret = 0;

	if (in < 0)
		return -errno;
	if (fstat(in, &sb) < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, sb.st_mode & 07777);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf)), off = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : 0;
			break;
		}
		while (off < n) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				ret = -errno;
				break;
			}
			off += w;
		}
		if (ret)
			break;
	}
	if (close(out) < 0 && !ret)
		ret = -errno;
	close(in);
	if (ret)
		unlink(dst);
	return ret;
}

/* The path of rel in the stage, with its parent directories made: 0, or 1
 * when something is there already (it stays), or a negative errno code. */
static int stage_place(const struct stage *st, const char *rel, char *dst, size_t len)
{
	struct stat sb;

	if (snprintf(dst, len, "%s/%s", st->work_dir, rel) >= (int)len)
		return -ENAMETOOLONG;
	if (lstat(dst, &sb) == 0)
		return 1;
	return stage_mkparents(dst);
}

int stage_file(struct stage *st, const char *src, const char *rel)
{
	char dst[PATH_MAX];
	int ret = stage_place(st, rel, dst, sizeof(dst));

	if (ret)
		return ret > 0 ? 0 : ret;
	if (link(src, dst) == 0) {
		st->links++;
		return 0;
	}
	/* EXDEV: another file system; EPERM: protected_hardlinks for a non-owner. */
	if (errno != EXDEV && errno != EPERM && errno != EMLINK)
		return -errno;
	ret = stage_copy(src, dst);
	if (!ret)
		st->copies++;
	return ret;
}

int stage_symlink(struct stage *st, const char *target, const char *rel)
{
	char dst[PATH_MAX];
	int ret = stage_place(st, rel, dst, sizeof(dst));

	if (ret)
		return ret > 0 ? 0 : ret;
	return symlink(target, dst) < 0 ? -errno : 0;
}

static int stage_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) < 0 ? -errno : 0;
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

int stage_remove_tree(const char *dir)
{
	struct stat sb;

	if (lstat(dir, &sb) < 0)
		return errno == ENOENT ? 0 : -errno;
	return nftw(dir, stage_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int stage_commit(struct stage *st)
{
	char old[PATH_MAX];
	struct stat sb;
	int had_old = 0, ret;

	if (snprintf(old, sizeof(old), "%s.old.%ld", st->work_dir, (long)getpid()) >= (int)sizeof(old))
		return -ENAMETOOLONG;
	if (lstat(st->final_dir, &sb) == 0) {
		if (rename(st->final_dir, old) < 0)
			return -errno;
		had_old = 1;
	}
	if (rename(st->work_dir, st->final_dir) < 0) {
		ret = -errno;
		if (had_old)
			rename(old, st->final_dir);
		return ret;
	}
	return had_old ? stage_remove_tree(old) : 0;
}

void stage_abort(struct stage *st)
{
	if (st->work_dir[0])
		stage_remove_tree(st->work_dir);
}
