/* Logging through the user's callback, and the secret masking every logged frame goes through. */
#ifndef JV_CORE_LOG_H
#define JV_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "januv/common.h"
#include "util/buf.h"

typedef struct jv_log {
  januv_log_cb cb;
  void *data;
  januv_log_level level;
} jv_log;

static inline bool jv_log_on(const jv_log *l, januv_log_level level) { return l->cb && level <= l->level; }
void jv_logf(const jv_log *l, januv_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* DEBUG line "<prefix> <json with secrets masked>". */
void jv_log_frame(const jv_log *l, const char *prefix, const char *json, size_t len);

/* True for JSON keys whose values are secrets (apisecret, token, admin_secret, secret, pin, ...). */
bool jv_is_secret_key(const char *key, size_t len);
/* Copies JSON text to out with the value of every secret key replaced by "***". Works on any text:
 * it only needs string tokens to be well-formed where secrets sit. Returns 0 or UV_ENOMEM. */
int jv_mask_secrets(const char *json, size_t len, jv_buf *out);

#endif
