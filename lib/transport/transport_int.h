/*
 * Transport instances as the core sees them: creation by URL, the vtable calls, and the sink through
 * which a transport reports upward (the core registers it; transport code never includes core).
 */
#ifndef JV_TRANSPORT_INT_H
#define JV_TRANSPORT_INT_H

#include "januv/transport.h"
#include "util/list.h"

typedef struct jv_transport_sink {
  void (*connected)(void *owner);
  void (*disconnected)(void *owner, int err, const char *detail);
  void (*receive)(void *owner, const char *json, size_t len);
  void (*receive_reply)(void *owner, uint64_t request, const char *json, size_t len);
  void (*request_failed)(void *owner, uint64_t request, int err, const char *detail);
  void (*session_lost)(void *owner, uint64_t session_id, int err);
  /* The last report: the instance is freed right after this returns. */
  void (*closed)(void *owner);
  void (*log)(void *owner, januv_log_level level, const char *msg);
} jv_transport_sink;

struct januv_transport {
  const januv_transport_vtable *vt;
  void *impl;
  uv_loop_t *loop;
  januv_transport_config cfg; /* strings owned by the owner, alive for the instance's life */
  const jv_transport_sink *sink;
  void *owner;
  januv_log_level log_level;
  bool has_log;
  int in_call;       /* >0 while the core is inside a vtable call */
  bool closing;
  bool closed;
  jv_list deferred;  /* reports made during a vtable call, delivered in order afterwards */
  uv_timer_t defer_timer;
};

/* The vtable serving url (user registrations first, newest first; then the built-ins), or NULL. */
const januv_transport_vtable *jv_transport_find(const char *url);

/* 0 when a transport takes url and, for a built-in one, the URL parses; else JANUV_ENOTRANSPORT or
 * JANUV_EBADURL: a malformed URL is the caller's error, reported at once rather than on connect. */
int jv_transport_check_url(const char *url);

int jv_transport_create(uv_loop_t *loop, const januv_transport_config *cfg, const jv_transport_sink *sink,
                        void *owner, bool has_log, januv_log_level level, januv_transport **out);
int jv_transport_open(januv_transport *t);
int jv_transport_send(januv_transport *t, const januv_transport_request *req);
void jv_transport_session_started(januv_transport *t, uint64_t session_id);
void jv_transport_session_ended(januv_transport *t, uint64_t session_id);
/* A request given to send() ended without the transport's answer (no-op without request_ended). */
void jv_transport_request_ended(januv_transport *t, uint64_t request);
/* Drops the connection without a report (no-op when the transport has no abort). */
void jv_transport_abort(januv_transport *t);
/* Starts closing; sink->closed follows (never from inside this call). */
void jv_transport_close(januv_transport *t);

/* A TLS client context for the instance's TLS settings; NULL with the reason in err. */
struct ssl_ctx_st *jv_transport_tls_ctx(januv_transport *t, char *err, size_t errlen);

/* Logs (debug) how a TLS connection was set up: protocol, and full or resumed handshake. */
struct jv_stream;
void jv_transport_log_tls(januv_transport *t, const struct jv_stream *s, const char *what);

/* Built-in transports. */
extern const januv_transport_vtable jv_ws_transport;
extern const januv_transport_vtable jv_http_transport;
extern const januv_transport_vtable jv_unix_transport;

#endif
