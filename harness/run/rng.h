/* rng: reproducible random numbers (splitmix64, Steele, Lea & Flood 2014):
 * 64 bits of state, one add and a few xor-shift-multiplies per number, the
 * same sequence on every machine. parity draws the order of the modes in
 * each round from it, seeded by the campaign, so an order can be replayed. */
#ifndef PARITY_RNG_H
#define PARITY_RNG_H

#include <stddef.h>
#include <stdint.h>

/* Next 64-bit number of the splitmix64 sequence whose state is *state. */
uint64_t rng_next(uint64_t *state);

/* A uniform index in [0, n) (n >= 1), by Lemire's multiply-shift. */
size_t rng_index(uint64_t *state, size_t n);

/* A uniform double in [0, 1). */
double rng_uniform(uint64_t *state);

/* Shuffle v[0..n-1] (elements of size bytes each) in place, Fisher-Yates. */
void rng_shuffle(uint64_t *state, void *v, size_t n, size_t size);

/* A seed from text (FNV-1a of its bytes), so a campaign name gives the
 * same seed every time. */
uint64_t rng_seed_from(const char *text);

#endif
