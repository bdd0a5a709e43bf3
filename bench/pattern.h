/* pattern: payload patterns for -c, without MPI (unit-tested alone).
 *
 * Every transfer of a validation replay carries a pattern that depends on the
 * message size, the iteration, the sending rank and the destination block, so
 * a stale buffer, a message from the wrong sender or iteration, or one flipped
 * byte anywhere is detected. Checks compare bit patterns exactly. Functions
 * return 0, or -EBADMSG with *bad_offset = the first wrong byte. */
#ifndef PARITY_BENCH_PATTERN_H
#define PARITY_BENCH_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "dtype.h"

struct pattern_key {
	uint64_t size_bytes;
	uint64_t iteration;
	int sender;
	int block;          /* destination block (alltoall, scatter), else 0 */
};

/* Bytes: len bytes of the pattern of k. */
void pattern_fill_bytes(void *buf, size_t len, const struct pattern_key *k);
int pattern_check_bytes(const void *buf, size_t len, const struct pattern_key *k, size_t *bad_offset);

/* Elements of type t for the reductions of nranks ranks: small integers, so
 * that sums are exact in any order: 0..1023 for MPI_INT and MPI_FLOAT (exact
 * over fewer than 16384 ranks). MPI_CHAR sums must stay within 0..127, since
 * what overflow gives differs (MPICH wraps; Open MPI 4.1's vectorised sum of
 * 16 or more chars saturates at 127): element e gets 0..63 from rank
 * e % nranks and 0 or 1 from each other rank (0 beyond 64 ranks). Element e
 * of the buffer is element first + e of the sender's vector. */
void pattern_fill_elements(void *buf, size_t count, size_t first, enum bench_dtype t, int nranks,
			    const struct pattern_key *k);
/* Check buf (count elements of type t) against the element-wise sum over
 * senders 0..nranks-1 (k->sender is ignored). *bad_offset is in bytes. */
int pattern_check_sum(const void *buf, size_t count, size_t first, int nranks, enum bench_dtype t,
		       const struct pattern_key *k, size_t *bad_offset);

#endif
