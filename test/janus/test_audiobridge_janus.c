/*
 * AudioBridge signalling against the real Janus: every room-management request, joining without a
 * PeerConnection (participants, muting, kicking, changeroom, leave and the events the others get), RTP
 * forwarders, file playback, recording, the typed replies and errors, and the typed event decoder. Runs with
 * numeric ids (default) or with --ids=str against a Janus whose AudioBridge has string_ids = true. Media
 * through a room: see test/media/test_audiobridge.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "party.h"

static jfx *janus;
static bool str_ids;
static uv_loop_t *L;

/* A room or participant id of the server's kind. */
static januv_id ID(uint64_t n) { return t_id(str_ids, "ab-", n); }

/* A fresh room number per case. */
static uint64_t next_room(void) {
  static uint64_t n = 5000;
  return n += 10;
}

/* ---- typed replies kept for checks ---- */

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  bool yes;
  char room[64], id[64], file_id[128];
  uint64_t stream_id;
  size_t n;
  char text[2048]; /* decoded entries, rendered */
} box;

static void add_text(box *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void add_text(box *b, const char *f, ...) {
  size_t len = strlen(b->text);
  va_list ap;
  va_start(ap, f);
  vsnprintf(b->text + len, sizeof b->text - len, f, ap);
  va_end(ap);
}

static void fill(box *b, const januv_reply *r) {
  memset(b, 0, sizeof *b);
  T_KEEP_REPLY(b, r);
}

static void render_participants(box *b, const januv_audiobridge_participant *p, size_t n) {
  b->n = n;
  for (size_t i = 0; i < n; i++)
    add_text(b, "[%s %s setup=%d muted=%d]", t_id_text(p[i].id), p[i].display ? p[i].display : "-", p[i].setup,
             p[i].muted);
}

static void on_plain(const januv_reply *r, void *data) { fill(data, r); }

static void on_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  box *b = data;
  fill(b, r);
  snprintf(b->room, sizeof b->room, "%s", januv_id_set(room) ? t_id_text(room) : "");
  b->yes = permanent;
}

static void on_bool(const januv_reply *r, bool yes, void *data) {
  box *b = data;
  fill(b, r);
  b->yes = yes;
}

static void on_rooms(const januv_reply *r, const januv_audiobridge_room *rooms, size_t n, void *data) {
  box *b = data;
  fill(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++)
    add_text(b, "[%s %s pin=%d rate=%d n=%d]", t_id_text(rooms[i].room),
             rooms[i].description ? rooms[i].description : "-", rooms[i].pin_required, rooms[i].sampling_rate,
             rooms[i].num_participants);
}

static void on_participants(const januv_reply *r, const januv_audiobridge_participant *p, size_t n, void *data) {
  box *b = data;
  fill(b, r);
  render_participants(b, p, n);
}

static void on_tokens(const januv_reply *r, const char *const *tokens, size_t n, void *data) {
  box *b = data;
  fill(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++) add_text(b, "[%s]", tokens[i]);
}

static void on_joined(const januv_reply *r, const januv_audiobridge_joined *j, void *data) {
  box *b = data;
  fill(b, r);
  if (!j) return;
  snprintf(b->room, sizeof b->room, "%s", t_id_text(j->room));
  snprintf(b->id, sizeof b->id, "%s", t_id_text(j->id));
  render_participants(b, j->participants, j->nparticipants);
}

static void on_forwarder(const januv_reply *r, uint64_t stream_id, void *data) {
  box *b = data;
  fill(b, r);
  b->stream_id = stream_id;
}

static void on_forwarders(const januv_reply *r, const januv_audiobridge_forwarder *f, size_t n, void *data) {
  box *b = data;
  fill(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++)
    add_text(b, "[%llu %s:%d %s pt=%d]", (unsigned long long)f[i].stream_id, f[i].ip ? f[i].ip : "-", f[i].port,
             f[i].codec ? f[i].codec : "-", f[i].ptype);
}

static void on_file(const januv_reply *r, const char *file_id, void *data) {
  box *b = data;
  fill(b, r);
  snprintf(b->file_id, sizeof b->file_id, "%s", file_id ? file_id : "");
}

/* Runs a request that fills box b and waits for it: CALL_OK(b, januv_audiobridge_x(..., cb, &b)). */
#define CALL_OK(b, expr) T_AWAIT_OK(L, b, expr)
#define CALL_ERR(b, expr, code) T_AWAIT_ERR(L, b, expr, code)

/* ---- one client, session and audiobridge handle, with the events it got ---- */

typedef struct conn {
  t_party p; /* first: the callbacks' data */
  int events[JANUV_AUDIOBRIDGE_OTHER + 1];
  char last_id[64], last_file[64];
  int last_muted;
  char last_participants[2048];
} conn;

static void on_event(januv_audiobridge *ab, const januv_audiobridge_event *ev, void *data) {
  (void)ab;
  conn *c = data;
  c->events[ev->type]++;
  snprintf(c->last_id, sizeof c->last_id, "%s", januv_id_set(ev->id) ? t_id_text(ev->id) : "");
  snprintf(c->last_file, sizeof c->last_file, "%s", ev->file_id ? ev->file_id : "");
  c->last_muted = ev->muted;
  box b = {0};
  render_participants(&b, ev->participants, ev->nparticipants);
  snprintf(c->last_participants, sizeof c->last_participants, "%s", b.text);
}

static bool conn_open(conn *c) {
  memset(c, 0, sizeof *c);
  static const januv_audiobridge_callbacks cbs = {.on_event = on_event};
  return t_party_open(&c->p, L, jfx_url(janus, "ws"), "audiobridge") && t_attach_audiobridge(&c->p, &cbs);
}


static int create_room(januv_audiobridge *ab, uint64_t n, const char *secret, const char *pin, box *b) {
  januv_audiobridge_room_options o;
  januv_audiobridge_room_options_init(&o);
  o.room = ID(n);
  o.description = "januv room";
  o.secret = secret;
  o.pin = pin;
  o.is_private = 0;
  o.sampling_rate = 16000;
  memset(b, 0, sizeof *b);
  return januv_audiobridge_create(ab, &o, on_created, b);
}

static januv_audiobridge_join_options join_opts(uint64_t room, uint64_t id, const char *display) {
  januv_audiobridge_join_options o;
  januv_audiobridge_join_options_init(&o);
  o.room = ID(room);
  o.id = ID(id);
  o.display = display;
  return o;
}

/* ---- cases ---- */

/* create (and again), exists, list, edit, destroy, with the typed errors. */
static void rooms(void) {
  conn c;
  CHECK(conn_open(&c));
  uint64_t room = next_room();
  box b;
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", "pin", &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_STR(b.room, t_id_text(ID(room)));
  CHECK(!b.yes);
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", "pin", &b));
  CHECK_EQ_INT(b.plugin_code, JANUV_AUDIOBRIDGE_ERR_ROOM_EXISTS);
  CALL_OK(b, januv_audiobridge_exists(c.p.ab, ID(room), on_bool, &b));
  CHECK(b.yes);
  CALL_OK(b, januv_audiobridge_exists(c.p.ab, ID(room + 1), on_bool, &b));
  CHECK(!b.yes);
  CALL_OK(b, januv_audiobridge_list(c.p.ab, on_rooms, &b));
  char want[256];
  snprintf(want, sizeof want, "[%s januv room pin=1 rate=16000 n=0]", t_id_text(ID(room)));
  if (!strstr(b.text, want)) fprintf(stderr, "  list: %s\n", b.text);
  CHECK(strstr(b.text, want) != NULL);
  januv_audiobridge_edit_options e;
  januv_audiobridge_edit_options_init(&e);
  e.room = ID(room);
  e.secret = "wrong";
  e.new_description = "edited";
  e.new_pin = "";
  CALL_ERR(b, januv_audiobridge_edit(c.p.ab, &e, on_plain, &b), JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  e.secret = "sec";
  CALL_OK(b, januv_audiobridge_edit(c.p.ab, &e, on_plain, &b));
  CALL_OK(b, januv_audiobridge_list(c.p.ab, on_rooms, &b));
  snprintf(want, sizeof want, "[%s edited pin=0 rate=16000 n=0]", t_id_text(ID(room)));
  CHECK(strstr(b.text, want) != NULL);
  CALL_ERR(b, januv_audiobridge_destroy(c.p.ab, ID(room), "wrong", -1, on_plain, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", 0, on_plain, &b));
  CALL_OK(b, januv_audiobridge_exists(c.p.ab, ID(room), on_bool, &b));
  CHECK(!b.yes);
  CALL_ERR(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", -1, on_plain, &b), JANUV_AUDIOBRIDGE_ERR_NO_SUCH_ROOM);
  /* A room whose id Janus picks. */
  januv_audiobridge_room_options o;
  januv_audiobridge_room_options_init(&o);
  CALL_OK(b, januv_audiobridge_create(c.p.ab, &o, on_created, &b));
  CHECK(b.room[0] != '\0');
  char picked_text[64];
  snprintf(picked_text, sizeof picked_text, "%s", b.room);
  januv_id picked = t_id_parse(str_ids, picked_text);
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, picked, NULL, -1, on_plain, &b));
  CHECK(t_party_close(&c.p));
}

/* The token list ("allowed") and what it does to joins. */
static void acl(void) {
  conn c;
  CHECK(conn_open(&c));
  uint64_t room = next_room();
  box b;
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", NULL, &b));
  const char *tokens[] = {"t1", "t2"};
  CALL_OK(b, januv_audiobridge_allowed(c.p.ab, ID(room), "sec", JANUV_AUDIOBRIDGE_ACL_ADD, tokens, 2, on_tokens, &b));
  CHECK_EQ_INT(b.n, 2);
  CHECK(strstr(b.text, "[t1]") && strstr(b.text, "[t2]"));
  CALL_OK(b,
          januv_audiobridge_allowed(c.p.ab, ID(room), "sec", JANUV_AUDIOBRIDGE_ACL_REMOVE, tokens, 1, on_tokens, &b));
  CHECK_EQ_INT(b.n, 1);
  CHECK_EQ_STR(b.text, "[t2]");
  CALL_OK(b, januv_audiobridge_allowed(c.p.ab, ID(room), "sec", JANUV_AUDIOBRIDGE_ACL_ENABLE, NULL, 0, on_tokens, &b));
  CALL_ERR(b, januv_audiobridge_allowed(c.p.ab, ID(room), "bad", JANUV_AUDIOBRIDGE_ACL_ENABLE, NULL, 0, on_tokens, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  januv_audiobridge_join_options j = join_opts(room, 1, "no token");
  CALL_ERR(b, januv_audiobridge_join(c.p.ab, NULL, &j, on_joined, &b), JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  j.token = "t2";
  CALL_OK(b, januv_audiobridge_join(c.p.ab, NULL, &j, on_joined, &b));
  CALL_OK(b, januv_audiobridge_leave(c.p.ab, on_plain, &b));
  CALL_OK(b, januv_audiobridge_allowed(c.p.ab, ID(room), "sec", JANUV_AUDIOBRIDGE_ACL_DISABLE, NULL, 0, on_tokens, &b));
  CHECK_EQ_INT(b.n, 0);
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", -1, on_plain, &b));
  CHECK(t_party_close(&c.p));
}

/* Two participants without PeerConnections: joined, listparticipants, configure, mute, mute_room, kick,
 * changeroom, leave, destroy, and the events each gets. */
static void participants(void) {
  conn a, c2;
  CHECK(conn_open(&a));
  CHECK(conn_open(&c2));
  uint64_t room = next_room(), room2 = room + 1;
  box b;
  T_AWAIT(L, b, create_room(a.p.ab, room, "sec", "pin", &b));
  T_AWAIT(L, b, create_room(a.p.ab, room2, "sec", NULL, &b));
  januv_audiobridge_join_options j = join_opts(room, 1, "alice");
  CALL_ERR(b, januv_audiobridge_join(a.p.ab, NULL, &j, on_joined, &b), JANUV_AUDIOBRIDGE_ERR_MISSING_ELEMENT);
  j.pin = "wrong";
  CALL_ERR(b, januv_audiobridge_join(a.p.ab, NULL, &j, on_joined, &b), JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  j.pin = "pin";
  CALL_OK(b, januv_audiobridge_join(a.p.ab, NULL, &j, on_joined, &b));
  CHECK_EQ_STR(b.room, t_id_text(ID(room)));
  CHECK_EQ_STR(b.id, t_id_text(ID(1)));
  CHECK_EQ_INT(b.n, 0);
  /* The same participant id twice; a room that does not exist. */
  CALL_ERR(b, januv_audiobridge_join(c2.p.ab, NULL, &j, on_joined, &b), JANUV_AUDIOBRIDGE_ERR_ID_EXISTS);
  januv_audiobridge_join_options none = join_opts(room + 7, 2, "bob");
  CALL_ERR(b, januv_audiobridge_join(c2.p.ab, NULL, &none, on_joined, &b), JANUV_AUDIOBRIDGE_ERR_NO_SUCH_ROOM);
  januv_audiobridge_join_options jb = join_opts(room, 2, "bob");
  jb.pin = "pin";
  jb.muted = 1;
  CALL_OK(b, januv_audiobridge_join(c2.p.ab, NULL, &jb, on_joined, &b));
  char want[256];
  snprintf(want, sizeof want, "[%s alice setup=0 muted=0]", t_id_text(ID(1)));
  if (strcmp(b.text, want)) fprintf(stderr, "  joined: %s\n", b.text);
  CHECK_EQ_STR(b.text, want);
  CHECK(t_wait_count(L, &a.events[JANUV_AUDIOBRIDGE_JOINED], 1, T_LIMIT_MS));
  snprintf(want, sizeof want, "[%s bob setup=0 muted=1]", t_id_text(ID(2)));
  CHECK_EQ_STR(a.last_participants, want);
  CALL_OK(b, januv_audiobridge_list_participants(a.p.ab, ID(room), on_participants, &b));
  CHECK_EQ_INT(b.n, 2);
  CALL_OK(b, januv_audiobridge_reset_decoder(a.p.ab, on_plain, &b));
  /* configure: alice mutes herself and changes her name; bob hears of it. */
  januv_audiobridge_configure_options co;
  januv_audiobridge_configure_options_init(&co);
  co.muted = 1;
  co.display = "alice2";
  co.volume = 120;
  CALL_OK(b, januv_audiobridge_configure(a.p.ab, &co, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_PARTICIPANTS], 1, T_LIMIT_MS));
  snprintf(want, sizeof want, "[%s alice2 setup=0 muted=1]", t_id_text(ID(1)));
  CHECK_EQ_STR(c2.last_participants, want);
  CALL_OK(b, januv_audiobridge_set_muted(a.p.ab, false, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_PARTICIPANTS], 2, T_LIMIT_MS));
  /* The moderator (secret) unmutes bob. */
  CALL_ERR(b, januv_audiobridge_mute(a.p.ab, ID(room), "bad", ID(2), false, on_plain, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  CALL_OK(b, januv_audiobridge_mute(a.p.ab, ID(room), "sec", ID(2), false, on_plain, &b));
  CHECK(t_wait_count(L, &a.events[JANUV_AUDIOBRIDGE_PARTICIPANTS], 1, T_LIMIT_MS));
  snprintf(want, sizeof want, "[%s bob setup=0 muted=0]", t_id_text(ID(2)));
  CHECK_EQ_STR(a.last_participants, want);
  CALL_ERR(b, januv_audiobridge_mute(a.p.ab, ID(room), "sec", ID(9), true, on_plain, &b),
           JANUV_AUDIOBRIDGE_ERR_NO_SUCH_USER);
  /* The whole room. */
  CALL_OK(b, januv_audiobridge_mute_room(a.p.ab, ID(room), "sec", true, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_ROOM_MUTED], 1, T_LIMIT_MS));
  CHECK_EQ_INT(c2.last_muted, 1);
  CALL_OK(b, januv_audiobridge_list(a.p.ab, on_rooms, &b));
  CALL_OK(b, januv_audiobridge_mute_room(a.p.ab, ID(room), "sec", false, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_ROOM_MUTED], 2, T_LIMIT_MS));
  CHECK_EQ_INT(c2.last_muted, 0);
  /* Kick bob: alice hears of it. */
  CALL_OK(b, januv_audiobridge_kick(a.p.ab, ID(room), "sec", ID(2), on_plain, &b));
  CHECK(t_wait_count(L, &a.events[JANUV_AUDIOBRIDGE_KICKED], 1, T_LIMIT_MS));
  CHECK_EQ_STR(a.last_id, t_id_text(ID(2)));
  /* Janus removes the kicked participant after it answered: wait for it. */
  for (int i = 0; i < 50; i++) {
    CALL_OK(b, januv_audiobridge_list_participants(a.p.ab, ID(room), on_participants, &b));
    if (b.n == 1) break;
    t_run_for(L, 50);
  }
  CHECK_EQ_INT(b.n, 1);
  /* bob joins room2, alice moves there too: bob sees her join; then she leaves. */
  januv_audiobridge_join_options j2 = join_opts(room2, 2, "bob");
  CALL_OK(b, januv_audiobridge_join(c2.p.ab, NULL, &j2, on_joined, &b));
  int joined_before = c2.events[JANUV_AUDIOBRIDGE_JOINED];
  januv_audiobridge_join_options cr = join_opts(room2, 1, "alice");
  CALL_OK(b, januv_audiobridge_changeroom(a.p.ab, &cr, on_joined, &b));
  CHECK_EQ_STR(b.room, t_id_text(ID(room2)));
  CHECK_EQ_INT(b.n, 1);
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_JOINED], joined_before + 1, T_LIMIT_MS));
  CALL_OK(b, januv_audiobridge_leave(a.p.ab, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_LEAVING], 1, T_LIMIT_MS));
  CHECK_EQ_STR(c2.last_id, t_id_text(ID(1)));
  CALL_ERR(b, januv_audiobridge_leave(a.p.ab, on_plain, &b), JANUV_AUDIOBRIDGE_ERR_NOT_JOINED);
  /* Destroying room2 tells bob. */
  CALL_OK(b, januv_audiobridge_destroy(a.p.ab, ID(room2), "sec", -1, on_plain, &b));
  CHECK(t_wait_count(L, &c2.events[JANUV_AUDIOBRIDGE_DESTROYED], 1, T_LIMIT_MS));
  CALL_OK(b, januv_audiobridge_destroy(a.p.ab, ID(room), "sec", -1, on_plain, &b));
  CHECK(t_party_close(&a.p));
  CHECK(t_party_close(&c2.p));
}

/* rtp_forward, listforwarders, stop_rtp_forward. */
static void forwarders(void) {
  conn c;
  CHECK(conn_open(&c));
  uint64_t room = next_room();
  box b;
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", NULL, &b));
  januv_audiobridge_forward_options f;
  januv_audiobridge_forward_options_init(&f);
  f.host = "127.0.0.1";
  f.port = 5004;
  f.ptype = 111;
  f.ssrc = 1234567;
  f.always_on = 1;
  CALL_ERR(b, januv_audiobridge_rtp_forward(c.p.ab, ID(room), "bad", &f, on_forwarder, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  CALL_OK(b, januv_audiobridge_rtp_forward(c.p.ab, ID(room), "sec", &f, on_forwarder, &b));
  uint64_t sid = b.stream_id;
  CHECK(sid != 0);
  CALL_OK(b, januv_audiobridge_list_forwarders(c.p.ab, ID(room), "sec", on_forwarders, &b));
  CHECK_EQ_INT(b.n, 1);
  char want[128];
  snprintf(want, sizeof want, "[%llu 127.0.0.1:5004 opus pt=111]", (unsigned long long)sid);
  if (strcmp(b.text, want)) fprintf(stderr, "  forwarders: %s\n", b.text);
  CHECK_EQ_STR(b.text, want);
  CALL_OK(b, januv_audiobridge_stop_rtp_forward(c.p.ab, ID(room), "sec", sid, on_plain, &b));
  CALL_OK(b, januv_audiobridge_list_forwarders(c.p.ab, ID(room), "sec", on_forwarders, &b));
  CHECK_EQ_INT(b.n, 0);
  /* Janus 1.1.2 answers success for a forwarder that does not exist. */
  CALL_OK(b, januv_audiobridge_stop_rtp_forward(c.p.ab, ID(room), "sec", sid, on_plain, &b));
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", -1, on_plain, &b));
  CHECK(t_party_close(&c.p));
}

/* play_file, is_playing, stop_file (Debian's Janus has libogg), the announcement events, the errors. */
static void playback(void) {
  char file[600];
  snprintf(file, sizeof file, "%s/announcement.opus", jfx_dir(janus));
  char cmd[900];
  snprintf(cmd, sizeof cmd,
           "gst-launch-1.0 -q audiotestsrc num-buffers=500 ! audio/x-raw,rate=48000,channels=1 ! opusenc ! oggmux ! "
           "filesink location=\"%s\" >/dev/null 2>&1",
           file);
  struct stat st;
  if (system(cmd) != 0 || stat(file, &st) != 0) {
    fprintf(stderr, "  gst-launch-1.0 cannot make an Opus file: playback not checked\n");
    return;
  }
  conn c;
  CHECK(conn_open(&c));
  uint64_t room = next_room();
  box b;
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", NULL, &b));
  januv_audiobridge_join_options j = join_opts(room, 1, "listener");
  CALL_OK(b, januv_audiobridge_join(c.p.ab, NULL, &j, on_joined, &b));
  januv_audiobridge_play_options p;
  januv_audiobridge_play_options_init(&p);
  p.filename = file;
  p.file_id = "jingle";
  p.loop = 1;
  CALL_ERR(b, januv_audiobridge_play_file(c.p.ab, ID(room), "bad", &p, on_file, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  CALL_OK(b, januv_audiobridge_play_file(c.p.ab, ID(room), "sec", &p, on_file, &b));
  CHECK_EQ_STR(b.file_id, "jingle");
  CHECK(t_wait_count(L, &c.events[JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED], 1, T_LIMIT_MS));
  CHECK_EQ_STR(c.last_file, "jingle");
  CALL_OK(b, januv_audiobridge_is_playing(c.p.ab, ID(room), "sec", "jingle", on_bool, &b));
  CHECK(b.yes);
  CALL_OK(b, januv_audiobridge_stop_file(c.p.ab, ID(room), "sec", "jingle", on_plain, &b));
  CHECK(t_wait_count(L, &c.events[JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STOPPED], 1, T_LIMIT_MS));
  CALL_OK(b, januv_audiobridge_is_playing(c.p.ab, ID(room), "sec", "jingle", on_bool, &b));
  CHECK(!b.yes);
  /* A file Janus cannot open: the plugin's generic error. */
  p.filename = "/nonexistent/file.opus";
  p.file_id = NULL;
  CALL_ERR(b, januv_audiobridge_play_file(c.p.ab, ID(room), "sec", &p, on_file, &b), JANUV_AUDIOBRIDGE_ERR_UNKNOWN);
  CHECK_EQ_STR(b.reason, "Error opening file");
  /* A room with groups wants one. */
  januv_audiobridge_room_options o;
  januv_audiobridge_room_options_init(&o);
  o.room = ID(room + 1);
  const char *groups[] = {"g1", "g2"};
  o.groups = groups;
  o.ngroups = 2;
  CALL_OK(b, januv_audiobridge_create(c.p.ab, &o, on_created, &b));
  p.filename = file;
  CALL_ERR(b, januv_audiobridge_play_file(c.p.ab, ID(room + 1), NULL, &p, on_file, &b),
           JANUV_AUDIOBRIDGE_ERR_MISSING_ELEMENT);
  p.group = "g3";
  CALL_ERR(b, januv_audiobridge_play_file(c.p.ab, ID(room + 1), NULL, &p, on_file, &b),
           JANUV_AUDIOBRIDGE_ERR_NO_SUCH_GROUP);
  p.group = "g1";
  p.loop = 0;
  CALL_OK(b, januv_audiobridge_play_file(c.p.ab, ID(room + 1), NULL, &p, on_file, &b));
  CHECK(b.file_id[0] != '\0');
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room + 1), NULL, -1, on_plain, &b));
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", -1, on_plain, &b));
  CHECK(t_party_close(&c.p));
}

/* enable_recording (a .wav of the mix) and enable_mjrs. */
static void recording(void) {
  conn c;
  CHECK(conn_open(&c));
  uint64_t room = next_room();
  box b;
  T_AWAIT(L, b, create_room(c.p.ab, room, "sec", NULL, &b));
  char dir[600];
  snprintf(dir, sizeof dir, "%s/recordings", jfx_dir(janus));
  CALL_ERR(b, januv_audiobridge_enable_recording(c.p.ab, ID(room), "bad", true, NULL, NULL, on_plain, &b),
           JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED);
  CALL_OK(b, januv_audiobridge_enable_recording(c.p.ab, ID(room), "sec", true, "mix.wav", dir, on_plain, &b));
  CALL_OK(b, januv_audiobridge_list(c.p.ab, on_rooms, &b));
  CALL_OK(b, januv_audiobridge_enable_recording(c.p.ab, ID(room), "sec", false, NULL, NULL, on_plain, &b));
  CALL_OK(b, januv_audiobridge_enable_mjrs(c.p.ab, ID(room), "sec", true, dir, on_plain, &b));
  CALL_OK(b, januv_audiobridge_enable_mjrs(c.p.ab, ID(room), "sec", false, NULL, on_plain, &b));
  CALL_ERR(b, januv_audiobridge_reset_decoder(c.p.ab, on_plain, &b), JANUV_AUDIOBRIDGE_ERR_NOT_JOINED);
  CALL_OK(b, januv_audiobridge_destroy(c.p.ab, ID(room), "sec", -1, on_plain, &b));
  CHECK(t_party_close(&c.p));
}

/* Bad arguments fail at once and run no callback; so do requests on a closed handle. */
static void bad_arguments(void) {
  conn c;
  CHECK(conn_open(&c));
  box b = {0};
  januv_audiobridge_join_options j;
  januv_audiobridge_join_options_init(&j);
  CHECK_EQ_INT(januv_audiobridge_join(c.p.ab, NULL, &j, on_joined, &b), JANUV_EINVAL); /* no room */
  CHECK_EQ_INT(januv_audiobridge_join(c.p.ab, NULL, NULL, on_joined, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_exists(c.p.ab, januv_id_num(0), on_bool, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_exists(NULL, ID(1), on_bool, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_kick(c.p.ab, ID(1), NULL, januv_id_num(0), on_plain, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_allowed(c.p.ab, ID(1), NULL, (januv_audiobridge_acl_action)9, NULL, 0, on_tokens, &b),
               JANUV_EINVAL);
  januv_audiobridge_forward_options f;
  januv_audiobridge_forward_options_init(&f);
  CHECK_EQ_INT(januv_audiobridge_rtp_forward(c.p.ab, ID(1), NULL, &f, on_forwarder, &b), JANUV_EINVAL);
  januv_audiobridge_play_options p;
  januv_audiobridge_play_options_init(&p);
  CHECK_EQ_INT(januv_audiobridge_play_file(c.p.ab, ID(1), NULL, &p, on_file, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_stop_rtp_forward(c.p.ab, ID(1), NULL, 0, on_plain, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_set_admin_key(NULL, "k"), JANUV_EINVAL);
  CHECK_EQ_INT(januv_audiobridge_set_admin_key(c.p.ab, "k"), 0);
  CHECK_EQ_INT(januv_audiobridge_set_admin_key(c.p.ab, NULL), 0);
  januv_audiobridge *ab = c.p.ab;
  CHECK(januv_audiobridge_detach(ab, NULL, NULL) == 0);
  CHECK_EQ_INT(januv_audiobridge_list(ab, on_rooms, &b), JANUV_ECLOSED);
  CHECK(t_wait_count(L, &c.p.closed, 1, T_LIMIT_MS));
  t_run_for(L, 50);
  CHECK_EQ_INT(b.calls, 0);
  CHECK(t_party_close(&c.p));
}

/* The typed event decoder on what the plugin sends. */
static void event_decoding(void) {
  static const struct {
    const char *json;
    januv_audiobridge_event_type type;
  } cases[] = {
    {"{\"audiobridge\":\"joined\",\"room\":1,\"participants\":[{\"id\":2,\"display\":\"b\",\"setup\":false,"
     "\"muted\":true}]}",
     JANUV_AUDIOBRIDGE_JOINED},
    {"{\"audiobridge\":\"event\",\"room\":1,\"participants\":[{\"id\":2,\"muted\":false}]}",
     JANUV_AUDIOBRIDGE_PARTICIPANTS},
    {"{\"audiobridge\":\"event\",\"room\":1,\"leaving\":2}", JANUV_AUDIOBRIDGE_LEAVING},
    {"{\"audiobridge\":\"event\",\"room\":\"r\",\"kicked\":\"u\"}", JANUV_AUDIOBRIDGE_KICKED},
    {"{\"audiobridge\":\"talking\",\"room\":1,\"id\":2}", JANUV_AUDIOBRIDGE_TALKING},
    {"{\"audiobridge\":\"stopped-talking\",\"room\":1,\"id\":2}", JANUV_AUDIOBRIDGE_STOPPED_TALKING},
    {"{\"audiobridge\":\"event\",\"room\":1,\"muted\":true}", JANUV_AUDIOBRIDGE_ROOM_MUTED},
    {"{\"audiobridge\":\"destroyed\",\"room\":1}", JANUV_AUDIOBRIDGE_DESTROYED},
    {"{\"audiobridge\":\"roomchanged\",\"room\":3,\"id\":2,\"participants\":[]}", JANUV_AUDIOBRIDGE_ROOM_CHANGED},
    {"{\"audiobridge\":\"left\",\"room\":3,\"id\":2}", JANUV_AUDIOBRIDGE_LEFT},
    {"{\"audiobridge\":\"announcement-started\",\"room\":3,\"file_id\":\"f\"}", JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED},
    {"{\"audiobridge\":\"announcement-stopped\",\"room\":3,\"file_id\":\"f\"}", JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STOPPED},
    {"{\"audiobridge\":\"event\",\"room\":3,\"result\":\"ok\"}", JANUV_AUDIOBRIDGE_RESULT},
    {"{\"audiobridge\":\"event\",\"error_code\":485,\"error\":\"No such room\"}", JANUV_AUDIOBRIDGE_ERROR},
    {"{\"audiobridge\":\"something\"}", JANUV_AUDIOBRIDGE_OTHER},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cJSON *j = cJSON_Parse(cases[i].json);
    CHECK(j != NULL);
    januv_audiobridge_event ev;
    januv_audiobridge_event_parse(j, &ev);
    if (ev.type != cases[i].type) fprintf(stderr, "  %s -> %s\n", cases[i].json, januv_audiobridge_event_name(ev.type));
    CHECK_EQ_INT(ev.type, cases[i].type);
    CHECK(ev.data == j);
    switch (ev.type) {
    case JANUV_AUDIOBRIDGE_JOINED:
      CHECK_EQ_INT(ev.nparticipants, 1);
      CHECK(januv_id_equal(ev.participants[0].id, januv_id_num(2)));
      CHECK_EQ_STR(ev.participants[0].display, "b");
      CHECK_EQ_INT(ev.participants[0].setup, 0);
      CHECK_EQ_INT(ev.participants[0].muted, 1);
      CHECK_EQ_INT(ev.participants[0].talking, -1);
      CHECK_EQ_INT(ev.participants[0].spatial_position, -1);
      break;
    case JANUV_AUDIOBRIDGE_LEAVING: CHECK(januv_id_equal(ev.id, januv_id_num(2))); break;
    case JANUV_AUDIOBRIDGE_KICKED:
      CHECK(januv_id_equal(ev.id, januv_id_str("u")));
      CHECK(januv_id_equal(ev.room, januv_id_str("r")));
      break;
    case JANUV_AUDIOBRIDGE_ROOM_MUTED: CHECK_EQ_INT(ev.muted, 1); break;
    case JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED: CHECK_EQ_STR(ev.file_id, "f"); break;
    case JANUV_AUDIOBRIDGE_RESULT: CHECK_EQ_STR(ev.result, "ok"); break;
    case JANUV_AUDIOBRIDGE_ERROR:
      CHECK_EQ_INT(ev.error_code, JANUV_AUDIOBRIDGE_ERR_NO_SUCH_ROOM);
      CHECK_EQ_STR(ev.error, "No such room");
      break;
    default: break;
    }
    januv_audiobridge_event_clear(&ev);
    CHECK(ev.participants == NULL && ev.nparticipants == 0);
    cJSON_Delete(j);
  }
  CHECK_EQ_STR(januv_audiobridge_event_name(JANUV_AUDIOBRIDGE_STOPPED_TALKING), "stopped-talking");
  CHECK_EQ_STR(januv_audiobridge_event_name(JANUV_AUDIOBRIDGE_OTHER), "other");
}

int main(int argc, char **argv) {
  str_ids = t_str_ids(argc, argv);
  jfx_options o;
  jfx_options_init(&o);
  o.name = str_ids ? "audiobridge-str" : "audiobridge-num";
  o.string_ids = str_ids;
  static const t_case cases[] = {
    T_CASE(rooms), T_CASE(acl), T_CASE(participants), T_CASE(forwarders), T_CASE(playback), T_CASE(recording),
    T_CASE(bad_arguments), T_CASE(event_decoding),
  };
  return t_main_janus(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
