/*
 * VideoRoom signalling against the real Janus: every room-management request and the participant
 * requests that need no media, their typed replies and events, and VideoRoom's typed errors. Runs
 * with numeric ids (default) or with --ids=str against a Janus whose VideoRoom has string_ids = true.
 * The plugin has an admin_key, so private rooms only show in lists that give it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "party.h"

#define ADMIN_KEY "januv-videoroom-admin"

static jfx *janus;
static bool str_ids;
static uv_loop_t *L;

/* A room, feed or participant id of the server's kind. */
static januv_id ID(uint64_t n) { return t_id(str_ids, "vr-", n); }

/* A fresh room number per case (both servers keep rooms across cases). */
static uint64_t next_room(void) {
  static uint64_t n = 1000;
  return n += 10;
}

/* ---- typed replies kept for checks ---- */

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  januv_videoroom_event_type type;
  char room[64], id[64];
  bool self, exists, permanent;
  uint64_t private_id;
  size_t n; /* list entries, allowed tokens, publishers */
  char text[4096]; /* the decoded list, rendered */
} box;

static void add_text(box *b, const char *fmt_, ...) __attribute__((format(printf, 2, 3)));
static void add_text(box *b, const char *fmt_, ...) {
  size_t len = strlen(b->text);
  va_list ap;
  va_start(ap, fmt_);
  vsnprintf(b->text + len, sizeof b->text - len, fmt_, ap);
  va_end(ap);
}

static void on_ev(const januv_reply *r, const januv_videoroom_event *ev, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  if (!ev) return;
  b->type = ev->type;
  snprintf(b->room, sizeof b->room, "%s", januv_id_set(ev->room) ? t_id_text(ev->room) : "");
  snprintf(b->id, sizeof b->id, "%s", januv_id_set(ev->id) ? t_id_text(ev->id) : "");
  b->self = ev->self;
  b->exists = ev->exists;
  b->permanent = ev->permanent;
  b->private_id = ev->private_id;
  b->n = ev->type == JANUV_VIDEOROOM_JOINED ? ev->npublishers : ev->nallowed;
  for (size_t i = 0; i < ev->nallowed; i++) add_text(b, "[%s]", ev->allowed[i]);
  for (size_t i = 0; i < ev->npublishers; i++) add_text(b, "[pub %s]", t_id_text(ev->publishers[i].id));
}

static void on_rooms(const januv_reply *r, const januv_videoroom_room *rooms, size_t n, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++) {
    const januv_videoroom_room *m = &rooms[i];
    add_text(b, "[%s desc=%s private=%d pin=%d pvtid=%d pubs=%d bitrate=%d fir=%d a=%s v=%s rec=%d lock=%d "
                "notify=%d n=%d]",
             t_id_text(m->room), m->description ? m->description : "-", m->is_private, m->pin_required,
             m->require_pvtid, m->max_publishers, m->bitrate, m->fir_freq, m->audiocodec ? m->audiocodec : "-",
             m->videocodec ? m->videocodec : "-", m->record, m->lock_record, m->notify_joining, m->num_participants);
  }
}

static void on_participants(const januv_reply *r, const januv_videoroom_participant *p, size_t n, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++)
    add_text(b, "[%s %s pub=%d]", t_id_text(p[i].id), p[i].display ? p[i].display : "-", p[i].publisher);
}

static void on_forwarders(const januv_reply *r, const januv_videoroom_forwarders *f, size_t n, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->n = n;
}

#define AWAIT_OK(b, call) T_AWAIT_OK(L, b, call)
#define AWAIT_ERR(b, call, code) T_AWAIT_ERR(L, b, call, code)

/* ---- a client, a session and handles ---- */

#define MAX_EVENTS 64

typedef struct evrec {
  januv_videoroom_event_type type;
  char id[64];
  bool self;
} evrec;

typedef struct party {
  t_party p; /* first: the callbacks' data */
  evrec ev[MAX_EVENTS];
  int nev;
} party;

typedef struct fx {
  januv_client *client;
  januv_session *session;
  party p[3];
} fx;

static void on_event(januv_videoroom *vr, const januv_videoroom_event *ev, void *data) {
  (void)vr;
  party *p = data;
  if (p->nev >= MAX_EVENTS) return;
  evrec *e = &p->ev[p->nev++];
  e->type = ev->type;
  e->self = ev->self;
  snprintf(e->id, sizeof e->id, "%s", januv_id_set(ev->id) ? t_id_text(ev->id) : "");
}

static const januv_videoroom_callbacks cbs = {.on_event = on_event};

/* Waits for an event of that type (and id, if not NULL) among those party p got. */
static bool wait_event(party *p, januv_videoroom_event_type type, const char *id, bool self) {
  uint64_t deadline = uv_now(L) + T_LIMIT_MS;
  do {
    for (int i = 0; i < p->nev; i++)
      if (p->ev[i].type == type && (!id || !strcmp(p->ev[i].id, id)) && p->ev[i].self == self) return true;
    t_run_for(L, 20);
  } while (uv_now(L) < deadline);
  return false;
}

/* A client, a session and nhandles videoroom handles on it. */
static bool fx_open(fx *f, int nhandles) {
  memset(f, 0, sizeof *f);
  f->session = t_open_session(L, jfx_url(janus, "ws"), &f->client);
  if (!f->session) return false;
  for (int i = 0; i < nhandles; i++) {
    t_party_init(&f->p[i].p, L, f->session, "videoroom");
    if (!t_attach_videoroom(&f->p[i].p, &cbs)) return false;
  }
  return true;
}

static bool fx_close(fx *f) {
  bool ok = true;
  for (int i = 0; i < 3; i++)
    if (f->p[i].p.attached) ok = t_party_close(&f->p[i].p) && ok;
  return t_close_session(L, f->client, f->session) && ok;
}

static void room_defaults(januv_videoroom_room_options *o, januv_id room) {
  januv_videoroom_room_options_init(o);
  o->room = room;
  o->admin_key = ADMIN_KEY;
}

/* ---- cases ---- */

/* create (options, admin_key), exists, destroy; Janus-chosen ids; the errors of each. */
static void create_exists_destroy(void) {
  fx f;
  CHECK(fx_open(&f, 1));
  januv_videoroom *vr = f.p[0].p.vr;
  box b;
  januv_id room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, room);
  o.description = "januv create";
  o.secret = "s3cret";
  o.publishers = 4;
  o.bitrate = 256000;
  o.fir_freq = 10;
  o.audiocodec = "opus";
  o.videocodec = "vp8,h264";
  o.record = 0;
  o.notify_joining = 1;
  o.audiolevel_ext = 1;
  o.audiolevel_event = 1;
  o.audio_active_packets = 50;
  o.audio_level_average = 40;
  o.require_pvtid = 0;
  o.lock_record = 1;
  o.opus_fec = 1;
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_CREATED);
  CHECK_EQ_STR(b.room, t_id_text(room));
  CHECK(!b.permanent);
  AWAIT_OK(b, januv_videoroom_exists(vr, room, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SUCCESS);
  CHECK(b.exists);
  /* The room as listed reflects the options. */
  AWAIT_OK(b, januv_videoroom_list(vr, NULL, on_rooms, &b));
  char want[256];
  snprintf(want, sizeof want, "[%s desc=januv create private=0 pin=0 pvtid=0 pubs=4 bitrate=256000 fir=10 a=opus "
                              "v=vp8,h264 rec=0 lock=1 notify=1 n=0]", t_id_text(room));
  if (!strstr(b.text, want)) fprintf(stderr, "  list: %s\n  want: %s\n", b.text, want);
  CHECK(strstr(b.text, want) != NULL);
  /* Errors: the same id again, no admin_key (a missing element), a wrong admin_key. */
  AWAIT_ERR(b, januv_videoroom_create(vr, &o, on_ev, &b), JANUV_VIDEOROOM_ERR_ROOM_EXISTS);
  o.room = ID(next_room());
  o.admin_key = NULL;
  AWAIT_ERR(b, januv_videoroom_create(vr, &o, on_ev, &b), JANUV_VIDEOROOM_ERR_MISSING_ELEMENT);
  o.admin_key = "wrong";
  AWAIT_ERR(b, januv_videoroom_create(vr, &o, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  /* Janus picks the id: of the server's kind. */
  januv_videoroom_room_options pick;
  januv_id zero = {NULL, 0};
  room_defaults(&pick, zero);
  AWAIT_OK(b, januv_videoroom_create(vr, &pick, on_ev, &b));
  CHECK(b.room[0] != '\0');
  char picked[64];
  snprintf(picked, sizeof picked, "%s", b.room);
  januv_id picked_id = t_id_parse(str_ids, picked);
  CHECK(januv_id_set(picked_id));
  AWAIT_OK(b, januv_videoroom_destroy(vr, picked_id, NULL, false, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_DESTROYED);
  /* destroy needs the secret */
  AWAIT_ERR(b, januv_videoroom_destroy(vr, room, "nope", false, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  AWAIT_OK(b, januv_videoroom_destroy(vr, room, "s3cret", false, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_DESTROYED);
  CHECK_EQ_STR(b.room, t_id_text(room));
  AWAIT_OK(b, januv_videoroom_exists(vr, room, on_ev, &b));
  CHECK(!b.exists);
  AWAIT_ERR(b, januv_videoroom_destroy(vr, room, "s3cret", false, on_ev, &b), JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM);
  /* An id of the other kind is refused by Janus's validation. */
  januv_id wrong = str_ids ? januv_id_num(next_room()) : januv_id_str("not-a-number");
  AWAIT_ERR(b, januv_videoroom_exists(vr, wrong, on_ev, &b), JANUV_VIDEOROOM_ERR_INVALID_ELEMENT);
  /* Caught before sending: the zero id where one is required, no callback. */
  januv_id none = {NULL, 0};
  CHECK_EQ_INT(januv_videoroom_exists(vr, none, on_ev, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_videoroom_kick(vr, room, NULL, none, on_ev, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_videoroom_allowed(vr, room, NULL, JANUV_VIDEOROOM_ACL_ADD, NULL, 0, on_ev, &b), JANUV_EINVAL);
  CHECK(fx_close(&f));
}

/* permanent: the room is written to (and removed from) the plugin's config file. */
static void permanent_rooms(void) {
  fx f;
  CHECK(fx_open(&f, 1));
  januv_videoroom *vr = f.p[0].p.vr;
  box b;
  januv_id room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, room);
  o.permanent = 1;
  o.description = "januv permanent";
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  CHECK(b.permanent);
  char path[600], cat[96];
  snprintf(path, sizeof path, "%s/janus.plugin.videoroom.jcfg", jfx_dir(janus));
  snprintf(cat, sizeof cat, "room-%s", t_id_text(room));
  FILE *fp = fopen(path, "r");
  CHECK(fp != NULL);
  char text[16384];
  size_t len = fread(text, 1, sizeof text - 1, fp);
  fclose(fp);
  text[len] = '\0';
  CHECK(strstr(text, cat) != NULL);
  januv_videoroom_edit_options e;
  januv_videoroom_edit_options_init(&e);
  e.room = room;
  e.new_description = "januv permanent, edited";
  e.permanent = 1;
  AWAIT_OK(b, januv_videoroom_edit(vr, &e, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_EDITED);
  CHECK(b.permanent);
  fp = fopen(path, "r");
  CHECK(fp != NULL);
  len = fread(text, 1, sizeof text - 1, fp);
  fclose(fp);
  text[len] = '\0';
  CHECK(strstr(text, "januv permanent, edited") != NULL);
  AWAIT_OK(b, januv_videoroom_destroy(vr, room, NULL, true, on_ev, &b));
  CHECK(b.permanent);
  fp = fopen(path, "r");
  CHECK(fp != NULL);
  len = fread(text, 1, sizeof text - 1, fp);
  fclose(fp);
  text[len] = '\0';
  CHECK(strstr(text, cat) == NULL);
  CHECK(fx_close(&f));
}

/* edit, and list with and without the admin_key (private rooms). */
static void edit_and_list(void) {
  fx f;
  CHECK(fx_open(&f, 1));
  januv_videoroom *vr = f.p[0].p.vr;
  box b;
  januv_id pub_room = ID(next_room()), priv_room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, pub_room);
  o.description = "januv public";
  o.secret = "edit-me";
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  room_defaults(&o, priv_room);
  o.description = "januv private";
  o.is_private = 1;
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  char pub_tag[80], priv_tag[80];
  snprintf(pub_tag, sizeof pub_tag, "[%s desc=januv public private=0", t_id_text(pub_room));
  snprintf(priv_tag, sizeof priv_tag, "[%s desc=januv private private=1", t_id_text(priv_room));
  AWAIT_OK(b, januv_videoroom_list(vr, NULL, on_rooms, &b));
  CHECK(strstr(b.text, pub_tag) != NULL);
  CHECK(strstr(b.text, priv_tag) == NULL);
  AWAIT_OK(b, januv_videoroom_list(vr, ADMIN_KEY, on_rooms, &b));
  CHECK(strstr(b.text, pub_tag) != NULL);
  CHECK(strstr(b.text, priv_tag) != NULL);
  AWAIT_ERR(b, januv_videoroom_list(vr, "wrong-key", on_rooms, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  /* edit: the secret is checked, the changes show in the list. */
  januv_videoroom_edit_options e;
  januv_videoroom_edit_options_init(&e);
  e.room = pub_room;
  e.secret = "wrong";
  e.new_description = "januv edited";
  AWAIT_ERR(b, januv_videoroom_edit(vr, &e, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  e.secret = "edit-me";
  e.new_is_private = 1;
  e.new_pin = "1234";
  e.new_publishers = 7;
  e.new_bitrate = 128000;
  e.new_fir_freq = 5;
  e.new_require_pvtid = 1;
  e.new_lock_record = 1;
  AWAIT_OK(b, januv_videoroom_edit(vr, &e, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_EDITED);
  CHECK_EQ_STR(b.room, t_id_text(pub_room));
  AWAIT_OK(b, januv_videoroom_list(vr, NULL, on_rooms, &b));
  CHECK(strstr(b.text, pub_tag) == NULL); /* private now */
  AWAIT_OK(b, januv_videoroom_list(vr, ADMIN_KEY, on_rooms, &b));
  char want[160];
  snprintf(want, sizeof want, "[%s desc=januv edited private=1 pin=1 pvtid=1 pubs=7 bitrate=128000 fir=5 ",
           t_id_text(pub_room));
  if (!strstr(b.text, want)) fprintf(stderr, "  list: %s\n  want: %s\n", b.text, want);
  CHECK(strstr(b.text, want) != NULL);
  CHECK(strstr(b.text, "lock=1") != NULL);
  januv_videoroom_edit_options_init(&e);
  e.room = ID(next_room());
  AWAIT_ERR(b, januv_videoroom_edit(vr, &e, on_ev, &b), JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM);
  AWAIT_OK(b, januv_videoroom_destroy(vr, pub_room, "edit-me", false, on_ev, &b));
  AWAIT_OK(b, januv_videoroom_destroy(vr, priv_room, NULL, false, on_ev, &b));
  CHECK(fx_close(&f));
}

/* allowed: enable, add, remove, disable; join refused without an allowed token; pin. */
static void acl_and_pin(void) {
  fx f;
  CHECK(fx_open(&f, 3));
  januv_videoroom *vr = f.p[0].p.vr, *guest = f.p[1].p.vr, *late = f.p[2].p.vr;
  box b;
  januv_id room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, room);
  o.secret = "acl";
  o.pin = "4321";
  const char *first[] = {"token-a"};
  o.allowed = first;
  o.nallowed = 1;
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  const char *more[] = {"token-b", "token-c"};
  AWAIT_ERR(b, januv_videoroom_allowed(vr, room, "wrong", JANUV_VIDEOROOM_ACL_ADD, more, 2, on_ev, &b),
            JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  AWAIT_OK(b, januv_videoroom_allowed(vr, room, "acl", JANUV_VIDEOROOM_ACL_ADD, more, 2, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SUCCESS);
  CHECK_EQ_INT(b.n, 3);
  CHECK(strstr(b.text, "[token-a]") && strstr(b.text, "[token-b]") && strstr(b.text, "[token-c]"));
  AWAIT_OK(b, januv_videoroom_allowed(vr, room, "acl", JANUV_VIDEOROOM_ACL_REMOVE, first, 1, on_ev, &b));
  CHECK_EQ_INT(b.n, 2);
  CHECK(strstr(b.text, "[token-a]") == NULL);
  AWAIT_OK(b, januv_videoroom_allowed(vr, room, "acl", JANUV_VIDEOROOM_ACL_ENABLE, NULL, 0, on_ev, &b));
  CHECK_EQ_INT(b.n, 2);
  /* The ACL refuses a removed token, and no token; an allowed one joins (with the pin). */
  januv_videoroom_join_options j = {.room = room, .display = "guest", .pin = "4321", .token = "token-a"};
  AWAIT_ERR(b, januv_videoroom_join(guest, &j, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  j.token = NULL;
  AWAIT_ERR(b, januv_videoroom_join(guest, &j, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  j.token = "token-b";
  j.pin = "0000";
  AWAIT_ERR(b, januv_videoroom_join(guest, &j, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  j.pin = "4321";
  AWAIT_OK(b, januv_videoroom_join(guest, &j, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_JOINED);
  AWAIT_OK(b, januv_videoroom_leave(guest, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_LEAVING);
  CHECK(b.self);
  /* A handle that left cannot join again (Janus wants a new handle). */
  AWAIT_ERR(b, januv_videoroom_join(guest, &j, on_ev, &b), JANUV_VIDEOROOM_ERR_ALREADY_JOINED);
  /* disable: anyone (with the pin) joins */
  AWAIT_OK(b, januv_videoroom_allowed(vr, room, "acl", JANUV_VIDEOROOM_ACL_DISABLE, NULL, 0, on_ev, &b));
  j.token = NULL;
  AWAIT_OK(b, januv_videoroom_join(late, &j, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_JOINED);
  AWAIT_ERR(b, januv_videoroom_join(late, &j, on_ev, &b), JANUV_VIDEOROOM_ERR_ALREADY_JOINED);
  AWAIT_OK(b, januv_videoroom_destroy(vr, room, "acl", false, on_ev, &b));
  /* the participant hears about it */
  CHECK(wait_event(&f.p[2], JANUV_VIDEOROOM_DESTROYED, NULL, false));
  CHECK(fx_close(&f));
}

/* Participants without media: joined (our id, private id), listparticipants, kick (events on both
 * sides), moderate and forwarders errors, enable_recording. */
static void participants_and_kick(void) {
  fx f;
  CHECK(fx_open(&f, 3));
  januv_videoroom *admin = f.p[0].p.vr, *alice = f.p[1].p.vr, *bob = f.p[2].p.vr;
  box b;
  januv_id room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, room);
  o.secret = "kick";
  o.notify_joining = 1;
  AWAIT_OK(b, januv_videoroom_create(admin, &o, on_ev, &b));
  januv_id alice_id = ID(next_room() + 1), bob_id = ID(next_room() + 2);
  januv_videoroom_join_options j = {.room = room, .id = alice_id, .display = "alice"};
  AWAIT_OK(b, januv_videoroom_join(alice, &j, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_JOINED);
  CHECK_EQ_STR(b.id, t_id_text(alice_id));
  CHECK_EQ_STR(b.room, t_id_text(room));
  CHECK(b.private_id != 0);
  CHECK_EQ_INT(b.n, 0); /* nobody publishes */
  /* the same id twice is refused */
  januv_videoroom_join_options dup = {.room = room, .id = alice_id, .display = "bob"};
  AWAIT_ERR(b, januv_videoroom_join(bob, &dup, on_ev, &b), JANUV_VIDEOROOM_ERR_ID_EXISTS);
  /* Bob joins and configures without media in one request; Alice (notify_joining) hears it. */
  januv_videoroom_join_options jb = {.room = room, .id = bob_id, .display = "bob"};
  januv_videoroom_publish_options po;
  januv_videoroom_publish_options_init(&po);
  po.bitrate = 64000;
  AWAIT_OK(b, januv_videoroom_join_and_publish(bob, &jb, NULL, &po, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_JOINED);
  CHECK_EQ_STR(b.id, t_id_text(bob_id));
  CHECK(wait_event(&f.p[1], JANUV_VIDEOROOM_JOINING, t_id_text(bob_id), false));
  AWAIT_OK(b, januv_videoroom_list_participants(admin, room, on_participants, &b));
  CHECK_EQ_INT(b.n, 2);
  char want[128];
  snprintf(want, sizeof want, "[%s alice pub=0]", t_id_text(alice_id));
  CHECK(strstr(b.text, want) != NULL);
  snprintf(want, sizeof want, "[%s bob pub=0]", t_id_text(bob_id));
  CHECK(strstr(b.text, want) != NULL);
  /* A display change is announced. */
  januv_videoroom_publish_options_init(&po);
  po.display = "bobby";
  AWAIT_OK(b, januv_videoroom_configure(bob, &po, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_CONFIGURED);
  CHECK(wait_event(&f.p[1], JANUV_VIDEOROOM_DISPLAY, t_id_text(bob_id), false));
  /* Nothing published: unpublish, moderate and rtp_forward say so. */
  AWAIT_ERR(b, januv_videoroom_unpublish(bob, on_ev, &b), JANUV_VIDEOROOM_ERR_NOT_PUBLISHED);
  AWAIT_ERR(b, januv_videoroom_moderate(admin, room, "kick", bob_id, "0", true, on_ev, &b),
            JANUV_VIDEOROOM_ERR_NO_SUCH_FEED);
  januv_videoroom_forward_stream fs;
  januv_videoroom_forward_stream_init(&fs);
  fs.mid = "0";
  fs.port = 5004;
  januv_videoroom_forward_options fo;
  januv_videoroom_forward_options_init(&fo);
  fo.room = room;
  fo.publisher_id = ID(next_room() + 3);
  fo.host = "127.0.0.1";
  fo.secret = "kick";
  fo.admin_key = ADMIN_KEY;
  fo.streams = &fs;
  fo.nstreams = 1;
  AWAIT_ERR(b, januv_videoroom_rtp_forward(admin, &fo, on_forwarders, &b), JANUV_VIDEOROOM_ERR_NO_SUCH_FEED);
  AWAIT_OK(b, januv_videoroom_list_forwarders(admin, room, "kick", on_forwarders, &b));
  CHECK_EQ_INT(b.n, 0);
  AWAIT_ERR(b, januv_videoroom_stop_rtp_forward(admin, room, bob_id, 4000000000u, "kick", ADMIN_KEY, on_ev, &b),
            JANUV_VIDEOROOM_ERR_NO_SUCH_FEED);
  AWAIT_OK(b, januv_videoroom_enable_recording(admin, room, "kick", true, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SUCCESS);
  AWAIT_OK(b, januv_videoroom_enable_recording(admin, room, "kick", false, on_ev, &b));
  AWAIT_ERR(b, januv_videoroom_enable_recording(admin, room, "nope", true, on_ev, &b),
            JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  /* kick: the secret is checked; Bob is told (self), Alice sees Bob kicked. */
  AWAIT_ERR(b, januv_videoroom_kick(admin, room, "nope", bob_id, on_ev, &b), JANUV_VIDEOROOM_ERR_UNAUTHORIZED);
  AWAIT_ERR(b, januv_videoroom_kick(admin, room, "kick", ID(next_room() + 4), on_ev, &b),
            JANUV_VIDEOROOM_ERR_NO_SUCH_FEED);
  AWAIT_OK(b, januv_videoroom_kick(admin, room, "kick", bob_id, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_SUCCESS);
  CHECK(wait_event(&f.p[2], JANUV_VIDEOROOM_KICKED, "", true));
  CHECK(wait_event(&f.p[1], JANUV_VIDEOROOM_KICKED, t_id_text(bob_id), false));
  AWAIT_OK(b, januv_videoroom_list_participants(admin, room, on_participants, &b));
  CHECK_EQ_INT(b.n, 1);
  /* Alice leaves: her reply is LEAVING self; then destroy. */
  AWAIT_OK(b, januv_videoroom_leave(alice, on_ev, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOROOM_LEAVING);
  CHECK(b.self);
  AWAIT_OK(b, januv_videoroom_destroy(admin, room, "kick", false, on_ev, &b));
  AWAIT_ERR(b, januv_videoroom_list_participants(admin, room, on_participants, &b),
            JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM);
  CHECK(fx_close(&f));
}

/* Subscriber requests before subscribing, and subscriptions to feeds that do not exist. */
static void subscriber_errors(void) {
  fx f;
  CHECK(fx_open(&f, 2));
  januv_videoroom *vr = f.p[0].p.vr, *sub = f.p[1].p.vr;
  box b;
  januv_id room = ID(next_room());
  januv_videoroom_room_options o;
  room_defaults(&o, room);
  AWAIT_OK(b, januv_videoroom_create(vr, &o, on_ev, &b));
  /* Without a peer there is no subscription to renegotiate. */
  januv_videoroom_stream_ref ref = {.feed = ID(next_room() + 5)};
  CHECK_EQ_INT(januv_videoroom_update(sub, &ref, 1, NULL, 0, on_ev, &b), JANUV_ESTATE);
  CHECK_EQ_INT(januv_videoroom_update(sub, NULL, 0, NULL, 0, on_ev, &b), JANUV_ESTATE);
  januv_videoroom_subscribe_options so;
  januv_videoroom_subscribe_options_init(&so);
  so.room = room;
  CHECK_EQ_INT(januv_videoroom_subscribe(sub, NULL, &so, on_ev, &b), JANUV_EINVAL);
  /* Before a join, only join is accepted. */
  AWAIT_ERR(b, januv_videoroom_pause(sub, on_ev, &b), JANUV_VIDEOROOM_ERR_JOIN_FIRST);
  AWAIT_ERR(b, januv_videoroom_unpublish(sub, on_ev, &b), JANUV_VIDEOROOM_ERR_JOIN_FIRST);
  AWAIT_OK(b, januv_videoroom_destroy(vr, room, NULL, false, on_ev, &b));
  CHECK(fx_close(&f));
}

int main(int argc, char **argv) {
  str_ids = t_str_ids(argc, argv);
  jfx_options o;
  jfx_options_init(&o);
  o.name = str_ids ? "videoroom-str" : "videoroom-num";
  o.string_ids = str_ids;
  o.videoroom_extra = "admin_key = \"" ADMIN_KEY "\"";
  static const t_case cases[] = {
    T_CASE(create_exists_destroy), T_CASE(permanent_rooms), T_CASE(edit_and_list), T_CASE(acl_and_pin),
    T_CASE(participants_and_kick), T_CASE(subscriber_errors),
  };
  return t_main_janus(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
