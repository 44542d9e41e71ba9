#include "party.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#if JANUV_HAVE_MEDIA
#include <gst/gst.h>
#endif

/* ---- parties ---- */

static const char *party_name(const t_party *p) { return p && p->name ? p->name : "peer"; }

bool t_party_open(t_party *p, uv_loop_t *loop, const char *url, const char *name) {
  t_party_init(p, loop, NULL, name);
  p->session = t_open_session(loop, url, &p->client);
  return p->session != NULL;
}

void t_party_init(t_party *p, uv_loop_t *loop, januv_session *session, const char *name) {
  memset(p, 0, sizeof *p);
  p->loop = loop;
  p->session = session;
  p->name = name;
}

static void party_attached(t_party *p, void *handle, const januv_reply *r) {
  p->attached++;
  p->attach_status = r->status;
  p->handle = handle;
  if (!handle) fprintf(stderr, "  %s: attach failed: %s\n", party_name(p), r->reason);
}

static void party_closed(t_party *p, int reason) {
  p->closed++;
  p->close_reason = reason;
  p->handle = NULL;
}

static void party_handle_event(t_party *p, const januv_event *ev) {
  if (ev->type == JANUV_EVENT_WEBRTCUP) p->webrtcup++;
  if (ev->type == JANUV_EVENT_HANGUP) p->hangups++;
}

static bool party_attach_wait(t_party *p, int rc) {
  return rc == 0 && t_wait_count(p->loop, &p->attached, 1, T_LIMIT_MS) && p->handle;
}

/* The typed glue of one plugin: its attach and close callbacks, its detach, and t_attach_<plugin>(). */
#define PARTY_PLUGIN(plugin)                                                                                  \
  static void plugin##_attached(januv_##plugin *h, const januv_reply *r, void *data) {                       \
    party_attached(data, h, r);                                                                               \
  }                                                                                                           \
  static void plugin##_closed(januv_##plugin *h, int reason, void *data) {                                   \
    (void)h;                                                                                                  \
    party_closed(data, reason);                                                                               \
  }                                                                                                           \
  static void plugin##_handle_event(januv_##plugin *h, const januv_event *ev, void *data) {                 \
    (void)h;                                                                                                  \
    party_handle_event(data, ev);                                                                             \
  }                                                                                                           \
  static int plugin##_detach(void *h) { return januv_##plugin##_detach(h, NULL, NULL); }                      \
  bool t_attach_##plugin(t_party *p, const januv_##plugin##_callbacks *cbs) {                                 \
    januv_##plugin##_callbacks c;                                                                             \
    if (cbs)                                                                                                  \
      c = *cbs;                                                                                               \
    else                                                                                                      \
      memset(&c, 0, sizeof c);                                                                                \
    c.on_closed = plugin##_closed;                                                                            \
    c.on_handle_event = plugin##_handle_event;                                                                \
    p->detach = plugin##_detach;                                                                              \
    return party_attach_wait(p, januv_##plugin##_attach(p->session, &c, plugin##_attached, p));               \
  }

PARTY_PLUGIN(audiobridge)
PARTY_PLUGIN(echotest)
PARTY_PLUGIN(recordplay)
PARTY_PLUGIN(sip)
PARTY_PLUGIN(streaming)
PARTY_PLUGIN(textroom)
PARTY_PLUGIN(videocall)
PARTY_PLUGIN(videoroom)

static void party_peer_log(januv_log_level level, const char *msg, void *data) {
  if (t_log_level() >= (int)level) fprintf(stderr, "  [%s %d] %s\n", party_name(data), level, msg);
}

void t_party_peer_options(t_party *p, januv_peer_options *o) {
  januv_peer_options_init(o);
  o->loopback_only = true;
  o->log_cb = party_peer_log;
  o->log_data = p;
  o->log_level = JANUV_LOG_DEBUG;
}

bool t_party_peer(t_party *p, const januv_peer_options *o, const januv_peer_callbacks *cbs) {
  return januv_peer_new(p->loop, o, cbs ? cbs : &t_party_peer_cbs, p, &p->peer) == 0;
}

void t_party_on_state(januv_peer *peer, januv_peer_state st, void *data) {
  (void)peer;
  if (st == JANUV_PEER_CONNECTED) ((t_party *)data)->connected++;
}

void t_party_on_track(januv_peer *peer, const januv_track_info *t, void *data) {
  (void)peer;
  t_party *p = data;
  if (t->kind == JANUV_MEDIA_VIDEO)
    p->video_tracks++;
  else
    p->audio_tracks++;
}

void t_party_on_peer_error(januv_peer *peer, int err, const char *msg, void *data) {
  (void)peer, (void)err;
  t_party *p = data;
  p->peer_errors++;
  fprintf(stderr, "  %s: peer error: %s\n", party_name(p), msg);
}

const januv_peer_callbacks t_party_peer_cbs = {
  .on_state = t_party_on_state, .on_track = t_party_on_track, .on_error = t_party_on_peer_error};

void t_party_peer_closed(januv_peer *peer, void *data) {
  (void)peer;
  t_party *p = data;
  p->peer_closed++;
  p->peer = NULL; /* freed once this returns */
}

bool t_party_close(t_party *p) {
  bool ok = true, had_peer = p->peer || p->peer_closed, had_handle = p->attached && p->attach_status == 0;
  if (p->peer && !januv_peer_closing(p->peer)) ok = januv_peer_close(p->peer, t_party_peer_closed, p) == 0 && ok;
  if (p->handle) ok = p->detach(p->handle) == 0 && ok;
  if (had_peer) ok = t_wait_count(p->loop, &p->peer_closed, 1, T_LIMIT_MS) && ok;
  if (had_handle) ok = t_wait_count(p->loop, &p->closed, 1, T_LIMIT_MS) && ok;
  if (p->client) ok = t_close_session(p->loop, p->client, p->session) && ok;
  t_run_for(p->loop, 50); /* no second close callback */
  if (!ok || (had_peer && p->peer_closed != 1) || (had_handle && p->closed != 1)) {
    fprintf(stderr, "  %s: close: ok %d, peer closed %d, handle closed %d\n", party_name(p), ok, p->peer_closed,
            p->closed);
    return false;
  }
  return true;
}

/* ---- typed replies ---- */

bool t_ask_done(int rc, uv_loop_t *loop, const int *calls, const int *status, const char *reason, const char *what) {
  if (rc != 0) {
    fprintf(stderr, "  %s: %s\n", what, januv_err_name(rc));
    return false;
  }
  if (!t_wait_count(loop, calls, 1, T_LIMIT_MS)) {
    fprintf(stderr, "  %s: no answer\n", what);
    return false;
  }
  if (*status) fprintf(stderr, "  %s: %s\n", what, reason);
  return *status == 0;
}

/* ---- ids ---- */

januv_id t_id(bool str, const char *prefix, uint64_t n) {
  if (!str) return januv_id_num(n);
  static char bufs[64][32];
  static unsigned k;
  char *b = bufs[k++ % 64];
  snprintf(b, sizeof bufs[0], "%s%llu", prefix, (unsigned long long)n);
  return januv_id_str(b);
}

const char *t_id_text(januv_id id) {
  static char bufs[16][64];
  static unsigned k;
  return januv_id_format(id, bufs[k++ % 16], sizeof bufs[0]);
}

januv_id t_id_parse(bool str, const char *text) {
  return str ? januv_id_str(text) : januv_id_num(strtoull(text, NULL, 10));
}

bool t_str_ids(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--ids=str")) return true;
  return false;
}

/* ---- media ---- */

uint64_t t_frames(const januv_peer *peer, const char *mid) {
  if (mid) return januv_peer_track_decoded(peer, mid);
  januv_media_counters c;
  januv_peer_counters(peer, &c);
  return c.video_frames;
}

bool t_wait_frames(uv_loop_t *loop, const januv_peer *peer, const char *mid, uint64_t n, uint32_t ms) {
  uint64_t deadline = uv_now(loop) + ms;
  while (t_frames(peer, mid) < n && uv_now(loop) < deadline) t_run_for(loop, 50);
  return t_frames(peer, mid) >= n;
}

uint64_t t_frames_during(uv_loop_t *loop, const januv_peer *peer, const char *mid, uint32_t ms) {
  uint64_t before = t_frames(peer, mid);
  t_run_for(loop, ms);
  return t_frames(peer, mid) - before;
}

bool t_wait_decoded(uv_loop_t *loop, const januv_peer *peer, uint64_t video, uint64_t audio, uint32_t ms,
                    januv_media_counters *c) {
  uint64_t deadline = uv_now(loop) + ms;
  januv_peer_counters(peer, c);
  while ((c->video_frames < video || c->audio_buffers < audio) && uv_now(loop) < deadline) {
    t_run_for(loop, 100);
    januv_peer_counters(peer, c);
  }
  return c->video_frames >= video && c->audio_buffers >= audio;
}

bool t_wait_file(uv_loop_t *loop, const char *path, long size) {
  struct stat st;
  uint64_t deadline = uv_now(loop) + T_LIMIT_MS;
  while ((stat(path, &st) != 0 || st.st_size < size) && uv_now(loop) < deadline) t_run_for(loop, 100);
  return stat(path, &st) == 0 && st.st_size >= size;
}

/* ---- Janus ---- */

const char *t_tmpdir(void) {
  static char dir[512];
  if (!dir[0]) {
    const char *base = getenv("JANUV_TEST_TMPDIR");
    snprintf(dir, sizeof dir, "%s", base && *base ? base : "/tmp");
    mkdir(dir, 0755);
  }
  return dir;
}

void t_free_udp_ports(unsigned short *ports, int n) {
  int fds[8];
  for (int i = 0; i < n && i < 8; i++) {
    fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    ports[i] = 0;
    if (fds[i] >= 0 && bind(fds[i], (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fds[i], (struct sockaddr *)&sa, &sl) == 0)
      ports[i] = ntohs(sa.sin_port);
  }
  for (int i = 0; i < n && i < 8; i++)
    if (fds[i] >= 0) close(fds[i]);
}

#if JANUV_HAVE_MEDIA
GstElement *t_gst_run(const char *what, const char *desc) {
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch(desc, &err);
  if (!pipe || err) {
    fprintf(stderr, "  %s: %s\n", what, err ? err->message : "cannot build the pipeline");
    if (err) g_error_free(err);
    if (pipe) gst_object_unref(pipe);
    return NULL;
  }
  gst_element_set_state(pipe, GST_STATE_PLAYING);
  GstBus *bus = gst_element_get_bus(pipe);
  GstMessage *m = gst_bus_timed_pop_filtered(bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_object_unref(bus);
  if (m && GST_MESSAGE_TYPE(m) == GST_MESSAGE_EOS) {
    gst_message_unref(m);
    return pipe;
  }
  GError *e = NULL;
  if (m) gst_message_parse_error(m, &e, NULL);
  fprintf(stderr, "  %s: %s\n", what, e ? e->message : "no end of stream within 20 s");
  if (e) g_error_free(e);
  if (m) gst_message_unref(m);
  t_gst_done(pipe);
  return NULL;
}

void t_gst_done(GstElement *pipe) {
  if (!pipe) return;
  gst_element_set_state(pipe, GST_STATE_NULL);
  gst_object_unref(pipe);
}

unsigned long long t_gst_rendered(GstElement *pipe, const char *name) {
  GstElement *e = gst_bin_get_by_name(GST_BIN(pipe), name);
  guint64 n = 0;
  GstStructure *st = NULL;
  if (e) g_object_get(e, "stats", &st, NULL);
  if (st) {
    gst_structure_get_uint64(st, "rendered", &n);
    gst_structure_free(st);
  }
  if (e) gst_object_unref(e);
  return n;
}
#endif

void t_streaming_static(char *buf, size_t len, const char *id, const char *secret, unsigned vport, unsigned aport) {
  char secret_line[128] = "";
  if (secret) snprintf(secret_line, sizeof secret_line, "\tsecret = \"%s\"\n", secret);
  snprintf(buf, len,
           "januv-static: {\n\ttype = \"rtp\"\n\tid = %s\n\tdescription = \"static RTP\"\n%s\tmedia = (\n"
           "\t\t{ type = \"video\" mid = \"v\" port = %u pt = 96 codec = \"vp8\" iface = \"127.0.0.1\" },\n"
           "\t\t{ type = \"audio\" mid = \"a\" port = %u pt = 111 codec = \"opus\" iface = \"127.0.0.1\" }\n\t)\n}\n",
           id, secret_line, vport, aport);
}

int t_main_janus(int argc, char **argv, const jfx_options *o, jfx **janus, uv_loop_t **loop, const t_case *cases,
                 size_t n) {
  if (jfx_start(o, janus) != 0) return 1;
  uv_loop_t l;
  if (loop) {
    uv_loop_init(&l);
    *loop = &l;
  }
  int rc = t_run(argc, argv, cases, n);
  if (loop) {
    if (!t_loop_close(&l, 5000)) rc = 1;
    *loop = NULL;
  }
  if (rc != 0 && rc != 77) jfx_dump_log(*janus, stderr, 8000);
  jfx_free(*janus);
  *janus = NULL;
  return rc;
}

int t_main_media(int argc, char **argv, const jfx_options *o, jfx **janus, uv_loop_t **loop, const t_case *cases,
                 size_t n) {
#if JANUV_HAVE_MEDIA
  gst_init(NULL, NULL);
  int rc = t_main_janus(argc, argv, o, janus, loop, cases, n);
  if (rc == 0 || rc == 77) gst_deinit();
  return rc;
#else
  return t_main_janus(argc, argv, o, janus, loop, cases, n);
#endif
}
