/*
 * TLS record input (jv_tls_*, client role): a jv_tls client against an in-memory OpenSSL server whose
 * key and self-signed certificate (localhost, 127.0.0.1) are made once at start-up, in memory. The
 * input is a script of what the network and the server do, so that the fuzzer reaches every stage:
 * garbage instead of a ServerHello, records cut or corrupted in flight, application data, close_notify,
 * key updates and renegotiation, writes queued before the handshake, reconnections that resume the
 * session (the client context is made for each input, as a transport makes one per server).
 *
 * Input: byte 0 sets the scene (bit 0: server TLS 1.2 at most; bit 1: client verification off;
 * bits 2-3: the client's host name: localhost, 127.0.0.1 or a name not in the certificate). Then
 * operations, each a byte and its arguments:
 *   0 n bytes   inject n raw bytes into the client's ciphertext input
 *   1           pump both ways until nothing moves
 *   2 n bytes   the server writes n plaintext bytes        3 n bytes   the client writes n bytes
 *   4           the server sends close_notify              5 p p x     XOR x into in-flight byte p
 *   6 k k       deliver only k of the in-flight bytes      7           key update (1.3) / renegotiation
 *   8           the client shuts down                      9           in-flight bytes are lost
 *  10           a new connection (client and server) with the same context and host: resumption
 *
 * Oracles: plaintext the client hands out is always a prefix of what the server wrote, and what the
 * server reads a prefix of what the client wrote (integrity, order of writes queued before the
 * handshake); a verified handshake, full or resumed, never completes for a name the certificate does
 * not hold; a failure is sticky and explained. OpenSSL's randomness is a fixed stream reset for every input, so
 * runs are reproducible (FZ_DEBUG=1 prints each outcome with a hash of the bytes the client got).
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* RAND_set_rand_method: the deterministic stream below */

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "fuzz.h"
#include "januv/errors.h"
#include "proto/tls.h"

/* ---- a reproducible random stream (splitmix64), restarted for every input ---- */

static uint64_t rng_state;

static int rng_bytes(unsigned char *buf, int num) {
  while (num > 0) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    int n = num < 8 ? num : 8;
    memcpy(buf, &z, (size_t)n);
    buf += n;
    num -= n;
  }
  return 1;
}

static int rng_status(void) { return 1; }

static const RAND_METHOD rng_method = {
  .bytes = rng_bytes,
  .pseudorand = rng_bytes,
  .status = rng_status,
};

/* ---- the server's identity and the contexts, made once ---- */

static SSL_CTX *server_ctx12, *server_ctx13;
static X509 *server_cert;

static X509 *make_cert(EVP_PKEY *key) {
  X509 *x = X509_new();
  FZ_ASSERT(x != NULL);
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365 * 10);
  X509_set_pubkey(x, key);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
  static const char *const exts[][2] = {
    {"subjectAltName", "DNS:localhost,IP:127.0.0.1"},
    {"basicConstraints", "critical,CA:TRUE"},
    {"keyUsage", "critical,digitalSignature,keyCertSign"},
  };
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    X509_EXTENSION *e = X509V3_EXT_conf(NULL, &v3, exts[i][0], exts[i][1]);
    FZ_ASSERT(e != NULL);
    X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
  }
  FZ_ASSERT(X509_sign(x, key, EVP_sha256()) > 0);
  return x;
}

static SSL_CTX *make_server_ctx(X509 *cert, EVP_PKEY *key, int max_version) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  FZ_ASSERT(ctx != NULL);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, max_version);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); /* nothing carried from one input to the next */
  FZ_ASSERT(SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1);
  return ctx;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  RAND_set_rand_method(&rng_method);
  rng_state = 1;
  EVP_PKEY *key = EVP_EC_gen("P-256");
  FZ_ASSERT(key != NULL);
  server_cert = make_cert(key);
  server_ctx12 = make_server_ctx(server_cert, key, TLS1_2_VERSION);
  server_ctx13 = make_server_ctx(server_cert, key, TLS1_3_VERSION);
  EVP_PKEY_free(key);
  /* The client trusts the certificate above only: no system store to load for every input. */
  setenv("SSL_CERT_FILE", "/dev/null", 1);
  setenv("SSL_CERT_DIR", "/nonexistent", 1);
  return 0;
}

/* A client context per input, as a transport has one per server: it keeps the session its server
 * issued (jv_tls resumes it on the next connection), which must not leak into the next input. */
static SSL_CTX *client_ctx(bool verify) {
  char err[256];
  jv_tls_options o = {.insecure_skip_verify = !verify};
  SSL_CTX *ctx = jv_tls_client_ctx(&o, err, sizeof err);
  FZ_ASSERT(ctx != NULL);
  if (verify) FZ_ASSERT(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), server_cert) == 1);
  ERR_clear_error();
  return ctx;
}

/* ---- one input ---- */

typedef struct scene {
  SSL_CTX *ctx; /* the client's */
  const char *host;
  SSL_CTX *server_ctx;
  jv_tls *client;
  SSL *server;
  BIO *s_in, *s_out; /* the server's network side */
  jv_buf flight;     /* server -> client bytes on the wire */
  jv_buf c_plain;    /* what the client decrypted */
  jv_buf s_plain;    /* what the server decrypted */
  jv_buf c_sent;     /* what the client wrote */
  jv_buf s_sent;     /* what the server wrote */
  bool client_failed;
  bool server_failed;
  uint64_t wire_hash; /* of every byte delivered to the client (FZ_DEBUG: runs are reproducible) */
} scene;

static bool prefix(const jv_buf *a, const jv_buf *b) {
  return a->len <= b->len && (a->len == 0 || !memcmp(a->data, b->data, a->len));
}

static void check(scene *s) {
  FZ_ASSERT(prefix(&s->c_plain, &s->s_sent));
  FZ_ASSERT(prefix(&s->s_plain, &s->c_sent));
}

static void client_result(scene *s, int rc) {
  if (rc == 0) {
    FZ_ASSERT(!s->client_failed);
    return;
  }
  FZ_ASSERT(rc == JANUV_ETLS);
  FZ_ASSERT(fz_touch_str(jv_tls_error(s->client)) > 0);
  s->client_failed = true;
}

static void client_feed(scene *s, const void *p, size_t n) {
  for (size_t i = 0; i < n; i++) s->wire_hash = (s->wire_hash ^ ((const uint8_t *)p)[i]) * 1099511628211ull;
  client_result(s, jv_tls_feed(s->client, p, n, &s->c_plain));
  check(s);
}

/* Client output to the server, the server's handshake and reads, server output onto the wire. */
static bool move(scene *s) {
  bool moved = false;
  jv_buf out = {0};
  FZ_ASSERT(jv_tls_take_output(s->client, &out) == 0);
  if (out.len) {
    BIO_write(s->s_in, out.data, (int)out.len);
    moved = true;
  }
  jv_buf_free(&out);
  if (!s->server_failed) {
    ERR_clear_error();
    if (!SSL_is_init_finished(s->server)) {
      int r = SSL_do_handshake(s->server);
      int e = SSL_get_error(s->server, r);
      if (r != 1 && e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) s->server_failed = true;
    }
    char buf[4096];
    int r;
    while (!s->server_failed && (r = SSL_read(s->server, buf, sizeof buf)) > 0)
      jv_buf_append(&s->s_plain, buf, (size_t)r);
    ERR_clear_error();
  }
  size_t pending;
  while ((pending = BIO_ctrl_pending(s->s_out)) > 0) {
    char buf[4096];
    int r = BIO_read(s->s_out, buf, (int)(pending < sizeof buf ? pending : sizeof buf));
    if (r <= 0) break;
    jv_buf_append(&s->flight, buf, (size_t)r);
    moved = true;
  }
  check(s);
  return moved;
}

static void deliver(scene *s, size_t n) {
  if (n > s->flight.len) n = s->flight.len;
  if (n == 0) return;
  client_feed(s, s->flight.data, n);
  jv_buf_consume(&s->flight, n);
}

static void pump(scene *s) {
  for (int round = 0; round < 32; round++) {
    bool moved = move(s);
    if (s->flight.len) {
      deliver(s, s->flight.len);
      moved = true;
    }
    if (!moved) break;
  }
}

static void server_write(scene *s, const uint8_t *p, size_t n) {
  if (s->server_failed || !SSL_is_init_finished(s->server) || n == 0) return;
  ERR_clear_error();
  int r = SSL_write(s->server, p, (int)n);
  if (r > 0) jv_buf_append(&s->s_sent, p, (size_t)r);
  ERR_clear_error();
}

static void key_update(scene *s) {
  if (s->server_failed || !SSL_is_init_finished(s->server)) return;
  ERR_clear_error();
  if (SSL_version(s->server) >= TLS1_3_VERSION)
    SSL_key_update(s->server, SSL_KEY_UPDATE_REQUESTED);
  else
    SSL_renegotiate(s->server);
  SSL_do_handshake(s->server);
  ERR_clear_error();
}

/* A connection: a new jv_tls client on the input's context (offering the session of the previous
 * connection, if any) and a new server. */
static void open_conn(scene *s) {
  s->client = jv_tls_client_new(s->ctx, s->host);
  FZ_ASSERT(s->client != NULL);
  s->server = SSL_new(s->server_ctx);
  s->s_in = BIO_new(BIO_s_mem());
  s->s_out = BIO_new(BIO_s_mem());
  FZ_ASSERT(s->server && s->s_in && s->s_out);
  BIO_set_mem_eof_return(s->s_in, -1);
  SSL_set_bio(s->server, s->s_in, s->s_out);
  SSL_set_accept_state(s->server);
  client_result(s, jv_tls_start(s->client));
}

static void close_conn(scene *s) {
  jv_tls_free(s->client);
  SSL_free(s->server);
  s->client = NULL;
  s->server = NULL;
  jv_buf_free(&s->flight);
  jv_buf_free(&s->c_plain);
  jv_buf_free(&s->s_plain);
  jv_buf_free(&s->c_sent);
  jv_buf_free(&s->s_sent);
  s->client_failed = s->server_failed = false;
}

/* The oracles on a connection's final state. */
static void check_end(scene *s, bool verify, bool host_ok) {
  static int debug = -1;
  if (debug < 0) debug = getenv("FZ_DEBUG") != NULL;
  if (debug)
    fprintf(stderr,
            "wire %016llx ready %d%s failed %d server %d/%d client got %zu of %zu, server got %zu of %zu (%s) %s\n",
            (unsigned long long)s->wire_hash, jv_tls_ready(s->client), jv_tls_resumed(s->client) ? " resumed" : "",
            s->client_failed, SSL_is_init_finished(s->server), s->server_failed, s->c_plain.len, s->s_sent.len,
            s->s_plain.len, s->c_sent.len, jv_tls_version(s->client), jv_tls_error(s->client));
  if (jv_tls_ready(s->client)) {
    FZ_ASSERT(!verify || host_ok);
    FZ_ASSERT(fz_touch_str(jv_tls_version(s->client)) > 0);
  } else {
    FZ_ASSERT(jv_tls_version(s->client)[0] == '\0');
  }
  if (jv_tls_peer_closed(s->client)) FZ_ASSERT(jv_tls_ready(s->client));
  if (s->client_failed) {
    jv_buf more = {0};
    FZ_ASSERT(jv_tls_feed(s->client, "x", 1, &more) == JANUV_ETLS);
    FZ_ASSERT(more.len == 0);
    jv_buf_free(&more);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (!server_cert) LLVMFuzzerInitialize(NULL, NULL);
  rng_state = 0x5eed;
  ERR_clear_error();
  uint8_t setup = data[0];
  static const char *const hosts[] = {"localhost", "127.0.0.1", "janus.example.com", "127.0.0.2"};
  const char *host = hosts[(setup >> 2) & 3];
  bool verify = !(setup & 2);
  bool host_ok = (setup >> 2 & 3) < 2;

  scene sc;
  memset(&sc, 0, sizeof sc);
  scene *s = &sc;
  s->ctx = client_ctx(verify);
  s->host = host;
  s->server_ctx = setup & 1 ? server_ctx12 : server_ctx13;
  open_conn(s);

  size_t i = 1;
#define NEXT() (i < size ? data[i++] : 0)
  while (i < size) {
    uint8_t op = data[i++] % 11;
    switch (op) {
    case 0: {
      size_t n = NEXT();
      if (n > size - i) n = size - i;
      client_feed(s, data + i, n);
      i += n;
      break;
    }
    case 1: pump(s); break;
    case 2:
    case 3: {
      size_t n = NEXT();
      if (n > size - i) n = size - i;
      if (op == 2) {
        server_write(s, data + i, n);
      } else {
        int rc = jv_tls_write(s->client, data + i, n);
        FZ_ASSERT(rc == 0 || rc == JANUV_ETLS);
        if (rc == 0) jv_buf_append(&s->c_sent, data + i, n);
        client_result(s, rc);
      }
      i += n;
      break;
    }
    case 4:
      if (!s->server_failed && SSL_is_init_finished(s->server)) {
        ERR_clear_error();
        SSL_shutdown(s->server);
        ERR_clear_error();
      }
      break;
    case 5: {
      size_t p = (size_t)NEXT() << 8;
      p |= NEXT();
      uint8_t x = NEXT() | 1;
      move(s);
      if (s->flight.len) s->flight.data[p % s->flight.len] ^= (char)x;
      break;
    }
    case 6: {
      size_t k = (size_t)NEXT() << 8;
      k |= NEXT();
      move(s);
      deliver(s, k % (s->flight.len + 1));
      break;
    }
    case 7: key_update(s); break;
    case 8: jv_tls_shutdown(s->client); break;
    case 9:
      move(s);
      jv_buf_reset(&s->flight);
      break;
    case 10:
      check_end(s, verify, host_ok);
      close_conn(s);
      open_conn(s);
      break;
    }
  }
#undef NEXT
  pump(s);

  check_end(s, verify, host_ok);
  close_conn(s);
  SSL_CTX_free(s->ctx);
  ERR_clear_error();
  return 0;
}
