/* VideoCall against the real Janus on loopback: two handles register, one calls, the other accepts, both
 * decode what the other sends; set, renegotiation both ways, hangup reaching both; a declined call; the
 * plugin's errors. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gst/gst.h>

#include "harness.h"
#include "janus_fixture.h"
#include "sync.h"

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
  b->calls++;
  b->status = r->status;
  b->plugin_code = r->plugin_code;
  snprintf(b->reason, sizeof b->reason, "%s", r->reason);
  if (!ev) return;
  b->type = ev->type;
  snprintf(b->username, sizeof b->username, "%s", ev->username ? ev->username : "");
  b->nlist = ev->nlist;
  for (size_t i = 0; i < ev->nlist; i++) {
    size_t len = strlen(b->list);
    snprintf(b->list + len, sizeof b->list - len, "[%s]", ev->list[i]);
  }
}

#define AWAIT(b, call)                                                                                             \
  do {                                                                                                             \
    memset(&(b), 0, sizeof(b));                                                                                    \
    CHECK_EQ_INT((call), 0);                                                                                       \
    CHECK(t_wait_count(L, &(b).calls, 1, LIMIT_MS));                                                               \
  } while (0)
#define AWAIT_OK(b, call)                                                                                          \
  do {                                                                                                             \
    AWAIT(b, call);                                                                                                \
    if ((b).status) fprintf(stderr, "  %s: %s (%d)\n", #call, (b).reason, (b).plugin_code);                       \
    CHECK_EQ_INT((b).status, 0);                                                                                   \
  } while (0)
#define AWAIT_ERR(b, call, code)                                                                                   \
  do {                                                                                                             \
    AWAIT(b, call);                                                                                                \
    CHECK_EQ_INT((b).status, JANUV_EPLUGIN);                                                                       \
    CHECK_EQ_INT((b).plugin_code, code);                                                                           \
  } while (0)

/* ---- a user: a handle and a peer ---- */

typedef struct user {
  const char *name;
  januv_videocall *vc;
  januv_peer *peer;
  int attached, closed, peer_closed, connected, errors, error_events;
  int incoming, accepted, updates, hangups, webrtcup;
  char hangup_by[64], caller[64];
  int video_tracks, audio_tracks;
} user;

static void on_event(januv_videocall *vc, const januv_videocall_event *ev, void *data) {
  (void)vc;
  user *u = data;
  if (getenv("VC_DEBUG")) {
    char *t = januv_json_print(ev->data, false);
    fprintf(stderr, "  [%s] %s%s: %s\n", u->name, januv_videocall_event_name(ev->type), ev->jsep ? " +jsep" : "", t);
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
    fprintf(stderr, "  %s: error event %d %s\n", u->name, ev->error_code, ev->error ? ev->error : "");
    break;
  default: break;
  }
}

static void on_handle_event(januv_videocall *vc, const januv_event *ev, void *data) {
  (void)vc;
  if (ev->type == JANUV_EVENT_WEBRTCUP) ((user *)data)->webrtcup++;
}

static void on_closed(januv_videocall *vc, int reason, void *data) {
  (void)vc, (void)reason;
  user *u = data;
  u->closed++;
  u->vc = NULL;
}

static void on_attached(januv_videocall *vc, const januv_reply *r, void *data) {
  (void)r;
  user *u = data;
  u->vc = vc;
  u->attached++;
}

static const januv_videocall_callbacks vc_cbs = {
  .on_event = on_event, .on_handle_event = on_handle_event, .on_closed = on_closed};

static void on_state(januv_peer *peer, januv_peer_state st, void *data) {
  (void)peer;
  if (st == JANUV_PEER_CONNECTED) ((user *)data)->connected++;
}

static void on_track(januv_peer *peer, const januv_track_info *t, void *data) {
  (void)peer;
  user *u = data;
  if (t->kind == JANUV_MEDIA_VIDEO) u->video_tracks++;
  else u->audio_tracks++;
}

static void on_peer_error(januv_peer *peer, int err, const char *msg, void *data) {
  (void)peer, (void)err;
  user *u = data;
  u->errors++;
  fprintf(stderr, "  %s: peer error: %s\n", u->name, msg);
}

static void on_peer_closed(januv_peer *peer, void *data) {
  (void)peer;
  ((user *)data)->peer_closed++;
}

static const januv_peer_callbacks peer_cbs = {.on_state = on_state, .on_track = on_track, .on_error = on_peer_error};

static void peer_log(januv_log_level level, const char *msg, void *data) {
  if (t_log_level() >= (int)level) fprintf(stderr, "  [%s %d] %s\n", ((user *)data)->name, level, msg);
}

static bool user_open(januv_session *s, user *u, const char *name, const char *pattern) {
  memset(u, 0, sizeof *u);
  u->name = name;
  if (januv_videocall_attach(s, &vc_cbs, on_attached, u) != 0) return false;
  if (!t_wait_count(L, &u->attached, 1, LIMIT_MS) || !u->vc) return false;
  januv_peer_options o;
  januv_peer_options_init(&o);
  o.loopback_only = true;
  o.log_cb = peer_log;
  o.log_data = u;
  o.log_level = JANUV_LOG_DEBUG;
  januv_track_options *v = januv_peer_options_add_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV);
  v->source_arg = pattern;
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  return januv_peer_new(L, &o, &peer_cbs, u, &u->peer) == 0;
}

static bool user_close(user *u) {
  bool ok = true;
  if (u->peer && !januv_peer_closing(u->peer)) januv_peer_close(u->peer, on_peer_closed, u);
  if (u->vc) januv_videocall_detach(u->vc, NULL, NULL);
  if (u->peer) ok = t_wait_count(L, &u->peer_closed, 1, LIMIT_MS) && u->peer_closed == 1 && ok;
  if (u->attached) ok = t_wait_count(L, &u->closed, 1, LIMIT_MS) && u->closed == 1 && ok;
  return ok && u->errors == 0 && u->error_events == 0;
}

static uint64_t frames(user *u) {
  januv_media_counters c;
  januv_peer_counters(u->peer, &c);
  return c.video_frames;
}

static bool wait_frames(user *u, uint64_t n) {
  uint64_t deadline = uv_now(L) + LIMIT_MS;
  while (frames(u) < n && uv_now(L) < deadline) t_run_for(L, 50);
  return frames(u) >= n;
}

/* ---- cases ---- */

static void call_both_ways(void) {
  januv_client *client;
  CHECK(t_client_open(L, jfx_url(janus, "ws"), NULL, &client) == JANUV_CONN_CONNECTED);
  t_reply r = {0};
  januv_session *s = t_session_create(L, client, NULL, &r);
  t_reply_clear(&r);
  CHECK(s);
  user alice, bob, eve, mallory;
  CHECK(user_open(s, &alice, "alice", "ball"));
  CHECK(user_open(s, &bob, "bob", "snow"));
  box b;
  /* Refused calls, each on a handle of its own: after the plugin refuses a call, Janus has already set up
   * ICE for its offer, and another offer on that handle may fail ("Error setting ICE locally"). */
  CHECK(user_open(s, &eve, "eve", NULL));
  AWAIT_ERR(b, januv_videocall_call(eve.vc, eve.peer, "bob-vc", on_reply, &b), JANUV_VIDEOCALL_ERR_REGISTER_FIRST);
  CHECK(user_close(&eve));
  AWAIT_OK(b, januv_videocall_register(alice.vc, "alice-vc", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_REGISTERED);
  CHECK_EQ_STR(b.username, "alice-vc");
  AWAIT_ERR(b, januv_videocall_register(bob.vc, "alice-vc", on_reply, &b), JANUV_VIDEOCALL_ERR_USERNAME_TAKEN);
  AWAIT_OK(b, januv_videocall_register(bob.vc, "bob-vc", on_reply, &b));
  AWAIT_ERR(b, januv_videocall_register(bob.vc, "bob-again", on_reply, &b), JANUV_VIDEOCALL_ERR_ALREADY_REGISTERED);
  AWAIT_OK(b, januv_videocall_list(alice.vc, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_LIST);
  CHECK(strstr(b.list, "[alice-vc]") && strstr(b.list, "[bob-vc]"));
  /* Errors: nobody by that name, nothing to accept. */
  CHECK(user_open(s, &mallory, "mallory", NULL));
  AWAIT_OK(b, januv_videocall_register(mallory.vc, "mallory-vc", on_reply, &b));
  AWAIT_ERR(b, januv_videocall_call(mallory.vc, mallory.peer, "carol-vc", on_reply, &b),
            JANUV_VIDEOCALL_ERR_NO_SUCH_USERNAME);
  CHECK(user_close(&mallory));
  CHECK_EQ_INT(januv_videocall_accept(bob.vc, bob.peer, on_reply, &b), JANUV_ESTATE);
  /* Alice calls Bob; Bob accepts. */
  AWAIT_OK(b, januv_videocall_call(alice.vc, alice.peer, "bob-vc", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_CALLING);
  CHECK(t_wait_count(L, &bob.incoming, 1, LIMIT_MS));
  CHECK_EQ_STR(bob.caller, "alice-vc");
  AWAIT_OK(b, januv_videocall_accept(bob.vc, bob.peer, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_ACCEPTED);
  CHECK(t_wait_count(L, &alice.accepted, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &alice.connected, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &bob.connected, 1, LIMIT_MS));
  /* Both sides decode what the other sends. */
  CHECK(wait_frames(&alice, 1) && wait_frames(&bob, 1));
  uint64_t a0 = frames(&alice), b0 = frames(&bob);
  t_run_for(L, 3000);
  uint64_t fa = frames(&alice) - a0, fb = frames(&bob) - b0;
  fprintf(stderr, "  in 3 s: alice decoded %llu frames, bob %llu\n", (unsigned long long)fa, (unsigned long long)fb);
  CHECK(fa >= 60 && fb >= 60);
  CHECK_EQ_INT(alice.video_tracks, 1);
  CHECK_EQ_INT(bob.audio_tracks, 1);
  /* set: Alice stops sending video to Bob, then sends it again with a bitrate cap. */
  januv_videocall_set_options so;
  januv_videocall_set_options_init(&so);
  so.video = 0;
  AWAIT_OK(b, januv_videocall_set(alice.vc, &so, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_SET);
  t_run_for(L, 500);
  b0 = frames(&bob);
  t_run_for(L, 1500);
  CHECK_EQ_INT(frames(&bob) - b0, 0);
  so.video = 1;
  so.bitrate = 300000;
  AWAIT_OK(b, januv_videocall_set(alice.vc, &so, on_reply, &b));
  CHECK(wait_frames(&bob, frames(&bob) + 10));
  /* Recording Alice's side: Janus writes BASE-video.mjr. */
  char base[600], mjr[700];
  snprintf(base, sizeof base, "%s/vc-alice", jfx_dir(janus));
  snprintf(mjr, sizeof mjr, "%s-video.mjr", base);
  januv_videocall_set_options_init(&so);
  so.record = 1;
  so.filename = base;
  AWAIT_OK(b, januv_videocall_set(alice.vc, &so, on_reply, &b));
  struct stat st;
  uint64_t deadline = uv_now(L) + LIMIT_MS;
  while ((stat(mjr, &st) != 0 || st.st_size < 1000) && uv_now(L) < deadline) t_run_for(L, 100);
  CHECK(stat(mjr, &st) == 0 && st.st_size >= 1000);
  so.record = 0;
  AWAIT_OK(b, januv_videocall_set(alice.vc, &so, on_reply, &b));
  /* Renegotiation from each side: the other gets an UPDATE (offer answered by januv), the answer comes
   * back as an UPDATE too (applied by januv); media keeps flowing. */
  AWAIT_OK(b, januv_videocall_renegotiate(alice.vc, NULL, NULL, on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_SET);
  CHECK(t_wait_count(L, &bob.updates, 1, LIMIT_MS));
  CHECK(t_wait_count(L, &alice.updates, 1, LIMIT_MS));
  AWAIT_OK(b, januv_videocall_renegotiate(bob.vc, NULL, NULL, on_reply, &b));
  CHECK(t_wait_count(L, &alice.updates, 2, LIMIT_MS));
  CHECK(t_wait_count(L, &bob.updates, 2, LIMIT_MS));
  CHECK(wait_frames(&alice, frames(&alice) + 30) && wait_frames(&bob, frames(&bob) + 30));
  CHECK(januv_peer_get_state(alice.peer) == JANUV_PEER_CONNECTED);
  /* Bob hangs up: both get a hangup. */
  AWAIT_OK(b, januv_videocall_hangup(bob.vc, "bye", on_reply, &b));
  CHECK_EQ_INT(b.type, JANUV_VIDEOCALL_HANGUP);
  CHECK(t_wait_count(L, &alice.hangups, 1, LIMIT_MS));
  CHECK_EQ_STR(alice.hangup_by, "bob-vc");
  CHECK(user_close(&alice));
  CHECK(user_close(&bob));
  CHECK(t_destroy(L, s, &r));
  t_reply_clear(&r);
  CHECK(t_client_close(L, client));
}

/* A call declined by the callee: the caller gets the hangup; the callee's incoming offer is dropped. */
static void call_declined(void) {
  januv_client *client;
  CHECK(t_client_open(L, jfx_url(janus, "ws"), NULL, &client) == JANUV_CONN_CONNECTED);
  t_reply r = {0};
  januv_session *s = t_session_create(L, client, NULL, &r);
  t_reply_clear(&r);
  CHECK(s);
  user alice, bob;
  CHECK(user_open(s, &alice, "alice", "ball"));
  CHECK(user_open(s, &bob, "bob", "snow"));
  box b;
  AWAIT_OK(b, januv_videocall_register(alice.vc, "alice-decl", on_reply, &b));
  AWAIT_OK(b, januv_videocall_register(bob.vc, "bob-decl", on_reply, &b));
  AWAIT_OK(b, januv_videocall_call(alice.vc, alice.peer, "bob-decl", on_reply, &b));
  CHECK(t_wait_count(L, &bob.incoming, 1, LIMIT_MS));
  AWAIT_OK(b, januv_videocall_hangup(bob.vc, "busy", on_reply, &b));
  CHECK(t_wait_count(L, &alice.hangups, 1, LIMIT_MS));
  CHECK_EQ_STR(alice.hangup_by, "bob-decl");
  CHECK_EQ_INT(januv_videocall_accept(bob.vc, bob.peer, on_reply, &b), JANUV_ESTATE);
  CHECK(user_close(&alice));
  CHECK(user_close(&bob));
  CHECK(t_destroy(L, s, &r));
  t_reply_clear(&r);
  CHECK(t_client_close(L, client));
}

int main(int argc, char **argv) {
  gst_init(NULL, NULL);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "videocall";
  if (jfx_start(&o, &janus) != 0) return 1;
  uv_loop_t loop;
  uv_loop_init(&loop);
  L = &loop;
  static const t_case cases[] = {T_CASE(call_both_ways), T_CASE(call_declined)};
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (!t_loop_close(&loop, 5000)) rc = 1;
  if (rc != 0) jfx_dump_log(janus, stderr, 6000);
  jfx_free(janus);
  gst_deinit();
  return rc;
}
