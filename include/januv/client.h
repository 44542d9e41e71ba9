/**
 * @file januv/client.h
 * A connection to the Janus API of one server, on a libuv loop.
 *
 * A client owns one transport (picked by the URL's scheme: ws://, wss://, http://, https://,
 * unix:///path, or a user-registered one, see transport.h), the table of pending requests and the
 * sessions created through it. Everything runs on the loop given to januv_client_new(): every
 * callback fires on that loop's thread, and januv functions must be called from it.
 *
 * Signals: libuv writes to sockets with write(2), so a server that resets a connection would raise
 * SIGPIPE. If the process left SIGPIPE at its default (terminate), januv_client_new() and
 * januv_admin_new() set it to ignored; a handler or disposition the application installed is kept.
 *
 * Lifetime: januv_client_new() allocates; januv_client_close() fails every pending request with
 * JANUV_ECANCELED, closes every session (their on_closed callbacks fire with JANUV_ECANCELED), closes
 * the transport, then calls the close callback, after which the client's memory is released. The loop
 * can be closed (uv_loop_close() == 0) once the close callback has run.
 */
#ifndef JANUV_CLIENT_H
#define JANUV_CLIENT_H

#include "common.h"

JANUV_BEGIN_DECLS

/**
 * Connection states reported to januv_client_options.state_cb. A first connection goes CONNECTING then
 * CONNECTED or FAILED. A loss reports DISCONNECTED; with reconnect enabled, RECONNECTING (once per
 * attempt) follows, then RECONNECTED once sessions are claimed, or FAILED when the attempts are spent.
 * Liveness: a WebSocket ping or a session keepalive not answered in time counts as a loss.
 */
typedef enum januv_conn_state {
  JANUV_CONN_CONNECTING = 0, /**< Resolving and connecting (first attempt). */
  JANUV_CONN_CONNECTED,      /**< Ready: requests go out at once. */
  JANUV_CONN_DISCONNECTED,   /**< The connection was lost; @p err says why. */
  JANUV_CONN_RECONNECTING,   /**< A new attempt after a loss is under way. */
  JANUV_CONN_RECONNECTED,    /**< Connected again after a loss (sessions claimed). */
  JANUV_CONN_FAILED,         /**< Gave up: no more attempts. Requests fail at once. */
  JANUV_CONN_CLOSED          /**< januv_client_close() finished with the transport. */
} januv_conn_state;

/** Name of a connection state ("connected", ...). */
JANUV_EXTERN const char *januv_conn_state_name(januv_conn_state state);

/**
 * Connection-state callback. @p err is 0 or the code that caused the state; @p detail is a human
 * readable reason ("" when none), valid only during the call. @p data is
 * januv_client_options.state_data. Runs on the loop thread (JANUV_CONN_CONNECTING included: it comes
 * from the loop after januv_client_new() returned).
 */
typedef void (*januv_state_cb)(januv_client *client, januv_conn_state state, int err,
                               const char *detail, void *data);

/** Called once when januv_client_close() has finished, after the state callback reported
 *  JANUV_CONN_CLOSED. @p client may still be read during the call; its memory is released as soon as
 *  the call returns. @p data is the pointer given to januv_client_close(). */
typedef void (*januv_client_close_cb)(januv_client *client, void *data);

/**
 * Client options. Always initialize with januv_client_options_init() and then set fields, so that
 * fields added in later versions get their defaults. Strings are copied by januv_client_new().
 */
typedef struct januv_client_options {
  /** Default timeout of every request, in ms (default 15000; 0 also means 15000). Per request:
   *  januv_request_set_timeout(). */
  uint32_t request_timeout_ms;
  /** Timeout of DNS resolution plus TCP connect plus handshakes, in ms (default 10000; 0 also means
   *  10000). */
  uint32_t connect_timeout_ms;
  /** Interval of session keepalives, in ms (default 25000; 0 disables them). */
  uint32_t keepalive_interval_ms;
  /** WebSocket ping interval, in ms (default 20000; 0 disables pings). */
  uint32_t ws_ping_interval_ms;
  /** A WebSocket ping not answered within this many ms counts as a lost connection (default 10000). */
  uint32_t ws_ping_timeout_ms;
  /** Largest message accepted from the server, in bytes (default 16 MiB; 0 also means 16 MiB). */
  size_t max_message_size;
  /** Janus "apisecret" added to every request, or NULL. Never logged. */
  const char *api_secret;
  /** Janus "token" added to every request, or NULL. Never logged. */
  const char *token;
  /** Log sink, or NULL for no logging. */
  januv_log_cb log_cb;
  /** User pointer passed to log_cb. */
  void *log_data;
  /** Most verbose level passed to log_cb (default JANUV_LOG_WARN). */
  januv_log_level log_level;
  /** Connection-state callback, or NULL. */
  januv_state_cb state_cb;
  /** User pointer passed to state_cb. */
  void *state_data;

  /** TLS (wss://, https://): a PEM file of CAs trusted in addition to the system store, or NULL.
   *  OpenSSL's SSL_CERT_FILE and SSL_CERT_DIR environment variables are honoured as well. */
  const char *tls_ca_file;
  /** TLS: a hashed directory of CAs trusted in addition to the system store, or NULL. */
  const char *tls_ca_dir;
  /** TLS: DANGEROUS - accept any certificate for any name, i.e. no protection against a man in the
   *  middle. Only for self-signed test servers you control. Logged as a warning. Default false. */
  bool tls_insecure_skip_verify;

  /** HTTP (http://, https://): keep-alive connections for requests (default 4). Long-polls use one
   *  connection per session of their own. */
  unsigned http_max_connections;
  /** HTTP: events per long-poll answer ("maxev", default 10). */
  unsigned http_maxev;
  /** HTTP: delay before re-polling after a failed long-poll; doubles on each failure (default 500). */
  uint32_t http_retry_delay_ms;
  /** HTTP: the cap of that delay (default 8000). */
  uint32_t http_retry_max_ms;

  /** Reconnect (WebSocket, Unix): attempts after a working connection is lost; 0 (default) gives up
   *  at once (JANUV_CONN_FAILED, sessions lost), -1 tries forever. Each attempt waits
   *  reconnect_delay_ms doubled per attempt, capped at reconnect_max_delay_ms, with jitter (the wait is
   *  a random value between half that delay and the whole of it). A first connection that cannot be
   *  made is not retried: it fails at once. Once connected again, every live session is claimed ("claim";
   *  Janus must have reclaim_session_timeout > 0): a session whose claim fails ends with on_lost
   *  (JANUV_ESESSIONLOST); the others, their handles and callbacks carry on. Requests in flight when the
   *  connection dropped complete with JANUV_ECONNRESET. */
  int reconnect_max_retries;
  /** First reconnect delay, in ms (default 500; 0 also means 500). */
  uint32_t reconnect_delay_ms;
  /** Cap of the reconnect delay, in ms (default 15000; 0 also means 15000; raised to reconnect_delay_ms
   *  when lower). */
  uint32_t reconnect_max_delay_ms;
  /** Requests made while reconnecting wait (and go out after the claims) in a queue of this many
   *  (default 256); beyond it, or when 0, they fail at once with JANUV_EQUEUEFULL. */
  size_t reconnect_queue_size;
} januv_client_options;

/** Fills @p opts with the defaults (every field not listed with a default is 0, false or NULL). */
JANUV_EXTERN void januv_client_options_init(januv_client_options *opts);

/**
 * Creates a client for the Janus API at @p url and starts connecting on the loop (from the loop's next
 * iteration, never inside this call: no state callback runs before it returns).
 * Requests can be issued immediately: they wait for the connection (and fail with its error if it
 * cannot be made). The client lives until januv_client_close() has run its callback; the application
 * never frees it.
 *
 * @param loop  the loop every callback runs on; must outlive the client.
 * @param url   "ws://HOST:PORT[/PATH]", "wss://...", "http://HOST:PORT/janus", "https://...",
 *              "unix:///path/janus.sock" (SOCK_SEQPACKET) or "unix:///path/janus.sock?type=dgram".
 * @param opts  options, or NULL for the defaults. Copied.
 * @param out   receives the client on success; left untouched on failure.
 * @return 0, JANUV_EINVAL (@p loop, @p url or @p out NULL), JANUV_EBADURL, JANUV_ENOTRANSPORT,
 *         JANUV_ENOMEM, or the transport's error.
 */
JANUV_EXTERN int januv_client_new(uv_loop_t *loop, const char *url, const januv_client_options *opts,
                                  januv_client **out);

/**
 * Closes the client: pending requests complete with JANUV_ECANCELED, sessions close (no destroy is
 * sent: the server drops them with the connection, or times them out), the transport closes, the state
 * callback reports JANUV_CONN_CLOSED, then @p cb runs (may be NULL) with @p data. All of it happens on
 * the loop after this call returns; from this call on, new requests fail with JANUV_ECLOSED. Safe from
 * inside any callback.
 * @return 0, JANUV_EINVAL (@p client NULL), or JANUV_ECLOSED if the client is already closing.
 */
JANUV_EXTERN int januv_client_close(januv_client *client, januv_client_close_cb cb, void *data);

/** Current connection state. */
JANUV_EXTERN januv_conn_state januv_client_state(const januv_client *client);
/** The loop given to januv_client_new(). */
JANUV_EXTERN uv_loop_t *januv_client_loop(const januv_client *client);
/** Sets the user pointer of the client (NULL until set); januv never dereferences it. */
JANUV_EXTERN void januv_client_set_data(januv_client *client, void *data);
/** The user pointer last given to januv_client_set_data(), or NULL. */
JANUV_EXTERN void *januv_client_get_data(const januv_client *client);

/**
 * Asks for the server's info ("server_info"). The reply's json is the whole info object.
 * @return 0 (callback will run once), JANUV_EINVAL (@p client or @p cb NULL), JANUV_ECLOSED (the client
 *         is closing), JANUV_EQUEUEFULL (reconnecting with the reconnect queue full), JANUV_ENOMEM, or,
 *         once the connection is JANUV_CONN_FAILED, the error that made it fail.
 */
JANUV_EXTERN int januv_client_info(januv_client *client, januv_reply_cb cb, void *data);

/** Sends a "ping"; success when Janus answers "pong". Returns as januv_client_info(). */
JANUV_EXTERN int januv_client_ping(januv_client *client, januv_reply_cb cb, void *data);

/**
 * Sends any top-level Janus API request (e.g. {"janus":"info"}). januv adds "transaction",
 * "apisecret" and "token": a "transaction" in @p request is replaced by januv's, and so are
 * "apisecret" and "token" when the client has them configured. @p request is borrowed. The callback (required) gets the first answer
 * Janus sends with the request's transaction ("ack", "success", "error", "event", "pong" or
 * "server_info").
 * Returns as januv_client_info(), or JANUV_EINVAL when @p request is not an object with a string "janus".
 */
JANUV_EXTERN int januv_client_send(januv_client *client, const cJSON *request, januv_reply_cb cb,
                                   void *data);

/**
 * Id of the request issued by the most recent successful januv call on this client (any call that
 * sends a request: info, ping, create, attach, message, ...), or 0 if none was issued yet.
 * Use it with januv_request_cancel() and januv_request_set_timeout().
 */
JANUV_EXTERN uint64_t januv_client_last_request(const januv_client *client);

/**
 * Cancels a pending request: its callback runs once with JANUV_ECANCELED, later on the loop (never
 * inside this call). A reply arriving afterwards is ignored.
 * @return 0, or UV_ENOENT when the request is not pending (already completed or unknown).
 */
JANUV_EXTERN int januv_request_cancel(januv_client *client, uint64_t request);

/**
 * Gives a pending request a new timeout, counted from now.
 * @return 0, JANUV_EINVAL for 0 ms, or UV_ENOENT when the request is not pending.
 */
JANUV_EXTERN int januv_request_set_timeout(januv_client *client, uint64_t request, uint32_t timeout_ms);

/** Number of requests waiting for their final reply, those still queued for the connection and
 *  januv's own (keepalives, claims) included. */
JANUV_EXTERN size_t januv_client_pending(const januv_client *client);

JANUV_END_DECLS

#endif
