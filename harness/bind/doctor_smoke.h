/* doctor_smoke: `parity doctor --smoke`, how a site checks parity's
 * composition with its own runtime, images and launcher: every mode is
 * launched for real once (2 ranks, latency at 8 bytes) by `parity run` in
 * a private results directory, so each launch is verified exactly like a
 * campaign run (exit status, kernel results, provenance). Per mode it
 * prints ok or FAILED with the exact command (shell-quoted, as the run's
 * log holds it) and, on failure, the first error lines. */
#ifndef PARITY_DOCTOR_SMOKE_H
#define PARITY_DOCTOR_SMOKE_H

#include <stdint.h>

/* runtime, launcher, image, bind_image: NULL or "" for parity run's
 * defaults (charliecloud, the family's launcher, its images). The exit
 * code: 0 when every mode the runtime can do ran ok, PARITY_EXIT_FAILED
 * when one failed, PARITY_EXIT_USAGE for a runtime the launcher cannot
 * take. */
int doctor_smoke(const char *family, const char *runtime, const char *launcher, const char *image,
		 const char *bind_image, uint64_t timeout_s);

#endif
