/* M1: EchoTest with 640x480 VP8 at 30 fps and Opus: attach -> webrtcup, attach -> first decoded frame,
 * and the CPU of the whole process against a plain gst-launch-1.0 pipeline doing the same encode and
 * decode (with RTP packetization) without Janus. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

typedef struct med {
  bench *b;
  januv_client *c;
  januv_session *s;
  januv_echotest *et;
  januv_peer *peer;
  uint64_t t_attach, t_webrtcup, t_first_frame;
  uv_timer_t poll;
  bool ready, started_ok, failed, peer_closed, destroyed;
  int err;
  char why[200];
} med;

static void fail(med *m, int err, const char *why) {
  if (m->failed) return;
  m->failed = true;
  m->err = err;
  snprintf(m->why, sizeof m->why, "%s", why);
  m->ready = true;
}

static void on_handle_event(januv_echotest *et, const januv_event *ev, void *data) {
  med *m = data;
  (void)et;
  if (ev->type == JANUV_EVENT_WEBRTCUP && !m->t_webrtcup) m->t_webrtcup = bench_now_ns();
}

static void on_started(const januv_reply *r, void *data) {
  med *m = data;
  if (r->status) fail(m, r->status, r->reason);
}

static void on_poll(uv_timer_t *t) {
  med *m = t->data;
  januv_media_counters k;
  januv_peer_counters(m->peer, &k);
  if (k.video_frames > 0 && !m->t_first_frame) m->t_first_frame = bench_now_ns();
}

static void on_peer_state(januv_peer *p, januv_peer_state st, void *data) {
  med *m = data;
  (void)p;
  if (st == JANUV_PEER_FAILED) fail(m, JANUV_EMEDIA, "ICE/DTLS failed");
}

static void on_attached(januv_echotest *et, const januv_reply *r, void *data) {
  med *m = data;
  if (!et) {
    fail(m, r->status, r->reason);
    return;
  }
  m->et = et;
  januv_peer_options o;
  januv_peer_options_init(&o);
  januv_track_options *v = januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  v->width = 640;
  v->height = 480;
  v->fps = 30;
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  o.loopback_only = true;
  januv_peer_callbacks pc = {.on_state = on_peer_state};
  int rc = januv_peer_new(&m->b->loop, &o, &pc, m, &m->peer);
  if (rc) {
    fail(m, rc, "januv_peer_new");
    return;
  }
  uv_timer_start(&m->poll, on_poll, 5, 5);
  rc = januv_echotest_start(et, m->peer, NULL, on_started, m);
  if (rc) fail(m, rc, "januv_echotest_start");
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  med *m = data;
  if (!s) {
    fail(m, r->status, r->reason);
    return;
  }
  m->s = s;
  m->t_attach = bench_now_ns();
  januv_echotest_callbacks cbs = {.on_handle_event = on_handle_event};
  int rc = januv_echotest_attach(s, &cbs, on_attached, m);
  if (rc) fail(m, rc, "januv_echotest_attach");
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  ((med *)data)->peer_closed = true;
}

static void on_destroyed(const januv_reply *r, void *data) {
  (void)r;
  ((med *)data)->destroyed = true;
}

/* CPU seconds of the same encode/decode in a plain gst-launch-1.0, for the same duration. */
static double plain_pipeline_cpu(unsigned seconds) {
  char frames[32], buffers[32];
  snprintf(frames, sizeof frames, "num-buffers=%u", seconds * 30);
  snprintf(buffers, sizeof buffers, "num-buffers=%u", seconds * 100); /* 10 ms audio buffers */
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", 1);
    if (devnull >= 0) {
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
    execlp("gst-launch-1.0", "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", frames, "!",
           "video/x-raw,width=640,height=480,framerate=30/1", "!", "queue", "!", "videoconvert", "!", "vp8enc",
           "deadline=1", "keyframe-max-dist=30", "target-bitrate=500000", "cpu-used=4", "!", "rtpvp8pay", "!",
           "rtpvp8depay", "!", "vp8dec", "!", "videoconvert", "!", "fakesink", "audiotestsrc", "is-live=true",
           buffers, "!", "audioconvert", "!", "audioresample", "!", "opusenc", "!", "rtpopuspay", "!",
           "rtpopusdepay", "!", "opusdec", "!", "fakesink", (char *)NULL);
    _exit(127);
  }
  if (pid < 0) return -1;
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         (double)ru.ru_stime.tv_usec / 1e6;
}

int bench_media(bench *b, const char *url, const char *label) {
  if (!JANUV_HAVE_MEDIA) {
    bench_log(b, "M1 skipped: januv was built without media");
    return -1;
  }
  med m = {.b = b};
  m.c = bench_client(b, url, NULL);
  if (!m.c) return -1;
  uv_timer_init(&b->loop, &m.poll);
  m.poll.data = &m;
  double cpu0 = bench_cpu_seconds();
  if (januv_session_create(m.c, NULL, on_created, &m) != 0) fail(&m, JANUV_ENOMEM, "create");
  bench_run_for(b, b->media_s * 1000);
  double cpu = bench_cpu_seconds() - cpu0;
  januv_media_counters k = {0};
  if (m.peer) januv_peer_counters(m.peer, &k);
  uv_timer_stop(&m.poll);
  uv_close((uv_handle_t *)&m.poll, NULL);
  if (m.peer && januv_peer_close(m.peer, on_peer_closed, &m) == 0) bench_run_until(b, &m.peer_closed);
  if (m.s && januv_session_destroy(m.s, on_destroyed, &m) == 0) bench_run_until(b, &m.destroyed);
  bench_client_close(b, m.c);
  double plain = plain_pipeline_cpu(b->media_s);
  bench_result r;
  bench_result_init(&r, "M1-media", label);
  if (m.failed || !m.t_webrtcup || !m.t_first_frame) {
    r.ok = false;
    snprintf(r.note, sizeof r.note, "%s", m.failed ? m.why : "no webrtcup or no decoded frame");
  }
  bench_metric(&r, "attach_to_webrtcup_ms", m.t_webrtcup ? (double)(m.t_webrtcup - m.t_attach) / 1e6 : -1, "ms");
  bench_metric(&r, "attach_to_first_frame_ms",
               m.t_first_frame ? (double)(m.t_first_frame - m.t_attach) / 1e6 : -1, "ms");
  bench_metric(&r, "frames", (double)k.video_frames, "");
  bench_metric(&r, "audio_buffers", (double)k.audio_buffers, "");
  bench_metric(&r, "cpu_s", cpu, "s");
  bench_metric(&r, "plain_gst_cpu_s", plain, "s");
  bench_metric(&r, "overhead_pct", plain > 0 ? (cpu / plain - 1) * 100 : -1, "%");
  bench_report(b, &r);
  return 0;
}
