/*
 * videoroom_publish.c - publish a test pattern and a tone in a VideoRoom for N seconds.
 *
 *   ./videoroom_publish ws://127.0.0.1:8188 1234 [SECONDS]
 *
 * Creates room ROOM unless it exists (not permanent: it lasts until Janus restarts), then joins and
 * publishes in one request: januv_videoroom_join_and_publish() sends our peer's offer with
 * "joinandconfigure" and applies Janus's answer. Others in the room see us as a feed (try
 * videoroom_record.c). ROOM is a number, or a string on a server with string_ids = true. Exit status:
 * 0 Janus received our media, 1 a request failed, 2 usage error, 3 no media went through.
 */
#include <januv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct app {
  const char *url;
  januv_client *client;
  januv_session *session;
  januv_videoroom *vr; /* our VideoRoom handle */
  januv_peer *peer;
  uv_timer_t timer;
  januv_id room;
  unsigned seconds, elapsed;
  bool stopping, destroying, janus_receives;
  int status;
} app;

static void on_peer_closed(januv_peer *p, void *data);

/* Teardown, one asynchronous step per call: the timer, the peer, the session, the client. */
static void stop(app *a, int status) {
  if (status && !a->status) a->status = status;
  if (!a->stopping) uv_close((uv_handle_t *)&a->timer, NULL);
  a->stopping = true;
  if (a->peer) {
    if (!januv_peer_closing(a->peer)) januv_peer_close(a->peer, on_peer_closed, a);
    return; /* on_peer_closed() comes back here */
  }
  if (a->session) { /* destroying it detaches our handle: Janus drops our feed */
    if (a->destroying) return;
    a->destroying = true;
    int rc = januv_session_destroy(a->session, NULL, NULL);
    if (rc == 0 || rc == JANUV_ECLOSED) return; /* on_session_closed() comes back here */
  }
  januv_client_close(a->client, NULL, NULL); /* the last step: then uv_run() returns */
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  ((app *)data)->peer = NULL;
  stop(data, 0);
}

/* The session's last callback: after our destroy (reason 0), or when it ends on its own. */
static void on_session_closed(januv_session *s, int reason, void *data) {
  (void)s;
  app *a = data;
  a->session = NULL;
  if (reason != 0 && !a->stopping) fprintf(stderr, "session ended: %s\n", januv_strerror(reason));
  stop(a, a->stopping ? 0 : 1);
}

static void on_stats(januv_peer *p, int status, const januv_peer_stats *s, void *data) {
  app *a = data;
  if (status != 0 || a->stopping) return;
  printf("[%2us] %-10s up %5.0f kbit/s, %llu video and %llu audio packets sent\n", a->elapsed,
         januv_peer_state_name(januv_peer_get_state(p)), (double)s->total.send_bitrate / 1000.0,
         (unsigned long long)s->video.packets_sent, (unsigned long long)s->audio.packets_sent);
  if (a->elapsed < a->seconds) return;
  printf("summary: %u s, %llu bytes sent, Janus %s our media\n", a->elapsed,
         (unsigned long long)s->total.bytes_sent, a->janus_receives ? "received" : "did not receive");
  stop(a, a->janus_receives && s->video.packets_sent > 0 ? 0 : 3);
}

/* Every second: ask the peer for its stats (they arrive in on_stats). */
static void on_tick(uv_timer_t *t) {
  app *a = t->data;
  a->elapsed++;
  if (januv_peer_get_stats(a->peer, on_stats, a) != 0) stop(a, 3);
}

/* The reply to join_and_publish: we are in the room and Janus's answer is applied. */
static void on_joined(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  app *a = data;
  if (r->status != 0) {
    fprintf(stderr, "join and publish: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  char room[64], id[64]; /* januv_id as text: a number or a string */
  printf("joined room %s as feed %s (%zu other publishers); publishing for %u s\n",
         januv_id_format(ev->room, room, sizeof room), januv_id_format(ev->id, id, sizeof id), ev->npublishers,
         a->seconds);
  uv_timer_start(&a->timer, on_tick, 1000, 1000);
}

/* The reply to "create": a new room, or JANUV_VIDEOROOM_ERR_ROOM_EXISTS (fine too). Then publish. */
static void on_created(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  (void)ev;
  app *a = data;
  char room[64];
  januv_id_format(a->room, room, sizeof room);
  if (r->status != 0 && r->plugin_code != JANUV_VIDEOROOM_ERR_ROOM_EXISTS) {
    fprintf(stderr, "create room %s: %s\n", room, r->reason);
    stop(a, 1);
    return;
  }
  if (r->status == 0) printf("created room %s\n", room);
  else printf("room %s exists: joining it\n", room);
  januv_peer_options o; /* two tracks we only send: a test pattern (VP8) and a tone (Opus) */
  januv_peer_options_init(&o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDONLY);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDONLY);
  o.loopback_only = strstr(a->url, "://127.") || strstr(a->url, "://localhost"); /* local Janus: ICE on 127.0.0.1 */
  januv_videoroom_join_options join = {.room = a->room, .display = "januv publisher"}; /* no id: Janus picks */
  int rc = januv_peer_new(januv_client_loop(a->client), &o, NULL, a, &a->peer);
  if (rc == 0) rc = januv_videoroom_join_and_publish(a->vr, &join, a->peer, NULL, on_joined, a);
  if (rc != 0) {
    fprintf(stderr, "publish: %s\n", januv_strerror(rc)); /* JANUV_ENOMEDIA: januv built without GStreamer */
    stop(a, 3);
  }
}

/* Handle events: Janus tells us when it gets our streams, or hangs up. */
static void on_handle_event(januv_videoroom *vr, const januv_event *ev, void *data) {
  (void)vr;
  app *a = data;
  if (ev->type == JANUV_EVENT_WEBRTCUP) printf("webrtcup: Janus's PeerConnection is up\n");
  if (ev->type == JANUV_EVENT_MEDIA) {
    printf("Janus %s our %s\n", ev->receiving ? "receives" : "stopped receiving", ev->media ? ev->media : "media");
    a->janus_receives |= ev->receiving;
  }
  if (ev->type == JANUV_EVENT_HANGUP && !a->stopping) { /* the room was destroyed, we were kicked, ... */
    printf("Janus hung up: %s\n", ev->reason ? ev->reason : "?");
    stop(a, 0);
  }
}

static void on_attached(januv_videoroom *vr, const januv_reply *r, void *data) {
  app *a = data;
  if (!vr) {
    fprintf(stderr, "attach: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  a->vr = vr;
  januv_videoroom_room_options o; /* everything unset (Janus's defaults) but what we set */
  januv_videoroom_room_options_init(&o);
  o.room = a->room;
  o.description = "januv example room";
  if (januv_videoroom_create(vr, &o, on_created, a) != 0) stop(a, 1);
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  app *a = data;
  if (!s) {
    fprintf(stderr, "create session: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  a->session = s;
  static const januv_videoroom_callbacks cbs = {.on_handle_event = on_handle_event};
  if (januv_videoroom_attach(s, &cbs, on_attached, a) != 0) stop(a, 1);
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long seconds = argc == 4 ? strtoul(argv[3], &end, 10) : 10;
  if (argc < 3 || argc > 4 || argv[1][0] == '-' || (end && *end) || seconds == 0) {
    fprintf(stderr, "usage: %s URL ROOM [SECONDS]\n"
                    "Publishes a test pattern and a tone in VideoRoom ROOM (created if missing) for SECONDS\n"
                    "(default 10). ROOM: a number, or a string on a server with string_ids.\n", argv[0]);
    return 2;
  }
  static app a; /* static: zeroed */
  a.url = argv[1];
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
  return a.status;
}
