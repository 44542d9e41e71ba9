/* Sending tracks: source (test pattern, file player, user bin) -> encoder -> payloader -> webrtcbin. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gst/audio/audio.h>

#include "media/peer_int.h"
#include "media/codec.h"

static GstPadProbeReturn count_sent(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  (void)info;
  jv_mq_count((uint64_t *)user, 1);
  return GST_PAD_PROBE_OK;
}

typedef struct ready_ctx {
  jv_mq *q;
  int index;
} ready_ctx;

static void ready_ctx_free(gpointer data) {
  ready_ctx *c = data;
  jv_mq_unref(c->q);
  g_free(c);
}

/* Janus needs an a=ssrc line per sending m-line: the offer waits until the payloader's caps (which
 * carry the ssrc) reached webrtcbin. */
static GstPadProbeReturn on_sink_caps(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  ready_ctx *c = user;
  GstEvent *ev = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(ev) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
  GstCaps *caps = NULL;
  gst_event_parse_caps(ev, &caps);
  if (!caps || gst_caps_is_empty(caps) || !gst_structure_has_field(gst_caps_get_structure(caps, 0), "ssrc"))
    return GST_PAD_PROBE_OK;
  jv_mq_post_simple(c->q, MQ_SEND_READY, c->index, 0, NULL);
  return GST_PAD_PROBE_REMOVE;
}

/* The audio level of a sending track (RFC 6464: 0 loudest to 127 silent, in -dBov), measured on what the
 * encoder takes and attached to what the payloader takes, whose header extension writes it. Streaming
 * threads only. */
typedef struct level_ctx {
  gint level;
} level_ctx;

static GstPadProbeReturn measure_level(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  level_ctx *c = user;
  GstMapInfo map;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buf || !gst_buffer_map(buf, &map, GST_MAP_READ)) return GST_PAD_PROBE_OK;
  /* the encoder takes interleaved S16 (opusenc's caps) */
  const int16_t *v = (const int16_t *)map.data;
  size_t n = map.size / sizeof *v;
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += ((double)v[i] / 32768.0) * ((double)v[i] / 32768.0);
  gst_buffer_unmap(buf, &map);
  double dbov = n && sum > 0 ? 10.0 * log10(sum / (double)n) : -127.0;
  int level = (int)lround(-dbov);
  g_atomic_int_set(&c->level, level < 0 ? 0 : level > 127 ? 127 : level);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn attach_level(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  level_ctx *c = user;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buf) return GST_PAD_PROBE_OK;
  buf = gst_buffer_make_writable(buf);
  int level = g_atomic_int_get(&c->level);
  gst_buffer_add_audio_level_meta(buf, (guint8)level, level < 127);
  GST_PAD_PROBE_INFO_DATA(info) = buf;
  return GST_PAD_PROBE_OK;
}

/* The audio level on encbin's elements (named by jv_codec_encoder()): an extmap in the caps after the
 * payloader makes it add the header extension (auto-header-extension), the probes give it each packet's level. */
static void add_audio_level(GstElement *encbin, const jv_codec_info *ci) {
  GstElement *enc = gst_bin_get_by_name(GST_BIN(encbin), "jvenc");
  GstElement *pay = gst_bin_get_by_name(GST_BIN(encbin), "jvpay");
  GstElement *filter = gst_bin_get_by_name(GST_BIN(encbin), "jvcaps");
  if (filter) {
    gchar *text = g_strdup_printf("%s,extmap-1=(string)<\"\",%s,\"vad=on\">", ci->rtp_caps, JV_AUDIO_LEVEL_URI);
    GstCaps *caps = gst_caps_from_string(text);
    if (caps) g_object_set(filter, "caps", caps, NULL);
    if (caps) gst_caps_unref(caps);
    g_free(text);
    gst_object_unref(filter);
  }
  GstPad *in = enc ? gst_element_get_static_pad(enc, "sink") : NULL;
  GstPad *out = pay ? gst_element_get_static_pad(pay, "sink") : NULL;
  if (in && out) {
    level_ctx *c = g_new0(level_ctx, 1);
    c->level = 127;
    /* the payloader's probe goes last (removed with the pad): it frees the context */
    gst_pad_add_probe(in, GST_PAD_PROBE_TYPE_BUFFER, measure_level, c, NULL);
    gst_pad_add_probe(out, GST_PAD_PROBE_TYPE_BUFFER, attach_level, c, g_free);
  }
  if (in) gst_object_unref(in);
  if (out) gst_object_unref(out);
  if (enc) gst_object_unref(enc);
  if (pay) gst_object_unref(pay);
}

static GstElement *parse_bin(januv_peer *p, const char *desc, bool ghost) {
  GError *err = NULL;
  GstElement *bin = gst_parse_bin_from_description(desc, ghost, &err);
  if (!bin || err) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: cannot build \"%s\": %s", desc, err ? err->message : "?");
    if (err) g_error_free(err);
    if (bin) gst_object_unref(bin);
    return NULL;
  }
  return bin;
}

/* The source part: raw audio or video on its ghost src pad. */
static GstElement *build_source(januv_peer *p, jv_track *t) {
  const januv_track_options *o = &t->o;
  bool video = o->kind == JANUV_MEDIA_VIDEO;
  char desc[1024];
  switch (o->source) {
  case JANUV_SOURCE_TEST:
    if (video)
      snprintf(desc, sizeof desc, "videotestsrc is-live=true pattern=%s", o->source_arg ? o->source_arg : "ball");
    else
      snprintf(desc, sizeof desc, "audiotestsrc is-live=true wave=%s", o->source_arg ? o->source_arg : "sine");
    break;
  case JANUV_SOURCE_FILE:
    /* decodebin offers every stream; the first one of our kind links (delayed linking). clocksync
     * paces the file in real time: webrtcbin's sinks do not sync. The src pad is ghosted by hand:
     * automatic ghosting would also ghost the converter's sink pad, which delayed linking then cannot
     * link to. */
    snprintf(desc, sizeof desc, "filesrc name=jvfile ! decodebin ! %s ! clocksync name=jvout",
             video ? "videoconvert" : "audioconvert");
    break;
  case JANUV_SOURCE_BIN:
    return parse_bin(p, o->source_arg, true);
  }
  bool file = o->source == JANUV_SOURCE_FILE;
  GstElement *bin = parse_bin(p, desc, !file);
  if (bin && file) {
    GstElement *src = gst_bin_get_by_name(GST_BIN(bin), "jvfile");
    GstElement *out = gst_bin_get_by_name(GST_BIN(bin), "jvout");
    GstPad *pad = out ? gst_element_get_static_pad(out, "src") : NULL;
    if (src) g_object_set(src, "location", o->source_arg, NULL);
    if (pad) gst_element_add_pad(bin, gst_ghost_pad_new("src", pad));
    if (pad) gst_object_unref(pad);
    if (out) gst_object_unref(out);
    if (src) gst_object_unref(src);
  }
  return bin;
}

int jv_source_build(januv_peer *p, unsigned i) {
  jv_track *t = &p->tracks[i];
  const januv_track_options *o = &t->o;
  const jv_codec_info *ci = jv_codec_for(o->kind, o->codec);
  if (!ci) return JANUV_EINVAL;
  bool sends = o->direction == JANUV_DIR_SENDRECV || o->direction == JANUV_DIR_SENDONLY;
  if (!sends) {
    /* A receive-only (or inactive) m-line: a transceiver with the codec's caps, no source. */
    GstCaps *caps = gst_caps_from_string(ci->rtp_caps);
    GstWebRTCRTPTransceiver *trans = NULL;
    g_signal_emit_by_name(p->webrtc, "add-transceiver",
                          o->direction == JANUV_DIR_INACTIVE ? GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_INACTIVE
                                                             : GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
                          caps, &trans);
    gst_caps_unref(caps);
    if (!trans) return JANUV_EMEDIA;
    t->trans = trans;
    t->ready = true;
    return 0;
  }
  char enc[768];
  if (!jv_codec_encoder(ci, o, enc, sizeof enc)) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: no encoder for %s (install the plugin package)", ci->name);
    return JANUV_EMEDIA;
  }
  GstElement *src = build_source(p, t);
  GstElement *encbin = src ? parse_bin(p, enc, true) : NULL;
  if (!src || !encbin) {
    if (src) gst_object_unref(src);
    return JANUV_EMEDIA;
  }
  gst_bin_add_many(GST_BIN(p->pipeline), src, encbin, NULL);
  if (o->kind == JANUV_MEDIA_AUDIO && o->audio_level) add_audio_level(encbin, ci);
  GstPad *enc_sink = gst_element_get_static_pad(encbin, "sink");
  if (enc_sink) {
    gst_pad_add_probe(enc_sink, GST_PAD_PROBE_TYPE_BUFFER, count_sent,
                      o->kind == JANUV_MEDIA_VIDEO ? &p->q->video_sent : &p->q->audio_sent, NULL);
    gst_object_unref(enc_sink);
  }
  if (!gst_element_link(src, encbin)) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: the source of track %u does not link to its encoder", i);
    return JANUV_EMEDIA;
  }
  GstPad *sink = gst_element_request_pad_simple(p->webrtc, "sink_%u");
  GstPad *enc_src = gst_element_get_static_pad(encbin, "src");
  bool ok = sink && enc_src && gst_pad_link(enc_src, sink) == GST_PAD_LINK_OK;
  if (enc_src) gst_object_unref(enc_src);
  if (!ok) {
    if (sink) gst_object_unref(sink);
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: track %u does not link to webrtcbin", i);
    return JANUV_EMEDIA;
  }
  t->sinkpad = sink;
  ready_ctx *rc = g_new0(ready_ctx, 1);
  rc->q = jv_mq_ref(p->q);
  rc->index = (int)i;
  gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_sink_caps, rc, ready_ctx_free);
  g_object_get(sink, "transceiver", &t->trans, NULL);
  if (t->trans) {
    g_object_set(t->trans, "direction", o->direction == JANUV_DIR_SENDONLY ? GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY
                                                                           : GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDRECV,
                 NULL);
    if (o->kind == JANUV_MEDIA_VIDEO && g_object_class_find_property(G_OBJECT_GET_CLASS(t->trans), "do-nack"))
      g_object_set(t->trans, "do-nack", TRUE, NULL);
  }
  return 0;
}
