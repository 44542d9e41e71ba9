/* Record&Play plugin module: recording (we offer), playing back (Janus offers), listing, typed events. */
#include "januv/plugins/recordplay.h"

#include <stdlib.h>

#include "plugin.h"

struct januv_recordplay {
  jv_plugin base;
  januv_recordplay_callbacks cbs;
};

static jv_plugin *P(januv_recordplay *rp) { return rp ? &rp->base : NULL; }

/* ---- tables ---- */

#define T januv_recordplay_recording
static const jv_field recording_fields[] = {
  JV_FIELD(T, id, "id", JV_F_U64),
  JV_FIELD(T, name, "name", JV_F_STR),
  JV_FIELD(T, date, "date", JV_F_STR),
  JV_FIELD(T, audio, "audio", JV_F_TRI),
  JV_FIELD(T, video, "video", JV_F_TRI),
  JV_FIELD(T, data, "data", JV_F_TRI),
  JV_FIELD(T, audio_codec, "audio_codec", JV_F_STR),
  JV_FIELD(T, video_codec, "video_codec", JV_F_STR),
  JV_FIELD(T, audio_red, "audio_red", JV_F_TRI),
};
static const jv_table recording_table = JV_TABLE(T, recording_fields);
#undef T

#define T januv_recordplay_record_options
static const jv_field record_fields[] = {
  JV_FIELD(T, name, "name", JV_F_STR),
  JV_FIELD(T, id, "id", JV_F_U64),
  JV_FIELD(T, filename, "filename", JV_F_STR),
  JV_FIELD(T, audiocodec, "audiocodec", JV_F_STR),
  JV_FIELD(T, videocodec, "videocodec", JV_F_STR),
  JV_FIELD(T, videoprofile, "videoprofile", JV_F_STR),
  JV_FIELD(T, opusred, "opusred", JV_F_TRI),
  JV_FIELD(T, textdata, "textdata", JV_F_TRI),
};
static const jv_table record_table = JV_TABLE(T, record_fields);
#undef T

#define T januv_recordplay_event
static const jv_field event_fields[] = {
  JV_FIELD(T, id, "result.id", JV_F_I64),
  JV_FIELD(T, warning, "result.warning", JV_F_STR),
  JV_FIELD(T, error_code, "error_code", JV_F_INT),
  JV_FIELD(T, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(T, event_fields);
#undef T

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_RECORDPLAY_ERROR},
  {"result.status", "recording", JANUV_RECORDPLAY_RECORDING},
  {"result.status", "preparing", JANUV_RECORDPLAY_PREPARING},
  {"result.status", "restarting", JANUV_RECORDPLAY_RESTARTING},
  {"result.status", "playing", JANUV_RECORDPLAY_PLAYING},
  {"result.status", "paused", JANUV_RECORDPLAY_PAUSED},
  {"result.status", "resumed", JANUV_RECORDPLAY_RESUMED},
  {"result.status", "stopped", JANUV_RECORDPLAY_STOPPED},
  {"result.status", "slow_link", JANUV_RECORDPLAY_SLOW_LINK},
  {"result", "done", JANUV_RECORDPLAY_DONE},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_RECORDPLAY_OTHER, &event_table);

const char *januv_recordplay_event_name(januv_recordplay_event_type type) {
  static const char *const names[] = {"recording", "preparing", "restarting", "playing", "paused", "resumed",
                                      "stopped",   "done",      "slow_link",  "error",   "other"};
  return JV_NAME(names, type);
}

/* The event struct has no lists: nothing to free after decoding. */
void januv_recordplay_event_parse(const cJSON *data, januv_recordplay_event *ev) {
  ev->type = jv_event_decode(&event_desc, data, ev);
  ev->data = data;
}

/* ---- the handle ---- */

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_recordplay *rp = (januv_recordplay *)p;
  if (!rp->cbs.on_event) return;
  januv_recordplay_event e;
  januv_recordplay_event_parse(ev->data, &e);
  rp->cbs.on_event(rp, &e, p->data);
}

JV_PLUGIN_HOOKS(januv_recordplay)

static const jv_plugin_class recordplay_class = {
  .package = "janus.plugin.recordplay",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
};

int januv_recordplay_attach(januv_session *s, const januv_recordplay_callbacks *cbs, januv_recordplay_attach_cb cb,
                            void *data) {
  januv_recordplay *rp = calloc(1, sizeof *rp);
  if (rp && cbs) rp->cbs = *cbs;
  return jv_plugin_attach(s, rp ? &rp->base : NULL, &recordplay_class, NULL, JV_CB(cb), data);
}

/* ---- typed replies ---- */

static void list_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  ((januv_recordplay_list_cb)cb)(r, obj, n, data);
}

static void record_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const januv_recordplay_event *e = obj;
  ((januv_recordplay_record_cb)cb)(r, e && e->id > 0 ? (uint64_t)e->id : 0, data);
}

static const jv_decode list_decode = {"list", &recording_table, list_fn};
static const jv_decode record_decode = {NULL, &event_table, record_fn};

/* ---- requests ---- */

int januv_recordplay_list(januv_recordplay *rp, januv_recordplay_list_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "list");
  return jv_plugin_call(P(rp), &b, &list_decode, JV_CB(cb), data);
}

int januv_recordplay_update(januv_recordplay *rp, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(rp), "update", cb, data);
}

int januv_recordplay_configure(januv_recordplay *rp, int video_bitrate_max, int video_keyframe_interval,
                               januv_reply_cb cb, void *data) {
  jv_body b = jv_body_new("request", "configure");
  if (video_bitrate_max >= 0) jv_body_int(&b, "video-bitrate-max", video_bitrate_max);
  if (video_keyframe_interval >= 0) jv_body_int(&b, "video-keyframe-interval", video_keyframe_interval);
  return jv_plugin_request(P(rp), &b, cb, data);
}

void januv_recordplay_record_options_init(januv_recordplay_record_options *o) { jv_fields_init(o, &record_table); }

int januv_recordplay_record(januv_recordplay *rp, januv_peer *peer, const januv_recordplay_record_options *o,
                            januv_recordplay_record_cb cb, void *data) {
  if (!rp || !peer || !o || !o->name || !o->name[0] || !cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "record");
  jv_body_fields(&b, o, &record_table);
  return jv_plugin_call_offer(P(rp), peer, &b, &record_decode, JV_CB(cb), data);
}

int januv_recordplay_play(januv_recordplay *rp, januv_peer *peer, uint64_t id, januv_reply_cb cb, void *data) {
  if (!rp || !peer || !id) return JANUV_EINVAL;
  jv_body req = jv_body_new("request", "play");
  jv_body_u64(&req, "id", id);
  jv_body start = jv_body_new("request", "start");
  return jv_plugin_watch(P(rp), peer, &req, &start, cb, data);
}

int januv_recordplay_pause(januv_recordplay *rp, bool pause, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(rp), pause ? "pause" : "resume", cb, data);
}

int januv_recordplay_stop(januv_recordplay *rp, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(rp), "stop", cb, data);
}

int januv_recordplay_detach(januv_recordplay *rp, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(P(rp), cb, data);
}

januv_handle *januv_recordplay_handle(const januv_recordplay *rp) { return rp->base.h; }
januv_peer *januv_recordplay_peer(const januv_recordplay *rp) { return jv_plugin_peer(&rp->base); }
void januv_recordplay_set_data(januv_recordplay *rp, void *data) { rp->base.data = data; }
void *januv_recordplay_get_data(const januv_recordplay *rp) { return rp->base.data; }
