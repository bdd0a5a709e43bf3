/* unit: what every cmocka unit test includes. */
#ifndef PARITY_TESTS_UNIT_H
#define PARITY_TESTS_UNIT_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* cmocka 1.1's assert_float_equal compares in float: compare doubles. */
#define assert_near(actual, expected, eps) do { \
	double assert_near_a = (actual), assert_near_e = (expected); \
	if (!(fabs(assert_near_a - assert_near_e) <= (eps))) \
		fail_msg("%s = %.17g, expected %.17g (+- %g)", #actual, assert_near_a, assert_near_e, (double)(eps)); \
} while (0)

#endif
