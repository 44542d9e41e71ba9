/*
 * Faults against the mock server, over the transport named by --transport=ws|wss|http|https|unix:
 * connection refused, resets (during the handshake, with requests in flight), a half-open server,
 * byte-at-a-time replies, a 10 MB message and the message size limit, invalid UTF-8, JSON nested
 * 10 000 deep, replies for unknown transactions, duplicate replies, events for unknown handles and TLS
 * handshake garbage.
 *
 * Every case checks that each callback runs exactly once (the loop keeps running a while after the
 * checks: nothing may come late), and that the client is usable afterwards where the fault allows. A
 * fault that kills the connection (ws, wss, unix) leaves the client FAILED, calls failing at once with
 * the reason, or with reconnect enabled connected again, sessions claimed, the next request answered.
 * Over HTTP only the requests concerned fail and the next ones succeed. Faults that leave the
 * connection alone (unknown transactions, duplicates, unknown handles) leave it in use.
 *
 * test/meson.build lists the cases meaningful per transport; run elsewhere, a case says why not and
 * passes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certs.h"
#include "harness.h"
#include "januv.h"
#include "mock.h"
#include "sync.h"

typedef enum tr_kind { TR_WS, TR_WSS, TR_HTTP, TR_HTTPS, TR_UNIX } tr_kind;

static tr_kind tr = TR_WS;
static const char *tr_name = "ws";
static t_certs certs;
static char certs_dir[512];

static bool is_tls(void) { return tr == TR_WSS || tr == TR_HTTPS; }
static bool is_http(void) { return tr == TR_HTTP || tr == TR_HTTPS; }
/* ws, wss and unix carry everything on one connection, which a fault can kill */
static bool is_conn(void) { return !is_http(); }

#define LIMIT 20000          /* ms: the bound of every wait for something that must happen */
#define TIMEOUT (LIMIT / 2)  /* ms: requests time out well within it (none is left pending by a failed wait) */
#define SETTLE 100           /* ms the loop keeps running after a check: nothing may come late */
#define BIG ((size_t)10 << 20) /* the "10 MB" message */
#define DEEP 10000           /* nesting of the deep JSON */

/* A case without meaning over this transport says why and passes. */
#define ONLY_IF(cond, why)                                                                                  \
  do {                                                                                                      \
    if (!(cond)) {                                                                                          \
      printf("# %s: not meaningful over %s: %s\n", t_current, tr_name, why);                                \
      return;                                                                                               \
    }                                                                                                       \
  } while (0)

/* CHECK for helpers returning bool. */
#define EXPECT(cond)                                                                                        \
  do {                                                                                                      \
    if (!(cond)) {                                                                                          \
      t_fail(__FILE__, __LINE__, #cond);                                                                    \
      return false;                                                                                         \
    }                                                                                                       \
  } while (0)
#define EXPECT_EQ(a, b)                                                                                     \
  do {                                                                                                      \
    long long a_ = (long long)(a), b_ = (long long)(b);                                                     \
    if (a_ != b_) {                                                                                         \
      t_failf(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, a_, b_);                               \
      return false;                                                                                         \
    }                                                                                                       \
  } while (0)
/* Error codes compared by name. */
#define ERR_DIFFERS(a, b, ret)                                                                              \
  do {                                                                                                      \
    int a_ = (a), b_ = (b);                                                                                 \
    if (a_ != b_) {                                                                                         \
      t_failf(__FILE__, __LINE__, "%s is %s, expected %s", #a, januv_err_name(a_), januv_err_name(b_));     \
      return ret;                                                                                           \
    }                                                                                                       \
  } while (0)
#define EXPECT_ERR(a, b) ERR_DIFFERS(a, b, false)
#define CHECK_ERR(a, b) ERR_DIFFERS(a, b, )

/* ---- the environment: a mock, a client, and the mock's script ---- */

enum { INFO_NORMAL, INFO_BIG, INFO_UTF8, INFO_DEEP };

#define NREPLIES 64

typedef struct created {
  int calls;
  januv_session *s;
  januv_handle *h;
} created;

typedef struct env env;

/* HTTP: an answer followed by a second, unsolicited one on the same connection (in the same read). */
typedef struct chain {
  env *e;
  bool close; /* the first callback closes the client, else it sends the next request */
  t_reply *first, *second;
} chain;

struct env {
  uv_loop_t loop;
  mock *m;
  januv_client *c;
  januv_session *s;
  januv_handle *h;
  t_objects objs;
  int states[8];
  int state_err[8];
  char detail[256]; /* of the latest DISCONNECTED, RECONNECTING or FAILED */
  /* the mock's script */
  bool hold;        /* requests (but claims) are held unanswered, counted in held */
  int held;
  int info;         /* how "info" is answered: INFO_* */
  size_t info_size; /* INFO_BIG: size of the whole message */
  size_t blob_len;  /* INFO_BIG: length of its "blob" string */
  bool ping_silent; /* "ping" is never answered */
  bool stall;       /* "info": the server stops reading that connection and never answers */
  bool dup;         /* every reply twice, then a contradicting error */
  bool unknown;     /* replies for unknown transactions first */
  bool http_twice;  /* HTTP: "ping" answered by two HTTP responses in one write */
  char old_tx[40];  /* the transaction of a "create" answered earlier */
  bool closed;      /* the client was closed by the case itself */
  t_logbuf log;
  /* What callbacks write to lives here, not on a case's stack: a case that fails half-way returns with
   * requests pending, which complete when the env is torn down. */
  t_reply replies[NREPLIES];
  int nreplies;
  t_objects objs2;
  created cs, ch;
  chain chain;
};

static char *deep_text(const char *tx, size_t *len) {
  char head[128];
  int n = snprintf(head, sizeof head, "{\"janus\":\"server_info\",\"transaction\":\"%s\",\"deep\":", tx);
  *len = (size_t)n + 2 * DEEP + 1;
  char *s = malloc(*len + 1);
  memcpy(s, head, (size_t)n);
  memset(s + n, '[', DEEP);
  memset(s + n + DEEP, ']', DEEP);
  s[*len - 1] = '}';
  s[*len] = '\0';
  return s;
}

static void answer_info(env *e, mock_conn *c, const cJSON *req) {
  const char *tx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req, "transaction"));
  char head[128];
  if (e->info == INFO_BIG) {
    int n = snprintf(head, sizeof head, "{\"janus\":\"server_info\",\"transaction\":\"%s\",\"blob\":\"", tx);
    size_t total = e->info_size;
    char *s = malloc(total);
    memcpy(s, head, (size_t)n);
    e->blob_len = total - (size_t)n - 2;
    memset(s + n, 'x', e->blob_len);
    memcpy(s + total - 2, "\"}", 2);
    mock_send_text(c, s, total);
    free(s);
  } else if (e->info == INFO_UTF8) {
    int n = snprintf(head, sizeof head,
                     "{\"janus\":\"server_info\",\"transaction\":\"%s\",\"name\":\"bad \xff\xfe\xc3\x28\"}", tx);
    mock_send_text(c, head, (size_t)n);
  } else {
    size_t len;
    char *s = deep_text(tx, &len);
    mock_send_text(c, s, len);
    free(s);
  }
}

/* Replies for transactions nobody waits for: foreign, malformed, long completed, missing. */
static void unknown_replies(env *e, mock_conn *c, const cJSON *req) {
  const char *tmpls[] = {
    "{\"janus\":\"success\",\"transaction\":\"not-ours\"}",
    "{\"janus\":\"error\",\"transaction\":\"ffffffffffffffff\",\"error\":{\"code\":490,\"reason\":\"x\"}}",
    "{\"janus\":\"ack\",\"transaction\":\"\"}",
    "{\"janus\":\"pong\",\"transaction\":12345}",
    "{\"janus\":\"server_info\"}",
    "{\"janus\":\"event\",\"transaction\":\"not-ours-either\"}",
    NULL, /* the "create" answered earlier, again */
  };
  for (size_t i = 0; i < sizeof tmpls / sizeof tmpls[0]; i++) {
    cJSON *msg;
    if (tmpls[i]) {
      msg = cJSON_Parse(tmpls[i]);
    } else {
      msg = cJSON_CreateObject();
      cJSON_AddStringToObject(msg, "janus", "success");
      cJSON_AddStringToObject(msg, "transaction", e->old_tx);
      cJSON_AddNumberToObject(cJSON_AddObjectToObject(msg, "data"), "id", 77);
    }
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(req, "session_id");
    if (sid) cJSON_AddItemToObject(msg, "session_id", cJSON_Duplicate(sid, true)); /* HTTP: to the long-poll */
    mock_send(c, msg);
  }
}

static void duplicate_replies_to(mock *m, mock_conn *c, const cJSON *req, const char *verb) {
  if (!strcmp(verb, "message")) {
    mock_send(c, mock_reply_to(req, "ack"));
    mock_send(c, mock_reply_to(req, "ack"));
    for (int i = 0; i < 2; i++) {
      cJSON *data = cJSON_CreateObject();
      cJSON_AddStringToObject(data, "result", i ? "duplicate" : "ok");
      mock_send(c, mock_event_to(req, data));
    }
    mock_send(c, mock_reply_to(req, "ack"));
  } else {
    mock_default(m, c, req); /* create and attach: a second id the second time */
    mock_default(m, c, req);
  }
  mock_send(c, mock_error_to(req, 490, "contradicting duplicate"));
}

static void handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  env *e = data;
  const char *verb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req, "janus"));
  if (!verb) verb = "";
  if (!strcmp(verb, "create")) {
    const char *tx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req, "transaction"));
    snprintf(e->old_tx, sizeof e->old_tx, "%s", tx ? tx : "");
  }
  if (e->hold && strcmp(verb, "claim") != 0) {
    e->held++;
    return;
  }
  if (!strcmp(verb, "ping") && e->ping_silent) return;
  if (!strcmp(verb, "ping") && e->http_twice) {
    cJSON *pong = mock_reply_to(req, "pong");
    char *body = januv_json_print(pong, false);
    cJSON_Delete(pong);
    char one[512];
    int n = snprintf(one, sizeof one,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s", strlen(body),
                     body);
    free(body);
    char two[1024];
    snprintf(two, sizeof two, "%s%s", one, one);
    mock_send_raw(c, two, 2 * (size_t)n);
    return;
  }
  if (!strcmp(verb, "info") && e->stall) {
    mock_stop_reading(c);
    return;
  }
  if (!strcmp(verb, "info") && e->info != INFO_NORMAL) {
    answer_info(e, c, req);
    return;
  }
  if (e->dup) {
    duplicate_replies_to(m, c, req, verb);
    return;
  }
  if (e->unknown && !strcmp(verb, "message")) {
    mock_send(c, mock_reply_to(req, "ack")); /* over HTTP the POST's answer: the rest goes to the long-poll */
    unknown_replies(e, c, req);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "result", "ok");
    mock_send(c, mock_event_to(req, d));
    return;
  }
  if (e->unknown) unknown_replies(e, c, req);
  mock_default(m, c, req);
}

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  env *e = data;
  (void)c;
  e->states[st]++;
  e->state_err[st] = err;
  if (st == JANUV_CONN_DISCONNECTED || st == JANUV_CONN_RECONNECTING || st == JANUV_CONN_FAILED)
    snprintf(e->detail, sizeof e->detail, "%s", detail);
}

static const char *url_of(mock *m) {
  switch (tr) {
  case TR_HTTP:
  case TR_HTTPS: return mock_http_url(m);
  case TR_UNIX: return mock_unix_url(m);
  default: return mock_url(m);
  }
}

static void opts_init(januv_client_options *o, bool reconnect) {
  januv_client_options_init(o);
  o->request_timeout_ms = TIMEOUT;
  o->log_level = t_log_level() >= 3 ? JANUV_LOG_DEBUG : JANUV_LOG_INFO; /* JANUV_TEST_LOG=3: every frame */
  o->http_retry_delay_ms = 20;
  o->http_retry_max_ms = 100;
  if (reconnect) {
    o->reconnect_max_retries = 100;
    o->reconnect_delay_ms = 10;
    o->reconnect_max_delay_ms = 40;
  }
}

/* Envs not done when a case returns (it failed half-way) are torn down after it, so that what valgrind
 * reports is never the test's own leftovers. */
static env *live[4];

static env *env_new(void) {
  env *e = calloc(1, sizeof *e);
  for (int i = 0; i < 4; i++) {
    if (!live[i]) {
      live[i] = e;
      break;
    }
  }
  return e;
}

/* n fresh replies of e's. */
static t_reply *replies(env *e, int n) {
  if (e->nreplies + n > NREPLIES) abort();
  e->nreplies += n;
  return &e->replies[e->nreplies - n];
}

static void env_mock(env *e) {
  uv_loop_init(&e->loop);
  e->m = is_tls() ? mock_new_tls(&e->loop, handler, e, certs.server_cert, certs.server_key)
                  : mock_new(&e->loop, handler, e);
  url_of(e->m); /* the Unix side listens from here on */
}

static void env_client(env *e, const januv_client_options *opts) {
  januv_client_options o;
  if (opts)
    o = *opts;
  else
    opts_init(&o, false);
  o.state_cb = on_state;
  o.state_data = e;
  o.log_cb = t_logbuf_cb;
  o.log_data = &e->log;
  if (is_tls()) o.tls_ca_file = certs.ca;
  if (januv_client_new(&e->loop, url_of(e->m), &o, &e->c) != 0) abort();
}

/* A mock and a connected client. */
static bool env_init(env *e, const januv_client_options *opts) {
  env_mock(e);
  env_client(e, opts);
  EXPECT(t_wait_count(&e->loop, &e->states[JANUV_CONN_CONNECTED], 1, LIMIT));
  return true;
}

/* ... with a session and an EchoTest handle. */
static bool env_handle(env *e, const januv_client_options *opts) {
  if (!env_init(e, opts)) return false;
  t_reply *r = replies(e, 1);
  e->s = t_session_create(&e->loop, e->c, &e->objs, r);
  if (e->s) e->h = t_attach(&e->loop, e->s, "janus.plugin.echotest", &e->objs, r);
  EXPECT(e->h != NULL);
  return true;
}

static bool env_done(env *e) {
  bool ok = e->closed || t_client_close(&e->loop, e->c);
  if (e->states[JANUV_CONN_CLOSED] != 1) {
    t_failf(__FILE__, __LINE__, "closed reported %d times", e->states[JANUV_CONN_CLOSED]);
    ok = false;
  }
  mock_free(e->m);
  ok = t_loop_close(&e->loop, 5000) && ok;
  cJSON_Delete(e->objs.last_event);
  cJSON_Delete(e->objs2.last_event);
  t_logbuf_free(&e->log);
  for (int i = 0; i < e->nreplies; i++) t_reply_clear(&e->replies[i]);
  for (int i = 0; i < 4; i++)
    if (live[i] == e) live[i] = NULL;
  free(e);
  return ok;
}

static void env_reap(void) {
  for (int i = 0; i < 4; i++)
    if (live[i]) env_done(live[i]);
}

/* An event from the server: a frame or packet, or over HTTP on the session's long-poll. $S and $H in
 * tmpl stand for sid and hid. */
static void send_event(env *e, const char *tmpl, unsigned long long sid, unsigned long long hid) {
  char out[512];
  size_t n = 0;
  for (const char *p = tmpl; *p && n < sizeof out - 24; p++) {
    if (p[0] == '$' && (p[1] == 'S' || p[1] == 'H')) {
      n += (size_t)snprintf(out + n, sizeof out - n, "%llu", p[1] == 'S' ? sid : hid);
      p++;
    } else {
      out[n++] = *p;
    }
  }
  if (is_http())
    mock_push_event_text(e->m, januv_session_id(e->s), out, n);
  else
    mock_send_text(mock_last_conn(e->m), out, n);
}

#define PLUGIN_EVENT                                                                                        \
  "{\"janus\":\"event\",\"session_id\":$S,\"sender\":$H,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}"

/* A plugin event for the handle. */
static void send_plugin_event(env *e) { send_event(e, PLUGIN_EVENT, januv_session_id(e->s), januv_handle_id(e->h)); }

/* ---- requests ---- */

/* Issues n requests of several kinds into r[] (message, trickle and hangup need the handle); their ids
 * into ids (may be NULL). */
static bool issue_ids(env *e, t_reply *r, int n, uint64_t *ids) {
  for (int i = 0; i < n; i++) {
    int rc;
    int kind = e->h ? i % 6 : i % 2;
    if (kind == 0) {
      rc = januv_client_ping(e->c, t_reply_cb, &r[i]);
    } else if (kind == 1) {
      rc = januv_client_info(e->c, t_reply_cb, &r[i]);
    } else if (kind == 2) {
      rc = januv_session_keepalive(e->s, t_reply_cb, &r[i]);
    } else if (kind == 3) {
      cJSON *body = cJSON_Parse("{\"audio\":false}");
      rc = januv_handle_message(e->h, body, NULL, t_reply_cb, &r[i]);
      cJSON_Delete(body);
    } else if (kind == 4) {
      cJSON *cand = cJSON_Parse("{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\"}");
      rc = januv_handle_trickle(e->h, cand, t_reply_cb, &r[i]);
      cJSON_Delete(cand);
    } else {
      rc = januv_handle_hangup(e->h, t_reply_cb, &r[i]);
    }
    EXPECT_ERR(rc, 0);
    if (ids) ids[i] = januv_client_last_request(e->c);
  }
  return true;
}

static bool issue(env *e, t_reply *r, int n) { return issue_ids(e, r, n, NULL); }

static bool wait_all(env *e, t_reply *r, int n, uint32_t ms) {
  for (int i = 0; i < n; i++) EXPECT(t_reply_wait(&e->loop, &r[i], ms));
  return true;
}

/* Runs the loop a while longer: every callback still ran exactly once. */
static bool once_each(env *e, t_reply *r, int n) {
  t_run_for(&e->loop, SETTLE);
  for (int i = 0; i < n; i++) EXPECT_EQ(r[i].calls, 1);
  return true;
}

static bool ping_ok(env *e) {
  t_reply *r = replies(e, 1);
  EXPECT_ERR(januv_client_ping(e->c, t_reply_cb, r), 0);
  EXPECT(t_reply_wait(&e->loop, r, LIMIT));
  if (r->status) t_failf(__FILE__, __LINE__, "ping: %s (%s)", januv_err_name(r->status), r->reason);
  EXPECT_ERR(r->status, 0);
  EXPECT(once_each(e, r, 1));
  return true;
}

static bool message_ok(env *e) {
  t_reply *r = replies(e, 1);
  EXPECT(t_message(&e->loop, e->h, "{\"audio\":false}", NULL, r));
  if (r->status) t_failf(__FILE__, __LINE__, "message: %s (%s)", januv_err_name(r->status), r->reason);
  EXPECT_ERR(r->status, 0);
  EXPECT(!strcmp(t_data_str(r, "result"), "ok"));
  EXPECT(once_each(e, r, 1));
  return true;
}

/* Usable on the same footing: requests answered, the session and handle alive. */
static bool usable(env *e) {
  EXPECT(ping_ok(e));
  if (e->h) EXPECT(message_ok(e));
  EXPECT_EQ(e->objs.session_closed, 0);
  EXPECT_EQ(e->objs.handle_closed, 0);
  EXPECT_EQ(januv_client_state(e->c), JANUV_CONN_CONNECTED);
  EXPECT_EQ(e->states[JANUV_CONN_FAILED], 0);
  return true;
}

/* After a fault that killed the connection. Without reconnect: FAILED once with err, the session lost,
 * calls failing at once with err (their callbacks never run). With reconnect: connected again, the
 * session claimed, requests answered. */
static bool after_loss(env *e, bool reconnect, int err) {
  if (!reconnect) {
    EXPECT(t_wait_count(&e->loop, &e->states[JANUV_CONN_FAILED], 1, LIMIT));
    EXPECT_ERR(e->state_err[JANUV_CONN_FAILED], err);
    EXPECT(e->detail[0] != '\0');
    EXPECT_EQ(januv_client_state(e->c), JANUV_CONN_FAILED);
    if (e->s) {
      EXPECT_EQ(e->objs.session_lost, 1);
      EXPECT_EQ(e->objs.session_closed, 1);
    }
    if (e->h) EXPECT_EQ(e->objs.handle_closed, 1);
    t_reply *r = replies(e, 1);
    EXPECT_ERR(januv_client_ping(e->c, t_reply_cb, r), err);
    t_run_for(&e->loop, SETTLE);
    EXPECT_EQ(r->calls, 0);
    EXPECT_EQ(e->states[JANUV_CONN_FAILED], 1);
    return true;
  }
  EXPECT(t_wait_count(&e->loop, &e->states[JANUV_CONN_RECONNECTED], 1, LIMIT));
  EXPECT(usable(e));
  EXPECT_EQ(e->objs.session_lost, 0);
  EXPECT_EQ(e->states[JANUV_CONN_RECONNECTED], 1);
  return true;
}

/* A reason a person can read. */
static bool readable(const char *reason) {
  if (reason[0] != '\0' && !strstr(reason, "Unknown system error")) return true;
  t_failf(__FILE__, __LINE__, "unclear reason \"%s\"", reason);
  return false;
}

/* The connection was up and went with err, saying why. */
static bool lost_with(env *e, int err) {
  EXPECT(t_wait_count(&e->loop, &e->states[JANUV_CONN_DISCONNECTED], 1, LIMIT));
  EXPECT_ERR(e->state_err[JANUV_CONN_DISCONNECTED], err);
  EXPECT(readable(e->detail));
  return true;
}

/* ---- connection refused ---- */

static void refused_first_connect(void) {
  env *e = env_new();
  env_mock(e);
  CHECK_ERR(mock_set_listening(e->m, false), 0);
  env_client(e, NULL);
  t_reply *r = replies(e, 2);
  CHECK(issue(e, r, 2));
  CHECK(wait_all(e, r, 2, LIMIT));
  CHECK_ERR(r[0].status, UV_ECONNREFUSED);
  CHECK_ERR(r[1].status, UV_ECONNREFUSED);
  CHECK(once_each(e, r, 2));
  CHECK_EQ_INT(e->states[JANUV_CONN_CONNECTING], 1);
  if (is_conn()) {
    CHECK_EQ_INT(e->states[JANUV_CONN_CONNECTED], 0);
    CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
    CHECK(after_loss(e, false, UV_ECONNREFUSED));
  } else {
    /* HTTP has no connection to lose: each request connects, and one answers once the server is back */
    CHECK_EQ_INT(januv_client_state(e->c), JANUV_CONN_CONNECTED);
    CHECK_ERR(mock_set_listening(e->m, true), 0);
    CHECK(usable(e));
  }
  CHECK(env_done(e));
}

/* The server goes away and refuses connections for a while, then comes back. */
static void refused_then_back(void) {
  januv_client_options o;
  opts_init(&o, true);
  env *e = env_new();
  CHECK(env_handle(e, &o));
  CHECK_ERR(mock_set_listening(e->m, false), 0);
  mock_drop_all(e->m);
  t_reply *queued = replies(e, 1);
  if (is_conn()) {
    CHECK(lost_with(e, JANUV_ECONNRESET));
    CHECK(t_wait_count(&e->loop, &e->states[JANUV_CONN_RECONNECTING], 3, LIMIT));
    CHECK_ERR(e->state_err[JANUV_CONN_RECONNECTING], UV_ECONNREFUSED);
    CHECK_EQ_INT(januv_client_state(e->c), JANUV_CONN_RECONNECTING);
    CHECK_ERR(januv_client_ping(e->c, t_reply_cb, queued), 0); /* waits for the connection */
  } else {
    CHECK_ERR(januv_client_ping(e->c, t_reply_cb, queued), 0);
    CHECK(t_reply_wait(&e->loop, queued, LIMIT));
    CHECK_ERR(queued->status, UV_ECONNREFUSED);
  }
  CHECK_ERR(mock_set_listening(e->m, true), 0);
  if (is_conn()) {
    CHECK(after_loss(e, true, 0));
    CHECK(t_reply_wait(&e->loop, queued, LIMIT));
    CHECK_ERR(queued->status, 0);
  } else {
    CHECK(usable(e));
    send_plugin_event(e); /* the long-poll came back too */
    CHECK(t_wait_count(&e->loop, &e->objs.events[JANUV_EVENT_PLUGIN], 1, LIMIT));
  }
  CHECK(once_each(e, queued, 1));
  CHECK(env_done(e));
}

/* ---- reset during the handshake ---- */

typedef struct hs_fault {
  mock_handshake hs;
  mock_tls_fault tls;
  const char *what;
} hs_fault;

static void set_hs_fault(mock *m, const hs_fault *f) {
  mock_set_handshake(m, f->hs);
  mock_set_tls_fault(m, f->tls);
}

static const hs_fault hs_ok = {MOCK_HS_OK, MOCK_TLS_OK, "none"};

/* The first connection meets fault f and fails with err: once, with a reason. */
static bool first_connect_fails(const hs_fault *f, int err) {
  env *e = env_new();
  env_mock(e);
  set_hs_fault(e->m, f);
  env_client(e, NULL);
  t_reply *r = replies(e, 1);
  EXPECT_ERR(januv_client_ping(e->c, t_reply_cb, r), 0);
  EXPECT(t_reply_wait(&e->loop, r, LIMIT));
  printf("# %s, %s: %s (%s)\n", tr_name, f->what, januv_err_name(r->status), r->reason);
  EXPECT_ERR(r->status, err);
  EXPECT(readable(r->reason));
  if (err == JANUV_ETLS) EXPECT(strstr(r->reason, "TLS") != NULL);
  EXPECT(once_each(e, r, 1));
  if (is_conn()) {
    EXPECT_EQ(e->states[JANUV_CONN_CONNECTED], 0);
    EXPECT(after_loss(e, false, err));
  } else {
    EXPECT_EQ(januv_client_state(e->c), JANUV_CONN_CONNECTED);
    set_hs_fault(e->m, &hs_ok);
    EXPECT(usable(e));
  }
  EXPECT(env_done(e));
  return true;
}

/* A working connection is lost; reconnect attempts meet fault f (failing with err) until it goes. */
static bool reconnects_through(const hs_fault *f, int err) {
  januv_client_options o;
  opts_init(&o, true);
  env *e = env_new();
  EXPECT(env_handle(e, &o));
  set_hs_fault(e->m, f);
  mock_drop_all(e->m);
  EXPECT(lost_with(e, JANUV_ECONNRESET));
  EXPECT(t_wait_count(&e->loop, &e->states[JANUV_CONN_RECONNECTING], 3, LIMIT));
  EXPECT(mock_accepted(e->m) >= 3); /* the attempts did reach the server */
  EXPECT_ERR(e->state_err[JANUV_CONN_RECONNECTING], err);
  t_reply *queued = replies(e, 1);
  EXPECT_ERR(januv_client_ping(e->c, t_reply_cb, queued), 0);
  set_hs_fault(e->m, &hs_ok);
  EXPECT(after_loss(e, true, 0));
  EXPECT(t_reply_wait(&e->loop, queued, LIMIT));
  EXPECT_ERR(queued->status, 0);
  EXPECT(once_each(e, queued, 1));
  EXPECT(env_done(e));
  return true;
}

static void handshake_reset(void) {
  ONLY_IF(tr != TR_HTTP, "no handshake: a request goes out on a bare TCP connection (a reset there is "
                         "reset_in_flight)");
  ONLY_IF(tr != TR_UNIX, "no handshake: connect() completes in the kernel, the server says nothing first");
  const hs_fault upgrade = {MOCK_HS_RESET, MOCK_TLS_OK, "reset during the WebSocket upgrade"};
  const hs_fault tls = {MOCK_HS_OK, MOCK_TLS_RESET, "reset during the TLS handshake"};
  if (is_tls()) CHECK(first_connect_fails(&tls, JANUV_ECONNRESET));
  if (tr != TR_HTTPS) CHECK(first_connect_fails(&upgrade, JANUV_ECONNRESET));
  if (tr == TR_WSS) CHECK(reconnects_through(&tls, JANUV_ECONNRESET));
  if (tr != TR_HTTPS) CHECK(reconnects_through(&upgrade, JANUV_ECONNRESET));
}

/* ---- reset with requests in flight ---- */

#define NFLIGHT 6

static bool reset_in_flight_run(bool reconnect) {
  januv_client_options o;
  opts_init(&o, reconnect);
  env *e = env_new();
  EXPECT(env_handle(e, &o));
  e->hold = true;
  t_reply *r = replies(e, NFLIGHT);
  EXPECT(issue(e, r, NFLIGHT));
  /* over HTTP the pool (4 connections) has 4 in flight, the others wait for a connection */
  int in_flight = is_http() ? 4 : NFLIGHT;
  EXPECT(t_wait_count(&e->loop, &e->held, in_flight, LIMIT));
  t_run_for(&e->loop, 20);
  EXPECT_EQ(e->held, in_flight);
  e->hold = false;
  mock_drop_all(e->m);
  EXPECT(wait_all(e, r, NFLIGHT, LIMIT));
  EXPECT(once_each(e, r, NFLIGHT));
  if (is_conn()) {
    for (int i = 0; i < NFLIGHT; i++) EXPECT_ERR(r[i].status, JANUV_ECONNRESET);
    EXPECT(lost_with(e, JANUV_ECONNRESET));
    EXPECT(after_loss(e, reconnect, JANUV_ECONNRESET));
  } else {
    /* A reset connection fails its request, unless it had served an answer before (a keep-alive the server
     * may have closed before reading): that one goes out once more. The waiting ones go out afresh. */
    int reset = 0;
    for (int i = 0; i < NFLIGHT; i++) {
      if (r[i].status == JANUV_ECONNRESET) reset++;
      else EXPECT_ERR(r[i].status, 0);
    }
    EXPECT(reset >= 3);
    EXPECT(usable(e));
    /* N = 0: the server resets its idle keep-alive connections; the next requests still go through */
    mock_drop_all(e->m);
    EXPECT(usable(e));
  }
  EXPECT(env_done(e));
  return true;
}

static void reset_in_flight(void) { CHECK(reset_in_flight_run(false)); }

static void reset_in_flight_reconnect(void) {
  ONLY_IF(is_conn(), "no connection to re-establish (reset_in_flight shows the next requests answered)");
  CHECK(reset_in_flight_run(true));
}

/* ---- half-open: the server stops reading ---- */

static void half_open_keepalive(bool reconnect) {
  januv_client_options o;
  opts_init(&o, reconnect);
  o.keepalive_interval_ms = 100;
  o.request_timeout_ms = 500;
  o.ws_ping_interval_ms = 0; /* liveness by keepalive alone */
  env *e = env_new();
  CHECK(env_handle(e, &o));
  mock_stop_reading(mock_last_conn(e->m));
  t_reply *r = replies(e, 4);
  uint64_t ids[4];
  CHECK(issue_ids(e, r, 4, ids)); /* their own timeouts are long: the loss ends them */
  for (int i = 0; i < 4; i++) CHECK_ERR(januv_request_set_timeout(e->c, ids[i], TIMEOUT), 0);
  CHECK(lost_with(e, JANUV_ETIMEDOUT));
  CHECK(strstr(e->detail, "keepalive") != NULL);
  CHECK(wait_all(e, r, 4, LIMIT));
  for (int i = 0; i < 4; i++) CHECK_ERR(r[i].status, JANUV_ECONNRESET);
  CHECK(once_each(e, r, 4));
  CHECK(after_loss(e, reconnect, JANUV_ETIMEDOUT));
  CHECK(env_done(e));
}

static void half_open_ws_ping(void) {
  januv_client_options o;
  opts_init(&o, true);
  o.ws_ping_interval_ms = 50;
  o.ws_ping_timeout_ms = 150;
  env *e = env_new();
  CHECK(env_handle(e, &o));
  t_run_for(&e->loop, 200); /* pings answered: still up */
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  mock_stop_reading(mock_last_conn(e->m));
  t_reply *r = replies(e, 1);
  CHECK_ERR(januv_client_ping(e->c, t_reply_cb, r), 0);
  januv_request_set_timeout(e->c, januv_client_last_request(e->c), TIMEOUT);
  CHECK(lost_with(e, JANUV_ETIMEDOUT));
  CHECK(strstr(e->detail, "ping") != NULL);
  CHECK(t_reply_wait(&e->loop, r, LIMIT));
  CHECK_ERR(r->status, JANUV_ECONNRESET);
  CHECK(once_each(e, r, 1));
  CHECK(after_loss(e, true, 0));
  CHECK(env_done(e));
}

static bool wait_mock_count(env *e, const char *verb, int n) {
  for (int i = 0; i < LIMIT / 10 && mock_count(e->m, verb) < n; i++) t_run_for(&e->loop, 10);
  EXPECT_EQ(mock_count(e->m, verb), n);
  return true;
}

/* HTTP: requests whose connection the server stopped reading time out, one waiting for a connection
 * meanwhile is canceled (and never sent), and the next ones are answered. */
static void half_open_http(void) {
  env *e = env_new();
  CHECK(env_handle(e, NULL));
  e->stall = true;
  t_reply *r = replies(e, 4); /* as many as the pool has connections */
  uint64_t ids[4];
  for (int i = 0; i < 4; i++) {
    CHECK_ERR(januv_client_info(e->c, t_reply_cb, &r[i]), 0);
    ids[i] = januv_client_last_request(e->c);
  }
  CHECK(wait_mock_count(e, "info", 4));
  t_reply *canceled = replies(e, 1);
  CHECK_ERR(januv_client_ping(e->c, t_reply_cb, canceled), 0);
  CHECK_ERR(januv_request_cancel(e->c, januv_client_last_request(e->c)), 0);
  CHECK(t_reply_wait(&e->loop, canceled, LIMIT));
  CHECK_ERR(canceled->status, JANUV_ECANCELED);
  for (int i = 0; i < 4; i++) CHECK_ERR(januv_request_set_timeout(e->c, ids[i], 1), 0);
  CHECK(wait_all(e, r, 4, LIMIT));
  for (int i = 0; i < 4; i++) CHECK_ERR(r[i].status, JANUV_ETIMEDOUT);
  CHECK(once_each(e, r, 4));
  CHECK(once_each(e, canceled, 1));
  e->stall = false;
  CHECK(usable(e));
  CHECK_EQ_INT(mock_count(e->m, "ping"), 1); /* usable()'s: the canceled one never went out */
  CHECK(env_done(e));
}

static void half_open(void) {
  if (is_http()) {
    half_open_http();
    return;
  }
  half_open_keepalive(false);
  half_open_keepalive(true);
  if (tr == TR_WS || tr == TR_WSS) half_open_ws_ping();
}

/* ---- byte-at-a-time replies ---- */

static void byte_at_a_time(void) {
  ONLY_IF(tr != TR_UNIX, "a packet is one message: there is no byte stream to split");
  env *e = env_new();
  CHECK(env_handle(e, NULL));
  mock_set_dribble(e->m, true);
  CHECK(message_ok(e)); /* over HTTP its event comes on the long-poll, byte by byte too */
  CHECK(ping_ok(e));
  send_plugin_event(e);
  CHECK(t_wait_count(&e->loop, &e->objs.events[JANUV_EVENT_PLUGIN], 1, 20000));
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  CHECK(env_done(e));

  /* from the first byte: the TLS handshake and the WebSocket upgrade too */
  e = env_new();
  env_mock(e);
  mock_set_dribble(e->m, true);
  env_client(e, NULL);
  CHECK(ping_ok(e));
  CHECK_EQ_INT(e->states[JANUV_CONN_CONNECTED], 1);
  CHECK(env_done(e));
}

/* ---- a 10 MB message, and the size limit ---- */

static bool info_sized(env *e, size_t size) {
  e->info = INFO_BIG;
  e->info_size = size;
  t_reply *r = replies(e, 1);
  EXPECT_ERR(januv_client_info(e->c, t_reply_cb, r), 0);
  EXPECT_ERR(januv_request_set_timeout(e->c, januv_client_last_request(e->c), 2 * LIMIT), 0);
  EXPECT(t_reply_wait(&e->loop, r, 3 * LIMIT));
  EXPECT_ERR(r->status, 0);
  const cJSON *blob = cJSON_GetObjectItemCaseSensitive(r->json, "blob");
  EXPECT(cJSON_IsString(blob));
  EXPECT_EQ(strlen(blob->valuestring), e->blob_len);
  EXPECT(once_each(e, r, 1));
  e->info = INFO_NORMAL;
  return true;
}

static void big_frame(void) {
  env *e = env_new();
  CHECK(env_init(e, NULL));
  size_t size = BIG;
  if (tr == TR_UNIX && mock_unix_max_packet(e->m) < BIG) {
    size = mock_unix_max_packet(e->m);
    printf("# unix: the kernel takes packets up to %zu bytes: that size, then 10 MB over the limit\n", size);
  }
  CHECK(info_sized(e, size));
  CHECK(ping_ok(e));
  if (size < BIG) {
    /* Over the kernel's limit the server cannot send it at all: the request times out, nothing else. */
    e->info = INFO_BIG;
    e->info_size = BIG;
    t_reply *r = replies(e, 1);
    CHECK_ERR(januv_client_info(e->c, t_reply_cb, r), 0);
    CHECK_ERR(januv_request_set_timeout(e->c, januv_client_last_request(e->c), 500), 0);
    CHECK(t_reply_wait(&e->loop, r, LIMIT));
    CHECK_ERR(r->status, JANUV_ETIMEDOUT);
    CHECK(once_each(e, r, 1));
    CHECK_EQ_INT(mock_send_failures(e->m), 1);
    e->info = INFO_NORMAL;
    CHECK(ping_ok(e));
  }
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  if (is_conn()) CHECK_EQ_INT(mock_accepted(e->m), 1); /* all on the same connection */
  CHECK(env_done(e));
}

/* A message over max_message_size: JANUV_ETOOBIG (the connection goes, or over HTTP that request fails). */
static bool too_big_run(bool reconnect) {
  januv_client_options o;
  opts_init(&o, reconnect);
  o.max_message_size = 1u << 20;
  env *e = env_new();
  EXPECT(env_handle(e, &o));
  e->info = INFO_BIG;
  e->info_size = 2u << 20;
  e->ping_silent = is_conn(); /* a request in flight on the connection */
  t_reply *r = replies(e, 2);
  EXPECT(issue(e, r, 2)); /* ping, info */
  EXPECT(wait_all(e, r, 2, LIMIT));
  EXPECT_ERR(r[1].status, JANUV_ETOOBIG);
  printf("# %s: %s\n", tr_name, r[1].reason);
  EXPECT(readable(r[1].reason));
  if (is_conn()) {
    EXPECT_ERR(r[0].status, JANUV_ETOOBIG);
    EXPECT(once_each(e, r, 2));
    EXPECT(lost_with(e, JANUV_ETOOBIG));
    e->ping_silent = false;
    e->info = INFO_NORMAL;
    EXPECT(after_loss(e, reconnect, JANUV_ETOOBIG));
  } else {
    EXPECT_ERR(r[0].status, 0);
    EXPECT(once_each(e, r, 2));
    EXPECT(usable(e));
  }
  EXPECT(env_done(e));
  return true;
}

static void over_size_limit(void) {
  CHECK(too_big_run(false));
  if (is_conn()) CHECK(too_big_run(true));
}

/* ---- malformed content: invalid UTF-8, JSON nested 10 000 deep ---- */

/* The answer to "info" kills the connection with err (and the ping in flight with it). */
static bool kills_connection(int info, bool reconnect, int err, const char *why) {
  januv_client_options o;
  opts_init(&o, reconnect);
  o.log_level = JANUV_LOG_DEBUG; /* frames go through the log too */
  env *e = env_new();
  EXPECT(env_handle(e, &o));
  e->info = info;
  e->ping_silent = true;
  t_reply *r = replies(e, 2);
  EXPECT(issue(e, r, 2)); /* ping, info */
  EXPECT(wait_all(e, r, 2, LIMIT));
  EXPECT_ERR(r[0].status, err);
  EXPECT_ERR(r[1].status, err);
  EXPECT(once_each(e, r, 2));
  EXPECT(lost_with(e, err));
  if (!strstr(e->detail, why)) t_failf(__FILE__, __LINE__, "\"%s\" does not say \"%s\"", e->detail, why);
  EXPECT(strstr(e->detail, why) != NULL);
  e->ping_silent = false;
  e->info = INFO_NORMAL;
  EXPECT(after_loss(e, reconnect, err));
  EXPECT(env_done(e));
  return true;
}

static void invalid_utf8(void) {
  if (tr == TR_WS || tr == TR_WSS) {
    /* RFC 6455: a text frame must be UTF-8; the WebSocket layer fails the connection */
    CHECK(kills_connection(INFO_UTF8, false, JANUV_EPROTO, "UTF-8"));
    CHECK(kills_connection(INFO_UTF8, true, JANUV_EPROTO, "UTF-8"));
    return;
  }
  /* Elsewhere januv does not check the encoding: the bytes reach the application as they came. */
  env *e = env_new();
  CHECK(env_handle(e, NULL));
  e->info = INFO_UTF8;
  t_reply *r = replies(e, 1);
  CHECK_ERR(januv_client_info(e->c, t_reply_cb, r), 0);
  CHECK(t_reply_wait(&e->loop, r, LIMIT));
  CHECK_ERR(r->status, 0);
  CHECK(once_each(e, r, 1));
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->json, "name"));
  CHECK(name && !strcmp(name, "bad \xff\xfe\xc3\x28"));
  e->info = INFO_NORMAL;
  CHECK(usable(e));
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  CHECK(env_done(e));
}

static void deep_json_http(void) {
  januv_client_options o;
  opts_init(&o, false);
  o.log_level = JANUV_LOG_DEBUG;
  env *e = env_new();
  CHECK(env_handle(e, &o));
  e->info = INFO_DEEP;
  t_reply *r = replies(e, 1);
  CHECK_ERR(januv_client_info(e->c, t_reply_cb, r), 0);
  CHECK(t_reply_wait(&e->loop, r, LIMIT));
  CHECK_ERR(r->status, JANUV_EPROTO); /* only that request */
  CHECK(strstr(r->reason, "malformed") != NULL);
  CHECK(once_each(e, r, 1));
  e->info = INFO_NORMAL;
  CHECK(usable(e));
  /* The same on the long-poll: no request to fail; the answer is dropped, the session polls on. */
  size_t len;
  char *deep = deep_text("none", &len);
  mock_push_event_text(e->m, januv_session_id(e->s), deep, len);
  free(deep);
  send_plugin_event(e);
  t_wait_count(&e->loop, &e->objs.events[JANUV_EVENT_PLUGIN], 1, 2000);
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  CHECK_EQ_INT(e->objs.session_lost, 0);
  CHECK_EQ_INT(e->objs.events[JANUV_EVENT_PLUGIN], 1);
  CHECK(usable(e));
  CHECK(env_done(e));
}

static void deep_json(void) {
  if (is_http()) {
    deep_json_http();
    return;
  }
  /* cJSON stops at 1000 levels: malformed JSON, the stream can no longer be trusted */
  CHECK(kills_connection(INFO_DEEP, false, JANUV_EPROTO, "malformed JSON"));
  CHECK(kills_connection(INFO_DEEP, true, JANUV_EPROTO, "malformed JSON"));
}

/* ---- replies nobody waits for ---- */

static void unknown_transactions(void) {
  env *e = env_new();
  CHECK(env_handle(e, NULL));
  CHECK(e->old_tx[0] != '\0');
  e->unknown = true;
  t_reply *ping = replies(e, 1);
  CHECK_ERR(januv_client_ping(e->c, t_reply_cb, ping), 0);
  CHECK(t_reply_wait(&e->loop, ping, LIMIT));
  /* over HTTP the POST's answer is the first of them, which does not answer that request */
  CHECK_ERR(ping->status, is_http() ? JANUV_EPROTO : 0);
  CHECK(once_each(e, ping, 1));
  CHECK(message_ok(e)); /* its ack, then the unknown replies, then its event */
  t_run_for(&e->loop, SETTLE);
  for (int i = 0; i < 8; i++) CHECK_EQ_INT(e->objs.events[i], 0);
  e->unknown = false;
  CHECK(usable(e));
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  if (is_conn()) CHECK_EQ_INT(mock_accepted(e->m), 1);
  CHECK(env_done(e));
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  created *x = data;
  x->calls++;
  x->s = r->status == 0 ? s : NULL;
}

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  created *x = data;
  x->calls++;
  x->h = r->status == 0 ? h : NULL;
}

static void duplicate_replies(void) {
  env *e = env_new();
  CHECK(env_init(e, NULL));
  e->dup = true;
  created *cs = &e->cs, *ch = &e->ch;
  CHECK_ERR(januv_session_create(e->c, &t_session_cbs, on_created, cs), 0);
  CHECK(t_wait_count(&e->loop, &cs->calls, 1, LIMIT));
  CHECK(cs->s != NULL);
  e->s = cs->s;
  januv_session_set_data(e->s, &e->objs);
  CHECK_ERR(januv_handle_attach(e->s, "janus.plugin.echotest", NULL, &t_handle_cbs, on_attached, ch), 0);
  CHECK(t_wait_count(&e->loop, &ch->calls, 1, LIMIT));
  CHECK(ch->h != NULL);
  e->h = ch->h;
  januv_handle_set_data(e->h, &e->objs);
  t_reply *r = replies(e, 4);
  CHECK(issue(e, r, 4)); /* ping, info, keepalive, message */
  CHECK(wait_all(e, r, 4, LIMIT));
  for (int i = 0; i < 4; i++) CHECK_ERR(r[i].status, 0);
  CHECK(!strcmp(t_data_str(&r[3], "result"), "ok"));
  CHECK(once_each(e, r, 4));
  CHECK_EQ_INT(cs->calls, 1);
  CHECK_EQ_INT(ch->calls, 1);
  /* The duplicate event names no pending transaction any more: to januv it is an asynchronous plugin
   * event of the handle. The duplicate acks, successes and errors go nowhere. */
  CHECK_EQ_INT(e->objs.events[JANUV_EVENT_PLUGIN], 1);
  e->dup = false;
  CHECK(usable(e));
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  CHECK(env_done(e));
}

static void unknown_handle_events(void) {
  env *e = env_new();
  CHECK(env_handle(e, NULL));
  t_objects *gone = &e->objs2;
  t_reply *r = replies(e, 1);
  januv_handle *h2 = t_attach(&e->loop, e->s, "janus.plugin.echotest", gone, r);
  CHECK(h2 != NULL);
  unsigned long long sid = januv_session_id(e->s), hid = januv_handle_id(e->h), hid2 = januv_handle_id(h2);
  CHECK(t_detach(&e->loop, h2, r));
  CHECK_EQ_INT(gone->handle_closed, 1);
  const char *tmpls[] = {
    PLUGIN_EVENT,
    "{\"janus\":\"webrtcup\",\"session_id\":$S,\"sender\":$H}",
    "{\"janus\":\"media\",\"session_id\":$S,\"sender\":$H,\"type\":\"audio\",\"receiving\":true}",
    "{\"janus\":\"hangup\",\"session_id\":$S,\"sender\":$H,\"reason\":\"x\"}",
    "{\"janus\":\"detached\",\"session_id\":$S,\"sender\":$H}",
    "{\"janus\":\"trickle\",\"session_id\":$S,\"sender\":$H,\"candidate\":{\"completed\":true}}",
    "{\"janus\":\"slowlink\",\"session_id\":$S,\"sender\":$H,\"uplink\":true,\"lost\":3}",
  };
  /* every kind for an unknown session, an unknown handle, the detached handle */
  const unsigned long long who[][2] = {{sid + 777, hid}, {sid, 999}, {sid, hid2}};
  for (size_t k = 0; k < sizeof tmpls / sizeof tmpls[0]; k++)
    for (size_t w = 0; w < 3; w++) send_event(e, tmpls[k], who[w][0], who[w][1]);
  const char *odd[] = {
    "{\"janus\":\"event\",\"session_id\":$S,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}", /* no sender */
    "{\"janus\":\"event\",\"session_id\":$S,\"sender\":\"abc\",\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
    "{\"janus\":\"event\",\"session_id\":$S,\"sender\":-1,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
    "{\"janus\":\"event\",\"session_id\":$S,\"sender\":1e300,\"plugindata\":{\"plugin\":\"p\",\"data\":{}}}",
    "{\"janus\":\"event\",\"session_id\":\"$S\",\"sender\":\"$H\"}", /* ids as strings, no plugindata */
  };
  for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) send_event(e, odd[k], sid, hid2);
  send_event(e, "{\"janus\":\"timeout\",\"session_id\":$S}", sid + 777, 0);
  /* then one for our handle: everything before it was ignored */
  send_plugin_event(e);
  CHECK(t_wait_count(&e->loop, &e->objs.events[JANUV_EVENT_PLUGIN], 1, LIMIT));
  t_run_for(&e->loop, SETTLE);
  for (int i = 0; i < 8; i++) CHECK_EQ_INT(e->objs.events[i], i == JANUV_EVENT_PLUGIN ? 1 : 0);
  for (int i = 0; i < 8; i++) CHECK_EQ_INT(gone->events[i], 0);
  CHECK_EQ_INT(gone->handle_closed, 1);
  CHECK_EQ_INT(e->objs.session_timeout, 0);
  CHECK(usable(e));
  CHECK_EQ_INT(e->states[JANUV_CONN_DISCONNECTED], 0);
  CHECK(env_done(e));
}

/* ---- HTTP: an answer followed by a second, unsolicited one on the same connection (in the same read) ---- */

static void on_chain_closed(januv_client *c, void *data) {
  (void)c;
  ((env *)data)->closed = true;
}

static void on_first(const januv_reply *r, void *data) {
  chain *ch = data;
  t_reply_cb(r, ch->first);
  if (ch->close)
    januv_client_close(ch->e->c, on_chain_closed, ch->e);
  else
    januv_client_ping(ch->e->c, t_reply_cb, ch->second); /* the connection is idle: it goes there */
}

static chain *chain_of(env *e, bool close) {
  chain *ch = &e->chain;
  ch->e = e;
  ch->close = close;
  ch->first = replies(e, 1);
  ch->second = replies(e, 1);
  return ch;
}

/* The next request must get its own answer, not the stray one. */
static bool stray_then_next(void) {
  env *e = env_new();
  EXPECT(env_init(e, NULL));
  chain *ch = chain_of(e, false);
  e->http_twice = true;
  EXPECT_ERR(januv_client_ping(e->c, on_first, ch), 0);
  EXPECT(t_reply_wait(&e->loop, ch->first, LIMIT));
  e->http_twice = false;
  EXPECT(t_reply_wait(&e->loop, ch->second, LIMIT));
  EXPECT_ERR(ch->first->status, 0);
  if (ch->second->status)
    printf("# the next request: %s (%s)\n", januv_err_name(ch->second->status), ch->second->reason);
  EXPECT_ERR(ch->second->status, 0);
  EXPECT(once_each(e, ch->first, 1));
  EXPECT(once_each(e, ch->second, 1));
  EXPECT(usable(e));
  EXPECT(env_done(e));
  return true;
}

/* The answer's callback closes the client while the stray bytes are still to be parsed. */
static bool stray_after_close(void) {
  env *e = env_new();
  EXPECT(env_init(e, NULL));
  chain *ch = chain_of(e, true);
  e->http_twice = true;
  EXPECT_ERR(januv_client_ping(e->c, on_first, ch), 0);
  EXPECT(t_wait(&e->loop, &e->closed, LIMIT));
  EXPECT_ERR(ch->first->status, 0);
  EXPECT(once_each(e, ch->first, 1));
  EXPECT_EQ(e->states[JANUV_CONN_CLOSED], 1);
  EXPECT(env_done(e));
  return true;
}

static void extra_http_response(void) {
  ONLY_IF(is_http(), "no HTTP responses (duplicate_replies covers duplicate messages)");
  bool next_ok = stray_then_next();
  env_reap();
  bool close_ok = stray_after_close();
  CHECK(next_ok);
  CHECK(close_ok);
}

/* ---- TLS handshake garbage ---- */

static void tls_garbage(void) {
  ONLY_IF(is_tls(), "no TLS");
  const hs_fault faults[] = {
    {MOCK_HS_OK, MOCK_TLS_GARBAGE, "junk answering the ClientHello"},
    {MOCK_HS_OK, MOCK_TLS_PLAINTEXT, "a plaintext HTTP answer"},
    {MOCK_HS_OK, MOCK_TLS_CLOSE_MID, "a close in the middle of the handshake"},
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    CHECK(first_connect_fails(&faults[i], JANUV_ETLS));
    if (tr == TR_WSS) CHECK(reconnects_through(&faults[i], JANUV_ETLS));
  }
}

/* ---- main ---- */

#define FAULT_CASES(X)                                                                                      \
  X(refused_first_connect) X(refused_then_back) X(handshake_reset) X(reset_in_flight) X(reset_in_flight_reconnect) \
  X(half_open) X(byte_at_a_time) X(big_frame) X(over_size_limit) X(invalid_utf8) X(deep_json)                \
  X(unknown_transactions) X(duplicate_replies) X(extra_http_response) X(unknown_handle_events) X(tls_garbage)
/* Each case, then whatever it left behind. */
#define CASE_REAPED(fn)                                                                                     \
  static void fn##_reaped(void) {                                                                           \
    fn();                                                                                                   \
    env_reap();                                                                                             \
  }
#define CASE_ENTRY(fn) {#fn, fn##_reaped},
FAULT_CASES(CASE_REAPED)

static void remove_certs(void) {
  static const char *const files[] = {"ca.key", "ca.pem", "ca.srl", "server.key", "server.csr", "server.pem",
                                      "server.ext", "openssl.log"};
  char path[600];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", certs_dir, files[i]);
    unlink(path);
  }
  rmdir(certs_dir);
}

int main(int argc, char **argv) {
  static const char *const names[] = {"ws", "wss", "http", "https", "unix"};
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--transport=", 12) != 0) continue;
    bool known = false;
    for (int k = 0; k < 5; k++) {
      if (!strcmp(argv[i] + 12, names[k])) {
        tr = (tr_kind)k;
        tr_name = names[k];
        known = true;
      }
    }
    if (!known) {
      fprintf(stderr, "unknown transport %s (ws, wss, http, https, unix)\n", argv[i] + 12);
      return 2;
    }
  }
  if (is_tls()) {
    const char *tmp = getenv("JANUV_TEST_TMPDIR");
    if (!tmp || !*tmp) tmp = "/tmp";
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST) perror(tmp);
    snprintf(certs_dir, sizeof certs_dir, "%s/faults-mock-%ld", tmp, (long)getpid());
    if (t_make_certs(certs_dir, &certs) != 0) return 1;
    atexit(remove_certs);
  }
  static const t_case cases[] = {FAULT_CASES(CASE_ENTRY)};
  return t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
