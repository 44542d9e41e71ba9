/**
 * @file januv/plugins/videocall.h
 * The VideoCall plugin ("janus.plugin.videocall"): two users call each other
 * through Janus, which relays what each sends to the other.
 *
 * A januv_videocall wraps one plugin handle. Register a username, then either call another username with
 * a januv_peer (januv_videocall_call(): the peer offers, Janus tells the callee), or wait for an
 * JANUV_VIDEOCALL_INCOMINGCALL event and accept it with a peer (januv_videocall_accept(): the peer answers
 * the caller's offer). The caller's peer gets the answer when the ACCEPTED event arrives; januv applies it.
 * Renegotiations either side starts (januv_videocall_renegotiate()) are answered by januv on the other side
 * (UPDATE events). Peers use SENDRECV tracks. The peer stays yours: close it when you are done.
 *
 * Every request completes once through its callback with januv_reply and the decoded reply; a VideoCall
 * error ("error_code") arrives as reply->status JANUV_EPLUGIN with reply->plugin_code set to the
 * JANUV_VIDEOCALL_ERR_* code. Callbacks run on the loop, never inside a januv call; on_closed is the last
 * one, after which the januv_videocall pointer is invalid. Closing from inside any callback is safe.
 */
#ifndef JANUV_PLUGINS_VIDEOCALL_H
#define JANUV_PLUGINS_VIDEOCALL_H

#include "../handle.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * A VideoCall plugin handle (opaque). januv_videocall_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_videocall januv_videocall;

/** VideoCall's error codes (reply->plugin_code, januv_videocall_event.error_code). */
enum {
  JANUV_VIDEOCALL_ERR_UNKNOWN = 499,            /**< unknown error */
  JANUV_VIDEOCALL_ERR_NO_MESSAGE = 470,         /**< no message */
  JANUV_VIDEOCALL_ERR_INVALID_JSON = 471,       /**< the message is not valid JSON */
  JANUV_VIDEOCALL_ERR_INVALID_REQUEST = 472,    /**< unknown "request" */
  JANUV_VIDEOCALL_ERR_REGISTER_FIRST = 473,     /**< register a username first */
  JANUV_VIDEOCALL_ERR_INVALID_ELEMENT = 474,    /**< a member has the wrong type or value */
  JANUV_VIDEOCALL_ERR_MISSING_ELEMENT = 475,    /**< a required member is missing */
  JANUV_VIDEOCALL_ERR_USERNAME_TAKEN = 476,     /**< register: the username is taken */
  JANUV_VIDEOCALL_ERR_ALREADY_REGISTERED = 477, /**< register: this handle already has a username */
  JANUV_VIDEOCALL_ERR_NO_SUCH_USERNAME = 478,   /**< call: nobody has that username */
  JANUV_VIDEOCALL_ERR_USE_ECHO_TEST = 479,      /**< call: calling yourself (use the EchoTest plugin) */
  JANUV_VIDEOCALL_ERR_ALREADY_IN_CALL = 480,    /**< call: this handle is already in a call */
  JANUV_VIDEOCALL_ERR_NO_CALL = 481,            /**< accept: no incoming call to accept */
  JANUV_VIDEOCALL_ERR_MISSING_SDP = 482,        /**< call, accept: the request has no SDP */
  JANUV_VIDEOCALL_ERR_INVALID_SDP = 483         /**< the SDP does not parse */
};

/** Kinds of januv_videocall_event ("result":{"event":...}). */
typedef enum januv_videocall_event_type {
  JANUV_VIDEOCALL_OTHER = 0,     /**< anything else: see data */
  JANUV_VIDEOCALL_LIST,          /**< list's reply: list (the registered usernames) */
  JANUV_VIDEOCALL_REGISTERED,    /**< register's reply: username */
  JANUV_VIDEOCALL_CALLING,       /**< call's reply: the callee is being told */
  JANUV_VIDEOCALL_INCOMINGCALL,  /**< someone calls us: username (the caller), jsep (the caller's offer) */
  JANUV_VIDEOCALL_ACCEPTED,      /**< the call is up: username; for the caller jsep is the answer, applied by januv */
  JANUV_VIDEOCALL_UPDATE,        /**< the other side renegotiated: jsep (offer answered, or answer applied, by januv) */
  JANUV_VIDEOCALL_SET,           /**< set's reply */
  JANUV_VIDEOCALL_HANGUP,        /**< the call ended (either side, or a hangup's reply): username, reason */
  JANUV_VIDEOCALL_SIMULCAST,     /**< the substream or temporal layer relayed to us changed */
  JANUV_VIDEOCALL_SLOW_LINK,     /**< packet loss: media, current_bitrate */
  JANUV_VIDEOCALL_ERROR          /**< error_code, error */
} januv_videocall_event_type;

/** A VideoCall message: an event, or the reply to a request. Absent numbers are -1. */
typedef struct januv_videocall_event {
  /** What the plugin reported ("result.event", "result.list" or "error_code"); it says which fields below
   *  are set (the others are NULL, 0 or -1). */
  januv_videocall_event_type type;
  /** REGISTERED: ours; INCOMINGCALL, ACCEPTED: the other user; HANGUP: who hung up. */
  const char *username;
  /** HANGUP: why. */
  const char *reason;
  /** LIST: the registered usernames ("result.list"). The array is januv's, the strings point into Janus's
   *  JSON: both are valid during the callback only. */
  const char *const *list;
  size_t nlist; /**< LIST: the number of entries of list */
  /** SLOW_LINK: "audio" or "video", and the bitrate cap in force. This member: "result.media". */
  const char *media;
  /** SLOW_LINK: the REMB cap in force for the other side, in bits per second ("result.current-bitrate"; 0
   *  for no cap), -1 when Janus did not give it (it does for video only). */
  int current_bitrate;
  /** SIMULCAST: the layers now relayed. This member: the substream ("result.substream"), -1 when the event
   *  is about the temporal layer. */
  int substream;
  /** SIMULCAST: the temporal layer now relayed ("result.temporal"), -1 when the event is about the
   *  substream. */
  int temporal;
  /** ERROR: VideoCall's error_code (JANUV_VIDEOCALL_ERR_*), or a negative januv code when januv could not
   *  apply or answer the other side's SDP; error: the text. When Janus refuses the "set" that carries
   *  januv's answer to the other side's offer, this is Janus's error_code. */
  int error_code;
  /** ERROR: the text: Janus's "error", or januv's reason for an error of its own. */
  const char *error;
  /** plugindata.data and the jsep, as Janus sent them. NULL in an ERROR januv reports on its own. */
  const cJSON *data;
  /** The "jsep" that came with the message, or NULL: INCOMINGCALL: the caller's offer (kept by januv for
   *  januv_videocall_accept()); ACCEPTED, UPDATE: the other side's SDP, applied or answered by januv. */
  const cJSON *jsep;
} januv_videocall_event;

/** Completion of a request: @p ev is the decoded reply (NULL when reply->status != 0, e.g. JANUV_EPLUGIN
 *  for VideoCall's error; then reply->plugin_code is its error_code). @p ev and everything it points to are
 *  valid during the call only; @p data is the pointer given with the request. */
typedef void (*januv_videocall_cb)(const januv_reply *reply, const januv_videocall_event *ev, void *data);

/** Callbacks of a handle, all optional; @p data is the handle's user pointer. */
typedef struct januv_videocall_callbacks {
  /** A VideoCall event that answers none of our requests (incomingcall, accepted, update, hangup, ...). */
  void (*on_event)(januv_videocall *vc, const januv_videocall_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h), and detached (on_closed follows it). */
  void (*on_handle_event)(januv_videocall *vc, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_videocall_detach() (or a "detached" from Janus, or the session's
   *  destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests still
   *  pending complete before it (JANUV_ECANCELED, or the session's reason). */
  void (*on_closed)(januv_videocall *vc, int reason, void *data);
} januv_videocall_callbacks;

/** Completion of januv_videocall_attach(): @p vc NULL on failure (reply->status says why). */
typedef void (*januv_videocall_attach_cb)(januv_videocall *vc, const januv_reply *reply, void *data);

/**
 * Attaches a handle to the VideoCall plugin. @p cbs are copied (may be NULL); @p data is the handle's user
 * pointer, also given to @p cb (required).
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or januv_handle_attach()'s
 *         error (then cb never runs).
 */
JANUV_EXTERN int januv_videocall_attach(januv_session *session, const januv_videocall_callbacks *cbs,
                                        januv_videocall_attach_cb cb, void *data);

/** Lists the registered usernames: JANUV_VIDEOCALL_LIST.
 *  @return 0 (cb runs once), JANUV_EINVAL, JANUV_ECLOSED, JANUV_ENOMEM. Same for every request.
 *  In detail: @p cb may be NULL; JANUV_EINVAL when @p vc is NULL (or a required argument is missing),
 *  JANUV_ECLOSED when the handle is detached or detaching, or another error of januv_handle_message()
 *  (then @p cb never runs). */
JANUV_EXTERN int januv_videocall_list(januv_videocall *vc, januv_videocall_cb cb, void *data);
/** Registers @p username (free usernames only; it is released when the handle goes): REGISTERED.
 *  @return as januv_videocall_list(); JANUV_EINVAL when @p username is NULL. */
JANUV_EXTERN int januv_videocall_register(januv_videocall *vc, const char *username, januv_videocall_cb cb,
                                          void *data);

/** Call settings ("set"); januv_videocall_set_options_init() leaves every field unset. */
typedef struct januv_videocall_set_options {
  int audio;            /**< -1/0/1: relay our audio to the other side ("audio"; -1 unset) */
  int video;            /**< -1/0/1: relay our video to the other side ("video"; -1 unset) */
  int bitrate;          /**< REMB cap in bit/s, -1 unset ("bitrate"; 0 lifts the cap) */
  int record;           /**< -1/0/1: Janus records our side ("record") */
  const char *filename; /**< base path of the recording ("filename"; Janus appends -audio.mjr, ...), NULL unset */
  int substream;        /**< simulcast layers to receive, -1 unset: the substream, 0-2 ("substream") */
  int temporal;         /**< the temporal layers to receive, 0-2 ("temporal"), -1 unset */
  int fallback;         /**< microseconds without packets before Janus drops to the substream below
                             ("fallback"; Janus's default 250000), -1 unset */
} januv_videocall_set_options;

/** Fills @p o with "unset" everywhere: every number -1, filename NULL. Call it before setting fields, so
 *  that fields added in later versions stay unset. */
JANUV_EXTERN void januv_videocall_set_options_init(januv_videocall_set_options *o);

/**
 * Calls @p username: @p peer offers, the offer goes with "call". @p cb runs once with CALLING (or the
 * failure: JANUV_EPLUGIN, JANUV_EMEDIA). The callee's answer comes later in an ACCEPTED event (januv gives
 * it to the peer; an ERROR event follows if the peer refuses it), or a HANGUP when the call is declined. The
 * handle then drives the peer's signalling until it detaches or the peer closes.
 * The peer stays yours (the handle borrows it). Giving another peer than the one the handle drives lets
 * go of that one: its negotiation steps still pending complete with JANUV_ECANCELED, their callbacks
 * running inside this call.
 * @return 0, JANUV_EINVAL (@p vc, @p peer or @p username NULL), JANUV_ESTATE (another offer of this handle
 *         is in progress), JANUV_ECLOSED (the handle is detached or detaching, or @p peer is closing),
 *         JANUV_ENOMEDIA, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_videocall_call(januv_videocall *vc, januv_peer *peer, const char *username,
                                      januv_videocall_cb cb, void *data);
/**
 * Accepts the incoming call: @p peer answers the caller's offer (from the last INCOMINGCALL event), the
 * answer goes with "accept". @p cb runs once with ACCEPTED (or the failure).
 * januv keeps the offer from the INCOMINGCALL event until it is accepted (this call, once it returns 0),
 * hung up (januv_videocall_hangup()) or a HANGUP event arrives.
 * @return as januv_videocall_call(); JANUV_ESTATE when no call is incoming.
 */
JANUV_EXTERN int januv_videocall_accept(januv_videocall *vc, januv_peer *peer, januv_videocall_cb cb, void *data);
/** Changes the call's settings (no SDP): SET. @p o (borrowed; NULL: an empty "set") gives the set fields.
 *  @return as januv_videocall_list(). */
JANUV_EXTERN int januv_videocall_set(januv_videocall *vc, const januv_videocall_set_options *o,
                                     januv_videocall_cb cb, void *data);
/** Renegotiates the call ("set" with a new offer; @p o may be NULL): SET; the other side's answer comes in
 *  an UPDATE event and is applied by januv. @p offer (may be NULL) is for januv_peer_create_offer().
 *  @return as januv_videocall_call(), and JANUV_ESTATE when the handle never drove a peer (no call or
 *  accept yet), JANUV_ECLOSED when its peer closed; JANUV_ENOTSUP for an ICE restart, which webrtcbin
 *  cannot do (through @p cb instead when the offer had to wait for another negotiation step of the
 *  handle). */
JANUV_EXTERN int januv_videocall_renegotiate(januv_videocall *vc, const januv_offer_options *offer,
                                             const januv_videocall_set_options *o, januv_videocall_cb cb,
                                             void *data);
/** Hangs up, declines or cancels (@p reason may be NULL): HANGUP; the other side gets a HANGUP event. The
 *  peer is not closed. An incoming call's offer kept for januv_videocall_accept() is dropped (when this
 *  returns 0).
 *  @return as januv_videocall_list(). */
JANUV_EXTERN int januv_videocall_hangup(januv_videocall *vc, const char *reason, januv_videocall_cb cb,
                                        void *data);
/** Detaches the handle; on_closed follows. @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p vc NULL), JANUV_ECLOSED (already detached or detaching), or
 *  januv_handle_detach()'s error. */
JANUV_EXTERN int januv_videocall_detach(januv_videocall *vc, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids), valid as long as @p vc. The module owns its
 *  callbacks and user pointer: do not change them. */
JANUV_EXTERN januv_handle *januv_videocall_handle(const januv_videocall *vc);
/** The peer given to call/accept, NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_videocall_peer(const januv_videocall *vc);
/** Sets the user pointer (initially the @p data given to januv_videocall_attach()); later callbacks get
 *  the new value. */
JANUV_EXTERN void januv_videocall_set_data(januv_videocall *vc, void *data);
/** The user pointer: the @p data given to januv_videocall_attach(), or what januv_videocall_set_data() set. */
JANUV_EXTERN void *januv_videocall_get_data(const januv_videocall *vc);
/** Name of an event type ("registered", "incomingcall", ...), "unknown" for a value outside the enum. A
 *  static string. */
JANUV_EXTERN const char *januv_videocall_event_name(januv_videocall_event_type type);

JANUV_END_DECLS

#endif
