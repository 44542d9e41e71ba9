/* januv echotest URL: real media through the EchoTest plugin, one progress line per second. */
#include <string.h>

#include "cli_media.h"

typedef struct et_state {
  cli_media m;
  januv_echotest *et;
  bool want_video, want_audio;
} et_state;

static void progress(cli_media *m, const januv_peer_stats *s) {
  char rtt[32];
  if (s->total.rtt_ms >= 0)
    snprintf(rtt, sizeof rtt, "%.2f ms", s->total.rtt_ms);
  else
    snprintf(rtt, sizeof rtt, "-");
  printf("[%3us] %-12s rtt %-9s up %6.0f kbit/s  down %6.0f kbit/s  video %5llu frames  audio %5llu buffers\n",
         m->elapsed, januv_peer_state_name(januv_peer_get_state(m->peer)), rtt, (double)s->total.send_bitrate / 1000.0,
         (double)s->total.recv_bitrate / 1000.0, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.audio_buffers);
}

/* Every kind we sent must come back. */
static bool summary(cli_media *m) {
  const et_state *st = (const et_state *)m;
  const januv_peer_stats *s = &m->last;
  printf("summary: %u s, webrtcup after %d ms, video %llu frames decoded (%llu sent), audio %llu buffers decoded "
         "(%llu sent), sent %llu bytes, received %llu bytes, lost %lld, rtt %.2f ms, ICE %s -> %s\n",
         m->elapsed, m->webrtcup_ms, (unsigned long long)s->decoded.video_frames,
         (unsigned long long)s->decoded.video_frames_sent, (unsigned long long)s->decoded.audio_buffers,
         (unsigned long long)s->decoded.audio_buffers_sent, (unsigned long long)s->total.bytes_sent,
         (unsigned long long)s->total.bytes_received, (long long)s->total.packets_lost, s->total.rtt_ms,
         s->local_address[0] ? s->local_address : "-", s->remote_address[0] ? s->remote_address : "-");
  return m->have_stats && (!st->want_video || s->decoded.video_frames > 0) &&
         (!st->want_audio || s->decoded.audio_buffers > 0) && s->total.bytes_received > 0;
}

static void on_started(const januv_reply *r, void *data) {
  et_state *st = data;
  if (r->status != 0) {
    cli_media_fail(&st->m, r->status == JANUV_EJANUS || r->status == JANUV_EPLUGIN ? CLI_JANUS_ERROR : CLI_TRANSPORT,
                   "start", r->reason);
    return;
  }
  if (!st->m.c->json) printf("echotest started: offer sent, answer applied; media for %u s\n", st->m.seconds);
  fflush(stdout);
  cli_media_started(&st->m);
}

static void on_handle_event(januv_echotest *et, const januv_event *ev, void *data) {
  (void)et;
  cli_media_handle_event(&((et_state *)data)->m, ev);
}

static void on_closed(januv_echotest *et, int reason, void *data) {
  (void)et;
  (void)reason;
  ((et_state *)data)->et = NULL;
}

static void on_attached(januv_echotest *et, const januv_reply *r, void *data) {
  et_state *st = data;
  if (!et) {
    cli_media_fail(&st->m, r->status == JANUV_EJANUS ? CLI_JANUS_ERROR : CLI_TRANSPORT, "attach", r->reason);
    return;
  }
  st->et = et;
  cli *c = st->m.c;
  januv_peer_options o;
  januv_peer_options_init(&o);
  st->want_video = cli_media_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV, cli_flag(c, "video", "test"));
  st->want_audio = cli_media_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV, cli_flag(c, "audio", "test"));
  if (!cli_media_peer(&st->m, &o, NULL)) return;
  januv_echotest_options eo;
  januv_echotest_options_init(&eo);
  eo.audio = st->want_audio;
  eo.video = st->want_video;
  unsigned long br = 0;
  if (cli_flag_uint(c, "bitrate", 0, &br) && br) eo.bitrate = (uint32_t)br;
  int rc = januv_echotest_start(et, st->m.peer, &eo, on_started, st);
  if (rc != 0) cli_media_fail(&st->m, CLI_NO_MEDIA, "start", januv_strerror(rc));
}

static void on_session(cli_media *m) {
  static const januv_echotest_callbacks cbs = {.on_handle_event = on_handle_event, .on_closed = on_closed};
  int rc = januv_echotest_attach(m->session, &cbs, on_attached, m);
  if (rc != 0) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_echotest(cli *c) {
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  et_state st;
  memset(&st, 0, sizeof st);
  st.m.on_session = on_session;
  st.m.progress = progress;
  st.m.summary = summary;
  st.m.no_media = "no media came back";
  return cli_media_run(&st.m, c, seconds, c->argv[0]);
}
