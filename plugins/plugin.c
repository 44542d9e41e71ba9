#include "plugin.h"

#include <stdlib.h>

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
