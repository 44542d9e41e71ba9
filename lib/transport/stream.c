#include "transport/stream.h"

#include "januv/errors.h"
#include "proto/tls.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_NEW, ST_RESOLVING, ST_CONNECTING, ST_TLS_HANDSHAKE, ST_OPEN, ST_BROKEN };

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

  SSL_CTX *tls_ctx; /* borrowed */
  char *tls_host;
  jv_tls *tls;
  jv_buf plain;
  uv_shutdown_t shutdown_req;
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
  jv_tls_free(s->tls);
  free(s->tls_host);
  jv_buf_free(&s->plain);
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

static int raw_write(jv_stream *s, jv_buf *b);
static void connect_done(jv_stream *s, int status, const char *detail);

static void tls_input(jv_stream *s, const char *p, size_t n) {
  bool was_ready = jv_tls_ready(s->tls);
  int rc = jv_tls_feed(s->tls, p, n, &s->plain);
  jv_buf out = {0};
  if (jv_tls_take_output(s->tls, &out) == 0 && out.len) raw_write(s, &out); /* handshake replies, alerts */
  jv_buf_free(&out);
  if (rc != 0) {
    if (s->state == ST_TLS_HANDSHAKE) {
      connect_done(s, JANUV_ETLS, jv_tls_error(s->tls));
    } else if (s->state == ST_OPEN) {
      s->state = ST_BROKEN;
      uv_read_stop((uv_stream_t *)s->tcp);
      if (!s->user_closed) s->cbs.on_error(s, JANUV_ETLS, jv_tls_error(s->tls), s->data);
    }
    return;
  }
  if (!was_ready && jv_tls_ready(s->tls) && s->state == ST_TLS_HANDSHAKE) {
    connect_done(s, 0, NULL);
    if (s->user_closed || s->state != ST_OPEN) return;
  }
  if (s->plain.len && s->state == ST_OPEN && !s->user_closed) {
    /* the callback may write or close: deliver from a private copy of the buffer */
    jv_buf plain = s->plain;
    memset(&s->plain, 0, sizeof s->plain);
    s->cbs.on_read(s, plain.data, plain.len, s->data);
    jv_buf_free(&plain);
  }
  if (jv_tls_peer_closed(s->tls) && s->state == ST_OPEN && !s->user_closed) {
    s->state = ST_BROKEN;
    uv_read_stop((uv_stream_t *)s->tcp);
    s->cbs.on_error(s, UV_EOF, "TLS: connection closed by peer (close_notify)", s->data);
  }
}

static void on_read(uv_stream_t *h, ssize_t nread, const uv_buf_t *buf) {
  jv_stream *s = h->data;
  (void)buf;
  if (nread > 0 && s->tls) {
    if (!s->user_closed) tls_input(s, buf->base, (size_t)nread);
  } else if (nread > 0) {
    if (!s->user_closed && s->state == ST_OPEN) s->cbs.on_read(s, buf->base, (size_t)nread, s->data);
  } else if (nread < 0 && s->state == ST_TLS_HANDSHAKE) {
    connect_done(s, nread == UV_EOF ? JANUV_ETLS : (int)nread,
                 nread == UV_EOF ? "TLS handshake failed: connection closed by peer" : uv_strerror((int)nread));
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
    if (rc == 0 && s->tls_ctx) {
      s->state = ST_TLS_HANDSHAKE;
      s->tls = jv_tls_client_new(s->tls_ctx, s->tls_host);
      if (!s->tls) {
        connect_done(s, JANUV_ENOMEM, "TLS: out of memory");
      } else {
        tls_input(s, NULL, 0); /* sends the ClientHello */
      }
    } else {
      connect_done(s, rc, rc ? "uv_read_start failed" : NULL);
    }
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
  if (s->state == ST_TLS_HANDSHAKE) {
    connect_done(s, UV_ETIMEDOUT, "TLS handshake timed out");
    return;
  }
  if (s->state != ST_RESOLVING && s->state != ST_CONNECTING) return;
  if (s->gai_active) uv_cancel((uv_req_t *)&s->gai);
  connect_done(s, UV_ETIMEDOUT, "connect: timed out");
}

int jv_stream_use_tls(jv_stream *s, SSL_CTX *ctx, const char *host) {
  if (s->state != ST_NEW) return UV_EALREADY;
  free(s->tls_host);
  s->tls_host = host ? strdup(host) : NULL;
  if (host && !s->tls_host) return UV_ENOMEM;
  s->tls_ctx = ctx;
  return 0;
}

int jv_stream_connect(jv_stream *s, const char *host, uint16_t port, uint32_t timeout_ms) {
  if (s->state != ST_NEW) return UV_EALREADY;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  /* An address literal needs no lookup: AI_ADDRCONFIG would still ask the kernel (netlink) which
   * address families are configured, on every connect. */
  unsigned char lit[sizeof(struct in6_addr)];
  bool literal = inet_pton(AF_INET, host, lit) == 1 || inet_pton(AF_INET6, host, lit) == 1;
  hints.ai_flags = literal ? AI_NUMERICHOST : AI_ADDRCONFIG;
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

const char *jv_stream_tls_version(const jv_stream *s, bool *resumed) {
  if (!s->tls || !jv_tls_ready(s->tls)) return NULL;
  if (resumed) *resumed = jv_tls_resumed(s->tls);
  return jv_tls_version(s->tls);
}

int jv_stream_write_buf(jv_stream *s, jv_buf *b) {
  if (s->state != ST_OPEN || !s->tcp) return UV_ENOTCONN;
  if (b->len == 0) return 0;
  if (s->tls) {
    int rc = jv_tls_write(s->tls, b->data, b->len);
    jv_buf_reset(b);
    if (rc) return rc;
    jv_buf out = {0};
    rc = jv_tls_take_output(s->tls, &out);
    if (!rc) rc = raw_write(s, &out);
    jv_buf_free(&out);
    return rc;
  }
  return raw_write(s, b);
}

static int raw_write(jv_stream *s, jv_buf *b) {
  if (!s->tcp || b->len == 0) return s->tcp ? 0 : UV_ENOTCONN;
  /* Most writes fit the socket buffer: a direct write costs no request, no callback and no epoll update. */
  size_t done = 0;
  if (uv_stream_get_write_queue_size((uv_stream_t *)s->tcp) == 0) {
    uv_buf_t ub = uv_buf_init(b->data, (unsigned int)b->len);
    int n = uv_try_write((uv_stream_t *)s->tcp, &ub, 1);
    if (n < 0 && n != UV_EAGAIN) return n;
    if (n > 0) done = (size_t)n;
    if (done == b->len) {
      jv_buf_reset(b); /* the storage stays with the caller, for the next message */
      return 0;
    }
  }
  write_req *w = malloc(sizeof *w);
  if (!w) return UV_ENOMEM;
  w->s = s;
  w->data = jv_buf_steal(b, &w->len);
  uv_buf_t ub = uv_buf_init(w->data + done, (unsigned int)(w->len - done));
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
  /* The bytes are only copied when the socket does not take them at once (or for TLS). */
  jv_buf view = {.data = (char *)(uintptr_t)p, .len = n, .cap = 0};
  if (!s->tls && s->state == ST_OPEN && s->tcp && uv_stream_get_write_queue_size((uv_stream_t *)s->tcp) == 0) {
    uv_buf_t ub = uv_buf_init(view.data, (unsigned int)n);
    int done = uv_try_write((uv_stream_t *)s->tcp, &ub, 1);
    if (done < 0 && done != UV_EAGAIN) return done;
    if (done > 0) {
      view.data += done;
      view.len -= (size_t)done;
    }
    if (view.len == 0) return 0;
  }
  jv_buf b = {0};
  int rc = jv_buf_append(&b, view.data, view.len);
  if (rc) return rc;
  rc = jv_stream_write_buf(s, &b);
  jv_buf_free(&b);
  return rc;
}

size_t jv_stream_write_queue_size(const jv_stream *s) {
  return s->tcp ? uv_stream_get_write_queue_size((const uv_stream_t *)s->tcp) : 0;
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  jv_stream *s = req->data;
  (void)status;
  close_tcp(s, false);
  release(s);
}

static void stream_close(jv_stream *s, bool abort_it) {
  if (s->user_closed) return;
  s->user_closed = true;
  if (s->gai_active) uv_cancel((uv_req_t *)&s->gai);
  bool graceful = false;
  /* A clean TLS close: close_notify, then a shutdown that lets it reach the peer before the close. Only
   * when nothing else is queued, so that a peer that stopped reading cannot hold the close up. */
  if (!abort_it && s->tls && s->state == ST_OPEN && s->tcp && jv_tls_ready(s->tls) &&
      uv_stream_get_write_queue_size((uv_stream_t *)s->tcp) == 0) {
    jv_tls_shutdown(s->tls);
    jv_buf out = {0};
    if (jv_tls_take_output(s->tls, &out) == 0) raw_write(s, &out);
    jv_buf_free(&out);
    s->shutdown_req.data = s;
    if (uv_shutdown(&s->shutdown_req, (uv_stream_t *)s->tcp, on_shutdown) == 0) {
      s->refs++;
      graceful = true;
    }
  }
  if (!graceful) close_tcp(s, abort_it);
  if (s->timer_init) {
    s->timer_init = false;
    uv_close((uv_handle_t *)&s->timer, on_handle_closed);
  }
  release(s);
}

void jv_stream_close(jv_stream *s) { stream_close(s, false); }
void jv_stream_abort(jv_stream *s) { stream_close(s, true); }
