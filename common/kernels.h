/* kernels: the one list of benchmark kernels.
 *
 * Adding a kernel means one line here and one file bench/<class>/<name>.c
 * (class pt2pt or coll, as in the line) that defines `const struct
 * bench_kernel bench_kernel_<name>`. The driver, the build (bench/kernels.mk
 * is written from this list), the harness and the tests all read it. */
#ifndef PARITY_KERNELS_H
#define PARITY_KERNELS_H

#include <stddef.h>

enum kernels_class {
	KERNELS_PT2PT,
	KERNELS_COLL,
};

/* Which way is good: latency is better when lower, bandwidth when higher.
 * Percentile tails and overhead signs follow from this. */
enum kernels_better {
	KERNELS_LOWER_IS_BETTER,
	KERNELS_HIGHER_IS_BETTER,
};

/* X(name, class, primary metric, unit, direction, one-line description) */
#define PARITY_KERNEL_LIST(X) \
	X(latency,        KERNELS_PT2PT, "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "ping-pong latency: half the round trip") \
	X(bw,             KERNELS_PT2PT, "bandwidth", "MB/s", KERNELS_HIGHER_IS_BETTER, "unidirectional bandwidth: a window of non-blocking sends, then a 1-byte acknowledgement") \
	X(bibw,           KERNELS_PT2PT, "bandwidth", "MB/s", KERNELS_HIGHER_IS_BETTER, "bidirectional bandwidth: windows in both directions, bytes counted twice") \
	X(mbw_mr,         KERNELS_PT2PT, "bandwidth", "MB/s", KERNELS_HIGHER_IS_BETTER, "multi-pair bandwidth and message rate") \
	X(multi_lat,      KERNELS_PT2PT, "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "multi-pair latency") \
	X(allreduce,      KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Allreduce (MPI_SUM of the -T datatype, MPI_CHAR by default)") \
	X(bcast,          KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Bcast from rank 0") \
	X(reduce,         KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Reduce (MPI_SUM of the -T datatype) to rank 0") \
	X(allgather,      KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Allgather") \
	X(alltoall,       KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Alltoall") \
	X(gather,         KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Gather to rank 0") \
	X(scatter,        KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Scatter from rank 0") \
	X(reduce_scatter, KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Reduce_scatter (MPI_SUM of the -T datatype)") \
	X(barrier,        KERNELS_COLL,  "latency",   "us",   KERNELS_LOWER_IS_BETTER,  "MPI_Barrier")

#define KERNELS_ENUM(name, cls, metric, unit, better, desc) KERNELS_ID_##name,
enum kernels_id {
	PARITY_KERNEL_LIST(KERNELS_ENUM)
	KERNELS_COUNT
};
#undef KERNELS_ENUM

struct kernels_info {
	enum kernels_id id;
	const char *name;
	enum kernels_class cls;
	const char *metric;
	const char *unit;
	enum kernels_better better;
	const char *description;
};

/* The kernel called name, or NULL. */
const struct kernels_info *kernels_find(const char *name);
/* Kernel number i (0 <= i < KERNELS_COUNT). */
const struct kernels_info *kernels_at(size_t i);
/* Better direction of a metric name ("latency", "bandwidth",
 * "message_rate"); lower is better for unknown metrics. */
enum kernels_better kernels_metric_better(const char *metric);

#endif
