/* VideoCall against the real Janus on loopback: two handles register, one calls, the other accepts, both
 * decode what the other sends; set, renegotiation both ways, hangup reaching both; a declined call; the
 * plugin's errors. */
#include <stdlib.h>
#include <string.h>

#include "party.h"

#define LIMIT_MS 20000

static jfx *janus;
static uv_loop_t *L;

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  januv_videocall_event_type type;
  char username[64];
  char list[512];
  size_t nlist;
} box;

static void on_reply(const januv_reply *r, const januv_videocall_event *ev, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  if (!ev) return;
  b->type = ev->type;
  snprintf(b->username, sizeof b->username, "%s", ev->username ? ev->username : "");
  b->nlist = ev->nlist;
  for (size_t i = 0; i < ev->nlist; i++) {
    size_t len = strlen(b->list);
    snprintf(b->list + len, sizeof b->list - len, "[%s]", ev->list[i]);
  }
}

#define AWAIT_OK(b, call) T_AWAIT_OK(L, b, call)
#define AWAIT_ERR(b, call, code) T_AWAIT_ERR(L, b, call, code)

/* ---- a user: a handle and a peer ---- */

typedef struct user {
  t_party p; /* first: the callbacks' data */
  int error_events;
  int incoming, accepted, updates, hangups; /* of the call (plugin events) */
  char hangup_by[64], caller[64];
} user;

static void on_event(januv_videocall *vc, const januv_videocall_event *ev, void *data) {
  (void)vc;
  user *u = data;
  if (getenv("VC_DEBUG")) {
    char *t = januv_json_print(ev->data, false);
    fprintf(stderr, "  [%s] %s%s: %s\n", u->p.name, januv_videocall_event_name(ev->type), ev->jsep ? " +jsep" : "",
            t);
    free(t);
  }
  switch (ev->type) {
  case JANUV_VIDEOCALL_INCOMINGCALL:
    u->incoming++;
    snprintf(u->caller, sizeof u->caller, "%s", ev->username ? ev->username : "");
    break;
  case JANUV_VIDEOCALL_ACCEPTED: u->accepted++; break;
  case JANUV_VIDEOCALL_UPDATE: u->updates++; break;
  case JANUV_VIDEOCALL_HANGUP:
    u->hangups++;
    snprintf(u->hangup_by, sizeof u->hangup_by, "%s", ev->username ? ev->username : "");
    break;
  case JANUV_VIDEOCALL_ERROR:
    u->error_events++;
    fprintf(stderr, "  %s: error event %d %s\n", u->p.name, ev->error_code, ev->error ? ev->error : "");
    break;
  default: break;
  }
}

static const januv_videocall_callbacks vc_cbs = {.on_event = on_event};

/* A videocall handle on s and a peer sending and receiving video (videotestsrc pattern) and audio. */
static bool user_open(januv_session *s, user *u, const char *name, const char *pattern) {
  memset(u, 0, sizeof *u);
  t_party_init(&u->p, L, s, name);
  if (!t_attach_videocall(&u->p, &vc_cbs)) return false;
  januv_peer_options o;
  t_party_peer_options(&u->p, &o);
  januv_track_options *v = januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  v->source_arg = pattern;
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  return t_party_peer(&u->p, &o, NULL);
}

/* Closes the peer and the handle; neither reported an error. */
static bool user_close(user *u) { return t_party_close(&u->p) && u->p.peer_errors == 0 && u->error_events == 0; }

static uint64_t frames(user *u) { return t_frames(u->p.peer, NULL); }

static bool wait_frames(user *u, uint64_t n) { return t_wait_frames(L, u->p.peer, NULL, n, LIMIT_MS); }

/* ---- cases ---- */

static void call_both_ways(void) {
  januv_client *client;
  januv_session *s = t_open_session(L, jfx_url(janus, "ws"), &client);
  CHECK(s);
  user alice, bob, eve, mallory;
  CHECK(user_open(s, &alice, "alice", "ball"));
  CHECK(user_open(s, &bob, "bob", "snow"));
  box b;
  /* Refused calls, each on a handle of its own: after the plugin refuses a call, Janus has already set up
   * ICE for its offer, and another offer on that handle may fail ("Error setting ICE locally"). */
  CHECK(user_open(s, &eve, "eve", NULL));
  AWAIT_ERR(b, januv_videocall_call(eve.p.vc, eve.p.peer, "bob-vc", on_reply, &b), JANUV_VIDEOCALL_ERR_REGISTER_FIRST);
  CHECK(user_close(&eve));
  AWAIT_OK(b, januv_videocall_register(alice.p.vc, "alice-vc", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_REGISTERED);
  CHECK_EQ_STR(b.username, "alice-vc");
  AWAIT_ERR(b, januv_videocall_register(bob.p.vc, "alice-vc", on_reply, &b), JANUV_VIDEOCALL_ERR_USERNAME_TAKEN);
  AWAIT_OK(b, januv_videocall_register(bob.p.vc, "bob-vc", on_reply, &b));
  AWAIT_ERR(b, januv_videocall_register(bob.p.vc, "bob-again", on_reply, &b), JANUV_VIDEOCALL_ERR_ALREADY_REGISTERED);
  AWAIT_OK(b, januv_videocall_list(alice.p.vc, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_LIST);
  CHECK(strstr(b.list, "[alice-vc]") && strstr(b.list, "[bob-vc]"));
  /* Errors: nobody by that name, nothing to accept. */
  CHECK(user_open(s, &mallory, "mallory", NULL));
  AWAIT_OK(b, januv_videocall_register(mallory.p.vc, "mallory-vc", on_reply, &b));
  AWAIT_ERR(b, januv_videocall_call(mallory.p.vc, mallory.p.peer, "carol-vc", on_reply, &b),
            JANUV_VIDEOCALL_ERR_NO_SUCH_USERNAME);
  CHECK(user_close(&mallory));
  CHECK_EQ_INT(januv_videocall_accept(bob.p.vc, bob.p.peer, on_reply, &b), JANUV_ESTATE);
  /* Alice calls Bob; Bob accepts. */
  AWAIT_OK(b, januv_videocall_call(alice.p.vc, alice.p.peer, "bob-vc", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_CALLING);
  CHECK(t_wait_count(L, &bob.incoming, 1, LIMIT_MS));
  CHECK_EQ_STR(bob.caller, "alice-vc");
  AWAIT_OK(b, januv_videocall_accept(bob.p.vc, bob.p.peer, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_ACCEPTED);
  CHECK(t_wait_count(L, &alice.accepted, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &alice.p.connected, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &bob.p.connected, 1, LIMIT_MS));
  /* Both sides decode what the other sends. */
  CHECK(wait_frames(&alice, 1) && wait_frames(&bob, 1));
  uint64_t a0 = frames(&alice), b0 = frames(&bob);
  t_run_for(L, 3000);
  uint64_t fa = frames(&alice) - a0, fb = frames(&bob) - b0;
  fprintf(stderr, "  in 3 s: alice decoded %llu frames, bob %llu\n", (unsigned long long)fa, (unsigned long long)fb);
  CHECK(fa >= 60 && fb >= 60);
  CHECK_EQ_INT(alice.p.video_tracks, 1);
  CHECK_EQ_INT(bob.p.audio_tracks, 1);
  /* set: Alice stops sending video to Bob, then sends it again with a bitrate cap. */
  januv_videocall_set_options so;
  januv_videocall_set_options_init(&so);
  so.video = 0;
  AWAIT_OK(b, januv_videocall_set(alice.p.vc, &so, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_SET);
  t_run_for(L, 500);
  b0 = frames(&bob);
  t_run_for(L, 1500);
  CHECK_EQ_INT(frames(&bob) - b0, 0);
  so.video = 1;
  so.bitrate = 300000;
  AWAIT_OK(b, januv_videocall_set(alice.p.vc, &so, on_reply, &b));
  CHECK(wait_frames(&bob, frames(&bob) + 10));
  /* Recording Alice's side: Janus writes BASE-video.mjr. */
  char base[600], mjr[700];
  snprintf(base, sizeof base, "%s/vc-alice", jfx_dir(janus));
  snprintf(mjr, sizeof mjr, "%s-video.mjr", base);
  januv_videocall_set_options_init(&so);
  so.record = 1;
  so.filename = base;
  AWAIT_OK(b, januv_videocall_set(alice.p.vc, &so, on_reply, &b));
  CHECK(t_wait_file(L, mjr, 1000));
  so.record = 0;
  AWAIT_OK(b, januv_videocall_set(alice.p.vc, &so, on_reply, &b));
  /* Renegotiation from each side: the other gets an UPDATE (offer answered by januv), the answer comes
   * back as an UPDATE too (applied by januv); media keeps flowing. */
  AWAIT_OK(b, januv_videocall_renegotiate(alice.p.vc, NULL, NULL, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_SET);
  CHECK(t_wait_count(L, &bob.updates, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &alice.updates, 1, LIMIT_MS));
  AWAIT_OK(b, januv_videocall_renegotiate(bob.p.vc, NULL, NULL, on_reply, &b));
  CHECK(t_wait_count(L, &alice.updates, 2, LIMIT_MS));
  CHECK(t_wait_count(L, &bob.updates, 2, LIMIT_MS));
  CHECK(wait_frames(&alice, frames(&alice) + 30) && wait_frames(&bob, frames(&bob) + 30));
  CHECK(januv_peer_get_state(alice.p.peer) == JANUV_PEER_CONNECTED);
  /* Bob hangs up: both get a hangup. */
  AWAIT_OK(b, januv_videocall_hangup(bob.p.vc, "bye", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_HANGUP);
  CHECK(t_wait_count(L, &alice.hangups, 1, LIMIT_MS));
  CHECK_EQ_STR(alice.hangup_by, "bob-vc");
  CHECK(user_close(&alice));
  CHECK(user_close(&bob));
  CHECK(t_close_session(L, client, s));
}

/* A call declined by the callee: the caller gets the hangup; the callee's incoming offer is dropped. */
static void call_declined(void) {
  januv_client *client;
  januv_session *s = t_open_session(L, jfx_url(janus, "ws"), &client);
  CHECK(s);
  user alice, bob;
  CHECK(user_open(s, &alice, "alice", "ball"));
  CHECK(user_open(s, &bob, "bob", "snow"));
  box b;
  AWAIT_OK(b, januv_videocall_register(alice.p.vc, "alice-decl", on_reply, &b));
  AWAIT_OK(b, januv_videocall_register(bob.p.vc, "bob-decl", on_reply, &b));
  AWAIT_OK(b, januv_videocall_call(alice.p.vc, alice.p.peer, "bob-decl", on_reply, &b));
  CHECK(t_wait_count(L, &bob.incoming, 1, LIMIT_MS));
  AWAIT_OK(b, januv_videocall_hangup(bob.p.vc, "busy", on_reply, &b));
  CHECK(t_wait_count(L, &alice.hangups, 1, LIMIT_MS));
  CHECK_EQ_STR(alice.hangup_by, "bob-decl");
  CHECK_EQ_INT(januv_videocall_accept(bob.p.vc, bob.p.peer, on_reply, &b), JANUV_ESTATE);
  CHECK(user_close(&alice));
  CHECK(user_close(&bob));
  CHECK(t_close_session(L, client, s));
}

int main(int argc, char **argv) {
  jfx_options o;
  jfx_options_init(&o);
  o.name = "videocall";
  static const t_case cases[] = {T_CASE(call_both_ways), T_CASE(call_declined)};
  return t_main_media(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
