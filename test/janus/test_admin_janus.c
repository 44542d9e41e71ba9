/*
 * The Admin/Monitor API against the real Janus, over the admin transport named by --transport=KIND
 * (admin-ws, admin-http, admin-unix). Sessions and handles inspected here are created by separate
 * Janus API clients (always over ws): the admin never owns them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "harness.h"
#include "janus_fixture.h"
#include "sync.h"

#define LIMIT_MS 15000
#define ECHOTEST "janus.plugin.echotest"
#define VIDEOROOM "janus.plugin.videoroom"

static const char *kind = "admin-ws";
static jfx *janus;  /* event handlers, JSON logger, 2 static event loops */
static jfx *tokens; /* token_auth = true */

static const char *admin_url(jfx *j) {
  const char *u = jfx_url(j, kind);
  if (!u) {
    fprintf(stderr, "transport %s not enabled on the test Janus\n", kind);
    exit(1);
  }
  return u;
}

/* ---- blocking helpers ---- */

typedef struct open_wait {
  bool done;
  januv_conn_state st;
} open_wait;

static void on_admin_state(januv_admin *a, januv_conn_state st, int err, const char *detail, void *data) {
  open_wait *w = data;
  (void)a;
  (void)err;
  if (w->done || (st != JANUV_CONN_CONNECTED && st != JANUV_CONN_FAILED)) return;
  w->st = st;
  w->done = true;
  if (st == JANUV_CONN_FAILED) fprintf(stderr, "  admin failed: %s\n", detail);
}

/* Opens an admin connection and waits until it is connected; opts may be NULL. */
static januv_conn_state admin_open(uv_loop_t *loop, jfx *j, januv_admin_options *opts, januv_admin **out) {
  januv_admin_options o;
  if (!opts) {
    januv_admin_options_init(&o);
    o.admin_secret = jfx_admin_secret(j);
    opts = &o;
  }
  if (!opts->log_cb && t_log_level() >= 0) {
    opts->log_cb = t_log_cb;
    opts->log_level = (januv_log_level)t_log_level();
  }
  static open_wait w;
  memset(&w, 0, sizeof w);
  opts->state_cb = on_admin_state;
  opts->state_data = &w;
  *out = NULL;
  if (januv_admin_new(loop, admin_url(j), opts, out) != 0) return JANUV_CONN_FAILED;
  t_wait(loop, &w.done, LIMIT_MS);
  return w.done ? w.st : JANUV_CONN_CONNECTING;
}

static void on_admin_closed(januv_admin *a, void *data) {
  (void)a;
  *(bool *)data = true;
}

static bool admin_close(uv_loop_t *loop, januv_admin *a) {
  bool closed = false;
  return januv_admin_close(a, on_admin_closed, &closed) == 0 && t_wait(loop, &closed, LIMIT_MS);
}

/* Everything any admin callback reported, copied for checks after it returned. */
typedef struct res {
  bool done;
  int calls;
  int status, janus_code, plugin_code;
  char reason[256];
  cJSON *json;     /* the whole reply */
  cJSON *response; /* message_plugin / query_*: the module's response */
  int64_t value;
  size_t n;
  uint64_t ids[64];
  char strs[64][64]; /* plugins, or token names */
  size_t nplugins[64];
  januv_admin_event_loop loops[16];
  januv_admin_status status_;
  bool has_result;
  januv_admin_handle_details hi; /* pointers cleared; strings below */
  char plugin[64], opaque_id[64], transport[64], pcap[512], text2pcap[512], ip[64];
  bool has_flags, has_plugin_specific;
  uint16_t port;
  int64_t elapsed;
} res;

static void res_clear(res *r) {
  cJSON_Delete(r->json);
  cJSON_Delete(r->response);
  memset(r, 0, sizeof *r);
}

static void copy_str(char *dst, size_t size, const char *s) { snprintf(dst, size, "%s", s ? s : ""); }

static void record(res *r, const januv_reply *rep) {
  int calls = r->calls;
  res_clear(r);
  r->calls = calls + 1;
  r->done = true;
  r->status = rep->status;
  r->janus_code = rep->janus_code;
  r->plugin_code = rep->plugin_code;
  copy_str(r->reason, sizeof r->reason, rep->reason);
  r->json = rep->json ? cJSON_Duplicate(rep->json, true) : NULL;
}

static void on_reply(const januv_reply *rep, void *data) { record(data, rep); }

static void on_value(const januv_reply *rep, int64_t value, void *data) {
  res *r = data;
  record(r, rep);
  r->value = value;
}

static void on_ids(const januv_reply *rep, const uint64_t *ids, size_t n, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = rep->status == 0;
  r->n = n;
  for (size_t i = 0; i < n && i < 64; i++) r->ids[i] = ids[i];
}

static void on_plugins(const januv_reply *rep, const char *const *plugins, size_t n, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = rep->status == 0;
  r->n = n;
  for (size_t i = 0; i < n && i < 64; i++) copy_str(r->strs[i], sizeof r->strs[i], plugins[i]);
}

static void on_tokens(const januv_reply *rep, const januv_admin_token *t, size_t n, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = rep->status == 0;
  r->n = n;
  for (size_t i = 0; i < n && i < 64; i++) {
    copy_str(r->strs[i], sizeof r->strs[i], t[i].token);
    r->nplugins[i] = t[i].nplugins;
  }
}

static void on_loops(const januv_reply *rep, const januv_admin_event_loop *loops, size_t n, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = rep->status == 0;
  r->n = n;
  for (size_t i = 0; i < n && i < 16; i++) r->loops[i] = loops[i];
}

static void on_status(const januv_reply *rep, const januv_admin_status *st, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = st != NULL;
  if (st) r->status_ = *st;
}

static void on_handle_info(const januv_reply *rep, const januv_admin_handle_details *hi, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = hi != NULL;
  if (!hi) return;
  r->hi = *hi;
  copy_str(r->plugin, sizeof r->plugin, hi->plugin);
  copy_str(r->opaque_id, sizeof r->opaque_id, hi->opaque_id);
  copy_str(r->transport, sizeof r->transport, hi->session_transport);
  copy_str(r->pcap, sizeof r->pcap, hi->pcap_file);
  copy_str(r->text2pcap, sizeof r->text2pcap, hi->text2pcap_file);
  r->has_flags = hi->flags != NULL;
  r->has_plugin_specific = hi->plugin_specific != NULL;
  r->hi.plugin = r->hi.opaque_id = r->hi.session_transport = r->hi.token = NULL;
  r->hi.pcap_file = r->hi.text2pcap_file = NULL;
  r->hi.plugin_specific = r->hi.flags = r->hi.sdps = r->hi.webrtc = r->hi.json = NULL;
}

static void on_response(const januv_reply *rep, const cJSON *response, void *data) {
  res *r = data;
  record(r, rep);
  r->response = response ? cJSON_Duplicate(response, true) : NULL;
}

static void on_address(const januv_reply *rep, const januv_admin_address *addr, void *data) {
  res *r = data;
  record(r, rep);
  r->has_result = addr != NULL;
  if (!addr) return;
  copy_str(r->ip, sizeof r->ip, addr->ip);
  r->port = addr->port;
  r->elapsed = addr->elapsed_us;
}

/* Issues a call whose callback records into r, and waits for it: exactly one callback. */
#define AWAIT(r, call)                                                                                          \
  do {                                                                                                          \
    res_clear(&(r));                                                                                            \
    CHECK_EQ_INT((call), 0);                                                                                    \
    CHECK(t_wait(&loop, &(r).done, LIMIT_MS));                                                                  \
    CHECK_EQ_INT((r).calls, 1);                                                                                 \
  } while (0)

/* The same, expecting success. */
#define AWAIT_OK(r, call)                                                                                       \
  do {                                                                                                          \
    AWAIT(r, call);                                                                                             \
    if ((r).status != 0) fprintf(stderr, "  %s: %s\n", #call, (r).reason);                                     \
    CHECK_EQ_INT((r).status, 0);                                                                                \
  } while (0)

/* The same, expecting Janus's error code. */
#define AWAIT_JANUS_ERROR(r, call, code)                                                                        \
  do {                                                                                                          \
    AWAIT(r, call);                                                                                             \
    CHECK_EQ_INT((r).status, JANUV_EJANUS);                                                                     \
    CHECK_EQ_INT((r).janus_code, code);                                                                         \
    CHECK((r).reason[0] != '\0');                                                                               \
  } while (0)

static bool has_id(const res *r, uint64_t id) {
  for (size_t i = 0; i < r->n; i++)
    if (r->ids[i] == id) return true;
  return false;
}

static bool has_str(const res *r, const char *s) {
  for (size_t i = 0; i < r->n; i++)
    if (!strcmp(r->strs[i], s)) return true;
  return false;
}

static const char *json_str(const cJSON *j, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static double json_num(const cJSON *j, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* A Janus API client (over ws) with one session and an EchoTest handle: what the admin inspects. */
typedef struct peer {
  januv_client *client;
  januv_session *session;
  januv_handle *handle;
  t_objects objs;
} peer;

static bool peer_open(uv_loop_t *loop, jfx *j, const char *token, peer *p) {
  memset(p, 0, sizeof *p);
  januv_client_options o;
  januv_client_options_init(&o);
  o.token = token;
  if (t_client_open(loop, jfx_url(j, "ws"), &o, &p->client) != JANUV_CONN_CONNECTED) return false;
  t_reply r = {0};
  p->session = t_session_create(loop, p->client, &p->objs, &r);
  if (p->session) p->handle = t_attach(loop, p->session, ECHOTEST, &p->objs, &r);
  t_reply_clear(&r);
  return p->handle != NULL;
}

static bool peer_close(uv_loop_t *loop, peer *p) {
  bool ok = t_client_close(loop, p->client);
  cJSON_Delete(p->objs.last_event);
  return ok;
}

/* Runs the loop until the file at path contains needle (polled, for logs Janus writes on its own). */
typedef struct file_wait {
  const char *path, *needle;
  bool found;
} file_wait;

static void on_file_poll(uv_timer_t *t) {
  file_wait *w = t->data;
  FILE *f = fopen(w->path, "r");
  if (!f) return;
  char buf[65536];
  size_t keep = strlen(w->needle), have = 0, n;
  while (!w->found && (n = fread(buf + have, 1, sizeof buf - have, f)) > 0) {
    have += n;
    /* memmem, not strstr: Janus's JSON logger writes a NUL after every line */
    w->found = memmem(buf, have, w->needle, keep) != NULL;
    if (have > keep) { /* keep the tail so a needle split across reads is still seen */
      memmove(buf, buf + have - keep, keep);
      have = keep;
    }
  }
  fclose(f);
}

static bool wait_file_contains(uv_loop_t *loop, const char *path, const char *needle) {
  file_wait w = {.path = path, .needle = needle};
  uv_timer_t t;
  uv_timer_init(loop, &t);
  t.data = &w;
  uv_timer_start(&t, on_file_poll, 0, 50);
  t_wait(loop, &w.found, LIMIT_MS);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(loop, UV_RUN_NOWAIT); /* runs the close callback: t lives on this frame */
  return w.found;
}

/* ---- cases ---- */

static void info_ping_status_loops(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_OK(r, januv_admin_info(a, on_reply, &r));
  CHECK_EQ_STR(json_str(r.json, "janus"), "server_info");
  CHECK_EQ_STR(json_str(r.json, "name"), "Janus WebRTC Server");
  AWAIT_OK(r, januv_admin_ping(a, on_reply, &r));
  CHECK_EQ_STR(json_str(r.json, "janus"), "pong");
  AWAIT_OK(r, januv_admin_get_status(a, on_status, &r));
  CHECK(r.has_result);
  CHECK_EQ_INT(r.status_.token_auth, 0);
  CHECK_EQ_INT(r.status_.session_timeout, 60);
  CHECK_EQ_INT(r.status_.reclaim_session_timeout, 0);
  CHECK_EQ_INT(r.status_.log_level, 4);
  CHECK(r.status_.candidates_timeout > 0);
  CHECK(r.status_.min_nack_queue >= 0);
  CHECK(r.status_.no_media_timer >= 0);
  CHECK(r.status_.slowlink_threshold >= 0);
  AWAIT_OK(r, januv_admin_loops_info(a, on_loops, &r));
  CHECK_EQ_INT(r.n, 2); /* event_loops = 2 */
  CHECK(r.loops[0].id != r.loops[1].id);
  CHECK(r.loops[0].handles >= 0 && r.loops[1].handles >= 0);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* Janus answers info and ping without a secret, everything else gets 403. */
static void wrong_admin_secret(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin_options wrong, none;
  januv_admin_options_init(&wrong);
  januv_admin_options_init(&none);
  wrong.admin_secret = "not-the-admin-secret";
  januv_admin *aw, *an;
  CHECK_EQ_INT(admin_open(&loop, janus, &wrong, &aw), JANUV_CONN_CONNECTED);
  CHECK_EQ_INT(admin_open(&loop, janus, &none, &an), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_OK(r, januv_admin_info(aw, on_reply, &r));
  AWAIT_OK(r, januv_admin_ping(an, on_reply, &r));
  AWAIT_JANUS_ERROR(r, januv_admin_list_sessions(aw, on_ids, &r), 403);
  CHECK(!r.has_result);
  CHECK_EQ_INT(r.n, 0);
  AWAIT_JANUS_ERROR(r, januv_admin_list_sessions(an, on_ids, &r), 403);
  AWAIT_JANUS_ERROR(r, januv_admin_get_status(aw, on_status, &r), 403);
  CHECK(!r.has_result);
  /* session-scoped requests check the secret too, before looking the session up */
  AWAIT_JANUS_ERROR(r, januv_admin_list_handles(aw, 12345, on_ids, &r), 403);
  res_clear(&r);
  CHECK(admin_close(&loop, aw));
  CHECK(admin_close(&loop, an));
  CHECK(t_loop_close(&loop, 5000));
}

static bool same_status(const januv_admin_status *x, const januv_admin_status *y) {
  return x->token_auth == y->token_auth && x->session_timeout == y->session_timeout &&
         x->reclaim_session_timeout == y->reclaim_session_timeout && x->candidates_timeout == y->candidates_timeout &&
         x->log_level == y->log_level && x->log_timestamps == y->log_timestamps && x->log_colors == y->log_colors &&
         x->locking_debug == y->locking_debug && x->refcount_debug == y->refcount_debug &&
         x->libnice_debug == y->libnice_debug && x->min_nack_queue == y->min_nack_queue &&
         x->nack_optimizations == y->nack_optimizations && x->no_media_timer == y->no_media_timer &&
         x->slowlink_threshold == y->slowlink_threshold;
}

/* Every setter: the reply carries the new value, get_status agrees, then the old value is restored. */
static void setters(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0}, st = {0};
  AWAIT_OK(st, januv_admin_get_status(a, on_status, &st));
  januv_admin_status old = st.status_;

  AWAIT_OK(r, januv_admin_set_session_timeout(a, 0, 77, on_value, &r));
  CHECK_EQ_INT(r.value, 77);
  AWAIT_OK(r, januv_admin_set_log_level(a, 5, on_value, &r));
  CHECK_EQ_INT(r.value, 5);
  AWAIT_OK(r, januv_admin_set_log_timestamps(a, !old.log_timestamps, on_value, &r));
  CHECK_EQ_INT(r.value, !old.log_timestamps);
  AWAIT_OK(r, januv_admin_set_log_colors(a, !old.log_colors, on_value, &r));
  CHECK_EQ_INT(r.value, !old.log_colors);
  AWAIT_OK(r, januv_admin_set_libnice_debug(a, !old.libnice_debug, on_value, &r));
  CHECK_EQ_INT(r.value, !old.libnice_debug);
  AWAIT_OK(r, januv_admin_set_min_nack_queue(a, 321, on_value, &r));
  CHECK_EQ_INT(r.value, 321);
  AWAIT_OK(r, januv_admin_set_nack_optimizations(a, !old.nack_optimizations, on_value, &r));
  CHECK_EQ_INT(r.value, !old.nack_optimizations);
  AWAIT_OK(r, januv_admin_set_no_media_timer(a, 3, on_value, &r));
  CHECK_EQ_INT(r.value, 3);
  AWAIT_OK(r, januv_admin_set_slowlink_threshold(a, 4, on_value, &r));
  CHECK_EQ_INT(r.value, 4);
  /* locking and refcount debugging flood the log: on and straight off again */
  AWAIT_OK(r, januv_admin_set_locking_debug(a, true, on_value, &r));
  CHECK_EQ_INT(r.value, 1);
  AWAIT_OK(r, januv_admin_set_locking_debug(a, false, on_value, &r));
  CHECK_EQ_INT(r.value, 0);
  AWAIT_OK(r, januv_admin_set_refcount_debug(a, true, on_value, &r));
  CHECK_EQ_INT(r.value, 1);
  AWAIT_OK(r, januv_admin_set_refcount_debug(a, false, on_value, &r));
  CHECK_EQ_INT(r.value, 0);

  AWAIT_OK(st, januv_admin_get_status(a, on_status, &st));
  CHECK_EQ_INT(st.status_.session_timeout, 77);
  CHECK_EQ_INT(st.status_.log_level, 5);
  CHECK_EQ_INT(st.status_.log_timestamps, !old.log_timestamps);
  CHECK_EQ_INT(st.status_.log_colors, !old.log_colors);
  CHECK_EQ_INT(st.status_.libnice_debug, !old.libnice_debug);
  CHECK_EQ_INT(st.status_.min_nack_queue, 321);
  CHECK_EQ_INT(st.status_.nack_optimizations, !old.nack_optimizations);
  CHECK_EQ_INT(st.status_.no_media_timer, 3);
  CHECK_EQ_INT(st.status_.slowlink_threshold, 4);
  CHECK_EQ_INT(st.status_.locking_debug, 0);
  CHECK_EQ_INT(st.status_.refcount_debug, 0);

  /* Janus validates ranges itself */
  AWAIT_JANUS_ERROR(r, januv_admin_set_session_timeout(a, 424242, 5, on_value, &r), 458);
  CHECK_EQ_INT(r.value, 0);

  AWAIT_OK(r, januv_admin_set_session_timeout(a, 0, (int)old.session_timeout, on_value, &r));
  AWAIT_OK(r, januv_admin_set_log_level(a, (int)old.log_level, on_value, &r));
  AWAIT_OK(r, januv_admin_set_log_timestamps(a, old.log_timestamps, on_value, &r));
  AWAIT_OK(r, januv_admin_set_log_colors(a, old.log_colors, on_value, &r));
  AWAIT_OK(r, januv_admin_set_libnice_debug(a, old.libnice_debug, on_value, &r));
  AWAIT_OK(r, januv_admin_set_min_nack_queue(a, (uint32_t)old.min_nack_queue, on_value, &r));
  AWAIT_OK(r, januv_admin_set_nack_optimizations(a, old.nack_optimizations, on_value, &r));
  AWAIT_OK(r, januv_admin_set_no_media_timer(a, (uint32_t)old.no_media_timer, on_value, &r));
  AWAIT_OK(r, januv_admin_set_slowlink_threshold(a, (uint32_t)old.slowlink_threshold, on_value, &r));
  AWAIT_OK(st, januv_admin_get_status(a, on_status, &st));
  CHECK(same_status(&st.status_, &old));
  res_clear(&r);
  res_clear(&st);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* Sessions and handles made by another client: listed, inspected, given their own timeout. */
static void sessions_and_handles_of_another_client(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  peer p;
  CHECK(peer_open(&loop, janus, NULL, &p));
  uint64_t sid = januv_session_id(p.session), hid = januv_handle_id(p.handle);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_OK(r, januv_admin_list_sessions(a, on_ids, &r));
  CHECK(r.has_result);
  CHECK(has_id(&r, sid));
  AWAIT_OK(r, januv_admin_list_handles(a, sid, on_ids, &r));
  CHECK_EQ_INT(r.n, 1);
  CHECK(r.ids[0] == hid);

  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, false, on_handle_info, &r));
  CHECK(r.has_result);
  CHECK(r.hi.session_id == sid);
  CHECK(r.hi.handle_id == hid);
  CHECK_EQ_STR(r.plugin, ECHOTEST);
  CHECK_EQ_STR(r.transport, "janus.transport.websockets");
  CHECK_EQ_INT(r.hi.session_timeout, 60);
  CHECK(r.hi.created > 0 && r.hi.current_time >= r.hi.created);
  CHECK(r.has_flags);
  CHECK(r.has_plugin_specific);
  CHECK(r.pcap[0] == '\0' && r.text2pcap[0] == '\0');
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, true, on_handle_info, &r));
  CHECK_EQ_STR(r.plugin, ECHOTEST);
  CHECK(r.has_plugin_specific);
  CHECK(!r.has_flags); /* plugin_only leaves out the WebRTC part */

  /* a timeout of the session's own, then back to the global one */
  AWAIT_OK(r, januv_admin_set_session_timeout(a, sid, 7, on_value, &r));
  CHECK_EQ_INT(r.value, 7);
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, true, on_handle_info, &r));
  CHECK_EQ_INT(r.hi.session_timeout, 7);
  AWAIT_OK(r, januv_admin_set_session_timeout(a, sid, -1, on_value, &r));
  CHECK_EQ_INT(r.value, -1);
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, true, on_handle_info, &r));
  CHECK_EQ_INT(r.hi.session_timeout, 60);

  /* the handle runs on one of the two static loops */
  AWAIT_OK(r, januv_admin_loops_info(a, on_loops, &r));
  CHECK_EQ_INT(r.n, 2);
  CHECK(r.loops[0].handles + r.loops[1].handles >= 1);

  AWAIT_JANUS_ERROR(r, januv_admin_list_handles(a, sid + 1, on_ids, &r), 458);
  AWAIT_JANUS_ERROR(r, januv_admin_handle_info(a, sid, hid + 1, false, on_handle_info, &r), 459);
  CHECK(!r.has_result);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(peer_close(&loop, &p));
  CHECK(t_loop_close(&loop, 5000));
}

/* hangup_webrtc, detach_handle and destroy_session on another client's objects. */
static void hangup_detach_destroy(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  peer p;
  CHECK(peer_open(&loop, janus, NULL, &p));
  t_reply tr = {0};
  januv_handle *h2 = t_attach(&loop, p.session, ECHOTEST, NULL, &tr);
  CHECK(h2 != NULL);
  t_reply_clear(&tr);
  uint64_t sid = januv_session_id(p.session), hid = januv_handle_id(p.handle), hid2 = januv_handle_id(h2);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_OK(r, januv_admin_hangup_webrtc(a, sid, hid, on_reply, &r));
  AWAIT_OK(r, januv_admin_detach_handle(a, sid, hid, on_reply, &r));
  /* the owner hears of it: Janus sends it "detached", and januv closes its handle */
  CHECK(t_wait_count(&loop, &p.objs.handle_closed, 1, LIMIT_MS));
  CHECK_EQ_INT(p.objs.events[JANUV_EVENT_DETACHED], 1);
  AWAIT_OK(r, januv_admin_list_handles(a, sid, on_ids, &r));
  CHECK_EQ_INT(r.n, 1);
  CHECK(r.ids[0] == hid2);
  AWAIT_JANUS_ERROR(r, januv_admin_detach_handle(a, sid, hid, on_reply, &r), 459);
  AWAIT_OK(r, januv_admin_destroy_session(a, sid, on_reply, &r));
  AWAIT_OK(r, januv_admin_list_sessions(a, on_ids, &r));
  CHECK(!has_id(&r, sid));
  AWAIT_JANUS_ERROR(r, januv_admin_destroy_session(a, sid, on_reply, &r), 458);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(peer_close(&loop, &p));
  CHECK(t_loop_close(&loop, 5000));
}

static off_t file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_size : -1;
}

/* pcap and text2pcap captures into the instance dir. No media flows (no PeerConnection), so the pcap
 * file holds just its global header and the text2pcap file stays empty. */
static void captures(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  peer p;
  CHECK(peer_open(&loop, janus, NULL, &p));
  uint64_t sid = januv_session_id(p.session), hid = januv_handle_id(p.handle);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  char dir[512], pcap[600], txt[600];
  snprintf(dir, sizeof dir, "%s/captures-%s", jfx_dir(janus), kind);
  snprintf(pcap, sizeof pcap, "%s/admin.pcap", dir);
  snprintf(txt, sizeof txt, "%s/admin.txt", dir);
  unlink(pcap);
  unlink(txt);
  res r = {0};
  AWAIT_OK(r, januv_admin_start_pcap(a, sid, hid, dir, "admin.pcap", 0, on_reply, &r));
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, false, on_handle_info, &r));
  CHECK_EQ_STR(r.pcap, pcap);
  AWAIT_JANUS_ERROR(r, januv_admin_start_pcap(a, sid, hid, dir, "again.pcap", 0, on_reply, &r), 490);
  AWAIT_OK(r, januv_admin_stop_pcap(a, sid, hid, on_reply, &r));
  AWAIT_JANUS_ERROR(r, januv_admin_stop_pcap(a, sid, hid, on_reply, &r), 490);
  CHECK(file_size(pcap) >= 24);
  FILE *f = fopen(pcap, "rb");
  CHECK(f != NULL);
  uint32_t magic = 0;
  size_t got = fread(&magic, sizeof magic, 1, f);
  fclose(f);
  CHECK_EQ_INT(got, 1);
  CHECK(magic == 0xa1b2c3d4u);

  AWAIT_OK(r, januv_admin_start_text2pcap(a, sid, hid, dir, "admin.txt", 100, on_reply, &r));
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, false, on_handle_info, &r));
  CHECK_EQ_STR(r.text2pcap, txt);
  CHECK(r.pcap[0] == '\0');
  AWAIT_OK(r, januv_admin_stop_text2pcap(a, sid, hid, on_reply, &r));
  CHECK(file_size(txt) == 0);
  AWAIT_OK(r, januv_admin_handle_info(a, sid, hid, false, on_handle_info, &r));
  CHECK(r.text2pcap[0] == '\0');
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(peer_close(&loop, &p));
  CHECK(t_loop_close(&loop, 5000));
}

static void accept_new_sessions(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  januv_client *c;
  CHECK_EQ_INT(t_client_open(&loop, jfx_url(janus, "ws"), NULL, &c), JANUV_CONN_CONNECTED);
  res r = {0};
  t_reply tr = {0};
  AWAIT_OK(r, januv_admin_accept_new_sessions(a, false, on_value, &r));
  CHECK_EQ_INT(r.value, 0);
  CHECK(t_session_create(&loop, c, NULL, &tr) == NULL);
  CHECK_EQ_INT(tr.status, JANUV_EJANUS);
  CHECK_EQ_INT(tr.janus_code, 472); /* JANUS_ERROR_NOT_ACCEPTING_SESSIONS */
  AWAIT_OK(r, januv_admin_accept_new_sessions(a, true, on_value, &r));
  CHECK_EQ_INT(r.value, 1);
  januv_session *s = t_session_create(&loop, c, NULL, &tr);
  CHECK(s != NULL);
  CHECK(t_destroy(&loop, s, &tr));
  t_reply_clear(&tr);
  res_clear(&r);
  CHECK(t_client_close(&loop, c));
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* message_plugin and query_transport: Janus relays the module's "response". */
static void plugins_and_transports(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  cJSON *hello = cJSON_Parse("{\"hello\":\"admin\",\"n\":3}");
  AWAIT_OK(r, januv_admin_message_plugin(a, ECHOTEST, hello, on_response, &r));
  CHECK(cJSON_Compare(r.response, hello, true)); /* EchoTest echoes admin messages back */
  cJSON_Delete(hello);
  cJSON *list = cJSON_Parse("{\"request\":\"list\"}");
  AWAIT_OK(r, januv_admin_message_plugin(a, VIDEOROOM, list, on_response, &r));
  CHECK_EQ_STR(json_str(r.response, "videoroom"), "success");
  CHECK(cJSON_IsArray(cJSON_GetObjectItem(r.response, "list")));
  cJSON_Delete(list);
  /* a plugin's own error inside Janus's success */
  cJSON *bogus = cJSON_Parse("{\"request\":\"no-such-request\"}");
  AWAIT(r, januv_admin_message_plugin(a, VIDEOROOM, bogus, on_response, &r));
  CHECK_EQ_INT(r.status, JANUV_EPLUGIN);
  CHECK(r.plugin_code != 0);
  CHECK(r.response != NULL);
  CHECK(strstr(r.reason, "no-such-request") != NULL);
  AWAIT_JANUS_ERROR(r, januv_admin_message_plugin(a, "janus.plugin.nope", bogus, on_response, &r), 460);
  CHECK(r.response == NULL);
  cJSON_Delete(bogus);

  cJSON *conns = cJSON_Parse("{\"request\":\"connections\"}");
  AWAIT_OK(r, januv_admin_query_transport(a, "janus.transport.websockets", conns, on_response, &r));
  CHECK_EQ_INT(json_num(r.response, "result"), 200);
  CHECK(json_num(r.response, "connections") >= (strcmp(kind, "admin-ws") == 0 ? 1 : 0));
  AWAIT_OK(r, januv_admin_query_transport(a, "janus.transport.http", conns, on_response, &r));
  CHECK_EQ_INT(json_num(r.response, "result"), 200);
  AWAIT_JANUS_ERROR(r, januv_admin_query_transport(a, "janus.transport.nope", conns, on_response, &r), 460);
  cJSON_Delete(conns);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* A tiny HTTP sink standing in for the sample event handler's backend: answers every POST with 200
 * and notes whether a body carried the marker. */
typedef struct evh_sink {
  uv_tcp_t server;
  const char *marker;
  bool seen;
  int conns;
} evh_sink;

typedef struct evh_conn {
  uv_tcp_t tcp;
  evh_sink *sink;
  char buf[65536];
  size_t len;
  bool continued;
} evh_conn;

static void on_evh_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  evh_conn *c = h->data;
  (void)suggested;
  *b = uv_buf_init(c->buf + c->len, (unsigned)(sizeof c->buf - 1 - c->len));
}

static void on_evh_closed(uv_handle_t *h) { free(h->data); }

static void on_evh_written(uv_write_t *w, int status) {
  (void)status;
  free(w);
}

static void evh_write(evh_conn *c, const char *text) {
  uv_write_t *w = malloc(sizeof *w);
  uv_buf_t b = uv_buf_init((char *)text, (unsigned)strlen(text));
  if (w && uv_write(w, (uv_stream_t *)&c->tcp, &b, 1, on_evh_written) != 0) free(w);
}

static void on_evh_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  evh_conn *c = s->data;
  (void)b;
  if (n < 0) {
    uv_close((uv_handle_t *)s, on_evh_closed);
    return;
  }
  c->len += (size_t)n;
  c->buf[c->len] = '\0';
  const char *body = strstr(c->buf, "\r\n\r\n");
  if (!body) return;
  body += 4;
  if (!c->continued && strcasestr(c->buf, "100-continue")) {
    c->continued = true;
    evh_write(c, "HTTP/1.1 100 Continue\r\n\r\n");
  }
  const char *cl = strcasestr(c->buf, "\r\ncontent-length:");
  size_t want = cl ? strtoul(cl + 17, NULL, 10) : 0;
  if ((size_t)(c->buf + c->len - body) < want) return;
  if (strstr(body, c->sink->marker)) c->sink->seen = true;
  c->len = 0;
  c->continued = false;
  evh_write(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

static void on_evh_connection(uv_stream_t *server, int status) {
  evh_sink *sink = server->data;
  if (status != 0) return;
  evh_conn *c = calloc(1, sizeof *c);
  if (!c) return;
  c->sink = sink;
  uv_tcp_init(server->loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
    uv_close((uv_handle_t *)&c->tcp, on_evh_closed);
    return;
  }
  sink->conns++;
  uv_read_start((uv_stream_t *)&c->tcp, on_evh_alloc, on_evh_read);
}

/* Closes the sink's server (data: the sink) and its connections (data: their evh_conn, freed). */
static void close_sink_handles(uv_handle_t *h, void *sink) {
  if (!uv_is_closing(h)) uv_close(h, h->data == sink ? NULL : on_evh_closed);
}

/* query_eventhandler points the sample handler at our sink; custom_event arrives there. query_logger
 * reaches the JSON logger; custom_logline shows in Janus's log and in the JSON logger's file. */
static void event_handler_and_logger(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  char marker[64];
  snprintf(marker, sizeof marker, "januv-custom-%s-%ld", kind, (long)getpid());
  evh_sink sink = {.marker = marker};
  uv_tcp_init(&loop, &sink.server);
  sink.server.data = &sink;
  struct sockaddr_in sa;
  uv_ip4_addr("127.0.0.1", 0, &sa);
  CHECK_EQ_INT(uv_tcp_bind(&sink.server, (const struct sockaddr *)&sa, 0), 0);
  CHECK_EQ_INT(uv_listen((uv_stream_t *)&sink.server, 16, on_evh_connection), 0);
  int salen = sizeof sa;
  uv_tcp_getsockname(&sink.server, (struct sockaddr *)&sa, &salen);

  res r = {0};
  char tweak[256];
  snprintf(tweak, sizeof tweak,
           "{\"request\":\"tweak\",\"events\":\"external\",\"backend\":\"http://127.0.0.1:%u/evh\"}",
           ntohs(sa.sin_port));
  cJSON *req = cJSON_Parse(tweak);
  AWAIT_OK(r, januv_admin_query_eventhandler(a, "janus.eventhandler.sampleevh", req, on_response, &r));
  CHECK_EQ_INT(json_num(r.response, "result"), 200);
  AWAIT_JANUS_ERROR(r, januv_admin_query_eventhandler(a, "janus.eventhandler.nope", req, on_response, &r), 460);
  cJSON_Delete(req);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "marker", marker);
  AWAIT_OK(r, januv_admin_custom_event(a, "januv.test", ev, on_reply, &r));
  cJSON_Delete(ev);
  CHECK(t_wait(&loop, &sink.seen, LIMIT_MS));

  req = cJSON_Parse("{\"request\":\"info\"}");
  AWAIT_OK(r, januv_admin_query_logger(a, "janus.logger.jsonlog", req, on_response, &r));
  CHECK_EQ_INT(json_num(r.response, "result"), 200);
  AWAIT_JANUS_ERROR(r, januv_admin_query_logger(a, "janus.logger.nope", req, on_response, &r), 460);
  cJSON_Delete(req);
  char line[96], path[600];
  snprintf(line, sizeof line, "%s logline", marker);
  AWAIT_OK(r, januv_admin_custom_logline(a, line, 3, on_reply, &r));
  snprintf(path, sizeof path, "%s/janus.log", jfx_dir(janus));
  CHECK(wait_file_contains(&loop, path, line));
  snprintf(path, sizeof path, "%s/janus-log.json", jfx_dir(janus));
  CHECK(wait_file_contains(&loop, path, line));
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  uv_walk(&loop, close_sink_handles, &sink); /* only the sink's handles are left */
  CHECK(t_loop_close(&loop, 5000));
}

static void resolve_address(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_OK(r, januv_admin_resolve_address(a, "127.0.0.1", on_address, &r));
  CHECK(r.has_result);
  CHECK_EQ_STR(r.ip, "127.0.0.1");
  CHECK_EQ_INT(r.port, 0);
  CHECK(r.elapsed >= 0);
  AWAIT_OK(r, januv_admin_resolve_address(a, "localhost", on_address, &r));
  CHECK(!strcmp(r.ip, "127.0.0.1") || !strcmp(r.ip, "::1"));
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* ---- test_stun against Debian's coturn on 127.0.0.1 ---- */

/* A UDP port that was free a moment ago. */
static uint16_t free_udp_port(void) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof sa;
  uint16_t port = 0;
  if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
      getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
    port = ntohs(sa.sin_port);
  if (fd >= 0) close(fd);
  return port;
}

static pid_t turn_start(const char *dir, uint16_t port) {
  char sport[16], logf[600], pidf[600];
  snprintf(sport, sizeof sport, "%u", port);
  snprintf(logf, sizeof logf, "%s/turnserver.log", dir);
  snprintf(pidf, sizeof pidf, "%s/turnserver.pid", dir);
  pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int out = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
  }
  /* --no-tcp: the port is known free for UDP only; with a TCP listener on it too, turnserver retries that bind
   * forever (never answering STUN) whenever a local TCP socket holds the same number. */
  char *const argv[] = {
    "turnserver", "-n", "--listening-ip", "127.0.0.1", "--listening-port", sport, "--stun-only",
    "--no-tcp", "--no-tls", "--no-dtls", "--no-cli", "--log-file", logf, "--simple-log", "--pidfile", pidf,
    "--no-stdout-log", NULL,
  };
  execvp(argv[0], argv);
  _exit(127);
}

/* SIGTERM, then SIGKILL if it has not gone within 5 s; always reaped. */
static void turn_stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 500; i++) {
    if (waitpid(pid, NULL, WNOHANG) == pid) return;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

/* Readiness: send STUN binding requests until the server answers one. */
typedef struct stun_probe {
  uv_udp_t udp;
  uv_timer_t timer;
  struct sockaddr_in to;
  unsigned char req[20];
  bool answered;
  char buf[1500];
} stun_probe;

static void on_probe_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  stun_probe *p = h->data;
  (void)suggested;
  *b = uv_buf_init(p->buf, sizeof p->buf);
}

static void on_probe_read(uv_udp_t *u, ssize_t n, const uv_buf_t *b, const struct sockaddr *from, unsigned flags) {
  stun_probe *p = u->data;
  (void)from;
  (void)flags;
  /* a Binding success response (0x0101) to our transaction */
  if (n >= 20 && (unsigned char)b->base[0] == 0x01 && (unsigned char)b->base[1] == 0x01 &&
      memcmp(b->base + 8, p->req + 8, 12) == 0)
    p->answered = true;
}

static void on_probe_timer(uv_timer_t *t) {
  stun_probe *p = t->data;
  uv_buf_t b = uv_buf_init((char *)p->req, sizeof p->req);
  uv_udp_try_send(&p->udp, &b, 1, (const struct sockaddr *)&p->to);
}

static bool stun_wait_ready(uv_loop_t *loop, uint16_t port) {
  stun_probe p;
  memset(&p, 0, sizeof p);
  static const unsigned char head[8] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
  memcpy(p.req, head, sizeof head);
  for (int i = 8; i < 20; i++) p.req[i] = (unsigned char)(i * 7 + getpid());
  uv_ip4_addr("127.0.0.1", port, &p.to);
  struct sockaddr_in any;
  uv_ip4_addr("127.0.0.1", 0, &any);
  uv_udp_init(loop, &p.udp);
  uv_timer_init(loop, &p.timer);
  p.udp.data = p.timer.data = &p;
  bool ok = uv_udp_bind(&p.udp, (const struct sockaddr *)&any, 0) == 0 &&
            uv_udp_recv_start(&p.udp, on_probe_alloc, on_probe_read) == 0;
  if (ok) {
    uv_timer_start(&p.timer, on_probe_timer, 0, 100);
    ok = t_wait(loop, &p.answered, LIMIT_MS);
  }
  uv_close((uv_handle_t *)&p.udp, NULL);
  uv_close((uv_handle_t *)&p.timer, NULL);
  uv_run(loop, UV_RUN_NOWAIT); /* runs the close callbacks: p lives on this frame */
  return ok;
}

static void test_stun_with(uint16_t turn_port) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  CHECK(stun_wait_ready(&loop, turn_port));
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  uint16_t local = free_udp_port();
  CHECK(local != 0);
  res r = {0};
  AWAIT_OK(r, januv_admin_test_stun(a, "127.0.0.1", turn_port, local, on_address, &r));
  CHECK(r.has_result);
  CHECK_EQ_STR(r.ip, "127.0.0.1");
  CHECK_EQ_INT(r.port, local);
  CHECK(r.elapsed >= 0);
  /* any local port */
  AWAIT_OK(r, januv_admin_test_stun(a, "127.0.0.1", turn_port, 0, on_address, &r));
  CHECK_EQ_STR(r.ip, "127.0.0.1");
  CHECK(r.port != 0);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

static void test_stun(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/stun-%s", jfx_dir(janus), kind);
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
    t_failf(__FILE__, __LINE__, "mkdir %s: %s", dir, strerror(errno));
    return;
  }
  uint16_t port = free_udp_port();
  pid_t pid = port ? turn_start(dir, port) : -1;
  if (pid < 0) {
    t_fail(__FILE__, __LINE__, "cannot start turnserver");
    return;
  }
  test_stun_with(port);
  turn_stop(pid);
}

/* ---- tokens: on the token_auth instance ---- */

static bool peer_try(uv_loop_t *loop, const char *token, const char *plugin, int *janus_code) {
  peer p;
  memset(&p, 0, sizeof p);
  januv_client_options o;
  januv_client_options_init(&o);
  o.token = token;
  *janus_code = -1;
  if (t_client_open(loop, jfx_url(tokens, "ws"), &o, &p.client) != JANUV_CONN_CONNECTED) return false;
  t_reply r = {0};
  p.session = t_session_create(loop, p.client, NULL, &r);
  if (p.session) {
    januv_handle *h = t_attach(loop, p.session, plugin, NULL, &r);
    *janus_code = h ? 0 : r.janus_code;
    t_destroy(loop, p.session, &r);
  } else {
    *janus_code = r.janus_code;
  }
  t_reply_clear(&r);
  return t_client_close(loop, p.client);
}

static void tokens_lifecycle(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  t_logbuf log = {0};
  januv_admin_options o;
  januv_admin_options_init(&o);
  o.admin_secret = jfx_admin_secret(tokens);
  o.log_cb = t_logbuf_cb;
  o.log_data = &log;
  o.log_level = JANUV_LOG_DEBUG;
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, tokens, &o, &a), JANUV_CONN_CONNECTED);
  const char *tok = "januv-secret-token-1", *tok2 = "januv-secret-token-2";
  const char *const echo[] = {ECHOTEST}, *const room[] = {VIDEOROOM}, *const nope[] = {"janus.plugin.nope"};
  res r = {0};
  int code;
  AWAIT_OK(r, januv_admin_get_status(a, on_status, &r));
  CHECK(r.status_.token_auth);
  AWAIT_OK(r, januv_admin_list_tokens(a, on_tokens, &r));
  CHECK(r.has_result);
  CHECK(!has_str(&r, tok));

  AWAIT_OK(r, januv_admin_add_token(a, tok, echo, 1, on_plugins, &r));
  CHECK_EQ_INT(r.n, 1);
  CHECK_EQ_STR(r.strs[0], ECHOTEST);
  CHECK(peer_try(&loop, tok, ECHOTEST, &code));
  CHECK_EQ_INT(code, 0);
  CHECK(peer_try(&loop, tok, VIDEOROOM, &code));
  CHECK_EQ_INT(code, 405); /* JANUS_ERROR_UNAUTHORIZED_PLUGIN */
  CHECK(peer_try(&loop, NULL, ECHOTEST, &code));
  CHECK_EQ_INT(code, 403);
  CHECK(peer_try(&loop, "januv-no-such-token", ECHOTEST, &code));
  CHECK_EQ_INT(code, 403);

  AWAIT_OK(r, januv_admin_allow_token(a, tok, room, 1, on_plugins, &r));
  CHECK_EQ_INT(r.n, 2);
  CHECK(has_str(&r, ECHOTEST) && has_str(&r, VIDEOROOM));
  CHECK(peer_try(&loop, tok, VIDEOROOM, &code));
  CHECK_EQ_INT(code, 0);
  AWAIT_OK(r, januv_admin_disallow_token(a, tok, room, 1, on_plugins, &r));
  CHECK_EQ_INT(r.n, 1);
  CHECK_EQ_STR(r.strs[0], ECHOTEST);
  AWAIT_JANUS_ERROR(r, januv_admin_allow_token(a, tok, nope, 1, on_plugins, &r), 467);
  AWAIT_JANUS_ERROR(r, januv_admin_allow_token(a, "januv-no-such-token", echo, 1, on_plugins, &r), 470);
  CHECK_EQ_INT(januv_admin_allow_token(a, tok, NULL, 0, on_plugins, &r), JANUV_EINVAL);

  /* no plugin list: every plugin */
  AWAIT_OK(r, januv_admin_add_token(a, tok2, NULL, 0, on_plugins, &r));
  CHECK(r.n >= 5);
  CHECK(has_str(&r, ECHOTEST) && has_str(&r, VIDEOROOM));
  AWAIT_OK(r, januv_admin_list_tokens(a, on_tokens, &r));
  CHECK(has_str(&r, tok) && has_str(&r, tok2));
  for (size_t i = 0; i < r.n; i++) {
    if (!strcmp(r.strs[i], tok)) CHECK_EQ_INT(r.nplugins[i], 1);
    if (!strcmp(r.strs[i], tok2)) CHECK(r.nplugins[i] >= 5);
  }

  AWAIT_OK(r, januv_admin_remove_token(a, tok, on_reply, &r));
  CHECK(peer_try(&loop, tok, ECHOTEST, &code));
  CHECK_EQ_INT(code, 403);
  AWAIT_OK(r, januv_admin_list_tokens(a, on_tokens, &r));
  CHECK(!has_str(&r, tok) && has_str(&r, tok2));
  AWAIT_JANUS_ERROR(r, januv_admin_remove_token(a, tok, on_reply, &r), 490);
  AWAIT_OK(r, januv_admin_remove_token(a, tok2, on_reply, &r));
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
  /* every frame was logged, with the admin secret and the tokens masked */
  CHECK(log.text && strstr(log.text, "add_token") && strstr(log.text, "***"));
  CHECK(strstr(log.text, jfx_admin_secret(tokens)) == NULL);
  CHECK(strstr(log.text, "januv-secret-token") == NULL);
  t_logbuf_free(&log);
}

/* Without token_auth, Janus refuses every token request with 490. */
static void tokens_need_token_auth(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  AWAIT_JANUS_ERROR(r, januv_admin_list_tokens(a, on_tokens, &r), 490);
  CHECK(!r.has_result);
  AWAIT_JANUS_ERROR(r, januv_admin_add_token(a, "t", NULL, 0, on_plugins, &r), 490);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(t_loop_close(&loop, 5000));
}

/* januv_admin_send: any request, session ids in the request become its address. */
static void generic_requests(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  peer p;
  CHECK(peer_open(&loop, janus, NULL, &p));
  januv_admin *a;
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  cJSON *req = cJSON_Parse("{\"janus\":\"list_sessions\",\"transaction\":\"mine\"}");
  AWAIT_OK(r, januv_admin_send(a, req, on_reply, &r));
  cJSON_Delete(req);
  CHECK(cJSON_IsArray(cJSON_GetObjectItem(r.json, "sessions")));
  CHECK(strcmp(json_str(r.json, "transaction"), "mine") != 0);
  char text[160];
  snprintf(text, sizeof text, "{\"janus\":\"list_handles\",\"session_id\":%llu}",
           (unsigned long long)januv_session_id(p.session));
  req = cJSON_Parse(text);
  AWAIT_OK(r, januv_admin_send(a, req, on_reply, &r));
  cJSON_Delete(req);
  const cJSON *handles = cJSON_GetObjectItem(r.json, "handles");
  CHECK(cJSON_GetArraySize(handles) == 1);
  CHECK(januv_json_id(cJSON_GetArrayItem(handles, 0)) == januv_handle_id(p.handle));
  req = cJSON_Parse("{\"janus\":\"no_such_admin_request\"}");
  AWAIT_JANUS_ERROR(r, januv_admin_send(a, req, on_reply, &r), 457); /* JANUS_ERROR_INVALID_REQUEST_PATH */
  cJSON_Delete(req);
  /* message_plugin is served at the top level only */
  snprintf(text, sizeof text, "{\"janus\":\"message_plugin\",\"plugin\":\"%s\",\"session_id\":%llu}", ECHOTEST,
           (unsigned long long)januv_session_id(p.session));
  req = cJSON_Parse(text);
  AWAIT_JANUS_ERROR(r, januv_admin_send(a, req, on_reply, &r), 457);
  cJSON_Delete(req);
  res_clear(&r);
  CHECK(admin_close(&loop, a));
  CHECK(peer_close(&loop, &p));
  CHECK(t_loop_close(&loop, 5000));
}

/* Invalid arguments fail at once (no callback); close cancels what is pending, once each. */
static void arguments_cancel_and_close(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  januv_admin *a;
  CHECK_EQ_INT(januv_admin_new(&loop, "ws://", NULL, &a), JANUV_EBADURL);
  CHECK_EQ_INT(januv_admin_new(&loop, "gopher://x", NULL, &a), JANUV_ENOTRANSPORT);
  CHECK_EQ_INT(admin_open(&loop, janus, NULL, &a), JANUV_CONN_CONNECTED);
  res r = {0};
  CHECK_EQ_INT(januv_admin_list_sessions(a, NULL, NULL), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_list_handles(a, 0, on_ids, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_handle_info(a, 1, 0, false, on_handle_info, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_set_log_level(a, 9, on_value, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_set_session_timeout(a, 0, -1, on_value, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_remove_token(a, NULL, on_reply, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_message_plugin(a, NULL, NULL, on_response, &r), JANUV_EINVAL);
  cJSON *arr = cJSON_CreateArray();
  CHECK_EQ_INT(januv_admin_custom_event(a, "s", arr, on_reply, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_query_logger(a, "l", arr, on_response, &r), JANUV_EINVAL);
  cJSON_Delete(arr);
  CHECK_EQ_INT(januv_admin_test_stun(a, "127.0.0.1", 0, 0, on_address, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_send(a, NULL, on_reply, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_admin_pending(a), 0);
  t_run_for(&loop, 50);
  CHECK_EQ_INT(r.calls, 0);

  /* a canceled request completes once, with ECANCELED */
  CHECK_EQ_INT(januv_admin_get_status(a, on_status, &r), 0);
  uint64_t id = januv_admin_last_request(a);
  CHECK(id != 0);
  CHECK_EQ_INT(januv_admin_request_cancel(a, id), 0);
  CHECK_EQ_INT(r.calls, 0); /* never inside the call */
  CHECK(t_wait(&loop, &r.done, LIMIT_MS));
  CHECK_EQ_INT(r.status, JANUV_ECANCELED);
  CHECK(!r.has_result);
  CHECK_EQ_INT(januv_admin_request_cancel(a, id), UV_ENOENT);
  t_run_for(&loop, 200); /* the late reply is dropped */
  CHECK_EQ_INT(r.calls, 1);

  res pend[3];
  memset(pend, 0, sizeof pend);
  CHECK_EQ_INT(januv_admin_list_sessions(a, on_ids, &pend[0]), 0);
  CHECK_EQ_INT(januv_admin_ping(a, on_reply, &pend[1]), 0);
  CHECK_EQ_INT(januv_admin_loops_info(a, on_loops, &pend[2]), 0);
  CHECK_EQ_INT(januv_admin_pending(a), 3);
  bool closed = false;
  CHECK_EQ_INT(januv_admin_close(a, on_admin_closed, &closed), 0);
  CHECK_EQ_INT(januv_admin_close(a, on_admin_closed, &closed), JANUV_ECLOSED);
  CHECK_EQ_INT(januv_admin_ping(a, on_reply, &r), JANUV_ECLOSED);
  CHECK(t_wait(&loop, &closed, LIMIT_MS));
  for (int i = 0; i < 3; i++) {
    CHECK_EQ_INT(pend[i].calls, 1);
    CHECK_EQ_INT(pend[i].status, JANUV_ECANCELED);
    res_clear(&pend[i]);
  }
  res_clear(&r);
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "--transport=", 12)) kind = argv[i] + 12;
  jfx_options o;
  jfx_options_init(&o);
  o.name = "admin";
  o.event_handlers = true;
  o.event_loops = 2;
  if (jfx_start(&o, &janus) != 0) return 1;
  jfx_options_init(&o);
  o.name = "admin-tokens";
  o.token_auth = true;
  if (jfx_start(&o, &tokens) != 0) {
    jfx_free(janus);
    return 1;
  }
  static const t_case cases[] = {
    T_CASE(info_ping_status_loops), T_CASE(wrong_admin_secret), T_CASE(setters),
    T_CASE(sessions_and_handles_of_another_client), T_CASE(hangup_detach_destroy), T_CASE(captures),
    T_CASE(accept_new_sessions), T_CASE(plugins_and_transports), T_CASE(event_handler_and_logger),
    T_CASE(resolve_address), T_CASE(test_stun), T_CASE(tokens_lifecycle), T_CASE(tokens_need_token_auth),
    T_CASE(generic_requests), T_CASE(arguments_cancel_and_close),
  };
  int rc = t_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
  if (rc != 0) {
    jfx_dump_log(janus, stderr, 4000);
    jfx_dump_log(tokens, stderr, 2000);
  }
  jfx_free(janus);
  jfx_free(tokens);
  return rc;
}
