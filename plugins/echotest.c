/* EchoTest plugin module: requests, typed events, and a peer glued to the handle (media/glue.h). */
#include "januv/plugins/echotest.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "media/glue.h"
#include "plugin.h"

struct januv_echotest {
  jv_plugin base;
  januv_echotest_callbacks cbs;
};

void januv_echotest_options_init(januv_echotest_options *o) {
  memset(o, 0, sizeof *o);
  o->audio = o->video = o->record = -1;
}

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_echotest *et = (januv_echotest *)p;
  if (!et->cbs.on_result) return;
  januv_echotest_event e;
  memset(&e, 0, sizeof e);
  e.data = ev->data;
  e.substream = e.temporal = -1;
  const char *result = jv_json_str(ev->data, "result");
  const char *event = jv_json_str(ev->data, "event");
  if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(ev->data, "error_code"))) {
    e.type = JANUV_ECHOTEST_ERROR;
    e.error_code = (int)jv_json_int(ev->data, "error_code", 0);
    e.error = jv_json_str(ev->data, "error");
  } else if (result && !strcmp(result, "done")) {
    e.type = JANUV_ECHOTEST_DONE;
  } else if (result && !strcmp(result, "ok")) {
    e.type = JANUV_ECHOTEST_OK;
  } else if (event && !strcmp(event, "slow_link")) {
    e.type = JANUV_ECHOTEST_SLOW_LINK;
    e.media = jv_json_str(ev->data, "media");
    int64_t br = jv_json_int(ev->data, "current-bitrate", 0);
    e.current_bitrate = br > 0 ? (uint32_t)br : 0;
  } else if (cJSON_GetObjectItemCaseSensitive(ev->data, "substream") ||
             cJSON_GetObjectItemCaseSensitive(ev->data, "temporal")) {
    e.type = JANUV_ECHOTEST_SIMULCAST;
    e.videocodec = jv_json_str(ev->data, "videocodec");
    e.substream = (int)jv_json_int(ev->data, "substream", -1);
    e.temporal = (int)jv_json_int(ev->data, "temporal", -1);
  } else {
    e.type = JANUV_ECHOTEST_OTHER;
  }
  et->cbs.on_result(et, &e, p->data);
}

JV_PLUGIN_HOOKS(januv_echotest)

static const jv_plugin_class echotest_class = {
  .package = "janus.plugin.echotest",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
};

int januv_echotest_attach(januv_session *s, const januv_echotest_callbacks *cbs, januv_echotest_attach_cb cb,
                          void *data) {
  januv_echotest *et = calloc(1, sizeof *et);
  if (et && cbs) et->cbs = *cbs;
  return jv_plugin_attach(s, et ? &et->base : NULL, &echotest_class, NULL, JV_CB(cb), data);
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

int januv_echotest_start(januv_echotest *et, januv_peer *peer, const januv_echotest_options *opts, januv_reply_cb cb,
                         void *data) {
  if (!et || !peer) return JANUV_EINVAL;
  int rc = jv_plugin_bind(&et->base, peer);
  return rc ? rc : jv_media_offer(et->base.media, body_of(opts), NULL, cb, data);
}

int januv_echotest_renegotiate(januv_echotest *et, const januv_offer_options *offer, const januv_echotest_options *opts,
                               januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(et ? &et->base : NULL);
  if (rc) return rc;
  if (!jv_plugin_peer(&et->base)) return JANUV_ESTATE;
  return jv_media_offer(et->base.media, body_of(opts), offer, cb, data);
}

int januv_echotest_configure(januv_echotest *et, const januv_echotest_options *opts, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(et ? &et->base : NULL);
  return rc ? rc : jv_plugin_send(et->base.h, body_of(opts), NULL, cb, data);
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

/* Unlike the options' field, 0 is sent here: Janus takes "bitrate":0 as "no cap". */
int januv_echotest_set_bitrate(januv_echotest *et, uint32_t bps, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(et ? &et->base : NULL);
  if (rc) return rc;
  cJSON *b = cJSON_CreateObject();
  if (!b || !cJSON_AddNumberToObject(b, "bitrate", bps)) {
    cJSON_Delete(b);
    return JANUV_ENOMEM;
  }
  return jv_plugin_send(et->base.h, b, NULL, cb, data);
}

int januv_echotest_close_stream(januv_echotest *et, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(et ? &et->base : NULL);
  return rc ? rc : januv_handle_hangup(et->base.h, cb, data);
}

int januv_echotest_detach(januv_echotest *et, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(et ? &et->base : NULL, cb, data);
}

januv_handle *januv_echotest_handle(const januv_echotest *et) { return et->base.h; }
januv_peer *januv_echotest_peer(const januv_echotest *et) { return jv_plugin_peer(&et->base); }
void januv_echotest_set_data(januv_echotest *et, void *data) { et->base.data = data; }
void *januv_echotest_get_data(const januv_echotest *et) { return et->base.data; }
