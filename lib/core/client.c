/* The Janus API client: lifecycle, top-level requests, the keepalive schedule, connection states. */
#include <stdlib.h>
#include <string.h>

#include "core/client_int.h"
#include "januv/errors.h"

void januv_client_options_init(januv_client_options *o) {
  memset(o, 0, sizeof *o);
  o->request_timeout_ms = 15000;
  o->connect_timeout_ms = 10000;
  o->keepalive_interval_ms = 25000;
  o->ws_ping_interval_ms = 20000;
  o->ws_ping_timeout_ms = 10000;
  o->max_message_size = 16u << 20;
  o->log_level = JANUV_LOG_WARN;
  o->http_max_connections = 4;
  o->http_maxev = 10;
  o->http_retry_delay_ms = 500;
  o->http_retry_max_ms = 8000;
  o->reconnect_delay_ms = 500;
  o->reconnect_max_delay_ms = 15000;
  o->reconnect_queue_size = 256;
}

static void on_conn_event(jv_conn *conn, const cJSON *msg, const char *verb) {
  jv_client_dispatch(jv_client_of(conn), msg, verb);
}

static void lose_all_sessions(januv_client *c, int err) {
  while (c->sessions) jv_session_lost(c->sessions, err);
}

static void on_conn_state(jv_conn *conn, januv_conn_state st, int err, const char *detail) {
  januv_client *c = jv_client_of(conn);
  if (c->state_cb) c->state_cb(c, st, err, detail, c->state_data);
  /* Sessions die with the connection: Janus drops them when the transport goes (without reclaim). */
  if (st == JANUV_CONN_FAILED) lose_all_sessions(c, JANUV_IS_OWN_ERROR(err) ? err : JANUV_ECONNRESET);
}

static void on_conn_session_lost(jv_conn *conn, uint64_t session_id, int err) {
  januv_session *s = jv_session_find(jv_client_of(conn), session_id);
  if (s) jv_session_lost(s, err);
}

static void reap(jv_conn *conn, jv_defer *d) {
  januv_client *c = jv_client_of(conn);
  (void)d;
  jv_list *n;
  while ((n = jv_list_pop_front(&c->dead_handles))) jv_handle_free(JV_CONTAINER_OF(n, januv_handle, zombie_link));
  while ((n = jv_list_pop_front(&c->dead_sessions))) jv_session_free(JV_CONTAINER_OF(n, januv_session, zombie_link));
}

void jv_client_bury_session(januv_client *c, januv_session *s) {
  jv_list_push_back(&c->dead_sessions, &s->zombie_link);
  jv_conn_defer(&c->conn, &c->reap_defer);
}

void jv_client_bury_handle(januv_client *c, januv_handle *h) {
  jv_list_push_back(&c->dead_handles, &h->zombie_link);
  jv_conn_defer(&c->conn, &c->reap_defer);
}

static void on_ka_closed(uv_handle_t *h) {
  januv_client *c = h->data;
  if (c->state_cb) c->state_cb(c, JANUV_CONN_CLOSED, 0, "", c->state_data);
  if (c->close_cb) c->close_cb(c, c->close_data);
  jv_conn_release(&c->conn);
  free(c);
}

static void on_conn_closed(jv_conn *conn) {
  januv_client *c = jv_client_of(conn);
  reap(conn, NULL);
  uv_close((uv_handle_t *)&c->ka_timer, on_ka_closed);
}

static const jv_conn_handlers client_handlers = {
  .on_event = on_conn_event,
  .on_state = on_conn_state,
  .on_session_lost = on_conn_session_lost,
  .on_closed = on_conn_closed,
  .on_restore = jv_client_restore,
};

static void do_open(jv_conn *conn, jv_defer *d) {
  januv_client *c = jv_client_of(conn);
  (void)d;
  if (c->closing) return;
  if (c->state_cb) c->state_cb(c, JANUV_CONN_CONNECTING, 0, "", c->state_data);
  if (!c->closing) jv_conn_open(conn);
}

int januv_client_new(uv_loop_t *loop, const char *url, const januv_client_options *opts, januv_client **out) {
  if (!loop || !url || !out) return JANUV_EINVAL;
  januv_client_options defaults;
  if (!opts) {
    januv_client_options_init(&defaults);
    opts = &defaults;
  }
  januv_client *c = calloc(1, sizeof *c);
  if (!c) return JANUV_ENOMEM;
  jv_conn_options co = {
    .api = JANUV_API_JANUS,
    .url = url,
    .request_timeout_ms = opts->request_timeout_ms,
    .connect_timeout_ms = opts->connect_timeout_ms,
    .ws_ping_interval_ms = opts->ws_ping_interval_ms,
    .ws_ping_timeout_ms = opts->ws_ping_timeout_ms,
    .max_message_size = opts->max_message_size,
    .api_secret = opts->api_secret,
    .token = opts->token,
    .log_cb = opts->log_cb,
    .log_data = opts->log_data,
    .log_level = opts->log_level,
    .tls_ca_file = opts->tls_ca_file,
    .tls_ca_dir = opts->tls_ca_dir,
    .tls_insecure_skip_verify = opts->tls_insecure_skip_verify,
    .http_max_connections = opts->http_max_connections,
    .http_maxev = opts->http_maxev,
    .http_retry_delay_ms = opts->http_retry_delay_ms,
    .http_retry_max_ms = opts->http_retry_max_ms,
    .reconnect_max_retries = opts->reconnect_max_retries,
    .reconnect_delay_ms = opts->reconnect_delay_ms,
    .reconnect_max_delay_ms = opts->reconnect_max_delay_ms,
    .reconnect_queue_size = opts->reconnect_queue_size,
  };
  int rc = jv_conn_init(&c->conn, loop, &co, &client_handlers, c);
  if (rc != 0) {
    free(c);
    return rc;
  }
  c->keepalive_interval_ms = opts->keepalive_interval_ms;
  c->state_cb = opts->state_cb;
  c->state_data = opts->state_data;
  jv_list_init(&c->keepalives);
  jv_list_init(&c->dead_sessions);
  jv_list_init(&c->dead_handles);
  jv_list_init(&c->open_defer.link);
  jv_list_init(&c->close_defer.link);
  jv_list_init(&c->reap_defer.link);
  c->open_defer.fn = do_open;
  c->reap_defer.fn = reap;
  uv_timer_init(loop, &c->ka_timer);
  c->ka_timer.data = c;
  jv_conn_defer(&c->conn, &c->open_defer);
  *out = c;
  return 0;
}

static void do_close(jv_conn *conn, jv_defer *d) {
  januv_client *c = jv_client_of(conn);
  (void)d;
  while (c->sessions) jv_session_close(c->sessions, JANUV_ECANCELED);
  uv_timer_stop(&c->ka_timer);
  jv_conn_close(conn);
}

int januv_client_close(januv_client *c, januv_client_close_cb cb, void *data) {
  if (!c) return JANUV_EINVAL;
  if (c->closing) return JANUV_ECLOSED;
  c->closing = true;
  c->conn.closing = true; /* new requests fail at once from here on */
  c->close_cb = cb;
  c->close_data = data;
  c->close_defer.fn = do_close;
  jv_conn_defer(&c->conn, &c->close_defer);
  return 0;
}

januv_conn_state januv_client_state(const januv_client *c) { return jv_conn_state(&c->conn); }
uv_loop_t *januv_client_loop(const januv_client *c) { return c->conn.loop; }
void januv_client_set_data(januv_client *c, void *data) { c->data = data; }
void *januv_client_get_data(const januv_client *c) { return c->data; }
size_t januv_client_pending(const januv_client *c) { return c->conn.ntxns; }
uint64_t januv_client_last_request(const januv_client *c) { return c->conn.last_request; }

void jv_done_user(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  (void)conn;
  if (t->cb) t->cb(r, t->data);
}

static int top_request(januv_client *c, const char *verb, januv_reply_cb cb, void *data) {
  if (!c || !cb) return JANUV_EINVAL;
  jv_req_begin(&c->conn, verb);
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = jv_done_user, .cb = cb, .data = data};
  return jv_req_send(&c->conn, &call, NULL);
}

int januv_client_info(januv_client *c, januv_reply_cb cb, void *data) { return top_request(c, "info", cb, data); }
int januv_client_ping(januv_client *c, januv_reply_cb cb, void *data) { return top_request(c, "ping", cb, data); }

int januv_client_send(januv_client *c, const cJSON *request, januv_reply_cb cb, void *data) {
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(request, "janus");
  if (!c || !cb || !cJSON_IsString(verb)) return JANUV_EINVAL;
  jv_req_object(&c->conn, verb->valuestring, request, 0);
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = jv_done_user, .cb = cb, .data = data};
  return jv_req_send(&c->conn, &call, NULL);
}

int januv_request_cancel(januv_client *c, uint64_t request) {
  jv_txn *t = c ? jv_txn_lookup(&c->conn, request) : NULL;
  if (!t) return UV_ENOENT;
  jv_txn_fail_later(&c->conn, t, JANUV_ECANCELED);
  return 0;
}

int januv_request_set_timeout(januv_client *c, uint64_t request, uint32_t timeout_ms) {
  if (!c || timeout_ms == 0) return JANUV_EINVAL;
  jv_txn *t = jv_txn_lookup(&c->conn, request);
  if (!t) return UV_ENOENT;
  return jv_txn_set_timeout(&c->conn, t, timeout_ms);
}

/* ---- keepalives: one timer for all sessions; the schedule is a FIFO because the interval is fixed ---- */

static void arm_keepalive(januv_client *c);

static void on_ka_timer(uv_timer_t *timer) {
  januv_client *c = timer->data;
  c->ka_due = 0;
  uint64_t now = uv_now(c->conn.loop);
  /* No keepalives while reconnecting: the claim renews the sessions. */
  bool up = c->conn.state == JANUV_CONN_CONNECTED && !c->conn.restoring;
  while (!jv_list_empty(&c->keepalives)) {
    januv_session *s = JV_CONTAINER_OF(c->keepalives.next, januv_session, ka_link);
    if (s->next_ka > now) break;
    jv_list_remove(&s->ka_link);
    s->next_ka = now + c->keepalive_interval_ms;
    jv_list_push_back(&c->keepalives, &s->ka_link);
    if (up) jv_session_send_keepalive(s);
  }
  arm_keepalive(c);
}

static void arm_keepalive(januv_client *c) {
  if (jv_list_empty(&c->keepalives) || c->closing) {
    uv_timer_stop(&c->ka_timer);
    c->ka_due = 0;
    return;
  }
  januv_session *s = JV_CONTAINER_OF(c->keepalives.next, januv_session, ka_link);
  if (c->ka_due == s->next_ka) return;
  uint64_t now = uv_now(c->conn.loop);
  c->ka_due = s->next_ka;
  uv_timer_start(&c->ka_timer, on_ka_timer, s->next_ka > now ? s->next_ka - now : 0, 0);
}

void jv_client_keepalive_add(januv_client *c, januv_session *s) {
  if (c->keepalive_interval_ms == 0) return;
  s->next_ka = uv_now(c->conn.loop) + c->keepalive_interval_ms;
  jv_list_push_back(&c->keepalives, &s->ka_link);
  arm_keepalive(c);
}
