/* Record&Play with media against the real Janus on loopback: a januv_peer sends 3 s of test pattern and tone
 * that Janus records; list shows the recording; a second peer plays it back and decodes it; the events on
 * the way (recording, stopped, preparing, playing, done). */
#include <stdlib.h>
#include <string.h>

#include "party.h"

#define LIMIT_MS 20000

static jfx *janus;

typedef struct side {
  t_party p; /* first: the callbacks' data */
  int events[JANUV_RECORDPLAY_OTHER + 1];
  int done_calls, done_status;
  uint64_t id;
} side;

static void on_event(januv_recordplay *rp, const januv_recordplay_event *ev, void *data) {
  (void)rp;
  side *s = data;
  s->events[ev->type]++;
  fprintf(stderr, "  event: %s\n", januv_recordplay_event_name(ev->type));
}

static void on_recording(const januv_reply *r, uint64_t id, void *data) {
  side *s = data;
  s->done_calls++;
  s->done_status = r->status;
  s->id = id;
  if (r->status) fprintf(stderr, "  record: %s\n", r->reason);
}

static void on_reply(const januv_reply *r, void *data) {
  side *s = data;
  s->done_calls++;
  s->done_status = r->status;
  if (r->status) fprintf(stderr, "  reply: %s\n", r->reason);
}

/* A client, a session, a Record&Play handle and a peer with video and audio in direction dir. */
static bool side_open(side *s, uv_loop_t *loop, januv_direction dir) {
  memset(s, 0, sizeof *s);
  static const januv_recordplay_callbacks cbs = {.on_event = on_event};
  if (!t_party_open(&s->p, loop, jfx_url(janus, "ws"), "recordplay") || !t_attach_recordplay(&s->p, &cbs))
    return false;
  januv_peer_options o;
  t_party_peer_options(&s->p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, dir);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, dir);
  return t_party_peer(&s->p, &o, NULL);
}

typedef struct listing {
  int calls, status;
  bool found;
  int video, audio;
  char name[64], vcodec[16], acodec[16];
} listing;

static uint64_t wanted_id;

static void on_list(const januv_reply *r, const januv_recordplay_recording *recs, size_t n, void *data) {
  listing *l = data;
  l->calls++;
  l->status = r->status;
  for (size_t i = 0; i < n; i++) {
    if (recs[i].id != wanted_id) continue;
    l->found = true;
    l->video = recs[i].video;
    l->audio = recs[i].audio;
    snprintf(l->name, sizeof l->name, "%s", recs[i].name ? recs[i].name : "");
    snprintf(l->vcodec, sizeof l->vcodec, "%s", recs[i].video_codec ? recs[i].video_codec : "");
    snprintf(l->acodec, sizeof l->acodec, "%s", recs[i].audio_codec ? recs[i].audio_codec : "");
  }
}

/* Record 3 s, list it, play it back: >= 60 frames decoded. */
static void recordplay_record_list_play(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  side rec;
  CHECK(side_open(&rec, &loop, JANUV_DIR_SENDONLY));
  januv_recordplay_record_options ro;
  januv_recordplay_record_options_init(&ro);
  ro.name = "januv 3 s";
  ro.id = 777;
  CHECK(januv_recordplay_record(rec.p.rp, rec.p.peer, &ro, on_recording, &rec) == 0);
  CHECK(t_wait_count(&loop, &rec.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(rec.done_status, 0);
  CHECK_EQ_INT(rec.id, 777);
  CHECK(t_wait_count(&loop, &rec.p.webrtcup, 1, LIMIT_MS));
  t_run_for(&loop, 3000);
  januv_media_counters sent;
  januv_peer_counters(rec.p.peer, &sent);
  fprintf(stderr, "  recorded for 3 s: %llu frames and %llu audio buffers sent\n",
          (unsigned long long)sent.video_frames_sent, (unsigned long long)sent.audio_buffers_sent);
  t_reply r = {0};
  T_REPLY_OK(&loop, r, januv_recordplay_stop(rec.p.rp, t_reply_cb, &r));
  januv_recordplay_event ev;
  januv_recordplay_event_parse(r.data, &ev);
  CHECK_EQ_INT(ev.type, JANUV_RECORDPLAY_STOPPED);
  CHECK_EQ_INT(ev.id, 777);
  t_reply_clear(&r);
  CHECK(t_wait_count(&loop, &rec.events[JANUV_RECORDPLAY_DONE], 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &rec.p.hangups, 1, LIMIT_MS));
  /* The same id again is refused. */
  CHECK(t_party_close(&rec.p));
  CHECK(side_open(&rec, &loop, JANUV_DIR_SENDONLY));
  CHECK(januv_recordplay_record(rec.p.rp, rec.p.peer, &ro, on_recording, &rec) == 0);
  CHECK(t_wait_count(&loop, &rec.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(rec.done_status, JANUV_EPLUGIN);
  CHECK_EQ_INT(rec.id, 0);
  CHECK(t_party_close(&rec.p));
  /* list */
  side play;
  CHECK(side_open(&play, &loop, JANUV_DIR_RECVONLY));
  wanted_id = 777;
  listing l = {0};
  CHECK(januv_recordplay_list(play.p.rp, on_list, &l) == 0);
  CHECK(t_wait_count(&loop, &l.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(l.status, 0);
  CHECK(l.found);
  CHECK_EQ_STR(l.name, "januv 3 s");
  CHECK_EQ_INT(l.video, 1);
  CHECK_EQ_INT(l.audio, 1);
  CHECK_EQ_STR(l.vcodec, "vp8");
  CHECK_EQ_STR(l.acodec, "opus");
  /* play a recording that does not exist, then this one */
  CHECK(januv_recordplay_play(play.p.rp, play.p.peer, 404, on_reply, &play) == 0);
  CHECK(t_wait_count(&loop, &play.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(play.done_status, JANUV_EPLUGIN);
  CHECK(januv_recordplay_play(play.p.rp, play.p.peer, 777, on_reply, &play) == 0);
  CHECK(t_wait_count(&loop, &play.done_calls, 2, LIMIT_MS));
  CHECK_EQ_INT(play.done_status, 0);
  CHECK(t_wait_count(&loop, &play.p.connected, 1, LIMIT_MS));
  /* The playout ends by itself: Janus sends done and hangs up. */
  CHECK(t_wait_count(&loop, &play.events[JANUV_RECORDPLAY_DONE], 1, 15000));
  januv_media_counters got;
  januv_peer_counters(play.p.peer, &got);
  fprintf(stderr, "  played back: %llu frames, %llu audio buffers decoded\n", (unsigned long long)got.video_frames,
          (unsigned long long)got.audio_buffers);
  CHECK(got.video_frames >= 60);
  CHECK(got.audio_buffers > 0);
  CHECK_EQ_INT(play.p.video_tracks, 1);
  CHECK(t_party_close(&play.p));
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  jfx_options o;
  jfx_options_init(&o);
  o.name = "recordplay-media";
  static const t_case cases[] = {T_CASE(recordplay_record_list_play)};
  return t_main_media(argc, argv, &o, &janus, NULL, cases, sizeof cases / sizeof cases[0]);
}
