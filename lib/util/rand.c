#include "util/rand.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int jv_random_bytes(void *buf, size_t n) {
  unsigned char *p = buf;
  while (n > 0) {
    ssize_t r = getrandom(p, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

static _Thread_local uint64_t state[4];
static _Thread_local int seeded;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t jv_rand64(void) {
  if (!seeded) {
    if (jv_random_bytes(state, sizeof state) != 0) {
      /* getrandom cannot fail on Linux >= 3.17 with these flags; mix what we have anyway. */
      struct timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      state[0] = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
      state[1] = (uint64_t)ts.tv_sec * 0x9E3779B97F4A7C15ull;
      state[2] = state[0] ^ 0xD1B54A32D192ED03ull;
      state[3] = state[1] ^ 0xABCDEF0123456789ull;
    }
    if (!(state[0] | state[1] | state[2] | state[3])) state[0] = 1;
    seeded = 1;
  }
  uint64_t result = rotl(state[1] * 5, 7) * 9;
  uint64_t t = state[1] << 17;
  state[2] ^= state[0];
  state[3] ^= state[1];
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 45);
  return result;
}
