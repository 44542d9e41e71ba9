/**
 * @file januv/plugins/recordplay.h
 * The Record&Play plugin ("janus.plugin.recordplay"): records what a peer sends
 * to .mjr files on the server and plays recordings back over WebRTC.
 *
 * A januv_recordplay wraps one plugin handle, which records or plays one thing at a time:
 *  - record: januv_recordplay_record() makes a januv_peer (media.h) offer (give it sending tracks), sends
 *    the offer with "record" and applies Janus's answer; januv_recordplay_stop() ends the recording, which
 *    then appears in januv_recordplay_list();
 *  - play: januv_recordplay_play() asks for a recording, Janus offers, the peer (give it receiving tracks)
 *    answers with "start"; the playout ends by itself (JANUV_RECORDPLAY_DONE) or with stop.
 * Recording ids are numbers (the plugin has no string ids).
 *
 * Errors of the plugin arrive as reply->status JANUV_EPLUGIN with reply->plugin_code one of
 * JANUV_RECORDPLAY_ERR_*. Callbacks run on the loop, never inside a januv call; each request callback runs
 * exactly once. Everything a callback receives is valid during the callback only. on_closed is the last
 * callback, after which the januv_recordplay pointer is invalid; closing from inside any callback is safe.
 */
#ifndef JANUV_PLUGINS_RECORDPLAY_H
#define JANUV_PLUGINS_RECORDPLAY_H

#include "../handle.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * A Record&Play plugin handle (opaque). januv_recordplay_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_recordplay januv_recordplay;

/** The plugin's error codes (reply->plugin_code with JANUV_EPLUGIN), Janus's JANUS_RECORDPLAY_ERROR_*. */
enum januv_recordplay_error {
  JANUV_RECORDPLAY_ERR_NO_MESSAGE = 411,        /**< the request had no body */
  JANUV_RECORDPLAY_ERR_INVALID_JSON = 412,      /**< the body is not a JSON object */
  JANUV_RECORDPLAY_ERR_INVALID_REQUEST = 413,   /**< unknown "request", or not allowed here */
  JANUV_RECORDPLAY_ERR_INVALID_ELEMENT = 414,   /**< a member has the wrong type or value */
  JANUV_RECORDPLAY_ERR_MISSING_ELEMENT = 415,   /**< a mandatory member is missing */
  JANUV_RECORDPLAY_ERR_NOT_FOUND = 416,         /**< play: no recording with that id */
  JANUV_RECORDPLAY_ERR_INVALID_RECORDING = 417, /**< play: the recording's files could not be opened */
  JANUV_RECORDPLAY_ERR_INVALID_STATE = 418,     /**< not valid now (a start without a play, ...) */
  JANUV_RECORDPLAY_ERR_INVALID_SDP = 419,       /**< the SDP was refused */
  JANUV_RECORDPLAY_ERR_RECORDING_EXISTS = 420,  /**< record: a recording with that id exists */
  JANUV_RECORDPLAY_ERR_UNKNOWN = 499            /**< any other error */
};

/** A finished recording, as list reports it. Members Janus did not send are NULL or -1 (id: 0). Its strings
 *  are valid during the callback only. */
typedef struct januv_recordplay_recording {
  uint64_t id;             /**< the recording's id ("id"), for januv_recordplay_play() */
  const char *name;        /**< the name it was recorded with ("name") */
  const char *date;        /**< "YYYY-MM-DD hh:mm:ss" */
  int audio;               /**< -1, 0 or 1: whether it has audio ("audio"; Janus 1.1 sends booleans) */
  int video;               /**< -1, 0 or 1: whether it has video ("video") */
  int data;                /**< -1, 0 or 1: whether it has data channel messages ("data") */
  const char *audio_codec; /**< the audio codec ("audio_codec": "opus", ...), NULL without audio */
  const char *video_codec; /**< the video codec ("video_codec": "vp8", ...), NULL without video */
  int audio_red;           /**< -1, 0 or 1 */
} januv_recordplay_recording;

/** What a plugin event says. */
typedef enum januv_recordplay_event_type {
  JANUV_RECORDPLAY_RECORDING = 0, /**< status "recording": see id (reply to record) */
  JANUV_RECORDPLAY_PREPARING,     /**< status "preparing": Janus offered a playout (reply to play) */
  JANUV_RECORDPLAY_RESTARTING,    /**< status "restarting" */
  JANUV_RECORDPLAY_PLAYING,       /**< status "playing" (reply to start) */
  JANUV_RECORDPLAY_PAUSED,        /**< status "paused": the recording is paused */
  JANUV_RECORDPLAY_RESUMED,       /**< status "resumed" */
  JANUV_RECORDPLAY_STOPPED,       /**< status "stopped" (reply to stop; also on its own) */
  JANUV_RECORDPLAY_DONE,          /**< "result":"done": the PeerConnection is gone, the session is over */
  JANUV_RECORDPLAY_SLOW_LINK,     /**< status "slow_link" */
  JANUV_RECORDPLAY_ERROR,         /**< error_code and error */
  JANUV_RECORDPLAY_OTHER          /**< anything else: see data */
} januv_recordplay_event_type;

/** A plugin event. Members the event does not carry are NULL or -1. Its pointers borrow from the event's JSON:
 *  valid during the callback only (or, from januv_recordplay_event_parse(), as long as the JSON given). */
typedef struct januv_recordplay_event {
  /** What the event says ("result.status", "result", or "error_code"); it tells which members are set. */
  januv_recordplay_event_type type;
  int64_t id;              /**< the recording, when the event names it; -1 otherwise */
  const char *warning;     /**< PREPARING: a warning about the recording, if any */
  int error_code;          /**< ERROR */
  const char *error;       /**< ERROR */
  const cJSON *data;       /**< plugindata.data as Janus sent it */
} januv_recordplay_event;

/** Callbacks, all optional; @p data is the recordplay's user pointer. */
typedef struct januv_recordplay_callbacks {
  /** A plugin event that is not the reply to one of our requests: DONE, STOPPED, SLOW_LINK, ERROR, ... */
  void (*on_event)(januv_recordplay *rp, const januv_recordplay_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see handle.h. */
  void (*on_handle_event)(januv_recordplay *rp, const januv_event *ev, void *data);
  /** The last callback, exactly once: 0 after januv_recordplay_detach() (or a "detached" from Janus, or the
   *  session's destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests
   *  still pending completed before it. */
  void (*on_closed)(januv_recordplay *rp, int reason, void *data);
} januv_recordplay_callbacks;

/** Completion of januv_recordplay_attach(): @p rp NULL on failure (reply->status says why). */
typedef void (*januv_recordplay_attach_cb)(januv_recordplay *rp, const januv_reply *reply, void *data);

/**
 * Attaches to the Record&Play plugin. @p cbs are copied (may be NULL); @p data is the user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or
 *         januv_handle_attach()'s error (then cb never runs).
 */
JANUV_EXTERN int januv_recordplay_attach(januv_session *session, const januv_recordplay_callbacks *cbs,
                                         januv_recordplay_attach_cb cb, void *data);

/* Every request below returns 0 (its callback runs once), JANUV_EINVAL (rp NULL, a required argument
 * missing), JANUV_ECLOSED (the handle is closing) or JANUV_ENOMEM, or januv_handle_message()'s error; then
 * the callback never runs. A januv_reply_cb may be NULL (the reply is then dropped); the typed callbacks
 * are required. */

/** Completion of list: @p recordings (n of them) NULL when none or on failure; januv's, valid during the
 *  callback only. */
typedef void (*januv_recordplay_list_cb)(const januv_reply *reply, const januv_recordplay_recording *recordings,
                                         size_t n, void *data);
/** Lists the finished recordings ("list"). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p rp or @p cb NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *          error. */
JANUV_EXTERN int januv_recordplay_list(januv_recordplay *rp, januv_recordplay_list_cb cb, void *data);
/** Makes Janus scan its recordings folder again ("update"), e.g. after files were copied there. @p cb (may be
 *  NULL) runs once.
 *  @return 0, JANUV_EINVAL (@p rp NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_recordplay_update(januv_recordplay *rp, januv_reply_cb cb, void *data);
/** Caps the video bitrate asked of the recorded peer and the keyframe interval ("configure"; -1 leaves a
 *  setting as it is); reply data has the "settings" in force. @p video_bitrate_max is the REMB cap in bits
 *  per second ("video-bitrate-max"; Janus's default 1048576); @p video_keyframe_interval how often Janus
 *  asks the recorded peer for a keyframe, in milliseconds ("video-keyframe-interval"; Janus's default
 *  15000: its documentation says seconds, its code counts milliseconds). Returns as
 *  januv_recordplay_update(). */
JANUV_EXTERN int januv_recordplay_configure(januv_recordplay *rp, int video_bitrate_max,
                                            int video_keyframe_interval, januv_reply_cb cb, void *data);

/** What to record. Initialize with januv_recordplay_record_options_init(); unset members (-1, NULL, 0) are
 *  left out. Strings are borrowed until the call returns. */
typedef struct januv_recordplay_record_options {
  const char *name;        /**< required, not empty */
  uint64_t id;             /**< 0: Janus picks one */
  const char *filename;    /**< base path of the files (Janus adds the media type and .mjr) */
  const char *audiocodec;   /**< preference: the audio codec to negotiate ("audiocodec": "opus", ...), NULL unset */
  const char *videocodec;   /**< preference: the video codec to negotiate ("videocodec": "vp8", ...), NULL unset */
  const char *videoprofile; /**< preference: the VP9 or H.264 profile ("videoprofile": "42e01f", ...), NULL unset */
  int opusred;             /**< tri: negotiate RED for audio */
  int textdata;            /**< tri: data channel recording is text */
} januv_recordplay_record_options;

/** Fills @p o with the defaults: every member unset (-1, NULL or 0), see januv_recordplay_record_options. */
JANUV_EXTERN void januv_recordplay_record_options_init(januv_recordplay_record_options *o);

/** Completion of record: @p id the recording's id (0 on failure). */
typedef void (*januv_recordplay_record_cb)(const januv_reply *reply, uint64_t id, void *data);

/**
 * Records what @p peer sends: the peer offers (give it sending tracks; JANUV_DIR_SENDONLY), the offer goes
 * with "record", Janus's answer is applied, candidates are trickled. @p cb runs once with the recording's id
 * after the answer was applied (reply status "recording"), or with the failure (JANUV_EPLUGIN, e.g.
 * JANUV_RECORDPLAY_ERR_RECORDING_EXISTS; JANUV_EMEDIA for the peer's). Recording runs until stop. The
 * recordplay then drives the peer's signalling until it detaches or the peer closes; the peer stays yours
 * (recording or playing with another peer lets go of the previous one). @p cb is required.
 * @return 0, JANUV_EINVAL (@p rp, @p peer, @p o or @p cb NULL, o->name NULL or empty), JANUV_ESTATE
 *         (another offer of ours is in progress), JANUV_ECLOSED (the handle or the peer is closing),
 *         JANUV_ENOMEDIA (built without media), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_recordplay_record(januv_recordplay *rp, januv_peer *peer,
                                         const januv_recordplay_record_options *o, januv_recordplay_record_cb cb,
                                         void *data);

/**
 * Plays recording @p id to @p peer: "play"; Janus's offer (reply status "preparing") goes to the peer, which
 * answers (give it JANUV_DIR_RECVONLY tracks); "start" carries the answer. @p cb (may be NULL) runs once,
 * with the reply to "play" after Janus accepted the answer (Janus's reply to start, status "playing", is
 * consumed: it reaches neither @p cb nor on_event), or with the first failure
 * (JANUV_RECORDPLAY_ERR_NOT_FOUND, JANUV_EMEDIA, ...). At the end of the recording Janus closes the
 * PeerConnection: JANUV_RECORDPLAY_DONE and a hangup handle event. The peer stays yours, as with record.
 * @return 0, JANUV_EINVAL (@p rp or @p peer NULL, @p id 0), JANUV_ECLOSED (the handle or the peer is
 *         closing), JANUV_ENOMEDIA (built without media), JANUV_ENOMEM, or januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_recordplay_play(januv_recordplay *rp, januv_peer *peer, uint64_t id, januv_reply_cb cb,
                                       void *data);
/** Pauses or resumes the recording in progress ("pause", "resume"); reply status "paused" or "resumed".
 *  Returns as januv_recordplay_update(). */
JANUV_EXTERN int januv_recordplay_pause(januv_recordplay *rp, bool pause, januv_reply_cb cb, void *data);
/** Stops recording or playing ("stop"): reply status "stopped" (with the recording's id); Janus closes the
 *  PeerConnection (JANUV_RECORDPLAY_DONE, hangup). The handle stays attached; the peer is not closed (close
 *  it yourself). Returns as januv_recordplay_update(). */
JANUV_EXTERN int januv_recordplay_stop(januv_recordplay *rp, januv_reply_cb cb, void *data);

/** Detaches the handle; on_closed follows (requests still pending complete first). @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p rp NULL), JANUV_ECLOSED (already closing), or januv_handle_detach()'s error. */
JANUV_EXTERN int januv_recordplay_detach(januv_recordplay *rp, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids), owned by @p rp (do not detach it or change its
 *  callbacks or user pointer). @p rp must not be NULL. */
JANUV_EXTERN januv_handle *januv_recordplay_handle(const januv_recordplay *rp);
/** The peer given to record or play, NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_recordplay_peer(const januv_recordplay *rp);
/** Sets the user pointer (initially the @p data given to januv_recordplay_attach()); later callbacks get the
 *  new value. */
JANUV_EXTERN void januv_recordplay_set_data(januv_recordplay *rp, void *data);
/** The user pointer: the @p data given to januv_recordplay_attach(), or what januv_recordplay_set_data() set. */
JANUV_EXTERN void *januv_recordplay_get_data(const januv_recordplay *rp);

/** Name of an event type ("recording", "playing", ..., "done", "slow_link", "other"), "unknown" for a value
 *  outside the enum. A static string. */
JANUV_EXTERN const char *januv_recordplay_event_name(januv_recordplay_event_type type);
/** Decodes plugindata.data (an event, or the data of a reply) into @p ev; its pointers borrow from @p data
 *  (nothing is allocated: there is nothing to free). A @p data without a known member gives
 *  JANUV_RECORDPLAY_OTHER. */
JANUV_EXTERN void januv_recordplay_event_parse(const cJSON *data, januv_recordplay_event *ev);

JANUV_END_DECLS

#endif
