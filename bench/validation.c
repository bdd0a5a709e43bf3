#include "validation.h"

#include <errno.h>
#include <string.h>

#include "pattern.h"

static struct pattern_key validation_key(size_t size, size_t iteration, int sender, int block)
{
	struct pattern_key k = { .size_bytes = size, .iteration = iteration, .sender = sender, .block = block };

	return k;
}

/* Bytes one message of `size` really carries: whole elements of the datatype. */
static size_t validation_bytes(const struct bench_ctx *c, size_t size)
{
	return (size_t)bench_count(c, size) * (size_t)c->dtype_size;
}

/* Receive counts of the reductions: what rank r gets, from element first. */
static size_t validation_sum_span(const struct bench_kernel *k, const struct bench_ctx *c, size_t size, size_t *first)
{
	size_t count = (size_t)bench_count(c, size);
	int r;

	*first = 0;
	if (k->validate != BENCH_VALIDATE_SUM_SCATTER)
		return count;
	for (r = 0; r < c->rank; r++)
		*first += (size_t)c->counts[r];
	return (size_t)c->counts[c->rank];
}

void validation_fill(const struct bench_kernel *k, struct bench_ctx *c, size_t size, size_t iteration)
{
	struct pattern_key key = validation_key(size, iteration, c->rank, 0);
	size_t bytes = validation_bytes(c, size);
	size_t rbytes = bytes * (k->recv_blocks == BENCH_BLOCKS_RANKS ? (size_t)c->nranks : 1);
	int d;

	memset(c->rbuf, 0, rbytes);
	switch (k->validate) {
	case BENCH_VALIDATE_NONE:
		break;
	case BENCH_VALIDATE_SUM_ALL:
	case BENCH_VALIDATE_SUM_ROOT:
	case BENCH_VALIDATE_SUM_SCATTER:
		pattern_fill_elements(c->sbuf, (size_t)bench_count(c, size), 0, c->dtype_id, c->nranks, &key);
		break;
	case BENCH_VALIDATE_BCAST:
		if (c->rank == 0)
			pattern_fill_bytes(c->rbuf, bytes, &key);
		break;
	case BENCH_VALIDATE_SCATTER:
	case BENCH_VALIDATE_ALLTOALL:
		if (k->validate == BENCH_VALIDATE_SCATTER && c->rank != 0)
			break;
		for (d = 0; d < c->nranks; d++) {
			key.block = d;
			pattern_fill_bytes(c->sbuf + (size_t)d * bytes, bytes, &key);
		}
		break;
	default:
		pattern_fill_bytes(c->sbuf, bytes, &key);
		break;
	}
}

/* Which blocks this rank checks, and from whom: returns the count. */
static int validation_blocks(const struct bench_kernel *k, const struct bench_ctx *c, int *sender, int *block, int *nblocks)
{
	*nblocks = 1;
	*block = 0;
	switch (k->validate) {
	case BENCH_VALIDATE_PAIR_BOTH:
		*sender = bench_peer(c);
		return 1;
	case BENCH_VALIDATE_PAIR_RECV:
		*sender = bench_peer(c);
		return c->rank >= c->nranks / 2;
	case BENCH_VALIDATE_BCAST:
		*sender = 0;
		return c->rank != 0;
	case BENCH_VALIDATE_SCATTER:
		*sender = 0;
		*block = c->rank;
		return 1;
	case BENCH_VALIDATE_GATHER_ROOT:
		*nblocks = c->nranks;
		return c->rank == 0;
	case BENCH_VALIDATE_GATHER_ALL:
	case BENCH_VALIDATE_ALLTOALL:
		*nblocks = c->nranks;
		return 1;
	default:
		return 0;
	}
}

int validation_check(const struct bench_kernel *k, struct bench_ctx *c, size_t size, size_t iteration,
		 int inject, struct validation_failure *why)
{
	struct pattern_key key;
	size_t first, count, bad = 0, bytes = validation_bytes(c, size);
	int sender = -1, block, nblocks, i, ret;

	if (k->validate == BENCH_VALIDATE_NONE || bytes == 0)
		return 0;
	if (k->validate == BENCH_VALIDATE_SUM_ALL || k->validate == BENCH_VALIDATE_SUM_SCATTER ||
	    k->validate == BENCH_VALIDATE_SUM_ROOT) {
		if (k->validate == BENCH_VALIDATE_SUM_ROOT && c->rank != 0)
			return 0;
		count = validation_sum_span(k, c, size, &first);
		if (count == 0)
			return 0;
		if (inject)
			c->rbuf[count * (size_t)c->dtype_size / 2] ^= 0x5a;
		key = validation_key(size, iteration, 0, 0);
		ret = pattern_check_sum(c->rbuf, count, first, c->nranks, c->dtype_id, &key, &bad);
		why->offset = bad;
		why->sender = -1;
		return ret;
	}
	if (!validation_blocks(k, c, &sender, &block, &nblocks))
		return 0;
	if (inject)
		c->rbuf[bytes * (size_t)nblocks / 2] ^= 0x5a;
	for (i = 0; i < nblocks; i++) {
		/* gather/allgather: block i comes from rank i; alltoall: from rank i, for us. */
		if (nblocks > 1) {
			sender = i;
			block = k->validate == BENCH_VALIDATE_ALLTOALL ? c->rank : 0;
		}
		key = validation_key(size, iteration, sender, block);
		ret = pattern_check_bytes(c->rbuf + (size_t)i * bytes, bytes, &key, &bad);
		if (ret) {
			why->offset = (size_t)i * bytes + bad;
			why->sender = sender;
			return ret;
		}
	}
	return 0;
}
