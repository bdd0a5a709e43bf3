/* validate: payload patterns for -c, without MPI (unit-tested alone).
 *
 * Every transfer of a validation replay carries a pattern that depends on the
 * message size, the iteration, the sending rank and the destination block, so
 * a stale buffer, a message from the wrong sender or iteration, or one flipped
 * byte anywhere is detected. Checks compare bit patterns exactly. Functions
 * return 0, or -EBADMSG with *bad_offset = the first wrong byte. */
#ifndef PARITY_BENCH_VALIDATE_H
#define PARITY_BENCH_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

struct validate_key {
	uint64_t size_bytes;
	uint64_t iteration;
	int sender;
	int block;          /* destination block (alltoall, scatter), else 0 */
};

/* Bytes: len bytes of the pattern of k. */
void validate_fill_bytes(void *buf, size_t len, const struct validate_key *k);
int validate_check_bytes(const void *buf, size_t len, const struct validate_key *k, size_t *bad_offset);

/* Floats for the reductions: small integers (0..1023) so that sums over any
 * number of ranks (< 16384) are exact in any order. Element e of the buffer
 * is element first + e of the sender's vector. */
void validate_fill_floats(float *buf, size_t count, size_t first, const struct validate_key *k);
/* Check buf against the element-wise sum over senders 0..nranks-1 (k->sender
 * is ignored). */
int validate_check_sum(const float *buf, size_t count, size_t first, int nranks,
		       const struct validate_key *k, size_t *bad_offset);

#endif
