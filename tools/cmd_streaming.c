/* januv streaming ACTION URL [ID]: list and describe mountpoints, or watch one (progress line per second). */
#include <stdlib.h>
#include <string.h>

#include "cli_media.h"

int cmd_streaming(cli *c);

typedef struct st_state {
  cli_media m;
  januv_streaming *st;
  const char *action;
  januv_id id;
  bool stopped;
} st_state;

/* "video:v vp8, audio:a opus" */
static void streams_text(const januv_streaming_mountpoint *mp, char *buf, size_t len) {
  buf[0] = '\0';
  for (size_t i = 0; i < mp->nmedia; i++) {
    const januv_streaming_stream *s = &mp->media[i];
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s%s:%s%s%s", i ? ", " : "", s->type ? s->type : "?", s->mid ? s->mid : "?",
             s->codec ? " " : "", s->codec ? s->codec : "");
  }
}

static void on_list(const januv_reply *r, const januv_streaming_mountpoint *mps, size_t n, void *data) {
  st_state *s = data;
  static const char *const head[] = {"ID", "TYPE", "ENABLED", "DESCRIPTION", "STREAMS"};
  cli_table t;
  cli_table_init(&t, 5, head);
  for (size_t i = 0; i < n; i++) {
    char id[64], streams[512];
    streams_text(&mps[i], streams, sizeof streams);
    const char *row[] = {januv_id_format(mps[i].id, id, sizeof id), mps[i].type, cli_tri_text(mps[i].enabled),
                         mps[i].description, streams};
    cli_table_add(&t, row);
  }
  cli_media_print_list(&s->m, "list", r, &t);
}

static void print_info(const januv_streaming_mountpoint *mp) {
  char id[64];
  printf("id:          %s\n", januv_id_format(mp->id, id, sizeof id));
  if (mp->name) printf("name:        %s\n", mp->name);
  if (mp->description) printf("description: %s\n", mp->description);
  if (mp->metadata) printf("metadata:    %s\n", mp->metadata);
  printf("type:        %s\nenabled:     %s\n", mp->type ? mp->type : "-", cli_tri_text(mp->enabled));
  if (mp->viewers >= 0) printf("viewers:     %d\n", mp->viewers);
  if (mp->pin) printf("pin:         %s\n", mp->pin);
  for (size_t i = 0; i < mp->nmedia; i++) {
    const januv_streaming_stream *s = &mp->media[i];
    char port[32] = "";
    if (s->port > 0) snprintf(port, sizeof port, ", port %d", s->port);
    printf("stream %zu:    %s mid %s%s%s%s\n", i, s->type ? s->type : "?", s->mid ? s->mid : "?",
           s->rtpmap ? ", " : "", s->rtpmap ? s->rtpmap : "", port);
  }
  fflush(stdout);
}

static void on_info(const januv_reply *r, const januv_streaming_mountpoint *mp, void *data) {
  st_state *s = data;
  if (r->status || !mp) {
    cli_media_fail_reply(&s->m, "info", r);
    return;
  }
  if (s->m.c->json)
    cli_print_json(r->data);
  else
    print_info(mp);
  cli_media_finish(&s->m);
}

/* ---- watch ---- */

static void on_watched(const januv_reply *r, void *data) {
  st_state *s = data;
  if (!cli_media_reply_ok(&s->m, "watch", r)) return;
  char id[64];
  if (!s->m.c->json)
    printf("watching mountpoint %s: offer answered; media for %u s\n", januv_id_format(s->id, id, sizeof id),
           s->m.seconds);
  fflush(stdout);
  cli_media_started(&s->m);
}

/* Receive what the mountpoint has, one track per audio or video stream in m-line order (the recorder makes
 * one branch per track). */
static void on_watch_info(const januv_reply *r, const januv_streaming_mountpoint *mp, void *data) {
  st_state *s = data;
  if (r->status || !mp) {
    cli_media_fail_reply(&s->m, "watch", r);
    return;
  }
  januv_peer_options o;
  januv_peer_options_init(&o);
  for (size_t i = 0; i < mp->nmedia; i++) {
    const char *type = mp->media[i].type ? mp->media[i].type : "";
    if (!strcmp(type, "video")) cli_media_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_RECVONLY, "test");
    if (!strcmp(type, "audio")) cli_media_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_RECVONLY, "test");
  }
  if (!s->m.c->json) {
    char streams[512];
    streams_text(mp, streams, sizeof streams);
    printf("mountpoint %s: %s\n", mp->description ? mp->description : "", streams);
  }
  if (!cli_media_peer(&s->m, &o, NULL)) return;
  januv_streaming_watch_options wo;
  januv_streaming_watch_options_init(&wo);
  wo.pin = cli_flag(s->m.c, "pin", NULL);
  int rc = januv_streaming_watch(s->st, s->m.peer, s->id, &wo, on_watched, s);
  if (rc) cli_media_fail(&s->m, CLI_NO_MEDIA, "watch", januv_strerror(rc));
}

static void on_event(januv_streaming *st, const januv_streaming_event *ev, void *data) {
  (void)st;
  st_state *s = data;
  if (s->m.c->json) {
    cli_print_json_line(ev->data);
    return;
  }
  printf("%s%s%s\n", januv_streaming_event_name(ev->type), ev->error ? ": " : "", ev->error ? ev->error : "");
  fflush(stdout);
  /* The mountpoint went away: what came so far is the result. */
  if (ev->type == JANUV_STREAMING_STOPPED || ev->type == JANUV_STREAMING_KICKED) cli_media_finish(&s->m);
}

static void on_handle_event(januv_streaming *st, const januv_event *ev, void *data) {
  (void)st;
  st_state *s = data;
  cli_media_handle_event(&s->m, ev);
}

static void on_closed(januv_streaming *st, int reason, void *data) {
  (void)st;
  (void)reason;
  ((st_state *)data)->st = NULL;
}

static void on_attached(januv_streaming *st, const januv_reply *r, void *data) {
  st_state *s = data;
  if (!cli_media_reply_ok(&s->m, "attach", r)) return;
  s->st = st;
  int rc;
  if (!strcmp(s->action, "list"))
    rc = januv_streaming_list(st, on_list, s);
  else if (!strcmp(s->action, "info"))
    rc = januv_streaming_info(st, s->id, cli_flag(s->m.c, "secret", NULL), on_info, s);
  else
    rc = januv_streaming_info(st, s->id, NULL, on_watch_info, s);
  if (rc) cli_media_fail(&s->m, CLI_TRANSPORT, s->action, januv_strerror(rc));
}

static void on_session(cli_media *m) {
  st_state *s = (st_state *)m;
  static const januv_streaming_callbacks cbs = {
    .on_event = on_event, .on_handle_event = on_handle_event, .on_closed = on_closed};
  int rc = januv_streaming_attach(m->session, &cbs, on_attached, s);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_streaming(cli *c) {
  st_state s;
  memset(&s, 0, sizeof s);
  static const char *const actions[] = {"list", "info", "watch", NULL};
  int action = cli_action(c, actions, "ID");
  if (action < 0) return CLI_USAGE;
  s.action = c->argv[0];
  if (action > 0) s.id = cli_plugin_id(c, c->argv[2]);
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  s.m.on_session = on_session;
  s.m.signalling_only = action != 2;
  return cli_media_run(&s.m, c, seconds, c->argv[1]);
}
