/**
 * @file januv/plugins/streaming.h
 * The Streaming plugin ("janus.plugin.streaming"): mountpoints that relay media
 * (RTP sent to Janus by another tool, files, RTSP) to WebRTC viewers.
 *
 * A januv_streaming wraps one plugin handle. On it you can manage mountpoints (list, info, create, edit,
 * destroy, enable, disable, recording, kick_all) and watch one mountpoint at a time: januv_streaming_watch()
 * asks Janus for an offer, hands it to a januv_peer (media.h), which answers, and starts the playout; then
 * pause, start (resume), configure, switch to another mountpoint, stop. Mountpoints outlive the handle.
 *
 * Ids: mountpoint ids are januv_id, numbers unless the plugin runs with string_ids = true (then strings).
 * Errors of the plugin arrive as reply->status JANUV_EPLUGIN with reply->plugin_code one of
 * JANUV_STREAMING_ERR_*.
 *
 * Callbacks run on the loop, never inside a januv call; each request callback runs exactly once. Everything
 * a callback receives (structs, strings, JSON) is valid during the callback only. on_closed is the last
 * callback, after which the januv_streaming pointer is invalid; closing from inside any callback is safe.
 */
#ifndef JANUV_PLUGINS_STREAMING_H
#define JANUV_PLUGINS_STREAMING_H

#include "../handle.h"
#include "../id.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * A Streaming plugin handle (opaque). januv_streaming_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_streaming januv_streaming;

/** The plugin's error codes (reply->plugin_code with JANUV_EPLUGIN), Janus's JANUS_STREAMING_ERROR_*. */
enum januv_streaming_error {
  JANUV_STREAMING_ERR_NO_MESSAGE = 450,         /**< the request had no body */
  JANUV_STREAMING_ERR_INVALID_JSON = 451,       /**< the body is not a JSON object */
  JANUV_STREAMING_ERR_INVALID_REQUEST = 452,    /**< unknown "request", or not allowed here */
  JANUV_STREAMING_ERR_MISSING_ELEMENT = 453,    /**< a mandatory member is missing */
  JANUV_STREAMING_ERR_INVALID_ELEMENT = 454,    /**< a member has the wrong type or value */
  JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT = 455, /**< no mountpoint with that id (or not watching one) */
  JANUV_STREAMING_ERR_CANT_CREATE = 456,        /**< the mountpoint could not be created (id taken, port busy, ...) */
  JANUV_STREAMING_ERR_UNAUTHORIZED = 457,       /**< wrong or missing secret, PIN or admin_key */
  JANUV_STREAMING_ERR_CANT_SWITCH = 458,        /**< the switch was refused */
  JANUV_STREAMING_ERR_CANT_RECORD = 459,        /**< the recording could not be started or stopped */
  JANUV_STREAMING_ERR_INVALID_STATE = 460,      /**< not valid in the current state (watching already, ...) */
  JANUV_STREAMING_ERR_UNKNOWN = 470             /**< any other error */
};

/* ---- what Janus reports ---- */

/** One stream (m-line) of a mountpoint. Members Janus did not send are NULL or -1. The strings point into
 *  the reply and are valid during the callback only. */
typedef struct januv_streaming_stream {
  const char *type; /**< "audio", "video" or "data" ("type") */
  const char *mid;   /**< the m-line's mid in viewers' PeerConnections ("mid") */
  const char *label; /**< the stream's label ("label") */
  const char *msid;  /**< the MediaStream id of the stream ("msid"), NULL when it has none */
  int mindex;       /**< info: index of its m-line */
  int64_t age_ms;   /**< ms since media last arrived for it */
  int pt;           /**< info: RTP payload type */
  const char *codec;  /**< info: the codec name ("codec": "opus", "vp8", ...) */
  const char *rtpmap; /**< info: the SDP rtpmap value ("rtpmap": "opus/48000/2", ...) */
  const char *fmtp;   /**< info: the SDP fmtp value ("fmtp"), NULL when none */
  int port;         /**< create, and info with the secret: the port Janus receives this stream's RTP on */
} januv_streaming_stream;

/** A mountpoint, as list, info and create report it. Members Janus did not send are NULL or -1 (id: the
 *  zero id). Everything it points to, media included, is owned by januv and valid during the callback only. */
typedef struct januv_streaming_mountpoint {
  januv_id id;             /**< the mountpoint's id ("id") */
  const char *name;        /**< info, create */
  const char *description; /**< its description ("description") */
  const char *metadata;    /**< the opaque metadata string it was created or edited with ("metadata") */
  /** "live" (RTP and live files: Janus 1.1 reports RTP mountpoints as "live"), "ondemand" or "rtsp". */
  const char *type;
  int enabled;             /**< -1, 0 or 1 */
  int is_private;          /**< -1, 0 or 1 (info with the secret, create) */
  int viewers;             /**< info */
  const char *secret;      /**< info with the right secret: the mountpoint's secret ("secret") */
  const char *pin;         /**< info with the right secret: the PIN needed to watch ("pin") */
  int permanent;           /**< create: -1, 0 or 1, whether it was saved to the config file */
  /** Its streams (list and info: "media"; create: "ports", with type, mid, msid and port). */
  const januv_streaming_stream *media;
  size_t nmedia;           /**< number of entries in media (0 when Janus sent none, media then NULL) */
} januv_streaming_mountpoint;

/* ---- events ---- */

/** What a plugin event says. */
typedef enum januv_streaming_event_type {
  JANUV_STREAMING_PREPARING = 0, /**< status "preparing": Janus offered (watch) */
  JANUV_STREAMING_UPDATING,      /**< status "updating": Janus offered again (watch with restart) */
  JANUV_STREAMING_STARTING,      /**< status "starting" (reply to start) */
  JANUV_STREAMING_STARTED,       /**< status "started": the PeerConnection is up, media is relayed */
  JANUV_STREAMING_PAUSING,       /**< status "pausing" (reply to pause) */
  JANUV_STREAMING_SWITCHED,      /**< "switched": see id (reply to switch) */
  JANUV_STREAMING_STOPPING,      /**< status "stopping" (reply to stop) */
  JANUV_STREAMING_STOPPED,       /**< status "stopped": the mountpoint went away (destroyed, source ended) */
  JANUV_STREAMING_KICKED,        /**< status "kicked_all": a kick_all removed every viewer */
  JANUV_STREAMING_EDITED,        /**< "edited": the mountpoint was edited with edited_event; see id, metadata */
  JANUV_STREAMING_LAYER,         /**< simulcast/SVC layer in use: see mid, substream, temporal, spatial... */
  JANUV_STREAMING_ERROR,         /**< error_code and error */
  JANUV_STREAMING_OTHER          /**< anything else: see data */
} januv_streaming_event_type;

/** A plugin event. Members the event does not carry are NULL or -1 (id: the zero id). Its pointers borrow
 *  from the event's JSON: valid during the callback only (or, from januv_streaming_event_parse(), as long as
 *  the JSON it was given). */
typedef struct januv_streaming_event {
  /** What the event says; it tells which members below are set. */
  januv_streaming_event_type type;
  januv_id id;                /**< SWITCHED: the new mountpoint; EDITED: the mountpoint */
  const char *metadata;       /**< EDITED */
  const char *mid;            /**< LAYER */
  int substream;              /**< LAYER (simulcast): the substream now relayed ("substream") */
  int temporal;               /**< LAYER (simulcast): the temporal layer now relayed ("temporal") */
  int spatial_layer;          /**< LAYER (VP9 SVC): the spatial layer now relayed ("spatial_layer") */
  int temporal_layer;         /**< LAYER (VP9 SVC): the temporal layer now relayed ("temporal_layer") */
  int error_code;             /**< ERROR */
  const char *error;          /**< ERROR */
  const cJSON *data;          /**< plugindata.data as Janus sent it */
} januv_streaming_event;

/** Callbacks, all optional; @p data is the streaming's user pointer. */
typedef struct januv_streaming_callbacks {
  /** A plugin event that is not the reply to one of our requests: STARTED, STOPPED, KICKED, EDITED,
   *  LAYER, ERROR, OTHER. (PREPARING, STARTING, ... are the replies of watch, start, ...: decode a reply's
   *  data with januv_streaming_event_parse() if you want them typed.) */
  void (*on_event)(januv_streaming *st, const januv_streaming_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see handle.h. */
  void (*on_handle_event)(januv_streaming *st, const januv_event *ev, void *data);
  /** The last callback, exactly once: 0 after januv_streaming_detach() (or a "detached" from Janus, or the
   *  session's destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests
   *  still pending completed before it. */
  void (*on_closed)(januv_streaming *st, int reason, void *data);
} januv_streaming_callbacks;

/** Completion of januv_streaming_attach(): @p st NULL on failure (reply->status says why). */
typedef void (*januv_streaming_attach_cb)(januv_streaming *st, const januv_reply *reply, void *data);

/**
 * Attaches to the Streaming plugin. @p cbs are copied (may be NULL); @p data is the user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or
 *         januv_handle_attach()'s error (then cb never runs).
 */
JANUV_EXTERN int januv_streaming_attach(januv_session *session, const januv_streaming_callbacks *cbs,
                                        januv_streaming_attach_cb cb, void *data);

/* ---- managing mountpoints ----
 * Every function below returns 0 (its callback runs once), JANUV_EINVAL (st NULL, a required argument
 * missing), JANUV_ECLOSED (the handle is closing) or JANUV_ENOMEM, or januv_handle_message()'s error; then
 * the callback never runs. A januv_reply_cb may be NULL (the reply is then dropped); the typed callbacks
 * are required. */

/** Completion of list: @p mountpoints (n of them) NULL on failure (and when there are none). The public
 *  mountpoints only. The array is januv's, valid during the callback only. */
typedef void (*januv_streaming_list_cb)(const januv_reply *reply, const januv_streaming_mountpoint *mountpoints,
                                        size_t n, void *data);
/** Completion of info and create: @p mp NULL on failure; januv's, valid during the callback only. */
typedef void (*januv_streaming_mountpoint_cb)(const januv_reply *reply, const januv_streaming_mountpoint *mp,
                                              void *data);

/** Lists the public mountpoints ("list"). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p st or @p cb NULL), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_list(januv_streaming *st, januv_streaming_list_cb cb, void *data);
/** Details of one mountpoint ("info"); with its @p secret (may be NULL) Janus adds the secret, the PIN,
 *  is_private and the ports. @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p st or @p cb NULL, @p id the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_info(januv_streaming *st, januv_id id, const char *secret,
                                      januv_streaming_mountpoint_cb cb, void *data);

/** One stream of a mountpoint to create. Initialize with januv_streaming_stream_options_init(). Numbers are
 *  unset when -1, tri-states (-1 unset, 0, 1) likewise; strings unset when NULL. */
typedef struct januv_streaming_stream_options {
  const char *type;   /**< "audio", "video" or "data" (required) */
  const char *mid;    /**< required: the m-line's mid in viewers' PeerConnections */
  const char *label;  /**< a label for the stream ("label"), NULL unset */
  const char *msid;   /**< the MediaStream id viewers see ("msid"), NULL unset */
  int port;           /**< where Janus receives the RTP (data: UDP messages); 0 (the default): a port from
                           the plugin's rtp_port_range, reported by create */
  int rtcpport;       /**< RTCP port for feedback to the source */
  const char *mcast;  /**< multicast group to receive from ("mcast"), NULL unset */
  const char *iface;  /**< interface or address to bind ("iface"), NULL unset (all) */
  int pt;             /**< payload type */
  const char *codec;  /**< "opus", "vp8", "h264", ... */
  const char *fmtp;   /**< codec parameters for the SDP fmtp line ("fmtp"), NULL unset */
  int skew;           /**< tri: skew compensation */
  int bufferkf;       /**< tri (video): keep the last keyframe for new viewers */
  int simulcast;      /**< tri (video): with port2 and port3 */
  int port2;          /**< simulcast: the port of the second substream ("port2"), -1 unset */
  int port3;          /**< simulcast: the port of the third substream ("port3"), -1 unset */
  int svc;            /**< tri (video): VP9 SVC */
  int buffermsg;      /**< tri (data): keep the last message for new viewers */
  const char *datatype; /**< data: "text" or "binary" */
} januv_streaming_stream_options;

/** Fills @p o with the defaults: port 0 (Janus picks), every other member unset (-1 or NULL). Call it before
 *  setting members, so that members added in later versions stay unset. */
JANUV_EXTERN void januv_streaming_stream_options_init(januv_streaming_stream_options *o);

/** A mountpoint to create. Initialize with januv_streaming_create_options_init() (type "rtp", the rest
 *  unset). Strings are borrowed until the call returns. */
typedef struct januv_streaming_create_options {
  const char *type;         /**< "rtp", "live", "ondemand" or "rtsp" */
  januv_id id;              /**< zero id: Janus picks one */
  const char *name;         /**< a unique name ("name"), NULL unset (Janus makes one up) */
  const char *description;  /**< a description shown by list ("description"), NULL unset */
  const char *metadata;     /**< an opaque string for the application ("metadata"), NULL unset */
  const char *secret;       /**< needed later to edit, destroy, ... */
  const char *pin;          /**< needed to watch */
  const char *admin_key;    /**< when the plugin has one */
  int is_private;           /**< tri: hidden from list (unset: listed) */
  int permanent;            /**< tri: save to the config file */
  /** The streams ("media"): required for "rtp". Borrowed like the strings. */
  const januv_streaming_stream_options *media;
  size_t nmedia;            /**< number of entries in media; 0 leaves "media" out */
  /* rtp */
  int collision;            /**< ms before a new SSRC on a port replaces the old one */
  int threads;              /**< helper threads for relaying */
  int srtpsuite;            /**< 32 or 80, with srtpcrypto */
  const char *srtpcrypto;   /**< SRTP key, base64 as in SDES ("srtpcrypto"), with srtpsuite; NULL unset */
  int e2ee;                 /**< tri */
  int playoutdelay_ext;     /**< tri */
  /* live and ondemand */
  const char *filename;     /**< live, ondemand: the file Janus streams, a path on the server ("filename"): raw
                                 G.711 (.alaw, .mulaw) or Ogg Opus (.opus, with audiocodec "opus" and audiopt) */
  int audio;                /**< tri (live, ondemand, rtsp): stream audio ("audio"); files need true */
  int video;                /**< tri (rtsp): stream video ("video"); unset for files (Janus streams no video
                                 from them) */
  const char *audiocodec;   /**< the audio codec name ("audiocodec"); also rtsp */
  const char *audiofmtp;    /**< the audio SDP fmtp value ("audiofmtp"); also rtsp */
  int audiopt;                        /**< also rtsp */
  /* rtsp */
  const char *url;          /**< rtsp: the RTSP URL of the source ("url") */
  const char *rtsp_user;    /**< rtsp: the RTSP username, NULL when none ("rtsp_user") */
  const char *rtsp_pwd;     /**< rtsp: the RTSP password, NULL when none ("rtsp_pwd") */
  const char *rtspiface;    /**< rtsp: interface or address to receive the media on ("rtspiface") */
  const char *videocodec;   /**< rtsp: the video codec name ("videocodec") */
  const char *videofmtp;    /**< rtsp: the video SDP fmtp value ("videofmtp") */
  int videopt;              /**< rtsp: the video payload type ("videopt"), -1 unset */
  int videobufferkf;        /**< tri (rtsp): keep the last video keyframe for new viewers ("videobufferkf") */
  int rtsp_failcheck;       /**< tri (rtsp): fail the create when the RTSP server cannot be reached ("rtsp_failcheck";
                                 Janus's default true) */
  int rtsp_reconnect_delay; /**< rtsp: seconds without media before Janus reconnects ("rtsp_reconnect_delay") */
  int rtsp_session_timeout; /**< rtsp: in seconds; Janus's OPTIONS keepalives come at most every half of it
                                 ("rtsp_session_timeout") */
  int rtsp_timeout;         /**< rtsp: timeout of Janus's RTSP requests, in seconds ("rtsp_timeout") */
  int rtsp_conn_timeout;    /**< rtsp: connection timeout to the RTSP server, in seconds ("rtsp_conn_timeout") */
  /** Any other members to add to the request (an object, borrowed), or NULL. */
  const cJSON *extra;
} januv_streaming_create_options;

/** Fills @p o with the defaults: type "rtp", every other member unset (-1, NULL, the zero id). Call it before
 *  setting members, so that members added in later versions stay unset. */
JANUV_EXTERN void januv_streaming_create_options_init(januv_streaming_create_options *o);

/** Creates a mountpoint ("create") from the set members of @p o (borrowed until the call returns). @p cb
 *  (required) runs once and gets the new mountpoint: id, name, description, type, is_private, permanent,
 *  and its streams with the ports Janus listens on.
 *  @return 0, JANUV_EINVAL (@p st, @p o or @p cb NULL; @p o->extra not an object; media NULL with nmedia
 *          set), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_create(januv_streaming *st, const januv_streaming_create_options *o,
                                        januv_streaming_mountpoint_cb cb, void *data);

/** Changes to a mountpoint ("edit"). Initialize with januv_streaming_edit_options_init(); unset members
 *  (-1, NULL) are left out and stay unchanged. Strings are borrowed until the call returns. */
typedef struct januv_streaming_edit_options {
  januv_id id;              /**< required */
  const char *secret;       /**< required when the mountpoint has one */
  const char *new_description; /**< the new description ("new_description"), NULL unchanged */
  const char *new_metadata;    /**< the new metadata ("new_metadata"), NULL unchanged */
  const char *new_secret;      /**< the new secret ("new_secret"), NULL unchanged */
  const char *new_pin;      /**< "" removes the PIN */
  int new_is_private;       /**< tri */
  int permanent;            /**< tri: save to the config file */
  int edited_event;         /**< tri: tell the viewers (JANUV_STREAMING_EDITED) */
} januv_streaming_edit_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_streaming_edit_options. */
JANUV_EXTERN void januv_streaming_edit_options_init(januv_streaming_edit_options *o);
/** Edits a mountpoint; reply->data is {"streaming":"edited","id":...,"permanent":...}. @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p st or @p o NULL, o->id the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_edit(januv_streaming *st, const januv_streaming_edit_options *o, januv_reply_cb cb,
                                      void *data);

/** Destroys a mountpoint ("destroy"); its viewers get JANUV_STREAMING_STOPPED and their PeerConnection
 *  closes. @p secret may be NULL; @p permanent (tri) also removes it from the config file. @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p st NULL, @p id the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. The enable, disable and kick_all requests return the same. */
JANUV_EXTERN int januv_streaming_destroy(januv_streaming *st, januv_id id, const char *secret, int permanent,
                                         januv_reply_cb cb, void *data);
/** Makes a mountpoint available to viewers again ("enable"); @p secret may be NULL. Returns as
 *  januv_streaming_destroy(). */
JANUV_EXTERN int januv_streaming_enable(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb,
                                        void *data);
/** Makes a mountpoint unavailable without destroying it ("disable"); @p stop_recording (tri, Janus's default
 *  true) also stops its recording. Janus 1.1.2 crashes (NULL dereference) when it stops the recording of
 *  an RTP mountpoint with a stream that is not being recorded: pass 0 unless every stream is recorded.
 *  Returns as januv_streaming_destroy(). */
JANUV_EXTERN int januv_streaming_disable(januv_streaming *st, januv_id id, const char *secret, int stop_recording,
                                         januv_reply_cb cb, void *data);
/** Removes every viewer of a mountpoint ("kick_all"); they get JANUV_STREAMING_KICKED. Returns as
 *  januv_streaming_destroy(). */
JANUV_EXTERN int januv_streaming_kick_all(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb,
                                          void *data);

/** A stream to record (or stop recording): its mid, and the base path of the .mjr file (start only). */
typedef struct januv_streaming_recording {
  const char *mid;      /**< the stream's mid ("mid"; borrowed until the call returns) */
  const char *filename; /**< start: the base path of the recording on the server ("filename"); ignored by stop */
} januv_streaming_recording;

/** Starts recording streams of an RTP mountpoint to .mjr files ("recording", action "start"): @p media
 *  has @p n entries (borrowed until the call returns). @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p st NULL, @p id the zero id, @p n 0 or @p media NULL), JANUV_ECLOSED,
 *          JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_recording_start(januv_streaming *st, januv_id id, const char *secret,
                                                 const januv_streaming_recording *media, size_t n,
                                                 januv_reply_cb cb, void *data);
/** Stops recording the listed streams ("recording", action "stop"; filename ignored). Returns as
 *  januv_streaming_recording_start(). */
JANUV_EXTERN int januv_streaming_recording_stop(januv_streaming *st, januv_id id, const char *secret,
                                                const januv_streaming_recording *media, size_t n,
                                                januv_reply_cb cb, void *data);

/* ---- watching ---- */

/** Options of januv_streaming_watch(); may be NULL. Initialize with januv_streaming_watch_options_init(). */
typedef struct januv_streaming_watch_options {
  const char *pin;          /**< the mountpoint's PIN ("pin"), NULL when it has none */
  /** The mids to receive; none: every stream of the mountpoint. Borrowed until the call returns. */
  const char *const *media;
  size_t nmedia;            /**< number of entries in media; 0 leaves "media" out */
  /** tri: ask for a new offer on the current watch ("restart"; JANUV_STREAMING_UPDATING). */
  int restart;
} januv_streaming_watch_options;

/** Fills @p o with the defaults: every member unset (-1, NULL or 0), see januv_streaming_watch_options. */
JANUV_EXTERN void januv_streaming_watch_options_init(januv_streaming_watch_options *o);

/**
 * Watches mountpoint @p id with @p peer: "watch"; Janus's offer (reply status "preparing", or "updating"
 * with restart) goes to the peer, which answers with its tracks' directions (use JANUV_DIR_RECVONLY
 * tracks, one per stream you receive; m-lines without a track are received too); "start" carries the
 * answer; the candidates are trickled. @p cb runs once, with the reply to "watch" after Janus accepted the
 * answer, or with the first failure: JANUV_EPLUGIN (e.g. JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT,
 * JANUV_STREAMING_ERR_UNAUTHORIZED for a wrong PIN), JANUV_EMEDIA (the peer could not answer). Media flows
 * once the peer is connected; JANUV_STREAMING_STARTED follows. The streaming then drives the peer's
 * signalling until it detaches or the peer closes; the peer stays yours. Watching with another peer lets
 * go of the previous one (its negotiation in progress completes with JANUV_ECANCELED). @p cb may be NULL.
 * @return 0, JANUV_EINVAL (@p st or @p peer NULL, @p id the zero id, media NULL with nmedia set), JANUV_ECLOSED
 *         (the handle or the peer is closing), JANUV_ENOMEDIA (built without media), JANUV_ENOMEM, or
 *         januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_streaming_watch(januv_streaming *st, januv_peer *peer, januv_id id,
                                       const januv_streaming_watch_options *o, januv_reply_cb cb, void *data);
/** Resumes a paused playout ("start" without SDP); reply status "starting" or "started". @p cb (may be
 *  NULL) runs once.
 *  @return 0, JANUV_EINVAL (@p st NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_start(januv_streaming *st, januv_reply_cb cb, void *data);
/** Pauses the playout, keeping the PeerConnection ("pause"); reply status "pausing". Returns as
 *  januv_streaming_start(). */
JANUV_EXTERN int januv_streaming_pause(januv_streaming *st, januv_reply_cb cb, void *data);

/** Settings of januv_streaming_configure(). Initialize with januv_streaming_configure_options_init()
 *  (everything unset: -1 / NULL). */
typedef struct januv_streaming_configure_options {
  const char *mid;       /**< the stream the settings apply to (NULL: all) */
  int send;              /**< tri: relay this stream or not */
  int substream;         /**< simulcast: the substream to receive, 0 to 2 ("substream"), -1 unset */
  int temporal;          /**< simulcast: the temporal layers to receive, 0 to 2 ("temporal"), -1 unset */
  int fallback;          /**< simulcast: microseconds without packets before dropping to a lower substream
                              ("fallback"; Janus's default 250000), -1 unset */
  int spatial_layer;     /**< VP9 SVC: the spatial layer to receive ("spatial_layer"), -1 unset */
  int temporal_layer;    /**< VP9 SVC: the temporal layers to receive ("temporal_layer"), -1 unset */
  int min_delay;         /**< playout-delay extension: minimum delay, in 10 ms units ("min_delay"), -1 unset */
  int max_delay;         /**< playout-delay extension: maximum delay, in 10 ms units ("max_delay"), -1 unset */
} januv_streaming_configure_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_streaming_configure_options. */
JANUV_EXTERN void januv_streaming_configure_options_init(januv_streaming_configure_options *o);
/** Changes what is relayed to this viewer ("configure") from the set members of @p o. @p cb (may be NULL)
 *  runs once; a LAYER event may follow when a layer changes.
 *  @return 0, JANUV_EINVAL (@p st or @p o NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *          error. */
JANUV_EXTERN int januv_streaming_configure(januv_streaming *st, const januv_streaming_configure_options *o,
                                           januv_reply_cb cb, void *data);
/** Switches the current watch to mountpoint @p id, keeping the PeerConnection ("switch"; both mountpoints
 *  must use the same codecs and payload types); reply "switched":"ok" with the new id. @p cb (may be NULL)
 *  runs once.
 *  @return 0, JANUV_EINVAL (@p st NULL, @p id the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_streaming_switch(januv_streaming *st, januv_id id, januv_reply_cb cb, void *data);
/** Stops watching and closes the PeerConnection ("stop"); reply status "stopping", then a hangup handle
 *  event. The handle stays attached and can watch again (with a new peer). The peer is not closed (close
 *  it yourself). Returns as januv_streaming_start(). */
JANUV_EXTERN int januv_streaming_stop(januv_streaming *st, januv_reply_cb cb, void *data);

/** Detaches the handle; on_closed follows (requests still pending complete first). @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p st NULL), JANUV_ECLOSED (already closing), or januv_handle_detach()'s error. */
JANUV_EXTERN int januv_streaming_detach(januv_streaming *st, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids), owned by @p st (do not detach it or change its
 *  callbacks or user pointer). @p st must not be NULL. */
JANUV_EXTERN januv_handle *januv_streaming_handle(const januv_streaming *st);
/** The peer given to januv_streaming_watch(), NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_streaming_peer(const januv_streaming *st);
/** Sets the user pointer (initially the @p data given to januv_streaming_attach()); later callbacks get the
 *  new value. */
JANUV_EXTERN void januv_streaming_set_data(januv_streaming *st, void *data);
/** The user pointer: the @p data given to januv_streaming_attach(), or what januv_streaming_set_data() set. */
JANUV_EXTERN void *januv_streaming_get_data(const januv_streaming *st);

/** Name of an event type ("preparing", "started", ...; "kicked" for JANUV_STREAMING_KICKED, "layer",
 *  "other"), "unknown" for a value outside the enum. A static string. */
JANUV_EXTERN const char *januv_streaming_event_name(januv_streaming_event_type type);
/** Decodes plugindata.data (an event, or the data of a reply) into @p ev; its pointers borrow from @p data
 *  (nothing is allocated: there is nothing to free). A @p data without a known member gives
 *  JANUV_STREAMING_OTHER. */
JANUV_EXTERN void januv_streaming_event_parse(const cJSON *data, januv_streaming_event *ev);

JANUV_END_DECLS

#endif
