/*
 * HTTP responses on a keep-alive connection (jv_http_parser_*): the input is the byte stream from the
 * server. Input: byte 0 picks max_body (small limits reach JANUV_ETOOBIG), bytes 1-2 a split position;
 * the rest is fed as two chunks split there, every complete response is taken and the parser readied
 * for the next one (as transport/http.c does), and the stream ends with an EOF.
 *
 * Oracle: the same stream fed in one piece and fed byte by byte gives the same responses (status,
 * keep-alive, body) and the same outcome.
 */
#include <string.h>

#include "fuzz.h"
#include "januv/errors.h"
#include "proto/http.h"

enum { MAX_RESPONSES = 64 };

typedef struct outcome {
  int n;
  int status[MAX_RESPONSES];
  bool keep_alive[MAX_RESPONSES];
  uint64_t body_hash[MAX_RESPONSES];
  size_t body_len[MAX_RESPONSES];
  int rc;      /* the first error, or 0 */
  int eof_rc;
} outcome;

static uint64_t hash(const char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)p[i]) * 1099511628211ull;
  return h;
}

static void take(jv_http_parser *p, outcome *o, size_t max_body) {
  FZ_ASSERT(p->complete && !jv_http_parser_busy(p));
  FZ_ASSERT(p->status >= 0 && p->status <= 999);
  FZ_ASSERT(p->body.len <= max_body);
  if (p->body.data) FZ_ASSERT(p->body.data[p->body.len] == '\0');
  if (o->n < MAX_RESPONSES) {
    o->status[o->n] = p->status;
    o->keep_alive[o->n] = p->keep_alive;
    o->body_hash[o->n] = hash(p->body.data, p->body.len);
    o->body_len[o->n] = p->body.len;
  }
  o->n++;
  jv_http_parser_next(p);
}

/* Feeds one chunk, taking every response that completes in it. */
static int feed(jv_http_parser *p, outcome *o, size_t max_body, const char *data, size_t len) {
  while (len > 0) {
    size_t used = 0;
    int rc = jv_http_parser_feed(p, data, len, &used);
    FZ_ASSERT(used <= len);
    if (rc != 0) {
      FZ_ASSERT(rc == JANUV_EPROTO || rc == JANUV_ETOOBIG);
      FZ_ASSERT(p->failed && p->error[0]);
      return rc;
    }
    if (p->complete) {
      take(p, o, max_body);
    } else {
      FZ_ASSERT(used == len); /* not complete: everything was consumed */
    }
    data += used;
    len -= used;
  }
  return 0;
}

static void run(const char *data, size_t len, size_t max_body, const size_t *cuts, size_t ncuts, outcome *o) {
  memset(o, 0, sizeof *o);
  jv_http_parser p;
  jv_http_parser_init(&p, max_body);
  size_t at = 0;
  for (size_t i = 0; i <= ncuts && o->rc == 0; i++) {
    size_t end = i < ncuts ? cuts[i] : len;
    if (end < at) end = at;
    o->rc = feed(&p, o, max_body, data + at, end - at);
    at = end;
  }
  if (o->rc == 0) {
    o->eof_rc = jv_http_parser_eof(&p);
    FZ_ASSERT(o->eof_rc == 0 || o->eof_rc == JANUV_EPROTO);
    if (o->eof_rc == 0 && p.complete) take(&p, o, max_body);
    FZ_ASSERT(!jv_http_parser_busy(&p) || o->eof_rc != 0);
  }
  jv_http_parser_free(&p);
}

static void same(const outcome *a, const outcome *b) {
  FZ_ASSERT(a->n == b->n);
  FZ_ASSERT((a->rc == 0) == (b->rc == 0));
  FZ_ASSERT(a->rc == b->rc);
  FZ_ASSERT(a->eof_rc == b->eof_rc);
  for (int i = 0; i < a->n && i < MAX_RESPONSES; i++) {
    FZ_ASSERT(a->status[i] == b->status[i]);
    FZ_ASSERT(a->keep_alive[i] == b->keep_alive[i]);
    FZ_ASSERT(a->body_len[i] == b->body_len[i]);
    FZ_ASSERT(a->body_hash[i] == b->body_hash[i]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3) return 0;
  static const size_t limits[] = {16u << 20, 1, 16, 100, 4096};
  size_t max_body = limits[data[0] % (sizeof limits / sizeof limits[0])];
  size_t split = (size_t)data[1] << 8 | data[2];
  const char *stream = (const char *)data + 3;
  size_t len = size - 3;
  split %= len + 1;

  outcome whole, two, bytes;
  run(stream, len, max_body, NULL, 0, &whole);
  run(stream, len, max_body, &split, 1, &two);
  same(&whole, &two);
  if (len <= 4096) {
    size_t *cuts = malloc((len ? len : 1) * sizeof *cuts);
    if (cuts) {
      for (size_t i = 0; i < len; i++) cuts[i] = i + 1;
      run(stream, len, max_body, cuts, len, &bytes);
      same(&whole, &bytes);
      free(cuts);
    }
  }
  return 0;
}
