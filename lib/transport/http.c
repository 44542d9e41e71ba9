/*
 * HTTP transport (http://, https://) for Janus's REST interface: requests are POSTs to
 * BASE, BASE/<session> or BASE/<session>/<handle> over a pool of keep-alive connections (one request
 * at a time on each); events come from one long-poll GET BASE/<session>?maxev=N per session, on a
 * connection of its own, re-issued at once after every answer.
 *
 * Long-polls never share the request pool: a poll holds its connection for up to 30 s, and Janus's
 * libmicrohttpd stalls replies queued behind it on a shared keep-alive connection.
 *
 * The pool stays small (default 4): measured against Janus 1.1.2, pools of 1 to 16 connections give the
 * same throughput, while 32 stall libmicrohttpd for seconds. A destroyed session's poll is closed at
 * once on our side, but Janus keeps it suspended until its 30 s timeout, and libmicrohttpd counts it
 * against its connection limit (about 1020): programs that churn thousands of HTTP sessions per
 * 30 s should reuse sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "januv/errors.h"
#include "proto/http.h"
#include "proto/tls.h"
#include "proto/url.h"
#include "transport/stream.h"
#include "transport/transport_int.h"
#include "util/list.h"

typedef struct http_tr http_tr;
typedef struct http_poll http_poll;

typedef struct http_req {
  jv_list link;
  uint64_t request; /* core request id, 0 when untracked */
  jv_buf bytes;     /* the whole HTTP request */
  int attempts;
} http_req;

typedef struct http_conn {
  http_tr *h;
  jv_list link; /* h->conns (pool) */
  jv_stream *stream;
  jv_http_parser parser;
  http_req *req;    /* the request in flight (pool) */
  http_poll *poll;  /* set on a long-poll connection */
  bool connected;
  bool reused;      /* sat idle before its request: the server may have closed it meanwhile */
  bool reading;     /* its answer is being handed over: bytes after it predate any next request */
} http_conn;

struct http_poll {
  uint64_t session_id;
  UT_hash_handle hh;
  http_tr *h;
  http_conn *conn;
  uv_timer_t retry;
  uint32_t delay_ms;
  bool in_flight;
};

struct http_tr {
  januv_transport *t;
  jv_url url;
  char *host_header;
  char *base; /* URL path without a trailing '/' */
  char *poll_query; /* "&apisecret=..&token=.." (escaped), or "" */
  SSL_CTX *tls_ctx;
  jv_list queue; /* http_req waiting for a connection */
  size_t nqueue;
  jv_list conns;
  unsigned nconns;
  http_poll *polls;
  http_conn *just_connected; /* during its on_connect: a request placed there meets a fresh connection */
  bool stale;                /* an idle connection turned out closed: the other idle ones go too */
  bool closing;
  int closing_timers;
};

static void dispatch(http_tr *h);
static void poll_start(http_poll *p);
static void conn_free(http_conn *c);

/* ---- small helpers ---- */

static void queue_push(http_tr *h, http_req *r, bool front) {
  if (front)
    jv_list_push_front(&h->queue, &r->link);
  else
    jv_list_push_back(&h->queue, &r->link);
  h->nqueue++;
}

static http_req *queue_pop(http_tr *h) {
  jv_list *n = jv_list_pop_front(&h->queue);
  if (!n) return NULL;
  h->nqueue--;
  return JV_CONTAINER_OF(n, http_req, link);
}

static void req_free(http_req *r) {
  jv_buf_free(&r->bytes);
  free(r);
}

static int url_escape(jv_buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
      if (jv_buf_append(out, p, 1)) return UV_ENOMEM;
    } else {
      char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      if (jv_buf_append(out, esc, 3)) return UV_ENOMEM;
    }
  }
  return 0;
}

static const januv_transport_config *cfg_of(http_tr *h) { return januv_transport_get_config(h->t); }

/* ---- connections ---- */

static void st_on_connect(jv_stream *s, int status, const char *detail, void *data);
static void st_on_read(jv_stream *s, const char *p, size_t n, void *data);
static void st_on_error(jv_stream *s, int err, const char *detail, void *data);

static const jv_stream_callbacks stream_cbs = {
  .on_connect = st_on_connect,
  .on_read = st_on_read,
  .on_error = st_on_error,
};

static http_conn *conn_new(http_tr *h, http_poll *poll) {
  http_conn *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->h = h;
  c->poll = poll;
  jv_list_init(&c->link);
  jv_http_parser_init(&c->parser, cfg_of(h)->max_message_size);
  c->stream = jv_stream_new(januv_transport_loop(h->t), &stream_cbs, c);
  int rc = c->stream ? 0 : JANUV_ENOMEM;
  if (!rc && h->tls_ctx) rc = jv_stream_use_tls(c->stream, h->tls_ctx, h->url.host);
  if (!rc) rc = jv_stream_connect(c->stream, h->url.host, h->url.port, cfg_of(h)->connect_timeout_ms);
  if (rc) {
    conn_free(c);
    return NULL;
  }
  if (!poll) {
    jv_list_push_back(&h->conns, &c->link);
    h->nconns++;
  }
  return c;
}

/* Drops the connection (the stream closes asynchronously on its own). */
static void conn_free(http_conn *c) {
  if (jv_list_linked(&c->link)) {
    jv_list_remove(&c->link);
    c->h->nconns--;
  }
  if (c->stream) jv_stream_close(c->stream);
  jv_http_parser_free(&c->parser);
  if (c->req) req_free(c->req);
  free(c);
}

/* The request's bytes stay with it (a stale keep-alive connection may need them again). */
static int conn_send(http_conn *c, jv_buf *bytes) { return jv_stream_write(c->stream, bytes->data, bytes->len); }

/* ---- pool requests ---- */

static void fail_request(http_tr *h, http_req *r, int err, const char *detail) {
  if (r->request) januv_transport_request_failed(h->t, r->request, err, detail);
  req_free(r);
}

static void assign(http_conn *c, http_req *r) {
  http_tr *h = c->h;
  if (c != h->just_connected) c->reused = true;
  c->req = r;
  r->attempts++;
  int rc = conn_send(c, &r->bytes);
  if (rc) {
    c->req = NULL;
    if (c->reused && r->attempts == 1) {
      /* the server closed this idle keep-alive connection: once more, on a fresh one */
      queue_push(h, r, true);
      h->stale = true;
    } else {
      fail_request(h, r, rc, "cannot send the HTTP request");
    }
    conn_free(c);
  }
}

/* The server closed a connection that sat idle: it has likely closed the other idle ones too (a restart,
 * an idle timeout), and what goes out again must meet a fresh one. */
static void drop_idle(http_tr *h) {
  h->stale = false;
  for (jv_list *n = h->conns.next; n != &h->conns;) {
    http_conn *o = JV_CONTAINER_OF(n, http_conn, link);
    n = n->next;
    if (o->connected && !o->req && !o->reading) conn_free(o);
  }
}

/* Idle connections take what waits; new ones open (up to the pool size) for what is left. The pool is
 * small: scanning it is cheap, the queue is never scanned. */
static void dispatch(http_tr *h) {
  unsigned connecting = 0;
  for (jv_list *n = h->conns.next; n != &h->conns;) {
    http_conn *c = JV_CONTAINER_OF(n, http_conn, link);
    n = n->next; /* assign() may free c */
    if (!c->connected)
      connecting++;
    else if (!c->req && !c->reading && h->nqueue > 0 && !h->stale)
      assign(c, queue_pop(h));
  }
  if (h->stale) drop_idle(h);
  while (!h->closing && h->nqueue > connecting && h->nconns < cfg_of(h)->http_max_connections) {
    connecting++;
    if (!conn_new(h, NULL)) {
      fail_request(h, queue_pop(h), JANUV_ENOMEM, "cannot open an HTTP connection");
      return;
    }
  }
}

/* A pool connection broke: its request fails, unless the server just closed an idle keep-alive
 * connection before reading it (no byte of an answer came back), when it goes out again once. */
static void pool_conn_broken(http_conn *c, int err, const char *detail) {
  http_tr *h = c->h;
  http_req *r = c->req;
  c->req = NULL;
  bool retry = r && c->reused && r->attempts == 1 && !jv_http_parser_busy(&c->parser);
  bool was_connected = c->connected;
  conn_free(c);
  if (r && retry) {
    queue_push(h, r, true);
    drop_idle(h);
  } else if (r) {
    fail_request(h, r, err, detail);
  } else if (!was_connected && h->nqueue > 0) {
    /* could not connect: the oldest waiting request learns why */
    fail_request(h, queue_pop(h), err, detail);
  }
  dispatch(h);
}

/* ---- long-polls ---- */

static void on_poll_timer(uv_timer_t *t) { poll_start(t->data); }

static void poll_retry_later(http_poll *p, const char *why) {
  http_tr *h = p->h;
  uint32_t base = cfg_of(h)->http_retry_delay_ms, cap = cfg_of(h)->http_retry_max_ms;
  p->delay_ms = p->delay_ms ? (p->delay_ms * 2 > cap ? cap : p->delay_ms * 2) : base;
  januv_transport_log(h->t, JANUV_LOG_WARN, "long-poll of session %llu failed (%s): again in %u ms",
                      (unsigned long long)p->session_id, why, (unsigned)p->delay_ms);
  uv_timer_start(&p->retry, on_poll_timer, p->delay_ms, 0);
}

static void poll_conn_broken(http_conn *c, const char *detail) {
  http_poll *p = c->poll;
  p->conn = NULL;
  p->in_flight = false;
  conn_free(c);
  poll_retry_later(p, detail);
}

static int poll_request(http_poll *p, jv_buf *out) {
  http_tr *h = p->h;
  char target[512];
  snprintf(target, sizeof target, "%s/%llu?maxev=%u%s", h->base, (unsigned long long)p->session_id,
           cfg_of(h)->http_maxev, h->poll_query);
  return jv_http_build_request(out, "GET", h->host_header, target, NULL, 0);
}

static void poll_start(http_poll *p) {
  http_tr *h = p->h;
  if (h->closing || p->in_flight) return;
  if (!p->conn && !(p->conn = conn_new(h, p))) {
    poll_retry_later(p, "cannot open a connection");
    return;
  }
  p->in_flight = true;
  if (!p->conn->connected) return; /* sent once connected */
  jv_buf req = {0};
  int rc = poll_request(p, &req);
  if (!rc) rc = jv_stream_write_buf(p->conn->stream, &req);
  jv_buf_free(&req);
  if (rc) poll_conn_broken(p->conn, "cannot send the long-poll");
}

static void on_poll_timer_closed(uv_handle_t *handle);

static void poll_free(http_poll *p) {
  HASH_DEL(p->h->polls, p);
  if (p->conn) conn_free(p->conn);
  p->conn = NULL;
  p->h->closing_timers++;
  uv_close((uv_handle_t *)&p->retry, on_poll_timer_closed);
}

static void poll_answer(http_conn *c) {
  http_poll *p = c->poll;
  http_tr *h = c->h;
  int status = c->parser.status;
  p->in_flight = false;
  if (status == 404) {
    /* Janus answers 404 to a poll of a session it does not know (expired, or Janus restarted). */
    uint64_t sid = p->session_id;
    januv_transport_log(h->t, JANUV_LOG_WARN, "long-poll: session %llu is gone (HTTP 404)", (unsigned long long)sid);
    poll_free(p);
    januv_transport_session_lost(h->t, sid, JANUV_ESESSIONLOST);
    return;
  }
  if (status != 200) {
    char why[48];
    snprintf(why, sizeof why, "HTTP %d", status);
    if (!c->parser.keep_alive) {
      poll_conn_broken(c, why);
    } else {
      jv_http_parser_next(&c->parser);
      poll_retry_later(p, why);
    }
    return;
  }
  p->delay_ms = 0;
  jv_buf body = c->parser.body;
  memset(&c->parser.body, 0, sizeof c->parser.body);
  bool keep = c->parser.keep_alive;
  jv_http_parser_next(&c->parser);
  if (!keep) {
    p->conn = NULL;
    conn_free(c);
  }
  uint64_t sid = p->session_id;
  /* An answer of its own, not a stream: malformed, it is dropped and the session polls on. */
  if (body.len) januv_transport_receive_reply(h->t, 0, body.data, body.len);
  jv_buf_free(&body);
  /* The session may have ended while its events were delivered. */
  HASH_FIND(hh, h->polls, &sid, sizeof sid, p);
  if (p) poll_start(p);
}

/* ---- stream callbacks (both kinds of connections) ---- */

static void st_on_connect(jv_stream *s, int status, const char *detail, void *data) {
  http_conn *c = data;
  if (status != 0) {
    if (c->poll)
      poll_conn_broken(c, detail);
    else
      pool_conn_broken(c, status, detail);
    return;
  }
  c->connected = true;
  jv_transport_log_tls(c->h->t, s, c->poll ? "long-poll connection" : "request connection");
  if (c->poll) {
    c->poll->in_flight = false;
    poll_start(c->poll);
  } else {
    http_tr *h = c->h;
    h->just_connected = c;
    dispatch(h); /* may free c */
    h->just_connected = NULL;
  }
}

static void pool_answer(http_conn *c) {
  http_tr *h = c->h;
  http_req *r = c->req;
  c->req = NULL;
  c->reused = true;
  int status = c->parser.status;
  jv_buf body = c->parser.body;
  memset(&c->parser.body, 0, sizeof c->parser.body);
  bool keep = c->parser.keep_alive;
  jv_http_parser_next(&c->parser);
  if (!keep) conn_free(c);
  /* Janus answers its errors as JSON with 200; any other status is the web server's. */
  if (status == 200 && body.len) {
    januv_transport_receive_reply(h->t, r ? r->request : 0, body.data, body.len);
  } else if (r) {
    char detail[64];
    snprintf(detail, sizeof detail, "HTTP %d from %s", status, h->host_header);
    fail_request(h, r, JANUV_EHTTP, detail);
    r = NULL;
  }
  jv_buf_free(&body);
  if (r) req_free(r);
  dispatch(h);
}

static void st_on_read(jv_stream *s, const char *p, size_t n, void *data) {
  http_conn *c = data;
  (void)s;
  while (n > 0) {
    size_t used = 0;
    int rc = jv_http_parser_feed(&c->parser, p, n, &used);
    if (rc != 0) {
      char detail[160];
      snprintf(detail, sizeof detail, "%s", c->parser.error);
      if (c->poll)
        poll_conn_broken(c, detail);
      else
        pool_conn_broken(c, rc, detail);
      return;
    }
    p += used;
    n -= used;
    if (!c->parser.complete) continue;
    if (c->poll) {
      poll_answer(c); /* c may be gone; bytes after a poll's answer would be a broken server anyway */
      return;
    }
    if (!c->req) {
      pool_conn_broken(c, JANUV_EPROTO, "unsolicited HTTP response");
      return;
    }
    bool keep = c->parser.keep_alive;
    c->reading = true; /* no next request on c before the rest of these bytes is seen */
    pool_answer(c);
    if (!keep) return; /* c is gone */
    c->reading = false;
    if (n > 0) {
      /* One request at a time: bytes after its answer, read with it, answer nothing we asked. */
      pool_conn_broken(c, JANUV_EPROTO, "unsolicited bytes after an HTTP response");
      return;
    }
    dispatch(c->h);
  }
}

static void st_on_error(jv_stream *s, int err, const char *detail, void *data) {
  http_conn *c = data;
  (void)s;
  if (err == UV_EOF && !jv_http_parser_busy(&c->parser)) detail = "connection closed by the server";
  if (err == UV_EOF && jv_http_parser_eof(&c->parser) == 0 && c->parser.complete) {
    /* a response delimited by the close */
    if (c->poll) {
      poll_answer(c);
    } else if (c->req) {
      c->parser.keep_alive = false;
      pool_answer(c);
    } else {
      conn_free(c);
    }
    return;
  }
  if (c->poll)
    poll_conn_broken(c, detail);
  else
    pool_conn_broken(c, err == UV_EOF ? JANUV_ECONNRESET : err, detail);
}

/* ---- vtable ---- */

static int http_open(januv_transport *t) {
  http_tr *h = januv_transport_impl(t);
  if (!h) {
    h = calloc(1, sizeof *h);
    if (!h) return JANUV_ENOMEM;
    h->t = t;
    jv_list_init(&h->queue);
    jv_list_init(&h->conns);
    int rc = jv_url_parse(januv_transport_get_config(t)->url, &h->url);
    bool tls = rc == 0 && !strcmp(h->url.scheme, "https");
    if (rc == 0 && !tls && strcmp(h->url.scheme, "http") != 0) rc = JANUV_ENOTSUP;
    if (rc == 0) {
      h->host_header = jv_url_host_header(&h->url);
      size_t n = strlen(h->url.path);
      while (n > 0 && h->url.path[n - 1] == '/') n--;
      h->base = malloc(n + 1);
      if (h->base) {
        memcpy(h->base, h->url.path, n);
        h->base[n] = '\0';
      }
      jv_buf q = {0};
      const januv_transport_config *cfg = januv_transport_get_config(t);
      if (cfg->api_secret) rc = jv_buf_append_str(&q, "&apisecret=") || url_escape(&q, cfg->api_secret);
      if (!rc && cfg->token) rc = jv_buf_append_str(&q, "&token=") || url_escape(&q, cfg->token);
      if (!rc && !q.data) rc = jv_buf_append_str(&q, "");
      h->poll_query = jv_buf_steal(&q, NULL);
      if (!rc && (!h->host_header || !h->base || !h->poll_query)) rc = JANUV_ENOMEM;
    }
    char err[256] = "";
    if (rc == 0 && tls && !(h->tls_ctx = jv_transport_tls_ctx(t, err, sizeof err))) {
      januv_transport_log(t, JANUV_LOG_ERROR, "%s", err);
      rc = JANUV_ETLS;
    }
    if (rc) {
      jv_url_free(&h->url);
      free(h->host_header);
      free(h->base);
      free(h->poll_query);
      free(h);
      return rc;
    }
    januv_transport_set_impl(t, h);
  }
  /* Nothing to connect up front: every request opens or reuses a connection. */
  januv_transport_connected(t);
  return 0;
}

static int http_send(januv_transport *t, const januv_transport_request *req) {
  http_tr *h = januv_transport_impl(t);
  if (!h || h->closing) return JANUV_ESTATE;
  http_req *r = calloc(1, sizeof *r);
  if (!r) return JANUV_ENOMEM;
  r->request = req->request;
  char target[256];
  if (req->handle_id)
    snprintf(target, sizeof target, "%s/%llu/%llu", h->base, (unsigned long long)req->session_id,
             (unsigned long long)req->handle_id);
  else if (req->session_id)
    snprintf(target, sizeof target, "%s/%llu", h->base, (unsigned long long)req->session_id);
  else
    snprintf(target, sizeof target, "%s", h->base[0] ? h->base : "/");
  if (jv_http_build_request(&r->bytes, "POST", h->host_header, target, req->json, req->len)) {
    req_free(r);
    return JANUV_ENOMEM;
  }
  queue_push(h, r, false);
  dispatch(h);
  return 0;
}

static void http_session_started(januv_transport *t, uint64_t session_id) {
  http_tr *h = januv_transport_impl(t);
  if (!h || h->closing || januv_transport_get_config(t)->api == JANUV_API_ADMIN) return;
  http_poll *p = calloc(1, sizeof *p);
  if (!p) return;
  p->session_id = session_id;
  p->h = h;
  uv_timer_init(januv_transport_loop(t), &p->retry);
  p->retry.data = p;
  HASH_ADD(hh, h->polls, session_id, sizeof p->session_id, p);
  poll_start(p);
}

/* Nothing waits for request's answer any more (it timed out, was canceled, its session ended). */
static void http_request_ended(januv_transport *t, uint64_t request) {
  http_tr *h = januv_transport_impl(t);
  if (!h || h->closing || !request) return;
  for (jv_list *n = h->queue.next; n != &h->queue; n = n->next) {
    http_req *r = JV_CONTAINER_OF(n, http_req, link);
    if (r->request == request) { /* not sent yet: it never will be */
      jv_list_remove(&r->link);
      h->nqueue--;
      req_free(r);
      return;
    }
  }
  for (jv_list *n = h->conns.next; n != &h->conns; n = n->next) {
    http_conn *c = JV_CONTAINER_OF(n, http_conn, link);
    if (c->req && c->req->request == request) {
      /* Its answer would come on this connection before any other: the connection goes with it, or a
       * server that never answers holds a pool connection for good (all of them, in the end). */
      conn_free(c);
      dispatch(h);
      return;
    }
  }
}

static void http_session_ended(januv_transport *t, uint64_t session_id) {
  http_tr *h = januv_transport_impl(t);
  http_poll *p = NULL;
  if (h) HASH_FIND(hh, h->polls, &session_id, sizeof session_id, p);
  if (p) poll_free(p); /* closes the poll's connection at once: no waiting for Janus's 30 s */
}

static void drop_pool(http_tr *h) {
  while (!jv_list_empty(&h->conns)) conn_free(JV_CONTAINER_OF(h->conns.next, http_conn, link));
  http_req *r;
  while ((r = queue_pop(h))) req_free(r);
}

static void http_abort(januv_transport *t) {
  http_tr *h = januv_transport_impl(t);
  if (h) drop_pool(h);
}

static void http_free(http_tr *h) {
  januv_transport *t = h->t;
  jv_url_free(&h->url);
  free(h->host_header);
  free(h->base);
  free(h->poll_query);
  if (h->tls_ctx) SSL_CTX_free(h->tls_ctx);
  free(h);
  januv_transport_closed(t);
}

static void on_poll_timer_closed(uv_handle_t *handle) {
  http_tr *h = ((http_poll *)handle->data)->h;
  free(handle->data);
  if (--h->closing_timers == 0 && h->closing) http_free(h);
}

static void http_close(januv_transport *t) {
  http_tr *h = januv_transport_impl(t);
  if (!h) {
    januv_transport_closed(t);
    return;
  }
  h->closing = true;
  drop_pool(h);
  /* every poll's timer closes; the last one frees the transport (one extra count keeps it alive) */
  h->closing_timers++;
  http_poll *p, *tmp;
  HASH_ITER(hh, h->polls, p, tmp) {
    HASH_DEL(h->polls, p);
    if (p->conn) conn_free(p->conn);
    p->conn = NULL;
    h->closing_timers++;
    uv_close((uv_handle_t *)&p->retry, on_poll_timer_closed);
  }
  if (--h->closing_timers == 0) http_free(h);
}

const januv_transport_vtable jv_http_transport = {
  .name = "http",
  .open = http_open,
  .send = http_send,
  .session_started = http_session_started,
  .session_ended = http_session_ended,
  .abort = http_abort,
  .close = http_close,
  .request_ended = http_request_ended,
};
