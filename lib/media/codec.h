/* What januv knows about each codec: RTP caps as Janus wants them, encoders, depayloaders, decoders. */
#ifndef JV_MEDIA_CODEC_H
#define JV_MEDIA_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include "januv/media.h"

/* RFC 6464 client-to-mixer audio level: januv_track_options.audio_level (source.c). */
#define JV_AUDIO_LEVEL_URI "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

typedef struct jv_codec_info {
  januv_codec codec;
  januv_media_kind kind;
  const char *name;          /* "VP8", ... (RTP encoding-name) */
  int pt;
  const char *rtp_caps;      /* for the capsfilter after the payloader and for recvonly transceivers */
  const char *depay, *parse, *decoder;
  /* audio codecs: encoder and payloader factories, and the raw format the encoder takes (NULL: any) */
  const char *enc, *pay, *raw;
} jv_codec_info;

/* NULL when codec does not fit kind. JANUV_CODEC_DEFAULT: VP8 / Opus. */
const jv_codec_info *jv_codec_for(januv_media_kind kind, januv_codec codec);
/* By RTP encoding-name (case-insensitive), NULL when unknown. */
const jv_codec_info *jv_codec_by_name(const char *encoding_name);
/* Writes the bin description "convert ! encode ! pay ! capsfilter" of a sending track; false when no
 * encoder for the codec is installed. */
bool jv_codec_encoder(const jv_codec_info *ci, const januv_track_options *o, char *out, size_t size);
/* The H.264 encoder installed ("x264enc", "openh264enc") or NULL. */
const char *jv_codec_h264_encoder(void);

#endif
