#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

int jv_buf_reserve(jv_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t need = b->len + extra + 1;
  if (need < extra) return UV_ENOMEM;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) return UV_ENOMEM;
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (!p) return UV_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

int jv_buf_append(jv_buf *b, const void *p, size_t n) {
  int rc = jv_buf_reserve(b, n);
  if (rc) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int jv_buf_append_str(jv_buf *b, const char *s) { return jv_buf_append(b, s, strlen(s)); }

int jv_buf_vprintf(jv_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  char tmp[256];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
  va_end(ap2);
  if (n < 0) return UV_EINVAL;
  if ((size_t)n < sizeof tmp) return jv_buf_append(b, tmp, (size_t)n);
  int rc = jv_buf_reserve(b, (size_t)n);
  if (rc) return rc;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int jv_buf_printf(jv_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = jv_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

void jv_buf_consume(jv_buf *b, size_t n) {
  if (n >= b->len) {
    b->len = 0;
  } else {
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
  }
  if (b->data) b->data[b->len] = '\0';
}

void jv_buf_reset(jv_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void jv_buf_free(jv_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *jv_buf_steal(jv_buf *b, size_t *len) {
  char *p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
