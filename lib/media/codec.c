/* Codec table; see codec.h. */
#include "media/codec.h"

#include <gst/gst.h>
#include <stdio.h>
#include <strings.h>

/* Janus answers an Opus m-line inactive unless the rtpmap says OPUS/48000/2: encoding-params=2. */
static const jv_codec_info codecs[] = {
  {JANUV_CODEC_VP8, JANUV_MEDIA_VIDEO, "VP8", 96,
   "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000", "rtpvp8depay", NULL, "vp8dec",
   NULL, NULL, NULL},
  {JANUV_CODEC_VP9, JANUV_MEDIA_VIDEO, "VP9", 98,
   "application/x-rtp,media=video,encoding-name=VP9,payload=98,clock-rate=90000", "rtpvp9depay", NULL, "vp9dec",
   NULL, NULL, NULL},
  {JANUV_CODEC_H264, JANUV_MEDIA_VIDEO, "H264", 102,
   "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,packetization-mode=(string)1",
   "rtph264depay", "h264parse", "avdec_h264", NULL, NULL, NULL},
  {JANUV_CODEC_OPUS, JANUV_MEDIA_AUDIO, "OPUS", 111,
   "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2",
   "rtpopusdepay", NULL, "opusdec", "opusenc", "rtpopuspay", NULL},
  {JANUV_CODEC_PCMU, JANUV_MEDIA_AUDIO, "PCMU", 0,
   "application/x-rtp,media=audio,encoding-name=PCMU,payload=0,clock-rate=8000", "rtppcmudepay", NULL, "mulawdec",
   "mulawenc", "rtppcmupay max-ptime=20000000", "audio/x-raw,format=S16LE,rate=8000,channels=1"},
  {JANUV_CODEC_PCMA, JANUV_MEDIA_AUDIO, "PCMA", 8,
   "application/x-rtp,media=audio,encoding-name=PCMA,payload=8,clock-rate=8000", "rtppcmadepay", NULL, "alawdec",
   "alawenc", "rtppcmapay max-ptime=20000000", "audio/x-raw,format=S16LE,rate=8000,channels=1"},
  /* RFC 3551: G.722's RTP clock is 8000 although it samples at 16 kHz. G.711 and G.722 packets carry 20 ms
   * (max-ptime), what telephony peers expect, not whatever buffer size the source has. */
  {JANUV_CODEC_G722, JANUV_MEDIA_AUDIO, "G722", 9,
   "application/x-rtp,media=audio,encoding-name=G722,payload=9,clock-rate=8000", "rtpg722depay", NULL, "avdec_g722",
   "avenc_g722", "rtpg722pay max-ptime=20000000", "audio/x-raw,format=S16LE,rate=16000,channels=1"},
};

const jv_codec_info *jv_codec_for(januv_media_kind kind, januv_codec codec) {
  if (codec == JANUV_CODEC_DEFAULT) codec = kind == JANUV_MEDIA_VIDEO ? JANUV_CODEC_VP8 : JANUV_CODEC_OPUS;
  for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
    if (codecs[i].codec == codec && codecs[i].kind == kind) return &codecs[i];
  return NULL;
}

const jv_codec_info *jv_codec_by_name(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
    if (!strcasecmp(codecs[i].name, name)) return &codecs[i];
  return NULL;
}

static bool have(const char *factory) {
  GstElementFactory *f = gst_element_factory_find(factory);
  if (f) gst_object_unref(f);
  return f != NULL;
}

const char *jv_codec_h264_encoder(void) {
  if (have("x264enc")) return "x264enc";
  if (have("openh264enc")) return "openh264enc";
  return NULL;
}

bool jv_codec_encoder(const jv_codec_info *ci, const januv_track_options *o, char *out, size_t size) {
  unsigned w = o->width ? o->width : 320, h = o->height ? o->height : 240, fps = o->fps ? o->fps : 30;
  unsigned vbr = o->bitrate ? o->bitrate : 500000, abr = o->bitrate ? o->bitrate : 48000;
  char raw[256];
  snprintf(raw, sizeof raw,
           "queue ! videoconvert ! videoscale ! videorate ! capsfilter caps=video/x-raw,format=I420,width=%u,height=%u,"
           "framerate=%u/1",
           w, h, fps);
  int n = -1;
  switch (ci->codec) {
  case JANUV_CODEC_VP8:
    if (!have("vp8enc")) return false;
    n = snprintf(out, size,
                 "%s ! vp8enc deadline=1 keyframe-max-dist=%u target-bitrate=%u cpu-used=4 ! "
                 "rtpvp8pay pt=96 picture-id-mode=15-bit ! capsfilter caps=\"%s\"",
                 raw, fps, vbr, ci->rtp_caps);
    break;
  case JANUV_CODEC_VP9:
    if (!have("vp9enc")) return false;
    n = snprintf(out, size,
                 "%s ! vp9enc deadline=1 keyframe-max-dist=%u target-bitrate=%u cpu-used=8 ! "
                 "rtpvp9pay pt=98 picture-id-mode=15-bit ! capsfilter caps=\"%s\"",
                 raw, fps, vbr, ci->rtp_caps);
    break;
  case JANUV_CODEC_H264: {
    const char *e = jv_codec_h264_encoder();
    if (!e) return false;
    char encoder[160];
    if (!strcmp(e, "x264enc"))
      snprintf(encoder, sizeof encoder, "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%u bitrate=%u", fps,
               vbr / 1000);
    else
      snprintf(encoder, sizeof encoder, "openh264enc complexity=low gop-size=%u bitrate=%u", fps, vbr);
    n = snprintf(out, size,
                 "%s ! %s ! capsfilter caps=video/x-h264,profile=constrained-baseline ! h264parse ! "
                 "rtph264pay pt=102 config-interval=-1 aggregate-mode=zero-latency ! capsfilter caps=\"%s\"",
                 raw, encoder, ci->rtp_caps);
    break;
  }
  case JANUV_CODEC_OPUS:
  case JANUV_CODEC_PCMU:
  case JANUV_CODEC_PCMA:
  case JANUV_CODEC_G722: {
    char pay[32];
    if (!have(ci->enc) || sscanf(ci->pay, "%31s", pay) != 1 || !have(pay)) return false;
    char raw_caps[128] = "", rate[32] = "";
    if (ci->raw) snprintf(raw_caps, sizeof raw_caps, "capsfilter caps=%s ! ", ci->raw);
    if (ci->codec == JANUV_CODEC_OPUS) snprintf(rate, sizeof rate, " bitrate=%u", abr);
    /* The names are for source.c, which adds the audio level (januv_track_options.audio_level). */
    n = snprintf(out, size,
                 "queue ! audioconvert ! audioresample ! %s%s name=jvenc%s ! %s name=jvpay pt=%d ! "
                 "capsfilter name=jvcaps caps=\"%s\"",
                 raw_caps, ci->enc, rate, ci->pay, ci->pt, ci->rtp_caps);
    break;
  }
  default:
    return false;
  }
  return n > 0 && (size_t)n < size;
}
