#include "sync.h"

#include <stdlib.h>

#define LIMIT_MS 15000

void t_reply_clear(t_reply *r) {
  cJSON_Delete(r->json);
  cJSON_Delete(r->data);
  cJSON_Delete(r->jsep);
  memset(r, 0, sizeof *r);
}

void t_reply_cb(const januv_reply *rep, void *data) {
  t_reply *r = data;
  int calls = r->calls;
  t_reply_clear(r);
  r->calls = calls + 1;
  r->done = true;
  r->status = rep->status;
  r->janus_code = rep->janus_code;
  snprintf(r->reason, sizeof r->reason, "%s", rep->reason);
  r->json = rep->json ? cJSON_Duplicate(rep->json, true) : NULL;
  r->data = rep->data ? cJSON_Duplicate(rep->data, true) : NULL;
  r->jsep = rep->jsep ? cJSON_Duplicate(rep->jsep, true) : NULL;
}

bool t_reply_wait(uv_loop_t *loop, t_reply *r, uint32_t ms) { return t_wait(loop, &r->done, ms); }

const char *t_data_str(const t_reply *r, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->data, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static void on_s_closed(januv_session *s, int reason, void *data) {
  t_objects *o = data;
  (void)s;
  if (!o) return;
  o->session_closed++;
  o->session_reason = reason;
}
static void on_s_lost(januv_session *s, int reason, void *data) {
  t_objects *o = data;
  (void)s;
  (void)reason;
  if (o) o->session_lost++;
}
static void on_s_timeout(januv_session *s, void *data) {
  t_objects *o = data;
  (void)s;
  if (o) o->session_timeout++;
}
const januv_session_callbacks t_session_cbs = {.on_timeout = on_s_timeout, .on_lost = on_s_lost, .on_closed = on_s_closed};

static void on_h_event(januv_handle *h, const januv_event *ev, void *data) {
  t_objects *o = data;
  (void)h;
  if (!o) return;
  o->events[ev->type]++;
  if (ev->type == JANUV_EVENT_PLUGIN) {
    cJSON_Delete(o->last_event);
    o->last_event = cJSON_Duplicate(ev->json, true);
  }
}
static void on_h_closed(januv_handle *h, int reason, void *data) {
  t_objects *o = data;
  (void)h;
  if (!o) return;
  o->handle_closed++;
  o->handle_reason = reason;
}
const januv_handle_callbacks t_handle_cbs = {
  .on_event = on_h_event, .on_webrtcup = on_h_event, .on_media = on_h_event, .on_slowlink = on_h_event,
  .on_hangup = on_h_event, .on_detached = on_h_event, .on_trickle = on_h_event, .on_closed = on_h_closed};

typedef struct state_wait {
  bool done;
  januv_conn_state st;
} state_wait;

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  state_wait *w = januv_client_get_data(c);
  (void)err;
  (void)data;
  if (!w) return;
  if (st == JANUV_CONN_CONNECTED || st == JANUV_CONN_FAILED) {
    w->st = st;
    w->done = true;
    if (st == JANUV_CONN_FAILED) fprintf(stderr, "  client failed: %s\n", detail);
  }
}

const char *t_tls_ca_file;

januv_conn_state t_client_open(uv_loop_t *loop, const char *url, januv_client_options *opts, januv_client **out) {
  januv_client_options o;
  if (!opts) {
    januv_client_options_init(&o);
    opts = &o;
  }
  if (!opts->tls_ca_file && !opts->tls_insecure_skip_verify) opts->tls_ca_file = t_tls_ca_file;
  if (!opts->log_cb && t_log_level() >= 0) {
    opts->log_cb = t_log_cb;
    opts->log_level = (januv_log_level)t_log_level();
  }
  januv_state_cb user_cb = opts->state_cb;
  if (!user_cb) opts->state_cb = on_state;
  *out = NULL;
  if (januv_client_new(loop, url, opts, out) != 0) return JANUV_CONN_FAILED;
  if (user_cb) return JANUV_CONN_CONNECTING;
  state_wait w = {0};
  januv_client_set_data(*out, &w);
  t_wait(loop, &w.done, LIMIT_MS);
  januv_client_set_data(*out, NULL);
  return w.done ? w.st : JANUV_CONN_CONNECTING;
}

static void on_closed(januv_client *c, void *data) {
  (void)c;
  *(bool *)data = true;
}

bool t_client_close(uv_loop_t *loop, januv_client *c) {
  bool closed = false;
  if (januv_client_close(c, on_closed, &closed) != 0) return false;
  return t_wait(loop, &closed, LIMIT_MS);
}

typedef struct obj_wait {
  bool done;
  void *obj;
  t_reply *r;
} obj_wait;

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  obj_wait *w = data;
  w->obj = s;
  w->done = true;
  if (w->r) t_reply_cb(r, w->r);
}

januv_session *t_session_create(uv_loop_t *loop, januv_client *c, t_objects *objs, t_reply *r) {
  obj_wait w = {.r = r};
  if (januv_session_create(c, &t_session_cbs, on_created, &w) != 0) return NULL;
  if (!t_wait(loop, &w.done, LIMIT_MS) || !w.obj) return NULL;
  januv_session_set_data(w.obj, objs);
  return w.obj;
}

januv_session *t_open_session(uv_loop_t *loop, const char *url, januv_client **client) {
  if (t_client_open(loop, url, NULL, client) != JANUV_CONN_CONNECTED) return NULL;
  t_reply r = {0};
  januv_session *s = t_session_create(loop, *client, NULL, &r);
  t_reply_clear(&r);
  return s;
}

bool t_close_session(uv_loop_t *loop, januv_client *client, januv_session *session) {
  bool ok = true;
  t_reply r = {0};
  if (session) ok = t_destroy(loop, session, &r);
  t_reply_clear(&r);
  if (client) ok = t_client_close(loop, client) && ok;
  return ok;
}

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  obj_wait *w = data;
  w->obj = h;
  w->done = true;
  if (w->r) t_reply_cb(r, w->r);
}

januv_handle *t_attach(uv_loop_t *loop, januv_session *s, const char *plugin, t_objects *objs, t_reply *r) {
  obj_wait w = {.r = r};
  if (januv_handle_attach(s, plugin, NULL, &t_handle_cbs, on_attached, &w) != 0) return NULL;
  if (!t_wait(loop, &w.done, LIMIT_MS) || !w.obj) return NULL;
  januv_handle_set_data(w.obj, objs);
  return w.obj;
}

bool t_message(uv_loop_t *loop, januv_handle *h, const char *body, const cJSON *jsep, t_reply *r) {
  cJSON *b = cJSON_Parse(body);
  if (!b) return false;
  t_reply_clear(r);
  int rc = januv_handle_message(h, b, jsep, t_reply_cb, r);
  cJSON_Delete(b);
  return rc == 0 && t_reply_wait(loop, r, LIMIT_MS);
}

bool t_destroy(uv_loop_t *loop, januv_session *s, t_reply *r) {
  t_reply_clear(r);
  return januv_session_destroy(s, t_reply_cb, r) == 0 && t_reply_wait(loop, r, LIMIT_MS);
}

bool t_detach(uv_loop_t *loop, januv_handle *h, t_reply *r) {
  t_reply_clear(r);
  return januv_handle_detach(h, t_reply_cb, r) == 0 && t_reply_wait(loop, r, LIMIT_MS);
}
