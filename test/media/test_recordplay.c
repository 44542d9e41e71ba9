/* Record&Play with media against the real Janus on loopback: a januv_peer sends 3 s of test pattern and tone
 * that Janus records; list shows the recording; a second peer plays it back and decodes it; the events on
 * the way (recording, stopped, preparing, playing, done). */
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>

#include "harness.h"
#include "janus_fixture.h"
#include "sync.h"

#define LIMIT_MS 20000

static jfx *janus;

typedef struct side {
  uv_loop_t *loop;
  januv_client *client;
  januv_session *session;
  januv_recordplay *rp;
  januv_peer *peer;
  int attached, closed, peer_closed, connected, webrtcup, hangups, video_tracks;
  int events[JANUV_RECORDPLAY_OTHER + 1];
  int done_calls, done_status;
  uint64_t id;
} side;

static void on_attached(januv_recordplay *rp, const januv_reply *r, void *data) {
  (void)r;
  side *s = data;
  s->attached++;
  s->rp = rp;
}

static void on_closed(januv_recordplay *rp, int reason, void *data) {
  (void)rp;
  (void)reason;
  side *s = data;
  s->closed++;
  s->rp = NULL;
}

static void on_event(januv_recordplay *rp, const januv_recordplay_event *ev, void *data) {
  (void)rp;
  side *s = data;
  s->events[ev->type]++;
  fprintf(stderr, "  event: %s\n", januv_recordplay_event_name(ev->type));
}

static void on_handle_event(januv_recordplay *rp, const januv_event *ev, void *data) {
  (void)rp;
  side *s = data;
  if (ev->type == JANUV_EVENT_WEBRTCUP) s->webrtcup++;
  if (ev->type == JANUV_EVENT_HANGUP) s->hangups++;
}

static void on_state(januv_peer *p, januv_peer_state st, void *data) {
  (void)p;
  if (st == JANUV_PEER_CONNECTED) ((side *)data)->connected++;
}

static void on_track(januv_peer *p, const januv_track_info *t, void *data) {
  (void)p;
  if (t->kind == JANUV_MEDIA_VIDEO) ((side *)data)->video_tracks++;
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  ((side *)data)->peer_closed++;
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

static bool side_open(side *s, uv_loop_t *loop, januv_direction dir) {
  memset(s, 0, sizeof *s);
  s->loop = loop;
  if (t_client_open(loop, jfx_url(janus, "ws"), NULL, &s->client) != JANUV_CONN_CONNECTED) return false;
  t_reply r = {0};
  s->session = t_session_create(loop, s->client, NULL, &r);
  t_reply_clear(&r);
  if (!s->session) return false;
  static const januv_recordplay_callbacks cbs = {
    .on_event = on_event, .on_handle_event = on_handle_event, .on_closed = on_closed};
  if (januv_recordplay_attach(s->session, &cbs, on_attached, s) != 0) return false;
  if (!t_wait_count(loop, &s->attached, 1, LIMIT_MS) || !s->rp) return false;
  januv_peer_options o;
  januv_peer_options_init(&o);
  o.loopback_only = true;
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, dir);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, dir);
  static const januv_peer_callbacks pcbs = {.on_state = on_state, .on_track = on_track};
  return januv_peer_new(loop, &o, &pcbs, s, &s->peer) == 0;
}

static bool side_close(side *s) {
  bool ok = true;
  if (s->peer && !januv_peer_closing(s->peer)) ok = januv_peer_close(s->peer, on_peer_closed, s) == 0;
  if (s->rp) januv_recordplay_detach(s->rp, NULL, NULL);
  if (s->peer) ok = t_wait_count(s->loop, &s->peer_closed, 1, LIMIT_MS) && ok;
  ok = t_wait_count(s->loop, &s->closed, 1, LIMIT_MS) && ok;
  t_reply r = {0};
  if (s->session) ok = t_destroy(s->loop, s->session, &r) && ok;
  t_reply_clear(&r);
  if (s->client) ok = t_client_close(s->loop, s->client) && ok;
  return ok;
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
  CHECK(januv_recordplay_record(rec.rp, rec.peer, &ro, on_recording, &rec) == 0);
  CHECK(t_wait_count(&loop, &rec.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(rec.done_status, 0);
  CHECK_EQ_INT(rec.id, 777);
  CHECK(t_wait_count(&loop, &rec.webrtcup, 1, LIMIT_MS));
  t_run_for(&loop, 3000);
  januv_media_counters sent;
  januv_peer_counters(rec.peer, &sent);
  fprintf(stderr, "  recorded for 3 s: %llu frames and %llu audio buffers sent\n",
          (unsigned long long)sent.video_frames_sent, (unsigned long long)sent.audio_buffers_sent);
  t_reply r = {0};
  CHECK(januv_recordplay_stop(rec.rp, t_reply_cb, &r) == 0);
  CHECK(t_reply_wait(&loop, &r, LIMIT_MS));
  CHECK_EQ_INT(r.status, 0);
  januv_recordplay_event ev;
  januv_recordplay_event_parse(r.data, &ev);
  CHECK_EQ_INT(ev.type, JANUV_RECORDPLAY_STOPPED);
  CHECK_EQ_INT(ev.id, 777);
  t_reply_clear(&r);
  CHECK(t_wait_count(&loop, &rec.events[JANUV_RECORDPLAY_DONE], 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &rec.hangups, 1, LIMIT_MS));
  /* The same id again is refused. */
  CHECK(side_close(&rec));
  CHECK(side_open(&rec, &loop, JANUV_DIR_SENDONLY));
  CHECK(januv_recordplay_record(rec.rp, rec.peer, &ro, on_recording, &rec) == 0);
  CHECK(t_wait_count(&loop, &rec.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(rec.done_status, JANUV_EPLUGIN);
  CHECK_EQ_INT(rec.id, 0);
  CHECK(side_close(&rec));
  /* list */
  side play;
  CHECK(side_open(&play, &loop, JANUV_DIR_RECVONLY));
  wanted_id = 777;
  listing l = {0};
  CHECK(januv_recordplay_list(play.rp, on_list, &l) == 0);
  CHECK(t_wait_count(&loop, &l.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(l.status, 0);
  CHECK(l.found);
  CHECK_EQ_STR(l.name, "januv 3 s");
  CHECK_EQ_INT(l.video, 1);
  CHECK_EQ_INT(l.audio, 1);
  CHECK_EQ_STR(l.vcodec, "vp8");
  CHECK_EQ_STR(l.acodec, "opus");
  /* play a recording that does not exist, then this one */
  CHECK(januv_recordplay_play(play.rp, play.peer, 404, on_reply, &play) == 0);
  CHECK(t_wait_count(&loop, &play.done_calls, 1, LIMIT_MS));
  CHECK_EQ_INT(play.done_status, JANUV_EPLUGIN);
  CHECK(januv_recordplay_play(play.rp, play.peer, 777, on_reply, &play) == 0);
  CHECK(t_wait_count(&loop, &play.done_calls, 2, LIMIT_MS));
  CHECK_EQ_INT(play.done_status, 0);
  CHECK(t_wait_count(&loop, &play.connected, 1, LIMIT_MS));
  /* The playout ends by itself: Janus sends done and hangs up. */
  CHECK(t_wait_count(&loop, &play.events[JANUV_RECORDPLAY_DONE], 1, 15000));
  januv_media_counters got;
  januv_peer_counters(play.peer, &got);
  fprintf(stderr, "  played back: %llu frames, %llu audio buffers decoded\n", (unsigned long long)got.video_frames,
          (unsigned long long)got.audio_buffers);
  CHECK(got.video_frames >= 60);
  CHECK(got.audio_buffers > 0);
  CHECK_EQ_INT(play.video_tracks, 1);
  CHECK(side_close(&play));
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  gst_init(NULL, NULL);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "recordplay-media";
  if (jfx_start(&o, &janus) != 0) return 1;
  static const t_case cases[] = {T_CASE(recordplay_record_list_play)};
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (rc != 0) jfx_dump_log(janus, stderr, 6000);
  jfx_free(janus);
  /* After a failure, peers may still run: gst_deinit() would wait for them forever. */
  if (rc == 0) gst_deinit();
  return rc;
}
