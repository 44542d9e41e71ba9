/**
 * @file januv/transport.h
 * The transport interface, for adding your own.
 *
 * A transport carries Janus JSON between a client and the server. januv picks one by URL when a
 * client is created: registered transports are asked newest first, then the built-in ones
 * (ws, wss, http, https, unix). A transport is a vtable of seven functions plus the calls below with
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
 *  - request_ended(t, request) (may be NULL): a request given to send() ended without the transport's
 *    answer (timed out, canceled, its session or handle ended); nothing will wait for its answer. A
 *    request/response transport drops it if it has not gone out yet, and otherwise frees what waits
 *    for the answer (HTTP: the connection it occupies). Unknown ids are ignored.
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

/** One transport instance, owned by januv: created with the client (or admin) before open() is first
 *  called, freed after januv_transport_closed(). Keep your own state with januv_transport_set_impl(). */
typedef struct januv_transport januv_transport;

/** Which Janus API a transport speaks. */
typedef enum januv_api {
  JANUV_API_JANUS = 0, /**< The Janus API (WebSocket subprotocol "janus-protocol"). */
  JANUV_API_ADMIN = 1  /**< The Admin/Monitor API ("janus-admin-protocol"). */
} januv_api;

/**
 * Settings januv hands to a transport instance (januv_transport_get_config()). All pointers stay valid
 * for the instance's life; the transport must not free or modify them.
 *
 * The connection settings are the values of januv_client_options (or januv_admin_options) as the
 * application set them: 0 reaches the transport unchanged, and the transport decides what it means.
 * The HTTP settings have januv's defaults filled in for 0.
 */
typedef struct januv_transport_config {
  /** The API to speak: JANUV_API_JANUS for a januv_client, JANUV_API_ADMIN for a januv_admin. */
  januv_api api;
  /** The URL the client was created with. */
  const char *url;
  /** Budget for DNS resolution, connect and handshakes, in ms (connect_timeout_ms of the options;
   *  never 0). */
  uint32_t connect_timeout_ms;
  /** WebSocket ping interval, in ms (ws_ping_interval_ms of the options; 0: the application wants no pings). */
  uint32_t ws_ping_interval_ms;
  /** A ping unanswered for this many ms means a lost connection (ws_ping_timeout_ms of the options). */
  uint32_t ws_ping_timeout_ms;
  /** Largest message to accept from the server, in bytes (max_message_size of the options; never
   *  0). The built-in transports drop the connection with JANUV_ETOOBIG beyond it. */
  size_t max_message_size;
  /** Secrets an HTTP transport must repeat in its long-poll query string (may be NULL). Janus
   *  "apisecret" of a januv_client (always NULL for the Admin API). Never log it. */
  const char *api_secret;
  /** Janus "token" of a januv_client, or NULL (always NULL for the Admin API). Never log it. */
  const char *token;
  /** TLS settings (see januv_client_options). A PEM file of extra trusted CAs, or NULL. */
  const char *tls_ca_file;
  /** TLS: a hashed directory of extra trusted CAs, or NULL. */
  const char *tls_ca_dir;
  /** TLS: accept any certificate for any name (DANGEROUS, test servers only). */
  bool tls_insecure_skip_verify;
  /** HTTP settings (see januv_client_options). Keep-alive connections for requests (default 4). */
  unsigned http_max_connections;
  /** HTTP: events per long-poll answer, the "maxev" query parameter (default 10). */
  unsigned http_maxev;
  /** HTTP: delay before re-polling after a failed long-poll, in ms, doubled on each failure (default 500). */
  uint32_t http_retry_delay_ms;
  /** HTTP: the cap of that delay, in ms (default 8000). */
  uint32_t http_retry_max_ms;
} januv_transport_config;

/** One request to send, handed to send(). It and everything it points to are valid only during that
 *  call. */
typedef struct januv_transport_request {
  /** The serialized JSON (not NUL-terminated necessarily) and its length. The request already carries
   *  "transaction", its ids and the secrets. Copy it to keep it after send() returns. */
  const char *json;
  /** Length of @c json in bytes. */
  size_t len;
  /** The request's "janus" verb: "create", "attach", "message", ... A static string; verbs januv does not
   *  know by name (e.g. most Admin API requests) are given as "request": read @c json for the real one. */
  const char *verb;
  /** The session and handle the request addresses (0 when none). */
  uint64_t session_id;
  /** The handle the request addresses (0 when none). */
  uint64_t handle_id;
  /** januv's id of the request, for januv_transport_request_failed() (0 when not tracked). */
  uint64_t request;
} januv_transport_request;

/**
 * A transport implementation: a name and the seven functions of the contract described at the top of
 * this file. januv calls them on the client's loop thread with the instance as @p t. Pass the table to
 * januv_transport_register(); it must stay valid (and unchanged) while registered and while any
 * instance created from it is alive.
 */
typedef struct januv_transport_vtable {
  /** Short name for logs, e.g. "ws". Also what januv_transport_lookup() returns. Must not be NULL. */
  const char *name;
  /** Required. Starts connecting (also to reconnect after a disconnect); reports the outcome with
   *  januv_transport_connected() or januv_transport_disconnected(). Returns 0 or a negative code. */
  int (*open)(januv_transport *t);
  /** Required. Sends one request; @p req is valid only during the call. Returns 0, or a negative code
   *  that fails only that request (its callback completes with it, later on the loop). */
  int (*send)(januv_transport *t, const januv_transport_request *req);
  /** Optional (NULL). Session @p session_id was created ("create" succeeded). */
  void (*session_started)(januv_transport *t, uint64_t session_id);
  /** Optional (NULL). Session @p session_id ended, or its destroy was just sent (the session is over
   *  for januv either way). Once per session_started(). */
  void (*session_ended)(januv_transport *t, uint64_t session_id);
  /** Optional (NULL). Drops the current connection at once, without reporting it; open() may follow. */
  void (*abort)(januv_transport *t);
  /** Required. Releases the instance's resources (the impl pointer included: januv never frees it),
   *  then calls januv_transport_closed(t) once. Called once, possibly without any open() before it. */
  void (*close)(januv_transport *t);
  /** Optional (NULL). Request @p request, given to send(), ended without the transport's answer (timed
   *  out, canceled, its session or handle ended): drop it if it has not gone out yet, or free what
   *  waits for its answer (HTTP: the pool connection it occupies). Unknown ids are ignored. */
  void (*request_ended)(januv_transport *t, uint64_t request);
} januv_transport_vtable;

/** Answers whether the transport takes @p url. @p data is the pointer given to
 *  januv_transport_register(). Called by januv_client_new(), januv_admin_new() and
 *  januv_transport_lookup(), from the calling thread. */
typedef bool (*januv_transport_match_cb)(const char *url, void *data);

/**
 * Registers a transport. Registrations are process-wide: make them from one thread, before creating
 * the clients that should use them. @p vt must stay valid until unregistered, and as long as any
 * instance created from it lives. A registration is tried before the earlier ones and the built-ins.
 * @p data is passed to @p match only.
 * @return 0, JANUV_EINVAL (@p vt or @p match NULL, or open, send or close missing), JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_transport_register(const januv_transport_vtable *vt, januv_transport_match_cb match,
                                          void *data);
/** Removes a registration, the newest one if @p vt was registered more than once (clients already
 *  using it are not affected). @return 0 or UV_ENOENT. */
JANUV_EXTERN int januv_transport_unregister(const januv_transport_vtable *vt);
/** The name (januv_transport_vtable.name) of the transport that would serve @p url, or NULL if none. */
JANUV_EXTERN const char *januv_transport_lookup(const char *url);

/* ---- for implementations ---- */

/** Sets the instance's private pointer (NULL until set). januv never frees it: release it in close(). */
JANUV_EXTERN void januv_transport_set_impl(januv_transport *t, void *impl);
/** The instance's private pointer set by januv_transport_set_impl(), or NULL. */
JANUV_EXTERN void *januv_transport_impl(const januv_transport *t);
/** The loop of the client (or admin) the instance serves: run every libuv handle on it. */
JANUV_EXTERN uv_loop_t *januv_transport_loop(const januv_transport *t);
/** The instance's settings; the pointer is valid for the instance's life. */
JANUV_EXTERN const januv_transport_config *januv_transport_get_config(const januv_transport *t);
/** Logs through the client's log callback, printf-style, as "[name] message" (cut at about 1 KiB). Do
 *  not log secrets. */
JANUV_EXTERN void januv_transport_log(januv_transport *t, januv_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
/** True when @p level would be passed to the log callback (to skip expensive formatting). */
JANUV_EXTERN bool januv_transport_log_enabled(const januv_transport *t, januv_log_level level);

/** The transport is connected: queued requests go out. */
JANUV_EXTERN void januv_transport_connected(januv_transport *t);
/** The connection failed or was lost with @p err (0 is taken as JANUV_ECONNRESET); @p detail is a
 *  human-readable reason (may be NULL; it need only be valid during the call). */
JANUV_EXTERN void januv_transport_disconnected(januv_transport *t, int err, const char *detail);
/** One complete message from the server (JSON text, need not be NUL-terminated; januv is done with
 *  the buffer when the call returns), or a JSON array of messages (an HTTP long-poll with maxev).
 *  Malformed JSON here means the stream is corrupt: januv drops the connection (abort) and fails what
 *  is pending with JANUV_EPROTO. */
JANUV_EXTERN void januv_transport_receive(januv_transport *t, const char *json, size_t len);
/** The answer to request @p request (0 if untracked, or an answer of its own such as an HTTP long-poll's).
 *  If it is malformed, or does not answer that request, only that request fails (JANUV_EPROTO; with 0,
 *  the answer is dropped and logged); otherwise it is handled like receive(). */
JANUV_EXTERN void januv_transport_receive_reply(januv_transport *t, uint64_t request, const char *json, size_t len);
/** Request @p request could not be delivered; its callback completes with @p err and @p detail (may be
 *  NULL; valid during the call only) as the reply's reason. Unknown or completed ids are ignored. */
JANUV_EXTERN void januv_transport_request_failed(januv_transport *t, uint64_t request, int err,
                                                 const char *detail);
/** The server no longer knows session @p session_id: a januv_client ends that session with on_lost and
 *  @p err (0 is taken as JANUV_ESESSIONLOST; that code is ignored for a session being destroyed). */
JANUV_EXTERN void januv_transport_session_lost(januv_transport *t, uint64_t session_id, int err);
/** close() has finished: januv may free the instance. Call it once; do not use @p t afterwards. */
JANUV_EXTERN void januv_transport_closed(januv_transport *t);

JANUV_END_DECLS

#endif
