/* The HTTP transport against the mock: long-poll keepalives, batches, 404, 500 with backoff, stalled
 * and failed POSTs, malformed and unmatched answers, chunked bodies, closing connections, secrets in
 * the poll's query string, and a destroy that does not wait for the poll. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certs.h"
#include "harness.h"
#include "mock.h"
#include "sync.h"

typedef struct env {
  uv_loop_t loop;
  mock *m;
  januv_client *c;
  januv_session *s;
  januv_handle *h;
  t_objects objs;
  t_logbuf log;
} env;

static void env_init_with(env *e, januv_client_options *o, mock_handler handler) {
  memset(e, 0, sizeof *e);
  uv_loop_init(&e->loop);
  e->m = mock_new(&e->loop, handler, NULL);
  januv_client_options defaults;
  if (!o) {
    januv_client_options_init(&defaults);
    o = &defaults;
  }
  o->log_cb = t_logbuf_cb;
  o->log_data = &e->log;
  o->log_level = JANUV_LOG_DEBUG;
  if (t_client_open(&e->loop, mock_http_url(e->m), o, &e->c) != JANUV_CONN_CONNECTED) abort();
}

static void env_init(env *e, januv_client_options *o) { env_init_with(e, o, NULL); }

/* A session with a handle, once its first long-poll reached the mock. */
static bool env_handle(env *e) {
  t_reply r = {0};
  e->s = t_session_create(&e->loop, e->c, &e->objs, &r);
  if (e->s) e->h = t_attach(&e->loop, e->s, "janus.plugin.echotest", &e->objs, &r);
  t_reply_clear(&r);
  for (int i = 0; i < 500 && e->h && mock_http_polls_open(e->m) == 0; i++) t_run_for(&e->loop, 10);
  return e->h != NULL && mock_http_polls_open(e->m) > 0;
}

static bool env_done(env *e) {
  bool ok = t_client_close(&e->loop, e->c);
  mock_free(e->m);
  ok = t_loop_close(&e->loop, 5000) && ok;
  cJSON_Delete(e->objs.last_event);
  t_logbuf_free(&e->log);
  return ok;
}

static cJSON *plugin_event(uint64_t sid, uint64_t hid, int n) {
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "janus", "event");
  cJSON_AddNumberToObject(ev, "session_id", (double)sid);
  cJSON_AddNumberToObject(ev, "sender", (double)hid);
  cJSON *pd = cJSON_AddObjectToObject(ev, "plugindata");
  cJSON_AddStringToObject(pd, "plugin", "janus.plugin.echotest");
  cJSON_AddNumberToObject(cJSON_AddObjectToObject(pd, "data"), "n", n);
  return ev;
}

static void poll_keepalives(void) {
  env e;
  env_init(&e, NULL);
  mock_http_poll_timeout(e.m, 50);
  CHECK(env_handle(&e));
  int answered = 0;
  while (mock_http_polls_answered(e.m) < 4 && answered++ < 200) t_run_for(&e.loop, 20);
  CHECK(mock_http_polls_answered(e.m) >= 4);
  CHECK_EQ_INT(e.objs.session_closed, 0);
  CHECK_EQ_INT(e.objs.events[JANUV_EVENT_PLUGIN], 0);
  CHECK(strstr(e.log.text, "<- [{\"janus\":\"keepalive\"}]") != NULL);
  /* events still arrive on the next poll */
  mock_push_event(e.m, januv_session_id(e.s), plugin_event(januv_session_id(e.s), januv_handle_id(e.h), 1));
  CHECK(t_wait_count(&e.loop, &e.objs.events[JANUV_EVENT_PLUGIN], 1, 5000));
  CHECK(env_done(&e));
}

static void poll_batches_in_order(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.http_maxev = 10;
  env e;
  env_init(&e, &o);
  CHECK(env_handle(&e));
  CHECK(strstr(mock_http_last_poll(e.m), "maxev=10") != NULL);
  mock_http_pause_polls(e.m, true);
  uint64_t sid = januv_session_id(e.s), hid = januv_handle_id(e.h);
  for (int i = 1; i <= 7; i++) mock_push_event(e.m, sid, plugin_event(sid, hid, i));
  int before = mock_http_polls_answered(e.m);
  mock_http_pause_polls(e.m, false);
  CHECK(t_wait_count(&e.loop, &e.objs.events[JANUV_EVENT_PLUGIN], 7, 5000));
  CHECK_EQ_INT(mock_http_polls_answered(e.m) - before, 1); /* one answer, an array of seven */
  const cJSON *n = cJSON_GetObjectItem(
    cJSON_GetObjectItem(cJSON_GetObjectItem(e.objs.last_event, "plugindata"), "data"), "n");
  CHECK_EQ_INT(n ? n->valueint : -1, 7);
  CHECK(env_done(&e));
}

static void poll_404_loses_session(void) {
  env e;
  env_init(&e, NULL);
  CHECK(env_handle(&e));
  t_reply pending = {0};
  mock_http_poll_status(e.m, 404);
  /* the held poll is answered by a keepalive on timeout; make it come back now */
  mock_push_event(e.m, januv_session_id(e.s), plugin_event(januv_session_id(e.s), januv_handle_id(e.h), 1));
  CHECK(t_wait_count(&e.loop, &e.objs.session_closed, 1, 10000));
  CHECK_EQ_INT(e.objs.session_lost, 1);
  CHECK_EQ_INT(e.objs.session_reason, JANUV_ESESSIONLOST);
  CHECK_EQ_INT(e.objs.handle_closed, 1);
  CHECK(strstr(e.log.text, "HTTP 404") != NULL);
  int polls = mock_count(e.m, NULL);
  t_run_for(&e.loop, 200);
  CHECK_EQ_INT(mock_count(e.m, NULL), polls);
  CHECK_EQ_INT(mock_http_polls_open(e.m), 0); /* no more polling for a lost session */
  t_reply_clear(&pending);
  CHECK(env_done(&e));
}

static void poll_500_retries_with_backoff(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.http_retry_delay_ms = 20;
  o.http_retry_max_ms = 80;
  env e;
  env_init(&e, &o);
  CHECK(env_handle(&e));
  mock_http_poll_status(e.m, 500);
  mock_push_event(e.m, januv_session_id(e.s), plugin_event(januv_session_id(e.s), januv_handle_id(e.h), 1));
  int tries = 0;
  while (tries++ < 100 && !strstr(e.log.text ? e.log.text : "", "again in 80 ms")) t_run_for(&e.loop, 20);
  CHECK(strstr(e.log.text, "HTTP 500): again in 20 ms") != NULL);
  CHECK(strstr(e.log.text, "again in 40 ms") != NULL);
  CHECK(strstr(e.log.text, "again in 80 ms") != NULL); /* doubled, then capped */
  CHECK(strstr(e.log.text, "again in 160 ms") == NULL);
  mock_http_poll_status(e.m, 0);
  CHECK(t_wait_count(&e.loop, &e.objs.events[JANUV_EVENT_PLUGIN], 1, 5000));
  CHECK_EQ_INT(e.objs.session_closed, 0);
  CHECK(env_done(&e));
}

static void stall_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItem(req, "janus");
  if (!strcmp(v->valuestring, "info")) return; /* never answered */
  mock_default(m, c, req);
}

static void stalled_post_times_out(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.request_timeout_ms = 200;
  env e;
  env_init_with(&e, &o, stall_handler);
  t_reply info = {0}, ping = {0};
  CHECK(januv_client_info(e.c, t_reply_cb, &info) == 0);
  CHECK(t_reply_wait(&e.loop, &info, 5000));
  CHECK_EQ_INT(info.status, JANUV_ETIMEDOUT);
  CHECK(januv_client_ping(e.c, t_reply_cb, &ping) == 0); /* on another pool connection */
  CHECK(t_reply_wait(&e.loop, &ping, 5000));
  CHECK_EQ_INT(ping.status, 0);
  t_reply_clear(&info);
  t_reply_clear(&ping);
  CHECK(env_done(&e));
}

static void post_errors(void) {
  env e;
  env_init(&e, NULL);
  t_reply r = {0};
  mock_http_fail_posts(e.m, 500, 1);
  CHECK(januv_client_ping(e.c, t_reply_cb, &r) == 0);
  CHECK(t_reply_wait(&e.loop, &r, 5000));
  CHECK_EQ_INT(r.status, JANUV_EHTTP);
  CHECK(strstr(r.reason, "HTTP 500") != NULL);
  t_reply_clear(&r);
  CHECK(januv_client_ping(e.c, t_reply_cb, &r) == 0);
  CHECK(t_reply_wait(&e.loop, &r, 5000));
  CHECK_EQ_INT(r.status, 0);
  t_reply_clear(&r);
  CHECK(env_done(&e));
}

static void bad_answer_handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  const cJSON *v = cJSON_GetObjectItem(req, "janus");
  if (!strcmp(v->valuestring, "info")) {
    mock_send_text(c, "{\"janus\":\"server_info\",", 23); /* malformed */
  } else if (!strcmp(v->valuestring, "ping")) {
    mock_send_text(c, "{\"janus\":\"pong\",\"transaction\":\"nope\"}", 37); /* not this request's */
  } else {
    mock_default(m, c, req);
  }
}

static void malformed_or_unmatched_answer_fails_only_that_request(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  mock *m = mock_new(&loop, bad_answer_handler, NULL);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, mock_http_url(m), NULL, &c), JANUV_CONN_CONNECTED);
  t_reply info = {0}, ping = {0}, ok = {0};
  CHECK(januv_client_info(c, t_reply_cb, &info) == 0);
  CHECK(januv_client_ping(c, t_reply_cb, &ping) == 0);
  CHECK(t_reply_wait(&loop, &info, 5000));
  CHECK(t_reply_wait(&loop, &ping, 5000));
  CHECK_EQ_INT(info.status, JANUV_EPROTO);
  CHECK(strstr(info.reason, "malformed") != NULL);
  CHECK_EQ_INT(ping.status, JANUV_EPROTO);
  CHECK(strstr(ping.reason, "does not match") != NULL);
  CHECK_EQ_INT(januv_client_state(c), JANUV_CONN_CONNECTED); /* nothing else was harmed */
  januv_session *s = t_session_create(&loop, c, NULL, &ok);
  CHECK(s != NULL);
  CHECK(t_destroy(&loop, s, &ok));
  CHECK_EQ_INT(ok.status, 0);
  t_reply_clear(&info);
  t_reply_clear(&ping);
  t_reply_clear(&ok);
  CHECK(t_client_close(&loop, c));
  mock_free(m);
  CHECK(t_loop_close(&loop, 5000));
}

/* Chunked bodies (with an extension and a trailer), and a server that closes after every answer: the
 * pool reconnects as needed. */
static void chunked_and_connection_close(void) {
  env e;
  env_init(&e, NULL);
  mock_http_chunked(e.m, true);
  mock_http_close_after(e.m, true);
  CHECK(env_handle(&e));
  for (int i = 0; i < 10; i++) {
    t_reply r = {0};
    CHECK(t_message(&e.loop, e.h, "{\"audio\":false}", NULL, &r));
    CHECK_EQ_INT(r.status, 0);
    CHECK_EQ_STR(t_data_str(&r, "result"), "ok");
    t_reply_clear(&r);
  }
  CHECK(mock_accepted(e.m) > 10); /* a connection per answer */
  CHECK(env_done(&e));
}

/* Sequential requests reuse keep-alive connections: no more than the pool size plus one poll. */
static void keep_alive_reuse(void) {
  env e;
  env_init(&e, NULL);
  CHECK(env_handle(&e));
  for (int i = 0; i < 30; i++) {
    t_reply r = {0};
    CHECK(t_message(&e.loop, e.h, "{\"audio\":false}", NULL, &r));
    CHECK_EQ_INT(r.status, 0);
    t_reply_clear(&r);
  }
  CHECK(mock_accepted(e.m) <= 4 + 1);
  CHECK(env_done(&e));
}

static void secrets_in_poll_query(void) {
  januv_client_options o;
  januv_client_options_init(&o);
  o.api_secret = "s3cr&t =x";
  o.token = "t0k/en";
  env e;
  env_init(&e, &o);
  CHECK(env_handle(&e));
  const char *q = mock_http_last_poll(e.m);
  CHECK(strstr(q, "apisecret=s3cr%26t%20%3Dx") != NULL);
  CHECK(strstr(q, "token=t0k%2Fen") != NULL);
  CHECK(strstr(e.log.text, "s3cr") == NULL);
  CHECK(strstr(e.log.text, "t0k") == NULL);
  CHECK(env_done(&e));
}

static void destroy_does_not_wait_for_poll(void) {
  env e;
  env_init(&e, NULL);
  mock_http_poll_timeout(e.m, 60000);
  CHECK(env_handle(&e));
  CHECK_EQ_INT(mock_http_polls_open(e.m), 1);
  uint64_t start = uv_now(&e.loop);
  t_reply r = {0};
  CHECK(t_destroy(&e.loop, e.s, &r));
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(e.objs.session_closed, 1);
  /* had it waited for the poll, this would be a minute */
  CHECK(uv_now(&e.loop) - start < 30000);
  int tries = 0;
  while (mock_http_polls_open(e.m) > 0 && tries++ < 100) t_run_for(&e.loop, 10);
  CHECK_EQ_INT(mock_http_polls_open(e.m), 0);
  t_reply_clear(&r);
  CHECK(env_done(&e));
}

static void refused(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, "http://127.0.0.1:1/janus", NULL, &c), JANUV_CONN_CONNECTED);
  t_reply r = {0};
  CHECK(januv_client_ping(c, t_reply_cb, &r) == 0);
  CHECK(t_reply_wait(&loop, &r, 5000));
  CHECK_EQ_INT(r.status, UV_ECONNREFUSED);
  CHECK_EQ_INT(r.calls, 1);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

/* HTTPS opens a connection per session for its long-poll: after the first, each one resumes the TLS
 * session the server issued (the log says which handshake each connection did). */
static void tls_sessions_resumed(void) {
  char dir[600];
  const char *tmp = getenv("JANUV_TEST_TMPDIR");
  snprintf(dir, sizeof dir, "%s/http-mock-certs-%ld", tmp ? tmp : "/tmp", (long)getpid());
  t_certs certs;
  CHECK_EQ_INT(t_make_certs(dir, &certs), 0);
  env e;
  memset(&e, 0, sizeof e);
  uv_loop_init(&e.loop);
  e.m = mock_new_tls(&e.loop, NULL, NULL, certs.server_cert, certs.server_key);
  januv_client_options o;
  januv_client_options_init(&o);
  o.tls_ca_file = certs.ca;
  o.log_cb = t_logbuf_cb;
  o.log_data = &e.log;
  o.log_level = JANUV_LOG_DEBUG;
  CHECK_EQ_INT(t_client_open(&e.loop, mock_http_url(e.m), &o, &e.c), JANUV_CONN_CONNECTED);
  t_reply r = {0};
  januv_session *s[3];
  for (int i = 0; i < 3; i++) {
    s[i] = t_session_create(&e.loop, e.c, &e.objs, &r);
    CHECK(s[i] != NULL);
    for (int k = 0; k < 500 && mock_http_polls_open(e.m) < i + 1; k++) t_run_for(&e.loop, 10);
    CHECK_EQ_INT(mock_http_polls_open(e.m), i + 1);
  }
  t_reply_clear(&r);
  CHECK(strstr(e.log.text, "request connection: TLSv1.3, full handshake") != NULL);
  const char *p = e.log.text;
  int resumed = 0;
  while ((p = strstr(p, "long-poll connection: TLSv1.3, resumed handshake")) != NULL) {
    resumed++;
    p++;
  }
  CHECK(resumed >= 2);
  CHECK(env_done(&e));
  unlink(certs.ca);
  unlink(certs.server_cert);
  unlink(certs.server_key);
  rmdir(dir);
}

T_MAIN(T_CASE(poll_keepalives), T_CASE(poll_batches_in_order), T_CASE(poll_404_loses_session),
       T_CASE(poll_500_retries_with_backoff), T_CASE(stalled_post_times_out), T_CASE(post_errors),
       T_CASE(malformed_or_unmatched_answer_fails_only_that_request), T_CASE(chunked_and_connection_close),
       T_CASE(keep_alive_reuse), T_CASE(secrets_in_poll_query), T_CASE(destroy_does_not_wait_for_poll),
       T_CASE(refused), T_CASE(tls_sessions_resumed))
