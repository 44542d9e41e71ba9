/* The HTTP/1.1 client messages (lib/proto/http.h) without sockets: responses fed in every split,
 * chunked bodies, keep-alive reuse, bodies delimited by EOF, limits and malformed input, and the
 * requests januv builds (exact bytes, and llhttp in request mode accepts them). */
#include <llhttp.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "januv/errors.h"
#include "proto/http.h"

/* ---- feeding ---- */

#define MAX_GOT 4

/* The responses that completed while feeding. */
typedef struct got {
  int n;
  int status[MAX_GOT];
  bool keep_alive[MAX_GOT];
  jv_buf body[MAX_GOT];
} got;

static void got_free(got *g) {
  for (int i = 0; i < MAX_GOT; i++) jv_buf_free(&g->body[i]);
}

static void take(jv_http_parser *p, got *g) {
  if (g->n < MAX_GOT) {
    g->status[g->n] = p->status;
    g->keep_alive[g->n] = p->keep_alive;
    jv_buf_append(&g->body[g->n], p->body.data ? p->body.data : "", p->body.len);
  }
  g->n++;
  jv_http_parser_next(p);
}

/* Feeds one read's worth of bytes the way the transport does: every response that completes is taken
 * (then jv_http_parser_next), the rest of the bytes go to the next one. -1 when the parser stalls. */
static int feed_read(jv_http_parser *p, const char *data, size_t len, got *g) {
  while (len > 0) {
    size_t used = 0;
    int rc = jv_http_parser_feed(p, data, len, &used);
    if (rc) return rc;
    if (used > len) return -1;
    bool complete = p->complete;
    if (complete) take(p, g);
    if (!complete && used != len) {
      fprintf(stderr, "  parser stalled: %zu of %zu bytes used, no response complete\n", used, len);
      return -1;
    }
    data += used;
    len -= used;
  }
  return 0;
}

/* Feeds data in reads of piece bytes (the last one shorter). */
static int feed_pieces(jv_http_parser *p, const char *data, size_t len, size_t piece, got *g) {
  for (size_t at = 0; at < len; at += piece) {
    int rc = feed_read(p, data + at, len - at < piece ? len - at : piece, g);
    if (rc) return rc;
  }
  return 0;
}

static bool body_is(const jv_buf *b, const char *want) {
  size_t n = strlen(want);
  bool ok = b->len == n && (n == 0 || !memcmp(b->data, want, n));
  if (!ok)
    fprintf(stderr, "  body: got %zu bytes \"%.*s\", want \"%s\"\n", b->len, (int)b->len, b->data ? b->data : "",
            want);
  return ok;
}

/* Parses data (which must hold exactly one response) fed in reads of piece bytes. */
static bool parses_to(const char *data, size_t piece, int status, bool keep_alive, const char *body) {
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  got g = {0};
  int rc = feed_pieces(&p, data, strlen(data), piece, &g);
  bool ok = rc == 0 && g.n == 1 && g.status[0] == status && g.keep_alive[0] == keep_alive &&
            body_is(&g.body[0], body) && !jv_http_parser_busy(&p);
  if (!ok)
    fprintf(stderr, "  piece %zu: rc=%s responses=%d status=%d keep_alive=%d busy=%d error=\"%s\"\n", piece,
            januv_err_name(rc), g.n, g.status[0], g.keep_alive[0], jv_http_parser_busy(&p), p.error);
  got_free(&g);
  jv_http_parser_free(&p);
  return ok;
}

#define JSON_BODY "{\"janus\":\"success\",\"transaction\":\"abc\"}"

static const char resp_cl[] = "HTTP/1.1 200 OK\r\n"
                              "Content-Type: application/json\r\n"
                              "Content-Length: 39\r\n"
                              "\r\n" JSON_BODY;

static const char resp_chunked[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Transfer-Encoding: chunked\r\n"
                                   "\r\n"
                                   "5;ext=1\r\n"
                                   "hello\r\n"
                                   "7;name=\"quoted value\"\r\n"
                                   ", world\r\n"
                                   "A;flag\r\n"
                                   " and more!\r\n"
                                   "0\r\n"
                                   "X-Trailer: yes\r\n"
                                   "X-Other: 2\r\n"
                                   "\r\n";

/* ---- Content-Length ---- */

static void test_content_length_at_once(void) {
  CHECK_EQ_INT(strlen(JSON_BODY), 39);
  CHECK(parses_to(resp_cl, sizeof resp_cl, 200, true, JSON_BODY));
}

static void test_content_length_byte_by_byte(void) { CHECK(parses_to(resp_cl, 1, 200, true, JSON_BODY)); }

static void test_content_length_every_split(void) {
  size_t len = strlen(resp_cl);
  for (size_t i = 0; i <= len; i++) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, resp_cl, i, &g);
    bool mid_ok = rc == 0 && (i == len ? g.n == 1 : g.n == 0 && jv_http_parser_busy(&p) == (i > 0));
    if (!rc) rc = feed_read(&p, resp_cl + i, len - i, &g);
    bool ok = mid_ok && rc == 0 && g.n == 1 && g.status[0] == 200 && g.keep_alive[0] &&
              body_is(&g.body[0], JSON_BODY) && !jv_http_parser_busy(&p);
    got_free(&g);
    jv_http_parser_free(&p);
    if (!ok) fprintf(stderr, "  split at %zu\n", i);
    CHECK(ok);
  }
}

/* ---- chunked ---- */

static void test_chunked_at_once(void) {
  CHECK(parses_to(resp_chunked, sizeof resp_chunked, 200, true, "hello, world and more!"));
}

static void test_chunked_byte_by_byte(void) { CHECK(parses_to(resp_chunked, 1, 200, true, "hello, world and more!")); }

static void test_chunked_every_split(void) {
  size_t len = strlen(resp_chunked);
  for (size_t i = 0; i <= len; i++) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, resp_chunked, i, &g);
    if (!rc) rc = feed_read(&p, resp_chunked + i, len - i, &g);
    bool ok = rc == 0 && g.n == 1 && g.status[0] == 200 && body_is(&g.body[0], "hello, world and more!");
    got_free(&g);
    jv_http_parser_free(&p);
    if (!ok) fprintf(stderr, "  split at %zu\n", i);
    CHECK(ok);
  }
}

/* A chunk size line that is not hex, and a chunk longer than announced. */
static void test_chunked_malformed(void) {
  static const char *const bad[] = {
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, bad[i], strlen(bad[i]), &g);
    bool ok = rc == JANUV_EPROTO && g.n == 0 && strstr(p.error, "malformed HTTP response") != NULL;
    if (!ok) fprintf(stderr, "  case %zu: rc=%s error=\"%s\"\n", i, januv_err_name(rc), p.error);
    got_free(&g);
    jv_http_parser_free(&p);
    CHECK(ok);
  }
}

/* ---- keep-alive ---- */

static const char resp_two[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                               "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n";

static void test_back_to_back(void) {
  size_t first = strlen("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
  size_t len = strlen(resp_two);
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  size_t used = 0;
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_two, len, &used), 0);
  CHECK_EQ_INT(used, first); /* stops at the end of the first response */
  CHECK(p.complete);
  CHECK(!jv_http_parser_busy(&p));
  CHECK_EQ_INT(p.status, 200);
  CHECK(p.keep_alive);
  CHECK(body_is(&p.body, "first"));
  /* Until the response is taken, nothing more is read. */
  size_t again = 99;
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_two + used, len - used, &again), 0);
  CHECK_EQ_INT(again, 0);
  CHECK_EQ_INT(p.status, 200);
  jv_http_parser_next(&p);
  CHECK(!p.complete);
  CHECK_EQ_INT(p.status, 0);
  CHECK_EQ_INT(p.body.len, 0);
  size_t used2 = 0;
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_two + used, len - used, &used2), 0);
  CHECK_EQ_INT(used2, len - used);
  CHECK(p.complete);
  CHECK_EQ_INT(p.status, 201);
  CHECK(body_is(&p.body, "second"));
  jv_http_parser_next(&p);
  /* and a third on the same parser, byte by byte */
  got g = {0};
  CHECK_EQ_INT(feed_pieces(&p, resp_cl, strlen(resp_cl), 1, &g), 0);
  CHECK_EQ_INT(g.n, 1);
  CHECK(body_is(&g.body[0], JSON_BODY));
  got_free(&g);
  jv_http_parser_free(&p);
}

/* The two responses split at every position, as two reads. */
static void test_back_to_back_every_split(void) {
  size_t len = strlen(resp_two);
  for (size_t i = 0; i <= len; i++) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, resp_two, i, &g);
    if (!rc) rc = feed_read(&p, resp_two + i, len - i, &g);
    bool ok = rc == 0 && g.n == 2 && g.status[0] == 200 && g.status[1] == 201 && body_is(&g.body[0], "first") &&
              body_is(&g.body[1], "second") && !jv_http_parser_busy(&p);
    got_free(&g);
    jv_http_parser_free(&p);
    if (!ok) fprintf(stderr, "  split at %zu\n", i);
    CHECK(ok);
  }
}

/* Three responses without bodies (Content-Length: 0) in one read. */
static void test_empty_bodies_back_to_back(void) {
  static const char three[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  got g = {0};
  CHECK_EQ_INT(feed_read(&p, three, strlen(three), &g), 0);
  CHECK_EQ_INT(g.n, 3);
  CHECK_EQ_INT(g.status[0], 200);
  CHECK_EQ_INT(g.status[1], 404);
  CHECK_EQ_INT(g.status[2], 200);
  CHECK(body_is(&g.body[0], ""));
  CHECK(body_is(&g.body[1], ""));
  CHECK(body_is(&g.body[2], "{}"));
  got_free(&g);
  jv_http_parser_free(&p);
}

/* ---- big bodies ---- */

static void test_large_body(void) {
  size_t n = 300 * 1024;
  jv_buf resp = {0};
  jv_buf_printf(&resp, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", n);
  size_t head = resp.len;
  jv_buf_reserve(&resp, n);
  for (size_t i = 0; i < n; i++) resp.data[head + i] = (char)('a' + (i * 7) % 26);
  resp.len += n;
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  got g = {0};
  int rc = 0;
  size_t reads = 0;
  for (size_t at = 0; at < resp.len && !rc; at += 65536, reads++) {
    rc = feed_read(&p, resp.data + at, resp.len - at < 65536 ? resp.len - at : 65536, &g);
    if (!rc && at + 65536 < resp.len && g.n != 0) rc = -2; /* complete too early */
    if (!rc && at + 65536 < resp.len && !jv_http_parser_busy(&p)) rc = -3;
  }
  CHECK_EQ_INT(rc, 0);
  CHECK_EQ_INT(reads, 5);
  CHECK_EQ_INT(g.n, 1);
  CHECK_EQ_INT(g.body[0].len, n);
  CHECK(!memcmp(g.body[0].data, resp.data + head, n));
  got_free(&g);
  jv_http_parser_free(&p);
  jv_buf_free(&resp);
}

static void test_max_body(void) {
  /* exactly at the limit: fine */
  jv_http_parser p;
  jv_http_parser_init(&p, 5);
  got g = {0};
  const char *ok5 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde";
  CHECK_EQ_INT(feed_read(&p, ok5, strlen(ok5), &g), 0);
  CHECK_EQ_INT(g.n, 1);
  CHECK(body_is(&g.body[0], "abcde"));
  /* one more byte on the same connection: too big, and the stream is dead */
  const char *big = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef";
  CHECK_EQ_INT(feed_read(&p, big, strlen(big), &g), JANUV_ETOOBIG);
  CHECK(strstr(p.error, "larger than 5 bytes") != NULL);
  CHECK(!jv_http_parser_busy(&p));
  size_t used = 7;
  CHECK_EQ_INT(jv_http_parser_feed(&p, "x", 1, &used), JANUV_EPROTO);
  CHECK_EQ_INT(used, 0);
  CHECK_EQ_INT(jv_http_parser_eof(&p), JANUV_EPROTO);
  jv_http_parser_free(&p);
  got_free(&g);

  /* over the limit across chunks, fed byte by byte */
  got g2 = {0};
  jv_http_parser_init(&p, 8);
  const char *ch = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n";
  CHECK_EQ_INT(feed_pieces(&p, ch, strlen(ch), 1, &g2), JANUV_ETOOBIG);
  CHECK_EQ_INT(g2.n, 0);
  CHECK(strstr(p.error, "larger than 8 bytes") != NULL);
  jv_http_parser_free(&p);
  got_free(&g2);

  /* an EOF-delimited body too */
  got g3 = {0};
  jv_http_parser_init(&p, 3);
  const char *eofb = "HTTP/1.0 200 OK\r\n\r\nabcd";
  CHECK_EQ_INT(feed_read(&p, eofb, strlen(eofb), &g3), JANUV_ETOOBIG);
  jv_http_parser_free(&p);
  got_free(&g3);

  /* 0 means the default, 16 MiB */
  jv_http_parser_init(&p, 0);
  CHECK_EQ_INT(p.max_body, 16u << 20);
  jv_http_parser_free(&p);
}

/* ---- connection handling ---- */

static void test_connection_close(void) {
  CHECK(parses_to("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", 1, 200, false, "{}"));
  CHECK(parses_to("HTTP/1.1 200 OK\r\nconnection: Close\r\nContent-Length: 2\r\n\r\n{}", 64, 200, false, "{}"));
  /* HTTP/1.0 is not kept alive unless it says so */
  CHECK(parses_to("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", 64, 200, false, "{}"));
  CHECK(parses_to("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", 64, 200, true, "{}"));
  CHECK(parses_to("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", 64, 200, true, "{}"));
}

/* A body without Content-Length or chunked ends with the connection. */
static void test_body_until_eof(void) {
  static const char *const resps[] = {
    "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"janus\":\"ack\"}",
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"janus\":\"ack\"}",
  };
  for (size_t r = 0; r < 2; r++) {
    for (size_t piece = 1; piece <= 200; piece += 199) {
      jv_http_parser p;
      jv_http_parser_init(&p, 0);
      got g = {0};
      CHECK_EQ_INT(feed_pieces(&p, resps[r], strlen(resps[r]), piece, &g), 0);
      CHECK_EQ_INT(g.n, 0);
      CHECK(jv_http_parser_busy(&p));
      CHECK_EQ_INT(jv_http_parser_eof(&p), 0);
      CHECK(p.complete);
      CHECK(!jv_http_parser_busy(&p));
      CHECK_EQ_INT(p.status, 200);
      CHECK(!p.keep_alive);
      CHECK(body_is(&p.body, "{\"janus\":\"ack\"}"));
      got_free(&g);
      jv_http_parser_free(&p);
    }
  }
  /* an empty body delimited by EOF */
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  got g = {0};
  CHECK_EQ_INT(feed_read(&p, "HTTP/1.0 200 OK\r\n\r\n", 19, &g), 0);
  CHECK_EQ_INT(jv_http_parser_eof(&p), 0);
  CHECK(p.complete);
  CHECK(body_is(&p.body, ""));
  got_free(&g);
  jv_http_parser_free(&p);
}

static void test_eof_cut_short(void) {
  /* in the middle of a Content-Length body, of the headers, of the status line, of a chunked body */
  static const char *const cut[] = {
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345",
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
    "HTTP/1.1 200 OK\r\nContent-Le",
    "HTTP/1.1 2",
    "H",
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
  };
  for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, cut[i], strlen(cut[i]), &g);
    bool busy = jv_http_parser_busy(&p);
    int erc = jv_http_parser_eof(&p);
    bool ok = rc == 0 && g.n == 0 && busy && erc == JANUV_EPROTO && !p.complete &&
              strstr(p.error, "connection closed in the middle of an HTTP response") != NULL &&
              !jv_http_parser_busy(&p);
    if (!ok)
      fprintf(stderr, "  \"%s\": rc=%s busy=%d eof=%s error=\"%s\"\n", cut[i], januv_err_name(rc), busy,
              januv_err_name(erc), p.error);
    got_free(&g);
    jv_http_parser_free(&p);
    CHECK(ok);
  }
}

/* EOF between responses (an idle keep-alive connection closed by the server) is not an error. */
static void test_eof_when_idle(void) {
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  CHECK_EQ_INT(jv_http_parser_eof(&p), 0);
  CHECK(!p.complete);
  got g = {0};
  CHECK_EQ_INT(feed_read(&p, resp_cl, strlen(resp_cl), &g), 0);
  CHECK_EQ_INT(g.n, 1);
  CHECK_EQ_INT(jv_http_parser_eof(&p), 0);
  CHECK(!p.complete);
  CHECK_EQ_INT(p.error[0], 0);
  got_free(&g);
  jv_http_parser_free(&p);
}

static void test_garbage(void) {
  static const char *const bad[] = {
    "hello world\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: x\r\n\r\n", /* a request, not a response */
    "HTTP/1.1 abc OK\r\n\r\n",
    "HTTP/9.9 200 OK\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", /* a TLS ClientHello on a plain connection */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    for (size_t piece = 1; piece <= 100; piece += 99) {
      jv_http_parser p;
      jv_http_parser_init(&p, 0);
      got g = {0};
      int rc = feed_pieces(&p, bad[i], strlen(bad[i]), piece, &g);
      bool ok = rc == JANUV_EPROTO && g.n == 0 && strstr(p.error, "malformed HTTP response: ") != NULL &&
                strlen(p.error) > strlen("malformed HTTP response: ") && !jv_http_parser_busy(&p) &&
                jv_http_parser_eof(&p) == JANUV_EPROTO;
      if (!ok) fprintf(stderr, "  case %zu piece %zu: rc=%s error=\"%s\"\n", i, piece, januv_err_name(rc), p.error);
      got_free(&g);
      jv_http_parser_free(&p);
      CHECK(ok);
    }
  }
}

/* ---- statuses ---- */

static void test_404_empty(void) {
  CHECK(parses_to("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 1, 404, true, ""));
  CHECK(parses_to("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 100, 404, true, ""));
  CHECK(parses_to("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 3\r\n\r\nbad", 100, 500, true, "bad"));
  /* an empty reason phrase */
  CHECK(parses_to("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", 1, 404, true, ""));
}

/* 204 and 304 end at the empty line after their headers: what follows is the next response. */
static void test_204_304(void) {
  static const char *const resps[] = {
    "HTTP/1.1 204 No Content\r\n\r\n",
    "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
    "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof resps / sizeof resps[0]; i++) {
    char buf[256];
    snprintf(buf, sizeof buf, "%sHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", resps[i]);
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    CHECK_EQ_INT(feed_read(&p, buf, strlen(buf), &g), 0);
    CHECK_EQ_INT(g.n, 2);
    CHECK_EQ_INT(g.status[0], atoi(resps[i] + 9));
    CHECK(g.keep_alive[0]);
    CHECK(body_is(&g.body[0], ""));
    CHECK_EQ_INT(g.status[1], 200);
    CHECK(body_is(&g.body[1], "{}"));
    got_free(&g);
    jv_http_parser_free(&p);
  }
}

/* RFC 9112 6.3: a 204 or 304 response "is always terminated by the first empty line after the header
 * fields, regardless of the header fields present in the message". A 304 may carry the Content-Length
 * of the representation it stands for (RFC 9110 8.6). llhttp 8 reads that many bytes as a body unless
 * on_headers_complete says to skip it, so januv eats the start of the next response. */
static void test_204_304_with_content_length(void) {
  static const char *const resps[] = {
    "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
    "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof resps / sizeof resps[0]; i++) {
    char buf[256];
    snprintf(buf, sizeof buf, "%sHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", resps[i]);
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    got g = {0};
    int rc = feed_read(&p, buf, strlen(buf), &g);
    bool ok = rc == 0 && g.n == 2 && g.status[0] == atoi(resps[i] + 9) && body_is(&g.body[0], "") &&
              g.status[1] == 200 && body_is(&g.body[1], "{}");
    if (!ok)
      fprintf(stderr, "  %.16s: %s (%s), %d responses, the first %d with a %zu-byte body\n", resps[i] + 9,
              januv_err_name(rc), p.error, g.n, g.status[0], g.body[0].len);
    got_free(&g);
    jv_http_parser_free(&p);
    CHECK(ok);
  }
}

/* 101 Switching Protocols: llhttp completes the message at the end of the headers (keep_alive as
 * llhttp_should_keep_alive says: true) and the bytes after it, another protocol, are not consumed.
 * januv never asks for an upgrade over HTTP: reading on after jv_http_parser_next is a protocol error
 * (llhttp's "Pause on CONNECT/Upgrade"). */
static void test_101(void) {
  static const char resp[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                             "\x81\x02hi";
  size_t head = strlen(resp) - 4;
  for (size_t piece = 1; piece <= sizeof resp; piece += sizeof resp - 1) {
    jv_http_parser p;
    jv_http_parser_init(&p, 0);
    size_t at = 0, used = 0;
    while (at < sizeof resp - 1 && !p.complete) {
      size_t n = sizeof resp - 1 - at < piece ? sizeof resp - 1 - at : piece;
      CHECK_EQ_INT(jv_http_parser_feed(&p, resp + at, n, &used), 0);
      at += used;
    }
    CHECK(p.complete);
    CHECK_EQ_INT(at, head);
    CHECK_EQ_INT(p.status, 101);
    CHECK(p.keep_alive);
    CHECK_EQ_INT(p.body.len, 0);
    jv_http_parser_next(&p);
    CHECK_EQ_INT(jv_http_parser_feed(&p, resp + at, sizeof resp - 1 - at, &used), JANUV_EPROTO);
    CHECK(strstr(p.error, "malformed HTTP response") != NULL);
    jv_http_parser_free(&p);
  }
}

/* RFC 9110 15.2: "A client MUST be able to parse one or more 1xx responses received prior to a final
 * response, even if the client does not expect one." A 100 Continue (or 102/103) before the answer must
 * not be taken as the answer: the response is the 200 after it. */
static void test_1xx_before_final(void) {
  static const char resp[] = "HTTP/1.1 100 Continue\r\n\r\n"
                             "HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"
                             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  got g = {0};
  int rc = feed_read(&p, resp, strlen(resp), &g);
  bool ok = rc == 0 && g.n == 1 && g.status[0] == 200 && body_is(&g.body[0], "{}");
  if (!ok) fprintf(stderr, "  %s, %d responses, the first with status %d\n", januv_err_name(rc), g.n, g.status[0]);
  got_free(&g);
  jv_http_parser_free(&p);
  CHECK(ok);
}

/* ---- busy ---- */

static void test_busy(void) {
  jv_http_parser p;
  jv_http_parser_init(&p, 0);
  CHECK(!jv_http_parser_busy(&p));
  size_t used = 0;
  CHECK_EQ_INT(jv_http_parser_feed(&p, "", 0, &used), 0);
  CHECK_EQ_INT(used, 0);
  CHECK(!jv_http_parser_busy(&p));
  CHECK_EQ_INT(jv_http_parser_feed(&p, "H", 1, &used), 0);
  CHECK_EQ_INT(used, 1);
  CHECK(jv_http_parser_busy(&p));
  size_t len = strlen(resp_cl);
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_cl + 1, len - 2, &used), 0);
  CHECK(jv_http_parser_busy(&p));
  CHECK(!p.complete);
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_cl + len - 1, 1, &used), 0);
  CHECK(p.complete);
  CHECK(!jv_http_parser_busy(&p));
  jv_http_parser_next(&p);
  CHECK(!jv_http_parser_busy(&p));
  CHECK_EQ_INT(jv_http_parser_feed(&p, resp_cl, 10, &used), 0);
  CHECK(jv_http_parser_busy(&p));
  /* a failed parser is not busy */
  CHECK_EQ_INT(jv_http_parser_feed(&p, "\x01", 1, &used), JANUV_EPROTO);
  CHECK(!jv_http_parser_busy(&p));
  jv_http_parser_free(&p);
}

/* ---- requests ---- */

static void test_build_post(void) {
  const char *body = "{\"janus\":\"info\",\"transaction\":\"t1\"}";
  jv_buf out = {0};
  CHECK_EQ_INT(jv_http_build_request(&out, "POST", "127.0.0.1:8088", "/janus", body, strlen(body)), 0);
  CHECK_EQ_STR(out.data, "POST /janus HTTP/1.1\r\n"
                         "Host: 127.0.0.1:8088\r\n"
                         "User-Agent: januv\r\n"
                         "Accept: application/json\r\n"
                         "Content-Type: application/json\r\n"
                         "Content-Length: 35\r\n"
                         "\r\n"
                         "{\"janus\":\"info\",\"transaction\":\"t1\"}");
  CHECK_EQ_INT(strlen(body), 35);
  /* it appends */
  CHECK_EQ_INT(jv_http_build_request(&out, "POST", "h", "/", "", 0), 0);
  CHECK(strstr(out.data, "}POST / HTTP/1.1\r\nHost: h\r\n") != NULL);
  CHECK(strstr(out.data, "Content-Length: 0\r\n\r\n") != NULL);
  jv_buf_free(&out);
  /* a body with a NUL in it is sent whole */
  CHECK_EQ_INT(jv_http_build_request(&out, "POST", "h", "/", "a\0b", 3), 0);
  CHECK_EQ_INT(out.len, strlen(out.data) + 2);
  CHECK(!memcmp(out.data + out.len - 3, "a\0b", 3));
  jv_buf_free(&out);
}

static void test_build_get(void) {
  jv_buf out = {0};
  CHECK_EQ_INT(jv_http_build_request(&out, "GET", "[::1]:8088", "/janus/123?maxev=10", NULL, 0), 0);
  CHECK_EQ_STR(out.data, "GET /janus/123?maxev=10 HTTP/1.1\r\n"
                         "Host: [::1]:8088\r\n"
                         "User-Agent: januv\r\n"
                         "Accept: application/json\r\n"
                         "\r\n");
  jv_buf_free(&out);
}

/* What llhttp in request mode saw. */
typedef struct req_seen {
  jv_buf url;
  jv_buf field, value;
  jv_buf headers; /* "name: value\n" each */
  jv_buf body;
  int messages;
  int method;
  bool keep_alive;
  uint64_t content_length;
} req_seen;

static int rq_url(llhttp_t *l, const char *at, size_t n) { return jv_buf_append(&((req_seen *)l->data)->url, at, n); }

static void rq_flush_header(req_seen *s) {
  if (!s->field.len) return;
  jv_buf_printf(&s->headers, "%s: %s\n", s->field.data, s->value.data ? s->value.data : "");
  jv_buf_reset(&s->field);
  jv_buf_reset(&s->value);
}

static int rq_field(llhttp_t *l, const char *at, size_t n) {
  req_seen *s = l->data;
  if (s->value.len) rq_flush_header(s);
  return jv_buf_append(&s->field, at, n);
}

static int rq_value(llhttp_t *l, const char *at, size_t n) {
  return jv_buf_append(&((req_seen *)l->data)->value, at, n);
}

static int rq_headers_complete(llhttp_t *l) {
  req_seen *s = l->data;
  rq_flush_header(s);
  s->content_length = l->content_length;
  return 0;
}

static int rq_body(llhttp_t *l, const char *at, size_t n) { return jv_buf_append(&((req_seen *)l->data)->body, at, n); }

static int rq_complete(llhttp_t *l) {
  req_seen *s = l->data;
  s->messages++;
  s->method = llhttp_get_method(l);
  s->keep_alive = llhttp_should_keep_alive(l);
  return 0;
}

static void req_seen_free(req_seen *s) {
  jv_buf_free(&s->url);
  jv_buf_free(&s->field);
  jv_buf_free(&s->value);
  jv_buf_free(&s->headers);
  jv_buf_free(&s->body);
}

/* Parses req (byte by byte when one_by_one) with llhttp as a server would. */
static int parse_request(const jv_buf *req, bool one_by_one, req_seen *s) {
  llhttp_settings_t st;
  llhttp_settings_init(&st);
  st.on_url = rq_url;
  st.on_header_field = rq_field;
  st.on_header_value = rq_value;
  st.on_headers_complete = rq_headers_complete;
  st.on_body = rq_body;
  st.on_message_complete = rq_complete;
  llhttp_t l;
  llhttp_init(&l, HTTP_REQUEST, &st);
  l.data = s;
  if (!one_by_one) return llhttp_execute(&l, req->data, req->len);
  for (size_t i = 0; i < req->len; i++) {
    llhttp_errno_t e = llhttp_execute(&l, req->data + i, 1);
    if (e != HPE_OK) return e;
  }
  return HPE_OK;
}

static void test_build_parses_back(void) {
  const char *body = "{\"janus\":\"message\",\"body\":{\"request\":\"list\"},\"transaction\":\"x\"}";
  for (int one = 0; one < 2; one++) {
    jv_buf out = {0};
    CHECK_EQ_INT(jv_http_build_request(&out, "POST", "janus.example.org:8088", "/janus/1/2", body, strlen(body)), 0);
    CHECK_EQ_INT(jv_http_build_request(&out, "GET", "janus.example.org:8088", "/janus/1?maxev=5", NULL, 0), 0);
    req_seen s = {0};
    CHECK_EQ_INT(parse_request(&out, one, &s), HPE_OK);
    CHECK_EQ_INT(s.messages, 2);
    CHECK_EQ_INT(s.method, HTTP_GET); /* the last one */
    CHECK(s.keep_alive);
    CHECK_EQ_STR(s.url.data, "/janus/1/2/janus/1?maxev=5");
    CHECK_EQ_STR(s.headers.data, "Host: janus.example.org:8088\n"
                                 "User-Agent: januv\n"
                                 "Accept: application/json\n"
                                 "Content-Type: application/json\n"
                                 "Content-Length: 63\n"
                                 "Host: janus.example.org:8088\n"
                                 "User-Agent: januv\n"
                                 "Accept: application/json\n");
    CHECK_EQ_INT(strlen(body), 63);
    CHECK_EQ_STR(s.body.data, body);
    req_seen_free(&s);
    jv_buf_free(&out);
  }
  /* and one POST alone: the method and Content-Length llhttp saw */
  jv_buf out = {0};
  CHECK_EQ_INT(jv_http_build_request(&out, "POST", "h", "/janus", body, strlen(body)), 0);
  req_seen s = {0};
  CHECK_EQ_INT(parse_request(&out, false, &s), HPE_OK);
  CHECK_EQ_INT(s.messages, 1);
  CHECK_EQ_INT(s.method, HTTP_POST);
  CHECK_EQ_INT(s.content_length, 63);
  CHECK_EQ_STR(s.body.data, body);
  req_seen_free(&s);
  jv_buf_free(&out);
}

T_MAIN(T_CASE(test_content_length_at_once), T_CASE(test_content_length_byte_by_byte),
       T_CASE(test_content_length_every_split), T_CASE(test_chunked_at_once), T_CASE(test_chunked_byte_by_byte),
       T_CASE(test_chunked_every_split), T_CASE(test_chunked_malformed), T_CASE(test_back_to_back),
       T_CASE(test_back_to_back_every_split), T_CASE(test_empty_bodies_back_to_back), T_CASE(test_large_body),
       T_CASE(test_max_body), T_CASE(test_connection_close), T_CASE(test_body_until_eof), T_CASE(test_eof_cut_short),
       T_CASE(test_eof_when_idle), T_CASE(test_garbage), T_CASE(test_404_empty), T_CASE(test_204_304),
       T_CASE(test_204_304_with_content_length), T_CASE(test_101), T_CASE(test_1xx_before_final), T_CASE(test_busy),
       T_CASE(test_build_post), T_CASE(test_build_get), T_CASE(test_build_parses_back))
