/* VideoRoom plugin module: room management, publishers, multistream subscribers, typed events. */
#include "januv/plugins/videoroom.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "media/glue.h"
#include "plugin.h"

struct januv_videoroom {
  jv_plugin base;
  januv_videoroom_callbacks cbs;
};

/* ---- decoding ---- */

static const jv_field stream_fields[] = {
  JV_FIELD(januv_videoroom_stream, type, "type", JV_F_STR),
  JV_FIELD(januv_videoroom_stream, mindex, "mindex", JV_F_INT),
  JV_FIELD(januv_videoroom_stream, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_stream, disabled, "disabled", JV_F_BOOL),
  JV_FIELD(januv_videoroom_stream, codec, "codec", JV_F_STR),
  JV_FIELD(januv_videoroom_stream, description, "description", JV_F_STR),
  JV_FIELD(januv_videoroom_stream, moderated, "moderated", JV_F_BOOL),
  JV_FIELD(januv_videoroom_stream, simulcast, "simulcast", JV_F_BOOL),
  JV_FIELD(januv_videoroom_stream, svc, "svc", JV_F_BOOL),
  JV_FIELD(januv_videoroom_stream, talking, "talking", JV_F_BOOL),
};
static const jv_table stream_table = JV_TABLE(januv_videoroom_stream, stream_fields);

static const jv_field publisher_fields[] = {
  JV_FIELD(januv_videoroom_publisher, id, "id", JV_F_ID),
  JV_FIELD(januv_videoroom_publisher, display, "display", JV_F_STR),
  JV_FIELD(januv_videoroom_publisher, dummy, "dummy", JV_F_BOOL),
  JV_FIELD(januv_videoroom_publisher, talking, "talking", JV_F_BOOL),
  JV_FIELD_LIST(januv_videoroom_publisher, streams, nstreams, "streams", &stream_table),
};
static const jv_table publisher_table = JV_TABLE(januv_videoroom_publisher, publisher_fields);

static const jv_field attendee_fields[] = {
  JV_FIELD(januv_videoroom_attendee, id, "id", JV_F_ID),
  JV_FIELD(januv_videoroom_attendee, display, "display", JV_F_STR),
};
static const jv_table attendee_table = JV_TABLE(januv_videoroom_attendee, attendee_fields);

static const jv_field sub_stream_fields[] = {
  JV_FIELD(januv_videoroom_sub_stream, mindex, "mindex", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_stream, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, type, "type", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, active, "active", JV_F_BOOL),
  JV_FIELD(januv_videoroom_sub_stream, feed_id, "feed_id", JV_F_ID),
  JV_FIELD(januv_videoroom_sub_stream, feed_mid, "feed_mid", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, feed_display, "feed_display", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, feed_description, "feed_description", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, codec, "codec", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, crossrefid, "crossrefid", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_stream, send, "send", JV_F_BOOL),
  JV_FIELD(januv_videoroom_sub_stream, ready, "ready", JV_F_BOOL),
};
static const jv_table sub_stream_table = JV_TABLE(januv_videoroom_sub_stream, sub_stream_fields);

/* The public event plus the members whose meaning depends on the event. */
typedef struct vr_event {
  januv_videoroom_event pub;
  const cJSON *unpublished, *leaving, *kicked, *level;
  const char *moderation;
} vr_event;

#define EV(member, key, kind) JV_FIELD(vr_event, pub.member, key, kind)
static const jv_field event_fields[] = {
  EV(room, "room", JV_F_ID),
  EV(id, "id", JV_F_ID),
  EV(id, "joining.id", JV_F_ID),
  EV(private_id, "private_id", JV_F_U64),
  EV(description, "description", JV_F_STR),
  EV(display, "display", JV_F_STR),
  EV(display, "joining.display", JV_F_STR),
  JV_FIELD_LIST(vr_event, pub.publishers, pub.npublishers, "publishers", &publisher_table),
  JV_FIELD_LIST(vr_event, pub.attendees, pub.nattendees, "attendees", &attendee_table),
  JV_FIELD_LIST(vr_event, pub.streams, pub.nstreams, "streams", &sub_stream_table),
  EV(mid, "mid", JV_F_STR),
  EV(mindex, "mindex", JV_F_INT),
  EV(substream, "substream", JV_F_INT),
  EV(temporal, "temporal", JV_F_INT),
  EV(spatial_layer, "spatial_layer", JV_F_INT),
  EV(temporal_layer, "temporal_layer", JV_F_INT),
  EV(changes, "changes", JV_F_INT),
  EV(current_bitrate, "current-bitrate", JV_F_INT),
  EV(permanent, "permanent", JV_F_BOOL),
  EV(exists, "exists", JV_F_BOOL),
  JV_FIELD_STRS(vr_event, pub.allowed, pub.nallowed, "allowed"),
  EV(reason, "reason", JV_F_STR),
  EV(error_code, "error_code", JV_F_INT),
  EV(error, "error", JV_F_STR),
  JV_FIELD(vr_event, unpublished, "unpublished", JV_F_JSON),
  JV_FIELD(vr_event, leaving, "leaving", JV_F_JSON),
  JV_FIELD(vr_event, kicked, "kicked", JV_F_JSON),
  JV_FIELD(vr_event, level, "audio-level-dBov-avg", JV_F_JSON),
  JV_FIELD(vr_event, moderation, "moderation", JV_F_STR),
};
#undef EV
static const jv_table event_table = JV_TABLE(vr_event, event_fields);

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_VIDEOROOM_ERROR},
  {"videoroom", "joined", JANUV_VIDEOROOM_JOINED},
  {"videoroom", "attached", JANUV_VIDEOROOM_ATTACHED},
  {"videoroom", "created", JANUV_VIDEOROOM_CREATED},
  {"videoroom", "edited", JANUV_VIDEOROOM_EDITED},
  {"videoroom", "destroyed", JANUV_VIDEOROOM_DESTROYED},
  {"videoroom", "success", JANUV_VIDEOROOM_SUCCESS},
  {"videoroom", "talking", JANUV_VIDEOROOM_TALKING},
  {"videoroom", "stopped-talking", JANUV_VIDEOROOM_STOPPED_TALKING},
  {"videoroom", "slow_link", JANUV_VIDEOROOM_SLOW_LINK},
  {"videoroom", "updated", JANUV_VIDEOROOM_UPDATED},
  {"videoroom", "updating", JANUV_VIDEOROOM_UPDATING},
  {"videoroom", "rtp_forward", JANUV_VIDEOROOM_RTP_FORWARD},
  {"videoroom", "stop_rtp_forward", JANUV_VIDEOROOM_RTP_FORWARD},
  {"publishers", NULL, JANUV_VIDEOROOM_PUBLISHERS},
  {"unpublished", NULL, JANUV_VIDEOROOM_UNPUBLISHED},
  {"kicked", NULL, JANUV_VIDEOROOM_KICKED},
  {"leaving", NULL, JANUV_VIDEOROOM_LEAVING},
  {"joining", NULL, JANUV_VIDEOROOM_JOINING},
  {"moderation", NULL, JANUV_VIDEOROOM_MODERATION},
  {"configured", NULL, JANUV_VIDEOROOM_CONFIGURED},
  {"started", NULL, JANUV_VIDEOROOM_STARTED},
  {"paused", NULL, JANUV_VIDEOROOM_PAUSED},
  {"switched", NULL, JANUV_VIDEOROOM_SWITCHED},
  {"left", NULL, JANUV_VIDEOROOM_LEFT},
  {"substream", NULL, JANUV_VIDEOROOM_SIMULCAST},
  {"temporal", NULL, JANUV_VIDEOROOM_SIMULCAST},
  {"spatial_layer", NULL, JANUV_VIDEOROOM_SIMULCAST},
  {"temporal_layer", NULL, JANUV_VIDEOROOM_SIMULCAST},
  {"display", NULL, JANUV_VIDEOROOM_DISPLAY},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_VIDEOROOM_OTHER, &event_table);

static bool is_ok(const cJSON *v) { return cJSON_IsString(v) && !strcmp(v->valuestring, "ok"); }

/* Decodes plugin data into ev (release with jv_fields_free(ev, &event_table)); reply: it answers one of our
 * requests. */
static void decode_event(vr_event *ev, const cJSON *data, const cJSON *jsep, bool reply) {
  januv_videoroom_event_type type = (januv_videoroom_event_type)jv_event_decode(&event_desc, data, ev);
  januv_videoroom_event *e = &ev->pub;
  e->type = type;
  e->data = data;
  e->jsep = jsep;
  /* The replies to our own unpublish and leave say "ok" where events about others have an id (which may
   * be the string "ok"); being kicked is an event saying "leaving":"ok" with the reason "kicked". */
  const cJSON *who = type == JANUV_VIDEOROOM_UNPUBLISHED ? ev->unpublished
                     : type == JANUV_VIDEOROOM_LEAVING   ? ev->leaving
                     : type == JANUV_VIDEOROOM_KICKED    ? ev->kicked
                                                         : NULL;
  if (who) {
    bool kicked_self = type == JANUV_VIDEOROOM_LEAVING && is_ok(who) && e->reason && !strcmp(e->reason, "kicked");
    if (kicked_self) e->type = JANUV_VIDEOROOM_KICKED;
    e->self = is_ok(who) && (reply || kicked_self);
    januv_id none = {NULL, 0};
    e->id = e->self ? none : cJSON_IsString(who) ? januv_id_str(who->valuestring) : januv_id_num(jv_json_u64(who));
  }
  if (type == JANUV_VIDEOROOM_MODERATION) e->muted = ev->moderation && !strcmp(ev->moderation, "muted");
  e->audio_level = cJSON_IsNumber(ev->level) ? ev->level->valuedouble : -1;
}

/* Typed replies: the event callback. */
static void event_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)obj, (void)n;
  januv_videoroom_cb ucb = (januv_videoroom_cb)cb;
  if (!ucb) return;
  if (r->status != 0 || !r->data) {
    ucb(r, NULL, data);
    return;
  }
  vr_event ev;
  decode_event(&ev, r->data, r->jsep, true);
  ucb(r, &ev.pub, data);
  jv_fields_free(&ev, &event_table);
}
static const jv_decode event_decode = {NULL, NULL, event_reply};

/* ---- the class ---- */

static void on_offer_answered(const januv_reply *r, void *data);

static void report(januv_videoroom *vr, const januv_videoroom_event *ev) {
  if (vr->cbs.on_event) vr->cbs.on_event(vr, ev, vr->base.data);
}

/* Janus's offers that answer none of our requests (autoupdate, a postponed update) are answered here. */
static void answer_offer(januv_videoroom *vr, const cJSON *jsep) {
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(jsep, "type");
  if (!vr->base.media || !cJSON_IsString(type) || strcmp(type->valuestring, "offer")) return;
  int rc = jv_plugin_answer(&vr->base, jsep, "start", on_offer_answered, vr);
  if (rc != 0) {
    januv_reply r;
    memset(&r, 0, sizeof r);
    r.status = rc;
    r.reason = januv_strerror(rc);
    on_offer_answered(&r, vr);
  }
}

static void on_offer_answered(const januv_reply *r, void *data) {
  januv_videoroom *vr = data;
  if (r->status == 0 || r->status == JANUV_ECANCELED) return;
  vr_event e;
  jv_fields_init(&e, &event_table);
  e.pub.type = JANUV_VIDEOROOM_ERROR;
  e.pub.error_code = r->status == JANUV_EPLUGIN ? r->plugin_code : r->status;
  e.pub.error = r->reason;
  e.pub.data = r->data;
  e.pub.audio_level = -1;
  report(vr, &e.pub);
}

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_videoroom *vr = (januv_videoroom *)p;
  vr_event e;
  decode_event(&e, ev->data, ev->jsep, false);
  report(vr, &e.pub);
  jv_fields_free(&e, &event_table);
  if (ev->jsep && jv_plugin_usable(p)) answer_offer(vr, ev->jsep);
}

JV_PLUGIN_HOOKS(januv_videoroom)

static const jv_plugin_class videoroom_class = {
  .package = "janus.plugin.videoroom",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
};

int januv_videoroom_attach(januv_session *s, const januv_videoroom_callbacks *cbs, januv_videoroom_attach_cb cb,
                           void *data) {
  januv_videoroom *vr = calloc(1, sizeof *vr);
  if (vr && cbs) vr->cbs = *cbs;
  return jv_plugin_attach(s, vr ? &vr->base : NULL, &videoroom_class, NULL, JV_CB(cb), data);
}

static jv_plugin *base_of(januv_videoroom *vr) { return vr ? &vr->base : NULL; }

/* Sends b; the reply is decoded as an event for cb. */
static int request(januv_videoroom *vr, jv_body *b, januv_videoroom_cb cb, void *data) {
  return jv_plugin_call(base_of(vr), b, &event_decode, JV_CB(cb), data);
}

/* ---- room management ---- */

static const jv_field room_option_fields[] = {
  JV_FIELD(januv_videoroom_room_options, room, "room", JV_F_ID),
  JV_FIELD(januv_videoroom_room_options, permanent, "permanent", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, description, "description", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, secret, "secret", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, pin, "pin", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, is_private, "is_private", JV_F_TRI),
  JV_FIELD_STRS(januv_videoroom_room_options, allowed, nallowed, "allowed"),
  JV_FIELD(januv_videoroom_room_options, require_pvtid, "require_pvtid", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, signed_tokens, "signed_tokens", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, publishers, "publishers", JV_F_INT),
  JV_FIELD(januv_videoroom_room_options, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(januv_videoroom_room_options, bitrate_cap, "bitrate_cap", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, fir_freq, "fir_freq", JV_F_INT),
  JV_FIELD(januv_videoroom_room_options, audiocodec, "audiocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, videocodec, "videocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, vp9_profile, "vp9_profile", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, h264_profile, "h264_profile", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, opus_fec, "opus_fec", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, opus_dtx, "opus_dtx", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, video_svc, "video_svc", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, audiolevel_ext, "audiolevel_ext", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, audiolevel_event, "audiolevel_event", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD(januv_videoroom_room_options, audio_level_average, "audio_level_average", JV_F_INT),
  JV_FIELD(januv_videoroom_room_options, videoorient_ext, "videoorient_ext", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, playoutdelay_ext, "playoutdelay_ext", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, transport_wide_cc_ext, "transport_wide_cc_ext", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, record, "record", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, rec_dir, "rec_dir", JV_F_STR),
  JV_FIELD(januv_videoroom_room_options, lock_record, "lock_record", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, notify_joining, "notify_joining", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, require_e2ee, "require_e2ee", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, dummy_publisher, "dummy_publisher", JV_F_TRI),
  JV_FIELD(januv_videoroom_room_options, dummy_streams, "dummy_streams", JV_F_JSON),
  JV_FIELD(januv_videoroom_room_options, admin_key, "admin_key", JV_F_STR),
};
static const jv_table room_option_table = JV_TABLE(januv_videoroom_room_options, room_option_fields);

void januv_videoroom_room_options_init(januv_videoroom_room_options *o) { jv_fields_init(o, &room_option_table); }

int januv_videoroom_create(januv_videoroom *vr, const januv_videoroom_room_options *o, januv_videoroom_cb cb,
                           void *data) {
  jv_body b = jv_body_new("request", "create");
  if (o) jv_body_fields(&b, o, &room_option_table);
  return request(vr, &b, cb, data);
}

static const jv_field edit_fields[] = {
  JV_FIELD(januv_videoroom_edit_options, room, "room", JV_F_ID),
  JV_FIELD(januv_videoroom_edit_options, secret, "secret", JV_F_STR),
  JV_FIELD(januv_videoroom_edit_options, new_description, "new_description", JV_F_STR),
  JV_FIELD(januv_videoroom_edit_options, new_secret, "new_secret", JV_F_STR),
  JV_FIELD(januv_videoroom_edit_options, new_pin, "new_pin", JV_F_STR),
  JV_FIELD(januv_videoroom_edit_options, new_rec_dir, "new_rec_dir", JV_F_STR),
  JV_FIELD(januv_videoroom_edit_options, new_is_private, "new_is_private", JV_F_TRI),
  JV_FIELD(januv_videoroom_edit_options, new_require_pvtid, "new_require_pvtid", JV_F_TRI),
  JV_FIELD(januv_videoroom_edit_options, new_lock_record, "new_lock_record", JV_F_TRI),
  JV_FIELD(januv_videoroom_edit_options, new_bitrate, "new_bitrate", JV_F_INT),
  JV_FIELD(januv_videoroom_edit_options, new_fir_freq, "new_fir_freq", JV_F_INT),
  JV_FIELD(januv_videoroom_edit_options, new_publishers, "new_publishers", JV_F_INT),
  JV_FIELD(januv_videoroom_edit_options, permanent, "permanent", JV_F_TRI),
};
static const jv_table edit_table = JV_TABLE(januv_videoroom_edit_options, edit_fields);

void januv_videoroom_edit_options_init(januv_videoroom_edit_options *o) { jv_fields_init(o, &edit_table); }

int januv_videoroom_edit(januv_videoroom *vr, const januv_videoroom_edit_options *o, januv_videoroom_cb cb,
                         void *data) {
  jv_body b = jv_body_new("request", "edit");
  jv_body_fail(&b, o != NULL, JANUV_EINVAL);
  if (o) {
    jv_body_id(&b, "room", o->room, true);
    jv_body_fields(&b, o, &edit_table);
  }
  return request(vr, &b, cb, data);
}

/* {"request": name, "room": room (required), "secret": secret} */
static jv_body room_body(const char *name, januv_id room, const char *secret) {
  jv_body b = jv_body_new("request", name);
  jv_body_id(&b, "room", room, true);
  jv_body_str(&b, "secret", secret, false);
  return b;
}

int januv_videoroom_destroy(januv_videoroom *vr, januv_id room, const char *secret, bool permanent,
                            januv_videoroom_cb cb, void *data) {
  jv_body b = room_body("destroy", room, secret);
  jv_body_bool(&b, "permanent", permanent);
  return request(vr, &b, cb, data);
}

int januv_videoroom_exists(januv_videoroom *vr, januv_id room, januv_videoroom_cb cb, void *data) {
  jv_body b = room_body("exists", room, NULL);
  return request(vr, &b, cb, data);
}

static const jv_field room_fields[] = {
  JV_FIELD(januv_videoroom_room, room, "room", JV_F_ID),
  JV_FIELD(januv_videoroom_room, description, "description", JV_F_STR),
  JV_FIELD(januv_videoroom_room, pin_required, "pin_required", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, is_private, "is_private", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, require_pvtid, "require_pvtid", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, require_e2ee, "require_e2ee", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, dummy_publisher, "dummy_publisher", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, notify_joining, "notify_joining", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, max_publishers, "max_publishers", JV_F_INT),
  JV_FIELD(januv_videoroom_room, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(januv_videoroom_room, fir_freq, "fir_freq", JV_F_INT),
  JV_FIELD(januv_videoroom_room, num_participants, "num_participants", JV_F_INT),
  JV_FIELD(januv_videoroom_room, bitrate_cap, "bitrate_cap", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, audiocodec, "audiocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_room, videocodec, "videocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_room, opus_fec, "opus_fec", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, opus_dtx, "opus_dtx", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, video_svc, "video_svc", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, record, "record", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, lock_record, "lock_record", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, rec_dir, "rec_dir", JV_F_STR),
  JV_FIELD(januv_videoroom_room, audiolevel_ext, "audiolevel_ext", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, audiolevel_event, "audiolevel_event", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, videoorient_ext, "videoorient_ext", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, playoutdelay_ext, "playoutdelay_ext", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, transport_wide_cc_ext, "transport_wide_cc_ext", JV_F_BOOL),
  JV_FIELD(januv_videoroom_room, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD(januv_videoroom_room, audio_level_average, "audio_level_average", JV_F_INT),
};
static const jv_table room_table = JV_TABLE(januv_videoroom_room, room_fields);

static void rooms_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  if (cb) ((januv_videoroom_rooms_cb)cb)(r, obj, n, data);
}
static const jv_decode rooms_decode = {"list", &room_table, rooms_reply};

int januv_videoroom_list(januv_videoroom *vr, const char *admin_key, januv_videoroom_rooms_cb cb, void *data) {
  jv_body b = jv_body_new("request", "list");
  jv_body_str(&b, "admin_key", admin_key, false);
  return jv_plugin_call(base_of(vr), &b, &rooms_decode, JV_CB(cb), data);
}

int januv_videoroom_allowed(januv_videoroom *vr, januv_id room, const char *secret, januv_videoroom_acl action,
                            const char *const *tokens, size_t n, januv_videoroom_cb cb, void *data) {
  static const char *const actions[] = {"enable", "disable", "add", "remove"};
  jv_body b = room_body("allowed", room, secret);
  bool known = (unsigned)action < sizeof actions / sizeof actions[0];
  jv_body_fail(&b, known, JANUV_EINVAL);
  if (known) jv_body_str(&b, "action", actions[action], true);
  if (known && action >= JANUV_VIDEOROOM_ACL_ADD) {
    /* add and remove without tokens would change nothing: refused before sending */
    jv_body_fail(&b, n > 0, JANUV_EINVAL);
    jv_body_strs(&b, "allowed", tokens, n);
  }
  return request(vr, &b, cb, data);
}

int januv_videoroom_kick(januv_videoroom *vr, januv_id room, const char *secret, januv_id id, januv_videoroom_cb cb,
                         void *data) {
  jv_body b = room_body("kick", room, secret);
  jv_body_id(&b, "id", id, true);
  return request(vr, &b, cb, data);
}

int januv_videoroom_moderate(januv_videoroom *vr, januv_id room, const char *secret, januv_id id, const char *mid,
                             bool mute, januv_videoroom_cb cb, void *data) {
  jv_body b = room_body("moderate", room, secret);
  jv_body_id(&b, "id", id, true);
  jv_body_str(&b, "mid", mid, true);
  jv_body_bool(&b, "mute", mute);
  return request(vr, &b, cb, data);
}

static const jv_field participant_fields[] = {
  JV_FIELD(januv_videoroom_participant, id, "id", JV_F_ID),
  JV_FIELD(januv_videoroom_participant, display, "display", JV_F_STR),
  JV_FIELD(januv_videoroom_participant, publisher, "publisher", JV_F_BOOL),
  JV_FIELD(januv_videoroom_participant, talking, "talking", JV_F_BOOL),
};
static const jv_table participant_table = JV_TABLE(januv_videoroom_participant, participant_fields);

static void participants_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  if (cb) ((januv_videoroom_participants_cb)cb)(r, obj, n, data);
}
static const jv_decode participants_decode = {"participants", &participant_table, participants_reply};

int januv_videoroom_list_participants(januv_videoroom *vr, januv_id room, januv_videoroom_participants_cb cb,
                                      void *data) {
  jv_body b = room_body("listparticipants", room, NULL);
  return jv_plugin_call(base_of(vr), &b, &participants_decode, JV_CB(cb), data);
}

static const jv_field forwarder_fields[] = {
  JV_FIELD(januv_videoroom_forwarder, stream_id, "stream_id", JV_F_U64),
  JV_FIELD(januv_videoroom_forwarder, type, "type", JV_F_STR),
  JV_FIELD(januv_videoroom_forwarder, host, "host", JV_F_STR),
  JV_FIELD(januv_videoroom_forwarder, port, "port", JV_F_INT),
  JV_FIELD(januv_videoroom_forwarder, local_rtcp_port, "local_rtcp_port", JV_F_INT),
  JV_FIELD(januv_videoroom_forwarder, remote_rtcp_port, "remote_rtcp_port", JV_F_INT),
  JV_FIELD(januv_videoroom_forwarder, ssrc, "ssrc", JV_F_U64),
  JV_FIELD(januv_videoroom_forwarder, pt, "pt", JV_F_INT),
  JV_FIELD(januv_videoroom_forwarder, substream, "substream", JV_F_INT),
  JV_FIELD(januv_videoroom_forwarder, srtp, "srtp", JV_F_BOOL),
};
static const jv_table forwarder_table = JV_TABLE(januv_videoroom_forwarder, forwarder_fields);

static const jv_field forwarders_fields[] = {
  JV_FIELD(januv_videoroom_forwarders, publisher_id, "publisher_id", JV_F_ID),
  JV_FIELD_LIST(januv_videoroom_forwarders, forwarders, nforwarders, "forwarders", &forwarder_table),
};
static const jv_table forwarders_table = JV_TABLE(januv_videoroom_forwarders, forwarders_fields);

static void forwarders_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  if (cb) ((januv_videoroom_forwarders_cb)cb)(r, obj, n, data);
}
static const jv_decode list_forwarders_decode = {"publishers", &forwarders_table, forwarders_reply};
static const jv_decode rtp_forward_decode = {NULL, &forwarders_table, forwarders_reply};

int januv_videoroom_list_forwarders(januv_videoroom *vr, januv_id room, const char *secret,
                                    januv_videoroom_forwarders_cb cb, void *data) {
  jv_body b = room_body("listforwarders", room, secret);
  return jv_plugin_call(base_of(vr), &b, &list_forwarders_decode, JV_CB(cb), data);
}

static const jv_field forward_stream_fields[] = {
  JV_FIELD(januv_videoroom_forward_stream, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_stream, host, "host", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_stream, host_family, "host_family", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_stream, port, "port", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, rtcp_port, "rtcp_port", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, pt, "pt", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, ssrc, "ssrc", JV_F_U64),
  JV_FIELD(januv_videoroom_forward_stream, simulcast, "simulcast", JV_F_TRI),
  JV_FIELD(januv_videoroom_forward_stream, port_2, "port_2", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, pt_2, "pt_2", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, ssrc_2, "ssrc_2", JV_F_U64),
  JV_FIELD(januv_videoroom_forward_stream, port_3, "port_3", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, pt_3, "pt_3", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_stream, ssrc_3, "ssrc_3", JV_F_U64),
};
static const jv_table forward_stream_table = JV_TABLE(januv_videoroom_forward_stream, forward_stream_fields);

static const jv_field forward_fields[] = {
  JV_FIELD(januv_videoroom_forward_options, host, "host", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_options, host_family, "host_family", JV_F_STR),
  JV_FIELD_LIST(januv_videoroom_forward_options, streams, nstreams, "streams", &forward_stream_table),
  JV_FIELD(januv_videoroom_forward_options, secret, "secret", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_options, admin_key, "admin_key", JV_F_STR),
  JV_FIELD(januv_videoroom_forward_options, srtp_suite, "srtp_suite", JV_F_INT),
  JV_FIELD(januv_videoroom_forward_options, srtp_crypto, "srtp_crypto", JV_F_STR),
};
static const jv_table forward_table = JV_TABLE(januv_videoroom_forward_options, forward_fields);

void januv_videoroom_forward_stream_init(januv_videoroom_forward_stream *s) {
  jv_fields_init(s, &forward_stream_table);
}
void januv_videoroom_forward_options_init(januv_videoroom_forward_options *o) { jv_fields_init(o, &forward_table); }

int januv_videoroom_rtp_forward(januv_videoroom *vr, const januv_videoroom_forward_options *o,
                                januv_videoroom_forwarders_cb cb, void *data) {
  jv_body b = jv_body_new("request", "rtp_forward");
  jv_body_fail(&b, o != NULL, JANUV_EINVAL);
  if (o) {
    jv_body_id(&b, "room", o->room, true);
    jv_body_id(&b, "publisher_id", o->publisher_id, true);
    jv_body_fields(&b, o, &forward_table);
  }
  return jv_plugin_call(base_of(vr), &b, &rtp_forward_decode, JV_CB(cb), data);
}

int januv_videoroom_stop_rtp_forward(januv_videoroom *vr, januv_id room, januv_id publisher_id,
                                     uint64_t stream_id, const char *secret, const char *admin_key,
                                     januv_videoroom_cb cb, void *data) {
  jv_body b = room_body("stop_rtp_forward", room, secret);
  jv_body_id(&b, "publisher_id", publisher_id, true);
  jv_body_fail(&b, stream_id > 0, JANUV_EINVAL);
  jv_body_u64(&b, "stream_id", stream_id);
  jv_body_str(&b, "admin_key", admin_key, false);
  return request(vr, &b, cb, data);
}

int januv_videoroom_enable_recording(januv_videoroom *vr, januv_id room, const char *secret, bool record,
                                     januv_videoroom_cb cb, void *data) {
  jv_body b = room_body("enable_recording", room, secret);
  jv_body_bool(&b, "record", record);
  return request(vr, &b, cb, data);
}

/* ---- publisher ---- */

static void join_fields(jv_body *b, const januv_videoroom_join_options *o) {
  jv_body_fail(b, o != NULL, JANUV_EINVAL);
  if (!o) return;
  jv_body_str(b, "ptype", "publisher", true);
  jv_body_id(b, "room", o->room, true);
  jv_body_id(b, "id", o->id, false);
  jv_body_str(b, "display", o->display, false);
  jv_body_str(b, "token", o->token, false);
  jv_body_str(b, "pin", o->pin, false);
}

int januv_videoroom_join(januv_videoroom *vr, const januv_videoroom_join_options *o, januv_videoroom_cb cb,
                         void *data) {
  jv_body b = jv_body_new("request", "join");
  join_fields(&b, o);
  return request(vr, &b, cb, data);
}

static const jv_field description_fields[] = {
  JV_FIELD(januv_videoroom_description, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_description, description, "description", JV_F_STR),
};
static const jv_table description_table = JV_TABLE(januv_videoroom_description, description_fields);

static const jv_field pub_stream_fields[] = {
  JV_FIELD(januv_videoroom_pub_stream, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_pub_stream, send, "send", JV_F_TRI),
  JV_FIELD(januv_videoroom_pub_stream, keyframe, "keyframe", JV_F_TRI),
  JV_FIELD(januv_videoroom_pub_stream, min_delay, "min_delay", JV_F_INT),
  JV_FIELD(januv_videoroom_pub_stream, max_delay, "max_delay", JV_F_INT),
};
static const jv_table pub_stream_table = JV_TABLE(januv_videoroom_pub_stream, pub_stream_fields);

static const jv_field publish_fields[] = {
  JV_FIELD(januv_videoroom_publish_options, audiocodec, "audiocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_publish_options, videocodec, "videocodec", JV_F_STR),
  JV_FIELD(januv_videoroom_publish_options, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(januv_videoroom_publish_options, record, "record", JV_F_TRI),
  JV_FIELD(januv_videoroom_publish_options, filename, "filename", JV_F_STR),
  JV_FIELD(januv_videoroom_publish_options, display, "display", JV_F_STR),
  JV_FIELD(januv_videoroom_publish_options, audio_level_average, "audio_level_average", JV_F_INT),
  JV_FIELD(januv_videoroom_publish_options, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD_LIST(januv_videoroom_publish_options, descriptions, ndescriptions, "descriptions", &description_table),
  JV_FIELD(januv_videoroom_publish_options, keyframe, "keyframe", JV_F_TRI),
  JV_FIELD_LIST(januv_videoroom_publish_options, streams, nstreams, "streams", &pub_stream_table),
};
static const jv_table publish_table = JV_TABLE(januv_videoroom_publish_options, publish_fields);

void januv_videoroom_pub_stream_init(januv_videoroom_pub_stream *s) { jv_fields_init(s, &pub_stream_table); }
void januv_videoroom_publish_options_init(januv_videoroom_publish_options *o) { jv_fields_init(o, &publish_table); }

/* We offer with b when peer is set (bound first; the reply's answer is applied before cb runs), else b is a plain
 * request. */
static int publish(januv_videoroom *vr, januv_peer *peer, jv_body *b, januv_videoroom_cb cb, void *data) {
  return jv_plugin_call_offer(base_of(vr), peer, b, &event_decode, JV_CB(cb), data);
}

/* A step on the peer already bound, whose reply is decoded as an event for cb: we offer with b (a renegotiation,
 * with opts), or b is a request whose reply may carry Janus's offer, which januv answers with "start". */
static int renegotiate(januv_videoroom *vr, jv_body *b, bool we_offer, const januv_offer_options *opts,
                       januv_videoroom_cb cb, void *data) {
  int rc = jv_plugin_check(base_of(vr));
  if (rc == 0 && !vr->base.media) rc = JANUV_ESTATE;
  cJSON *body = jv_body_take(b, rc ? NULL : &rc);
  jv_call *c = rc == 0 ? jv_call_new(&event_decode, JV_CB(cb), data) : NULL;
  if (!c) {
    cJSON_Delete(body);
    return rc ? rc : JANUV_ENOMEM;
  }
  if (we_offer) {
    rc = jv_media_offer(vr->base.media, body, opts, jv_call_reply, c);
  } else {
    jv_body start = jv_body_new("request", "start");
    rc = jv_media_request(vr->base.media, body, jv_body_take(&start, NULL), jv_call_reply, c);
  }
  if (rc) jv_call_free(c);
  return rc;
}

int januv_videoroom_publish(januv_videoroom *vr, januv_peer *peer, const januv_videoroom_publish_options *o,
                            januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "publish");
  if (o) jv_body_fields(&b, o, &publish_table);
  if (!vr || !peer) {
    cJSON_Delete(jv_body_take(&b, NULL));
    return JANUV_EINVAL;
  }
  return publish(vr, peer, &b, cb, data);
}

int januv_videoroom_join_and_publish(januv_videoroom *vr, const januv_videoroom_join_options *join,
                                     januv_peer *peer, const januv_videoroom_publish_options *o,
                                     januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "joinandconfigure");
  join_fields(&b, join);
  if (o) jv_body_fields(&b, o, &publish_table);
  if (!vr) {
    cJSON_Delete(jv_body_take(&b, NULL));
    return JANUV_EINVAL;
  }
  return publish(vr, peer, &b, cb, data);
}

int januv_videoroom_configure(januv_videoroom *vr, const januv_videoroom_publish_options *o, januv_videoroom_cb cb,
                              void *data) {
  jv_body b = jv_body_new("request", "configure");
  if (o) jv_body_fields(&b, o, &publish_table);
  return request(vr, &b, cb, data);
}

int januv_videoroom_republish(januv_videoroom *vr, const januv_offer_options *offer_opts,
                              const januv_videoroom_publish_options *o, januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "configure");
  if (o) jv_body_fields(&b, o, &publish_table);
  if (!vr) {
    cJSON_Delete(jv_body_take(&b, NULL));
    return JANUV_EINVAL;
  }
  return renegotiate(vr, &b, true, offer_opts, cb, data);
}

int januv_videoroom_unpublish(januv_videoroom *vr, januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "unpublish");
  return request(vr, &b, cb, data);
}

int januv_videoroom_leave(januv_videoroom *vr, januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "leave");
  return request(vr, &b, cb, data);
}

/* ---- subscriber ---- */

static const jv_field ref_fields[] = {
  JV_FIELD(januv_videoroom_stream_ref, feed, "feed", JV_F_ID),
  JV_FIELD(januv_videoroom_stream_ref, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_stream_ref, sub_mid, "sub_mid", JV_F_STR),
  JV_FIELD(januv_videoroom_stream_ref, crossrefid, "crossrefid", JV_F_STR),
};
static const jv_table ref_table = JV_TABLE(januv_videoroom_stream_ref, ref_fields);

static const jv_field subscribe_fields[] = {
  JV_FIELD(januv_videoroom_subscribe_options, room, "room", JV_F_ID),
  JV_FIELD_LIST(januv_videoroom_subscribe_options, streams, nstreams, "streams", &ref_table),
  JV_FIELD(januv_videoroom_subscribe_options, use_msid, "use_msid", JV_F_TRI),
  JV_FIELD(januv_videoroom_subscribe_options, autoupdate, "autoupdate", JV_F_TRI),
  JV_FIELD(januv_videoroom_subscribe_options, private_id, "private_id", JV_F_U64),
  JV_FIELD(januv_videoroom_subscribe_options, pin, "pin", JV_F_STR),
};
static const jv_table subscribe_table = JV_TABLE(januv_videoroom_subscribe_options, subscribe_fields);

void januv_videoroom_subscribe_options_init(januv_videoroom_subscribe_options *o) {
  jv_fields_init(o, &subscribe_table);
}

int januv_videoroom_subscribe(januv_videoroom *vr, januv_peer *peer, const januv_videoroom_subscribe_options *o,
                              januv_videoroom_cb cb, void *data) {
  if (!vr || !peer || !o || !januv_id_set(o->room) || o->nstreams == 0) return JANUV_EINVAL;
  jv_plugin *p = base_of(vr);
  if (jv_plugin_peer(p) == peer && jv_media_busy(p->media)) return JANUV_ESTATE;
  int rc = jv_plugin_bind(p, peer);
  if (rc) return rc;
  jv_body b = jv_body_new("request", "join");
  jv_body_str(&b, "ptype", "subscriber", true);
  jv_body_fields(&b, o, &subscribe_table);
  return renegotiate(vr, &b, false, NULL, cb, data);
}

/* A list of stream refs under one key; the key depends on the request. */
typedef struct ref_list {
  const januv_videoroom_stream_ref *refs;
  size_t n;
} ref_list;

static const jv_field subscribe_list_field = JV_FIELD_LIST(ref_list, refs, n, "subscribe", &ref_table);
static const jv_field unsubscribe_list_field = JV_FIELD_LIST(ref_list, refs, n, "unsubscribe", &ref_table);
static const jv_field streams_list_field = JV_FIELD_LIST(ref_list, refs, n, "streams", &ref_table);
static const jv_table subscribe_list = {&subscribe_list_field, 1, sizeof(ref_list)};
static const jv_table unsubscribe_list = {&unsubscribe_list_field, 1, sizeof(ref_list)};
static const jv_table streams_list = {&streams_list_field, 1, sizeof(ref_list)};

static int update(januv_videoroom *vr, const char *name, const jv_table *add_table,
                  const januv_videoroom_stream_ref *add, size_t nadd, const januv_videoroom_stream_ref *remove,
                  size_t nremove, januv_videoroom_cb cb, void *data) {
  ref_list a = {add, nadd}, r = {remove, nremove};
  jv_body b = jv_body_new("request", name);
  jv_body_fail(&b, nadd + nremove > 0, JANUV_EINVAL);
  jv_body_fields(&b, &a, add_table);
  jv_body_fields(&b, &r, &unsubscribe_list);
  return renegotiate(vr, &b, false, NULL, cb, data);
}

int januv_videoroom_update(januv_videoroom *vr, const januv_videoroom_stream_ref *add, size_t nadd,
                           const januv_videoroom_stream_ref *remove, size_t nremove, januv_videoroom_cb cb,
                           void *data) {
  return update(vr, "update", &subscribe_list, add, nadd, remove, nremove, cb, data);
}

int januv_videoroom_add_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams, size_t n,
                                januv_videoroom_cb cb, void *data) {
  return update(vr, "subscribe", &streams_list, streams, n, NULL, 0, cb, data);
}

int januv_videoroom_remove_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams, size_t n,
                                   januv_videoroom_cb cb, void *data) {
  return update(vr, "unsubscribe", &streams_list, streams, n, NULL, 0, cb, data);
}

int januv_videoroom_pause(januv_videoroom *vr, januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "pause");
  return request(vr, &b, cb, data);
}

int januv_videoroom_resume(januv_videoroom *vr, januv_videoroom_cb cb, void *data) {
  jv_body b = jv_body_new("request", "start");
  return request(vr, &b, cb, data);
}

int januv_videoroom_switch(januv_videoroom *vr, const januv_videoroom_stream_ref *streams, size_t n,
                           januv_videoroom_cb cb, void *data) {
  return update(vr, "switch", &streams_list, streams, n, NULL, 0, cb, data);
}

static const jv_field sub_config_fields[] = {
  JV_FIELD(januv_videoroom_sub_config, mid, "mid", JV_F_STR),
  JV_FIELD(januv_videoroom_sub_config, send, "send", JV_F_TRI),
  JV_FIELD(januv_videoroom_sub_config, substream, "substream", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, temporal, "temporal", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, fallback, "fallback", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, spatial_layer, "spatial_layer", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, temporal_layer, "temporal_layer", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, audio_level_average, "audio_level_average", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, min_delay, "min_delay", JV_F_INT),
  JV_FIELD(januv_videoroom_sub_config, max_delay, "max_delay", JV_F_INT),
};
static const jv_table sub_config_table = JV_TABLE(januv_videoroom_sub_config, sub_config_fields);

void januv_videoroom_sub_config_init(januv_videoroom_sub_config *c) { jv_fields_init(c, &sub_config_table); }

typedef struct config_list {
  const januv_videoroom_sub_config *c;
  size_t n;
} config_list;
static const jv_field config_list_field = JV_FIELD_LIST(config_list, c, n, "streams", &sub_config_table);
static const jv_table config_list_table = {&config_list_field, 1, sizeof(config_list)};

int januv_videoroom_configure_subscription(januv_videoroom *vr, const januv_videoroom_sub_config *c, size_t n,
                                           bool restart, januv_videoroom_cb cb, void *data) {
  config_list list = {c, n};
  jv_body b = jv_body_new("request", "configure");
  jv_body_fail(&b, n > 0 || restart, JANUV_EINVAL);
  jv_body_fields(&b, &list, &config_list_table);
  if (restart) jv_body_bool(&b, "restart", true);
  return renegotiate(vr, &b, false, NULL, cb, data);
}

/* ---- the handle ---- */

int januv_videoroom_detach(januv_videoroom *vr, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(base_of(vr), cb, data);
}

januv_handle *januv_videoroom_handle(const januv_videoroom *vr) { return vr->base.h; }
januv_peer *januv_videoroom_peer(const januv_videoroom *vr) { return jv_plugin_peer(&vr->base); }
void januv_videoroom_set_data(januv_videoroom *vr, void *data) { vr->base.data = data; }
void *januv_videoroom_get_data(const januv_videoroom *vr) { return vr->base.data; }

const char *januv_videoroom_event_name(januv_videoroom_event_type type) {
  static const char *const names[] = {
    "other", "created", "edited", "destroyed", "success", "joined", "publishers", "unpublished", "leaving",
    "kicked", "joining", "display", "talking", "stopped-talking", "moderation", "configured", "attached",
    "updated", "updating", "started", "paused", "switched", "left", "simulcast", "slow_link", "rtp_forward",
    "error",
  };
  return JV_NAME(names, type);
}
