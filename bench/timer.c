#include "timer.h"

#include "stats.h"

double timer_overhead(void)
{
	enum { N = 2001 };
	double d[N], t0, t1;
	int i;

	for (i = 0; i < N; i++) {
		t0 = timer_now();
		t1 = timer_now();
		d[i] = t1 - t0;
	}
	return stats_median_inplace(d, N);
}
