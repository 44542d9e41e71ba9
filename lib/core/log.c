#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void jv_logf(const jv_log *l, januv_log_level level, const char *fmt, ...) {
  if (!jv_log_on(l, level)) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  l->cb(level, msg, l->data);
}

static bool ends_with(const char *key, size_t len, const char *suffix) {
  size_t n = strlen(suffix);
  return len >= n && strncasecmp(key + len - n, suffix, n) == 0;
}

bool jv_is_secret_key(const char *key, size_t len) {
  static const char *const exact[] = {"token", "pin", "new_pin", "admin_key", "new_admin_key", "authuser"};
  for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
    if (strlen(exact[i]) == len && strncasecmp(key, exact[i], len) == 0) return true;
  /* apisecret, admin_secret, secret, new_secret, ha1_secret, token_auth_secret, password, ... */
  return ends_with(key, len, "secret") || ends_with(key, len, "password") || ends_with(key, len, "_token");
}

/* Index just past the string token starting at json[i] (a '"'), or len if unterminated. */
static size_t skip_string(const char *json, size_t len, size_t i) {
  for (i++; i < len; i++) {
    if (json[i] == '\\') {
      i++;
    } else if (json[i] == '"') {
      return i + 1;
    }
  }
  return len;
}

/* Whitespace as cJSON reads it (any byte up to 0x20): a key the parser sees is a key the masker sees. */
static bool is_ws(char c) { return (unsigned char)c <= 0x20; }

static size_t skip_ws(const char *json, size_t len, size_t i) {
  while (i < len && is_ws(json[i])) i++;
  return i;
}

int jv_mask_secrets(const char *json, size_t len, jv_buf *out) {
  size_t i = 0, copied = 0;
  while (i < len) {
    if (json[i] != '"') {
      i++;
      continue;
    }
    size_t end = skip_string(json, len, i);
    size_t colon = skip_ws(json, len, end);
    if (colon < len && json[colon] == ':' && end - i >= 2 && jv_is_secret_key(json + i + 1, end - i - 2)) {
      size_t v = skip_ws(json, len, colon + 1);
      size_t vend = v;
      if (v < len && json[v] == '"') {
        vend = skip_string(json, len, v);
      } else if (v < len && (json[v] == '{' || json[v] == '[')) {
        /* a structured value: up to its matching bracket */
        int depth = 0;
        while (vend < len) {
          char ch = json[vend];
          if (ch == '"') {
            vend = skip_string(json, len, vend);
            continue;
          }
          vend++;
          if (ch == '{' || ch == '[') depth++;
          if ((ch == '}' || ch == ']') && --depth == 0) break;
        }
      } else {
        while (vend < len && json[vend] != ',' && json[vend] != '}' && json[vend] != ']') vend++;
        while (vend > v && is_ws(json[vend - 1])) vend--;
      }
      if (jv_buf_append(out, json + copied, v - copied) || jv_buf_append_str(out, "\"***\"")) return UV_ENOMEM;
      copied = i = vend;
      continue;
    }
    i = end;
  }
  return jv_buf_append(out, json + copied, len - copied);
}

void jv_log_frame(const jv_log *l, const char *prefix, const char *json, size_t len) {
  if (!jv_log_on(l, JANUV_LOG_DEBUG)) return;
  jv_buf b = {0};
  if (jv_buf_append_str(&b, prefix) == 0 && jv_buf_append(&b, " ", 1) == 0 &&
      jv_mask_secrets(json, len, &b) == 0) {
    /* A frame can hold NULs only if the server is broken; the log line stops there. */
    l->cb(JANUV_LOG_DEBUG, b.data, l->data);
  }
  jv_buf_free(&b);
}
