#include "plugin.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- requests ---- */

typedef struct send_ctx {
  januv_reply_cb cb;
  void *data;
} send_ctx;

void jv_plugin_check_error(januv_reply *r) {
  if (r->status != 0 || !r->data) return;
  const cJSON *code = cJSON_GetObjectItemCaseSensitive(r->data, "error_code");
  if (!cJSON_IsNumber(code)) return;
  const char *text = jv_json_str(r->data, "error");
  r->status = JANUV_EPLUGIN;
  r->plugin_code = code->valueint;
  r->reason = text ? text : "plugin error";
}

void jv_plugin_reply_of(januv_reply *r, const cJSON *json) {
  memset(r, 0, sizeof *r);
  const cJSON *pd = jv_json_obj(json, "plugindata");
  r->json = json;
  r->plugin = jv_json_str(pd, "plugin");
  r->data = jv_json_obj(pd, "data");
  r->jsep = jv_json_obj(json, "jsep");
  r->reason = "";
  jv_plugin_check_error(r);
}

static void on_reply(const januv_reply *r, void *data) {
  send_ctx *ctx = data;
  januv_reply copy = *r;
  jv_plugin_check_error(&copy);
  if (ctx->cb) ctx->cb(&copy, ctx->data);
  free(ctx);
}

int jv_plugin_send(januv_handle *h, cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data) {
  if (!body) return JANUV_ENOMEM;
  send_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) {
    cJSON_Delete(body);
    return JANUV_ENOMEM;
  }
  ctx->cb = cb;
  ctx->data = data;
  int rc = januv_handle_message(h, body, jsep, on_reply, ctx);
  cJSON_Delete(body);
  if (rc != 0) free(ctx);
  return rc;
}

int jv_plugin_request(jv_plugin *p, jv_body *b, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(p);
  if (rc != 0) {
    cJSON_Delete(jv_body_take(b, NULL));
    return rc;
  }
  cJSON *body = jv_body_take(b, &rc);
  return body ? jv_plugin_send(p->h, body, NULL, cb, data) : rc;
}

int jv_plugin_simple(jv_plugin *p, const char *request, januv_reply_cb cb, void *data) {
  jv_body b = jv_body_new("request", request);
  return jv_plugin_request(p, &b, cb, data);
}

/* ---- the handle ---- */

static void on_event(januv_handle *h, const januv_event *ev, void *data) {
  jv_plugin *p = data;
  (void)h;
  if (p->cls->on_event) p->cls->on_event(p, ev);
}

static void on_handle_event(januv_handle *h, const januv_event *ev, void *data) {
  jv_plugin *p = data;
  (void)h;
  if (p->cls->on_handle_event) p->cls->on_handle_event(p, ev);
}

static void on_trickle(januv_handle *h, const januv_event *ev, void *data) {
  jv_plugin *p = data;
  (void)h;
  jv_media_trickle(p->media, ev);
}

static void release(jv_plugin *p) {
  jv_media_free(p->media);
  p->media = NULL;
  if (p->cls->destroy) p->cls->destroy(p);
  free(p);
}

static void on_closed(januv_handle *h, int reason, void *data) {
  jv_plugin *p = data;
  (void)h;
  /* A media step in progress completes (ECANCELED) before closed, which is the last callback. */
  jv_media_free(p->media);
  p->media = NULL;
  if (p->cls->closing) p->cls->closing(p);
  p->cls->closed(p, reason);
  release(p);
}

static const januv_handle_callbacks handle_cbs = {
  .on_event = on_event,
  .on_webrtcup = on_handle_event,
  .on_media = on_handle_event,
  .on_slowlink = on_handle_event,
  .on_hangup = on_handle_event,
  .on_detached = on_handle_event,
  .on_trickle = on_trickle,
  .on_closed = on_closed,
};

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  jv_plugin *p = data;
  if (!h) {
    p->cls->attached(p, r, false);
    release(p);
    return;
  }
  p->h = h;
  p->cls->attached(p, r, true);
}

int jv_plugin_attach(januv_session *s, jv_plugin *p, const jv_plugin_class *cls, const char *opaque_id,
                     void (*attach_cb)(void), void *data) {
  if (!p) return JANUV_ENOMEM;
  p->cls = cls;
  if (!s || !attach_cb) {
    release(p);
    return JANUV_EINVAL;
  }
  p->data = data;
  p->attach_cb = attach_cb;
  int rc = januv_handle_attach(s, cls->package, opaque_id, &handle_cbs, on_attached, p);
  if (rc) release(p);
  return rc;
}

bool jv_plugin_usable(const jv_plugin *p) { return p && p->h && !januv_handle_closing(p->h); }

int jv_plugin_check(const jv_plugin *p) {
  if (!p) return JANUV_EINVAL;
  return jv_plugin_usable(p) ? 0 : JANUV_ECLOSED;
}

int jv_plugin_bind(jv_plugin *p, januv_peer *peer) {
  int rc = jv_plugin_check(p);
  if (rc) return rc;
  if (!peer) return JANUV_EINVAL;
  if (!JANUV_HAVE_MEDIA) return JANUV_ENOMEDIA;
  if (p->media && jv_media_peer(p->media) == peer) return 0;
  jv_media_free(p->media);
  p->media = jv_media_new(p->h, peer);
  if (!p->media) return januv_peer_closing(peer) ? JANUV_ECLOSED : JANUV_ENOMEM;
  return 0;
}

januv_peer *jv_plugin_peer(const jv_plugin *p) { return p && p->media ? jv_media_peer(p->media) : NULL; }

int jv_plugin_detach(jv_plugin *p, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(p);
  return rc ? rc : januv_handle_detach(p->h, cb, data);
}

/* ---- media steps ---- */

int jv_plugin_offer(jv_plugin *p, januv_peer *peer, jv_body *body, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_bind(p, peer);
  if (rc) {
    cJSON_Delete(jv_body_take(body, NULL));
    return rc;
  }
  cJSON *json = jv_body_take(body, &rc);
  return json ? jv_media_offer(p->media, json, NULL, cb, data) : rc;
}

int jv_plugin_watch(jv_plugin *p, januv_peer *peer, jv_body *request, jv_body *answer, januv_reply_cb cb,
                    void *data) {
  int rc = jv_plugin_bind(p, peer);
  cJSON *req = jv_body_take(request, rc ? NULL : &rc);
  cJSON *ans = jv_body_take(answer, rc ? NULL : &rc);
  if (rc) {
    cJSON_Delete(req);
    cJSON_Delete(ans);
    return rc;
  }
  return jv_media_request(p->media, req, ans, cb, data);
}

int jv_plugin_answer(jv_plugin *p, const cJSON *jsep, const char *request, januv_reply_cb cb, void *data) {
  jv_body b = jv_body_new("request", request);
  int rc = 0;
  cJSON *body = jv_body_take(&b, &rc);
  return body ? jv_media_answer(p->media, jsep, body, cb, data) : rc;
}

/* ---- tables ---- */

#define MEMBER(obj, f, T) ((T *)((char *)(obj) + (f)->offset))
#define CMEMBER(obj, f, T) ((const T *)((const char *)(obj) + (f)->offset))

const cJSON *jv_json_path(const cJSON *o, const char *path) {
  while (o && path) {
    const char *dot = strchr(path, '.');
    if (!dot) return cJSON_GetObjectItemCaseSensitive(o, path);
    char key[64];
    size_t n = (size_t)(dot - path);
    if (n >= sizeof key) return NULL;
    memcpy(key, path, n);
    key[n] = '\0';
    o = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsObject(o)) return NULL;
    path = dot + 1;
  }
  return NULL;
}

void jv_fields_init(void *obj, const jv_table *t) {
  memset(obj, 0, t->size);
  for (size_t i = 0; i < t->n; i++) {
    const jv_field *f = &t->fields[i];
    if (f->kind == JV_F_TRI || f->kind == JV_F_INT) *MEMBER(obj, f, int) = -1;
    if (f->kind == JV_F_I64) *MEMBER(obj, f, int64_t) = -1;
  }
}

/* Pointer members are read and written as void * through memcpy: their declared types differ by module. */
static const void *get_ptr(const void *obj, const jv_field *f) {
  const void *v;
  memcpy(&v, (const char *)obj + f->offset, sizeof v);
  return v;
}

static void set_ptr(void *obj, const jv_field *f, const void *v) { memcpy((char *)obj + f->offset, &v, sizeof v); }

static size_t get_count(const void *obj, const jv_field *f) { return *(const size_t *)((const char *)obj + f->aux); }

static void set_count(void *obj, const jv_field *f, size_t n) { *(size_t *)((char *)obj + f->aux) = n; }

static void body_list(jv_body *b, const void *obj, const jv_field *f) {
  size_t n = get_count(obj, f);
  const char *items = get_ptr(obj, f);
  if (n == 0 || b->err) return;
  if (!items) {
    jv_body_fail(b, false, JANUV_EINVAL);
    return;
  }
  cJSON *arr = cJSON_CreateArray();
  jv_body_fail(b, arr != NULL, JANUV_ENOMEM);
  for (size_t i = 0; i < n && b->err == 0; i++) {
    jv_body sub = {cJSON_CreateObject(), 0};
    if (!sub.json) sub.err = JANUV_ENOMEM;
    jv_body_fields(&sub, items + i * f->sub->size, f->sub);
    int err = 0;
    cJSON *item = jv_body_take(&sub, &err);
    jv_body_fail(b, item != NULL, err);
    if (item && !cJSON_AddItemToArray(arr, item)) {
      cJSON_Delete(item);
      jv_body_fail(b, false, JANUV_ENOMEM);
    }
  }
  if (b->err == 0 && !cJSON_AddItemToObject(b->json, f->key, arr)) jv_body_fail(b, false, JANUV_ENOMEM);
  if (b->err) cJSON_Delete(arr);
}

static void body_merge(jv_body *b, const cJSON *extra) {
  if (!extra) return;
  jv_body_fail(b, cJSON_IsObject(extra), JANUV_EINVAL);
  for (const cJSON *c = extra->child; c && b->err == 0; c = c->next) {
    cJSON_DeleteItemFromObjectCaseSensitive(b->json, c->string);
    jv_body_json(b, c->string, c);
  }
}

void jv_body_fields(jv_body *b, const void *obj, const jv_table *t) {
  for (size_t i = 0; i < t->n && b->err == 0; i++) {
    const jv_field *f = &t->fields[i];
    switch (f->kind) {
    case JV_F_STR: jv_body_str(b, f->key, get_ptr(obj, f), false); break;
    case JV_F_TRI: jv_body_tri(b, f->key, *CMEMBER(obj, f, int)); break;
    case JV_F_BOOL: jv_body_bool(b, f->key, *CMEMBER(obj, f, bool)); break;
    case JV_F_INT:
      if (*CMEMBER(obj, f, int) >= 0) jv_body_int(b, f->key, *CMEMBER(obj, f, int));
      break;
    case JV_F_I64:
      if (*CMEMBER(obj, f, int64_t) >= 0) jv_body_int(b, f->key, *CMEMBER(obj, f, int64_t));
      break;
    case JV_F_U64:
      if (*CMEMBER(obj, f, uint64_t)) jv_body_u64(b, f->key, *CMEMBER(obj, f, uint64_t));
      break;
    case JV_F_ID: jv_body_id(b, f->key, *CMEMBER(obj, f, januv_id), false); break;
    case JV_F_STRS: jv_body_strs(b, f->key, get_ptr(obj, f), get_count(obj, f)); break;
    case JV_F_LIST: body_list(b, obj, f); break;
    case JV_F_JSON: jv_body_json(b, f->key, get_ptr(obj, f)); break;
    case JV_F_MERGE: body_merge(b, get_ptr(obj, f)); break;
    }
  }
}

static bool json_list(const cJSON *arr, void *obj, const jv_field *f) {
  size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
  if (n == 0) return true;
  char *items = calloc(n, f->sub->size);
  if (!items) return false;
  bool ok = true;
  for (const cJSON *c = arr->child; c && i < n; c = c->next, i++) {
    jv_fields_init(items + i * f->sub->size, f->sub);
    if (cJSON_IsObject(c)) ok = jv_json_fields(c, items + i * f->sub->size, f->sub) && ok;
  }
  set_ptr(obj, f, items);
  set_count(obj, f, i);
  return ok;
}

static bool json_strs(const cJSON *arr, void *obj, const jv_field *f) {
  size_t n = 0;
  for (const cJSON *c = arr->child; c; c = c->next) n += cJSON_IsString(c);
  if (n == 0) return true;
  const char **v = calloc(n, sizeof *v);
  if (!v) return false;
  n = 0;
  for (const cJSON *c = arr->child; c; c = c->next)
    if (cJSON_IsString(c)) v[n++] = c->valuestring;
  set_ptr(obj, f, v);
  set_count(obj, f, n);
  return true;
}

/* Out-of-range doubles must not reach an integer conversion (undefined behaviour). */
static double clamp(double v, double lo, double hi) { return v != v ? 0 : v < lo ? lo : v > hi ? hi : v; }

bool jv_json_fields(const cJSON *o, void *obj, const jv_table *t) {
  bool ok = true;
  for (size_t i = 0; i < t->n; i++) {
    const jv_field *f = &t->fields[i];
    const cJSON *v = jv_json_path(o, f->key);
    if (!v) continue;
    switch (f->kind) {
    case JV_F_STR:
      if (cJSON_IsString(v)) set_ptr(obj, f, v->valuestring);
      break;
    case JV_F_TRI:
      if (cJSON_IsBool(v)) *MEMBER(obj, f, int) = cJSON_IsTrue(v);
      break;
    case JV_F_BOOL:
      if (cJSON_IsBool(v)) *MEMBER(obj, f, bool) = cJSON_IsTrue(v);
      break;
    case JV_F_INT:
      if (cJSON_IsNumber(v)) *MEMBER(obj, f, int) = (int)clamp(v->valuedouble, INT_MIN, INT_MAX);
      break;
    case JV_F_I64:
      if (cJSON_IsNumber(v)) *MEMBER(obj, f, int64_t) = (int64_t)clamp(v->valuedouble, -9.2e18, 9.2e18);
      break;
    case JV_F_U64: *MEMBER(obj, f, uint64_t) = jv_json_u64(v); break;
    case JV_F_ID:
      if (cJSON_IsString(v)) *MEMBER(obj, f, januv_id) = januv_id_str(v->valuestring);
      else if (cJSON_IsNumber(v)) *MEMBER(obj, f, januv_id) = januv_id_num(jv_json_u64(v));
      break;
    case JV_F_STRS:
      if (cJSON_IsArray(v) && get_count(obj, f) == 0) ok = json_strs(v, obj, f) && ok;
      break;
    case JV_F_LIST:
      if (cJSON_IsArray(v) && get_count(obj, f) == 0) ok = json_list(v, obj, f) && ok;
      break;
    case JV_F_JSON: set_ptr(obj, f, v); break;
    case JV_F_MERGE: break;
    }
  }
  return ok;
}

void jv_fields_free(void *obj, const jv_table *t) {
  for (size_t i = 0; i < t->n; i++) {
    const jv_field *f = &t->fields[i];
    if (f->kind != JV_F_STRS && f->kind != JV_F_LIST) continue;
    char *items = (char *)get_ptr(obj, f);
    if (!items) continue;
    if (f->kind == JV_F_LIST)
      for (size_t k = 0; k < get_count(obj, f); k++) jv_fields_free(items + k * f->sub->size, f->sub);
    free(items);
    set_ptr(obj, f, NULL);
    set_count(obj, f, 0);
  }
}

/* ---- typed events ---- */

int jv_event_decode(const jv_event_desc *d, const cJSON *data, void *ev) {
  jv_fields_init(ev, d->table);
  if (!jv_json_fields(data, ev, d->table)) jv_fields_free(ev, d->table);
  for (size_t i = 0; i < d->nrules; i++) {
    const cJSON *v = jv_json_path(data, d->rules[i].path);
    if (v && (!d->rules[i].value || (cJSON_IsString(v) && !strcmp(v->valuestring, d->rules[i].value))))
      return d->rules[i].type;
  }
  return d->other;
}

/* ---- typed replies ---- */

struct jv_call {
  jv_decode d;
  void (*cb)(void);
  void *data;
};

jv_call *jv_call_new(const jv_decode *d, void (*cb)(void), void *data) {
  jv_call *c = malloc(sizeof *c);
  if (!c) return NULL;
  c->d = *d;
  c->cb = cb;
  c->data = data;
  return c;
}

void jv_call_free(jv_call *call) { free(call); }

void jv_call_reply(const januv_reply *r, void *data) {
  jv_call *c = data;
  const jv_table *t = c->d.table;
  const cJSON *v = r->status == 0 && r->data && t ? (c->d.path ? jv_json_path(r->data, c->d.path) : r->data) : NULL;
  size_t n = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : cJSON_IsObject(v) ? 1 : 0;
  char *items = n ? calloc(n, t->size) : NULL;
  januv_reply copy = *r;
  if (n && !items) {
    copy.status = JANUV_ENOMEM;
    copy.reason = januv_strerror(JANUV_ENOMEM);
    n = 0;
  }
  const cJSON *item = cJSON_IsArray(v) ? v->child : v;
  bool ok = true;
  for (size_t i = 0; i < n && item; i++, item = item->next) {
    jv_fields_init(items + i * t->size, t);
    if (cJSON_IsObject(item)) ok = jv_json_fields(item, items + i * t->size, t) && ok;
  }
  if (!ok) {
    copy.status = JANUV_ENOMEM;
    copy.reason = januv_strerror(JANUV_ENOMEM);
  }
  c->d.fn(&copy, ok ? items : NULL, ok ? n : 0, c->cb, c->data);
  for (size_t i = 0; i < n; i++) jv_fields_free(items + i * t->size, t);
  free(items);
  free(c);
}

int jv_plugin_call_offer(jv_plugin *p, januv_peer *peer, jv_body *b, const jv_decode *d, void (*cb)(void),
                         void *data) {
  jv_call *c = jv_call_new(d, cb, data);
  if (!c) {
    cJSON_Delete(jv_body_take(b, NULL));
    return JANUV_ENOMEM;
  }
  int rc = peer ? jv_plugin_offer(p, peer, b, jv_call_reply, c) : jv_plugin_request(p, b, jv_call_reply, c);
  if (rc) jv_call_free(c);
  return rc;
}

int jv_plugin_call(jv_plugin *p, jv_body *b, const jv_decode *d, void (*cb)(void), void *data) {
  return jv_plugin_call_offer(p, NULL, b, d, cb, data);
}
