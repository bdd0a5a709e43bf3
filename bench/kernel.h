/* kernel: what a benchmark kernel is, and the context the driver gives it.
 *
 * A kernel file (bench/pt2pt/<name>.c, bench/coll/<name>.c) holds only its
 * communication loop and a descriptor `bench_kernel_<name>`. The driver owns
 * everything else: options, buffers, warm-up, timing, validation, statistics,
 * provenance and output. */
#ifndef PARITY_BENCH_KERNEL_H
#define PARITY_BENCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include <mpi.h>

#include "dtype.h"
#include "kernels.h"

/* How many blocks of `size` bytes a buffer holds. */
enum bench_blocks {
	BENCH_BLOCKS_ONE,
	BENCH_BLOCKS_RANKS,     /* one per rank (gather, alltoall, ...) */
};

/* What the payload is. */
enum bench_data {
	BENCH_DATA_TYPED,       /* size / sizeof(T) elements of the -T datatype T (MPI_CHAR
				 * unless -T, as OMB 7.4); sizes below one element are skipped */
	BENCH_DATA_NONE,        /* no payload (barrier): one "size" of 0 */
};

/* Which ranks time, and how their times become the metric. */
enum bench_report {
	BENCH_REPORT_RANK0,     /* rank 0's time only (latency, bw, bibw) */
	BENCH_REPORT_SENDERS,   /* the senders of the pairs, lower half (mbw_mr, multi_lat) */
	BENCH_REPORT_ALL,       /* every rank (multi_lat, collectives) */
};

/* Who checks what during -c validation (see bench/validation.c). */
enum bench_validate {
	BENCH_VALIDATE_NONE,        /* no payload */
	BENCH_VALIDATE_PAIR_BOTH,   /* both sides of each pair receive the peer's pattern */
	BENCH_VALIDATE_PAIR_RECV,   /* only the receivers of each pair (upper half) */
	BENCH_VALIDATE_BCAST,
	BENCH_VALIDATE_SUM_ALL,     /* allreduce */
	BENCH_VALIDATE_SUM_ROOT,    /* reduce */
	BENCH_VALIDATE_SUM_SCATTER, /* reduce_scatter */
	BENCH_VALIDATE_GATHER_ALL,  /* allgather */
	BENCH_VALIDATE_GATHER_ROOT, /* gather */
	BENCH_VALIDATE_SCATTER,
	BENCH_VALIDATE_ALLTOALL,
};

/* Which OSU text layout the kernel prints. */
enum bench_text {
	BENCH_TEXT_PT2PT,       /* "# Size" + one value column */
	BENCH_TEXT_MBW_MR,      /* "# Size" "MB/s" "Messages/s" */
	BENCH_TEXT_COLL,        /* "# Size" "Avg Latency(us)" [min max iterations] */
	BENCH_TEXT_BARRIER,     /* "# Avg Latency(us)" [min max iterations] */
};

/* What the driver hands a kernel. Buffers rotate with the iteration number
 * (--cache-cold): bench_sbuf(ctx, i) is the send buffer of iteration i. */
struct bench_ctx {
	MPI_Comm comm;
	int rank;
	int nranks;
	int window;             /* -W */
	MPI_Datatype dtype;     /* -T: the datatype being measured */
	enum bench_dtype dtype_id;
	int dtype_size;         /* bytes per element of dtype */
	char *sbuf;
	char *rbuf;
	size_t sstride;         /* bytes between rotating send buffers */
	size_t rstride;
	size_t buf_mask;        /* number of rotating buffers - 1 (power of two) */
	MPI_Request *reqs;      /* 2 * window requests */
	MPI_Status *stats;      /* 2 * window statuses (a real array: gcc 12 + MPICH) */
	int *counts;            /* nranks receive counts (reduce_scatter) */
};

static inline void *bench_sbuf(const struct bench_ctx *c, size_t i)
{
	return c->sbuf + (i & c->buf_mask) * c->sstride;
}

static inline void *bench_rbuf(const struct bench_ctx *c, size_t i)
{
	return c->rbuf + (i & c->buf_mask) * c->rstride;
}

/* Elements of the datatype in a message of `size` bytes (OMB: size / type size). */
static inline int bench_count(const struct bench_ctx *c, size_t size)
{
	return (int)(size / (size_t)c->dtype_size);
}

/* The peer of a rank in the pair kernels: rank r < n/2 pairs with r + n/2. */
static inline int bench_peer(const struct bench_ctx *c)
{
	int pairs = c->nranks / 2;

	return c->rank < pairs ? c->rank + pairs : c->rank - pairs;
}

struct bench_kernel {
	const char *name;       /* as in PARITY_KERNEL_LIST */
	int min_ranks;
	int max_ranks;          /* 0: no upper limit */
	int even_ranks;         /* 1: the rank count must be even */
	/* One-way transfers per iteration: latency = time / transfers,
	 * bandwidth = size * transfers / time; times the window when per_window. */
	int transfers;
	int per_window;
	enum bench_data data;
	enum bench_blocks send_blocks;
	enum bench_blocks recv_blocks;
	enum bench_report report;
	enum bench_validate validate;
	enum bench_text text;
	const char *column;     /* OSU column title of the primary metric */
	/* Optional: per-size setup outside the timed region (counts). */
	void (*prepare)(struct bench_ctx *ctx, size_t size);
	/* 1: time every iteration alone with a barrier between iterations,
	 * outside the timing (OSU's collectives, osu_multi_lat, osu_mbw_mr);
	 * 0: time samples of --batch iterations (default 1, as OSU). */
	int sync_each;
	/* Run iterations [first, first + n) of the pattern with `size` bytes.
	 * MPI errors are fatal (MPI_ERRORS_ARE_FATAL): nothing to return. */
	void (*run)(struct bench_ctx *ctx, size_t size, size_t first, size_t n);
};

#define BENCH_KERNEL_DECLARE(name, cls, metric, unit, better, desc) \
	extern const struct bench_kernel bench_kernel_##name;
PARITY_KERNEL_LIST(BENCH_KERNEL_DECLARE)
#undef BENCH_KERNEL_DECLARE

/* The kernel with the id of the common list. */
const struct bench_kernel *bench_kernel_get(enum kernels_id id);

/* The MPI datatype of a -T type. */
MPI_Datatype bench_dtype_mpi(enum bench_dtype t);

#endif
