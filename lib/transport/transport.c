/*
 * Transport instances: the vtable calls made by the core and the reports made by implementations.
 * A report made while the core is inside a vtable call is queued and delivered from a fresh loop
 * callback, so the core is never re-entered (and user callbacks never run inside a januv call).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "proto/tls.h"
#include "transport/stream.h"
#include "transport/transport_int.h"

enum { R_CONNECTED, R_DISCONNECTED, R_RECEIVE, R_RECEIVE_REPLY, R_REQUEST_FAILED, R_SESSION_LOST };

typedef struct report {
  jv_list link;
  int kind;
  int err;
  uint64_t id;
  size_t len;
  char text[]; /* detail or JSON */
} report;

int jv_transport_create(uv_loop_t *loop, const januv_transport_config *cfg, const jv_transport_sink *sink,
                        void *owner, bool has_log, januv_log_level level, januv_transport **out) {
  const januv_transport_vtable *vt = jv_transport_find(cfg->url);
  if (!vt) return JANUV_ENOTRANSPORT;
  januv_transport *t = calloc(1, sizeof *t);
  if (!t) return JANUV_ENOMEM;
  t->vt = vt;
  t->loop = loop;
  t->cfg = *cfg;
  t->sink = sink;
  t->owner = owner;
  t->has_log = has_log;
  t->log_level = level;
  jv_list_init(&t->deferred);
  uv_timer_init(loop, &t->defer_timer);
  t->defer_timer.data = t;
  *out = t;
  return 0;
}

static void dispatch(januv_transport *t, int kind, int err, uint64_t id, const char *text, size_t len) {
  switch (kind) {
  case R_CONNECTED: t->sink->connected(t->owner); break;
  case R_DISCONNECTED: t->sink->disconnected(t->owner, err, text ? text : ""); break;
  case R_RECEIVE: t->sink->receive(t->owner, text, len); break;
  case R_RECEIVE_REPLY: t->sink->receive_reply(t->owner, id, text, len); break;
  case R_REQUEST_FAILED: t->sink->request_failed(t->owner, id, err, text ? text : ""); break;
  case R_SESSION_LOST: t->sink->session_lost(t->owner, id, err); break;
  }
}

static void deliver(januv_transport *t, report *r) { dispatch(t, r->kind, r->err, r->id, r->text, r->len); }

static void flush_deferred(uv_timer_t *timer) {
  januv_transport *t = timer->data;
  jv_list *n;
  while (!t->closing && (n = jv_list_pop_front(&t->deferred))) {
    report *r = JV_CONTAINER_OF(n, report, link);
    deliver(t, r);
    free(r);
  }
}

static void drop_deferred(januv_transport *t) {
  jv_list *n;
  while ((n = jv_list_pop_front(&t->deferred))) free(JV_CONTAINER_OF(n, report, link));
}

/* Delivers now, or queues behind earlier queued reports so that order is kept. Details are C strings. */
static void report_up(januv_transport *t, int kind, int err, uint64_t id, const char *text, size_t len) {
  if (t->closing) return;
  if (t->in_call == 0 && jv_list_empty(&t->deferred)) {
    dispatch(t, kind, err, id, text, len);
    return;
  }
  report *r = malloc(sizeof(report) + len + 1);
  if (!r) {
    t->sink->log(t->owner, JANUV_LOG_ERROR, "out of memory queuing a transport report");
    return;
  }
  r->kind = kind;
  r->err = err;
  r->id = id;
  r->len = len;
  if (len) memcpy(r->text, text, len);
  r->text[len] = '\0';
  jv_list_push_back(&t->deferred, &r->link);
  uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
}

int jv_transport_open(januv_transport *t) {
  if (t->closing) return JANUV_ECLOSED;
  t->in_call++;
  int rc = t->vt->open(t);
  t->in_call--;
  if (!jv_list_empty(&t->deferred)) uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
  return rc;
}

int jv_transport_send(januv_transport *t, const januv_transport_request *req) {
  if (t->closing) return JANUV_ECLOSED;
  t->in_call++;
  int rc = t->vt->send(t, req);
  t->in_call--;
  if (!jv_list_empty(&t->deferred)) uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
  return rc;
}

void jv_transport_session_started(januv_transport *t, uint64_t session_id) {
  if (t->closing || !t->vt->session_started) return;
  t->in_call++;
  t->vt->session_started(t, session_id);
  t->in_call--;
  if (!jv_list_empty(&t->deferred)) uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
}

void jv_transport_session_ended(januv_transport *t, uint64_t session_id) {
  if (t->closing || !t->vt->session_ended) return;
  t->in_call++;
  t->vt->session_ended(t, session_id);
  t->in_call--;
  if (!jv_list_empty(&t->deferred)) uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
}

void jv_transport_request_ended(januv_transport *t, uint64_t request) {
  if (t->closing || !t->vt->request_ended) return;
  t->in_call++;
  t->vt->request_ended(t, request);
  t->in_call--;
  if (!jv_list_empty(&t->deferred)) uv_timer_start(&t->defer_timer, flush_deferred, 0, 0);
}

void jv_transport_abort(januv_transport *t) {
  if (t->closing || !t->vt->abort) return;
  drop_deferred(t); /* whatever the dropped connection still had to say is moot */
  t->in_call++;
  t->vt->abort(t);
  t->in_call--;
}

static void on_timer_closed(uv_handle_t *h) {
  januv_transport *t = h->data;
  t->sink->closed(t->owner);
  free(t);
}

void jv_transport_close(januv_transport *t) {
  if (t->closing) return;
  t->closing = true;
  drop_deferred(t);
  uv_timer_stop(&t->defer_timer);
  t->in_call++;
  t->vt->close(t);
  t->in_call--;
}

SSL_CTX *jv_transport_tls_ctx(januv_transport *t, char *err, size_t errlen) {
  jv_tls_options o = {
    .ca_file = t->cfg.tls_ca_file, .ca_dir = t->cfg.tls_ca_dir, .insecure_skip_verify = t->cfg.tls_insecure_skip_verify};
  return jv_tls_client_ctx(&o, err, errlen);
}

/* ---- public API for implementations ---- */

void januv_transport_set_impl(januv_transport *t, void *impl) { t->impl = impl; }
void *januv_transport_impl(const januv_transport *t) { return t->impl; }
uv_loop_t *januv_transport_loop(const januv_transport *t) { return t->loop; }
const januv_transport_config *januv_transport_get_config(const januv_transport *t) { return &t->cfg; }

bool januv_transport_log_enabled(const januv_transport *t, januv_log_level level) {
  return t->has_log && level <= t->log_level;
}

void januv_transport_log(januv_transport *t, januv_log_level level, const char *fmt, ...) {
  if (!januv_transport_log_enabled(t, level)) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  char line[1100];
  snprintf(line, sizeof line, "[%s] %s", t->vt->name, msg);
  t->sink->log(t->owner, level, line);
}

void jv_transport_log_tls(januv_transport *t, const jv_stream *s, const char *what) {
  bool resumed = false;
  const char *v = jv_stream_tls_version(s, &resumed);
  if (v) januv_transport_log(t, JANUV_LOG_DEBUG, "%s: %s, %s handshake", what, v, resumed ? "resumed" : "full");
}

void januv_transport_connected(januv_transport *t) { report_up(t, R_CONNECTED, 0, 0, NULL, 0); }

void januv_transport_disconnected(januv_transport *t, int err, const char *detail) {
  report_up(t, R_DISCONNECTED, err ? err : JANUV_ECONNRESET, 0, detail, detail ? strlen(detail) : 0);
}

void januv_transport_receive(januv_transport *t, const char *json, size_t len) {
  report_up(t, R_RECEIVE, 0, 0, json, len);
}

void januv_transport_receive_reply(januv_transport *t, uint64_t request, const char *json, size_t len) {
  report_up(t, R_RECEIVE_REPLY, 0, request, json, len);
}

void januv_transport_request_failed(januv_transport *t, uint64_t request, int err, const char *detail) {
  report_up(t, R_REQUEST_FAILED, err, request, detail, detail ? strlen(detail) : 0);
}

void januv_transport_session_lost(januv_transport *t, uint64_t session_id, int err) {
  report_up(t, R_SESSION_LOST, err ? err : JANUV_ESESSIONLOST, session_id, NULL, 0);
}

void januv_transport_closed(januv_transport *t) {
  if (t->closed) return;
  t->closed = true;
  t->closing = true;
  drop_deferred(t);
  uv_close((uv_handle_t *)&t->defer_timer, on_timer_closed);
}
