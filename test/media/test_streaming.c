/* Streaming with media against the real Janus on loopback: RTP mountpoints (one from the static config,
 * one created at runtime) fed by gst-launch-1.0 pipelines sending VP8 and Opus to 127.0.0.1 (started and
 * stopped by PID), watched by a januv_peer that decodes what Janus relays: frames counted, switch between
 * mountpoints, pause and start, per-stream configure, the stopped event when the mountpoint goes away; file
 * mountpoints (live and ondemand: a-law, mu-law, Ogg Opus) from files the test writes. */
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gst/gst.h>

#include "party.h"

#define LIMIT_MS 20000
#define STATIC_ID 1
#define CREATED_ID 2
#define FILE_ID 5
#define RTSP_ID 6

static jfx *janus;
static unsigned short static_ports[2]; /* video, audio of the static mountpoint */

/* ---- feeders: gst-launch-1.0 sending RTP to 127.0.0.1 ---- */

static pid_t feeder_start(unsigned vport, unsigned aport, const char *pattern, int freq) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd,
           "exec gst-launch-1.0 -q videotestsrc is-live=true pattern=%s ! "
           "video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=30 cpu-used=8 ! "
           "rtpvp8pay pt=96 picture-id-mode=15-bit ! udpsink host=127.0.0.1 port=%u "
           "audiotestsrc is-live=true freq=%d ! audio/x-raw,rate=48000,channels=2 ! opusenc ! rtpopuspay pt=111 ! "
           "udpsink host=127.0.0.1 port=%u >/dev/null 2>&1",
           pattern, vport, freq, aport);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static void feeder_stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGINT);
  for (int i = 0; i < 200; i++) {
    if (waitpid(pid, NULL, WNOHANG) == pid) return;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

/* ---- the viewer ---- */

typedef struct viewer {
  t_party p; /* first: the callbacks' data */
  int watched, watch_status, watch_code;
  char watch_status_text[32];
  int events[JANUV_STREAMING_OTHER + 1];
} viewer;

static void on_event(januv_streaming *st, const januv_streaming_event *ev, void *data) {
  (void)st;
  viewer *v = data;
  v->events[ev->type]++;
  fprintf(stderr, "  event: %s\n", januv_streaming_event_name(ev->type));
}

static void on_watched(const januv_reply *r, void *data) {
  viewer *v = data;
  v->watched++;
  v->watch_status = r->status;
  v->watch_code = r->plugin_code;
  januv_streaming_event ev;
  januv_streaming_event_parse(r->data, &ev);
  snprintf(v->watch_status_text, sizeof v->watch_status_text, "%s", r->data ? januv_streaming_event_name(ev.type) : "");
  if (r->status) fprintf(stderr, "  watch: %s\n", r->reason);
}

static bool viewer_open(viewer *v, uv_loop_t *loop) {
  memset(v, 0, sizeof *v);
  static const januv_streaming_callbacks cbs = {.on_event = on_event};
  return t_party_open(&v->p, loop, jfx_url(janus, "ws"), "viewer") && t_attach_streaming(&v->p, &cbs);
}

/* A receive-only peer: one video and one audio track. */
static bool viewer_peer(viewer *v) {
  januv_peer_options o;
  t_party_peer_options(&v->p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_RECVONLY);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_RECVONLY);
  return t_party_peer(&v->p, &o, NULL);
}

static uint64_t frames(viewer *v) { return t_frames(v->p.peer, NULL); }

static uint64_t audio(viewer *v) {
  januv_media_counters c;
  januv_peer_counters(v->p.peer, &c);
  return c.audio_buffers;
}

/* Frames decoded during ms. */
static uint64_t frames_in(viewer *v, uint32_t ms) { return t_frames_during(v->p.loop, v->p.peer, NULL, ms); }

typedef struct created {
  int calls, status;
  int ports[4];
  size_t n;
} created;

static void on_created(const januv_reply *r, const januv_streaming_mountpoint *mp, void *data) {
  created *c = data;
  c->calls++;
  c->status = r->status;
  if (r->status) fprintf(stderr, "  create: %s\n", r->reason);
  for (size_t i = 0; mp && i < mp->nmedia && i < 4; i++) c->ports[i] = mp->media[i].port;
  c->n = mp ? mp->nmedia : 0;
}

/* Creates mountpoint CREATED_ID like the static one, on ports Janus picks; returns them. */
static bool create_second(viewer *v, created *c) {
  januv_streaming_stream_options s[2];
  januv_streaming_stream_options_init(&s[0]);
  januv_streaming_stream_options_init(&s[1]);
  s[0].type = "video", s[0].mid = "v", s[0].pt = 96, s[0].codec = "vp8", s[0].iface = "127.0.0.1";
  s[1].type = "audio", s[1].mid = "a", s[1].pt = 111, s[1].codec = "opus", s[1].iface = "127.0.0.1";
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.id = januv_id_num(CREATED_ID);
  o.description = "created";
  o.media = s;
  o.nmedia = 2;
  memset(c, 0, sizeof *c);
  return januv_streaming_create(v->p.st, &o, on_created, c) == 0 && t_wait_count(v->p.loop, &c->calls, 1, LIMIT_MS) &&
         c->status == 0 && c->n == 2 && c->ports[0] > 0 && c->ports[1] > 0;
}

/* ---- cases ---- */

/* Watch the static mountpoint: >= 100 frames in 5 s; switch to the created one (then the first feeder stops):
 * media keeps flowing; pause and start; configure a stream off and on; destroying the mountpoint stops us. */
static void streaming_watch_switch(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  viewer v;
  CHECK(viewer_open(&v, &loop));
  created c;
  CHECK(create_second(&v, &c));
  pid_t feed1 = feeder_start(static_ports[0], static_ports[1], "ball", 440);
  pid_t feed2 = feeder_start((unsigned)c.ports[0], (unsigned)c.ports[1], "smpte", 880);
  CHECK(feed1 > 0 && feed2 > 0);
  CHECK(viewer_peer(&v));
  januv_streaming_watch_options wo;
  januv_streaming_watch_options_init(&wo);
  CHECK(januv_streaming_watch(v.p.st, v.p.peer, januv_id_num(STATIC_ID), &wo, on_watched, &v) == 0);
  CHECK(t_wait_count(&loop, &v.watched, 1, LIMIT_MS));
  CHECK_EQ_INT(v.watch_status, 0);
  CHECK_EQ_STR(v.watch_status_text, "preparing");
  CHECK(t_wait_count(&loop, &v.p.connected, 1, LIMIT_MS));
  uint64_t t0 = uv_now(&loop);
  CHECK(t_wait_count(&loop, &v.events[JANUV_STREAMING_STARTED], 1, LIMIT_MS));
  t_run_for(&loop, (uint32_t)(5000 - (uv_now(&loop) - t0 < 5000 ? uv_now(&loop) - t0 : 5000)));
  uint64_t n5 = frames(&v);
  fprintf(stderr, "  static mountpoint: %llu frames, %llu audio buffers decoded in 5 s after connecting\n",
          (unsigned long long)n5, (unsigned long long)audio(&v));
  CHECK(n5 >= 100);
  CHECK(audio(&v) > 0);
  CHECK_EQ_INT(v.p.video_tracks, 1);
  CHECK_EQ_INT(v.p.audio_tracks, 1);
  /* Switch; then the first feeder goes away: what still comes is from the created mountpoint. */
  t_reply r = {0};
  T_REPLY_OK(&loop, r, januv_streaming_switch(v.p.st, januv_id_num(CREATED_ID), t_reply_cb, &r));
  januv_streaming_event ev;
  januv_streaming_event_parse(r.data, &ev);
  CHECK_EQ_INT(ev.type, JANUV_STREAMING_SWITCHED);
  CHECK(januv_id_equal(ev.id, januv_id_num(CREATED_ID)));
  t_reply_clear(&r);
  feeder_stop(feed1);
  feed1 = 0;
  t_run_for(&loop, 1000); /* the decoder waits for a keyframe of the new source */
  uint64_t after = frames_in(&v, 3000);
  fprintf(stderr, "  after the switch: %llu frames in 3 s\n", (unsigned long long)after);
  CHECK(after >= 45);
  /* pause: nothing comes; start: it comes again. */
  T_REPLY_OK(&loop, r, januv_streaming_pause(v.p.st, t_reply_cb, &r));
  januv_streaming_event_parse(r.data, &ev);
  CHECK_EQ_INT(ev.type, JANUV_STREAMING_PAUSING);
  t_reply_clear(&r);
  t_run_for(&loop, 500);
  uint64_t paused = frames_in(&v, 1500);
  T_REPLY_OK(&loop, r, januv_streaming_start(v.p.st, t_reply_cb, &r));
  januv_streaming_event_parse(r.data, &ev);
  CHECK(ev.type == JANUV_STREAMING_STARTED || ev.type == JANUV_STREAMING_STARTING);
  t_reply_clear(&r);
  t_run_for(&loop, 1000);
  uint64_t resumed = frames_in(&v, 2000);
  fprintf(stderr, "  paused: %llu frames in 1.5 s; resumed: %llu in 2 s\n", (unsigned long long)paused,
          (unsigned long long)resumed);
  CHECK(paused <= 2);
  CHECK(resumed >= 30);
  /* configure: the video stream off (audio goes on), then on again. */
  januv_streaming_configure_options co;
  januv_streaming_configure_options_init(&co);
  co.mid = "v";
  co.send = 0;
  T_REPLY_OK(&loop, r, januv_streaming_configure(v.p.st, &co, t_reply_cb, &r));
  t_reply_clear(&r);
  t_run_for(&loop, 500);
  uint64_t a0 = audio(&v);
  uint64_t off = frames_in(&v, 1500);
  uint64_t a1 = audio(&v);
  co.send = 1;
  T_REPLY(&loop, r, januv_streaming_configure(v.p.st, &co, t_reply_cb, &r));
  t_reply_clear(&r);
  t_run_for(&loop, 1000);
  uint64_t on = frames_in(&v, 2000);
  fprintf(stderr, "  video off: %llu frames (audio +%llu); on again: %llu frames in 2 s\n", (unsigned long long)off,
          (unsigned long long)(a1 - a0), (unsigned long long)on);
  CHECK(off <= 2);
  CHECK(a1 - a0 >= 25);
  CHECK(on >= 30);
  /* The mountpoint goes away: Janus tells us and hangs up. */
  T_REPLY_OK(&loop, r, januv_streaming_destroy(v.p.st, januv_id_num(CREATED_ID), NULL, -1, t_reply_cb, &r));
  t_reply_clear(&r);
  CHECK(t_wait_count(&loop, &v.events[JANUV_STREAMING_STOPPED], 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &v.p.hangups, 1, LIMIT_MS));
  feeder_stop(feed2);
  CHECK(t_party_close(&v.p));
  CHECK(t_loop_close(&loop, 5000));
}

/* A wrong PIN, a mountpoint that does not exist; then watch and stop (the handle watches again). */
static void streaming_errors_and_stop(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  viewer v;
  CHECK(viewer_open(&v, &loop));
  januv_streaming_stream_options s;
  januv_streaming_stream_options_init(&s);
  s.type = "video", s.mid = "v", s.pt = 96, s.codec = "vp8";
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.id = januv_id_num(3);
  o.pin = "4321";
  o.media = &s;
  o.nmedia = 1;
  created c = {0};
  CHECK(januv_streaming_create(v.p.st, &o, on_created, &c) == 0);
  CHECK(t_wait_count(&loop, &c.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(c.status, 0);
  pid_t feed = feeder_start((unsigned)c.ports[0], 9 /* discard */, "snow", 440);
  CHECK(viewer_peer(&v));
  januv_streaming_watch_options wo;
  januv_streaming_watch_options_init(&wo);
  wo.pin = "bad";
  CHECK(januv_streaming_watch(v.p.st, v.p.peer, januv_id_num(3), &wo, on_watched, &v) == 0);
  CHECK(t_wait_count(&loop, &v.watched, 1, LIMIT_MS));
  CHECK_EQ_INT(v.watch_status, JANUV_EPLUGIN);
  CHECK_EQ_INT(v.watch_code, JANUV_STREAMING_ERR_UNAUTHORIZED);
  CHECK(januv_streaming_watch(v.p.st, v.p.peer, januv_id_num(404), NULL, on_watched, &v) == 0);
  CHECK(t_wait_count(&loop, &v.watched, 2, LIMIT_MS));
  CHECK_EQ_INT(v.watch_code, JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT);
  wo.pin = "4321";
  const char *mids[] = {"v"};
  wo.media = mids;
  wo.nmedia = 1;
  CHECK(januv_streaming_watch(v.p.st, v.p.peer, januv_id_num(3), &wo, on_watched, &v) == 0);
  CHECK(t_wait_count(&loop, &v.watched, 3, LIMIT_MS));
  CHECK_EQ_INT(v.watch_status, 0);
  CHECK(t_wait_count(&loop, &v.p.connected, 1, LIMIT_MS));
  CHECK(t_wait_frames(&loop, v.p.peer, NULL, 10, 5000));
  t_reply r = {0};
  T_REPLY_OK(&loop, r, januv_streaming_stop(v.p.st, t_reply_cb, &r));
  januv_streaming_event ev;
  januv_streaming_event_parse(r.data, &ev);
  CHECK_EQ_INT(ev.type, JANUV_STREAMING_STOPPING);
  t_reply_clear(&r);
  CHECK(t_wait_count(&loop, &v.p.hangups, 1, LIMIT_MS));
  feeder_stop(feed);
  T_REPLY(&loop, r, januv_streaming_destroy(v.p.st, januv_id_num(3), NULL, -1, t_reply_cb, &r));
  t_reply_clear(&r);
  CHECK(t_party_close(&v.p));
  CHECK(t_loop_close(&loop, 5000));
}

/* Creates mountpoint o->id and watches it with a peer without tracks of its own (it takes whatever codecs Janus
 * offers), until the PeerConnection is up. */
static bool create_and_watch(viewer *v, const januv_streaming_create_options *o) {
  created c = {0};
  if (januv_streaming_create(v->p.st, o, on_created, &c) != 0 || !t_wait_count(v->p.loop, &c.calls, 1, LIMIT_MS) ||
      c.status != 0)
    return false;
  januv_peer_options po;
  t_party_peer_options(&v->p, &po);
  return t_party_peer(&v->p, &po, NULL) && januv_streaming_watch(v->p.st, v->p.peer, o->id, NULL, on_watched, v) == 0 &&
         t_wait_count(v->p.loop, &v->watched, 1, LIMIT_MS) && v->watch_status == 0 &&
         t_wait_count(v->p.loop, &v->p.connected, 1, LIMIT_MS);
}

/* File mountpoints: a-law "live", mu-law and Ogg Opus "ondemand", made from files this test writes; each is
 * watched by a peer without tracks of its own (it takes the codec Janus offers) and its audio decodes. */
static void streaming_file_mountpoints(void) {
  static const struct {
    const char *type, *ext, *encoder, *rtpmap;
  } files[] = {
    {"live", "alaw", "audio/x-raw,format=S16LE,rate=8000,channels=1 ! alawenc", " PCMA/8000"},
    {"ondemand", "mulaw", "audio/x-raw,format=S16LE,rate=8000,channels=1 ! mulawenc", " PCMU/8000"},
    {"ondemand", "opus", "audio/x-raw,rate=48000,channels=2 ! opusenc ! oggmux", " opus/48000/2"},
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[600], desc[1024];
    snprintf(path, sizeof path, "%s/tone.%s", t_tmpdir(), files[i].ext);
    snprintf(desc, sizeof desc, "audiotestsrc num-buffers=300 ! %s ! filesink location=%s", files[i].encoder, path);
    GstElement *writer = t_gst_run(path, desc);
    t_gst_done(writer);
    CHECK(writer != NULL);
    uv_loop_t loop;
    uv_loop_init(&loop);
    viewer v;
    CHECK(viewer_open(&v, &loop));
    januv_streaming_create_options o;
    januv_streaming_create_options_init(&o);
    o.type = files[i].type;
    o.id = januv_id_num(FILE_ID);
    o.filename = path;
    o.audio = 1;
    if (!strcmp(files[i].ext, "opus")) o.audiocodec = "opus", o.audiopt = 111;
    CHECK(create_and_watch(&v, &o));
    const char *offer = januv_peer_remote_sdp(v.p.peer);
    CHECK(offer && strcasestr(offer, files[i].rtpmap));
    januv_media_counters mc;
    CHECK(t_wait_decoded(&loop, v.p.peer, 0, 50, LIMIT_MS, &mc));
    fprintf(stderr, "  %s %s: %llu audio buffers decoded\n", files[i].type, files[i].ext,
            (unsigned long long)mc.audio_buffers);
    t_reply r = {0};
    T_REPLY_OK(&loop, r, januv_streaming_destroy(v.p.st, januv_id_num(FILE_ID), NULL, -1, t_reply_cb, &r));
    t_reply_clear(&r);
    CHECK(t_party_close(&v.p));
    CHECK(t_loop_close(&loop, 5000));
  }
  /* Janus streams no video from a file, and wants a file it can read. */
  uv_loop_t loop;
  uv_loop_init(&loop);
  viewer v;
  CHECK(viewer_open(&v, &loop));
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.type = "live";
  o.filename = "/nonexistent/tone.alaw";
  o.audio = 1;
  created c = {0};
  CHECK(januv_streaming_create(v.p.st, &o, on_created, &c) == 0);
  CHECK(t_wait_count(&loop, &c.calls, 1, LIMIT_MS));
  CHECK_EQ_INT(c.status, JANUV_EPLUGIN);
  char path[600];
  snprintf(path, sizeof path, "%s/tone.alaw", t_tmpdir());
  o.filename = path;
  o.video = 1;
  CHECK(januv_streaming_create(v.p.st, &o, on_created, &c) == 0);
  CHECK(t_wait_count(&loop, &c.calls, 2, LIMIT_MS));
  CHECK_EQ_INT(c.status, JANUV_EPLUGIN);
  CHECK(t_party_close(&v.p));
  CHECK(t_loop_close(&loop, 5000));
}

#ifdef JANUV_TEST_RTSP_SERVER
/* Watches an RTSP mountpoint made on the server at port. */
static void watch_rtsp(int port) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  viewer v;
  CHECK(viewer_open(&v, &loop));
  char url[64];
  snprintf(url, sizeof url, "rtsp://127.0.0.1:%d/test", port);
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.type = "rtsp";
  o.id = januv_id_num(RTSP_ID);
  o.url = url;
  o.rtspiface = "127.0.0.1";
  o.audio = 1, o.audiocodec = "opus", o.audiopt = 111;
  o.video = 1, o.videocodec = "vp8", o.videopt = 96;
  CHECK(create_and_watch(&v, &o));
  januv_media_counters mc;
  CHECK(t_wait_decoded(&loop, v.p.peer, 30, 50, LIMIT_MS, &mc));
  fprintf(stderr, "  rtsp: %llu frames, %llu audio buffers decoded\n", (unsigned long long)mc.video_frames,
          (unsigned long long)mc.audio_buffers);
  t_reply r = {0};
  T_REPLY_OK(&loop, r, januv_streaming_destroy(v.p.st, januv_id_num(RTSP_ID), NULL, -1, t_reply_cb, &r));
  t_reply_clear(&r);
  CHECK(t_party_close(&v.p));
  CHECK(t_loop_close(&loop, 5000));
}
#endif

/* An RTSP mountpoint on our own RTSP server (test/media/rtsp_server.c, on 127.0.0.1): Janus pulls VP8 and Opus
 * from it over RTP and relays them; both decode. The server is stopped on every path. */
static void streaming_rtsp_mountpoint(void) {
#ifndef JANUV_TEST_RTSP_SERVER
  t_skip("built without gstreamer-rtsp-server-1.0 (libgstrtspserver-1.0-dev)");
#else
  int out[2];
  CHECK(pipe(out) == 0);
  pid_t parent = getpid();
  pid_t server = fork();
  if (server == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execl(JANUV_TEST_RTSP_SERVER, JANUV_TEST_RTSP_SERVER, "0", (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  /* "ready PORT", once it listens */
  char line[64] = "";
  size_t len = 0;
  struct pollfd pfd = {.fd = out[0], .events = POLLIN};
  while (server > 0 && len < sizeof line - 1 && !memchr(line, '\n', len) && poll(&pfd, 1, LIMIT_MS) == 1) {
    ssize_t r = read(out[0], line + len, sizeof line - 1 - len);
    if (r <= 0) break;
    len += (size_t)r;
    line[len] = '\0';
  }
  close(out[0]);
  int port = 0;
  if (server > 0 && sscanf(line, "ready %d", &port) == 1 && port > 0)
    watch_rtsp(port);
  else
    t_failf(__FILE__, __LINE__, "the RTSP server did not start (it said \"%s\")", line);
  feeder_stop(server);
#endif
}

int main(int argc, char **argv) {
  t_free_udp_ports(static_ports, 2);
  char id[16], extra[1024];
  snprintf(id, sizeof id, "%d", STATIC_ID);
  t_streaming_static(extra, sizeof extra, id, NULL, static_ports[0], static_ports[1]);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "streaming-media";
  o.streaming_extra = extra;
  static const t_case cases[] = {T_CASE(streaming_watch_switch), T_CASE(streaming_errors_and_stop),
                                 T_CASE(streaming_file_mountpoints), T_CASE(streaming_rtsp_mountpoint)};
  return t_main_media(argc, argv, &o, &janus, NULL, cases, sizeof cases / sizeof cases[0]);
}
