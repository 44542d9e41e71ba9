/*
 * The core connection: sends requests through the transport (or queues them until it connects),
 * matches replies to transactions, hands everything else to the owner as events.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "januv/errors.h"
#include "util/rand.h"
#include "util/str.h"

static void sink_connected(void *owner);
static void sink_disconnected(void *owner, int err, const char *detail);
static void sink_receive(void *owner, const char *json, size_t len);
static void sink_receive_reply(void *owner, uint64_t request, const char *json, size_t len);
static void sink_request_failed(void *owner, uint64_t request, int err, const char *detail);
static void sink_session_lost(void *owner, uint64_t session_id, int err);
static void sink_closed(void *owner);
static void sink_log(void *owner, januv_log_level level, const char *msg);

static const jv_transport_sink conn_sink = {
  .connected = sink_connected,
  .disconnected = sink_disconnected,
  .receive = sink_receive,
  .receive_reply = sink_receive_reply,
  .request_failed = sink_request_failed,
  .session_lost = sink_session_lost,
  .closed = sink_closed,
  .log = sink_log,
};

static void on_defer(uv_timer_t *timer) {
  jv_conn *c = timer->data;
  for (;;) {
    jv_txn_run_doneq(c);
    jv_list *n = jv_list_pop_front(&c->deferred);
    if (!n) break;
    jv_defer *d = JV_CONTAINER_OF(n, jv_defer, link);
    d->fn(c, d);
  }
}

void jv_conn_kick(jv_conn *c) {
  if (!uv_is_closing((uv_handle_t *)&c->defer_timer)) uv_timer_start(&c->defer_timer, on_defer, 0, 0);
}

void jv_conn_defer(jv_conn *c, jv_defer *d) {
  if (d->link.next && jv_list_linked(&d->link)) return;
  jv_list_push_back(&c->deferred, &d->link);
  jv_conn_kick(c);
}

/* libuv writes with write(2): a peer that reset the connection would kill the process with SIGPIPE.
 * A disposition the application chose is left alone; the default (terminate) becomes "ignore". */
static void ignore_sigpipe(void) {
  struct sigaction sa;
  if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL && !(sa.sa_flags & SA_SIGINFO)) {
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
  }
}

int jv_conn_init(jv_conn *c, uv_loop_t *loop, const jv_conn_options *o, const jv_conn_handlers *h, void *owner) {
  ignore_sigpipe();
  memset(c, 0, sizeof *c);
  int rc = jv_transport_check_url(o->url);
  if (rc != 0) return rc;
  c->loop = loop;
  c->api = o->api;
  c->h = h;
  c->owner = owner;
  c->log.cb = o->log_cb;
  c->log.data = o->log_data;
  c->log.level = o->log_level;
  c->request_timeout_ms = o->request_timeout_ms ? o->request_timeout_ms : 15000;
  c->url = jv_strdup(o->url);
  c->api_secret = jv_strdup(o->api_secret);
  c->token = jv_strdup(o->token);
  c->admin_secret = jv_strdup(o->admin_secret);
  c->tls_ca_file = jv_strdup(o->tls_ca_file);
  c->tls_ca_dir = jv_strdup(o->tls_ca_dir);
  if (!c->url || (o->api_secret && !c->api_secret) || (o->token && !c->token) ||
      (o->admin_secret && !c->admin_secret) || (o->tls_ca_file && !c->tls_ca_file) ||
      (o->tls_ca_dir && !c->tls_ca_dir)) {
    jv_conn_release(c);
    return JANUV_ENOMEM;
  }
  c->tcfg.api = o->api;
  c->tcfg.url = c->url;
  /* 0 means the default here, once, so that every transport (a user's too) sees real limits. */
  c->tcfg.connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms : 10000;
  c->tcfg.ws_ping_interval_ms = o->ws_ping_interval_ms;
  c->tcfg.ws_ping_timeout_ms = o->ws_ping_timeout_ms;
  c->tcfg.max_message_size = o->max_message_size ? o->max_message_size : (size_t)16 << 20;
  c->tcfg.api_secret = c->api_secret;
  c->tcfg.token = c->token;
  c->tcfg.tls_ca_file = c->tls_ca_file;
  c->tcfg.tls_ca_dir = c->tls_ca_dir;
  c->tcfg.tls_insecure_skip_verify = o->tls_insecure_skip_verify;
  c->tcfg.http_max_connections = o->http_max_connections ? o->http_max_connections : 4;
  c->tcfg.http_maxev = o->http_maxev ? o->http_maxev : 10;
  c->tcfg.http_retry_delay_ms = o->http_retry_delay_ms ? o->http_retry_delay_ms : 500;
  c->tcfg.http_retry_max_ms = o->http_retry_max_ms ? o->http_retry_max_ms : 8000;
  if (o->tls_insecure_skip_verify)
    jv_logf(&c->log, JANUV_LOG_WARN, "TLS certificate verification is OFF for %s (tls_insecure_skip_verify)", c->url);
  if (jv_req_init_secrets(c) != 0) {
    jv_conn_release(c);
    return JANUV_ENOMEM;
  }
  rc = jv_transport_create(loop, &c->tcfg, &conn_sink, c, o->log_cb != NULL, o->log_level, &c->transport);
  if (rc != 0) {
    jv_conn_release(c);
    return rc;
  }
  c->txn_salt = jv_rand64();
  jv_list_init(&c->deadlines);
  jv_list_init(&c->sendq);
  jv_list_init(&c->doneq);
  jv_list_init(&c->deferred);
  jv_list_init(&c->free_txns);
  uv_timer_init(loop, &c->txn_timer);
  uv_timer_init(loop, &c->defer_timer);
  uv_timer_init(loop, &c->retry_timer);
  c->txn_timer.data = c->defer_timer.data = c->retry_timer.data = c;
  c->open_handles = 3;
  jv_reconnect_init(c, o);
  c->state = JANUV_CONN_CONNECTING;
  return 0;
}

void jv_conn_release(jv_conn *c) {
  free(c->url);
  free(c->api_secret);
  free(c->token);
  free(c->admin_secret);
  free(c->tls_ca_file);
  free(c->tls_ca_dir);
  c->url = c->api_secret = c->token = c->admin_secret = c->tls_ca_file = c->tls_ca_dir = NULL;
  free(c->secrets_json);
  c->secrets_json = NULL;
  jv_buf_free(&c->wbuf);
  if (c->free_txns.next) jv_txn_free_cache(c);
}

int jv_conn_usable(const jv_conn *c) {
  /* RECONNECTING is usable: requests queue (bounded) until the connection is back. */
  if (c->closing || c->state == JANUV_CONN_CLOSED) return JANUV_ECLOSED;
  if (c->state == JANUV_CONN_FAILED) return c->fail_err ? c->fail_err : JANUV_ECONNRESET;
  return 0;
}

static void set_state(jv_conn *c, januv_conn_state st, int err, const char *detail) {
  c->state = st;
  c->h->on_state(c, st, err, detail ? detail : "");
}

januv_conn_state jv_conn_state(const jv_conn *c) {
  return c->restoring && c->state == JANUV_CONN_CONNECTED ? JANUV_CONN_RECONNECTING : c->state;
}

int jv_conn_open(jv_conn *c) {
  jv_logf(&c->log, JANUV_LOG_INFO, "connecting to %s", c->url);
  int rc = jv_transport_open(c->transport);
  if (rc != 0) {
    char detail[200];
    snprintf(detail, sizeof detail, "%s: %s", c->url, januv_strerror(rc));
    sink_disconnected(c, rc, detail);
  }
  return rc;
}

/* Sends text the caller keeps (the conn's request buffer, or a queued transaction's copy). */
void jv_conn_send_txn(jv_conn *c, jv_txn *t, const char *json, size_t len) {
  jv_log_frame(&c->log, "->", json, len);
  januv_transport_request tr = {
    .json = json, .len = len, .verb = t->verb, .session_id = t->session_id, .handle_id = t->handle_id,
    .request = t->id,
  };
  int rc = jv_transport_send(c->transport, &tr);
  t->sent = true;
  if (rc != 0) jv_txn_fail_later(c, t, rc);
}

/* A request given as a cJSON object (taken): its text is the builder's start. */
int jv_conn_request(jv_conn *c, cJSON *req, const jv_target *to, jv_txn_kind kind, jv_txn_done_fn done,
                    januv_reply_cb cb, void *data, void *obj, jv_list *owner, jv_txn **out) {
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!cJSON_IsString(verb)) {
    cJSON_Delete(req);
    return JANUV_EINVAL;
  }
  jv_req_object(c, verb->valuestring, req, (to && to->session_id ? JV_OWN_SESSION : 0) | (to && to->handle_id ? JV_OWN_HANDLE : 0));
  cJSON_Delete(req);
  jv_call call = {.kind = kind, .done = done, .cb = cb, .data = data, .obj = obj, .owner = owner};
  if (to) call.to = *to;
  return jv_req_send(c, &call, out);
}

static void flush_sendq(jv_conn *c) {
  jv_list *n;
  while (c->state == JANUV_CONN_CONNECTED && !c->restoring && (n = jv_list_pop_front(&c->sendq))) {
    jv_txn *t = JV_CONTAINER_OF(n, jv_txn, queue_link);
    c->nqueued--;
    char *json = t->json;
    t->json = NULL;
    jv_conn_send_txn(c, t, json, t->len);
    free(json);
  }
}

void jv_conn_close(jv_conn *c) {
  if (c->state == JANUV_CONN_CLOSED) return;
  c->closing = true;
  jv_txn_fail_all(c, JANUV_ECANCELED, "client closed", false);
  jv_txn_run_doneq(c);
  jv_transport_close(c->transport);
}

/* ---- transport sink ---- */

static void sink_connected(void *owner) {
  jv_conn *c = owner;
  if (c->closing) return;
  jv_logf(&c->log, JANUV_LOG_INFO, "connected to %s", c->url);
  if (c->state == JANUV_CONN_RECONNECTING) {
    /* Back after a loss: the owner claims its sessions before anything queued goes out. */
    c->state = JANUV_CONN_CONNECTED;
    c->restoring = true;
    if (c->h->on_restore)
      c->h->on_restore(c);
    else
      jv_conn_resume(c);
    return;
  }
  set_state(c, JANUV_CONN_CONNECTED, 0, NULL);
  flush_sendq(c);
}

void jv_conn_resume(jv_conn *c) {
  if (c->closing || c->state != JANUV_CONN_CONNECTED || !c->restoring) return;
  c->restoring = false;
  c->attempt = 0;
  jv_logf(&c->log, JANUV_LOG_INFO, "reconnected to %s", c->url);
  c->h->on_state(c, JANUV_CONN_RECONNECTED, 0, "");
  flush_sendq(c);
}

static void sink_disconnected(void *owner, int err, const char *detail) {
  jv_conn *c = owner;
  if (c->closing || c->state == JANUV_CONN_FAILED) return;
  bool was_up = c->state == JANUV_CONN_CONNECTED; /* restoring included */
  bool retrying = c->state == JANUV_CONN_RECONNECTING;
  jv_logf(&c->log, was_up ? JANUV_LOG_WARN : JANUV_LOG_ERROR, "%s: %s",
          was_up ? "connection lost" : retrying ? "reconnect failed" : "cannot connect",
          detail && *detail ? detail : januv_strerror(err));
  c->restoring = false;
  /* Requests in flight lost their connection; januv's own codes (protocol, TLS, handshake) say more. */
  int inflight = was_up && !JANUV_IS_OWN_ERROR(err) ? JANUV_ECONNRESET : err;
  c->state = JANUV_CONN_RECONNECTING; /* requests made by the callbacks below wait (or are refused) */
  jv_txn_fail_all(c, inflight, detail, true);
  if (c->closing) return;
  if (was_up) c->h->on_state(c, JANUV_CONN_DISCONNECTED, err, detail);
  if (c->closing || c->state != JANUV_CONN_RECONNECTING) return;
  if ((was_up || retrying) && jv_reconnect_schedule(c, err, detail)) return;
  /* Given up: what waits fails with the reason, sessions are lost. */
  c->state = JANUV_CONN_FAILED;
  c->fail_err = err;
  jv_txn_fail_all(c, err, detail, false);
  if (!c->closing && c->state == JANUV_CONN_FAILED) c->h->on_state(c, JANUV_CONN_FAILED, err, detail);
}

void jv_conn_lost(jv_conn *c, int err, const char *detail) {
  if (c->closing || c->state != JANUV_CONN_CONNECTED) return;
  jv_transport_abort(c->transport);
  sink_disconnected(c, err, detail);
}

/* Malformed data on the message stream: nothing after it can be trusted, so the connection goes. */
static void protocol_error(jv_conn *c, const char *detail) {
  jv_logf(&c->log, JANUV_LOG_ERROR, "%s", detail);
  jv_conn_lost(c, JANUV_EPROTO, detail);
}

/* One message: the final or intermediate reply of a pending transaction, or an event. */
static void handle_message(jv_conn *c, const cJSON *msg) {
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(msg, "janus");
  if (!cJSON_IsString(verb)) {
    jv_logf(&c->log, JANUV_LOG_WARN, "ignoring a message without a \"janus\" field");
    return;
  }
  const cJSON *txid = cJSON_GetObjectItemCaseSensitive(msg, "transaction");
  jv_txn *t = cJSON_IsString(txid) ? jv_txn_lookup(c, jv_txn_parse(c, txid->valuestring)) : NULL;
  if (t && t->sent) {
    if (jv_txn_is_final(t, verb->valuestring)) {
      januv_reply r;
      jv_reply_from_msg(&r, msg, verb->valuestring);
      jv_txn_complete(c, t, &r);
      return;
    }
    if (!strcmp(verb->valuestring, "ack")) return;
  }
  c->h->on_event(c, msg, verb->valuestring);
}

/* Text from the server: one message or an array of them (HTTP long-poll). NULL when malformed. */
static cJSON *parse_messages(jv_conn *c, const char *json, size_t len) {
  jv_log_frame(&c->log, "<-", json, len);
  cJSON *msg = cJSON_ParseWithLength(json, len);
  if (msg && !cJSON_IsObject(msg) && !cJSON_IsArray(msg)) {
    cJSON_Delete(msg);
    msg = NULL;
  }
  return msg;
}

static void handle_messages(jv_conn *c, const cJSON *msg) {
  if (!cJSON_IsArray(msg)) {
    handle_message(c, msg);
    return;
  }
  for (const cJSON *it = msg->child; it && !c->closing; it = it->next)
    if (cJSON_IsObject(it)) handle_message(c, it);
}

static void sink_receive(void *owner, const char *json, size_t len) {
  jv_conn *c = owner;
  if (c->closing) return;
  cJSON *msg = parse_messages(c, json, len);
  if (!msg) {
    protocol_error(c, "malformed JSON from the server");
    return;
  }
  handle_messages(c, msg);
  cJSON_Delete(msg);
}

static void sink_receive_reply(void *owner, uint64_t request, const char *json, size_t len) {
  jv_conn *c = owner;
  if (c->closing) return;
  cJSON *msg = parse_messages(c, json, len);
  if (msg) handle_messages(c, msg);
  if (!msg && !request) jv_logf(&c->log, JANUV_LOG_ERROR, "malformed JSON in an answer of the server: dropped");
  /* The answer must have completed or acked its request: otherwise nothing else ever will. */
  jv_txn *t = jv_txn_lookup(c, request);
  if (t && !t->acked) {
    const char *why = msg ? "the server's answer does not match the request" : "malformed JSON in the server's answer";
    jv_logf(&c->log, JANUV_LOG_ERROR, "%s", why);
    jv_txn_fail(c, t, JANUV_EPROTO, why);
  }
  cJSON_Delete(msg);
}

static void sink_request_failed(void *owner, uint64_t request, int err, const char *detail) {
  jv_conn *c = owner;
  jv_txn *t = jv_txn_lookup(c, request);
  if (t) jv_txn_fail(c, t, err, detail);
}

static void sink_session_lost(void *owner, uint64_t session_id, int err) {
  jv_conn *c = owner;
  if (!c->closing) c->h->on_session_lost(c, session_id, err);
}

static void on_handle_closed(uv_handle_t *h) {
  jv_conn *c = h->data;
  if (--c->open_handles == 0) c->h->on_closed(c);
}

static void sink_closed(void *owner) {
  jv_conn *c = owner;
  c->transport = NULL;
  /* Whatever was deferred still runs (frees, failures), then the timers go. */
  on_defer(&c->defer_timer);
  c->state = JANUV_CONN_CLOSED;
  uv_close((uv_handle_t *)&c->txn_timer, on_handle_closed);
  uv_close((uv_handle_t *)&c->defer_timer, on_handle_closed);
  uv_close((uv_handle_t *)&c->retry_timer, on_handle_closed);
}

static void sink_log(void *owner, januv_log_level level, const char *msg) {
  jv_conn *c = owner;
  if (jv_log_on(&c->log, level)) c->log.cb(level, msg, c->log.data);
}
