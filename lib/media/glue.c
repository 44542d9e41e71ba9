/* Peer <-> handle glue: see glue.h. Loop thread only. */
#include "media/glue.h"

#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "media/peer_int.h"
#include "plugin.h"
#include "util/list.h"

typedef struct held_cand {
  jv_list link;
  cJSON *cand; /* NULL: end-of-candidates */
} held_cand;

typedef enum { K_OFFER, K_PROPOSE, K_ANSWER, K_REQUEST, K_APPLY } step_kind;

typedef struct step {
  jv_list link;
  step_kind kind;
  cJSON *body;        /* OFFER, PROPOSE, ANSWER: sent with our SDP; REQUEST: sent first, without SDP */
  cJSON *answer_body; /* REQUEST: sent with our answer to the offer in the reply */
  cJSON *jsep;        /* ANSWER: Janus's offer; APPLY: Janus's answer */
  januv_offer_options opts;
  bool has_opts;
  bool answering; /* REQUEST: the reply carried an offer, our answer is under way */
  januv_reply_cb cb;
  void *data;
} step;

struct jv_media {
  januv_handle *h;
  januv_peer *peer; /* NULL once the peer closed */
  int refs;         /* the owner + every internal callback still to come */
  bool dead;        /* the owner let go */
  bool pumping;
  jv_list steps;  /* queued steps; the first one is in progress when cur is set */
  step *cur;
  bool sent;      /* the message carrying our current SDP went out */
  cJSON *pending; /* the body to send with the peer's next description */
  cJSON *reply;   /* a reply kept while its jsep is applied (OFFER) or answered (REQUEST) */
  jv_list held;   /* our candidates waiting for our SDP to be sent */
};

static void on_reply(const januv_reply *r, void *data);
static void on_peer_step(januv_peer *p, int status, const char *reason, void *data);
static void on_remote_answer(januv_peer *p, int status, const char *reason, void *data);
static void on_applied(januv_peer *p, int status, const char *reason, void *data);

static void step_free(step *s) {
  cJSON_Delete(s->body);
  cJSON_Delete(s->answer_body);
  cJSON_Delete(s->jsep);
  free(s);
}

static void unref(jv_media *m) {
  if (--m->refs > 0) return;
  jv_list *n;
  while ((n = jv_list_pop_front(&m->held))) {
    held_cand *c = JV_CONTAINER_OF(n, held_cand, link);
    cJSON_Delete(c->cand);
    free(c);
  }
  while ((n = jv_list_pop_front(&m->steps))) step_free(JV_CONTAINER_OF(n, step, link));
  cJSON_Delete(m->pending);
  cJSON_Delete(m->reply);
  free(m);
}

/* The reply Janus sent, rebuilt from a kept copy, with the status of the step. */
static januv_reply kept_reply(const cJSON *json, int status, const char *reason) {
  januv_reply r;
  memset(&r, 0, sizeof r);
  const cJSON *pd = cJSON_GetObjectItemCaseSensitive(json, "plugindata");
  const cJSON *plugin = cJSON_GetObjectItemCaseSensitive(pd, "plugin");
  r.json = json;
  r.plugin = cJSON_IsString(plugin) ? plugin->valuestring : NULL;
  r.data = cJSON_GetObjectItemCaseSensitive(pd, "data");
  r.jsep = cJSON_GetObjectItemCaseSensitive(json, "jsep");
  r.status = status;
  r.reason = status ? reason : "";
  return r;
}

static void pump(jv_media *m);

/* The current step ends: its callback runs once with r (or a reply made of status and reason), then the
 * next step starts. */
static void finish(jv_media *m, const januv_reply *r, int status, const char *reason) {
  step *s = m->cur;
  if (!s) return;
  m->cur = NULL;
  jv_list_remove(&s->link);
  cJSON_Delete(m->pending);
  m->pending = NULL;
  cJSON *kept = m->reply; /* r may point into it */
  m->reply = NULL;
  januv_reply local;
  if (!r) {
    memset(&local, 0, sizeof local);
    local.status = status;
    local.reason = reason ? reason : januv_strerror(status);
    r = &local;
  }
  /* The callback may let go of the glue (rebinding another peer frees it): keep it until we are done. */
  m->refs++;
  if (s->cb) s->cb(r, s->data);
  cJSON_Delete(kept);
  step_free(s);
  pump(m);
  unref(m);
}

static void trickle(jv_media *m, const cJSON *cand) {
  if (!m->h || januv_handle_closing(m->h)) return;
  if (cand)
    januv_handle_trickle(m->h, cand, NULL, NULL);
  else
    januv_handle_trickle_completed(m->h, NULL, NULL);
}

static void flush_held(jv_media *m) {
  jv_list *n;
  while ((n = jv_list_pop_front(&m->held))) {
    held_cand *c = JV_CONTAINER_OF(n, held_cand, link);
    trickle(m, c->cand);
    cJSON_Delete(c->cand);
    free(c);
  }
}

static void sig_description(januv_peer *p, const cJSON *jsep, void *data) {
  (void)p;
  jv_media *m = data;
  /* A description the application asked the peer for itself is not ours to send. */
  if (m->dead || !m->cur || !m->pending) return;
  cJSON *body = m->pending;
  m->pending = NULL;
  m->refs++;
  int rc = jv_plugin_send(m->h, body, jsep, on_reply, m);
  if (rc != 0) {
    m->refs--;
    finish(m, NULL, rc, "sending the SDP failed");
    return;
  }
  m->sent = true;
  flush_held(m);
}

static void sig_candidate(januv_peer *p, const cJSON *cand, void *data) {
  (void)p;
  jv_media *m = data;
  if (m->dead) return;
  if (m->sent) {
    trickle(m, cand);
    return;
  }
  held_cand *c = calloc(1, sizeof *c);
  if (!c) return;
  c->cand = cand ? cJSON_Duplicate(cand, true) : NULL;
  jv_list_push_back(&m->held, &c->link);
}

static void on_peer_closing(januv_peer *p, void *data) {
  (void)p;
  jv_media *m = data;
  m->peer = NULL;
}

/* Starts s (the current step). 0, or an error and nothing is under way. */
static int start(jv_media *m, step *s) {
  if (!m->peer || !m->h || januv_handle_closing(m->h)) return JANUV_ECLOSED;
  int rc;
  m->refs++;
  if (s->kind == K_REQUEST) {
    cJSON *body = s->body;
    s->body = NULL;
    rc = jv_plugin_send(m->h, body, NULL, on_reply, m);
  } else if (s->kind == K_APPLY) {
    rc = januv_peer_set_remote_description(m->peer, s->jsep, on_applied, m);
  } else {
    m->sent = false;
    m->pending = s->body;
    s->body = NULL;
    if (s->kind == K_ANSWER)
      rc = januv_peer_set_remote_description(m->peer, s->jsep, on_peer_step, m);
    else
      rc = januv_peer_create_offer(m->peer, s->has_opts ? &s->opts : NULL, on_peer_step, m);
  }
  if (rc != 0) m->refs--;
  return rc;
}

static void pump(jv_media *m) {
  if (m->pumping || m->dead) return;
  m->pumping = true;
  while (!m->cur && !m->dead && !jv_list_empty(&m->steps)) {
    m->cur = JV_CONTAINER_OF(m->steps.next, step, link);
    int rc = start(m, m->cur);
    if (rc != 0) finish(m, NULL, rc, NULL);
  }
  m->pumping = false;
}

static void on_peer_step(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  jv_media *m = data;
  if (!m->dead && m->cur && status != 0 && !m->sent) finish(m, NULL, status, reason);
  unref(m);
}

static void on_remote_answer(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  jv_media *m = data;
  if (!m->dead && m->cur) {
    januv_reply r = kept_reply(m->reply, status, reason);
    finish(m, &r, 0, NULL);
  }
  unref(m);
}

static void on_applied(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  jv_media *m = data;
  if (!m->dead && m->cur && m->cur->kind == K_APPLY) finish(m, NULL, status, status ? reason : "");
  unref(m);
}

static bool is_offer(const cJSON *jsep) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(jsep, "type");
  return cJSON_IsString(t) && !strcmp(t->valuestring, "offer") &&
         cJSON_IsString(cJSON_GetObjectItemCaseSensitive(jsep, "sdp"));
}

/* The reply to a REQUEST: answer the offer it carries, if any. */
static void request_reply(jv_media *m, step *s, const januv_reply *r) {
  if (s->answering) {
    if (r->status != 0) {
      finish(m, r, 0, NULL);
    } else {
      januv_reply first = kept_reply(m->reply, 0, NULL);
      finish(m, &first, 0, NULL);
    }
    return;
  }
  if (r->status != 0 || !is_offer(r->jsep)) {
    finish(m, r, 0, NULL);
    return;
  }
  if (!m->peer) {
    finish(m, NULL, JANUV_ECANCELED, "the peer closed");
    return;
  }
  cJSON_Delete(m->reply);
  m->reply = r->json ? cJSON_Duplicate(r->json, true) : NULL;
  s->answering = true;
  m->sent = false;
  m->pending = s->answer_body;
  s->answer_body = NULL;
  m->refs++;
  int rc = januv_peer_set_remote_description(m->peer, r->jsep, on_peer_step, m);
  if (rc != 0) {
    m->refs--;
    finish(m, NULL, rc, "Janus's offer was refused");
  }
}

static void on_reply(const januv_reply *r, void *data) {
  jv_media *m = data;
  step *s = m->cur;
  if (m->dead || !s) {
    unref(m);
    return;
  }
  if (s->kind == K_REQUEST) {
    request_reply(m, s, r);
  } else if (r->status != 0 || s->kind == K_ANSWER) {
    finish(m, r, 0, NULL);
  } else if (!r->jsep) {
    if (s->kind == K_PROPOSE)
      finish(m, r, 0, NULL);
    else
      finish(m, NULL, JANUV_EPROTO, "the plugin answered without a jsep");
  } else if (!m->peer) {
    finish(m, NULL, JANUV_ECANCELED, "the peer closed");
  } else {
    cJSON_Delete(m->reply);
    m->reply = r->json ? cJSON_Duplicate(r->json, true) : NULL;
    m->refs++;
    int rc = januv_peer_set_remote_description(m->peer, r->jsep, on_remote_answer, m);
    if (rc != 0) {
      m->refs--;
      finish(m, NULL, rc, "the answer was refused");
    }
  }
  unref(m);
}

jv_media *jv_media_new(januv_handle *h, januv_peer *peer) {
  if (!h || !peer || peer->closing) return NULL;
  jv_media *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->h = h;
  m->peer = peer;
  m->refs = 1;
  jv_list_init(&m->held);
  jv_list_init(&m->steps);
  januv_peer_signalling sig = {.on_description = sig_description, .on_candidate = sig_candidate};
  januv_peer_set_signalling(peer, &sig, m);
  jv_peer_watch(peer, on_peer_closing, m);
  return m;
}

void jv_media_free(jv_media *m) {
  if (!m) return;
  if (m->peer) {
    januv_peer_set_signalling(m->peer, NULL, NULL);
    jv_peer_watch(m->peer, NULL, NULL);
    m->peer = NULL;
  }
  m->pumping = true; /* nothing starts any more */
  finish(m, NULL, JANUV_ECANCELED, "the handle closed");
  jv_list *n;
  while ((n = jv_list_pop_front(&m->steps))) {
    step *s = JV_CONTAINER_OF(n, step, link);
    januv_reply r;
    memset(&r, 0, sizeof r);
    r.status = JANUV_ECANCELED;
    r.reason = "the handle closed";
    if (s->cb) s->cb(&r, s->data);
    step_free(s);
  }
  m->dead = true;
  m->h = NULL;
  unref(m);
}

januv_peer *jv_media_peer(const jv_media *m) { return m ? m->peer : NULL; }
bool jv_media_busy(const jv_media *m) { return m && (m->cur || !jv_list_empty(&m->steps)); }

/* Queues s; when nothing else is under way it starts now, and a failure to start is returned (the
 * callback never runs then). */
static int enqueue(jv_media *m, step *s) {
  if (!m || m->dead || !m->peer || !m->h || januv_handle_closing(m->h)) {
    step_free(s);
    return JANUV_ECLOSED;
  }
  jv_list_push_back(&m->steps, &s->link);
  if (m->cur || m->pumping || m->steps.next != &s->link) return 0;
  m->cur = s;
  int rc = start(m, s);
  if (rc != 0) {
    m->cur = NULL;
    jv_list_remove(&s->link);
    cJSON_Delete(m->pending);
    m->pending = NULL;
    step_free(s);
  }
  return rc;
}

static step *step_new(step_kind kind, cJSON *body, januv_reply_cb cb, void *data) {
  step *s = body ? calloc(1, sizeof *s) : NULL;
  if (!s) {
    cJSON_Delete(body);
    return NULL;
  }
  s->kind = kind;
  s->body = body;
  s->cb = cb;
  s->data = data;
  return s;
}

/* True while one of our own offers is in progress or queued. */
static bool offering(const jv_media *m) {
  for (const jv_list *n = m->steps.next; n != &m->steps; n = n->next) {
    const step *s = JV_CONTAINER_OF(n, step, link);
    if (s->kind == K_OFFER || s->kind == K_PROPOSE) return true;
  }
  return false;
}

static int offer(jv_media *m, step_kind kind, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb,
                 void *data) {
  if (m && offering(m)) {
    cJSON_Delete(body);
    return JANUV_ESTATE;
  }
  step *s = step_new(kind, body, cb, data);
  if (!s) return JANUV_ENOMEM;
  if (opts) {
    s->opts = *opts;
    s->has_opts = true;
  }
  return enqueue(m, s);
}

int jv_media_offer(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data) {
  return offer(m, K_OFFER, body, opts, cb, data);
}

int jv_media_propose(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data) {
  return offer(m, K_PROPOSE, body, opts, cb, data);
}

int jv_media_answer(jv_media *m, const cJSON *jsep, cJSON *body, januv_reply_cb cb, void *data) {
  if (!is_offer(jsep)) {
    cJSON_Delete(body);
    return JANUV_EINVAL;
  }
  step *s = step_new(K_ANSWER, body, cb, data);
  if (!s) return JANUV_ENOMEM;
  s->jsep = cJSON_Duplicate(jsep, true);
  if (!s->jsep) {
    step_free(s);
    return JANUV_ENOMEM;
  }
  return enqueue(m, s);
}

int jv_media_apply_answer(jv_media *m, const cJSON *jsep, januv_reply_cb cb, void *data) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(jsep, "type");
  if (!cJSON_IsString(t) || strcmp(t->valuestring, "answer")) return JANUV_EINVAL;
  cJSON *copy = cJSON_Duplicate(jsep, true);
  step *s = step_new(K_APPLY, copy, cb, data);
  if (!s) return JANUV_ENOMEM;
  s->jsep = s->body;
  s->body = NULL;
  return enqueue(m, s);
}

int jv_media_request(jv_media *m, cJSON *body, cJSON *answer_body, januv_reply_cb cb, void *data) {
  if (!answer_body) {
    cJSON_Delete(body);
    return JANUV_ENOMEM;
  }
  step *s = step_new(K_REQUEST, body, cb, data);
  if (!s) {
    cJSON_Delete(answer_body);
    return JANUV_ENOMEM;
  }
  s->answer_body = answer_body;
  return enqueue(m, s);
}

void jv_media_trickle(jv_media *m, const januv_event *ev) {
  if (!m || !m->peer || ev->type != JANUV_EVENT_TRICKLE) return;
  januv_peer_add_remote_candidate(m->peer, ev->completed ? NULL : ev->candidate);
}
