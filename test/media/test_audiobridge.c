/* AudioBridge with media against the real Janus on loopback: two participants join a room with januv_peers
 * sending test tones; each decodes the mix of the other (Opus buffers decoded, audible levels); muting one
 * makes the other's mix silent while buffers keep coming; the moderator unmutes it; a file played into the
 * room is heard; the events the participants get on the way. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "party.h"

#define LIMIT_MS 20000
#define ROOM 1234

static jfx *janus;

typedef struct part {
  t_party p; /* first: the callbacks' data */
  int joined, join_status;
  char id[64];
  size_t others;
  int events[JANUV_AUDIOBRIDGE_OTHER + 1];
  int last_muted; /* of the first participant in the last PARTICIPANTS event */
} part;

static void on_event(januv_audiobridge *ab, const januv_audiobridge_event *ev, void *data) {
  (void)ab;
  part *p = data;
  p->events[ev->type]++;
  if (ev->type == JANUV_AUDIOBRIDGE_PARTICIPANTS && ev->nparticipants) p->last_muted = ev->participants[0].muted;
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
  p->last_muted = -1;
  static const januv_audiobridge_callbacks cbs = {.on_event = on_event};
  return t_party_open(&p->p, loop, jfx_url(janus, "ws"), "audiobridge") && t_attach_audiobridge(&p->p, &cbs);
}

/* Joins the room as @p id with a peer sending a tone (@p wave: an audiotestsrc wave). */
static bool part_join(part *p, uint64_t id, const char *display, const char *wave) {
  januv_peer_options o;
  t_party_peer_options(&p->p, &o);
  januv_track_options *t = januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  t->source_arg = wave;
  if (!t_party_peer(&p->p, &o, NULL)) return false;
  januv_audiobridge_join_options jo;
  januv_audiobridge_join_options_init(&jo);
  jo.room = januv_id_num(ROOM);
  jo.id = januv_id_num(id);
  jo.display = display;
  return januv_audiobridge_join(p->p.ab, p->p.peer, &jo, on_joined, p) == 0 &&
         t_wait_count(p->p.loop, &p->joined, 1, LIMIT_MS) && p->join_status == 0;
}

static januv_media_counters counters(part *p) {
  januv_media_counters c;
  januv_peer_counters(p->p.peer, &c);
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
  int calls, status, plugin_code;
  char reason[256];
  char file_id[64];
} box;

static void on_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  (void)room;
  (void)permanent;
  box *b = data;
  T_KEEP_REPLY(b, r);
}

static void on_file(const januv_reply *r, const char *file_id, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  snprintf(b->file_id, sizeof b->file_id, "%s", file_id ? file_id : "");
}

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
  box bx;
  T_AWAIT_OK(&loop, bx, januv_audiobridge_create(a.p.ab, &ro, on_created, &bx));
  t_reply r = {0};
  CHECK(part_join(&a, 1, "alice", "sine"));
  CHECK_EQ_STR(a.id, "1");
  CHECK_EQ_INT(a.others, 0);
  CHECK(part_join(&b, 2, "bob", "square"));
  CHECK_EQ_INT(b.others, 1);
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_JOINED], 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &a.p.connected, 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &b.p.connected, 1, LIMIT_MS));
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
  CHECK_EQ_INT(a.p.audio_tracks, 1);
  CHECK_EQ_INT(b.p.audio_tracks, 1);
  /* alice mutes herself: bob's mix goes silent, while alice still hears bob. */
  T_REPLY_OK(&loop, r, januv_audiobridge_set_muted(a.p.ab, true, t_reply_cb, &r));
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
  T_REPLY_OK(&loop, r,
             januv_audiobridge_mute(b.p.ab, januv_id_num(ROOM), "sec", januv_id_num(1), false, t_reply_cb, &r));
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
  T_REPLY_OK(&loop, r, januv_audiobridge_configure(a.p.ab, &co, t_reply_cb, &r));
  /* bob leaves; alice hears of it and then hears nothing... */
  T_REPLY_OK(&loop, r, januv_audiobridge_leave(b.p.ab, t_reply_cb, &r));
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
  T_AWAIT_OK(&loop, bx, januv_audiobridge_play_file(a.p.ab, januv_id_num(ROOM), "sec", &po, on_file, &bx));
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED], 1, LIMIT_MS));
  t_run_for(&loop, 500);
  measure(&loop, &a, &b, 2000, audible, total);
  fprintf(stderr, "  file playing, 2 s: alice hears %llu/%llu audible buffers\n", (unsigned long long)audible[0],
          (unsigned long long)total[0]);
  CHECK(audible[0] >= 50);
  T_REPLY_OK(&loop, r,
             januv_audiobridge_stop_file(a.p.ab, januv_id_num(ROOM), "sec", bx.file_id, t_reply_cb, &r));
  /* Destroying the room tells alice. */
  T_REPLY_OK(&loop, r, januv_audiobridge_destroy(a.p.ab, januv_id_num(ROOM), "sec", -1, t_reply_cb, &r));
  t_reply_clear(&r);
  CHECK(t_wait_count(&loop, &a.events[JANUV_AUDIOBRIDGE_DESTROYED], 1, LIMIT_MS));
  CHECK(t_party_close(&a.p));
  CHECK(t_party_close(&b.p));
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  jfx_options o;
  jfx_options_init(&o);
  o.name = "audiobridge-media";
  static const t_case cases[] = {T_CASE(audiobridge_mix)};
  return t_main_media(argc, argv, &o, &janus, NULL, cases, sizeof cases / sizeof cases[0]);
}
