/* EchoTest plugin module: requests, typed events, and a peer glued to the handle (media/glue.h). */
#include "januv/plugins/echotest.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "media/glue.h"
#include "plugin.h"

struct januv_echotest {
  januv_handle *h;
  januv_echotest_callbacks cbs;
  void *data;
  januv_echotest_attach_cb attach_cb;
  jv_media *media;
};

void januv_echotest_options_init(januv_echotest_options *o) {
  memset(o, 0, sizeof *o);
  o->audio = o->video = o->record = -1;
}

static const char *str(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num(const cJSON *obj, const char *key, int def) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsNumber(v) ? v->valueint : def;
}

static void on_event(januv_handle *h, const januv_event *ev, void *data) {
  (void)h;
  januv_echotest *et = data;
  if (!et->cbs.on_result) return;
  januv_echotest_event e;
  memset(&e, 0, sizeof e);
  e.data = ev->data;
  e.substream = e.temporal = -1;
  const char *result = str(ev->data, "result");
  const char *event = str(ev->data, "event");
  if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(ev->data, "error_code"))) {
    e.type = JANUV_ECHOTEST_ERROR;
    e.error_code = num(ev->data, "error_code", 0);
    e.error = str(ev->data, "error");
  } else if (result && !strcmp(result, "done")) {
    e.type = JANUV_ECHOTEST_DONE;
  } else if (result && !strcmp(result, "ok")) {
    e.type = JANUV_ECHOTEST_OK;
  } else if (event && !strcmp(event, "slow_link")) {
    e.type = JANUV_ECHOTEST_SLOW_LINK;
    e.media = str(ev->data, "media");
    int br = num(ev->data, "current-bitrate", 0);
    e.current_bitrate = br > 0 ? (uint32_t)br : 0;
  } else if (cJSON_GetObjectItemCaseSensitive(ev->data, "substream") ||
             cJSON_GetObjectItemCaseSensitive(ev->data, "temporal")) {
    e.type = JANUV_ECHOTEST_SIMULCAST;
    e.videocodec = str(ev->data, "videocodec");
    e.substream = num(ev->data, "substream", -1);
    e.temporal = num(ev->data, "temporal", -1);
  } else {
    e.type = JANUV_ECHOTEST_OTHER;
  }
  et->cbs.on_result(et, &e, et->data);
}

static void on_handle_event(januv_handle *h, const januv_event *ev, void *data) {
  (void)h;
  januv_echotest *et = data;
  if (et->cbs.on_handle_event) et->cbs.on_handle_event(et, ev, et->data);
}

static void on_trickle(januv_handle *h, const januv_event *ev, void *data) {
  (void)h;
  januv_echotest *et = data;
  jv_media_trickle(et->media, ev);
}

static void on_closed(januv_handle *h, int reason, void *data) {
  (void)h;
  januv_echotest *et = data;
  /* A start in progress completes (ECANCELED) before on_closed, which is the last callback. */
  jv_media_free(et->media);
  et->media = NULL;
  if (et->cbs.on_closed) et->cbs.on_closed(et, reason, et->data);
  free(et);
}

static const januv_handle_callbacks handle_cbs = {
  .on_event = on_event,
  .on_webrtcup = on_handle_event,
  .on_media = on_handle_event,
  .on_slowlink = on_handle_event,
  .on_hangup = on_handle_event,
  .on_trickle = on_trickle,
  .on_closed = on_closed,
};

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  januv_echotest *et = data;
  januv_echotest_attach_cb cb = et->attach_cb;
  if (!h) {
    cb(NULL, r, et->data);
    free(et);
    return;
  }
  et->h = h;
  cb(et, r, et->data);
}

int januv_echotest_attach(januv_session *s, const januv_echotest_callbacks *cbs, januv_echotest_attach_cb cb,
                          void *data) {
  if (!s || !cb) return JANUV_EINVAL;
  januv_echotest *et = calloc(1, sizeof *et);
  if (!et) return JANUV_ENOMEM;
  if (cbs) et->cbs = *cbs;
  et->data = data;
  et->attach_cb = cb;
  int rc = januv_handle_attach(s, "janus.plugin.echotest", NULL, &handle_cbs, on_attached, et);
  if (rc) free(et);
  return rc;
}

static cJSON *body_of(const januv_echotest_options *o) {
  cJSON *b = cJSON_CreateObject();
  if (!b || !o) return b;
  bool ok = true;
  if (o->audio >= 0) ok = ok && cJSON_AddBoolToObject(b, "audio", o->audio != 0);
  if (o->video >= 0) ok = ok && cJSON_AddBoolToObject(b, "video", o->video != 0);
  if (o->record >= 0) ok = ok && cJSON_AddBoolToObject(b, "record", o->record != 0);
  if (o->bitrate) ok = ok && cJSON_AddNumberToObject(b, "bitrate", o->bitrate);
  if (o->audiocodec) ok = ok && cJSON_AddStringToObject(b, "audiocodec", o->audiocodec);
  if (o->videocodec) ok = ok && cJSON_AddStringToObject(b, "videocodec", o->videocodec);
  if (o->videoprofile) ok = ok && cJSON_AddStringToObject(b, "videoprofile", o->videoprofile);
  if (o->filename) ok = ok && cJSON_AddStringToObject(b, "filename", o->filename);
  if (!ok) {
    cJSON_Delete(b);
    return NULL;
  }
  return b;
}

static bool usable(const januv_echotest *et) { return et && et->h && !januv_handle_closing(et->h); }

int januv_echotest_start(januv_echotest *et, januv_peer *peer, const januv_echotest_options *opts, januv_reply_cb cb,
                         void *data) {
  if (!et || !peer) return JANUV_EINVAL;
  if (!usable(et)) return JANUV_ECLOSED;
  if (!JANUV_HAVE_MEDIA) return JANUV_ENOMEDIA;
  if (et->media && jv_media_peer(et->media) != peer) {
    jv_media_free(et->media);
    et->media = NULL;
  }
  if (!et->media && !(et->media = jv_media_new(et->h, peer))) return januv_peer_closing(peer) ? JANUV_ECLOSED : JANUV_ENOMEM;
  return jv_media_offer(et->media, body_of(opts), NULL, cb, data);
}

int januv_echotest_renegotiate(januv_echotest *et, const januv_offer_options *offer, const januv_echotest_options *opts,
                               januv_reply_cb cb, void *data) {
  if (!et) return JANUV_EINVAL;
  if (!usable(et)) return JANUV_ECLOSED;
  if (!et->media || !jv_media_peer(et->media)) return JANUV_ESTATE;
  return jv_media_offer(et->media, body_of(opts), offer, cb, data);
}

int januv_echotest_configure(januv_echotest *et, const januv_echotest_options *opts, januv_reply_cb cb, void *data) {
  if (!et) return JANUV_EINVAL;
  if (!usable(et)) return JANUV_ECLOSED;
  return jv_plugin_send(et->h, body_of(opts), NULL, cb, data);
}

int januv_echotest_set_audio(januv_echotest *et, bool on, januv_reply_cb cb, void *data) {
  januv_echotest_options o;
  januv_echotest_options_init(&o);
  o.audio = on;
  return januv_echotest_configure(et, &o, cb, data);
}

int januv_echotest_set_video(januv_echotest *et, bool on, januv_reply_cb cb, void *data) {
  januv_echotest_options o;
  januv_echotest_options_init(&o);
  o.video = on;
  return januv_echotest_configure(et, &o, cb, data);
}

int januv_echotest_set_bitrate(januv_echotest *et, uint32_t bps, januv_reply_cb cb, void *data) {
  januv_echotest_options o;
  januv_echotest_options_init(&o);
  o.bitrate = bps;
  return januv_echotest_configure(et, &o, cb, data);
}

int januv_echotest_close_stream(januv_echotest *et, januv_reply_cb cb, void *data) {
  if (!et) return JANUV_EINVAL;
  if (!usable(et)) return JANUV_ECLOSED;
  return januv_handle_hangup(et->h, cb, data);
}

int januv_echotest_detach(januv_echotest *et, januv_reply_cb cb, void *data) {
  if (!et) return JANUV_EINVAL;
  if (!usable(et)) return JANUV_ECLOSED;
  return januv_handle_detach(et->h, cb, data);
}

januv_handle *januv_echotest_handle(const januv_echotest *et) { return et->h; }
januv_peer *januv_echotest_peer(const januv_echotest *et) { return jv_media_peer(et->media); }
void januv_echotest_set_data(januv_echotest *et, void *data) { et->data = data; }
void *januv_echotest_get_data(const januv_echotest *et) { return et->data; }
