/* Randomness: jv_random_bytes() for secrets (WebSocket keys); jv_rand64() for cheap unique values. */
#ifndef JV_UTIL_RAND_H
#define JV_UTIL_RAND_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf from the kernel's CSPRNG. Returns 0 or a negative errno. */
int jv_random_bytes(void *buf, size_t n);
/* A fast generator (xoshiro256**) seeded from the kernel once per thread. */
uint64_t jv_rand64(void);

#endif
