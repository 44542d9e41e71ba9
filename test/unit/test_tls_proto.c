/* TLS without sockets (lib/proto/tls.h): a januv client and a januv server session pumped into each
 * other in memory. Handshakes, application data in any split, close_notify, and the ways a handshake
 * fails (untrusted certificate, wrong name, garbage, an old protocol). Certificates are made with the
 * openssl command at run time (test/common/certs.h). */
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certs.h"
#include "harness.h"
#include "januv/errors.h"
#include "proto/tls.h"

/* ---- certificates, made once per run ---- */

static t_certs certs;
static char certs_dir[400];
static int certs_state; /* 0: not made yet, 1: made, -1: failed */

static void remove_certs(void) {
  static const char *const files[] = {"ca.key", "ca.pem", "ca.srl", "server.key", "server.csr", "server.pem",
                                      "server.ext", "openssl.log"};
  char path[512];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", certs_dir, files[i]);
    unlink(path);
  }
  rmdir(certs_dir);
}

static const t_certs *get_certs(void) {
  if (certs_state == 0) {
    const char *tmp = getenv("JANUV_TEST_TMPDIR");
    if (!tmp || !*tmp) tmp = "/tmp";
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST) perror(tmp);
    snprintf(certs_dir, sizeof certs_dir, "%s/tls-proto-%ld", tmp, (long)getpid());
    certs_state = t_make_certs(certs_dir, &certs) == 0 ? 1 : -1;
    if (certs_state == 1) atexit(remove_certs);
  }
  return certs_state == 1 ? &certs : NULL;
}

/* ---- contexts ---- */

static SSL_CTX *server_ctx(void) {
  const t_certs *c = get_certs();
  if (!c) return NULL;
  char err[256] = "";
  SSL_CTX *ctx = jv_tls_server_ctx(c->server_cert, c->server_key, err, sizeof err);
  if (!ctx) fprintf(stderr, "  server ctx: %s\n", err);
  return ctx;
}

/* with_ca: trust the test CA; insecure: insecure_skip_verify */
static SSL_CTX *client_ctx(bool with_ca, bool insecure) {
  const t_certs *c = get_certs();
  if (!c) return NULL;
  jv_tls_options o = {.ca_file = with_ca ? c->ca : NULL, .insecure_skip_verify = insecure};
  char err[256] = "";
  SSL_CTX *ctx = jv_tls_client_ctx(&o, err, sizeof err);
  if (!ctx) fprintf(stderr, "  client ctx: %s\n", err);
  return ctx;
}

/* ---- a client and a server session joined in memory ---- */

typedef struct pair {
  SSL_CTX *cctx, *sctx;
  jv_tls *c, *s;
  jv_buf cplain, splain; /* plaintext the client / the server received */
  int crc, src;          /* the first error of each side */
  size_t to_server, to_client; /* ciphertext bytes moved */
} pair;

static bool pair_open(pair *p, SSL_CTX *cctx, SSL_CTX *sctx, const char *host) {
  memset(p, 0, sizeof *p);
  p->cctx = cctx;
  p->sctx = sctx;
  if (!cctx || !sctx) return false;
  p->c = jv_tls_client_new(cctx, host);
  p->s = jv_tls_server_new(sctx);
  return p->c && p->s;
}

static void pair_free(pair *p) {
  jv_tls_free(p->c);
  jv_tls_free(p->s);
  if (p->cctx) SSL_CTX_free(p->cctx);
  if (p->sctx) SSL_CTX_free(p->sctx);
  jv_buf_free(&p->cplain);
  jv_buf_free(&p->splain);
}

/* Feeds what from took out to the peer in pieces whose sizes cycle through pieces[]. */
static int feed_split(jv_tls *to, const jv_buf *b, const size_t *pieces, size_t npieces, jv_buf *plain) {
  size_t at = 0, k = 0;
  while (at < b->len) {
    size_t n = pieces[k++ % npieces];
    if (n > b->len - at) n = b->len - at;
    int rc = jv_tls_feed(to, b->data + at, n, plain);
    if (rc) return rc;
    at += n;
  }
  return 0;
}

/* Moves ciphertext both ways until nothing moves or a side fails. */
static void pump_split(pair *p, const size_t *pieces, size_t npieces) {
  for (int round = 0; round < 1000; round++) {
    bool moved = false;
    jv_buf b = {0};
    jv_tls_take_output(p->c, &b);
    if (b.len && !p->src) {
      moved = true;
      p->to_server += b.len;
      p->src = feed_split(p->s, &b, pieces, npieces, &p->splain);
    }
    jv_buf_reset(&b);
    jv_tls_take_output(p->s, &b);
    if (b.len && !p->crc) {
      moved = true;
      p->to_client += b.len;
      p->crc = feed_split(p->c, &b, pieces, npieces, &p->cplain);
    }
    jv_buf_free(&b);
    if (!moved) return;
  }
  fprintf(stderr, "  pump: still moving after 1000 rounds\n");
}

static void pump(pair *p) {
  static const size_t all[] = {SIZE_MAX};
  pump_split(p, all, 1);
}

/* Starts the client and pumps; true when both sides are ready without errors (else says why). */
static bool handshake_quiet(pair *p, bool quiet) {
  int rc = jv_tls_start(p->c);
  if (rc) {
    p->crc = rc;
    return false;
  }
  pump(p);
  bool ok = !p->crc && !p->src && jv_tls_ready(p->c) && jv_tls_ready(p->s);
  if (!ok && !quiet)
    fprintf(stderr, "  handshake: client %s ready=%d \"%s\"; server %s ready=%d \"%s\"\n", januv_err_name(p->crc),
            jv_tls_ready(p->c), jv_tls_error(p->c), januv_err_name(p->src), jv_tls_ready(p->s), jv_tls_error(p->s));
  return ok;
}

static bool handshake(pair *p) { return handshake_quiet(p, false); }

static void fill(char *d, size_t n, unsigned seed) {
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    d[i] = (char)(x >> 16);
  }
}

/* ---- handshakes ---- */

static void test_handshake(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK_EQ_STR(jv_tls_version(p.c), "");
  CHECK(!jv_tls_ready(p.c));
  CHECK(handshake(&p));
  const char *v = jv_tls_version(p.c);
  CHECK(!strcmp(v, "TLSv1.3") || !strcmp(v, "TLSv1.2"));
  CHECK_EQ_STR(jv_tls_version(p.s), v);
  CHECK_EQ_STR(jv_tls_error(p.c), "");
  CHECK_EQ_STR(jv_tls_error(p.s), "");
  CHECK(!jv_tls_peer_closed(p.c) && !jv_tls_peer_closed(p.s));
  CHECK_EQ_INT(p.cplain.len, 0);
  CHECK_EQ_INT(p.splain.len, 0);
  pair_free(&p);
}

/* A server that stops at TLS 1.2: the client's minimum. */
static void test_handshake_tls12(void) {
  pair p;
  SSL_CTX *sctx = server_ctx();
  CHECK(sctx);
  CHECK_EQ_INT(SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION), 1);
  CHECK(pair_open(&p, client_ctx(true, false), sctx, "localhost"));
  CHECK(handshake(&p));
  CHECK_EQ_STR(jv_tls_version(p.c), "TLSv1.2");
  CHECK_EQ_STR(jv_tls_version(p.s), "TLSv1.2");
  /* data works there too */
  CHECK_EQ_INT(jv_tls_write(p.c, "ping", 4), 0);
  CHECK_EQ_INT(jv_tls_write(p.s, "pong", 4), 0);
  pump(&p);
  CHECK_EQ_STR(p.splain.data, "ping");
  CHECK_EQ_STR(p.cplain.data, "pong");
  pair_free(&p);
}

/* A second connection from the same client context resumes the first one's session (TLS 1.3
 * tickets arrive after the handshake, with the first data; TLS 1.2 in the handshake). */
static void resume_with(int max_version) {
  SSL_CTX *cctx = client_ctx(true, false), *sctx = server_ctx();
  CHECK(cctx && sctx);
  if (max_version) CHECK_EQ_INT(SSL_CTX_set_max_proto_version(sctx, max_version), 1);
  for (int round = 0; round < 3; round++) {
    pair p;
    SSL_CTX_up_ref(cctx);
    SSL_CTX_up_ref(sctx);
    CHECK(pair_open(&p, cctx, sctx, "localhost"));
    CHECK(handshake(&p));
    CHECK_EQ_INT(jv_tls_write(p.s, "hello", 5), 0);
    pump(&p);
    CHECK_EQ_STR(p.cplain.data, "hello");
    CHECK_EQ_INT(jv_tls_resumed(p.c), round > 0);
    pair_free(&p);
  }
  SSL_CTX_free(cctx);
  SSL_CTX_free(sctx);
}

static void test_resumption(void) {
  resume_with(0);
  resume_with(TLS1_2_VERSION);
}

/* Another client context (another server) never offers this one's session. */
static void test_no_resumption_across_contexts(void) {
  SSL_CTX *sctx = server_ctx();
  CHECK(sctx);
  for (int round = 0; round < 2; round++) {
    pair p;
    SSL_CTX_up_ref(sctx);
    CHECK(pair_open(&p, client_ctx(true, false), sctx, "localhost"));
    CHECK(handshake(&p));
    CHECK_EQ_INT(jv_tls_write(p.s, "x", 1), 0);
    pump(&p);
    CHECK(!jv_tls_resumed(p.c));
    pair_free(&p);
  }
  SSL_CTX_free(sctx);
}

/* Every handshake byte fed on its own. */
static void test_handshake_byte_by_byte(void) {
  static const size_t one[] = {1};
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK_EQ_INT(jv_tls_start(p.c), 0);
  pump_split(&p, one, 1);
  CHECK_EQ_INT(p.crc, 0);
  CHECK_EQ_INT(p.src, 0);
  CHECK(jv_tls_ready(p.c) && jv_tls_ready(p.s));
  pair_free(&p);
}

/* The client sends the server name (SNI) for names, never for addresses. */
static char sni_seen[256];
static int sni_calls;

static int on_servername(SSL *ssl, int *alert, void *arg) {
  (void)alert;
  (void)arg;
  const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  snprintf(sni_seen, sizeof sni_seen, "%s", name ? name : "(none)");
  sni_calls++;
  return SSL_TLSEXT_ERR_OK;
}

static void test_sni(void) {
  static const char *const hosts[] = {"localhost", "127.0.0.1", "::1"};
  static const char *const want[] = {"localhost", "(none)", "(none)"};
  for (size_t i = 0; i < 3; i++) {
    pair p;
    SSL_CTX *sctx = server_ctx();
    CHECK(sctx);
    SSL_CTX_set_tlsext_servername_callback(sctx, on_servername);
    sni_seen[0] = 0;
    sni_calls = 0;
    CHECK(pair_open(&p, client_ctx(false, true), sctx, hosts[i]));
    CHECK(handshake(&p));
    CHECK_EQ_INT(sni_calls, 1);
    CHECK_EQ_STR(sni_seen, want[i]);
    pair_free(&p);
  }
}

/* ---- application data ---- */

static void test_small_byte_by_byte(void) {
  static const size_t one[] = {1};
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK(handshake(&p));
  const char *up = "{\"janus\":\"info\",\"transaction\":\"t1\"}";
  const char *down = "{\"janus\":\"server_info\",\"transaction\":\"t1\"}";
  CHECK_EQ_INT(jv_tls_write(p.c, up, strlen(up)), 0);
  CHECK_EQ_INT(jv_tls_write(p.s, down, strlen(down)), 0);
  pump_split(&p, one, 1);
  CHECK_EQ_INT(p.crc, 0);
  CHECK_EQ_INT(p.src, 0);
  CHECK_EQ_STR(p.splain.data, up);
  CHECK_EQ_STR(p.cplain.data, down);
  /* several writes, one record each, read as one stream */
  jv_buf_reset(&p.splain);
  static const char digits[] = "0123456789";
  for (int i = 0; i < 10; i++) CHECK_EQ_INT(jv_tls_write(p.c, &digits[i], 1), 0);
  CHECK_EQ_INT(jv_tls_write(p.c, "", 0), 0);
  pump_split(&p, one, 1);
  CHECK_EQ_STR(p.splain.data, "0123456789");
  pair_free(&p);
}

/* 1 MB each way, records cut at odd places (and many records in one feed). */
static void test_large_odd_splits(void) {
  static const size_t odd[] = {1, 7, 333, 4099, 5, 16411, 2, 65521, 13, 100003};
  size_t n = 1u << 20;
  char *up = malloc(n), *down = malloc(n);
  CHECK(up && down);
  fill(up, n, 1);
  fill(down, n, 2);
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK(handshake(&p));
  CHECK_EQ_INT(jv_tls_write(p.c, up, n), 0);
  CHECK_EQ_INT(jv_tls_write(p.s, down, n), 0);
  pump_split(&p, odd, sizeof odd / sizeof odd[0]);
  CHECK_EQ_INT(p.crc, 0);
  CHECK_EQ_INT(p.src, 0);
  CHECK_EQ_INT(p.splain.len, n);
  CHECK_EQ_INT(p.cplain.len, n);
  CHECK(!memcmp(p.splain.data, up, n));
  CHECK(!memcmp(p.cplain.data, down, n));
  CHECK(p.to_server > n); /* it went as ciphertext */
  /* and all at once */
  jv_buf_reset(&p.splain);
  CHECK_EQ_INT(jv_tls_write(p.c, down, n), 0);
  pump(&p);
  CHECK_EQ_INT(p.splain.len, n);
  CHECK(!memcmp(p.splain.data, down, n));
  pair_free(&p);
  free(up);
  free(down);
}

/* Plaintext written before the handshake completes goes out after it, in order. */
static void test_write_before_handshake(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK_EQ_INT(jv_tls_write(p.c, "early ", 6), 0);
  CHECK_EQ_INT(jv_tls_write(p.c, "bird", 4), 0);
  CHECK_EQ_INT(jv_tls_write(p.s, "server first", 12), 0);
  jv_buf out = {0};
  CHECK_EQ_INT(jv_tls_take_output(p.c, &out), 0);
  CHECK_EQ_INT(out.len, 0); /* nothing before the start */
  jv_buf_free(&out);
  CHECK(handshake(&p));
  pump(&p);
  CHECK_EQ_STR(p.splain.data, "early bird");
  CHECK_EQ_STR(p.cplain.data, "server first");
  CHECK_EQ_INT(jv_tls_write(p.c, " later", 6), 0);
  pump(&p);
  CHECK_EQ_STR(p.splain.data, "early bird later");
  pair_free(&p);
}

/* ---- close_notify ---- */

static void test_close_notify(void) {
  for (int client_first = 0; client_first < 2; client_first++) {
    pair p;
    CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
    CHECK(handshake(&p));
    jv_tls *first = client_first ? p.c : p.s, *second = client_first ? p.s : p.c;
    CHECK_EQ_INT(jv_tls_write(first, "bye", 3), 0);
    jv_tls_shutdown(first);
    CHECK(!jv_tls_peer_closed(second));
    pump(&p);
    CHECK_EQ_INT(p.crc, 0);
    CHECK_EQ_INT(p.src, 0);
    CHECK(jv_tls_peer_closed(second));
    CHECK(!jv_tls_peer_closed(first));
    CHECK_EQ_STR((client_first ? &p.splain : &p.cplain)->data, "bye"); /* the data before the alert arrived */
    /* the other side answers with its own close_notify */
    jv_tls_shutdown(second);
    pump(&p);
    CHECK_EQ_INT(p.crc, 0);
    CHECK_EQ_INT(p.src, 0);
    CHECK(jv_tls_peer_closed(first));
    pair_free(&p);
  }
}

/* Shutting down before the handshake completes sends nothing and does not break the session. */
static void test_shutdown_before_ready(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  jv_tls_shutdown(p.c);
  jv_buf out = {0};
  CHECK_EQ_INT(jv_tls_take_output(p.c, &out), 0);
  CHECK_EQ_INT(out.len, 0);
  jv_buf_free(&out);
  CHECK(handshake(&p));
  pair_free(&p);
}

/* ---- verification ---- */

/* Runs a handshake that the client must refuse; the error text must contain want1 and want2. */
static bool client_refuses(SSL_CTX *cctx, const char *host, const char *want1, const char *want2) {
  pair p;
  bool ok = pair_open(&p, cctx, server_ctx(), host);
  if (ok) {
    handshake_quiet(&p, true);
    const char *e = jv_tls_error(p.c);
    ok = p.crc == JANUV_ETLS && !jv_tls_ready(p.c) && !jv_tls_ready(p.s) && strstr(e, want1) && strstr(e, want2);
    /* The client sent an alert: the server fails too. */
    ok = ok && p.src == JANUV_ETLS && jv_tls_error(p.s)[0];
    if (!ok)
      fprintf(stderr, "  %s: client %s \"%s\"; server %s \"%s\"\n", host, januv_err_name(p.crc), e,
              januv_err_name(p.src), jv_tls_error(p.s));
    /* Once failed, it stays failed. */
    jv_buf plain = {0};
    ok = ok && jv_tls_feed(p.c, "x", 1, &plain) == JANUV_ETLS && jv_tls_write(p.c, "x", 1) == JANUV_ETLS &&
         jv_tls_start(p.c) == JANUV_ETLS && plain.len == 0;
    jv_buf_free(&plain);
    jv_tls_shutdown(p.c);
  }
  pair_free(&p);
  return ok;
}

static void test_untrusted(void) {
  CHECK(client_refuses(client_ctx(false, false), "localhost", "certificate verify failed",
                       "unable to get local issuer certificate"));
}

static void test_wrong_name(void) {
  CHECK(client_refuses(client_ctx(true, false), "example.com", "certificate verify failed", "hostname mismatch"));
  CHECK(client_refuses(client_ctx(true, false), "LOCALHOST.example", "certificate verify failed", "mismatch"));
}

/* The certificate names DNS:localhost only: an address is checked against IP entries. */
static void test_ip_mismatch(void) {
  CHECK(client_refuses(client_ctx(true, false), "127.0.0.1", "certificate verify failed", "IP address mismatch"));
  CHECK(client_refuses(client_ctx(true, false), "::1", "certificate verify failed", "IP address mismatch"));
}

static void test_insecure_skip_verify(void) {
  static const char *const hosts[] = {"localhost", "example.com", "127.0.0.1"};
  for (size_t i = 0; i < 3; i++) {
    pair p;
    CHECK(pair_open(&p, client_ctx(false, true), server_ctx(), hosts[i]));
    CHECK(handshake(&p));
    CHECK_EQ_INT(jv_tls_write(p.c, "ok", 2), 0);
    pump(&p);
    CHECK_EQ_STR(p.splain.data, "ok");
    pair_free(&p);
  }
}

static void test_bad_files(void) {
  char err[300] = "";
  jv_tls_options o = {.ca_file = "/nonexistent/januv-ca.pem"};
  SSL_CTX *ctx = jv_tls_client_ctx(&o, err, sizeof err);
  CHECK(ctx == NULL);
  CHECK(strstr(err, "cannot load CA /nonexistent/januv-ca.pem") != NULL);
  jv_tls_options od = {.ca_dir = "/nonexistent/januv-ca-dir"};
  err[0] = 0;
  ctx = jv_tls_client_ctx(&od, err, sizeof err);
  /* OpenSSL looks a hashed directory up lazily: a missing one is not an error at this point. */
  if (ctx) SSL_CTX_free(ctx);
  else CHECK(strstr(err, "januv-ca-dir") != NULL);
  /* a CA file that is not PEM */
  const t_certs *c = get_certs();
  CHECK(c);
  jv_tls_options notpem = {.ca_file = c->server_key};
  err[0] = 0;
  ctx = jv_tls_client_ctx(&notpem, err, sizeof err);
  CHECK(ctx == NULL);
  CHECK(strstr(err, "cannot load CA") != NULL);
  /* NULL options: the system store only */
  ctx = jv_tls_client_ctx(NULL, err, sizeof err);
  CHECK(ctx != NULL);
  SSL_CTX_free(ctx);
  /* server side */
  err[0] = 0;
  CHECK(jv_tls_server_ctx("/nonexistent/cert.pem", c->server_key, err, sizeof err) == NULL);
  CHECK(strstr(err, "cannot load the server certificate") != NULL);
  err[0] = 0;
  CHECK(jv_tls_server_ctx(c->server_cert, c->ca, err, sizeof err) == NULL); /* a certificate as the key */
  CHECK(strstr(err, "cannot load the server certificate") != NULL);
}

/* ---- garbage ---- */

static void test_garbage_to_client(void) {
#define JUNK(s) {s, sizeof s - 1}
  static const struct {
    const char *p;
    size_t n;
  } junk[] = {
    JUNK("HTTP/1.1 400 Bad Request\r\n\r\n"),            /* a plain HTTP server */
    JUNK("\x15\x03\x03\x00\x02\x02\x28"),                /* a fatal alert: handshake_failure */
    JUNK("\x16\x03\x03\x00\x05\x02\x00\x00\x01\x00"),    /* a ServerHello cut short in its record */
    JUNK("\x16\x03\x03\xff\xff\x00"),                    /* a record longer than allowed */
    JUNK("\x17\x03\x03\x00\x03" "abc"),                  /* application data before the handshake */
  };
#undef JUNK
  for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
    SSL_CTX *cctx = client_ctx(true, false);
    CHECK(cctx);
    jv_tls *c = jv_tls_client_new(cctx, "localhost");
    CHECK(c);
    CHECK_EQ_INT(jv_tls_start(c), 0);
    jv_buf b = {0};
    CHECK_EQ_INT(jv_tls_take_output(c, &b), 0);
    CHECK(b.len > 0 && b.data[0] == 0x16); /* the ClientHello */
    jv_buf plain = {0};
    int rc = jv_tls_feed(c, junk[i].p, junk[i].n, &plain);
    if (rc != JANUV_ETLS) fprintf(stderr, "  junk %zu: %s\n", i, januv_err_name(rc));
    else printf("# junk %zu: %s\n", i, jv_tls_error(c));
    CHECK_EQ_INT(rc, JANUV_ETLS);
    CHECK(strstr(jv_tls_error(c), "TLS handshake failed: ") == jv_tls_error(c));
    CHECK(!jv_tls_ready(c));
    CHECK_EQ_INT(plain.len, 0);
    CHECK_EQ_INT(jv_tls_feed(c, junk[i].p, 1, &plain), JANUV_ETLS);
    jv_buf_reset(&b);
    CHECK_EQ_INT(jv_tls_take_output(c, &b), 0); /* an alert, maybe */
    jv_buf_free(&b);
    jv_buf_free(&plain);
    jv_tls_free(c);
    SSL_CTX_free(cctx);
  }
}

/* A plain HTTP request to a TLS server. */
static void test_garbage_to_server(void) {
  SSL_CTX *sctx = server_ctx();
  CHECK(sctx);
  jv_tls *s = jv_tls_server_new(sctx);
  CHECK(s);
  CHECK_EQ_INT(jv_tls_start(s), 0);
  jv_buf plain = {0};
  const char *req = "GET /janus HTTP/1.1\r\nHost: localhost\r\n\r\n";
  CHECK_EQ_INT(jv_tls_feed(s, req, strlen(req), &plain), JANUV_ETLS);
  CHECK(jv_tls_error(s)[0] != 0);
  jv_buf_free(&plain);
  jv_tls_free(s);
  SSL_CTX_free(sctx);
}

/* A record altered on the way, after the handshake: the record layer refuses it. */
static void test_tampered_record(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  CHECK(handshake(&p));
  CHECK_EQ_INT(jv_tls_write(p.s, "secret message", 14), 0);
  jv_buf b = {0};
  CHECK_EQ_INT(jv_tls_take_output(p.s, &b), 0);
  CHECK(b.len > 20);
  b.data[b.len - 3] ^= 0x40;
  CHECK_EQ_INT(jv_tls_feed(p.c, b.data, b.len, &p.cplain), JANUV_ETLS);
  CHECK(strstr(jv_tls_error(p.c), "TLS record error") != NULL);
  CHECK_EQ_INT(p.cplain.len, 0);
  CHECK_EQ_INT(jv_tls_write(p.c, "x", 1), JANUV_ETLS);
  jv_buf_free(&b);
  pair_free(&p);
}

/* With insecure_skip_verify OpenSSL still verifies (and records the result) but goes on: a handshake
 * that then fails for another reason must say that reason, not "certificate verify failed". Here the
 * server's Finished is damaged on the way (TLS 1.3: its last handshake record). */
static void test_insecure_other_failure_reported(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(false, true), server_ctx(), "localhost"));
  CHECK_EQ_INT(jv_tls_start(p.c), 0);
  jv_buf b = {0};
  jv_tls_take_output(p.c, &b);
  int src = jv_tls_feed(p.s, b.data, b.len, &p.splain);
  jv_buf_reset(&b);
  jv_tls_take_output(p.s, &b);
  size_t flight = b.len;
  if (flight > 100) b.data[b.len - 2] ^= 0x01; /* in the last record's authentication tag */
  int crc = jv_tls_feed(p.c, b.data, b.len, &p.cplain);
  char e[256];
  snprintf(e, sizeof e, "%s", jv_tls_error(p.c));
  jv_buf_free(&b);
  pair_free(&p);
  printf("# damaged server flight, insecure client: \"%s\"\n", e);
  CHECK_EQ_INT(src, 0);
  CHECK(flight > 100);
  CHECK_EQ_INT(crc, JANUV_ETLS);
  CHECK(strstr(e, "TLS handshake failed: ") == e);
  CHECK(strstr(e, "certificate verify failed") == NULL);
  CHECK(strstr(e, "unable to get local issuer certificate") == NULL);
}

/* SSL_get_error() "will not work reliably" unless the thread's OpenSSL error queue is empty before
 * the TLS operation (SSL_get_error(3)). An error left there by other code on the loop thread (the
 * application's own OpenSSL use, another library) must not fail a healthy session. */
static void test_stale_error_queue(void) {
  pair p;
  CHECK(pair_open(&p, client_ctx(true, false), server_ctx(), "localhost"));
  ERR_raise_data(ERR_LIB_USER, 1, "left behind by someone else");
  bool hs = handshake(&p);
  ERR_clear_error();
  /* a record that arrives in two pieces, with a stale error in between */
  jv_tls_write(p.s, "hello", 5);
  jv_buf b = {0};
  jv_tls_take_output(p.s, &b);
  int rc1 = hs ? jv_tls_feed(p.c, b.data, 3, &p.cplain) : -1;
  ERR_raise_data(ERR_LIB_USER, 1, "left behind by someone else");
  int rc2 = hs && !rc1 ? jv_tls_feed(p.c, b.data + 3, b.len - 3, &p.cplain) : -1;
  ERR_clear_error();
  if (rc2) fprintf(stderr, "  second piece: %s \"%s\"\n", januv_err_name(rc2), jv_tls_error(p.c));
  bool got = p.cplain.data && !strcmp(p.cplain.data, "hello");
  jv_buf_free(&b);
  pair_free(&p);
  CHECK(hs);
  CHECK_EQ_INT(rc1, 0);
  CHECK_EQ_INT(rc2, 0);
  CHECK(got);
}

/* ---- protocol versions ---- */

/* A server context doing TLS 1.0-1.1 only. OpenSSL 3 allows TLS < 1.2 at security level 0 only. */
static SSL_CTX *tls11_server_ctx(int seclevel) {
  SSL_CTX *ctx = server_ctx();
  if (!ctx) return NULL;
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
  SSL_CTX_set_security_level(ctx, seclevel);
  if (seclevel == 0) SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
  return ctx;
}

/* A plain OpenSSL client that allows TLS 1.0+ at security level 0 (the control). */
static SSL_CTX *old_client_ctx(void) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return NULL;
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_security_level(ctx, 0);
  SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  return ctx;
}

/* What OpenSSL 3 does with a TLS 1.1 server, and that januv's client never speaks TLS 1.1. */
static void test_tls11_server_refused(void) {
  /* At the default security level (1), OpenSSL 3 cannot serve TLS 1.1 at all, even to a client that
   * allows it: TLS 1.1 signs with SHA-1/MD5, which level 1 forbids ("no suitable signature algorithm"). */
  pair p;
  CHECK(pair_open(&p, old_client_ctx(), tls11_server_ctx(1), "localhost"));
  CHECK(!handshake_quiet(&p, true));
  CHECK_EQ_INT(p.src, JANUV_ETLS);
  printf("# TLS 1.1 server at security level 1, permissive client: server \"%s\"\n", jv_tls_error(p.s));
  pair_free(&p);

  /* At level 0 it does (the control) ... */
  CHECK(pair_open(&p, old_client_ctx(), tls11_server_ctx(0), "localhost"));
  CHECK(handshake(&p));
  CHECK_EQ_STR(jv_tls_version(p.c), "TLSv1.1");
  pair_free(&p);

  /* ... but not with januv's client: it offers TLS 1.2 and 1.3 only, the server answers with a
   * protocol_version alert. */
  CHECK(pair_open(&p, client_ctx(true, false), tls11_server_ctx(0), "localhost"));
  CHECK(!handshake_quiet(&p, true));
  CHECK_EQ_INT(p.crc, JANUV_ETLS);
  CHECK(!jv_tls_ready(p.c));
  printf("# januv client against a TLS 1.1 server: client \"%s\"; server \"%s\"\n", jv_tls_error(p.c),
         jv_tls_error(p.s));
  CHECK(strstr(jv_tls_error(p.c), "protocol version") != NULL);
  pair_free(&p);

  /* And the client itself refuses a TLS 1.1 ServerHello: the server's answer to an old client's
   * ClientHello, replayed to januv's client. */
  SSL_CTX *octx = old_client_ctx(), *sctx = tls11_server_ctx(0), *cctx = client_ctx(true, false);
  CHECK(octx && sctx && cctx);
  jv_tls *old = jv_tls_client_new(octx, "localhost"), *srv = jv_tls_server_new(sctx),
         *cl = jv_tls_client_new(cctx, "localhost");
  CHECK(old && srv && cl);
  jv_buf b = {0}, plain = {0};
  CHECK_EQ_INT(jv_tls_start(old), 0);
  CHECK_EQ_INT(jv_tls_start(cl), 0);
  CHECK_EQ_INT(jv_tls_take_output(cl, &b), 0); /* its own ClientHello, which goes nowhere */
  jv_buf_reset(&b);
  CHECK_EQ_INT(jv_tls_take_output(old, &b), 0);
  CHECK_EQ_INT(jv_tls_feed(srv, b.data, b.len, &plain), 0);
  jv_buf_reset(&b);
  CHECK_EQ_INT(jv_tls_take_output(srv, &b), 0);
  CHECK(b.len > 5 && b.data[0] == 0x16 && b.data[1] == 3 && b.data[2] <= 2); /* a handshake record, TLS <= 1.1 */
  CHECK_EQ_INT(jv_tls_feed(cl, b.data, b.len, &plain), JANUV_ETLS);
  printf("# januv client given a TLS 1.1 ServerHello: \"%s\"\n", jv_tls_error(cl));
  CHECK(strstr(jv_tls_error(cl), "unsupported protocol") != NULL);
  jv_buf_reset(&b);
  CHECK_EQ_INT(jv_tls_take_output(cl, &b), 0);
  CHECK(b.len >= 7 && b.data[0] == 0x15 && b.data[6] == 70); /* it says why: a protocol_version alert */
  jv_buf_free(&b);
  jv_buf_free(&plain);
  jv_tls_free(old);
  jv_tls_free(srv);
  jv_tls_free(cl);
  SSL_CTX_free(octx);
  SSL_CTX_free(sctx);
  SSL_CTX_free(cctx);
}

T_MAIN(T_CASE(test_handshake), T_CASE(test_handshake_tls12), T_CASE(test_resumption),
       T_CASE(test_no_resumption_across_contexts), T_CASE(test_handshake_byte_by_byte), T_CASE(test_sni),
       T_CASE(test_small_byte_by_byte), T_CASE(test_large_odd_splits), T_CASE(test_write_before_handshake),
       T_CASE(test_close_notify), T_CASE(test_shutdown_before_ready), T_CASE(test_untrusted), T_CASE(test_wrong_name),
       T_CASE(test_ip_mismatch), T_CASE(test_insecure_skip_verify), T_CASE(test_bad_files),
       T_CASE(test_garbage_to_client), T_CASE(test_garbage_to_server), T_CASE(test_tampered_record),
       T_CASE(test_insecure_other_failure_reported), T_CASE(test_stale_error_queue), T_CASE(test_tls11_server_refused))
