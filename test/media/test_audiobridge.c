/* AudioBridge with media against the real Janus on loopback: two participants join a room with januv_peers
 * sending test tones; each decodes the mix of the other (Opus buffers decoded, audible levels); muting one
 * makes the other's mix silent while buffers keep coming; the moderator unmutes it; a file played into the
 * room is heard; the events the participants get on the way. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gst/gst.h>

#include "harness.h"
#include "janus_fixture.h"
#include "sync.h"

#define LIMIT_MS 20000
#define ROOM 1234

static jfx *janus;

typedef struct part {
  uv_loop_t *loop;
  januv_client *client;
  januv_session *session;
  januv_audiobridge *ab;
  januv_peer *peer;
  int attached, closed, peer_closed, connected, audio_tracks;
  int joined, join_status;
  char id[64];
  size_t others;
  int events[JANUV_AUDIOBRIDGE_OTHER + 1];
  int last_muted; /* of the first participant in the last PARTICIPANTS event */
} part;

static void on_attached(januv_audiobridge *ab, const januv_reply *r, void *data) {
  (void)r;
  part *p = data;
  p->attached++;
  p->ab = ab;
}

static void on_closed(januv_audiobridge *ab, int reason, void *data) {
  (void)ab;
  (void)reason;
  part *p = data;
  p->closed++;
  p->ab = NULL;
}

static void on_event(januv_audiobridge *ab, const januv_audiobridge_event *ev, void *data) {
  (void)ab;
  part *p = data;
  p->events[ev->type]++;
  if (ev->type == JANUV_AUDIOBRIDGE_PARTICIPANTS && ev->nparticipants) p->last_muted = ev->participants[0].muted;
}

static void on_state(januv_peer *peer, januv_peer_state s, void *data) {
  (void)peer;
  if (s == JANUV_PEER_CONNECTED) ((part *)data)->connected++;
}

static void on_track(januv_peer *peer, const januv_track_info *t, void *data) {
  (void)peer;
  if (t->kind == JANUV_MEDIA_AUDIO) ((part *)data)->audio_tracks++;
}

static void on_peer_closed(januv_peer *peer, void *data) {
  (void)peer;
  ((part *)data)->peer_closed++;
}

static void on_joined(const januv_reply *r, const januv_audiobridge_joined *j, void *data) {
  part *p = data;
  p->joined++;
  p->join_status = r->status;
  if (r->status) fprintf(stderr, "  join: %s\n", r->reason);
  if (j) {
    januv_id_format(j->id, p->id, sizeof p->id);
    p->others = j->nparticipants;
  }
}

static bool part_open(part *p, uv_loop_t *loop) {
  memset(p, 0, sizeof *p);
  p->loop = loop;
  p->last_muted = -1;
  if (t_client_open(loop, jfx_url(janus, "ws"), NULL, &p->client) != JANUV_CONN_CONNECTED) return false;
  t_reply r = {0};
  p->session = t_session_create(loop, p->client, NULL, &r);
  t_reply_clear(&r);
  if (!p->session) return false;
  static const januv_audiobridge_callbacks cbs = {.on_event = on_event, .on_closed = on_closed};
  if (januv_audiobridge_attach(p->session, &cbs, on_attached, p) != 0) return false;
  return t_wait_count(loop, &p->attached, 1, LIMIT_MS) && p->ab;
}

/* Joins the room as @p id with a peer sending a tone (@p wave: an audiotestsrc wave). */
static bool part_join(part *p, uint64_t id, const char *display, const char *wave) {
  januv_peer_options o;
  januv_peer_options_init(&o);
  o.loopback_only = true;
  januv_track_options *t = januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  t->source_arg = wave;
  static const januv_peer_callbacks pcbs = {.on_state = on_state, .on_track = on_track};
  if (januv_peer_new(p->loop, &o, &pcbs, p, &p->peer) != 0) return false;
  januv_audiobridge_join_options jo;
  januv_audiobridge_join_options_init(&jo);
  jo.room = januv_id_num(ROOM);
  jo.id = januv_id_num(id);
  jo.display = display;
  return januv_audiobridge_join(p->ab, p->peer, &jo, on_joined, p) == 0 &&
         t_wait_count(p->loop, &p->joined, 1, LIMIT_MS) && p->join_status == 0;
}

static bool part_close(part *p) {
  bool ok = true;
  if (p->peer && !januv_peer_closing(p->peer)) ok = januv_peer_close(p->peer, on_peer_closed, p) == 0;
  if (p->ab) januv_audiobridge_detach(p->ab, NULL, NULL);
  if (p->peer) ok = t_wait_count(p->loop, &p->peer_closed, 1, LIMIT_MS) && ok;
  ok = t_wait_count(p->loop, &p->closed, 1, LIMIT_MS) && ok;
  t_reply r = {0};
  if (p->session) ok = t_destroy(p->loop, p->session, &r) && ok;
  t_reply_clear(&r);
  if (p->client) ok = t_client_close(p->loop, p->client) && ok;
  return ok;
}

static januv_media_counters counters(part *p) {
  januv_media_counters c;
  januv_peer_counters(p->peer, &c);
  return c;
}

/* Audible and total buffers each participant decodes during ms. */
static void measure(uv_loop_t *loop, part *a, part *b, uint32_t ms, uint64_t audible[2], uint64_t total[2]) {
  januv_media_counters a0 = counters(a), b0 = counters(b);
  t_run_for(loop, ms);
  januv_media_counters a1 = counters(a), b1 = counters(b);
  audible[0] = a1.audio_buffers_audible - a0.audio_buffers_audible;
  audible[1] = b1.audio_buffers_audible - b0.audio_buffers_audible;
  total[0] = a1.audio_buffers - a0.audio_buffers;
  total[1] = b1.audio_buffers - b0.audio_buffers;
}

typedef struct box {
  int calls, status;
  bool yes;
  char file_id[64];
} box;

static void on_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  (void)room;
  (void)permanent;
  box *b = data;
  b->calls++;
  b->status = r->status;
}

static void on_file(const januv_reply *r, const char *file_id, void *data) {
  box *b = data;
  b->calls++;
  b->status = r->status;
  snprintf(b->file_id, sizeof b->file_id, "%s", file_id ? file_id : "");
}

#define REQUEST_OK(expr)                                                                                         \
  do {                                                                                                           \
    t_reply r_ = {0};                                                                                            \
    CHECK((expr) == 0);                                                                                          \
    CHECK(t_reply_wait(&loop, &r_, LIMIT_MS));                                                                   \
    if (r_.status) fprintf(stderr, "  %s: %s\n", #expr, r_.reason);                                              \
    int status_ = r_.status;                                                                                     \
    t_reply_clear(&r_);                                                                                          \
    CHECK_EQ_INT(status_, 0);                                                                                    \
  } while (0)
/* The reply arguments of a request inside REQUEST_OK (r_ is its t_reply). */
#define R_ t_reply_cb, &r_

/* Two participants hear each other; mute one: the other's mix goes silent (buffers still decoded); the
 * moderator unmutes it; one leaves; a file played into the room is heard by the one left. */
static void audiobridge_mix(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  part a, b;
  CHECK(part_open(&a, &loop));
  CHECK(part_open(&b, &loop));
  januv_audiobridge_room_options ro;
  januv_audiobridge_room_options_init(&ro);
  ro.room = januv_id_num(ROOM);
  ro.secret = "sec";
  box bx = {0};
  CHECK(januv_audiobridge_create(a.ab, &ro, on_created, &bx) == 0);
  CHECK(t_wait_count(&loop, &bx.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(bx.status, 0);
  CHECK(part_join(&a, 1, "alice", "sine"));
  CHECK_EQ_STR(a.id, "1");
  CHECK_EQ_INT(a.others, 0);
  CHECK(part_join(&b, 2, "bob", "square"));
  CHECK_EQ_INT(b.others, 1);
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_JOINED], 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &a.connected, 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &b.connected, 1, LIMIT_MS));
  /* Each decodes the other's tone in the mix. */
  uint64_t deadline = uv_now(&loop) + 10000;
  januv_media_counters ca, cb;
  do {
    t_run_for(&loop, 200);
    ca = counters(&a);
    cb = counters(&b);
  } while ((ca.audio_buffers_audible < 100 || cb.audio_buffers_audible < 100) && uv_now(&loop) < deadline);
  fprintf(stderr, "  alice decoded %llu buffers (%llu audible, last %.1f dBFS), bob %llu (%llu audible, %.1f dBFS)\n",
          (unsigned long long)ca.audio_buffers, (unsigned long long)ca.audio_buffers_audible, ca.audio_level_dbfs,
          (unsigned long long)cb.audio_buffers, (unsigned long long)cb.audio_buffers_audible, cb.audio_level_dbfs);
  CHECK(ca.audio_buffers_audible >= 100 && cb.audio_buffers_audible >= 100);
  CHECK(ca.audio_level_dbfs > JANUV_AUDIO_SILENCE_DBFS && cb.audio_level_dbfs > JANUV_AUDIO_SILENCE_DBFS);
  CHECK_EQ_INT(a.audio_tracks, 1);
  CHECK_EQ_INT(b.audio_tracks, 1);
  /* alice mutes herself: bob's mix goes silent, while alice still hears bob. */
  REQUEST_OK(januv_audiobridge_set_muted(a.ab, true, R_));
  /* Janus also sends a participants event when alice's PeerConnection is set up: wait for the muted one. */
  uint64_t until = uv_now(&loop) + LIMIT_MS;
  while (b.last_muted != 1 && uv_now(&loop) < until) t_run_for(&loop, 50);
  CHECK_EQ_INT(b.last_muted, 1);
  t_run_for(&loop, 700);
  uint64_t audible[2], total[2];
  measure(&loop, &a, &b, 2000, audible, total);
  fprintf(stderr, "  alice muted, 2 s: alice hears %llu/%llu audible buffers, bob %llu/%llu\n",
          (unsigned long long)audible[0], (unsigned long long)total[0], (unsigned long long)audible[1],
          (unsigned long long)total[1]);
  CHECK(audible[0] >= 50);
  CHECK(total[1] >= 50);   /* the mix keeps coming ... */
  CHECK(audible[1] <= 3);  /* ... silent */
  CHECK(counters(&b).audio_level_dbfs <= JANUV_AUDIO_SILENCE_DBFS);
  /* The moderator unmutes alice: bob hears her again. */
  REQUEST_OK(januv_audiobridge_mute(b.ab, januv_id_num(ROOM), "sec", januv_id_num(1), false, R_));
  t_run_for(&loop, 700);
  measure(&loop, &a, &b, 2000, audible, total);
  fprintf(stderr, "  alice unmuted, 2 s: bob hears %llu/%llu audible buffers\n", (unsigned long long)audible[1],
          (unsigned long long)total[1]);
  CHECK(audible[1] >= 50);
  /* Settings that shape the mix are accepted. */
  januv_audiobridge_configure_options co;
  januv_audiobridge_configure_options_init(&co);
  co.volume = 150;
  co.display = "alice (loud)";
  REQUEST_OK(januv_audiobridge_configure(a.ab, &co, R_));
  /* bob leaves; alice hears of it and then hears nothing... */
  REQUEST_OK(januv_audiobridge_leave(b.ab, R_));
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_LEAVING], 1, LIMIT_MS));
  t_run_for(&loop, 700);
  measure(&loop, &a, &b, 1500, audible, total);
  CHECK(audible[0] <= 3);
  /* ... until a file plays into the room. */
  char file[600], cmd[900];
  snprintf(file, sizeof file, "%s/tone.opus", jfx_dir(janus));
  snprintf(cmd, sizeof cmd,
           "gst-launch-1.0 -q audiotestsrc num-buffers=300 freq=660 ! audio/x-raw,rate=48000,channels=1 ! opusenc ! "
           "oggmux ! filesink location=\"%s\" >/dev/null 2>&1",
           file);
  CHECK(system(cmd) == 0);
  januv_audiobridge_play_options po;
  januv_audiobridge_play_options_init(&po);
  po.filename = file;
  po.loop = 1;
  memset(&bx, 0, sizeof bx);
  CHECK(januv_audiobridge_play_file(a.ab, januv_id_num(ROOM), "sec", &po, on_file, &bx) == 0);
  CHECK(t_wait_count(&loop, &bx.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(bx.status, 0);
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED], 1, LIMIT_MS));
  t_run_for(&loop, 500);
  measure(&loop, &a, &b, 2000, audible, total);
  fprintf(stderr, "  file playing, 2 s: alice hears %llu/%llu audible buffers\n", (unsigned long long)audible[0],
          (unsigned long long)total[0]);
  CHECK(audible[0] >= 50);
  REQUEST_OK(januv_audiobridge_stop_file(a.ab, januv_id_num(ROOM), "sec", bx.file_id, R_));
  /* Destroying the room tells alice. */
  REQUEST_OK(januv_audiobridge_destroy(a.ab, januv_id_num(ROOM), "sec", -1, R_));
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_DESTROYED], 1, LIMIT_MS));
  CHECK(part_close(&a));
  CHECK(part_close(&b));
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  gst_init(NULL, NULL);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "audiobridge-media";
  if (jfx_start(&o, &janus) != 0) return 1;
  static const t_case cases[] = {T_CASE(audiobridge_mix)};
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (rc != 0) jfx_dump_log(janus, stderr, 6000);
  jfx_free(janus);
  /* After a failure, peers may still run: gst_deinit() would wait for them forever. */
  if (rc == 0) gst_deinit();
  return rc;
}
