/**
 * @file januv/plugins/echotest.h
 * The EchoTest plugin ("janus.plugin.echotest"): Janus sends back what you
 * send, RTP and data channel messages alike (text comes back prefixed with "Janus EchoTest here! You
 * wrote: ", binary unchanged).
 *
 * A januv_echotest wraps one plugin handle. Attach it, then start a call with a januv_peer (media.h):
 * januv_echotest_start() makes the peer offer, sends the offer with the request, applies Janus's answer
 * and trickles the candidates. Toggle audio and video, cap the bitrate, hang up ("close_stream", as in
 * the Python janus-client) and detach. The peer stays yours: close it when you are done with it (before
 * or after the echotest).
 *
 * Callbacks run on the loop, never inside a januv call; on_closed is the last one, after which the
 * januv_echotest pointer is invalid. Closing from inside any callback is safe.
 */
#ifndef JANUV_PLUGINS_ECHOTEST_H
#define JANUV_PLUGINS_ECHOTEST_H

#include "../handle.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * An EchoTest plugin handle (opaque). januv_echotest_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_echotest januv_echotest;

/** What the plugin reported. */
typedef enum januv_echotest_event_type {
  JANUV_ECHOTEST_OK = 0,    /**< "result":"ok" (outside a request of ours) */
  JANUV_ECHOTEST_DONE,      /**< "result":"done": the PeerConnection is gone */
  JANUV_ECHOTEST_SLOW_LINK, /**< "event":"slow_link": see media and current_bitrate */
  JANUV_ECHOTEST_SIMULCAST, /**< substream or temporal layer changed */
  JANUV_ECHOTEST_ERROR,     /**< error_code and error */
  JANUV_ECHOTEST_OTHER      /**< anything else: see data */
} januv_echotest_event_type;

/** A plugin event. Pointers are valid during the callback only. */
typedef struct januv_echotest_event {
  /** What the plugin reported; it says which fields below are set (the others are NULL or 0, and
   *  substream and temporal -1). */
  januv_echotest_event_type type;
  /** SLOW_LINK: "audio" or "video". */
  const char *media;
  /** SLOW_LINK: the bitrate cap in force (bits per second), 0 when none. */
  uint32_t current_bitrate;
  /** SIMULCAST: "videocodec", or NULL when not in the event. */
  const char *videocodec;
  /** SIMULCAST: the simulcast substream now relayed ("substream"), -1 when not in the event. */
  int substream;
  /** SIMULCAST: the temporal layer now relayed ("temporal"), -1 when not in the event. */
  int temporal;
  /** ERROR: the plugin's "error_code" (0 for the other types). */
  int error_code;
  /** ERROR: the plugin's "error" text, or NULL when it sent none. */
  const char *error;
  /** plugindata.data as Janus sent it. */
  const cJSON *data;
} januv_echotest_event;

/** Callbacks, all optional; @p data is the echotest's user pointer. */
typedef struct januv_echotest_callbacks {
  /** A plugin event that is not the answer to one of our requests. */
  void (*on_result)(januv_echotest *et, const januv_echotest_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see
   *  handle.h. */
  void (*on_handle_event)(januv_echotest *et, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_echotest_detach() (or a "detached" from Janus, or the session's
   *  destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). */
  void (*on_closed)(januv_echotest *et, int reason, void *data);
} januv_echotest_callbacks;

/** Completion of januv_echotest_attach(): @p et NULL on failure (reply->status says why). */
typedef void (*januv_echotest_attach_cb)(januv_echotest *et, const januv_reply *reply, void *data);

/**
 * Attaches to the EchoTest plugin. @p cbs are copied; @p data is the echotest's user pointer.
 * @return 0 (cb runs once), or januv_handle_attach()'s error.
 */
JANUV_EXTERN int januv_echotest_attach(januv_session *session, const januv_echotest_callbacks *cbs,
                                       januv_echotest_attach_cb cb, void *data);

/** Settings of a request; initialize with januv_echotest_options_init() (everything "unset"). */
typedef struct januv_echotest_options {
  /** -1 unset, 0 false, 1 true: whether Janus echoes audio ("audio"). */
  int audio;
  /** -1 unset, 0 false, 1 true: whether Janus echoes video ("video"). */
  int video;
  /** -1 unset, 0 false, 1 true: whether Janus records the call ("record"; see filename). */
  int record;
  /** Bitrate cap in bits per second (REMB), 0 unset. */
  uint32_t bitrate;
  /** Audio codec preference for a new PeerConnection ("audiocodec", e.g. "opus"), NULL unset. */
  const char *audiocodec;
  /** Video codec preference for a new PeerConnection ("videocodec": "vp8", "vp9", "h264", ...), NULL unset. */
  const char *videocodec;
  /** VP9 or H.264 profile ("42e01f", ...), NULL unset. */
  const char *videoprofile;
  /** Base path of Janus's recording (with record), NULL unset. */
  const char *filename;
} januv_echotest_options;

/** Fills @p o with "unset" everywhere: audio, video and record -1, bitrate 0, strings NULL. Call it before
 *  setting fields, so that fields added in later versions stay unset. */
JANUV_EXTERN void januv_echotest_options_init(januv_echotest_options *o);

/**
 * Starts an echo call: @p peer offers; the offer goes with the request built from @p opts (may be NULL);
 * Janus's answer is applied; candidates are trickled. @p cb runs once with the plugin's reply
 * (data "result":"ok") after the answer was applied, or with the failure (JANUV_EPLUGIN for the
 * plugin's error, JANUV_EMEDIA for the peer's). Media flows once the peer is connected (on_state).
 * The echotest then drives the peer's signalling until it detaches or the peer closes.
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (a start or renegotiation is in progress), JANUV_ECLOSED,
 *         JANUV_ENOMEDIA (built without media), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_echotest_start(januv_echotest *et, januv_peer *peer, const januv_echotest_options *opts,
                                      januv_reply_cb cb, void *data);

/** Renegotiates the started call (a new offer, e.g. after januv_peer_set_direction()). Returns as start,
 *  and JANUV_ESTATE when no call was started (no peer). */
JANUV_EXTERN int januv_echotest_renegotiate(januv_echotest *et, const januv_offer_options *offer,
                                            const januv_echotest_options *opts, januv_reply_cb cb, void *data);

/**
 * Sends a request without SDP (audio/video toggles, bitrate, record) built from the set fields of
 * @p opts (NULL: an empty request). @p cb (may be NULL) runs once; a plugin error completes it with
 * JANUV_EPLUGIN (reply->plugin_code is the plugin's error_code).
 * @return 0, JANUV_EINVAL (@p et NULL), JANUV_ECLOSED (detached or detaching), JANUV_ENOMEM, or
 *         januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_echotest_configure(januv_echotest *et, const januv_echotest_options *opts,
                                          januv_reply_cb cb, void *data);
/** Shorthand of januv_echotest_configure() with only audio set: whether Janus echoes audio. */
JANUV_EXTERN int januv_echotest_set_audio(januv_echotest *et, bool on, januv_reply_cb cb, void *data);
/** Shorthand of januv_echotest_configure() with only video set: whether Janus echoes video. */
JANUV_EXTERN int januv_echotest_set_video(januv_echotest *et, bool on, januv_reply_cb cb, void *data);
/** Sets the REMB cap Janus applies, in bits per second; @p bps 0 lifts the cap ("bitrate":0, which
 *  januv_echotest_configure() cannot send since 0 means "unset" in the options). Returns as
 *  januv_echotest_configure(). */
JANUV_EXTERN int januv_echotest_set_bitrate(januv_echotest *et, uint32_t bps, januv_reply_cb cb, void *data);

/**
 * Closes the stream: asks Janus to hang up the PeerConnection ("hangup"); Janus then sends a
 * JANUV_ECHOTEST_DONE result and a hangup handle event. The handle stays attached; the peer is not
 * closed (close it yourself). @p cb (may be NULL) runs once with Janus's ack.
 */
JANUV_EXTERN int januv_echotest_close_stream(januv_echotest *et, januv_reply_cb cb, void *data);

/** Detaches the handle; on_closed follows. @p cb may be NULL. */
JANUV_EXTERN int januv_echotest_detach(januv_echotest *et, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids). */
JANUV_EXTERN januv_handle *januv_echotest_handle(const januv_echotest *et);
/** The peer given to januv_echotest_start(), NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_echotest_peer(const januv_echotest *et);
/** Sets the user pointer (initially the @p data given to januv_echotest_attach()); later callbacks get
 *  the new value. */
JANUV_EXTERN void januv_echotest_set_data(januv_echotest *et, void *data);
/** The user pointer: the @p data given to januv_echotest_attach(), or what januv_echotest_set_data() set. */
JANUV_EXTERN void *januv_echotest_get_data(const januv_echotest *et);

JANUV_END_DECLS

#endif
