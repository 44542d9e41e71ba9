#include "transport/stream.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_NEW, ST_RESOLVING, ST_CONNECTING, ST_OPEN, ST_BROKEN };

#define READ_CHUNK 65536

struct jv_stream {
  uv_loop_t *loop;
  jv_stream_callbacks cbs;
  void *data;
  int state;
  bool user_closed;
  int refs; /* handles and requests that still point at us */

  uv_getaddrinfo_t gai;
  bool gai_active;
  struct addrinfo *ai_list, *ai_next;
  uint16_t port;

  uv_tcp_t *tcp;
  uv_connect_t creq;
  uv_timer_t timer;
  bool timer_init;

  char *rbuf;
};

typedef struct write_req {
  uv_write_t req;
  jv_stream *s;
  char *data;
  size_t len;
} write_req;

static void release(jv_stream *s) {
  if (--s->refs > 0) return;
  if (s->ai_list) uv_freeaddrinfo(s->ai_list);
  free(s->rbuf);
  free(s);
}

static void on_handle_closed(uv_handle_t *h) {
  jv_stream *s = h->data;
  if (h != (uv_handle_t *)&s->timer) free(h);
  release(s);
}

static void close_tcp(jv_stream *s, bool abort_it) {
  if (!s->tcp) return;
  if (abort_it && s->state == ST_OPEN) {
    uv_tcp_close_reset(s->tcp, on_handle_closed);
  } else {
    uv_close((uv_handle_t *)s->tcp, on_handle_closed);
  }
  s->tcp = NULL;
}

jv_stream *jv_stream_new(uv_loop_t *loop, const jv_stream_callbacks *cbs, void *data) {
  jv_stream *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->loop = loop;
  s->cbs = *cbs;
  s->data = data;
  s->refs = 1; /* the user's reference, dropped by jv_stream_close() */
  if (uv_timer_init(loop, &s->timer) != 0) {
    free(s);
    return NULL;
  }
  s->timer.data = s;
  s->timer_init = true;
  s->refs++;
  return s;
}

static void connect_done(jv_stream *s, int status, const char *detail) {
  uv_timer_stop(&s->timer);
  if (status != 0) {
    close_tcp(s, false);
    s->state = ST_BROKEN;
  } else {
    s->state = ST_OPEN;
  }
  if (!s->user_closed) s->cbs.on_connect(s, status, detail ? detail : "", s->data);
}

static void fail_open(jv_stream *s, int err, const char *what) {
  if (s->state != ST_OPEN) return;
  s->state = ST_BROKEN;
  if (s->tcp) uv_read_stop((uv_stream_t *)s->tcp);
  if (!s->user_closed) {
    char detail[160];
    snprintf(detail, sizeof detail, "%s: %s", what, err == UV_EOF ? "connection closed by peer" : uv_strerror(err));
    s->cbs.on_error(s, err, detail, s->data);
  }
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  jv_stream *s = h->data;
  (void)suggested;
  if (!s->rbuf) s->rbuf = malloc(READ_CHUNK);
  buf->base = s->rbuf;
  buf->len = s->rbuf ? READ_CHUNK : 0;
}

static void on_read(uv_stream_t *h, ssize_t nread, const uv_buf_t *buf) {
  jv_stream *s = h->data;
  (void)buf;
  if (nread > 0) {
    if (!s->user_closed && s->state == ST_OPEN) s->cbs.on_read(s, buf->base, (size_t)nread, s->data);
  } else if (nread < 0) {
    fail_open(s, (int)nread, "read");
  } else if (!s->rbuf) {
    fail_open(s, UV_ENOMEM, "read");
  }
}

static void try_next_address(jv_stream *s, int last_err);

static void on_connected(uv_connect_t *req, int status) {
  jv_stream *s = req->data;
  if (s->user_closed || s->state != ST_CONNECTING) {
    /* timed out or closed meanwhile */
  } else if (status != 0) {
    try_next_address(s, status);
  } else {
    uv_tcp_nodelay(s->tcp, 1);
    int rc = uv_read_start((uv_stream_t *)s->tcp, on_alloc, on_read);
    connect_done(s, rc, rc ? "uv_read_start failed" : NULL);
  }
  release(s);
}

static void try_next_address(jv_stream *s, int last_err) {
  close_tcp(s, false);
  while (s->ai_next) {
    struct addrinfo *ai = s->ai_next;
    s->ai_next = ai->ai_next;
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    uv_tcp_t *tcp = malloc(sizeof *tcp);
    if (!tcp) {
      last_err = UV_ENOMEM;
      break;
    }
    if (uv_tcp_init(s->loop, tcp) != 0) {
      free(tcp);
      last_err = UV_ENOMEM;
      break;
    }
    tcp->data = s;
    s->tcp = tcp;
    s->refs++;
    if (ai->ai_family == AF_INET)
      ((struct sockaddr_in *)ai->ai_addr)->sin_port = htons(s->port);
    else
      ((struct sockaddr_in6 *)ai->ai_addr)->sin6_port = htons(s->port);
    s->creq.data = s;
    int rc = uv_tcp_connect(&s->creq, tcp, ai->ai_addr, on_connected);
    if (rc == 0) {
      s->refs++;
      return;
    }
    last_err = rc;
    close_tcp(s, false);
  }
  char detail[128];
  snprintf(detail, sizeof detail, "connect: %s", uv_strerror(last_err));
  connect_done(s, last_err, detail);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  jv_stream *s = req->data;
  s->gai_active = false;
  if (s->state != ST_RESOLVING || s->user_closed) {
    if (res) uv_freeaddrinfo(res);
    release(s);
    return;
  }
  if (status != 0) {
    char detail[160];
    snprintf(detail, sizeof detail, "resolve: %s", uv_strerror(status));
    connect_done(s, status, detail);
    release(s);
    return;
  }
  s->ai_list = s->ai_next = res;
  s->state = ST_CONNECTING;
  try_next_address(s, UV_EADDRNOTAVAIL);
  release(s);
}

static void on_deadline(uv_timer_t *t) {
  jv_stream *s = t->data;
  if (s->state != ST_RESOLVING && s->state != ST_CONNECTING) return;
  if (s->gai_active) uv_cancel((uv_req_t *)&s->gai);
  connect_done(s, UV_ETIMEDOUT, "connect: timed out");
}

int jv_stream_connect(jv_stream *s, const char *host, uint16_t port, uint32_t timeout_ms) {
  if (s->state != ST_NEW) return UV_EALREADY;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  s->port = port;
  s->gai.data = s;
  int rc = uv_getaddrinfo(s->loop, &s->gai, on_resolved, host, NULL, &hints);
  if (rc != 0) return rc;
  s->gai_active = true;
  s->refs++;
  s->state = ST_RESOLVING;
  if (timeout_ms) uv_timer_start(&s->timer, on_deadline, timeout_ms, 0);
  return 0;
}

static void on_written(uv_write_t *req, int status) {
  write_req *w = (write_req *)req;
  jv_stream *s = w->s;
  free(w->data);
  free(w);
  if (status != 0 && status != UV_ECANCELED) fail_open(s, status, "write");
  release(s);
}

int jv_stream_write_buf(jv_stream *s, jv_buf *b) {
  if (s->state != ST_OPEN || !s->tcp) return UV_ENOTCONN;
  if (b->len == 0) return 0;
  write_req *w = malloc(sizeof *w);
  if (!w) return UV_ENOMEM;
  w->s = s;
  w->data = jv_buf_steal(b, &w->len);
  uv_buf_t ub = uv_buf_init(w->data, (unsigned int)w->len);
  int rc = uv_write(&w->req, (uv_stream_t *)s->tcp, &ub, 1, on_written);
  if (rc != 0) {
    free(w->data);
    free(w);
    return rc;
  }
  s->refs++;
  return 0;
}

int jv_stream_write(jv_stream *s, const void *p, size_t n) {
  jv_buf b = {0};
  int rc = jv_buf_append(&b, p, n);
  if (rc) return rc;
  rc = jv_stream_write_buf(s, &b);
  jv_buf_free(&b);
  return rc;
}

size_t jv_stream_write_queue_size(const jv_stream *s) {
  return s->tcp ? uv_stream_get_write_queue_size((const uv_stream_t *)s->tcp) : 0;
}

static void stream_close(jv_stream *s, bool abort_it) {
  if (s->user_closed) return;
  s->user_closed = true;
  if (s->gai_active) uv_cancel((uv_req_t *)&s->gai);
  close_tcp(s, abort_it);
  if (s->timer_init) {
    s->timer_init = false;
    uv_close((uv_handle_t *)&s->timer, on_handle_closed);
  }
  release(s);
}

void jv_stream_close(jv_stream *s) { stream_close(s, false); }
void jv_stream_abort(jv_stream *s) { stream_close(s, true); }
