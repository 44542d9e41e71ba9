/**
 * @file januv/admin.h
 * The Janus Admin/Monitor API.
 *
 * An admin object is a connection of its own to a server's Admin API, separate from any Janus API
 * client: it picks its transport by URL like a client does (ws:// with the "janus-admin-protocol"
 * subprotocol, http://HOST:PORT/admin where the URL's path is the base path, unix:///path/admin.sock,
 * or a registered transport), adds "admin_secret" (never logged) and "transaction" to every request,
 * and never routes anything into a session table: the sessions and handles it lists, inspects or
 * destroys belong to other clients.
 *
 * Every call that sends a request follows the rules of common.h: it returns 0 or a negative code; on
 * 0 its callback runs exactly once, later, on the loop (never inside the call), with the reply, a Janus
 * error (reply->status JANUV_EJANUS, janus_code and reason set), a timeout, a cancel or a connection
 * loss; on an error return the callback never runs. Calls return JANUV_EINVAL for a NULL admin, a NULL
 * callback or an invalid argument, JANUV_ECLOSED once the admin is closing, JANUV_ENOMEM.
 *
 * Typed results: each call hands its callback the reply plus the decoded result.
 *  - Lists come as a C array and its length: (reply, items, n, data). When reply->status != 0 the
 *    array is NULL and n is 0; an empty list may be NULL too.
 *  - Single results come as a pointer to a struct: (reply, result, data), NULL when reply->status != 0.
 *  - Setters get the value Janus reports as now in effect: (reply, value, data), booleans as 0 or 1.
 *  - Requests whose answer is only success take a plain januv_reply_cb.
 * Arrays, structs, strings and JSON handed to a callback are owned by januv and valid only while the
 * callback runs; copy what you keep. A success reply missing the field a call decodes completes with
 * JANUV_EPROTO (reply->json is still the reply).
 *
 * Lifetime: januv_admin_new() allocates and starts connecting (requests made before the connection is
 * up wait for it); januv_admin_close() fails pending requests with JANUV_ECANCELED, closes the
 * transport and then runs its callback, after which the admin's memory is gone.
 */
#ifndef JANUV_ADMIN_H
#define JANUV_ADMIN_H

#include "client.h"
#include "common.h"

JANUV_BEGIN_DECLS

/** A connection to the Admin/Monitor API of one server. */
typedef struct januv_admin januv_admin;

/** Connection-state callback, as januv_state_cb of a client (@p detail valid during the call; @p data
 *  is januv_admin_options.state_data). An admin never reconnects: a lost connection reports
 *  JANUV_CONN_DISCONNECTED then JANUV_CONN_FAILED, after which every call fails at once with the
 *  connection's error; create a new admin to go on. */
typedef void (*januv_admin_state_cb)(januv_admin *admin, januv_conn_state state, int err, const char *detail,
                                     void *data);

/** Called once when januv_admin_close() has finished, after the state callback reported
 *  JANUV_CONN_CLOSED; the admin's memory is released as soon as it returns. */
typedef void (*januv_admin_close_cb)(januv_admin *admin, void *data);

/**
 * Admin options. Initialize with januv_admin_options_init(), then set fields. Strings are copied by
 * januv_admin_new().
 */
typedef struct januv_admin_options {
  /** Default timeout of every request, in ms (default 15000). */
  uint32_t request_timeout_ms;
  /** Timeout of DNS resolution plus connect plus handshakes, in ms (default 10000; 0 also means
   *  10000). */
  uint32_t connect_timeout_ms;
  /** WebSocket ping interval, in ms (default 20000; 0 disables pings). */
  uint32_t ws_ping_interval_ms;
  /** A WebSocket ping not answered within this many ms counts as a lost connection (default 10000). */
  uint32_t ws_ping_timeout_ms;
  /** Largest message accepted from the server, in bytes (default 16 MiB; 0 also means 16 MiB). */
  size_t max_message_size;
  /** "admin_secret" added to every request (Janus's admin_secret in janus.jcfg), or NULL. Never logged.
   *  Janus answers "info" and "ping" without it; everything else gets error 403 without the right one. */
  const char *admin_secret;
  /** Log sink, or NULL. At JANUV_LOG_DEBUG every frame is logged with secrets and tokens masked. */
  januv_log_cb log_cb;
  /** User pointer passed to log_cb. */
  void *log_data;
  /** Most verbose level passed to log_cb (default JANUV_LOG_WARN). */
  januv_log_level log_level;
  /** Connection-state callback, or NULL. */
  januv_admin_state_cb state_cb;
  /** User pointer passed to state_cb. */
  void *state_data;
  /** TLS (wss://, https://): as in januv_client_options. A PEM file of CAs trusted in addition to the
   *  system store, or NULL. */
  const char *tls_ca_file;
  /** TLS: a hashed directory of CAs trusted in addition to the system store, or NULL. */
  const char *tls_ca_dir;
  /** TLS: DANGEROUS - accept any certificate (self-signed test servers only). Default false. */
  bool tls_insecure_skip_verify;
  /** HTTP (http://, https://): keep-alive connections for requests (default 4). */
  unsigned http_max_connections;
} januv_admin_options;

/** Fills @p opts with the defaults (every field not listed with a default is 0, false or NULL). */
JANUV_EXTERN void januv_admin_options_init(januv_admin_options *opts);

/**
 * Creates an admin connection to @p url and starts connecting (from the loop, not inside this call).
 * The admin lives until januv_admin_close() has run its callback; the application never frees it.
 * @param loop the loop every callback runs on; must outlive the admin.
 * @param url  e.g. "ws://127.0.0.1:7188", "http://127.0.0.1:7088/admin", "unix:///run/janus/admin.sock".
 * @param opts options, or NULL for the defaults. Copied.
 * @param out  receives the admin on success; left untouched on failure.
 * @return 0, JANUV_EINVAL (@p loop, @p url or @p out NULL), JANUV_EBADURL, JANUV_ENOTRANSPORT,
 *         JANUV_ENOMEM, or the transport's error.
 */
JANUV_EXTERN int januv_admin_new(uv_loop_t *loop, const char *url, const januv_admin_options *opts,
                                 januv_admin **out);

/**
 * Closes the admin connection: pending requests complete with JANUV_ECANCELED, the transport closes,
 * then @p cb (may be NULL) runs and the admin is freed. Safe from inside any callback.
 * @return 0, JANUV_EINVAL, or JANUV_ECLOSED if already closing.
 */
JANUV_EXTERN int januv_admin_close(januv_admin *admin, januv_admin_close_cb cb, void *data);

/** Current connection state. */
JANUV_EXTERN januv_conn_state januv_admin_state(const januv_admin *admin);
/** The loop given to januv_admin_new(). */
JANUV_EXTERN uv_loop_t *januv_admin_loop(const januv_admin *admin);
/** Sets the user pointer (NULL until set); januv never dereferences it. */
JANUV_EXTERN void januv_admin_set_data(januv_admin *admin, void *data);
/** The user pointer last given to januv_admin_set_data(), or NULL. */
JANUV_EXTERN void *januv_admin_get_data(const januv_admin *admin);
/** Id of the request issued by the latest successful call on this admin, 0 if none yet. */
JANUV_EXTERN uint64_t januv_admin_last_request(const januv_admin *admin);
/** Cancels a pending request (its callback runs later with JANUV_ECANCELED). @return 0 or UV_ENOENT. */
JANUV_EXTERN int januv_admin_request_cancel(januv_admin *admin, uint64_t request);
/** Gives a pending request a new timeout from now. @return 0, JANUV_EINVAL (0 ms) or UV_ENOENT. */
JANUV_EXTERN int januv_admin_request_set_timeout(januv_admin *admin, uint64_t request, uint32_t timeout_ms);
/** Number of requests waiting for their reply (those still waiting for the connection included). */
JANUV_EXTERN size_t januv_admin_pending(const januv_admin *admin);

/* ---- result types ---- */

/** Result of januv_admin_get_status(). Numbers the server did not report are -1, booleans false. */
typedef struct januv_admin_status {
  bool token_auth;                 /**< token_auth is on */
  int64_t session_timeout;         /**< global session timeout, s */
  int64_t reclaim_session_timeout; /**< s */
  int64_t candidates_timeout;      /**< s */
  int64_t log_level;               /**< 0 (none) to 7 (everything) */
  bool log_timestamps;             /**< log lines carry timestamps (januv_admin_set_log_timestamps()) */
  bool log_colors;                 /**< log lines are colored (januv_admin_set_log_colors()) */
  bool locking_debug;              /**< every lock is logged (januv_admin_set_locking_debug()) */
  bool refcount_debug;             /**< reference count changes are logged (januv_admin_set_refcount_debug()) */
  bool libnice_debug;              /**< libnice debugging is on (januv_admin_set_libnice_debug()) */
  int64_t min_nack_queue;          /**< ms */
  bool nack_optimizations;         /**< "nack-optimizations" (januv_admin_set_nack_optimizations()) */
  int64_t no_media_timer;          /**< s */
  int64_t slowlink_threshold;      /**< lost packets per second, 0 = off */
} januv_admin_status;

/** One token of januv_admin_list_tokens(): the token and the plugins it may attach to. */
typedef struct januv_admin_token {
  const char *token;          /**< the token (never NULL) */
  const char *const *plugins; /**< plugin packages, e.g. "janus.plugin.echotest"; NULL when nplugins is 0 */
  size_t nplugins;            /**< number of entries in plugins */
} januv_admin_token;

/** One static event loop of januv_admin_loops_info(). */
typedef struct januv_admin_event_loop {
  int64_t id;      /**< the loop's id as Janus numbers it, -1 when absent */
  int64_t handles; /**< handles the loop serves, -1 when absent */
} januv_admin_event_loop;

/**
 * Result of januv_admin_handle_info(). Strings are NULL, signed numbers -1 and booleans false when
 * absent; JSON members are NULL when absent (with plugin_only, everything after plugin_specific is
 * absent).
 */
typedef struct januv_admin_handle_details {
  uint64_t session_id;           /**< the session the handle belongs to, as Janus reports it (0 when absent) */
  uint64_t handle_id;            /**< the handle's id, as Janus reports it (0 when absent) */
  const char *plugin;            /**< e.g. "janus.plugin.echotest"; NULL when no plugin session is alive */
  const char *opaque_id;         /**< given at attach, or NULL */
  const char *session_transport; /**< transport that created the session, e.g. "janus.transport.websockets" */
  const char *token;             /**< token the handle was attached with, or NULL */
  int64_t session_timeout;       /**< the session's timeout in s (0 = never) */
  int64_t session_last_activity; /**< Janus's monotonic clock, µs */
  int64_t created;               /**< µs, same clock */
  int64_t current_time;          /**< µs, same clock */
  bool loop_running;             /**< the handle's event loop runs */
  const char *pcap_file;         /**< file of a running pcap capture, or NULL */
  const char *text2pcap_file;    /**< file of a running text2pcap capture, or NULL */
  const cJSON *plugin_specific;  /**< the plugin's own view of the handle (object), or NULL */
  const cJSON *flags;            /**< WebRTC flags object ("got-offer", "ready", ...), or NULL */
  const cJSON *sdps;             /**< {"profile","local","remote"}, or NULL */
  const cJSON *webrtc;           /**< PeerConnection summary (ICE, DTLS, media, stats), or NULL */
  const cJSON *json;             /**< the whole "info" object as Janus sent it */
} januv_admin_handle_details;

/** Result of januv_admin_resolve_address() and januv_admin_test_stun(). */
typedef struct januv_admin_address {
  const char *ip;     /**< resolved address, or the public (mapped) address STUN reported */
  uint16_t port;      /**< the mapped port (test_stun); 0 for resolve_address */
  int64_t elapsed_us; /**< how long Janus took, µs (-1 when not reported) */
} januv_admin_address;

/* ---- callbacks ---- */

/** Setters: @p value is the value Janus reports after the change (booleans 0/1); 0 on failure. */
typedef void (*januv_admin_value_cb)(const januv_reply *reply, int64_t value, void *data);
/** Lists of ids (sessions, handles). */
typedef void (*januv_admin_ids_cb)(const januv_reply *reply, const uint64_t *ids, size_t n, void *data);
/** list_tokens. */
typedef void (*januv_admin_tokens_cb)(const januv_reply *reply, const januv_admin_token *tokens, size_t n,
                                      void *data);
/** add_token, allow_token, disallow_token: the plugins the token may use after the change. */
typedef void (*januv_admin_plugins_cb)(const januv_reply *reply, const char *const *plugins, size_t n,
                                       void *data);
/** loops_info. */
typedef void (*januv_admin_loops_cb)(const januv_reply *reply, const januv_admin_event_loop *loops, size_t n,
                                     void *data);
/** get_status. */
typedef void (*januv_admin_status_cb)(const januv_reply *reply, const januv_admin_status *status, void *data);
/** handle_info. */
typedef void (*januv_admin_handle_info_cb)(const januv_reply *reply, const januv_admin_handle_details *info,
                                           void *data);
/**
 * query_transport, query_eventhandler, query_logger, message_plugin: @p response is the "response"
 * object Janus relayed from the module (non-NULL whenever Janus answered success). A response carrying
 * a numeric "error_code" (the module's own error) completes with reply->status JANUV_EPLUGIN,
 * reply->plugin_code that code and reply->reason its "error" text; @p response is still given.
 */
typedef void (*januv_admin_response_cb)(const januv_reply *reply, const cJSON *response, void *data);
/** resolve_address, test_stun. */
typedef void (*januv_admin_address_cb)(const januv_reply *reply, const januv_admin_address *address, void *data);

/* ---- generic requests ---- */

/** "info": the server's info, exactly as the Janus API's (reply->json). Needs no admin secret. */
JANUV_EXTERN int januv_admin_info(januv_admin *admin, januv_reply_cb cb, void *data);
/** "ping": success when Janus answers "pong". Needs no admin secret. */
JANUV_EXTERN int januv_admin_ping(januv_admin *admin, januv_reply_cb cb, void *data);
/** "loops_info": the static event loops and their handle counts (an empty list without static loops). */
JANUV_EXTERN int januv_admin_loops_info(januv_admin *admin, januv_admin_loops_cb cb, void *data);
/**
 * Any Admin API request, e.g. one newer than this library: @p request (borrowed) must have a string
 * "janus". Its "session_id"/"handle_id", if present, address the request (HTTP puts them in the path);
 * januv adds "transaction" and "admin_secret". The callback gets the reply as Janus sent it.
 */
JANUV_EXTERN int januv_admin_send(januv_admin *admin, const cJSON *request, januv_reply_cb cb, void *data);

/* ---- configuration ---- */

/** "get_status": the settings that can be changed at runtime. */
JANUV_EXTERN int januv_admin_get_status(januv_admin *admin, januv_admin_status_cb cb, void *data);
/**
 * "set_session_timeout". With @p session_id 0 it sets the global timeout (@p timeout_s >= 0, seconds);
 * otherwise that session's own: -1 = back to the global one, 0 = never expires.
 * @p value is the timeout Janus applied.
 */
JANUV_EXTERN int januv_admin_set_session_timeout(januv_admin *admin, uint64_t session_id, int timeout_s,
                                                 januv_admin_value_cb cb, void *data);
/** "set_log_level": 0 (none) to 7 (everything); Janus's default is 4 (info). */
JANUV_EXTERN int januv_admin_set_log_level(januv_admin *admin, int level, januv_admin_value_cb cb, void *data);
/** "set_log_timestamps". */
JANUV_EXTERN int januv_admin_set_log_timestamps(januv_admin *admin, bool on, januv_admin_value_cb cb, void *data);
/** "set_log_colors". */
JANUV_EXTERN int januv_admin_set_log_colors(januv_admin *admin, bool on, januv_admin_value_cb cb, void *data);
/** "set_locking_debug": log every lock (very verbose). */
JANUV_EXTERN int januv_admin_set_locking_debug(januv_admin *admin, bool on, januv_admin_value_cb cb, void *data);
/** "set_refcount_debug": log every reference count change (very verbose). */
JANUV_EXTERN int januv_admin_set_refcount_debug(januv_admin *admin, bool on, januv_admin_value_cb cb, void *data);
/** "set_libnice_debug". */
JANUV_EXTERN int januv_admin_set_libnice_debug(januv_admin *admin, bool on, januv_admin_value_cb cb, void *data);
/** "set_min_nack_queue": the minimum NACK queue window, ms. */
JANUV_EXTERN int januv_admin_set_min_nack_queue(januv_admin *admin, uint32_t ms, januv_admin_value_cb cb,
                                                void *data);
/** "set_nack_optimizations" (undocumented by Janus 1.1 but served). */
JANUV_EXTERN int januv_admin_set_nack_optimizations(januv_admin *admin, bool on, januv_admin_value_cb cb,
                                                    void *data);
/** "set_no_media_timer": seconds without media before Janus reports it. */
JANUV_EXTERN int januv_admin_set_no_media_timer(januv_admin *admin, uint32_t seconds, januv_admin_value_cb cb,
                                                void *data);
/** "set_slowlink_threshold": lost packets per second that trigger "slowlink" (0 = off). */
JANUV_EXTERN int januv_admin_set_slowlink_threshold(januv_admin *admin, uint32_t packets, januv_admin_value_cb cb,
                                                    void *data);

/* ---- tokens (Janus with token_auth = true and no token_auth_secret; otherwise Janus answers 490) ---- */

/**
 * "add_token": adds @p token, allowed to use @p plugins (@p nplugins entries; 0 = every plugin).
 * Janus skips plugin names it does not know.
 */
JANUV_EXTERN int januv_admin_add_token(januv_admin *admin, const char *token, const char *const *plugins,
                                       size_t nplugins, januv_admin_plugins_cb cb, void *data);
/** "allow_token": lets an existing token use @p plugins too (@p nplugins > 0; an unknown plugin: 467). */
JANUV_EXTERN int januv_admin_allow_token(januv_admin *admin, const char *token, const char *const *plugins,
                                         size_t nplugins, januv_admin_plugins_cb cb, void *data);
/** "disallow_token": takes @p plugins away from a token (@p nplugins > 0). */
JANUV_EXTERN int januv_admin_disallow_token(januv_admin *admin, const char *token, const char *const *plugins,
                                            size_t nplugins, januv_admin_plugins_cb cb, void *data);
/** "list_tokens". Janus leaves out tokens that may use no plugin at all. */
JANUV_EXTERN int januv_admin_list_tokens(januv_admin *admin, januv_admin_tokens_cb cb, void *data);
/** "remove_token". */
JANUV_EXTERN int januv_admin_remove_token(januv_admin *admin, const char *token, januv_reply_cb cb, void *data);

/* ---- sessions ---- */

/** "accept_new_sessions": off makes Janus refuse "create" with error 472 (draining). @p value: the setting. */
JANUV_EXTERN int januv_admin_accept_new_sessions(januv_admin *admin, bool accept, januv_admin_value_cb cb,
                                                 void *data);
/** "list_sessions": every session of the server, whoever created it. */
JANUV_EXTERN int januv_admin_list_sessions(januv_admin *admin, januv_admin_ids_cb cb, void *data);
/** "destroy_session": as the Janus API's "destroy" for that session's owner. */
JANUV_EXTERN int januv_admin_destroy_session(januv_admin *admin, uint64_t session_id, januv_reply_cb cb,
                                             void *data);

/* ---- handles and WebRTC ---- */

/** "list_handles": the handles of a session (458 for an unknown session). */
JANUV_EXTERN int januv_admin_list_handles(januv_admin *admin, uint64_t session_id, januv_admin_ids_cb cb,
                                          void *data);
/** "handle_info": everything Janus knows about a handle; @p plugin_only limits it to the plugin's part. */
JANUV_EXTERN int januv_admin_handle_info(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                         bool plugin_only, januv_admin_handle_info_cb cb, void *data);
/** "hangup_webrtc": closes the handle's PeerConnection, as the Janus API's "hangup". */
JANUV_EXTERN int januv_admin_hangup_webrtc(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                           januv_reply_cb cb, void *data);
/** "detach_handle": as the Janus API's "detach". */
JANUV_EXTERN int januv_admin_detach_handle(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                           januv_reply_cb cb, void *data);
/**
 * "start_pcap": dumps the handle's unencrypted RTP/RTCP/data to a pcap file on the server:
 * @p folder (NULL = Janus's working directory; created if missing) / @p filename (NULL = a random
 * name), packets cut at @p truncate bytes (0 = whole). One capture per handle at a time (else 490).
 */
JANUV_EXTERN int januv_admin_start_pcap(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                        const char *folder, const char *filename, uint32_t truncate,
                                        januv_reply_cb cb, void *data);
/** "stop_pcap": stops the handle's capture (Janus stops a text2pcap one too; 490 when none runs). */
JANUV_EXTERN int januv_admin_stop_pcap(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                       januv_reply_cb cb, void *data);
/** "start_text2pcap": as januv_admin_start_pcap(), to a text file for Wireshark's text2pcap. */
JANUV_EXTERN int januv_admin_start_text2pcap(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                             const char *folder, const char *filename, uint32_t truncate,
                                             januv_reply_cb cb, void *data);
/** "stop_text2pcap". */
JANUV_EXTERN int januv_admin_stop_text2pcap(januv_admin *admin, uint64_t session_id, uint64_t handle_id,
                                            januv_reply_cb cb, void *data);

/* ---- modules: plugins, transports, event handlers, loggers ---- */

/**
 * "message_plugin": a synchronous admin request to a plugin (e.g. {"request":"list"} to VideoRoom),
 * @p request borrowed (may be NULL). Janus serves it at the top level, not per handle (a session_id
 * makes it fail with 457), whatever its documentation suggests.
 */
JANUV_EXTERN int januv_admin_message_plugin(januv_admin *admin, const char *plugin, const cJSON *request,
                                            januv_admin_response_cb cb, void *data);
/** "query_transport", e.g. transport "janus.transport.websockets", request {"request":"connections"}. */
JANUV_EXTERN int januv_admin_query_transport(januv_admin *admin, const char *transport, const cJSON *request,
                                             januv_admin_response_cb cb, void *data);
/** "query_eventhandler", e.g. handler "janus.eventhandler.sampleevh", request {"request":"tweak",...}. */
JANUV_EXTERN int januv_admin_query_eventhandler(januv_admin *admin, const char *handler, const cJSON *request,
                                                januv_admin_response_cb cb, void *data);
/** "query_logger", e.g. logger "janus.logger.jsonlog", request {"request":"info"}. */
JANUV_EXTERN int januv_admin_query_logger(januv_admin *admin, const char *logger, const cJSON *request,
                                          januv_admin_response_cb cb, void *data);
/**
 * "custom_event": hands an "external" event (type 4) with @p schema and @p event_data (an object,
 * borrowed) to the event handlers. Janus answers success even when no handler is loaded.
 */
JANUV_EXTERN int januv_admin_custom_event(januv_admin *admin, const char *schema, const cJSON *event_data,
                                          januv_reply_cb cb, void *data);
/** "custom_logline": prints @p line in Janus's log at @p level (0-7; negative = Janus's default, 4). */
JANUV_EXTERN int januv_admin_custom_logline(januv_admin *admin, const char *line, int level, januv_reply_cb cb,
                                            void *data);

/* ---- helpers ---- */

/** "resolve_address": whether and how fast the server resolves @p address (490 when it cannot). */
JANUV_EXTERN int januv_admin_resolve_address(januv_admin *admin, const char *address, januv_admin_address_cb cb,
                                             void *data);
/**
 * "test_stun": the server sends a STUN binding request from local UDP port @p local_port (0 = any) to
 * @p address:@p port and reports the mapped address (490 "STUN request failed" without an answer).
 */
JANUV_EXTERN int januv_admin_test_stun(januv_admin *admin, const char *address, uint16_t port, uint16_t local_port,
                                       januv_admin_address_cb cb, void *data);

JANUV_END_DECLS

#endif
