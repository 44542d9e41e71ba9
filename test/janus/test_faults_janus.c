/* Faults with the real Janus: the connection cut mid-traffic (through a TCP proxy), Janus stopped and
 * continued (SIGSTOP/SIGCONT), killed and restarted; reconnect and claim where Janus allows it
 * (reclaim_session_timeout is set). --transport=ws|unix|http picks the URL for the restart cases. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "janus_fixture.h"
#include "proxy.h"
#include "sync.h"

static const char *kind = "ws";
static jfx *janus;

typedef struct states {
  int n[8];
} states;

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  (void)c;
  (void)err;
  (void)detail;
  ((states *)data)->n[st]++;
}

static januv_client *open_client(uv_loop_t *loop, const char *url, januv_client_options *o, states *st) {
  o->state_cb = on_state;
  o->state_data = st;
  if (t_log_level() >= 0) {
    o->log_cb = t_log_cb;
    o->log_level = (januv_log_level)t_log_level();
  }
  januv_client *c = NULL;
  if (januv_client_new(loop, url, o, &c) != 0) return NULL;
  t_wait_count(loop, &st->n[JANUV_CONN_CONNECTED], 1, 10000);
  return c;
}

static bool echo_ok(uv_loop_t *loop, januv_handle *h) {
  t_reply r = {0};
  bool ok = t_message(loop, h, "{\"audio\":false}", NULL, &r) && r.status == 0 && !strcmp(t_data_str(&r, "result"), "ok");
  t_reply_clear(&r);
  return ok;
}

/* The connection is cut (proxy resets it): reconnect, claim, the session and handle carry on. */
static void claim_after_cut(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  const char *ws = jfx_url(janus, "ws");
  t_proxy *px = t_proxy_new(&loop, (uint16_t)atoi(strrchr(ws, ':') + 1));
  char url[64];
  snprintf(url, sizeof url, "ws://127.0.0.1:%u", (unsigned)t_proxy_port(px));
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = 10;
  o.reconnect_delay_ms = 50;
  states st = {0};
  januv_client *c = open_client(&loop, url, &o, &st);
  CHECK(c != NULL);
  t_objects objs = {0};
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, &objs, &r);
  CHECK(s != NULL);
  januv_handle *h = t_attach(&loop, s, "janus.plugin.echotest", &objs, &r);
  CHECK(h != NULL && echo_ok(&loop, h));
  t_proxy_cut(px);
  CHECK(t_wait_count(&loop, &st.n[JANUV_CONN_RECONNECTED], 1, 15000));
  CHECK_EQ_INT(st.n[JANUV_CONN_DISCONNECTED], 1);
  CHECK_EQ_INT(objs.session_lost + objs.session_closed + objs.handle_closed, 0);
  CHECK(echo_ok(&loop, h)); /* the same handle, claimed by the new connection */
  CHECK(t_proxy_accepted(px) == 2);
  CHECK(t_destroy(&loop, s, &r));
  CHECK_EQ_INT(r.status, 0);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  t_proxy_free(px);
  CHECK(t_loop_close(&loop, 5000));
}

/* Cut with many requests in flight: each completes exactly once, with its reply or ECONNRESET. */
static void cut_mid_traffic(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  const char *ws = jfx_url(janus, "ws");
  t_proxy *px = t_proxy_new(&loop, (uint16_t)atoi(strrchr(ws, ':') + 1));
  char url[64];
  snprintf(url, sizeof url, "ws://127.0.0.1:%u", (unsigned)t_proxy_port(px));
  januv_client_options o;
  januv_client_options_init(&o);
  states st = {0};
  januv_client *c = open_client(&loop, url, &o, &st);
  CHECK(c != NULL);
  t_objects objs = {0};
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, &objs, &r);
  CHECK(s != NULL);
  januv_handle *h = t_attach(&loop, s, "janus.plugin.echotest", &objs, &r);
  CHECK(h != NULL);
  enum { N = 60 };
  t_reply rs[N];
  memset(rs, 0, sizeof rs);
  cJSON *body = cJSON_Parse("{\"audio\":false}");
  for (int i = 0; i < N; i++) CHECK(januv_handle_message(h, body, NULL, t_reply_cb, &rs[i]) == 0);
  cJSON_Delete(body);
  t_proxy_cut(px);
  int done = 0, ok = 0, reset = 0;
  for (int i = 0; i < N; i++) {
    CHECK(t_reply_wait(&loop, &rs[i], 10000));
    CHECK_EQ_INT(rs[i].calls, 1);
    done++;
    ok += rs[i].status == 0;
    reset += rs[i].status == JANUV_ECONNRESET;
  }
  CHECK_EQ_INT(done, N);
  CHECK_EQ_INT(ok + reset, N);
  t_run_for(&loop, 100);
  for (int i = 0; i < N; i++) {
    CHECK_EQ_INT(rs[i].calls, 1);
    t_reply_clear(&rs[i]);
  }
  CHECK_EQ_INT(objs.session_lost, 1);
  CHECK_EQ_INT(objs.handle_closed, 1);
  CHECK_EQ_INT(januv_client_pending(c), 0);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  t_proxy_free(px);
  CHECK(t_loop_close(&loop, 5000));
}

/* Janus stopped: requests time out; continued: they work again, on the same connection. */
static void stop_and_continue(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options o;
  januv_client_options_init(&o);
  o.request_timeout_ms = 800;
  o.keepalive_interval_ms = 0;
  o.ws_ping_interval_ms = 0;
  states st = {0};
  januv_client *c = open_client(&loop, jfx_url(janus, kind), &o, &st);
  CHECK(c != NULL);
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, NULL, &r);
  CHECK(s != NULL);
  CHECK(jfx_signal(janus, SIGSTOP) == 0);
  t_reply ping = {0};
  CHECK(januv_client_ping(c, t_reply_cb, &ping) == 0);
  CHECK(t_reply_wait(&loop, &ping, 10000));
  int stopped_status = ping.status;
  CHECK(jfx_signal(janus, SIGCONT) == 0);
  CHECK_EQ_INT(stopped_status, JANUV_ETIMEDOUT);
  t_reply_clear(&ping);
  CHECK(januv_client_ping(c, t_reply_cb, &ping) == 0);
  CHECK(t_reply_wait(&loop, &ping, 10000));
  CHECK_EQ_INT(ping.status, 0);
  CHECK(t_attach(&loop, s, "janus.plugin.echotest", NULL, &r) != NULL);
  t_reply_clear(&ping);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

/* Janus stopped long enough for keepalives to go unanswered: the connection counts as lost, attempts
 * time out while Janus is stopped, and once it continues the client reconnects and claims. */
static void stop_liveness_reconnect(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options o;
  januv_client_options_init(&o);
  o.request_timeout_ms = 500;
  o.keepalive_interval_ms = 200;
  o.connect_timeout_ms = 700;
  o.reconnect_max_retries = -1;
  o.reconnect_delay_ms = 50;
  o.reconnect_max_delay_ms = 200;
  states st = {0};
  januv_client *c = open_client(&loop, jfx_url(janus, kind), &o, &st);
  CHECK(c != NULL);
  t_objects objs = {0};
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, &objs, &r);
  CHECK(s != NULL);
  januv_handle *h = t_attach(&loop, s, "janus.plugin.echotest", &objs, &r);
  CHECK(h != NULL);
  CHECK(jfx_signal(janus, SIGSTOP) == 0);
  bool lost = t_wait_count(&loop, &st.n[JANUV_CONN_DISCONNECTED], 1, 10000);
  bool retried = t_wait_count(&loop, &st.n[JANUV_CONN_RECONNECTING], 2, 10000);
  CHECK(jfx_signal(janus, SIGCONT) == 0);
  CHECK(lost && retried);
  CHECK(t_wait_count(&loop, &st.n[JANUV_CONN_RECONNECTED], 1, 15000));
  CHECK_EQ_INT(objs.session_lost + objs.session_closed, 0);
  CHECK(echo_ok(&loop, h));
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

/* Janus killed and restarted: the sessions are gone (the claim fails, or the long-poll finds them gone),
 * they are reported lost, and new sessions work. */
static void restart_loses_sessions(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options o;
  januv_client_options_init(&o);
  o.reconnect_max_retries = -1;
  o.reconnect_delay_ms = 50;
  o.reconnect_max_delay_ms = 400;
  o.http_retry_delay_ms = 50;
  o.http_retry_max_ms = 400;
  states st = {0};
  januv_client *c = open_client(&loop, jfx_url(janus, kind), &o, &st);
  CHECK(c != NULL);
  t_objects objs = {0};
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, &objs, &r);
  CHECK(s != NULL);
  CHECK(t_attach(&loop, s, "janus.plugin.echotest", &objs, &r) != NULL);
  CHECK(jfx_restart(janus) == 0);
  CHECK(t_wait_count(&loop, &objs.session_closed, 1, 20000));
  CHECK_EQ_INT(objs.session_lost, 1);
  CHECK_EQ_INT(objs.session_reason, JANUV_ESESSIONLOST);
  CHECK_EQ_INT(objs.handle_closed, 1);
  if (strcmp(kind, "http") != 0) CHECK(t_wait_count(&loop, &st.n[JANUV_CONN_RECONNECTED], 1, 20000));
  januv_session *s2 = t_session_create(&loop, c, NULL, &r);
  CHECK(s2 != NULL);
  januv_handle *h2 = t_attach(&loop, s2, "janus.plugin.echotest", NULL, &r);
  CHECK(h2 != NULL && echo_ok(&loop, h2));
  CHECK(t_destroy(&loop, s2, &r));
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "--transport=", 12)) kind = argv[i] + 12;
  jfx_options o;
  jfx_options_init(&o);
  o.name = "faults";
  o.reclaim_session_timeout = 20;
  if (jfx_start(&o, &janus) != 0) return 1;
  static const t_case cases[] = {
    T_CASE(claim_after_cut), T_CASE(cut_mid_traffic), T_CASE(stop_and_continue),
    T_CASE(stop_liveness_reconnect), T_CASE(restart_loses_sessions),
  };
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (rc != 0) jfx_dump_log(janus, stderr, 4000);
  jfx_free(janus);
  return rc;
}
