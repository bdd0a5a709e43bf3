/* vercmp: order version strings such as "4.0.2" < "4.1" or
 * "GLIBC_2.34" < "GLIBC_2.36". Digit runs compare as numbers, other runs
 * as text, separators ('.', '_', '-', '+', '~') only separate, and missing
 * trailing parts count as zero ("4.1" == "4.1.0"). */
#ifndef PARITY_VERCMP_H
#define PARITY_VERCMP_H

/* <0, 0 or >0 as a is older than, equal to or newer than b. */
int vercmp_compare(const char *a, const char *b);

#endif
