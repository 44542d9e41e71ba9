/* webrtcbin's get-stats structure -> januv_peer_stats (loop thread). */
#include <stdio.h>
#include <string.h>

#include "media/peer_int.h"

typedef struct walk {
  januv_peer_stats *out;
  const GstStructure *all;
  const char *pair_local, *pair_remote;
  guint ssrcs[32];
  int kinds[32];
  int nssrcs;
} walk;

/* webrtcbin 1.22 labels every stream of a bundle with the kind of its first m-line: classify streams
 * by their ssrc, as announced in the SDPs, and trust "kind" only for unknown ones. */
static void ssrcs_of(walk *w, const char *sdp) {
  GstSDPMessage *msg = NULL;
  if (!sdp || gst_sdp_message_new_from_text(sdp, &msg) != GST_SDP_OK) return;
  for (guint i = 0; i < gst_sdp_message_medias_len(msg); i++) {
    const GstSDPMedia *m = gst_sdp_message_get_media(msg, i);
    const char *media = gst_sdp_media_get_media(m);
    int kind = !g_strcmp0(media, "audio") ? JANUV_MEDIA_AUDIO : !g_strcmp0(media, "video") ? JANUV_MEDIA_VIDEO : -1;
    if (kind < 0) continue;
    for (guint a = 0; a < gst_sdp_media_attributes_len(m) && w->nssrcs < 32; a++) {
      const GstSDPAttribute *attr = gst_sdp_media_get_attribute(m, a);
      guint ssrc;
      if (g_strcmp0(attr->key, "ssrc") || !attr->value || sscanf(attr->value, "%u", &ssrc) != 1) continue;
      w->ssrcs[w->nssrcs] = ssrc;
      w->kinds[w->nssrcs++] = kind;
    }
  }
  gst_sdp_message_free(msg);
}

static januv_rtp_stats *by_kind(walk *w, januv_peer_stats *s, const GstStructure *st) {
  guint ssrc;
  if (gst_structure_get_uint(st, "ssrc", &ssrc))
    for (int i = 0; i < w->nssrcs; i++)
      if (w->ssrcs[i] == ssrc) return w->kinds[i] == JANUV_MEDIA_AUDIO ? &s->audio : &s->video;
  const char *kind = gst_structure_get_string(st, "kind");
  if (kind && !strcmp(kind, "audio")) return &s->audio;
  if (kind && !strcmp(kind, "video")) return &s->video;
  return NULL;
}

static uint64_t get_u64(const GstStructure *st, const char *field) {
  guint64 v64 = 0;
  guint v32 = 0;
  if (gst_structure_get_uint64(st, field, &v64)) return v64;
  if (gst_structure_get_uint(st, field, &v32)) return v32;
  return 0;
}

static int64_t get_i64(const GstStructure *st, const char *field) {
  gint64 v64 = 0;
  gint v32 = 0;
  if (gst_structure_get_int64(st, field, &v64)) return v64;
  if (gst_structure_get_int(st, field, &v32)) return v32;
  return 0;
}

static gboolean one(GQuark field, const GValue *value, gpointer user) {
  (void)field;
  walk *w = user;
  if (!GST_VALUE_HOLDS_STRUCTURE(value)) return TRUE;
  const GstStructure *st = gst_value_get_structure(value);
  GstWebRTCStatsType type = 0;
  if (!gst_structure_get(st, "type", GST_TYPE_WEBRTC_STATS_TYPE, &type, NULL)) return TRUE;
  januv_rtp_stats *k = by_kind(w, w->out, st);
  double d = 0;
  switch (type) {
  case GST_WEBRTC_STATS_OUTBOUND_RTP:
    if (!k) break;
    k->bytes_sent += get_u64(st, "bytes-sent");
    k->packets_sent += get_u64(st, "packets-sent");
    break;
  case GST_WEBRTC_STATS_INBOUND_RTP:
    if (!k) break;
    k->bytes_received += get_u64(st, "bytes-received");
    k->packets_received += get_u64(st, "packets-received");
    k->packets_lost += get_i64(st, "packets-lost");
    if (gst_structure_get_double(st, "jitter", &d) && d * 1000.0 > k->jitter_ms) k->jitter_ms = d * 1000.0;
    break;
  case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
    if (!k) break;
    k->remote_packets_lost += get_i64(st, "packets-lost");
    if (gst_structure_get_double(st, "round-trip-time", &d) && d * 1000.0 > k->rtt_ms) k->rtt_ms = d * 1000.0;
    break;
  case GST_WEBRTC_STATS_CANDIDATE_PAIR:
    if (!w->pair_local) {
      w->pair_local = gst_structure_get_string(st, "local-candidate-id");
      w->pair_remote = gst_structure_get_string(st, "remote-candidate-id");
    }
    break;
  default:
    break;
  }
  return TRUE;
}

static void address_of(const GstStructure *all, const char *id, char *out, size_t size) {
  const GstStructure *c = NULL;
  if (id && gst_structure_get(all, id, GST_TYPE_STRUCTURE, &c, NULL) && c) {
    const char *addr = gst_structure_get_string(c, "address");
    guint port = 0;
    gst_structure_get_uint(c, "port", &port);
    snprintf(out, size, "%s:%u", addr ? addr : "?", port);
    gst_structure_free((GstStructure *)c);
  }
}

static uint64_t rate(uint64_t now, uint64_t before, double secs) {
  return secs > 0 && now >= before ? (uint64_t)((double)(now - before) * 8.0 / secs) : 0;
}

void jv_stats_deliver(januv_peer *p, jv_stats_req *req, const GstStructure *st) {
  januv_peer_stats s;
  memset(&s, 0, sizeof s);
  s.audio.rtt_ms = s.video.rtt_ms = -1;
  if (st) {
    walk w = {.out = &s, .all = st};
    ssrcs_of(&w, p->local_sdp);
    ssrcs_of(&w, p->remote_sdp);
    gst_structure_foreach(st, one, &w);
    address_of(st, w.pair_local, s.local_address, sizeof s.local_address);
    address_of(st, w.pair_remote, s.remote_address, sizeof s.remote_address);
  }
  uint64_t now = uv_hrtime();
  double secs = p->last_stats_time ? (double)(now - p->last_stats_time) / 1e9 : 0;
  januv_rtp_stats *k[2] = {&s.audio, &s.video}, *last[2] = {&p->last_audio, &p->last_video};
  for (int i = 0; i < 2; i++) {
    k[i]->send_bitrate = rate(k[i]->bytes_sent, last[i]->bytes_sent, secs);
    k[i]->recv_bitrate = rate(k[i]->bytes_received, last[i]->bytes_received, secs);
    *last[i] = *k[i];
    januv_rtp_stats *t = &s.total;
    t->bytes_sent += k[i]->bytes_sent;
    t->packets_sent += k[i]->packets_sent;
    t->bytes_received += k[i]->bytes_received;
    t->packets_received += k[i]->packets_received;
    t->packets_lost += k[i]->packets_lost;
    t->remote_packets_lost += k[i]->remote_packets_lost;
    t->send_bitrate += k[i]->send_bitrate;
    t->recv_bitrate += k[i]->recv_bitrate;
    if (k[i]->jitter_ms > t->jitter_ms) t->jitter_ms = k[i]->jitter_ms;
  }
  s.total.rtt_ms = s.audio.rtt_ms > s.video.rtt_ms ? s.audio.rtt_ms : s.video.rtt_ms;
  p->last_stats_time = now;
  januv_peer_counters(p, &s.decoded);
  s.dc_messages_sent = p->dc_msgs_out;
  s.dc_bytes_sent = p->dc_bytes_out;
  s.dc_messages_received = jv_mq_read(&p->q->dc_msgs_in);
  s.dc_bytes_received = jv_mq_read(&p->q->dc_bytes_in);
  req->cb(p, 0, &s, req->data);
}
