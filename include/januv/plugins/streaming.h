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

typedef struct januv_streaming januv_streaming;

/** The plugin's error codes (reply->plugin_code with JANUV_EPLUGIN). */
enum januv_streaming_error {
  JANUV_STREAMING_ERR_NO_MESSAGE = 450,
  JANUV_STREAMING_ERR_INVALID_JSON = 451,
  JANUV_STREAMING_ERR_INVALID_REQUEST = 452,
  JANUV_STREAMING_ERR_MISSING_ELEMENT = 453,
  JANUV_STREAMING_ERR_INVALID_ELEMENT = 454,
  JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT = 455,
  JANUV_STREAMING_ERR_CANT_CREATE = 456,
  JANUV_STREAMING_ERR_UNAUTHORIZED = 457,
  JANUV_STREAMING_ERR_CANT_SWITCH = 458,
  JANUV_STREAMING_ERR_CANT_RECORD = 459,
  JANUV_STREAMING_ERR_INVALID_STATE = 460,
  JANUV_STREAMING_ERR_UNKNOWN = 470
};

/* ---- what Janus reports ---- */

/** One stream (m-line) of a mountpoint. Members Janus did not send are NULL or -1. */
typedef struct januv_streaming_stream {
  const char *type; /**< "audio", "video" or "data" */
  const char *mid, *label, *msid;
  int mindex;       /**< info: index of its m-line */
  int64_t age_ms;   /**< ms since media last arrived for it */
  int pt;           /**< info: RTP payload type */
  const char *codec, *rtpmap, *fmtp; /**< info */
  int port;         /**< create, and info with the secret: the port Janus receives this stream's RTP on */
} januv_streaming_stream;

/** A mountpoint, as list, info and create report it. Members Janus did not send are NULL or -1. */
typedef struct januv_streaming_mountpoint {
  januv_id id;
  const char *name;        /**< info, create */
  const char *description;
  const char *metadata;
  /** "live" (RTP and live files: Janus 1.1 reports RTP mountpoints as "live"), "ondemand" or "rtsp". */
  const char *type;
  int enabled;             /**< -1, 0 or 1 */
  int is_private;          /**< -1, 0 or 1 (info with the secret, create) */
  int viewers;             /**< info */
  const char *secret, *pin; /**< info with the right secret */
  int permanent;           /**< create: -1, 0 or 1, whether it was saved to the config file */
  /** Its streams (list and info: "media"; create: "ports", with type, mid, msid and port). */
  const januv_streaming_stream *media;
  size_t nmedia;
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

/** A plugin event. Members the event does not carry are NULL or -1. */
typedef struct januv_streaming_event {
  januv_streaming_event_type type;
  januv_id id;                /**< SWITCHED: the new mountpoint; EDITED: the mountpoint */
  const char *metadata;       /**< EDITED */
  const char *mid;            /**< LAYER */
  int substream, temporal;    /**< LAYER (simulcast) */
  int spatial_layer, temporal_layer; /**< LAYER (VP9 SVC) */
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
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h). */
  void (*on_handle_event)(januv_streaming *st, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_streaming_detach(), otherwise why the handle closed. */
  void (*on_closed)(januv_streaming *st, int reason, void *data);
} januv_streaming_callbacks;

/** Completion of januv_streaming_attach(): @p st NULL on failure (reply->status says why). */
typedef void (*januv_streaming_attach_cb)(januv_streaming *st, const januv_reply *reply, void *data);

/**
 * Attaches to the Streaming plugin. @p cbs are copied (may be NULL); @p data is the user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL, or januv_handle_attach()'s error (then cb never runs).
 */
JANUV_EXTERN int januv_streaming_attach(januv_session *session, const januv_streaming_callbacks *cbs,
                                        januv_streaming_attach_cb cb, void *data);

/* ---- managing mountpoints ----
 * Every function below returns 0 (its callback runs once), JANUV_EINVAL (st NULL, a required argument
 * missing), JANUV_ECLOSED (the handle is closing) or JANUV_ENOMEM; then the callback never runs. */

/** Completion of list: @p mountpoints (n of them) NULL on failure. The public mountpoints only. */
typedef void (*januv_streaming_list_cb)(const januv_reply *reply, const januv_streaming_mountpoint *mountpoints,
                                        size_t n, void *data);
/** Completion of info and create: @p mp NULL on failure. */
typedef void (*januv_streaming_mountpoint_cb)(const januv_reply *reply, const januv_streaming_mountpoint *mp,
                                              void *data);

/** Lists the public mountpoints ("list"). */
JANUV_EXTERN int januv_streaming_list(januv_streaming *st, januv_streaming_list_cb cb, void *data);
/** Details of one mountpoint ("info"); with its @p secret (may be NULL) Janus adds the secret, the PIN,
 *  is_private and the ports. */
JANUV_EXTERN int januv_streaming_info(januv_streaming *st, januv_id id, const char *secret,
                                      januv_streaming_mountpoint_cb cb, void *data);

/** One stream of a mountpoint to create. Initialize with januv_streaming_stream_options_init(). Numbers are
 *  unset when -1, tri-states (-1 unset, 0, 1) likewise; strings unset when NULL. */
typedef struct januv_streaming_stream_options {
  const char *type;   /**< "audio", "video" or "data" (required) */
  const char *mid;    /**< required: the m-line's mid in viewers' PeerConnections */
  const char *label, *msid;
  int port;           /**< where Janus receives the RTP (data: UDP messages); 0 (the default): a port from
                           the plugin's rtp_port_range, reported by create */
  int rtcpport;       /**< RTCP port for feedback to the source */
  const char *mcast, *iface; /**< multicast group; interface or address to bind */
  int pt;             /**< payload type */
  const char *codec;  /**< "opus", "vp8", "h264", ... */
  const char *fmtp;
  int skew;           /**< tri: skew compensation */
  int bufferkf;       /**< tri (video): keep the last keyframe for new viewers */
  int simulcast;      /**< tri (video): with port2 and port3 */
  int port2, port3;
  int svc;            /**< tri (video): VP9 SVC */
  int buffermsg;      /**< tri (data): keep the last message for new viewers */
  const char *datatype; /**< data: "text" or "binary" */
} januv_streaming_stream_options;

/** Fills @p o with the defaults: port 0 (Janus picks), every other member unset (-1 or NULL). */
JANUV_EXTERN void januv_streaming_stream_options_init(januv_streaming_stream_options *o);

/** A mountpoint to create. Initialize with januv_streaming_create_options_init() (type "rtp", the rest
 *  unset). Strings are borrowed until the call returns. */
typedef struct januv_streaming_create_options {
  const char *type;         /**< "rtp", "live", "ondemand" or "rtsp" */
  januv_id id;              /**< zero id: Janus picks one */
  const char *name, *description, *metadata;
  const char *secret;       /**< needed later to edit, destroy, ... */
  const char *pin;          /**< needed to watch */
  const char *admin_key;    /**< when the plugin has one */
  int is_private;           /**< tri: hidden from list (unset: listed) */
  int permanent;            /**< tri: save to the config file */
  /** The streams ("media"): required for "rtp". */
  const januv_streaming_stream_options *media;
  size_t nmedia;
  /* rtp */
  int collision;            /**< ms before a new SSRC on a port replaces the old one */
  int threads;              /**< helper threads for relaying */
  int srtpsuite;            /**< 32 or 80, with srtpcrypto */
  const char *srtpcrypto;
  int e2ee;                 /**< tri */
  int playoutdelay_ext;     /**< tri */
  /* live and ondemand */
  const char *filename;
  const char *audiocodec, *audiofmtp; /**< also rtsp */
  int audiopt;                        /**< also rtsp */
  /* rtsp */
  const char *url, *rtsp_user, *rtsp_pwd, *rtspiface;
  const char *videocodec, *videofmtp;
  int videopt;
  int videobufferkf, rtsp_failcheck;  /**< tri */
  int rtsp_reconnect_delay, rtsp_session_timeout, rtsp_timeout, rtsp_conn_timeout;
  /** Any other members to add to the request (an object, borrowed), or NULL. */
  const cJSON *extra;
} januv_streaming_create_options;

/** Fills @p o with the defaults: type "rtp", every other member unset (-1, NULL, the zero id). */
JANUV_EXTERN void januv_streaming_create_options_init(januv_streaming_create_options *o);

/** Creates a mountpoint ("create"). @p cb gets the new mountpoint: id, name, description, type, is_private,
 *  permanent, and its streams with the ports Janus listens on. */
JANUV_EXTERN int januv_streaming_create(januv_streaming *st, const januv_streaming_create_options *o,
                                        januv_streaming_mountpoint_cb cb, void *data);

/** Changes to a mountpoint ("edit"). Initialize with januv_streaming_edit_options_init(). */
typedef struct januv_streaming_edit_options {
  januv_id id;              /**< required */
  const char *secret;       /**< required when the mountpoint has one */
  const char *new_description, *new_metadata, *new_secret;
  const char *new_pin;      /**< "" removes the PIN */
  int new_is_private;       /**< tri */
  int permanent;            /**< tri: save to the config file */
  int edited_event;         /**< tri: tell the viewers (JANUV_STREAMING_EDITED) */
} januv_streaming_edit_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_streaming_edit_options. */
JANUV_EXTERN void januv_streaming_edit_options_init(januv_streaming_edit_options *o);
/** Edits a mountpoint; reply->data is {"streaming":"edited","id":...,"permanent":...}. */
JANUV_EXTERN int januv_streaming_edit(januv_streaming *st, const januv_streaming_edit_options *o, januv_reply_cb cb,
                                      void *data);

/** Destroys a mountpoint ("destroy"); its viewers get JANUV_STREAMING_STOPPED and their PeerConnection
 *  closes. @p secret may be NULL; @p permanent (tri) also removes it from the config file. */
JANUV_EXTERN int januv_streaming_destroy(januv_streaming *st, januv_id id, const char *secret, int permanent,
                                         januv_reply_cb cb, void *data);
/** Makes a mountpoint available to viewers again ("enable"). */
JANUV_EXTERN int januv_streaming_enable(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb,
                                        void *data);
/** Makes a mountpoint unavailable without destroying it ("disable"); @p stop_recording (tri, Janus's default
 *  true) also stops its recording. Janus 1.1.2 crashes (NULL dereference) when it stops the recording of
 *  an RTP mountpoint with a stream that is not being recorded: pass 0 unless every stream is recorded. */
JANUV_EXTERN int januv_streaming_disable(januv_streaming *st, januv_id id, const char *secret, int stop_recording,
                                         januv_reply_cb cb, void *data);
/** Removes every viewer of a mountpoint ("kick_all"); they get JANUV_STREAMING_KICKED. */
JANUV_EXTERN int januv_streaming_kick_all(januv_streaming *st, januv_id id, const char *secret, januv_reply_cb cb,
                                          void *data);

/** A stream to record (or stop recording): its mid, and the base path of the .mjr file (start only). */
typedef struct januv_streaming_recording {
  const char *mid;
  const char *filename;
} januv_streaming_recording;

/** Starts recording streams of an RTP mountpoint to .mjr files ("recording", action "start"). */
JANUV_EXTERN int januv_streaming_recording_start(januv_streaming *st, januv_id id, const char *secret,
                                                 const januv_streaming_recording *media, size_t n,
                                                 januv_reply_cb cb, void *data);
/** Stops recording the listed streams ("recording", action "stop"; filename ignored). */
JANUV_EXTERN int januv_streaming_recording_stop(januv_streaming *st, januv_id id, const char *secret,
                                                const januv_streaming_recording *media, size_t n,
                                                januv_reply_cb cb, void *data);

/* ---- watching ---- */

/** Options of januv_streaming_watch(); may be NULL. Initialize with januv_streaming_watch_options_init(). */
typedef struct januv_streaming_watch_options {
  const char *pin;
  /** The mids to receive; none: every stream of the mountpoint. */
  const char *const *media;
  size_t nmedia;
  /** tri: ask for a new offer on the current watch ("restart"; JANUV_STREAMING_UPDATING). */
  int restart;
} januv_streaming_watch_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_streaming_watch_options. */
JANUV_EXTERN void januv_streaming_watch_options_init(januv_streaming_watch_options *o);

/**
 * Watches mountpoint @p id with @p peer: "watch"; Janus's offer (reply status "preparing", or "updating"
 * with restart) goes to the peer, which answers with its tracks' directions (use JANUV_DIR_RECVONLY
 * tracks, one per stream you receive; m-lines without a track are received too); "start" carries the
 * answer; the candidates are trickled. @p cb runs once, with the reply to "watch" after Janus accepted the
 * answer, or with the first failure: JANUV_EPLUGIN (e.g. JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT,
 * JANUV_STREAMING_ERR_UNAUTHORIZED for a wrong PIN), JANUV_EMEDIA (the peer could not answer). Media flows
 * once the peer is connected; JANUV_STREAMING_STARTED follows. The streaming then drives the peer's
 * signalling until it detaches or the peer closes; the peer stays yours.
 * @return 0, JANUV_EINVAL, JANUV_ECLOSED, JANUV_ENOMEDIA (built without media), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_streaming_watch(januv_streaming *st, januv_peer *peer, januv_id id,
                                       const januv_streaming_watch_options *o, januv_reply_cb cb, void *data);
/** Resumes a paused playout ("start" without SDP); reply status "starting" or "started". */
JANUV_EXTERN int januv_streaming_start(januv_streaming *st, januv_reply_cb cb, void *data);
/** Pauses the playout, keeping the PeerConnection ("pause"); reply status "pausing". */
JANUV_EXTERN int januv_streaming_pause(januv_streaming *st, januv_reply_cb cb, void *data);

/** Settings of januv_streaming_configure(). Initialize with januv_streaming_configure_options_init()
 *  (everything unset: -1 / NULL). */
typedef struct januv_streaming_configure_options {
  const char *mid;       /**< the stream the settings apply to (NULL: all) */
  int send;              /**< tri: relay this stream or not */
  int substream, temporal, fallback;     /**< simulcast: layers to receive, fallback in us */
  int spatial_layer, temporal_layer;     /**< VP9 SVC */
  int min_delay, max_delay;              /**< playout-delay extension, in 10 ms units */
} januv_streaming_configure_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_streaming_configure_options. */
JANUV_EXTERN void januv_streaming_configure_options_init(januv_streaming_configure_options *o);
/** Changes what is relayed to this viewer ("configure"). */
JANUV_EXTERN int januv_streaming_configure(januv_streaming *st, const januv_streaming_configure_options *o,
                                           januv_reply_cb cb, void *data);
/** Switches the current watch to mountpoint @p id, keeping the PeerConnection ("switch"; both mountpoints
 *  must use the same codecs and payload types); reply "switched":"ok" with the new id. */
JANUV_EXTERN int januv_streaming_switch(januv_streaming *st, januv_id id, januv_reply_cb cb, void *data);
/** Stops watching and closes the PeerConnection ("stop"); reply status "stopping", then a hangup handle
 *  event. The handle stays attached and can watch again (with a new peer). */
JANUV_EXTERN int januv_streaming_stop(januv_streaming *st, januv_reply_cb cb, void *data);

/** Detaches the handle; on_closed follows. @p cb may be NULL. */
JANUV_EXTERN int januv_streaming_detach(januv_streaming *st, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids). */
JANUV_EXTERN januv_handle *januv_streaming_handle(const januv_streaming *st);
/** The peer given to januv_streaming_watch(), NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_streaming_peer(const januv_streaming *st);
/** The user pointer (initially the @p data given to attach). */
JANUV_EXTERN void januv_streaming_set_data(januv_streaming *st, void *data);
JANUV_EXTERN void *januv_streaming_get_data(const januv_streaming *st);

/** Name of an event type ("preparing", "started", ...). */
JANUV_EXTERN const char *januv_streaming_event_name(januv_streaming_event_type type);
/** Decodes plugindata.data (an event, or the data of a reply) into @p ev; its pointers borrow from @p data. */
JANUV_EXTERN void januv_streaming_event_parse(const cJSON *data, januv_streaming_event *ev);

JANUV_END_DECLS

#endif
