/* januv echotest URL: real media through the EchoTest plugin, one progress line per second. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Exit status when the call worked but no media came back. */
#define CLI_NO_MEDIA 4

typedef struct et_state {
  cli *c;
  januv_session *session;
  januv_echotest *et;
  januv_peer *peer;
  uv_timer_t tick;
  bool tick_init;
  unsigned seconds, elapsed;
  bool want_video, want_audio;
  bool stopping;
  uint64_t t0;
  int webrtcup_ms;
  januv_peer_stats last;
  bool have_stats;
  const char *stage;
} et_state;

static const char *url_host_end(const char *url) {
  const char *p = strstr(url, "://");
  return p ? p + 3 : url;
}

/* A local server: keep ICE on 127.0.0.1. */
static bool local_url(const char *url) {
  const char *h = url_host_end(url);
  return !strncmp(h, "127.", 4) || !strncmp(h, "localhost", 9) || !strncmp(h, "[::1]", 5);
}

static void finish(et_state *st);

static void on_destroyed(const januv_reply *r, void *data) {
  (void)r;
  et_state *st = data;
  st->c->done = true;
}

static void on_tick_closed(uv_handle_t *h) {
  et_state *st = h->data;
  st->tick_init = false;
  finish(st);
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  et_state *st = data;
  st->peer = NULL;
  finish(st);
}

/* Teardown, one step per call: timer, peer, session (the echotest handle goes with it). */
static void finish(et_state *st) {
  st->stopping = true;
  if (st->tick_init) {
    if (!uv_is_closing((uv_handle_t *)&st->tick)) uv_close((uv_handle_t *)&st->tick, on_tick_closed);
    return;
  }
  if (st->peer) {
    /* The recording (if any) is finalized before the close callback. */
    if (!januv_peer_closing(st->peer) && januv_peer_close(st->peer, on_peer_closed, st) == 0) return;
    st->peer = NULL;
  }
  if (st->session) {
    januv_session *s = st->session;
    st->session = NULL;
    if (januv_session_destroy(s, on_destroyed, st) == 0) return;
  }
  st->c->done = true;
}

static void fail(et_state *st, int code, const char *what, const char *reason) {
  if (st->c->exit_code == 0) {
    cli_err(st->c, "%s: %s", what, reason);
    st->c->exit_code = code;
  }
  finish(st);
}

static void print_summary(et_state *st) {
  const januv_peer_stats *s = &st->last;
  printf("summary: %u s, webrtcup after %d ms, video %llu frames decoded (%llu sent), audio %llu buffers decoded "
         "(%llu sent), sent %llu bytes, received %llu bytes, lost %lld, rtt %.2f ms, ICE %s -> %s\n",
         st->elapsed, st->webrtcup_ms, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.video_frames_sent, (unsigned long long)s->decoded.audio_buffers,
         (unsigned long long)s->decoded.audio_buffers_sent, (unsigned long long)s->total.bytes_sent,
         (unsigned long long)s->total.bytes_received, (long long)s->total.packets_lost, s->total.rtt_ms,
         s->local_address[0] ? s->local_address : "-", s->remote_address[0] ? s->remote_address : "-");
  fflush(stdout);
  bool ok = st->have_stats && (!st->want_video || s->decoded.video_frames > 0) &&
            (!st->want_audio || s->decoded.audio_buffers > 0) && s->total.bytes_received > 0;
  if (!ok && st->c->exit_code == 0) {
    cli_err(st->c, "no media came back");
    st->c->exit_code = CLI_NO_MEDIA;
  }
}

static void on_stats(januv_peer *p, int status, const januv_peer_stats *s, void *data) {
  et_state *st = data;
  if (status != 0 || st->stopping) return;
  st->last = *s;
  st->have_stats = true;
  char rtt[32];
  if (s->total.rtt_ms >= 0)
    snprintf(rtt, sizeof rtt, "%.2f ms", s->total.rtt_ms);
  else
    snprintf(rtt, sizeof rtt, "-");
  printf("[%3us] %-12s rtt %-9s up %6.0f kbit/s  down %6.0f kbit/s  video %5llu frames  audio %5llu buffers\n",
         st->elapsed, januv_peer_state_name(januv_peer_get_state(p)), rtt, (double)s->total.send_bitrate / 1000.0,
         (double)s->total.recv_bitrate / 1000.0, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.audio_buffers);
  fflush(stdout);
  if (st->elapsed >= st->seconds) {
    print_summary(st);
    finish(st);
  }
}

static void on_tick(uv_timer_t *t) {
  et_state *st = t->data;
  st->elapsed++;
  if (!st->peer || januv_peer_get_stats(st->peer, on_stats, st) != 0) fail(st, CLI_NO_MEDIA, "stats", "peer gone");
}

static void on_started(const januv_reply *r, void *data) {
  et_state *st = data;
  if (r->status != 0) {
    fail(st, r->status == JANUV_EJANUS || r->status == JANUV_EPLUGIN ? CLI_JANUS_ERROR : CLI_TRANSPORT, "start",
         r->reason);
    return;
  }
  if (!st->c->json) printf("echotest started: offer sent, answer applied; media for %u s\n", st->seconds);
  fflush(stdout);
  uv_timer_init(&st->c->loop, &st->tick);
  st->tick.data = st;
  st->tick_init = true;
  uv_timer_start(&st->tick, on_tick, 1000, 1000);
}

static void on_peer_error(januv_peer *p, int err, const char *message, void *data) {
  (void)p;
  (void)err;
  et_state *st = data;
  if (st->c->verbose) cli_err(st->c, "media: %s", message);
}

static void on_handle_event(januv_echotest *et, const januv_event *ev, void *data) {
  (void)et;
  et_state *st = data;
  if (ev->type == JANUV_EVENT_WEBRTCUP && st->webrtcup_ms < 0) {
    st->webrtcup_ms = (int)((uv_hrtime() - st->t0) / 1000000);
    printf("webrtcup after %d ms\n", st->webrtcup_ms);
  } else if (ev->type == JANUV_EVENT_HANGUP && !st->stopping) {
    fail(st, CLI_JANUS_ERROR, "hangup", ev->reason ? ev->reason : "Janus hung up");
  }
}

static void on_et_closed(januv_echotest *et, int reason, void *data) {
  (void)et;
  (void)reason;
  et_state *st = data;
  st->et = NULL;
}

static void peer_log(januv_log_level level, const char *msg, void *data) {
  cli *c = data;
  fprintf(stderr, "%s: [media %d] %s\n", c->prog, (int)level, msg);
}

/* "test", "test:PATTERN", "none", "bin:DESCRIPTION", or a media file. */
static bool add_track(et_state *st, januv_peer_options *o, januv_media_kind kind, const char *src) {
  if (!strcmp(src, "none")) return false;
  januv_track_options *t = januv_peer_options_add_track(o, kind, JANUV_DIR_SENDRECV);
  if (!strcmp(src, "test")) {
    t->source = JANUV_SOURCE_TEST;
  } else if (!strncmp(src, "test:", 5)) {
    t->source = JANUV_SOURCE_TEST;
    t->source_arg = src + 5;
  } else if (!strncmp(src, "bin:", 4)) {
    t->source = JANUV_SOURCE_BIN;
    t->source_arg = src + 4;
  } else {
    t->source = JANUV_SOURCE_FILE;
    t->source_arg = src;
  }
  (void)st;
  return true;
}

static void on_attached(januv_echotest *et, const januv_reply *r, void *data) {
  et_state *st = data;
  if (!et) {
    fail(st, r->status == JANUV_EJANUS ? CLI_JANUS_ERROR : CLI_TRANSPORT, "attach", r->reason);
    return;
  }
  st->et = et;
  cli *c = st->c;
  januv_peer_options o;
  januv_peer_options_init(&o);
  st->want_video = add_track(st, &o, JANUV_MEDIA_VIDEO, cli_flag(c, "video", "test"));
  st->want_audio = add_track(st, &o, JANUV_MEDIA_AUDIO, cli_flag(c, "audio", "test"));
  o.record_path = cli_flag(c, "record", NULL);
  o.ice_servers[0] = cli_flag(c, "stun", NULL);
  o.loopback_only = local_url(c->argv[0]);
  if (c->verbose) {
    o.log_cb = peer_log;
    o.log_data = c;
    o.log_level = c->verbose >= 2 ? JANUV_LOG_DEBUG : JANUV_LOG_INFO;
  }
  januv_peer_callbacks pcbs = {.on_error = on_peer_error};
  int rc = januv_peer_new(&c->loop, &o, &pcbs, st, &st->peer);
  if (rc != 0) {
    fail(st, rc == JANUV_EINVAL ? CLI_USAGE : CLI_NO_MEDIA, "media", januv_strerror(rc));
    return;
  }
  januv_echotest_options eo;
  januv_echotest_options_init(&eo);
  eo.audio = st->want_audio;
  eo.video = st->want_video;
  unsigned long br = 0;
  if (cli_flag_uint(c, "bitrate", 0, &br) && br) eo.bitrate = (uint32_t)br;
  rc = januv_echotest_start(et, st->peer, &eo, on_started, st);
  if (rc != 0) fail(st, CLI_NO_MEDIA, "start", januv_strerror(rc));
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  et_state *st = data;
  if (!s) {
    fail(st, r->status == JANUV_EJANUS ? CLI_JANUS_ERROR : CLI_TRANSPORT, "create", r->reason);
    return;
  }
  st->session = s;
  static const januv_echotest_callbacks cbs = {.on_handle_event = on_handle_event, .on_closed = on_et_closed};
  int rc = januv_echotest_attach(s, &cbs, on_attached, st);
  if (rc != 0) fail(st, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_echotest(cli *c) {
  if (!JANUV_HAVE_MEDIA) {
    cli_err(c, "echotest: %s", januv_strerror(JANUV_ENOMEDIA));
    return CLI_NO_MEDIA;
  }
  unsigned long seconds = 10;
  if (!cli_flag_uint(c, "seconds", 10, &seconds) || seconds == 0) return CLI_USAGE;
  et_state st;
  memset(&st, 0, sizeof st);
  st.c = c;
  st.seconds = (unsigned)seconds;
  st.webrtcup_ms = -1;
  int rc = cli_open(c, c->argv[0]);
  if (rc) return rc;
  st.t0 = uv_hrtime();
  rc = januv_session_create(c->client, NULL, on_session, &st);
  if (rc) {
    cli_err(c, "create: %s", januv_strerror(rc));
    return CLI_TRANSPORT;
  }
  cli_run(c);
  return c->exit_code;
}
