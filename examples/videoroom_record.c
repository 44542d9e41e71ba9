/*
 * videoroom_record.c - record every publisher of a VideoRoom, each feed to a WebM file of its own.
 *
 *   ./videoroom_record ws://127.0.0.1:8188 1234 SECONDS [DIR]
 *
 * Joins ROOM as a participant that does not publish, to hear about the publishers there and those who
 * come later. Each feed gets a subscriber handle and a januv_peer with receive-only tracks whose
 * record_path (.webm, .mkv or .mp4) keeps what it decodes: DIR/feed-N.webm. Records for SECONDS from the
 * first frame (or until the room ends). Exit status: 0 recorded, 1 failure, 2 usage, 3 nothing recorded.
 */
#include <januv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FEEDS 16

typedef struct feed {      /* one publisher we record */
  struct app *a;
  char id[64], path[512];  /* copies: what januv hands a callback lives during the callback only */
  januv_id fid;            /* the id to send: numeric, or pointing at id[] */
  bool video, audio;       /* what the publisher sends */
  januv_peer *peer;        /* receives and records; its subscriber handle lives until the client closes */
} feed;

typedef struct app {
  const char *url, *dir;
  januv_client *client;
  januv_session *session;
  januv_id room;
  feed feeds[MAX_FEEDS];
  unsigned nfeeds, seconds, tracks; /* tracks: incoming tracks decoded, all feeds */
  uv_timer_t timer;
  bool stopping;
  int status;
} app;

static void stop(app *a, int status);

static void on_feed_peer_closed(januv_peer *p, void *data) {
  (void)p;
  feed *f = data;
  struct stat st; /* the recorder finished the file before this callback */
  if (stat(f->path, &st) == 0) printf("feed %s: wrote %s (%lld bytes)\n", f->id, f->path, (long long)st.st_size);
  f->peer = NULL;
  if (f->a->stopping) stop(f->a, 0);
}

/* Stops recording a feed: closing the peer finalizes its file. */
static void drop_feed(feed *f) {
  if (f->peer && !januv_peer_closing(f->peer)) januv_peer_close(f->peer, on_feed_peer_closed, f);
}

/* Teardown: every peer first, then the client. */
static void stop(app *a, int status) {
  if (status && !a->status) a->status = status;
  if (!a->stopping) uv_close((uv_handle_t *)&a->timer, NULL);
  a->stopping = true;
  for (unsigned i = 0; i < a->nfeeds; i++)
    if (a->feeds[i].peer) {
      drop_feed(&a->feeds[i]);
      return; /* on_feed_peer_closed() comes back here */
    }
  /* Closing the client closes our session and handles; Janus drops them with the connection. */
  januv_client_close(a->client, NULL, NULL);
}

/* The session's last callback: when the client closes, or when it ends on its own (connection lost). */
static void on_session_closed(januv_session *s, int reason, void *data) {
  (void)s;
  if (!((app *)data)->stopping) fprintf(stderr, "session ended: %s\n", januv_strerror(reason));
  stop(data, ((app *)data)->stopping ? 0 : 1);
}

static void on_time_up(uv_timer_t *t) { stop(t->data, 0); }

/* A feed's peer decoded the first buffer of a track. The clock starts with the first track. */
static void on_track(januv_peer *p, const januv_track_info *t, void *data) {
  (void)p;
  feed *f = data;
  printf("feed %s: receiving %s (%s)\n", f->id, t->kind == JANUV_MEDIA_VIDEO ? "video" : "audio", t->caps);
  if (f->a->tracks++ == 0) uv_timer_start(&f->a->timer, on_time_up, f->a->seconds * 1000ull, 0);
}

static void on_subscribed(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  feed *f = data;
  if (r->status == 0) printf("feed %s: %zu streams, recording to %s\n", f->id, ev->nstreams, f->path);
  else fprintf(stderr, "feed %s: subscribe: %s\n", f->id, r->reason);
  if (r->status != 0) drop_feed(f);
}

/* The feed's handle is attached: a receive-only peer that records, then the subscription (Janus
 * offers, the peer answers, januv sends "start"). */
static void on_feed_attached(januv_videoroom *vr, const januv_reply *r, void *data) {
  feed *f = data;
  if (!vr) fprintf(stderr, "feed %s: attach: %s\n", f->id, r->reason);
  if (!vr || f->a->stopping) return;
  januv_peer_options o;
  januv_peer_options_init(&o);
  if (f->video) januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_RECVONLY);
  if (f->audio) januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_RECVONLY);
  o.record_path = f->path;
  o.loopback_only = strstr(f->a->url, "://127.") || strstr(f->a->url, "://localhost"); /* local: ICE on lo */
  static const januv_peer_callbacks pcbs = {.on_track = on_track};
  januv_videoroom_stream_ref ref = {.feed = f->fid}; /* no mid: every stream of the feed */
  januv_videoroom_subscribe_options so;
  januv_videoroom_subscribe_options_init(&so);
  so.room = f->a->room;
  so.streams = &ref;
  so.nstreams = 1;
  int rc = januv_peer_new(januv_client_loop(f->a->client), &o, &pcbs, f, &f->peer);
  if (rc == 0) rc = januv_videoroom_subscribe(vr, f->peer, &so, on_subscribed, f);
  if (rc != 0) fprintf(stderr, "feed %s: %s\n", f->id, januv_strerror(rc)); /* JANUV_ENOMEDIA: no GStreamer */
  if (rc != 0) drop_feed(f);
}

static void add_feed(app *a, const januv_videoroom_publisher *pub) {
  if (a->stopping || a->nfeeds == MAX_FEEDS) return;
  feed *f = &a->feeds[a->nfeeds++];
  f->a = a;
  januv_id_format(pub->id, f->id, sizeof f->id);
  f->fid = pub->id.str ? januv_id_str(f->id) : pub->id;
  for (size_t i = 0; i < pub->nstreams; i++) { /* "audio", "video" or "data"; maybe disabled */
    const januv_videoroom_stream *st = &pub->streams[i];
    f->video |= !st->disabled && st->type && !strcmp(st->type, "video");
    f->audio |= !st->disabled && st->type && !strcmp(st->type, "audio");
  }
  snprintf(f->path, sizeof f->path, "%s/feed-%u.webm", a->dir, a->nfeeds);
  printf("feed %s (%s) publishes\n", f->id, pub->display ? pub->display : "no name");
  if (januv_videoroom_attach(a->session, NULL, on_feed_attached, f) != 0) a->nfeeds--;
}

/* Our participant handle hears about publishers coming and going, and about the room's end. */
static void on_event(januv_videoroom *vr, const januv_videoroom_event *ev, void *data) {
  (void)vr;
  app *a = data;
  for (size_t i = 0; ev->type == JANUV_VIDEOROOM_PUBLISHERS && i < ev->npublishers; i++)
    add_feed(a, &ev->publishers[i]);
  for (unsigned i = 0; ev->type == JANUV_VIDEOROOM_UNPUBLISHED && !ev->self && i < a->nfeeds; i++)
    if (januv_id_equal(a->feeds[i].fid, ev->id)) drop_feed(&a->feeds[i]); /* closes its file */
  if (ev->type == JANUV_VIDEOROOM_DESTROYED) stop(a, 0);
}

static void on_joined(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  app *a = data;
  if (r->status != 0) fprintf(stderr, "join: %s\n", r->reason); /* e.g. JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM */
  if (r->status != 0) stop(a, 1);
  else printf("joined; %zu publishers so far\n", ev->npublishers);
  for (size_t i = 0; ev && i < ev->npublishers; i++) add_feed(a, &ev->publishers[i]);
}

static void on_attached(januv_videoroom *vr, const januv_reply *r, void *data) {
  app *a = data;
  januv_videoroom_join_options join = {.room = a->room, .display = "januv recorder"};
  if (!vr) fprintf(stderr, "attach: %s\n", r->reason);
  if (!vr || januv_videoroom_join(vr, &join, on_joined, a) != 0) stop(a, 1);
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  app *a = data;
  static const januv_videoroom_callbacks cbs = {.on_event = on_event};
  if (!s) fprintf(stderr, "create session: %s\n", r->reason);
  if (!(a->session = s) || januv_videoroom_attach(s, &cbs, on_attached, a) != 0) stop(a, 1);
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long seconds = argc >= 4 ? strtoul(argv[3], &end, 10) : 0;
  if (argc < 4 || argc > 5 || argv[1][0] == '-' || *end || seconds == 0) {
    fprintf(stderr, "usage: %s URL ROOM SECONDS [DIR]\n"
                    "Records each publisher of VideoRoom ROOM (a number, or a string) to DIR/feed-N.webm\n"
                    "(default DIR: .) for SECONDS from the first frame.\n", argv[0]);
    return 2;
  }
  static app a; /* static: zeroed */
  a.url = argv[1];
  a.dir = argc == 5 ? argv[4] : ".";
  a.seconds = (unsigned)seconds;
  unsigned long long n = strtoull(argv[2], &end, 10); /* digits: a numeric id; otherwise a string id */
  a.room = *argv[2] && !*end && n ? januv_id_num(n) : januv_id_str(argv[2]);
  uv_loop_t *loop = uv_default_loop();
  int rc = januv_client_new(loop, argv[1], NULL, &a.client);
  if (rc != 0) {
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  uv_timer_init(loop, &a.timer);
  a.timer.data = &a;
  static const januv_session_callbacks scbs = {.on_closed = on_session_closed};
  if ((rc = januv_session_create(a.client, &scbs, on_session, &a)) != 0) {
    fprintf(stderr, "create session: %s\n", januv_strerror(rc));
    stop(&a, 1);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return a.status ? a.status : a.tracks ? 0 : 3; /* 3: nothing was recorded */
}
