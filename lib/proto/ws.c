#include "proto/ws.h"

#include <llhttp.h>
#include <openssl/evp.h> /* EVP_EncodeBlock (base64) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <wslay/wslay.h>

#include "januv/errors.h"
#include "util/rand.h"
#include "util/sha1.h"
#include "util/str.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/* An upgrade response is a handful of headers; anything bigger is not a Janus server. */
#define WS_MAX_HANDSHAKE 16384

struct jv_ws {
  wslay_event_context_ptr ctx;
  jv_ws_callbacks cbs;
  void *data;
  jv_ws_state state;
  bool client;

  /* handshake */
  llhttp_t parser;
  llhttp_settings_t settings;
  jv_buf hs_out;
  size_t hs_seen;
  char key[25];
  char *protocol_wanted;
  char *protocol_got;
  jv_buf hfield, hvalue;
  bool saw_upgrade, saw_connection, accept_ok, accept_seen;
  int hs_error;

  /* frame I/O, valid only inside feed/flush */
  const uint8_t *in;
  size_t in_len;
  jv_buf *out;

  /* messages are assembled here (wslay in no-buffering mode): one buffer reused for every message */
  jv_buf rmsg;
  bool frame_is_data;
  size_t max_msg;
  bool too_big; /* a message grew past max_msg: the stream fails once wslay returns */

  uint16_t peer_code;
  char error[160];
  jv_buf pending;    /* frames wslay wrote while reporting a violation, flushed first */
  bool close_queued; /* jv_ws_close() was called */
};

static void set_error(jv_ws *ws, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_error(jv_ws *ws, int code, const char *fmt, ...) {
  if (ws->state == JV_WS_FAILED) return;
  ws->state = JV_WS_FAILED;
  ws->hs_error = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ws->error, sizeof ws->error, fmt, ap);
  va_end(ap);
}

/* ---- wslay callbacks ---- */

static ssize_t recv_cb(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags, void *user) {
  jv_ws *ws = user;
  (void)flags;
  if (ws->in_len == 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
    return -1;
  }
  size_t n = len < ws->in_len ? len : ws->in_len;
  memcpy(buf, ws->in, n);
  ws->in += n;
  ws->in_len -= n;
  return (ssize_t)n;
}

static ssize_t send_cb(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
                       void *user) {
  jv_ws *ws = user;
  (void)flags;
  if (!ws->out) {
    wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
    return -1;
  }
  if (jv_buf_append(ws->out, data, len) != 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
  }
  return (ssize_t)len;
}

static int genmask_cb(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, void *user) {
  (void)ctx;
  (void)user;
  while (len > 0) {
    uint64_t r = jv_rand64();
    size_t n = len < sizeof r ? len : sizeof r;
    memcpy(buf, &r, n);
    buf += n;
    len -= n;
  }
  return 0;
}

static void frame_start_cb(wslay_event_context_ptr ctx, const struct wslay_event_on_frame_recv_start_arg *arg,
                           void *user) {
  jv_ws *ws = user;
  (void)ctx;
  ws->frame_is_data = arg->opcode == WSLAY_TEXT_FRAME || arg->opcode == WSLAY_BINARY_FRAME ||
                      arg->opcode == WSLAY_CONTINUATION_FRAME;
  /* wslay checks each frame against the limit, but without buffering not the sum of the fragments */
  if (ws->frame_is_data && ws->rmsg.len + arg->payload_length > ws->max_msg) ws->too_big = true;
}

static void frame_chunk_cb(wslay_event_context_ptr ctx, const struct wslay_event_on_frame_recv_chunk_arg *arg,
                           void *user) {
  jv_ws *ws = user;
  if (ws->frame_is_data && !ws->too_big && jv_buf_append(&ws->rmsg, arg->data, arg->data_length) != 0)
    wslay_event_set_error(ctx, WSLAY_ERR_NOMEM);
}

static void msg_cb(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *arg, void *user) {
  jv_ws *ws = user;
  (void)ctx;
  switch (arg->opcode) {
  case WSLAY_TEXT_FRAME:
  case WSLAY_BINARY_FRAME:
    if (ws->cbs.on_message && ws->state == JV_WS_OPEN && !ws->too_big)
      ws->cbs.on_message(ws->data, arg->opcode, (const uint8_t *)(ws->rmsg.data ? ws->rmsg.data : ""), ws->rmsg.len);
    jv_buf_reset(&ws->rmsg);
    break;
  case WSLAY_PONG:
    if (ws->cbs.on_pong) ws->cbs.on_pong(ws->data);
    break;
  case WSLAY_CONNECTION_CLOSE: {
    ws->peer_code = arg->status_code ? arg->status_code : 1005;
    const char *reason = arg->msg_length > 2 ? (const char *)arg->msg + 2 : "";
    size_t rlen = arg->msg_length > 2 ? arg->msg_length - 2 : 0;
    snprintf(ws->error, sizeof ws->error, "server closed the WebSocket (%u%s%.*s)", ws->peer_code,
             rlen ? ": " : "", (int)(rlen > 100 ? 100 : rlen), reason);
    if (ws->state == JV_WS_OPEN) ws->state = JV_WS_CLOSING;
    if (ws->cbs.on_close) ws->cbs.on_close(ws->data, ws->peer_code, reason, rlen);
    break;
  }
  default:
    break;
  }
}

static const struct wslay_event_callbacks wslay_cbs = {
  .recv_callback = recv_cb,
  .send_callback = send_cb,
  .genmask_callback = genmask_cb,
  .on_frame_recv_start_callback = frame_start_cb,
  .on_frame_recv_chunk_callback = frame_chunk_cb,
  .on_msg_recv_callback = msg_cb,
};

static jv_ws *ws_new(const jv_ws_callbacks *cbs, void *data, size_t max_msg, bool client) {
  jv_ws *ws = calloc(1, sizeof *ws);
  if (!ws) return NULL;
  int rc = client ? wslay_event_context_client_init(&ws->ctx, &wslay_cbs, ws)
                  : wslay_event_context_server_init(&ws->ctx, &wslay_cbs, ws);
  if (rc != 0) {
    free(ws);
    return NULL;
  }
  ws->max_msg = max_msg ? max_msg : (16u << 20);
  wslay_event_config_set_max_recv_msg_length(ws->ctx, ws->max_msg);
  /* wslay would allocate, copy and flatten every message; we assemble into one reused buffer. */
  wslay_event_config_set_no_buffering(ws->ctx, 1);
  if (cbs) ws->cbs = *cbs;
  ws->data = data;
  ws->client = client;
  ws->state = client ? JV_WS_HANDSHAKE : JV_WS_OPEN;
  return ws;
}

jv_ws *jv_ws_client_new(const jv_ws_callbacks *cbs, void *data, size_t max_msg) {
  return ws_new(cbs, data, max_msg, true);
}

jv_ws *jv_ws_server_new(const jv_ws_callbacks *cbs, void *data, size_t max_msg) {
  return ws_new(cbs, data, max_msg, false);
}

void jv_ws_free(jv_ws *ws) {
  if (!ws) return;
  wslay_event_context_free(ws->ctx);
  jv_buf_free(&ws->hs_out);
  jv_buf_free(&ws->hfield);
  jv_buf_free(&ws->hvalue);
  jv_buf_free(&ws->pending);
  jv_buf_free(&ws->rmsg);
  free(ws->protocol_wanted);
  free(ws->protocol_got);
  free(ws);
}

void jv_ws_accept_for_key(const char *key, size_t key_len, char out[29]) {
  unsigned char digest[20];
  jv_sha1 md;
  jv_sha1_init(&md);
  jv_sha1_update(&md, key, key_len);
  jv_sha1_update(&md, WS_GUID, sizeof WS_GUID - 1);
  jv_sha1_final(&md, digest);
  EVP_EncodeBlock((unsigned char *)out, digest, (int)sizeof digest);
  out[28] = '\0';
}

/* ---- client handshake ---- */

static int hs_on_field(llhttp_t *p, const char *at, size_t len) {
  jv_ws *ws = p->data;
  return jv_buf_append(&ws->hfield, at, len) ? -1 : 0;
}

static int hs_on_value(llhttp_t *p, const char *at, size_t len) {
  jv_ws *ws = p->data;
  return jv_buf_append(&ws->hvalue, at, len) ? -1 : 0;
}

static int hs_on_value_complete(llhttp_t *p) {
  jv_ws *ws = p->data;
  const char *f = ws->hfield.data ? ws->hfield.data : "";
  const char *v = ws->hvalue.data ? ws->hvalue.data : "";
  size_t flen = ws->hfield.len, vlen = ws->hvalue.len;
  if (jv_strcaseeq_n(f, flen, "upgrade")) {
    ws->saw_upgrade = jv_strcaseeq_n(v, vlen, "websocket");
  } else if (jv_strcaseeq_n(f, flen, "connection")) {
    ws->saw_connection = jv_header_has_token(v, vlen, "upgrade");
  } else if (jv_strcaseeq_n(f, flen, "sec-websocket-accept")) {
    char expect[29];
    jv_ws_accept_for_key(ws->key, strlen(ws->key), expect);
    ws->accept_seen = true;
    ws->accept_ok = vlen == 28 && memcmp(v, expect, 28) == 0;
  } else if (jv_strcaseeq_n(f, flen, "sec-websocket-protocol")) {
    free(ws->protocol_got);
    ws->protocol_got = jv_strndup(v, vlen);
  }
  jv_buf_reset(&ws->hfield);
  jv_buf_reset(&ws->hvalue);
  return 0;
}

static int hs_on_headers_complete(llhttp_t *p) {
  jv_ws *ws = p->data;
  int status = llhttp_get_status_code(p);
  if (status != 101) {
    set_error(ws, JANUV_EHANDSHAKE, "WebSocket upgrade refused: HTTP status %d", status);
    return -1;
  }
  if (!ws->saw_upgrade || !ws->saw_connection) {
    set_error(ws, JANUV_EHANDSHAKE, "WebSocket upgrade answered without Upgrade/Connection headers");
    return -1;
  }
  if (!ws->accept_seen || !ws->accept_ok) {
    set_error(ws, JANUV_EHANDSHAKE, "WebSocket upgrade answered with a %s Sec-WebSocket-Accept",
              ws->accept_seen ? "wrong" : "missing");
    return -1;
  }
  if (ws->protocol_wanted && (!ws->protocol_got || strcmp(ws->protocol_got, ws->protocol_wanted))) {
    set_error(ws, JANUV_EHANDSHAKE, "server did not accept WebSocket subprotocol %s", ws->protocol_wanted);
    return -1;
  }
  return 0;
}

int jv_ws_client_handshake(jv_ws *ws, const char *host, const char *path, const char *protocol) {
  if (!ws->client || ws->state != JV_WS_HANDSHAKE || ws->hs_out.len) return JANUV_ESTATE;
  unsigned char raw[16];
  if (jv_random_bytes(raw, sizeof raw) != 0) return JANUV_EPROTO;
  EVP_EncodeBlock((unsigned char *)ws->key, raw, sizeof raw);
  free(ws->protocol_wanted);
  ws->protocol_wanted = jv_strdup(protocol);
  if (protocol && !ws->protocol_wanted) return UV_ENOMEM;

  llhttp_settings_init(&ws->settings);
  ws->settings.on_header_field = hs_on_field;
  ws->settings.on_header_value = hs_on_value;
  ws->settings.on_header_value_complete = hs_on_value_complete;
  ws->settings.on_headers_complete = hs_on_headers_complete;
  llhttp_init(&ws->parser, HTTP_RESPONSE, &ws->settings);
  ws->parser.data = ws;

  int rc = jv_buf_printf(&ws->hs_out,
                         "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n",
                         path && *path ? path : "/", host, ws->key);
  if (!rc && protocol) rc = jv_buf_printf(&ws->hs_out, "Sec-WebSocket-Protocol: %s\r\n", protocol);
  if (!rc) rc = jv_buf_append_str(&ws->hs_out, "User-Agent: januv\r\n\r\n");
  return rc;
}

static int feed_frames(jv_ws *ws, const uint8_t *p, size_t n) {
  ws->in = p;
  ws->in_len = n;
  int rc = wslay_event_recv(ws->ctx);
  ws->in = NULL;
  ws->in_len = 0;
  if (rc != 0) {
    set_error(ws, rc == WSLAY_ERR_NOMEM ? UV_ENOMEM : JANUV_EPROTO, "WebSocket receive failed");
    return ws->hs_error;
  }
  if (ws->too_big) {
    wslay_event_queue_close(ws->ctx, WSLAY_CODE_MESSAGE_TOO_BIG, NULL, 0);
    set_error(ws, JANUV_ETOOBIG, "WebSocket message larger than the limit");
    return ws->hs_error;
  }
  if (!wslay_event_get_read_enabled(ws->ctx) && !wslay_event_get_close_received(ws->ctx)) {
    /* wslay stopped reading without a close from the peer: it found a protocol violation and queued
     * its own close frame, whose code says which: wslay records that code only once the frame is
     * sent, so it is written now into a buffer flushed first. */
    ws->out = &ws->pending;
    wslay_event_send(ws->ctx);
    ws->out = NULL;
    uint16_t code = wslay_event_get_status_code_sent(ws->ctx);
    switch (code) {
    case WSLAY_CODE_MESSAGE_TOO_BIG:
      set_error(ws, JANUV_ETOOBIG, "WebSocket message larger than the limit");
      break;
    case WSLAY_CODE_INVALID_FRAME_PAYLOAD_DATA:
      set_error(ws, JANUV_EPROTO, "WebSocket text message is not valid UTF-8");
      break;
    default:
      set_error(ws, JANUV_EPROTO, "WebSocket protocol violation from the server");
      break;
    }
    return ws->hs_error;
  }
  return 0;
}

int jv_ws_feed(jv_ws *ws, const void *data, size_t n) {
  const uint8_t *p = data;
  if (ws->state == JV_WS_FAILED) return ws->hs_error;
  if (ws->state == JV_WS_HANDSHAKE) {
    if (!ws->hs_out.data && !ws->parser.data) return JANUV_ESTATE;
    llhttp_errno_t err = llhttp_execute(&ws->parser, (const char *)p, n);
    if (err == HPE_PAUSED_UPGRADE) {
      const char *pos = llhttp_get_error_pos(&ws->parser);
      size_t used = pos ? (size_t)(pos - (const char *)p) : n;
      if (used > n) used = n;
      if (ws->hs_seen + used > WS_MAX_HANDSHAKE) {
        set_error(ws, JANUV_EHANDSHAKE, "WebSocket upgrade response too large");
        return ws->hs_error;
      }
      ws->hs_seen += used;
      jv_buf_free(&ws->hfield);
      jv_buf_free(&ws->hvalue);
      ws->state = ws->close_queued ? JV_WS_CLOSING : JV_WS_OPEN;
      if (ws->cbs.on_open) ws->cbs.on_open(ws->data);
      if (ws->state != JV_WS_OPEN && !ws->close_queued) return 0;
      p += used;
      n -= used;
    } else if (err != HPE_OK) {
      if (ws->state != JV_WS_FAILED)
        set_error(ws, JANUV_EHANDSHAKE, "malformed WebSocket upgrade response: %s",
                  llhttp_get_error_reason(&ws->parser));
      return ws->hs_error;
    } else {
      ws->hs_seen += n;
      if (ws->hs_seen > WS_MAX_HANDSHAKE) {
        set_error(ws, JANUV_EHANDSHAKE, "WebSocket upgrade response too large");
        return ws->hs_error;
      }
      return 0;
    }
  }
  if (n == 0) return 0;
  if (ws->state == JV_WS_CLOSED) return 0;
  return feed_frames(ws, p, n);
}

int jv_ws_send(jv_ws *ws, int opcode, const void *p, size_t n) {
  if (ws->state != JV_WS_OPEN && !(ws->state == JV_WS_HANDSHAKE && ws->client)) return JANUV_ESTATE;
  struct wslay_event_msg msg = {.opcode = (uint8_t)opcode, .msg = p, .msg_length = n};
  int rc = wslay_event_queue_msg(ws->ctx, &msg);
  if (rc == WSLAY_ERR_NOMEM) return UV_ENOMEM;
  if (rc != 0) return JANUV_ESTATE;
  return 0;
}

int jv_ws_close(jv_ws *ws, uint16_t code, const char *reason) {
  if (ws->state == JV_WS_FAILED || ws->state == JV_WS_CLOSED) return JANUV_ESTATE;
  if (ws->close_queued || ws->state == JV_WS_CLOSING || wslay_event_get_close_sent(ws->ctx)) return 0;
  int rc = wslay_event_queue_close(ws->ctx, code, (const uint8_t *)reason, reason ? strlen(reason) : 0);
  if (rc == WSLAY_ERR_NOMEM) return UV_ENOMEM;
  if (rc != 0) return JANUV_ESTATE;
  ws->close_queued = true;
  if (ws->state == JV_WS_OPEN) ws->state = JV_WS_CLOSING; /* in HANDSHAKE the close waits for the 101 */
  return 0;
}

bool jv_ws_want_write(const jv_ws *ws) {
  return ws->hs_out.len > 0 || (ws->state != JV_WS_HANDSHAKE && wslay_event_want_write(ws->ctx));
}

int jv_ws_flush(jv_ws *ws, jv_buf *out) {
  if (ws->pending.len) {
    int rc = jv_buf_append(out, ws->pending.data, ws->pending.len);
    if (rc) return rc;
    jv_buf_reset(&ws->pending);
  }
  if (ws->hs_out.len) {
    int rc = jv_buf_append(out, ws->hs_out.data, ws->hs_out.len);
    if (rc) return rc;
    jv_buf_reset(&ws->hs_out);
  }
  if (ws->state == JV_WS_HANDSHAKE) return 0; /* frames wait for the 101 */
  ws->out = out;
  int rc = wslay_event_send(ws->ctx);
  ws->out = NULL;
  if (rc == WSLAY_ERR_NOMEM || rc == WSLAY_ERR_CALLBACK_FAILURE) return UV_ENOMEM;
  if (wslay_event_get_close_sent(ws->ctx) && wslay_event_get_close_received(ws->ctx) &&
      ws->state != JV_WS_FAILED)
    ws->state = JV_WS_CLOSED;
  return 0;
}

jv_ws_state jv_ws_get_state(const jv_ws *ws) { return ws->state; }
const char *jv_ws_error(const jv_ws *ws) { return ws->error; }
uint16_t jv_ws_peer_close_code(const jv_ws *ws) { return ws->peer_code; }
const char *jv_ws_protocol(const jv_ws *ws) { return ws->protocol_got; }
