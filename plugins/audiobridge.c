/* AudioBridge plugin module: room management, joining with a peer (we offer), typed events. */
#include "januv/plugins/audiobridge.h"

#include <stdlib.h>
#include <string.h>

#include "plugin.h"

struct januv_audiobridge {
  jv_plugin base;
  januv_audiobridge_callbacks cbs;
  char *admin_key;
};

static jv_plugin *P(januv_audiobridge *ab) { return ab ? &ab->base : NULL; }

/* ---- tables ---- */

#define T januv_audiobridge_participant
static const jv_field participant_fields[] = {
  JV_FIELD(T, id, "id", JV_F_ID),
  JV_FIELD(T, display, "display", JV_F_STR),
  JV_FIELD(T, setup, "setup", JV_F_TRI),
  JV_FIELD(T, muted, "muted", JV_F_TRI),
  JV_FIELD(T, talking, "talking", JV_F_TRI),
  JV_FIELD(T, spatial_position, "spatial_position", JV_F_INT),
};
static const jv_table participant_table = JV_TABLE(T, participant_fields);
#undef T

#define T januv_audiobridge_room
static const jv_field room_fields[] = {
  JV_FIELD(T, room, "room", JV_F_ID),
  JV_FIELD(T, description, "description", JV_F_STR),
  JV_FIELD(T, pin_required, "pin_required", JV_F_TRI),
  JV_FIELD(T, sampling_rate, "sampling_rate", JV_F_INT),
  JV_FIELD(T, spatial_audio, "spatial_audio", JV_F_TRI),
  JV_FIELD(T, record, "record", JV_F_TRI),
  JV_FIELD(T, muted, "muted", JV_F_TRI),
  JV_FIELD(T, num_participants, "num_participants", JV_F_INT),
};
static const jv_table room_table = JV_TABLE(T, room_fields);
#undef T

#define T januv_audiobridge_forwarder
static const jv_field forwarder_fields[] = {
  JV_FIELD(T, stream_id, "stream_id", JV_F_U64),
  JV_FIELD(T, group, "group", JV_F_STR),
  JV_FIELD(T, ip, "ip", JV_F_STR),
  JV_FIELD(T, port, "port", JV_F_INT),
  JV_FIELD(T, ssrc, "ssrc", JV_F_U64),
  JV_FIELD(T, codec, "codec", JV_F_STR),
  JV_FIELD(T, ptype, "ptype", JV_F_INT),
  JV_FIELD(T, srtp, "srtp", JV_F_TRI),
  JV_FIELD(T, always_on, "always_on", JV_F_TRI),
};
static const jv_table forwarder_table = JV_TABLE(T, forwarder_fields);
#undef T

#define T januv_audiobridge_joined
static const jv_field joined_fields[] = {
  JV_FIELD(T, room, "room", JV_F_ID),
  JV_FIELD(T, id, "id", JV_F_ID),
  JV_FIELD(T, display, "display", JV_F_STR),
  JV_FIELD_LIST(T, participants, nparticipants, "participants", &participant_table),
};
static const jv_table joined_table = JV_TABLE(T, joined_fields);
#undef T

#define T januv_audiobridge_room_options
static const jv_field room_option_fields[] = {
  JV_FIELD(T, room, "room", JV_F_ID),
  JV_FIELD(T, permanent, "permanent", JV_F_TRI),
  JV_FIELD(T, description, "description", JV_F_STR),
  JV_FIELD(T, secret, "secret", JV_F_STR),
  JV_FIELD(T, pin, "pin", JV_F_STR),
  JV_FIELD(T, is_private, "is_private", JV_F_TRI),
  JV_FIELD_STRS(T, allowed, nallowed, "allowed"),
  JV_FIELD(T, sampling_rate, "sampling_rate", JV_F_INT),
  JV_FIELD(T, spatial_audio, "spatial_audio", JV_F_TRI),
  JV_FIELD(T, audiolevel_ext, "audiolevel_ext", JV_F_TRI),
  JV_FIELD(T, audiolevel_event, "audiolevel_event", JV_F_TRI),
  JV_FIELD(T, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD(T, audio_level_average, "audio_level_average", JV_F_INT),
  JV_FIELD(T, default_prebuffering, "default_prebuffering", JV_F_INT),
  JV_FIELD(T, default_expectedloss, "default_expectedloss", JV_F_INT),
  JV_FIELD(T, default_bitrate, "default_bitrate", JV_F_INT),
  JV_FIELD(T, record, "record", JV_F_TRI),
  JV_FIELD(T, record_file, "record_file", JV_F_STR),
  JV_FIELD(T, record_dir, "record_dir", JV_F_STR),
  JV_FIELD(T, mjrs, "mjrs", JV_F_TRI),
  JV_FIELD(T, mjrs_dir, "mjrs_dir", JV_F_STR),
  JV_FIELD(T, allow_rtp_participants, "allow_rtp_participants", JV_F_TRI),
  JV_FIELD_STRS(T, groups, ngroups, "groups"),
  JV_FIELD(T, extra, "", JV_F_MERGE),
};
static const jv_table room_option_table = JV_TABLE(T, room_option_fields);
#undef T

#define T januv_audiobridge_edit_options
static const jv_field edit_fields[] = {
  JV_FIELD(T, secret, "secret", JV_F_STR),
  JV_FIELD(T, new_description, "new_description", JV_F_STR),
  JV_FIELD(T, new_secret, "new_secret", JV_F_STR),
  JV_FIELD(T, new_pin, "new_pin", JV_F_STR),
  JV_FIELD(T, new_is_private, "new_is_private", JV_F_TRI),
  JV_FIELD(T, new_record_dir, "new_record_dir", JV_F_STR),
  JV_FIELD(T, new_mjrs_dir, "new_mjrs_dir", JV_F_STR),
  JV_FIELD(T, permanent, "permanent", JV_F_TRI),
};
static const jv_table edit_table = JV_TABLE(T, edit_fields);
#undef T

#define T januv_audiobridge_forward_options
static const jv_field forward_fields[] = {
  JV_FIELD(T, host, "host", JV_F_STR),
  JV_FIELD(T, port, "port", JV_F_INT),
  JV_FIELD(T, host_family, "host_family", JV_F_STR),
  JV_FIELD(T, group, "group", JV_F_STR),
  JV_FIELD(T, ssrc, "ssrc", JV_F_U64),
  JV_FIELD(T, codec, "codec", JV_F_STR),
  JV_FIELD(T, ptype, "ptype", JV_F_INT),
  JV_FIELD(T, srtp_suite, "srtp_suite", JV_F_INT),
  JV_FIELD(T, srtp_crypto, "srtp_crypto", JV_F_STR),
  JV_FIELD(T, always_on, "always_on", JV_F_TRI),
};
static const jv_table forward_table = JV_TABLE(T, forward_fields);
#undef T

#define T januv_audiobridge_play_options
static const jv_field play_fields[] = {
  JV_FIELD(T, filename, "filename", JV_F_STR),
  JV_FIELD(T, file_id, "file_id", JV_F_STR),
  JV_FIELD(T, group, "group", JV_F_STR),
  JV_FIELD(T, loop, "loop", JV_F_TRI),
};
static const jv_table play_table = JV_TABLE(T, play_fields);
#undef T

#define T januv_audiobridge_join_options
static const jv_field join_fields[] = {
  JV_FIELD(T, id, "id", JV_F_ID),
  JV_FIELD(T, display, "display", JV_F_STR),
  JV_FIELD(T, pin, "pin", JV_F_STR),
  JV_FIELD(T, token, "token", JV_F_STR),
  JV_FIELD(T, group, "group", JV_F_STR),
  JV_FIELD(T, muted, "muted", JV_F_TRI),
  JV_FIELD(T, codec, "codec", JV_F_STR),
  JV_FIELD(T, prebuffer, "prebuffer", JV_F_INT),
  JV_FIELD(T, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(T, quality, "quality", JV_F_INT),
  JV_FIELD(T, expected_loss, "expected_loss", JV_F_INT),
  JV_FIELD(T, volume, "volume", JV_F_INT),
  JV_FIELD(T, spatial_position, "spatial_position", JV_F_INT),
  JV_FIELD(T, secret, "secret", JV_F_STR),
  JV_FIELD(T, audio_level_average, "audio_level_average", JV_F_INT),
  JV_FIELD(T, audio_active_packets, "audio_active_packets", JV_F_INT),
  JV_FIELD(T, record, "record", JV_F_TRI),
  JV_FIELD(T, filename, "filename", JV_F_STR),
  JV_FIELD(T, extra, "", JV_F_MERGE),
};
static const jv_table join_table = JV_TABLE(T, join_fields);
#undef T

#define T januv_audiobridge_configure_options
static const jv_field configure_fields[] = {
  JV_FIELD(T, muted, "muted", JV_F_TRI),
  JV_FIELD(T, display, "display", JV_F_STR),
  JV_FIELD(T, prebuffer, "prebuffer", JV_F_INT),
  JV_FIELD(T, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(T, quality, "quality", JV_F_INT),
  JV_FIELD(T, expected_loss, "expected_loss", JV_F_INT),
  JV_FIELD(T, volume, "volume", JV_F_INT),
  JV_FIELD(T, spatial_position, "spatial_position", JV_F_INT),
  JV_FIELD(T, record, "record", JV_F_TRI),
  JV_FIELD(T, filename, "filename", JV_F_STR),
  JV_FIELD(T, group, "group", JV_F_STR),
};
static const jv_table configure_table = JV_TABLE(T, configure_fields);
#undef T

#define T januv_audiobridge_event
static const jv_field event_fields[] = {
  JV_FIELD(T, room, "room", JV_F_ID),
  JV_FIELD(T, id, "id", JV_F_ID),
  JV_FIELD(T, id, "leaving", JV_F_ID),
  JV_FIELD(T, id, "kicked", JV_F_ID),
  JV_FIELD_LIST(T, participants, nparticipants, "participants", &participant_table),
  JV_FIELD(T, muted, "muted", JV_F_TRI),
  JV_FIELD(T, file_id, "file_id", JV_F_STR),
  JV_FIELD(T, result, "result", JV_F_STR),
  JV_FIELD(T, error_code, "error_code", JV_F_INT),
  JV_FIELD(T, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(T, event_fields);
#undef T

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_AUDIOBRIDGE_ERROR},
  {"audiobridge", "joined", JANUV_AUDIOBRIDGE_JOINED},
  {"audiobridge", "roomchanged", JANUV_AUDIOBRIDGE_ROOM_CHANGED},
  {"audiobridge", "left", JANUV_AUDIOBRIDGE_LEFT},
  {"audiobridge", "destroyed", JANUV_AUDIOBRIDGE_DESTROYED},
  {"audiobridge", "talking", JANUV_AUDIOBRIDGE_TALKING},
  {"audiobridge", "stopped-talking", JANUV_AUDIOBRIDGE_STOPPED_TALKING},
  {"audiobridge", "announcement-started", JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED},
  {"audiobridge", "announcement-stopped", JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STOPPED},
  {"leaving", NULL, JANUV_AUDIOBRIDGE_LEAVING},
  {"kicked", NULL, JANUV_AUDIOBRIDGE_KICKED},
  {"participants", NULL, JANUV_AUDIOBRIDGE_PARTICIPANTS},
  {"muted", NULL, JANUV_AUDIOBRIDGE_ROOM_MUTED},
  {"result", NULL, JANUV_AUDIOBRIDGE_RESULT},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_AUDIOBRIDGE_OTHER, &event_table);

const char *januv_audiobridge_event_name(januv_audiobridge_event_type type) {
  static const char *const names[] = {"joined", "participants", "leaving", "kicked", "talking", "stopped-talking",
                                      "room-muted", "destroyed", "roomchanged", "left", "announcement-started",
                                      "announcement-stopped", "result", "error", "other"};
  return JV_NAME(names, type);
}

/* ---- scalar replies, decoded by tables too ---- */

typedef struct scalar_reply {
  januv_id room;
  int flag;
  uint64_t stream_id;
  const char *file_id;
  const char *const *tokens;
  size_t ntokens;
} scalar_reply;

#define T scalar_reply
static const jv_field created_fields[] = {
  JV_FIELD(T, room, "room", JV_F_ID),
  JV_FIELD(T, flag, "permanent", JV_F_TRI),
};
static const jv_field exists_fields[] = {JV_FIELD(T, flag, "exists", JV_F_TRI)};
static const jv_field playing_fields[] = {JV_FIELD(T, flag, "playing", JV_F_TRI)};
static const jv_field tokens_fields[] = {JV_FIELD_STRS(T, tokens, ntokens, "allowed")};
static const jv_field stream_id_fields[] = {JV_FIELD(T, stream_id, "stream_id", JV_F_U64)};
static const jv_field file_id_fields[] = {JV_FIELD(T, file_id, "file_id", JV_F_STR)};
static const jv_table created_table = JV_TABLE(T, created_fields);
static const jv_table exists_table = JV_TABLE(T, exists_fields);
static const jv_table playing_table = JV_TABLE(T, playing_fields);
static const jv_table tokens_table = JV_TABLE(T, tokens_fields);
static const jv_table stream_id_table = JV_TABLE(T, stream_id_fields);
static const jv_table file_id_table = JV_TABLE(T, file_id_fields);
#undef T

static void created_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const scalar_reply *s = obj;
  ((januv_audiobridge_created_cb)cb)(r, s ? s->room : januv_id_num(0), s && s->flag == 1, data);
}

static void bool_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const scalar_reply *s = obj;
  ((januv_audiobridge_bool_cb)cb)(r, s && s->flag == 1, data);
}

static void tokens_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const scalar_reply *s = obj;
  ((januv_audiobridge_tokens_cb)cb)(r, s ? s->tokens : NULL, s ? s->ntokens : 0, data);
}

static void stream_id_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const scalar_reply *s = obj;
  ((januv_audiobridge_forwarder_cb)cb)(r, s ? s->stream_id : 0, data);
}

static void file_id_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  const scalar_reply *s = obj;
  ((januv_audiobridge_file_cb)cb)(r, s ? s->file_id : NULL, data);
}

static void rooms_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  ((januv_audiobridge_rooms_cb)cb)(r, obj, n, data);
}

static void participants_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  ((januv_audiobridge_participants_cb)cb)(r, obj, n, data);
}

static void forwarders_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  ((januv_audiobridge_forwarders_cb)cb)(r, obj, n, data);
}

static void joined_fn(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)n;
  ((januv_audiobridge_joined_cb)cb)(r, obj, data);
}

static const jv_decode created_decode = {NULL, &created_table, created_fn};
static const jv_decode exists_decode = {NULL, &exists_table, bool_fn};
static const jv_decode playing_decode = {NULL, &playing_table, bool_fn};
static const jv_decode tokens_decode = {NULL, &tokens_table, tokens_fn};
static const jv_decode stream_id_decode = {NULL, &stream_id_table, stream_id_fn};
static const jv_decode file_id_decode = {NULL, &file_id_table, file_id_fn};
/* Janus 1.1.2 answers list with "list" (its docs say "rooms"). */
static const jv_decode rooms_decode = {"list", &room_table, rooms_fn};
static const jv_decode participants_decode = {"participants", &participant_table, participants_fn};
static const jv_decode forwarders_decode = {"rtp_forwarders", &forwarder_table, forwarders_fn};
static const jv_decode joined_decode = {NULL, &joined_table, joined_fn};

/* ---- the handle ---- */

void januv_audiobridge_event_parse(const cJSON *data, januv_audiobridge_event *ev) {
  ev->type = jv_event_decode(&event_desc, data, ev);
  ev->data = data;
}

void januv_audiobridge_event_clear(januv_audiobridge_event *ev) { jv_fields_free(ev, &event_table); }

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_audiobridge *ab = (januv_audiobridge *)p;
  if (!ab->cbs.on_event) return;
  januv_audiobridge_event e;
  januv_audiobridge_event_parse(ev->data, &e);
  ab->cbs.on_event(ab, &e, p->data);
  januv_audiobridge_event_clear(&e);
}

JV_PLUGIN_HOOKS(januv_audiobridge)

static void destroy(jv_plugin *p) { free(((januv_audiobridge *)p)->admin_key); }

static const jv_plugin_class audiobridge_class = {
  .package = "janus.plugin.audiobridge",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
  .destroy = destroy,
};

int januv_audiobridge_attach(januv_session *s, const januv_audiobridge_callbacks *cbs,
                             januv_audiobridge_attach_cb cb, void *data) {
  januv_audiobridge *ab = calloc(1, sizeof *ab);
  if (ab && cbs) ab->cbs = *cbs;
  return jv_plugin_attach(s, ab ? &ab->base : NULL, &audiobridge_class, NULL, JV_CB(cb), data);
}

int januv_audiobridge_set_admin_key(januv_audiobridge *ab, const char *admin_key) {
  if (!ab) return JANUV_EINVAL;
  char *copy = admin_key ? strdup(admin_key) : NULL;
  if (admin_key && !copy) return JANUV_ENOMEM;
  free(ab->admin_key);
  ab->admin_key = copy;
  return 0;
}

/* ---- requests ---- */

/* {"request": request, "room": room, "secret": secret}, plus the admin_key for the requests a server may lock
 * with it. */
static jv_body room_body(januv_audiobridge *ab, const char *request, januv_id room, const char *secret,
                         bool admin) {
  jv_body b = jv_body_new("request", request);
  jv_body_id(&b, "room", room, true);
  jv_body_str(&b, "secret", secret, false);
  if (admin && ab) jv_body_str(&b, "admin_key", ab->admin_key, false);
  return b;
}

void januv_audiobridge_room_options_init(januv_audiobridge_room_options *o) { jv_fields_init(o, &room_option_table); }

int januv_audiobridge_create(januv_audiobridge *ab, const januv_audiobridge_room_options *o,
                             januv_audiobridge_created_cb cb, void *data) {
  if (!o || !cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "create");
  if (ab) jv_body_str(&b, "admin_key", ab->admin_key, false);
  jv_body_fields(&b, o, &room_option_table);
  return jv_plugin_call(P(ab), &b, &created_decode, JV_CB(cb), data);
}

void januv_audiobridge_edit_options_init(januv_audiobridge_edit_options *o) { jv_fields_init(o, &edit_table); }

int januv_audiobridge_edit(januv_audiobridge *ab, const januv_audiobridge_edit_options *o, januv_reply_cb cb,
                           void *data) {
  if (!o) return JANUV_EINVAL;
  jv_body b = room_body(ab, "edit", o->room, NULL, false);
  jv_body_fields(&b, o, &edit_table);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_destroy(januv_audiobridge *ab, januv_id room, const char *secret, int permanent,
                              januv_reply_cb cb, void *data) {
  jv_body b = room_body(ab, "destroy", room, secret, false);
  jv_body_tri(&b, "permanent", permanent);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_exists(januv_audiobridge *ab, januv_id room, januv_audiobridge_bool_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = room_body(ab, "exists", room, NULL, false);
  return jv_plugin_call(P(ab), &b, &exists_decode, JV_CB(cb), data);
}

int januv_audiobridge_list(januv_audiobridge *ab, januv_audiobridge_rooms_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "list");
  return jv_plugin_call(P(ab), &b, &rooms_decode, JV_CB(cb), data);
}

int januv_audiobridge_list_participants(januv_audiobridge *ab, januv_id room, januv_audiobridge_participants_cb cb,
                                        void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = room_body(ab, "listparticipants", room, NULL, false);
  return jv_plugin_call(P(ab), &b, &participants_decode, JV_CB(cb), data);
}

int januv_audiobridge_allowed(januv_audiobridge *ab, januv_id room, const char *secret,
                              januv_audiobridge_acl_action action, const char *const *tokens, size_t n,
                              januv_audiobridge_tokens_cb cb, void *data) {
  static const char *const actions[] = {"enable", "disable", "add", "remove"};
  if (!cb || (unsigned)action >= sizeof actions / sizeof actions[0]) return JANUV_EINVAL;
  jv_body b = room_body(ab, "allowed", room, secret, false);
  jv_body_str(&b, "action", actions[action], true);
  jv_body_strs(&b, "allowed", tokens, n);
  return jv_plugin_call(P(ab), &b, &tokens_decode, JV_CB(cb), data);
}

int januv_audiobridge_kick(januv_audiobridge *ab, januv_id room, const char *secret, januv_id id, januv_reply_cb cb,
                           void *data) {
  jv_body b = room_body(ab, "kick", room, secret, false);
  jv_body_id(&b, "id", id, true);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_kick_all(januv_audiobridge *ab, januv_id room, const char *secret, januv_reply_cb cb,
                               void *data) {
  jv_body b = room_body(ab, "kick_all", room, secret, false);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_mute(januv_audiobridge *ab, januv_id room, const char *secret, januv_id id, bool muted,
                           januv_reply_cb cb, void *data) {
  jv_body b = room_body(ab, muted ? "mute" : "unmute", room, secret, false);
  jv_body_id(&b, "id", id, true);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_mute_room(januv_audiobridge *ab, januv_id room, const char *secret, bool muted,
                                januv_reply_cb cb, void *data) {
  jv_body b = room_body(ab, muted ? "mute_room" : "unmute_room", room, secret, false);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_enable_recording(januv_audiobridge *ab, januv_id room, const char *secret, bool record,
                                       const char *record_file, const char *record_dir, januv_reply_cb cb,
                                       void *data) {
  jv_body b = room_body(ab, "enable_recording", room, secret, false);
  jv_body_bool(&b, "record", record);
  jv_body_str(&b, "record_file", record_file, false);
  jv_body_str(&b, "record_dir", record_dir, false);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_enable_mjrs(januv_audiobridge *ab, januv_id room, const char *secret, bool mjrs,
                                  const char *mjrs_dir, januv_reply_cb cb, void *data) {
  jv_body b = room_body(ab, "enable_mjrs", room, secret, false);
  jv_body_bool(&b, "mjrs", mjrs);
  jv_body_str(&b, "mjrs_dir", mjrs_dir, false);
  return jv_plugin_request(P(ab), &b, cb, data);
}

void januv_audiobridge_forward_options_init(januv_audiobridge_forward_options *o) {
  jv_fields_init(o, &forward_table);
}

int januv_audiobridge_rtp_forward(januv_audiobridge *ab, januv_id room, const char *secret,
                                  const januv_audiobridge_forward_options *o, januv_audiobridge_forwarder_cb cb,
                                  void *data) {
  if (!o || !cb || !o->host || o->port < 0) return JANUV_EINVAL;
  jv_body b = room_body(ab, "rtp_forward", room, secret, true);
  jv_body_fields(&b, o, &forward_table);
  return jv_plugin_call(P(ab), &b, &stream_id_decode, JV_CB(cb), data);
}

int januv_audiobridge_stop_rtp_forward(januv_audiobridge *ab, januv_id room, const char *secret, uint64_t stream_id,
                                       januv_reply_cb cb, void *data) {
  if (!stream_id) return JANUV_EINVAL;
  jv_body b = room_body(ab, "stop_rtp_forward", room, secret, true);
  jv_body_u64(&b, "stream_id", stream_id);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_list_forwarders(januv_audiobridge *ab, januv_id room, const char *secret,
                                      januv_audiobridge_forwarders_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = room_body(ab, "listforwarders", room, secret, false);
  return jv_plugin_call(P(ab), &b, &forwarders_decode, JV_CB(cb), data);
}

void januv_audiobridge_play_options_init(januv_audiobridge_play_options *o) { jv_fields_init(o, &play_table); }

int januv_audiobridge_play_file(januv_audiobridge *ab, januv_id room, const char *secret,
                                const januv_audiobridge_play_options *o, januv_audiobridge_file_cb cb, void *data) {
  if (!o || !o->filename || !cb) return JANUV_EINVAL;
  jv_body b = room_body(ab, "play_file", room, secret, true);
  jv_body_fields(&b, o, &play_table);
  return jv_plugin_call(P(ab), &b, &file_id_decode, JV_CB(cb), data);
}

int januv_audiobridge_is_playing(januv_audiobridge *ab, januv_id room, const char *secret, const char *file_id,
                                 januv_audiobridge_bool_cb cb, void *data) {
  if (!cb) return JANUV_EINVAL;
  jv_body b = room_body(ab, "is_playing", room, secret, true);
  jv_body_str(&b, "file_id", file_id, true);
  return jv_plugin_call(P(ab), &b, &playing_decode, JV_CB(cb), data);
}

int januv_audiobridge_stop_file(januv_audiobridge *ab, januv_id room, const char *secret, const char *file_id,
                                januv_reply_cb cb, void *data) {
  jv_body b = room_body(ab, "stop_file", room, secret, true);
  jv_body_str(&b, "file_id", file_id, true);
  return jv_plugin_request(P(ab), &b, cb, data);
}

/* ---- taking part ---- */

void januv_audiobridge_join_options_init(januv_audiobridge_join_options *o) { jv_fields_init(o, &join_table); }

static jv_body join_body(const char *request, const januv_audiobridge_join_options *o) {
  jv_body b = jv_body_new("request", request);
  jv_body_id(&b, "room", o->room, true);
  jv_body_fields(&b, o, &join_table);
  return b;
}

int januv_audiobridge_join(januv_audiobridge *ab, januv_peer *peer, const januv_audiobridge_join_options *o,
                           januv_audiobridge_joined_cb cb, void *data) {
  if (!ab || !o || !cb) return JANUV_EINVAL;
  jv_body b = join_body("join", o);
  return jv_plugin_call_offer(P(ab), peer, &b, &joined_decode, JV_CB(cb), data);
}

void januv_audiobridge_configure_options_init(januv_audiobridge_configure_options *o) {
  jv_fields_init(o, &configure_table);
}

int januv_audiobridge_configure(januv_audiobridge *ab, const januv_audiobridge_configure_options *o,
                                januv_reply_cb cb, void *data) {
  if (!o) return JANUV_EINVAL;
  jv_body b = jv_body_new("request", "configure");
  jv_body_fields(&b, o, &configure_table);
  return jv_plugin_request(P(ab), &b, cb, data);
}

int januv_audiobridge_set_muted(januv_audiobridge *ab, bool muted, januv_reply_cb cb, void *data) {
  januv_audiobridge_configure_options o;
  januv_audiobridge_configure_options_init(&o);
  o.muted = muted;
  return januv_audiobridge_configure(ab, &o, cb, data);
}

int januv_audiobridge_changeroom(januv_audiobridge *ab, const januv_audiobridge_join_options *o,
                                 januv_audiobridge_joined_cb cb, void *data) {
  if (!o || !cb) return JANUV_EINVAL;
  jv_body b = join_body("changeroom", o);
  return jv_plugin_call(P(ab), &b, &joined_decode, JV_CB(cb), data);
}

int januv_audiobridge_leave(januv_audiobridge *ab, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(ab), "leave", cb, data);
}

int januv_audiobridge_reset_decoder(januv_audiobridge *ab, januv_reply_cb cb, void *data) {
  return jv_plugin_simple(P(ab), "resetdecoder", cb, data);
}

int januv_audiobridge_detach(januv_audiobridge *ab, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(P(ab), cb, data);
}

januv_handle *januv_audiobridge_handle(const januv_audiobridge *ab) { return ab->base.h; }
januv_peer *januv_audiobridge_peer(const januv_audiobridge *ab) { return jv_plugin_peer(&ab->base); }
void januv_audiobridge_set_data(januv_audiobridge *ab, void *data) { ab->base.data = data; }
void *januv_audiobridge_get_data(const januv_audiobridge *ab) { return ab->base.data; }
