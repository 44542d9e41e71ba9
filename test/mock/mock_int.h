/* Internals shared by mock.c (server, connections, replies), mock_ws.c and mock_http.c. */
#ifndef JV_TEST_MOCK_INT_H
#define JV_TEST_MOCK_INT_H

#include <llhttp.h>

#include "januv.h"
#include "mock.h"
#include "proto/tls.h"
#include "proto/ws.h"
#include "util/buf.h"
#include "util/list.h"

typedef struct mock_session {
  jv_list link;
  uint64_t id;
  jv_list events;   /* mock_text */
  mock_conn *poll;  /* a held long-poll, or NULL */
  unsigned poll_maxev;
  uv_timer_t poll_timer;
} mock_session;

typedef struct mock_text {
  jv_list link;
  size_t len;
  char text[];
} mock_text;

struct mock {
  uv_loop_t *loop;
  uv_tcp_t listener;
  mock_handler handler;
  void *data;
  char url[64], http_url[64];
  uint16_t port;
  SSL_CTX *tls_ctx;
  mock_handshake hs_mode;
  bool dribble;
  jv_list conns;
  jv_list laters;
  jv_list sessions;
  int accepted, open_conns, pending_closes;
  bool freeing;
  uint64_t next_id;
  struct {
    char verb[24];
    int n;
  } counts[32];
  int total;
  /* HTTP behaviour */
  int fail_posts_status, fail_posts_n;
  int poll_status;
  uint32_t poll_timeout_ms;
  bool chunked, close_after, polls_paused;
  char last_poll[512];
  int polls_open, polls_answered;
};

struct mock_conn {
  mock *m;
  uv_tcp_t tcp;
  uv_timer_t drip_timer;
  jv_list link;
  int closes;
  bool closed;
  jv_tls *tls;
  /* the first request decides: WebSocket upgrade or HTTP */
  llhttp_t parser;
  llhttp_settings_t settings;
  jv_buf hf, hv, url, body;
  char *key, *protocol;
  bool http;
  bool upgraded;
  jv_ws *ws;
  jv_buf out, drip;
  /* HTTP: a POST waiting for its response */
  bool post_pending;
  uint64_t post_session;
};

/* mock.c */
void mock_conn_write(mock_conn *c, const char *p, size_t n); /* through TLS when on */
void mock_conn_close(mock_conn *c, bool reset);
void mock_dispatch(mock_conn *c, const char *json, size_t len); /* a request: count, handler */
mock_session *mock_session_find(mock *m, uint64_t id);
mock_session *mock_session_add(mock *m, uint64_t id);
void mock_session_remove(mock *m, uint64_t id);

/* mock_ws.c */
void mock_ws_answer_upgrade(mock_conn *c);
void mock_ws_input(mock_conn *c, const char *p, size_t n);
void mock_ws_send_text(mock_conn *c, const char *text, size_t len);

/* mock_http.c */
void mock_http_request(mock_conn *c); /* a complete request in c->url/c->body */
void mock_http_send_text(mock_conn *c, const char *text, size_t len);
void mock_http_conn_closed(mock_conn *c);
void mock_http_session_free(mock_session *s);

#endif
