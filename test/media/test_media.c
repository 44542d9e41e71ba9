/* Media against the real Janus on loopback: januv_peer + EchoTest (media, stats, recorder, data
 * channels, the file player, teardown at every stage), and two peers talking to each other directly
 * (answer role, renegotiation). ICE is 127.0.0.1 only on both sides. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gst/gst.h>

#include "party.h"

#define LIMIT_MS 20000

static jfx *janus;

/* ---- one echo call ---- */

typedef struct call {
  t_party p; /* first: the callbacks' data */
  int started, start_status;
  int done_results;
  char track_caps[2][256];
} call;

static void on_result(januv_echotest *et, const januv_echotest_event *ev, void *data) {
  (void)et;
  call *c = data;
  if (ev->type == JANUV_ECHOTEST_DONE) c->done_results++;
}

static const januv_echotest_callbacks et_cbs = {.on_result = on_result};

static void on_track(januv_peer *p, const januv_track_info *t, void *data) {
  t_party_on_track(p, t, data);
  call *c = data;
  snprintf(c->track_caps[t->kind], sizeof c->track_caps[0], "%s", t->caps);
}

static januv_peer_callbacks peer_cbs = {
  .on_state = t_party_on_state, .on_track = on_track, .on_error = t_party_on_peer_error};

static void on_started(const januv_reply *r, void *data) {
  call *c = data;
  c->started++;
  c->start_status = r->status;
  if (r->status) fprintf(stderr, "  start failed: %s\n", r->reason);
}

/* Client, session and echotest handle. */
static bool call_open(call *c, uv_loop_t *loop) {
  memset(c, 0, sizeof *c);
  return t_party_open(&c->p, loop, jfx_url(janus, "ws"), "echotest") && t_attach_echotest(&c->p, &et_cbs);
}

static bool call_start(call *c, const januv_peer_options *o) {
  if (!t_party_peer(&c->p, o, &peer_cbs)) return false;
  januv_echotest_options eo;
  januv_echotest_options_init(&eo);
  eo.audio = eo.video = 1;
  if (januv_echotest_start(c->p.et, c->p.peer, &eo, on_started, c) != 0) return false;
  return t_wait_count(c->p.loop, &c->started, 1, LIMIT_MS) && c->start_status == 0 &&
         t_wait_count(c->p.loop, &c->p.connected, 1, LIMIT_MS);
}

typedef struct stats_box {
  int calls, status;
  januv_peer_stats s;
} stats_box;

static void on_stats(januv_peer *p, int status, const januv_peer_stats *s, void *data) {
  (void)p;
  stats_box *b = data;
  b->calls++;
  b->status = status;
  if (s) b->s = *s;
}

static bool get_stats(call *c, stats_box *b) {
  int before = b->calls;
  return januv_peer_get_stats(c->p.peer, on_stats, b) == 0 &&
         t_wait_count(c->p.loop, &b->calls, before + 1, LIMIT_MS) && b->status == 0;
}

/* Every c= and candidate address in an SDP is 127.0.0.1 (and there is at least one candidate). */
static bool sdp_loopback_only(const char *sdp, int *ncand) {
  if (!sdp) return false;
  for (const char *l = sdp; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
    if (!strncmp(l, "c=IN IP4 ", 9) && strncmp(l + 9, "127.0.0.1", 9) && strncmp(l + 9, "0.0.0.0", 7)) return false;
    if (!strncmp(l, "a=candidate:", 12)) {
      /* foundation component transport priority address port typ ... */
      char addr[64] = "";
      if (sscanf(l, "a=candidate:%*s %*s %*s %*s %63s", addr) != 1 || strcmp(addr, "127.0.0.1")) {
        fprintf(stderr, "  non-loopback candidate: %.100s\n", l);
        return false;
      }
      (*ncand)++;
    }
  }
  return true;
}

/* Decodes a file with GStreamer and counts decoded video frames (-1: it does not decode); *audio gets the audio
 * buffers. */
static int count_file_frames(const char *path, int *audio) {
  gchar *desc = g_strdup_printf("filesrc location=\"%s\" ! decodebin name=d d. ! video/x-raw ! fakesink name=v "
                                "sync=false d. ! audio/x-raw ! fakesink name=a sync=false",
                                path);
  GstElement *pipe = t_gst_run(path, desc);
  g_free(desc);
  if (!pipe) return -1;
  int frames = (int)t_gst_rendered(pipe, "v");
  *audio = (int)t_gst_rendered(pipe, "a");
  t_gst_done(pipe);
  return frames;
}

/* ---- cases ---- */

/* Test pattern both ways through EchoTest: frames and Opus buffers decoded, stats, recorder, loopback. */
static void echotest_media(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  call c;
  CHECK(call_open(&c, &loop));
  char rec[600];
  snprintf(rec, sizeof rec, "%s/echo-record.mkv", t_tmpdir());
  unlink(rec);
  januv_peer_options o;
  t_party_peer_options(&c.p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  o.record_path = rec;
  uint64_t t0 = uv_now(&loop);
  CHECK(call_start(&c, &o));
  uint64_t t_conn = uv_now(&loop);
  CHECK(t_wait_count(&loop, &c.p.webrtcup, 1, LIMIT_MS));
  uint64_t t_up = uv_now(&loop);
  /* 5 s of echo from the moment the PeerConnection is up. */
  t_run_for(&loop, 5000);
  januv_media_counters mc;
  januv_peer_counters(c.p.peer, &mc);
  fprintf(stderr, "  attach->connected %llu ms, ->webrtcup %llu ms; in 5 s: %llu video frames, %llu Opus buffers "
                  "decoded (sent %llu/%llu)\n",
          (unsigned long long)(t_conn - t0), (unsigned long long)(t_up - t0), (unsigned long long)mc.video_frames,
          (unsigned long long)mc.audio_buffers, (unsigned long long)mc.video_frames_sent,
          (unsigned long long)mc.audio_buffers_sent);
  CHECK(mc.video_frames >= 100);
  CHECK(mc.audio_buffers >= 150);
  CHECK_EQ_INT(c.p.video_tracks, 1);
  CHECK_EQ_INT(c.p.audio_tracks, 1);
  CHECK(strstr(c.track_caps[JANUV_MEDIA_VIDEO], "video/x-raw") != NULL);
  CHECK(strstr(c.track_caps[JANUV_MEDIA_AUDIO], "audio/x-raw") != NULL);
  /* Stats: bytes both ways; RTT needs an RTCP round (sender report, receiver report): wait for it. */
  stats_box b = {0};
  CHECK(get_stats(&c, &b));
  uint64_t deadline = uv_now(&loop) + 10000;
  while (b.s.total.rtt_ms < 0 && uv_now(&loop) < deadline) {
    t_run_for(&loop, 500);
    CHECK(get_stats(&c, &b));
  }
  t_run_for(&loop, 1000);
  CHECK(get_stats(&c, &b));
  fprintf(stderr, "  stats: sent %llu B, received %llu B, lost %lld, jitter %.2f ms, rtt %.2f ms, "
                  "bitrate up %llu down %llu bit/s, pair %s -> %s\n",
          (unsigned long long)b.s.total.bytes_sent, (unsigned long long)b.s.total.bytes_received,
          (long long)b.s.total.packets_lost, b.s.total.jitter_ms, b.s.total.rtt_ms,
          (unsigned long long)b.s.total.send_bitrate, (unsigned long long)b.s.total.recv_bitrate, b.s.local_address,
          b.s.remote_address);
  CHECK(b.s.video.bytes_sent > 0 && b.s.video.bytes_received > 0);
  CHECK(b.s.audio.bytes_sent > 0 && b.s.audio.bytes_received > 0);
  CHECK(b.s.total.packets_sent > 0 && b.s.total.packets_received > 0);
  CHECK(b.s.total.rtt_ms >= 0 && b.s.total.rtt_ms < 1000);
  CHECK(b.s.total.send_bitrate > 0 && b.s.total.recv_bitrate > 0);
  CHECK(b.s.decoded.video_frames >= mc.video_frames);
  /* Loopback only: both SDPs, and the pair in use. */
  int lc = 0, rc = 0;
  CHECK(sdp_loopback_only(januv_peer_local_sdp(c.p.peer), &lc));
  CHECK(sdp_loopback_only(januv_peer_remote_sdp(c.p.peer), &rc));
  CHECK(lc > 0 && rc > 0);
  CHECK(!strncmp(b.s.local_address, "127.0.0.1:", 10));
  CHECK(!strncmp(b.s.remote_address, "127.0.0.1:", 10));
  CHECK_EQ_INT(c.p.peer_errors, 0);
  /* Close: the recording is finalized, then decoded again. */
  CHECK(t_party_close(&c.p));
  CHECK(t_loop_close(&loop, 5000));
  int audio = 0;
  int frames = count_file_frames(rec, &audio);
  fprintf(stderr, "  recording %s: %d video frames, %d audio buffers\n", rec, frames, audio);
  CHECK(frames >= 100);
  CHECK(audio >= 100);
}

/* ---- data channel ---- */

typedef struct dcbox {
  int opened, closed, texts, binaries;
  char text[256];
  unsigned char bin[512];
  size_t bin_len;
} dcbox;

static void dc_open(januv_data_channel *dc, void *data) {
  (void)dc;
  ((dcbox *)data)->opened++;
}
static void dc_closed(januv_data_channel *dc, void *data) {
  (void)dc;
  ((dcbox *)data)->closed++;
}
static void dc_message(januv_data_channel *dc, const void *bytes, size_t len, bool binary, void *data) {
  (void)dc;
  dcbox *b = data;
  if (binary) {
    b->binaries++;
    b->bin_len = len < sizeof b->bin ? len : sizeof b->bin;
    memcpy(b->bin, bytes, b->bin_len);
  } else {
    b->texts++;
    snprintf(b->text, sizeof b->text, "%.*s", (int)len, (const char *)bytes);
  }
}
static const januv_dc_callbacks dc_cbs = {.on_open = dc_open, .on_message = dc_message, .on_closed = dc_closed};

typedef struct reply_box {
  int calls, status;
  char result[32];
} reply_box;

static void on_reply_box(const januv_reply *r, void *data) {
  reply_box *b = data;
  b->calls++;
  b->status = r->status;
  const cJSON *res = r->data ? cJSON_GetObjectItemCaseSensitive(r->data, "result") : NULL;
  snprintf(b->result, sizeof b->result, "%s", cJSON_IsString(res) ? res->valuestring : "");
}

static bool configured(call *c, reply_box *b) {
  return t_wait_count(c->p.loop, &b->calls, 1, LIMIT_MS) && b->calls == 1 && b->status == 0 &&
         !strcmp(b->result, "ok");
}

/* Frames (video) or buffers (audio) decoded during ms. */
static uint64_t decoded_during(call *c, bool video, uint32_t ms) {
  januv_media_counters a, b;
  januv_peer_counters(c->p.peer, &a);
  t_run_for(c->p.loop, ms);
  januv_peer_counters(c->p.peer, &b);
  return video ? b.video_frames - a.video_frames : b.audio_buffers - a.audio_buffers;
}

/* The EchoTest's toggles while media flows: video and audio off stop what comes back, on again
 * brings it back; a bitrate cap is set and lifted (0). */
static void echotest_toggles(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  call c;
  CHECK(call_open(&c, &loop));
  januv_peer_options o;
  t_party_peer_options(&c.p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  CHECK(call_start(&c, &o));
  CHECK(t_wait_count(&loop, &c.p.webrtcup, 1, LIMIT_MS));
  CHECK(decoded_during(&c, true, 2000) > 20);
  reply_box b = {0};
  CHECK_EQ_INT(januv_echotest_set_video(c.p.et, false, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  t_run_for(&loop, 500); /* what was in flight */
  uint64_t off = decoded_during(&c, true, 2000);
  fprintf(stderr, "  video off: %llu frames in 2 s\n", (unsigned long long)off);
  CHECK(off <= 2);
  memset(&b, 0, sizeof b);
  CHECK_EQ_INT(januv_echotest_set_video(c.p.et, true, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  t_run_for(&loop, 1000); /* a key frame (Janus asks for one) */
  CHECK(decoded_during(&c, true, 2000) > 20);
  memset(&b, 0, sizeof b);
  CHECK_EQ_INT(januv_echotest_set_audio(c.p.et, false, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  t_run_for(&loop, 500);
  CHECK(decoded_during(&c, false, 2000) <= 2);
  memset(&b, 0, sizeof b);
  CHECK_EQ_INT(januv_echotest_set_audio(c.p.et, true, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  t_run_for(&loop, 500);
  CHECK(decoded_during(&c, false, 2000) > 30);
  memset(&b, 0, sizeof b);
  CHECK_EQ_INT(januv_echotest_set_bitrate(c.p.et, 128000, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  memset(&b, 0, sizeof b);
  CHECK_EQ_INT(januv_echotest_set_bitrate(c.p.et, 0, on_reply_box, &b), 0);
  CHECK(configured(&c, &b));
  CHECK(decoded_during(&c, true, 1000) > 10);
  CHECK(t_party_close(&c.p));
  CHECK(t_loop_close(&loop, 5000));
}

/* Every codec januv sends, through EchoTest one at a time: Janus answers it (its rtpmap in the answer) and what
 * comes back decodes. */
static void echotest_codecs(void) {
  static const struct {
    januv_codec codec;
    januv_media_kind kind;
    const char *rtpmap;
    uint64_t min; /* decoded frames or buffers */
  } codecs[] = {
    {JANUV_CODEC_VP9, JANUV_MEDIA_VIDEO, " VP9/90000", 30},   {JANUV_CODEC_H264, JANUV_MEDIA_VIDEO, " H264/90000", 30},
    {JANUV_CODEC_PCMU, JANUV_MEDIA_AUDIO, " PCMU/8000", 50},  {JANUV_CODEC_PCMA, JANUV_MEDIA_AUDIO, " PCMA/8000", 50},
    {JANUV_CODEC_G722, JANUV_MEDIA_AUDIO, " G722/8000", 50},  {JANUV_CODEC_OPUS, JANUV_MEDIA_AUDIO, " opus/48000/2", 50},
  };
  for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    call c;
    CHECK(call_open(&c, &loop));
    januv_peer_options o;
    t_party_peer_options(&c.p, &o);
    januv_peer_options_add_track(&o, codecs[i].kind, JANUV_DIR_SENDRECV)->codec = codecs[i].codec;
    CHECK(call_start(&c, &o));
    CHECK(t_wait_count(&loop, &c.p.webrtcup, 1, LIMIT_MS));
    const char *answer = januv_peer_remote_sdp(c.p.peer);
    CHECK(answer && strcasestr(answer, codecs[i].rtpmap));
    bool video = codecs[i].kind == JANUV_MEDIA_VIDEO;
    januv_media_counters mc;
    CHECK(t_wait_decoded(&loop, c.p.peer, video ? codecs[i].min : 0, video ? 0 : codecs[i].min, LIMIT_MS, &mc));
    fprintf(stderr, "  %s: %llu %s decoded\n", codecs[i].rtpmap + 1,
            (unsigned long long)(video ? mc.video_frames : mc.audio_buffers), video ? "frames" : "buffers");
    CHECK(strstr(c.track_caps[codecs[i].kind], video ? "video/x-raw" : "audio/x-raw") != NULL);
    CHECK(t_party_close(&c.p));
    CHECK(t_loop_close(&loop, 5000));
  }
}

static void echotest_datachannel(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  call c;
  CHECK(call_open(&c, &loop));
  januv_peer_options o;
  t_party_peer_options(&c.p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  CHECK(t_party_peer(&c.p, &o, &peer_cbs));
  dcbox b = {0};
  januv_data_channel *dc = NULL;
  CHECK(januv_peer_create_data_channel(c.p.peer, "januv", NULL, &dc_cbs, &b, &dc) == 0);
  CHECK_EQ_STR(januv_data_channel_label(dc), "januv");
  CHECK(januv_data_channel_send_text(dc, "too early") == JANUV_ESTATE);
  CHECK(januv_echotest_start(c.p.et, c.p.peer, NULL, on_started, &c) == 0);
  CHECK(t_wait_count(&loop, &c.started, 1, LIMIT_MS));
  CHECK_EQ_INT(c.start_status, 0);
  CHECK(t_wait_count(&loop, &b.opened, 1, LIMIT_MS));
  const char *prefix = "Janus EchoTest here! You wrote: ";
  const char *texts[] = {"hello", "{\"json\":true}", "ünïcødé ✓"};
  for (int i = 0; i < 3; i++) {
    CHECK(januv_data_channel_send_text(dc, texts[i]) == 0);
    CHECK(t_wait_count(&loop, &b.texts, i + 1, LIMIT_MS));
    char want[256];
    snprintf(want, sizeof want, "%s%s", prefix, texts[i]);
    CHECK_EQ_STR(b.text, want);
  }
  unsigned char bin[300];
  for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 7 + 3);
  bin[10] = 0; /* a NUL in the middle */
  CHECK(januv_data_channel_send_binary(dc, bin, sizeof bin) == 0);
  CHECK(t_wait_count(&loop, &b.binaries, 1, LIMIT_MS));
  CHECK_EQ_INT(b.bin_len, sizeof bin);
  CHECK(!memcmp(b.bin, bin, sizeof bin));
  stats_box sb = {0};
  CHECK(get_stats(&c, &sb));
  CHECK_EQ_INT(sb.s.dc_messages_sent, 4);
  CHECK_EQ_INT(sb.s.dc_messages_received, 4);
  CHECK_EQ_INT(b.closed, 0);
  CHECK(t_party_close(&c.p));
  CHECK_EQ_INT(b.closed, 1);
  CHECK(t_loop_close(&loop, 5000));
}

/* ---- player ---- */

static bool make_media_file(const char *path) {
  char cmd[1400];
  snprintf(cmd, sizeof cmd,
           "gst-launch-1.0 -q videotestsrc num-buffers=150 pattern=smpte ! "
           "video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 ! queue ! mux. "
           "audiotestsrc num-buffers=235 samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 ! opusenc ! queue ! "
           "mux. matroskamux name=mux ! filesink location=\"%s\" >/dev/null 2>&1",
           path);
  int rc = system(cmd);
  struct stat st;
  return rc == 0 && stat(path, &st) == 0 && st.st_size > 1000;
}

static void echotest_player(void) {
  char file[600];
  snprintf(file, sizeof file, "%s/player-input.mkv", t_tmpdir());
  CHECK(make_media_file(file));
  uv_loop_t loop;
  uv_loop_init(&loop);
  call c;
  CHECK(call_open(&c, &loop));
  januv_peer_options o;
  t_party_peer_options(&c.p, &o);
  januv_track_options *v = januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  v->source = JANUV_SOURCE_FILE;
  v->source_arg = file;
  januv_track_options *a = januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  a->source = JANUV_SOURCE_FILE;
  a->source_arg = file;
  CHECK(call_start(&c, &o));
  /* The file lasts 5 s; frames sent before the connection was up were blocked, not lost. */
  januv_media_counters mc;
  t_wait_decoded(&loop, c.p.peer, 100, 150, 15000, &mc);
  fprintf(stderr, "  player: sent %llu frames / %llu audio buffers, echoed and decoded %llu / %llu\n",
          (unsigned long long)mc.video_frames_sent, (unsigned long long)mc.audio_buffers_sent,
          (unsigned long long)mc.video_frames, (unsigned long long)mc.audio_buffers);
  CHECK(mc.video_frames >= 100);
  CHECK(mc.audio_buffers >= 150);
  CHECK(strstr(c.track_caps[JANUV_MEDIA_VIDEO], "width=(int)320") != NULL);
  CHECK_EQ_INT(c.p.peer_errors, 0);
  CHECK(t_party_close(&c.p));
  CHECK(t_loop_close(&loop, 5000));
}

/* ---- teardown at every stage ---- */

enum {
  TD_BEFORE_START,    /* peer created, nothing negotiated */
  TD_AFTER_START,     /* right after januv_echotest_start(): the offer is being created */
  TD_IN_NEGOTIATION,  /* inside on_negotiation_needed */
  TD_IN_START_CB,     /* inside the start callback: answer applied, ICE under way */
  TD_IN_CONNECTING,   /* inside on_state(connecting): mid-ICE */
  TD_IN_CONNECTED,    /* inside on_state(connected) */
  TD_IN_TRACK,        /* inside on_track: media flowing */
  TD_DETACH_FIRST,    /* the handle goes first, mid-negotiation; the peer later */
  TD_SESSION_FIRST,   /* the whole session goes mid-negotiation */
  TD_STAGES
};

typedef struct td {
  call c;
  int stage;
  bool torn, peer_close_sent;
  int late; /* callbacks after the peer's close callback */
  int start_calls, close_calls;
} td;

static void td_peer_closed(januv_peer *p, void *data) {
  (void)p;
  td *t = data;
  t->close_calls++;
  t->c.p.peer_closed++;
}

static void td_tear(td *t) {
  if (t->torn) return;
  t->torn = true;
  if (t->stage == TD_DETACH_FIRST) {
    if (t->c.p.et) januv_echotest_detach(t->c.p.et, NULL, NULL);
    return;
  }
  if (t->stage == TD_SESSION_FIRST) {
    januv_session_destroy(t->c.p.session, NULL, NULL);
    t->c.p.session = NULL;
    return;
  }
  t->peer_close_sent = januv_peer_close(t->c.p.peer, td_peer_closed, t) == 0;
  if (t->c.p.et) januv_echotest_detach(t->c.p.et, NULL, NULL);
}

static void td_state(januv_peer *p, januv_peer_state st, void *data) {
  (void)p;
  td *t = data;
  if (t->close_calls) t->late++;
  if ((st == JANUV_PEER_CONNECTING && t->stage == TD_IN_CONNECTING) ||
      (st == JANUV_PEER_CONNECTED && t->stage == TD_IN_CONNECTED))
    td_tear(t);
}

static void td_track(januv_peer *p, const januv_track_info *ti, void *data) {
  (void)p;
  (void)ti;
  td *t = data;
  if (t->close_calls) t->late++;
  if (t->stage == TD_IN_TRACK) td_tear(t);
}

static void td_negotiation(januv_peer *p, void *data) {
  (void)p;
  td *t = data;
  if (t->close_calls) t->late++;
  if (t->stage == TD_IN_NEGOTIATION) td_tear(t);
}

static void td_started(const januv_reply *r, void *data) {
  (void)r;
  td *t = data;
  t->start_calls++;
  if (t->stage == TD_IN_START_CB) td_tear(t);
}

static void teardown_every_stage(void) {
  const januv_peer_callbacks pcbs = {.on_state = td_state, .on_track = td_track,
                                     .on_negotiation_needed = td_negotiation};
  for (int i = 0; i < 20; i++) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    td t;
    memset(&t, 0, sizeof t);
    t.stage = i % TD_STAGES;
    CHECK(t_party_open(&t.c.p, &loop, jfx_url(janus, "ws"), "teardown"));
    CHECK(t_attach_echotest(&t.c.p, NULL)); /* its callbacks get &t.c.p, which is &t */
    januv_peer_options o;
    t_party_peer_options(NULL, &o);
    o.log_level = JANUV_LOG_WARN;
    januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
    januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
    CHECK(januv_peer_new(&loop, &o, &pcbs, &t, &t.c.p.peer) == 0);
    if (t.stage == TD_BEFORE_START) {
      td_tear(&t);
    } else {
      CHECK(januv_echotest_start(t.c.p.et, t.c.p.peer, NULL, td_started, &t) == 0);
      if (t.stage == TD_AFTER_START || t.stage == TD_DETACH_FIRST || t.stage == TD_SESSION_FIRST) td_tear(&t);
    }
    /* Whatever the stage, everything ends: the stage's trigger may not come (e.g. no track after a
     * detach), so tear down after a while anyway. */
    uint64_t deadline = uv_now(&loop) + 8000;
    while (!t.torn && uv_now(&loop) < deadline) t_run_for(&loop, 50);
    if (!t.torn) fprintf(stderr, "  stage %d: trigger never came\n", t.stage);
    t.torn = true;
    if (!t.peer_close_sent) CHECK(januv_peer_close(t.c.p.peer, td_peer_closed, &t) == 0);
    if (t.c.p.et) januv_echotest_detach(t.c.p.et, NULL, NULL);
    CHECK(t_wait_count(&loop, &t.close_calls, 1, LIMIT_MS));
    CHECK(t_wait_count(&loop, &t.c.p.closed, 1, LIMIT_MS));
    if (t.stage != TD_BEFORE_START) CHECK(t_wait_count(&loop, &t.start_calls, 1, LIMIT_MS));
    CHECK(t_close_session(&loop, t.c.p.client, t.c.p.session));
    t_run_for(&loop, 100);
    CHECK(t_loop_close(&loop, 5000));
    if (t.close_calls != 1 || t.c.p.closed != 1 || t.late != 0 ||
        (t.stage != TD_BEFORE_START && t.start_calls != 1)) {
      t_failf(__FILE__, __LINE__, "stage %d: peer close %d, echotest closed %d, start %d, late %d", t.stage,
              t.close_calls, t.c.p.closed, t.start_calls, t.late);
      return;
    }
  }
}

/* ---- two peers, no Janus: the answer role, data channels both ways, renegotiation ---- */

typedef struct side {
  januv_peer *peer, *other;
  int descs, cands, ends, closed, connected, tracks, channels, opened, texts;
  char last_text[128];
  januv_data_channel *dc;
  int op_done, op_status;
} side;

static void p2p_desc(januv_peer *p, const cJSON *jsep, void *data) {
  (void)p;
  side *s = data;
  s->descs++;
  januv_peer_set_remote_description(s->other, jsep, NULL, NULL);
}

static void p2p_cand(januv_peer *p, const cJSON *cand, void *data) {
  (void)p;
  side *s = data;
  if (cand) s->cands++;
  else s->ends++;
  januv_peer_add_remote_candidate(s->other, cand);
}

static void p2p_state(januv_peer *p, januv_peer_state st, void *data) {
  (void)p;
  if (st == JANUV_PEER_CONNECTED) ((side *)data)->connected++;
}

static void p2p_track(januv_peer *p, const januv_track_info *t, void *data) {
  (void)p;
  (void)t;
  ((side *)data)->tracks++;
}

static void p2p_dc_open(januv_data_channel *dc, void *data) {
  (void)dc;
  ((side *)data)->opened++;
}

/* B answers every text with "pong:" + text; A records what it gets. */
static void p2p_dc_message(januv_data_channel *dc, const void *bytes, size_t len, bool binary, void *data) {
  side *s = data;
  s->texts++;
  snprintf(s->last_text, sizeof s->last_text, "%.*s", (int)len, (const char *)bytes);
  if (!binary && strncmp(s->last_text, "pong:", 5)) {
    char reply[160];
    snprintf(reply, sizeof reply, "pong:%s", s->last_text);
    januv_data_channel_send_text(dc, reply);
  }
}

static void p2p_dc_closed(januv_data_channel *dc, void *data) {
  (void)dc;
  (void)data;
}

static const januv_dc_callbacks p2p_dc_cbs = {
  .on_open = p2p_dc_open, .on_message = p2p_dc_message, .on_closed = p2p_dc_closed};

static void p2p_channel(januv_peer *p, januv_data_channel *dc, void *data) {
  (void)p;
  side *s = data;
  s->channels++;
  s->dc = dc;
  januv_data_channel_set_callbacks(dc, &p2p_dc_cbs, s);
}

static void p2p_closed(januv_peer *p, void *data) {
  (void)p;
  ((side *)data)->closed++;
}

static void p2p_op(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  (void)reason;
  side *s = data;
  s->op_done++;
  s->op_status = status;
}

static void peer_to_peer(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  side a = {0}, b = {0};
  januv_peer_callbacks cbs = {.on_state = p2p_state, .on_track = p2p_track, .on_data_channel = p2p_channel};
  januv_peer_options o;
  t_party_peer_options(NULL, &o);
  o.log_level = JANUV_LOG_WARN;
  januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  CHECK(januv_peer_new(&loop, &o, &cbs, &a, &a.peer) == 0);
  o.tracks[0].source_arg = "snow";
  CHECK(januv_peer_new(&loop, &o, &cbs, &b, &b.peer) == 0);
  a.other = b.peer;
  b.other = a.peer;
  januv_peer_signalling sig = {.on_description = p2p_desc, .on_candidate = p2p_cand};
  CHECK(januv_peer_set_signalling(a.peer, &sig, &a) == 0);
  CHECK(januv_peer_set_signalling(b.peer, &sig, &b) == 0);
  CHECK(januv_peer_create_data_channel(a.peer, "p2p", NULL, &p2p_dc_cbs, &a, &a.dc) == 0);
  CHECK(januv_peer_create_offer(a.peer, NULL, p2p_op, &a) == 0);
  CHECK(t_wait_count(&loop, &a.connected, 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &b.connected, 1, LIMIT_MS));
  CHECK_EQ_INT(a.op_status, 0);
  CHECK_EQ_INT(a.descs, 1); /* the offer */
  CHECK_EQ_INT(b.descs, 1); /* the answer */
  /* Media both ways. */
  januv_media_counters ca, cb;
  uint64_t deadline = uv_now(&loop) + LIMIT_MS;
  do {
    t_run_for(&loop, 100);
    januv_peer_counters(a.peer, &ca);
    januv_peer_counters(b.peer, &cb);
  } while ((ca.video_frames < 30 || cb.video_frames < 30 || ca.audio_buffers < 30 || cb.audio_buffers < 30) &&
           uv_now(&loop) < deadline);
  CHECK(ca.video_frames >= 30 && cb.video_frames >= 30 && ca.audio_buffers >= 30 && cb.audio_buffers >= 30);
  CHECK_EQ_INT(a.tracks, 2);
  CHECK_EQ_INT(b.tracks, 2);
  CHECK(a.ends >= 1 && b.ends >= 1);
  /* The data channel A created appears on B; a text goes there and back. */
  CHECK(t_wait_count(&loop, &b.channels, 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &a.opened, 1, LIMIT_MS));
  CHECK_EQ_STR(januv_data_channel_label(b.dc), "p2p");
  CHECK(januv_data_channel_send_text(a.dc, "ping") == 0);
  CHECK(t_wait_count(&loop, &a.texts, 1, LIMIT_MS));
  CHECK_EQ_STR(a.last_text, "pong:ping");
  /* Renegotiation: a new offer/answer round on the connected peers; media keeps flowing. webrtcbin 1.22
   * cannot change a negotiated transceiver's direction, so that is refused up front. */
  CHECK_EQ_INT(januv_peer_set_direction(a.peer, 0, JANUV_DIR_SENDONLY), JANUV_ENOTSUP);
  a.op_done = 0;
  CHECK(januv_peer_create_offer(a.peer, NULL, p2p_op, &a) == 0);
  CHECK(t_wait_count(&loop, &a.op_done, 1, LIMIT_MS));
  CHECK_EQ_INT(a.op_status, 0);
  CHECK_EQ_INT(a.descs, 2);
  CHECK(t_wait_count(&loop, &b.descs, 2, LIMIT_MS));
  t_run_for(&loop, 300);
  CHECK(januv_peer_get_state(a.peer) == JANUV_PEER_CONNECTED);
  /* ICE restart is not available with webrtcbin 1.22. */
  januv_offer_options ro = {.ice_restart = true};
  CHECK_EQ_INT(januv_peer_create_offer(a.peer, &ro, NULL, NULL), JANUV_ENOTSUP);
  januv_peer_counters(b.peer, &cb);
  uint64_t b_before = cb.video_frames;
  t_run_for(&loop, 1000);
  januv_peer_counters(b.peer, &cb);
  CHECK(cb.video_frames > b_before); /* media still flows after the renegotiation */
  CHECK(januv_peer_close(a.peer, p2p_closed, &a) == 0);
  CHECK(januv_peer_close(b.peer, p2p_closed, &b) == 0);
  CHECK_EQ_INT(januv_peer_close(b.peer, p2p_closed, &b), JANUV_ECLOSED);
  CHECK(t_wait_count(&loop, &a.closed, 1, LIMIT_MS));
  CHECK(t_wait_count(&loop, &b.closed, 1, LIMIT_MS));
  CHECK(t_loop_close(&loop, 5000));
  CHECK_EQ_INT(a.closed, 1);
  CHECK_EQ_INT(b.closed, 1);
}

int main(int argc, char **argv) {
  jfx_options o;
  jfx_options_init(&o);
  o.name = "media";
  static const t_case cases[] = {
    T_CASE(echotest_media), T_CASE(echotest_toggles), T_CASE(echotest_codecs), T_CASE(echotest_datachannel), T_CASE(echotest_player),
    T_CASE(teardown_every_stage), T_CASE(peer_to_peer),
  };
  /* gst_deinit() at the end lets LeakSanitizer and valgrind tell GStreamer's one-time allocations from ours. */
  return t_main_media(argc, argv, &o, &janus, NULL, cases, sizeof cases / sizeof cases[0]);
}
