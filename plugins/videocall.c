/* VideoCall plugin module: register, call, accept, set, hangup, typed events; the peer glued to the handle. */
#include "januv/plugins/videocall.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "media/glue.h"
#include "plugin.h"

struct januv_videocall {
  jv_plugin base;
  januv_videocall_callbacks cbs;
  cJSON *offer; /* the caller's offer of the last incoming call, until accepted or hung up */
};

/* ---- decoding ---- */

static const jv_field event_fields[] = {
  JV_FIELD(januv_videocall_event, username, "result.username", JV_F_STR),
  JV_FIELD(januv_videocall_event, reason, "result.reason", JV_F_STR),
  JV_FIELD_STRS(januv_videocall_event, list, nlist, "result.list"),
  JV_FIELD(januv_videocall_event, media, "result.media", JV_F_STR),
  JV_FIELD(januv_videocall_event, current_bitrate, "result.current-bitrate", JV_F_INT),
  JV_FIELD(januv_videocall_event, substream, "result.substream", JV_F_INT),
  JV_FIELD(januv_videocall_event, temporal, "result.temporal", JV_F_INT),
  JV_FIELD(januv_videocall_event, error_code, "error_code", JV_F_INT),
  JV_FIELD(januv_videocall_event, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(januv_videocall_event, event_fields);

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_VIDEOCALL_ERROR},
  {"result.list", NULL, JANUV_VIDEOCALL_LIST},
  {"result.event", "registered", JANUV_VIDEOCALL_REGISTERED},
  {"result.event", "calling", JANUV_VIDEOCALL_CALLING},
  {"result.event", "incomingcall", JANUV_VIDEOCALL_INCOMINGCALL},
  {"result.event", "accepted", JANUV_VIDEOCALL_ACCEPTED},
  {"result.event", "update", JANUV_VIDEOCALL_UPDATE},
  {"result.event", "set", JANUV_VIDEOCALL_SET},
  {"result.event", "hangup", JANUV_VIDEOCALL_HANGUP},
  {"result.event", "simulcast", JANUV_VIDEOCALL_SIMULCAST},
  {"result.event", "slow_link", JANUV_VIDEOCALL_SLOW_LINK},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_VIDEOCALL_OTHER, &event_table);

static void decode_event(januv_videocall_event *ev, const cJSON *data, const cJSON *jsep) {
  ev->type = (januv_videocall_event_type)jv_event_decode(&event_desc, data, ev);
  ev->data = data;
  ev->jsep = jsep;
}

static void event_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)obj, (void)n;
  januv_videocall_cb ucb = (januv_videocall_cb)cb;
  if (!ucb) return;
  if (r->status != 0 || !r->data) {
    ucb(r, NULL, data);
    return;
  }
  januv_videocall_event ev;
  decode_event(&ev, r->data, r->jsep);
  ucb(r, &ev, data);
  jv_fields_free(&ev, &event_table);
}
static const jv_decode event_decode = {NULL, NULL, event_reply};

/* ---- the class ---- */

static void report_failure(januv_videocall *vc, int status, const char *reason) {
  if (!vc->cbs.on_event || status == 0 || status == JANUV_ECANCELED) return;
  januv_videocall_event e;
  jv_fields_init(&e, &event_table);
  e.type = JANUV_VIDEOCALL_ERROR;
  e.error_code = status;
  e.error = reason;
  vc->cbs.on_event(vc, &e, vc->base.data);
}

static void on_answered(const januv_reply *r, void *data) {
  report_failure(data, r->status == JANUV_EPLUGIN ? r->plugin_code : r->status, r->reason);
}

static bool jsep_is(const cJSON *jsep, const char *type) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(jsep, "type");
  return cJSON_IsString(t) && !strcmp(t->valuestring, type);
}

/* The other side's SDP that came in an event: an answer goes to our peer, an offer is answered with "set". */
static void take_sdp(januv_videocall *vc, const cJSON *jsep) {
  int rc = 0;
  if (!jv_plugin_peer(&vc->base)) {
    rc = JANUV_ESTATE;
  } else if (jsep_is(jsep, "answer")) {
    rc = jv_media_apply_answer(vc->base.media, jsep, on_answered, vc);
  } else if (jsep_is(jsep, "offer")) {
    rc = jv_plugin_answer(&vc->base, jsep, "set", on_answered, vc);
  }
  if (rc) report_failure(vc, rc, "the other side's SDP was not applied");
}

static void on_event(jv_plugin *p, const januv_event *ev) {
  januv_videocall *vc = (januv_videocall *)p;
  januv_videocall_event e;
  decode_event(&e, ev->data, ev->jsep);
  if (e.type == JANUV_VIDEOCALL_INCOMINGCALL && ev->jsep) {
    cJSON_Delete(vc->offer);
    vc->offer = cJSON_Duplicate(ev->jsep, true);
  } else if (e.type == JANUV_VIDEOCALL_HANGUP) {
    cJSON_Delete(vc->offer);
    vc->offer = NULL;
  } else if ((e.type == JANUV_VIDEOCALL_ACCEPTED || e.type == JANUV_VIDEOCALL_UPDATE) && ev->jsep &&
             jv_plugin_usable(p)) {
    take_sdp(vc, ev->jsep);
  }
  if (vc->cbs.on_event) vc->cbs.on_event(vc, &e, p->data);
  jv_fields_free(&e, &event_table);
}

JV_PLUGIN_HOOKS(januv_videocall)

static void destroy(jv_plugin *p) { cJSON_Delete(((januv_videocall *)p)->offer); }

static const jv_plugin_class videocall_class = {
  .package = "janus.plugin.videocall",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closed = closed,
  .destroy = destroy,
};

int januv_videocall_attach(januv_session *s, const januv_videocall_callbacks *cbs, januv_videocall_attach_cb cb,
                           void *data) {
  januv_videocall *vc = calloc(1, sizeof *vc);
  if (vc && cbs) vc->cbs = *cbs;
  return jv_plugin_attach(s, vc ? &vc->base : NULL, &videocall_class, NULL, JV_CB(cb), data);
}

static jv_plugin *base_of(januv_videocall *vc) { return vc ? &vc->base : NULL; }

static int request(januv_videocall *vc, jv_body *b, januv_videocall_cb cb, void *data) {
  return jv_plugin_call(base_of(vc), b, &event_decode, JV_CB(cb), data);
}

/* ---- requests ---- */

static const jv_field set_fields[] = {
  JV_FIELD(januv_videocall_set_options, audio, "audio", JV_F_TRI),
  JV_FIELD(januv_videocall_set_options, video, "video", JV_F_TRI),
  JV_FIELD(januv_videocall_set_options, bitrate, "bitrate", JV_F_INT),
  JV_FIELD(januv_videocall_set_options, record, "record", JV_F_TRI),
  JV_FIELD(januv_videocall_set_options, filename, "filename", JV_F_STR),
  JV_FIELD(januv_videocall_set_options, substream, "substream", JV_F_INT),
  JV_FIELD(januv_videocall_set_options, temporal, "temporal", JV_F_INT),
  JV_FIELD(januv_videocall_set_options, fallback, "fallback", JV_F_INT),
};
static const jv_table set_table = JV_TABLE(januv_videocall_set_options, set_fields);

void januv_videocall_set_options_init(januv_videocall_set_options *o) { jv_fields_init(o, &set_table); }

int januv_videocall_list(januv_videocall *vc, januv_videocall_cb cb, void *data) {
  jv_body b = jv_body_new("request", "list");
  return request(vc, &b, cb, data);
}

int januv_videocall_register(januv_videocall *vc, const char *username, januv_videocall_cb cb, void *data) {
  jv_body b = jv_body_new("request", "register");
  jv_body_str(&b, "username", username, true);
  return request(vc, &b, cb, data);
}

int januv_videocall_set(januv_videocall *vc, const januv_videocall_set_options *o, januv_videocall_cb cb,
                        void *data) {
  jv_body b = jv_body_new("request", "set");
  if (o) jv_body_fields(&b, o, &set_table);
  return request(vc, &b, cb, data);
}

/* A step of the glue (offer or answer) whose reply is decoded for cb. peer NULL: the one bound. */
typedef int (*media_step)(januv_videocall *vc, cJSON *body, const januv_offer_options *opts, jv_call *c);

static int step_propose(januv_videocall *vc, cJSON *body, const januv_offer_options *opts, jv_call *c) {
  return jv_media_propose(vc->base.media, body, opts, jv_call_reply, c);
}

static int step_accept(januv_videocall *vc, cJSON *body, const januv_offer_options *opts, jv_call *c) {
  (void)opts;
  int rc = jv_media_answer(vc->base.media, vc->offer, body, jv_call_reply, c);
  if (rc == 0) {
    cJSON_Delete(vc->offer);
    vc->offer = NULL;
  }
  return rc;
}

static int media_request(januv_videocall *vc, januv_peer *peer, jv_body *b, media_step step,
                         const januv_offer_options *opts, januv_videocall_cb cb, void *data) {
  int rc = vc ? 0 : JANUV_EINVAL;
  if (rc == 0 && step == step_accept && !vc->offer) rc = JANUV_ESTATE;
  if (rc == 0) rc = peer ? jv_plugin_bind(&vc->base, peer) : jv_plugin_check(&vc->base);
  if (rc == 0 && !vc->base.media) rc = JANUV_ESTATE;
  cJSON *body = jv_body_take(b, rc ? NULL : &rc);
  jv_call *c = rc == 0 ? jv_call_new(&event_decode, JV_CB(cb), data) : NULL;
  if (!c) {
    cJSON_Delete(body);
    return rc ? rc : JANUV_ENOMEM;
  }
  rc = step(vc, body, opts, c);
  if (rc) jv_call_free(c);
  return rc;
}

int januv_videocall_call(januv_videocall *vc, januv_peer *peer, const char *username, januv_videocall_cb cb,
                         void *data) {
  jv_body b = jv_body_new("request", "call");
  jv_body_str(&b, "username", username, true);
  if (!peer) jv_body_fail(&b, false, JANUV_EINVAL);
  if (b.err) {
    int rc = b.err;
    cJSON_Delete(jv_body_take(&b, NULL));
    return rc;
  }
  return media_request(vc, peer, &b, step_propose, NULL, cb, data);
}

int januv_videocall_accept(januv_videocall *vc, januv_peer *peer, januv_videocall_cb cb, void *data) {
  jv_body b = jv_body_new("request", "accept");
  if (!peer) {
    cJSON_Delete(jv_body_take(&b, NULL));
    return JANUV_EINVAL;
  }
  return media_request(vc, peer, &b, step_accept, NULL, cb, data);
}

int januv_videocall_renegotiate(januv_videocall *vc, const januv_offer_options *offer,
                                const januv_videocall_set_options *o, januv_videocall_cb cb, void *data) {
  jv_body b = jv_body_new("request", "set");
  if (o) jv_body_fields(&b, o, &set_table);
  return media_request(vc, NULL, &b, step_propose, offer, cb, data);
}

int januv_videocall_hangup(januv_videocall *vc, const char *reason, januv_videocall_cb cb, void *data) {
  jv_body b = jv_body_new("request", "hangup");
  jv_body_str(&b, "reason", reason, false);
  int rc = request(vc, &b, cb, data);
  if (rc == 0) {
    /* a declined call cannot be accepted any more */
    cJSON_Delete(vc->offer);
    vc->offer = NULL;
  }
  return rc;
}

int januv_videocall_detach(januv_videocall *vc, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(base_of(vc), cb, data);
}

januv_handle *januv_videocall_handle(const januv_videocall *vc) { return vc->base.h; }
januv_peer *januv_videocall_peer(const januv_videocall *vc) { return jv_plugin_peer(&vc->base); }
void januv_videocall_set_data(januv_videocall *vc, void *data) { vc->base.data = data; }
void *januv_videocall_get_data(const januv_videocall *vc) { return vc->base.data; }

const char *januv_videocall_event_name(januv_videocall_event_type type) {
  static const char *const names[] = {"other", "list", "registered", "calling", "incomingcall", "accepted",
                                      "update", "set", "hangup", "simulcast", "slow_link", "error"};
  return JV_NAME(names, type);
}
