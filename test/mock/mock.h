/*
 * A scriptable mock Janus server for the mock suite, on the test's own loop, listening on
 * 127.0.0.1 port 0. One port serves both of Janus's TCP transports, told apart per connection: a
 * WebSocket upgrade (janus-protocol) or plain HTTP REST (POST /janus..., long-poll GET
 * /janus/<session>?maxev=N). With a certificate it serves wss:// and https:// instead. Built on
 * januv's own proto layer (WebSocket server mode, TLS server mode) and llhttp. On demand
 * (mock_unix_url()) it also serves Janus's Unix transport: a SOCK_SEQPACKET socket, one JSON
 * message per packet, with the same handler and defaults.
 *
 * Each request reaches the handler (or, without one, mock_default(), which answers like Janus:
 * create/attach give ids, message gives ack then event, keepalive/trickle ack, ...). Handlers script
 * faults: delayed, duplicate or unknown-transaction replies, malformed JSON, raw bytes, drops, HTTP
 * error statuses, stalled answers.
 *
 * Over HTTP, the first message a handler sends for a POST is that POST's response; every later one
 * (the plugin's event after the ack, events pushed by tests) goes to the session's long-poll queue
 * (by the message's session_id), as Janus does.
 */
#ifndef JV_TEST_MOCK_H
#define JV_TEST_MOCK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef struct mock mock;
typedef struct mock_conn mock_conn;

/* Called for every request; req is valid during the call only. */
typedef void (*mock_handler)(mock *m, mock_conn *c, const cJSON *req, void *data);

typedef enum mock_handshake {
  MOCK_HS_OK = 0,
  MOCK_HS_404,          /* answer "404 Not Found" */
  MOCK_HS_BAD_ACCEPT,   /* 101 with a wrong Sec-WebSocket-Accept */
  MOCK_HS_NO_PROTOCOL,  /* 101 without Sec-WebSocket-Protocol */
  MOCK_HS_RESET,        /* reset the TCP connection instead of answering */
  MOCK_HS_SILENT,       /* never answer */
  MOCK_HS_GARBAGE       /* answer bytes that are not HTTP */
} mock_handshake;

/* TLS mocks: what the server does with the client's first bytes (the ClientHello). */
typedef enum mock_tls_fault {
  MOCK_TLS_OK = 0,
  MOCK_TLS_RESET,     /* reset the TCP connection */
  MOCK_TLS_GARBAGE,   /* answer bytes that are not TLS, and ignore the rest */
  MOCK_TLS_PLAINTEXT, /* answer a plaintext "HTTP/1.1 400" and close, like a server without TLS */
  MOCK_TLS_CLOSE_MID  /* send half of the server's first flight, then close (FIN) */
} mock_tls_fault;

mock *mock_new(uv_loop_t *loop, mock_handler handler, void *data);
/* A TLS mock (wss://, https://) with a PEM certificate chain and key. */
mock *mock_new_tls(uv_loop_t *loop, mock_handler handler, void *data, const char *cert_file, const char *key_file);
/* "ws://127.0.0.1:PORT/" (or wss://localhost:PORT/ for a TLS mock) */
const char *mock_url(const mock *m);
/* "http://127.0.0.1:PORT/janus" (or https://localhost:PORT/janus) */
const char *mock_http_url(const mock *m);
uint16_t mock_port(const mock *m);
void mock_set_handshake(mock *m, mock_handshake mode);
/* Applies to connections accepted from now on (TLS mocks only). */
void mock_set_tls_fault(mock *m, mock_tls_fault fault);
/* Every byte the server writes goes out in its own write, 1 ms apart (TCP only: a packet is atomic). */
void mock_set_dribble(mock *m, bool on);
/* Stops listening (connects are refused: ECONNREFUSED; the Unix socket file stays) or listens again on
 * the same port and path. Open connections are left alone. Returns 0 or a libuv error. */
int mock_set_listening(mock *m, bool on);
/* Closes the listener and every connection; frees once the loop has run the closes. */
void mock_free(mock *m);

/* "unix:///DIR/mock-PID-N.sock": starts the Unix side on first call, a SOCK_SEQPACKET listener in
 * $JANUV_TEST_TMPDIR (/tmp without it); the socket file is removed by mock_free(). */
const char *mock_unix_url(mock *m);
/* The largest packet the kernel lets the Unix side send (probed when it starts listening). */
size_t mock_unix_max_packet(const mock *m);
/* Messages the server could not send at all (a packet over that limit); they are dropped. */
int mock_send_failures(const mock *m);

/* HTTP: answer the next n POSTs with this status and an empty body (0 = normal). */
void mock_http_fail_posts(mock *m, int status, int n);
/* HTTP: answer long-polls with this status (0 = normal; 404 = "no such session"). */
void mock_http_poll_status(mock *m, int status);
/* HTTP: an idle long-poll answers {"janus":"keepalive"} after ms (default 30000). */
void mock_http_poll_timeout(mock *m, uint32_t ms);
/* HTTP: bodies go out chunked, with a chunk extension and a trailer. */
void mock_http_chunked(mock *m, bool on);
/* HTTP: close the connection after every response ("Connection: close"). */
void mock_http_close_after(mock *m, bool on);
/* HTTP: while paused, long-polls are held even when events wait (to batch them); resuming answers. */
void mock_http_pause_polls(mock *m, bool paused);
/* HTTP: the request target of the latest long-poll ("/janus/123?maxev=10&..."), "" if none. */
const char *mock_http_last_poll(const mock *m);
/* Long-polls currently held open / answered so far. */
int mock_http_polls_open(const mock *m);
int mock_http_polls_answered(const mock *m);
/* Queues an event for a session's long-poll (msg taken). */
void mock_push_event(mock *m, uint64_t session_id, cJSON *msg);
/* The same with text sent as it is (malformed, deep, huge). */
void mock_push_event_text(mock *m, uint64_t session_id, const char *text, size_t len);

/* Requests seen so far with this "janus" verb (NULL: all). */
int mock_count(const mock *m, const char *verb);
/* Connections accepted so far / open now. */
int mock_accepted(const mock *m);
int mock_open_conns(const mock *m);
/* The most recently accepted connection that is still open, or NULL. */
mock_conn *mock_last_conn(const mock *m);

/* Answers like Janus (see above). */
void mock_default(mock *m, mock_conn *c, const cJSON *req);
/* {"janus":verb,"transaction":<req's>,"session_id":<req's>} */
cJSON *mock_reply_to(const cJSON *req, const char *verb);
/* {"janus":"error","transaction":..,"error":{"code":code,"reason":reason}} */
cJSON *mock_error_to(const cJSON *req, int code, const char *reason);
/* {"janus":"event","session_id":..,"sender":..,"transaction":..,"plugindata":{"plugin":..,"data":data}};
 * data is taken. */
cJSON *mock_event_to(const cJSON *req, cJSON *data);

/* Sends msg (taken): a text frame, a packet on Unix, or over HTTP the POST's response / a long-poll event. */
void mock_send(mock_conn *c, cJSON *msg);
/* Sends msg after ms (msg is taken). */
void mock_send_later(mock_conn *c, cJSON *msg, uint32_t ms);
/* Sends arbitrary text as one message (WebSocket text frame, Unix packet, or HTTP response body). */
void mock_send_text(mock_conn *c, const char *text, size_t len);
/* Writes raw bytes on the socket (broken frames, broken HTTP; one packet on Unix). */
void mock_send_raw(mock_conn *c, const void *bytes, size_t len);
/* Sends a WebSocket close frame (nothing on other connections). */
void mock_close(mock_conn *c, uint16_t code);
/* Resets the TCP connection (a Unix socket has no reset: it is closed, the client reads EOF). */
void mock_drop(mock_conn *c);
/* mock_drop() on every open connection. */
void mock_drop_all(mock *m);
/* Stops reading from the connection (half-open: the client's writes pile up, pings go unanswered). */
void mock_stop_reading(mock_conn *c);
/* True for an HTTP connection. */
bool mock_conn_is_http(const mock_conn *c);

#endif
