/* Receiving: webrtcbin src pads -> depayloader -> decoder -> counters (and the recorder's tee). Runs on
 * GStreamer's streaming threads except jv_recorder_build()/jv_recorder_stop() (loop thread). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gst/audio/audio.h>

#include "media/codec.h"
#include "media/peer_int.h"
#include "util/str.h"

typedef struct track_ctx {
  jv_mq *q;
  int kind;
  int mline;
  char *mid;
  bool reported;
  uint64_t *decoded; /* this track's counter in q->rx, or NULL when the table is full */
  int sample_format; /* audio: SAMPLES_* of the decoded caps */
} track_ctx;

enum { SAMPLES_UNKNOWN, SAMPLES_S16, SAMPLES_F32 };

static void track_ctx_free(gpointer data) {
  track_ctx *c = data;
  jv_mq_unref(c->q);
  g_free(c->mid);
  g_free(c);
}

/* RMS level of interleaved native-endian samples, in dBFS (JANUV_AUDIO_LEVEL_MIN when silent or unknown). */
static double buffer_dbfs(GstBuffer *buf, int format) {
  GstMapInfo map;
  if (format == SAMPLES_UNKNOWN || !gst_buffer_map(buf, &map, GST_MAP_READ)) return JANUV_AUDIO_LEVEL_MIN;
  double sum = 0;
  size_t n = 0;
  if (format == SAMPLES_S16) {
    const int16_t *v = (const int16_t *)map.data;
    n = map.size / sizeof *v;
    for (size_t i = 0; i < n; i++) sum += ((double)v[i] / 32768.0) * ((double)v[i] / 32768.0);
  } else {
    const float *v = (const float *)map.data;
    n = map.size / sizeof *v;
    for (size_t i = 0; i < n; i++) sum += (double)v[i] * (double)v[i];
  }
  gst_buffer_unmap(buf, &map);
  double db = n && sum > 0 ? 10.0 * log10(sum / (double)n) : JANUV_AUDIO_LEVEL_MIN;
  return db < JANUV_AUDIO_LEVEL_MIN ? JANUV_AUDIO_LEVEL_MIN : db;
}

static GstPadProbeReturn on_decoded(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  track_ctx *c = user;
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    jv_mq_count(c->kind == JANUV_MEDIA_VIDEO ? &c->q->video_frames : &c->q->audio_buffers, 1);
    if (c->decoded) jv_mq_count(c->decoded, 1);
    if (c->kind == JANUV_MEDIA_AUDIO) {
      double db = buffer_dbfs(GST_PAD_PROBE_INFO_BUFFER(info), c->sample_format);
      __atomic_store_n(&c->q->audio_level_mdb, (int64_t)(db * 1000.0), __ATOMIC_RELAXED);
      if (db > JANUV_AUDIO_SILENCE_DBFS) jv_mq_count(&c->q->audio_audible, 1);
    }
    return GST_PAD_PROBE_OK;
  }
  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *ev = GST_PAD_PROBE_INFO_EVENT(info);
    if (GST_EVENT_TYPE(ev) == GST_EVENT_CAPS && c->kind == JANUV_MEDIA_AUDIO) {
      GstCaps *caps = NULL;
      gst_event_parse_caps(ev, &caps);
      const GstStructure *st = caps && !gst_caps_is_empty(caps) ? gst_caps_get_structure(caps, 0) : NULL;
      const char *format = st ? gst_structure_get_string(st, "format") : NULL;
      c->sample_format = !g_strcmp0(format, GST_AUDIO_NE(S16)) ? SAMPLES_S16
                         : !g_strcmp0(format, GST_AUDIO_NE(F32)) ? SAMPLES_F32
                                                                  : SAMPLES_UNKNOWN;
    }
    if (GST_EVENT_TYPE(ev) == GST_EVENT_CAPS && !c->reported) {
      GstCaps *caps = NULL;
      gst_event_parse_caps(ev, &caps);
      c->reported = true;
      jv_mq_item *it = jv_mq_item_new(MQ_TRACK);
      if (it) {
        it->a = c->kind;
        it->b = c->mline;
        it->str = caps ? gst_caps_to_string(caps) : g_strdup("");
        it->str2 = g_strdup(c->mid);
        jv_mq_post(c->q, it);
      }
    }
  }
  return GST_PAD_PROBE_OK;
}

/* Buffers stop flowing into the recorder once it is stopping (its branch got EOS). */
static GstPadProbeReturn rec_gate(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  (void)info;
  jv_mq *q = user;
  return g_atomic_int_get(&q->rec_stopping) ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

static void link_fakesink(GstElement *pipeline, GstPad *pad) {
  GstElement *fs = gst_element_factory_make("fakesink", NULL);
  if (!fs) return;
  g_object_set(fs, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add(GST_BIN(pipeline), fs);
  gst_element_sync_state_with_parent(fs);
  GstPad *sp = gst_element_get_static_pad(fs, "sink");
  gst_pad_link(pad, sp);
  gst_object_unref(sp);
}

/* Takes the first free recorder slot of this kind (NULL when none); returns its pad (ref). */
static GstPad *take_rec_slot(jv_mq *q, int kind) {
  GstPad *pad = NULL;
  g_mutex_lock(&q->lock);
  for (int i = 0; i < q->nrec; i++) {
    if (q->rec[i].kind == kind && !q->rec[i].taken && q->rec[i].sinkpad) {
      q->rec[i].taken = true;
      pad = gst_object_ref(q->rec[i].sinkpad);
      break;
    }
  }
  g_mutex_unlock(&q->lock);
  return pad;
}

static void on_pad_added(GstElement *webrtc, GstPad *pad, gpointer user) {
  (void)webrtc;
  jv_mq *q = user;
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstElement *pipeline = q->pipeline;
  GstCaps *caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, NULL);
  const GstStructure *s = caps && !gst_caps_is_empty(caps) ? gst_caps_get_structure(caps, 0) : NULL;
  const jv_codec_info *ci = s ? jv_codec_by_name(gst_structure_get_string(s, "encoding-name")) : NULL;
  if (!ci) {
    gchar *text = caps ? gst_caps_to_string(caps) : g_strdup("no caps");
    gchar *msg = g_strdup_printf("incoming stream with unsupported caps %s: discarded", text);
    jv_mq_post_simple(q, MQ_WARNING, 0, 0, msg);
    g_free(msg);
    g_free(text);
    if (caps) gst_caps_unref(caps);
    link_fakesink(pipeline, pad);
    return;
  }
  gst_caps_unref(caps);
  track_ctx *c = g_new0(track_ctx, 1);
  c->q = jv_mq_ref(q);
  c->kind = ci->kind;
  c->mline = -1;
  GObject *trans = NULL;
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(pad), "transceiver")) g_object_get(pad, "transceiver", &trans, NULL);
  if (trans) {
    guint mline = 0;
    g_object_get(trans, "mlineindex", &mline, "mid", &c->mid, NULL);
    c->mline = (int)mline;
    g_object_unref(trans);
  }
  g_mutex_lock(&q->lock);
  if (q->nrx < JV_MQ_MAX_RX) {
    jv_rx_track *t = &q->rx[q->nrx++];
    g_strlcpy(t->mid, c->mid ? c->mid : "", sizeof t->mid);
    c->decoded = &t->decoded;
  }
  g_mutex_unlock(&q->lock);
  GstPad *rec = take_rec_slot(q, ci->kind);
  char desc[512];
  snprintf(desc, sizeof desc, "queue ! %s%s%s ! %s name=dec ! %s ! tee name=t t. ! queue ! fakesink sync=false async=false",
           ci->depay, ci->parse ? " ! " : "", ci->parse ? ci->parse : "", ci->decoder,
           ci->kind == JANUV_MEDIA_VIDEO ? "videoconvert" : "audioconvert");
  GError *err = NULL;
  GstElement *bin = gst_parse_bin_from_description(desc, TRUE, &err);
  if (!bin || err) {
    gchar *msg = g_strdup_printf("cannot decode %s: %s", ci->name, err ? err->message : "?");
    jv_mq_post_simple(q, MQ_ERROR, 0, 0, msg);
    g_free(msg);
    if (err) g_error_free(err);
    if (bin) gst_object_unref(bin);
    if (rec) gst_object_unref(rec);
    track_ctx_free(c);
    link_fakesink(pipeline, pad);
    return;
  }
  GstElement *dec = gst_bin_get_by_name(GST_BIN(bin), "dec");
  GstPad *dec_src = dec ? gst_element_get_static_pad(dec, "src") : NULL;
  if (dec_src)
    gst_pad_add_probe(dec_src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_decoded, c,
                      track_ctx_free);
  else
    track_ctx_free(c);
  if (dec_src) gst_object_unref(dec_src);
  if (dec) gst_object_unref(dec);
  gst_bin_add(GST_BIN(pipeline), bin);
  if (rec) {
    /* The recorder branch lives outside this bin: expose a second tee pad as a ghost pad. */
    GstElement *tee = gst_bin_get_by_name(GST_BIN(bin), "t");
    GstPad *tp = tee ? gst_element_request_pad_simple(tee, "src_%u") : NULL;
    if (tp) {
      GstPad *ghost = gst_ghost_pad_new("rec", tp);
      gst_pad_set_active(ghost, TRUE);
      gst_element_add_pad(bin, ghost);
      gst_pad_add_probe(tp, GST_PAD_PROBE_TYPE_BUFFER, rec_gate, jv_mq_ref(q), jv_mq_unref_destroy);
      if (gst_pad_link(ghost, rec) != GST_PAD_LINK_OK) jv_mq_post_simple(q, MQ_WARNING, 0, 0, "recorder: link failed");
      gst_object_unref(tp);
    }
    if (tee) gst_object_unref(tee);
    gst_object_unref(rec);
  }
  gst_element_sync_state_with_parent(bin);
  GstPad *sink = gst_element_get_static_pad(bin, "sink");
  if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) jv_mq_post_simple(q, MQ_ERROR, 0, 0, "cannot link an incoming stream");
  gst_object_unref(sink);
}

void jv_sink_connect(januv_peer *p) {
  g_signal_connect_data(p->webrtc, "pad-added", G_CALLBACK(on_pad_added), jv_mq_ref(p->q), jv_mq_unref_notify, 0);
}

/* ---- recorder ---- */

static GstPadProbeReturn on_file_eos(GstPad *pad, GstPadProbeInfo *info, gpointer user) {
  (void)pad;
  if (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) == GST_EVENT_EOS)
    jv_mq_post_simple(user, MQ_RECORDER_DONE, 0, 0, NULL);
  return GST_PAD_PROBE_OK;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !g_ascii_strcasecmp(s + n - m, suffix);
}

int jv_recorder_build(januv_peer *p) {
  const char *path = p->record_path;
  bool mp4 = ends_with(path, ".mp4"), webm = ends_with(path, ".webm"), mkv = ends_with(path, ".mkv");
  if (!mp4 && !webm && !mkv) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: record_path must end in .mkv, .webm or .mp4");
    return JANUV_EINVAL;
  }
  const char *h264 = jv_codec_h264_encoder();
  if (mp4 && !h264) {
    jv_peer_log(p, JANUV_LOG_ERROR, "peer: recording to MP4 needs an H.264 encoder (x264enc or openh264enc)");
    return JANUV_EMEDIA;
  }
  p->rec_mux = jv_make(p, mp4 ? "mp4mux" : webm ? "webmmux" : "matroskamux", NULL);
  p->rec_sink = jv_make(p, "filesink", NULL);
  if (!p->rec_mux || !p->rec_sink) {
    if (p->rec_mux) gst_object_unref(p->rec_mux);
    if (p->rec_sink) gst_object_unref(p->rec_sink);
    p->rec_mux = p->rec_sink = NULL;
    return JANUV_EMEDIA;
  }
  g_object_set(p->rec_sink, "location", path, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many(GST_BIN(p->pipeline), p->rec_mux, p->rec_sink, NULL);
  if (!gst_element_link(p->rec_mux, p->rec_sink)) return JANUV_EMEDIA;
  GstPad *fsink = gst_element_get_static_pad(p->rec_sink, "sink");
  gst_pad_add_probe(fsink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_file_eos, jv_mq_ref(p->q), jv_mq_unref_destroy);
  gst_object_unref(fsink);
  /* One branch per incoming track of the options, created now: muxers want every pad before they start.
   * Decoded media is encoded again (the container needs frame sizes that RTP depayloaders do not give). */
  for (unsigned i = 0; i < p->ntracks && p->q->nrec < JV_MQ_MAX_REC; i++) {
    const januv_track_options *o = &p->tracks[i].o;
    if (o->direction != JANUV_DIR_SENDRECV && o->direction != JANUV_DIR_RECVONLY) continue;
    char desc[512];
    if (o->kind == JANUV_MEDIA_VIDEO) {
      char enc[160];
      if (mp4)
        snprintf(enc, sizeof enc, "%s ! h264parse",
                 !strcmp(h264, "x264enc") ? "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30"
                                          : "openh264enc complexity=low gop-size=30");
      else
        snprintf(enc, sizeof enc, "vp8enc deadline=1 keyframe-max-dist=30 cpu-used=8");
      snprintf(desc, sizeof desc,
               "queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 ! videoconvert ! %s ! queue", enc);
    } else {
      snprintf(desc, sizeof desc,
               "queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 ! audioconvert ! audioresample ! opusenc ! "
               "queue");
    }
    GError *err = NULL;
    GstElement *bin = gst_parse_bin_from_description(desc, TRUE, &err);
    if (!bin || err) {
      jv_peer_log(p, JANUV_LOG_ERROR, "peer: recorder: %s", err ? err->message : "?");
      if (err) g_error_free(err);
      if (bin) gst_object_unref(bin);
      return JANUV_EMEDIA;
    }
    gst_bin_add(GST_BIN(p->pipeline), bin);
    if (!gst_element_link(bin, p->rec_mux)) {
      jv_peer_log(p, JANUV_LOG_ERROR, "peer: recorder: the muxer refuses a %s track",
                  o->kind == JANUV_MEDIA_VIDEO ? "video" : "audio");
      return JANUV_EMEDIA;
    }
    jv_rec_slot *slot = &p->q->rec[p->q->nrec++];
    slot->kind = o->kind;
    slot->sinkpad = gst_element_get_static_pad(bin, "sink");
  }
  p->rec_active = p->q->nrec > 0;
  return 0;
}

void jv_recorder_stop(januv_peer *p) {
  g_atomic_int_set(&p->q->rec_stopping, 1);
  for (int i = 0; i < p->q->nrec; i++)
    if (p->q->rec[i].sinkpad) gst_pad_send_event(p->q->rec[i].sinkpad, gst_event_new_eos());
}
