#include "proto/http.h"

#include <stdio.h>
#include <string.h>

#include "januv/errors.h"

static int on_message_begin(llhttp_t *l) {
  jv_http_parser *p = l->data;
  p->complete = false;
  p->started = true;
  jv_buf_reset(&p->body);
  return 0;
}

static int on_body(llhttp_t *l, const char *at, size_t len) {
  jv_http_parser *p = l->data;
  if (p->body.len + len > p->max_body) {
    snprintf(p->error, sizeof p->error, "HTTP response body larger than %zu bytes", p->max_body);
    return -1;
  }
  return jv_buf_append(&p->body, at, len) ? -1 : 0;
}

/* RFC 9112 6.3: 1xx, 204 and 304 responses end with their headers, whatever Content-Length says. */
static bool no_body_status(int status) { return status == 204 || status == 304 || (status >= 100 && status < 200); }

static int on_headers_complete(llhttp_t *l) {
  int status = llhttp_get_status_code(l);
  return status != 101 && no_body_status(status) ? 1 : 0; /* 1: skip the body (101 is llhttp's upgrade) */
}

static int on_message_complete(llhttp_t *l) {
  jv_http_parser *p = l->data;
  int status = llhttp_get_status_code(l);
  /* RFC 9110 15.2: interim responses (100 Continue, 103 Early Hints, ...) precede the final one. */
  if (status >= 100 && status < 200 && status != 101) return 0;
  p->complete = true;
  p->started = false;
  p->status = llhttp_get_status_code(l);
  p->keep_alive = llhttp_should_keep_alive(l);
  return HPE_PAUSED; /* hand the response over before reading the next one */
}

void jv_http_parser_init(jv_http_parser *p, size_t max_body) {
  memset(p, 0, sizeof *p);
  p->max_body = max_body ? max_body : (16u << 20);
  llhttp_settings_init(&p->settings);
  p->settings.on_message_begin = on_message_begin;
  p->settings.on_body = on_body;
  p->settings.on_headers_complete = on_headers_complete;
  p->settings.on_message_complete = on_message_complete;
  llhttp_init(&p->parser, HTTP_RESPONSE, &p->settings);
  p->parser.data = p;
}

void jv_http_parser_free(jv_http_parser *p) { jv_buf_free(&p->body); }

static int fail(jv_http_parser *p, llhttp_errno_t err) {
  p->failed = true;
  if (!p->error[0]) snprintf(p->error, sizeof p->error, "malformed HTTP response: %s", llhttp_get_error_reason(&p->parser));
  return err == HPE_USER && strstr(p->error, "larger than") ? JANUV_ETOOBIG : JANUV_EPROTO;
}

int jv_http_parser_feed(jv_http_parser *p, const char *data, size_t len, size_t *used) {
  *used = 0;
  if (p->failed) return JANUV_EPROTO;
  if (p->complete) return 0; /* the caller must take the response first */
  if (len == 0) return 0;
  llhttp_errno_t err = llhttp_execute(&p->parser, data, len);
  if (err == HPE_OK) {
    *used = len;
    return 0;
  }
  if (err == HPE_PAUSED) {
    *used = (size_t)(llhttp_get_error_pos(&p->parser) - data);
    return 0;
  }
  return fail(p, err);
}

int jv_http_parser_eof(jv_http_parser *p) {
  if (p->failed) return JANUV_EPROTO;
  if (p->complete) return 0;
  if (!p->started) return 0;
  llhttp_errno_t err = llhttp_finish(&p->parser);
  if (p->complete) return 0; /* a body delimited by the close */
  if (err == HPE_OK || err == HPE_PAUSED) err = HPE_INVALID_EOF_STATE;
  snprintf(p->error, sizeof p->error, "connection closed in the middle of an HTTP response");
  return fail(p, err);
}

bool jv_http_parser_busy(const jv_http_parser *p) { return p->started && !p->failed; }

void jv_http_parser_next(jv_http_parser *p) {
  p->complete = false;
  p->status = 0;
  jv_buf_reset(&p->body);
  llhttp_resume(&p->parser);
}

int jv_http_build_request(jv_buf *out, const char *method, const char *host, const char *target, const char *body,
                          size_t body_len) {
  int rc = jv_buf_printf(out, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: januv\r\nAccept: application/json\r\n",
                         method, target, host);
  if (!rc && body)
    rc = jv_buf_printf(out, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", body_len);
  else if (!rc)
    rc = jv_buf_append_str(out, "\r\n");
  if (!rc && body) rc = jv_buf_append(out, body, body_len);
  return rc;
}
