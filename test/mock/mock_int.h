/* Internals shared by mock.c (TCP server, connections, replies), mock_ws.c, mock_http.c and mock_unix.c. */
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
  uv_tcp_t *listener; /* NULL while not listening */
  mock_handler handler;
  void *data;
  char url[64], http_url[64];
  uint16_t port;
  SSL_CTX *tls_ctx;
  mock_handshake hs_mode;
  mock_tls_fault tls_fault;
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
  int send_failures;
  /* Unix side (mock_unix.c), set up by the first mock_unix_url() */
  int unix_fd; /* the listening socket, -1 while not listening */
  uv_poll_t *unix_poll;
  char unix_path[108];
  char unix_url[128];
  size_t unix_max_packet;
};

struct mock_conn {
  mock *m;
  uv_tcp_t tcp; /* TCP side */
  uv_timer_t drip_timer;
  jv_list link;
  int closes;
  bool closed;
  jv_tls *tls;
  bool tls_started; /* the client's first TLS bytes arrived (TLS faults act on them) */
  bool swallow;     /* input is ignored (after a TLS fault) */
  /* Unix side: a seqpacket socket driven by a poll handle instead of tcp */
  bool unix_side;
  bool unix_reading;
  int fd;
  uv_poll_t poll;
  jv_list unix_outq; /* mock_text packets waiting for the socket to take them */
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
mock_conn *mock_conn_new(mock *m);         /* counted as open; the side sets up its handle */
void mock_conn_accepted(mock_conn *c);     /* listed and counted as accepted */
void mock_conn_write(mock_conn *c, const char *p, size_t n); /* through TLS when on; one packet on Unix */
void mock_conn_close(mock_conn *c, bool reset);
void mock_conn_shutdown(mock_conn *c);     /* closes once what was written is out (FIN, not RST) */
void mock_close_done(mock *m);             /* one of the mock's own handles closed */
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

/* mock_unix.c */
int mock_unix_listen(mock *m, bool on);
void mock_unix_write(mock_conn *c, const char *p, size_t n);
void mock_unix_stop_reading(mock_conn *c);
void mock_unix_conn_release(mock_conn *c); /* frees what a closed connection still holds */
void mock_unix_free(mock *m);

#endif
