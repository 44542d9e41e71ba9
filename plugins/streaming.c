/* Streaming plugin module: mountpoint management, watching with a peer (Janus offers), typed events. */
#include "januv/plugins/streaming.h"

#include <stdlib.h>
#include <string.h>

#include "plugin.h"

struct januv_streaming {
  jv_plugin base;
  januv_streaming_callbacks cbs;
};

static jv_plugin *P(januv_streaming *st) { return st ? &st->base : NULL; }

/* ---- tables ---- */

#define S januv_streaming_stream
static const jv_field stream_fields[] = {
  JV_FIELD(S, type, "type", JV_F_STR),      JV_FIELD(S, mid, "mid", JV_F_STR),
  JV_FIELD(S, label, "label", JV_F_STR),    JV_FIELD(S, msid, "msid", JV_F_STR),
  JV_FIELD(S, mindex, "mindex", JV_F_INT),  JV_FIELD(S, age_ms, "age_ms", JV_F_I64),
  JV_FIELD(S, pt, "pt", JV_F_INT),          JV_FIELD(S, codec, "codec", JV_F_STR),
  JV_FIELD(S, rtpmap, "rtpmap", JV_F_STR),  JV_FIELD(S, fmtp, "fmtp", JV_F_STR),
  JV_FIELD(S, port, "port", JV_F_INT),
};
static const jv_table stream_table = JV_TABLE(S, stream_fields);
#undef S

#define M januv_streaming_mountpoint
static const jv_field mountpoint_fields[] = {
  JV_FIELD(M, id, "id", JV_F_ID),
  JV_FIELD(M, name, "name", JV_F_STR),
  JV_FIELD(M, description, "description", JV_F_STR),
  JV_FIELD(M, metadata, "metadata", JV_F_STR),
  JV_FIELD(M, type, "type", JV_F_STR),
  JV_FIELD(M, enabled, "enabled", JV_F_TRI),
  JV_FIELD(M, is_private, "is_private", JV_F_TRI),
  JV_FIELD(M, viewers, "viewers", JV_F_INT),
  JV_FIELD(M, secret, "secret", JV_F_STR),
  JV_FIELD(M, pin, "pin", JV_F_STR),
  JV_FIELD(M, permanent, "permanent", JV_F_TRI),
  JV_FIELD_LIST(M, media, nmedia, "media", &stream_table),
};
static const jv_table mountpoint_table = JV_TABLE(M, mountpoint_fields);

/* "created" describes the mountpoint under "stream", its name under "created". */
static const jv_field created_fields[] = {
  JV_FIELD(M, id, "stream.id", JV_F_ID),
  JV_FIELD(M, name, "created", JV_F_STR),
  JV_FIELD(M, description, "stream.description", JV_F_STR),
  JV_FIELD(M, metadata, "stream.metadata", JV_F_STR),
  JV_FIELD(M, type, "stream.type", JV_F_STR),
  JV_FIELD(M, enabled, "stream.enabled", JV_F_TRI),
  JV_FIELD(M, is_private, "stream.is_private", JV_F_TRI),
  JV_FIELD(M, viewers, "stream.viewers", JV_F_INT),
  JV_FIELD(M, permanent, "permanent", JV_F_TRI),
  JV_FIELD_LIST(M, media, nmedia, "stream.ports", &stream_table),
};
static const jv_table created_table = JV_TABLE(M, created_fields);
#undef M

#define O januv_streaming_stream_options
static const jv_field stream_option_fields[] = {
  JV_FIELD(O, type, "type", JV_F_STR),         JV_FIELD(O, mid, "mid", JV_F_STR),
  JV_FIELD(O, label, "label", JV_F_STR),       JV_FIELD(O, msid, "msid", JV_F_STR),
  JV_FIELD(O, port, "port", JV_F_INT),         JV_FIELD(O, rtcpport, "rtcpport", JV_F_INT),
  JV_FIELD(O, mcast, "mcast", JV_F_STR),       JV_FIELD(O, iface, "iface", JV_F_STR),
  JV_FIELD(O, pt, "pt", JV_F_INT),             JV_FIELD(O, codec, "codec", JV_F_STR),
  JV_FIELD(O, fmtp, "fmtp", JV_F_STR),         JV_FIELD(O, skew, "skew", JV_F_TRI),
  JV_FIELD(O, bufferkf, "bufferkf", JV_F_TRI), JV_FIELD(O, simulcast, "simulcast", JV_F_TRI),
  JV_FIELD(O, port2, "port2", JV_F_INT),       JV_FIELD(O, port3, "port3", JV_F_INT),
  JV_FIELD(O, svc, "svc", JV_F_TRI),           JV_FIELD(O, buffermsg, "buffermsg", JV_F_TRI),
  JV_FIELD(O, datatype, "datatype", JV_F_STR),
};
static const jv_table stream_option_table = JV_TABLE(O, stream_option_fields);
#undef O

#define O januv_streaming_create_options
static const jv_field create_fields[] = {
  JV_FIELD(O, type, "type", JV_F_STR),
  JV_FIELD(O, id, "id", JV_F_ID),
  JV_FIELD(O, name, "name", JV_F_STR),
  JV_FIELD(O, description, "description", JV_F_STR),
  JV_FIELD(O, metadata, "metadata", JV_F_STR),
  JV_FIELD(O, secret, "secret", JV_F_STR),
  JV_FIELD(O, pin, "pin", JV_F_STR),
  JV_FIELD(O, admin_key, "admin_key", JV_F_STR),
  JV_FIELD(O, is_private, "is_private", JV_F_TRI),
  JV_FIELD(O, permanent, "permanent", JV_F_TRI),
  JV_FIELD_LIST(O, media, nmedia, "media", &stream_option_table),
  JV_FIELD(O, collision, "collision", JV_F_INT),
  JV_FIELD(O, threads, "threads", JV_F_INT),
  JV_FIELD(O, srtpsuite, "srtpsuite", JV_F_INT),
  JV_FIELD(O, srtpcrypto, "srtpcrypto", JV_F_STR),
  JV_FIELD(O, e2ee, "e2ee", JV_F_TRI),
  JV_FIELD(O, playoutdelay_ext, "playoutdelay_ext", JV_F_TRI),
  JV_FIELD(O, filename, "filename", JV_F_STR),
  JV_FIELD(O, audio, "audio", JV_F_TRI),
  JV_FIELD(O, video, "video", JV_F_TRI),
  JV_FIELD(O, audiocodec, "audiocodec", JV_F_STR),
  JV_FIELD(O, audiofmtp, "audiofmtp", JV_F_STR),
  JV_FIELD(O, audiopt, "audiopt", JV_F_INT),
  JV_FIELD(O, url, "url", JV_F_STR),
  JV_FIELD(O, rtsp_user, "rtsp_user", JV_F_STR),
  JV_FIELD(O, rtsp_pwd, "rtsp_pwd", JV_F_STR),
  JV_FIELD(O, rtspiface, "rtspiface", JV_F_STR),
  JV_FIELD(O, videocodec, "videocodec", JV_F_STR),
  JV_FIELD(O, videofmtp, "videofmtp", JV_F_STR),
  JV_FIELD(O, videopt, "videopt", JV_F_INT),
  JV_FIELD(O, videobufferkf, "videobufferkf", JV_F_TRI),
  JV_FIELD(O, rtsp_failcheck, "rtsp_failcheck", JV_F_TRI),
  JV_FIELD(O, rtsp_reconnect_delay, "rtsp_reconnect_delay", JV_F_INT),
  JV_FIELD(O, rtsp_session_timeout, "rtsp_session_timeout", JV_F_INT),
  JV_FIELD(O, rtsp_timeout, "rtsp_timeout", JV_F_INT),
  JV_FIELD(O, rtsp_conn_timeout, "rtsp_conn_timeout", JV_F_INT),
  JV_FIELD(O, extra, "", JV_F_MERGE),
};
static const jv_table create_table = JV_TABLE(O, create_fields);
#undef O

#define O januv_streaming_edit_options
static const jv_field edit_fields[] = {
  JV_FIELD(O, secret, "secret", JV_F_STR),
  JV_FIELD(O, new_description, "new_description", JV_F_STR),
  JV_FIELD(O, new_metadata, "new_metadata", JV_F_STR),
  JV_FIELD(O, new_secret, "new_secret", JV_F_STR),
  JV_FIELD(O, new_pin, "new_pin", JV_F_STR),
  JV_FIELD(O, new_is_private, "new_is_private", JV_F_TRI),
  JV_FIELD(O, permanent, "permanent", JV_F_TRI),
  JV_FIELD(O, edited_event, "edited_event", JV_F_TRI),
};
static const jv_table edit_table = JV_TABLE(O, edit_fields);
#undef O

#define O januv_streaming_watch_options
static const jv_field watch_fields[] = {
  JV_FIELD(O, pin, "pin", JV_F_STR),
  JV_FIELD_STRS(O, media, nmedia, "media"),
  JV_FIELD(O, restart, "restart", JV_F_TRI),
};
static const jv_table watch_table = JV_TABLE(O, watch_fields);
#undef O

#define O januv_streaming_configure_options
static const jv_field configure_fields[] = {
  JV_FIELD(O, mid, "mid", JV_F_STR),
  JV_FIELD(O, send, "send", JV_F_TRI),
  JV_FIELD(O, substream, "substream", JV_F_INT),
  JV_FIELD(O, temporal, "temporal", JV_F_INT),
  JV_FIELD(O, fallback, "fallback", JV_F_INT),
  JV_FIELD(O, spatial_layer, "spatial_layer", JV_F_INT),
  JV_FIELD(O, temporal_layer, "temporal_layer", JV_F_INT),
  JV_FIELD(O, min_delay, "min_delay", JV_F_INT),
  JV_FIELD(O, max_delay, "max_delay", JV_F_INT),
};
static const jv_table configure_table = JV_TABLE(O, configure_fields);
#undef O

#define O januv_streaming_recording
static const jv_field recording_fields[] = {
  JV_FIELD(O, mid, "mid", JV_F_STR),
  JV_FIELD(O, filename, "filename", JV_F_STR),
};
static const jv_table recording_table = JV_TABLE(O, recording_fields);
#undef O

static const jv_field recording_stop_fields[] = {
  JV_FIELD(januv_streaming_recording, mid, "mid", JV_F_STR),
};
static const jv_table recording_stop_table = JV_TABLE(januv_streaming_recording, recording_stop_fields);

/* The "recording" request as a struct, so that its media list is encoded by a table: stopping takes mids
 * only (a filename would read as a start). */
typedef struct recording_req {
  const januv_streaming_recording *media;
  size_t nmedia;
} recording_req;
static const jv_field recording_start_fields[] = {
  JV_FIELD_LIST(recording_req, media, nmedia, "media", &recording_table),
};
static const jv_table recording_start_table = JV_TABLE(recording_req, recording_start_fields);
static const jv_field recording_stop_req_fields[] = {
  JV_FIELD_LIST(recording_req, media, nmedia, "media", &recording_stop_table),
};
static const jv_table recording_stop_req_table = JV_TABLE(recording_req, recording_stop_req_fields);

#define E januv_streaming_event
static const jv_field event_fields[] = {
  JV_FIELD(E, id, "id", JV_F_ID),
  JV_FIELD(E, id, "result.id", JV_F_ID),
  JV_FIELD(E, metadata, "metadata", JV_F_STR),
  JV_FIELD(E, mid, "result.mid", JV_F_STR),
  JV_FIELD(E, substream, "result.substream", JV_F_INT),
  JV_FIELD(E, temporal, "result.temporal", JV_F_INT),
  JV_FIELD(E, spatial_layer, "result.spatial_layer", JV_F_INT),
  JV_FIELD(E, temporal_layer, "result.temporal_layer", JV_F_INT),
  JV_FIELD(E, error_code, "error_code", JV_F_INT),
  JV_FIELD(E, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(E, event_fields);
#undef E

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_STREAMING_ERROR},
  {"result.status", "preparing", JANUV_STREAMING_PREPARING},
  {"result.status", "updating", JANUV_STREAMING_UPDATING},
  {"result.status", "starting", JANUV_STREAMING_STARTING},
  {"result.status", "started", JANUV_STREAMING_STARTED},
  {"result.status", "pausing", JANUV_STREAMING_PAUSING},
  {"result.status", "stopping", JANUV_STREAMING_STOPPING},
  {"result.status", "stopped", JANUV_STREAMING_STOPPED},
  {"result.status", "kicked_all", JANUV_STREAMING_KICKED},
  {"result.switched", NULL, JANUV_STREAMING_SWITCHED},
  {"event", "edited", JANUV_STREAMING_EDITED},
  {"result.substream", NULL, JANUV_STREAMING_LAYER},
  {"result.temporal", NULL, JANUV_STREAMING_LAYER},
  {"result.spatial_layer", NULL, JANUV_STREAMING_LAYER},
  {"result.temporal_layer", NULL, JANUV_STREAMING_LAYER},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_STREAMING_OTHER, &event_table);

const char *januv_streaming_event_name(januv_streaming_event_type type) {
  static const char *const names[] = {"preparing", "updating", "starting", "started", "pausing", "switched",
                                      "stopping",  "stopped",  "kicked",   "edited",  "layer",   "error",
                                      "other"};
  return JV_NAME(names, type);
}

/* ---- the handle ---- */

/* The event struct has no lists: nothing to free after decoding. */
void januv_streaming_event_parse(const cJSON *data, januv_streaming_event *ev) {
  ev->type = jv_event_decode(&event_desc, data, ev);
  ev->data = data;
}

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_streaming *st = (januv_streaming *)p;
  if (!st->cbs.on_event) return;
  januv_streaming_event e;
  januv_streaming_event_parse(ev->data, &e);
  st->cbs.on_event(st, &e, p->data);
}

JV_PLUGIN_HOOKS(januv_streaming)

static const jv_plugin_class streaming_class = {
  .package = "janus.plugin.streaming",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
};

int januv_streaming_attach(januv_session *s, const januv_streaming_callbacks *cbs, januv_streaming_attach_cb cb,
                           void *data) {
  januv_streaming *st = calloc(1, sizeof *st);
  if (st && cbs) st->cbs = *cbs;
  return jv_plugin_attach(s, st ? &st->base : NULL, &streaming_class, NULL, JV_CB(cb), data);
}

/* ---- typed replies ---- */

static void list_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  ((januv_streaming_list_cb)cb)(r, obj, n, data);
}

static void mountpoint_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  ((januv_streaming_mountpoint_cb)cb)(r, obj, data);
}

static const jv_decode list_decode = {"list", &mountpoint_table, list_fn};
static const jv_decode info_decode = {"info", &mountpoint_table, mountpoint_fn};
static const jv_decode created_decode = {NULL, &created_table, mountpoint_fn};

/* ---- management ---- */

int januv_streaming_list(januv_streaming *st, januv_streaming_list_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "list");
  return jv_plugin_call(P(st), &b, &list_decode, JV_CB(cb), data);
}

int januv_streaming_info(januv_streaming *st, januv_id id, const char *secret, januv_streaming_mountpoint_cb cb,
                         void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "info");
  jv_body_id(&b, "id", id, true);
  jv_body_str(&b, "secret", secret, false);
  return jv_plugin_call(P(st), &b, &info_decode, JV_CB(cb), data);
}

void januv_streaming_stream_options_init(januv_streaming_stream_options *o) {
  jv_fields_init(o, &stream_option_table);
  o->port = 0;
}

void januv_streaming_create_options_init(januv_streaming_create_options *o) {
  jv_fields_init(o, &create_table);
  o->type = "rtp";
}

int januv_streaming_create(januv_streaming *st, const januv_streaming_create_options *o,
                           januv_streaming_mountpoint_cb cb, void *data) {
  if (!o || !cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "create");
  jv_body_fields(&b, o, &create_table);
  return jv_plugin_call(P(st), &b, &created_decode, JV_CB(cb), data);
}

void januv_streaming_edit_options_init(januv_streaming_edit_options *o) {
  jv_fields_init(o, &edit_table);
}

int januv_streaming_edit(januv_streaming *st, const januv_streaming_edit_options *o, januv_reply_cb cb,
                         void *data) {
  if (!o) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "edit");
  jv_body_id(&b, "id", o->id, true);
  jv_body_fields(&b, o, &edit_table);
  return jv_plugin_request(P(st), &b, cb, data);
}

/* The requests made of an id, a secret and maybe one more flag. */
static int id_request(januv_streaming *st, const char *request, januv_id id, const char *secret, const char *flag,
                      int value, januv_reply_cb cb, void *data) {
  jv_body b = jv_body_new("request", request);
  jv_body_id(&b, "id", id, true);
  jv_body_str(&b, "secret", secret, false);
  if (flag) jv_body_tri(&b, flag, value);
  return jv_plugin_request(P(st), &b, cb, data);
}

int januv_streaming_destroy(januv_streaming *st, januv_id id, const char *secret, int permanent, januv_reply_cb cb,
                            void *data) {
  return id_request(st, "destroy", id, secret, "permanent", permanent, cb, data);
}

int januv_streaming_enable(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb, void *data) {
  return id_request(st, "enable", id, secret, NULL, -1, cb, data);
}

int januv_streaming_disable(januv_streaming *st, januv_id id, const char *secret, int stop_recording,
                            januv_reply_cb cb, void *data) {
  return id_request(st, "disable", id, secret, "stop_recording", stop_recording, cb, data);
}

int januv_streaming_kick_all(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb, void *data) {
  return id_request(st, "kick_all", id, secret, NULL, -1, cb, data);
}

static int recording(januv_streaming *st, const char *action, januv_id id, const char *secret,
                     const januv_streaming_recording *media, size_t n, januv_reply_cb cb, void *data) {
  recording_req req = {media, n};
  bool start = !strcmp(action, "start");
  jv_body b = jv_body_new("request", "recording");
  jv_body_str(&b, "action", action, true);
  jv_body_id(&b, "id", id, true);
  jv_body_str(&b, "secret", secret, false);
  jv_body_fail(&b, n > 0, JANUV_EINVAL);
  jv_body_fields(&b, &req, start ? &recording_start_table : &recording_stop_req_table);
  return jv_plugin_request(P(st), &b, cb, data);
}

int januv_streaming_recording_start(januv_streaming *st, januv_id id, const char *secret,
                                    const januv_streaming_recording *media, size_t n, januv_reply_cb cb,
                                    void *data) {
  return recording(st, "start", id, secret, media, n, cb, data);
}

int januv_streaming_recording_stop(januv_streaming *st, januv_id id, const char *secret,
                                   const januv_streaming_recording *media, size_t n, januv_reply_cb cb,
                                   void *data) {
  return recording(st, "stop", id, secret, media, n, cb, data);
}

/* ---- watching ---- */

void januv_streaming_watch_options_init(januv_streaming_watch_options *o) { jv_fields_init(o, &watch_table); }

int januv_streaming_watch(januv_streaming *st, januv_peer *peer, januv_id id, const januv_streaming_watch_options *o,
                          januv_reply_cb cb, void *data) {
  if (!st || !peer) return JANUV_EINVAL;
  jv_body req = jv_body_new("request", "watch");
  jv_body_id(&req, "id", id, true);
  if (o) jv_body_fields(&req, o, &watch_table);
  jv_body start = jv_body_new("request", "start");
  return jv_plugin_watch(P(st), peer, &req, &start, cb, data);
}

int januv_streaming_start(januv_streaming *st, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(st), "start", cb, data);
}

int januv_streaming_pause(januv_streaming *st, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(st), "pause", cb, data);
}

int januv_streaming_stop(januv_streaming *st, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(st), "stop", cb, data);
}

void januv_streaming_configure_options_init(januv_streaming_configure_options *o) {
  jv_fields_init(o, &configure_table);
}

int januv_streaming_configure(januv_streaming *st, const januv_streaming_configure_options *o, januv_reply_cb cb,
                              void *data) {
  if (!o) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "configure");
  jv_body_fields(&b, o, &configure_table);
  return jv_plugin_request(P(st), &b, cb, data);
}

int januv_streaming_switch(januv_streaming *st, januv_id id, januv_reply_cb cb, void *data) {
  return id_request(st, "switch", id, NULL, NULL, -1, cb, data);
}

int januv_streaming_detach(januv_streaming *st, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(P(st), cb, data);
}

januv_handle *januv_streaming_handle(const januv_streaming *st) { return st->base.h; }
januv_peer *januv_streaming_peer(const januv_streaming *st) { return jv_plugin_peer(&st->base); }
void januv_streaming_set_data(januv_streaming *st, void *data) { st->base.data = data; }
void *januv_streaming_get_data(const januv_streaming *st) { return st->base.data; }
