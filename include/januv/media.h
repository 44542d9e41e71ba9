/**
 * @file januv/media.h
 * Januv_peer: one WebRTC PeerConnection (GStreamer webrtcbin) driven from a uv loop.
 *
 * A peer is independent of Janus handles: it produces and consumes SDP and ICE candidates as the
 * JSON objects Janus uses ({"type":"offer","sdp":"..."} and {"candidate":"candidate:...","sdpMid":"0",
 * "sdpMLineIndex":0}). Plugin modules (januv/plugins/) glue a peer to a handle; you can also carry the
 * JSON over any signalling of your own (two peers can even talk to each other directly).
 *
 * What a peer does:
 *  - sends the tracks listed in its options: a test pattern, a media file decoded and re-encoded (the
 *    "player"), or any GStreamer bin description producing raw audio or video, encoded as VP8, VP9 or
 *    H.264 (video) and Opus (audio);
 *  - receives: each incoming track is decoded and reported once to on_track with its decoded caps;
 *    counters of decoded video frames and audio buffers; optionally records what it receives to a file
 *    (Matroska ".mkv", WebM ".webm" or MP4 ".mp4", by extension);
 *  - negotiates in both roles (januv_peer_create_offer(), or januv_peer_set_remote_description() with
 *    an offer, which answers), per track direction, renegotiation, trickle ICE in order both ways;
 *  - data channels (januv_data_channel_*), and stats (januv_peer_get_stats()).
 *
 * Threads: GStreamer runs the media on its own threads; they only post to a queue that the loop drains
 * (a uv_async_t). Every januv_peer function must be called on the loop thread, and every callback runs
 * there, never inside a januv call. No GLib main loop is needed.
 *
 * Lifetime: januv_peer_close() is asynchronous like uv_close(): pending operation callbacks run with
 * JANUV_ECANCELED, open data channels close (their on_closed runs), the pipeline stops (a recording is
 * finalized first), then the close callback runs and the peer is freed. It is safe from inside any
 * callback, in any state (mid-negotiation, mid-ICE). After the close callback, no other callback runs.
 *
 * Builds without media (-Dmedia=disabled, JANUV_HAVE_MEDIA 0): every function below still exists;
 * januv_peer_new() and the other calls that would create or use a peer return JANUV_ENOMEDIA, so plugin
 * modules and programs build either way.
 */
#ifndef JANUV_MEDIA_H
#define JANUV_MEDIA_H

#include "common.h"

JANUV_BEGIN_DECLS

/** A WebRTC PeerConnection (opaque). januv_peer_new() creates it; it stays valid until the close
 *  callback of januv_peer_close() returns, then januv frees it. */
typedef struct januv_peer januv_peer;
/** A data channel of a peer (opaque). januv_peer_create_data_channel() or on_data_channel gives it; it
 *  stays valid until its on_closed callback returns, then januv frees it. */
typedef struct januv_data_channel januv_data_channel;

/** Kind of a track (an m-line). */
typedef enum januv_media_kind {
  JANUV_MEDIA_AUDIO = 0, /**< audio ("m=audio") */
  JANUV_MEDIA_VIDEO = 1  /**< video ("m=video") */
} januv_media_kind;

/** Codecs. JANUV_CODEC_DEFAULT is VP8 for video and Opus for audio. */
typedef enum januv_codec {
  JANUV_CODEC_DEFAULT = 0, /**< VP8 on a video track, Opus on an audio track */
  JANUV_CODEC_VP8,         /**< video: VP8 (GStreamer's vp8enc), RTP payload type 96 */
  JANUV_CODEC_VP9,         /**< video: VP9 (vp9enc), RTP payload type 98 */
  JANUV_CODEC_H264,        /**< video: H.264 constrained baseline (x264enc, else openh264enc), payload type 102 */
  JANUV_CODEC_OPUS,        /**< audio: Opus (opusenc), rtpmap OPUS/48000/2, payload type 111 */
  JANUV_CODEC_PCMU,        /**< audio: G.711 mu-law (mulawenc), rtpmap PCMU/8000, payload type 0 */
  JANUV_CODEC_PCMA,        /**< audio: G.711 A-law (alawenc), rtpmap PCMA/8000, payload type 8 */
  JANUV_CODEC_G722         /**< audio: G.722 (avenc_g722), rtpmap G722/8000, payload type 9 */
} januv_codec;

/** Direction of a track, from our side. */
typedef enum januv_direction {
  JANUV_DIR_SENDRECV = 0, /**< send the track's source, and receive */
  JANUV_DIR_SENDONLY,     /**< send the track's source only */
  JANUV_DIR_RECVONLY,     /**< receive only: no source is built */
  JANUV_DIR_INACTIVE      /**< neither: the m-line is negotiated inactive; no source is built */
} januv_direction;

/** What a sending track sends. */
typedef enum januv_source_type {
  /** videotestsrc/audiotestsrc; source_arg: a pattern ("ball", "smpte", ...) or wave ("sine", ...), or NULL. */
  JANUV_SOURCE_TEST = 0,
  /** A media file (source_arg: its path) decoded, paced in real time and re-encoded: the "player". The
   *  track takes the file's first stream of its kind; at the end of the file the track stops. */
  JANUV_SOURCE_FILE,
  /** A GStreamer bin description (source_arg) whose one unlinked src pad gives raw audio or video,
   *  e.g. "videotestsrc is-live=true pattern=snow". Use an explicit capsfilter, not a trailing caps string. */
  JANUV_SOURCE_BIN
} januv_source_type;

/** One track (m-line) of a peer. Fill it with januv_peer_options_add_track(). */
typedef struct januv_track_options {
  /** Audio or video (set by januv_peer_options_add_track()); another value: januv_peer_new() fails with
   *  JANUV_EINVAL. */
  januv_media_kind kind;
  /** Direction of the m-line from our side (set by januv_peer_options_add_track(); januv_peer_set_direction()
   *  changes it before the first negotiation). SENDRECV and SENDONLY build the sending chain (source,
   *  encoder, payloader); RECVONLY and INACTIVE only add a transceiver with the codec's caps. */
  januv_direction direction;
  /** Codec to send, and to offer on a RECVONLY or INACTIVE m-line: a video codec on a video track, an audio
   *  codec (Opus, PCMU, PCMA, G.722) on an audio track, or JANUV_CODEC_DEFAULT (what
   *  januv_peer_options_add_track() sets). A codec of the other kind: JANUV_EINVAL from januv_peer_new(); its
   *  encoder missing on a sending track: JANUV_EMEDIA. What arrives is decoded by its own codec (any of the
   *  above), whatever this says. */
  januv_codec codec;
  /** Source of a sending track (ignored for RECVONLY and INACTIVE). */
  januv_source_type source;
  /** See januv_source_type. Copied by januv_peer_new(). Required (non-empty) for JANUV_SOURCE_FILE and
   *  JANUV_SOURCE_BIN on a sending track, JANUV_EINVAL otherwise; NULL for JANUV_SOURCE_TEST gives the
   *  "ball" pattern (video) or the "sine" wave (audio). */
  const char *source_arg;
  /** Encoder target in bits per second (0: 500000 video, 48000 Opus); G.711 and G.722 have fixed rates and
   *  ignore it. */
  uint32_t bitrate;
  /** Video size and rate of test patterns and of the encoded stream (0: 320x240 at 30 fps): every video
   *  source is scaled and rate-converted to them before encoding, with a keyframe at least every fps frames
   *  (once a second). Ignored for audio. This member: the width in pixels (0: 320). */
  uint32_t width;
  uint32_t height; /**< video height in pixels (0: 240); see width */
  uint32_t fps;    /**< video frames per second (0: 30); see width */
  /** Audio: send the level of each packet in the ssrc-audio-level RTP header extension (RFC 6464, id 1), as
   *  browsers do. Janus's VideoRoom and AudioBridge need it for their talking events. */
  bool audio_level;
} januv_track_options;

/** The most tracks a peer can have: the size of januv_peer_options.tracks. */
#define JANUV_PEER_MAX_TRACKS 8
/** The most STUN and TURN servers a peer can have: the size of januv_peer_options.ice_servers. */
#define JANUV_PEER_MAX_ICE_SERVERS 4

/** Options of januv_peer_new(). Initialize with januv_peer_options_init(). Strings are copied. */
typedef struct januv_peer_options {
  /** The tracks (m-lines) of the peer, in order; fill them with januv_peer_options_add_track().
   *  januv_peer_set_direction() refers to them by their index here. */
  januv_track_options tracks[JANUV_PEER_MAX_TRACKS];
  /** How many entries of tracks are used (januv_peer_options_add_track() counts them); more than
   *  JANUV_PEER_MAX_TRACKS: JANUV_EINVAL. 0: a peer without tracks of its own, which receives what the
   *  other side offers, or only has data channels. */
  unsigned ntracks;
  /** STUN and TURN servers: "stun://host:port", "turn://user:password@host:port", "turns://...".
   *  NULL entries are skipped; another scheme: JANUV_EINVAL. webrtcbin keeps a single STUN server (the
   *  last one listed); a TURN server it refuses is logged and skipped. */
  const char *ice_servers[JANUV_PEER_MAX_ICE_SERVERS];
  /** Gather and accept only 127.0.0.1 host candidates (tests): no other interface is used, no ICE-TCP,
   *  no UPnP. */
  bool loopback_only;
  /** Local UDP port range for ICE (0, 0: any). This member: the lowest port of the range; it must not be
   *  above max_port (JANUV_EINVAL), so set both. */
  uint16_t min_port;
  uint16_t max_port; /**< the highest port of the range; see min_port */
  /** Record what the peer receives to this file; the extension picks the container: ".mkv" (VP8 and
   *  Opus in Matroska), ".webm" (VP8 and Opus), ".mp4" (H.264 and Opus). NULL: no recording.
   *  Another extension: JANUV_EINVAL; ".mp4" without an H.264 encoder: JANUV_EMEDIA. The file gets one
   *  track per SENDRECV or RECVONLY entry of tracks (re-encoded from the decoded media); incoming tracks
   *  take them by kind, in their order of arrival, and the ones left over are not recorded (a peer
   *  without tracks records nothing). The file is finalized when the peer closes, before the close
   *  callback (januv waits up to 3 seconds for it). */
  const char *record_path;
  /** webrtcbin's jitterbuffer latency in ms (0: 200). */
  uint32_t latency_ms;
  /** Log sink (GStreamer errors and warnings, negotiation steps), or NULL. It runs on the loop thread,
   *  also from inside januv_peer_* calls (e.g. januv_peer_new() naming a missing element). */
  januv_log_cb log_cb;
  void *log_data;            /**< passed to log_cb */
  januv_log_level log_level; /**< the most verbose level passed to log_cb (januv_peer_options_init():
                                  JANUV_LOG_WARN; JANUV_LOG_DEBUG adds the SDPs and candidates) */
} januv_peer_options;

/** Fills @p o with the defaults: no track, no ICE server, no recording, log level JANUV_LOG_WARN, every
 *  other field 0. */
JANUV_EXTERN void januv_peer_options_init(januv_peer_options *o);

/**
 * Appends a track with defaults (default codec, test source, default size and bitrate) and returns it
 * for further changes, or NULL when JANUV_PEER_MAX_TRACKS tracks are already listed.
 * The returned pointer is the new entry of @p o->tracks (NULL too when @p o is NULL).
 */
JANUV_EXTERN januv_track_options *januv_peer_options_add_track(januv_peer_options *o, januv_media_kind kind,
                                                               januv_direction direction);

/** Connection state of a peer (webrtcbin's connection-state). */
typedef enum januv_peer_state {
  JANUV_PEER_NEW = 0,      /**< "new": not connecting yet (the state of a new peer) */
  JANUV_PEER_CONNECTING,   /**< "connecting": ICE and DTLS are under way */
  JANUV_PEER_CONNECTED,    /**< "connected": media and data can flow */
  JANUV_PEER_DISCONNECTED, /**< "disconnected": connectivity was lost, and may come back */
  JANUV_PEER_FAILED,       /**< "failed": ICE or DTLS failed */
  JANUV_PEER_CLOSED        /**< "closed": webrtcbin closed; also the state of a peer being torn down by
                                januv_peer_close(), and what januv_peer_get_state() says in builds
                                without media */
} januv_peer_state;

/** Name of a state ("new", "connecting", ...), "unknown" for a value outside the enum. A static string. */
JANUV_EXTERN const char *januv_peer_state_name(januv_peer_state state);

/** An incoming track, as decoded. Pointers are valid during the callback only. */
typedef struct januv_track_info {
  /** Audio or video: the kind of the codec the stream arrived with. */
  januv_media_kind kind;
  /** Index of its m-line in the SDP (-1 when unknown). */
  int mline;
  /** Its mid, or NULL when unknown. */
  const char *mid;
  /** The decoded caps, e.g. "video/x-raw, format=(string)I420, width=(int)320, ...". */
  const char *caps;
} januv_track_info;

/** Callbacks of a peer, all optional. @p data is the peer's user pointer (see januv_peer_set_data()).
 *  None of them runs once januv_peer_close() was called. */
typedef struct januv_peer_callbacks {
  /** The connection state changed (once per change; see januv_peer_get_state()). */
  void (*on_state)(januv_peer *peer, januv_peer_state state, void *data);
  /** An incoming track decoded its first buffer; once per incoming track. A stream in a codec januv
   *  cannot decode is discarded (a warning in the log) and not reported. @p track is valid during the
   *  call only. */
  void (*on_track)(januv_peer *peer, const januv_track_info *track, void *data);
  /** The remote side opened a data channel. Set its callbacks with januv_data_channel_set_callbacks()
   *  during this call, or its events are dropped. It is closed with the peer. */
  void (*on_data_channel)(januv_peer *peer, januv_data_channel *channel, void *data);
  /** webrtcbin asks for a (re)negotiation (after tracks or channels were added). */
  void (*on_negotiation_needed)(januv_peer *peer, void *data);
  /** A media error (GStreamer error, sink failure): @p err is JANUV_EMEDIA. The peer stays usable as far
   *  as GStreamer allows; close it if the error was fatal to you. @p message is valid during the call. */
  void (*on_error)(januv_peer *peer, int err, const char *message, void *data);
} januv_peer_callbacks;

/**
 * Where the peer's SDP and candidates go. Plugin modules install their own; set it yourself when you
 * carry the signalling. @p jsep and @p candidate are valid during the call only. @p data is the pointer
 * given to januv_peer_set_signalling(), not the peer's user pointer.
 */
typedef struct januv_peer_signalling {
  /** Our offer or answer, already set as the local description: send it. Runs once per
   *  januv_peer_create_offer() and once per remote offer. */
  void (*on_description)(januv_peer *peer, const cJSON *jsep, void *data);
  /** One of our candidates; NULL for end-of-candidates. Never runs before the on_description of the
   *  same negotiation has returned: early candidates are held until then, in order. */
  void (*on_candidate)(januv_peer *peer, const cJSON *candidate, void *data);
} januv_peer_signalling;

/** Completion of a negotiation step: @p status 0, JANUV_EMEDIA (reason says why), JANUV_ECANCELED (the
 *  peer is closing), JANUV_ENOMEM. @p reason is never NULL ("" on success) and is valid during the call;
 *  @p data is the pointer given with the step. */
typedef void (*januv_peer_cb)(januv_peer *peer, int status, const char *reason, void *data);
/** Completion of januv_peer_close(): the last callback of the peer, which januv frees when it returns.
 *  @p data is the pointer given to januv_peer_close(). */
typedef void (*januv_peer_close_cb)(januv_peer *peer, void *data);

/**
 * Creates a peer: builds its pipeline and starts its sources (media flows once connected).
 * @param loop  the loop every callback runs on.
 * @param opts  tracks, ICE servers, recording (copied); NULL for a peer with no media track (data
 *              channels only).
 * @param cbs   callbacks (copied), may be NULL.
 * @param data  the peer's user pointer.
 * @param out   receives the new peer (NULL on failure). It is yours: close it with januv_peer_close(),
 *              whose callback is its last one.
 * @return 0, JANUV_EINVAL (@p loop or @p out NULL, or a bad option: see januv_peer_options), JANUV_EMEDIA
 *         (GStreamer does not initialize, a GStreamer element or encoder is missing, the source description
 *         does not parse, or the pipeline does not start), JANUV_ENOMEM, JANUV_ENOMEDIA (built without
 *         media). On failure no callback runs.
 */
JANUV_EXTERN int januv_peer_new(uv_loop_t *loop, const januv_peer_options *opts, const januv_peer_callbacks *cbs,
                                void *data, januv_peer **out);

/** Installs the signalling callbacks (copied; NULL removes them) and their user pointer. A plugin module
 *  that drives the peer (januv/plugins/) installs its own when given the peer: do not replace them then.
 *  @return 0, JANUV_EINVAL (@p peer NULL), JANUV_ENOMEDIA (built without media). */
JANUV_EXTERN int januv_peer_set_signalling(januv_peer *peer, const januv_peer_signalling *sig, void *data);

/** Options of januv_peer_create_offer(); zero-initialize. */
typedef struct januv_offer_options {
  /** Restart ICE (new ufrag and password). webrtcbin 1.22 cannot: JANUV_ENOTSUP. */
  bool ice_restart;
} januv_offer_options;

/**
 * Creates an offer (first negotiation or renegotiation) once every sending track has produced its
 * caps, sets it as the local description and hands it to on_description. @p cb (may be NULL) runs once
 * after that, or with the failure. Steps queue: calling this during another negotiation step runs it
 * afterwards. @p opts may be NULL.
 * @return 0, JANUV_EINVAL (@p peer NULL), JANUV_ECLOSED (closing), JANUV_ENOTSUP (ice_restart),
 *         JANUV_ENOMEM, JANUV_ENOMEDIA (built without media).
 */
JANUV_EXTERN int januv_peer_create_offer(januv_peer *peer, const januv_offer_options *opts, januv_peer_cb cb,
                                         void *data);

/**
 * Applies the remote @p jsep ({"type":"offer"|"answer","sdp":...}, borrowed). An offer is answered:
 * the answer goes to on_description, then @p cb runs. Remote candidates given earlier are applied
 * once the description is set. @p cb (may be NULL) runs once; steps queue as for januv_peer_create_offer().
 * @return 0, JANUV_EINVAL (@p peer NULL, not a jsep, SDP does not parse), JANUV_ECLOSED (closing),
 *         JANUV_ENOMEM, JANUV_ENOMEDIA (built without media).
 */
JANUV_EXTERN int januv_peer_set_remote_description(januv_peer *peer, const cJSON *jsep, januv_peer_cb cb,
                                                   void *data);

/**
 * Adds a remote candidate ({"candidate":...,"sdpMLineIndex":...,"sdpMid":...}, borrowed), or
 * end-of-candidates when @p candidate is NULL or {"completed":true}. Candidates that arrive before the
 * remote description are kept and applied, in order, once it is set.
 * @return 0, JANUV_EINVAL (@p peer NULL, or no string "candidate"), JANUV_ECLOSED (closing), JANUV_ENOMEM,
 *         JANUV_ENOMEDIA (built without media).
 */
JANUV_EXTERN int januv_peer_add_remote_candidate(januv_peer *peer, const cJSON *candidate);

/**
 * Changes the direction of track @p index (the order of januv_peer_options.tracks) before the first
 * negotiation. webrtcbin 1.22 cannot change the direction of a negotiated m-line: JANUV_ENOTSUP once a
 * description was set (renegotiation itself works: januv_peer_create_offer() again).
 * @return 0, JANUV_EINVAL (@p peer NULL, @p index out of range, or not a januv_direction), JANUV_ECLOSED
 *         (closing), JANUV_ENOTSUP, JANUV_ENOMEDIA (built without media).
 */
JANUV_EXTERN int januv_peer_set_direction(januv_peer *peer, unsigned index, januv_direction direction);

/** Counters of what was decoded so far (updated by the media threads; read at any time). */
typedef struct januv_media_counters {
  uint64_t video_frames;  /**< decoded video frames, all incoming video tracks */
  uint64_t audio_buffers; /**< decoded audio buffers, all incoming audio tracks */
  uint64_t video_frames_sent; /**< video frames given to the encoders */
  uint64_t audio_buffers_sent; /**< audio buffers given to the encoders */
  /** Decoded audio buffers whose level is above JANUV_AUDIO_SILENCE_DBFS, all incoming audio tracks: tells
   *  sound from silence (e.g. an AudioBridge mix while the others are muted). */
  uint64_t audio_buffers_audible;
  /** Level of the last decoded audio buffer (RMS over its samples, in dBFS: 0 is full scale), down to
   *  JANUV_AUDIO_LEVEL_MIN for digital silence and before any audio was decoded. */
  double audio_level_dbfs;
} januv_media_counters;

/** Decoded audio at or below this level (dBFS) counts as silence in januv_media_counters. */
#define JANUV_AUDIO_SILENCE_DBFS (-60.0)
/** The lowest level januv_media_counters.audio_level_dbfs reports. */
#define JANUV_AUDIO_LEVEL_MIN (-127.0)

/** Fills @p out (zeros for a peer without media). */
JANUV_EXTERN void januv_peer_counters(const januv_peer *peer, januv_media_counters *out);

/**
 * Decoded video frames or audio buffers of the incoming track whose m-line has mid @p mid (the mid of
 * januv_track_info), counted since the track appeared; tracks that had the same mid in earlier
 * negotiations add up. 0 when no track with that mid was received (or without media). Tells which of
 * several incoming streams is flowing, e.g. the m-lines of a VideoRoom multistream subscription.
 */
JANUV_EXTERN uint64_t januv_peer_track_decoded(const januv_peer *peer, const char *mid);

/** RTP statistics of one kind, summed over its streams. Counters run since the streams started. */
typedef struct januv_rtp_stats {
  uint64_t bytes_sent;       /**< RTP bytes sent (webrtcbin's outbound-rtp "bytes-sent") */
  uint64_t packets_sent;     /**< RTP packets sent (outbound-rtp "packets-sent") */
  uint64_t bytes_received;   /**< RTP bytes received (inbound-rtp "bytes-received") */
  uint64_t packets_received; /**< RTP packets received (inbound-rtp "packets-received") */
  /** Packets lost on what we receive (jitterbuffer), and as reported by the remote side (RTCP). This
   *  member: lost on what we receive (inbound-rtp "packets-lost"). */
  int64_t packets_lost;
  /** Lost on what we send, as the remote side reports in RTCP receiver reports (remote-inbound-rtp
   *  "packets-lost"). */
  int64_t remote_packets_lost;
  /** Interarrival jitter of what we receive, in ms (largest stream). */
  double jitter_ms;
  /** Round-trip time from RTCP receiver reports, in ms; negative when not known yet. */
  double rtt_ms;
  /** Bitrates in bits per second, over the time since the previous januv_peer_get_stats() (0 on the
   *  first call). This member: what we send (from bytes_sent). */
  uint64_t send_bitrate;
  uint64_t recv_bitrate; /**< what we receive (from bytes_received); see send_bitrate */
} januv_rtp_stats;

/** Stats of a peer (webrtcbin's get-stats, plus januv's counters). */
typedef struct januv_peer_stats {
  /** The audio streams. webrtcbin labels every stream of a bundle with the kind of its first m-line, so
   *  januv sorts streams by the ssrcs the local and remote SDPs announce (by webrtcbin's "kind" for
   *  others). */
  januv_rtp_stats audio;
  januv_rtp_stats video; /**< the video streams; see audio */
  /** audio + video (rtt_ms and jitter_ms: the largest of the two). */
  januv_rtp_stats total;
  januv_media_counters decoded; /**< januv_peer_counters() when the stats were delivered */
  /** Data channel messages and bytes, both ways. This member: the messages januv_data_channel_send_text()
   *  and januv_data_channel_send_binary() accepted, all channels, since the peer was created. */
  uint64_t dc_messages_sent;
  uint64_t dc_messages_received; /**< messages received, all channels */
  uint64_t dc_bytes_sent;        /**< bytes of the messages sent (a text without its NUL) */
  uint64_t dc_bytes_received;    /**< bytes of the messages received */
  /** The selected candidate pair's addresses ("127.0.0.1:54321"), "" when none. This member: our side. */
  char local_address[64];
  char remote_address[64]; /**< the remote side of the selected pair, "" when none; see local_address */
} januv_peer_stats;

/** Completion of januv_peer_get_stats(): @p stats is valid during the call, NULL when status != 0. */
typedef void (*januv_stats_cb)(januv_peer *peer, int status, const januv_peer_stats *stats, void *data);

/**
 * Asks webrtcbin for its stats. @p cb runs once with them, or with JANUV_ECANCELED when the peer
 * closes first.
 * @return 0, JANUV_EINVAL (@p peer or @p cb NULL), JANUV_ECLOSED (closing), JANUV_ENOMEM, JANUV_ENOMEDIA
 *         (built without media).
 */
JANUV_EXTERN int januv_peer_get_stats(januv_peer *peer, januv_stats_cb cb, void *data);

/**
 * Closes the peer (see Lifetime above). @p cb (may be NULL) is the last callback; it runs later, on the
 * loop, never inside this call.
 * @return 0, JANUV_EINVAL (@p peer NULL), or JANUV_ECLOSED when already closing (JANUV_ENOMEDIA when built
 *         without media).
 */
JANUV_EXTERN int januv_peer_close(januv_peer *peer, januv_peer_close_cb cb, void *data);

/** Current connection state: the last one on_state reported (JANUV_PEER_NEW before any), JANUV_PEER_CLOSED
 *  once the peer is torn down (in its close callback) and in builds without media. */
JANUV_EXTERN januv_peer_state januv_peer_get_state(const januv_peer *peer);
/** The local / remote description in force, with the candidates gathered or added since it was set
 *  (NULL when none). Valid until the next call of the same function or the next negotiation step. */
JANUV_EXTERN const char *januv_peer_local_sdp(januv_peer *peer);
/** The remote description in force, with the remote candidates added since it was set (NULL when none,
 *  and in builds without media). Owned by the peer, valid as for januv_peer_local_sdp(). */
JANUV_EXTERN const char *januv_peer_remote_sdp(januv_peer *peer);
/** True once januv_peer_close() was called (always true in builds without media). */
JANUV_EXTERN bool januv_peer_closing(const januv_peer *peer);
/** The loop of the peer (NULL in builds without media). */
JANUV_EXTERN uv_loop_t *januv_peer_loop(const januv_peer *peer);
/** User pointer. Sets the @p data the peer's callbacks (januv_peer_callbacks) get, initially the one given
 *  to januv_peer_new(); later callbacks get the new value. The signalling callbacks keep their own pointer
 *  (januv_peer_set_signalling()). */
JANUV_EXTERN void januv_peer_set_data(januv_peer *peer, void *data);
/** The user pointer: the @p data given to januv_peer_new(), or what januv_peer_set_data() set (NULL in
 *  builds without media). */
JANUV_EXTERN void *januv_peer_get_data(const januv_peer *peer);

/* ---- data channels ---- */

/** Data channel states. */
typedef enum januv_dc_state {
  JANUV_DC_CONNECTING = 0, /**< created, not open yet */
  JANUV_DC_OPEN,           /**< open: messages can flow (on_open ran) */
  JANUV_DC_CLOSING,        /**< januv_data_channel_close() was called: on_closed follows */
  JANUV_DC_CLOSED          /**< closed: seen only during on_closed (and in builds without media) */
} januv_dc_state;

/** Callbacks of a data channel, all optional; @p data is the channel's user pointer. */
typedef struct januv_dc_callbacks {
  /** The channel is open: messages can flow. */
  void (*on_open)(januv_data_channel *dc, void *data);
  /** A message; @p bytes (valid during the call) has @p len bytes, NUL-terminated for text. @p binary
   *  is true for a binary message (whose @p bytes are followed by a NUL too, not counted in @p len). */
  void (*on_message)(januv_data_channel *dc, const void *bytes, size_t len, bool binary, void *data);
  /** An error on the channel (@p message valid during the call); on_closed follows when it closes. */
  void (*on_error)(januv_data_channel *dc, const char *message, void *data);
  /** The last callback of the channel: closed by either side or with the peer. The pointer is invalid
   *  afterwards. */
  void (*on_closed)(januv_data_channel *dc, void *data);
} januv_dc_callbacks;

/** Options of januv_peer_create_data_channel(); initialize with januv_dc_options_init() (ordered, reliable,
 *  no protocol). A zeroed struct is not reliable: it allows no retransmission (max_retransmits 0). */
typedef struct januv_dc_options {
  /** Messages may arrive in any order (webrtcbin's "ordered" false); false: in order. */
  bool unordered;
  /** -1 or 0..: retransmissions allowed (partial reliability); 0 in a zeroed struct means 0, so set -1
   *  for reliable; januv_dc_options_init() does. */
  int max_retransmits;
  /** The sub-protocol announced to the other side ("protocol"), or NULL for none. Copied. */
  const char *protocol;
} januv_dc_options;

/** Fills @p o with the defaults: ordered, reliable (max_retransmits -1), no protocol. */
JANUV_EXTERN void januv_dc_options_init(januv_dc_options *o);

/**
 * Creates a data channel labelled @p label. Create the first one before the first offer so that the
 * offer carries an application m-line (later ones need a renegotiation only if none was negotiated).
 * @p label is copied; @p opts NULL means the defaults of januv_dc_options_init(). @p cbs (may be NULL) are
 * copied and get @p data; on_closed is guaranteed to run once. @p out receives the channel, valid until
 * its on_closed returns (NULL on failure, and then no callback runs).
 * @return 0, JANUV_EINVAL (@p peer, @p label or @p out NULL), JANUV_ECLOSED (the peer is closing),
 *         JANUV_EMEDIA (webrtcbin refused), JANUV_ENOMEM, JANUV_ENOMEDIA (built without media).
 */
JANUV_EXTERN int januv_peer_create_data_channel(januv_peer *peer, const char *label, const januv_dc_options *opts,
                                                const januv_dc_callbacks *cbs, void *data,
                                                januv_data_channel **out);

/** Replaces the callbacks (copied; NULL clears them) and the user pointer of a channel; later callbacks
 *  use them. Nothing happens when @p dc is NULL. */
JANUV_EXTERN void januv_data_channel_set_callbacks(januv_data_channel *dc, const januv_dc_callbacks *cbs,
                                                   void *data);
/** Sends a text message (a NUL-terminated UTF-8 string, copied). @return 0, JANUV_EINVAL (@p dc or @p text
 *  NULL), JANUV_ESTATE (not open yet), JANUV_ECLOSED (the channel or its peer is closing or closed),
 *  JANUV_ENOMEDIA (built without media). */
JANUV_EXTERN int januv_data_channel_send_text(januv_data_channel *dc, const char *text);
/** Sends a binary message (@p len bytes, copied). @return as januv_data_channel_send_text(), and
 *  JANUV_EINVAL when @p bytes is NULL with @p len not 0. */
JANUV_EXTERN int januv_data_channel_send_binary(januv_data_channel *dc, const void *bytes, size_t len);
/** Closes the channel; on_closed follows (later, on the loop). @return 0, JANUV_EINVAL (@p dc NULL), or
 *  JANUV_ECLOSED (already closing, or its peer is closing: it closes with the peer; JANUV_ENOMEDIA in
 *  builds without media). */
JANUV_EXTERN int januv_data_channel_close(januv_data_channel *dc);
/** The channel's label: ours, or the remote side's for a channel it opened. Owned by the channel, valid
 *  until its on_closed returns ("" in builds without media). */
JANUV_EXTERN const char *januv_data_channel_label(const januv_data_channel *dc);
/** The channel's state. */
JANUV_EXTERN januv_dc_state januv_data_channel_state(const januv_data_channel *dc);
/** The peer the channel belongs to (NULL in builds without media). */
JANUV_EXTERN januv_peer *januv_data_channel_peer(const januv_data_channel *dc);

JANUV_END_DECLS

#endif
