/* workdir_clean: removing work directories, on every exit path and after a
 * kill. A run claims its work directory by holding the lock of DIR/.lock
 * (core/lock) for its whole life; the kernel drops it when the process
 * ends, even by kill -9. A later run's scan of the same base directory
 * removes the PREFIX* directories whose lock nobody holds: only those whose
 * owner is gone. Where work directories live (the base) is the caller's
 * choice. Functions return 0 or a negative errno code and print nothing. */
#ifndef PARITY_WORKDIR_CLEAN_H
#define PARITY_WORKDIR_CLEAN_H

#include "core/lock.h"

/* The names work directories of parity run start with, under their base. */
#define WORKDIR_CLEAN_PREFIX "parity-"

/* Claim dir (just made, e.g. by mkdtemp) for this process: lock it and
 * write our pid into DIR/.lock. */
int workdir_clean_claim(const char *dir, struct lock *l);

/* Remove dir and everything under it (not following symlinks); only a
 * directory this user owns. */
int workdir_clean_remove(const char *dir);

/* Remove the unclaimed PREFIX* directories of base that this user owns and
 * whose owner has left a pid in their .lock (so none that is being
 * claimed right now). *removed (may be NULL) counts them. */
int workdir_clean_stale(const char *base, unsigned *removed);

#endif
