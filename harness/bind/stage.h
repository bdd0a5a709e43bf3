/* stage: build a directory of host files to bind into containers. Files
 * are hard links where possible, so a process in the container maps the
 * very inode of the host file and provenance can prove which file was
 * loaded; across file systems they are copies (with their own inode).
 * A stage is built in a fresh directory next to the target and renamed
 * into place, so a half-built stage is never visible under the final name.
 *
 * Functions return 0 or a negative errno code. */
#ifndef PARITY_STAGE_H
#define PARITY_STAGE_H

#include <limits.h>

struct stage {
	char final_dir[PATH_MAX];  /* where the stage ends up */
	char work_dir[PATH_MAX];   /* where it is built */
	unsigned links, copies;    /* how files were placed */
};

/* Start a stage that will become final_dir (its parent is created). */
int stage_begin(struct stage *st, const char *final_dir);
/* Place host file src at rel (relative to the stage, parents created):
 * hard link, else copy. An existing rel is left alone (returns 0). */
int stage_file(struct stage *st, const char *src, const char *rel);
/* Symlink rel -> target inside the stage; an existing rel is left alone. */
int stage_symlink(struct stage *st, const char *target, const char *rel);
/* Replace final_dir by the stage. */
int stage_commit(struct stage *st);
/* Remove the unfinished stage (after a failure). */
void stage_abort(struct stage *st);
/* Remove a directory tree (no symlinks followed). */
int stage_remove_tree(const char *dir);

#endif
