/* The in-process client of fuzz_json_core and fuzz_plugins: see fuzz_client.h. */
#include "fuzz_client.h"

#include <string.h>

#include "core/client_int.h"

#define API_SECRET "fz-apisecret-9f2c"
#define TOKEN "fz-token-41d7"

fz_client *fz;
januv_handle *fz_handles[FZ_MAX_HANDLES];

static uv_loop_t loop;
static bool loop_ready;

/* ---- the transport ---- */

static bool match(const char *url, void *data) {
  (void)data;
  return !strncmp(url, "fuzz://", 7);
}

static int t_open(januv_transport *t) {
  FZ_ASSERT(fz && !fz->closed);
  fz->transport = t;
  fz->connected = true;
  januv_transport_connected(t); /* queued: delivered from the loop */
  return 0;
}

/* Scripted replies: ids for "create" and "attach"; the input answers everything else. */
static int t_send(januv_transport *t, const januv_transport_request *req) {
  FZ_ASSERT(fz->connected);
  FZ_ASSERT(req->json && req->len > 0); /* not necessarily NUL-terminated */
  static const char secret[] = "\"apisecret\":\"" API_SECRET "\"", token[] = "\"token\":\"" TOKEN "\"";
  FZ_ASSERT(memmem(req->json, req->len, secret, sizeof secret - 1));
  FZ_ASSERT(memmem(req->json, req->len, token, sizeof token - 1));
  cJSON *msg = cJSON_ParseWithLength(req->json, req->len);
  FZ_ASSERT(msg != NULL);
  const char *verb = jv_json_str(msg, "janus");
  const char *txn = jv_json_str(msg, "transaction");
  FZ_ASSERT(verb && txn && (!strcmp(req->verb, "request") || !strcmp(verb, req->verb)));
  fz->last_request = req->request;
  char reply[256];
  int n = 0;
  if (!strcmp(verb, "create")) {
    n = snprintf(reply, sizeof reply, "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":%llu}}", txn,
                 FZ_SESSION);
  } else if (!strcmp(verb, "attach")) {
    n = snprintf(reply, sizeof reply,
                 "{\"janus\":\"success\",\"session_id\":%llu,\"transaction\":\"%s\",\"data\":{\"id\":%llu}}",
                 FZ_SESSION, txn, FZ_HANDLE + (unsigned long long)fz->attaches++);
  }
  if (n > 0) januv_transport_receive(t, reply, (size_t)n); /* queued: we are inside a januv call */
  cJSON_Delete(msg);
  return 0;
}

static void t_abort(januv_transport *t) {
  (void)t;
  fz->connected = false;
}

static void t_close(januv_transport *t) {
  fz->connected = false;
  fz->transport = NULL;
  januv_transport_closed(t);
}

static const januv_transport_vtable fuzz_transport = {
  .name = "fuzz",
  .open = t_open,
  .send = t_send,
  .abort = t_abort,
  .close = t_close,
};

/* ---- oracles ---- */

fz_tracker *fz_track(const char *what) {
  FZ_ASSERT(fz->ntrackers < FZ_MAX_TRACKERS);
  fz_tracker *t = &fz->trackers[fz->ntrackers++];
  memset(t, 0, sizeof *t);
  t->what = what;
  t->expect = 1;
  return t;
}

/* Callbacks never run inside the call that registers them, so expect is final by then. */
static void call(fz_tracker *t) {
  t->calls++;
  if (t->calls > t->expect) {
    fprintf(stderr, "callback ran %d times, expected %d: %s\n", t->calls, t->expect, t->what);
    abort();
  }
}

void fz_enter(void) {
  FZ_ASSERT(fz->in_api == 0); /* never inside a januv call */
  if (fz->reenter) {
    char a = fz->reenter;
    fz->reenter = 0;
    fz_action(a);
  }
}

void fz_check_reply(const januv_reply *r) {
  FZ_ASSERT(r != NULL && r->reason != NULL);
  fz_touch_str(r->reason);
  if (r->status == 0 || r->status == JANUV_EJANUS) FZ_ASSERT(r->json != NULL);
  if (r->status != JANUV_EJANUS) FZ_ASSERT(r->janus_code == 0);
  /* Janus's and plugins' own texts may be empty; januv's descriptions never are. */
  if (r->status != 0 && r->status != JANUV_EJANUS && r->status != JANUV_EPLUGIN) FZ_ASSERT(r->reason[0] != '\0');
  fz_touch_str(r->plugin);
  if (r->jsep) FZ_ASSERT(cJSON_IsObject(r->jsep));
}

void fz_on_reply(const januv_reply *r, void *data) {
  call(data);
  fz_check_reply(r);
  fz_enter();
}

void fz_check_event(const januv_event *ev) {
  FZ_ASSERT(ev->json != NULL);
  fz_touch_str(ev->plugin);
  fz_touch_str(ev->transaction);
  fz_touch_str(ev->media);
  fz_touch_str(ev->mid);
  fz_touch_str(ev->reason);
  fz_touch_str(januv_event_type_name(ev->type));
  if (ev->jsep) FZ_ASSERT(cJSON_IsObject(ev->jsep));
  if (ev->type == JANUV_EVENT_TRICKLE) FZ_ASSERT(!(ev->completed && ev->candidate));
  if (ev->candidate) FZ_ASSERT(cJSON_IsObject(ev->candidate));
}

static void on_log(januv_log_level level, const char *msg, void *data) {
  (void)data;
  FZ_ASSERT(level <= JANUV_LOG_DEBUG);
  fz_touch_str(msg);
  if (!strncmp(msg, "-> ", 3)) FZ_ASSERT(!strstr(msg, API_SECRET) && !strstr(msg, TOKEN));
}

/* ---- set-up ---- */

static void on_session_closed(januv_session *s, int reason, void *data) {
  (void)s;
  (void)reason;
  (void)data;
  FZ_ASSERT(fz->in_api == 0);
  call(fz->session_closed_tracker);
  fz->session = NULL;
  fz->session_closed = true;
}

static void on_session_lost(januv_session *s, int reason, void *data) {
  (void)data;
  FZ_ASSERT(s == fz->session && reason != 0);
  fz_enter();
}

static void on_session_timeout(januv_session *s, void *data) {
  (void)data;
  FZ_ASSERT(s == fz->session);
  fz_enter();
}

static const januv_session_callbacks session_cbs = {on_session_timeout, on_session_lost, on_session_closed};

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  call(data);
  FZ_ASSERT(fz->in_api == 0);
  fz_check_reply(r);
  FZ_ASSERT(s != NULL && januv_session_id(s) == FZ_SESSION);
  fz->session = s;
  fz->session_ready = true;
  fz->session_closed_tracker = fz_track("session on_closed");
}

static void on_client_closed(januv_client *c, void *data) {
  (void)c;
  call(data);
  fz->closed = true;
}

static fz_tracker *client_closed_tracker;

void fz_run(int n) {
  for (int i = 0; i < n; i++) uv_run(&loop, UV_RUN_NOWAIT);
}

bool fz_run_until(const bool *flag, int n) {
  for (int i = 0; i < n && !*flag; i++) uv_run(&loop, UV_RUN_NOWAIT);
  return *flag;
}

bool fz_open(fz_client *fc) {
  if (!loop_ready) {
    FZ_ASSERT(uv_loop_init(&loop) == 0);
    FZ_ASSERT(januv_transport_register(&fuzz_transport, match, NULL) == 0);
    loop_ready = true;
  }
  memset(fc, 0, sizeof *fc);
  memset(fz_handles, 0, sizeof fz_handles);
  fz = fc;
  januv_client_options o;
  januv_client_options_init(&o);
  o.keepalive_interval_ms = 0; /* the input decides what is sent and when */
  o.api_secret = API_SECRET;
  o.token = TOKEN;
  o.log_cb = on_log;
  o.log_level = JANUV_LOG_DEBUG;
  FZ_ASSERT(januv_client_new(&loop, "fuzz://janus", &o, &fc->client) == 0);
  fc->client->conn.txn_salt = 0; /* transactions "1", "2", ... (see fuzz_client.h) */
  client_closed_tracker = fz_track("client close");
  fz_tracker *t = fz_track("session create");
  int rc;
  FZ_API(rc = januv_session_create(fc->client, &session_cbs, on_session, t));
  FZ_ASSERT(rc == 0);
  return fz_run_until(&fc->session_ready, 8);
}

/* ---- input ---- */

/* A call that failed never runs its callback. */
static void tracked(int rc, fz_tracker *t) {
  if (rc != 0) t->expect = 0;
}

void fz_action(char a) {
  fz_client *fc = fz;
  januv_handle *h = NULL;
  int rc = 0;
  fz_tracker *t;
  if (fc->closed) return;                              /* the client is gone */
  if (fc->ntrackers >= FZ_MAX_TRACKERS - 16) return; /* enough requests for one input */
  switch (a) {
  case 'c': FZ_API(rc = januv_client_close(fc->client, on_client_closed, client_closed_tracker)); break;
  case 's':
    if (!fc->session) break;
    t = fz_track("session destroy");
    FZ_API(rc = januv_session_destroy(fc->session, fz_on_reply, t));
    tracked(rc, t);
    break;
  case 'k':
    if (!fc->session) break;
    t = fz_track("session keepalive");
    FZ_API(rc = januv_session_keepalive(fc->session, fz_on_reply, t));
    tracked(rc, t);
    break;
  case 'd':
  case 'D':
    if (!(h = fz_handles[a == 'd' ? 0 : 1])) break;
    t = fz_track("handle detach");
    FZ_API(rc = januv_handle_detach(h, fz_on_reply, t));
    tracked(rc, t);
    break;
  case 'm':
  case 'h':
  case 't': {
    if (!(h = fz_handles[0])) break;
    t = fz_track("handle request");
    cJSON *j = cJSON_Parse(a == 'm' ? "{\"request\":\"fuzz\"}"
                                    : "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\"}");
    FZ_ASSERT(j != NULL);
    if (a == 'm') FZ_API(rc = januv_handle_message(h, j, NULL, fz_on_reply, t));
    if (a == 'h') FZ_API(rc = januv_handle_hangup(h, fz_on_reply, t));
    if (a == 't') FZ_API(rc = januv_handle_trickle(h, j, fz_on_reply, t));
    cJSON_Delete(j);
    tracked(rc, t);
    break;
  }
  case 'i':
  case 'p':
    t = fz_track("client request");
    FZ_API(rc = (a == 'i' ? januv_client_info : januv_client_ping)(fc->client, fz_on_reply, t));
    tracked(rc, t);
    break;
  case 'x': FZ_API(rc = januv_request_cancel(fc->client, januv_client_last_request(fc->client))); break;
  case 'l':
    if (fc->connected && fc->transport) {
      fc->connected = false;
      januv_transport_disconnected(fc->transport, UV_ECONNRESET, "fuzz: connection lost");
    }
    break;
  default: break;
  }
  (void)rc;
}

void fz_deliver(const uint8_t *data, size_t size) {
  size_t i = 0;
  while (i <= size && !fz->closed) {
    const uint8_t *end = memchr(data + i, 0, size - i);
    size_t n = end ? (size_t)(end - (data + i)) : size - i;
    const char *msg = (const char *)data + i;
    if (n >= 2 && msg[0] == 0x01) {
      if (fz->connected && fz->transport) januv_transport_receive_reply(fz->transport, (uint8_t)msg[1], msg + 2, n - 2);
    } else if (n >= 1 && msg[0] == 0x02) {
      for (size_t k = 1; k < n; k++) fz_action(msg[k]);
    } else if (n >= 2 && msg[0] == 0x03) {
      fz->reenter = msg[1];
    } else if (n > 0 && fz->connected && fz->transport) {
      januv_transport_receive(fz->transport, msg, n);
    }
    fz_run(2);
    if (!end) break;
    i += n + 1;
  }
}

void fz_finish(void) {
  fz_run(2);
  fz->reenter = 0;
  if (!fz->closed) {
    int rc;
    FZ_API(rc = januv_client_close(fz->client, on_client_closed, client_closed_tracker));
    FZ_ASSERT(rc == 0 || rc == JANUV_ECLOSED);
  }
  FZ_ASSERT(fz_run_until(&fz->closed, 1000));
  fz_run(1);
  for (int i = 0; i < fz->ntrackers; i++) {
    fz_tracker *t = &fz->trackers[i];
    if (t->calls != t->expect) {
      fprintf(stderr, "callback ran %d times, expected %d: %s\n", t->calls, t->expect, t->what);
      abort();
    }
  }
  FZ_ASSERT(!uv_loop_alive(&loop));
  fz = NULL;
}
