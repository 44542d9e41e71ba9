/* Plugin handles: attach, message, trickle, hangup, detach, and the one place a handle ends. */
#include <stdlib.h>
#include <string.h>

#include "core/client_int.h"
#include "januv/errors.h"
#include "util/str.h"

januv_handle *jv_handle_find(januv_session *s, uint64_t id) {
  januv_handle *h = NULL;
  HASH_FIND(hh, s->handles, &id, sizeof id, h);
  return h;
}

void jv_handle_free(januv_handle *h) {
  free(h->plugin);
  free(h);
}

void jv_handle_close(januv_handle *h, int reason) {
  if (h->state == OBJ_CLOSED) return;
  januv_session *s = h->session;
  h->state = OBJ_CLOSED;
  HASH_DEL(s->handles, h);
  s->nhandles--;
  jv_txn_fail_list(&s->client->conn, &h->txns, reason ? reason : JANUV_ECANCELED, NULL);
  if (h->cbs.on_closed) h->cbs.on_closed(h, reason, h->data);
  jv_client_bury_handle(s->client, h);
}

static void done_attach(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_handle *h = t->obj;
  januv_session *s = h->session;
  januv_reply rr = *r;
  (void)conn;
  if (rr.status == 0) {
    h->id = jv_json_u64(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->json, "data"), "id"));
    if (h->id == 0 || jv_handle_find(s, h->id)) {
      rr.status = JANUV_EPROTO;
      rr.reason = h->id ? "\"attach\" answered with the id of a handle we already have"
                        : "\"attach\" answered without a handle id";
    } else if (s->state != OBJ_OPEN) {
      rr.status = JANUV_ECANCELED;
      rr.reason = "the session is ending";
    }
  }
  if (rr.status != 0) {
    h->attach_cb(NULL, &rr, h->data);
    jv_handle_free(h);
    return;
  }
  h->state = OBJ_OPEN;
  HASH_ADD(hh, s->handles, id, sizeof h->id, h);
  s->nhandles++;
  h->attach_cb(h, &rr, h->data);
}

int januv_handle_attach(januv_session *s, const char *plugin, const char *opaque_id,
                        const januv_handle_callbacks *cbs, januv_handle_cb cb, void *data) {
  if (!s || !plugin || !*plugin || !cb) return JANUV_EINVAL;
  if (s->state != OBJ_OPEN) return JANUV_ECLOSED;
  januv_handle *h = calloc(1, sizeof *h);
  if (!h || !(h->plugin = jv_strdup(plugin))) {
    free(h);
    return JANUV_ENOMEM;
  }
  h->session = s;
  if (cbs) h->cbs = *cbs;
  h->attach_cb = cb;
  h->data = data;
  h->state = OBJ_PENDING;
  jv_list_init(&h->txns);
  jv_list_init(&h->zombie_link);
  jv_conn *c = &s->client->conn;
  jv_req_begin(c, "attach");
  jv_req_str(c, "plugin", plugin);
  if (opaque_id) jv_req_str(c, "opaque_id", opaque_id);
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = done_attach, .obj = h, .owner = &s->txns, .to.session_id = s->id};
  int rc = jv_req_send(c, &call, NULL);
  if (rc != 0) jv_handle_free(h);
  return rc;
}

/* Sends the request built in the conn's buffer to the handle. */
static int handle_send(januv_handle *h, jv_txn_kind kind, jv_txn_done_fn done, januv_reply_cb cb, void *data) {
  jv_call call = {.kind = kind, .done = done, .cb = cb, .data = data, .obj = h, .owner = &h->txns,
                  .to = {.session_id = h->session->id, .handle_id = h->id}};
  return jv_req_send(&h->session->client->conn, &call, NULL);
}

static jv_conn *conn_of(januv_handle *h) { return &h->session->client->conn; }

/* Without a callback, the plugin's answer is an event like any other. */
static void done_message(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_handle *h = t->obj;
  if (t->cb) {
    t->cb(r, t->data);
  } else if (r->status == 0 && r->json && h->state != OBJ_CLOSED && h->cbs.on_event) {
    januv_event ev = {.type = JANUV_EVENT_PLUGIN, .json = r->json, .plugin = r->plugin, .data = r->data, .jsep = r->jsep};
    h->cbs.on_event(h, &ev, h->data);
  } else if (r->status != 0) {
    jv_logf(&conn->log, JANUV_LOG_WARN, "message on handle %llu failed: %s", (unsigned long long)h->id, r->reason);
  }
}

int januv_handle_message(januv_handle *h, const cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data) {
  if (!h || !cJSON_IsObject(body) || (jsep && !cJSON_IsObject(jsep))) return JANUV_EINVAL;
  if (h->state != OBJ_OPEN) return JANUV_ECLOSED;
  jv_conn *c = conn_of(h);
  jv_req_begin(c, "message");
  jv_req_json(c, "body", body);
  jv_req_json(c, "jsep", jsep);
  return handle_send(h, JV_TXN_PLUGIN, done_message, cb, data);
}

/* A request whose answer is the first ack/success/error, with one optional member. */
static int simple_request(januv_handle *h, const char *verb, const char *key, const cJSON *value, januv_reply_cb cb,
                          void *data) {
  if (h->state != OBJ_OPEN) return JANUV_ECLOSED;
  jv_conn *c = conn_of(h);
  jv_req_begin(c, verb);
  if (key) jv_req_json(c, key, value);
  return handle_send(h, JV_TXN_SIMPLE, jv_done_user, cb, data);
}

int januv_handle_trickle(januv_handle *h, const cJSON *candidate, januv_reply_cb cb, void *data) {
  if (!h || !cJSON_IsObject(candidate)) return JANUV_EINVAL;
  return simple_request(h, "trickle", "candidate", candidate, cb, data);
}

int januv_handle_trickle_many(januv_handle *h, const cJSON *candidates, januv_reply_cb cb, void *data) {
  if (!h || !cJSON_IsArray(candidates)) return JANUV_EINVAL;
  return simple_request(h, "trickle", "candidates", candidates, cb, data);
}

int januv_handle_trickle_completed(januv_handle *h, januv_reply_cb cb, void *data) {
  if (!h) return JANUV_EINVAL;
  if (h->state != OBJ_OPEN) return JANUV_ECLOSED;
  jv_req_begin(conn_of(h), "trickle");
  jv_req_raw(conn_of(h), ",\"candidate\":{\"completed\":true}");
  return handle_send(h, JV_TXN_SIMPLE, jv_done_user, cb, data);
}

int januv_handle_hangup(januv_handle *h, januv_reply_cb cb, void *data) {
  if (!h) return JANUV_EINVAL;
  return simple_request(h, "hangup", NULL, NULL, cb, data);
}

static void done_detach(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_handle *h = t->obj;
  jv_done_user(conn, t, r);
  jv_handle_close(h, 0);
}

int januv_handle_detach(januv_handle *h, januv_reply_cb cb, void *data) {
  if (!h) return JANUV_EINVAL;
  if (h->state != OBJ_OPEN) return JANUV_ECLOSED;
  jv_req_begin(conn_of(h), "detach");
  int rc = handle_send(h, JV_TXN_SIMPLE, done_detach, cb, data);
  if (rc == 0) h->state = OBJ_ENDING;
  return rc;
}

int januv_handle_send(januv_handle *h, const cJSON *request, januv_reply_cb cb, void *data) {
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(request, "janus");
  if (!h || !cJSON_IsString(verb)) return JANUV_EINVAL;
  if (h->state != OBJ_OPEN) return JANUV_ECLOSED;
  bool message = !strcmp(verb->valuestring, "message");
  jv_req_object(conn_of(h), verb->valuestring, request, JV_OWN_SESSION | JV_OWN_HANDLE);
  return handle_send(h, message ? JV_TXN_PLUGIN : JV_TXN_SIMPLE, message ? done_message : jv_done_user, cb, data);
}

uint64_t januv_handle_id(const januv_handle *h) { return h->id; }
const char *januv_handle_plugin(const januv_handle *h) { return h->plugin; }
januv_session *januv_handle_session(const januv_handle *h) { return h->session; }
januv_client *januv_handle_client(const januv_handle *h) { return h->session->client; }
void januv_handle_set_data(januv_handle *h, void *data) { h->data = data; }
void *januv_handle_get_data(const januv_handle *h) { return h->data; }
bool januv_handle_closing(const januv_handle *h) { return h->state != OBJ_OPEN; }

void januv_handle_set_callbacks(januv_handle *h, const januv_handle_callbacks *cbs) {
  if (cbs)
    h->cbs = *cbs;
  else
    memset(&h->cbs, 0, sizeof h->cbs);
}
