/* SIP plugin module: requests, typed events, and a peer per call (our offer goes with "call" and the answer
 * comes back in a later event, or Janus relays the caller's offer with "incomingcall"). */
#include "januv/plugins/sip.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "plugin.h"

struct januv_sip {
  jv_plugin base;
  januv_sip_callbacks cbs;
  /* The SIP side's offer (incomingcall or updatingcall), kept until we answer it or the call ends. */
  cJSON *offer;
  bool offer_is_reinvite;
  /* The call as the plugin's events tell it: Janus silently ignores hangup, decline, hold and unhold in the
   * wrong state (no reply ever), so they are refused here instead of timing out. */
  enum { CALL_IDLE, CALL_INVITING, CALL_INVITED, CALL_IN } call;
};

/* Sets of call states, for begin(). */
#define IN(state) (1u << (state))
#define ANY_CALL (~0u)

/* ---- events ---- */

#define E januv_sip_event
static const jv_field event_fields[] = {
  JV_FIELD(E, event, "result.event", JV_F_STR),
  JV_FIELD(E, call_id, "call_id", JV_F_STR),
  JV_FIELD(E, username, "result.username", JV_F_STR),
  JV_FIELD(E, displayname, "result.displayname", JV_F_STR),
  JV_FIELD(E, callee, "result.callee", JV_F_STR),
  JV_FIELD(E, caller, "result.caller", JV_F_STR),
  JV_FIELD(E, sender, "result.sender", JV_F_STR),
  /* MESSAGE says content_type, INFO type, NOTIFY content-type. */
  JV_FIELD(E, content_type, "result.content_type", JV_F_STR),
  JV_FIELD(E, content_type, "result.type", JV_F_STR),
  JV_FIELD(E, content_type, "result.content-type", JV_F_STR),
  JV_FIELD(E, content, "result.content", JV_F_STR),
  JV_FIELD(E, code, "result.code", JV_F_INT),
  JV_FIELD(E, reason, "result.reason", JV_F_STR),
  JV_FIELD(E, reason_header, "result.reason_header", JV_F_STR),
  JV_FIELD(E, reason_header_protocol, "result.reason_header_protocol", JV_F_STR),
  JV_FIELD(E, reason_header_cause, "result.reason_header_cause", JV_F_STR),
  JV_FIELD(E, register_sent, "result.register_sent", JV_F_TRI),
  JV_FIELD(E, master_id, "result.master_id", JV_F_U64),
  JV_FIELD(E, srtp, "result.srtp", JV_F_STR),
  JV_FIELD(E, referred_by, "result.referred_by", JV_F_STR),
  JV_FIELD(E, replaces, "result.replaces", JV_F_STR),
  JV_FIELD(E, refer_to, "result.refer_to", JV_F_STR),
  JV_FIELD(E, refer_id, "result.refer_id", JV_F_U64),
  JV_FIELD(E, notify, "result.notify", JV_F_STR),
  JV_FIELD(E, substate, "result.substate", JV_F_STR),
  JV_FIELD(E, isfocus, "result.isfocus", JV_F_TRI),
  JV_FIELD(E, headers, "result.headers", JV_F_JSON),
  JV_FIELD(E, error_code, "error_code", JV_F_INT),
  JV_FIELD(E, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(E, event_fields);
#undef E

#define RULE(name, type) {"result.event", name, type}
static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_SIP_ERROR},
  RULE("registered", JANUV_SIP_REGISTERED),
  RULE("registration_failed", JANUV_SIP_REGISTRATION_FAILED),
  RULE("unregistered", JANUV_SIP_UNREGISTERED),
  RULE("proceeding", JANUV_SIP_PROCEEDING),
  RULE("ringing", JANUV_SIP_RINGING),
  RULE("progress", JANUV_SIP_PROGRESS),
  RULE("accepted", JANUV_SIP_ACCEPTED),
  RULE("incomingcall", JANUV_SIP_INCOMINGCALL),
  RULE("missed_call", JANUV_SIP_MISSED_CALL),
  RULE("updatingcall", JANUV_SIP_UPDATINGCALL),
  RULE("hangup", JANUV_SIP_HANGUP),
  RULE("message", JANUV_SIP_MESSAGE),
  RULE("messagedelivery", JANUV_SIP_MESSAGE_DELIVERY),
  RULE("info", JANUV_SIP_INFO),
  RULE("notify", JANUV_SIP_NOTIFY),
  RULE("transfer", JANUV_SIP_TRANSFER),
  RULE("subscribe_succeeded", JANUV_SIP_SUBSCRIBE_SUCCEEDED),
  RULE("subscribe_failed", JANUV_SIP_SUBSCRIBE_FAILED),
};
#undef RULE
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_SIP_OTHER, &event_table);

static void on_answer_applied(const januv_reply *r, void *data) {
  januv_sip *sip = data;
  if (sip->cbs.on_answer) sip->cbs.on_answer(sip, r->status, r->reason, sip->base.data);
}

/* What the module itself does with an event before the application sees it. */
static void track(januv_sip *sip, int type, const cJSON *jsep) {
  const char *jtype = jv_json_str(jsep, "type");
  if ((type == JANUV_SIP_ACCEPTED || type == JANUV_SIP_PROGRESS) && jtype && !strcmp(jtype, "answer")) {
    /* The answer to the offer that went with "call" or "update" (jv_media_propose). */
    int rc = jv_plugin_peer(&sip->base) ? jv_media_apply_answer(sip->base.media, jsep, on_answer_applied, sip)
                                        : JANUV_ESTATE;
    if (rc && sip->cbs.on_answer) sip->cbs.on_answer(sip, rc, "the answer was not applied", sip->base.data);
  } else if ((type == JANUV_SIP_INCOMINGCALL || type == JANUV_SIP_UPDATINGCALL) && jtype && !strcmp(jtype, "offer")) {
    cJSON_Delete(sip->offer);
    sip->offer = cJSON_Duplicate(jsep, true);
    sip->offer_is_reinvite = type == JANUV_SIP_UPDATINGCALL;
  } else if (type == JANUV_SIP_INCOMINGCALL) {
    cJSON_Delete(sip->offer); /* an offerless INVITE: we will offer */
    sip->offer = NULL;
    sip->offer_is_reinvite = false;
  } else if (type == JANUV_SIP_HANGUP) {
    cJSON_Delete(sip->offer);
    sip->offer = NULL;
  }
  if (type == JANUV_SIP_INCOMINGCALL) sip->call = CALL_INVITED;
  else if (type == JANUV_SIP_ACCEPTED) sip->call = CALL_IN;
  else if (type == JANUV_SIP_HANGUP) sip->call = CALL_IDLE;
}

static void dispatch(januv_sip *sip, const cJSON *data, const cJSON *jsep) {
  januv_sip_event e;
  int type = jv_event_decode(&event_desc, data, &e);
  e.type = (januv_sip_event_type)type;
  e.jsep = jsep;
  e.data = data;
  track(sip, type, jsep);
  if (sip->cbs.on_event) sip->cbs.on_event(sip, &e, sip->base.data);
  jv_fields_free(&e, &event_table);
}

static void on_event(jv_plugin *p, const januv_event *ev) {
  if (cJSON_IsObject(ev->data)) dispatch((januv_sip *)p, ev->data, ev->jsep);
}

/* ---- requests: the reply goes to the callback, and to on_event when it is an outcome, not an ack ---- */

static const char *const acks[] = {"registering", "unregistering", "calling", "accepting", "declining",
                                   "hangingup", "holding", "resuming", "updating", "updated", "messagesent",
                                   "infosent", "dtmfsent", "transferring", "recordingupdated", "subscribing",
                                   "unsubscribing"};

static bool is_ack(const char *event) {
  for (size_t i = 0; i < sizeof acks / sizeof acks[0]; i++)
    if (!strcmp(event, acks[i])) return true;
  return false;
}

typedef struct req {
  januv_sip *sip;
  januv_reply_cb cb;
  void *data;
} req;

static req *req_new(januv_sip *sip, januv_reply_cb cb, void *data) {
  req *q = malloc(sizeof *q);
  if (!q) return NULL;
  q->sip = sip;
  q->cb = cb;
  q->data = data;
  return q;
}

static void on_reply(const januv_reply *r, void *data) {
  req *q = data;
  januv_sip *sip = q->sip;
  januv_reply_cb cb = q->cb;
  void *cb_data = q->data;
  free(q);
  const char *event = r->status == 0 ? jv_json_str(jv_json_obj(r->data, "result"), "event") : NULL;
  if (event && !strcmp(event, "calling") && sip->call == CALL_IDLE) sip->call = CALL_INVITING;
  if (event && !strcmp(event, "accepting")) sip->call = CALL_IN;
  if (event && !strcmp(event, "declining")) sip->call = CALL_IDLE;
  if (cb) cb(r, cb_data);
  /* The core completes a request before its handle closes: sip is still there. */
  if (event && !is_ack(event) && jv_plugin_usable(&sip->base)) dispatch(sip, r->data, r->jsep);
}

/* A request body after checking the handle and that the call is in one of @p states (JANUV_ESTATE otherwise, see
 * januv_sip.call). A refusal stays in the body: send_body() and media_step() return it before anything else. */
static jv_body begin(januv_sip *sip, const char *verb, unsigned states) {
  jv_body b = {NULL, jv_plugin_check(sip ? &sip->base : NULL)};
  if (b.err == 0 && !(states & IN(sip->call))) b.err = JANUV_ESTATE;
  return b.err ? b : jv_body_new("request", verb);
}

static int send_body(januv_sip *sip, jv_body *b, januv_reply_cb cb, void *data) {
  req *q = b->err ? NULL : req_new(sip, cb, data);
  if (!q) {
    int rc = b->err ? b->err : JANUV_ENOMEM;
    cJSON_Delete(jv_body_take(b, NULL));
    return rc;
  }
  int rc = jv_plugin_request(&sip->base, b, on_reply, q);
  if (rc) free(q);
  return rc;
}

/* A media step: body (taken) goes with our offer, or with our answer to jsep when it is set. */
static int media_step(januv_sip *sip, januv_peer *peer, jv_body *b, const cJSON *offer, januv_reply_cb cb,
                      void *data) {
  int rc = b->err;
  if (rc == 0) rc = peer ? jv_plugin_bind(&sip->base, peer) : jv_plugin_peer(&sip->base) ? 0 : JANUV_ESTATE;
  if (rc == 0 && jv_media_busy(sip->base.media)) rc = JANUV_ESTATE;
  cJSON *body = jv_body_take(b, rc ? NULL : &rc);
  req *q = rc == 0 ? req_new(sip, cb, data) : NULL;
  if (!q) {
    cJSON_Delete(body);
    return rc ? rc : JANUV_ENOMEM;
  }
  rc = offer ? jv_media_answer(sip->base.media, offer, body, on_reply, q)
             : jv_media_propose(sip->base.media, body, NULL, on_reply, q);
  if (rc) free(q);
  return rc;
}

/* ---- registration ---- */

#define O januv_sip_register_options
static const jv_field register_fields[] = {
  JV_FIELD(O, username, "username", JV_F_STR),
  JV_FIELD(O, type, "type", JV_F_STR),
  JV_FIELD(O, secret, "secret", JV_F_STR),
  JV_FIELD(O, ha1_secret, "ha1_secret", JV_F_STR),
  JV_FIELD(O, authuser, "authuser", JV_F_STR),
  JV_FIELD(O, display_name, "display_name", JV_F_STR),
  JV_FIELD(O, user_agent, "user_agent", JV_F_STR),
  JV_FIELD(O, proxy, "proxy", JV_F_STR),
  JV_FIELD(O, outbound_proxy, "outbound_proxy", JV_F_STR),
  JV_FIELD(O, send_register, "send_register", JV_F_TRI),
  JV_FIELD(O, force_udp, "force_udp", JV_F_TRI),
  JV_FIELD(O, force_tcp, "force_tcp", JV_F_TRI),
  JV_FIELD(O, sips, "sips", JV_F_TRI),
  JV_FIELD(O, rfc2543_cancel, "rfc2543_cancel", JV_F_TRI),
  JV_FIELD(O, refresh, "refresh", JV_F_TRI),
  JV_FIELD(O, register_ttl, "register_ttl", JV_F_INT),
  JV_FIELD(O, master_id, "master_id", JV_F_U64),
  JV_FIELD(O, headers, "headers", JV_F_JSON),
  JV_FIELD(O, contact_params, "contact_params", JV_F_JSON),
  JV_FIELD_STRS(O, incoming_header_prefixes, nincoming_header_prefixes, "incoming_header_prefixes"),
};
static const jv_table register_table = JV_TABLE(O, register_fields);
#undef O

void januv_sip_register_options_init(januv_sip_register_options *o) { jv_fields_init(o, &register_table); }

int januv_sip_register(januv_sip *sip, const januv_sip_register_options *o, januv_reply_cb cb, void *data) {
  if (!o || !o->username) return JANUV_EINVAL;
  jv_body b = begin(sip, "register", ANY_CALL);
  jv_body_fields(&b, o, &register_table);
  return send_body(sip, &b, cb, data);
}

int januv_sip_unregister(januv_sip *sip, januv_reply_cb cb, void *data) {
  jv_body b = begin(sip, "unregister", ANY_CALL);
  return send_body(sip, &b, cb, data);
}

/* ---- calls ---- */

#define O januv_sip_call_options
static const jv_field call_fields[] = {
  JV_FIELD(O, call_id, "call_id", JV_F_STR),
  JV_FIELD(O, headers, "headers", JV_F_JSON),
  JV_FIELD(O, srtp, "srtp", JV_F_STR),
  JV_FIELD(O, srtp_profile, "srtp_profile", JV_F_STR),
  JV_FIELD(O, secret, "secret", JV_F_STR),
  JV_FIELD(O, ha1_secret, "ha1_secret", JV_F_STR),
  JV_FIELD(O, authuser, "authuser", JV_F_STR),
  JV_FIELD(O, autoaccept_reinvites, "autoaccept_reinvites", JV_F_TRI),
  JV_FIELD(O, refer_id, "refer_id", JV_F_U64),
};
static const jv_table call_table = JV_TABLE(O, call_fields);
#undef O

#define O januv_sip_accept_options
static const jv_field accept_fields[] = {
  JV_FIELD(O, srtp, "srtp", JV_F_STR),
  JV_FIELD(O, headers, "headers", JV_F_JSON),
  JV_FIELD(O, autoaccept_reinvites, "autoaccept_reinvites", JV_F_TRI),
};
static const jv_table accept_table = JV_TABLE(O, accept_fields);
#undef O

void januv_sip_call_options_init(januv_sip_call_options *o) { jv_fields_init(o, &call_table); }
void januv_sip_accept_options_init(januv_sip_accept_options *o) { jv_fields_init(o, &accept_table); }

int januv_sip_call(januv_sip *sip, januv_peer *peer, const char *uri, const januv_sip_call_options *o,
                   januv_reply_cb cb, void *data) {
  if (!peer || !uri) return JANUV_EINVAL;
  jv_body b = begin(sip, "call", ANY_CALL);
  jv_body_str(&b, "uri", uri, true);
  if (o) jv_body_fields(&b, o, &call_table);
  return media_step(sip, peer, &b, NULL, cb, data);
}

int januv_sip_accept(januv_sip *sip, januv_peer *peer, const januv_sip_accept_options *o, januv_reply_cb cb,
                     void *data) {
  if (!sip || !peer) return JANUV_EINVAL;
  /* a re-INVITE's offer is answered with update */
  jv_body b = begin(sip, "accept", sip->offer_is_reinvite ? 0 : IN(CALL_INVITED));
  if (o) jv_body_fields(&b, o, &accept_table);
  int rc = media_step(sip, peer, &b, sip->offer, cb, data);
  if (rc == 0) {
    cJSON_Delete(sip->offer); /* jv_media_answer copied what it needs */
    sip->offer = NULL;
  }
  return rc;
}

int januv_sip_update(januv_sip *sip, januv_reply_cb cb, void *data) {
  if (!sip) return JANUV_EINVAL;
  jv_body b = begin(sip, "update", ANY_CALL);
  const cJSON *offer = sip->offer_is_reinvite ? sip->offer : NULL;
  int rc = media_step(sip, NULL, &b, offer, cb, data);
  if (rc == 0 && offer) {
    cJSON_Delete(sip->offer);
    sip->offer = NULL;
    sip->offer_is_reinvite = false;
  }
  return rc;
}

int januv_sip_decline(januv_sip *sip, int code, const cJSON *headers, januv_reply_cb cb, void *data) {
  jv_body b = begin(sip, "decline", IN(CALL_INVITED));
  if (code > 0) jv_body_int(&b, "code", code);
  jv_body_obj(&b, "headers", headers);
  return send_body(sip, &b, cb, data);
}

int januv_sip_hangup(januv_sip *sip, const cJSON *headers, januv_reply_cb cb, void *data) {
  jv_body b = begin(sip, "hangup", IN(CALL_INVITING) | IN(CALL_IN));
  jv_body_obj(&b, "headers", headers);
  return send_body(sip, &b, cb, data);
}

int januv_sip_hold(januv_sip *sip, januv_direction direction, januv_reply_cb cb, void *data) {
  static const char *const dirs[] = {"sendonly", "sendonly", "recvonly", "inactive"};
  if ((unsigned)direction > JANUV_DIR_INACTIVE) return JANUV_EINVAL;
  jv_body b = begin(sip, "hold", IN(CALL_IN));
  jv_body_str(&b, "direction", dirs[direction], true);
  return send_body(sip, &b, cb, data);
}

int januv_sip_unhold(januv_sip *sip, januv_reply_cb cb, void *data) {
  jv_body b = begin(sip, "unhold", IN(CALL_IN));
  return send_body(sip, &b, cb, data);
}

/* ---- in a call ---- */

/* One "dtmf_info" per digit, all sent at once (Janus handles a handle's requests in order); the caller's
 * callback runs with the last reply, or with the first failure once every reply arrived. */
typedef struct dtmf_ctx {
  int left;
  januv_reply fail;
  char reason[256];
  januv_reply_cb cb;
  void *data;
} dtmf_ctx;

static void on_dtmf(const januv_reply *r, void *data) {
  dtmf_ctx *d = data;
  if (r->status != 0 && d->fail.status == 0) {
    d->fail = *r;
    snprintf(d->reason, sizeof d->reason, "%s", r->reason);
    d->fail.reason = d->reason;
    d->fail.json = d->fail.data = d->fail.jsep = NULL;
    d->fail.plugin = NULL;
  }
  if (--d->left > 0) return;
  if (d->cb) d->cb(d->fail.status ? &d->fail : r, d->data);
  free(d);
}

int januv_sip_dtmf_info(januv_sip *sip, const char *digits, int duration_ms, januv_reply_cb cb, void *data) {
  int rc = jv_plugin_check(sip ? &sip->base : NULL);
  if (rc) return rc;
  if (!digits || !*digits || strspn(digits, "0123456789ABCDabcd*#") != strlen(digits)) return JANUV_EINVAL;
  dtmf_ctx *d = calloc(1, sizeof *d);
  if (!d) return JANUV_ENOMEM;
  d->cb = cb;
  d->data = data;
  d->left = 1; /* held until every digit went out */
  for (const char *p = digits; *p; p++) {
    char digit[2] = {*p, '\0'};
    jv_body b = jv_body_new("request", "dtmf_info");
    jv_body_str(&b, "digit", digit, true);
    if (duration_ms > 0) jv_body_int(&b, "duration", duration_ms);
    d->left++;
    rc = jv_plugin_request(&sip->base, &b, on_dtmf, d);
    if (rc) {
      d->left--;
      break;
    }
  }
  if (rc && d->left == 1) {
    free(d); /* nothing went out: the callback never runs */
    return rc;
  }
  if (rc) {
    /* Some digits went out: the callback reports the failure of the rest. */
    januv_reply r;
    memset(&r, 0, sizeof r);
    r.status = rc;
    r.reason = januv_strerror(rc);
    on_dtmf(&r, d);
    return 0;
  }
  d->left--;
  return 0;
}

int januv_sip_info(januv_sip *sip, const char *type, const char *content, const cJSON *headers, januv_reply_cb cb,
                   void *data) {
  if (!type || !content) return JANUV_EINVAL;
  jv_body b = begin(sip, "info", ANY_CALL);
  jv_body_str(&b, "type", type, true);
  jv_body_str(&b, "content", content, true);
  jv_body_obj(&b, "headers", headers);
  return send_body(sip, &b, cb, data);
}

#define O januv_sip_message_options
static const jv_field message_fields[] = {
  JV_FIELD(O, content_type, "content_type", JV_F_STR),
  JV_FIELD(O, uri, "uri", JV_F_STR),
  JV_FIELD(O, call_id, "call_id", JV_F_STR),
  JV_FIELD(O, headers, "headers", JV_F_JSON),
};
static const jv_table message_table = JV_TABLE(O, message_fields);
#undef O

int januv_sip_message(januv_sip *sip, const char *content, const januv_sip_message_options *o, januv_reply_cb cb,
                      void *data) {
  if (!content) return JANUV_EINVAL;
  jv_body b = begin(sip, "message", ANY_CALL);
  jv_body_str(&b, "content", content, true);
  if (o) jv_body_fields(&b, o, &message_table);
  return send_body(sip, &b, cb, data);
}

int januv_sip_transfer(januv_sip *sip, const char *uri, const char *replace_call_id, januv_reply_cb cb, void *data) {
  if (!uri) return JANUV_EINVAL;
  jv_body b = begin(sip, "transfer", ANY_CALL);
  jv_body_str(&b, "uri", uri, true);
  jv_body_str(&b, "replace", replace_call_id, false);
  return send_body(sip, &b, cb, data);
}

#define O januv_sip_recording_options
static const jv_field recording_fields[] = {
  JV_FIELD(O, audio, "audio", JV_F_TRI),
  JV_FIELD(O, video, "video", JV_F_TRI),
  JV_FIELD(O, peer_audio, "peer_audio", JV_F_TRI),
  JV_FIELD(O, peer_video, "peer_video", JV_F_TRI),
  JV_FIELD(O, send_peer_pli, "send_peer_pli", JV_F_TRI),
  JV_FIELD(O, filename, "filename", JV_F_STR),
};
static const jv_table recording_table = JV_TABLE(O, recording_fields);
#undef O

void januv_sip_recording_options_init(januv_sip_recording_options *o) { jv_fields_init(o, &recording_table); }

int januv_sip_recording(januv_sip *sip, bool start, const januv_sip_recording_options *o, januv_reply_cb cb,
                        void *data) {
  jv_body b = begin(sip, "recording", ANY_CALL);
  jv_body_str(&b, "action", start ? "start" : "stop", true);
  if (o) jv_body_fields(&b, o, &recording_table);
  return send_body(sip, &b, cb, data);
}

#define O januv_sip_subscribe_options
static const jv_field subscribe_fields[] = {
  JV_FIELD(O, event, "event", JV_F_STR),
  JV_FIELD(O, accept, "accept", JV_F_STR),
  JV_FIELD(O, to, "to", JV_F_STR),
  JV_FIELD(O, call_id, "call_id", JV_F_STR),
  JV_FIELD(O, subscribe_ttl, "subscribe_ttl", JV_F_INT),
  JV_FIELD(O, headers, "headers", JV_F_JSON),
};
static const jv_table subscribe_table = JV_TABLE(O, subscribe_fields);
#undef O

void januv_sip_subscribe_options_init(januv_sip_subscribe_options *o) { jv_fields_init(o, &subscribe_table); }

int januv_sip_subscribe(januv_sip *sip, const januv_sip_subscribe_options *o, januv_reply_cb cb, void *data) {
  if (!o || !o->event) return JANUV_EINVAL;
  jv_body b = begin(sip, "subscribe", ANY_CALL);
  jv_body_fields(&b, o, &subscribe_table);
  return send_body(sip, &b, cb, data);
}

int januv_sip_unsubscribe(januv_sip *sip, const char *event, januv_reply_cb cb, void *data) {
  if (!event) return JANUV_EINVAL;
  jv_body b = begin(sip, "unsubscribe", ANY_CALL);
  jv_body_str(&b, "event", event, true);
  return send_body(sip, &b, cb, data);
}

/* ---- the handle ---- */

JV_PLUGIN_HOOKS(januv_sip)

static void destroy(jv_plugin *p) { cJSON_Delete(((januv_sip *)p)->offer); }

static const jv_plugin_class sip_class = {
  .package = "janus.plugin.sip",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
  .destroy = destroy,
};

int januv_sip_attach(januv_session *s, const januv_sip_callbacks *cbs, januv_sip_attach_cb cb, void *data) {
  januv_sip *sip = calloc(1, sizeof *sip);
  if (sip && cbs) sip->cbs = *cbs;
  return jv_plugin_attach(s, sip ? &sip->base : NULL, &sip_class, NULL, JV_CB(cb), data);
}

int januv_sip_detach(januv_sip *sip, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(sip ? &sip->base : NULL, cb, data);
}

januv_handle *januv_sip_handle(const januv_sip *sip) { return sip->base.h; }
januv_peer *januv_sip_peer(const januv_sip *sip) { return jv_plugin_peer(&sip->base); }
void januv_sip_set_data(januv_sip *sip, void *data) { sip->base.data = data; }
void *januv_sip_get_data(const januv_sip *sip) { return sip->base.data; }

const char *januv_sip_event_name(januv_sip_event_type type) {
  static const char *const names[] = {
    "registered", "registration_failed", "unregistered", "proceeding", "ringing", "progress", "accepted",
    "incomingcall", "missed_call", "updatingcall", "hangup", "message", "messagedelivery", "info", "notify",
    "transfer", "subscribe_succeeded", "subscribe_failed", "error", "other"};
  return JV_NAME(names, type);
}
