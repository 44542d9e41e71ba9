#include "util/sha1.h"

#include <string.h>

static inline uint32_t rol(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static void block(jv_sha1 *s, const unsigned char *p) {
  uint32_t w[80];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
  for (int t = 16; t < 80; t++) w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
  for (int t = 0; t < 80; t++) {
    uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999u;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    uint32_t tmp = rol(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = rol(b, 30);
    b = a;
    a = tmp;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
}

void jv_sha1_init(jv_sha1 *s) {
  static const uint32_t iv[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  memcpy(s->h, iv, sizeof iv);
  s->len = 0;
  s->nblk = 0;
}

void jv_sha1_update(jv_sha1 *s, const void *data, size_t n) {
  const unsigned char *p = data;
  s->len += n;
  if (s->nblk) {
    size_t take = 64 - s->nblk < n ? 64 - s->nblk : n;
    memcpy(s->blk + s->nblk, p, take);
    s->nblk += take;
    p += take;
    n -= take;
    if (s->nblk < 64) return;
    block(s, s->blk);
    s->nblk = 0;
  }
  for (; n >= 64; p += 64, n -= 64) block(s, p);
  memcpy(s->blk, p, n);
  s->nblk = n;
}

void jv_sha1_final(jv_sha1 *s, unsigned char out[20]) {
  uint64_t bits = s->len * 8;
  static const unsigned char pad[64] = {0x80};
  size_t padlen = s->nblk < 56 ? 56 - s->nblk : 120 - s->nblk;
  jv_sha1_update(s, pad, padlen);
  unsigned char lenb[8];
  for (int i = 0; i < 8; i++) lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
  jv_sha1_update(s, lenb, 8);
  for (int i = 0; i < 5; i++) {
    out[4 * i] = (unsigned char)(s->h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
    out[4 * i + 3] = (unsigned char)s->h[i];
  }
}
