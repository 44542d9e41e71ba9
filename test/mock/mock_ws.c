/* The mock's WebSocket side: answering the upgrade (and its faults) and frames. */
#include <stdlib.h>
#include <string.h>

#include "mock_int.h"

static void on_ws_message(void *data, int opcode, const uint8_t *msg, size_t len) {
  (void)opcode;
  mock_dispatch(data, (const char *)msg, len);
}

static const jv_ws_callbacks ws_cbs = {.on_message = on_ws_message};

static void flush(mock_conn *c) {
  if (!c->ws || c->closed || !jv_ws_want_write(c->ws)) return;
  jv_ws_flush(c->ws, &c->out);
  mock_conn_write(c, c->out.data, c->out.len);
  jv_buf_reset(&c->out);
}

void mock_ws_answer_upgrade(mock_conn *c) {
  mock *m = c->m;
  char accept[29];
  jv_ws_accept_for_key(c->key ? c->key : "", c->key ? strlen(c->key) : 0, accept);
  jv_buf b = {0};
  switch (m->hs_mode) {
  case MOCK_HS_404:
    jv_buf_append_str(&b, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    break;
  case MOCK_HS_GARBAGE:
    jv_buf_append_str(&b, "\x01\x02garbage\r\n\r\n");
    break;
  case MOCK_HS_RESET:
    mock_conn_close(c, true);
    return;
  case MOCK_HS_SILENT:
    c->upgraded = true; /* swallow whatever comes next */
    return;
  default:
    jv_buf_printf(&b, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n",
                  m->hs_mode == MOCK_HS_BAD_ACCEPT ? "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" : accept);
    if (m->hs_mode != MOCK_HS_NO_PROTOCOL && c->protocol)
      jv_buf_printf(&b, "Sec-WebSocket-Protocol: %s\r\n", c->protocol);
    jv_buf_append_str(&b, "\r\n");
    c->upgraded = true;
    c->ws = jv_ws_server_new(&ws_cbs, c, 64u << 20);
    break;
  }
  mock_conn_write(c, b.data, b.len);
  jv_buf_free(&b);
}

void mock_ws_input(mock_conn *c, const char *p, size_t n) {
  if (!c->ws || c->closed) return;
  if (n) jv_ws_feed(c->ws, p, n);
  flush(c);
  if (!c->closed && jv_ws_get_state(c->ws) == JV_WS_CLOSED) mock_conn_close(c, false);
}

void mock_ws_send_text(mock_conn *c, const char *text, size_t len) {
  if (!c->ws) return;
  jv_ws_send(c->ws, JV_WS_TEXT, text, len);
  flush(c);
}
