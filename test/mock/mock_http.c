/* The mock's HTTP REST side: POSTs answered by the handler, long-polls fed from session queues. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "mock_int.h"

static const char *reason_phrase(int status) {
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 404: return "Not Found";
  case 500: return "Internal Server Error";
  case 503: return "Service Unavailable";
  default: return "Status";
  }
}

static void respond(mock_conn *c, int status, const char *body, size_t len) {
  mock *m = c->m;
  jv_buf b = {0};
  jv_buf_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n", status, reason_phrase(status));
  if (m->close_after) jv_buf_append_str(&b, "Connection: close\r\n");
  if (m->chunked && len) {
    /* two chunks, the first with an extension, then a trailer */
    size_t half = len / 2;
    jv_buf_printf(&b, "Transfer-Encoding: chunked\r\nTrailer: X-Mock\r\n\r\n%zx;mock=1\r\n", half);
    jv_buf_append(&b, body, half);
    jv_buf_printf(&b, "\r\n%zx\r\n", len - half);
    jv_buf_append(&b, body + half, len - half);
    jv_buf_append_str(&b, "\r\n0\r\nX-Mock: done\r\n\r\n");
  } else {
    jv_buf_printf(&b, "Content-Length: %zu\r\n\r\n", len);
    jv_buf_append(&b, body, len);
  }
  mock_conn_write(c, b.data, b.len);
  jv_buf_free(&b);
  if (m->close_after) mock_conn_shutdown(c);
}

static void answer_poll(mock_session *s, bool keepalive) {
  mock_conn *c = s->poll;
  mock *m = c->m;
  s->poll = NULL;
  uv_timer_stop(&s->poll_timer);
  m->polls_open--;
  m->polls_answered++;
  jv_buf body = {0};
  bool array = s->poll_maxev > 1;
  if (array) jv_buf_append_str(&body, "[");
  if (keepalive) {
    jv_buf_append_str(&body, "{\"janus\":\"keepalive\"}");
  } else {
    for (unsigned i = 0; i < (array ? s->poll_maxev : 1) && !jv_list_empty(&s->events); i++) {
      mock_text *t = JV_CONTAINER_OF(jv_list_pop_front(&s->events), mock_text, link);
      if (i) jv_buf_append_str(&body, ",");
      jv_buf_append(&body, t->text, t->len);
      free(t);
    }
  }
  if (array) jv_buf_append_str(&body, "]");
  respond(c, 200, body.data, body.len);
  jv_buf_free(&body);
}

static void on_poll_timeout(uv_timer_t *t) {
  mock_session *s = t->data;
  if (s->poll) answer_poll(s, true);
}

static void queue_event(mock *m, uint64_t sid, const char *text, size_t len) {
  mock_session *s = mock_session_find(m, sid);
  if (!s) return;
  mock_text *t = malloc(sizeof *t + len);
  t->len = len;
  memcpy(t->text, text, len);
  jv_list_push_back(&s->events, &t->link);
  if (s->poll && !m->polls_paused) answer_poll(s, false);
}

void mock_push_event(mock *m, uint64_t session_id, cJSON *msg) {
  char *s = januv_json_print(msg, false);
  cJSON_Delete(msg);
  queue_event(m, session_id, s, strlen(s));
  free(s);
}

void mock_push_event_text(mock *m, uint64_t session_id, const char *text, size_t len) {
  queue_event(m, session_id, text, len);
}

void mock_http_send_text(mock_conn *c, const char *text, size_t len) {
  if (c->post_pending) {
    c->post_pending = false;
    respond(c, 200, text, len);
    return;
  }
  /* after the POST's answer: an event for the session's long-poll */
  cJSON *msg = cJSON_ParseWithLength(text, len);
  uint64_t sid = msg ? jv_json_u64(cJSON_GetObjectItemCaseSensitive(msg, "session_id")) : 0;
  cJSON_Delete(msg);
  queue_event(c->m, sid ? sid : c->post_session, text, len);
}

/* Parses "/janus[/sid[/hid]][?maxev=N]". False when the path is not under /janus. */
static bool parse_target(const char *url, uint64_t *sid, uint64_t *hid, unsigned *maxev) {
  *sid = *hid = 0;
  *maxev = 1;
  if (strncmp(url, "/janus", 6) != 0) return false;
  const char *p = url + 6;
  if (*p == '/') *sid = strtoull(p + 1, (char **)&p, 10);
  if (*p == '/') *hid = strtoull(p + 1, (char **)&p, 10);
  const char *q = strstr(p, "maxev=");
  if (q) *maxev = (unsigned)strtoul(q + 6, NULL, 10);
  return *p == '\0' || *p == '?' || *p == '/';
}

void mock_http_request(mock_conn *c) {
  mock *m = c->m;
  uint64_t sid, hid;
  unsigned maxev;
  const char *url = c->url.data ? c->url.data : "";
  if (!parse_target(url, &sid, &hid, &maxev)) {
    respond(c, 404, "", 0);
    return;
  }
  int method = llhttp_get_method(&c->parser);
  if (method == HTTP_GET && sid) {
    if (m->poll_status) {
      respond(c, m->poll_status, "", 0);
      return;
    }
    snprintf(m->last_poll, sizeof m->last_poll, "%s", url);
    mock_session *s = mock_session_find(m, sid);
    if (!s) {
      respond(c, 404, "", 0); /* what Janus answers for an unknown session */
      return;
    }
    if (s->poll) answer_poll(s, true); /* a second poll replaces the first */
    s->poll = c;
    s->poll_maxev = maxev ? maxev : 1;
    m->polls_open++;
    if (!jv_list_empty(&s->events) && !m->polls_paused)
      answer_poll(s, false);
    else
      uv_timer_start(&s->poll_timer, on_poll_timeout, m->poll_timeout_ms, 0);
    return;
  }
  if (method != HTTP_POST) {
    respond(c, 404, "", 0);
    return;
  }
  if (m->fail_posts_n > 0) {
    m->fail_posts_n--;
    respond(c, m->fail_posts_status, "", 0);
    return;
  }
  cJSON *req = cJSON_ParseWithLength(c->body.data ? c->body.data : "", c->body.len);
  if (!req) {
    respond(c, 400, "", 0);
    return;
  }
  /* Janus takes the ids from the path */
  if (sid && !cJSON_GetObjectItemCaseSensitive(req, "session_id")) jv_json_add_u64(req, "session_id", sid);
  if (hid && !cJSON_GetObjectItemCaseSensitive(req, "handle_id")) jv_json_add_u64(req, "handle_id", hid);
  char *text = januv_json_print(req, false);
  cJSON_Delete(req);
  c->post_pending = true;
  c->post_session = sid;
  mock_dispatch(c, text, strlen(text));
  free(text);
}

void mock_http_conn_closed(mock_conn *c) {
  mock *m = c->m;
  for (jv_list *n = m->sessions.next; n != &m->sessions; n = n->next) {
    mock_session *s = JV_CONTAINER_OF(n, mock_session, link);
    if (s->poll == c) {
      s->poll = NULL;
      uv_timer_stop(&s->poll_timer);
      m->polls_open--;
    }
  }
}

static void on_session_timer_closed(uv_handle_t *h) { free(h->data); }

void mock_http_session_free(mock_session *s) {
  jv_list_remove(&s->link);
  if (s->poll) {
    mock *m = s->poll->m;
    m->polls_open--;
    /* Janus answers a pending poll of a destroyed session with a keepalive-free close; so do we. */
    mock_conn_close(s->poll, false);
    s->poll = NULL;
  }
  jv_list *n;
  while ((n = jv_list_pop_front(&s->events))) free(JV_CONTAINER_OF(n, mock_text, link));
  uv_close((uv_handle_t *)&s->poll_timer, on_session_timer_closed);
}

void mock_http_fail_posts(mock *m, int status, int n) {
  m->fail_posts_status = status;
  m->fail_posts_n = n;
}
void mock_http_poll_status(mock *m, int status) { m->poll_status = status; }
const char *mock_http_last_poll(const mock *m) { return m->last_poll; }

void mock_http_pause_polls(mock *m, bool paused) {
  m->polls_paused = paused;
  if (paused) return;
  for (jv_list *n = m->sessions.next; n != &m->sessions; n = n->next) {
    mock_session *s = JV_CONTAINER_OF(n, mock_session, link);
    if (s->poll && !jv_list_empty(&s->events)) answer_poll(s, false);
  }
}
void mock_http_poll_timeout(mock *m, uint32_t ms) { m->poll_timeout_ms = ms; }
void mock_http_chunked(mock *m, bool on) { m->chunked = on; }
void mock_http_close_after(mock *m, bool on) { m->close_after = on; }
int mock_http_polls_open(const mock *m) { return m->polls_open; }
int mock_http_polls_answered(const mock *m) { return m->polls_answered; }
