/*
 * Requests built as text. A request is {"janus":verb, members..., "transaction":..., "session_id":...,
 * "handle_id":..., secrets}: the caller's members are printed by cJSON straight into the conn's reused
 * buffer (cJSON_PrintPreallocated), the envelope is appended as text. No cJSON node and no malloc per
 * request once the buffer has grown; ids are written as exact integers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "januv/errors.h"

static void fail(jv_conn *c, int err) {
  if (c->req_err == 0) c->req_err = err;
}

static void put(jv_conn *c, const char *s, size_t n) {
  if (c->req_err == 0 && jv_buf_append(&c->wbuf, s, n) != 0) fail(c, UV_ENOMEM);
}

static void put_str(jv_conn *c, const char *s) { put(c, s, strlen(s)); }

/* A JSON string literal (quotes included) into a buffer. */
static int escape_into(jv_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  if (jv_buf_append(b, "\"", 1)) return UV_ENOMEM;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char e[7];
    size_t n = 0;
    if (*p == '"' || *p == '\\') {
      e[n++] = '\\';
      e[n++] = (char)*p;
    } else if (*p < 0x20) {
      e[0] = '\\', e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[*p >> 4], e[5] = hex[*p & 15];
      n = 6;
    } else {
      e[n++] = (char)*p;
    }
    if (jv_buf_append(b, e, n)) return UV_ENOMEM;
  }
  return jv_buf_append(b, "\"", 1);
}

static void put_u64(jv_conn *c, uint64_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  put(c, tmp + sizeof tmp - n, (size_t)n);
}

/* Prints a cJSON value at the end of the buffer, growing it until the text fits. */
static void put_json(jv_conn *c, const cJSON *v) {
  if (c->req_err) return;
  size_t room = 256;
  for (;;) {
    if (jv_buf_reserve(&c->wbuf, room) != 0) {
      fail(c, UV_ENOMEM);
      return;
    }
    size_t avail = c->wbuf.cap - c->wbuf.len - 1;
    if (cJSON_PrintPreallocated((cJSON *)v, c->wbuf.data + c->wbuf.len, (int)(avail > 0x7fffffff ? 0x7fffffff : avail),
                                false)) {
      c->wbuf.len += strlen(c->wbuf.data + c->wbuf.len);
      return;
    }
    if (avail >= 0x7fffffff) {
      fail(c, UV_ENOMEM);
      return;
    }
    room = avail * 2 + 256;
  }
}

int jv_req_init_secrets(jv_conn *c) {
  jv_buf b = {0};
  int rc = 0;
  if (c->api == JANUV_API_ADMIN && c->admin_secret)
    rc = jv_buf_append_str(&b, ",\"admin_secret\":") || escape_into(&b, c->admin_secret);
  else if (c->api != JANUV_API_ADMIN && c->api_secret)
    rc = jv_buf_append_str(&b, ",\"apisecret\":") || escape_into(&b, c->api_secret);
  if (!rc && c->token) rc = jv_buf_append_str(&b, ",\"token\":") || escape_into(&b, c->token);
  if (!rc) rc = jv_buf_append(&b, "", 0);
  if (rc) {
    jv_buf_free(&b);
    return UV_ENOMEM;
  }
  c->secrets_json = jv_buf_steal(&b, NULL);
  return 0;
}

/* Known verbs get a static string (logs, transports); anything else is "request". */
static const char *static_verb(const char *verb) {
  static const char *const verbs[] = {
    "message", "trickle", "keepalive", "create", "attach", "detach", "destroy", "hangup", "info", "ping", "claim",
    "list_sessions", "list_handles", "handle_info",
  };
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
    if (!strcmp(verb, verbs[i])) return verbs[i];
  return "request";
}

void jv_req_begin(jv_conn *c, const char *verb) {
  jv_buf_reset(&c->wbuf);
  c->req_err = 0;
  c->req_verb = static_verb(verb);
  put_str(c, "{\"janus\":");
  if (c->req_err == 0 && escape_into(&c->wbuf, verb) != 0) fail(c, UV_ENOMEM);
}

/* Members januv stamps itself: the caller's copy is dropped, so nothing goes out twice. */
static bool stamped_by_us(const jv_conn *c, const char *name, unsigned own) {
  return !strcmp(name, "transaction") || ((own & JV_OWN_SESSION) && !strcmp(name, "session_id")) ||
         ((own & JV_OWN_HANDLE) && !strcmp(name, "handle_id")) || (c->api_secret && !strcmp(name, "apisecret")) ||
         (c->token && !strcmp(name, "token")) || (c->admin_secret && !strcmp(name, "admin_secret"));
}

void jv_req_object(jv_conn *c, const char *verb, const cJSON *req, unsigned own) {
  jv_buf_reset(&c->wbuf);
  c->req_err = 0;
  c->req_verb = static_verb(verb);
  if (!cJSON_IsObject(req)) {
    fail(c, JANUV_EINVAL);
    return;
  }
  /* left open for the envelope; "janus" is always there, so the object is never empty */
  put_str(c, "{");
  bool first = true;
  for (const cJSON *m = req->child; m && c->req_err == 0; m = m->next) {
    if (!m->string || stamped_by_us(c, m->string, own)) continue;
    if (!first) put_str(c, ",");
    first = false;
    if (escape_into(&c->wbuf, m->string) != 0) fail(c, UV_ENOMEM);
    put_str(c, ":");
    put_json(c, m);
  }
}

void jv_req_json(jv_conn *c, const char *key, const cJSON *value) {
  if (!value) return;
  put_str(c, ",\"");
  put_str(c, key);
  put_str(c, "\":");
  put_json(c, value);
}

void jv_req_raw(jv_conn *c, const char *members) { put_str(c, members); }

void jv_req_str(jv_conn *c, const char *key, const char *value) {
  put_str(c, ",\"");
  put_str(c, key);
  put_str(c, "\":");
  if (c->req_err == 0 && escape_into(&c->wbuf, value) != 0) fail(c, UV_ENOMEM);
}

int jv_req_send(jv_conn *c, const jv_call *call, jv_txn **out) {
  int rc = c->req_err ? c->req_err : jv_conn_usable(c);
  bool now = c->state == JANUV_CONN_CONNECTED && (!c->restoring || (call->flags & JV_REQ_NOW));
  /* While reconnecting, requests wait in a queue of bounded size (0: they fail at once). */
  if (rc == 0 && !now && (c->state == JANUV_CONN_RECONNECTING || c->restoring) && c->nqueued >= c->queue_limit)
    rc = JANUV_EQUEUEFULL;
  if (rc != 0) return rc;
  jv_txn *t = jv_txn_create(c, call->kind, call->done, call->cb, call->data);
  if (!t) return JANUV_ENOMEM;
  t->verb = c->req_verb;
  t->obj = call->obj;
  t->session_id = call->to.session_id;
  t->handle_id = call->to.handle_id;
  char txid[20];
  jv_txn_format(c, t->id, txid);
  put_str(c, ",\"transaction\":\"");
  put_str(c, txid);
  put_str(c, "\"");
  if (call->to.session_id) {
    put_str(c, ",\"session_id\":");
    put_u64(c, call->to.session_id);
  }
  if (call->to.handle_id) {
    put_str(c, ",\"handle_id\":");
    put_u64(c, call->to.handle_id);
  }
  put_str(c, c->secrets_json);
  put(c, "}", 1);
  if (c->req_err) {
    jv_txn_discard(c, t); /* announced to no one yet: the caller gets the error */
    return c->req_err;
  }
  if (call->owner) jv_list_push_back(call->owner, &t->owner_link);
  c->last_request = t->id;
  if (out) *out = t;
  if (now) {
    jv_conn_send_txn(c, t, c->wbuf.data, c->wbuf.len);
  } else {
    /* waits for the connection: a copy of its own */
    t->json = malloc(c->wbuf.len);
    if (!t->json) {
      jv_txn_discard(c, t);
      return UV_ENOMEM;
    }
    memcpy(t->json, c->wbuf.data, c->wbuf.len);
    t->len = c->wbuf.len;
    jv_list_push_back(&c->sendq, &t->queue_link);
    c->nqueued++;
  }
  return 0;
}
