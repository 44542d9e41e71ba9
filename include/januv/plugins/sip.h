/**
 * @file januv/plugins/sip.h
 * The SIP plugin ("janus.plugin.sip"): Janus as a SIP user agent on our behalf.
 *
 * A januv_sip wraps one plugin handle, which is one SIP account and at most one call at a time.
 * Register (with credentials, or as a guest that sends no REGISTER), call a SIP URI with a januv_peer
 * (our WebRTC offer becomes the INVITE's SDP; the SIP side's answer comes back in ACCEPTED or PROGRESS
 * and is applied to the peer), or accept an incoming call; then hold, unhold, DTMF over SIP INFO, SIP
 * INFO and MESSAGE, transfer (REFER), update (re-INVITE), recording, SUBSCRIBE, and hang up.
 *
 * Two kinds of outcome, as in the plugin:
 *  - every request's callback runs once with Janus's acceptance of it (reply->data "result":{"event":
 *    "registering"}, "calling", "hangingup", ...), or with its failure: JANUV_EPLUGIN for the plugin's
 *    errors (plugin_code is one of januv_sip_error, e.g. JANUV_SIP_ERR_WRONG_STATE), or the usual
 *    januv codes (timeout, cancel, connection loss, JANUV_EMEDIA from the peer);
 *  - what happens on the SIP side later arrives as typed events through on_event: REGISTERED or
 *    REGISTRATION_FAILED (with the SIP code and reason, e.g. 403 "Forbidden"), RINGING, ACCEPTED, HANGUP
 *    (with the SIP code and reason), INCOMINGCALL, MESSAGE, ... When a request's reply already is such an
 *    outcome (a guest "register" answers "registered", an "accept" with an answer answers "accepted"),
 *    the event also goes to on_event, right after the request's callback.
 *
 * The peer stays the application's: one peer per call (a PeerConnection ends with the call), closed by
 * the application, before or after the sip handle. Callbacks run on the loop, never inside a januv call;
 * on_closed is the last one, after which the januv_sip pointer is invalid. Closing from inside any
 * callback is safe.
 */
#ifndef JANUV_PLUGINS_SIP_H
#define JANUV_PLUGINS_SIP_H

#include "../handle.h"
#include "../media.h"

JANUV_BEGIN_DECLS

typedef struct januv_sip januv_sip;

/** The plugin's error codes (reply->plugin_code when status is JANUV_EPLUGIN). */
enum januv_sip_error {
  JANUV_SIP_ERR_NO_MESSAGE = 440,
  JANUV_SIP_ERR_INVALID_JSON = 441,
  JANUV_SIP_ERR_INVALID_REQUEST = 442,
  JANUV_SIP_ERR_MISSING_ELEMENT = 443,
  JANUV_SIP_ERR_INVALID_ELEMENT = 444,
  JANUV_SIP_ERR_ALREADY_REGISTERED = 445,
  JANUV_SIP_ERR_INVALID_ADDRESS = 446,
  JANUV_SIP_ERR_WRONG_STATE = 447,
  JANUV_SIP_ERR_MISSING_SDP = 448,
  JANUV_SIP_ERR_LIBSOFIA = 449,
  JANUV_SIP_ERR_IO = 450,
  JANUV_SIP_ERR_RECORDING = 451,
  JANUV_SIP_ERR_TOO_STRICT = 452,
  JANUV_SIP_ERR_HELPER = 453,
  JANUV_SIP_ERR_NO_SUCH_CALLID = 454,
  JANUV_SIP_ERR_UNKNOWN = 499
};

/** What happened on the SIP side. */
typedef enum januv_sip_event_type {
  JANUV_SIP_REGISTERED = 0,        /**< username, register_sent, master_id */
  JANUV_SIP_REGISTRATION_FAILED,   /**< code, reason: the registrar's final answer (e.g. 403) */
  JANUV_SIP_UNREGISTERED,          /**< username */
  JANUV_SIP_PROCEEDING,            /**< our INVITE: a provisional response (code) */
  JANUV_SIP_RINGING,               /**< our INVITE: 180 Ringing */
  JANUV_SIP_PROGRESS,              /**< our INVITE: 183 with early media; jsep: the answer (applied) */
  JANUV_SIP_ACCEPTED,              /**< the call is up; jsep: the answer when we offered (applied) */
  JANUV_SIP_INCOMINGCALL,          /**< username (caller), displayname, callee, srtp, referred_by, replaces;
                                        jsep: the caller's offer, NULL for an offerless INVITE */
  JANUV_SIP_MISSED_CALL,           /**< caller, displayname, callee: a call while busy (486 sent) */
  JANUV_SIP_UPDATINGCALL,          /**< a re-INVITE; jsep: its offer: answer with januv_sip_update() */
  JANUV_SIP_HANGUP,                /**< the call ended: code, reason (200 "SIP BYE" for a BYE) */
  JANUV_SIP_MESSAGE,               /**< an incoming SIP MESSAGE: sender, displayname, content_type, content */
  JANUV_SIP_MESSAGE_DELIVERY,      /**< the outcome of our MESSAGE: code, reason */
  JANUV_SIP_INFO,                  /**< an incoming SIP INFO: sender, displayname, content_type, content */
  JANUV_SIP_NOTIFY,                /**< an incoming NOTIFY: notify (event package), substate, content_type,
                                        content */
  JANUV_SIP_TRANSFER,              /**< an incoming REFER: refer_id, refer_to, referred_by, replaces */
  JANUV_SIP_SUBSCRIBE_SUCCEEDED,   /**< our SUBSCRIBE: code, reason */
  JANUV_SIP_SUBSCRIBE_FAILED,      /**< our SUBSCRIBE: code, reason */
  JANUV_SIP_ERROR,                 /**< a plugin error outside our requests: error_code, error */
  JANUV_SIP_OTHER                  /**< anything else: see event and data */
} januv_sip_event_type;

/** One event. Unset strings are NULL, unset numbers -1 (master_id and refer_id: 0). Pointers are valid
 *  during the callback only. */
typedef struct januv_sip_event {
  januv_sip_event_type type;
  /** Janus's name of the event ("result.event"), e.g. "registered". */
  const char *event;
  /** The SIP Call-ID of the call, message or subscription it belongs to. */
  const char *call_id;
  const char *username, *displayname, *callee, *caller, *sender;
  const char *content_type, *content;
  /** SIP status code and reason phrase, and the Reason header's parts when present. */
  int code;
  const char *reason, *reason_header, *reason_header_protocol, *reason_header_cause;
  /** REGISTERED: -1 unset, 0 (guest: no REGISTER), 1. */
  int register_sent;
  uint64_t master_id;
  /** INCOMINGCALL: "sdes_optional" or "sdes_mandatory" when the caller offers SDES-SRTP. */
  const char *srtp;
  const char *referred_by, *replaces, *refer_to;
  uint64_t refer_id;
  const char *notify, *substate;
  /** ACCEPTED: -1 unset, 1 when the callee is a conference focus. */
  int isfocus;
  /** Custom headers picked by the register's incoming_header_prefixes (an object), or NULL. */
  const cJSON *headers;
  /** ERROR: the plugin's error_code and error text. */
  int error_code;
  const char *error;
  /** The jsep that came with the event, or NULL. */
  const cJSON *jsep;
  /** plugindata.data as Janus sent it. */
  const cJSON *data;
} januv_sip_event;

/** Callbacks, all optional; @p data is the sip's user pointer. */
typedef struct januv_sip_callbacks {
  /** A SIP event (see januv_sip_event_type). */
  void (*on_event)(januv_sip *sip, const januv_sip_event *ev, void *data);
  /** The SDP answer that came with ACCEPTED or PROGRESS (after januv_sip_call() or an update we offered)
   *  was applied to the peer (status 0), or not: JANUV_EMEDIA (the peer refused it, reason set),
   *  JANUV_ESTATE (no peer any more), JANUV_ECANCELED (the handle closed first). Once per such answer. */
  void (*on_answer)(januv_sip *sip, int status, const char *reason, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h). */
  void (*on_handle_event)(januv_sip *sip, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_sip_detach(), otherwise why the handle closed. */
  void (*on_closed)(januv_sip *sip, int reason, void *data);
} januv_sip_callbacks;

/** Completion of januv_sip_attach(): @p sip NULL on failure (reply->status says why). */
typedef void (*januv_sip_attach_cb)(januv_sip *sip, const januv_reply *reply, void *data);

/**
 * Attaches to the SIP plugin. @p cbs are copied; @p data is the sip's user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL, or januv_handle_attach()'s error.
 */
JANUV_EXTERN int januv_sip_attach(januv_session *session, const januv_sip_callbacks *cbs, januv_sip_attach_cb cb,
                                  void *data);

/* ---- registration ---- */

/** A "register" request; initialize with januv_sip_register_options_init(). Strings and JSON are borrowed.
 *  Unset: NULL strings, -1 tri-states and numbers, 0 master_id. */
typedef struct januv_sip_register_options {
  /** Our SIP URI, e.g. "sip:alice@example.com" (required). */
  const char *username;
  /** "guest" (no REGISTER: calls only) or "helper" (an extra call line of master_id), NULL regular. */
  const char *type;
  /** Password, or its HA1 hash; one of them is required unless type is "guest". */
  const char *secret, *ha1_secret;
  /** Authentication username when it differs from the URI's user. */
  const char *authuser;
  const char *display_name, *user_agent;
  /** The registrar ("sip:host:port"), and an outbound proxy for every request. */
  const char *proxy, *outbound_proxy;
  /** 0: no REGISTER is sent (send_register false). */
  int send_register;
  int force_udp, force_tcp, sips, rfc2543_cancel, refresh;
  /** Expiry of the registration in seconds. */
  int register_ttl;
  /** helper: the master's id (from REGISTERED). */
  uint64_t master_id;
  /** Extra headers of the REGISTER ({"X-Name":"value"}), Contact URI params, both objects. */
  const cJSON *headers, *contact_params;
  /** Header name prefixes to report in events' headers, e.g. "X-". */
  const char *const *incoming_header_prefixes;
  size_t nincoming_header_prefixes;
} januv_sip_register_options;

JANUV_EXTERN void januv_sip_register_options_init(januv_sip_register_options *o);

/**
 * Registers ("register"). @p cb runs once with the acceptance ("registering"; "registered" for a guest or
 * send_register 0) or the failure (e.g. JANUV_SIP_ERR_MISSING_ELEMENT without a secret); the outcome
 * follows as REGISTERED or REGISTRATION_FAILED. 401 and 407 challenges are answered by Janus.
 * @return 0, JANUV_EINVAL (no username), JANUV_ECLOSED, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_register(januv_sip *sip, const januv_sip_register_options *o, januv_reply_cb cb,
                                    void *data);

/** Unregisters ("unregister"); UNREGISTERED follows. */
JANUV_EXTERN int januv_sip_unregister(januv_sip *sip, januv_reply_cb cb, void *data);

/* ---- calls ---- */

/** A "call" request; initialize with januv_sip_call_options_init(). */
typedef struct januv_sip_call_options {
  /** Our own Call-ID, NULL: Janus makes one. */
  const char *call_id;
  /** Extra INVITE headers, an object. */
  const cJSON *headers;
  /** "sdes_optional" or "sdes_mandatory" to offer SDES-SRTP on the SIP side; srtp_profile e.g.
   *  "AES_CM_128_HMAC_SHA1_80". */
  const char *srtp, *srtp_profile;
  /** Credentials for an INVITE challenge when no REGISTER was sent. */
  const char *secret, *ha1_secret, *authuser;
  /** -1 unset (Janus: true): accept re-INVITEs without asking (else UPDATINGCALL). */
  int autoaccept_reinvites;
  /** The TRANSFER event's refer_id when this call follows a REFER. */
  uint64_t refer_id;
} januv_sip_call_options;

JANUV_EXTERN void januv_sip_call_options_init(januv_sip_call_options *o);

/**
 * Calls @p uri ("call"): @p peer (with at least one track; no data channel) offers, the offer goes with
 * the request, our candidates are trickled. @p cb runs once with the acceptance ("calling") or the
 * failure (JANUV_EMEDIA when the peer could not offer). Then RINGING, PROGRESS, ACCEPTED (the answer is
 * applied to @p peer, on_answer tells the outcome) or HANGUP follow.
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (a negotiation is in progress), JANUV_ECLOSED, JANUV_ENOMEDIA,
 *         JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_call(januv_sip *sip, januv_peer *peer, const char *uri, const januv_sip_call_options *o,
                                januv_reply_cb cb, void *data);

/** An "accept" request; zero-initialize, or januv_sip_accept_options_init(). */
typedef struct januv_sip_accept_options {
  const char *srtp;
  const cJSON *headers;
  int autoaccept_reinvites; /**< -1 unset */
} januv_sip_accept_options;

JANUV_EXTERN void januv_sip_accept_options_init(januv_sip_accept_options *o);

/**
 * Accepts the incoming call of the last INCOMINGCALL ("accept") with @p peer: the caller's offer is
 * answered (@p cb then runs with Janus's "accepted", which also goes to on_event), or, for an offerless
 * INVITE, @p peer offers (@p cb runs with "accepting"; ACCEPTED with the answer follows).
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (no incoming call, or a negotiation in progress), JANUV_ECLOSED,
 *         JANUV_ENOMEDIA, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_accept(januv_sip *sip, januv_peer *peer, const januv_sip_accept_options *o,
                                  januv_reply_cb cb, void *data);

/** Declines the incoming call ("decline") with SIP @p code (0: 486 Busy Here); @p headers (an object) or NULL.
 *  @return 0, JANUV_ESTATE (no incoming call: Janus would ignore the request without a reply), JANUV_ECLOSED,
 *  JANUV_ENOMEM. */
JANUV_EXTERN int januv_sip_decline(januv_sip *sip, int code, const cJSON *headers, januv_reply_cb cb, void *data);

/** Hangs up the call, or cancels it while it rings ("hangup"); HANGUP follows. @p headers or NULL.
 *  @return 0, JANUV_ESTATE (no outgoing or established call: Janus would ignore the request without a reply;
 *  decline an incoming one), JANUV_ECLOSED, JANUV_ENOMEM. */
JANUV_EXTERN int januv_sip_hangup(januv_sip *sip, const cJSON *headers, januv_reply_cb cb, void *data);

/**
 * Puts the call on hold ("hold"): a re-INVITE with @p direction for the SIP side's media, one of
 * JANUV_DIR_SENDONLY (the default when JANUV_DIR_SENDRECV is given), JANUV_DIR_RECVONLY, JANUV_DIR_INACTIVE.
 * The WebRTC side is not renegotiated. @p cb gets "holding".
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (no established call: Janus would ignore the request without a
 *         reply), JANUV_ECLOSED, JANUV_ENOMEM. januv_sip_unhold() returns the same codes.
 */
JANUV_EXTERN int januv_sip_hold(januv_sip *sip, januv_direction direction, januv_reply_cb cb, void *data);
/** Resumes the call ("unhold"): the direction before the hold is restored. @p cb gets "resuming". */
JANUV_EXTERN int januv_sip_unhold(januv_sip *sip, januv_reply_cb cb, void *data);

/**
 * Renegotiates ("update"). After an UPDATINGCALL, the re-INVITE's offer is answered with the call's peer
 * (@p cb gets "updated"); otherwise the peer makes a new offer (e.g. after tracks changed), which goes out
 * as a re-INVITE (@p cb gets "updating"; ACCEPTED with the answer follows).
 * @return 0, JANUV_ESTATE (no call with a peer, or a negotiation in progress), JANUV_ECLOSED, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_update(januv_sip *sip, januv_reply_cb cb, void *data);

/* ---- in a call ---- */

/**
 * Sends DTMF digits as SIP INFO ("dtmf_info", application/dtmf-relay), one INFO per digit, in order.
 * @p digits: 0-9, A-D, '*', '#'; @p duration_ms 0: Janus's default (160). @p cb runs once, after the last
 * digit was accepted ("dtmfsent"), or with the first failure.
 * @return 0, JANUV_EINVAL (empty or a character that is no digit), JANUV_ECLOSED, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_dtmf_info(januv_sip *sip, const char *digits, int duration_ms, januv_reply_cb cb,
                                     void *data);

/** Sends a SIP INFO with body @p content of type @p type ("info"); @p cb gets "infosent". */
JANUV_EXTERN int januv_sip_info(januv_sip *sip, const char *type, const char *content, const cJSON *headers,
                                januv_reply_cb cb, void *data);

/** A SIP MESSAGE ("message"); zero-initialize. */
typedef struct januv_sip_message_options {
  /** Default "text/plain". */
  const char *content_type;
  /** Out of dialog to this URI (needs a registration); NULL: inside the call. */
  const char *uri;
  const char *call_id;
  const cJSON *headers;
} januv_sip_message_options;

/** Sends @p content as a SIP MESSAGE; @p cb gets "messagesent", MESSAGE_DELIVERY follows. */
JANUV_EXTERN int januv_sip_message(januv_sip *sip, const char *content, const januv_sip_message_options *o,
                                   januv_reply_cb cb, void *data);

/** Transfers the call to @p uri with a REFER ("transfer"): blind, or attended when @p replace_call_id is
 *  the Call-ID of the call it replaces. @p cb gets "transferring"; NOTIFY events tell the progress. */
JANUV_EXTERN int januv_sip_transfer(januv_sip *sip, const char *uri, const char *replace_call_id, januv_reply_cb cb,
                                    void *data);

/** A "recording" request: which sides to record on the server (.mjr files); zero-initialize, or
 *  januv_sip_recording_options_init() (everything unset). */
typedef struct januv_sip_recording_options {
  int audio, video, peer_audio, peer_video, send_peer_pli; /**< -1 unset, 0, 1 */
  const char *filename; /**< base path of the recordings */
} januv_sip_recording_options;

JANUV_EXTERN void januv_sip_recording_options_init(januv_sip_recording_options *o);
/** Starts (@p start true) or stops recording the call; @p cb gets "recordingupdated". */
JANUV_EXTERN int januv_sip_recording(januv_sip *sip, bool start, const januv_sip_recording_options *o,
                                     januv_reply_cb cb, void *data);

/** A SUBSCRIBE ("subscribe"); initialize with januv_sip_subscribe_options_init(). */
typedef struct januv_sip_subscribe_options {
  /** The event package, e.g. "message-summary" (required). */
  const char *event;
  const char *accept, *to, *call_id;
  int subscribe_ttl; /**< -1 unset */
  const cJSON *headers;
} januv_sip_subscribe_options;

JANUV_EXTERN void januv_sip_subscribe_options_init(januv_sip_subscribe_options *o);
/** Subscribes; @p cb gets "subscribing", SUBSCRIBE_SUCCEEDED or _FAILED then NOTIFY events follow. */
JANUV_EXTERN int januv_sip_subscribe(januv_sip *sip, const januv_sip_subscribe_options *o, januv_reply_cb cb,
                                     void *data);
/** Ends the subscription to @p event ("unsubscribe"); @p cb gets "unsubscribing". */
JANUV_EXTERN int januv_sip_unsubscribe(januv_sip *sip, const char *event, januv_reply_cb cb, void *data);

/* ---- the handle ---- */

/** Detaches the handle (Janus hangs up and unregisters); on_closed follows. @p cb may be NULL. */
JANUV_EXTERN int januv_sip_detach(januv_sip *sip, januv_reply_cb cb, void *data);
/** The plugin handle. */
JANUV_EXTERN januv_handle *januv_sip_handle(const januv_sip *sip);
/** The peer of the current (or last) call, NULL before any or once it closed. */
JANUV_EXTERN januv_peer *januv_sip_peer(const januv_sip *sip);
JANUV_EXTERN void januv_sip_set_data(januv_sip *sip, void *data);
JANUV_EXTERN void *januv_sip_get_data(const januv_sip *sip);
/** Name of an event type ("registered", "accepted", ...). */
JANUV_EXTERN const char *januv_sip_event_name(januv_sip_event_type type);

JANUV_END_DECLS

#endif
