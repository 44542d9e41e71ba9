/* The mock's server: the TCP listener, connections (TLS optional, with its faults), request dispatch,
 * replies, defaults. The WebSocket, HTTP and Unix sides live in mock_ws.c, mock_http.c, mock_unix.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_int.h"
#include "util/str.h"

typedef struct later {
  uv_timer_t timer;
  jv_list link;
  mock_conn *c;
  char *text;
} later;

static void maybe_free(mock *m) {
  if (m->freeing && m->pending_closes == 0) {
    if (m->tls_ctx) SSL_CTX_free(m->tls_ctx);
    free(m);
  }
}

void mock_close_done(mock *m) {
  m->pending_closes--;
  maybe_free(m);
}

static void on_listener_closed(uv_handle_t *h) {
  mock *m = h->data;
  free(h);
  mock_close_done(m);
}

static void on_part_closed(uv_handle_t *h) {
  mock_conn *c = h->data;
  if (--c->closes > 0) return;
  mock *m = c->m;
  jv_ws_free(c->ws);
  jv_tls_free(c->tls);
  jv_buf_free(&c->hf);
  jv_buf_free(&c->hv);
  jv_buf_free(&c->url);
  jv_buf_free(&c->body);
  jv_buf_free(&c->out);
  jv_buf_free(&c->drip);
  free(c->key);
  free(c->protocol);
  mock_unix_conn_release(c);
  free(c);
  mock_close_done(m);
}

void mock_conn_close(mock_conn *c, bool reset) {
  if (c->closed) return;
  c->closed = true;
  c->m->open_conns--;
  jv_list_remove(&c->link);
  for (jv_list *n = c->m->laters.next; n != &c->m->laters; n = n->next) {
    later *l = JV_CONTAINER_OF(n, later, link);
    if (l->c == c) l->c = NULL;
  }
  mock_http_conn_closed(c);
  c->m->pending_closes++;
  c->closes = 2;
  if (c->unix_side) {
    uv_close((uv_handle_t *)&c->poll, on_part_closed);
    close(c->fd); /* safe right after uv_close(): the client reads EOF now */
    c->fd = -1;
  } else if (!reset || uv_tcp_close_reset(&c->tcp, on_part_closed) != 0) {
    uv_close((uv_handle_t *)&c->tcp, on_part_closed);
  }
  uv_close((uv_handle_t *)&c->drip_timer, on_part_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  mock_conn *c = req->data;
  (void)status;
  free(req);
  mock_conn_close(c, false);
}

void mock_conn_shutdown(mock_conn *c) {
  if (c->closed) return;
  if (c->unix_side) {
    mock_conn_close(c, false); /* packets are sent at once or dropped: nothing waits */
    return;
  }
  uv_shutdown_t *req = malloc(sizeof *req);
  req->data = c;
  uv_read_stop((uv_stream_t *)&c->tcp);
  if (uv_shutdown(req, (uv_stream_t *)&c->tcp, on_shutdown) != 0) {
    free(req);
    mock_conn_close(c, false);
  }
}

typedef struct wreq {
  uv_write_t req;
  char *data;
} wreq;

static void on_written(uv_write_t *req, int status) {
  wreq *w = (wreq *)req;
  (void)status;
  free(w->data);
  free(w);
}

static void write_socket(mock_conn *c, const char *p, size_t n) {
  if (c->closed || n == 0) return;
  wreq *w = malloc(sizeof *w);
  w->data = malloc(n);
  memcpy(w->data, p, n);
  uv_buf_t b = uv_buf_init(w->data, (unsigned)n);
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
    free(w->data);
    free(w);
  }
}

static void on_drip(uv_timer_t *t) {
  mock_conn *c = t->data;
  if (c->closed || c->drip.len == 0) {
    uv_timer_stop(t);
    return;
  }
  write_socket(c, c->drip.data, 1);
  jv_buf_consume(&c->drip, 1);
}

static void write_raw(mock_conn *c, const char *p, size_t n) {
  if (c->closed) return;
  if (c->m->dribble) {
    jv_buf_append(&c->drip, p, n);
    if (!uv_is_active((uv_handle_t *)&c->drip_timer)) uv_timer_start(&c->drip_timer, on_drip, 1, 1);
    return;
  }
  write_socket(c, p, n);
}

static void flush_tls(mock_conn *c) {
  jv_buf out = {0};
  jv_tls_take_output(c->tls, &out);
  write_raw(c, out.data, out.len);
  jv_buf_free(&out);
}

void mock_conn_write(mock_conn *c, const char *p, size_t n) {
  if (c->closed) return;
  if (c->unix_side) {
    mock_unix_write(c, p, n);
    return;
  }
  if (c->tls) {
    jv_tls_write(c->tls, p, n);
    flush_tls(c);
    return;
  }
  write_raw(c, p, n);
}

static void count(mock *m, const char *verb) {
  m->total++;
  for (int i = 0; i < 32; i++) {
    if (m->counts[i].n && !strcmp(m->counts[i].verb, verb)) {
      m->counts[i].n++;
      return;
    }
    if (!m->counts[i].n) {
      snprintf(m->counts[i].verb, sizeof m->counts[i].verb, "%s", verb);
      m->counts[i].n = 1;
      return;
    }
  }
}

void mock_dispatch(mock_conn *c, const char *json, size_t len) {
  cJSON *req = cJSON_ParseWithLength(json, len);
  if (!req) return;
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(req, "janus");
  count(c->m, cJSON_IsString(verb) ? verb->valuestring : "?");
  if (c->m->handler)
    c->m->handler(c->m, c, req, c->m->data);
  else
    mock_default(c->m, c, req);
  cJSON_Delete(req);
}

/* ---- the first request: WebSocket upgrade or HTTP ---- */

static int on_url(llhttp_t *p, const char *at, size_t n) {
  jv_buf_append(&((mock_conn *)p->data)->url, at, n);
  return 0;
}
static int on_hf(llhttp_t *p, const char *at, size_t n) {
  jv_buf_append(&((mock_conn *)p->data)->hf, at, n);
  return 0;
}
static int on_hv(llhttp_t *p, const char *at, size_t n) {
  jv_buf_append(&((mock_conn *)p->data)->hv, at, n);
  return 0;
}
static int on_hv_done(llhttp_t *p) {
  mock_conn *c = p->data;
  if (c->hf.len && jv_strcaseeq_n(c->hf.data, c->hf.len, "sec-websocket-key")) {
    free(c->key);
    c->key = jv_strdup(c->hv.data);
  }
  if (c->hf.len && jv_strcaseeq_n(c->hf.data, c->hf.len, "sec-websocket-protocol")) {
    free(c->protocol);
    c->protocol = jv_strdup(c->hv.data);
  }
  jv_buf_reset(&c->hf);
  jv_buf_reset(&c->hv);
  return 0;
}
static int on_body(llhttp_t *p, const char *at, size_t n) {
  jv_buf_append(&((mock_conn *)p->data)->body, at, n);
  return 0;
}
static int on_msg_begin(llhttp_t *p) {
  mock_conn *c = p->data;
  jv_buf_reset(&c->url);
  jv_buf_reset(&c->body);
  return 0;
}
static int on_msg_complete(llhttp_t *p) {
  mock_conn *c = p->data;
  if (llhttp_get_upgrade(p)) return 0; /* the upgrade is answered once llhttp pauses */
  c->http = true;
  return HPE_PAUSED; /* handled outside the parser: handlers may close the connection */
}

static void conn_input(mock_conn *c, const char *p, size_t len) {
  while (len && !c->closed) {
    if (c->upgraded) {
      mock_ws_input(c, p, len);
      return;
    }
    llhttp_errno_t err = llhttp_execute(&c->parser, p, len);
    size_t used = err == HPE_OK ? len : (size_t)(llhttp_get_error_pos(&c->parser) - p);
    if (err == HPE_PAUSED_UPGRADE) {
      mock_ws_answer_upgrade(c);
    } else if (err == HPE_PAUSED) {
      mock_http_request(c);
      llhttp_resume(&c->parser);
    } else if (err != HPE_OK) {
      mock_conn_close(c, false);
      return;
    }
    p += used;
    len -= used;
  }
}

/* The client's first TLS bytes (its ClientHello) meet the scripted fault. */
static void tls_fault(mock_conn *c, const char *hello, size_t n) {
  static const char junk[] = "\x01\x02\x03\x04 this is not TLS \xff\xfe\r\n\r\n";
  static const char http400[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 15\r\n"
                                "Connection: close\r\n\r\nplain HTTP here";
  c->swallow = true;
  switch (c->m->tls_fault) {
  case MOCK_TLS_RESET:
    mock_conn_close(c, true);
    break;
  case MOCK_TLS_GARBAGE:
    write_raw(c, junk, sizeof junk - 1);
    break;
  case MOCK_TLS_PLAINTEXT:
    write_raw(c, http400, sizeof http400 - 1);
    mock_conn_shutdown(c);
    break;
  case MOCK_TLS_CLOSE_MID: {
    jv_buf plain = {0}, out = {0};
    jv_tls_feed(c->tls, hello, n, &plain);
    jv_tls_take_output(c->tls, &out);
    write_raw(c, out.data, out.len / 2);
    jv_buf_free(&plain);
    jv_buf_free(&out);
    mock_conn_shutdown(c);
    break;
  }
  default:
    c->swallow = false;
    break;
  }
}

static void on_alloc(uv_handle_t *h, size_t sz, uv_buf_t *b) {
  (void)h;
  b->base = malloc(sz);
  b->len = sz;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  mock_conn *c = s->data;
  if (n < 0) {
    free(b->base);
    mock_conn_close(c, false);
    return;
  }
  if (c->tls && n > 0 && !c->tls_started) {
    c->tls_started = true;
    if (c->m->tls_fault != MOCK_TLS_OK) tls_fault(c, b->base, (size_t)n);
  }
  if (c->swallow) {
    /* scripted: whatever comes is ignored */
  } else if (c->tls && n > 0) {
    jv_buf plain = {0};
    int rc = jv_tls_feed(c->tls, b->base, (size_t)n, &plain);
    flush_tls(c);
    if (rc != 0)
      mock_conn_close(c, false);
    else
      conn_input(c, plain.data, plain.len);
    jv_buf_free(&plain);
  } else if (n > 0) {
    conn_input(c, b->base, (size_t)n);
  }
  free(b->base);
}

mock_conn *mock_conn_new(mock *m) {
  mock_conn *c = calloc(1, sizeof *c);
  c->m = m;
  c->fd = -1;
  uv_timer_init(m->loop, &c->drip_timer);
  c->drip_timer.data = c;
  jv_list_init(&c->link);
  jv_list_init(&c->unix_outq);
  m->open_conns++;
  return c;
}

void mock_conn_accepted(mock_conn *c) {
  jv_list_push_back(&c->m->conns, &c->link);
  c->m->accepted++;
}

static void on_connection(uv_stream_t *server, int status) {
  mock *m = server->data;
  if (status != 0) return;
  mock_conn *c = mock_conn_new(m);
  uv_tcp_init(m->loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
    mock_conn_close(c, false);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  llhttp_settings_init(&c->settings);
  c->settings.on_message_begin = on_msg_begin;
  c->settings.on_url = on_url;
  c->settings.on_header_field = on_hf;
  c->settings.on_header_value = on_hv;
  c->settings.on_header_value_complete = on_hv_done;
  c->settings.on_body = on_body;
  c->settings.on_message_complete = on_msg_complete;
  llhttp_init(&c->parser, HTTP_REQUEST, &c->settings);
  c->parser.data = c;
  if (m->tls_ctx) c->tls = jv_tls_server_new(m->tls_ctx);
  mock_conn_accepted(c);
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

/* Listens on 127.0.0.1:port (0: any free port). */
static int tcp_listen(mock *m, uint16_t port) {
  uv_tcp_t *l = malloc(sizeof *l);
  uv_tcp_init(m->loop, l);
  l->data = m;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  int rc = uv_tcp_bind(l, (const struct sockaddr *)&addr, 0);
  if (rc == 0) rc = uv_listen((uv_stream_t *)l, 128, on_connection);
  if (rc != 0) {
    m->pending_closes++;
    uv_close((uv_handle_t *)l, on_listener_closed);
    return rc;
  }
  m->listener = l;
  return 0;
}

static mock *mock_create(uv_loop_t *loop, mock_handler handler, void *data, SSL_CTX *ctx) {
  mock *m = calloc(1, sizeof *m);
  m->loop = loop;
  m->handler = handler;
  m->data = data;
  m->tls_ctx = ctx;
  m->next_id = 4000000000000000ull; /* 16 digits, like Janus's */
  m->poll_timeout_ms = 30000;
  m->unix_fd = -1;
  jv_list_init(&m->conns);
  jv_list_init(&m->laters);
  jv_list_init(&m->sessions);
  if (tcp_listen(m, 0) != 0) {
    fprintf(stderr, "mock: cannot listen\n");
    abort();
  }
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(m->listener, (struct sockaddr *)&ss, &len);
  m->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
  snprintf(m->url, sizeof m->url, "%s://%s:%u/", ctx ? "wss" : "ws", ctx ? "localhost" : "127.0.0.1", m->port);
  snprintf(m->http_url, sizeof m->http_url, "%s://%s:%u/janus", ctx ? "https" : "http", ctx ? "localhost" : "127.0.0.1",
           m->port);
  return m;
}

mock *mock_new(uv_loop_t *loop, mock_handler handler, void *data) { return mock_create(loop, handler, data, NULL); }

mock *mock_new_tls(uv_loop_t *loop, mock_handler handler, void *data, const char *cert_file, const char *key_file) {
  char err[256];
  SSL_CTX *ctx = jv_tls_server_ctx(cert_file, key_file, err, sizeof err);
  if (!ctx) {
    fprintf(stderr, "mock: %s\n", err);
    abort();
  }
  return mock_create(loop, handler, data, ctx);
}

const char *mock_url(const mock *m) { return m->url; }
const char *mock_http_url(const mock *m) { return m->http_url; }
uint16_t mock_port(const mock *m) { return m->port; }
void mock_set_handshake(mock *m, mock_handshake mode) { m->hs_mode = mode; }
void mock_set_tls_fault(mock *m, mock_tls_fault fault) { m->tls_fault = fault; }
void mock_set_dribble(mock *m, bool on) { m->dribble = on; }
int mock_send_failures(const mock *m) { return m->send_failures; }

int mock_set_listening(mock *m, bool on) {
  if (!on) {
    if (m->listener) {
      m->pending_closes++;
      uv_close((uv_handle_t *)m->listener, on_listener_closed); /* closes the socket at once */
      m->listener = NULL;
    }
    return mock_unix_listen(m, false);
  }
  int rc = m->listener ? 0 : tcp_listen(m, m->port);
  if (rc == 0) rc = mock_unix_listen(m, true);
  return rc;
}
int mock_accepted(const mock *m) { return m->accepted; }
int mock_open_conns(const mock *m) { return m->open_conns; }
bool mock_conn_is_http(const mock_conn *c) { return c->http; }

mock_conn *mock_last_conn(const mock *m) {
  return jv_list_empty(&m->conns) ? NULL : JV_CONTAINER_OF(m->conns.prev, mock_conn, link);
}

int mock_count(const mock *m, const char *verb) {
  if (!verb) return m->total;
  for (int i = 0; i < 32; i++)
    if (m->counts[i].n && !strcmp(m->counts[i].verb, verb)) return m->counts[i].n;
  return 0;
}

static void on_later_closed(uv_handle_t *h) {
  later *l = h->data;
  free(l->text);
  free(l);
}

void mock_free(mock *m) {
  m->freeing = true;
  while (!jv_list_empty(&m->conns)) mock_conn_close(JV_CONTAINER_OF(m->conns.next, mock_conn, link), false);
  while (!jv_list_empty(&m->laters)) {
    later *l = JV_CONTAINER_OF(m->laters.next, later, link);
    jv_list_remove(&l->link);
    uv_close((uv_handle_t *)&l->timer, on_later_closed); /* needs nothing of the mock */
  }
  while (!jv_list_empty(&m->sessions)) mock_http_session_free(JV_CONTAINER_OF(m->sessions.next, mock_session, link));
  mock_unix_free(m);
  m->pending_closes++; /* held until here: the mock cannot go before this call returns */
  mock_set_listening(m, false);
  mock_close_done(m);
}

/* ---- sessions (for HTTP long-polls) ---- */

mock_session *mock_session_find(mock *m, uint64_t id) {
  for (jv_list *n = m->sessions.next; n != &m->sessions; n = n->next) {
    mock_session *s = JV_CONTAINER_OF(n, mock_session, link);
    if (s->id == id) return s;
  }
  return NULL;
}

mock_session *mock_session_add(mock *m, uint64_t id) {
  mock_session *s = mock_session_find(m, id);
  if (s) return s;
  s = calloc(1, sizeof *s);
  s->id = id;
  jv_list_init(&s->events);
  uv_timer_init(m->loop, &s->poll_timer);
  s->poll_timer.data = s;
  jv_list_push_back(&m->sessions, &s->link);
  return s;
}

void mock_session_remove(mock *m, uint64_t id) {
  mock_session *s = mock_session_find(m, id);
  if (s) mock_http_session_free(s);
}

/* ---- replies ---- */

static void copy_field(cJSON *dst, const cJSON *src, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, key);
  if (v) cJSON_AddItemToObject(dst, key, cJSON_Duplicate(v, true));
}

cJSON *mock_reply_to(const cJSON *req, const char *verb) {
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "janus", verb);
  copy_field(r, req, "session_id");
  copy_field(r, req, "transaction");
  return r;
}

cJSON *mock_error_to(const cJSON *req, int code, const char *reason) {
  cJSON *r = mock_reply_to(req, "error");
  cJSON *e = cJSON_AddObjectToObject(r, "error");
  cJSON_AddNumberToObject(e, "code", code);
  cJSON_AddStringToObject(e, "reason", reason);
  return r;
}

cJSON *mock_event_to(const cJSON *req, cJSON *data) {
  cJSON *r = mock_reply_to(req, "event");
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(req, "handle_id");
  if (h) cJSON_AddItemToObject(r, "sender", cJSON_Duplicate(h, true));
  cJSON *pd = cJSON_AddObjectToObject(r, "plugindata");
  cJSON_AddStringToObject(pd, "plugin", "janus.plugin.echotest");
  cJSON_AddItemToObject(pd, "data", data);
  return r;
}

void mock_send_text(mock_conn *c, const char *text, size_t len) {
  if (!c || c->closed) return;
  if (c->http)
    mock_http_send_text(c, text, len);
  else if (c->unix_side)
    mock_unix_write(c, text, len);
  else
    mock_ws_send_text(c, text, len);
}

static char *print_exact(const cJSON *msg) { return januv_json_print(msg, false); }

void mock_send(mock_conn *c, cJSON *msg) {
  char *s = print_exact(msg);
  cJSON_Delete(msg);
  mock_send_text(c, s, strlen(s));
  free(s);
}

static void on_later(uv_timer_t *t) {
  later *l = t->data;
  jv_list_remove(&l->link);
  if (l->c) mock_send_text(l->c, l->text, strlen(l->text));
  uv_close((uv_handle_t *)&l->timer, on_later_closed);
}

void mock_send_later(mock_conn *c, cJSON *msg, uint32_t ms) {
  later *l = calloc(1, sizeof *l);
  l->c = c;
  l->text = print_exact(msg);
  cJSON_Delete(msg);
  uv_timer_init(c->m->loop, &l->timer);
  l->timer.data = l;
  jv_list_push_back(&c->m->laters, &l->link);
  uv_timer_start(&l->timer, on_later, ms, 0);
}

void mock_send_raw(mock_conn *c, const void *bytes, size_t len) {
  if (c && !c->closed) mock_conn_write(c, bytes, len);
}

void mock_close(mock_conn *c, uint16_t code) {
  if (!c || c->closed || !c->ws) return;
  jv_ws_close(c->ws, code, "mock closing");
  mock_ws_input(c, NULL, 0);
}

void mock_drop(mock_conn *c) {
  if (c) mock_conn_close(c, true);
}

void mock_drop_all(mock *m) {
  while (!jv_list_empty(&m->conns)) mock_conn_close(JV_CONTAINER_OF(m->conns.next, mock_conn, link), true);
}

void mock_stop_reading(mock_conn *c) {
  if (!c || c->closed) return;
  if (c->unix_side)
    mock_unix_stop_reading(c);
  else
    uv_read_stop((uv_stream_t *)&c->tcp);
}

void mock_default(mock *m, mock_conn *c, const cJSON *req) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "janus");
  const char *verb = cJSON_IsString(v) ? v->valuestring : "";
  if (!strcmp(verb, "info")) {
    cJSON *r = mock_reply_to(req, "server_info");
    cJSON_AddStringToObject(r, "name", "Mock Janus");
    cJSON_AddNumberToObject(r, "version", 1102);
    cJSON_AddStringToObject(r, "version_string", "1.1.2");
    mock_send(c, r);
  } else if (!strcmp(verb, "ping")) {
    mock_send(c, mock_reply_to(req, "pong"));
  } else if (!strcmp(verb, "create") || !strcmp(verb, "attach")) {
    cJSON *r = mock_reply_to(req, "success");
    cJSON *d = cJSON_AddObjectToObject(r, "data");
    uint64_t id = ++m->next_id;
    cJSON_AddNumberToObject(d, "id", (double)id);
    if (!strcmp(verb, "create")) mock_session_add(m, id);
    mock_send(c, r);
  } else if (!strcmp(verb, "message")) {
    mock_send(c, mock_reply_to(req, "ack"));
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "echotest", "event");
    cJSON_AddStringToObject(data, "result", "ok");
    mock_send(c, mock_event_to(req, data));
  } else if (!strcmp(verb, "keepalive") || !strcmp(verb, "trickle")) {
    mock_send(c, mock_reply_to(req, "ack"));
  } else if (!strcmp(verb, "destroy")) {
    mock_send(c, mock_reply_to(req, "success"));
    mock_session_remove(m, (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(req, "session_id")));
  } else if (!strcmp(verb, "detach") || !strcmp(verb, "hangup") || !strcmp(verb, "claim")) {
    mock_send(c, mock_reply_to(req, "success"));
  } else {
    mock_send(c, mock_error_to(req, 453, "Unknown request"));
  }
}
