/* Events: messages that completed no transaction, routed by session_id and sender to callbacks. */
#include <string.h>

#include "core/client_int.h"
#include "januv/errors.h"

static const char *str_field(const cJSON *msg, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool bool_field(const cJSON *msg, const char *key) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(msg, key));
}

static void handle_event(januv_handle *h, const cJSON *msg, const char *verb) {
  januv_event ev;
  memset(&ev, 0, sizeof ev);
  ev.json = msg;
  januv_event_cb cb = NULL;
  if (!strcmp(verb, "event")) {
    januv_reply r;
    jv_reply_from_msg(&r, msg, verb);
    ev.type = JANUV_EVENT_PLUGIN;
    ev.plugin = r.plugin;
    ev.data = r.data;
    ev.jsep = r.jsep;
    ev.transaction = str_field(msg, "transaction");
    cb = h->cbs.on_event;
  } else if (!strcmp(verb, "webrtcup")) {
    ev.type = JANUV_EVENT_WEBRTCUP;
    cb = h->cbs.on_webrtcup;
  } else if (!strcmp(verb, "media")) {
    ev.type = JANUV_EVENT_MEDIA;
    ev.media = str_field(msg, "type");
    ev.mid = str_field(msg, "mid");
    ev.receiving = bool_field(msg, "receiving");
    cb = h->cbs.on_media;
  } else if (!strcmp(verb, "slowlink")) {
    ev.type = JANUV_EVENT_SLOWLINK;
    ev.media = str_field(msg, "media");
    ev.mid = str_field(msg, "mid");
    ev.uplink = bool_field(msg, "uplink");
    const cJSON *lost = cJSON_GetObjectItemCaseSensitive(msg, "lost");
    ev.lost = cJSON_IsNumber(lost) && lost->valuedouble > 0 ? (uint32_t)lost->valuedouble : 0;
    cb = h->cbs.on_slowlink;
  } else if (!strcmp(verb, "hangup")) {
    ev.type = JANUV_EVENT_HANGUP;
    ev.reason = str_field(msg, "reason");
    cb = h->cbs.on_hangup;
  } else if (!strcmp(verb, "trickle")) {
    ev.type = JANUV_EVENT_TRICKLE;
    const cJSON *cand = cJSON_GetObjectItemCaseSensitive(msg, "candidate");
    ev.completed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cand, "completed"));
    ev.candidate = ev.completed || !cJSON_IsObject(cand) ? NULL : cand;
    cb = h->cbs.on_trickle;
  } else if (!strcmp(verb, "detached")) {
    ev.type = JANUV_EVENT_DETACHED;
    if (h->cbs.on_detached) h->cbs.on_detached(h, &ev, h->data);
    /* With our own detach in flight its answer closes the handle: over HTTP the event (long-poll) can
     * overtake that answer (POST), and the request must still complete with it. */
    if (h->state != OBJ_ENDING) jv_handle_close(h, 0);
    return;
  } else {
    jv_logf(&h->session->client->conn.log, JANUV_LOG_DEBUG, "ignoring \"%s\" on handle %llu", verb,
            (unsigned long long)h->id);
    return;
  }
  if (cb) cb(h, &ev, h->data);
}

void jv_client_dispatch(januv_client *c, const cJSON *msg, const char *verb) {
  uint64_t sid = jv_json_u64(cJSON_GetObjectItemCaseSensitive(msg, "session_id"));
  januv_session *s = sid ? jv_session_find(c, sid) : NULL;
  if (!s) {
    if (strcmp(verb, "keepalive") != 0)
      jv_logf(&c->conn.log, JANUV_LOG_DEBUG, "ignoring \"%s\" for unknown session %llu", verb, (unsigned long long)sid);
    return;
  }
  if (!strcmp(verb, "timeout")) {
    jv_logf(&c->conn.log, JANUV_LOG_WARN, "session %llu timed out on the server", (unsigned long long)sid);
    jv_session_timed_out(s);
    return;
  }
  uint64_t hid = jv_json_u64(cJSON_GetObjectItemCaseSensitive(msg, "sender"));
  januv_handle *h = hid ? jv_handle_find(s, hid) : NULL;
  if (!h) {
    if (strcmp(verb, "keepalive") != 0)
      jv_logf(&c->conn.log, JANUV_LOG_DEBUG, "ignoring \"%s\" for unknown handle %llu", verb, (unsigned long long)hid);
    return;
  }
  handle_event(h, msg, verb);
}
