/*
 * A client byte stream on libuv: DNS (uv_getaddrinfo), TCP connect with a deadline, optional TLS
 * (proto/tls.h over the socket), reads and writes. The one place that owns a uv_tcp_t for the
 * WebSocket and HTTP transports.
 */
#ifndef JV_TRANSPORT_STREAM_H
#define JV_TRANSPORT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>
#include <uv.h>

#include "util/buf.h"

typedef struct jv_stream jv_stream;

typedef struct jv_stream_callbacks {
  /* Once: status 0 when connected, else the error (UV_ETIMEDOUT for the deadline). */
  void (*on_connect)(jv_stream *s, int status, const char *detail, void *data);
  /* Bytes received. */
  void (*on_read)(jv_stream *s, const char *p, size_t n, void *data);
  /* Once, after connect: the stream broke (UV_EOF when the peer closed). Reads have stopped. */
  void (*on_error)(jv_stream *s, int err, const char *detail, void *data);
} jv_stream_callbacks;

jv_stream *jv_stream_new(uv_loop_t *loop, const jv_stream_callbacks *cbs, void *data);
/* Before connecting: run TLS over the connection (ctx borrowed, must outlive the stream). host is the
 * name for SNI and certificate verification. on_connect then fires after the TLS handshake. */
int jv_stream_use_tls(jv_stream *s, SSL_CTX *ctx, const char *host);
/* Resolves host and connects to port; the deadline covers both (and the TLS handshake). */
int jv_stream_connect(jv_stream *s, const char *host, uint16_t port, uint32_t timeout_ms);
/* Queues bytes (copied). */
int jv_stream_write(jv_stream *s, const void *p, size_t n);
/* Writes a buffer's bytes, or queues what the socket does not take at once (then taking the storage).
 * b is left empty either way; when it keeps its storage, the caller may reuse or must free it. */
int jv_stream_write_buf(jv_stream *s, jv_buf *b);
/* After a TLS connect: the protocol ("TLSv1.3") and whether the handshake resumed an earlier session
 * of the same SSL_CTX. NULL for a plain connection or before the handshake. */
const char *jv_stream_tls_version(const jv_stream *s, bool *resumed);
/* Bytes queued but not yet written by the kernel. */
size_t jv_stream_write_queue_size(const jv_stream *s);
/* Stops callbacks at once and releases everything asynchronously. The pointer is dead after this. */
void jv_stream_close(jv_stream *s);
/* Closes with a TCP RST instead of a FIN (for tests of abrupt loss). */
void jv_stream_abort(jv_stream *s);

#endif
