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

struct jv_media {
  januv_handle *h;
  januv_peer *peer; /* NULL once the peer closed */
  int refs;         /* the owner + every internal callback still to come */
  bool dead;        /* the owner let go */
  /* the step in progress */
  bool busy, offering, sent;
  cJSON *body;
  januv_reply_cb cb;
  void *cb_data;
  cJSON *reply; /* the plugin's reply, kept while its answer is applied */
  jv_list held; /* our candidates waiting for our SDP to be sent */
};

static void unref(jv_media *m) {
  if (--m->refs > 0) return;
  jv_list *n;
  while ((n = jv_list_pop_front(&m->held))) {
    held_cand *c = JV_CONTAINER_OF(n, held_cand, link);
    cJSON_Delete(c->cand);
    free(c);
  }
  cJSON_Delete(m->body);
  cJSON_Delete(m->reply);
  free(m);
}

/* The step ends: its callback runs once with r (or a reply made of status and reason). */
static void finish(jv_media *m, const januv_reply *r, int status, const char *reason) {
  if (!m->busy) return;
  m->busy = false;
  januv_reply_cb cb = m->cb;
  void *data = m->cb_data;
  m->cb = NULL;
  cJSON_Delete(m->body);
  m->body = NULL;
  januv_reply local;
  if (!r) {
    memset(&local, 0, sizeof local);
    local.status = status;
    local.reason = reason ? reason : januv_strerror(status);
    r = &local;
  }
  if (cb) cb(r, data);
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

static void on_reply(const januv_reply *r, void *data);

static void sig_description(januv_peer *p, const cJSON *jsep, void *data) {
  (void)p;
  jv_media *m = data;
  if (m->dead || !m->busy || !m->body) return;
  cJSON *body = m->body;
  m->body = NULL;
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

static void on_peer_step(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  jv_media *m = data;
  if (!m->dead && status != 0 && !m->sent) finish(m, NULL, status, reason);
  unref(m);
}

static void on_remote_answer(januv_peer *p, int status, const char *reason, void *data) {
  (void)p;
  jv_media *m = data;
  if (!m->dead && m->busy) {
    januv_reply r;
    memset(&r, 0, sizeof r);
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(m->reply, "plugindata");
    const cJSON *plugin = cJSON_GetObjectItemCaseSensitive(pd, "plugin");
    r.json = m->reply;
    r.plugin = cJSON_IsString(plugin) ? plugin->valuestring : NULL;
    r.data = cJSON_GetObjectItemCaseSensitive(pd, "data");
    r.jsep = cJSON_GetObjectItemCaseSensitive(m->reply, "jsep");
    r.status = status;
    r.reason = status ? reason : "";
    finish(m, &r, 0, NULL);
  }
  cJSON_Delete(m->reply);
  m->reply = NULL;
  unref(m);
}

static void on_reply(const januv_reply *r, void *data) {
  jv_media *m = data;
  if (m->dead || !m->busy) {
    unref(m);
    return;
  }
  if (r->status != 0 || !m->offering) {
    finish(m, r, 0, NULL);
  } else if (!r->jsep) {
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
  finish(m, NULL, JANUV_ECANCELED, "the handle closed");
  m->dead = true;
  m->h = NULL;
  unref(m);
}

januv_peer *jv_media_peer(const jv_media *m) { return m ? m->peer : NULL; }

static int begin(jv_media *m, cJSON *body, bool offering, januv_reply_cb cb, void *data) {
  if (!body) return JANUV_ENOMEM;
  int rc = m->busy ? JANUV_ESTATE : !m->peer || !m->h || januv_handle_closing(m->h) ? JANUV_ECLOSED : 0;
  if (rc) {
    cJSON_Delete(body);
    return rc;
  }
  m->busy = true;
  m->offering = offering;
  m->sent = false;
  m->body = body;
  m->cb = cb;
  m->cb_data = data;
  return 0;
}

static int began(jv_media *m, int rc) {
  if (rc == 0) {
    m->refs++;
    return 0;
  }
  m->busy = false;
  m->cb = NULL;
  cJSON_Delete(m->body);
  m->body = NULL;
  return rc;
}

int jv_media_offer(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data) {
  int rc = begin(m, body, true, cb, data);
  if (rc) return rc;
  return began(m, januv_peer_create_offer(m->peer, opts, on_peer_step, m));
}

int jv_media_answer(jv_media *m, const cJSON *jsep, cJSON *body, januv_reply_cb cb, void *data) {
  int rc = begin(m, body, false, cb, data);
  if (rc) return rc;
  return began(m, januv_peer_set_remote_description(m->peer, jsep, on_peer_step, m));
}

void jv_media_trickle(jv_media *m, const januv_event *ev) {
  if (!m || !m->peer || ev->type != JANUV_EVENT_TRICKLE) return;
  januv_peer_add_remote_candidate(m->peer, ev->completed ? NULL : ev->candidate);
}
