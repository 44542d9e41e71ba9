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

/**
 * A SIP plugin handle (opaque). januv_sip_attach() allocates it and hands it to the attach callback; januv
 * frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_sip januv_sip;

/** The plugin's error codes (reply->plugin_code when status is JANUV_EPLUGIN), Janus's JANUS_SIP_ERROR_*. */
enum januv_sip_error {
  JANUV_SIP_ERR_NO_MESSAGE = 440,         /**< the request had no body */
  JANUV_SIP_ERR_INVALID_JSON = 441,       /**< the body is not a JSON object */
  JANUV_SIP_ERR_INVALID_REQUEST = 442,    /**< unknown "request", or not allowed here */
  JANUV_SIP_ERR_MISSING_ELEMENT = 443,    /**< a mandatory member is missing (a register without a secret, ...) */
  JANUV_SIP_ERR_INVALID_ELEMENT = 444,    /**< a member has the wrong type or value */
  JANUV_SIP_ERR_ALREADY_REGISTERED = 445, /**< register: already registered */
  JANUV_SIP_ERR_INVALID_ADDRESS = 446,    /**< a SIP URI (username, proxy, outbound_proxy, uri) is invalid */
  JANUV_SIP_ERR_WRONG_STATE = 447,        /**< not valid in the current registration or call state */
  JANUV_SIP_ERR_MISSING_SDP = 448,        /**< the jsep is missing, does not parse, or does not fit the call */
  JANUV_SIP_ERR_LIBSOFIA = 449,           /**< the SIP stack (Sofia-SIP) is not usable */
  JANUV_SIP_ERR_IO = 450,                 /**< no RTP/RTCP ports could be allocated, or the SDP not rewritten */
  JANUV_SIP_ERR_RECORDING = 451,          /**< recording: nothing to record, or it failed */
  JANUV_SIP_ERR_TOO_STRICT = 452,         /**< SDES-SRTP is mandatory but the other side did not offer it */
  JANUV_SIP_ERR_HELPER = 453,             /**< helper registration: no such master, or not allowed on a helper */
  JANUV_SIP_ERR_NO_SUCH_CALLID = 454,     /**< no call with that Call-ID */
  JANUV_SIP_ERR_UNKNOWN = 499             /**< any other error */
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
  /** What happened ("result.event", or "error_code"); it tells which members below are set. */
  januv_sip_event_type type;
  /** Janus's name of the event ("result.event"), e.g. "registered". */
  const char *event;
  /** The SIP Call-ID of the call, message or subscription it belongs to. */
  const char *call_id;
  /** REGISTERED, UNREGISTERED: our SIP URI; INCOMINGCALL: the caller's ("result.username"). */
  const char *username;
  /** INCOMINGCALL, MISSED_CALL, MESSAGE, INFO: the other side's display name, when known ("result.displayname"). */
  const char *displayname;
  /** INCOMINGCALL, MISSED_CALL: the URI that was called ("result.callee"). */
  const char *callee;
  /** MISSED_CALL: the caller's URI ("result.caller"). */
  const char *caller;
  /** MESSAGE, INFO: the sender's URI ("result.sender"). */
  const char *sender;
  /** MESSAGE, INFO, NOTIFY: the body's content type ("result.content_type", "result.type" or
   *  "result.content-type", as the event names it). */
  const char *content_type;
  /** MESSAGE, INFO, NOTIFY: the body ("result.content"). */
  const char *content;
  /** SIP status code and reason phrase, and the Reason header's parts when present. */
  int code;
  /** The SIP reason phrase that goes with code ("result.reason"). */
  const char *reason;
  /** The text of the Reason header, when the SIP message had one ("result.reason_header"). */
  const char *reason_header;
  /** The Reason header's protocol, "SIP", "Q.850", ... ("result.reason_header_protocol"). */
  const char *reason_header_protocol;
  /** The Reason header's cause code ("result.reason_header_cause"). */
  const char *reason_header_cause;
  /** REGISTERED: -1 unset, 0 (guest: no REGISTER), 1. */
  int register_sent;
  /** REGISTERED: our id in the plugin, for helper registrations (januv_sip_register_options.master_id); 0 when
   *  absent ("result.master_id"). */
  uint64_t master_id;
  /** INCOMINGCALL: "sdes_optional" or "sdes_mandatory" when the caller offers SDES-SRTP. */
  const char *srtp;
  /** INCOMINGCALL, TRANSFER: the transferor's URI (Referred-By) ("result.referred_by"). */
  const char *referred_by;
  /** INCOMINGCALL, TRANSFER: the Call-ID of the call this one replaces, for an attended transfer
   *  ("result.replaces"). */
  const char *replaces;
  /** TRANSFER: the URI to call ("result.refer_to"). */
  const char *refer_to;
  /** TRANSFER: the REFER's id, to give as januv_sip_call_options.refer_id when calling refer_to; 0 when absent
   *  ("result.refer_id"). */
  uint64_t refer_id;
  /** NOTIFY: the event package of the subscription, like "message-summary" ("result.notify"). */
  const char *notify;
  /** NOTIFY: the subscription's state, like "active" ("result.substate"). */
  const char *substate;
  /** ACCEPTED: -1 unset, 1 when the callee is a conference focus. */
  int isfocus;
  /** Custom headers picked by the register's incoming_header_prefixes (an object), or NULL. */
  const cJSON *headers;
  /** ERROR: the plugin's error_code (-1 for the other types). */
  int error_code;
  /** ERROR: the plugin's error text ("error"), NULL when it sent none. */
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
  /** The SDP answer that came with ACCEPTED or PROGRESS (after januv_sip_call(), an update we offered, or
   *  the accept of an offerless INVITE) was applied to the peer (status 0), or not: JANUV_EMEDIA (the peer
   *  refused it, reason set), JANUV_ESTATE (no peer any more), JANUV_ECANCELED (the handle closed first),
   *  JANUV_ECLOSED or JANUV_ENOMEM (it could not be queued). Once per such answer; @p reason is valid
   *  during the call only. */
  void (*on_answer)(januv_sip *sip, int status, const char *reason, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see handle.h. */
  void (*on_handle_event)(januv_sip *sip, const januv_event *ev, void *data);
  /** The last callback, exactly once: 0 after januv_sip_detach() (or a "detached" from Janus, or the
   *  session's destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests
   *  still pending completed before it. */
  void (*on_closed)(januv_sip *sip, int reason, void *data);
} januv_sip_callbacks;

/** Completion of januv_sip_attach(): @p sip NULL on failure (reply->status says why). */
typedef void (*januv_sip_attach_cb)(januv_sip *sip, const januv_reply *reply, void *data);

/**
 * Attaches to the SIP plugin. @p cbs are copied (may be NULL); @p data is the sip's user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or januv_handle_attach()'s
 *         error (then cb never runs).
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
  /** Password, or its HA1 hash in ha1_secret; one of them is required unless type is "guest". */
  const char *secret;
  /** The password's HA1 hash ("ha1_secret"), instead of secret. */
  const char *ha1_secret;
  /** Authentication username when it differs from the URI's user. */
  const char *authuser;
  /** Our display name in the REGISTER ("display_name"). */
  const char *display_name;
  /** The User-Agent of the REGISTER ("user_agent"). */
  const char *user_agent;
  /** The registrar ("sip:host:port"). */
  const char *proxy;
  /** An outbound proxy for every request ("outbound_proxy"). */
  const char *outbound_proxy;
  /** 0: no REGISTER is sent (send_register false). */
  int send_register;
  /** tri: use UDP for the SIP messaging ("force_udp"). */
  int force_udp;
  /** tri: use TCP for the SIP messaging ("force_tcp"). */
  int force_tcp;
  /** tri: register a SIPS URI too ("sips"). */
  int sips;
  /** tri: CANCEL a pending INVITE even before a provisional response arrived ("rfc2543_cancel"). */
  int rfc2543_cancel;
  /** tri: the REGISTER only refreshes the registration, not a new one ("refresh"). */
  int refresh;
  /** Expiry of the registration in seconds. */
  int register_ttl;
  /** helper: the master's id (from REGISTERED). */
  uint64_t master_id;
  /** Extra headers of the REGISTER ({"X-Name":"value"}), an object. */
  const cJSON *headers;
  /** Contact URI params ("contact_params"), an object. */
  const cJSON *contact_params;
  /** Header name prefixes to report in events' headers, e.g. "X-". */
  const char *const *incoming_header_prefixes;
  /** Number of entries in incoming_header_prefixes; 0 leaves the member out. */
  size_t nincoming_header_prefixes;
} januv_sip_register_options;

/** Fills @p o with the defaults: everything unset (NULL, -1, 0 master_id and no prefixes). Call it before
 *  setting members, so that members added in later versions stay unset. */
JANUV_EXTERN void januv_sip_register_options_init(januv_sip_register_options *o);

/**
 * Registers ("register"). @p cb runs once with the acceptance ("registering"; "registered" for a guest or
 * send_register 0) or the failure (e.g. JANUV_SIP_ERR_MISSING_ELEMENT without a secret); the outcome
 * follows as REGISTERED or REGISTRATION_FAILED. 401 and 407 challenges are answered by Janus. @p o is
 * borrowed until the call returns; @p cb may be NULL.
 * @return 0, JANUV_EINVAL (@p sip or @p o NULL, no username, incoming_header_prefixes NULL with a count),
 *         JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_sip_register(januv_sip *sip, const januv_sip_register_options *o, januv_reply_cb cb,
                                    void *data);

/** Unregisters ("unregister"); @p cb (may be NULL) gets "unregistering", UNREGISTERED follows.
 *  @return 0, JANUV_EINVAL (@p sip NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_unregister(januv_sip *sip, januv_reply_cb cb, void *data);

/* ---- calls ---- */

/** A "call" request; initialize with januv_sip_call_options_init(). Strings and JSON are borrowed until the
 *  call returns. */
typedef struct januv_sip_call_options {
  /** Our own Call-ID, NULL: Janus makes one. */
  const char *call_id;
  /** Extra INVITE headers, an object. */
  const cJSON *headers;
  /** "sdes_optional" or "sdes_mandatory" to offer SDES-SRTP on the SIP side; srtp_profile e.g.
   *  "AES_CM_128_HMAC_SHA1_80". */
  const char *srtp;
  /** The SRTP profile to offer with srtp ("srtp_profile"), NULL unset. */
  const char *srtp_profile;
  /** Credentials for an INVITE challenge when no REGISTER was sent. */
  const char *secret;
  /** The password's HA1 hash for such a challenge ("ha1_secret"), instead of secret. */
  const char *ha1_secret;
  /** The authentication username for such a challenge ("authuser"). */
  const char *authuser;
  /** -1 unset (Janus: true): accept re-INVITEs without asking (else UPDATINGCALL). */
  int autoaccept_reinvites;
  /** The TRANSFER event's refer_id when this call follows a REFER. */
  uint64_t refer_id;
} januv_sip_call_options;

/** Fills @p o with the defaults: everything unset (NULL, autoaccept_reinvites -1, refer_id 0). */
JANUV_EXTERN void januv_sip_call_options_init(januv_sip_call_options *o);

/**
 * Calls @p uri ("call"): @p peer (with at least one track; no data channel) offers, the offer goes with
 * the request, our candidates are trickled. @p cb runs once with the acceptance ("calling") or the
 * failure (JANUV_EMEDIA when the peer could not offer). Then RINGING, PROGRESS, ACCEPTED (the answer is
 * applied to @p peer, on_answer tells the outcome) or HANGUP follow. @p o may be NULL; @p cb may be NULL.
 * @return 0, JANUV_EINVAL (@p sip, @p peer or @p uri NULL), JANUV_ESTATE (a negotiation is in progress),
 *         JANUV_ECLOSED (the handle or the peer is closing), JANUV_ENOMEDIA (built without media),
 *         JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_call(januv_sip *sip, januv_peer *peer, const char *uri, const januv_sip_call_options *o,
                                januv_reply_cb cb, void *data);

/** An "accept" request; zero-initialize, or januv_sip_accept_options_init(). A zero-initialized struct sends
 *  "autoaccept_reinvites": false (re-INVITEs then arrive as UPDATINGCALL); the init function leaves it unset
 *  (Janus: true). Strings and JSON are borrowed until the call returns. */
typedef struct januv_sip_accept_options {
  const char *srtp;         /**< "sdes_optional" or "sdes_mandatory": SDES-SRTP on the SIP side ("srtp"), NULL unset */
  const cJSON *headers;     /**< extra headers of the 200 OK ("headers"), an object, or NULL */
  int autoaccept_reinvites; /**< -1 unset */
} januv_sip_accept_options;

/** Fills @p o with the defaults: srtp and headers NULL, autoaccept_reinvites -1 (unset). */
JANUV_EXTERN void januv_sip_accept_options_init(januv_sip_accept_options *o);

/**
 * Accepts the incoming call of the last INCOMINGCALL ("accept") with @p peer: the caller's offer is
 * answered (@p cb then runs with Janus's "accepted", which also goes to on_event), or, for an offerless
 * INVITE, @p peer offers (@p cb runs with "accepting"; ACCEPTED with the answer follows). @p o may be NULL;
 * @p cb may be NULL.
 * @return 0, JANUV_EINVAL (@p sip or @p peer NULL, or the caller's SDP does not parse), JANUV_ESTATE (no
 *         incoming call, an UPDATINGCALL to answer with januv_sip_update() instead, or a negotiation in
 *         progress), JANUV_ECLOSED (the handle or the peer is closing), JANUV_ENOMEDIA (built without
 *         media), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_accept(januv_sip *sip, januv_peer *peer, const januv_sip_accept_options *o,
                                  januv_reply_cb cb, void *data);

/** Declines the incoming call ("decline") with SIP @p code (0: 486 Busy Here); @p headers (an object) or NULL.
 *  @p cb (may be NULL) gets "declining".
 *  @return 0, JANUV_EINVAL (@p sip NULL, @p headers not an object), JANUV_ESTATE (no incoming call: Janus
 *  would ignore the request without a reply), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *  error. */
JANUV_EXTERN int januv_sip_decline(januv_sip *sip, int code, const cJSON *headers, januv_reply_cb cb, void *data);

/** Hangs up the call, or cancels it while it rings ("hangup"); @p cb (may be NULL) gets "hangingup", HANGUP
 *  follows. @p headers (an object) or NULL. The peer is not closed (close it yourself).
 *  @return 0, JANUV_EINVAL (@p sip NULL, @p headers not an object), JANUV_ESTATE (no outgoing or established
 *  call: Janus would ignore the request without a reply; decline an incoming one), JANUV_ECLOSED,
 *  JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_hangup(januv_sip *sip, const cJSON *headers, januv_reply_cb cb, void *data);

/**
 * Puts the call on hold ("hold"): a re-INVITE with @p direction for the SIP side's media, one of
 * JANUV_DIR_SENDONLY (the default when JANUV_DIR_SENDRECV is given), JANUV_DIR_RECVONLY, JANUV_DIR_INACTIVE.
 * The WebRTC side is not renegotiated. @p cb (may be NULL) gets "holding".
 * @return 0, JANUV_EINVAL (@p sip NULL, @p direction out of range), JANUV_ESTATE (no established call: Janus
 *         would ignore the request without a reply), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *         error. januv_sip_unhold() returns the same codes.
 */
JANUV_EXTERN int januv_sip_hold(januv_sip *sip, januv_direction direction, januv_reply_cb cb, void *data);
/** Resumes the call ("unhold"): the direction before the hold is restored. @p cb gets "resuming". */
JANUV_EXTERN int januv_sip_unhold(januv_sip *sip, januv_reply_cb cb, void *data);

/**
 * Renegotiates ("update"). After an UPDATINGCALL, the re-INVITE's offer is answered with the call's peer
 * (@p cb gets "updated"); otherwise the peer makes a new offer (e.g. after tracks changed), which goes out
 * as a re-INVITE (@p cb gets "updating"; ACCEPTED with the answer follows). @p cb may be NULL.
 * @return 0, JANUV_EINVAL (@p sip NULL, or the re-INVITE's SDP does not parse), JANUV_ESTATE (no call with a
 *         peer, or a negotiation in progress), JANUV_ECLOSED (the handle or the peer is closing), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_sip_update(januv_sip *sip, januv_reply_cb cb, void *data);

/* ---- in a call ---- */

/**
 * Sends DTMF digits as SIP INFO ("dtmf_info", application/dtmf-relay), one INFO per digit, in order.
 * @p digits: 0-9, A-D (or a-d), '*', '#'; @p duration_ms 0 (or negative): Janus's default (160). @p cb (may
 * be NULL) runs once, after the last digit was accepted ("dtmfsent"), or with the first failure (reported
 * once every digit's reply arrived; its json, data and jsep are then NULL).
 * @return 0, JANUV_EINVAL (@p sip NULL, @p digits NULL, empty or with a character that is no digit),
 *         JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error for the first digit (when a later
 *         digit cannot be sent, the call returns 0 and @p cb gets that error).
 */
JANUV_EXTERN int januv_sip_dtmf_info(januv_sip *sip, const char *digits, int duration_ms, januv_reply_cb cb,
                                     void *data);

/** Sends a SIP INFO with body @p content of type @p type ("info"); @p headers (an object) or NULL. @p cb (may
 *  be NULL) gets "infosent".
 *  @return 0, JANUV_EINVAL (@p sip, @p type or @p content NULL, @p headers not an object), JANUV_ECLOSED,
 *          JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_info(januv_sip *sip, const char *type, const char *content, const cJSON *headers,
                                januv_reply_cb cb, void *data);

/** A SIP MESSAGE ("message"); zero-initialize (every member then unset). Strings and JSON are borrowed until
 *  the call returns. */
typedef struct januv_sip_message_options {
  /** Default "text/plain". */
  const char *content_type;
  /** Out of dialog to this URI (needs a registration); NULL: inside the call. */
  const char *uri;
  /** Our own Call-ID for the MESSAGE ("call_id"), NULL unset. */
  const char *call_id;
  /** Extra headers of the MESSAGE ("headers"), an object, or NULL. */
  const cJSON *headers;
} januv_sip_message_options;

/** Sends @p content as a SIP MESSAGE; @p cb (may be NULL) gets "messagesent", MESSAGE_DELIVERY follows.
 *  @p o may be NULL.
 *  @return 0, JANUV_EINVAL (@p sip or @p content NULL), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_message(januv_sip *sip, const char *content, const januv_sip_message_options *o,
                                   januv_reply_cb cb, void *data);

/** Transfers the call to @p uri with a REFER ("transfer"): blind, or attended when @p replace_call_id is
 *  the Call-ID of the call it replaces (NULL: blind). @p cb (may be NULL) gets "transferring"; NOTIFY events
 *  tell the progress.
 *  @return 0, JANUV_EINVAL (@p sip or @p uri NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *          error. */
JANUV_EXTERN int januv_sip_transfer(januv_sip *sip, const char *uri, const char *replace_call_id, januv_reply_cb cb,
                                    void *data);

/** A "recording" request: which sides to record on the server (.mjr files); zero-initialize, or
 *  januv_sip_recording_options_init() (everything unset). Zero-initialized members are sent as false, which
 *  Janus treats like absent members. Janus needs at least one of audio, video, peer_audio, peer_video true
 *  (else JANUV_SIP_ERR_RECORDING). */
typedef struct januv_sip_recording_options {
  int audio;         /**< -1 unset, 0, 1: our audio ("audio") */
  int video;         /**< -1 unset, 0, 1: our video ("video") */
  int peer_audio;    /**< -1 unset, 0, 1: the SIP side's audio ("peer_audio") */
  int peer_video;    /**< -1 unset, 0, 1: the SIP side's video ("peer_video") */
  int send_peer_pli; /**< -1 unset, 0, 1 */
  const char *filename; /**< base path of the recordings */
} januv_sip_recording_options;

/** Fills @p o with the defaults: every tri-state -1, filename NULL. */
JANUV_EXTERN void januv_sip_recording_options_init(januv_sip_recording_options *o);
/** Starts (@p start true) or stops recording the call; @p cb (may be NULL) gets "recordingupdated". @p o may
 *  be NULL (nothing chosen: Janus refuses it).
 *  @return 0, JANUV_EINVAL (@p sip NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_recording(januv_sip *sip, bool start, const januv_sip_recording_options *o,
                                     januv_reply_cb cb, void *data);

/** A SUBSCRIBE ("subscribe"); initialize with januv_sip_subscribe_options_init(). Strings and JSON are
 *  borrowed until the call returns. */
typedef struct januv_sip_subscribe_options {
  /** The event package, e.g. "message-summary" (required). */
  const char *event;
  /** The Accept header's value, like "application/simple-message-summary" ("accept"), NULL unset. */
  const char *accept;
  /** The URI to subscribe to ("to"), NULL: our own. */
  const char *to;
  /** Our own Call-ID for the subscription ("call_id"), NULL: Janus makes one. */
  const char *call_id;
  int subscribe_ttl; /**< -1 unset */
  /** Extra headers of the SUBSCRIBE ("headers"), an object, or NULL. */
  const cJSON *headers;
} januv_sip_subscribe_options;

/** Fills @p o with the defaults: every member unset (NULL, subscribe_ttl -1). */
JANUV_EXTERN void januv_sip_subscribe_options_init(januv_sip_subscribe_options *o);
/** Subscribes; @p cb (may be NULL) gets "subscribing", SUBSCRIBE_SUCCEEDED or _FAILED then NOTIFY events
 *  follow.
 *  @return 0, JANUV_EINVAL (@p sip or @p o NULL, no event), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_subscribe(januv_sip *sip, const januv_sip_subscribe_options *o, januv_reply_cb cb,
                                     void *data);
/** Ends the subscription to @p event ("unsubscribe"); @p cb (may be NULL) gets "unsubscribing".
 *  @return 0, JANUV_EINVAL (@p sip or @p event NULL), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_sip_unsubscribe(januv_sip *sip, const char *event, januv_reply_cb cb, void *data);

/* ---- the handle ---- */

/** Detaches the handle (Janus hangs up and unregisters); on_closed follows (requests still pending complete
 *  first). @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p sip NULL), JANUV_ECLOSED (already closing), or januv_handle_detach()'s error. */
JANUV_EXTERN int januv_sip_detach(januv_sip *sip, januv_reply_cb cb, void *data);
/** The plugin handle, owned by @p sip (do not detach it or change its callbacks or user pointer). @p sip must
 *  not be NULL. */
JANUV_EXTERN januv_handle *januv_sip_handle(const januv_sip *sip);
/** The peer of the current (or last) call, NULL before any or once it closed. */
JANUV_EXTERN januv_peer *januv_sip_peer(const januv_sip *sip);
/** Sets the user pointer (initially the @p data given to januv_sip_attach()); later callbacks get the new
 *  value. */
JANUV_EXTERN void januv_sip_set_data(januv_sip *sip, void *data);
/** The user pointer: the @p data given to januv_sip_attach(), or what januv_sip_set_data() set. */
JANUV_EXTERN void *januv_sip_get_data(const januv_sip *sip);
/** Name of an event type ("registered", "accepted", ..., "error", "other"), "unknown" for a value outside the
 *  enum. A static string. */
JANUV_EXTERN const char *januv_sip_event_name(januv_sip_event_type type);

JANUV_END_DECLS

#endif
