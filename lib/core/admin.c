/*
 * The Admin/Monitor API client: a jv_conn of its own (JANUV_API_ADMIN: the transport speaks the admin
 * protocol, jv_conn_request adds "admin_secret"), typed requests, and decoders turning success
 * replies into C results.
 */
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "januv/admin.h"
#include "januv/errors.h"

struct januv_admin {
  jv_conn conn; /* first: conn callbacks get back to the admin by a cast */
  januv_admin_state_cb state_cb;
  void *state_data;
  void *data;
  jv_defer open_defer;
  jv_defer close_defer;
  januv_admin_close_cb close_cb;
  void *close_data;
  bool closing;
};

static januv_admin *admin_of(jv_conn *conn) { return (januv_admin *)conn; }

void januv_admin_options_init(januv_admin_options *o) {
  memset(o, 0, sizeof *o);
  o->request_timeout_ms = 15000;
  o->connect_timeout_ms = 10000;
  o->ws_ping_interval_ms = 20000;
  o->ws_ping_timeout_ms = 10000;
  o->max_message_size = 16u << 20;
  o->log_level = JANUV_LOG_WARN;
  o->http_max_connections = 4;
}

/* ---- connection ---- */

/* The Admin API has no events: anything unsolicited is a late reply (after a timeout or cancel) or noise. */
static void on_conn_event(jv_conn *conn, const cJSON *msg, const char *verb) {
  (void)msg;
  jv_logf(&conn->log, JANUV_LOG_INFO, "admin: ignoring an unmatched \"%s\" message", verb);
}

static void on_conn_state(jv_conn *conn, januv_conn_state st, int err, const char *detail) {
  januv_admin *a = admin_of(conn);
  if (a->state_cb) a->state_cb(a, st, err, detail, a->state_data);
}

static void on_conn_session_lost(jv_conn *conn, uint64_t session_id, int err) {
  jv_logf(&conn->log, JANUV_LOG_INFO, "admin: transport reports session %llu lost (%s)",
          (unsigned long long)session_id, januv_strerror(err));
}

static void on_conn_closed(jv_conn *conn) {
  januv_admin *a = admin_of(conn);
  if (a->state_cb) a->state_cb(a, JANUV_CONN_CLOSED, 0, "", a->state_data);
  if (a->close_cb) a->close_cb(a, a->close_data);
  jv_conn_release(conn);
  free(a);
}

static const jv_conn_handlers admin_handlers = {
  .on_event = on_conn_event,
  .on_state = on_conn_state,
  .on_session_lost = on_conn_session_lost,
  .on_closed = on_conn_closed,
};

/* Opening from the loop keeps the state callback out of januv_admin_new(). */
static void do_open(jv_conn *conn, jv_defer *d) {
  januv_admin *a = admin_of(conn);
  (void)d;
  if (a->closing) return;
  if (a->state_cb) a->state_cb(a, JANUV_CONN_CONNECTING, 0, "", a->state_data);
  if (!a->closing) jv_conn_open(conn);
}

static void do_close(jv_conn *conn, jv_defer *d) {
  (void)d;
  jv_conn_close(conn);
}

int januv_admin_new(uv_loop_t *loop, const char *url, const januv_admin_options *opts, januv_admin **out) {
  if (!loop || !url || !out) return JANUV_EINVAL;
  januv_admin_options defaults;
  if (!opts) {
    januv_admin_options_init(&defaults);
    opts = &defaults;
  }
  januv_admin *a = calloc(1, sizeof *a);
  if (!a) return JANUV_ENOMEM;
  jv_conn_options co = {
    .api = JANUV_API_ADMIN,
    .url = url,
    .request_timeout_ms = opts->request_timeout_ms,
    .connect_timeout_ms = opts->connect_timeout_ms,
    .ws_ping_interval_ms = opts->ws_ping_interval_ms,
    .ws_ping_timeout_ms = opts->ws_ping_timeout_ms,
    .max_message_size = opts->max_message_size,
    .admin_secret = opts->admin_secret,
    .log_cb = opts->log_cb,
    .log_data = opts->log_data,
    .log_level = opts->log_level,
    .tls_ca_file = opts->tls_ca_file,
    .tls_ca_dir = opts->tls_ca_dir,
    .tls_insecure_skip_verify = opts->tls_insecure_skip_verify,
    .http_max_connections = opts->http_max_connections,
  };
  int rc = jv_conn_init(&a->conn, loop, &co, &admin_handlers, a);
  if (rc != 0) {
    free(a);
    return rc;
  }
  a->state_cb = opts->state_cb;
  a->state_data = opts->state_data;
  jv_list_init(&a->open_defer.link);
  jv_list_init(&a->close_defer.link);
  a->open_defer.fn = do_open;
  a->close_defer.fn = do_close;
  jv_conn_defer(&a->conn, &a->open_defer);
  *out = a;
  return 0;
}

int januv_admin_close(januv_admin *a, januv_admin_close_cb cb, void *data) {
  if (!a) return JANUV_EINVAL;
  if (a->closing) return JANUV_ECLOSED;
  a->closing = true;
  a->conn.closing = true; /* new requests fail at once from here on */
  a->close_cb = cb;
  a->close_data = data;
  jv_conn_defer(&a->conn, &a->close_defer);
  return 0;
}

januv_conn_state januv_admin_state(const januv_admin *a) { return a->conn.state; }
uv_loop_t *januv_admin_loop(const januv_admin *a) { return a->conn.loop; }
void januv_admin_set_data(januv_admin *a, void *data) { a->data = data; }
void *januv_admin_get_data(const januv_admin *a) { return a->data; }
uint64_t januv_admin_last_request(const januv_admin *a) { return a->conn.last_request; }
size_t januv_admin_pending(const januv_admin *a) { return a->conn.ntxns; }

int januv_admin_request_cancel(januv_admin *a, uint64_t request) {
  jv_txn *t = a ? jv_txn_lookup(&a->conn, request) : NULL;
  if (!t) return UV_ENOENT;
  jv_txn_fail_later(&a->conn, t, JANUV_ECANCELED);
  return 0;
}

int januv_admin_request_set_timeout(januv_admin *a, uint64_t request, uint32_t timeout_ms) {
  if (!a || timeout_ms == 0) return JANUV_EINVAL;
  jv_txn *t = jv_txn_lookup(&a->conn, request);
  if (!t) return UV_ENOENT;
  return jv_txn_set_timeout(&a->conn, t, timeout_ms);
}

/* ---- decoding replies into typed results ---- */

typedef enum shape {
  SH_REPLY, SH_VALUE, SH_IDS, SH_TOKENS, SH_PLUGINS, SH_LOOPS, SH_STATUS, SH_HANDLE_INFO, SH_RESPONSE, SH_ADDRESS
} shape;

/* What a pending request must do with its reply; freed after its callback ran. */
typedef struct admin_call {
  shape shape;
  const char *key; /* the reply member to decode (SH_VALUE, SH_IDS, SH_ADDRESS) */
  union {
    void (*any)(void); /* tests for NULL whichever member was set */
    januv_reply_cb reply;
    januv_admin_value_cb value;
    januv_admin_ids_cb ids;
    januv_admin_tokens_cb tokens;
    januv_admin_plugins_cb plugins;
    januv_admin_loops_cb loops;
    januv_admin_status_cb status;
    januv_admin_handle_info_cb handle_info;
    januv_admin_response_cb response;
    januv_admin_address_cb address;
  } cb;
  void *data;
} admin_call;

/* The callback with no result: the request failed. */
static void deliver_failure(const admin_call *k, const januv_reply *r) {
  switch (k->shape) {
  case SH_REPLY: k->cb.reply(r, k->data); break;
  case SH_VALUE: k->cb.value(r, 0, k->data); break;
  case SH_IDS: k->cb.ids(r, NULL, 0, k->data); break;
  case SH_TOKENS: k->cb.tokens(r, NULL, 0, k->data); break;
  case SH_PLUGINS: k->cb.plugins(r, NULL, 0, k->data); break;
  case SH_LOOPS: k->cb.loops(r, NULL, 0, k->data); break;
  case SH_STATUS: k->cb.status(r, NULL, k->data); break;
  case SH_HANDLE_INFO: k->cb.handle_info(r, NULL, k->data); break;
  case SH_RESPONSE: k->cb.response(r, NULL, k->data); break;
  case SH_ADDRESS: k->cb.address(r, NULL, k->data); break;
  }
}

/* The strings of a JSON array into a new array (NULL for an empty one): 0, JANUV_EPROTO, JANUV_ENOMEM. */
static int strings_of(const cJSON *arr, const char ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (!cJSON_IsArray(arr)) return JANUV_EPROTO;
  size_t count = (size_t)cJSON_GetArraySize(arr);
  if (count == 0) return 0;
  const char **v = malloc(count * sizeof *v);
  if (!v) return JANUV_ENOMEM;
  size_t i = 0;
  for (const cJSON *it = arr->child; it; it = it->next) {
    if (!cJSON_IsString(it)) {
      free(v);
      return JANUV_EPROTO;
    }
    v[i++] = it->valuestring;
  }
  *out = v;
  *n = count;
  return 0;
}

static int deliver_value(const admin_call *k, const januv_reply *r) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, k->key);
  if (cJSON_IsBool(v)) {
    k->cb.value(r, cJSON_IsTrue(v) ? 1 : 0, k->data);
  } else if (cJSON_IsNumber(v)) {
    k->cb.value(r, (int64_t)v->valuedouble, k->data);
  } else {
    return JANUV_EPROTO;
  }
  return 0;
}

static int deliver_ids(const admin_call *k, const januv_reply *r) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, k->key);
  if (!cJSON_IsArray(arr)) return JANUV_EPROTO;
  size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
  uint64_t *ids = n ? malloc(n * sizeof *ids) : NULL;
  if (n && !ids) return JANUV_ENOMEM;
  for (const cJSON *it = arr->child; it; it = it->next) {
    if (!(ids[i++] = januv_json_id(it))) {
      free(ids);
      return JANUV_EPROTO;
    }
  }
  k->cb.ids(r, ids, n, k->data);
  free(ids);
  return 0;
}

static int deliver_plugins(const admin_call *k, const januv_reply *r) {
  const char **plugins;
  size_t n;
  int rc = strings_of(cJSON_GetObjectItemCaseSensitive(jv_json_obj(r->json, "data"), "plugins"), &plugins, &n);
  if (rc != 0) return rc;
  k->cb.plugins(r, plugins, n, k->data);
  free(plugins);
  return 0;
}

static void free_tokens(januv_admin_token *tokens, size_t n) {
  for (size_t i = 0; i < n; i++) free((void *)tokens[i].plugins);
  free(tokens);
}

static int deliver_tokens(const admin_call *k, const januv_reply *r) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(jv_json_obj(r->json, "data"), "tokens");
  if (!cJSON_IsArray(arr)) return JANUV_EPROTO;
  size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
  januv_admin_token *tokens = n ? calloc(n, sizeof *tokens) : NULL;
  if (n && !tokens) return JANUV_ENOMEM;
  for (const cJSON *it = arr->child; it; it = it->next, i++) {
    const char **plugins = NULL;
    tokens[i].token = jv_json_str(it, "token");
    int rc = tokens[i].token ? strings_of(cJSON_GetObjectItemCaseSensitive(it, "allowed_plugins"), &plugins, &tokens[i].nplugins)
                             : JANUV_EPROTO;
    tokens[i].plugins = plugins;
    if (rc != 0) {
      free_tokens(tokens, n);
      return rc;
    }
  }
  k->cb.tokens(r, tokens, n, k->data);
  free_tokens(tokens, n);
  return 0;
}

static int deliver_loops(const admin_call *k, const januv_reply *r) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "loops");
  if (!cJSON_IsArray(arr)) return JANUV_EPROTO;
  size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
  januv_admin_event_loop *loops = n ? malloc(n * sizeof *loops) : NULL;
  if (n && !loops) return JANUV_ENOMEM;
  for (const cJSON *it = arr->child; it; it = it->next, i++) {
    loops[i].id = jv_json_int(it, "id", -1);
    loops[i].handles = jv_json_int(it, "handles", -1);
  }
  k->cb.loops(r, loops, n, k->data);
  free(loops);
  return 0;
}

static int deliver_status(const admin_call *k, const januv_reply *r) {
  const cJSON *s = jv_json_obj(r->json, "status");
  if (!s) return JANUV_EPROTO;
  januv_admin_status st = {
    .token_auth = jv_json_true(s, "token_auth"),
    .session_timeout = jv_json_int(s, "session_timeout", -1),
    .reclaim_session_timeout = jv_json_int(s, "reclaim_session_timeout", -1),
    .candidates_timeout = jv_json_int(s, "candidates_timeout", -1),
    .log_level = jv_json_int(s, "log_level", -1),
    .log_timestamps = jv_json_true(s, "log_timestamps"),
    .log_colors = jv_json_true(s, "log_colors"),
    .locking_debug = jv_json_true(s, "locking_debug"),
    .refcount_debug = jv_json_true(s, "refcount_debug"),
    .libnice_debug = jv_json_true(s, "libnice_debug"),
    .min_nack_queue = jv_json_int(s, "min_nack_queue", -1),
    .nack_optimizations = jv_json_true(s, "nack-optimizations"),
    .no_media_timer = jv_json_int(s, "no_media_timer", -1),
    .slowlink_threshold = jv_json_int(s, "slowlink_threshold", -1),
  };
  k->cb.status(r, &st, k->data);
  return 0;
}

static int deliver_handle_info(const admin_call *k, const januv_reply *r) {
  const cJSON *in = jv_json_obj(r->json, "info");
  if (!in) return JANUV_EPROTO;
  januv_admin_handle_details info = {
    .session_id = januv_json_id(cJSON_GetObjectItemCaseSensitive(in, "session_id")),
    .handle_id = januv_json_id(cJSON_GetObjectItemCaseSensitive(in, "handle_id")),
    .plugin = jv_json_str(in, "plugin"),
    .opaque_id = jv_json_str(in, "opaque_id"),
    .session_transport = jv_json_str(in, "session_transport"),
    .token = jv_json_str(in, "token"),
    .session_timeout = jv_json_int(in, "session_timeout", -1),
    .session_last_activity = jv_json_int(in, "session_last_activity", -1),
    .created = jv_json_int(in, "created", -1),
    .current_time = jv_json_int(in, "current_time", -1),
    .loop_running = jv_json_true(in, "loop-running"),
    .pcap_file = jv_json_str(in, "pcap-file"),
    .text2pcap_file = jv_json_str(in, "text2pcap-file"),
    .plugin_specific = jv_json_obj(in, "plugin_specific"),
    .flags = jv_json_obj(in, "flags"),
    .sdps = jv_json_obj(in, "sdps"),
    .webrtc = jv_json_obj(in, "webrtc"),
    .json = in,
  };
  k->cb.handle_info(r, &info, k->data);
  return 0;
}

/* A module's own error inside a success reply is still a failure for the caller. */
static int deliver_response(const admin_call *k, const januv_reply *r) {
  const cJSON *resp = jv_json_obj(r->json, "response");
  if (!resp) return JANUV_EPROTO;
  const cJSON *code = cJSON_GetObjectItemCaseSensitive(resp, "error_code");
  if (!cJSON_IsNumber(code)) {
    k->cb.response(r, resp, k->data);
    return 0;
  }
  januv_reply failed = *r;
  const char *why = jv_json_str(resp, "error");
  failed.status = JANUV_EPLUGIN;
  failed.plugin_code = code->valueint;
  failed.reason = why ? why : januv_strerror(JANUV_EPLUGIN);
  k->cb.response(&failed, resp, k->data);
  return 0;
}

static int deliver_address(const admin_call *k, const januv_reply *r) {
  bool stun = !strcmp(k->key, "public_ip");
  januv_admin_address addr = {
    .ip = jv_json_str(r->json, k->key),
    .port = stun ? (uint16_t)jv_json_int(r->json, "public_port", 0) : 0,
    .elapsed_us = jv_json_int(r->json, "elapsed", -1),
  };
  if (!addr.ip) return JANUV_EPROTO;
  k->cb.address(r, &addr, k->data);
  return 0;
}

static int deliver(const admin_call *k, const januv_reply *r) {
  switch (k->shape) {
  case SH_REPLY: k->cb.reply(r, k->data); return 0;
  case SH_VALUE: return deliver_value(k, r);
  case SH_IDS: return deliver_ids(k, r);
  case SH_TOKENS: return deliver_tokens(k, r);
  case SH_PLUGINS: return deliver_plugins(k, r);
  case SH_LOOPS: return deliver_loops(k, r);
  case SH_STATUS: return deliver_status(k, r);
  case SH_HANDLE_INFO: return deliver_handle_info(k, r);
  case SH_RESPONSE: return deliver_response(k, r);
  case SH_ADDRESS: return deliver_address(k, r);
  }
  return JANUV_EPROTO;
}

static void admin_done(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  admin_call *k = t->obj;
  int rc;
  if (r->status != 0) {
    deliver_failure(k, r);
  } else if ((rc = deliver(k, r)) != 0) {
    januv_reply failed = *r;
    failed.status = rc;
    failed.reason = rc == JANUV_EPROTO ? "the Admin API reply lacks the expected result" : januv_strerror(rc);
    jv_logf(&conn->log, JANUV_LOG_WARN, "admin: %s: %s", t->verb, failed.reason);
    deliver_failure(k, &failed);
  }
  free(k);
}

/* ---- building and issuing requests ---- */

/* Sends r (consumed in every case) to @p session_id / @p handle_id (0: none) with the call's decoding. */
static int issue(januv_admin *a, jv_body *r, uint64_t session_id, uint64_t handle_id, const admin_call *call) {
  int rc = !a || !call->cb.any ? JANUV_EINVAL : r->err;
  admin_call *k = rc == 0 ? malloc(sizeof *k) : NULL;
  if (rc == 0 && !k) rc = JANUV_ENOMEM;
  if (rc != 0) {
    cJSON_Delete(r->json);
    return rc;
  }
  *k = *call;
  jv_target to = {.session_id = session_id, .handle_id = handle_id};
  rc = jv_conn_request(&a->conn, r->json, &to, JV_TXN_SIMPLE, admin_done, NULL, NULL, k, NULL, NULL);
  if (rc != 0) free(k);
  return rc;
}

static int simple(januv_admin *a, const char *verb, uint64_t session_id, uint64_t handle_id, januv_reply_cb cb,
                  void *data) {
  jv_body r = jv_body_new("janus", verb);
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, session_id, handle_id, &k);
}

static int set_value(januv_admin *a, const char *verb, const char *param, const char *reply_key, bool boolean,
                     int64_t v, januv_admin_value_cb cb, void *data) {
  jv_body r = jv_body_new("janus", verb);
  if (boolean)
    jv_body_bool(&r, param, v != 0);
  else
    jv_body_int(&r, param, v);
  admin_call k = {.shape = SH_VALUE, .key = reply_key, .cb.value = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

/* ---- generic ---- */

int januv_admin_info(januv_admin *a, januv_reply_cb cb, void *data) { return simple(a, "info", 0, 0, cb, data); }
int januv_admin_ping(januv_admin *a, januv_reply_cb cb, void *data) { return simple(a, "ping", 0, 0, cb, data); }

int januv_admin_loops_info(januv_admin *a, januv_admin_loops_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "loops_info");
  admin_call k = {.shape = SH_LOOPS, .cb.loops = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_send(januv_admin *a, const cJSON *request, januv_reply_cb cb, void *data) {
  if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(request, "janus"))) return JANUV_EINVAL;
  jv_body r = {cJSON_Duplicate(request, true), 0};
  jv_body_fail(&r, r.json != NULL, JANUV_ENOMEM);
  /* januv stamps these itself; the ids become the request's address. */
  uint64_t session_id = januv_json_id(cJSON_GetObjectItemCaseSensitive(request, "session_id"));
  uint64_t handle_id = januv_json_id(cJSON_GetObjectItemCaseSensitive(request, "handle_id"));
  cJSON_DeleteItemFromObjectCaseSensitive(r.json, "session_id");
  cJSON_DeleteItemFromObjectCaseSensitive(r.json, "handle_id");
  cJSON_DeleteItemFromObjectCaseSensitive(r.json, "transaction");
  if (a && a->conn.admin_secret) cJSON_DeleteItemFromObjectCaseSensitive(r.json, "admin_secret");
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, session_id, handle_id, &k);
}

/* ---- configuration ---- */

int januv_admin_get_status(januv_admin *a, januv_admin_status_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "get_status");
  admin_call k = {.shape = SH_STATUS, .cb.status = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_set_session_timeout(januv_admin *a, uint64_t session_id, int timeout_s, januv_admin_value_cb cb,
                                    void *data) {
  jv_body r = jv_body_new("janus", "set_session_timeout");
  jv_body_fail(&r, timeout_s >= (session_id ? -1 : 0), JANUV_EINVAL);
  jv_body_int(&r, "timeout", timeout_s);
  admin_call k = {.shape = SH_VALUE, .key = "timeout", .cb.value = cb, .data = data};
  return issue(a, &r, session_id, 0, &k);
}

int januv_admin_set_log_level(januv_admin *a, int level, januv_admin_value_cb cb, void *data) {
  if (level < 0 || level > 7) return JANUV_EINVAL;
  return set_value(a, "set_log_level", "level", "level", false, level, cb, data);
}

int januv_admin_set_log_timestamps(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_log_timestamps", "timestamps", "log_timestamps", true, on, cb, data);
}

int januv_admin_set_log_colors(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_log_colors", "colors", "log_colors", true, on, cb, data);
}

int januv_admin_set_locking_debug(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_locking_debug", "debug", "locking_debug", true, on, cb, data);
}

int januv_admin_set_refcount_debug(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_refcount_debug", "debug", "refcount_debug", true, on, cb, data);
}

int januv_admin_set_libnice_debug(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_libnice_debug", "debug", "libnice_debug", true, on, cb, data);
}

int januv_admin_set_min_nack_queue(januv_admin *a, uint32_t ms, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_min_nack_queue", "min_nack_queue", "min_nack_queue", false, ms, cb, data);
}

int januv_admin_set_nack_optimizations(januv_admin *a, bool on, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_nack_optimizations", "nack_optimizations", "nack-optimizations", true, on, cb, data);
}

int januv_admin_set_no_media_timer(januv_admin *a, uint32_t seconds, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_no_media_timer", "no_media_timer", "no_media_timer", false, seconds, cb, data);
}

int januv_admin_set_slowlink_threshold(januv_admin *a, uint32_t packets, januv_admin_value_cb cb, void *data) {
  return set_value(a, "set_slowlink_threshold", "slowlink_threshold", "slowlink_threshold", false, packets, cb,
                   data);
}

int januv_admin_accept_new_sessions(januv_admin *a, bool accept, januv_admin_value_cb cb, void *data) {
  return set_value(a, "accept_new_sessions", "accept", "accept", true, accept, cb, data);
}

/* ---- tokens ---- */

static int token_plugins(januv_admin *a, const char *verb, const char *token, const char *const *plugins,
                         size_t nplugins, bool need_plugins, januv_admin_plugins_cb cb, void *data) {
  jv_body r = jv_body_new("janus", verb);
  jv_body_str(&r, "token", token, true);
  jv_body_fail(&r, nplugins > 0 || !need_plugins, JANUV_EINVAL);
  jv_body_strs(&r, "plugins", plugins, nplugins);
  admin_call k = {.shape = SH_PLUGINS, .cb.plugins = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_add_token(januv_admin *a, const char *token, const char *const *plugins, size_t nplugins,
                          januv_admin_plugins_cb cb, void *data) {
  return token_plugins(a, "add_token", token, plugins, nplugins, false, cb, data);
}

int januv_admin_allow_token(januv_admin *a, const char *token, const char *const *plugins, size_t nplugins,
                            januv_admin_plugins_cb cb, void *data) {
  return token_plugins(a, "allow_token", token, plugins, nplugins, true, cb, data);
}

int januv_admin_disallow_token(januv_admin *a, const char *token, const char *const *plugins, size_t nplugins,
                               januv_admin_plugins_cb cb, void *data) {
  return token_plugins(a, "disallow_token", token, plugins, nplugins, true, cb, data);
}

int januv_admin_list_tokens(januv_admin *a, januv_admin_tokens_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "list_tokens");
  admin_call k = {.shape = SH_TOKENS, .cb.tokens = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_remove_token(januv_admin *a, const char *token, januv_reply_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "remove_token");
  jv_body_str(&r, "token", token, true);
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

/* ---- sessions and handles ---- */

int januv_admin_list_sessions(januv_admin *a, januv_admin_ids_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "list_sessions");
  admin_call k = {.shape = SH_IDS, .key = "sessions", .cb.ids = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_destroy_session(januv_admin *a, uint64_t session_id, januv_reply_cb cb, void *data) {
  if (!session_id) return JANUV_EINVAL;
  return simple(a, "destroy_session", session_id, 0, cb, data);
}

int januv_admin_list_handles(januv_admin *a, uint64_t session_id, januv_admin_ids_cb cb, void *data) {
  if (!session_id) return JANUV_EINVAL;
  jv_body r = jv_body_new("janus", "list_handles");
  admin_call k = {.shape = SH_IDS, .key = "handles", .cb.ids = cb, .data = data};
  return issue(a, &r, session_id, 0, &k);
}

int januv_admin_handle_info(januv_admin *a, uint64_t session_id, uint64_t handle_id, bool plugin_only,
                            januv_admin_handle_info_cb cb, void *data) {
  if (!session_id || !handle_id) return JANUV_EINVAL;
  jv_body r = jv_body_new("janus", "handle_info");
  if (plugin_only) jv_body_bool(&r, "plugin_only", true);
  admin_call k = {.shape = SH_HANDLE_INFO, .cb.handle_info = cb, .data = data};
  return issue(a, &r, session_id, handle_id, &k);
}

static int handle_request(januv_admin *a, const char *verb, uint64_t session_id, uint64_t handle_id,
                          januv_reply_cb cb, void *data) {
  if (!session_id || !handle_id) return JANUV_EINVAL;
  return simple(a, verb, session_id, handle_id, cb, data);
}

int januv_admin_hangup_webrtc(januv_admin *a, uint64_t session_id, uint64_t handle_id, januv_reply_cb cb,
                              void *data) {
  return handle_request(a, "hangup_webrtc", session_id, handle_id, cb, data);
}

int januv_admin_detach_handle(januv_admin *a, uint64_t session_id, uint64_t handle_id, januv_reply_cb cb,
                              void *data) {
  return handle_request(a, "detach_handle", session_id, handle_id, cb, data);
}

static int start_capture(januv_admin *a, const char *verb, uint64_t session_id, uint64_t handle_id,
                         const char *folder, const char *filename, uint32_t truncate, januv_reply_cb cb,
                         void *data) {
  if (!session_id || !handle_id) return JANUV_EINVAL;
  jv_body r = jv_body_new("janus", verb);
  jv_body_str(&r, "folder", folder, false);
  jv_body_str(&r, "filename", filename, false);
  if (truncate) jv_body_int(&r, "truncate", truncate);
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, session_id, handle_id, &k);
}

int januv_admin_start_pcap(januv_admin *a, uint64_t session_id, uint64_t handle_id, const char *folder,
                           const char *filename, uint32_t truncate, januv_reply_cb cb, void *data) {
  return start_capture(a, "start_pcap", session_id, handle_id, folder, filename, truncate, cb, data);
}

int januv_admin_start_text2pcap(januv_admin *a, uint64_t session_id, uint64_t handle_id, const char *folder,
                                const char *filename, uint32_t truncate, januv_reply_cb cb, void *data) {
  return start_capture(a, "start_text2pcap", session_id, handle_id, folder, filename, truncate, cb, data);
}

int januv_admin_stop_pcap(januv_admin *a, uint64_t session_id, uint64_t handle_id, januv_reply_cb cb, void *data) {
  return handle_request(a, "stop_pcap", session_id, handle_id, cb, data);
}

int januv_admin_stop_text2pcap(januv_admin *a, uint64_t session_id, uint64_t handle_id, januv_reply_cb cb,
                               void *data) {
  return handle_request(a, "stop_text2pcap", session_id, handle_id, cb, data);
}

/* ---- modules ---- */

static int query(januv_admin *a, const char *verb, const char *name_key, const char *name, const cJSON *request,
                 januv_admin_response_cb cb, void *data) {
  jv_body r = jv_body_new("janus", verb);
  jv_body_str(&r, name_key, name, true);
  jv_body_obj(&r, "request", request);
  admin_call k = {.shape = SH_RESPONSE, .cb.response = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_message_plugin(januv_admin *a, const char *plugin, const cJSON *request, januv_admin_response_cb cb,
                               void *data) {
  return query(a, "message_plugin", "plugin", plugin, request, cb, data);
}

int januv_admin_query_transport(januv_admin *a, const char *transport, const cJSON *request,
                                januv_admin_response_cb cb, void *data) {
  return query(a, "query_transport", "transport", transport, request, cb, data);
}

int januv_admin_query_eventhandler(januv_admin *a, const char *handler, const cJSON *request,
                                   januv_admin_response_cb cb, void *data) {
  return query(a, "query_eventhandler", "handler", handler, request, cb, data);
}

int januv_admin_query_logger(januv_admin *a, const char *logger, const cJSON *request, januv_admin_response_cb cb,
                             void *data) {
  return query(a, "query_logger", "logger", logger, request, cb, data);
}

int januv_admin_custom_event(januv_admin *a, const char *schema, const cJSON *event_data, januv_reply_cb cb,
                             void *data) {
  jv_body r = jv_body_new("janus", "custom_event");
  jv_body_str(&r, "schema", schema, true);
  jv_body_fail(&r, cJSON_IsObject(event_data), JANUV_EINVAL);
  jv_body_obj(&r, "data", event_data);
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_custom_logline(januv_admin *a, const char *line, int level, januv_reply_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "custom_logline");
  jv_body_str(&r, "line", line, true);
  jv_body_fail(&r, level <= 7, JANUV_EINVAL);
  if (level >= 0) jv_body_int(&r, "level", level);
  admin_call k = {.shape = SH_REPLY, .cb.reply = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

/* ---- helpers ---- */

int januv_admin_resolve_address(januv_admin *a, const char *address, januv_admin_address_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "resolve_address");
  jv_body_str(&r, "address", address, true);
  admin_call k = {.shape = SH_ADDRESS, .key = "ip", .cb.address = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}

int januv_admin_test_stun(januv_admin *a, const char *address, uint16_t port, uint16_t local_port,
                          januv_admin_address_cb cb, void *data) {
  jv_body r = jv_body_new("janus", "test_stun");
  jv_body_str(&r, "address", address, true);
  jv_body_fail(&r, port != 0, JANUV_EINVAL);
  jv_body_int(&r, "port", port);
  if (local_port) jv_body_int(&r, "localport", local_port);
  admin_call k = {.shape = SH_ADDRESS, .key = "public_ip", .cb.address = cb, .data = data};
  return issue(a, &r, 0, 0, &k);
}
