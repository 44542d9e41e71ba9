/* Reconnect with session claim against the mock: states, exactly-once completion of requests in
 * flight, the bounded queue, claims (and their failure), backoff with jitter, giving up, liveness. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mock.h"
#include "sync.h"

typedef struct env {
  uv_loop_t loop;
  mock *m;
  januv_client *c;
  int states[8];
  januv_conn_state last;
  char order[1024]; /* verbs as the mock saw them */
  int claim_fail;   /* answer claims of this many sessions with 458 */
  bool ignore_keepalive;
  t_logbuf log;
} env;

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  env *e = data;
  (void)c;
  (void)err;
  (void)detail;
  e->states[st]++;
  e->last = st;
}

static void handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  env *e = data;
  const char *verb = cJSON_GetObjectItem(req, "janus")->valuestring;
  size_t n = strlen(e->order);
  snprintf(e->order + n, sizeof e->order - n, "%s ", verb);
  if (!strcmp(verb, "claim") && e->claim_fail > 0) {
    e->claim_fail--;
    mock_send(c, mock_error_to(req, 458, "No such session"));
    return;
  }
  if (!strcmp(verb, "keepalive") && e->ignore_keepalive) return;
  mock_default(m, c, req);
}

static void env_init(env *e, januv_client_options *o) {
  memset(e, 0, sizeof *e);
  uv_loop_init(&e->loop);
  e->m = mock_new(&e->loop, handler, e);
  januv_client_options d;
  if (!o) {
    januv_client_options_init(&d);
    d.reconnect_max_retries = 5;
    d.reconnect_delay_ms = 10;
    o = &d;
  }
  o->state_cb = on_state;
  o->state_data = e;
  o->log_cb = t_logbuf_cb;
  o->log_data = &e->log;
  o->log_level = JANUV_LOG_INFO;
  if (januv_client_new(&e->loop, mock_url(e->m), o, &e->c) != 0) abort();
  t_wait_count(&e->loop, &e->states[JANUV_CONN_CONNECTED], 1, 5000);
}

static bool env_done(env *e) {
  bool ok = t_client_close(&e->loop, e->c);
  mock_free(e->m);
  ok = t_loop_close(&e->loop, 5000) && ok;
  t_logbuf_free(&e->log);
  return ok;
}

static void drop(env *e) { mock_drop(mock_last_conn(e->m)); }

static void reconnect_claims_sessions(void) {
  env e;
  env_init(&e, NULL);
  t_objects o1 = {0}, o2 = {0};
  t_reply r = {0};
  januv_session *s1 = t_session_create(&e.loop, e.c, &o1, &r);
  januv_session *s2 = t_session_create(&e.loop, e.c, &o2, &r);
  CHECK(s1 && s2);
  januv_handle *h = t_attach(&e.loop, s1, "janus.plugin.echotest", &o1, &r);
  CHECK(h != NULL);
  /* a message in flight when the connection drops: ECONNRESET, exactly once */
  t_reply inflight = {0};
  mock_stop_reading(mock_last_conn(e.m));
  cJSON *body = cJSON_Parse("{\"audio\":false}");
  CHECK(januv_handle_message(h, body, NULL, t_reply_cb, &inflight) == 0);
  t_run_for(&e.loop, 20);
  e.order[0] = '\0';
  drop(&e);
  CHECK(t_reply_wait(&e.loop, &inflight, 5000));
  CHECK_EQ_INT(inflight.status, JANUV_ECONNRESET);
  CHECK_EQ_INT(e.states[JANUV_CONN_DISCONNECTED], 1);
  /* a request made while reconnecting waits, and goes out after the claims */
  t_reply queued = {0};
  CHECK(januv_handle_message(h, body, NULL, t_reply_cb, &queued) == 0);
  cJSON_Delete(body);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTED], 1, 5000));
  CHECK(e.states[JANUV_CONN_RECONNECTING] >= 1);
  CHECK(t_reply_wait(&e.loop, &queued, 5000));
  CHECK_EQ_INT(queued.status, 0);
  CHECK_EQ_STR(t_data_str(&queued, "result"), "ok");
  CHECK(strncmp(e.order, "claim claim message", 19) == 0);
  CHECK_EQ_INT(inflight.calls, 1);
  CHECK_EQ_INT(januv_client_state(e.c), JANUV_CONN_CONNECTED);
  /* handles and their callbacks survive: an event pushed on the new connection arrives */
  char ev[256];
  snprintf(ev, sizeof ev,
           "{\"janus\":\"event\",\"session_id\":%llu,\"sender\":%llu,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
           (unsigned long long)januv_session_id(s1), (unsigned long long)januv_handle_id(h));
  mock_send_text(mock_last_conn(e.m), ev, strlen(ev));
  CHECK(t_wait_count(&e.loop, &o1.events[JANUV_EVENT_PLUGIN], 1, 5000));
  CHECK_EQ_INT(o1.session_closed + o2.session_closed, 0);
  t_reply_clear(&inflight);
  t_reply_clear(&queued);
  t_reply_clear(&r);
  cJSON_Delete(o1.last_event);
  CHECK(env_done(&e));
}

static void failed_claim_loses_that_session(void) {
  env e;
  env_init(&e, NULL);
  t_objects o1 = {0}, o2 = {0};
  t_reply r = {0};
  CHECK(t_session_create(&e.loop, e.c, &o1, &r) != NULL);
  CHECK(t_session_create(&e.loop, e.c, &o2, &r) != NULL);
  e.claim_fail = 1;
  drop(&e);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTED], 1, 5000));
  CHECK_EQ_INT(o1.session_lost + o2.session_lost, 1);
  CHECK_EQ_INT(o1.session_closed + o2.session_closed, 1);
  CHECK(o1.session_reason == JANUV_ESESSIONLOST || o2.session_reason == JANUV_ESESSIONLOST);
  t_reply_clear(&r);
  CHECK(env_done(&e));
}

static void queue_is_bounded(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = 3;
  o.reconnect_delay_ms = 200;
  o.reconnect_queue_size = 2;
  env e;
  env_init(&e, &o);
  drop(&e);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTING], 1, 5000));
  t_reply a = {0}, b = {0}, c = {0};
  CHECK(januv_client_ping(e.c, t_reply_cb, &a) == 0);
  CHECK(januv_client_ping(e.c, t_reply_cb, &b) == 0);
  CHECK_EQ_INT(januv_client_ping(e.c, t_reply_cb, &c), JANUV_EQUEUEFULL);
  CHECK(t_reply_wait(&e.loop, &b, 5000));
  CHECK_EQ_INT(a.status, 0);
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_INT(c.calls, 0);
  t_reply_clear(&a);
  t_reply_clear(&b);
  CHECK(env_done(&e));

  o.reconnect_queue_size = 0; /* fail at once */
  env_init(&e, &o);
  drop(&e);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTING], 1, 5000));
  CHECK_EQ_INT(januv_client_ping(e.c, t_reply_cb, &c), JANUV_EQUEUEFULL);
  CHECK(env_done(&e));
}

/* The server is gone for good: attempts back off (doubling, capped, with jitter), then FAILED. */
static void gives_up_after_max_retries(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = 4;
  o.reconnect_delay_ms = 20;
  o.reconnect_max_delay_ms = 60;
  env e;
  env_init(&e, &o);
  t_objects objs = {0};
  t_reply r = {0};
  CHECK(t_session_create(&e.loop, e.c, &objs, &r) != NULL);
  uint16_t port = mock_port(e.m);
  mock_free(e.m); /* closes the listener and the connection */
  t_reply queued = {0};
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTING], 1, 5000));
  CHECK(januv_client_ping(e.c, t_reply_cb, &queued) == 0);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_FAILED], 1, 10000));
  CHECK_EQ_INT(e.states[JANUV_CONN_RECONNECTING], 4);
  CHECK(t_reply_wait(&e.loop, &queued, 1000));
  CHECK_EQ_INT(queued.status, UV_ECONNREFUSED);
  CHECK_EQ_INT(objs.session_lost, 1);
  CHECK_EQ_INT(objs.session_closed, 1);
  /* delays: attempt n waits in [d/2, d] with d = 20, 40, 60, 60 */
  const unsigned caps[] = {20, 40, 60, 60};
  const char *p = e.log.text;
  for (int i = 0; i < 4; i++) {
    char key[32];
    snprintf(key, sizeof key, "attempt %d in ", i + 1);
    p = strstr(p, key);
    CHECK(p != NULL);
    unsigned ms = (unsigned)strtoul(p + strlen(key), NULL, 10);
    if (ms < caps[i] / 2 || ms > caps[i]) t_failf(__FILE__, __LINE__, "attempt %d waited %u ms", i + 1, ms);
  }
  (void)port;
  CHECK_EQ_INT(januv_client_ping(e.c, t_reply_cb, &queued), UV_ECONNREFUSED);
  t_reply_clear(&r);
  t_reply_clear(&queued);
  CHECK(t_client_close(&e.loop, e.c));
  CHECK(t_loop_close(&e.loop, 5000));
  t_logbuf_free(&e.log);
}

/* A keepalive not answered in time is a lost connection: reconnect and claim. */
static void unanswered_keepalive_reconnects(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = 3;
  o.reconnect_delay_ms = 10;
  o.keepalive_interval_ms = 50;
  o.request_timeout_ms = 150;
  env e;
  env_init(&e, &o);
  t_objects objs = {0};
  t_reply r = {0};
  CHECK(t_session_create(&e.loop, e.c, &objs, &r) != NULL);
  e.ignore_keepalive = true;
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_DISCONNECTED], 1, 5000));
  e.ignore_keepalive = false;
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTED], 1, 5000));
  CHECK(strstr(e.log.text, "not answered in time") != NULL);
  CHECK(mock_count(e.m, "claim") >= 1);
  CHECK_EQ_INT(objs.session_closed, 0);
  CHECK(mock_accepted(e.m) >= 2);
  t_reply_clear(&r);
  CHECK(env_done(&e));
}

/* Without reconnect (the default), a loss is final. */
static void default_is_no_reconnect(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  env e;
  env_init(&e, &o);
  t_objects objs = {0};
  t_reply r = {0};
  CHECK(t_session_create(&e.loop, e.c, &objs, &r) != NULL);
  drop(&e);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_FAILED], 1, 5000));
  CHECK_EQ_INT(e.states[JANUV_CONN_RECONNECTING], 0);
  CHECK_EQ_INT(objs.session_lost, 1);
  CHECK_EQ_INT(mock_accepted(e.m), 1);
  t_reply_clear(&r);
  CHECK(env_done(&e));
}

/* Closing the client while it waits to reconnect completes everything once. */
static void close_while_reconnecting(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = -1;
  o.reconnect_delay_ms = 10000;
  env e;
  env_init(&e, &o);
  t_objects objs = {0};
  t_reply r = {0};
  CHECK(t_session_create(&e.loop, e.c, &objs, &r) != NULL);
  drop(&e);
  CHECK(t_wait_count(&e.loop, &e.states[JANUV_CONN_RECONNECTING], 1, 5000));
  t_reply queued = {0};
  CHECK(januv_client_ping(e.c, t_reply_cb, &queued) == 0);
  CHECK(t_client_close(&e.loop, e.c));
  CHECK_EQ_INT(queued.calls, 1);
  CHECK_EQ_INT(queued.status, JANUV_ECANCELED);
  CHECK_EQ_INT(objs.session_closed, 1);
  CHECK_EQ_INT(objs.session_reason, JANUV_ECANCELED);
  mock_free(e.m);
  CHECK(t_loop_close(&e.loop, 5000));
  t_reply_clear(&r);
  t_reply_clear(&queued);
  t_logbuf_free(&e.log);
}

T_MAIN(T_CASE(reconnect_claims_sessions), T_CASE(failed_claim_loses_that_session), T_CASE(queue_is_bounded),
       T_CASE(gives_up_after_max_retries), T_CASE(unanswered_keepalive_reconnects), T_CASE(default_is_no_reconnect),
       T_CASE(close_while_reconnecting))
