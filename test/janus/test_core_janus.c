/* The core against the real Janus, over the transport named by --transport=KIND (ws, http, ...). */
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "harness.h"
#include "janus_fixture.h"
#include "sync.h"

static const char *kind = "ws";
static jfx *janus;      /* session_timeout 3 s */
static jfx *secured;    /* api_secret set */

static const char *url_of(jfx *j) {
  const char *u = jfx_url(j, kind);
  if (!u) {
    fprintf(stderr, "transport %s not enabled on the test Janus\n", kind);
    exit(1);
  }
  return u;
}

static void info_and_ping(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), NULL, &c), JANUV_CONN_CONNECTED);
  t_reply info = {0}, ping = {0};
  CHECK(januv_client_info(c, t_reply_cb, &info) == 0);
  CHECK(januv_client_ping(c, t_reply_cb, &ping) == 0);
  CHECK(t_reply_wait(&loop, &info, 10000));
  CHECK(t_reply_wait(&loop, &ping, 10000));
  CHECK_EQ_INT(info.status, 0);
  CHECK_EQ_INT(ping.status, 0);
  CHECK_EQ_STR(cJSON_GetObjectItem(info.json, "janus")->valuestring, "server_info");
  CHECK_EQ_STR(cJSON_GetObjectItem(info.json, "name")->valuestring, "Janus WebRTC Server");
  CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(info.json, "plugins"), "janus.plugin.echotest") != NULL);
  CHECK_EQ_STR(cJSON_GetObjectItem(ping.json, "janus")->valuestring, "pong");
  t_reply_clear(&info);
  t_reply_clear(&ping);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

static void session_and_echotest_cycle(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), NULL, &c), JANUV_CONN_CONNECTED);
  t_objects objs = {0};
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, &objs, &r);
  CHECK(s != NULL);
  CHECK(januv_session_id(s) != 0);
  januv_handle *h = t_attach(&loop, s, "janus.plugin.echotest", &objs, &r);
  CHECK(h != NULL);
  CHECK(januv_handle_id(h) != 0);
  /* ack, then the async event with the same transaction */
  CHECK(t_message(&loop, h, "{\"audio\":false}", NULL, &r));
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(r.calls, 1);
  CHECK_EQ_STR(cJSON_GetObjectItem(r.json, "janus")->valuestring, "event");
  CHECK_EQ_STR(t_data_str(&r, "echotest"), "event");
  CHECK_EQ_STR(t_data_str(&r, "result"), "ok");
  CHECK_EQ_INT(objs.events[JANUV_EVENT_PLUGIN], 0);
  /* a plugin-level error still completes with status 0 and the plugin's error in data */
  CHECK(t_message(&loop, h, "{\"bitrate\":\"not a number\"}", NULL, &r));
  CHECK_EQ_INT(r.status, 0);
  CHECK(cJSON_GetObjectItem(r.data, "error_code") != NULL);
  /* a Janus-level error: trickle with a bogus candidate type */
  t_reply tr = {0};
  cJSON *bad = cJSON_CreateObject();
  cJSON_AddStringToObject(bad, "candidate", "x");
  CHECK(januv_handle_trickle(h, bad, t_reply_cb, &tr) == 0);
  cJSON_Delete(bad);
  CHECK(t_reply_wait(&loop, &tr, 10000));
  CHECK_EQ_INT(tr.calls, 1);
  t_reply_clear(&tr);
  CHECK(t_detach(&loop, h, &r));
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(objs.handle_closed, 1);
  CHECK_EQ_INT(objs.handle_reason, 0);
  CHECK(t_destroy(&loop, s, &r));
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(objs.session_closed, 1);
  CHECK_EQ_INT(objs.session_reason, 0);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

/* Requests on a session Janus no longer knows get Janus's 458. */
static void janus_errors_are_typed(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), NULL, &c), JANUV_CONN_CONNECTED);
  t_reply r = {0};
  januv_session *s = t_session_create(&loop, c, NULL, &r);
  CHECK(s != NULL);
  januv_handle *h = t_attach(&loop, s, "janus.plugin.nonexistent", NULL, &r);
  CHECK(h == NULL);
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 460); /* JANUS_ERROR_PLUGIN_NOT_FOUND */
  CHECK(r.reason[0] != '\0');
  t_reply_clear(&r);
  cJSON *req = cJSON_Parse("{\"janus\":\"nosuchverb\"}");
  CHECK(januv_session_send(s, req, t_reply_cb, &r) == 0);
  cJSON_Delete(req);
  CHECK(t_reply_wait(&loop, &r, 10000));
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 453); /* JANUS_ERROR_UNKNOWN_REQUEST */
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

/* session_timeout is 3 s: keepalives every second keep one session alive; a session without them
 * gets Janus's "timeout" event. */
static void keepalive_versus_timeout(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options keep, none;
  januv_client_options_init(&keep);
  januv_client_options_init(&none);
  keep.keepalive_interval_ms = 1000;
  none.keepalive_interval_ms = 0;
  januv_client *ck, *cn;
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), &keep, &ck), JANUV_CONN_CONNECTED);
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), &none, &cn), JANUV_CONN_CONNECTED);
  t_objects ok = {0}, dead = {0};
  t_reply r = {0};
  januv_session *sk = t_session_create(&loop, ck, &ok, &r);
  januv_session *sn = t_session_create(&loop, cn, &dead, &r);
  CHECK(sk && sn);
  uint64_t start = uv_now(&loop);
  CHECK(t_wait_count(&loop, &dead.session_closed, 1, 20000));
  CHECK_EQ_INT(dead.session_timeout, 1);
  CHECK_EQ_INT(dead.session_reason, JANUV_ETIMEDOUT);
  CHECK(uv_now(&loop) - start >= 2500);
  /* well past the timeout for the kept-alive one too */
  uint64_t elapsed = uv_now(&loop) - start;
  if (elapsed < 6000) t_run_for(&loop, (uint32_t)(6000 - elapsed));
  CHECK_EQ_INT(ok.session_closed, 0);
  januv_handle *h = t_attach(&loop, sk, "janus.plugin.echotest", NULL, &r);
  CHECK(h != NULL);
  CHECK(t_destroy(&loop, sk, &r));
  CHECK_EQ_INT(r.status, 0);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, ck));
  CHECK(t_client_close(&loop, cn));
  CHECK(t_loop_close(&loop, 5000));
}

static void api_secret_required(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options wrong, right;
  januv_client_options_init(&wrong);
  januv_client_options_init(&right);
  wrong.api_secret = "not-the-secret";
  right.api_secret = "januv-api-secret";
  januv_client *cw, *cn, *cr;
  CHECK_EQ_INT(t_client_open(&loop, url_of(secured), &wrong, &cw), JANUV_CONN_CONNECTED);
  CHECK_EQ_INT(t_client_open(&loop, url_of(secured), NULL, &cn), JANUV_CONN_CONNECTED);
  CHECK_EQ_INT(t_client_open(&loop, url_of(secured), &right, &cr), JANUV_CONN_CONNECTED);
  t_reply r = {0};
  CHECK(t_session_create(&loop, cw, NULL, &r) == NULL);
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 403); /* JANUS_ERROR_UNAUTHORIZED */
  CHECK(t_session_create(&loop, cn, NULL, &r) == NULL);
  CHECK_EQ_INT(r.janus_code, 403);
  januv_session *s = t_session_create(&loop, cr, NULL, &r);
  CHECK(s != NULL);
  CHECK(t_attach(&loop, s, "janus.plugin.echotest", NULL, &r) != NULL);
  CHECK(t_destroy(&loop, s, &r));
  CHECK_EQ_INT(r.status, 0);
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, cw));
  CHECK(t_client_close(&loop, cn));
  CHECK(t_client_close(&loop, cr));
  CHECK(t_loop_close(&loop, 5000));
}

/* Many sessions and messages in flight at once over one client. */
static void concurrent_sessions(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, url_of(janus), NULL, &c), JANUV_CONN_CONNECTED);
  enum { N = 20 };
  januv_session *s[N];
  januv_handle *h[N];
  t_reply r = {0};
  for (int i = 0; i < N; i++) {
    s[i] = t_session_create(&loop, c, NULL, &r);
    CHECK(s[i] != NULL);
    h[i] = t_attach(&loop, s[i], "janus.plugin.echotest", NULL, &r);
    CHECK(h[i] != NULL);
  }
  t_reply replies[N * 3];
  memset(replies, 0, sizeof replies);
  cJSON *body = cJSON_Parse("{\"audio\":false}");
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < N; i++) CHECK(januv_handle_message(h[i], body, NULL, t_reply_cb, &replies[k * N + i]) == 0);
  cJSON_Delete(body);
  for (int i = 0; i < N * 3; i++) {
    CHECK(t_reply_wait(&loop, &replies[i], 15000));
    CHECK_EQ_INT(replies[i].status, 0);
    CHECK_EQ_STR(t_data_str(&replies[i], "result"), "ok");
    t_reply_clear(&replies[i]);
  }
  CHECK_EQ_INT(januv_client_pending(c), 0);
  for (int i = 0; i < N; i++) CHECK(t_destroy(&loop, s[i], &r));
  t_reply_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(t_loop_close(&loop, 5000));
}

typedef struct tls_result {
  t_reply r;
  bool warned;
} tls_result;

static void warn_cb(januv_log_level level, const char *msg, void *data) {
  if (level == JANUV_LOG_WARN && strstr(msg, "verification is OFF")) ((tls_result *)data)->warned = true;
}

/* Pings the TLS Janus at url with these TLS options. */
static void tls_ping(const char *url, const char *ca, bool insecure, tls_result *res) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_client_options o;
  januv_client_options_init(&o);
  o.tls_ca_file = ca;
  o.tls_insecure_skip_verify = insecure;
  o.log_cb = warn_cb;
  o.log_data = res;
  januv_client *c;
  memset(res, 0, sizeof *res);
  if (januv_client_new(&loop, url, &o, &c) != 0) return;
  if (januv_client_ping(c, t_reply_cb, &res->r) == 0) t_reply_wait(&loop, &res->r, 10000);
  t_client_close(&loop, c);
  t_loop_close(&loop, 5000);
}

/* Certificate verification: the CA the test made is needed, and the name must match. */
static void tls_verification(void) {
  const char *url = url_of(janus);
  tls_result res;
  tls_ping(url, NULL, false, &res); /* the system store does not know our CA */
  CHECK_EQ_INT(res.r.status, JANUV_ETLS);
  if (!strstr(res.r.reason, "certificate verify failed")) t_failf(__FILE__, __LINE__, "reason: %s", res.r.reason);
  CHECK(strstr(res.r.reason, "unable to get local issuer certificate") != NULL);
  t_reply_clear(&res.r);

  char wrong[256]; /* the certificate names "localhost" only */
  const char *host = strstr(url, "localhost");
  CHECK(host != NULL);
  snprintf(wrong, sizeof wrong, "%.*s127.0.0.1%s", (int)(host - url), url, host + strlen("localhost"));
  tls_ping(wrong, t_tls_ca_file, false, &res);
  CHECK_EQ_INT(res.r.status, JANUV_ETLS);
  if (!strstr(res.r.reason, "mismatch")) t_failf(__FILE__, __LINE__, "reason: %s", res.r.reason);
  CHECK(strstr(res.r.reason, "mismatch") != NULL);
  t_reply_clear(&res.r);

  tls_ping(url, t_tls_ca_file, false, &res);
  CHECK_EQ_INT(res.r.status, 0);
  t_reply_clear(&res.r);

  tls_ping(wrong, NULL, true, &res); /* the loudly named opt-out accepts anything, and says so */
  CHECK_EQ_INT(res.r.status, 0);
  CHECK(res.warned);
  t_reply_clear(&res.r);

  tls_ping(url, "/nonexistent/ca.pem", false, &res); /* a CA file that cannot be read */
  CHECK_EQ_INT(res.r.status, JANUV_ETLS);
  t_reply_clear(&res.r);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "--transport=", 12)) kind = argv[i] + 12;
  bool tls = !strcmp(kind, "wss") || !strcmp(kind, "https");
  bool dgram = !strcmp(kind, "unix-dgram");
  if (dgram) kind = "unix"; /* the fixture's "unix" URL then says ?type=dgram */
  t_certs certs;
  if (tls) {
    char dir[512];
    const char *tmp = getenv("JANUV_TEST_TMPDIR");
    snprintf(dir, sizeof dir, "%s/certs-%s-%d", tmp ? tmp : "/tmp", kind, (int)getpid());
    if (t_make_certs(dir, &certs) != 0) return 1;
    t_tls_ca_file = certs.ca;
  }
  jfx_options o;
  jfx_options_init(&o);
  o.name = "core";
  o.session_timeout = 3;
  o.unix_dgram = dgram;
  if (tls) {
    o.cert_pem = certs.server_cert;
    o.cert_key = certs.server_key;
  }
  if (jfx_start(&o, &janus) != 0) return 1;
  jfx_options_init(&o);
  o.name = "core-secret";
  o.api_secret = "januv-api-secret";
  o.unix_dgram = dgram;
  if (tls) {
    o.cert_pem = certs.server_cert;
    o.cert_key = certs.server_key;
  }
  if (jfx_start(&o, &secured) != 0) {
    jfx_free(janus);
    return 1;
  }
  static const t_case cases[] = {
    T_CASE(info_and_ping), T_CASE(session_and_echotest_cycle), T_CASE(janus_errors_are_typed),
    T_CASE(keepalive_versus_timeout), T_CASE(api_secret_required), T_CASE(concurrent_sessions),
    T_CASE(tls_verification),
  };
  /* tls_verification only means something over TLS */
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0] - (tls ? 0 : 1));
  if (rc != 0) jfx_dump_log(janus, stderr, 4000);
  jfx_free(janus);
  jfx_free(secured);
  return rc;
}
