/*
 * januv/transport.h - the transport interface, for adding your own.
 *
 * A transport carries Janus JSON between a client and the server. januv picks one by URL when a
 * client is created: registered transports are asked newest first, then the built-in ones
 * (ws, wss, http, https, unix). A transport is a vtable of six functions plus the calls below with
 * which it reports upward. Everything runs on the client's loop thread.
 *
 * Contract of the vtable (called by januv):
 *  - open(t): start connecting. Report januv_transport_connected() or januv_transport_disconnected()
 *    when the outcome is known (it may be from inside open). After a disconnect, januv may call open
 *    again to reconnect. Return 0, or a negative code if the attempt cannot even start (januv then
 *    treats it as a disconnect with that code).
 *  - send(t, req): send one request. Called only between connected and disconnected. The JSON is
 *    borrowed: copy it if you need it after returning. Return 0, or a negative code to fail that
 *    request at once.
 *  - session_started / session_ended (may be NULL): a session was created or ended; transports that
 *    must fetch events per session (HTTP long-poll) start or stop doing so.
 *  - abort(t) (may be NULL): drop the current connection at once, with no report; januv treats the
 *    connection as lost (e.g. malformed data, an unanswered keepalive) and may call open() again.
 *  - close(t): release everything, then call januv_transport_closed(t) exactly once (it may be from
 *    inside close). No other report may follow.
 *
 * Reports (called by the transport):
 *  - januv_transport_receive(): one complete JSON message (or a JSON array of messages) from the server.
 *  - januv_transport_receive_reply(): the server's answer to one request (request/response
 *    transports such as HTTP): malformed or unmatched, it fails only that request.
 *  - januv_transport_request_failed(): one request could not be delivered (its callback fails).
 *  - januv_transport_session_lost(): the server no longer knows a session (e.g. HTTP 404 on a poll).
 */
#ifndef JANUV_TRANSPORT_H
#define JANUV_TRANSPORT_H

#include "common.h"

JANUV_BEGIN_DECLS

/** One transport instance, owned by januv. */
typedef struct januv_transport januv_transport;

/** Which Janus API a transport speaks. */
typedef enum januv_api {
  JANUV_API_JANUS = 0, /**< The Janus API (WebSocket subprotocol "janus-protocol"). */
  JANUV_API_ADMIN = 1  /**< The Admin/Monitor API ("janus-admin-protocol"). */
} januv_api;

/** Settings januv hands to a transport instance. All pointers stay valid for the instance's life. */
typedef struct januv_transport_config {
  januv_api api;
  /** The URL the client was created with. */
  const char *url;
  uint32_t connect_timeout_ms;
  uint32_t ws_ping_interval_ms;
  uint32_t ws_ping_timeout_ms;
  size_t max_message_size;
  /** Secrets an HTTP transport must repeat in its long-poll query string (may be NULL). */
  const char *api_secret;
  const char *token;
  /** TLS settings (see januv_client_options). */
  const char *tls_ca_file;
  const char *tls_ca_dir;
  bool tls_insecure_skip_verify;
  /** HTTP settings (see januv_client_options). */
  unsigned http_max_connections;
  unsigned http_maxev;
  uint32_t http_retry_delay_ms;
  uint32_t http_retry_max_ms;
} januv_transport_config;

/** One request to send. */
typedef struct januv_transport_request {
  /** The serialized JSON (not NUL-terminated necessarily) and its length. */
  const char *json;
  size_t len;
  /** The request's "janus" verb: "create", "attach", "message", ... */
  const char *verb;
  /** The session and handle the request addresses (0 when none). */
  uint64_t session_id;
  uint64_t handle_id;
  /** januv's id of the request, for januv_transport_request_failed() (0 when not tracked). */
  uint64_t request;
} januv_transport_request;

typedef struct januv_transport_vtable {
  /** Short name for logs, e.g. "ws". */
  const char *name;
  int (*open)(januv_transport *t);
  int (*send)(januv_transport *t, const januv_transport_request *req);
  void (*session_started)(januv_transport *t, uint64_t session_id);
  void (*session_ended)(januv_transport *t, uint64_t session_id);
  void (*abort)(januv_transport *t);
  void (*close)(januv_transport *t);
} januv_transport_vtable;

/** Answers whether the transport takes @p url. */
typedef bool (*januv_transport_match_cb)(const char *url, void *data);

/**
 * Registers a transport. Registrations are process-wide: make them from one thread, before creating
 * the clients that should use them. @p vt must stay valid until unregistered.
 * @return 0, JANUV_EINVAL, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_transport_register(const januv_transport_vtable *vt, januv_transport_match_cb match,
                                          void *data);
/** Removes a registration (clients already using it are not affected). @return 0 or UV_ENOENT. */
JANUV_EXTERN int januv_transport_unregister(const januv_transport_vtable *vt);
/** The name of the transport that would serve @p url, or NULL if none. */
JANUV_EXTERN const char *januv_transport_lookup(const char *url);

/* ---- for implementations ---- */

/** The instance's private pointer (NULL until set). */
JANUV_EXTERN void januv_transport_set_impl(januv_transport *t, void *impl);
JANUV_EXTERN void *januv_transport_impl(const januv_transport *t);
JANUV_EXTERN uv_loop_t *januv_transport_loop(const januv_transport *t);
JANUV_EXTERN const januv_transport_config *januv_transport_get_config(const januv_transport *t);
/** Logs through the client's log callback, printf-style. Do not log secrets. */
JANUV_EXTERN void januv_transport_log(januv_transport *t, januv_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
/** True when @p level would be passed to the log callback (to skip expensive formatting). */
JANUV_EXTERN bool januv_transport_log_enabled(const januv_transport *t, januv_log_level level);

/** The transport is connected: queued requests go out. */
JANUV_EXTERN void januv_transport_connected(januv_transport *t);
/** The connection failed or was lost with @p err; @p detail is a human-readable reason (may be NULL). */
JANUV_EXTERN void januv_transport_disconnected(januv_transport *t, int err, const char *detail);
/** One complete message from the server (JSON text, need not be NUL-terminated), or a JSON array of
 *  messages (an HTTP long-poll with maxev). Malformed JSON here means the stream is corrupt: januv
 *  drops the connection (abort) and fails what is pending with JANUV_EPROTO. */
JANUV_EXTERN void januv_transport_receive(januv_transport *t, const char *json, size_t len);
/** The answer to request @p request (0 if untracked). If it is malformed, or does not answer that
 *  request, only that request fails (JANUV_EPROTO); otherwise it is handled like receive(). */
JANUV_EXTERN void januv_transport_receive_reply(januv_transport *t, uint64_t request, const char *json, size_t len);
/** Request @p request could not be delivered; its callback completes with @p err. */
JANUV_EXTERN void januv_transport_request_failed(januv_transport *t, uint64_t request, int err,
                                                 const char *detail);
/** The server no longer knows session @p session_id. */
JANUV_EXTERN void januv_transport_session_lost(januv_transport *t, uint64_t session_id, int err);
/** close() has finished: januv may free the instance. */
JANUV_EXTERN void januv_transport_closed(januv_transport *t);

JANUV_END_DECLS

#endif
