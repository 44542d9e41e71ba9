/* The media run shared by the januv plugin commands: see cli_media.h. */
#include "cli_media.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void on_destroyed(const januv_reply *r, void *data) {
  (void)r;
  cli_media *m = data;
  m->destroying = false;
  m->c->done = true;
}

static void on_tick_closed(uv_handle_t *h) {
  cli_media *m = h->data;
  m->tick_init = false;
  cli_media_teardown(m);
}

static void on_peer_closed(januv_peer *p, void *data) {
  (void)p;
  cli_media *m = data;
  m->peer = NULL;
  cli_media_teardown(m);
}

/* The peer's recording is finalized before its close callback; the plugin handle goes with the session. */
void cli_media_teardown(cli_media *m) {
  m->stopping = true;
  if (m->creating || m->destroying) return; /* on_session() or on_destroyed() goes on */
  if (m->tick_init) {
    if (!uv_is_closing((uv_handle_t *)&m->tick)) uv_close((uv_handle_t *)&m->tick, on_tick_closed);
    return;
  }
  if (m->peer) {
    if (!januv_peer_closing(m->peer) && januv_peer_close(m->peer, on_peer_closed, m) == 0) return;
    m->peer = NULL;
  }
  if (m->close_peers && m->close_peers(m)) return;
  if (m->session) {
    januv_session *s = m->session;
    m->session = NULL;
    if (januv_session_destroy(s, on_destroyed, m) == 0) {
      m->destroying = true;
      return;
    }
  }
  m->c->done = true;
}

void cli_media_fail(cli_media *m, int code, const char *what, const char *reason) {
  if (m->c->exit_code == 0) {
    cli_err(m->c, "%s: %s", what, reason);
    m->c->exit_code = code;
  }
  cli_media_teardown(m);
}

void cli_media_fail_reply(cli_media *m, const char *what, const januv_reply *r) {
  if (m->c->exit_code == 0) cli_fail_reply(m->c, what, r);
  cli_media_teardown(m);
}

bool cli_media_reply_ok(cli_media *m, const char *what, const januv_reply *r) {
  if (r->status) cli_media_fail_reply(m, what, r);
  return r->status == 0;
}

static void describe(cli_media *m, char *buf, size_t len) {
  buf[0] = '\0';
  if (m->describe) m->describe(m, buf, len);
}

static bool default_media_ok(cli_media *m, const januv_peer_stats *s) {
  (void)m;
  return s->decoded.video_frames > 0 || s->decoded.audio_buffers > 0;
}

static bool default_summary(cli_media *m) {
  const januv_peer_stats *s = &m->last;
  char extra[256];
  describe(m, extra, sizeof extra);
  printf("summary: %u s, webrtcup after %d ms, video %llu frames decoded, audio %llu buffers decoded (%llu audible), "
         "received %llu bytes, lost %lld, ICE %s -> %s%s\n",
         m->elapsed, m->webrtcup_ms, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.audio_buffers, (unsigned long long)s->decoded.audio_buffers_audible,
         (unsigned long long)s->total.bytes_received, (long long)s->total.packets_lost,
         s->local_address[0] ? s->local_address : "-", s->remote_address[0] ? s->remote_address : "-", extra);
  return m->have_stats && (m->media_ok ? m->media_ok : default_media_ok)(m, s);
}

static void summary(cli_media *m) {
  bool ok = (m->summary ? m->summary : default_summary)(m);
  fflush(stdout);
  if (!ok && m->c->exit_code == 0) {
    cli_err(m->c, "%s", m->no_media ? m->no_media : "no media came");
    m->c->exit_code = CLI_NO_MEDIA;
  }
}

void cli_media_finish(cli_media *m) {
  if (m->stopping) return;
  if (m->tick_init) summary(m);
  cli_media_teardown(m);
}

void cli_media_print_list(cli_media *m, const char *what, const januv_reply *r, cli_table *t) {
  if (r->status) {
    cli_table_free(t);
    cli_media_fail_reply(m, what, r);
    return;
  }
  if (m->c->json) {
    cli_table_free(t);
    cli_print_json(r->data);
  } else {
    cli_table_print(t);
  }
  cli_media_finish(m);
}

static void default_progress(cli_media *m, const januv_peer_stats *s) {
  char extra[256];
  describe(m, extra, sizeof extra);
  char level[32] = "";
  if (s->decoded.audio_buffers) snprintf(level, sizeof level, " (%.1f dBFS)", s->decoded.audio_level_dbfs);
  printf("[%3us] %-12s down %6.0f kbit/s  up %6.0f kbit/s  video %5llu frames  audio %5llu buffers, %5llu audible"
         "%s%s\n",
         m->elapsed, januv_peer_state_name(januv_peer_get_state(m->peer)), (double)s->total.recv_bitrate / 1000.0,
         (double)s->total.send_bitrate / 1000.0, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.audio_buffers, (unsigned long long)s->decoded.audio_buffers_audible, level,
         extra);
}

static void progressed(cli_media *m) {
  fflush(stdout);
  if (m->elapsed >= m->seconds) cli_media_finish(m);
}

static void on_stats(januv_peer *p, int status, const januv_peer_stats *s, void *data) {
  (void)p;
  cli_media *m = data;
  if (status != 0 || m->stopping) return;
  m->last = *s;
  m->have_stats = true;
  (m->progress ? m->progress : default_progress)(m, s);
  progressed(m);
}

static void on_tick(uv_timer_t *t) {
  cli_media *m = t->data;
  m->elapsed++;
  if (m->own_progress) {
    m->own_progress(m);
    progressed(m);
  } else if (!m->peer || januv_peer_get_stats(m->peer, on_stats, m) != 0) {
    cli_media_fail(m, CLI_NO_MEDIA, "stats", "peer gone");
  }
}

void cli_media_started(cli_media *m) {
  if (m->tick_init || m->stopping) return;
  uv_timer_init(&m->c->loop, &m->tick);
  m->tick.data = m;
  m->tick_init = true;
  uv_timer_start(&m->tick, on_tick, 1000, 1000);
}

void cli_media_handle_event(cli_media *m, const januv_event *ev) {
  if (ev->type == JANUV_EVENT_WEBRTCUP && m->webrtcup_ms < 0) {
    m->webrtcup_ms = (int)((uv_hrtime() - m->t0) / 1000000);
    printf("webrtcup after %d ms\n", m->webrtcup_ms);
    fflush(stdout);
  } else if (ev->type == JANUV_EVENT_HANGUP && !m->stopping) {
    cli_media_fail(m, CLI_JANUS_ERROR, "hangup", ev->reason ? ev->reason : "Janus hung up");
  }
}

static void peer_log(januv_log_level level, const char *msg, void *data) {
  cli *c = data;
  fprintf(stderr, "%s: [media %d] %s\n", c->prog, (int)level, msg);
}

static void peer_error(januv_peer *p, int err, const char *message, void *data) {
  (void)p;
  (void)err;
  cli_media *m = data;
  if (m->c->verbose) cli_err(m->c, "media: %s", message);
}

static bool local_url(const char *url) {
  const char *p = strstr(url, "://");
  const char *h = p ? p + 3 : url;
  return !strncmp(h, "127.", 4) || !strncmp(h, "localhost", 9) || !strncmp(h, "[::1]", 5) || !strncmp(url, "unix:", 5);
}

void cli_media_peer_options(const cli_media *m, januv_peer_options *o, januv_log_cb log_cb, void *log_data) {
  const cli *c = m->c;
  o->ice_servers[0] = cli_flag(c, "stun", NULL);
  o->loopback_only = local_url(m->url);
  if (c->verbose) {
    o->log_cb = log_cb;
    o->log_data = log_data;
    o->log_level = c->verbose >= 2 ? JANUV_LOG_DEBUG : JANUV_LOG_INFO;
  }
}

/* --video-codec / --audio-codec NAME: the codec of every track of that kind. On a bad name, false and *flag set. */
static bool apply_codecs(cli *c, januv_peer_options *o, const char **flag) {
  static const struct {
    const char *name;
    januv_codec codec;
    januv_media_kind kind;
  } names[] = {
    {"vp8", JANUV_CODEC_VP8, JANUV_MEDIA_VIDEO},   {"vp9", JANUV_CODEC_VP9, JANUV_MEDIA_VIDEO},
    {"h264", JANUV_CODEC_H264, JANUV_MEDIA_VIDEO}, {"opus", JANUV_CODEC_OPUS, JANUV_MEDIA_AUDIO},
    {"pcmu", JANUV_CODEC_PCMU, JANUV_MEDIA_AUDIO}, {"pcma", JANUV_CODEC_PCMA, JANUV_MEDIA_AUDIO},
    {"g722", JANUV_CODEC_G722, JANUV_MEDIA_AUDIO},
  };
  for (int kind = JANUV_MEDIA_AUDIO; kind <= JANUV_MEDIA_VIDEO; kind++) {
    *flag = kind == JANUV_MEDIA_VIDEO ? "--video-codec" : "--audio-codec";
    const char *want = cli_flag(c, *flag + 2, NULL);
    if (!want) continue;
    size_t i = 0, n = sizeof names / sizeof names[0];
    while (i < n && (names[i].kind != (januv_media_kind)kind || strcasecmp(names[i].name, want))) i++;
    if (i == n) return false;
    for (unsigned t = 0; t < o->ntracks; t++)
      if (o->tracks[t].kind == (januv_media_kind)kind) o->tracks[t].codec = names[i].codec;
  }
  return true;
}

bool cli_media_peer(cli_media *m, januv_peer_options *o, const januv_peer_callbacks *cbs) {
  cli *c = m->c;
  if (m->stopping) return false; /* a reply that came after the teardown began: no new peer */
  const char *flag;
  apply_codecs(c, o, &flag); /* names checked by cli_media_run() */
  o->record_path = cli_flag(c, "record", NULL);
  cli_media_peer_options(m, o, peer_log, c);
  januv_peer_callbacks pcbs = cbs ? *cbs : (januv_peer_callbacks){0};
  if (!pcbs.on_error) pcbs.on_error = peer_error;
  int rc = januv_peer_new(&c->loop, o, &pcbs, m, &m->peer);
  if (rc != 0) {
    cli_media_fail(m, rc == JANUV_EINVAL ? CLI_USAGE : CLI_NO_MEDIA, "media", januv_strerror(rc));
    return false;
  }
  return true;
}

bool cli_media_audio_peer(cli_media *m, const char *what, const char *why) {
  januv_peer_options o;
  januv_peer_options_init(&o);
  if (!cli_media_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV, cli_flag(m->c, "audio", "test"))) {
    cli_media_fail(m, CLI_USAGE, what, why);
    return false;
  }
  return cli_media_peer(m, &o, NULL);
}

bool cli_media_track(januv_peer_options *o, januv_media_kind kind, januv_direction dir, const char *src) {
  if (!strcmp(src, "none")) return false;
  januv_track_options *t = januv_peer_options_add_track(o, kind, dir);
  if (!t) return false;
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
  return true;
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  cli_media *m = data;
  m->creating = false;
  if (!s) {
    cli_media_fail_reply(m, "create", r);
    return;
  }
  m->session = s;
  if (m->stopping) /* interrupted while it was being created */
    cli_media_teardown(m);
  else
    m->on_session(m);
}

/* A user who stops a recording with Ctrl-C wants its file finalized, not cut mid-cluster. */
static void on_signal(uv_signal_t *s, int signum) {
  cli_media *m = s->data;
  if (++m->signals > 1) { /* the teardown is too slow for this user: the default action now */
    uv_signal_stop(s);
    raise(signum);
    return;
  }
  cli_err(m->c, "interrupted (%s)", strsignal(signum));
  if (m->stopping) return; /* already ending */
  if (!m->tick_init && m->c->exit_code == 0) m->c->exit_code = CLI_INTERRUPTED;
  cli_media_finish(m);
}

static void on_signal_closed(uv_handle_t *h) { ((cli_media *)h->data)->sig_open--; }

static void signals_start(cli_media *m) {
  static const int signums[2] = {SIGINT, SIGTERM};
  for (int i = 0; i < 2; i++) {
    m->sig_init[i] = uv_signal_init(&m->c->loop, &m->sig[i]) == 0;
    if (!m->sig_init[i]) continue;
    m->sig[i].data = m;
    m->sig_open++;
    uv_signal_start(&m->sig[i], on_signal, signums[i]);
    uv_unref((uv_handle_t *)&m->sig[i]); /* the run ends with its teardown, not with these */
  }
}

/* m lives on the command's stack: the handles are closed before it returns. */
static void signals_stop(cli_media *m) {
  for (int i = 0; i < 2; i++)
    if (m->sig_init[i]) uv_close((uv_handle_t *)&m->sig[i], on_signal_closed);
  while (m->sig_open > 0) uv_run(&m->c->loop, UV_RUN_NOWAIT);
}

int cli_media_run(cli_media *m, cli *c, unsigned seconds, const char *url) {
  if (!JANUV_HAVE_MEDIA && !m->signalling_only) {
    cli_err(c, "%s: %s", c->command, januv_strerror(JANUV_ENOMEDIA));
    return CLI_NO_MEDIA;
  }
  m->c = c;
  m->url = url;
  m->seconds = seconds;
  m->webrtcup_ms = -1;
  januv_peer_options probe;
  januv_peer_options_init(&probe);
  const char *flag;
  if (!apply_codecs(c, &probe, &flag)) {
    cli_err(c, "%s %s: not one of %s", flag, cli_flag(c, flag + 2, ""),
            strcmp(flag, "--video-codec") ? "opus, pcmu, pcma, g722" : "vp8, vp9, h264");
    return CLI_USAGE;
  }
  int rc = cli_open(c, url);
  if (rc) return rc;
  m->t0 = uv_hrtime();
  rc = januv_session_create(c->client, NULL, on_session, m);
  if (rc) {
    cli_err(c, "create: %s", januv_strerror(rc));
    return CLI_TRANSPORT;
  }
  m->creating = true;
  signals_start(m);
  cli_run(c);
  signals_stop(m);
  /* What the client still owes m (replies failed by its close) runs now, while m is alive. */
  cli_close_client(c);
  return c->exit_code;
}

januv_id cli_plugin_id(const cli *c, const char *s) {
  bool digits = *s != '\0' && strspn(s, "0123456789") == strlen(s) && *s != '0';
  if (digits && !cli_flag(c, "string-id", NULL)) return januv_id_num(strtoull(s, NULL, 10));
  return januv_id_str(s);
}

const char *cli_tri_text(int v) { return v < 0 ? "-" : v ? "yes" : "no"; }
