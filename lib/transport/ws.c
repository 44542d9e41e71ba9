/*
 * WebSocket transport (ws://, wss://): one TCP stream (TLS for wss), the upgrade and frames from
 * proto/ws, a connect deadline covering DNS, TCP, TLS and the upgrade, and pings with a timeout for
 * liveness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "proto/tls.h"
#include "proto/url.h"
#include "proto/ws.h"
#include "transport/stream.h"
#include "transport/transport_int.h"

enum { WS_IDLE, WS_CONNECTING, WS_HANDSHAKE, WS_OPEN, WS_CLOSING, WS_DOWN };

typedef struct ws_tr {
  januv_transport *t;
  jv_url url;
  char *host_header;
  SSL_CTX *tls_ctx; /* wss only */
  jv_stream *stream;
  jv_ws *ws;
  uv_timer_t timer; /* connect deadline, then ping interval / ping timeout, then close deadline */
  uv_prepare_t flusher; /* writes what this loop iteration queued, once, before the loop waits */
  bool flush_armed;
  int handles_open;
  jv_buf out;
  int state;
  bool ping_outstanding;
  bool close_requested;
  bool finished;
  bool in_feed;      /* inside jv_ws_feed(): the engine must not be freed */
  bool drop_pending; /* a teardown was asked for inside jv_ws_feed() */
  bool abort_pending;
} ws_tr;

static void finish_close(ws_tr *w);

static void drop_connection(ws_tr *w, bool abort_it) {
  uv_timer_stop(&w->timer);
  uv_prepare_stop(&w->flusher);
  w->flush_armed = false;
  w->ping_outstanding = false;
  if (w->in_feed) {
    w->drop_pending = true;
    w->abort_pending = w->abort_pending || abort_it;
    return;
  }
  if (w->stream) {
    if (abort_it)
      jv_stream_abort(w->stream);
    else
      jv_stream_close(w->stream);
    w->stream = NULL;
  }
  jv_ws_free(w->ws);
  w->ws = NULL;
  jv_buf_free(&w->out);
}

/* The connection failed or broke: report once, stay DOWN until the core opens again. */
static void fail(ws_tr *w, int err, const char *detail) {
  if (w->close_requested) {
    finish_close(w);
    return;
  }
  if (w->state == WS_DOWN || w->state == WS_IDLE) return;
  drop_connection(w, false);
  w->state = WS_DOWN;
  char msg[300];
  snprintf(msg, sizeof msg, "%s: %s", januv_transport_get_config(w->t)->url, detail);
  januv_transport_disconnected(w->t, err, msg);
}

static int flush(ws_tr *w) {
  if (w->in_feed || w->drop_pending || !w->ws || !w->stream || !jv_ws_want_write(w->ws)) return 0;
  int rc = jv_ws_flush(w->ws, &w->out);
  if (rc == 0) rc = jv_stream_write_buf(w->stream, &w->out);
  return rc;
}

static void arm_ping(ws_tr *w);

static void on_timer(uv_timer_t *timer) {
  ws_tr *w = timer->data;
  const januv_transport_config *cfg = januv_transport_get_config(w->t);
  char detail[96];
  switch (w->state) {
  case WS_CONNECTING:
  case WS_HANDSHAKE:
    snprintf(detail, sizeof detail, "connect timed out after %u ms", (unsigned)cfg->connect_timeout_ms);
    fail(w, JANUV_ETIMEDOUT, detail);
    break;
  case WS_OPEN:
    if (w->ping_outstanding) {
      snprintf(detail, sizeof detail, "WebSocket ping not answered within %u ms", (unsigned)cfg->ws_ping_timeout_ms);
      fail(w, JANUV_ETIMEDOUT, detail);
      break;
    }
    if (jv_ws_send(w->ws, JV_WS_PING, "januv", 5) != 0 || flush(w) != 0) {
      fail(w, JANUV_ECONNRESET, "could not send a WebSocket ping");
      break;
    }
    w->ping_outstanding = true;
    uv_timer_start(&w->timer, on_timer, cfg->ws_ping_timeout_ms ? cfg->ws_ping_timeout_ms : 10000, 0);
    break;
  case WS_CLOSING:
    finish_close(w);
    break;
  default:
    break;
  }
}

static void arm_ping(ws_tr *w) {
  const januv_transport_config *cfg = januv_transport_get_config(w->t);
  w->ping_outstanding = false;
  if (cfg->ws_ping_interval_ms)
    uv_timer_start(&w->timer, on_timer, cfg->ws_ping_interval_ms, 0);
  else
    uv_timer_stop(&w->timer);
}

/* ---- proto/ws callbacks ---- */

static void ws_on_open(void *data) {
  ws_tr *w = data;
  w->state = WS_OPEN;
  arm_ping(w);
  januv_transport_log(w->t, JANUV_LOG_INFO, "connected to %s", januv_transport_get_config(w->t)->url);
  januv_transport_connected(w->t);
}

static void ws_on_message(void *data, int opcode, const uint8_t *msg, size_t len) {
  ws_tr *w = data;
  if (w->state != WS_OPEN || w->drop_pending) return;
  if (opcode != JV_WS_TEXT) {
    januv_transport_log(w->t, JANUV_LOG_WARN, "ignoring a %zu-byte binary WebSocket message", len);
    return;
  }
  januv_transport_receive(w->t, (const char *)msg, len);
}

static void ws_on_pong(void *data) {
  ws_tr *w = data;
  if (w->state == WS_OPEN && w->ping_outstanding) arm_ping(w);
}

static const jv_ws_callbacks ws_cbs = {
  .on_open = ws_on_open,
  .on_message = ws_on_message,
  .on_pong = ws_on_pong,
};

/* ---- stream callbacks ---- */

static void st_on_connect(jv_stream *s, int status, const char *detail, void *data) {
  ws_tr *w = data;
  if (status != 0) {
    fail(w, status, detail);
    return;
  }
  jv_transport_log_tls(w->t, s, "WebSocket connection");
  const januv_transport_config *cfg = januv_transport_get_config(w->t);
  w->ws = jv_ws_client_new(&ws_cbs, w, cfg->max_message_size);
  const char *proto = cfg->api == JANUV_API_ADMIN ? "janus-admin-protocol" : "janus-protocol";
  int rc = w->ws ? jv_ws_client_handshake(w->ws, w->host_header, w->url.path, proto) : JANUV_ENOMEM;
  if (rc == 0) rc = flush(w);
  if (rc != 0) {
    fail(w, rc, "could not start the WebSocket upgrade");
    return;
  }
  w->state = WS_HANDSHAKE;
}

static void st_on_read(jv_stream *s, const char *p, size_t n, void *data) {
  ws_tr *w = data;
  (void)s;
  if (!w->ws) return;
  w->in_feed = true;
  int rc = jv_ws_feed(w->ws, p, n);
  w->in_feed = false;
  if (w->drop_pending) {
    /* The core dropped or closed the connection from inside a callback. */
    w->drop_pending = false;
    bool abort_it = w->abort_pending;
    w->abort_pending = false;
    drop_connection(w, abort_it);
    if (w->close_requested) finish_close(w);
    return;
  }
  if (rc != 0) {
    char detail[200];
    snprintf(detail, sizeof detail, "%s", jv_ws_error(w->ws));
    flush(w); /* tell the server why, if a close frame was queued */
    fail(w, rc, detail);
    return;
  }
  if (flush(w) != 0) {
    fail(w, JANUV_ECONNRESET, "write failed");
    return;
  }
  jv_ws_state st = jv_ws_get_state(w->ws);
  if (w->state == WS_CLOSING) {
    if (st == JV_WS_CLOSED) finish_close(w);
  } else if (st == JV_WS_CLOSING || st == JV_WS_CLOSED) {
    char detail[200];
    snprintf(detail, sizeof detail, "%s", jv_ws_error(w->ws));
    fail(w, JANUV_ECONNRESET, detail);
  }
}

static void st_on_error(jv_stream *s, int err, const char *detail, void *data) {
  ws_tr *w = data;
  (void)s;
  if (w->state == WS_CLOSING) {
    finish_close(w);
    return;
  }
  fail(w, err == UV_EOF ? JANUV_ECONNRESET : err, detail);
}

static const jv_stream_callbacks stream_cbs = {
  .on_connect = st_on_connect,
  .on_read = st_on_read,
  .on_error = st_on_error,
};

/* ---- vtable ---- */

static int ws_open(januv_transport *t) {
  ws_tr *w = januv_transport_impl(t);
  const januv_transport_config *cfg = januv_transport_get_config(t);
  if (!w) {
    w = calloc(1, sizeof *w);
    if (!w) return JANUV_ENOMEM;
    int rc = jv_url_parse(cfg->url, &w->url);
    if (rc != 0) {
      free(w);
      return rc;
    }
    bool tls = !strcmp(w->url.scheme, "wss");
    if ((!tls && strcmp(w->url.scheme, "ws") != 0) || !(w->host_header = jv_url_host_header(&w->url))) {
      rc = w->host_header ? JANUV_ENOTSUP : JANUV_ENOMEM;
      jv_url_free(&w->url);
      free(w);
      return rc;
    }
    char err[256] = "";
    if (tls && !(w->tls_ctx = jv_transport_tls_ctx(t, err, sizeof err))) {
      januv_transport_log(t, JANUV_LOG_ERROR, "%s", err);
      jv_url_free(&w->url);
      free(w->host_header);
      free(w);
      return JANUV_ETLS;
    }
    w->t = t;
    uv_timer_init(januv_transport_loop(t), &w->timer);
    uv_prepare_init(januv_transport_loop(t), &w->flusher);
    w->timer.data = w->flusher.data = w;
    w->handles_open = 2;
    januv_transport_set_impl(t, w);
  }
  if (w->state != WS_IDLE && w->state != WS_DOWN) return JANUV_ESTATE;
  w->stream = jv_stream_new(januv_transport_loop(t), &stream_cbs, w);
  if (!w->stream) return JANUV_ENOMEM;
  uint32_t timeout = cfg->connect_timeout_ms;
  int rc = w->tls_ctx ? jv_stream_use_tls(w->stream, w->tls_ctx, w->url.host) : 0;
  if (rc == 0) rc = jv_stream_connect(w->stream, w->url.host, w->url.port, timeout);
  if (rc != 0) {
    jv_stream_close(w->stream);
    w->stream = NULL;
    return rc;
  }
  w->state = WS_CONNECTING;
  uv_timer_start(&w->timer, on_timer, timeout, 0);
  return 0;
}

static void on_flush(uv_prepare_t *p) {
  ws_tr *w = p->data;
  uv_prepare_stop(p);
  w->flush_armed = false;
  if (w->state == WS_OPEN && flush(w) != 0) fail(w, JANUV_ECONNRESET, "write failed");
}

/* Frames queued during one loop iteration leave in one write: a burst of requests costs one syscall. */
static int ws_send(januv_transport *t, const januv_transport_request *req) {
  ws_tr *w = januv_transport_impl(t);
  if (!w || w->state != WS_OPEN) return JANUV_ESTATE;
  int rc = jv_ws_send(w->ws, JV_WS_TEXT, req->json, req->len);
  if (rc == 0 && !w->flush_armed) {
    w->flush_armed = true;
    uv_prepare_start(&w->flusher, on_flush);
  }
  return rc;
}

static void on_timer_closed(uv_handle_t *h) {
  ws_tr *w = h->data;
  if (--w->handles_open > 0) return;
  januv_transport *t = w->t;
  jv_url_free(&w->url);
  free(w->host_header);
  if (w->tls_ctx) SSL_CTX_free(w->tls_ctx);
  free(w);
  januv_transport_closed(t);
}

static void finish_close(ws_tr *w) {
  if (w->finished) return;
  drop_connection(w, false);
  w->state = WS_DOWN;
  if (w->drop_pending) return; /* st_on_read finishes once the engine is out of jv_ws_feed() */
  w->finished = true;
  uv_close((uv_handle_t *)&w->timer, on_timer_closed);
  uv_close((uv_handle_t *)&w->flusher, on_timer_closed);
}

static void ws_close(januv_transport *t) {
  ws_tr *w = januv_transport_impl(t);
  if (!w) {
    januv_transport_closed(t);
    return;
  }
  w->close_requested = true;
  if (w->state == WS_OPEN && jv_ws_close(w->ws, 1000, "client closing") == 0 && flush(w) == 0) {
    /* Wait briefly for the server's close frame: a clean close handshake. */
    w->state = WS_CLOSING;
    uv_timer_start(&w->timer, on_timer, 1000, 0);
    return;
  }
  finish_close(w);
}

static void ws_abort(januv_transport *t) {
  ws_tr *w = januv_transport_impl(t);
  if (!w || w->state == WS_IDLE || w->state == WS_DOWN || w->close_requested) return;
  drop_connection(w, true);
  w->state = WS_DOWN;
}

const januv_transport_vtable jv_ws_transport = {
  .name = "ws",
  .open = ws_open,
  .send = ws_send,
  .abort = ws_abort,
  .close = ws_close,
};
