/*
 * TLS without I/O: OpenSSL over a pair of memory BIOs. Feed ciphertext received from the network,
 * get plaintext out; write plaintext, take ciphertext to send. Client and server roles (the server
 * role serves the mock and the tests).
 */
#ifndef JV_PROTO_TLS_H
#define JV_PROTO_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

typedef struct jv_tls jv_tls;

typedef struct jv_tls_options {
  const char *ca_file;      /* extra trust anchors (PEM file), or NULL */
  const char *ca_dir;       /* extra trust anchors (hashed directory), or NULL */
  bool insecure_skip_verify; /* accept any certificate and name (self-signed test servers) */
} jv_tls_options;

/* A client context (one per transport, so one server): TLS 1.2+, peer verification against the system store (OpenSSL's default verify
 * paths, which honour SSL_CERT_FILE/SSL_CERT_DIR) plus the given CA file/dir. Returns NULL and a
 * reason in err on failure. Free with SSL_CTX_free(). */
SSL_CTX *jv_tls_client_ctx(const jv_tls_options *o, char *err, size_t errlen);
/* A server context from PEM certificate chain and key files (tests, mock). */
SSL_CTX *jv_tls_server_ctx(const char *cert_file, const char *key_file, char *err, size_t errlen);

/* Client session: sends SNI (for names) and verifies the certificate matches host (name or IP). */
jv_tls *jv_tls_client_new(SSL_CTX *ctx, const char *host);
jv_tls *jv_tls_server_new(SSL_CTX *ctx);
void jv_tls_free(jv_tls *t);

/* Feeds ciphertext; plaintext that becomes available is appended to plain. Drives the handshake.
 * Returns 0, or JANUV_ETLS (jv_tls_error() has OpenSSL's reason) once the session is unusable. */
int jv_tls_feed(jv_tls *t, const void *cipher, size_t n, jv_buf *plain);
/* Encrypts plaintext (buffered until the handshake is done). 0, JANUV_ETLS or UV_ENOMEM. */
int jv_tls_write(jv_tls *t, const void *plain, size_t n);
/* Appends ciphertext to send (handshake records, application data, alerts) to out. */
int jv_tls_take_output(jv_tls *t, jv_buf *out);
/* Starts the handshake (client: queues the ClientHello). */
int jv_tls_start(jv_tls *t);
/* Queues a close_notify alert. */
void jv_tls_shutdown(jv_tls *t);
bool jv_tls_ready(const jv_tls *t);
/* True once the peer sent close_notify. */
bool jv_tls_peer_closed(const jv_tls *t);
const char *jv_tls_error(const jv_tls *t);
/* True when the handshake resumed the context's previous session (client contexts keep the newest
 * session their server issued and offer it on every new connection). */
bool jv_tls_resumed(const jv_tls *t);
/* The negotiated protocol ("TLSv1.3"), or "" before the handshake completes. */
const char *jv_tls_version(const jv_tls *t);

#endif
