/**
 * @file januv/handle.h
 * Plugin handles.
 *
 * A handle attaches a session to one Janus plugin. It lives until januv_handle_detach() completes,
 * Janus reports it "detached", or its session ends; then its pending requests complete (with
 * JANUV_ECANCELED or the session's reason) and on_closed fires exactly once. After on_closed returns,
 * the januv_handle pointer is invalid.
 *
 * Plugin messages: Janus answers "ack" and later an "event" with the same transaction (or, for
 * synchronous plugin requests, "success" with plugindata). januv hides the ack: the request's callback
 * runs once, with the event or the success. Events a plugin sends on its own (no transaction, or one
 * that matches no pending request) go to on_event.
 */
#ifndef JANUV_HANDLE_H
#define JANUV_HANDLE_H

#include "common.h"

JANUV_BEGIN_DECLS

/** Kinds of handle events. */
typedef enum januv_event_type {
  JANUV_EVENT_PLUGIN = 0, /**< "event": plugindata (and maybe jsep) from the plugin. */
  JANUV_EVENT_WEBRTCUP,   /**< "webrtcup": the PeerConnection is up. */
  JANUV_EVENT_MEDIA,      /**< "media": Janus started or stopped receiving a stream. */
  JANUV_EVENT_SLOWLINK,   /**< "slowlink": packet loss reported. */
  JANUV_EVENT_HANGUP,     /**< "hangup": the PeerConnection was closed. */
  JANUV_EVENT_DETACHED,   /**< "detached": Janus detached the handle; on_closed follows. */
  JANUV_EVENT_TRICKLE     /**< "trickle": a candidate from Janus (full-trickle mode). */
} januv_event_type;

/**
 * One event on a handle. Which fields are set depends on @c type; the others are NULL, 0 or false.
 * Every pointer is owned by januv and valid only during the callback.
 */
typedef struct januv_event {
  /** What happened: it selects the callback and the fields below that are set. */
  januv_event_type type;
  /** The whole message as Janus sent it. */
  const cJSON *json;
  /** PLUGIN: "plugindata.plugin". */
  const char *plugin;
  /** PLUGIN: "plugindata.data". */
  const cJSON *data;
  /** PLUGIN: "jsep", or NULL. */
  const cJSON *jsep;
  /** PLUGIN: the transaction, when the event carries one that matches no pending request. */
  const char *transaction;
  /** MEDIA and SLOWLINK: "audio" or "video" (NULL if Janus did not say). */
  const char *media;
  /** MEDIA and SLOWLINK: the stream's mid (NULL if Janus did not say). */
  const char *mid;
  /** MEDIA: true when Janus is receiving the stream. */
  bool receiving;
  /** SLOWLINK: true when the loss is on packets Janus receives from us. */
  bool uplink;
  /** SLOWLINK: packets lost in the last period. */
  uint32_t lost;
  /** HANGUP: Janus's reason. */
  const char *reason;
  /** TRICKLE: the candidate object, NULL when @c completed. */
  const cJSON *candidate;
  /** TRICKLE: true for end-of-candidates. */
  bool completed;
} januv_event;

/** Callback for one event on a handle; @p data is the handle's user pointer. */
typedef void (*januv_event_cb)(januv_handle *handle, const januv_event *event, void *data);

/** Callbacks of a handle; any of them may be NULL. */
typedef struct januv_handle_callbacks {
  januv_event_cb on_event;    /**< JANUV_EVENT_PLUGIN */
  januv_event_cb on_webrtcup; /**< JANUV_EVENT_WEBRTCUP */
  januv_event_cb on_media;    /**< JANUV_EVENT_MEDIA */
  januv_event_cb on_slowlink; /**< JANUV_EVENT_SLOWLINK */
  januv_event_cb on_hangup;   /**< JANUV_EVENT_HANGUP */
  januv_event_cb on_detached; /**< JANUV_EVENT_DETACHED */
  januv_event_cb on_trickle;  /**< JANUV_EVENT_TRICKLE */
  /** The last callback of the handle: 0 after a detach (ours, or Janus's "detached"), otherwise the
   *  reason it closed, which is its session's reason (0 too when the session was destroyed). */
  void (*on_closed)(januv_handle *handle, int reason, void *data);
} januv_handle_callbacks;

/**
 * Completion of januv_handle_attach(): on success @p handle is the new handle (reply->status 0); on
 * failure @p handle is NULL and reply->status says why.
 */
typedef void (*januv_handle_cb)(januv_handle *handle, const januv_reply *reply, void *data);

/**
 * Attaches the session to @p plugin ("attach"), e.g. "janus.plugin.echotest".
 * @param session    the session to attach in; it must be open (not ending).
 * @param plugin     the plugin's package name (copied; see januv_handle_plugin()).
 * @param opaque_id  Janus "opaque_id", or NULL. Copied into the request.
 * @param cbs        the handle's callbacks (copied; may be NULL).
 * @param cb         runs once with the new handle or the failure (a NULL handle, also when the session
 *                   started ending before Janus answered).
 * @param data       the handle's user pointer, also passed to @p cb.
 * @return 0, JANUV_EINVAL (@p session, @p plugin or @p cb NULL, or @p plugin empty), JANUV_ECLOSED
 *         (session ending), JANUV_ENOMEM, or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_handle_attach(januv_session *session, const char *plugin, const char *opaque_id,
                                     const januv_handle_callbacks *cbs, januv_handle_cb cb, void *data);

/**
 * Sends a plugin message: @p body (required, an object) and an optional @p jsep (NULL to omit it:
 * any jsep, even empty, starts a negotiation in Janus). Both are borrowed.
 * @p cb runs once with the plugin's answer (the async "event" or a synchronous "success"), a Janus
 * error, a timeout, a cancel or a connection loss. When @p cb is NULL the answer goes to on_event
 * (a failure is only logged). A plugin-level error (e.g. "error_code" in the data) is a successful
 * reply here (status 0): see januv_reply.
 * @return 0, JANUV_EINVAL (@p handle NULL, @p body not an object, @p jsep neither NULL nor an object),
 *         JANUV_ECLOSED (the handle is closing), JANUV_ENOMEM, or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_handle_message(januv_handle *handle, const cJSON *body, const cJSON *jsep,
                                      januv_reply_cb cb, void *data);

/**
 * Trickles one candidate object ({"candidate":..,"sdpMid":..,"sdpMLineIndex":..}, borrowed); Janus acks
 * it. @p cb (may be NULL) runs once with the ack or the failure.
 * @return 0, JANUV_EINVAL (@p handle NULL or @p candidate not an object), JANUV_ECLOSED, JANUV_ENOMEM,
 *         or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_handle_trickle(januv_handle *handle, const cJSON *candidate, januv_reply_cb cb,
                                      void *data);
/** Trickles an array of candidate objects (borrowed) in one request; returns as januv_handle_trickle(),
 *  JANUV_EINVAL when @p candidates is not an array. */
JANUV_EXTERN int januv_handle_trickle_many(januv_handle *handle, const cJSON *candidates,
                                           januv_reply_cb cb, void *data);
/** Signals end-of-candidates ({"completed":true}); returns as januv_handle_trickle(). */
JANUV_EXTERN int januv_handle_trickle_completed(januv_handle *handle, januv_reply_cb cb, void *data);

/** Asks Janus to close the handle's PeerConnection ("hangup"). The handle stays attached. @p cb (may be
 *  NULL) runs once with Janus's answer; a "hangup" event may follow on on_hangup. Returns as
 *  januv_handle_trickle(). */
JANUV_EXTERN int januv_handle_hangup(januv_handle *handle, januv_reply_cb cb, void *data);

/**
 * Detaches the handle ("detach"). @p cb (may be NULL) runs once with the reply; then the handle
 * closes with reason 0 whatever the reply was.
 * @return 0, JANUV_EINVAL (@p handle NULL), JANUV_ECLOSED if the handle is already closing,
 *         JANUV_ENOMEM, or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_handle_detach(januv_handle *handle, januv_reply_cb cb, void *data);

/**
 * Sends any handle-level request, e.g. {"janus":"message","body":{...}}; januv adds "session_id",
 * "handle_id", "transaction" and the configured secrets, replacing any copy of them in @p request.
 * @p request is borrowed. Replies are matched as for januv_handle_message() when the verb is "message",
 * otherwise the first ack/success/error is final. @p cb may be NULL (a "message" answer then goes to
 * on_event, as for januv_handle_message()).
 * @return 0, JANUV_EINVAL (@p handle NULL, or @p request not an object with a string "janus"),
 *         JANUV_ECLOSED, JANUV_ENOMEM, or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_handle_send(januv_handle *handle, const cJSON *request, januv_reply_cb cb,
                                   void *data);

/** The handle id Janus assigned. */
JANUV_EXTERN uint64_t januv_handle_id(const januv_handle *handle);
/** The plugin package name given to januv_handle_attach(). */
JANUV_EXTERN const char *januv_handle_plugin(const januv_handle *handle);
/** The session the handle belongs to. */
JANUV_EXTERN januv_session *januv_handle_session(const januv_handle *handle);
/** The client the handle belongs to. */
JANUV_EXTERN januv_client *januv_handle_client(const januv_handle *handle);
/** Sets the user pointer (initially the @p data given to januv_handle_attach()); later handle
 *  callbacks get the new value. Plugin modules (januv/plugins/) keep their own object here: do not
 *  change it on a handle a module owns. */
JANUV_EXTERN void januv_handle_set_data(januv_handle *handle, void *data);
/** The user pointer: the @p data given to januv_handle_attach(), or what januv_handle_set_data() set. */
JANUV_EXTERN void *januv_handle_get_data(const januv_handle *handle);
/** Replaces the handle's callbacks (copied; NULL clears them all). Plugin modules use it to layer their
 *  decoding. */
JANUV_EXTERN void januv_handle_set_callbacks(januv_handle *handle, const januv_handle_callbacks *cbs);
/** True once the handle is closing (detach sent, detached, or its session ending). */
JANUV_EXTERN bool januv_handle_closing(const januv_handle *handle);

/** Name of an event type: the Janus verb of the event ("event" for JANUV_EVENT_PLUGIN, "webrtcup",
 *  "media", ...), "unknown" for a value outside the enum. A static string. */
JANUV_EXTERN const char *januv_event_type_name(januv_event_type type);

JANUV_END_DECLS

#endif
