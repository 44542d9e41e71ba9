/* januv audiobridge ACTION URL [ROOM]: list rooms and participants, or join a room with a tone (progress line
 * per second: what we decode of the others' mix, how loud, how many are there). */
#include <stdlib.h>
#include <string.h>

#include "cli_media.h"

int cmd_audiobridge(cli *c);

typedef struct ab_state {
  cli_media m;
  januv_audiobridge *ab;
  const char *action;
  januv_id room;
  int others; /* participants besides us */
  char me[64];
  const char *display;
} ab_state;

static void on_rooms(const januv_reply *r, const januv_audiobridge_room *rooms, size_t n, void *data) {
  ab_state *s = data;
  static const char *const head[] = {"ROOM", "PARTICIPANTS", "RATE", "PIN", "MUTED", "DESCRIPTION"};
  cli_table t;
  cli_table_init(&t, 6, head);
  for (size_t i = 0; i < n; i++) {
    char id[64], count[16], rate[16];
    snprintf(count, sizeof count, "%d", rooms[i].num_participants);
    snprintf(rate, sizeof rate, "%d", rooms[i].sampling_rate);
    const char *row[] = {januv_id_format(rooms[i].room, id, sizeof id), count, rate,
                         cli_tri_text(rooms[i].pin_required), cli_tri_text(rooms[i].muted), rooms[i].description};
    cli_table_add(&t, row);
  }
  cli_media_print_list(&s->m, "list", r, &t);
}

static void on_participants(const januv_reply *r, const januv_audiobridge_participant *p, size_t n, void *data) {
  ab_state *s = data;
  static const char *const head[] = {"ID", "DISPLAY", "SETUP", "MUTED", "TALKING"};
  cli_table t;
  cli_table_init(&t, 5, head);
  for (size_t i = 0; i < n; i++) {
    char id[64];
    const char *row[] = {januv_id_format(p[i].id, id, sizeof id), p[i].display, cli_tri_text(p[i].setup),
                         cli_tri_text(p[i].muted), cli_tri_text(p[i].talking)};
    cli_table_add(&t, row);
  }
  cli_media_print_list(&s->m, "participants", r, &t);
}

/* ---- join ---- */

static void describe(cli_media *m, char *buf, size_t len) {
  ab_state *s = (ab_state *)m;
  snprintf(buf, len, ", %d other%s in the room", s->others, s->others == 1 ? "" : "s");
}

/* Joining worked when the others' mix came (decoded Opus buffers), audible or not. */
static bool media_ok(cli_media *m, const januv_peer_stats *st) {
  (void)m;
  return st->decoded.audio_buffers > 0;
}

static void on_joined(const januv_reply *r, const januv_audiobridge_joined *j, void *data) {
  ab_state *s = data;
  if (r->status || !j) {
    cli_media_fail_reply(&s->m, "join", r);
    return;
  }
  char room[64];
  januv_id_format(j->id, s->me, sizeof s->me);
  s->others = (int)j->nparticipants;
  if (!s->m.c->json) {
    printf("joined room %s as %s (%s); %d other%s there; audio for %u s\n", januv_id_format(j->room, room, sizeof room),
           s->me, s->display, s->others, s->others == 1 ? "" : "s", s->m.seconds);
    for (size_t i = 0; i < j->nparticipants; i++) {
      char id[64];
      const januv_audiobridge_participant *p = &j->participants[i];
      printf("  %s %s%s\n", januv_id_format(p->id, id, sizeof id), p->display ? p->display : "",
             p->muted == 1 ? " (muted)" : "");
    }
  }
  fflush(stdout);
  cli_media_started(&s->m);
}

static void on_event(januv_audiobridge *ab, const januv_audiobridge_event *ev, void *data) {
  (void)ab;
  ab_state *s = data;
  if (s->m.c->json) {
    cli_print_json_line(ev->data);
    return;
  }
  char id[64] = "";
  if (januv_id_set(ev->id)) januv_id_format(ev->id, id, sizeof id);
  switch (ev->type) {
  case JANUV_AUDIOBRIDGE_JOINED:
    s->others += (int)ev->nparticipants;
    for (size_t i = 0; i < ev->nparticipants; i++) {
      januv_id_format(ev->participants[i].id, id, sizeof id);
      printf("joined: %s %s\n", id, ev->participants[i].display ? ev->participants[i].display : "");
    }
    break;
  case JANUV_AUDIOBRIDGE_LEAVING:
  case JANUV_AUDIOBRIDGE_KICKED:
    if (!strcmp(id, s->me)) {
      printf("%s: we were kicked out\n", januv_audiobridge_event_name(ev->type));
      cli_media_finish(&s->m);
      return;
    }
    if (s->others > 0) s->others--;
    printf("%s: %s\n", januv_audiobridge_event_name(ev->type), id);
    break;
  case JANUV_AUDIOBRIDGE_PARTICIPANTS:
    for (size_t i = 0; i < ev->nparticipants; i++) {
      januv_id_format(ev->participants[i].id, id, sizeof id);
      printf("participant %s%s%s\n", id, ev->participants[i].muted == 1 ? " muted" : "",
             ev->participants[i].muted == 0 ? " unmuted" : "");
    }
    break;
  case JANUV_AUDIOBRIDGE_DESTROYED:
    printf("the room was destroyed\n");
    cli_media_finish(&s->m);
    return;
  default:
    printf("%s%s%s\n", januv_audiobridge_event_name(ev->type), id[0] ? ": " : "", id);
  }
  fflush(stdout);
}

static void on_handle_event(januv_audiobridge *ab, const januv_event *ev, void *data) {
  (void)ab;
  cli_media_handle_event(&((ab_state *)data)->m, ev);
}

static void on_closed(januv_audiobridge *ab, int reason, void *data) {
  (void)ab;
  (void)reason;
  ((ab_state *)data)->ab = NULL;
}

static void join(ab_state *s) {
  if (!cli_media_audio_peer(&s->m, "join", "--audio none: the room needs an audio track")) return;
  cli *c = s->m.c;
  januv_audiobridge_join_options jo;
  januv_audiobridge_join_options_init(&jo);
  jo.room = s->room;
  const char *id = cli_flag(c, "id", NULL);
  if (id) jo.id = cli_plugin_id(c, id);
  jo.display = s->display = cli_flag(c, "display", "januv");
  jo.pin = cli_flag(c, "pin", NULL);
  jo.token = cli_flag(c, "token", NULL);
  jo.muted = cli_flag(c, "muted", NULL) ? 1 : -1;
  int rc = januv_audiobridge_join(s->ab, s->m.peer, &jo, on_joined, s);
  if (rc) cli_media_fail(&s->m, CLI_NO_MEDIA, "join", januv_strerror(rc));
}

static void on_attached(januv_audiobridge *ab, const januv_reply *r, void *data) {
  ab_state *s = data;
  if (!cli_media_reply_ok(&s->m, "attach", r)) return;
  s->ab = ab;
  int rc = 0;
  if (!strcmp(s->action, "list"))
    rc = januv_audiobridge_list(ab, on_rooms, s);
  else if (!strcmp(s->action, "participants"))
    rc = januv_audiobridge_list_participants(ab, s->room, on_participants, s);
  else
    join(s);
  if (rc) cli_media_fail(&s->m, CLI_TRANSPORT, s->action, januv_strerror(rc));
}

static void on_session(cli_media *m) {
  static const januv_audiobridge_callbacks cbs = {
    .on_event = on_event, .on_handle_event = on_handle_event, .on_closed = on_closed};
  int rc = januv_audiobridge_attach(m->session, &cbs, on_attached, m);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_audiobridge(cli *c) {
  ab_state s;
  memset(&s, 0, sizeof s);
  static const char *const actions[] = {"list", "participants", "join", NULL};
  int action = cli_action(c, actions, "ROOM");
  if (action < 0) return CLI_USAGE;
  s.action = c->argv[0];
  if (action > 0) s.room = cli_plugin_id(c, c->argv[2]);
  bool joining = action == 2;
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  s.m.on_session = on_session;
  s.m.describe = joining ? describe : NULL;
  s.m.media_ok = media_ok;
  s.m.signalling_only = !joining;
  return cli_media_run(&s.m, c, seconds, c->argv[1]);
}
