#include "mock.h"

#include <llhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ws.h"
#include "util/buf.h"
#include "util/list.h"
#include "util/str.h"

struct mock {
  uv_loop_t *loop;
  uv_tcp_t listener;
  mock_handler handler;
  void *data;
  char url[64];
  uint16_t port;
  mock_handshake hs_mode;
  bool dribble;
  jv_list conns;
  jv_list laters;
  int accepted;
  int open_conns;
  int pending_closes;
  bool freeing;
  uint64_t next_id;
  struct {
    char verb[24];
    int n;
  } counts[32];
  int total;
};

struct mock_conn {
  mock *m;
  uv_tcp_t tcp;
  jv_list link;
  llhttp_t parser;
  llhttp_settings_t settings;
  jv_buf hf, hv;
  char *key;
  char *protocol;
  bool upgraded;
  jv_ws *ws;
  jv_buf out;
  jv_buf drip;
  uv_timer_t drip_timer;
  bool closed;
  int closes;
};

typedef struct later {
  uv_timer_t timer;
  jv_list link;
  mock_conn *c;
  char *text;
} later;

static void maybe_free(mock *m) {
  if (m->freeing && m->pending_closes == 0) free(m);
}

static void on_closed_counted(uv_handle_t *h) {
  mock *m = h->data;
  m->pending_closes--;
  maybe_free(m);
}

static void on_part_closed(uv_handle_t *h) {
  mock_conn *c = h->data;
  if (--c->closes > 0) return;
  mock *m = c->m;
  jv_ws_free(c->ws);
  jv_buf_free(&c->hf);
  jv_buf_free(&c->hv);
  jv_buf_free(&c->out);
  jv_buf_free(&c->drip);
  free(c->key);
  free(c->protocol);
  free(c);
  m->pending_closes--;
  maybe_free(m);
}

static void conn_close(mock_conn *c, bool reset) {
  if (c->closed) return;
  c->closed = true;
  c->m->open_conns--;
  jv_list_remove(&c->link);
  for (jv_list *n = c->m->laters.next; n != &c->m->laters; n = n->next) {
    later *l = JV_CONTAINER_OF(n, later, link);
    if (l->c == c) l->c = NULL;
  }
  c->m->pending_closes++;
  c->closes = 2;
  if (!reset || uv_tcp_close_reset(&c->tcp, on_part_closed) != 0) uv_close((uv_handle_t *)&c->tcp, on_part_closed);
  uv_close((uv_handle_t *)&c->drip_timer, on_part_closed);
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

static void write_now(mock_conn *c, const char *p, size_t n) {
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
  write_now(c, c->drip.data, 1);
  jv_buf_consume(&c->drip, 1);
}

static void conn_write(mock_conn *c, const char *p, size_t n) {
  if (c->closed) return;
  if (c->m->dribble) {
    jv_buf_append(&c->drip, p, n);
    if (!uv_is_active((uv_handle_t *)&c->drip_timer)) uv_timer_start(&c->drip_timer, on_drip, 1, 1);
    return;
  }
  write_now(c, p, n);
}

static void flush(mock_conn *c) {
  if (!c->ws || c->closed || !jv_ws_want_write(c->ws)) return;
  jv_ws_flush(c->ws, &c->out);
  conn_write(c, c->out.data, c->out.len);
  jv_buf_reset(&c->out);
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

static void on_ws_message(void *data, int opcode, const uint8_t *msg, size_t len) {
  mock_conn *c = data;
  (void)opcode;
  cJSON *req = cJSON_ParseWithLength((const char *)msg, len);
  if (!req) return;
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(req, "janus");
  count(c->m, cJSON_IsString(verb) ? verb->valuestring : "?");
  if (c->m->handler)
    c->m->handler(c->m, c, req, c->m->data);
  else
    mock_default(c->m, c, req);
  cJSON_Delete(req);
}

static const jv_ws_callbacks ws_cbs = {.on_message = on_ws_message};

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
  if (c->hf.len && jv_strcaseeq_n(c->hf.data, c->hf.len, "sec-websocket-key")) c->key = jv_strdup(c->hv.data);
  if (c->hf.len && jv_strcaseeq_n(c->hf.data, c->hf.len, "sec-websocket-protocol"))
    c->protocol = jv_strdup(c->hv.data);
  jv_buf_reset(&c->hf);
  jv_buf_reset(&c->hv);
  return 0;
}

static void answer_upgrade(mock_conn *c) {
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
    conn_close(c, true);
    return;
  case MOCK_HS_SILENT:
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
  conn_write(c, b.data, b.len);
  jv_buf_free(&b);
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
    conn_close(c, false);
    return;
  }
  const char *p = b->base;
  size_t len = (size_t)n;
  if (!c->upgraded && len) {
    llhttp_errno_t err = llhttp_execute(&c->parser, p, len);
    if (err == HPE_PAUSED_UPGRADE) {
      size_t used = (size_t)(llhttp_get_error_pos(&c->parser) - p);
      answer_upgrade(c);
      p += used;
      len -= used;
    } else {
      if (err != HPE_OK) conn_close(c, false);
      len = 0;
    }
  }
  if (c->ws && len && !c->closed) {
    jv_ws_feed(c->ws, p, len);
    flush(c);
    if (jv_ws_get_state(c->ws) == JV_WS_CLOSED) conn_close(c, false);
  }
  free(b->base);
}

static void on_connection(uv_stream_t *server, int status) {
  mock *m = server->data;
  if (status != 0) return;
  mock_conn *c = calloc(1, sizeof *c);
  c->m = m;
  uv_tcp_init(m->loop, &c->tcp);
  uv_timer_init(m->loop, &c->drip_timer);
  c->tcp.data = c;
  c->drip_timer.data = c;
  jv_list_init(&c->link);
  m->open_conns++;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
    conn_close(c, false);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  llhttp_settings_init(&c->settings);
  c->settings.on_header_field = on_hf;
  c->settings.on_header_value = on_hv;
  c->settings.on_header_value_complete = on_hv_done;
  llhttp_init(&c->parser, HTTP_REQUEST, &c->settings);
  c->parser.data = c;
  jv_list_push_back(&m->conns, &c->link);
  m->accepted++;
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

mock *mock_new(uv_loop_t *loop, mock_handler handler, void *data) {
  mock *m = calloc(1, sizeof *m);
  m->loop = loop;
  m->handler = handler;
  m->data = data;
  m->next_id = 4000000000ull;
  jv_list_init(&m->conns);
  jv_list_init(&m->laters);
  uv_tcp_init(loop, &m->listener);
  m->listener.data = m;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  if (uv_tcp_bind(&m->listener, (const struct sockaddr *)&addr, 0) != 0 ||
      uv_listen((uv_stream_t *)&m->listener, 128, on_connection) != 0) {
    fprintf(stderr, "mock: cannot listen\n");
    abort();
  }
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&m->listener, (struct sockaddr *)&ss, &len);
  m->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
  snprintf(m->url, sizeof m->url, "ws://127.0.0.1:%u/", (unsigned)m->port);
  return m;
}

const char *mock_url(const mock *m) { return m->url; }
uint16_t mock_port(const mock *m) { return m->port; }
void mock_set_handshake(mock *m, mock_handshake mode) { m->hs_mode = mode; }
void mock_set_dribble(mock *m, bool on) { m->dribble = on; }
int mock_accepted(const mock *m) { return m->accepted; }
int mock_open_conns(const mock *m) { return m->open_conns; }

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
  while (!jv_list_empty(&m->conns)) conn_close(JV_CONTAINER_OF(m->conns.next, mock_conn, link), false);
  while (!jv_list_empty(&m->laters)) {
    later *l = JV_CONTAINER_OF(m->laters.next, later, link);
    jv_list_remove(&l->link);
    uv_close((uv_handle_t *)&l->timer, on_later_closed); /* needs nothing of the mock */
  }
  m->pending_closes++;
  m->listener.data = m;
  uv_close((uv_handle_t *)&m->listener, on_closed_counted);
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
  if (!c || c->closed || !c->ws) return;
  jv_ws_send(c->ws, JV_WS_TEXT, text, len);
  flush(c);
}

void mock_send(mock_conn *c, cJSON *msg) {
  char *s = cJSON_PrintUnformatted(msg);
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
  l->text = cJSON_PrintUnformatted(msg);
  cJSON_Delete(msg);
  uv_timer_init(c->m->loop, &l->timer);
  l->timer.data = l;
  jv_list_push_back(&c->m->laters, &l->link);
  uv_timer_start(&l->timer, on_later, ms, 0);
}

void mock_send_raw(mock_conn *c, const void *bytes, size_t len) {
  if (c && !c->closed) conn_write(c, bytes, len);
}

void mock_close(mock_conn *c, uint16_t code) {
  if (!c || c->closed || !c->ws) return;
  jv_ws_close(c->ws, code, "mock closing");
  flush(c);
}

void mock_drop(mock_conn *c) {
  if (c) conn_close(c, true);
}

void mock_stop_reading(mock_conn *c) {
  if (c && !c->closed) uv_read_stop((uv_stream_t *)&c->tcp);
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
    cJSON_AddNumberToObject(d, "id", (double)++m->next_id);
    mock_send(c, r);
  } else if (!strcmp(verb, "message")) {
    mock_send(c, mock_reply_to(req, "ack"));
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "echotest", "event");
    cJSON_AddStringToObject(data, "result", "ok");
    mock_send(c, mock_event_to(req, data));
  } else if (!strcmp(verb, "keepalive") || !strcmp(verb, "trickle")) {
    mock_send(c, mock_reply_to(req, "ack"));
  } else if (!strcmp(verb, "destroy") || !strcmp(verb, "detach") || !strcmp(verb, "hangup") ||
             !strcmp(verb, "claim")) {
    mock_send(c, mock_reply_to(req, "success"));
  } else {
    mock_send(c, mock_error_to(req, 453, "Unknown request"));
  }
}
