/* The core against the mock server: reply matching, exactly-once completion under faults, events,
 * keepalives, liveness, handshake faults and teardown from inside callbacks. Runs over the transport
 * named by --transport=ws|http (cases that only make sense for one are listed per run in meson). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "januv.h"
#include "mock.h"

static bool over_http;
static mock *mc_mock; /* where send_event() pushes long-poll events */

static const char *mock_url_of(const mock *m) { return over_http ? mock_http_url(m) : mock_url(m); }

typedef struct rec {
  int calls;
  int status;
  int janus_code;
  char reason[256];
  char result[64];
  bool done;
} rec;

static void on_reply(const januv_reply *r, void *data) {
  rec *x = data;
  x->calls++;
  x->status = r->status;
  x->janus_code = r->janus_code;
  snprintf(x->reason, sizeof x->reason, "%s", r->reason);
  const cJSON *res = cJSON_GetObjectItemCaseSensitive(r->data, "result");
  snprintf(x->result, sizeof x->result, "%s", cJSON_IsString(res) ? res->valuestring : "");
  x->done = true;
}

typedef struct env {
  uv_loop_t loop;
  mock *m;
  januv_client *c;
  januv_session *s;
  januv_handle *h;
  int state_counts[8];
  int last_state_err;
  int session_closed, session_lost, session_timeout, session_close_reason;
  int handle_closed, handle_close_reason;
  int events[8];
  char last_event_json[512];
  bool closed;
  bool ready;
  t_logbuf log;
} env;

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  env *e = data;
  (void)c;
  (void)detail;
  e->state_counts[st]++;
  if (err) e->last_state_err = err;
}

static void env_init(env *e, mock_handler h, januv_client_options *opts) {
  memset(e, 0, sizeof *e);
  uv_loop_init(&e->loop);
  e->m = mock_new(&e->loop, h, e);
  januv_client_options o;
  if (!opts) {
    januv_client_options_init(&o);
    opts = &o;
  }
  opts->state_cb = on_state;
  opts->state_data = e;
  if (!opts->log_cb) {
    opts->log_cb = t_logbuf_cb;
    opts->log_data = &e->log;
    opts->log_level = JANUV_LOG_DEBUG;
  }
  int rc = januv_client_new(&e->loop, mock_url_of(e->m), opts, &e->c);
  if (rc != 0) abort();
}

static void on_client_closed(januv_client *c, void *data) {
  env *e = data;
  (void)c;
  e->closed = true;
}

/* Closes client and mock and checks the loop closes cleanly. */
static bool env_done(env *e) {
  bool ok = true;
  if (e->c && !e->closed) {
    januv_client_close(e->c, on_client_closed, e);
    ok = t_wait(&e->loop, &e->closed, 5000);
  }
  mock_free(e->m);
  ok = t_loop_close(&e->loop, 5000) && ok;
  t_logbuf_free(&e->log);
  return ok;
}

static void on_session_closed(januv_session *s, int reason, void *data) {
  env *e = data;
  (void)s;
  e->session_closed++;
  e->session_close_reason = reason;
}
static void on_session_lost(januv_session *s, int reason, void *data) {
  env *e = data;
  (void)s;
  (void)reason;
  e->session_lost++;
}
static void on_session_timeout(januv_session *s, void *data) {
  env *e = data;
  (void)s;
  e->session_timeout++;
}
static const januv_session_callbacks session_cbs = {
  .on_timeout = on_session_timeout, .on_lost = on_session_lost, .on_closed = on_session_closed};

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  env *e = data;
  if (r->status == 0) e->s = s;
  e->ready = true;
}

static void on_any_event(januv_handle *h, const januv_event *ev, void *data) {
  env *e = data;
  (void)h;
  e->events[ev->type]++;
  char *s = cJSON_PrintUnformatted(ev->json);
  snprintf(e->last_event_json, sizeof e->last_event_json, "%s", s);
  free(s);
}
static void on_handle_closed(januv_handle *h, int reason, void *data) {
  env *e = data;
  (void)h;
  e->handle_closed++;
  e->handle_close_reason = reason;
}
static const januv_handle_callbacks handle_cbs = {
  .on_event = on_any_event, .on_webrtcup = on_any_event, .on_media = on_any_event, .on_slowlink = on_any_event,
  .on_hangup = on_any_event, .on_detached = on_any_event, .on_trickle = on_any_event, .on_closed = on_handle_closed};

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  env *e = data;
  if (r->status == 0) e->h = h;
  e->ready = true;
}

/* create + attach through the mock's default behaviour */
static bool open_handle(env *e) {
  e->ready = false;
  if (januv_session_create(e->c, &session_cbs, on_created, e) != 0) return false;
  if (!t_wait(&e->loop, &e->ready, 5000) || !e->s) return false;
  e->ready = false;
  if (januv_handle_attach(e->s, "janus.plugin.echotest", NULL, &handle_cbs, on_attached, e) != 0) return false;
  return t_wait(&e->loop, &e->ready, 5000) && e->h;
}

static cJSON *body_audio_false(void) {
  cJSON *b = cJSON_CreateObject();
  cJSON_AddFalseToObject(b, "audio");
  return b;
}

/* Sends a template with $S and $H replaced by the session and handle ids: a WebSocket frame, or an
 * event on the session's long-poll. */
static void send_event(mock_conn *mc, const char *tmpl, januv_session *s, januv_handle *h) {
  char out[1024];
  size_t n = 0;
  for (const char *p = tmpl; *p && n < sizeof out - 32; p++) {
    if (p[0] == '$' && (p[1] == 'S' || p[1] == 'H')) {
      n += (size_t)snprintf(out + n, sizeof out - n, "%llu",
                            (unsigned long long)(p[1] == 'S' ? januv_session_id(s) : januv_handle_id(h)));
      p++;
    } else {
      out[n++] = *p;
    }
  }
  if (over_http) {
    cJSON *msg = cJSON_ParseWithLength(out, n);
    uint64_t sid = januv_json_id(cJSON_GetObjectItem(msg, "session_id"));
    mock_push_event(mc_mock, sid ? sid : januv_session_id(s), msg);
    return;
  }
  mock_send_text(mc, out, n);
}

/* ---- cases ---- */

static void info_and_ping(void) {
  env e;
  env_init(&e, NULL, NULL);
  rec info = {0}, ping = {0};
  CHECK(januv_client_info(e.c, on_reply, &info) == 0);
  CHECK(januv_client_ping(e.c, on_reply, &ping) == 0);
  CHECK(t_wait(&e.loop, &ping.done, 5000));
  CHECK(t_wait(&e.loop, &info.done, 5000));
  CHECK_EQ_INT(info.calls, 1);
  CHECK_EQ_INT(info.status, 0);
  CHECK_EQ_INT(ping.status, 0);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_CONNECTING], 1);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_CONNECTED], 1);
  CHECK_EQ_INT(januv_client_pending(e.c), 0);
  CHECK(env_done(&e));
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_CLOSED], 1);
}

static void session_handle_cycle(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  CHECK(januv_session_id(e.s) != 0);
  CHECK(januv_handle_id(e.h) != 0);
  CHECK_EQ_STR(januv_handle_plugin(e.h), "janus.plugin.echotest");
  CHECK(januv_handle_session(e.h) == e.s);
  CHECK_EQ_INT(januv_session_handle_count(e.s), 1);

  rec msg = {0}, tr = {0}, tr2 = {0}, trc = {0}, hang = {0}, det = {0}, des = {0};
  cJSON *body = body_audio_false();
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &msg) == 0);
  cJSON_Delete(body);
  cJSON *cand = cJSON_Parse("{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
  cJSON *arr = cJSON_CreateArray();
  cJSON_AddItemToArray(arr, cJSON_Duplicate(cand, true));
  CHECK(januv_handle_trickle(e.h, cand, on_reply, &tr) == 0);
  CHECK(januv_handle_trickle_many(e.h, arr, on_reply, &tr2) == 0);
  CHECK(januv_handle_trickle_completed(e.h, on_reply, &trc) == 0);
  cJSON_Delete(cand);
  cJSON_Delete(arr);
  CHECK(januv_handle_hangup(e.h, on_reply, &hang) == 0);
  /* Over HTTP the requests travel on parallel pool connections and the message's event on the
   * long-poll: the hangup's answer may come first. */
  CHECK(t_wait(&e.loop, &hang.done, 5000));
  CHECK(t_wait(&e.loop, &msg.done, 5000));
  CHECK(t_wait(&e.loop, &tr.done, 5000));
  CHECK(t_wait(&e.loop, &tr2.done, 5000));
  CHECK(t_wait(&e.loop, &trc.done, 5000));
  CHECK_EQ_INT(msg.calls, 1);
  CHECK_EQ_INT(msg.status, 0);
  CHECK_EQ_STR(msg.result, "ok");
  CHECK_EQ_INT(e.events[JANUV_EVENT_PLUGIN], 0); /* matched to the request, not an event */
  CHECK_EQ_INT(mock_count(e.m, "message"), 1);
  CHECK_EQ_INT(mock_count(e.m, "trickle"), 3);

  CHECK(januv_handle_detach(e.h, on_reply, &det) == 0);
  CHECK(januv_handle_detach(e.h, on_reply, &det) == JANUV_ECLOSED);
  rec late = {0};
  CHECK(januv_handle_hangup(e.h, on_reply, &late) == JANUV_ECLOSED);
  CHECK(t_wait(&e.loop, &det.done, 5000));
  CHECK_EQ_INT(e.handle_closed, 1);
  CHECK_EQ_INT(e.handle_close_reason, 0);
  CHECK_EQ_INT(januv_session_handle_count(e.s), 0);
  CHECK(januv_session_destroy(e.s, on_reply, &des) == 0);
  CHECK(t_wait(&e.loop, &des.done, 5000));
  CHECK_EQ_INT(des.calls, 1);
  CHECK_EQ_INT(e.session_closed, 1);
  CHECK_EQ_INT(e.session_close_reason, 0);
  CHECK_EQ_INT(late.calls, 0);
  CHECK(env_done(&e));
}

/* The message's event goes to on_event when the request has no callback. */
static void message_without_callback(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  cJSON *body = body_audio_false();
  CHECK(januv_handle_message(e.h, body, NULL, NULL, NULL) == 0);
  cJSON_Delete(body);
  CHECK(t_wait_count(&e.loop, &e.events[JANUV_EVENT_PLUGIN], 1, 5000));
  CHECK(strstr(e.last_event_json, "\"result\":\"ok\"") != NULL);
  CHECK(env_done(&e));
}

/* A plugin answer arriving without its ack first, and with an ack in between other traffic. */
static void ack_then_event_matching(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  rec a = {0}, b = {0};
  cJSON *body = body_audio_false();
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &a) == 0);
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &b) == 0);
  cJSON_Delete(body);
  CHECK(t_wait(&e.loop, &b.done, 5000));
  CHECK(t_wait(&e.loop, &a.done, 5000));
  CHECK_EQ_INT(a.calls + b.calls, 2);
  CHECK(env_done(&e));
}

static void delayed_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!strcmp(v->valuestring, "info")) {
    cJSON *r = mock_reply_to(req, "server_info");
    mock_send_later(c, r, 300); /* after the client's 100 ms timeout */
    return;
  }
  mock_default(m, c, req);
}

static void request_timeout_and_late_reply(void) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.request_timeout_ms = 100;
  env_init(&e, delayed_handler, &o);
  rec info = {0}, ping = {0};
  CHECK(januv_client_info(e.c, on_reply, &info) == 0);
  CHECK(t_wait(&e.loop, &info.done, 5000));
  CHECK_EQ_INT(info.status, JANUV_ETIMEDOUT);
  /* The late reply arrives and is ignored; the client keeps working. */
  t_run_for(&e.loop, 400);
  CHECK_EQ_INT(info.calls, 1);
  CHECK(januv_client_ping(e.c, on_reply, &ping) == 0);
  CHECK(t_wait(&e.loop, &ping.done, 5000));
  CHECK_EQ_INT(ping.status, 0);
  CHECK(env_done(&e));
}

/* Per-request timeout and cancel. */
static void cancel_and_set_timeout(void) {
  env e;
  env_init(&e, delayed_handler, NULL);
  rec a = {0}, b = {0};
  CHECK(januv_client_info(e.c, on_reply, &a) == 0);
  uint64_t ida = januv_client_last_request(e.c);
  CHECK(januv_client_info(e.c, on_reply, &b) == 0);
  uint64_t idb = januv_client_last_request(e.c);
  CHECK(ida != 0 && idb != 0 && ida != idb);
  CHECK(januv_request_cancel(e.c, ida) == 0);
  CHECK_EQ_INT(a.calls, 0); /* never inside the call */
  CHECK(januv_request_cancel(e.c, ida) == UV_ENOENT);
  CHECK(januv_request_set_timeout(e.c, idb, 50) == 0);
  CHECK(januv_request_set_timeout(e.c, idb, 0) == JANUV_EINVAL);
  CHECK(t_wait(&e.loop, &a.done, 5000));
  CHECK_EQ_INT(a.status, JANUV_ECANCELED);
  CHECK(t_wait(&e.loop, &b.done, 5000));
  CHECK_EQ_INT(b.status, JANUV_ETIMEDOUT);
  t_run_for(&e.loop, 400);
  CHECK_EQ_INT(a.calls, 1);
  CHECK_EQ_INT(b.calls, 1);
  CHECK(januv_request_cancel(e.c, 987654) == UV_ENOENT);
  CHECK(env_done(&e));
}

static void unknown_and_duplicate_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!strcmp(v->valuestring, "ping")) {
    cJSON *bogus = cJSON_CreateObject();
    cJSON_AddStringToObject(bogus, "janus", "pong");
    cJSON_AddStringToObject(bogus, "transaction", "not-ours");
    mock_send(c, bogus);
    cJSON *bogus2 = cJSON_Parse("{\"janus\":\"success\",\"transaction\":\"ffffffffffffffff\"}");
    mock_send(c, bogus2);
    mock_send(c, mock_reply_to(req, "pong"));
    mock_send(c, mock_reply_to(req, "pong")); /* duplicate */
    mock_send(c, mock_error_to(req, 490, "duplicate error")); /* and a contradicting duplicate */
    return;
  }
  mock_default(m, c, req);
}

static void unknown_and_duplicate_replies(void) {
  env e;
  env_init(&e, unknown_and_duplicate_handler, NULL);
  rec ping = {0}, info = {0};
  CHECK(januv_client_ping(e.c, on_reply, &ping) == 0);
  CHECK(t_wait(&e.loop, &ping.done, 5000));
  CHECK_EQ_INT(ping.status, 0);
  CHECK(januv_client_info(e.c, on_reply, &info) == 0);
  CHECK(t_wait(&e.loop, &info.done, 5000));
  CHECK_EQ_INT(ping.calls, 1);
  CHECK_EQ_INT(info.status, 0);
  CHECK_EQ_INT(januv_client_state(e.c), JANUV_CONN_CONNECTED);
  CHECK(env_done(&e));
}

static void janus_error_reply(void) {
  env e;
  env_init(&e, NULL, NULL);
  rec r = {0};
  cJSON *req = cJSON_Parse("{\"janus\":\"frobnicate\"}");
  CHECK(januv_client_send(e.c, req, on_reply, &r) == 0);
  cJSON *bad = cJSON_Parse("{\"nojanus\":1}");
  CHECK(januv_client_send(e.c, bad, on_reply, &r) == JANUV_EINVAL);
  cJSON_Delete(bad);
  cJSON_Delete(req);
  CHECK(t_wait(&e.loop, &r.done, 5000));
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 453);
  CHECK_EQ_STR(r.reason, "Unknown request");
  CHECK(env_done(&e));
}

static void malformed_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!strcmp(v->valuestring, "info")) {
    mock_send_text(c, "{\"janus\":\"server_info\",", 23);
    return;
  }
  if (!strcmp(v->valuestring, "ping")) return; /* stays pending until the malformed frame */
  mock_default(m, c, req);
}

static void malformed_json_fails_everything_once(void) {
  env e;
  env_init(&e, malformed_handler, NULL);
  CHECK(open_handle(&e));
  rec ping = {0}, info = {0};
  CHECK(januv_client_ping(e.c, on_reply, &ping) == 0);
  t_run_for(&e.loop, 50); /* the ping reaches the mock first */
  CHECK(januv_client_info(e.c, on_reply, &info) == 0);
  CHECK(t_wait(&e.loop, &info.done, 5000));
  CHECK(t_wait(&e.loop, &ping.done, 5000));
  CHECK_EQ_INT(info.status, JANUV_EPROTO);
  CHECK_EQ_INT(ping.status, JANUV_EPROTO);
  CHECK_EQ_INT(e.session_lost, 1);
  CHECK_EQ_INT(e.session_closed, 1);
  CHECK_EQ_INT(e.handle_closed, 1);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_DISCONNECTED], 1);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_FAILED], 1);
  CHECK_EQ_INT(januv_client_state(e.c), JANUV_CONN_FAILED);
  rec after = {0};
  CHECK(januv_client_ping(e.c, on_reply, &after) == JANUV_EPROTO);
  t_run_for(&e.loop, 100);
  CHECK_EQ_INT(info.calls, 1);
  CHECK_EQ_INT(ping.calls, 1);
  CHECK(strstr(e.log.text, "malformed JSON") != NULL);
  CHECK(env_done(&e));
}

static void drop_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!strcmp(v->valuestring, "message")) {
    mock_send(c, mock_reply_to(req, "ack"));
    mock_drop(c);
    return;
  }
  mock_default(m, c, req);
}

static void connection_dropped_mid_request(void) {
  env e;
  env_init(&e, drop_handler, NULL);
  CHECK(open_handle(&e));
  rec msg = {0}, info = {0};
  cJSON *body = body_audio_false();
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &msg) == 0);
  cJSON_Delete(body);
  CHECK(januv_client_info(e.c, on_reply, &info) == 0);
  CHECK(t_wait(&e.loop, &msg.done, 5000));
  CHECK(t_wait(&e.loop, &info.done, 5000));
  CHECK_EQ_INT(msg.status, JANUV_ECONNRESET);
  CHECK_EQ_INT(msg.calls, 1);
  CHECK(info.status == JANUV_ECONNRESET || info.status == 0);
  CHECK_EQ_INT(e.session_lost, 1);
  CHECK_EQ_INT(e.handle_closed, 1);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_FAILED], 1);
  CHECK(env_done(&e));
}

static void connection_refused(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  /* A port that was free a moment ago: bind, read, close. */
  uv_tcp_t probe;
  uv_tcp_init(&loop, &probe);
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_bind(&probe, (const struct sockaddr *)&addr, 0);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&probe, (struct sockaddr *)&ss, &len);
  char url[64];
  snprintf(url, sizeof url, "ws://127.0.0.1:%u", (unsigned)ntohs(((struct sockaddr_in *)&ss)->sin_port));
  uv_close((uv_handle_t *)&probe, NULL);
  uv_run(&loop, UV_RUN_NOWAIT);

  env e;
  memset(&e, 0, sizeof e);
  januv_client_options o;
  januv_client_options_init(&o);
  o.state_cb = on_state;
  o.state_data = &e;
  januv_client *c;
  CHECK(januv_client_new(&loop, url, &o, &c) == 0);
  rec a = {0}, b = {0};
  CHECK(januv_client_info(c, on_reply, &a) == 0);
  CHECK(januv_session_create(c, NULL, on_created, &e) == 0);
  CHECK(t_wait(&loop, &a.done, 5000));
  CHECK(t_wait(&loop, &e.ready, 5000));
  CHECK_EQ_INT(a.status, UV_ECONNREFUSED);
  CHECK(e.s == NULL);
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_FAILED], 1);
  CHECK_EQ_INT(e.last_state_err, UV_ECONNREFUSED);
  CHECK(januv_client_info(c, on_reply, &b) == UV_ECONNREFUSED);
  januv_client_close(c, on_client_closed, &e);
  CHECK(t_wait(&loop, &e.closed, 5000));
  CHECK_EQ_INT(a.calls, 1);
  CHECK_EQ_INT(b.calls, 0);
  CHECK(t_loop_close(&loop, 5000));
}

static void handshake_fault(mock_handshake mode, int expect, uint32_t connect_timeout) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.connect_timeout_ms = connect_timeout;
  env_init(&e, NULL, &o);
  mock_set_handshake(e.m, mode);
  rec r = {0};
  CHECK(januv_client_ping(e.c, on_reply, &r) == 0);
  CHECK(t_wait(&e.loop, &r.done, 5000));
  if (r.status != expect) t_failf(__FILE__, __LINE__, "mode %d: %s (%s)", (int)mode, januv_err_name(r.status), r.reason);
  CHECK_EQ_INT(r.status, expect);
  CHECK_EQ_INT(r.calls, 1);
  CHECK(r.reason[0] != '\0');
  CHECK_EQ_INT(e.state_counts[JANUV_CONN_FAILED], 1);
  CHECK(env_done(&e));
}

static void handshake_faults(void) {
  handshake_fault(MOCK_HS_404, JANUV_EHANDSHAKE, 3000);
  handshake_fault(MOCK_HS_BAD_ACCEPT, JANUV_EHANDSHAKE, 3000);
  handshake_fault(MOCK_HS_NO_PROTOCOL, JANUV_EHANDSHAKE, 3000);
  handshake_fault(MOCK_HS_GARBAGE, JANUV_EHANDSHAKE, 3000);
  handshake_fault(MOCK_HS_SILENT, JANUV_ETIMEDOUT, 200);
  handshake_fault(MOCK_HS_RESET, JANUV_ECONNRESET, 3000);
}

/* Requests made before the connection is up go out once it is, in order. */
static void queued_while_connecting(void) {
  env e;
  env_init(&e, NULL, NULL);
  mock_set_dribble(e.m, true); /* slow handshake: the requests certainly wait */
  rec r[5] = {{0}};
  for (int i = 0; i < 5; i++) CHECK(januv_client_ping(e.c, on_reply, &r[i]) == 0);
  CHECK_EQ_INT(januv_client_pending(e.c), 5);
  CHECK(t_wait(&e.loop, &r[4].done, 10000));
  for (int i = 0; i < 5; i++) CHECK_EQ_INT(r[i].status, 0);
  CHECK_EQ_INT(mock_count(e.m, "ping"), 5);
  CHECK(env_done(&e));
}

/* Events pushed by the server reach the right callbacks; unknown senders are ignored. */
static void handle_events_routed(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  mc_mock = e.m;
  mock_conn *mc = mock_last_conn(e.m);
  const char *tmpls[] = {
    "{\"janus\":\"webrtcup\",\"session_id\":$S,\"sender\":$H}",
    "{\"janus\":\"media\",\"session_id\":$S,\"sender\":$H,\"type\":\"video\",\"mid\":\"1\",\"receiving\":true}",
    "{\"janus\":\"slowlink\",\"session_id\":$S,\"sender\":$H,\"uplink\":true,\"lost\":12,\"mid\":\"1\",\"media\":\"video\"}",
    "{\"janus\":\"trickle\",\"session_id\":$S,\"sender\":$H,\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 1 typ host\"}}",
    "{\"janus\":\"trickle\",\"session_id\":$S,\"sender\":$H,\"candidate\":{\"completed\":true}}",
    "{\"janus\":\"event\",\"session_id\":$S,\"sender\":$H,\"plugindata\":{\"plugin\":\"janus.plugin.echotest\",\"data\":{\"x\":1}}}",
    "{\"janus\":\"event\",\"session_id\":$S,\"sender\":999,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
    "{\"janus\":\"event\",\"session_id\":12345,\"sender\":$H,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
    "{\"janus\":\"hangup\",\"session_id\":$S,\"sender\":$H,\"reason\":\"Close PC\"}",
    "{\"janus\":\"detached\",\"session_id\":$S,\"sender\":$H}",
  };
  for (size_t i = 0; i < sizeof tmpls / sizeof tmpls[0]; i++) send_event(mc, tmpls[i], e.s, e.h);
  CHECK(t_wait_count(&e.loop, &e.handle_closed, 1, 5000));
  CHECK_EQ_INT(e.events[JANUV_EVENT_WEBRTCUP], 1);
  CHECK_EQ_INT(e.events[JANUV_EVENT_MEDIA], 1);
  CHECK_EQ_INT(e.events[JANUV_EVENT_SLOWLINK], 1);
  CHECK_EQ_INT(e.events[JANUV_EVENT_TRICKLE], 2);
  CHECK_EQ_INT(e.events[JANUV_EVENT_PLUGIN], 1);
  CHECK_EQ_INT(e.events[JANUV_EVENT_HANGUP], 1);
  CHECK_EQ_INT(e.events[JANUV_EVENT_DETACHED], 1);
  CHECK_EQ_INT(e.handle_close_reason, 0);
  CHECK_EQ_INT(e.session_closed, 0);
  CHECK(env_done(&e));
}

typedef struct typed {
  januv_event ev;
  char media[16], mid[8], reason[32];
  bool cand, completed;
  int n;
} typed;

static void on_typed(januv_handle *h, const januv_event *ev, void *data) {
  typed *t = januv_session_get_data(januv_handle_session(h)) ? data : data;
  t->ev = *ev;
  snprintf(t->media, sizeof t->media, "%s", ev->media ? ev->media : "");
  snprintf(t->mid, sizeof t->mid, "%s", ev->mid ? ev->mid : "");
  snprintf(t->reason, sizeof t->reason, "%s", ev->reason ? ev->reason : "");
  t->cand = ev->candidate != NULL;
  t->completed = ev->completed;
  t->n++;
}

/* The typed fields of each event kind. */
static void handle_event_fields(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  mc_mock = e.m;
  typed t = {0};
  januv_handle_callbacks cbs = {.on_media = on_typed, .on_slowlink = on_typed, .on_hangup = on_typed,
                                .on_trickle = on_typed, .on_closed = on_handle_closed};
  januv_handle_set_callbacks(e.h, &cbs);
  januv_handle_set_data(e.h, &t);
  mock_conn *mc = mock_last_conn(e.m);
  send_event(mc, "{\"janus\":\"media\",\"session_id\":$S,\"sender\":$H,\"type\":\"audio\",\"mid\":\"0\",\"receiving\":false}", e.s, e.h);
  CHECK(t_wait_count(&e.loop, &t.n, 1, 5000));
  CHECK_EQ_INT(t.ev.type, JANUV_EVENT_MEDIA);
  CHECK_EQ_STR(t.media, "audio");
  CHECK_EQ_STR(t.mid, "0");
  CHECK(!t.ev.receiving);
  send_event(mc, "{\"janus\":\"slowlink\",\"session_id\":$S,\"sender\":$H,\"uplink\":false,\"lost\":7,\"mid\":\"1\",\"media\":\"video\"}", e.s, e.h);
  CHECK(t_wait_count(&e.loop, &t.n, 2, 5000));
  CHECK_EQ_INT(t.ev.type, JANUV_EVENT_SLOWLINK);
  CHECK(!t.ev.uplink);
  CHECK_EQ_INT(t.ev.lost, 7);
  CHECK_EQ_STR(t.media, "video");
  send_event(mc, "{\"janus\":\"trickle\",\"session_id\":$S,\"sender\":$H,\"candidate\":{\"completed\":true}}", e.s, e.h);
  CHECK(t_wait_count(&e.loop, &t.n, 3, 5000));
  CHECK(t.completed && !t.cand);
  send_event(mc, "{\"janus\":\"hangup\",\"session_id\":$S,\"sender\":$H,\"reason\":\"DTLS alert\"}", e.s, e.h);
  CHECK(t_wait_count(&e.loop, &t.n, 4, 5000));
  CHECK_EQ_STR(t.reason, "DTLS alert");
  januv_handle_set_data(e.h, &e);
  CHECK(env_done(&e));
}

static void session_timeout_event(void) {
  env e;
  env_init(&e, NULL, NULL);
  CHECK(open_handle(&e));
  rec pending = {0};
  cJSON *body = body_audio_false();
  /* A request that will never be answered: the session's end completes it. */
  mock_stop_reading(mock_last_conn(e.m));
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &pending) == 0);
  cJSON_Delete(body);
  char buf[128];
  snprintf(buf, sizeof buf, "{\"janus\":\"timeout\",\"session_id\":%llu}", (unsigned long long)januv_session_id(e.s));
  mock_send_text(mock_last_conn(e.m), buf, strlen(buf));
  CHECK(t_wait_count(&e.loop, &e.session_closed, 1, 5000));
  CHECK_EQ_INT(e.session_timeout, 1);
  CHECK_EQ_INT(e.session_lost, 0);
  CHECK_EQ_INT(e.session_close_reason, JANUV_ETIMEDOUT);
  CHECK_EQ_INT(e.handle_closed, 1);
  CHECK_EQ_INT(e.handle_close_reason, JANUV_ETIMEDOUT);
  CHECK(pending.done);
  CHECK_EQ_INT(pending.calls, 1);
  CHECK_EQ_INT(pending.status, JANUV_ETIMEDOUT);
  CHECK(env_done(&e));
}

static int keepalive_458;
static void keepalive_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  if (!strcmp(v->valuestring, "keepalive") && keepalive_458 && mock_count(m, "keepalive") >= keepalive_458) {
    mock_send(c, mock_error_to(req, 458, "No such session"));
    return;
  }
  mock_default(m, c, req);
}

static void keepalives_sent_and_458_loses_session(void) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.keepalive_interval_ms = 30;
  keepalive_458 = 4;
  env_init(&e, keepalive_handler, &o);
  CHECK(open_handle(&e));
  CHECK(t_wait_count(&e.loop, &e.session_lost, 1, 5000));
  CHECK(mock_count(e.m, "keepalive") >= 4);
  CHECK_EQ_INT(e.session_closed, 1);
  CHECK_EQ_INT(e.session_close_reason, JANUV_ESESSIONLOST);
  int seen = mock_count(e.m, "keepalive");
  t_run_for(&e.loop, 100);
  CHECK_EQ_INT(mock_count(e.m, "keepalive"), seen); /* no keepalives for a dead session */
  keepalive_458 = 0;
  CHECK(env_done(&e));
}

static void ping_timeout_is_connection_loss(void) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.ws_ping_interval_ms = 50;
  o.ws_ping_timeout_ms = 100;
  env_init(&e, NULL, &o);
  CHECK(open_handle(&e));
  rec r = {0};
  t_run_for(&e.loop, 200); /* pings answered: still connected */
  CHECK_EQ_INT(januv_client_state(e.c), JANUV_CONN_CONNECTED);
  mock_stop_reading(mock_last_conn(e.m));
  CHECK(januv_client_ping(e.c, on_reply, &r) == 0);
  CHECK(t_wait(&e.loop, &r.done, 5000));
  CHECK_EQ_INT(r.status, JANUV_ECONNRESET);
  CHECK_EQ_INT(e.last_state_err, JANUV_ETIMEDOUT);
  CHECK_EQ_INT(e.session_lost, 1);
  CHECK(strstr(e.log.text, "ping not answered") != NULL);
  CHECK(env_done(&e));
}

/* How often each member januv stamps occurs in the requests marked "x" (duplicates included). */
static struct {
  int requests, bad;
  char last[512];
} stamps;

static int members_named(const cJSON *req, const char *name) {
  int n = 0;
  for (const cJSON *k = req->child; k; k = k->next) n += k->string && !strcmp(k->string, name);
  return n;
}

static void stamp_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  (void)data;
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(req, "x");
  if (cJSON_IsNumber(x)) {
    /* x: 0 top level, 1 session level, 2 handle level */
    int level = x->valueint;
    stamps.requests++;
    if (members_named(req, "transaction") != 1 || members_named(req, "apisecret") != 1 ||
        members_named(req, "token") != 1 || members_named(req, "session_id") != (level >= 1) ||
        members_named(req, "handle_id") != (level == 2)) {
      stamps.bad++;
      char *bad = cJSON_PrintUnformatted(req);
      fprintf(stderr, "  stamped twice or missing: %s\n", bad ? bad : "");
      free(bad);
    }
    char *t = cJSON_PrintUnformatted(req);
    snprintf(stamps.last, sizeof stamps.last, "%s", t ? t : "");
    free(t);
  }
  mock_default(m, c, req);
}

/* januv_*_send(): the members januv stamps (transaction, secrets, ids) replace the caller's copies. */
static void send_replaces_stamped_members(void) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.api_secret = "the-secret";
  o.token = "the-token";
  memset(&stamps, 0, sizeof stamps);
  env_init(&e, stamp_handler, &o);
  CHECK(open_handle(&e));
  const char *fields = "\"transaction\":\"mine\",\"apisecret\":\"x\",\"token\":\"y\",\"session_id\":1,"
                       "\"handle_id\":2";
  char text[300];
  rec r[3] = {{0}};
  cJSON *top = cJSON_Parse("{\"janus\":\"info\",\"x\":0,\"transaction\":\"mine\",\"apisecret\":\"x\",\"token\":\"y\"}");
  /* a session-level request has no handle: a "handle_id" there would be the caller's own business */
  snprintf(text, sizeof text, "{\"janus\":\"keepalive\",\"x\":1,%.*s}", (int)(strstr(fields, ",\"handle_id\"") - fields),
           fields);
  cJSON *ses = cJSON_Parse(text);
  snprintf(text, sizeof text, "{\"janus\":\"trickle\",\"x\":2,\"candidate\":{\"completed\":true},%s}", fields);
  cJSON *han = cJSON_Parse(text);
  CHECK(top && ses && han);
  CHECK_EQ_INT(januv_client_send(e.c, top, on_reply, &r[0]), 0);
  CHECK_EQ_INT(januv_session_send(e.s, ses, on_reply, &r[1]), 0);
  CHECK_EQ_INT(januv_handle_send(e.h, han, on_reply, &r[2]), 0);
  cJSON_Delete(top);
  cJSON_Delete(ses);
  cJSON_Delete(han);
  for (int i = 0; i < 3; i++) {
    CHECK(t_wait(&e.loop, &r[i].done, 5000));
    CHECK_EQ_INT(r[i].status, 0);
  }
  CHECK_EQ_INT(stamps.requests, 3);
  CHECK_EQ_INT(stamps.bad, 0);
  CHECK(strstr(stamps.last, "\"mine\"") == NULL);
  CHECK(strstr(stamps.last, "\"the-token\"") != NULL);
  char want[64];
  snprintf(want, sizeof want, "\"handle_id\":%llu", (unsigned long long)januv_handle_id(e.h));
  CHECK(strstr(stamps.last, want) != NULL);
  CHECK(env_done(&e));
}

static void secrets_never_logged(void) {
  env e;
  januv_client_options o;
  januv_client_options_init(&o);
  o.api_secret = "S3cr3t-api";
  o.token = "T0ken-xyz";
  env_init(&e, NULL, &o);
  CHECK(open_handle(&e));
  rec r = {0};
  cJSON *body = cJSON_Parse("{\"request\":\"join\",\"pin\":\"P1n-777\",\"secret\":\"R00m-secret\"}");
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &r) == 0);
  cJSON_Delete(body);
  CHECK(t_wait(&e.loop, &r.done, 5000));
  CHECK(e.log.text != NULL);
  CHECK(strstr(e.log.text, "->") != NULL); /* frames were logged */
  CHECK(strstr(e.log.text, "\"apisecret\":\"***\"") != NULL);
  CHECK(strstr(e.log.text, "S3cr3t-api") == NULL);
  CHECK(strstr(e.log.text, "T0ken-xyz") == NULL);
  CHECK(strstr(e.log.text, "P1n-777") == NULL);
  CHECK(strstr(e.log.text, "R00m-secret") == NULL);
  CHECK(env_done(&e));
}

static void byte_at_a_time_replies(void) {
  env e;
  env_init(&e, NULL, NULL);
  mock_set_dribble(e.m, true);
  CHECK(open_handle(&e));
  rec r = {0};
  cJSON *body = body_audio_false();
  CHECK(januv_handle_message(e.h, body, NULL, on_reply, &r) == 0);
  cJSON_Delete(body);
  CHECK(t_wait(&e.loop, &r.done, 20000));
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_STR(r.result, "ok");
  CHECK(env_done(&e));
}

/* Frames: fragmented message with a ping between fragments, then a close from the server. */
static void fragmented_frames_and_server_close(void) {
  env e;
  env_init(&e, NULL, NULL);
  rec info = {0};
  CHECK(januv_client_ping(e.c, on_reply, &info) == 0);
  CHECK(t_wait(&e.loop, &info.done, 5000));
  /* {"janus":"timeout","session_id":1} split in 3 fragments (unmasked server frames) with a ping */
  const char *parts[] = {"{\"janus\":", "\"timeout\",", "\"session_id\":1}"};
  unsigned char frame[64];
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(parts[i]);
    frame[0] = (unsigned char)((i == 0 ? 0x1 : 0x0) | (i == 2 ? 0x80 : 0));
    frame[1] = (unsigned char)n;
    memcpy(frame + 2, parts[i], n);
    mock_send_raw(mock_last_conn(e.m), frame, n + 2);
    if (i == 0) {
      unsigned char ping[] = {0x89, 0x02, 'h', 'i'};
      mock_send_raw(mock_last_conn(e.m), ping, sizeof ping);
    }
  }
  rec ping2 = {0};
  CHECK(januv_client_ping(e.c, on_reply, &ping2) == 0);
  CHECK(t_wait(&e.loop, &ping2.done, 5000));
  CHECK_EQ_INT(ping2.status, 0);
  CHECK(strstr(e.log.text, "<- {\"janus\":\"timeout\",\"session_id\":1}") != NULL);
  /* Now the server closes: the client reports the loss with the close code. */
  mock_close(mock_last_conn(e.m), 1001);
  CHECK(t_wait_count(&e.loop, &e.state_counts[JANUV_CONN_FAILED], 1, 5000));
  CHECK(strstr(e.log.text, "1001") != NULL);
  CHECK(env_done(&e));
}

/* ---- teardown from inside callbacks ---- */

static void destroy_in_attach_cb(januv_handle *h, const januv_reply *r, void *data) {
  env *e = data;
  e->h = h;
  e->ready = true;
  /* destroy the session right inside the attach callback, and detach the handle too */
  januv_handle_detach(h, NULL, NULL);
  januv_session_destroy(januv_handle_session(h), NULL, NULL);
}

static void close_in_reply(const januv_reply *r, void *data) {
  env *e = data;
  e->ready = true;
  januv_client_close(e->c, on_client_closed, e);
  januv_client_close(e->c, on_client_closed, e); /* twice: refused */
}

static void teardown_inside_callbacks(void) {
  env e;
  env_init(&e, NULL, NULL);
  e.ready = false;
  CHECK(januv_session_create(e.c, &session_cbs, on_created, &e) == 0);
  CHECK(t_wait(&e.loop, &e.ready, 5000));
  e.ready = false;
  CHECK(januv_handle_attach(e.s, "janus.plugin.echotest", "opaque-1", &handle_cbs, destroy_in_attach_cb, &e) == 0);
  CHECK(t_wait(&e.loop, &e.ready, 5000));
  CHECK(t_wait_count(&e.loop, &e.session_closed, 1, 5000));
  CHECK_EQ_INT(e.handle_closed, 1);
  /* A second session with requests pending, the client closed from a reply callback. */
  e.s = NULL;
  e.ready = false;
  CHECK(januv_session_create(e.c, &session_cbs, on_created, &e) == 0);
  CHECK(t_wait(&e.loop, &e.ready, 5000));
  rec pending[3] = {{0}};
  mock_stop_reading(mock_last_conn(e.m));
  for (int i = 0; i < 3; i++) CHECK(januv_session_keepalive(e.s, on_reply, &pending[i]) == 0);
  e.ready = false;
  CHECK(januv_client_ping(e.c, close_in_reply, &e) == 0);
  /* the ping is never answered (mock stopped reading): cancel it to trigger the close */
  CHECK(januv_request_cancel(e.c, januv_client_last_request(e.c)) == 0);
  CHECK(t_wait(&e.loop, &e.closed, 5000));
  for (int i = 0; i < 3; i++) {
    CHECK_EQ_INT(pending[i].calls, 1);
    CHECK_EQ_INT(pending[i].status, JANUV_ECANCELED);
  }
  CHECK_EQ_INT(e.session_closed, 2);
  CHECK_EQ_INT(e.session_close_reason, JANUV_ECANCELED);
  mock_free(e.m);
  CHECK(t_loop_close(&e.loop, 5000));
  t_logbuf_free(&e.log);
}

/* Closing the client before it ever connected, with requests queued. */
static void close_before_connect(void) {
  env e;
  env_init(&e, NULL, NULL);
  rec r = {0};
  CHECK(januv_client_info(e.c, on_reply, &r) == 0);
  CHECK(januv_session_create(e.c, NULL, on_created, &e) == 0);
  CHECK(januv_client_close(e.c, on_client_closed, &e) == 0);
  CHECK(januv_client_info(e.c, on_reply, &r) == JANUV_ECLOSED);
  CHECK(t_wait(&e.loop, &e.closed, 5000));
  CHECK_EQ_INT(r.calls, 1);
  CHECK_EQ_INT(r.status, JANUV_ECANCELED);
  CHECK(e.ready && e.s == NULL);
  mock_free(e.m);
  CHECK(t_loop_close(&e.loop, 5000));
  t_logbuf_free(&e.log);
}

static void bad_arguments(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c = NULL;
  CHECK(januv_client_new(&loop, "ws://", NULL, &c) == JANUV_EBADURL);
  CHECK(januv_client_new(&loop, "ws://host:99999", NULL, &c) == JANUV_EBADURL);
  CHECK(januv_client_new(&loop, "gopher://host", NULL, &c) == JANUV_ENOTRANSPORT);
  CHECK(januv_client_new(&loop, NULL, NULL, &c) == JANUV_EINVAL);
  CHECK(januv_client_new(NULL, "ws://h", NULL, &c) == JANUV_EINVAL);
  CHECK(c == NULL);
  CHECK(t_loop_close(&loop, 1000));
  CHECK_EQ_STR(januv_err_name(JANUV_EJANUS), "JANUV_EJANUS");
  CHECK_EQ_STR(januv_err_name(UV_ECONNREFUSED), "ECONNREFUSED");
  CHECK(strlen(januv_strerror(JANUV_ETLS)) > 0);
  CHECK_EQ_STR(januv_conn_state_name(JANUV_CONN_RECONNECTED), "reconnected");
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--transport=http")) over_http = true;
  static const t_case cases[] = {
    T_CASE(info_and_ping), T_CASE(session_handle_cycle), T_CASE(message_without_callback),
    T_CASE(ack_then_event_matching), T_CASE(request_timeout_and_late_reply), T_CASE(cancel_and_set_timeout),
    T_CASE(unknown_and_duplicate_replies), T_CASE(janus_error_reply), T_CASE(malformed_json_fails_everything_once),
    T_CASE(connection_dropped_mid_request), T_CASE(connection_refused), T_CASE(handshake_faults),
    T_CASE(queued_while_connecting), T_CASE(handle_events_routed), T_CASE(handle_event_fields),
    T_CASE(session_timeout_event), T_CASE(keepalives_sent_and_458_loses_session),
    T_CASE(ping_timeout_is_connection_loss), T_CASE(secrets_never_logged), T_CASE(send_replaces_stamped_members),
    T_CASE(byte_at_a_time_replies),
    T_CASE(fragmented_frames_and_server_close), T_CASE(teardown_inside_callbacks), T_CASE(close_before_connect),
    T_CASE(bad_arguments),
  };
  return t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
