/* januv_peer: lifecycle, negotiation steps, ICE, and the loop side of the media queue. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/peer_int.h"
#include "util/str.h"

/* ---- GStreamer, once per process ---- */

static gsize gst_ready;

static bool media_init(void) {
  if (g_once_init_enter(&gst_ready)) {
    gsize v = gst_init_check(NULL, NULL, NULL) ? 2 : 1;
    g_once_init_leave(&gst_ready, v);
  }
  return gst_ready == 2;
}

/* ---- logging and errors ---- */

void jv_peer_log(januv_peer *p, januv_log_level level, const char *fmt, ...) {
  if (!p->log_cb || level > p->log_level) return;
  char line[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  p->log_cb(level, line, p->log_data);
}

void jv_peer_error(januv_peer *p, int err, const char *msg) {
  jv_peer_log(p, JANUV_LOG_ERROR, "peer: %s", msg);
  if (!p->closing && p->cbs.on_error) p->cbs.on_error(p, err, msg, p->data);
}

GstElement *jv_make(januv_peer *p, const char *factory, const char *name) {
  GstElement *e = gst_element_factory_make(factory, name);
  if (!e) jv_peer_log(p, JANUV_LOG_ERROR, "peer: GStreamer element \"%s\" is missing (install its plugin package)", factory);
  return e;
}

static januv_peer_state map_state(int st) {
  switch (st) {
  case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING: return JANUV_PEER_CONNECTING;
  case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED: return JANUV_PEER_CONNECTED;
  case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED: return JANUV_PEER_DISCONNECTED;
  case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED: return JANUV_PEER_FAILED;
  case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED: return JANUV_PEER_CLOSED;
  default: return JANUV_PEER_NEW;
  }
}

/* ---- GStreamer-thread side: signal handlers, promises, bus. They only post to the queue. ---- */

static void on_negotiation_needed(GstElement *webrtc, gpointer user) {
  (void)webrtc;
  jv_mq_post_simple(user, MQ_NEGOTIATION_NEEDED, 0, 0, NULL);
}

static void on_ice_candidate(GstElement *webrtc, guint mline, gchar *cand, gpointer user) {
  (void)webrtc;
  jv_mq_post_simple(user, MQ_CANDIDATE, (int)mline, 0, cand);
}

static void on_notify_gathering(GObject *webrtc, GParamSpec *ps, gpointer user) {
  (void)ps;
  GstWebRTCICEGatheringState st;
  g_object_get(webrtc, "ice-gathering-state", &st, NULL);
  jv_mq_post_simple(user, MQ_GATHERING, (int)st, 0, NULL);
}

static void on_notify_conn(GObject *webrtc, GParamSpec *ps, gpointer user) {
  (void)ps;
  GstWebRTCPeerConnectionState st;
  g_object_get(webrtc, "connection-state", &st, NULL);
  jv_mq_post_simple(user, MQ_CONN_STATE, (int)st, 0, NULL);
}

static void on_notify_ice(GObject *webrtc, GParamSpec *ps, gpointer user) {
  (void)ps;
  GstWebRTCICEConnectionState st;
  g_object_get(webrtc, "ice-connection-state", &st, NULL);
  jv_mq_post_simple(user, MQ_ICE_STATE, (int)st, 0, NULL);
}

static void on_data_channel(GstElement *webrtc, GObject *channel, gpointer user) {
  (void)webrtc;
  jv_mq *q = user;
  int id = g_atomic_int_add(&q->next_dc_id, 1) + 1;
  jv_mq_item *it = jv_mq_item_new(MQ_DC_NEW);
  if (!it) return;
  it->a = id;
  it->b = 1;
  it->obj = g_object_ref(channel);
  /* Announce first, connect after: every event of the channel is then queued behind its MQ_DC_NEW. */
  jv_mq_post(q, it);
  jv_dc_connect_signals(q, channel, id);
}

static GstBusSyncReply on_bus(GstBus *bus, GstMessage *msg, gpointer user) {
  (void)bus;
  GError *err = NULL;
  gchar *dbg = NULL;
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error(msg, &err, &dbg);
  else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_WARNING)
    gst_message_parse_warning(msg, &err, &dbg);
  if (err) {
    gchar *text = g_strdup_printf("%s: %s (%s)", GST_OBJECT_NAME(GST_MESSAGE_SRC(msg)), err->message, dbg ? dbg : "");
    jv_mq_post_simple(user, GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR ? MQ_ERROR : MQ_WARNING, 0, 0, text);
    g_free(text);
    g_error_free(err);
    g_free(dbg);
  }
  return GST_BUS_DROP;
}

typedef struct promise_ctx {
  jv_mq *q;
  jv_mq_type type;
  uint64_t serial;
} promise_ctx;

static void promise_ctx_free(gpointer data) {
  promise_ctx *c = data;
  jv_mq_unref(c->q);
  g_free(c);
}

static void on_promise(GstPromise *promise, gpointer data) {
  promise_ctx *c = data;
  jv_mq_item *it = jv_mq_item_new(c->type);
  if (!it) return;
  it->serial = c->serial;
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) {
    it->err = g_strdup("the operation was interrupted");
    jv_mq_post(c->q, it);
    return;
  }
  const GstStructure *reply = gst_promise_get_reply(promise);
  const GValue *ev = reply ? gst_structure_get_value(reply, "error") : NULL;
  if (ev && G_VALUE_HOLDS(ev, G_TYPE_ERROR)) {
    const GError *e = g_value_get_boxed(ev);
    it->err = g_strdup(e && e->message ? e->message : "webrtcbin failed");
  } else if (c->type == MQ_OFFER_CREATED || c->type == MQ_ANSWER_CREATED) {
    GstWebRTCSessionDescription *desc = NULL;
    /* The description dies with the promise: take its text now. */
    if (reply)
      gst_structure_get(reply, c->type == MQ_OFFER_CREATED ? "offer" : "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION,
                        &desc, NULL);
    if (desc) {
      it->str = gst_sdp_message_as_text(desc->sdp);
      gst_webrtc_session_description_free(desc);
    } else {
      it->err = g_strdup("webrtcbin produced no description");
    }
  } else if (c->type == MQ_STATS && reply) {
    it->st = gst_structure_copy(reply);
  }
  jv_mq_post(c->q, it);
}

static GstPromise *promise_new(januv_peer *p, jv_mq_type type, uint64_t serial) {
  promise_ctx *c = g_new0(promise_ctx, 1);
  c->q = jv_mq_ref(p->q);
  c->type = type;
  c->serial = serial;
  return gst_promise_new_with_change_func(on_promise, c, promise_ctx_free);
}

static void connect_q(januv_peer *p, gpointer obj, const char *signal, GCallback cb) {
  g_signal_connect_data(obj, signal, cb, jv_mq_ref(p->q), jv_mq_unref_notify, 0);
}

/* ---- SDP helpers ---- */

static void free_mids(char **mids, int *n) {
  for (int i = 0; i < *n; i++) free(mids[i]);
  *n = 0;
}

static void parse_mids(const char *sdp, char **mids, int *n) {
  free_mids(mids, n);
  GstSDPMessage *msg = NULL;
  if (gst_sdp_message_new_from_text(sdp, &msg) != GST_SDP_OK) return;
  for (guint i = 0; i < gst_sdp_message_medias_len(msg) && *n < 16; i++) {
    const char *mid = gst_sdp_media_get_attribute_val(gst_sdp_message_get_media(msg, i), "mid");
    mids[(*n)++] = jv_strdup(mid ? mid : "");
  }
  gst_sdp_message_free(msg);
}

static GstWebRTCSessionDescription *make_desc(GstWebRTCSDPType type, const char *text) {
  GstSDPMessage *msg = NULL;
  if (gst_sdp_message_new_from_text(text, &msg) != GST_SDP_OK) return NULL;
  return gst_webrtc_session_description_new(type, msg);
}

/* ---- negotiation steps (loop thread) ---- */

static jv_op *current_op(januv_peer *p) {
  return jv_list_empty(&p->ops) ? NULL : JV_CONTAINER_OF(p->ops.next, jv_op, link);
}

static void op_free(jv_op *op) {
  free(op->sdp);
  free(op);
}

static void pump(januv_peer *p);

/* Ends the current step: its callback runs once, then the next one starts. */
static void finish_op(januv_peer *p, int status, const char *reason) {
  jv_op *op = current_op(p);
  if (!op) return;
  jv_list_remove(&op->link);
  p->step = STEP_IDLE;
  if (status != 0) jv_peer_log(p, JANUV_LOG_WARN, "peer: negotiation step failed: %s", reason);
  if (op->cb) op->cb(p, status, reason ? reason : "", op->data);
  op_free(op);
  if (!p->closing) pump(p);
}

static bool tracks_ready(januv_peer *p) {
  for (unsigned i = 0; i < p->ntracks; i++)
    if (!p->tracks[i].ready) return false;
  return true;
}

static void start_create(januv_peer *p, jv_op *op) {
  p->step = STEP_CREATING;
  p->desc_sent = false;
  bool offer = op->kind == OP_OFFER;
  jv_peer_log(p, JANUV_LOG_INFO, "peer: creating an %s", offer ? "offer" : "answer");
  GstPromise *pr = promise_new(p, offer ? MQ_OFFER_CREATED : MQ_ANSWER_CREATED, 0);
  g_signal_emit_by_name(p->webrtc, offer ? "create-offer" : "create-answer", NULL, pr);
  gst_promise_unref(pr);
}

static void pump(januv_peer *p) {
  jv_op *op = current_op(p);
  if (!op || p->closing) return;
  if (p->step == STEP_IDLE) {
    if (op->kind == OP_OFFER) {
      p->step = STEP_WAIT_READY;
    } else {
      GstWebRTCSessionDescription *desc = make_desc(op->sdp_type, op->sdp);
      if (!desc) {
        finish_op(p, JANUV_EMEDIA, "the remote SDP does not parse");
        return;
      }
      p->step = STEP_SETTING_REMOTE;
      GstPromise *pr = promise_new(p, MQ_REMOTE_SET, 0);
      g_signal_emit_by_name(p->webrtc, "set-remote-description", desc, pr);
      gst_promise_unref(pr);
      gst_webrtc_session_description_free(desc);
      return;
    }
  }
  if (p->step == STEP_WAIT_READY && tracks_ready(p)) start_create(p, op);
}

static cJSON *candidate_json(januv_peer *p, int mline, const char *cand) {
  cJSON *c = cJSON_CreateObject();
  if (!c) return NULL;
  if (!strncmp(cand, "a=", 2)) cand += 2;
  cJSON_AddStringToObject(c, "candidate", cand);
  if (mline >= 0 && mline < p->nlocal_mids) cJSON_AddStringToObject(c, "sdpMid", p->local_mids[mline]);
  cJSON_AddNumberToObject(c, "sdpMLineIndex", mline);
  return c;
}

static void emit_candidate(januv_peer *p, int mline, const char *cand) {
  if (!p->sig.on_candidate) return;
  if (!cand) {
    p->sig.on_candidate(p, NULL, p->sig_data);
    return;
  }
  cJSON *c = candidate_json(p, mline, cand);
  if (c) p->sig.on_candidate(p, c, p->sig_data);
  cJSON_Delete(c);
}

static void hold_candidate(januv_peer *p, int mline, const char *cand) {
  jv_held *h = calloc(1, sizeof *h);
  if (!h) return;
  h->mline = mline;
  h->cand = jv_strdup(cand);
  jv_list_push_back(&p->held, &h->link);
}

static void flush_held(januv_peer *p) {
  jv_list *n;
  while (!p->closing && (n = jv_list_pop_front(&p->held))) {
    jv_held *h = JV_CONTAINER_OF(n, jv_held, link);
    emit_candidate(p, h->mline, h->cand);
    free(h->cand);
    free(h);
  }
}

static void apply_remote_candidate(januv_peer *p, jv_remote_cand *rc) {
  int mline = rc->mline;
  if (mline < 0 && rc->mid)
    for (int i = 0; i < p->nremote_mids; i++)
      if (!strcmp(p->remote_mids[i], rc->mid)) mline = i;
  if (mline < 0) mline = 0;
  g_signal_emit_by_name(p->webrtc, "add-ice-candidate", (guint)mline, rc->cand ? rc->cand : "");
}

static void free_remote_cand(jv_remote_cand *rc) {
  free(rc->mid);
  free(rc->cand);
  free(rc);
}

static void flush_remote_cands(januv_peer *p) {
  jv_list *n;
  while ((n = jv_list_pop_front(&p->remote_cands))) {
    jv_remote_cand *rc = JV_CONTAINER_OF(n, jv_remote_cand, link);
    apply_remote_candidate(p, rc);
    free_remote_cand(rc);
  }
}

static void on_created(januv_peer *p, jv_mq_item *it) {
  jv_op *op = current_op(p);
  if (!op || p->step != STEP_CREATING) return;
  if (it->err) {
    finish_op(p, JANUV_EMEDIA, it->err);
    return;
  }
  GstWebRTCSDPType type = it->type == MQ_OFFER_CREATED ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER;
  GstWebRTCSessionDescription *desc = make_desc(type, it->str);
  if (!desc) {
    finish_op(p, JANUV_EMEDIA, "webrtcbin's SDP does not parse");
    return;
  }
  free(p->local_sdp);
  p->local_sdp = jv_strdup(it->str);
  jv_peer_log(p, JANUV_LOG_DEBUG, "peer: local %s:\n%s", it->type == MQ_OFFER_CREATED ? "offer" : "answer", it->str);
  p->step = STEP_SETTING_LOCAL;
  GstPromise *pr = promise_new(p, MQ_LOCAL_SET, 0);
  g_signal_emit_by_name(p->webrtc, "set-local-description", desc, pr);
  gst_promise_unref(pr);
  gst_webrtc_session_description_free(desc);
}

static void on_local_set(januv_peer *p, jv_mq_item *it) {
  jv_op *op = current_op(p);
  if (!op || p->step != STEP_SETTING_LOCAL) return;
  if (it->err) {
    finish_op(p, JANUV_EMEDIA, it->err);
    return;
  }
  parse_mids(p->local_sdp, p->local_mids, &p->nlocal_mids);
  cJSON *jsep = cJSON_CreateObject();
  if (jsep) {
    cJSON_AddStringToObject(jsep, "type", op->kind == OP_OFFER ? "offer" : "answer");
    cJSON_AddStringToObject(jsep, "sdp", p->local_sdp);
  }
  if (jsep && p->sig.on_description) p->sig.on_description(p, jsep, p->sig_data);
  cJSON_Delete(jsep);
  if (p->closing) return;
  p->desc_sent = true;
  flush_held(p);
  if (p->closing) return;
  finish_op(p, jsep ? 0 : JANUV_ENOMEM, jsep ? NULL : "out of memory");
}

static void on_remote_set(januv_peer *p, jv_mq_item *it) {
  jv_op *op = current_op(p);
  if (!op || p->step != STEP_SETTING_REMOTE) return;
  if (it->err) {
    finish_op(p, JANUV_EMEDIA, it->err);
    return;
  }
  free(p->remote_sdp);
  p->remote_sdp = op->sdp;
  op->sdp = NULL;
  parse_mids(p->remote_sdp, p->remote_mids, &p->nremote_mids);
  jv_peer_log(p, JANUV_LOG_DEBUG, "peer: remote description:\n%s", p->remote_sdp);
  p->remote_set = true;
  flush_remote_cands(p);
  if (op->sdp_type == GST_WEBRTC_SDP_TYPE_OFFER) {
    p->step = STEP_WAIT_READY;
    pump(p);
  } else {
    finish_op(p, 0, NULL);
  }
}

static void on_conn_state(januv_peer *p, int st) {
  januv_peer_state s = map_state(st);
  if (s == p->state) return;
  p->state = s;
  jv_peer_log(p, JANUV_LOG_INFO, "peer: %s", januv_peer_state_name(s));
  if (p->cbs.on_state) p->cbs.on_state(p, s, p->data);
}

static void handle_item(januv_peer *p, jv_mq_item *it) {
  switch (it->type) {
  case MQ_OFFER_CREATED:
  case MQ_ANSWER_CREATED:
    on_created(p, it);
    break;
  case MQ_LOCAL_SET:
    on_local_set(p, it);
    break;
  case MQ_REMOTE_SET:
    on_remote_set(p, it);
    break;
  case MQ_CANDIDATE:
    jv_peer_log(p, JANUV_LOG_DEBUG, "peer: local candidate %d %s", it->a, it->str);
    if (p->desc_sent && jv_list_empty(&p->held))
      emit_candidate(p, it->a, it->str);
    else
      hold_candidate(p, it->a, it->str);
    break;
  case MQ_GATHERING:
    if (it->a == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) {
      if (p->desc_sent && jv_list_empty(&p->held))
        emit_candidate(p, 0, NULL);
      else
        hold_candidate(p, 0, NULL);
    }
    break;
  case MQ_CONN_STATE:
    on_conn_state(p, it->a);
    break;
  case MQ_ICE_STATE:
    jv_peer_log(p, JANUV_LOG_INFO, "peer: ICE connection state %d", it->a);
    break;
  case MQ_NEGOTIATION_NEEDED:
    if (p->cbs.on_negotiation_needed) p->cbs.on_negotiation_needed(p, p->data);
    break;
  case MQ_SEND_READY:
    if (it->a >= 0 && (unsigned)it->a < p->ntracks) p->tracks[it->a].ready = true;
    pump(p);
    break;
  case MQ_TRACK:
    if (p->cbs.on_track) {
      januv_track_info ti = {.kind = (januv_media_kind)it->a, .mline = it->b, .mid = it->str2, .caps = it->str};
      p->cbs.on_track(p, &ti, p->data);
    }
    break;
  case MQ_STATS:
    for (jv_list *n = p->stats_reqs.next; n != &p->stats_reqs; n = n->next) {
      jv_stats_req *r = JV_CONTAINER_OF(n, jv_stats_req, link);
      if (r->serial != it->serial) continue;
      jv_list_remove(&r->link);
      jv_stats_deliver(p, r, it->st);
      free(r);
      break;
    }
    break;
  case MQ_DC_NEW:
  case MQ_DC_OPEN:
  case MQ_DC_CLOSE:
  case MQ_DC_ERROR:
  case MQ_DC_MESSAGE:
    jv_dc_handle(p, it);
    break;
  case MQ_ERROR:
    jv_peer_error(p, JANUV_EMEDIA, it->str);
    break;
  case MQ_WARNING:
    jv_peer_log(p, JANUV_LOG_WARN, "peer: %s", it->str);
    break;
  case MQ_RECORDER_DONE:
    break;
  }
}

static void close_step2(januv_peer *p);

static void on_async(uv_async_t *a) {
  januv_peer *p = a->data;
  if (p->torn_down) return;
  jv_list items;
  jv_list_init(&items);
  jv_mq_take_all(p->q, &items);
  jv_list *n;
  while ((n = jv_list_pop_front(&items))) {
    jv_mq_item *it = JV_CONTAINER_OF(n, jv_mq_item, link);
    if (!p->closing) {
      handle_item(p, it);
    } else if (it->type == MQ_RECORDER_DONE && !p->rec_done) {
      p->rec_done = true;
      if (p->draining) {
        jv_mq_item_free(it);
        while ((n = jv_list_pop_front(&items))) jv_mq_item_free(JV_CONTAINER_OF(n, jv_mq_item, link));
        uv_timer_stop(&p->rec_timer);
        close_step2(p);
        return;
      }
    }
    jv_mq_item_free(it);
  }
}

/* ---- creation ---- */

static void on_uv_closed(uv_handle_t *h) {
  januv_peer *p = h->data;
  if (--p->open_uv > 0) return;
  januv_peer_close_cb cb = p->close_cb;
  void *data = p->close_data;
  if (cb) cb(p, data);
  jv_mq_unref(p->q);
  for (unsigned i = 0; i < p->ntracks; i++) free(p->tracks[i].source_arg);
  free(p->record_path);
  free(p->local_sdp);
  free(p->remote_sdp);
  free(p->local_full);
  free(p->remote_full);
  free_mids(p->local_mids, &p->nlocal_mids);
  free_mids(p->remote_mids, &p->nremote_mids);
  free(p);
}

static void stop_gstreamer(januv_peer *p) {
  if (p->webrtc) g_signal_handlers_disconnect_matched(p->webrtc, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, p->q);
  if (p->pipeline) {
    GstBus *bus = gst_element_get_bus(p->pipeline);
    if (bus) {
      gst_bus_set_sync_handler(bus, NULL, NULL, NULL);
      gst_object_unref(bus);
    }
    /* Joins the streaming threads; GStreamer threads never wait for the loop, so this cannot deadlock. */
    gst_element_set_state(p->pipeline, GST_STATE_NULL);
  }
  jv_mq_close(p->q);
  for (unsigned i = 0; i < p->ntracks; i++) {
    if (p->tracks[i].sinkpad) gst_object_unref(p->tracks[i].sinkpad);
    if (p->tracks[i].trans) gst_object_unref(p->tracks[i].trans);
    p->tracks[i].sinkpad = NULL;
    p->tracks[i].trans = NULL;
  }
}

static void release_lists(januv_peer *p) {
  jv_list *n;
  while ((n = jv_list_pop_front(&p->held))) {
    jv_held *h = JV_CONTAINER_OF(n, jv_held, link);
    free(h->cand);
    free(h);
  }
  while ((n = jv_list_pop_front(&p->remote_cands))) free_remote_cand(JV_CONTAINER_OF(n, jv_remote_cand, link));
}

static void close_uv(januv_peer *p) {
  uv_close((uv_handle_t *)&p->async, on_uv_closed);
  uv_close((uv_handle_t *)&p->defer, on_uv_closed);
  uv_close((uv_handle_t *)&p->rec_timer, on_uv_closed);
}

static void destroy_unstarted(januv_peer *p) {
  p->closing = true;
  stop_gstreamer(p);
  if (p->pipeline) gst_object_unref(p->pipeline);
  p->pipeline = NULL;
  p->torn_down = true;
  close_uv(p);
}

static const char *const ice_prefixes[] = {"stun://", "turn://", "turns://"};

static int check_options(const januv_peer_options *o) {
  if (o->ntracks > JANUV_PEER_MAX_TRACKS) return JANUV_EINVAL;
  for (unsigned i = 0; i < o->ntracks; i++) {
    const januv_track_options *t = &o->tracks[i];
    if (t->kind != JANUV_MEDIA_AUDIO && t->kind != JANUV_MEDIA_VIDEO) return JANUV_EINVAL;
    if ((unsigned)t->direction > JANUV_DIR_INACTIVE || (unsigned)t->source > JANUV_SOURCE_BIN) return JANUV_EINVAL;
    bool video_codec = t->codec == JANUV_CODEC_VP8 || t->codec == JANUV_CODEC_VP9 || t->codec == JANUV_CODEC_H264;
    if (t->codec != JANUV_CODEC_DEFAULT && (t->kind == JANUV_MEDIA_VIDEO) != video_codec) return JANUV_EINVAL;
    bool sends = t->direction == JANUV_DIR_SENDRECV || t->direction == JANUV_DIR_SENDONLY;
    if (sends && t->source != JANUV_SOURCE_TEST && (!t->source_arg || !*t->source_arg)) return JANUV_EINVAL;
  }
  for (int i = 0; i < JANUV_PEER_MAX_ICE_SERVERS; i++) {
    const char *s = o->ice_servers[i];
    if (!s) continue;
    bool ok = false;
    for (size_t k = 0; k < sizeof ice_prefixes / sizeof ice_prefixes[0]; k++)
      if (!strncmp(s, ice_prefixes[k], strlen(ice_prefixes[k]))) ok = true;
    if (!ok) return JANUV_EINVAL;
  }
  if (o->min_port > o->max_port) return JANUV_EINVAL;
  return 0;
}

static void configure_ice(januv_peer *p, const januv_peer_options *o) {
  for (int i = 0; i < JANUV_PEER_MAX_ICE_SERVERS; i++) {
    const char *s = o->ice_servers[i];
    if (!s) continue;
    if (!strncmp(s, "stun://", 7)) {
      g_object_set(p->webrtc, "stun-server", s, NULL);
    } else {
      gboolean ok = FALSE;
      g_signal_emit_by_name(p->webrtc, "add-turn-server", s, &ok);
      if (!ok) jv_peer_log(p, JANUV_LOG_WARN, "peer: webrtcbin refused a TURN server");
    }
  }
  GObject *ice = NULL;
  g_object_get(p->webrtc, "ice-agent", &ice, NULL);
  if (!ice) return;
  if (o->min_port || o->max_port)
    g_object_set(ice, "min-rtp-port", (guint)o->min_port, "max-rtp-port", (guint)(o->max_port ? o->max_port : 65535),
                 NULL);
  if (o->loopback_only) {
    g_object_set(ice, "ice-tcp", FALSE, NULL);
    gboolean ok = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", "127.0.0.1", &ok);
    if (!ok) jv_peer_log(p, JANUV_LOG_WARN, "peer: the ICE agent refused 127.0.0.1");
  }
  /* libnice announces UPnP mappings by default: SSDP multicast out of the real interfaces. */
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent")) {
    GObject *agent = NULL;
    g_object_get(ice, "agent", &agent, NULL);
    if (agent) {
      if (g_object_class_find_property(G_OBJECT_GET_CLASS(agent), "upnp")) g_object_set(agent, "upnp", FALSE, NULL);
      g_object_unref(agent);
    }
  }
  g_object_unref(ice);
}

int januv_peer_new(uv_loop_t *loop, const januv_peer_options *opts, const januv_peer_callbacks *cbs, void *data,
                   januv_peer **out) {
  if (!loop || !out) return JANUV_EINVAL;
  *out = NULL;
  januv_peer_options defaults;
  if (!opts) {
    januv_peer_options_init(&defaults);
    opts = &defaults;
  }
  int rc = check_options(opts);
  if (rc) return rc;
  if (!media_init()) return JANUV_EMEDIA;
  januv_peer *p = calloc(1, sizeof *p);
  if (!p) return JANUV_ENOMEM;
  p->loop = loop;
  if (cbs) p->cbs = *cbs;
  p->data = data;
  p->log_cb = opts->log_cb;
  p->log_data = opts->log_data;
  p->log_level = opts->log_level;
  jv_list_init(&p->ops);
  jv_list_init(&p->held);
  jv_list_init(&p->remote_cands);
  jv_list_init(&p->stats_reqs);
  jv_list_init(&p->channels);
  p->q = jv_mq_new(&p->async);
  if (!p->q) {
    free(p);
    return JANUV_ENOMEM;
  }
  uv_async_init(loop, &p->async, on_async);
  uv_timer_init(loop, &p->defer);
  uv_timer_init(loop, &p->rec_timer);
  p->async.data = p->defer.data = p->rec_timer.data = p;
  p->open_uv = 3;
  p->ntracks = opts->ntracks;
  for (unsigned i = 0; i < opts->ntracks; i++) {
    p->tracks[i].o = opts->tracks[i];
    p->tracks[i].source_arg = jv_strdup(opts->tracks[i].source_arg);
    p->tracks[i].o.source_arg = p->tracks[i].source_arg;
  }
  p->record_path = jv_strdup(opts->record_path);

  rc = JANUV_EMEDIA;
  p->pipeline = gst_pipeline_new(NULL);
  p->webrtc = jv_make(p, "webrtcbin", "webrtc");
  if (!p->pipeline || !p->webrtc) {
    if (p->webrtc) gst_object_unref(p->webrtc);
    p->webrtc = NULL;
    goto fail;
  }
  p->q->pipeline = p->pipeline;
  gst_bin_add(GST_BIN(p->pipeline), p->webrtc);
  g_object_set(p->webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  if (opts->latency_ms) g_object_set(p->webrtc, "latency", (guint)opts->latency_ms, NULL);
  configure_ice(p, opts);

  GstBus *bus = gst_element_get_bus(p->pipeline);
  gst_bus_set_sync_handler(bus, on_bus, jv_mq_ref(p->q), jv_mq_unref_destroy);
  gst_object_unref(bus);

  connect_q(p, p->webrtc, "on-negotiation-needed", G_CALLBACK(on_negotiation_needed));
  connect_q(p, p->webrtc, "on-ice-candidate", G_CALLBACK(on_ice_candidate));
  connect_q(p, p->webrtc, "notify::ice-gathering-state", G_CALLBACK(on_notify_gathering));
  connect_q(p, p->webrtc, "notify::connection-state", G_CALLBACK(on_notify_conn));
  connect_q(p, p->webrtc, "notify::ice-connection-state", G_CALLBACK(on_notify_ice));
  connect_q(p, p->webrtc, "on-data-channel", G_CALLBACK(on_data_channel));
  jv_sink_connect(p);

  if (p->record_path && (rc = jv_recorder_build(p)) != 0) goto fail;
  for (unsigned i = 0; i < p->ntracks; i++)
    if ((rc = jv_source_build(p, i)) != 0) goto fail;
  if (gst_element_set_state(p->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: the pipeline refused to start");
    rc = JANUV_EMEDIA;
    goto fail;
  }
  *out = p;
  return 0;

fail:
  destroy_unstarted(p);
  return rc;
}

int januv_peer_set_signalling(januv_peer *p, const januv_peer_signalling *sig, void *data) {
  if (!p) return JANUV_EINVAL;
  if (sig)
    p->sig = *sig;
  else
    memset(&p->sig, 0, sizeof p->sig);
  p->sig_data = data;
  return 0;
}

void jv_peer_watch(januv_peer *p, void (*cb)(januv_peer *p, void *data), void *data) {
  p->watch_cb = cb;
  p->watch_data = data;
}

static int queue_op(januv_peer *p, jv_op_kind kind, januv_peer_cb cb, void *data, jv_op **out) {
  jv_op *op = calloc(1, sizeof *op);
  if (!op) return JANUV_ENOMEM;
  op->kind = kind;
  op->cb = cb;
  op->data = data;
  jv_list_push_back(&p->ops, &op->link);
  if (out) *out = op;
  return 0;
}

int januv_peer_create_offer(januv_peer *p, const januv_offer_options *o, januv_peer_cb cb, void *data) {
  if (!p) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  if (o && o->ice_restart) return JANUV_ENOTSUP;
  int rc = queue_op(p, OP_OFFER, cb, data, NULL);
  if (rc) return rc;
  /* Starting may complete synchronously only through the queue, so no callback runs in here. */
  pump(p);
  return 0;
}

int januv_peer_set_remote_description(januv_peer *p, const cJSON *jsep, januv_peer_cb cb, void *data) {
  if (!p) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(jsep, "type");
  const cJSON *sdp = cJSON_GetObjectItemCaseSensitive(jsep, "sdp");
  if (!cJSON_IsString(type) || !cJSON_IsString(sdp)) return JANUV_EINVAL;
  GstWebRTCSDPType t;
  if (!strcmp(type->valuestring, "offer"))
    t = GST_WEBRTC_SDP_TYPE_OFFER;
  else if (!strcmp(type->valuestring, "answer"))
    t = GST_WEBRTC_SDP_TYPE_ANSWER;
  else
    return JANUV_EINVAL;
  GstSDPMessage *msg = NULL;
  if (gst_sdp_message_new_from_text(sdp->valuestring, &msg) != GST_SDP_OK) return JANUV_EINVAL;
  gst_sdp_message_free(msg);
  jv_op *op;
  int rc = queue_op(p, OP_REMOTE, cb, data, &op);
  if (rc) return rc;
  op->sdp_type = t;
  op->sdp = jv_strdup(sdp->valuestring);
  if (!op->sdp) {
    jv_list_remove(&op->link);
    free(op);
    return JANUV_ENOMEM;
  }
  pump(p);
  return 0;
}

int januv_peer_add_remote_candidate(januv_peer *p, const cJSON *c) {
  if (!p) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  jv_remote_cand *rc = calloc(1, sizeof *rc);
  if (!rc) return JANUV_ENOMEM;
  rc->mline = -1;
  if (c && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "completed"))) {
    const cJSON *cand = cJSON_GetObjectItemCaseSensitive(c, "candidate");
    const cJSON *idx = cJSON_GetObjectItemCaseSensitive(c, "sdpMLineIndex");
    const cJSON *mid = cJSON_GetObjectItemCaseSensitive(c, "sdpMid");
    if (!cJSON_IsString(cand)) {
      free(rc);
      return JANUV_EINVAL;
    }
    rc->cand = jv_strdup(cand->valuestring);
    if (cJSON_IsNumber(idx) && idx->valueint >= 0) rc->mline = idx->valueint;
    if (cJSON_IsString(mid)) rc->mid = jv_strdup(mid->valuestring);
    if (!rc->cand) {
      free_remote_cand(rc);
      return JANUV_ENOMEM;
    }
  }
  if (!p->remote_set) {
    jv_list_push_back(&p->remote_cands, &rc->link);
    return 0;
  }
  apply_remote_candidate(p, rc);
  free_remote_cand(rc);
  return 0;
}

static GstWebRTCRTPTransceiverDirection gst_dir(januv_direction d) {
  switch (d) {
  case JANUV_DIR_SENDONLY: return GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY;
  case JANUV_DIR_RECVONLY: return GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY;
  case JANUV_DIR_INACTIVE: return GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_INACTIVE;
  default: return GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDRECV;
  }
}

int januv_peer_set_direction(januv_peer *p, unsigned index, januv_direction d) {
  if (!p || index >= p->ntracks || (unsigned)d > JANUV_DIR_INACTIVE) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  /* webrtcbin 1.22 fails any offer that changes a negotiated transceiver's direction. */
  if (p->local_sdp || p->remote_sdp) return JANUV_ENOTSUP;
  p->tracks[index].o.direction = d;
  if (p->tracks[index].trans) g_object_set(p->tracks[index].trans, "direction", gst_dir(d), NULL);
  return 0;
}

void januv_peer_counters(const januv_peer *p, januv_media_counters *out) {
  memset(out, 0, sizeof *out);
  if (!p) return;
  out->video_frames = jv_mq_read(&p->q->video_frames);
  out->audio_buffers = jv_mq_read(&p->q->audio_buffers);
  out->video_frames_sent = jv_mq_read(&p->q->video_sent);
  out->audio_buffers_sent = jv_mq_read(&p->q->audio_sent);
  out->audio_buffers_audible = jv_mq_read(&p->q->audio_audible);
  out->audio_level_dbfs = out->audio_buffers ? (double)__atomic_load_n(&p->q->audio_level_mdb, __ATOMIC_RELAXED) / 1000.0
                                             : JANUV_AUDIO_LEVEL_MIN;
}

uint64_t januv_peer_track_decoded(const januv_peer *p, const char *mid) {
  if (!p || !mid) return 0;
  uint64_t n = 0;
  g_mutex_lock(&p->q->lock);
  for (int i = 0; i < p->q->nrx; i++)
    if (!strcmp(p->q->rx[i].mid, mid)) n += jv_mq_read(&p->q->rx[i].decoded);
  g_mutex_unlock(&p->q->lock);
  return n;
}

int januv_peer_get_stats(januv_peer *p, januv_stats_cb cb, void *data) {
  if (!p || !cb) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  jv_stats_req *r = calloc(1, sizeof *r);
  if (!r) return JANUV_ENOMEM;
  r->serial = ++p->stats_serial;
  r->cb = cb;
  r->data = data;
  jv_list_push_back(&p->stats_reqs, &r->link);
  GstPromise *pr = promise_new(p, MQ_STATS, r->serial);
  g_signal_emit_by_name(p->webrtc, "get-stats", NULL, pr);
  gst_promise_unref(pr);
  return 0;
}

/* ---- closing ---- */

static void on_rec_timeout(uv_timer_t *t) {
  januv_peer *p = t->data;
  jv_peer_log(p, JANUV_LOG_WARN, "peer: the recorder did not finish in time");
  close_step2(p);
}

/* Step 1 (deferred out of januv_peer_close): every pending callback completes, the recording is
 * finalized. Step 2: GStreamer stops, channels close, the uv handles close, then the close callback. */
static void close_step1(uv_timer_t *t) {
  januv_peer *p = t->data;
  if (p->watch_cb) {
    void (*w)(januv_peer *, void *) = p->watch_cb;
    p->watch_cb = NULL;
    w(p, p->watch_data);
  }
  jv_list *n;
  while ((n = jv_list_pop_front(&p->ops))) {
    jv_op *op = JV_CONTAINER_OF(n, jv_op, link);
    if (op->cb) op->cb(p, JANUV_ECANCELED, "the peer is closing", op->data);
    op_free(op);
  }
  while ((n = jv_list_pop_front(&p->stats_reqs))) {
    jv_stats_req *r = JV_CONTAINER_OF(n, jv_stats_req, link);
    r->cb(p, JANUV_ECANCELED, NULL, r->data);
    free(r);
  }
  if (p->rec_active && !p->rec_done) {
    p->draining = true;
    jv_recorder_stop(p);
    uv_timer_start(&p->rec_timer, on_rec_timeout, 3000, 0);
    return;
  }
  close_step2(p);
}

static void close_step2(januv_peer *p) {
  if (p->torn_down) return;
  p->torn_down = true;
  for (jv_list *n = p->channels.next; n != &p->channels; n = n->next) {
    januv_data_channel *dc = JV_CONTAINER_OF(n, januv_data_channel, link);
    g_signal_handlers_disconnect_matched(dc->obj, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, p->q);
  }
  stop_gstreamer(p);
  jv_dc_close_all(p);
  gst_object_unref(p->pipeline);
  p->pipeline = NULL;
  release_lists(p);
  if (p->state != JANUV_PEER_CLOSED) p->state = JANUV_PEER_CLOSED;
  close_uv(p);
}

int januv_peer_close(januv_peer *p, januv_peer_close_cb cb, void *data) {
  if (!p) return JANUV_EINVAL;
  if (p->closing) return JANUV_ECLOSED;
  p->closing = true;
  p->close_cb = cb;
  p->close_data = data;
  uv_timer_start(&p->defer, close_step1, 0, 0);
  return 0;
}

januv_peer_state januv_peer_get_state(const januv_peer *p) { return p->state; }
/* webrtcbin's descriptions, which include the candidates gathered or added since they were set. */
static const char *current_sdp(januv_peer *p, const char *prop, char **cache, const char *fallback) {
  GstWebRTCSessionDescription *desc = NULL;
  if (p->webrtc && !p->torn_down) g_object_get(p->webrtc, prop, &desc, NULL);
  if (!desc) return fallback;
  gchar *text = gst_sdp_message_as_text(desc->sdp);
  gst_webrtc_session_description_free(desc);
  free(*cache);
  *cache = jv_strdup(text);
  g_free(text);
  return *cache ? *cache : fallback;
}

const char *januv_peer_local_sdp(januv_peer *p) { return current_sdp(p, "local-description", &p->local_full, p->local_sdp); }
const char *januv_peer_remote_sdp(januv_peer *p) {
  return current_sdp(p, "remote-description", &p->remote_full, p->remote_sdp);
}
bool januv_peer_closing(const januv_peer *p) { return p->closing; }
uv_loop_t *januv_peer_loop(const januv_peer *p) { return p->loop; }
void januv_peer_set_data(januv_peer *p, void *data) { p->data = data; }
void *januv_peer_get_data(const januv_peer *p) { return p->data; }
