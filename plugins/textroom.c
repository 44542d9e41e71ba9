/* TextRoom plugin module: setup over the Janus API, then requests as JSON over the data channel with a
 * transaction table of our own (the core's table only sees the Janus API), typed results and events. */
#include "januv/plugins/textroom.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "plugin.h"
#include "util/list.h"

#define DEFAULT_TIMEOUT_MS 10000
/* The label Janus uses for what it sends when no label is given: its replies then share our channel. */
#define DC_LABEL "JanusDataChannel"

/* A request over the data channel, or the setup: completes through its jv_call (typed decoding). */
typedef struct req {
  jv_list link;
  char tx[32];
  uint64_t deadline;
  bool done_ok; /* completes with status 0 at the deadline (a message sent without ack) */
  jv_call *call;
} req;

struct januv_textroom {
  jv_plugin base;
  januv_textroom_callbacks cbs;
  januv_textroom_route route;
  uint32_t timeout_ms;
  uint64_t next_tx;
  jv_list pending;   /* req; the timer scans for the earliest deadline */
  uv_timer_t *timer; /* allocated apart: its close outlives the textroom */
  januv_data_channel *dc;
  bool ready, dc_open;
  req *setup;        /* the setup in progress */
  cJSON *ack;        /* the plugin's answer to "ack", until the channel opens */
};

/* ---- typed results: decoded by the shared tables, then handed to the module's callback types ---- */

typedef struct room_result {
  januv_id room;
  bool permanent, exists;
} room_result;

static const jv_field room_result_fields[] = {
  JV_FIELD(room_result, room, "room", JV_F_ID),
  JV_FIELD(room_result, permanent, "permanent", JV_F_BOOL),
  JV_FIELD(room_result, exists, "exists", JV_F_BOOL),
};
static const jv_table room_result_table = JV_TABLE(room_result, room_result_fields);

static const jv_field room_info_fields[] = {
  JV_FIELD(januv_textroom_room_info, room, "room", JV_F_ID),
  JV_FIELD(januv_textroom_room_info, description, "description", JV_F_STR),
  JV_FIELD(januv_textroom_room_info, pin_required, "pin_required", JV_F_BOOL),
  JV_FIELD(januv_textroom_room_info, num_participants, "num_participants", JV_F_INT),
  JV_FIELD(januv_textroom_room_info, history, "history", JV_F_INT),
};
static const jv_table room_info_table = JV_TABLE(januv_textroom_room_info, room_info_fields);

static const jv_field participant_fields[] = {
  JV_FIELD(januv_textroom_participant, username, "username", JV_F_STR),
  JV_FIELD(januv_textroom_participant, display, "display", JV_F_STR),
};
static const jv_table participant_table = JV_TABLE(januv_textroom_participant, participant_fields);

typedef struct allowed_result {
  const char *const *tokens;
  size_t n;
} allowed_result;

static const jv_field allowed_fields[] = {JV_FIELD_STRS(allowed_result, tokens, n, "allowed")};
static const jv_table allowed_table = JV_TABLE(allowed_result, allowed_fields);

static void fn_reply(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  (void)obj;
  (void)n;
  if (cb) ((januv_reply_cb)cb)(r, data);
}

static void fn_created(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  const room_result *o = n ? obj : NULL;
  if (cb) ((januv_textroom_created_cb)cb)(r, o ? o->room : januv_id_num(0), o && o->permanent, data);
}

static void fn_exists(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  const room_result *o = n ? obj : NULL;
  if (cb) ((januv_textroom_exists_cb)cb)(r, o ? o->room : januv_id_num(0), o && o->exists, data);
}

static void fn_list(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  if (cb) ((januv_textroom_list_cb)cb)(r, obj, n, data);
}

static void fn_participants(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  if (cb) ((januv_textroom_participants_cb)cb)(r, obj, n, data);
}

static void fn_allowed(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data) {
  const allowed_result *o = n ? obj : NULL;
  if (cb) ((januv_textroom_allowed_cb)cb)(r, o ? o->tokens : NULL, o ? o->n : 0, data);
}

static const jv_decode dec_reply = {NULL, NULL, fn_reply};
static const jv_decode dec_created = {NULL, &room_result_table, fn_created};
static const jv_decode dec_exists = {NULL, &room_result_table, fn_exists};
static const jv_decode dec_list = {"list", &room_info_table, fn_list};
static const jv_decode dec_participants = {"participants", &participant_table, fn_participants};
static const jv_decode dec_allowed = {NULL, &allowed_table, fn_allowed};

static void complete(req *q, const januv_reply *r) {
  if (jv_list_linked(&q->link)) jv_list_remove(&q->link);
  jv_call_reply(r, q->call);
  free(q);
}

static void complete_status(req *q, int status, const char *reason) {
  januv_reply r;
  memset(&r, 0, sizeof r);
  r.status = status;
  r.reason = status == 0 ? "" : reason ? reason : januv_strerror(status);
  complete(q, &r);
}

/* ---- the timer: deadlines and deferred completions ---- */

static void on_timer_closed(uv_handle_t *h) { free(h); }

static void arm(januv_textroom *tr);

static void on_timer(uv_timer_t *t) {
  januv_textroom *tr = t->data;
  uint64_t now = uv_now(t->loop);
  /* A completion may add or complete other requests: restart the scan after each one. */
  for (bool again = true; again;) {
    again = false;
    for (jv_list *n = tr->pending.next; n != &tr->pending; n = n->next) {
      req *q = JV_CONTAINER_OF(n, req, link);
      if (q->deadline > now) continue;
      bool was_setup = q == tr->setup;
      if (was_setup) tr->setup = NULL;
      if (q->done_ok)
        complete_status(q, 0, NULL);
      else
        complete_status(q, JANUV_ETIMEDOUT, was_setup ? "the data channel did not open in time" : NULL);
      again = true;
      break;
    }
  }
  arm(tr);
}

static void arm(januv_textroom *tr) {
  if (!tr->timer) return;
  uint64_t first = UINT64_MAX;
  for (jv_list *n = tr->pending.next; n != &tr->pending; n = n->next) {
    req *q = JV_CONTAINER_OF(n, req, link);
    if (q->deadline < first) first = q->deadline;
  }
  if (first == UINT64_MAX) {
    uv_timer_stop(tr->timer);
    return;
  }
  uint64_t now = uv_now(tr->timer->loop);
  uv_timer_start(tr->timer, on_timer, first > now ? first - now : 0, 0);
}

static req *req_new(const jv_decode *d, void (*fn)(void), void *data) {
  req *q = calloc(1, sizeof *q);
  if (q) q->call = jv_call_new(d, fn, data);
  if (q && !q->call) {
    free(q);
    return NULL;
  }
  if (q) jv_list_init(&q->link);
  return q;
}

static void req_free(req *q) {
  jv_call_free(q->call);
  free(q);
}

static void req_track(januv_textroom *tr, req *q, uint32_t after_ms) {
  q->deadline = uv_now(tr->timer->loop) + after_ms;
  jv_list_push_back(&tr->pending, &q->link);
  arm(tr);
}

/* Every request over the data channel (and the setup) fails with status. */
static void fail_pending(januv_textroom *tr, int status, const char *reason) {
  jv_list *n;
  tr->setup = NULL;
  while ((n = jv_list_pop_front(&tr->pending))) complete_status(JV_CONTAINER_OF(n, req, link), status, reason);
  if (tr->timer) uv_timer_stop(tr->timer);
}

/* ---- events and replies over the data channel ---- */

static const jv_field event_fields[] = {
  JV_FIELD(januv_textroom_event, room, "room", JV_F_ID),
  JV_FIELD(januv_textroom_event, from, "from", JV_F_STR),
  JV_FIELD(januv_textroom_event, username, "username", JV_F_STR),
  JV_FIELD(januv_textroom_event, display, "display", JV_F_STR),
  JV_FIELD(januv_textroom_event, text, "text", JV_F_STR),
  JV_FIELD(januv_textroom_event, date, "date", JV_F_STR),
  JV_FIELD(januv_textroom_event, whisper, "whisper", JV_F_BOOL),
  JV_FIELD(januv_textroom_event, error_code, "error_code", JV_F_INT),
  JV_FIELD(januv_textroom_event, error, "error", JV_F_STR),
};
static const jv_table event_table = JV_TABLE(januv_textroom_event, event_fields);

static const jv_event_rule event_rules[] = {
  {"error_code", NULL, JANUV_TEXTROOM_ERROR},
  {"textroom", "message", JANUV_TEXTROOM_MESSAGE},
  {"textroom", "announcement", JANUV_TEXTROOM_ANNOUNCEMENT},
  {"textroom", "join", JANUV_TEXTROOM_JOIN},
  {"textroom", "leave", JANUV_TEXTROOM_LEAVE},
  {"textroom", "kicked", JANUV_TEXTROOM_KICKED},
  {"textroom", "destroyed", JANUV_TEXTROOM_DESTROYED},
};
static const jv_event_desc event_desc = JV_EVENT_DESC(event_rules, JANUV_TEXTROOM_OTHER, &event_table);

static void emit_event(januv_textroom *tr, const cJSON *msg) {
  if (!tr->cbs.on_event) return;
  januv_textroom_event e;
  int type = jv_event_decode(&event_desc, msg, &e);
  e.type = (januv_textroom_event_type)type;
  e.json = msg;
  tr->cbs.on_event(tr, &e, tr->base.data);
  jv_fields_free(&e, &event_table);
}

static req *find_tx(januv_textroom *tr, const char *tx) {
  for (jv_list *n = tr->pending.next; n != &tr->pending; n = n->next) {
    req *q = JV_CONTAINER_OF(n, req, link);
    if (q != tr->setup && !q->done_ok && !strcmp(q->tx, tx)) return q;
  }
  return NULL;
}

static void dc_message(januv_data_channel *dc, const void *bytes, size_t len, bool binary, void *data) {
  (void)dc;
  januv_textroom *tr = data;
  if (binary) return; /* TextRoom speaks text only */
  cJSON *msg = cJSON_ParseWithLength(bytes, len);
  if (!cJSON_IsObject(msg)) {
    cJSON_Delete(msg);
    return;
  }
  const char *tx = jv_json_str(msg, "transaction");
  req *q = tx ? find_tx(tr, tx) : NULL;
  if (q) {
    januv_reply r;
    memset(&r, 0, sizeof r);
    r.reason = "";
    r.json = r.data = msg;
    r.plugin = "janus.plugin.textroom";
    jv_plugin_check_error(&r);
    complete(q, &r);
    arm(tr);
  } else {
    emit_event(tr, msg);
  }
  cJSON_Delete(msg);
}

/* Setup is done once Janus answered "ack" and the channel is open, in whichever order. */
static void setup_maybe_done(januv_textroom *tr) {
  if (!tr->setup || !tr->ack || !tr->dc_open) return;
  req *q = tr->setup;
  tr->setup = NULL;
  tr->ready = true;
  cJSON *ack = tr->ack;
  tr->ack = NULL;
  januv_reply r;
  jv_plugin_reply_of(&r, ack);
  complete(q, &r);
  cJSON_Delete(ack);
  arm(tr);
}

static void setup_fail(januv_textroom *tr, const januv_reply *r, int status, const char *reason) {
  req *q = tr->setup;
  if (!q) return;
  tr->setup = NULL;
  if (r)
    complete(q, r);
  else
    complete_status(q, status, reason);
  arm(tr);
}

static void dc_open(januv_data_channel *dc, void *data) {
  (void)dc;
  januv_textroom *tr = data;
  tr->dc_open = true;
  setup_maybe_done(tr);
}

static void dc_closed(januv_data_channel *dc, void *data) {
  (void)dc;
  januv_textroom *tr = data;
  bool was_ready = tr->ready;
  tr->dc = NULL;
  tr->ready = tr->dc_open = false;
  cJSON_Delete(tr->ack);
  tr->ack = NULL;
  fail_pending(tr, JANUV_ECONNRESET, "the data channel closed");
  if (was_ready && tr->cbs.on_channel_closed) tr->cbs.on_channel_closed(tr, tr->base.data);
}

static const januv_dc_callbacks dc_cbs = {.on_open = dc_open, .on_message = dc_message, .on_closed = dc_closed};

/* ---- setup ---- */

static void on_ack(const januv_reply *r, void *data) {
  januv_textroom *tr = data;
  if (!tr->setup) return;
  if (r->status != 0) {
    setup_fail(tr, r, 0, NULL);
    return;
  }
  cJSON_Delete(tr->ack);
  tr->ack = r->json ? cJSON_Duplicate(r->json, true) : cJSON_CreateObject();
  if (!tr->ack) {
    setup_fail(tr, NULL, JANUV_ENOMEM, NULL);
    return;
  }
  setup_maybe_done(tr);
}

static void on_setup(const januv_reply *r, void *data) {
  januv_textroom *tr = data;
  if (!tr->setup) return;
  if (r->status != 0) {
    setup_fail(tr, r, 0, NULL);
    return;
  }
  if (!r->jsep) {
    setup_fail(tr, NULL, JANUV_EPROTO, "the plugin answered setup without an offer");
    return;
  }
  int rc = jv_plugin_answer(&tr->base, r->jsep, "ack", on_ack, tr);
  if (rc != 0) setup_fail(tr, NULL, rc, "answering the offer failed");
}

int januv_textroom_setup(januv_textroom *tr, januv_peer *peer, januv_reply_cb cb, void *data) {
  if (!tr || !peer) return JANUV_EINVAL;
  int rc = jv_plugin_check(&tr->base);
  if (rc) return rc;
  if (tr->setup || tr->ready) return JANUV_ESTATE;
  if ((rc = jv_plugin_bind(&tr->base, peer)) != 0) return rc;
  req *q = req_new(&dec_reply, JV_CB(cb), data);
  if (!q) return JANUV_ENOMEM;
  /* Created before the answer: webrtcbin opens it once SCTP is up, and Janus replies on it. */
  januv_data_channel *dc = NULL;
  if (tr->dc && januv_data_channel_peer(tr->dc) != peer) {
    januv_data_channel_set_callbacks(tr->dc, NULL, NULL);
    tr->dc = NULL;
  }
  if (!tr->dc) {
    rc = januv_peer_create_data_channel(peer, DC_LABEL, NULL, &dc_cbs, tr, &dc);
    if (rc) {
      req_free(q);
      return rc;
    }
    tr->dc = dc;
    tr->dc_open = januv_data_channel_state(dc) == JANUV_DC_OPEN;
  }
  jv_body b = jv_body_new("request", "setup");
  rc = jv_plugin_request(&tr->base, &b, on_setup, tr);
  if (rc) {
    req_free(q);
    return rc;
  }
  tr->setup = q;
  req_track(tr, q, tr->timeout_ms);
  return 0;
}

/* ---- requests ---- */

typedef struct call {
  januv_textroom *tr;
  bool dc;   /* over the data channel, else the Janus API */
  jv_body b; /* its first failure, call_begin()'s included, is what call_send() returns */
} call;

/* Picks the route and starts the body: "textroom": verb over the data channel, "request": verb otherwise. */
static call call_begin(januv_textroom *tr, const char *verb, bool management) {
  call c = {tr, false, {NULL, 0}};
  int rc = jv_plugin_check(tr ? &tr->base : NULL);
  if (rc == 0) {
    januv_textroom_route route = management ? tr->route : JANUV_TEXTROOM_ROUTE_DATA_CHANNEL;
    c.dc = route == JANUV_TEXTROOM_ROUTE_DATA_CHANNEL || (route == JANUV_TEXTROOM_ROUTE_AUTO && tr->ready);
    if (c.dc && !tr->ready) rc = JANUV_ESTATE;
  }
  if (rc == 0) c.b = jv_body_new(c.dc ? "textroom" : "request", verb);
  jv_body_fail(&c.b, rc == 0, rc);
  return c;
}

/* call_begin() with {"room": room, "secret": secret}: the requests about one room. */
static call call_room(januv_textroom *tr, const char *verb, bool management, januv_id room, const char *secret) {
  call c = call_begin(tr, verb, management);
  jv_body_id(&c.b, "room", room, true);
  jv_body_str(&c.b, "secret", secret, false);
  return c;
}

static int call_send(call *c, const jv_decode *d, void (*fn)(void), void *data, bool no_ack) {
  januv_textroom *tr = c->tr;
  int rc = c->b.err;
  if (rc) {
    cJSON_Delete(jv_body_take(&c->b, NULL));
    return rc;
  }
  if (!c->dc) return jv_plugin_call(&tr->base, &c->b, d, fn, data);
  req *q = req_new(d, fn, data);
  if (!q) {
    cJSON_Delete(jv_body_take(&c->b, NULL));
    return JANUV_ENOMEM;
  }
  snprintf(q->tx, sizeof q->tx, "jvtr%" PRIu64, ++tr->next_tx);
  jv_body_str(&c->b, "transaction", q->tx, true);
  cJSON *body = jv_body_take(&c->b, &rc);
  char *text = body ? januv_json_print(body, false) : NULL;
  cJSON_Delete(body);
  rc = text ? januv_data_channel_send_text(tr->dc, text) : rc ? rc : JANUV_ENOMEM;
  free(text);
  if (rc) {
    req_free(q);
    return rc;
  }
  q->done_ok = no_ack;
  req_track(tr, q, no_ack ? 0 : tr->timeout_ms);
  return 0;
}

/* ---- request options, encoded by the shared tables ---- */

static const jv_field room_fields[] = {
  JV_FIELD(januv_textroom_room_options, room, "room", JV_F_ID),
  JV_FIELD(januv_textroom_room_options, admin_key, "admin_key", JV_F_STR),
  JV_FIELD(januv_textroom_room_options, description, "description", JV_F_STR),
  JV_FIELD(januv_textroom_room_options, secret, "secret", JV_F_STR),
  JV_FIELD(januv_textroom_room_options, pin, "pin", JV_F_STR),
  JV_FIELD(januv_textroom_room_options, post, "post", JV_F_STR),
  JV_FIELD(januv_textroom_room_options, is_private, "is_private", JV_F_TRI),
  JV_FIELD(januv_textroom_room_options, history, "history", JV_F_INT),
  JV_FIELD_STRS(januv_textroom_room_options, allowed, nallowed, "allowed"),
  JV_FIELD(januv_textroom_room_options, permanent, "permanent", JV_F_BOOL),
};
static const jv_table room_table = JV_TABLE(januv_textroom_room_options, room_fields);

static const jv_field edit_fields[] = {
  JV_FIELD(januv_textroom_edit_options, secret, "secret", JV_F_STR),
  JV_FIELD(januv_textroom_edit_options, new_description, "new_description", JV_F_STR),
  JV_FIELD(januv_textroom_edit_options, new_secret, "new_secret", JV_F_STR),
  JV_FIELD(januv_textroom_edit_options, new_pin, "new_pin", JV_F_STR),
  JV_FIELD(januv_textroom_edit_options, new_post, "new_post", JV_F_STR),
  JV_FIELD(januv_textroom_edit_options, new_is_private, "new_is_private", JV_F_TRI),
  JV_FIELD(januv_textroom_edit_options, permanent, "permanent", JV_F_BOOL),
};
static const jv_table edit_table = JV_TABLE(januv_textroom_edit_options, edit_fields);

static const jv_field join_fields[] = {
  JV_FIELD(januv_textroom_join_options, username, "username", JV_F_STR),
  JV_FIELD(januv_textroom_join_options, display, "display", JV_F_STR),
  JV_FIELD(januv_textroom_join_options, pin, "pin", JV_F_STR),
  JV_FIELD(januv_textroom_join_options, token, "token", JV_F_STR),
  JV_FIELD(januv_textroom_join_options, history, "history", JV_F_TRI),
};
static const jv_table join_table = JV_TABLE(januv_textroom_join_options, join_fields);

static const jv_field message_fields[] = {
  JV_FIELD(januv_textroom_message_options, to, "to", JV_F_STR),
  JV_FIELD_STRS(januv_textroom_message_options, tos, ntos, "tos"),
};
static const jv_table message_table = JV_TABLE(januv_textroom_message_options, message_fields);

void januv_textroom_room_options_init(januv_textroom_room_options *o) { jv_fields_init(o, &room_table); }
void januv_textroom_edit_options_init(januv_textroom_edit_options *o) { jv_fields_init(o, &edit_table); }
void januv_textroom_join_options_init(januv_textroom_join_options *o) { jv_fields_init(o, &join_table); }

int januv_textroom_create(januv_textroom *tr, const januv_textroom_room_options *o, januv_textroom_created_cb cb,
                          void *data) {
  januv_textroom_room_options defaults;
  if (!o) {
    januv_textroom_room_options_init(&defaults);
    o = &defaults;
  }
  if (o->history > 65535) return JANUV_EINVAL;
  call c = call_begin(tr, "create", true);
  jv_body_fields(&c.b, o, &room_table);
  return call_send(&c, &dec_created, JV_CB(cb), data, false);
}

int januv_textroom_edit(januv_textroom *tr, januv_id room, const januv_textroom_edit_options *o, januv_reply_cb cb,
                        void *data) {
  if (!o) return JANUV_EINVAL;
  call c = call_room(tr, "edit", true, room, NULL);
  jv_body_fields(&c.b, o, &edit_table);
  return call_send(&c, &dec_reply, JV_CB(cb), data, false);
}

int januv_textroom_destroy(januv_textroom *tr, januv_id room, const char *secret, bool permanent, januv_reply_cb cb,
                           void *data) {
  call c = call_room(tr, "destroy", true, room, secret);
  if (permanent) jv_body_bool(&c.b, "permanent", true);
  return call_send(&c, &dec_reply, JV_CB(cb), data, false);
}

int januv_textroom_exists(januv_textroom *tr, januv_id room, januv_textroom_exists_cb cb, void *data) {
  call c = call_room(tr, "exists", true, room, NULL);
  return call_send(&c, &dec_exists, JV_CB(cb), data, false);
}

int januv_textroom_list(januv_textroom *tr, const char *admin_key, januv_textroom_list_cb cb, void *data) {
  call c = call_begin(tr, "list", true);
  jv_body_str(&c.b, "admin_key", admin_key, false);
  return call_send(&c, &dec_list, JV_CB(cb), data, false);
}

int januv_textroom_list_participants(januv_textroom *tr, januv_id room, januv_textroom_participants_cb cb,
                                     void *data) {
  call c = call_room(tr, "listparticipants", true, room, NULL);
  return call_send(&c, &dec_participants, JV_CB(cb), data, false);
}

int januv_textroom_allowed(januv_textroom *tr, januv_id room, const char *secret, januv_textroom_acl action,
                           const char *const *tokens, size_t n, januv_textroom_allowed_cb cb, void *data) {
  static const char *const actions[] = {"enable", "disable", "add", "remove"};
  if ((unsigned)action > JANUV_TEXTROOM_ACL_REMOVE) return JANUV_EINVAL;
  bool list = action == JANUV_TEXTROOM_ACL_ADD || action == JANUV_TEXTROOM_ACL_REMOVE;
  if (list && !n) return JANUV_EINVAL;
  call c = call_room(tr, "allowed", true, room, secret);
  jv_body_str(&c.b, "action", actions[action], true);
  if (list) jv_body_strs(&c.b, "allowed", tokens, n);
  return call_send(&c, &dec_allowed, JV_CB(cb), data, false);
}

int januv_textroom_kick(januv_textroom *tr, januv_id room, const char *secret, const char *username,
                        januv_reply_cb cb, void *data) {
  call c = call_room(tr, "kick", true, room, secret);
  jv_body_str(&c.b, "username", username, true);
  return call_send(&c, &dec_reply, JV_CB(cb), data, false);
}

int januv_textroom_announcement(januv_textroom *tr, januv_id room, const char *secret, const char *text,
                                januv_reply_cb cb, void *data) {
  call c = call_room(tr, "announcement", true, room, secret);
  jv_body_str(&c.b, "text", text, true);
  return call_send(&c, &dec_reply, JV_CB(cb), data, false);
}

int januv_textroom_join(januv_textroom *tr, januv_id room, const januv_textroom_join_options *o,
                        januv_textroom_participants_cb cb, void *data) {
  if (!o || !o->username) return JANUV_EINVAL;
  call c = call_room(tr, "join", false, room, NULL);
  jv_body_fields(&c.b, o, &join_table);
  return call_send(&c, &dec_participants, JV_CB(cb), data, false);
}

int januv_textroom_leave(januv_textroom *tr, januv_id room, januv_reply_cb cb, void *data) {
  call c = call_room(tr, "leave", false, room, NULL);
  return call_send(&c, &dec_reply, JV_CB(cb), data, false);
}

int januv_textroom_message(januv_textroom *tr, januv_id room, const char *text,
                           const januv_textroom_message_options *o, januv_reply_cb cb, void *data) {
  static const januv_textroom_message_options public_acked;
  if (!o) o = &public_acked;
  if (o->to && o->ntos) return JANUV_EINVAL;
  call c = call_room(tr, "message", false, room, NULL);
  jv_body_str(&c.b, "text", text, true);
  jv_body_fields(&c.b, o, &message_table);
  if (o->no_ack) jv_body_bool(&c.b, "ack", false);
  return call_send(&c, &dec_reply, JV_CB(cb), data, o->no_ack);
}

/* ---- the handle ---- */

static void on_event(jv_plugin *p, const januv_event *ev) {
  if (cJSON_IsObject(ev->data)) emit_event((januv_textroom *)p, ev->data);
}

JV_PLUGIN_HOOKS(januv_textroom)

static void closing(jv_plugin *p) { fail_pending((januv_textroom *)p, JANUV_ECANCELED, "the textroom closed"); }

static void destroy(jv_plugin *p) {
  januv_textroom *tr = (januv_textroom *)p;
  if (tr->dc) januv_data_channel_set_callbacks(tr->dc, NULL, NULL);
  cJSON_Delete(tr->ack);
  if (tr->timer) {
    tr->timer->data = NULL;
    uv_close((uv_handle_t *)tr->timer, on_timer_closed);
  }
}

static const jv_plugin_class textroom_class = {
  .package = "janus.plugin.textroom",
  .on_event = on_event,
  .on_handle_event = on_handle_event,
  .attached = attached,
  .closing = closing,
  .closed = closed,
  .destroy = destroy,
};

int januv_textroom_attach(januv_session *s, const januv_textroom_callbacks *cbs, januv_textroom_attach_cb cb,
                          void *data) {
  if (!s) return JANUV_EINVAL;
  januv_textroom *tr = calloc(1, sizeof *tr);
  if (tr) {
    if (cbs) tr->cbs = *cbs;
    tr->timeout_ms = DEFAULT_TIMEOUT_MS;
    jv_list_init(&tr->pending);
    tr->timer = malloc(sizeof *tr->timer);
    if (!tr->timer) {
      free(tr);
      return JANUV_ENOMEM;
    }
    uv_timer_init(januv_client_loop(januv_session_client(s)), tr->timer);
    tr->timer->data = tr;
  }
  return jv_plugin_attach(s, tr ? &tr->base : NULL, &textroom_class, NULL, JV_CB(cb), data);
}

int januv_textroom_detach(januv_textroom *tr, januv_reply_cb cb, void *data) {
  return jv_plugin_detach(tr ? &tr->base : NULL, cb, data);
}

void januv_textroom_set_route(januv_textroom *tr, januv_textroom_route route) {
  if (tr && (unsigned)route <= JANUV_TEXTROOM_ROUTE_JANUS_API) tr->route = route;
}

void januv_textroom_set_timeout(januv_textroom *tr, uint32_t ms) {
  if (tr) tr->timeout_ms = ms ? ms : DEFAULT_TIMEOUT_MS;
}

bool januv_textroom_ready(const januv_textroom *tr) { return tr && tr->ready; }
januv_handle *januv_textroom_handle(const januv_textroom *tr) { return tr->base.h; }
januv_peer *januv_textroom_peer(const januv_textroom *tr) { return jv_plugin_peer(&tr->base); }
void januv_textroom_set_data(januv_textroom *tr, void *data) { tr->base.data = data; }
void *januv_textroom_get_data(const januv_textroom *tr) { return tr->base.data; }

const char *januv_textroom_event_name(januv_textroom_event_type type) {
  static const char *const names[] = {"message", "announcement", "join", "leave", "kicked", "destroyed", "error",
                                      "other"};
  return JV_NAME(names, type);
}
