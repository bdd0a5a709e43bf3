/* lock: one writer per campaign. An advisory fcntl write lock on
 * DIR/.lock, held by the process that took it until lock_release or its
 * exit (also kill -9: the kernel drops it), never inherited by the programs
 * it starts. fcntl locks work on NFS too, and name their holder. The file
 * holds the holder's pid for people; the lock, not the file, decides. */
#ifndef PARITY_LOCK_H
#define PARITY_LOCK_H

struct lock {
	int fd;                 /* -1: not held */
};

#define LOCK_INIT { .fd = -1 }

/* Take dir's lock without waiting. 0; -EBUSY when another process holds
 * it (*holder gets its pid, 0 when it cannot be told); -errno when dir/.lock
 * cannot be opened. Prints nothing. */
int lock_take(const char *dir, struct lock *l, long *holder);
/* lock_take for a command that writes dir: logs one line when it cannot
 * ("campaign DIR is being written by another parity (pid N): one writer
 * per campaign", or why DIR/.lock cannot be opened). */
int lock_take_writer(const char *dir, struct lock *l);
/* Release it (nothing when not held). */
void lock_release(struct lock *l);

#endif
