/*
 * Plugin modules' typed decoding: the in-process client of fuzz_client.h with one plugin module
 * attached (januv_<module>_attach with typed callbacks), its requests with typed replies pending, and
 * the input delivered as messages from the server: plugin events for the module's handle (its event
 * decoder and typed callback) and replies to its requests (its reply decoders: lists, structs, plugin
 * errors).
 *
 * Input: byte 0 & 0x0f picks the module (the index in FZ_MODULES below; out of range: nothing runs),
 * the rest is what fuzz_client.h's fz_deliver() takes. Session 1111111111111111, handle
 * 2222222222222222; transaction 1 is "create", 2 "attach", then 3, 4, ... the module's requests in
 * the order its requests function issues them.
 *
 * A new module is one X() line in FZ_MODULES: its attach, events and on_closed then run here with the
 * generic checks. A check_<module> function (its event fields) and a requests_<module> function (its
 * calls with typed replies, each with a tracker) make the coverage deeper.
 */
#include <string.h>

#include "fuzz_client.h"

/* ---- helpers for typed replies ---- */

/* Reads n items of size bytes (ASan: the array the module handed out is that long). */
static void touch_mem(const void *p, size_t n, size_t size) {
  FZ_ASSERT(n == 0 || p != NULL);
  const volatile unsigned char *b = p;
  unsigned sum = 0;
  for (size_t i = 0; i < n * size; i++) sum += b[i];
  (void)sum;
}

static void touch_strs(const char *const *v, size_t n) {
  FZ_ASSERT(n == 0 || v != NULL);
  for (size_t i = 0; i < n; i++) fz_touch_str(v[i]);
}

/* The common part of every typed reply callback. */
static void typed_reply(const januv_reply *r, void *data) {
  fz_on_reply(r, data);
}

/* A list callback: (reply, const T *items, size_t n, data). */
#define FZ_LIST_CB(fn, T)                                                                          \
  static void fn(const januv_reply *r, const T *items, size_t n, void *data) {                    \
    if (r->status != 0) FZ_ASSERT(n == 0);                                                         \
    touch_mem(items, n, sizeof *items);                                                            \
    typed_reply(r, data);                                                                          \
  }

/* Issues a typed request (its callback's data is a new tracker). A call the module refuses in this state
 * must never run its callback (the transactions that follow are then numbered one lower). */
#define FZ_CALL(what, call)                                                                        \
  do {                                                                                             \
    fz_tracker *t = fz_track(what);                                                                \
    int rc_;                                                                                       \
    FZ_API(rc_ = (call));                                                                          \
    if (rc_ != 0) t->expect = 0;                                                                   \
  } while (0)

static const char *const tokens[] = {"fuzz-token"};

/* ---- EchoTest ---- */

static void check_echotest(const januv_echotest_event *ev) {
  FZ_ASSERT(ev->type >= JANUV_ECHOTEST_OK && ev->type <= JANUV_ECHOTEST_OTHER);
  fz_touch_str(ev->media);
  fz_touch_str(ev->videocodec);
  fz_touch_str(ev->error);
}

static void requests_echotest(januv_echotest *et) {
  januv_echotest_options o;
  januv_echotest_options_init(&o);
  o.audio = 1;
  o.bitrate = 128000;
  o.videocodec = "vp8";
  FZ_CALL("echotest configure", januv_echotest_configure(et, &o, fz_on_reply, t)); /* 3 */
  FZ_CALL("echotest set_video", januv_echotest_set_video(et, false, fz_on_reply, t)); /* 4 */
  FZ_CALL("echotest close_stream", januv_echotest_close_stream(et, fz_on_reply, t)); /* 5 (hangup) */
}

/* ---- VideoRoom ---- */

static void check_videoroom(const januv_videoroom_event *ev) {
  fz_touch_str(januv_videoroom_event_name(ev->type));
  fz_touch_str(ev->description);
  fz_touch_str(ev->display);
  fz_touch_str(ev->mid);
  fz_touch_str(ev->reason);
  fz_touch_str(ev->error);
  touch_mem(ev->publishers, ev->npublishers, sizeof *ev->publishers);
  touch_mem(ev->attendees, ev->nattendees, sizeof *ev->attendees);
  touch_mem(ev->streams, ev->nstreams, sizeof *ev->streams);
  touch_strs(ev->allowed, ev->nallowed);
}

static void videoroom_cb(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  if (ev) check_videoroom(ev);
  typed_reply(r, data);
}
FZ_LIST_CB(videoroom_rooms, januv_videoroom_room)
FZ_LIST_CB(videoroom_participants, januv_videoroom_participant)
FZ_LIST_CB(videoroom_forwarders, januv_videoroom_forwarders)

static void requests_videoroom(januv_videoroom *vr) {
  januv_id room = januv_id_num(1234);
  FZ_CALL("videoroom exists", januv_videoroom_exists(vr, room, videoroom_cb, t));                      /* 3 */
  FZ_CALL("videoroom list", januv_videoroom_list(vr, NULL, videoroom_rooms, t));                      /* 4 */
  FZ_CALL("videoroom listparticipants", januv_videoroom_list_participants(vr, room, videoroom_participants, t)); /* 5 */
  FZ_CALL("videoroom listforwarders", januv_videoroom_list_forwarders(vr, room, NULL, videoroom_forwarders, t)); /* 6 */
  FZ_CALL("videoroom allowed",
          januv_videoroom_allowed(vr, room, NULL, JANUV_VIDEOROOM_ACL_ADD, tokens, 1, videoroom_cb, t)); /* 7 */
  januv_videoroom_room_options o;
  januv_videoroom_room_options_init(&o);
  FZ_CALL("videoroom create", januv_videoroom_create(vr, &o, videoroom_cb, t));                       /* 8 */
}

/* ---- Streaming ---- */

static void check_streaming(const januv_streaming_event *ev) {
  fz_touch_str(januv_streaming_event_name(ev->type));
  fz_touch_str(ev->metadata);
  fz_touch_str(ev->mid);
  fz_touch_str(ev->error);
}

FZ_LIST_CB(streaming_list, januv_streaming_mountpoint)

static void streaming_mountpoint(const januv_reply *r, const januv_streaming_mountpoint *mp, void *data) {
  touch_mem(mp, mp ? 1 : 0, sizeof *mp);
  typed_reply(r, data);
}

static void requests_streaming(januv_streaming *st) {
  FZ_CALL("streaming list", januv_streaming_list(st, streaming_list, t));                               /* 3 */
  FZ_CALL("streaming info", januv_streaming_info(st, januv_id_num(1), NULL, streaming_mountpoint, t));  /* 4 */
}

/* ---- AudioBridge ---- */

static void check_audiobridge(const januv_audiobridge_event *ev) {
  fz_touch_str(januv_audiobridge_event_name(ev->type));
  touch_mem(ev->participants, ev->nparticipants, sizeof *ev->participants);
  fz_touch_str(ev->file_id);
  fz_touch_str(ev->result);
  fz_touch_str(ev->error);
}

static void audiobridge_bool(const januv_reply *r, bool yes, void *data) {
  (void)yes;
  typed_reply(r, data);
}

static void audiobridge_tokens(const januv_reply *r, const char *const *v, size_t n, void *data) {
  touch_strs(v, n);
  typed_reply(r, data);
}
FZ_LIST_CB(audiobridge_rooms, januv_audiobridge_room)
FZ_LIST_CB(audiobridge_participants, januv_audiobridge_participant)
FZ_LIST_CB(audiobridge_forwarders, januv_audiobridge_forwarder)

static void requests_audiobridge(januv_audiobridge *ab) {
  januv_id room = januv_id_num(1234);
  FZ_CALL("audiobridge exists", januv_audiobridge_exists(ab, room, audiobridge_bool, t));                 /* 3 */
  FZ_CALL("audiobridge list", januv_audiobridge_list(ab, audiobridge_rooms, t));                          /* 4 */
  FZ_CALL("audiobridge listparticipants",
          januv_audiobridge_list_participants(ab, room, audiobridge_participants, t));                    /* 5 */
  FZ_CALL("audiobridge allowed", januv_audiobridge_allowed(ab, room, NULL, JANUV_AUDIOBRIDGE_ACL_ADD, tokens, 1,
                                                           audiobridge_tokens, t));                       /* 6 */
  FZ_CALL("audiobridge listforwarders",
          januv_audiobridge_list_forwarders(ab, room, NULL, audiobridge_forwarders, t));                  /* 7 */
  FZ_CALL("audiobridge is_playing", januv_audiobridge_is_playing(ab, room, NULL, "f1", audiobridge_bool, t)); /* 8 */
}

/* ---- Record&Play ---- */

static void check_recordplay(const januv_recordplay_event *ev) {
  fz_touch_str(januv_recordplay_event_name(ev->type));
  fz_touch_str(ev->warning);
  fz_touch_str(ev->error);
}

FZ_LIST_CB(recordplay_list, januv_recordplay_recording)

static void requests_recordplay(januv_recordplay *rp) {
  FZ_CALL("recordplay list", januv_recordplay_list(rp, recordplay_list, t)); /* 3 */
  FZ_CALL("recordplay update", januv_recordplay_update(rp, fz_on_reply, t)); /* 4 */
}

/* ---- TextRoom (room management over the Janus API: no data channel here) ---- */

static void check_textroom(const januv_textroom_event *ev) {
  fz_touch_str(januv_textroom_event_name(ev->type));
  fz_touch_str(ev->from);
  fz_touch_str(ev->username);
  fz_touch_str(ev->display);
  fz_touch_str(ev->text);
  fz_touch_str(ev->date);
  fz_touch_str(ev->error);
}

static void textroom_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  (void)permanent;
  fz_touch_str(room.str);
  typed_reply(r, data);
}

static void textroom_tokens(const januv_reply *r, const char *const *v, size_t n, void *data) {
  touch_strs(v, n);
  typed_reply(r, data);
}
FZ_LIST_CB(textroom_list, januv_textroom_room_info)
FZ_LIST_CB(textroom_participants, januv_textroom_participant)

static void requests_textroom(januv_textroom *tr) {
  januv_id room = januv_id_num(1234);
  januv_textroom_set_route(tr, JANUV_TEXTROOM_ROUTE_JANUS_API);
  FZ_CALL("textroom exists", januv_textroom_exists(tr, room, textroom_created, t));                    /* 3 */
  FZ_CALL("textroom list", januv_textroom_list(tr, NULL, textroom_list, t));                          /* 4 */
  FZ_CALL("textroom listparticipants", januv_textroom_list_participants(tr, room, textroom_participants, t)); /* 5 */
  FZ_CALL("textroom allowed",
          januv_textroom_allowed(tr, room, NULL, JANUV_TEXTROOM_ACL_ADD, tokens, 1, textroom_tokens, t)); /* 6 */
  januv_textroom_room_options o;
  januv_textroom_room_options_init(&o);
  FZ_CALL("textroom create", januv_textroom_create(tr, &o, textroom_created, t));                      /* 7 */
}

/* ---- VideoCall ---- */

static void check_videocall(const januv_videocall_event *ev) {
  fz_touch_str(januv_videocall_event_name(ev->type));
  fz_touch_str(ev->username);
  fz_touch_str(ev->reason);
  touch_strs(ev->list, ev->nlist);
  fz_touch_str(ev->media);
  fz_touch_str(ev->error);
}

static void videocall_cb(const januv_reply *r, const januv_videocall_event *ev, void *data) {
  if (ev) check_videocall(ev);
  typed_reply(r, data);
}

static void requests_videocall(januv_videocall *vc) {
  FZ_CALL("videocall list", januv_videocall_list(vc, videocall_cb, t));               /* 3 */
  FZ_CALL("videocall register", januv_videocall_register(vc, "fuzz", videocall_cb, t)); /* 4 */
  januv_videocall_set_options o;
  januv_videocall_set_options_init(&o);
  o.audio = 1;
  o.bitrate = 256000;
  FZ_CALL("videocall set", januv_videocall_set(vc, &o, videocall_cb, t));            /* 5 */
  FZ_CALL("videocall hangup", januv_videocall_hangup(vc, NULL, videocall_cb, t));    /* 6 */
}

/* ---- SIP ---- */

static void check_sip(const januv_sip_event *ev) {
  fz_touch_str(januv_sip_event_name(ev->type));
  const char *const strs[] = {ev->event, ev->call_id, ev->username, ev->displayname, ev->callee, ev->caller,
                              ev->sender, ev->content_type, ev->content, ev->reason, ev->reason_header,
                              ev->reason_header_protocol, ev->reason_header_cause, ev->srtp, ev->referred_by,
                              ev->replaces, ev->refer_to, ev->notify, ev->substate, ev->error};
  touch_strs(strs, sizeof strs / sizeof strs[0]);
}

static void requests_sip(januv_sip *sip) {
  januv_sip_register_options o;
  januv_sip_register_options_init(&o);
  o.username = "sip:fuzz@127.0.0.1";
  o.secret = "fuzz-secret";
  o.proxy = "sip:127.0.0.1:5060";
  FZ_CALL("sip register", januv_sip_register(sip, &o, fz_on_reply, t)); /* 3 */
  FZ_CALL("sip unregister", januv_sip_unregister(sip, fz_on_reply, t)); /* 4 */
  FZ_CALL("sip hangup", januv_sip_hangup(sip, NULL, fz_on_reply, t));   /* 5 */
}

/* X(module, typed event callback member, check function, requests function); the index in this list is
 * the module's number in the input (byte 0 & 0x0f) and in capture.py: append new modules at the end. */
#define FZ_MODULES(X)                                                                              \
  X(echotest, on_result, check_echotest, requests_echotest)                                        \
  X(videoroom, on_event, check_videoroom, requests_videoroom)                                      \
  X(streaming, on_event, check_streaming, requests_streaming)                                      \
  X(audiobridge, on_event, check_audiobridge, requests_audiobridge)                                \
  X(recordplay, on_event, check_recordplay, requests_recordplay)                                   \
  X(textroom, on_event, check_textroom, requests_textroom)                                         \
  X(videocall, on_event, check_videocall, requests_videocall)                                      \
  X(sip, on_event, check_sip, requests_sip)

/* ---- generic plumbing ---- */

typedef struct fz_module_state {
  void *obj;
  bool attached;
  bool closed;
  fz_tracker *closed_tracker;
} fz_module_state;

static fz_module_state mod;

typedef struct fz_module {
  const char *name;
  int (*attach)(januv_session *s, fz_tracker *t);
} fz_module;

static void module_event(void *obj) {
  FZ_ASSERT(mod.attached && !mod.closed && obj == mod.obj);
  fz_enter();
}

static void module_handle_event(void *obj, const januv_event *ev) {
  FZ_ASSERT(mod.attached && !mod.closed && obj == mod.obj);
  fz_check_event(ev);
  FZ_ASSERT(ev->type != JANUV_EVENT_PLUGIN && ev->type != JANUV_EVENT_TRICKLE);
  fz_enter();
}

static void module_closed(void *obj) {
  FZ_ASSERT(mod.attached && !mod.closed && obj == mod.obj && fz->in_api == 0);
  mod.closed = true;
  mod.closed_tracker->calls++;
  FZ_ASSERT(mod.closed_tracker->calls == 1);
  fz_handles[0] = NULL;
  fz_enter();
}

static void module_attached(void *obj, januv_handle *h, const januv_reply *r, fz_tracker *t) {
  t->calls++;
  FZ_ASSERT(t->calls == 1 && fz->in_api == 0);
  fz_check_reply(r);
  FZ_ASSERT(obj != NULL && januv_handle_id(h) == FZ_HANDLE);
  mod.obj = obj;
  mod.attached = true;
  mod.closed_tracker = fz_track("module on_closed");
  fz_handles[0] = h;
}

#define FZ_PLUMB(name, event_member, check, requests)                                              \
  static void fz_##name##_event(januv_##name *o, const januv_##name##_event *ev, void *data) {     \
    (void)data;                                                                                    \
    module_event(o);                                                                               \
    check(ev);                                                                                     \
  }                                                                                                \
  static void fz_##name##_handle_event(januv_##name *o, const januv_event *ev, void *data) {      \
    (void)data;                                                                                    \
    module_handle_event(o, ev);                                                                    \
  }                                                                                                \
  static void fz_##name##_closed(januv_##name *o, int reason, void *data) {                       \
    (void)reason;                                                                                  \
    (void)data;                                                                                    \
    module_closed(o);                                                                              \
  }                                                                                                \
  static void fz_##name##_attached(januv_##name *o, const januv_reply *r, void *data) {           \
    FZ_ASSERT(o != NULL);                                                                          \
    module_attached(o, januv_##name##_handle(o), r, data);                                         \
    requests(o);                                                                                   \
  }                                                                                                \
  static int fz_##name##_attach(januv_session *s, fz_tracker *t) {                                 \
    januv_##name##_callbacks cbs;                                                                  \
    memset(&cbs, 0, sizeof cbs);                                                                   \
    cbs.event_member = fz_##name##_event;                                                          \
    cbs.on_handle_event = fz_##name##_handle_event;                                                \
    cbs.on_closed = fz_##name##_closed;                                                            \
    return januv_##name##_attach(s, &cbs, fz_##name##_attached, t);                                \
  }
FZ_MODULES(FZ_PLUMB)

#define FZ_ENTRY(name, event_member, check, requests) {#name, fz_##name##_attach},
static const fz_module modules[] = {FZ_MODULES(FZ_ENTRY)};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t index = data[0] & 0x0f;
  if (index >= sizeof modules / sizeof modules[0]) return 0;
  fz_client fc;
  FZ_ASSERT(fz_open(&fc));
  memset(&mod, 0, sizeof mod);
  fz_tracker *t = fz_track(modules[index].name);
  int rc;
  FZ_API(rc = modules[index].attach(fc.session, t));
  FZ_ASSERT(rc == 0);
  FZ_ASSERT(fz_run_until(&mod.attached, 8));
  fz_run(2);
  fz_deliver(data + 1, size - 1);
  fz_finish();
  return 0;
}
