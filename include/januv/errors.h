/**
 * @file januv/errors.h
 * Error codes.
 *
 * Every januv function that can fail returns 0 or a negative code. libuv's codes (UV_E*) pass through
 * unchanged (a refused connection is UV_ECONNREFUSED); the aliases below name the ones januv itself
 * produces. januv's own codes live in their own band, -32000 to -32099, which libuv never uses.
 */
#ifndef JANUV_ERRORS_H
#define JANUV_ERRORS_H

#include "common.h"

JANUV_BEGIN_DECLS

/* libuv codes januv produces itself. */
#define JANUV_EINVAL UV_EINVAL             /**< Invalid argument. */
#define JANUV_ENOMEM UV_ENOMEM             /**< Out of memory. */
#define JANUV_ETIMEDOUT UV_ETIMEDOUT       /**< No reply within the request's timeout. */
#define JANUV_ECANCELED UV_ECANCELED       /**< Canceled, or the owning object was closed. */
#define JANUV_ECONNRESET UV_ECONNRESET     /**< The connection was lost with the request in flight. */
#define JANUV_ECONNREFUSED UV_ECONNREFUSED /**< Nothing listens at the server's address. */
#define JANUV_ENOTSUP UV_ENOTSUP           /**< Not supported by this transport or build. */

/** januv's own band: JANUV_ERRNO_BASE down to JANUV_ERRNO_MIN. The top of the band (-32000) is not
 *  itself a code: januv's codes start one below it (JANUV_EJANUS). */
#define JANUV_ERRNO_BASE (-32000)
/** The bottom of januv's own band (-32099): every januv code lies between it and JANUV_ERRNO_BASE. */
#define JANUV_ERRNO_MIN (-32099)
/** True when @p err is one of januv's own codes (not libuv's). */
#define JANUV_IS_OWN_ERROR(err) ((err) <= JANUV_ERRNO_BASE && (err) >= JANUV_ERRNO_MIN)

/** januv's own codes. */
enum januv_errno {
  /** Janus answered with an error; the reply carries janus_code and reason. */
  JANUV_EJANUS = JANUV_ERRNO_BASE - 1,
  /** The server sent malformed data (HTTP, WebSocket or JSON); the connection is closed. */
  JANUV_EPROTO = JANUV_ERRNO_BASE - 2,
  /** TLS failed (handshake, certificate verification, record); the reason names OpenSSL's error. */
  JANUV_ETLS = JANUV_ERRNO_BASE - 3,
  /** The server refused the WebSocket upgrade or answered it wrongly. */
  JANUV_EHANDSHAKE = JANUV_ERRNO_BASE - 4,
  /** The Janus session no longer exists on the server (timed out, Janus restarted, claim refused). */
  JANUV_ESESSIONLOST = JANUV_ERRNO_BASE - 5,
  /** The object is closing or closed. */
  JANUV_ECLOSED = JANUV_ERRNO_BASE - 6,
  /** No registered transport accepts the URL. */
  JANUV_ENOTRANSPORT = JANUV_ERRNO_BASE - 7,
  /** The URL cannot be parsed. */
  JANUV_EBADURL = JANUV_ERRNO_BASE - 8,
  /** The server answered with an HTTP error status. */
  JANUV_EHTTP = JANUV_ERRNO_BASE - 9,
  /** A message is larger than the configured limit. */
  JANUV_ETOOBIG = JANUV_ERRNO_BASE - 10,
  /** A plugin answered with a plugin-level error (e.g. VideoRoom "error_code"). */
  JANUV_EPLUGIN = JANUV_ERRNO_BASE - 11,
  /** The operation is not valid in the object's current state. */
  JANUV_ESTATE = JANUV_ERRNO_BASE - 12,
  /** The queue of requests waiting for a connection is full. */
  JANUV_EQUEUEFULL = JANUV_ERRNO_BASE - 13,
  /** januv was built without media support (-Dmedia=disabled). */
  JANUV_ENOMEDIA = JANUV_ERRNO_BASE - 14,
  /** Media (GStreamer) failed; the reason says what. */
  JANUV_EMEDIA = JANUV_ERRNO_BASE - 15,
  /** One past the last januv code (not an error). */
  JANUV_ERRNO_LAST = JANUV_ERRNO_BASE - 16
};

/** A static description of @p err (januv or libuv code): "success" for 0, "unknown januv error" for an
 *  unassigned code of januv's band. Never NULL; do not free it. */
JANUV_EXTERN const char *januv_strerror(int err);
/** The symbolic name of @p err, e.g. "JANUV_EJANUS" or "ECONNREFUSED"; "OK" for 0, "JANUV_EUNKNOWN" for
 *  an unassigned code of januv's band. Never NULL; do not free it. */
JANUV_EXTERN const char *januv_err_name(int err);

JANUV_END_DECLS

#endif
