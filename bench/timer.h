/* timer: the clock of the timed regions.
 *
 * clock_gettime(CLOCK_MONOTONIC) (a vDSO call, ~20 ns here) rather than
 * MPI_Wtime, so both MPI families are timed by the same clock. */
#ifndef PARITY_BENCH_TIMER_H
#define PARITY_BENCH_TIMER_H

#include <time.h>

/* Seconds since an arbitrary origin. */
static inline double timer_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Median cost in seconds of one timer_now() call (back-to-back pairs). */
double timer_overhead(void);

#endif
