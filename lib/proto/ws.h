/*
 * WebSocket protocol engine (RFC 6455) without I/O: the client's HTTP/1.1 upgrade (parsed with
 * llhttp) and frames (wslay's event API). Feed received bytes with jv_ws_feed(); take bytes to send
 * with jv_ws_flush(). Callbacks fire from inside jv_ws_feed().
 */
#ifndef JV_PROTO_WS_H
#define JV_PROTO_WS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct jv_ws jv_ws;

enum { JV_WS_TEXT = 1, JV_WS_BINARY = 2, JV_WS_CLOSE = 8, JV_WS_PING = 9, JV_WS_PONG = 10 };

typedef enum jv_ws_state {
  JV_WS_HANDSHAKE = 0, /* client: upgrade sent, waiting for 101 */
  JV_WS_OPEN,          /* frames flow */
  JV_WS_CLOSING,       /* a close frame was sent or received, not both */
  JV_WS_CLOSED,        /* close frames sent and received: the socket can go */
  JV_WS_FAILED         /* protocol error: see jv_ws_error(); a close frame may be queued */
} jv_ws_state;

typedef struct jv_ws_callbacks {
  /* Client: the server accepted the upgrade. */
  void (*on_open)(void *data);
  /* A complete text or binary message (fragments joined). */
  void (*on_message)(void *data, int opcode, const uint8_t *msg, size_t len);
  /* A pong arrived (pings are answered automatically). */
  void (*on_pong)(void *data);
  /* The peer sent a close frame (code 1005 when it had none); the echo is queued. */
  void (*on_close)(void *data, uint16_t code, const char *reason, size_t reason_len);
} jv_ws_callbacks;

/* Client engine: call jv_ws_client_handshake() next. max_msg bounds every message received. */
jv_ws *jv_ws_client_new(const jv_ws_callbacks *cbs, void *data, size_t max_msg);
/* Server engine for the mock: starts OPEN (the caller did the handshake). */
jv_ws *jv_ws_server_new(const jv_ws_callbacks *cbs, void *data, size_t max_msg);
void jv_ws_free(jv_ws *ws);

/* Queues the upgrade request. host is the Host header value; protocol may be NULL.
 * Returns 0, UV_ENOMEM, or JANUV_ESTATE. */
int jv_ws_client_handshake(jv_ws *ws, const char *host, const char *path, const char *protocol);

/* Consumes received bytes. Returns 0, or JANUV_EHANDSHAKE / JANUV_EPROTO / JANUV_ETOOBIG / UV_ENOMEM
 * once the stream is unusable (state FAILED; jv_ws_error() says why; flush to send the close frame). */
int jv_ws_feed(jv_ws *ws, const void *p, size_t n);

/* Queues a message (JV_WS_TEXT / JV_WS_BINARY / JV_WS_PING / JV_WS_PONG). 0, UV_ENOMEM, JANUV_ESTATE. */
int jv_ws_send(jv_ws *ws, int opcode, const void *p, size_t n);
/* Queues a close frame; later sends fail with JANUV_ESTATE. */
int jv_ws_close(jv_ws *ws, uint16_t code, const char *reason);

/* Appends everything ready to be written to out. Returns 0 or UV_ENOMEM. */
int jv_ws_flush(jv_ws *ws, jv_buf *out);
bool jv_ws_want_write(const jv_ws *ws);

jv_ws_state jv_ws_get_state(const jv_ws *ws);
/* Description of the failure (FAILED), or of the peer's close; "" otherwise. */
const char *jv_ws_error(const jv_ws *ws);
/* The close code the peer sent (0 if none yet). */
uint16_t jv_ws_peer_close_code(const jv_ws *ws);
/* The subprotocol the server chose, or NULL. */
const char *jv_ws_protocol(const jv_ws *ws);

/* Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)), 28 chars + NUL. */
void jv_ws_accept_for_key(const char *key, size_t key_len, char out[29]);

#endif
