/* januv videoroom ACTION URL: publish a source in a room, or record every publisher of a room to a file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_media.h"

int cmd_videoroom(cli *c);

/* ---- publish ---- */

typedef struct pub_state {
  cli_media m;
  januv_videoroom *vr;
  januv_id room;
} pub_state;

static void pub_describe(cli_media *m, char *buf, size_t len) {
  const januv_media_counters *d = &m->last.decoded;
  snprintf(buf, len, "  sent %llu video frames, %llu audio buffers", (unsigned long long)d->video_frames_sent,
           (unsigned long long)d->audio_buffers_sent);
}

static bool pub_media_ok(cli_media *m, const januv_peer_stats *s) {
  (void)m;
  return s->total.bytes_sent > 0;
}

static void on_published(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  pub_state *s = data;
  if (!cli_media_reply_ok(&s->m, "publish", r)) return;
  char room[64], id[64];
  printf("published in room %s as %s", januv_id_format(s->room, room, sizeof room),
         januv_id_format(ev->id, id, sizeof id));
  for (size_t i = 0; i < ev->npublishers; i++)
    printf("%s %s", i ? "," : "; already publishing:", januv_id_format(ev->publishers[i].id, id, sizeof id));
  printf("\n");
  fflush(stdout);
  cli_media_started(&s->m);
}

static void publish_now(pub_state *s) {
  cli *c = s->m.c;
  januv_peer_options o;
  januv_peer_options_init(&o);
  const char *src = cli_flag(c, "source", "test");
  bool file = strcmp(src, "test") && strncmp(src, "test:", 5) && strncmp(src, "bin:", 4);
  cli_media_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDONLY, src);
  /* a test pattern comes with a tone; a file gives its own audio; a bin is video only */
  if (file || !strncmp(src, "test", 4)) cli_media_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDONLY, file ? src : "test");
  if (!cli_media_peer(&s->m, &o, NULL)) return;
  januv_videoroom_join_options j = {.room = s->room, .display = cli_flag(c, "display", "januv"),
                                    .pin = cli_flag(c, "pin", NULL), .token = cli_flag(c, "token", NULL)};
  const char *id = cli_flag(c, "id", NULL);
  if (id) j.id = cli_plugin_id(c, id);
  januv_videoroom_publish_options po;
  januv_videoroom_publish_options_init(&po);
  unsigned long br = 0;
  if (cli_flag_uint(c, "bitrate", 0, &br) && br) po.bitrate = (int)br;
  int rc = januv_videoroom_join_and_publish(s->vr, &j, s->m.peer, &po, on_published, s);
  if (rc) cli_media_fail(&s->m, CLI_TRANSPORT, "publish", januv_strerror(rc));
}

static void on_created(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  (void)ev;
  pub_state *s = data;
  char room[64];
  if (r->status == 0) {
    printf("created room %s\n", januv_id_format(s->room, room, sizeof room));
  } else if (r->status != JANUV_EPLUGIN || r->plugin_code != JANUV_VIDEOROOM_ERR_ROOM_EXISTS) {
    cli_media_fail_reply(&s->m, "create", r);
    return;
  }
  publish_now(s);
}

static void pub_on_event(januv_videoroom *vr, const januv_videoroom_event *ev, void *data) {
  (void)vr;
  pub_state *s = data;
  char id[64];
  if (ev->type == JANUV_VIDEOROOM_PUBLISHERS) {
    for (size_t i = 0; i < ev->npublishers; i++)
      printf("publisher %s joined\n", januv_id_format(ev->publishers[i].id, id, sizeof id));
  } else if (ev->type == JANUV_VIDEOROOM_UNPUBLISHED && !ev->self) {
    printf("publisher %s left\n", januv_id_format(ev->id, id, sizeof id));
  } else if (ev->type == JANUV_VIDEOROOM_KICKED && ev->self) {
    cli_media_fail(&s->m, CLI_JANUS_ERROR, "videoroom", "kicked out of the room");
  } else if (ev->type == JANUV_VIDEOROOM_DESTROYED) {
    cli_media_fail(&s->m, CLI_JANUS_ERROR, "videoroom", "the room was destroyed");
  }
  fflush(stdout);
}

static void pub_on_handle_event(januv_videoroom *vr, const januv_event *ev, void *data) {
  (void)vr;
  cli_media_handle_event(&((pub_state *)data)->m, ev);
}

static void pub_on_attached(januv_videoroom *vr, const januv_reply *r, void *data) {
  pub_state *s = data;
  if (!cli_media_reply_ok(&s->m, "attach", r)) return;
  s->vr = vr;
  cli *c = s->m.c;
  if (!cli_flag(c, "create", NULL)) {
    publish_now(s);
    return;
  }
  januv_videoroom_room_options o;
  januv_videoroom_room_options_init(&o);
  o.room = s->room;
  o.description = cli_flag(c, "description", NULL);
  o.secret = cli_flag(c, "secret", NULL);
  o.pin = cli_flag(c, "pin", NULL);
  o.admin_key = cli_flag(c, "admin-key", NULL);
  int rc = januv_videoroom_create(vr, &o, on_created, s);
  if (rc) cli_media_fail(&s->m, CLI_USAGE, "create", januv_strerror(rc));
}

static void pub_on_session(cli_media *m) {
  pub_state *s = m->data;
  static const januv_videoroom_callbacks cbs = {.on_event = pub_on_event, .on_handle_event = pub_on_handle_event};
  int rc = januv_videoroom_attach(m->session, &cbs, pub_on_attached, s);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

static int publish(cli *c, const char *url) {
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  pub_state s;
  memset(&s, 0, sizeof s);
  s.room = cli_plugin_id(c, cli_flag(c, "room", ""));
  s.m.on_session = pub_on_session;
  s.m.describe = pub_describe;
  s.m.media_ok = pub_media_ok;
  s.m.data = &s;
  return cli_media_run(&s.m, c, seconds, url);
}

/* ---- record: one subscription and one recording peer per publisher ---- */

#define MAX_FEEDS 16

typedef struct rec_state rec_state;

typedef struct rec_feed {
  rec_state *r;
  char id[64];
  januv_id fid;
  char display[64];
  bool video, audio;
  januv_videoroom *vr;
  januv_peer *peer;
  char path[1024];
  bool recording, got_media, left; /* got_media: decoded something, ever; left: unpublished */
} rec_feed;

/* The feeds' peers are the run's own (m.peer stays NULL). */
struct rec_state {
  cli_media m;
  januv_videoroom *vr;
  januv_id room;
  const char *feed, *out;
  rec_feed feeds[MAX_FEEDS];
  int nfeeds;
};

/* Counts what the feed's peer decoded (before it closes: the counters go with it). */
static void note_media(rec_feed *f) {
  januv_media_counters mc;
  januv_peer_counters(f->peer, &mc);
  if (mc.video_frames + mc.audio_buffers > 0) f->got_media = true;
}

static void on_feed_peer_closed(januv_peer *p, void *data) {
  (void)p;
  rec_feed *f = data;
  f->peer = NULL;
  if (f->recording) printf("saved %s\n", f->path);
  fflush(stdout);
  /* A feed that left closes alone (its subscription too); the others keep recording. */
  if (f->r->m.stopping) {
    cli_media_teardown(&f->r->m);
  } else if (f->vr) {
    januv_videoroom_detach(f->vr, NULL, NULL);
    f->vr = NULL;
  }
}

/* Their files are finalized before their close callbacks. */
static bool rec_close_peers(cli_media *m) {
  rec_state *r = (rec_state *)m;
  bool waiting = false;
  for (int i = 0; i < r->nfeeds; i++) {
    rec_feed *f = &r->feeds[i];
    if (!f->peer) continue;
    if (!januv_peer_closing(f->peer)) note_media(f);
    if (!januv_peer_closing(f->peer) && januv_peer_close(f->peer, on_feed_peer_closed, f) != 0) f->peer = NULL;
    else waiting = true;
  }
  return waiting;
}

static bool rec_summary(cli_media *m) {
  const rec_state *r = (const rec_state *)m;
  int recorded = 0;
  for (int i = 0; i < r->nfeeds; i++) recorded += r->feeds[i].got_media;
  printf("summary: %u s, %d feeds recorded\n", m->elapsed, recorded);
  return recorded > 0;
}

static void rec_progress(cli_media *m) {
  rec_state *r = (rec_state *)m;
  for (int i = 0; i < r->nfeeds; i++) {
    rec_feed *f = &r->feeds[i];
    if (!f->peer || !f->recording || januv_peer_closing(f->peer)) continue;
    januv_media_counters mc;
    januv_peer_counters(f->peer, &mc);
    if (mc.video_frames + mc.audio_buffers > 0) f->got_media = true;
    printf("[%3us] feed %-12s %-12s video %5llu frames  audio %5llu buffers\n", m->elapsed, f->id,
           januv_peer_state_name(januv_peer_get_state(f->peer)), (unsigned long long)mc.video_frames,
           (unsigned long long)mc.audio_buffers);
  }
}

static void on_subscribed(const januv_reply *reply, const januv_videoroom_event *ev, void *data) {
  (void)ev;
  rec_feed *f = data;
  if (reply->status) {
    cli_err(f->r->m.c, "feed %s: subscribe: %s", f->id, reply->reason);
    return;
  }
  f->recording = true;
  printf("recording feed %s (%s) to %s\n", f->id, f->display[0] ? f->display : "-", f->path);
  fflush(stdout);
}

static void rec_peer_log(januv_log_level level, const char *msg, void *data) {
  rec_feed *f = data;
  fprintf(stderr, "%s: [media %d feed %s] %s\n", f->r->m.c->prog, (int)level, f->id, msg);
}

static void on_feed_attached(januv_videoroom *vr, const januv_reply *reply, void *data) {
  rec_feed *f = data;
  rec_state *r = f->r;
  cli *c = r->m.c;
  if (!vr) {
    cli_err(c, "feed %s: attach: %s", f->id, reply->reason);
    return;
  }
  f->vr = vr;
  if (r->m.stopping) return;
  if (f->left) { /* it left while we attached */
    januv_videoroom_detach(vr, NULL, NULL);
    f->vr = NULL;
    return;
  }
  januv_peer_options o;
  januv_peer_options_init(&o);
  /* RECVONLY tracks of the feed's kinds: the recorder muxes one branch per track. */
  if (f->video) januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_RECVONLY);
  if (f->audio) januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_RECVONLY);
  o.record_path = f->path;
  cli_media_peer_options(&r->m, &o, rec_peer_log, f);
  int rc = januv_peer_new(&c->loop, &o, NULL, f, &f->peer);
  if (rc) {
    cli_media_fail(&r->m, CLI_NO_MEDIA, "media", januv_strerror(rc));
    return;
  }
  januv_videoroom_stream_ref ref = {.feed = f->fid};
  januv_videoroom_subscribe_options so;
  januv_videoroom_subscribe_options_init(&so);
  so.room = r->room;
  so.streams = &ref;
  so.nstreams = 1;
  rc = januv_videoroom_subscribe(vr, f->peer, &so, on_subscribed, f);
  if (rc) cli_err(c, "feed %s: subscribe: %s", f->id, januv_strerror(rc));
}

static void start_feed(rec_state *r, const januv_videoroom_publisher *p) {
  cli *c = r->m.c;
  char id[64];
  januv_id_format(p->id, id, sizeof id);
  if (strcmp(r->feed, "all") && strcmp(r->feed, id)) return;
  int again = 0; /* a publisher that left and came back: recorded again, to a file of its own */
  for (int i = 0; i < r->nfeeds; i++)
    if (!strcmp(r->feeds[i].id, id)) {
      if (!r->feeds[i].left) return; /* still recorded */
      again++;
    }
  if (r->nfeeds >= MAX_FEEDS) {
    cli_err(c, "feed %s: more than %d feeds, not recorded", id, MAX_FEEDS);
    return;
  }
  rec_feed *f = &r->feeds[r->nfeeds++];
  memset(f, 0, sizeof *f);
  f->r = r;
  snprintf(f->id, sizeof f->id, "%s", id);
  f->fid = p->id.str ? januv_id_str(f->id) : p->id;
  snprintf(f->display, sizeof f->display, "%s", p->display ? p->display : "");
  for (size_t i = 0; i < p->nstreams; i++) {
    const januv_videoroom_stream *st = &p->streams[i];
    if (st->disabled || !st->type) continue;
    if (!strcmp(st->type, "video")) f->video = true;
    if (!strcmp(st->type, "audio")) f->audio = true;
  }
  /* a feed id may be any string: keep the file name tame */
  char name[64];
  snprintf(name, sizeof name, "%s", id);
  for (char *q = name; *q; q++)
    if (*q == '/' || *q == '.' || *q == ' ') *q = '_';
  if (again)
    snprintf(f->path, sizeof f->path, "%s/feed-%s-%d.mkv", r->out, name, again + 1);
  else
    snprintf(f->path, sizeof f->path, "%s/feed-%s.mkv", r->out, name);
  if (!f->video && !f->audio) {
    cli_err(c, "feed %s: no audio or video stream", id);
    return;
  }
  static const januv_videoroom_callbacks cbs = {0};
  if (januv_videoroom_attach(r->m.session, &cbs, on_feed_attached, f) != 0) cli_err(c, "feed %s: attach failed", id);
}

static void rec_on_event(januv_videoroom *vr, const januv_videoroom_event *ev, void *data) {
  (void)vr;
  rec_state *r = data;
  if (r->m.stopping) return;
  if (ev->type == JANUV_VIDEOROOM_PUBLISHERS) {
    for (size_t i = 0; i < ev->npublishers; i++) start_feed(r, &ev->publishers[i]);
  } else if (ev->type == JANUV_VIDEOROOM_UNPUBLISHED && !ev->self) {
    char id[64];
    januv_id_format(ev->id, id, sizeof id);
    for (int i = 0; i < r->nfeeds; i++) {
      rec_feed *f = &r->feeds[i];
      if (strcmp(f->id, id) || f->left) continue;
      printf("feed %s left\n", id);
      f->left = true;
      if (!f->peer || januv_peer_closing(f->peer)) continue;
      note_media(f);
      if (januv_peer_close(f->peer, on_feed_peer_closed, f) != 0) f->peer = NULL; /* finalizes its file */
    }
  } else if (ev->type == JANUV_VIDEOROOM_DESTROYED) {
    printf("the room was destroyed\n");
    cli_media_finish(&r->m);
  }
  fflush(stdout);
}

static void on_rec_joined(const januv_reply *reply, const januv_videoroom_event *ev, void *data) {
  rec_state *r = data;
  if (!cli_media_reply_ok(&r->m, "join", reply)) return;
  char room[64];
  printf("joined room %s, %zu publishers\n", januv_id_format(r->room, room, sizeof room), ev->npublishers);
  fflush(stdout);
  for (size_t i = 0; i < ev->npublishers; i++) start_feed(r, &ev->publishers[i]);
  cli_media_started(&r->m);
}

static void on_rec_attached(januv_videoroom *vr, const januv_reply *reply, void *data) {
  rec_state *r = data;
  if (!cli_media_reply_ok(&r->m, "attach", reply)) return;
  r->vr = vr;
  cli *c = r->m.c;
  januv_videoroom_join_options j = {.room = r->room, .display = cli_flag(c, "display", "januv-recorder"),
                                    .pin = cli_flag(c, "pin", NULL), .token = cli_flag(c, "token", NULL)};
  int rc = januv_videoroom_join(vr, &j, on_rec_joined, r);
  if (rc) cli_media_fail(&r->m, CLI_USAGE, "join", januv_strerror(rc));
}

static void rec_on_session(cli_media *m) {
  static const januv_videoroom_callbacks cbs = {.on_event = rec_on_event};
  int rc = januv_videoroom_attach(m->session, &cbs, on_rec_attached, m);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

static int record(cli *c, const char *url) {
  if (!JANUV_HAVE_MEDIA) {
    cli_err(c, "videoroom record: %s", januv_strerror(JANUV_ENOMEDIA));
    return CLI_NO_MEDIA;
  }
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  rec_state r;
  memset(&r, 0, sizeof r);
  r.room = cli_plugin_id(c, cli_flag(c, "room", ""));
  r.feed = cli_flag(c, "feed", "all");
  r.out = cli_flag(c, "out", NULL);
  if (!r.out) {
    cli_err(c, "videoroom record: --out DIR is required");
    return CLI_USAGE;
  }
  if (mkdir(r.out, 0755) != 0 && errno != EEXIST) {
    cli_err(c, "videoroom record: %s: %s", r.out, strerror(errno));
    return CLI_USAGE;
  }
  r.m.on_session = rec_on_session;
  r.m.own_progress = rec_progress;
  r.m.summary = rec_summary;
  r.m.close_peers = rec_close_peers;
  return cli_media_run(&r.m, c, seconds, url);
}

int cmd_videoroom(cli *c) {
  const char *action = c->argv[0];
  if (c->argc != 2) {
    cli_err(c, "videoroom %s wants URL", action);
    return CLI_USAGE;
  }
  if (!cli_flag(c, "room", NULL)) {
    cli_err(c, "videoroom: --room R is required");
    return CLI_USAGE;
  }
  if (!strcmp(action, "publish")) return publish(c, c->argv[1]);
  if (!strcmp(action, "record")) return record(c, c->argv[1]);
  cli_err(c, "videoroom: the action is publish or record");
  return CLI_USAGE;
}
