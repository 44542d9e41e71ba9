/* VideoRoom media against the real Janus on loopback: publishers (januv_peer SENDONLY), multistream
 * subscribers (Janus offers, the peer answers RECVONLY), renegotiations after update/autoupdate, the
 * subscriber controls (pause, resume, per-m-line send, switch), moderation, kick, RTP forwarders.
 * Frames are counted per m-line with januv_peer_track_decoded(). --ids=str runs against a VideoRoom
 * with string_ids. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "party.h"

#define LIMIT_MS 20000

static jfx *janus;
static bool str_ids;
static uv_loop_t *L;

static januv_id ID(uint64_t n) { return t_id(str_ids, "feed-", n); }

/* webrtcbin names a publisher's m-lines by kind and index. */
#define PUB_VIDEO "video0"
#define PUB_AUDIO "audio1"

static uint64_t next_id(void) {
  static uint64_t n = 5000;
  return n += 10;
}

/* ---- typed replies ---- */

#define MAX_STREAMS 8

typedef struct sub_streams {
  int n;
  char mid[MAX_STREAMS][16], feed[MAX_STREAMS][64], feed_mid[MAX_STREAMS][16], type[MAX_STREAMS][8];
  char desc[MAX_STREAMS][32];
  bool active[MAX_STREAMS];
} sub_streams;

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  januv_videoroom_event_type type;
  char id[64];
  bool self;
  uint64_t private_id;
  int npublishers, changes;
  bool had_jsep;
  sub_streams streams;
  int nfwd;
  uint64_t fwd_stream_id[4];
  int fwd_port[4];
} box;

static void copy_streams(sub_streams *s, const januv_videoroom_event *ev) {
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < ev->nstreams && i < MAX_STREAMS; i++) {
    const januv_videoroom_sub_stream *m = &ev->streams[i];
    snprintf(s->mid[i], sizeof s->mid[i], "%s", m->mid ? m->mid : "");
    snprintf(s->feed[i], sizeof s->feed[i], "%s", januv_id_set(m->feed_id) ? t_id_text(m->feed_id) : "");
    snprintf(s->feed_mid[i], sizeof s->feed_mid[i], "%s", m->feed_mid ? m->feed_mid : "");
    snprintf(s->type[i], sizeof s->type[i], "%s", m->type ? m->type : "");
    snprintf(s->desc[i], sizeof s->desc[i], "%s", m->feed_description ? m->feed_description : "");
    s->active[i] = m->active;
    s->n++;
  }
}

static void on_ev(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  if (!ev) return;
  b->type = ev->type;
  snprintf(b->id, sizeof b->id, "%s", januv_id_set(ev->id) ? t_id_text(ev->id) : "");
  b->self = ev->self;
  b->private_id = ev->private_id;
  b->npublishers = (int)ev->npublishers;
  b->changes = ev->changes;
  b->had_jsep = ev->jsep != NULL;
  copy_streams(&b->streams, ev);
}

static void on_forwarders(const januv_reply *r, const januv_videoroom_forwarders *f, size_t n, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->nfwd = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < f[i].nforwarders && b->nfwd < 4; k++) {
      b->fwd_stream_id[b->nfwd] = f[i].forwarders[k].stream_id;
      b->fwd_port[b->nfwd] = f[i].forwarders[k].port;
      b->nfwd++;
    }
}

#define AWAIT_OK(b, call) T_AWAIT_OK(L, b, call)

/* ---- a participant: a handle and maybe a peer ---- */

#define MAX_EVENTS 64

typedef struct evrec {
  januv_videoroom_event_type type;
  char id[64];
  bool self, had_jsep;
  double level;
  sub_streams streams;
} evrec;

typedef struct part {
  t_party p; /* first: the callbacks' data */
  char track_mids[8][16];
  int ntracks;
  evrec ev[MAX_EVENTS];
  int nev;
  int error_events;
  uint64_t private_id; /* a publisher's, from JOINED */
} part;

/* A case's world: one client and session for every participant, the admin's handle and the room it made. */
typedef struct world {
  januv_client *client;
  januv_session *session;
  part admin;
  januv_id room;
} world;

static void on_event(januv_videoroom *vr, const januv_videoroom_event *ev, void *data) {
  (void)vr;
  part *p = data;
  if (ev->type == JANUV_VIDEOROOM_ERROR) {
    p->error_events++;
    fprintf(stderr, "  %s: error event %d %s\n", p->p.name, ev->error_code, ev->error ? ev->error : "");
  }
  if (getenv("VR_DEBUG")) { /* every event, as Janus sent it */
    char *t = januv_json_print(ev->data, false);
    fprintf(stderr, "  [%s] event %s%s: %s\n", p->p.name, januv_videoroom_event_name(ev->type),
            ev->jsep ? " +jsep" : "", t);
    free(t);
  }
  if (p->nev >= MAX_EVENTS) return;
  evrec *e = &p->ev[p->nev++];
  e->type = ev->type;
  e->self = ev->self;
  e->had_jsep = ev->jsep != NULL;
  e->level = ev->audio_level;
  snprintf(e->id, sizeof e->id, "%s", januv_id_set(ev->id) ? t_id_text(ev->id) : "");
  if (ev->type == JANUV_VIDEOROOM_PUBLISHERS && ev->npublishers > 0)
    snprintf(e->id, sizeof e->id, "%s", t_id_text(ev->publishers[0].id));
  copy_streams(&e->streams, ev);
}

static const januv_videoroom_callbacks vr_cbs = {.on_event = on_event};

static void on_track(januv_peer *peer, const januv_track_info *t, void *data) {
  t_party_on_track(peer, t, data);
  part *p = data;
  if (p->ntracks < 8) snprintf(p->track_mids[p->ntracks++], sizeof p->track_mids[0], "%s", t->mid ? t->mid : "");
}

static const januv_peer_callbacks peer_cbs = {
  .on_state = t_party_on_state, .on_track = on_track, .on_error = t_party_on_peer_error};

/* A peer: sending test sources (publisher), or none (subscriber). */
static bool part_peer(part *p, bool publisher, bool audio) {
  januv_peer_options o;
  t_party_peer_options(&p->p, &o);
  if (publisher) {
    januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDONLY);
    if (audio) januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDONLY);
  }
  return t_party_peer(&p->p, &o, &peer_cbs);
}

static bool part_attach(world *w, part *p, const char *name) {
  memset(p, 0, sizeof *p);
  t_party_init(&p->p, L, w->session, name);
  return t_attach_videoroom(&p->p, &vr_cbs);
}

/* Closes the peer and the handle (whatever is still open); each close callback runs once, and neither the
 * peer nor the plugin reported an error. */
static bool part_close(part *p) {
  bool ok = t_party_close(&p->p);
  if (p->p.peer_errors) fprintf(stderr, "  %s: %d peer errors\n", p->p.name, p->p.peer_errors);
  return ok && p->p.peer_errors == 0 && p->error_events == 0;
}

/* Opens the world: the session, the admin's handle and a room (o, or 6 publishers; the secret is "media"). */
static bool world_open(world *w, januv_videoroom_room_options *o) {
  memset(w, 0, sizeof *w);
  w->session = t_open_session(L, jfx_url(janus, "ws"), &w->client);
  if (!w->session || !part_attach(w, &w->admin, "admin")) return false;
  januv_videoroom_room_options defaults;
  if (!o) {
    januv_videoroom_room_options_init(&defaults);
    defaults.room = ID(next_id());
    defaults.publishers = 6;
    o = &defaults;
  }
  o->secret = "media";
  w->room = o->room;
  box b;
  return T_ASK(L, b, januv_videoroom_create(w->admin.p.vr, o, on_ev, &b));
}

/* Destroys the room, closes the admin's handle, the session and the client. */
static bool world_close(world *w) {
  box b;
  bool ok = T_ASK(L, b, januv_videoroom_destroy(w->admin.p.vr, w->room, "media", false, on_ev, &b));
  ok = part_close(&w->admin) && ok;
  ok = t_close_session(L, w->client, w->session) && ok;
  t_run_for(L, 50);
  return ok;
}

static bool find_event(part *p, januv_videoroom_event_type type, const char *id, int from, int *at) {
  for (int i = from; i < p->nev; i++)
    if (p->ev[i].type == type && (!id || !strcmp(p->ev[i].id, id))) {
      if (at) *at = i;
      return true;
    }
  return false;
}

/* Waits for an event of that type (and id) at index from or later. */
static bool wait_event(part *p, januv_videoroom_event_type type, const char *id, int from, int *at) {
  uint64_t deadline = uv_now(L) + LIMIT_MS;
  while (!find_event(p, type, id, from, at) && uv_now(L) < deadline) t_run_for(L, 20);
  return find_event(p, type, id, from, at);
}

/* Waits until the peer decoded n frames on mid. */
static bool wait_frames(part *p, const char *mid, uint64_t n) { return t_wait_frames(L, p->p.peer, mid, n, LIMIT_MS); }

/* Frames decoded on mid during ms. */
static uint64_t frames_during(part *p, const char *mid, uint32_t ms) { return t_frames_during(L, p->p.peer, mid, ms); }

static const char *mid_of(const sub_streams *s, const char *feed, const char *type) {
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->feed[i], feed) && !strcmp(s->type[i], type) && s->active[i]) return s->mid[i];
  return NULL;
}

/* ---- steps ---- */

/* Joins and publishes video (and audio) from p's own peer. */
static bool publish(world *w, part *p, const char *name, januv_id id, bool audio, bool one_step) {
  if (!part_attach(w, p, name) || !part_peer(p, true, audio)) return false;
  januv_videoroom_join_options j = {.room = w->room, .id = id, .display = name};
  januv_videoroom_publish_options po;
  januv_videoroom_publish_options_init(&po);
  januv_videoroom_description d = {PUB_VIDEO, "camera"};
  po.descriptions = &d;
  po.ndescriptions = 1;
  po.bitrate = 500000;
  po.record = 0;
  box b;
  if (one_step) {
    if (!T_ASK(L, b, januv_videoroom_join_and_publish(p->p.vr, &j, p->p.peer, &po, on_ev, &b)) ||
        b.type != JANUV_VIDEOROOM_JOINED)
      return false;
    p->private_id = b.private_id;
  } else {
    if (!T_ASK(L, b, januv_videoroom_join(p->p.vr, &j, on_ev, &b)) || b.type != JANUV_VIDEOROOM_JOINED) return false;
    p->private_id = b.private_id;
    if (!T_ASK(L, b, januv_videoroom_publish(p->p.vr, p->p.peer, &po, on_ev, &b))) return false;
    if (b.type != JANUV_VIDEOROOM_CONFIGURED) return false;
  }
  return t_wait_count(L, &p->p.connected, 1, LIMIT_MS) && t_wait_count(L, &p->p.webrtcup, 1, LIMIT_MS);
}

/* Subscribes p (a fresh handle and a peer without tracks) to refs; the ATTACHED reply goes to b. extra: other
 * options (may be NULL). */
static bool subscribe_with(world *w, part *p, const char *name, const januv_videoroom_stream_ref *refs, size_t n,
                           const januv_videoroom_subscribe_options *extra, box *b) {
  if (!part_attach(w, p, name) || !part_peer(p, false, false)) return false;
  januv_videoroom_subscribe_options so;
  if (extra) so = *extra;
  else januv_videoroom_subscribe_options_init(&so);
  so.room = w->room;
  so.streams = refs;
  so.nstreams = n;
  if (!T_ASK(L, *b, januv_videoroom_subscribe(p->p.vr, p->p.peer, &so, on_ev, b))) return false;
  return b->type == JANUV_VIDEOROOM_ATTACHED && t_wait_count(L, &p->p.connected, 1, LIMIT_MS);
}

static bool subscribe(world *w, part *p, const char *name, const januv_videoroom_stream_ref *refs, size_t n, box *b) {
  return subscribe_with(w, p, name, refs, n, NULL, b);
}

/* ---- cases ---- */

/* One publisher, two subscribers: each decodes >= 100 frames in 5 s. The second subscription names its
 * publisher's private id, asks for msids and no autoupdate. The publisher records, configures, unpublishes. */
static void one_publisher_two_subscribers(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part pub, s1, s2;
  januv_id pub_id = ID(next_id());
  CHECK(publish(&w, &pub, "pub", pub_id, true, false));
  januv_videoroom_stream_ref ref = {.feed = pub_id};
  box b1, b2;
  CHECK(subscribe(&w, &s1, "sub1", &ref, 1, &b1));
  januv_videoroom_subscribe_options so;
  januv_videoroom_subscribe_options_init(&so);
  so.use_msid = 1;
  so.autoupdate = 0;
  so.private_id = pub.private_id;
  CHECK(pub.private_id != 0);
  CHECK(subscribe_with(&w, &s2, "sub2", &ref, 1, &so, &b2));
  CHECK_EQ_INT(b1.streams.n, 2);
  for (int i = 0; i < b1.streams.n; i++) {
    fprintf(stderr, "  stream %s: %s from %s/%s (%s)\n", b1.streams.mid[i], b1.streams.type[i], b1.streams.feed[i],
            b1.streams.feed_mid[i], b1.streams.desc[i]);
    if (!strcmp(b1.streams.type[i], "video")) CHECK_EQ_STR(b1.streams.desc[i], "camera");
  }
  const char *v1 = mid_of(&b1.streams, t_id_text(pub_id), "video");
  const char *v2 = mid_of(&b2.streams, t_id_text(pub_id), "video");
  const char *a1 = mid_of(&b1.streams, t_id_text(pub_id), "audio");
  CHECK(v1 && v2 && a1);
  CHECK(wait_frames(&s1, v1, 1) && wait_frames(&s2, v2, 1));
  uint64_t f1 = januv_peer_track_decoded(s1.p.peer, v1), f2 = januv_peer_track_decoded(s2.p.peer, v2);
  t_run_for(L, 5000);
  f1 = januv_peer_track_decoded(s1.p.peer, v1) - f1;
  f2 = januv_peer_track_decoded(s2.p.peer, v2) - f2;
  fprintf(stderr, "  in 5 s: sub1 %llu frames (mid %s), sub2 %llu frames (mid %s), sub1 audio %llu buffers\n",
          (unsigned long long)f1, v1, (unsigned long long)f2, v2,
          (unsigned long long)januv_peer_track_decoded(s1.p.peer, a1));
  CHECK(f1 >= 100);
  CHECK(f2 >= 100);
  CHECK(januv_peer_track_decoded(s1.p.peer, a1) > 0);
  CHECK_EQ_INT(s1.p.video_tracks, 1);
  CHECK_EQ_INT(s1.p.audio_tracks, 1);
  /* Per-mid counters: the two subscriptions' audio and video m-lines sum to the totals. */
  januv_media_counters mc;
  januv_peer_counters(s1.p.peer, &mc);
  CHECK(mc.video_frames == januv_peer_track_decoded(s1.p.peer, v1));
  CHECK_EQ_INT(januv_peer_track_decoded(s1.p.peer, "no-such-mid"), 0);
  /* Publisher controls mid-call: configure (bitrate, keyframe, descriptions); the feed keeps flowing. */
  januv_videoroom_publish_options po;
  januv_videoroom_publish_options_init(&po);
  po.bitrate = 300000;
  po.keyframe = 1;
  januv_videoroom_pub_stream ps;
  januv_videoroom_pub_stream_init(&ps);
  ps.mid = PUB_VIDEO;
  ps.keyframe = 1;
  po.streams = &ps;
  po.nstreams = 1;
  box b;
  AWAIT_OK(b, januv_videoroom_configure(pub.p.vr, &po, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_CONFIGURED);
  CHECK(frames_during(&s1, v1, 1000) > 0);
  /* Recording on and off: Janus writes BASE-video-0.mjr. */
  char base[600], mjr[700];
  snprintf(base, sizeof base, "%s/vr-pub-%s", jfx_dir(janus), t_id_text(pub_id));
  snprintf(mjr, sizeof mjr, "%s-video-0.mjr", base);
  januv_videoroom_publish_options_init(&po);
  po.record = 1;
  po.filename = base;
  AWAIT_OK(b, januv_videoroom_configure(pub.p.vr, &po, on_ev, &b));
  CHECK(t_wait_file(L, mjr, 1000));
  januv_videoroom_publish_options_init(&po);
  po.record = 0;
  AWAIT_OK(b, januv_videoroom_configure(pub.p.vr, &po, on_ev, &b));
  /* unpublish: the subscribers' streams go inactive (Janus's new offer answered), the handle stays. */
  int from = s1.nev;
  AWAIT_OK(b, januv_videoroom_unpublish(pub.p.vr, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_UNPUBLISHED);
  CHECK(b.self);
  int at = -1, from2 = s2.nev;
  CHECK(wait_event(&s1, JANUV_VIDEOROOM_UPDATED, NULL, from, &at));
  CHECK(s1.ev[at].had_jsep);
  CHECK(mid_of(&s1.ev[at].streams, t_id_text(pub_id), "video") == NULL);
  t_run_for(L, 500);
  CHECK_EQ_INT(frames_during(&s1, v1, 1000), 0);
  /* autoupdate off: no new offer for the second subscriber, whose stream stops all the same */
  CHECK(!find_event(&s2, JANUV_VIDEOROOM_UPDATED, NULL, from2, NULL));
  CHECK_EQ_INT(frames_during(&s2, v2, 500), 0);
  CHECK(part_close(&s1));
  CHECK(part_close(&s2));
  CHECK(part_close(&pub));
  CHECK(world_close(&w));
}

/* A second publisher joins: the multistream subscriber adds its streams with one update and decodes
 * them; the first publisher leaves: the subscriber gets updated and keeps the remaining stream. */
static void multistream_update(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part a, bp, sub;
  januv_id a_id = ID(next_id()), b_id = ID(next_id());
  CHECK(publish(&w, &a, "alice", a_id, true, true)); /* joinandconfigure */
  januv_videoroom_stream_ref ra = {.feed = a_id};
  box b;
  CHECK(subscribe(&w, &sub, "sub", &ra, 1, &b));
  const char *va = mid_of(&b.streams, t_id_text(a_id), "video");
  CHECK(va);
  char va_mid[16];
  snprintf(va_mid, sizeof va_mid, "%s", va);
  CHECK(wait_frames(&sub, va_mid, 1));
  /* Bob publishes; Alice (a participant) is told, with his streams. */
  int from = a.nev;
  CHECK(publish(&w, &bp, "bob", b_id, true, false));
  int at = -1;
  CHECK(wait_event(&a, JANUV_VIDEOROOM_PUBLISHERS, t_id_text(b_id), from, &at));
  /* One update adds Bob's video (by mid) and audio. */
  januv_videoroom_stream_ref add[2] = {{.feed = b_id, .mid = PUB_VIDEO}, {.feed = b_id, .mid = PUB_AUDIO}};
  AWAIT_OK(b, januv_videoroom_update(sub.p.vr, add, 2, NULL, 0, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_UPDATED);
  CHECK(b.had_jsep);
  CHECK_EQ_INT(b.streams.n, 4);
  const char *vb = mid_of(&b.streams, t_id_text(b_id), "video");
  CHECK(vb);
  char vb_mid[16];
  snprintf(vb_mid, sizeof vb_mid, "%s", vb);
  CHECK(wait_frames(&sub, vb_mid, 1));
  uint64_t fa, fb;
  uint64_t a0 = januv_peer_track_decoded(sub.p.peer, va_mid), b0 = januv_peer_track_decoded(sub.p.peer, vb_mid);
  t_run_for(L, 3000);
  fa = januv_peer_track_decoded(sub.p.peer, va_mid) - a0;
  fb = januv_peer_track_decoded(sub.p.peer, vb_mid) - b0;
  fprintf(stderr, "  both feeds in 3 s: alice %llu frames (mid %s), bob %llu frames (mid %s)\n",
          (unsigned long long)fa, va_mid, (unsigned long long)fb, vb_mid);
  CHECK(fa >= 30 && fb >= 30);
  CHECK_EQ_INT(sub.p.video_tracks, 2);
  /* Alice leaves as a closing client does, by detaching her handle: the subscriber gets an UPDATED event
   * with Janus's offer, answered by januv; Bob's stream stays. (A "leave" request would not do: Janus 1.1
   * keeps a leaving publisher's PeerConnection, and once it goes it skips the subscribers' autoupdate.) */
  from = sub.nev;
  int bob_from = bp.nev;
  CHECK(part_close(&a));
  CHECK(wait_event(&bp, JANUV_VIDEOROOM_UNPUBLISHED, t_id_text(a_id), bob_from, NULL));
  CHECK(wait_event(&bp, JANUV_VIDEOROOM_LEAVING, t_id_text(a_id), bob_from, NULL));
  CHECK(wait_event(&sub, JANUV_VIDEOROOM_UPDATED, NULL, from, &at));
  CHECK(sub.ev[at].had_jsep);
  CHECK(mid_of(&sub.ev[at].streams, t_id_text(a_id), "video") == NULL);
  CHECK(mid_of(&sub.ev[at].streams, t_id_text(b_id), "video") != NULL);
  t_run_for(L, 1000);
  fa = frames_during(&sub, va_mid, 2000);
  fb = frames_during(&sub, vb_mid, 2000);
  fprintf(stderr, "  after alice left, in 2 s: alice %llu, bob %llu frames\n", (unsigned long long)fa,
          (unsigned long long)fb);
  CHECK_EQ_INT(fa, 0);
  CHECK(fb >= 20);
  CHECK(januv_peer_get_state(sub.p.peer) == JANUV_PEER_CONNECTED);
  /* remove Bob's audio by our mid: one more renegotiation */
  const char *ab = mid_of(&sub.ev[at].streams, t_id_text(b_id), "audio");
  CHECK(ab);
  januv_videoroom_stream_ref rm = {.sub_mid = ab};
  AWAIT_OK(b, januv_videoroom_remove_streams(sub.p.vr, &rm, 1, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_UPDATED);
  CHECK(frames_during(&sub, vb_mid, 1500) > 0);
  CHECK(part_close(&sub));
  CHECK(part_close(&bp));
  CHECK(world_close(&w));
}

/* pause/resume, configure (send off and on per m-line), switch, add_streams. */
static void subscriber_controls(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part a, bp, sub;
  januv_id a_id = ID(next_id()), b_id = ID(next_id());
  CHECK(publish(&w, &a, "alice", a_id, false, false));
  CHECK(publish(&w, &bp, "bob", b_id, false, false));
  januv_videoroom_stream_ref ra = {.feed = a_id, .mid = PUB_VIDEO};
  box b;
  CHECK(subscribe(&w, &sub, "sub", &ra, 1, &b));
  CHECK_EQ_INT(b.streams.n, 1);
  char v[16];
  snprintf(v, sizeof v, "%s", b.streams.mid[0]);
  CHECK(wait_frames(&sub, v, 1));
  AWAIT_OK(b, januv_videoroom_pause(sub.p.vr, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_PAUSED);
  t_run_for(L, 500);
  CHECK_EQ_INT(frames_during(&sub, v, 1500), 0);
  AWAIT_OK(b, januv_videoroom_resume(sub.p.vr, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_STARTED);
  CHECK(wait_frames(&sub, v, januv_peer_track_decoded(sub.p.peer, v) + 10));
  /* Per m-line toggle. */
  januv_videoroom_sub_config c;
  januv_videoroom_sub_config_init(&c);
  c.mid = v;
  c.send = 0;
  AWAIT_OK(b, januv_videoroom_configure_subscription(sub.p.vr, &c, 1, false, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_CONFIGURED);
  t_run_for(L, 500);
  CHECK_EQ_INT(frames_during(&sub, v, 1500), 0);
  c.send = 1;
  AWAIT_OK(b, januv_videoroom_configure_subscription(sub.p.vr, &c, 1, false, on_ev, &b));
  CHECK(wait_frames(&sub, v, januv_peer_track_decoded(sub.p.peer, v) + 10));
  /* Switch our m-line to Bob's video: no renegotiation, the frames keep coming from Bob. */
  januv_videoroom_stream_ref sw = {.feed = b_id, .mid = PUB_VIDEO, .sub_mid = v};
  AWAIT_OK(b, januv_videoroom_switch(sub.p.vr, &sw, 1, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SWITCHED);
  CHECK_EQ_INT(b.changes, 1);
  CHECK(mid_of(&b.streams, t_id_text(b_id), "video") != NULL);
  CHECK(mid_of(&b.streams, t_id_text(a_id), "video") == NULL);
  CHECK(wait_frames(&sub, v, januv_peer_track_decoded(sub.p.peer, v) + 30));
  /* "subscribe" adds Alice's video back in a new m-line. */
  januv_videoroom_stream_ref again = {.feed = a_id};
  AWAIT_OK(b, januv_videoroom_add_streams(sub.p.vr, &again, 1, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_UPDATED);
  const char *v2 = mid_of(&b.streams, t_id_text(a_id), "video");
  CHECK(v2 && strcmp(v2, v));
  char v2_mid[16];
  snprintf(v2_mid, sizeof v2_mid, "%s", v2);
  CHECK(wait_frames(&sub, v2_mid, 10));
  /* leave: LEFT */
  AWAIT_OK(b, januv_videoroom_leave(sub.p.vr, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_LEFT);
  CHECK(part_close(&sub));
  CHECK(part_close(&a));
  CHECK(part_close(&bp));
  CHECK(world_close(&w));
}

/* moderate mutes a stream (the subscriber stops receiving it); kick removes a participant. */
static void moderate_and_kick(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part a, sub;
  januv_id a_id = ID(next_id());
  CHECK(publish(&w, &a, "alice", a_id, true, false));
  januv_videoroom_stream_ref ra = {.feed = a_id};
  box b;
  CHECK(subscribe(&w, &sub, "sub", &ra, 1, &b));
  char v[16], au[16];
  snprintf(v, sizeof v, "%s", mid_of(&b.streams, t_id_text(a_id), "video"));
  snprintf(au, sizeof au, "%s", mid_of(&b.streams, t_id_text(a_id), "audio"));
  CHECK(wait_frames(&sub, v, 1) && wait_frames(&sub, au, 1));
  /* Mute Alice's video: the subscriber's video stops, audio goes on; Alice is told. */
  int from = a.nev;
  AWAIT_OK(b, januv_videoroom_moderate(w.admin.p.vr, w.room, "media", a_id, PUB_VIDEO, true, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SUCCESS);
  CHECK(wait_event(&a, JANUV_VIDEOROOM_MODERATION, t_id_text(a_id), from, NULL));
  t_run_for(L, 500);
  uint64_t fv = frames_during(&sub, v, 2000), fa = frames_during(&sub, au, 1000);
  fprintf(stderr, "  muted video: %llu frames in 2 s, audio %llu buffers in 1 s\n", (unsigned long long)fv,
          (unsigned long long)fa);
  CHECK_EQ_INT(fv, 0);
  CHECK(fa > 0);
  AWAIT_OK(b, januv_videoroom_moderate(w.admin.p.vr, w.room, "media", a_id, PUB_VIDEO, false, on_ev, &b));
  CHECK(wait_frames(&sub, v, januv_peer_track_decoded(sub.p.peer, v) + 10));
  /* Kick Alice: she is told (self) and her PeerConnection goes; the subscriber stops receiving her (Janus
   * 1.1 turns its m-lines inactive without a new offer: the room let go of her first). */
  from = a.nev;
  AWAIT_OK(b, januv_videoroom_kick(w.admin.p.vr, w.room, "media", a_id, on_ev, &b));
  CHECK(wait_event(&a, JANUV_VIDEOROOM_KICKED, "", from, NULL));
  CHECK(t_wait_count(L, &a.p.hangups, 1, LIMIT_MS));
  t_run_for(L, 500);
  CHECK_EQ_INT(frames_during(&sub, v, 1000), 0);
  CHECK(part_close(&sub));
  CHECK(part_close(&a));
  CHECK(world_close(&w));
}

/* talking and stopped-talking: a publisher sending its audio level (RFC 6464) with a tone that comes and
 * goes; a participant hears about it. */
static void talking(void) {
  januv_videoroom_room_options o;
  januv_videoroom_room_options_init(&o);
  o.room = ID(next_id());
  o.audiolevel_ext = 1;
  o.audiolevel_event = 1;
  o.audio_active_packets = 25; /* half a second of 20 ms packets */
  o.audio_level_average = 40;
  world w;
  CHECK(world_open(&w, &o));
  part a, listener;
  box b;
  CHECK(part_attach(&w, &listener, "listener"));
  januv_videoroom_join_options lj = {.room = w.room, .display = "listener"};
  AWAIT_OK(b, januv_videoroom_join(listener.p.vr, &lj, on_ev, &b));
  /* 2 s of tone every 4 s */
  CHECK(part_attach(&w, &a, "alice"));
  januv_peer_options po;
  t_party_peer_options(&a.p, &po);
  januv_track_options *t = januv_peer_options_add_track(&po, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDONLY);
  t->source = JANUV_SOURCE_BIN;
  t->source_arg = "audiotestsrc is-live=true wave=ticks freq=440 sine-periods-per-tick=880 tick-interval=4000000000";
  t->audio_level = true;
  CHECK(t_party_peer(&a.p, &po, &peer_cbs));
  januv_id a_id = ID(next_id());
  januv_videoroom_join_options j = {.room = w.room, .id = a_id, .display = "alice"};
  AWAIT_OK(b, januv_videoroom_join_and_publish(a.p.vr, &j, a.p.peer, NULL, on_ev, &b));
  CHECK(strstr(januv_peer_local_sdp(a.p.peer), "ssrc-audio-level") != NULL);
  CHECK(strstr(januv_peer_remote_sdp(a.p.peer), "ssrc-audio-level") != NULL);
  int at = -1, stop = -1;
  CHECK(wait_event(&listener, JANUV_VIDEOROOM_TALKING, t_id_text(a_id), 0, &at));
  CHECK(listener.ev[at].level >= 0 && listener.ev[at].level < 40);
  CHECK(wait_event(&listener, JANUV_VIDEOROOM_STOPPED_TALKING, t_id_text(a_id), at, &stop));
  CHECK(listener.ev[stop].level >= 40);
  CHECK(part_close(&a));
  CHECK(part_close(&listener));
  CHECK(world_close(&w));
}

/* ---- RTP forwarders: packets reach a UDP socket of ours ---- */

typedef struct udp_sink {
  uv_udp_t udp;
  int packets, closed;
  char buf[2048];
} udp_sink;

static void udp_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)size;
  udp_sink *s = h->data;
  *buf = uv_buf_init(s->buf, sizeof s->buf);
}

static void udp_recv(uv_udp_t *u, ssize_t n, const uv_buf_t *buf, const struct sockaddr *addr, unsigned flags) {
  (void)buf, (void)addr, (void)flags;
  udp_sink *s = u->data;
  if (n > 0) s->packets++;
}

static void udp_closed(uv_handle_t *h) { ((udp_sink *)h->data)->closed++; }

static int udp_open(udp_sink *s) {
  memset(s, 0, sizeof *s);
  uv_udp_init(L, &s->udp);
  s->udp.data = s;
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 0, &a);
  if (uv_udp_bind(&s->udp, (const struct sockaddr *)&a, 0) != 0) return -1;
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_udp_getsockname(&s->udp, (struct sockaddr *)&ss, &len);
  uv_udp_recv_start(&s->udp, udp_alloc, udp_recv);
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void rtp_forwarders(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part a;
  januv_id a_id = ID(next_id());
  CHECK(publish(&w, &a, "alice", a_id, false, false));
  udp_sink sink;
  int port = udp_open(&sink);
  CHECK(port > 0);
  januv_videoroom_forward_stream fs;
  januv_videoroom_forward_stream_init(&fs);
  fs.mid = PUB_VIDEO;
  fs.port = port;
  fs.pt = 100;
  fs.ssrc = 12345678;
  januv_videoroom_forward_options fo;
  januv_videoroom_forward_options_init(&fo);
  fo.room = w.room;
  fo.publisher_id = a_id;
  fo.host = "127.0.0.1";
  fo.secret = "media";
  fo.streams = &fs;
  fo.nstreams = 1;
  box b;
  AWAIT_OK(b, januv_videoroom_rtp_forward(w.admin.p.vr, &fo, on_forwarders, &b));
  CHECK_EQ_INT(b.nfwd, 1);
  CHECK_EQ_INT(b.fwd_port[0], port);
  uint64_t stream_id = b.fwd_stream_id[0];
  CHECK(stream_id > 0);
  CHECK(t_wait_count(L, &sink.packets, 50, LIMIT_MS));
  AWAIT_OK(b, januv_videoroom_list_forwarders(w.admin.p.vr, w.room, "media", on_forwarders, &b));
  CHECK_EQ_INT(b.nfwd, 1);
  CHECK_EQ_INT(b.fwd_stream_id[0], stream_id);
  AWAIT_OK(b, januv_videoroom_stop_rtp_forward(w.admin.p.vr, w.room, a_id, stream_id, "media", NULL, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_RTP_FORWARD);
  t_run_for(L, 300);
  int before = sink.packets;
  t_run_for(L, 1000);
  CHECK_EQ_INT(sink.packets, before);
  AWAIT_OK(b, januv_videoroom_list_forwarders(w.admin.p.vr, w.room, "media", on_forwarders, &b));
  CHECK_EQ_INT(b.nfwd, 0);
  uv_close((uv_handle_t *)&sink.udp, udp_closed);
  CHECK(t_wait_count(L, &sink.closed, 1, LIMIT_MS));
  CHECK(part_close(&a));
  CHECK(world_close(&w));
}

/* Teardown while Janus's offer is being answered, and a handle detached with a subscription queued. */
static void subscriber_teardown(void) {
  world w;
  CHECK(world_open(&w, NULL));
  part a;
  januv_id a_id = ID(next_id());
  CHECK(publish(&w, &a, "alice", a_id, false, false));
  for (int i = 0; i < 3; i++) {
    part s;
    CHECK(part_attach(&w, &s, "early"));
    CHECK(part_peer(&s, false, false));
    januv_videoroom_stream_ref ref = {.feed = a_id};
    januv_videoroom_subscribe_options so;
    januv_videoroom_subscribe_options_init(&so);
    so.room = w.room;
    so.streams = &ref;
    so.nstreams = 1;
    box b;
    memset(&b, 0, sizeof b);
    CHECK_EQ_INT(januv_videoroom_subscribe(s.p.vr, s.p.peer, &so, on_ev, &b), 0);
    /* a second subscribe on the same peer while the first is under way */
    CHECK_EQ_INT(januv_videoroom_subscribe(s.p.vr, s.p.peer, &so, on_ev, &b), JANUV_ESTATE);
    if (i == 1) t_run_for(L, 30);
    if (i == 2) januv_peer_close(s.p.peer, t_party_peer_closed, &s.p);
    CHECK(part_close(&s));
    CHECK_EQ_INT(b.calls, 1);
  }
  CHECK(part_close(&a));
  CHECK(world_close(&w));
}

int main(int argc, char **argv) {
  str_ids = t_str_ids(argc, argv);
  jfx_options o;
  jfx_options_init(&o);
  o.name = str_ids ? "videoroom-media-str" : "videoroom-media";
  o.string_ids = str_ids;
  static const t_case cases[] = {
    T_CASE(one_publisher_two_subscribers), T_CASE(multistream_update), T_CASE(subscriber_controls),
    T_CASE(moderate_and_kick), T_CASE(talking), T_CASE(rtp_forwarders), T_CASE(subscriber_teardown),
  };
  return t_main_media(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
