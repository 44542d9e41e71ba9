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

typedef struct januv_videocall januv_videocall;

/** VideoCall's error codes (reply->plugin_code, januv_videocall_event.error_code). */
enum {
  JANUV_VIDEOCALL_ERR_UNKNOWN = 499,
  JANUV_VIDEOCALL_ERR_NO_MESSAGE = 470,
  JANUV_VIDEOCALL_ERR_INVALID_JSON = 471,
  JANUV_VIDEOCALL_ERR_INVALID_REQUEST = 472,
  JANUV_VIDEOCALL_ERR_REGISTER_FIRST = 473,
  JANUV_VIDEOCALL_ERR_INVALID_ELEMENT = 474,
  JANUV_VIDEOCALL_ERR_MISSING_ELEMENT = 475,
  JANUV_VIDEOCALL_ERR_USERNAME_TAKEN = 476,
  JANUV_VIDEOCALL_ERR_ALREADY_REGISTERED = 477,
  JANUV_VIDEOCALL_ERR_NO_SUCH_USERNAME = 478,
  JANUV_VIDEOCALL_ERR_USE_ECHO_TEST = 479,
  JANUV_VIDEOCALL_ERR_ALREADY_IN_CALL = 480,
  JANUV_VIDEOCALL_ERR_NO_CALL = 481,
  JANUV_VIDEOCALL_ERR_MISSING_SDP = 482,
  JANUV_VIDEOCALL_ERR_INVALID_SDP = 483
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
  januv_videocall_event_type type;
  /** REGISTERED: ours; INCOMINGCALL, ACCEPTED: the other user; HANGUP: who hung up. */
  const char *username;
  /** HANGUP: why. */
  const char *reason;
  /** LIST: the registered usernames. */
  const char *const *list;
  size_t nlist;
  /** SLOW_LINK: "audio" or "video", and the bitrate cap in force. */
  const char *media;
  int current_bitrate;
  /** SIMULCAST: the layers now relayed. */
  int substream, temporal;
  /** ERROR: VideoCall's error_code (JANUV_VIDEOCALL_ERR_*), or a negative januv code when januv could not
   *  apply or answer the other side's SDP; error: the text. */
  int error_code;
  const char *error;
  /** plugindata.data and the jsep, as Janus sent them. */
  const cJSON *data;
  const cJSON *jsep;
} januv_videocall_event;

/** Completion of a request: @p ev is the decoded reply (NULL when reply->status != 0). */
typedef void (*januv_videocall_cb)(const januv_reply *reply, const januv_videocall_event *ev, void *data);

/** Callbacks of a handle, all optional; @p data is the handle's user pointer. */
typedef struct januv_videocall_callbacks {
  /** A VideoCall event that answers none of our requests (incomingcall, accepted, update, hangup, ...). */
  void (*on_event)(januv_videocall *vc, const januv_videocall_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h). */
  void (*on_handle_event)(januv_videocall *vc, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_videocall_detach(), otherwise why the handle closed. */
  void (*on_closed)(januv_videocall *vc, int reason, void *data);
} januv_videocall_callbacks;

/** Completion of januv_videocall_attach(): @p vc NULL on failure (reply->status says why). */
typedef void (*januv_videocall_attach_cb)(januv_videocall *vc, const januv_reply *reply, void *data);

/**
 * Attaches a handle to the VideoCall plugin. @p cbs are copied; @p data is the handle's user pointer.
 * @return 0 (cb runs once), or januv_handle_attach()'s error.
 */
JANUV_EXTERN int januv_videocall_attach(januv_session *session, const januv_videocall_callbacks *cbs,
                                        januv_videocall_attach_cb cb, void *data);

/** Lists the registered usernames: JANUV_VIDEOCALL_LIST.
 *  @return 0 (cb runs once), JANUV_EINVAL, JANUV_ECLOSED, JANUV_ENOMEM. Same for every request. */
JANUV_EXTERN int januv_videocall_list(januv_videocall *vc, januv_videocall_cb cb, void *data);
/** Registers @p username (free usernames only; it is released when the handle goes): REGISTERED. */
JANUV_EXTERN int januv_videocall_register(januv_videocall *vc, const char *username, januv_videocall_cb cb,
                                          void *data);

/** Call settings ("set"); januv_videocall_set_options_init() leaves every field unset. */
typedef struct januv_videocall_set_options {
  int audio, video;    /**< -1/0/1: relay our audio / video to the other side */
  int bitrate;         /**< REMB cap in bit/s, -1 unset */
  int record;          /**< -1/0/1: Janus records our side */
  const char *filename; /**< base path of the recording */
  int substream, temporal, fallback; /**< simulcast layers to receive, -1 unset */
} januv_videocall_set_options;

JANUV_EXTERN void januv_videocall_set_options_init(januv_videocall_set_options *o);

/**
 * Calls @p username: @p peer offers, the offer goes with "call". @p cb runs once with CALLING (or the
 * failure: JANUV_EPLUGIN, JANUV_EMEDIA). The callee's answer comes later in an ACCEPTED event (januv gives
 * it to the peer; an ERROR event follows if the peer refuses it), or a HANGUP when the call is declined. The
 * handle then drives the peer's signalling until it detaches or the peer closes.
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (another offer of this handle is in progress), JANUV_ECLOSED,
 *         JANUV_ENOMEDIA, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_videocall_call(januv_videocall *vc, januv_peer *peer, const char *username,
                                      januv_videocall_cb cb, void *data);
/**
 * Accepts the incoming call: @p peer answers the caller's offer (from the last INCOMINGCALL event), the
 * answer goes with "accept". @p cb runs once with ACCEPTED (or the failure).
 * @return as januv_videocall_call(); JANUV_ESTATE when no call is incoming.
 */
JANUV_EXTERN int januv_videocall_accept(januv_videocall *vc, januv_peer *peer, januv_videocall_cb cb, void *data);
/** Changes the call's settings (no SDP): SET. */
JANUV_EXTERN int januv_videocall_set(januv_videocall *vc, const januv_videocall_set_options *o,
                                     januv_videocall_cb cb, void *data);
/** Renegotiates the call ("set" with a new offer; @p o may be NULL): SET; the other side's answer comes in
 *  an UPDATE event and is applied by januv. */
JANUV_EXTERN int januv_videocall_renegotiate(januv_videocall *vc, const januv_offer_options *offer,
                                             const januv_videocall_set_options *o, januv_videocall_cb cb,
                                             void *data);
/** Hangs up, declines or cancels (@p reason may be NULL): HANGUP; the other side gets a HANGUP event. The
 *  peer is not closed. */
JANUV_EXTERN int januv_videocall_hangup(januv_videocall *vc, const char *reason, januv_videocall_cb cb,
                                        void *data);
/** Detaches the handle; on_closed follows. @p cb may be NULL. */
JANUV_EXTERN int januv_videocall_detach(januv_videocall *vc, januv_reply_cb cb, void *data);

/** The plugin handle (for januv_handle_send() and ids). */
JANUV_EXTERN januv_handle *januv_videocall_handle(const januv_videocall *vc);
/** The peer given to call/accept, NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_videocall_peer(const januv_videocall *vc);
JANUV_EXTERN void januv_videocall_set_data(januv_videocall *vc, void *data);
JANUV_EXTERN void *januv_videocall_get_data(const januv_videocall *vc);
/** Name of an event type ("registered", "incomingcall", ...). */
JANUV_EXTERN const char *januv_videocall_event_name(januv_videocall_event_type type);

JANUV_END_DECLS

#endif
