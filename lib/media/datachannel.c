/* Data channels: webrtcbin's GstWebRTCDataChannel signals -> queue -> loop callbacks. */
#include <stdlib.h>
#include <string.h>

#include "media/peer_int.h"
#include "util/str.h"

#define DC_ID_KEY "januv-dc-id"

static int dc_id(GObject *obj) { return GPOINTER_TO_INT(g_object_get_data(obj, DC_ID_KEY)); }

static void on_open(GObject *obj, gpointer user) { jv_mq_post_simple(user, MQ_DC_OPEN, dc_id(obj), 0, NULL); }

static void on_close(GObject *obj, gpointer user) { jv_mq_post_simple(user, MQ_DC_CLOSE, dc_id(obj), 0, NULL); }

static void on_error(GObject *obj, GError *err, gpointer user) {
  jv_mq_post_simple(user, MQ_DC_ERROR, dc_id(obj), 0, err && err->message ? err->message : "data channel error");
}

static void on_string(GObject *obj, gchar *text, gpointer user) {
  jv_mq_item *it = jv_mq_item_new(MQ_DC_MESSAGE);
  if (!it) return;
  it->a = dc_id(obj);
  it->len = text ? strlen(text) : 0;
  it->bytes = g_strdup(text ? text : "");
  jv_mq_post(user, it);
}

static void on_data(GObject *obj, GBytes *bytes, gpointer user) {
  jv_mq_item *it = jv_mq_item_new(MQ_DC_MESSAGE);
  if (!it) return;
  gsize len = 0;
  const void *d = bytes ? g_bytes_get_data(bytes, &len) : NULL;
  it->a = dc_id(obj);
  it->b = 1;
  it->len = len;
  it->bytes = g_malloc(len + 1);
  if (len) memcpy(it->bytes, d, len);
  ((char *)it->bytes)[len] = '\0';
  jv_mq_post(user, it);
}

void jv_dc_connect_signals(jv_mq *q, GObject *obj, int id) {
  g_object_set_data(obj, DC_ID_KEY, GINT_TO_POINTER(id));
  g_signal_connect_data(obj, "on-open", G_CALLBACK(on_open), jv_mq_ref(q), jv_mq_unref_notify, 0);
  g_signal_connect_data(obj, "on-close", G_CALLBACK(on_close), jv_mq_ref(q), jv_mq_unref_notify, 0);
  g_signal_connect_data(obj, "on-error", G_CALLBACK(on_error), jv_mq_ref(q), jv_mq_unref_notify, 0);
  g_signal_connect_data(obj, "on-message-string", G_CALLBACK(on_string), jv_mq_ref(q), jv_mq_unref_notify, 0);
  g_signal_connect_data(obj, "on-message-data", G_CALLBACK(on_data), jv_mq_ref(q), jv_mq_unref_notify, 0);
}

static januv_data_channel *dc_new(januv_peer *p, GObject *obj, int id) {
  januv_data_channel *dc = calloc(1, sizeof *dc);
  if (!dc) return NULL;
  dc->peer = p;
  dc->id = id;
  dc->obj = obj;
  gchar *label = NULL;
  g_object_get(obj, "label", &label, NULL);
  dc->label = jv_strdup(label ? label : "");
  g_free(label);
  dc->state = JANUV_DC_CONNECTING;
  jv_list_push_back(&p->channels, &dc->link);
  return dc;
}

static void dc_free(januv_data_channel *dc) {
  jv_list_remove(&dc->link);
  g_signal_handlers_disconnect_matched(dc->obj, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, dc->peer->q);
  g_object_unref(dc->obj);
  free(dc->label);
  free(dc);
}

/* on_closed once, then the channel is gone. */
static void dc_finish(januv_data_channel *dc) {
  dc->state = JANUV_DC_CLOSED;
  if (dc->cbs.on_closed) dc->cbs.on_closed(dc, dc->data);
  dc_free(dc);
}

januv_data_channel *jv_dc_find(januv_peer *p, int id) {
  for (jv_list *n = p->channels.next; n != &p->channels; n = n->next) {
    januv_data_channel *dc = JV_CONTAINER_OF(n, januv_data_channel, link);
    if (dc->id == id) return dc;
  }
  return NULL;
}

int januv_peer_create_data_channel(januv_peer *p, const char *label, const januv_dc_options *opts,
                                   const januv_dc_callbacks *cbs, void *data, januv_data_channel **out) {
  if (!p || !label || !out) return JANUV_EINVAL;
  *out = NULL;
  if (p->closing) return JANUV_ECLOSED;
  januv_dc_options defaults;
  if (!opts) {
    januv_dc_options_init(&defaults);
    opts = &defaults;
  }
  GstStructure *init = gst_structure_new("options", "ordered", G_TYPE_BOOLEAN, !opts->unordered, NULL);
  if (opts->max_retransmits >= 0) gst_structure_set(init, "max-retransmits", G_TYPE_INT, opts->max_retransmits, NULL);
  if (opts->protocol) gst_structure_set(init, "protocol", G_TYPE_STRING, opts->protocol, NULL);
  GObject *obj = NULL;
  g_signal_emit_by_name(p->webrtc, "create-data-channel", label, init, &obj);
  gst_structure_free(init);
  if (!obj) return JANUV_EMEDIA;
  int id = g_atomic_int_add(&p->q->next_dc_id, 1) + 1;
  januv_data_channel *dc = dc_new(p, obj, id);
  if (!dc) {
    g_object_unref(obj);
    return JANUV_ENOMEM;
  }
  if (cbs) dc->cbs = *cbs;
  dc->data = data;
  jv_dc_connect_signals(p->q, obj, id);
  *out = dc;
  return 0;
}

void jv_dc_handle(januv_peer *p, jv_mq_item *it) {
  if (it->type == MQ_DC_NEW) {
    januv_data_channel *dc = dc_new(p, it->obj, it->a);
    if (!dc) return;
    it->obj = NULL; /* owned by dc now */
    GstWebRTCDataChannelState st = 0;
    g_object_get(dc->obj, "ready-state", &st, NULL);
    if (p->cbs.on_data_channel) p->cbs.on_data_channel(p, dc, p->data);
    if (p->closing) return;
    /* A remote channel may have opened before we connected to it. */
    if (st == GST_WEBRTC_DATA_CHANNEL_STATE_OPEN && dc->state == JANUV_DC_CONNECTING) {
      dc->state = JANUV_DC_OPEN;
      if (dc->cbs.on_open) dc->cbs.on_open(dc, dc->data);
    }
    return;
  }
  januv_data_channel *dc = jv_dc_find(p, it->a);
  if (!dc) return;
  switch (it->type) {
  case MQ_DC_OPEN:
    if (dc->state != JANUV_DC_CONNECTING) break;
    dc->state = JANUV_DC_OPEN;
    if (dc->cbs.on_open) dc->cbs.on_open(dc, dc->data);
    break;
  case MQ_DC_MESSAGE:
    jv_mq_count(&p->q->dc_msgs_in, 1);
    jv_mq_count(&p->q->dc_bytes_in, it->len);
    if (dc->cbs.on_message) dc->cbs.on_message(dc, it->bytes, it->len, it->b != 0, dc->data);
    break;
  case MQ_DC_ERROR:
    if (dc->cbs.on_error) dc->cbs.on_error(dc, it->str, dc->data);
    break;
  case MQ_DC_CLOSE:
    dc_finish(dc);
    break;
  default:
    break;
  }
}

void jv_dc_close_all(januv_peer *p) {
  jv_list *n;
  while ((n = p->channels.next) != &p->channels) dc_finish(JV_CONTAINER_OF(n, januv_data_channel, link));
}

void januv_data_channel_set_callbacks(januv_data_channel *dc, const januv_dc_callbacks *cbs, void *data) {
  if (!dc) return;
  if (cbs)
    dc->cbs = *cbs;
  else
    memset(&dc->cbs, 0, sizeof dc->cbs);
  dc->data = data;
}

static int can_send(januv_data_channel *dc) {
  if (!dc) return JANUV_EINVAL;
  if (dc->peer->closing || dc->state == JANUV_DC_CLOSING || dc->state == JANUV_DC_CLOSED) return JANUV_ECLOSED;
  return dc->state == JANUV_DC_OPEN ? 0 : JANUV_ESTATE;
}

int januv_data_channel_send_text(januv_data_channel *dc, const char *text) {
  int rc = can_send(dc);
  if (rc) return rc;
  if (!text) return JANUV_EINVAL;
  g_signal_emit_by_name(dc->obj, "send-string", text);
  dc->peer->dc_msgs_out++;
  dc->peer->dc_bytes_out += strlen(text);
  return 0;
}

int januv_data_channel_send_binary(januv_data_channel *dc, const void *bytes, size_t len) {
  int rc = can_send(dc);
  if (rc) return rc;
  if (!bytes && len) return JANUV_EINVAL;
  GBytes *b = g_bytes_new(bytes, len);
  g_signal_emit_by_name(dc->obj, "send-data", b);
  g_bytes_unref(b);
  dc->peer->dc_msgs_out++;
  dc->peer->dc_bytes_out += len;
  return 0;
}

int januv_data_channel_close(januv_data_channel *dc) {
  if (!dc) return JANUV_EINVAL;
  if (dc->state == JANUV_DC_CLOSING || dc->state == JANUV_DC_CLOSED || dc->peer->closing) return JANUV_ECLOSED;
  dc->state = JANUV_DC_CLOSING;
  g_signal_emit_by_name(dc->obj, "close");
  return 0;
}

const char *januv_data_channel_label(const januv_data_channel *dc) { return dc->label; }
januv_dc_state januv_data_channel_state(const januv_data_channel *dc) { return dc->state; }
januv_peer *januv_data_channel_peer(const januv_data_channel *dc) { return dc->peer; }
