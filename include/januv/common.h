/**
 * @file januv/common.h
 * Types shared by every januv header.
 *
 * Conventions that hold across the whole API:
 *  - Every object (client, session, handle, ...) is opaque and allocated by januv.
 *  - Functions return int: 0 on success or a negative error code (see errors.h).
 *    When a function that takes a callback returns an error, that callback is never called.
 *  - Every request callback runs exactly once, on the loop thread: with the reply, a Janus error,
 *    a timeout (JANUV_ETIMEDOUT), a cancel (JANUV_ECANCELED) or a connection loss (JANUV_ECONNRESET).
 *  - JSON given to januv is borrowed: it is serialized before the call returns.
 *    JSON given to a callback is owned by januv and valid only while the callback runs.
 *  - Strings given to januv are copied when januv needs them later.
 *  - Closing or destroying an object from inside any callback is safe: memory is released later,
 *    on the loop, after the object's final callback.
 */
#ifndef JANUV_COMMON_H
#define JANUV_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <uv.h>

#ifdef __cplusplus
#define JANUV_BEGIN_DECLS extern "C" {
#define JANUV_END_DECLS }
#else
#define JANUV_BEGIN_DECLS
#define JANUV_END_DECLS
#endif

#if defined(JANUV_BUILDING) && defined(__GNUC__)
#define JANUV_EXTERN __attribute__((visibility("default")))
#else
#define JANUV_EXTERN
#endif

JANUV_BEGIN_DECLS

/** A connection to the Janus API of one server (see client.h). */
typedef struct januv_client januv_client;
/** A Janus session (see session.h). */
typedef struct januv_session januv_session;
/** A plugin handle inside a session (see handle.h). */
typedef struct januv_handle januv_handle;

/** Log levels, from the most to the least severe. */
typedef enum januv_log_level {
  /** Failures: a connection that cannot be made, malformed data from the server, ... */
  JANUV_LOG_ERROR = 0,
  /** Trouble januv handles or reports on its own: a lost connection or session, a reconnect attempt,
   *  TLS verification turned off, ... */
  JANUV_LOG_WARN = 1,
  /** Progress: connecting, connected, reconnected, ... */
  JANUV_LOG_INFO = 2,
  /** Every JSON frame sent and received, with secrets replaced by "***". */
  JANUV_LOG_DEBUG = 3
} januv_log_level;

/**
 * Log sink. @p msg is a NUL-terminated line without a trailing newline, valid only during the call.
 * Runs on the loop thread. It is called only for levels up to the configured log_level; @p data is
 * the log_data of the options.
 */
typedef void (*januv_log_cb)(januv_log_level level, const char *msg, void *data);

/**
 * The outcome of one request, handed to its callback exactly once.
 *
 * Every pointer in it is owned by januv and valid only while the callback runs.
 */
typedef struct januv_reply {
  /** 0 on success; JANUV_EJANUS when Janus answered with an error (see janus_code and reason);
   *  JANUV_EPLUGIN when a plugin module's request got the plugin's error (see plugin_code);
   *  otherwise a negative januv or libuv code (timeout, cancel, connection loss, ...). */
  int status;
  /** Janus's error code ("error":{"code":...}) when status is JANUV_EJANUS, otherwise 0. */
  int janus_code;
  /** Janus's error reason, or a description of status. Never NULL ("" on success). */
  const char *reason;
  /** The whole reply as Janus sent it; NULL when no reply arrived (timeout, cancel, loss). */
  const cJSON *json;
  /** "plugindata.plugin" of a plugin reply, or NULL. */
  const char *plugin;
  /** "plugindata.data" of a plugin reply, or NULL. Plugin-level errors (e.g. VideoRoom's
   *  "error_code") are left here for plugin modules; the core does not treat them as failures. */
  const cJSON *data;
  /** The "jsep" object of the reply, or NULL. */
  const cJSON *jsep;
  /** Set by plugin modules (januv/plugins/) when status is JANUV_EPLUGIN: the plugin's "error_code". */
  int plugin_code;
} januv_reply;

/**
 * Callback of a request: @p reply is never NULL, and it and everything it points to are valid only
 * during the call. @p data is the pointer given with the request.
 */
typedef void (*januv_reply_cb)(const januv_reply *reply, void *data);

/**
 * Prints JSON like cJSON_Print()/cJSON_PrintUnformatted(), except that integral numbers are printed
 * exactly. cJSON prints numbers with 15 significant digits, which rounds Janus's 16-digit session and
 * handle ids ("sender": 4.4070002513952e+15); use this to print JSON januv gave you.
 * @return a NUL-terminated string the caller frees with free(), or NULL (json NULL, out of memory).
 */
JANUV_EXTERN char *januv_json_print(const cJSON *json, bool formatted);

/**
 * The value of a JSON id (a number, or a numeric string) as uint64_t; 0 when @p item is NULL or not
 * an id. Janus ids are below 2^53, so cJSON's double holds them exactly.
 */
JANUV_EXTERN uint64_t januv_json_id(const cJSON *item);

/**
 * Returns the version string of the januv library in use, e.g. "0.1.0" (a static string; compare with
 * JANUV_VERSION_STRING, the version of the headers compiled against).
 */
JANUV_EXTERN const char *januv_version(void);

JANUV_END_DECLS

#endif
