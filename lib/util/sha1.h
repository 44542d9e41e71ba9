/* SHA-1 (FIPS 180-4), for the WebSocket handshake's Sec-WebSocket-Accept only: not for security.
 * Our own because OpenSSL 3's EVP_sha1() loads its configuration and providers on first use, which
 * costs about 2 MB of resident memory and a millisecond in every process that only speaks ws://. */
#ifndef JV_UTIL_SHA1_H
#define JV_UTIL_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct jv_sha1 {
  uint32_t h[5];
  uint64_t len;          /* bytes hashed so far */
  unsigned char blk[64]; /* partial block */
  size_t nblk;
} jv_sha1;

void jv_sha1_init(jv_sha1 *s);
void jv_sha1_update(jv_sha1 *s, const void *data, size_t n);
void jv_sha1_final(jv_sha1 *s, unsigned char out[20]);

#endif
