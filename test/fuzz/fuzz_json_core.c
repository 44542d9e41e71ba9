/*
 * Janus messages through the core: the in-process client of fuzz_client.h with a session and two
 * handles, and requests of every kind pending, then the input as messages from the server (NUL
 * separated; actions and re-entrant closes too: see fuzz_client.h). Replies, acks, events of every
 * type for the session and the handles, malformed JSON, arrays of messages (HTTP long-poll batches),
 * unknown transactions, and closes from inside callbacks all reach the transaction table, routing and
 * event decoding (lib/core/conn.c, transaction.c, event.c, session.c, handle.c).
 *
 * Fixed values for seeds: session 1111111111111111; handles 2222222222222222 (A) and 2222222222222223
 * (B); pending transactions, in hex:
 *   4 info  5 ping  6 session keepalive  7 message on A  8 message with jsep on A (no callback: its
 *   answer is an event)  9 trickle on A  a hangup on A  b message on B  c trickle completed on B
 *   d {"janus":"claim"} on the session
 * (1 create and 2, 3 attach were answered by the harness.)
 */
#include <string.h>

#include "fuzz_client.h"

typedef struct fz_handle_state {
  int index;
  januv_handle *h;
  bool closed;
  fz_tracker *closed_tracker;
} fz_handle_state;

static fz_handle_state handles[2];

static void on_any(januv_handle *h, const januv_event *ev, void *data, januv_event_type want) {
  fz_handle_state *st = data;
  FZ_ASSERT(!st->closed && st->h == h);
  FZ_ASSERT(ev->type == want);
  fz_check_event(ev);
  if (ev->type != JANUV_EVENT_PLUGIN) /* routed by "sender" (a plugin answer: by its transaction) */
    FZ_ASSERT(januv_json_id(cJSON_GetObjectItemCaseSensitive(ev->json, "sender")) == januv_handle_id(h));
  fz_enter();
}

#define ON(name, type)                                                                             \
  static void name(januv_handle *h, const januv_event *ev, void *data) { on_any(h, ev, data, type); }
ON(on_event, JANUV_EVENT_PLUGIN)
ON(on_webrtcup, JANUV_EVENT_WEBRTCUP)
ON(on_media, JANUV_EVENT_MEDIA)
ON(on_slowlink, JANUV_EVENT_SLOWLINK)
ON(on_hangup, JANUV_EVENT_HANGUP)
ON(on_detached, JANUV_EVENT_DETACHED)
ON(on_trickle, JANUV_EVENT_TRICKLE)

static void on_closed(januv_handle *h, int reason, void *data) {
  fz_handle_state *st = data;
  (void)reason;
  FZ_ASSERT(!st->closed && st->h == h && fz->in_api == 0);
  st->closed = true;
  st->closed_tracker->calls++;
  FZ_ASSERT(st->closed_tracker->calls == 1);
  fz_handles[st->index] = NULL;
  fz_enter();
}

static const januv_handle_callbacks handle_cbs = {
  on_event, on_webrtcup, on_media, on_slowlink, on_hangup, on_detached, on_trickle, on_closed,
};

static bool attached[2];

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  fz_handle_state *st = data;
  fz_check_reply(r);
  FZ_ASSERT(h != NULL && januv_handle_id(h) == FZ_HANDLE + (uint64_t)st->index);
  FZ_ASSERT(!strcmp(januv_handle_plugin(h), "janus.plugin.echotest"));
  st->h = h;
  st->closed_tracker = fz_track("handle on_closed");
  fz_handles[st->index] = h;
  attached[st->index] = true;
}

/* Issues a request whose callback must run once; rc must be 0 (the set-up is fixed). */
#define REQUEST(call)                                                                              \
  do {                                                                                             \
    fz_tracker *t = fz_track(#call);                                                               \
    int rc_;                                                                                       \
    FZ_API(rc_ = (call));                                                                          \
    FZ_ASSERT(rc_ == 0);                                                                           \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_client fc;
  FZ_ASSERT(fz_open(&fc));
  memset(handles, 0, sizeof handles);
  memset(attached, 0, sizeof attached);
  for (int i = 0; i < 2; i++) {
    handles[i].index = i;
    int rc;
    FZ_API(rc = januv_handle_attach(fc.session, "janus.plugin.echotest", NULL, &handle_cbs, on_attached, &handles[i]));
    FZ_ASSERT(rc == 0);
    FZ_ASSERT(fz_run_until(&attached[i], 8));
  }
  januv_handle *a = handles[0].h, *b = handles[1].h;
  cJSON *body = cJSON_Parse("{\"request\":\"fuzz\",\"audio\":true}");
  cJSON *jsep = cJSON_Parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
  cJSON *cand = cJSON_Parse("{\"candidate\":\"candidate:1 1 udp 2113937151 127.0.0.1 40000 typ host\","
                            "\"sdpMid\":\"0\"}");
  cJSON *claim = cJSON_Parse("{\"janus\":\"claim\"}");
  FZ_ASSERT(body && jsep && cand && claim);
  REQUEST(januv_client_info(fc.client, fz_on_reply, t));                 /* 4 */
  REQUEST(januv_client_ping(fc.client, fz_on_reply, t));                 /* 5 */
  REQUEST(januv_session_keepalive(fc.session, fz_on_reply, t));          /* 6 */
  REQUEST(januv_handle_message(a, body, NULL, fz_on_reply, t));          /* 7 */
  {
    int rc;
    FZ_API(rc = januv_handle_message(a, body, jsep, NULL, NULL));        /* 8 */
    FZ_ASSERT(rc == 0);
  }
  REQUEST(januv_handle_trickle(a, cand, fz_on_reply, t));                /* 9 */
  REQUEST(januv_handle_hangup(a, fz_on_reply, t));                       /* a */
  REQUEST(januv_handle_message(b, body, NULL, fz_on_reply, t));          /* b */
  REQUEST(januv_handle_trickle_completed(b, fz_on_reply, t));            /* c */
  REQUEST(januv_session_send(fc.session, claim, fz_on_reply, t));        /* d */
  cJSON_Delete(body);
  cJSON_Delete(jsep);
  cJSON_Delete(cand);
  cJSON_Delete(claim);
  fz_run(2);

  fz_deliver(data, size);
  fz_finish();
  return 0;
}
