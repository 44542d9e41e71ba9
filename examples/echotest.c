/*
 * echotest.c - real media through Janus's EchoTest plugin: we send a test pattern and a tone, Janus
 * sends them back, we decode them and print stats every second.
 *
 *   ./echotest ws://127.0.0.1:8188 [SECONDS]
 *
 * The januv_peer (januv/media.h) is a WebRTC PeerConnection (GStreamer's webrtcbin) whose callbacks run
 * on our loop; januv_echotest_start() does the signalling: the peer's offer goes to Janus with the
 * request, Janus's answer comes back to the peer, candidates are trickled both ways.
 * Exit status: 0 media came back, 1 a request failed, 2 usage error, 3 no media came back.
 */
#include <januv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct app {
  const char *url;
  januv_client *client;
  januv_session *session;
  januv_peer *peer;
  uv_timer_t timer;
  unsigned seconds, elapsed;
  bool stopping, destroying;
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
  if (a->session) { /* destroying it detaches the EchoTest handle too */
    if (a->destroying) return;
    a->destroying = true;
    int rc = januv_session_destroy(a->session, NULL, NULL);
    if (rc == 0 || rc == JANUV_ECLOSED) return; /* on_session_closed() comes back here */
  }
  januv_client_close(a->client, NULL, NULL); /* the last step: then uv_run() returns */
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  app *a = data;
  a->peer = NULL;
  stop(a, 0);
}

/* The session's last callback: after our destroy (reason 0), or when it ends on its own (connection
 * lost, Janus restarted, ...): then the pointer is gone. */
static void on_session_closed(januv_session *s, int reason, void *data) {
  (void)s;
  app *a = data;
  a->session = NULL;
  if (reason != 0 && !a->stopping) fprintf(stderr, "session ended: %s\n", januv_strerror(reason));
  stop(a, a->stopping ? 0 : 1);
}

static void on_stats(januv_peer *p, int status, const januv_peer_stats *s, void *data) {
  app *a = data;
  if (status != 0 || a->stopping) return; /* s is valid during this call only */
  /* rtt: from RTCP receiver reports, negative until the first one */
  printf("[%2us] %-10s rtt %6.2f ms  up %5.0f kbit/s  down %5.0f kbit/s  decoded %llu frames, %llu audio buffers\n",
         a->elapsed, januv_peer_state_name(januv_peer_get_state(p)), s->total.rtt_ms,
         (double)s->total.send_bitrate / 1000.0, (double)s->total.recv_bitrate / 1000.0,
         (unsigned long long)s->decoded.video_frames, (unsigned long long)s->decoded.audio_buffers);
  if (a->elapsed < a->seconds) return;
  bool ok = s->decoded.video_frames > 0 && s->decoded.audio_buffers > 0;
  printf("summary: %u s, video %llu frames decoded, audio %llu buffers decoded, %llu bytes received, ICE %s -> %s\n",
         a->elapsed, (unsigned long long)s->decoded.video_frames, (unsigned long long)s->decoded.audio_buffers,
         (unsigned long long)s->total.bytes_received, s->local_address, s->remote_address);
  if (!ok) fprintf(stderr, "no media came back\n");
  stop(a, ok ? 0 : 3);
}

/* Every second: ask the peer for its stats (they arrive in on_stats). */
static void on_tick(uv_timer_t *t) {
  app *a = t->data;
  a->elapsed++;
  if (januv_peer_get_stats(a->peer, on_stats, a) != 0) stop(a, 3);
}

/* Janus accepted our offer and its answer is applied: media flows once ICE and DTLS are done. */
static void on_started(const januv_reply *r, void *data) {
  app *a = data;
  if (r->status != 0) {
    fprintf(stderr, "start: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  printf("echotest started: media for %u s\n", a->seconds);
  uv_timer_start(&a->timer, on_tick, 1000, 1000);
}

static void on_handle_event(januv_echotest *et, const januv_event *ev, void *data) {
  (void)et;
  if (ev->type == JANUV_EVENT_WEBRTCUP) printf("webrtcup: Janus's PeerConnection is up\n");
  if (ev->type == JANUV_EVENT_MEDIA)
    printf("Janus %s our %s\n", ev->receiving ? "receives" : "stopped receiving", ev->media ? ev->media : "media");
  if (ev->type == JANUV_EVENT_HANGUP && !((app *)data)->stopping) {
    fprintf(stderr, "hangup: %s\n", ev->reason ? ev->reason : "?");
    stop(data, 1);
  }
}

static void on_peer_error(januv_peer *p, int err, const char *message, void *data) {
  (void)p, (void)err, (void)data;
  fprintf(stderr, "media: %s\n", message);
}

/* A server on this machine: keep ICE on 127.0.0.1 (no other interface, no STUN needed). */
static bool local_url(const char *url) {
  const char *host = strstr(url, "://");
  host = host ? host + 3 : url;
  return !strncmp(host, "127.", 4) || !strncmp(host, "localhost", 9) || !strncmp(host, "[::1]", 5);
}

static void on_attached(januv_echotest *et, const januv_reply *r, void *data) {
  app *a = data;
  if (!et) {
    fprintf(stderr, "attach: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  /* The peer: a video test pattern (VP8) and a tone (Opus), both sent and received. */
  januv_peer_options o;
  januv_peer_options_init(&o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  o.loopback_only = local_url(a->url);
  /* o.ice_servers[0] = "stun://stun.example.org:3478"; for a server behind NAT */
  januv_peer_callbacks pcbs = {.on_error = on_peer_error};
  int rc = januv_peer_new(januv_client_loop(a->client), &o, &pcbs, a, &a->peer);
  if (rc == 0) rc = januv_echotest_start(et, a->peer, NULL, on_started, a);
  if (rc != 0) {
    fprintf(stderr, "media: %s\n", januv_strerror(rc)); /* JANUV_ENOMEDIA: januv built without GStreamer */
    stop(a, 3);
  }
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  app *a = data;
  if (!s) {
    fprintf(stderr, "create: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  a->session = s;
  static const januv_echotest_callbacks cbs = {.on_handle_event = on_handle_event};
  if (januv_echotest_attach(s, &cbs, on_attached, a) != 0) stop(a, 1);
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long seconds = argc == 3 ? strtoul(argv[2], &end, 10) : 10;
  if (argc < 2 || argc > 3 || argv[1][0] == '-' || (end && *end) || seconds == 0) {
    fprintf(stderr, "usage: %s URL [SECONDS]\n"
                    "Sends a test pattern and a tone through janus.plugin.echotest for SECONDS (default 10),\n"
                    "decodes what comes back and prints stats every second.\n", argv[0]);
    return 2;
  }
  uv_loop_t *loop = uv_default_loop();
  app a;
  memset(&a, 0, sizeof a);
  a.url = argv[1];
  a.seconds = (unsigned)seconds;
  uv_timer_init(loop, &a.timer);
  a.timer.data = &a;
  int rc = januv_client_new(loop, argv[1], NULL, &a.client);
  if (rc != 0) {
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  static const januv_session_callbacks scbs = {.on_closed = on_session_closed};
  if ((rc = januv_session_create(a.client, &scbs, on_session, &a)) != 0) {
    fprintf(stderr, "create: %s\n", januv_strerror(rc));
    stop(&a, 1);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return a.status;
}
