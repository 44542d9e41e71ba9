/*
 * The Admin API client against the mock server (WebSocket, janus-admin-protocol): the exact fields of
 * every typed request, the decoding of every typed result (including replies missing their result),
 * and exactly-once completion under timeouts, duplicates, errors and a dropped connection.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "januv.h"
#include "mock.h"

#define SECRET "mock-admin-secret"

/* What the mock does with each request. */
typedef enum mode { ANSWER, EMPTY, SILENT, TWICE, ERROR, DROP_THIRD, PING_ONLY } mode;

typedef struct env {
  uv_loop_t loop;
  mock *m;
  januv_admin *a;
  mode mode;
  cJSON *canned; /* members merged into every success reply (ANSWER, TWICE) */
  cJSON *seen;   /* array: copies of the requests received */
  bool closed;
  t_logbuf log;
} env;

static void handler(mock *m, mock_conn *c, const cJSON *req, void *data) {
  env *e = data;
  (void)m;
  cJSON_AddItemToArray(e->seen, cJSON_Duplicate(req, true));
  bool ping = !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(req, "janus")), "ping");
  if (e->mode == SILENT || (e->mode == PING_ONLY && !ping)) return;
  if (e->mode == DROP_THIRD) {
    if (cJSON_GetArraySize(e->seen) == 3) mock_drop(c);
    return;
  }
  if (e->mode == ERROR) {
    mock_send(c, mock_error_to(req, 458, "No such session"));
    return;
  }
  cJSON *reply = mock_reply_to(req, "success");
  if (e->mode != EMPTY)
    for (const cJSON *it = e->canned->child; it; it = it->next)
      cJSON_AddItemToObject(reply, it->string, cJSON_Duplicate(it, true));
  if (e->mode == TWICE) mock_send(c, cJSON_Duplicate(reply, true));
  mock_send(c, reply);
}

/* Every result member the decoders look for, with values that tell the keys apart. */
static const char canned_json[] =
  "{\"sessions\":[11,12,13],\"handles\":[22],"
  "\"data\":{\"tokens\":[{\"token\":\"t1\",\"allowed_plugins\":[\"p.a\",\"p.b\"]},"
  "{\"token\":\"t2\",\"allowed_plugins\":[]}],\"plugins\":[\"p.a\"]},"
  "\"status\":{\"token_auth\":true,\"session_timeout\":61,\"reclaim_session_timeout\":2,\"candidates_timeout\":45,"
  "\"log_level\":6,\"log_timestamps\":true,\"log_colors\":false,\"locking_debug\":true,\"refcount_debug\":false,"
  "\"libnice_debug\":true,\"min_nack_queue\":201,\"nack-optimizations\":true,\"no_media_timer\":7,"
  "\"slowlink_threshold\":8},"
  "\"loops\":[{\"id\":1,\"handles\":4},{\"id\":2,\"handles\":0}],"
  "\"info\":{\"session_id\":11,\"handle_id\":22,\"plugin\":\"p.a\",\"opaque_id\":\"o\","
  "\"session_transport\":\"t.ws\",\"token\":\"t1\",\"session_timeout\":60,\"session_last_activity\":100,"
  "\"created\":90,\"current_time\":120,\"loop-running\":true,\"dump-to-pcap\":true,\"pcap-file\":\"/x.pcap\","
  "\"plugin_specific\":{\"k\":1},\"flags\":{\"ready\":true},\"sdps\":{},\"webrtc\":{\"ice\":{}}},"
  "\"response\":{\"ok\":1},\"ip\":\"10.0.0.1\",\"public_ip\":\"192.0.2.7\",\"public_port\":3478,\"elapsed\":5,"
  "\"timeout\":9,\"level\":5,\"log_timestamps\":true,\"log_colors\":false,\"locking_debug\":true,"
  "\"refcount_debug\":false,\"libnice_debug\":true,\"min_nack_queue\":300,\"nack-optimizations\":false,"
  "\"no_media_timer\":2,\"slowlink_threshold\":3,\"accept\":true}";

static void on_admin_state(januv_admin *a, januv_conn_state st, int err, const char *detail, void *data) {
  (void)a;
  (void)st;
  (void)err;
  (void)detail;
  (void)data;
}

static void env_init(env *e, mode md) {
  memset(e, 0, sizeof *e);
  uv_loop_init(&e->loop);
  e->mode = md;
  e->canned = cJSON_Parse(canned_json);
  e->seen = cJSON_CreateArray();
  e->m = mock_new(&e->loop, handler, e);
  januv_admin_options o;
  januv_admin_options_init(&o);
  o.admin_secret = SECRET;
  o.log_cb = t_logbuf_cb;
  o.log_data = &e->log;
  o.log_level = JANUV_LOG_DEBUG;
  o.state_cb = on_admin_state;
  if (!e->canned || januv_admin_new(&e->loop, mock_url(e->m), &o, &e->a) != 0) abort();
}

static void on_closed(januv_admin *a, void *data) {
  (void)a;
  ((env *)data)->closed = true;
}

static bool env_done(env *e) {
  bool ok = true;
  if (e->a && !e->closed) {
    januv_admin_close(e->a, on_closed, e);
    ok = t_wait(&e->loop, &e->closed, 5000);
  }
  mock_free(e->m);
  ok = t_loop_close(&e->loop, 5000) && ok;
  ok = ok && (!e->log.text || !strstr(e->log.text, SECRET)); /* masked in every logged frame */
  t_logbuf_free(&e->log);
  cJSON_Delete(e->canned);
  cJSON_Delete(e->seen);
  return ok;
}

/* One completed call: everything its callback saw. */
typedef struct rec {
  bool done;
  int calls, status;
  bool result; /* a non-NULL result (or array) was given */
  int64_t value;
  size_t n;
  uint64_t ids[8];
  char s[8][16];
  size_t sub[8];
  januv_admin_status st;
  januv_admin_event_loop loops[4];
  uint64_t sid, hid;
  char t1[32], t2[32], t3[32];
  int64_t i1, i2;
  bool b1;
  bool has_json;
} rec;

static void note(rec *r, const januv_reply *rep) {
  r->done = true;
  r->calls++;
  r->status = rep->status;
  r->has_json = rep->json != NULL;
}

static void on_reply(const januv_reply *rep, void *data) { note(data, rep); }

static void on_value(const januv_reply *rep, int64_t v, void *data) {
  rec *r = data;
  note(r, rep);
  r->value = v;
}

static void on_ids(const januv_reply *rep, const uint64_t *ids, size_t n, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = ids != NULL;
  r->n = n;
  for (size_t i = 0; i < n && i < 8; i++) r->ids[i] = ids[i];
}

static void on_plugins(const januv_reply *rep, const char *const *p, size_t n, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = p != NULL;
  r->n = n;
  for (size_t i = 0; i < n && i < 8; i++) snprintf(r->s[i], sizeof r->s[i], "%s", p[i]);
}

static void on_tokens(const januv_reply *rep, const januv_admin_token *t, size_t n, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = t != NULL;
  r->n = n;
  for (size_t i = 0; i < n && i < 8; i++) {
    snprintf(r->s[i], sizeof r->s[i], "%s", t[i].token);
    r->sub[i] = t[i].nplugins;
  }
  if (n > 0 && t[0].nplugins == 2) snprintf(r->t1, sizeof r->t1, "%s,%s", t[0].plugins[0], t[0].plugins[1]);
}

static void on_status(const januv_reply *rep, const januv_admin_status *st, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = st != NULL;
  if (st) r->st = *st;
}

static void on_loops(const januv_reply *rep, const januv_admin_event_loop *l, size_t n, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = l != NULL;
  r->n = n;
  for (size_t i = 0; i < n && i < 4; i++) r->loops[i] = l[i];
}

static void on_handle_info(const januv_reply *rep, const januv_admin_handle_details *h, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = h != NULL;
  if (!h) return;
  r->sid = h->session_id;
  r->hid = h->handle_id;
  snprintf(r->t1, sizeof r->t1, "%s|%s|%s", h->plugin, h->opaque_id, h->session_transport);
  snprintf(r->t2, sizeof r->t2, "%s|%s", h->token, h->pcap_file);
  snprintf(r->t3, sizeof r->t3, "%s", h->text2pcap_file ? h->text2pcap_file : "none");
  r->i1 = h->current_time - h->created;
  r->i2 = h->session_timeout;
  r->b1 = h->loop_running && h->plugin_specific && h->flags && h->sdps && h->webrtc && h->json;
}

static void on_response(const januv_reply *rep, const cJSON *resp, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = resp != NULL;
  r->value = resp ? (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(resp, "ok")) : 0;
}

static void on_address(const januv_reply *rep, const januv_admin_address *ad, void *data) {
  rec *r = data;
  note(r, rep);
  r->result = ad != NULL;
  if (!ad) return;
  snprintf(r->t1, sizeof r->t1, "%s", ad->ip);
  r->i1 = ad->port;
  r->i2 = ad->elapsed_us;
}

/* The request the mock saw with this verb (the n-th one, from 0), or NULL. */
static const cJSON *seen(const env *e, const char *verb, int n) {
  for (const cJSON *it = e->seen->child; it; it = it->next)
    if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "janus")), verb) && n-- == 0) return it;
  return NULL;
}

static bool has(const cJSON *req, const char *key) { return cJSON_GetObjectItemCaseSensitive(req, key) != NULL; }
static double num(const cJSON *req, const char *key) {
  return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(req, key));
}
static const char *str(const cJSON *req, const char *key) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req, key));
  return s ? s : "";
}
static bool is_true(const cJSON *req, const char *key) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req, key));
}
static bool is_false(const cJSON *req, const char *key) {
  return cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(req, key));
}

enum { NREC = 48 };

/* Every typed call: the fields it sends and the result it decodes. */
static void typed_calls(void) {
  env e;
  env_init(&e, ANSWER);
  januv_admin *a = e.a;
  rec r[NREC];
  memset(r, 0, sizeof r);
  const char *const two[] = {"p.a", "p.b"};
  cJSON *q = cJSON_Parse("{\"request\":\"x\"}");
  cJSON *evd = cJSON_Parse("{\"cpu\":3}");
  CHECK_EQ_INT(januv_admin_info(a, on_reply, &r[0]), 0);
  CHECK_EQ_INT(januv_admin_ping(a, on_reply, &r[1]), 0);
  CHECK_EQ_INT(januv_admin_loops_info(a, on_loops, &r[2]), 0);
  CHECK_EQ_INT(januv_admin_get_status(a, on_status, &r[3]), 0);
  CHECK_EQ_INT(januv_admin_set_session_timeout(a, 0, 9, on_value, &r[4]), 0);
  CHECK_EQ_INT(januv_admin_set_session_timeout(a, 11, -1, on_value, &r[5]), 0);
  CHECK_EQ_INT(januv_admin_set_log_level(a, 5, on_value, &r[6]), 0);
  CHECK_EQ_INT(januv_admin_set_log_timestamps(a, false, on_value, &r[7]), 0);
  CHECK_EQ_INT(januv_admin_set_log_colors(a, true, on_value, &r[8]), 0);
  CHECK_EQ_INT(januv_admin_set_locking_debug(a, false, on_value, &r[9]), 0);
  CHECK_EQ_INT(januv_admin_set_refcount_debug(a, true, on_value, &r[10]), 0);
  CHECK_EQ_INT(januv_admin_set_libnice_debug(a, false, on_value, &r[11]), 0);
  CHECK_EQ_INT(januv_admin_set_min_nack_queue(a, 300, on_value, &r[12]), 0);
  CHECK_EQ_INT(januv_admin_set_nack_optimizations(a, true, on_value, &r[13]), 0);
  CHECK_EQ_INT(januv_admin_set_no_media_timer(a, 2, on_value, &r[14]), 0);
  CHECK_EQ_INT(januv_admin_set_slowlink_threshold(a, 3, on_value, &r[15]), 0);
  CHECK_EQ_INT(januv_admin_add_token(a, "t1", two, 2, on_plugins, &r[16]), 0);
  CHECK_EQ_INT(januv_admin_add_token(a, "t2", NULL, 0, on_plugins, &r[17]), 0);
  CHECK_EQ_INT(januv_admin_allow_token(a, "t1", two + 1, 1, on_plugins, &r[18]), 0);
  CHECK_EQ_INT(januv_admin_disallow_token(a, "t1", two, 1, on_plugins, &r[19]), 0);
  CHECK_EQ_INT(januv_admin_list_tokens(a, on_tokens, &r[20]), 0);
  CHECK_EQ_INT(januv_admin_remove_token(a, "t1", on_reply, &r[21]), 0);
  CHECK_EQ_INT(januv_admin_accept_new_sessions(a, false, on_value, &r[22]), 0);
  CHECK_EQ_INT(januv_admin_list_sessions(a, on_ids, &r[23]), 0);
  CHECK_EQ_INT(januv_admin_destroy_session(a, 11, on_reply, &r[24]), 0);
  CHECK_EQ_INT(januv_admin_list_handles(a, 11, on_ids, &r[25]), 0);
  CHECK_EQ_INT(januv_admin_handle_info(a, 11, 22, true, on_handle_info, &r[26]), 0);
  CHECK_EQ_INT(januv_admin_hangup_webrtc(a, 11, 22, on_reply, &r[27]), 0);
  CHECK_EQ_INT(januv_admin_detach_handle(a, 11, 22, on_reply, &r[28]), 0);
  CHECK_EQ_INT(januv_admin_start_pcap(a, 11, 22, "/dir", "f.pcap", 64, on_reply, &r[29]), 0);
  CHECK_EQ_INT(januv_admin_stop_pcap(a, 11, 22, on_reply, &r[30]), 0);
  CHECK_EQ_INT(januv_admin_start_text2pcap(a, 11, 22, NULL, NULL, 0, on_reply, &r[31]), 0);
  CHECK_EQ_INT(januv_admin_stop_text2pcap(a, 11, 22, on_reply, &r[32]), 0);
  CHECK_EQ_INT(januv_admin_message_plugin(a, "p.a", q, on_response, &r[33]), 0);
  CHECK_EQ_INT(januv_admin_query_transport(a, "t.ws", NULL, on_response, &r[34]), 0);
  CHECK_EQ_INT(januv_admin_query_eventhandler(a, "e.h", q, on_response, &r[35]), 0);
  CHECK_EQ_INT(januv_admin_query_logger(a, "l.j", q, on_response, &r[36]), 0);
  CHECK_EQ_INT(januv_admin_custom_event(a, "my.schema", evd, on_reply, &r[37]), 0);
  CHECK_EQ_INT(januv_admin_custom_logline(a, "hello", -1, on_reply, &r[38]), 0);
  CHECK_EQ_INT(januv_admin_custom_logline(a, "again", 2, on_reply, &r[39]), 0);
  CHECK_EQ_INT(januv_admin_resolve_address(a, "example.org", on_address, &r[40]), 0);
  CHECK_EQ_INT(januv_admin_test_stun(a, "192.0.2.1", 3478, 0, on_address, &r[41]), 0);
  CHECK_EQ_INT(januv_admin_test_stun(a, "192.0.2.1", 3479, 5000, on_address, &r[42]), 0);
  cJSON *generic = cJSON_Parse("{\"janus\":\"future_request\",\"session_id\":11,\"handle_id\":22,"
                               "\"transaction\":\"mine\",\"admin_secret\":\"other\",\"x\":1}");
  CHECK_EQ_INT(januv_admin_send(a, generic, on_reply, &r[43]), 0);
  cJSON_Delete(generic);
  cJSON_Delete(q);
  cJSON_Delete(evd);
  CHECK_EQ_INT(januv_admin_pending(a), 44);
  for (int i = 0; i < 44; i++) {
    CHECK(t_wait(&e.loop, &r[i].done, 5000));
    CHECK_EQ_INT(r[i].calls, 1);
    CHECK_EQ_INT(r[i].status, 0);
  }

  /* every request carries the secret and a transaction of januv's */
  for (const cJSON *it = e.seen->child; it; it = it->next) {
    CHECK_EQ_STR(str(it, "admin_secret"), SECRET);
    CHECK(str(it, "transaction")[0] != '\0');
    CHECK(strcmp(str(it, "transaction"), "mine") != 0);
  }
  /* top-level requests carry no ids */
  const char *const top[] = {"info", "ping", "loops_info", "get_status", "list_sessions", "list_tokens", "add_token",
                             "set_log_level", "message_plugin", "query_transport", "custom_event", "test_stun"};
  for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
    const cJSON *req = seen(&e, top[i], 0);
    CHECK(req != NULL);
    CHECK(!has(req, "session_id") && !has(req, "handle_id"));
  }
  const cJSON *req = seen(&e, "set_session_timeout", 0);
  CHECK(num(req, "timeout") == 9 && !has(req, "session_id"));
  req = seen(&e, "set_session_timeout", 1);
  CHECK(num(req, "timeout") == -1 && num(req, "session_id") == 11);
  CHECK(num(seen(&e, "set_log_level", 0), "level") == 5);
  CHECK(is_false(seen(&e, "set_log_timestamps", 0), "timestamps"));
  CHECK(is_true(seen(&e, "set_log_colors", 0), "colors"));
  CHECK(is_false(seen(&e, "set_locking_debug", 0), "debug"));
  CHECK(is_true(seen(&e, "set_refcount_debug", 0), "debug"));
  CHECK(is_false(seen(&e, "set_libnice_debug", 0), "debug"));
  CHECK(num(seen(&e, "set_min_nack_queue", 0), "min_nack_queue") == 300);
  CHECK(is_true(seen(&e, "set_nack_optimizations", 0), "nack_optimizations"));
  CHECK(num(seen(&e, "set_no_media_timer", 0), "no_media_timer") == 2);
  CHECK(num(seen(&e, "set_slowlink_threshold", 0), "slowlink_threshold") == 3);
  CHECK(is_false(seen(&e, "accept_new_sessions", 0), "accept"));
  req = seen(&e, "add_token", 0);
  CHECK_EQ_STR(str(req, "token"), "t1");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(req, "plugins")) == 2);
  CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(req, "plugins"), 1)), "p.b");
  CHECK(!has(seen(&e, "add_token", 1), "plugins"));
  CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(seen(&e, "allow_token", 0), "plugins"), 0)),
               "p.b");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(seen(&e, "disallow_token", 0), "plugins")) == 1);
  CHECK_EQ_STR(str(seen(&e, "remove_token", 0), "token"), "t1");
  CHECK(num(seen(&e, "destroy_session", 0), "session_id") == 11 && !has(seen(&e, "destroy_session", 0), "handle_id"));
  CHECK(num(seen(&e, "list_handles", 0), "session_id") == 11);
  req = seen(&e, "handle_info", 0);
  CHECK(num(req, "session_id") == 11 && num(req, "handle_id") == 22 && is_true(req, "plugin_only"));
  const char *const per_handle[] = {"hangup_webrtc", "detach_handle", "stop_pcap", "stop_text2pcap"};
  for (size_t i = 0; i < sizeof per_handle / sizeof per_handle[0]; i++)
    CHECK(num(seen(&e, per_handle[i], 0), "session_id") == 11 && num(seen(&e, per_handle[i], 0), "handle_id") == 22);
  req = seen(&e, "start_pcap", 0);
  CHECK(!strcmp(str(req, "folder"), "/dir") && !strcmp(str(req, "filename"), "f.pcap") && num(req, "truncate") == 64);
  req = seen(&e, "start_text2pcap", 0);
  CHECK(num(req, "handle_id") == 22 && !has(req, "folder") && !has(req, "filename") && !has(req, "truncate"));
  req = seen(&e, "message_plugin", 0);
  CHECK_EQ_STR(str(req, "plugin"), "p.a");
  CHECK_EQ_STR(str(cJSON_GetObjectItem(req, "request"), "request"), "x");
  req = seen(&e, "query_transport", 0);
  CHECK(!strcmp(str(req, "transport"), "t.ws") && !has(req, "request"));
  CHECK_EQ_STR(str(seen(&e, "query_eventhandler", 0), "handler"), "e.h");
  CHECK_EQ_STR(str(seen(&e, "query_logger", 0), "logger"), "l.j");
  req = seen(&e, "custom_event", 0);
  CHECK(!strcmp(str(req, "schema"), "my.schema") && num(cJSON_GetObjectItem(req, "data"), "cpu") == 3);
  CHECK(!has(seen(&e, "custom_logline", 0), "level"));
  CHECK(num(seen(&e, "custom_logline", 1), "level") == 2);
  CHECK_EQ_STR(str(seen(&e, "custom_logline", 1), "line"), "again");
  CHECK_EQ_STR(str(seen(&e, "resolve_address", 0), "address"), "example.org");
  req = seen(&e, "test_stun", 0);
  CHECK(!strcmp(str(req, "address"), "192.0.2.1") && num(req, "port") == 3478 && !has(req, "localport"));
  CHECK(num(seen(&e, "test_stun", 1), "localport") == 5000);
  req = seen(&e, "future_request", 0);
  CHECK(num(req, "session_id") == 11 && num(req, "handle_id") == 22 && num(req, "x") == 1);
  CHECK_EQ_STR(str(req, "admin_secret"), SECRET); /* januv's secret wins, once */

  /* the results */
  CHECK_EQ_INT(r[2].n, 2);
  CHECK(r[2].loops[0].id == 1 && r[2].loops[0].handles == 4 && r[2].loops[1].id == 2);
  januv_admin_status *st = &r[3].st;
  CHECK(r[3].result && st->token_auth && st->session_timeout == 61 && st->reclaim_session_timeout == 2);
  CHECK(st->candidates_timeout == 45 && st->log_level == 6 && st->log_timestamps && !st->log_colors);
  CHECK(st->locking_debug && !st->refcount_debug && st->libnice_debug && st->min_nack_queue == 201);
  CHECK(st->nack_optimizations && st->no_media_timer == 7 && st->slowlink_threshold == 8);
  /* setters report the reply's value under their own key */
  const int64_t values[] = {9, 9, 5, 1, 0, 1, 0, 1, 300, 0, 2, 3};
  for (int i = 0; i < 12; i++) CHECK_EQ_INT(r[4 + i].value, values[i]);
  CHECK_EQ_INT(r[22].value, 1);
  CHECK(r[16].result && r[16].n == 1 && !strcmp(r[16].s[0], "p.a"));
  CHECK(r[20].result && r[20].n == 2);
  CHECK(!strcmp(r[20].s[0], "t1") && r[20].sub[0] == 2 && !strcmp(r[20].t1, "p.a,p.b"));
  CHECK(!strcmp(r[20].s[1], "t2") && r[20].sub[1] == 0);
  CHECK(r[23].n == 3 && r[23].ids[0] == 11 && r[23].ids[2] == 13);
  CHECK(r[25].n == 1 && r[25].ids[0] == 22);
  CHECK(r[26].result && r[26].sid == 11 && r[26].hid == 22);
  CHECK_EQ_STR(r[26].t1, "p.a|o|t.ws");
  CHECK_EQ_STR(r[26].t2, "t1|/x.pcap");
  CHECK_EQ_STR(r[26].t3, "none");
  CHECK(r[26].i1 == 30 && r[26].i2 == 60 && r[26].b1);
  for (int i = 33; i <= 36; i++) CHECK(r[i].result && r[i].value == 1);
  CHECK(r[40].result && !strcmp(r[40].t1, "10.0.0.1") && r[40].i1 == 0 && r[40].i2 == 5);
  CHECK(r[41].result && !strcmp(r[41].t1, "192.0.2.7") && r[41].i1 == 3478);
  CHECK(env_done(&e));
}

/* A success without the result a call decodes: JANUV_EPROTO, no result, still exactly once. */
static void replies_without_results(void) {
  env e;
  env_init(&e, EMPTY);
  januv_admin *a = e.a;
  rec r[12];
  memset(r, 0, sizeof r);
  CHECK_EQ_INT(januv_admin_list_sessions(a, on_ids, &r[0]), 0);
  CHECK_EQ_INT(januv_admin_list_tokens(a, on_tokens, &r[1]), 0);
  CHECK_EQ_INT(januv_admin_add_token(a, "t", NULL, 0, on_plugins, &r[2]), 0);
  CHECK_EQ_INT(januv_admin_get_status(a, on_status, &r[3]), 0);
  CHECK_EQ_INT(januv_admin_loops_info(a, on_loops, &r[4]), 0);
  CHECK_EQ_INT(januv_admin_handle_info(a, 1, 2, false, on_handle_info, &r[5]), 0);
  CHECK_EQ_INT(januv_admin_message_plugin(a, "p", NULL, on_response, &r[6]), 0);
  CHECK_EQ_INT(januv_admin_resolve_address(a, "x", on_address, &r[7]), 0);
  CHECK_EQ_INT(januv_admin_set_log_level(a, 3, on_value, &r[8]), 0);
  CHECK_EQ_INT(januv_admin_remove_token(a, "t", on_reply, &r[9]), 0); /* nothing to decode: success */
  for (int i = 0; i < 10; i++) {
    CHECK(t_wait(&e.loop, &r[i].done, 5000));
    CHECK_EQ_INT(r[i].calls, 1);
    CHECK_EQ_INT(r[i].status, i == 9 ? 0 : JANUV_EPROTO);
    CHECK(!r[i].result);
    CHECK(r[i].has_json);
  }
  /* malformed lists */
  cJSON_ReplaceItemInObject(e.canned, "sessions", cJSON_Parse("[11,\"x\"]"));
  cJSON_ReplaceItemInObject(e.canned, "data", cJSON_Parse("{\"tokens\":[{\"token\":\"t\",\"allowed_plugins\":[1]}]}"));
  cJSON_ReplaceItemInObject(e.canned, "response", cJSON_Parse("{\"error_code\":411,\"error\":\"bad\"}"));
  e.mode = ANSWER;
  memset(r, 0, sizeof r);
  CHECK_EQ_INT(januv_admin_list_sessions(a, on_ids, &r[0]), 0);
  CHECK_EQ_INT(januv_admin_list_tokens(a, on_tokens, &r[1]), 0);
  CHECK_EQ_INT(januv_admin_query_logger(a, "l", NULL, on_response, &r[2]), 0);
  for (int i = 0; i < 3; i++) CHECK(t_wait(&e.loop, &r[i].done, 5000));
  CHECK_EQ_INT(r[0].status, JANUV_EPROTO);
  CHECK_EQ_INT(r[1].status, JANUV_EPROTO);
  CHECK(!r[0].result && !r[1].result);
  /* a module's own error: JANUV_EPLUGIN, the response still given */
  CHECK_EQ_INT(r[2].status, JANUV_EPLUGIN);
  CHECK(r[2].result);
  CHECK(env_done(&e));
}

/* Janus errors, duplicates, timeouts and a dropped connection: each callback exactly once. */
static void faults(void) {
  env e;
  env_init(&e, ERROR);
  rec r[4];
  memset(r, 0, sizeof r);
  CHECK_EQ_INT(januv_admin_list_handles(e.a, 5, on_ids, &r[0]), 0);
  CHECK(t_wait(&e.loop, &r[0].done, 5000));
  CHECK_EQ_INT(r[0].status, JANUV_EJANUS);
  CHECK(!r[0].result);
  e.mode = TWICE;
  CHECK_EQ_INT(januv_admin_list_sessions(e.a, on_ids, &r[1]), 0);
  CHECK(t_wait(&e.loop, &r[1].done, 5000));
  t_run_for(&e.loop, 50);
  CHECK_EQ_INT(r[1].calls, 1);
  CHECK_EQ_INT(r[1].status, 0);
  e.mode = SILENT;
  CHECK_EQ_INT(januv_admin_get_status(e.a, on_status, &r[2]), 0);
  CHECK_EQ_INT(januv_admin_request_set_timeout(e.a, januv_admin_last_request(e.a), 50), 0);
  CHECK(t_wait(&e.loop, &r[2].done, 5000));
  CHECK_EQ_INT(r[2].status, JANUV_ETIMEDOUT);
  CHECK(!r[2].result);
  CHECK(env_done(&e));

  env_init(&e, DROP_THIRD);
  memset(r, 0, sizeof r);
  CHECK_EQ_INT(januv_admin_list_sessions(e.a, on_ids, &r[0]), 0);
  CHECK_EQ_INT(januv_admin_handle_info(e.a, 1, 2, false, on_handle_info, &r[1]), 0);
  CHECK_EQ_INT(januv_admin_ping(e.a, on_reply, &r[2]), 0);
  for (int i = 0; i < 3; i++) {
    CHECK(t_wait(&e.loop, &r[i].done, 5000));
    CHECK_EQ_INT(r[i].status, JANUV_ECONNRESET);
  }
  t_run_for(&e.loop, 50);
  for (int i = 0; i < 3; i++) CHECK_EQ_INT(r[i].calls, 1);
  CHECK_EQ_INT(januv_admin_state(e.a), JANUV_CONN_FAILED);
  CHECK(januv_admin_ping(e.a, on_reply, &r[3]) != 0);
  CHECK(env_done(&e));
}

/* Closing from inside a callback, with another request still pending: it completes once, canceled. */
static void on_reply_then_close(const januv_reply *rep, void *data) {
  env *e = data;
  CHECK_EQ_INT(rep->status, 0);
  CHECK_EQ_INT(januv_admin_close(e->a, on_closed, e), 0);
}

static void close_inside_callback(void) {
  env e;
  env_init(&e, PING_ONLY);
  rec r = {0};
  CHECK_EQ_INT(januv_admin_list_sessions(e.a, on_ids, &r), 0);
  CHECK_EQ_INT(januv_admin_ping(e.a, on_reply_then_close, &e), 0);
  CHECK(t_wait(&e.loop, &e.closed, 5000));
  CHECK_EQ_INT(r.calls, 1);
  CHECK_EQ_INT(r.status, JANUV_ECANCELED);
  CHECK(!r.result);
  CHECK(env_done(&e));
}

T_MAIN(T_CASE(typed_calls), T_CASE(replies_without_results), T_CASE(faults), T_CASE(close_inside_callback))
