#include "proto/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "januv/errors.h"

struct jv_tls {
  SSL *ssl;
  BIO *in;  /* ciphertext from the network, read by OpenSSL */
  BIO *out; /* ciphertext from OpenSSL, to the network */
  bool ready;
  bool failed;
  bool peer_closed;
  jv_buf pending; /* plaintext written before the handshake finished */
  char error[256];
};

static void openssl_reason(char *buf, size_t len, const char *what) {
  unsigned long e = ERR_get_error();
  char reason[200] = "unknown error";
  if (e) ERR_error_string_n(e, reason, sizeof reason);
  ERR_clear_error();
  snprintf(buf, len, "%s: %s", what, reason);
}

/* Session resumption: a client context serves one transport, hence one server, and keeps the newest
 * session (or TLS 1.3 ticket) that server gave it; each new connection offers it. HTTPS opens one
 * connection per session for its long-poll, and a resumed handshake skips the certificate exchange
 * and verification: about a tenth of the CPU of a full one. */
static void free_last_session(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp) {
  (void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
  SSL_SESSION_free(ptr);
}

static int last_session_index(void) {
  static int idx = -2;
  if (idx == -2) idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, free_last_session);
  return idx;
}

/* A copy: OpenSSL marks a connection's own session not resumable when the connection ends without
 * close_notify, and HTTP long-polls are often cut that way. */
static int on_new_session(SSL *ssl, SSL_SESSION *sess) {
  SSL_CTX *ctx = SSL_get_SSL_CTX(ssl);
  int idx = last_session_index();
  SSL_SESSION *copy = idx >= 0 ? SSL_SESSION_dup(sess) : NULL;
  if (!copy) return 0;
  SSL_SESSION_free(SSL_CTX_get_ex_data(ctx, idx));
  SSL_CTX_set_ex_data(ctx, idx, copy);
  return 0; /* the original stays OpenSSL's */
}

SSL_CTX *jv_tls_client_ctx(const jv_tls_options *o, char *err, size_t errlen) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) {
    openssl_reason(err, errlen, "SSL_CTX_new");
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (last_session_index() >= 0) {
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
  }
  if (o && o->insecure_skip_verify) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    return ctx;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  if (SSL_CTX_set_default_verify_paths(ctx) != 1) ERR_clear_error(); /* no system store is not fatal */
  if (o && (o->ca_file || o->ca_dir) && SSL_CTX_load_verify_locations(ctx, o->ca_file, o->ca_dir) != 1) {
    char what[300];
    snprintf(what, sizeof what, "cannot load CA %s", o->ca_file ? o->ca_file : o->ca_dir);
    openssl_reason(err, errlen, what);
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

SSL_CTX *jv_tls_server_ctx(const char *cert_file, const char *key_file, char *err, size_t errlen) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) {
    openssl_reason(err, errlen, "SSL_CTX_new");
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
    openssl_reason(err, errlen, "cannot load the server certificate");
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

static jv_tls *tls_new(SSL_CTX *ctx) {
  jv_tls *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->ssl = SSL_new(ctx);
  t->in = BIO_new(BIO_s_mem());
  t->out = BIO_new(BIO_s_mem());
  if (!t->ssl || !t->in || !t->out) {
    SSL_free(t->ssl);
    BIO_free(t->in);
    BIO_free(t->out);
    free(t);
    return NULL;
  }
  BIO_set_mem_eof_return(t->in, -1); /* empty means "want more", not EOF */
  SSL_set_bio(t->ssl, t->in, t->out);
  return t;
}

static bool is_ip(const char *host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

jv_tls *jv_tls_client_new(SSL_CTX *ctx, const char *host) {
  jv_tls *t = tls_new(ctx);
  if (!t) return NULL;
  SSL_set_connect_state(t->ssl);
  int idx = last_session_index();
  SSL_SESSION *last = idx >= 0 ? SSL_CTX_get_ex_data(ctx, idx) : NULL;
  if (last && SSL_SESSION_is_resumable(last)) {
    SSL_SESSION *copy = SSL_SESSION_dup(last); /* this connection may spoil its own (see above) */
    if (copy) {
      SSL_set_session(t->ssl, copy);
      SSL_SESSION_free(copy);
    }
  }
  if (host && *host) {
    if (is_ip(host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), host);
    } else {
      SSL_set_tlsext_host_name(t->ssl, host);
      SSL_set1_host(t->ssl, host);
    }
  }
  return t;
}

jv_tls *jv_tls_server_new(SSL_CTX *ctx) {
  jv_tls *t = tls_new(ctx);
  if (t) SSL_set_accept_state(t->ssl);
  return t;
}

void jv_tls_free(jv_tls *t) {
  if (!t) return;
  SSL_free(t->ssl); /* frees both BIOs */
  jv_buf_free(&t->pending);
  free(t);
}

static int fail(jv_tls *t, const char *what) {
  if (t->failed) return JANUV_ETLS;
  t->failed = true;
  /* With SSL_VERIFY_NONE (insecure_skip_verify) OpenSSL still records a verification result but goes
   * on: it is the reason only when verification was enforced. */
  long vr = SSL_get_verify_result(t->ssl);
  if (!t->ready && vr != X509_V_OK && (SSL_get_verify_mode(t->ssl) & SSL_VERIFY_PEER)) {
    ERR_clear_error();
    snprintf(t->error, sizeof t->error, "%s: certificate verify failed: %s", what, X509_verify_cert_error_string(vr));
  } else {
    openssl_reason(t->error, sizeof t->error, what);
  }
  return JANUV_ETLS;
}

static int flush_pending(jv_tls *t) {
  if (t->pending.len == 0) return 0;
  int rc = jv_tls_write(t, t->pending.data, t->pending.len);
  jv_buf_free(&t->pending);
  return rc;
}

/* SSL_get_error() needs an empty error queue before each operation: errors left on this thread by
 * other code would turn a "want more input" into a failure. */
static int handshake(jv_tls *t) {
  ERR_clear_error();
  int r = SSL_do_handshake(t->ssl);
  if (r == 1) {
    t->ready = true;
    return flush_pending(t);
  }
  int e = SSL_get_error(t->ssl, r);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return 0;
  return fail(t, "TLS handshake failed");
}

int jv_tls_start(jv_tls *t) { return t->failed ? JANUV_ETLS : handshake(t); }

int jv_tls_feed(jv_tls *t, const void *cipher, size_t n, jv_buf *plain) {
  if (t->failed) return JANUV_ETLS;
  if (n && BIO_write(t->in, cipher, (int)n) != (int)n) return fail(t, "TLS input");
  if (!t->ready) {
    int rc = handshake(t);
    if (rc || !t->ready) return rc;
  }
  for (;;) {
    if (jv_buf_reserve(plain, 16384)) return UV_ENOMEM;
    ERR_clear_error();
    int r = SSL_read(t->ssl, plain->data + plain->len, 16384);
    if (r > 0) {
      plain->len += (size_t)r;
      plain->data[plain->len] = '\0';
      continue;
    }
    int e = SSL_get_error(t->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return 0;
    if (e == SSL_ERROR_ZERO_RETURN) {
      t->peer_closed = true;
      return 0;
    }
    return fail(t, "TLS record error");
  }
}

int jv_tls_write(jv_tls *t, const void *plain, size_t n) {
  if (t->failed) return JANUV_ETLS;
  if (!t->ready) return jv_buf_append(&t->pending, plain, n);
  const char *p = plain;
  while (n > 0) {
    ERR_clear_error();
    int r = SSL_write(t->ssl, p, n > 65536 ? 65536 : (int)n);
    if (r <= 0) return fail(t, "TLS write");
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

int jv_tls_take_output(jv_tls *t, jv_buf *out) {
  size_t pending;
  while ((pending = BIO_ctrl_pending(t->out)) > 0) {
    if (jv_buf_reserve(out, pending)) return UV_ENOMEM;
    int r = BIO_read(t->out, out->data + out->len, (int)pending);
    if (r <= 0) break;
    out->len += (size_t)r;
    out->data[out->len] = '\0';
  }
  return 0;
}

void jv_tls_shutdown(jv_tls *t) {
  ERR_clear_error();
  if (t->ready && !t->failed) SSL_shutdown(t->ssl);
  ERR_clear_error();
}

bool jv_tls_ready(const jv_tls *t) { return t->ready; }
bool jv_tls_peer_closed(const jv_tls *t) { return t->peer_closed; }
const char *jv_tls_error(const jv_tls *t) { return t->error; }
const char *jv_tls_version(const jv_tls *t) { return t->ready ? SSL_get_version(t->ssl) : ""; }
bool jv_tls_resumed(const jv_tls *t) { return t->ready && SSL_session_reused(t->ssl); }
