/* Sessions: create, destroy, keepalive, and the one place a session ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/client_int.h"
#include "januv/errors.h"

/* Janus's JANUS_ERROR_SESSION_NOT_FOUND. */
#define JANUS_ERR_SESSION_NOT_FOUND 458

januv_session *jv_session_find(januv_client *c, uint64_t id) {
  januv_session *s = NULL;
  HASH_FIND(hh, c->sessions, &id, sizeof id, s);
  return s;
}

void jv_session_free(januv_session *s) { free(s); }

static void done_create(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_client *c = jv_client_of(conn);
  januv_session *s = t->obj;
  januv_reply rr = *r;
  if (rr.status == 0) {
    s->id = jv_json_u64(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->json, "data"), "id"));
    if (s->id == 0) {
      rr.status = JANUV_EPROTO;
      rr.reason = "\"create\" answered without a session id";
    } else if (jv_session_find(c, s->id)) {
      rr.status = JANUV_EPROTO;
      rr.reason = "\"create\" answered with the id of a session we already have";
    }
  }
  if (rr.status != 0 || c->closing) {
    if (rr.status == 0) {
      rr.status = JANUV_ECANCELED;
      rr.reason = januv_strerror(JANUV_ECANCELED);
    }
    s->create_cb(NULL, &rr, s->data);
    free(s);
    return;
  }
  s->state = OBJ_OPEN;
  HASH_ADD(hh, c->sessions, id, sizeof s->id, s);
  c->nsessions++;
  jv_client_keepalive_add(c, s);
  jv_transport_session_started(conn->transport, s->id);
  s->create_cb(s, &rr, s->data);
}

int januv_session_create(januv_client *c, const januv_session_callbacks *cbs, januv_session_cb cb, void *data) {
  if (!c || !cb) return JANUV_EINVAL;
  int rc = jv_conn_usable(&c->conn);
  if (rc != 0) return rc;
  januv_session *s = calloc(1, sizeof *s);
  if (!s) return JANUV_ENOMEM;
  s->client = c;
  if (cbs) s->cbs = *cbs;
  s->create_cb = cb;
  s->data = data;
  s->state = OBJ_PENDING;
  jv_list_init(&s->txns);
  jv_list_init(&s->ka_link);
  jv_list_init(&s->zombie_link);
  jv_req_begin(&c->conn, "create");
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = done_create, .obj = s};
  rc = jv_req_send(&c->conn, &call, NULL);
  if (rc != 0) free(s);
  return rc;
}

void jv_session_close(januv_session *s, int reason) {
  if (s->state == OBJ_CLOSED) return;
  januv_client *c = s->client;
  bool told = s->state == OBJ_ENDING; /* januv_session_destroy() told the transport already */
  s->state = OBJ_CLOSED;
  HASH_DEL(c->sessions, s);
  c->nsessions--;
  jv_list_remove(&s->ka_link);
  if (c->conn.transport && !told) jv_transport_session_ended(c->conn.transport, s->id);
  while (s->handles) jv_handle_close(s->handles, reason);
  jv_txn_fail_list(&c->conn, &s->txns, reason ? reason : JANUV_ECANCELED, NULL);
  if (s->cbs.on_closed) s->cbs.on_closed(s, reason, s->data);
  jv_client_bury_session(c, s);
}

void jv_session_lost(januv_session *s, int reason) {
  if (s->state == OBJ_CLOSED) return;
  /* A destroy is under way: its reply (or its failure) ends the session. Over HTTP, the long-poll
   * of a session being destroyed races the destroy's answer with a 404. */
  if (s->state == OBJ_ENDING && reason == JANUV_ESESSIONLOST) return;
  if (s->cbs.on_lost) s->cbs.on_lost(s, reason, s->data);
  jv_session_close(s, reason);
}

void jv_session_timed_out(januv_session *s) {
  if (s->state == OBJ_CLOSED) return;
  if (s->cbs.on_timeout) s->cbs.on_timeout(s, s->data);
  jv_session_close(s, JANUV_ETIMEDOUT);
}

static void done_destroy(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_session *s = t->obj;
  jv_done_user(conn, t, r);
  jv_session_close(s, 0);
}

/* Sends {"janus":verb} to the session (flags: JV_REQ_*). */
static int session_request(januv_session *s, const char *verb, jv_txn_done_fn done, januv_reply_cb cb, void *data,
                           unsigned flags) {
  jv_req_begin(&s->client->conn, verb);
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = done, .cb = cb, .data = data, .obj = s, .owner = &s->txns,
                  .to.session_id = s->id, .flags = flags};
  return jv_req_send(&s->client->conn, &call, NULL);
}

int januv_session_destroy(januv_session *s, januv_reply_cb cb, void *data) {
  if (!s) return JANUV_EINVAL;
  if (s->state != OBJ_OPEN) return JANUV_ECLOSED;
  int rc = session_request(s, "destroy", done_destroy, cb, data, 0);
  if (rc == 0) {
    s->state = OBJ_ENDING;
    jv_list_remove(&s->ka_link);
    /* Whatever the answer, the session is over for us: an HTTP long-poll stops now instead of racing
     * the destroy's answer (and Janus's 404 for the session it just destroyed). */
    jv_transport_session_ended(s->client->conn.transport, s->id);
  }
  return rc;
}

static void done_keepalive(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_session *s = t->obj;
  jv_done_user(conn, t, r);
  if (r->status == JANUV_EJANUS && r->janus_code == JANUS_ERR_SESSION_NOT_FOUND && s->state != OBJ_CLOSED) {
    jv_logf(&conn->log, JANUV_LOG_WARN, "session %llu is gone on the server", (unsigned long long)s->id);
    jv_session_lost(s, JANUV_ESESSIONLOST);
  } else if (r->status == JANUV_ETIMEDOUT) {
    /* Liveness: a server that does not answer a keepalive in time is as good as gone. */
    char detail[96];
    snprintf(detail, sizeof detail, "keepalive of session %llu not answered in time", (unsigned long long)s->id);
    jv_conn_lost(conn, JANUV_ETIMEDOUT, detail);
  }
}

/* ---- claims after a reconnect ---- */

static void maybe_resume(januv_client *c) {
  for (januv_session *s = c->sessions; s; s = s->hh.next)
    if (s->claiming) return;
  jv_conn_resume(&c->conn);
}

static void done_claim(jv_conn *conn, jv_txn *t, const januv_reply *r) {
  januv_session *s = t->obj;
  januv_client *c = s->client;
  s->claiming = false;
  if (r->status == JANUV_EJANUS) {
    jv_logf(&conn->log, JANUV_LOG_WARN, "session %llu could not be claimed: %d %s", (unsigned long long)s->id,
            r->janus_code, r->reason);
    jv_session_lost(s, JANUV_ESESSIONLOST);
  } else if (r->status == JANUV_ETIMEDOUT) {
    jv_conn_lost(conn, JANUV_ETIMEDOUT, "claim not answered in time");
    return;
  } else if (r->status != 0) {
    return; /* the connection dropped again: the next restore claims it */
  }
  if (conn->restoring) maybe_resume(c);
}

void jv_client_restore(jv_conn *conn) {
  januv_client *c = jv_client_of(conn);
  januv_session *s, *tmp;
  HASH_ITER(hh, c->sessions, s, tmp) {
    if (s->state == OBJ_CLOSED) continue;
    int rc = session_request(s, "claim", done_claim, NULL, NULL, JV_REQ_NOW);
    if (rc == 0)
      s->claiming = true;
    else
      jv_session_lost(s, rc);
  }
  maybe_resume(c);
}

void jv_session_send_keepalive(januv_session *s) { session_request(s, "keepalive", done_keepalive, NULL, NULL, 0); }

int januv_session_keepalive(januv_session *s, januv_reply_cb cb, void *data) {
  if (!s) return JANUV_EINVAL;
  if (s->state != OBJ_OPEN) return JANUV_ECLOSED;
  return session_request(s, "keepalive", done_keepalive, cb, data, 0);
}

int januv_session_send(januv_session *s, const cJSON *request, januv_reply_cb cb, void *data) {
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(request, "janus");
  if (!s || !cJSON_IsString(verb)) return JANUV_EINVAL;
  if (s->state != OBJ_OPEN) return JANUV_ECLOSED;
  jv_req_object(&s->client->conn, verb->valuestring, request, JV_OWN_SESSION);
  jv_call call = {.kind = JV_TXN_SIMPLE, .done = jv_done_user, .cb = cb, .data = data, .obj = s, .owner = &s->txns,
                  .to.session_id = s->id};
  return jv_req_send(&s->client->conn, &call, NULL);
}

uint64_t januv_session_id(const januv_session *s) { return s->id; }
januv_client *januv_session_client(const januv_session *s) { return s->client; }
void januv_session_set_data(januv_session *s, void *data) { s->data = data; }
void *januv_session_get_data(const januv_session *s) { return s->data; }
size_t januv_session_handle_count(const januv_session *s) { return s->nhandles; }
