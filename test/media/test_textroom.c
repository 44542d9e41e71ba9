/* TextRoom against the real Janus on loopback: two participants, each with its own client and a
 * data-channel-only januv_peer, exchange public and private messages and an announcement over the data
 * channel (bytes intact, order kept); room management through the data channel and through the Janus API,
 * on numeric and on string room ids; exactly-once completion when the textroom or the peer goes away. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gst/gst.h>

#include "party.h"

#define LIMIT_MS 20000
#define MAX_EVENTS 64

static jfx *janus;           /* numeric room ids */
static jfx *janus_strings;   /* string_ids = true */

/* ---- one participant: client, session, textroom handle, peer ---- */

typedef struct ev_copy {
  januv_textroom_event_type type;
  char room[64], from[64], username[64], display[64];
  char *text; /* exact copy */
  bool whisper;
  int error_code;
} ev_copy;

typedef struct member {
  t_party p; /* first: the callbacks' data */
  int channel_closed;
  int setup_calls, setup_status;
  ev_copy ev[MAX_EVENTS];
  int nev;
} member;

static void copy_str(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

static void on_tr_event(januv_textroom *tr, const januv_textroom_event *e, void *data) {
  (void)tr;
  member *m = data;
  if (m->nev >= MAX_EVENTS) return;
  ev_copy *c = &m->ev[m->nev++];
  c->type = e->type;
  januv_id_format(e->room, c->room, sizeof c->room);
  copy_str(c->from, sizeof c->from, e->from);
  copy_str(c->username, sizeof c->username, e->username);
  copy_str(c->display, sizeof c->display, e->display);
  c->text = e->text ? strdup(e->text) : NULL;
  c->whisper = e->whisper;
  c->error_code = e->error_code;
}

static void on_channel_closed(januv_textroom *tr, void *data) {
  (void)tr;
  ((member *)data)->channel_closed++;
}

static const januv_textroom_callbacks tr_cbs = {.on_event = on_tr_event, .on_channel_closed = on_channel_closed};

static void on_setup(const januv_reply *r, void *data) {
  member *m = data;
  m->setup_calls++;
  m->setup_status = r->status;
  if (r->status) fprintf(stderr, "  setup failed: %s (%s)\n", r->reason, januv_err_name(r->status));
}

static bool member_open(member *m, uv_loop_t *loop, jfx *j) {
  memset(m, 0, sizeof *m);
  return t_party_open(&m->p, loop, jfx_url(j, "ws"), "textroom") && t_attach_textroom(&m->p, &tr_cbs);
}

/* A peer without tracks answers Janus's data-channel-only offer. */
static bool member_setup(member *m) {
  januv_peer_options o;
  t_party_peer_options(&m->p, &o);
  if (!t_party_peer(&m->p, &o, NULL)) return false;
  if (januv_textroom_setup(m->p.tr, m->p.peer, on_setup, m) != 0) return false;
  return t_wait_count(m->p.loop, &m->setup_calls, 1, LIMIT_MS) && m->setup_status == 0 &&
         januv_textroom_ready(m->p.tr);
}

static bool member_close(member *m) {
  bool ok = t_party_close(&m->p);
  for (int i = 0; i < m->nev; i++) free(m->ev[i].text);
  return ok;
}

/* Waits for the event count to reach n. */
static bool wait_events(member *m, int n) { return t_wait_count(m->p.loop, &m->nev, n, LIMIT_MS); }

static int find_event(member *m, januv_textroom_event_type type, int from) {
  for (int i = from; i < m->nev; i++)
    if (m->ev[i].type == type) return i;
  return -1;
}

/* Index of the JOIN event announcing username, waiting for it: announcements to other members travel on
 * their own peer connections, so they may land after the joiner's reply. -1 when it never comes. */
static int wait_join(member *m, const char *username) {
  uint64_t deadline = uv_now(m->p.loop) + LIMIT_MS;
  for (;;) {
    for (int k = find_event(m, JANUV_TEXTROOM_JOIN, 0); k >= 0; k = find_event(m, JANUV_TEXTROOM_JOIN, k + 1))
      if (!strcmp(m->ev[k].username, username)) return k;
    if (uv_now(m->p.loop) >= deadline) return -1;
    t_run_for(m->p.loop, 20);
  }
}

/* ---- typed results ---- */

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  char room[64];
  bool flag;
  size_t n;
  char names[8][64];
  cJSON *data;
} box;

static void box_reply(box *b, const januv_reply *r) {
  T_KEEP_REPLY(b, r);
  cJSON_Delete(b->data);
  b->data = r->data ? cJSON_Duplicate(r->data, true) : NULL;
}

static void on_reply(const januv_reply *r, void *data) { box_reply(data, r); }

static void on_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  box *b = data;
  box_reply(b, r);
  januv_id_format(room, b->room, sizeof b->room);
  b->flag = permanent;
}

static void on_exists(const januv_reply *r, januv_id room, bool exists, void *data) {
  box *b = data;
  box_reply(b, r);
  januv_id_format(room, b->room, sizeof b->room);
  b->flag = exists;
}

static void on_participants(const januv_reply *r, const januv_textroom_participant *p, size_t n, void *data) {
  box *b = data;
  box_reply(b, r);
  b->n = n;
  for (size_t i = 0; i < n && i < 8; i++) copy_str(b->names[i], sizeof b->names[i], p[i].username);
}

static void on_list(const januv_reply *r, const januv_textroom_room_info *rooms, size_t n, void *data) {
  box *b = data;
  box_reply(b, r);
  b->n = n;
  for (size_t i = 0; i < n && i < 8; i++) januv_id_format(rooms[i].room, b->names[i], sizeof b->names[i]);
}

static void on_allowed(const januv_reply *r, const char *const *tokens, size_t n, void *data) {
  box *b = data;
  box_reply(b, r);
  b->n = n;
  for (size_t i = 0; i < n && i < 8; i++) copy_str(b->names[i], sizeof b->names[i], tokens[i]);
}

static bool box_wait(uv_loop_t *loop, box *b, int calls) { return t_wait_count(loop, &b->calls, calls, LIMIT_MS); }

static bool has_name(const box *b, const char *name) {
  for (size_t i = 0; i < b->n && i < 8; i++)
    if (!strcmp(b->names[i], name)) return true;
  return false;
}

static void box_clear(box *b) {
  cJSON_Delete(b->data);
  memset(b, 0, sizeof *b);
}

/* ---- cases ---- */

/* Two participants: public messages (bytes intact, in order, the sender gets its own), private messages
 * (to and tos), an announcement; management over the data channel and over the Janus API. */
static void textroom_chat(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  member a, b;
  CHECK(member_open(&a, &loop, janus));
  CHECK(member_open(&b, &loop, janus));
  /* Before setup the management requests go through the Janus API; participation needs the channel. */
  januv_textroom_join_options jo;
  januv_textroom_join_options_init(&jo);
  jo.username = "alice";
  CHECK_EQ_INT(januv_textroom_join(a.p.tr, januv_id_num(1234), &jo, NULL, NULL), JANUV_ESTATE);
  januv_textroom_set_route(a.p.tr, JANUV_TEXTROOM_ROUTE_DATA_CHANNEL);
  CHECK_EQ_INT(januv_textroom_exists(a.p.tr, januv_id_num(1234), on_exists, NULL), JANUV_ESTATE);
  januv_textroom_set_route(a.p.tr, JANUV_TEXTROOM_ROUTE_AUTO);
  box x = {0};
  januv_textroom_room_options ro;
  januv_textroom_room_options_init(&ro);
  ro.description = "januv chat";
  ro.secret = "room-secret";
  ro.history = 5;
  CHECK(januv_textroom_create(a.p.tr, &ro, on_created, &x) == 0);
  CHECK(box_wait(&loop, &x, 1));
  CHECK_EQ_INT(x.status, 0);
  CHECK(strcmp(x.room, "0") != 0);
  char room_s[64];
  copy_str(room_s, sizeof room_s, x.room);
  januv_id room = januv_id_num(strtoull(room_s, NULL, 10));
  fprintf(stderr, "  room %s created through the Janus API\n", room_s);
  /* The same id again: the plugin's typed error. */
  ro.room = room;
  CHECK(januv_textroom_create(a.p.tr, &ro, on_created, &x) == 0);
  CHECK(box_wait(&loop, &x, 2));
  CHECK_EQ_INT(x.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(x.plugin_code, JANUV_TEXTROOM_ERR_ROOM_EXISTS);

  /* Setup: Janus offers a data-channel-only PeerConnection, the track-less peers answer. */
  uint64_t t0 = uv_now(&loop);
  CHECK(member_setup(&a));
  CHECK(member_setup(&b));
  fprintf(stderr, "  both data channels open after %llu ms\n", (unsigned long long)(uv_now(&loop) - t0));
  CHECK_EQ_INT(a.setup_calls, 1);
  CHECK_EQ_INT(januv_textroom_setup(a.p.tr, a.p.peer, on_setup, &a), JANUV_ESTATE);

  /* alice joins, then bob: bob's join lists alice, alice sees bob join. */
  box_clear(&x);
  CHECK(januv_textroom_join(a.p.tr, room, &jo, on_participants, &x) == 0);
  CHECK(box_wait(&loop, &x, 1));
  CHECK_EQ_INT(x.status, 0);
  CHECK_EQ_INT(x.n, 0);
  jo.username = "bob";
  jo.display = "Bob B.";
  box y = {0};
  CHECK(januv_textroom_join(b.p.tr, room, &jo, on_participants, &y) == 0);
  CHECK(box_wait(&loop, &y, 1));
  CHECK_EQ_INT(y.status, 0);
  CHECK_EQ_INT(y.n, 1);
  CHECK_EQ_STR(y.names[0], "alice");
  /* A taken username is the plugin's error. */
  CHECK(januv_textroom_join(b.p.tr, room, &jo, on_participants, &y) == 0);
  CHECK(box_wait(&loop, &y, 2));
  CHECK_EQ_INT(y.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(y.plugin_code, JANUV_TEXTROOM_ERR_ALREADY_IN_ROOM);
  /* alice's own join comes first (Janus tells the joiner too), then bob's. */
  int ja = wait_join(&a, "alice");
  CHECK(ja >= 0);
  int k = wait_join(&a, "bob");
  CHECK(k > ja);
  CHECK_EQ_STR(a.ev[k].username, "bob");
  CHECK_EQ_STR(a.ev[k].display, "Bob B.");
  CHECK_EQ_STR(a.ev[k].room, room_s);

  /* Public messages from alice: every byte intact, the order kept, at bob and back at alice. */
  static char big[4001];
  for (int i = 0; i < 4000; i++) big[i] = (char)('a' + i % 26);
  const char *texts[] = {"hello bob",
                         "ünïcødé ✓ — 日本語 🚀",
                         "{\"json\":[1,2,3],\"quote\":\"\\\"\",\"nested\":{\"k\":null}}",
                         "line one\nline two\ttab\r\nback\\slash /slash",
                         "<b>not html</b> & ' \" %s %n",
                         big};
  const int ntexts = (int)(sizeof texts / sizeof texts[0]);
  int a_before = a.nev, b_before = b.nev;
  box acks = {0};
  for (int i = 0; i < ntexts; i++) CHECK(januv_textroom_message(a.p.tr, room, texts[i], NULL, on_reply, &acks) == 0);
  CHECK(box_wait(&loop, &acks, ntexts));
  CHECK_EQ_INT(acks.status, 0);
  CHECK(wait_events(&b, b_before + ntexts));
  CHECK(wait_events(&a, a_before + ntexts));
  for (int i = 0; i < ntexts; i++) {
    ev_copy *eb = &b.ev[b_before + i], *ea = &a.ev[a_before + i];
    CHECK_EQ_INT(eb->type, JANUV_TEXTROOM_MESSAGE);
    CHECK_EQ_STR(eb->from, "alice");
    CHECK_EQ_STR(eb->room, room_s);
    CHECK(!eb->whisper);
    CHECK(eb->text && !strcmp(eb->text, texts[i]));
    CHECK_EQ_INT(ea->type, JANUV_TEXTROOM_MESSAGE);
    CHECK(ea->text && !strcmp(ea->text, texts[i]));
  }
  fprintf(stderr, "  %d public messages delivered intact and in order (largest %zu bytes)\n", ntexts, strlen(big));

  /* Without ack: the callback still runs once, and the message arrives. */
  box noack = {0};
  januv_textroom_message_options mo = {.no_ack = true};
  b_before = b.nev;
  a_before = a.nev;
  CHECK(januv_textroom_message(a.p.tr, room, "fire and forget", &mo, on_reply, &noack) == 0);
  CHECK_EQ_INT(noack.calls, 0); /* never inside the call */
  CHECK(box_wait(&loop, &noack, 1));
  CHECK_EQ_INT(noack.status, 0);
  CHECK(wait_events(&b, b_before + 1));
  CHECK(b.ev[b_before].text && !strcmp(b.ev[b_before].text, "fire and forget"));
  CHECK(wait_events(&a, a_before + 1)); /* the sender's own copy */

  /* Private: alice -> bob with "to"; bob -> alice with "tos". Only the recipient gets them. */
  a_before = a.nev;
  b_before = b.nev;
  box priv = {0};
  mo = (januv_textroom_message_options){.to = "bob"};
  CHECK(januv_textroom_message(a.p.tr, room, "psst, bob", &mo, on_reply, &priv) == 0);
  CHECK(box_wait(&loop, &priv, 1));
  CHECK_EQ_INT(priv.status, 0);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(priv.data, "sent"), "bob")));
  const char *const tos[] = {"alice", "nobody"};
  mo = (januv_textroom_message_options){.tos = tos, .ntos = 2};
  CHECK(januv_textroom_message(b.p.tr, room, "psst, alice", &mo, on_reply, &priv) == 0);
  CHECK(box_wait(&loop, &priv, 2));
  CHECK_EQ_INT(priv.status, 0);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(priv.data, "sent"), "alice")));
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(priv.data, "sent"), "nobody")));
  mo = (januv_textroom_message_options){.to = "bob", .tos = tos, .ntos = 1};
  CHECK_EQ_INT(januv_textroom_message(a.p.tr, room, "both", &mo, on_reply, &priv), JANUV_EINVAL);
  CHECK(wait_events(&b, b_before + 1));
  CHECK(wait_events(&a, a_before + 1));
  t_run_for(&loop, 200); /* nothing else arrives */
  CHECK_EQ_INT(b.nev, b_before + 1);
  CHECK_EQ_INT(a.nev, a_before + 1);
  CHECK(b.ev[b_before].whisper && !strcmp(b.ev[b_before].text, "psst, bob") && !strcmp(b.ev[b_before].from, "alice"));
  CHECK(a.ev[a_before].whisper && !strcmp(a.ev[a_before].text, "psst, alice") && !strcmp(a.ev[a_before].from, "bob"));

  /* Announcement over the data channel: the secret is required, then both get it. */
  box ann = {0};
  CHECK(januv_textroom_announcement(b.p.tr, room, "wrong", "no", on_reply, &ann) == 0);
  CHECK(box_wait(&loop, &ann, 1));
  CHECK_EQ_INT(ann.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(ann.plugin_code, JANUV_TEXTROOM_ERR_UNAUTHORIZED);
  a_before = a.nev;
  b_before = b.nev;
  CHECK(januv_textroom_announcement(a.p.tr, room, "room-secret", "📣 the room speaks", on_reply, &ann) == 0);
  CHECK(box_wait(&loop, &ann, 2));
  CHECK_EQ_INT(ann.status, 0);
  CHECK(wait_events(&a, a_before + 1));
  CHECK(wait_events(&b, b_before + 1));
  CHECK_EQ_INT(b.ev[b_before].type, JANUV_TEXTROOM_ANNOUNCEMENT);
  CHECK(b.ev[b_before].text && !strcmp(b.ev[b_before].text, "📣 the room speaks"));
  CHECK_EQ_INT(a.ev[a_before].type, JANUV_TEXTROOM_ANNOUNCEMENT);

  /* Management over the data channel (route AUTO once ready). */
  box m = {0};
  CHECK(januv_textroom_list_participants(a.p.tr, room, on_participants, &m) == 0);
  CHECK(box_wait(&loop, &m, 1));
  CHECK_EQ_INT(m.status, 0);
  CHECK_EQ_INT(m.n, 2);
  CHECK(has_name(&m, "alice") && has_name(&m, "bob"));
  CHECK(januv_textroom_exists(a.p.tr, room, on_exists, &m) == 0);
  CHECK(box_wait(&loop, &m, 2));
  CHECK(m.status == 0 && m.flag);
  CHECK_EQ_STR(m.room, room_s);
  CHECK(januv_textroom_list(a.p.tr, NULL, on_list, &m) == 0);
  CHECK(box_wait(&loop, &m, 3));
  CHECK_EQ_INT(m.status, 0);
  CHECK(has_name(&m, room_s));
  januv_textroom_edit_options eo;
  januv_textroom_edit_options_init(&eo);
  eo.secret = "room-secret";
  eo.new_description = "januv chat, edited";
  CHECK(januv_textroom_edit(a.p.tr, room, &eo, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 4));
  CHECK_EQ_INT(m.status, 0);
  const char *const tokens[] = {"tok-1", "tok-2"};
  CHECK(januv_textroom_allowed(a.p.tr, room, "room-secret", JANUV_TEXTROOM_ACL_ADD, tokens, 2, on_allowed, &m) == 0);
  CHECK(box_wait(&loop, &m, 5));
  CHECK_EQ_INT(m.status, 0);
  CHECK(m.n == 2 && has_name(&m, "tok-1") && has_name(&m, "tok-2"));
  CHECK(januv_textroom_allowed(a.p.tr, room, "room-secret", JANUV_TEXTROOM_ACL_REMOVE, tokens, 1, on_allowed, &m) == 0);
  CHECK(box_wait(&loop, &m, 6));
  CHECK(m.status == 0 && m.n == 1 && has_name(&m, "tok-2"));
  CHECK(januv_textroom_allowed(a.p.tr, room, "room-secret", JANUV_TEXTROOM_ACL_DISABLE, NULL, 0, on_allowed, &m) == 0);
  CHECK(box_wait(&loop, &m, 7));
  CHECK(m.status == 0 && m.n == 0);

  /* Kick bob: everybody, bob too, gets "kicked"; then alice leaves and the room is destroyed. */
  b_before = b.nev;
  CHECK(januv_textroom_kick(a.p.tr, room, "room-secret", "bob", on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 8));
  CHECK_EQ_INT(m.status, 0);
  CHECK(wait_events(&b, b_before + 1));
  CHECK_EQ_INT(b.ev[b_before].type, JANUV_TEXTROOM_KICKED);
  CHECK_EQ_STR(b.ev[b_before].username, "bob");
  CHECK(januv_textroom_message(b.p.tr, room, "still here?", NULL, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 9));
  CHECK_EQ_INT(m.plugin_code, JANUV_TEXTROOM_ERR_NOT_IN_ROOM);
  CHECK(januv_textroom_leave(a.p.tr, room, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 10));
  CHECK_EQ_INT(m.status, 0);
  CHECK(januv_textroom_destroy(a.p.tr, room, "room-secret", false, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 11));
  CHECK_EQ_INT(m.status, 0);
  /* The Janus API route on a ready textroom. */
  januv_textroom_set_route(b.p.tr, JANUV_TEXTROOM_ROUTE_JANUS_API);
  CHECK(januv_textroom_exists(b.p.tr, room, on_exists, &m) == 0);
  CHECK(box_wait(&loop, &m, 12));
  CHECK(m.status == 0 && !m.flag);

  /* Exactly once when things go away: a request in flight when the peer closes fails with ECONNRESET
   * (or has its reply), and the channel-closed callback runs once. */
  box late = {0};
  CHECK(januv_textroom_list(a.p.tr, NULL, on_list, &late) == 0);
  CHECK(januv_peer_close(a.p.peer, t_party_peer_closed, &a.p) == 0);
  CHECK(box_wait(&loop, &late, 1));
  CHECK(late.status == 0 || late.status == JANUV_ECONNRESET);
  CHECK(t_wait_count(&loop, &a.channel_closed, 1, LIMIT_MS));
  CHECK_EQ_INT(januv_textroom_message(a.p.tr, room, "gone", NULL, on_reply, &late), JANUV_ESTATE);
  t_run_for(&loop, 100);
  CHECK_EQ_INT(late.calls, 1);
  CHECK_EQ_INT(a.channel_closed, 1);

  CHECK(member_close(&a));
  CHECK(member_close(&b));
  box_clear(&x);
  box_clear(&y);
  box_clear(&acks);
  box_clear(&noack);
  box_clear(&priv);
  box_clear(&ann);
  box_clear(&m);
  box_clear(&late);
  CHECK(t_loop_close(&loop, 5000));
}

/* Requests in flight when the textroom detaches complete once, with their reply or JANUV_ECANCELED; the
 * history is replayed to a late joiner. */
static void textroom_detach_pending(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  member a, b;
  CHECK(member_open(&a, &loop, janus));
  CHECK(member_open(&b, &loop, janus));
  CHECK(member_setup(&a));
  CHECK(member_setup(&b));
  box x = {0};
  januv_textroom_room_options ro;
  januv_textroom_room_options_init(&ro);
  ro.history = 3;
  CHECK(januv_textroom_create(a.p.tr, &ro, on_created, &x) == 0);
  CHECK(box_wait(&loop, &x, 1));
  CHECK_EQ_INT(x.status, 0);
  januv_id room = januv_id_num(strtoull(x.room, NULL, 10));
  januv_textroom_join_options jo;
  januv_textroom_join_options_init(&jo);
  jo.username = "writer";
  CHECK(januv_textroom_join(a.p.tr, room, &jo, on_participants, &x) == 0);
  CHECK(box_wait(&loop, &x, 2));
  CHECK_EQ_INT(x.status, 0);
  box acks = {0};
  for (int i = 0; i < 4; i++) {
    char t[32];
    snprintf(t, sizeof t, "history %d", i);
    CHECK(januv_textroom_message(a.p.tr, room, t, NULL, on_reply, &acks) == 0);
  }
  CHECK(box_wait(&loop, &acks, 4));
  /* A late joiner gets the last 3 as MESSAGE events (with display), before its join completes. */
  jo.username = "reader";
  int before = b.nev;
  CHECK(januv_textroom_join(b.p.tr, room, &jo, on_participants, &x) == 0);
  CHECK(box_wait(&loop, &x, 3));
  CHECK_EQ_INT(x.status, 0);
  CHECK(wait_events(&b, before + 3));
  for (int i = 0; i < 3; i++) {
    char t[32];
    snprintf(t, sizeof t, "history %d", i + 1);
    CHECK_EQ_INT(b.ev[before + i].type, JANUV_TEXTROOM_MESSAGE);
    CHECK(b.ev[before + i].text && !strcmp(b.ev[before + i].text, t));
  }
  /* The writer hears of the reader's join on its own channel; until then that announcement may still come. */
  CHECK(wait_join(&a, "reader") >= 0);
  /* A reply later than the timeout: the request fails with JANUV_ETIMEDOUT, and the late reply, which
   * answers nothing any more, arrives as an event. The loop is held until the deadline has passed: uv runs
   * due timers before it polls for the reply. */
  januv_textroom_set_timeout(a.p.tr, 1);
  box late = {0};
  int a_before = a.nev;
  CHECK(januv_textroom_exists(a.p.tr, room, on_exists, &late) == 0);
  usleep(30000);
  CHECK(box_wait(&loop, &late, 1));
  CHECK_EQ_INT(late.status, JANUV_ETIMEDOUT);
  januv_textroom_set_timeout(a.p.tr, 0);
  CHECK(wait_events(&a, a_before + 1));
  CHECK_EQ_INT(a.ev[a_before].type, JANUV_TEXTROOM_OTHER);
  t_run_for(&loop, 100);
  CHECK_EQ_INT(late.calls, 1);
  box_clear(&late);
  /* Detach with requests in flight. */
  box pend = {0};
  for (int i = 0; i < 5; i++) CHECK(januv_textroom_message(a.p.tr, room, "bye", NULL, on_reply, &pend) == 0);
  CHECK(januv_textroom_detach(a.p.tr, NULL, NULL) == 0);
  CHECK_EQ_INT(pend.calls, 0);
  CHECK(t_wait_count(&loop, &a.p.closed, 1, LIMIT_MS));
  CHECK_EQ_INT(pend.calls, 5);
  CHECK(pend.status == 0 || pend.status == JANUV_ECANCELED);
  t_run_for(&loop, 100);
  CHECK_EQ_INT(pend.calls, 5);
  CHECK(member_close(&a));
  CHECK(member_close(&b));
  box_clear(&x);
  box_clear(&acks);
  box_clear(&pend);
  CHECK(t_loop_close(&loop, 5000));
}

/* Management requests with string room ids (string_ids = true), over both routes. */
static void textroom_string_ids(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  member a;
  CHECK(member_open(&a, &loop, janus_strings));
  box m = {0};
  januv_textroom_room_options ro;
  januv_textroom_room_options_init(&ro);
  ro.room = januv_id_str("januv-api-room");
  ro.description = "string id";
  CHECK(januv_textroom_create(a.p.tr, &ro, on_created, &m) == 0); /* Janus API */
  CHECK(box_wait(&loop, &m, 1));
  CHECK_EQ_INT(m.status, 0);
  CHECK_EQ_STR(m.room, "januv-api-room");
  CHECK(member_setup(&a));
  ro.room = januv_id_str("januv-dc-room");
  CHECK(januv_textroom_create(a.p.tr, &ro, on_created, &m) == 0); /* data channel */
  CHECK(box_wait(&loop, &m, 2));
  CHECK_EQ_INT(m.status, 0);
  CHECK_EQ_STR(m.room, "januv-dc-room");
  CHECK(januv_textroom_list(a.p.tr, NULL, on_list, &m) == 0);
  CHECK(box_wait(&loop, &m, 3));
  CHECK(m.status == 0 && has_name(&m, "januv-api-room") && has_name(&m, "januv-dc-room"));
  CHECK(januv_textroom_exists(a.p.tr, januv_id_str("januv-api-room"), on_exists, &m) == 0);
  CHECK(box_wait(&loop, &m, 4));
  CHECK(m.status == 0 && m.flag);
  CHECK_EQ_STR(m.room, "januv-api-room");
  januv_textroom_join_options jo;
  januv_textroom_join_options_init(&jo);
  jo.username = "stringy";
  CHECK(januv_textroom_join(a.p.tr, januv_id_str("januv-dc-room"), &jo, on_participants, &m) == 0);
  CHECK(box_wait(&loop, &m, 5));
  CHECK_EQ_INT(m.status, 0);
  int before = a.nev;
  CHECK(januv_textroom_message(a.p.tr, januv_id_str("januv-dc-room"), "hi", NULL, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 6));
  CHECK(wait_events(&a, before + 1));
  CHECK_EQ_STR(a.ev[before].room, "januv-dc-room");
  januv_textroom_set_route(a.p.tr, JANUV_TEXTROOM_ROUTE_JANUS_API);
  CHECK(januv_textroom_list_participants(a.p.tr, januv_id_str("januv-dc-room"), on_participants, &m) == 0);
  CHECK(box_wait(&loop, &m, 7));
  CHECK(m.status == 0 && m.n == 1 && has_name(&m, "stringy"));
  CHECK(januv_textroom_destroy(a.p.tr, januv_id_str("januv-dc-room"), NULL, false, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 8));
  CHECK_EQ_INT(m.status, 0);
  januv_textroom_set_route(a.p.tr, JANUV_TEXTROOM_ROUTE_DATA_CHANNEL);
  CHECK(januv_textroom_destroy(a.p.tr, januv_id_str("januv-api-room"), NULL, false, on_reply, &m) == 0);
  CHECK(box_wait(&loop, &m, 9));
  CHECK_EQ_INT(m.status, 0);
  CHECK(januv_textroom_exists(a.p.tr, januv_id_str("januv-api-room"), on_exists, &m) == 0);
  CHECK(box_wait(&loop, &m, 10));
  CHECK(m.status == 0 && !m.flag);
  /* A numeric id where strings are expected: the plugin's typed error. */
  CHECK(januv_textroom_exists(a.p.tr, januv_id_num(42), on_exists, &m) == 0);
  CHECK(box_wait(&loop, &m, 11));
  CHECK_EQ_INT(m.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(m.plugin_code, JANUV_TEXTROOM_ERR_INVALID_ELEMENT);
  CHECK(member_close(&a));
  box_clear(&m);
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  gst_init(NULL, NULL);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "textroom";
  if (jfx_start(&o, &janus) != 0) return 1;
  o.name = "textroom-strings";
  o.string_ids = true;
  if (jfx_start(&o, &janus_strings) != 0) {
    jfx_free(janus);
    return 1;
  }
  static const t_case cases[] = {T_CASE(textroom_chat), T_CASE(textroom_detach_pending), T_CASE(textroom_string_ids)};
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (rc != 0) {
    jfx_dump_log(janus, stderr, 6000);
    jfx_dump_log(janus_strings, stderr, 3000);
  }
  jfx_free(janus);
  jfx_free(janus_strings);
  /* After a failure peers may be left running: deinit would wait for them. */
  if (rc == 0) gst_deinit();
  return rc;
}
