#include "core/json.h"

#include "januv/common.h"
#include "util/buf.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

uint64_t jv_json_u64(const cJSON *item) {
  if (cJSON_IsNumber(item)) {
    double d = item->valuedouble;
    if (d >= 1 && d < 18446744073709551616.0) return (uint64_t)d;
    return 0;
  }
  if (cJSON_IsString(item) && item->valuestring[0] >= '0' && item->valuestring[0] <= '9') {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(item->valuestring, &end, 10);
    if (*end == '\0' && errno != ERANGE) return v;
  }
  return 0;
}

uint64_t januv_json_id(const cJSON *item) { return jv_json_u64(item); }

cJSON *jv_json_u64_item(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "%" PRIu64, v);
  return cJSON_CreateRaw(buf);
}

bool jv_json_add_u64(cJSON *obj, const char *key, uint64_t v) {
  cJSON *item = jv_json_u64_item(v);
  if (!item) return false;
  if (!cJSON_AddItemToObject(obj, key, item)) {
    cJSON_Delete(item);
    return false;
  }
  return true;
}

/* ---- januv_json_print: cJSON_Print with exact integers ---- */

static bool put(jv_buf *b, const char *s) { return jv_buf_append_str(b, s) == 0; }

static bool put_string(jv_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  if (jv_buf_append(b, "\"", 1)) return false;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[7] = {0};
    switch (*p) {
    case '"': strcpy(esc, "\\\""); break;
    case '\\': strcpy(esc, "\\\\"); break;
    case '\b': strcpy(esc, "\\b"); break;
    case '\f': strcpy(esc, "\\f"); break;
    case '\n': strcpy(esc, "\\n"); break;
    case '\r': strcpy(esc, "\\r"); break;
    case '\t': strcpy(esc, "\\t"); break;
    default:
      if (*p < 0x20) {
        esc[0] = '\\';
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[*p >> 4];
        esc[5] = hex[*p & 15];
      }
    }
    if (esc[0] ? !put(b, esc) : jv_buf_append(b, p, 1) != 0) return false;
  }
  return jv_buf_append(b, "\"", 1) == 0;
}

static bool put_indent(jv_buf *b, bool fmt, int depth) {
  if (!fmt) return true;
  if (jv_buf_append(b, "\n", 1)) return false;
  for (int i = 0; i < depth; i++)
    if (jv_buf_append(b, "  ", 2)) return false;
  return true;
}

static bool put_number(jv_buf *b, double d) {
  char num[64];
  if (d >= -9.2e18 && d <= 9.2e18 && d == (double)(int64_t)d)
    snprintf(num, sizeof num, "%" PRId64, (int64_t)d);
  else if (isfinite(d))
    snprintf(num, sizeof num, "%.17g", d);
  else
    snprintf(num, sizeof num, "null");
  return put(b, num);
}

static bool put_item(jv_buf *b, const cJSON *j, bool fmt, int depth) {
  if (cJSON_IsNull(j)) return put(b, "null");
  if (cJSON_IsFalse(j)) return put(b, "false");
  if (cJSON_IsTrue(j)) return put(b, "true");
  if (cJSON_IsNumber(j)) return put_number(b, j->valuedouble);
  if (cJSON_IsString(j)) return put_string(b, j->valuestring);
  if (cJSON_IsRaw(j)) return put(b, j->valuestring ? j->valuestring : "");
  bool obj = cJSON_IsObject(j);
  if (!obj && !cJSON_IsArray(j)) return put(b, "null");
  if (!put(b, obj ? "{" : "[")) return false;
  bool first = true;
  for (const cJSON *c = j->child; c; c = c->next) {
    if (!first && !put(b, ",")) return false;
    first = false;
    if (!put_indent(b, fmt, depth + 1)) return false;
    if (obj && (!put_string(b, c->string ? c->string : "") || !put(b, fmt ? ": " : ":"))) return false;
    if (!put_item(b, c, fmt, depth + 1)) return false;
  }
  if (!first && !put_indent(b, fmt, depth)) return false;
  return put(b, obj ? "}" : "]");
}

char *januv_json_print(const cJSON *json, bool formatted) {
  if (!json) return NULL;
  jv_buf b = {0};
  if (!put_item(&b, json, formatted, 0)) {
    jv_buf_free(&b);
    return NULL;
  }
  return jv_buf_steal(&b, NULL);
}

/* ---- reading ---- */

const char *jv_json_str(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

int64_t jv_json_int(const cJSON *o, const char *key, int64_t def) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble > 9.2e18 || v->valuedouble < -9.2e18) return def;
  return (int64_t)v->valuedouble;
}

bool jv_json_true(const cJSON *o, const char *key) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key)); }

int jv_json_tri(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
}

const cJSON *jv_json_obj(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *jv_json_arr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsArray(v) ? v : NULL;
}

januv_id jv_json_id(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  januv_id id = {NULL, 0};
  if (cJSON_IsString(v))
    id.str = v->valuestring;
  else if (cJSON_IsNumber(v))
    id.num = jv_json_u64(v);
  return id;
}

bool januv_id_equal(januv_id a, januv_id b) {
  if (a.str || b.str) return a.str && b.str && !strcmp(a.str, b.str);
  return a.num == b.num;
}

const char *januv_id_format(januv_id id, char *buf, size_t len) {
  if (id.str)
    snprintf(buf, len, "%s", id.str);
  else
    snprintf(buf, len, "%" PRIu64, id.num);
  return buf;
}

/* ---- building ---- */

jv_body jv_body_new(const char *key, const char *value) {
  jv_body b = {cJSON_CreateObject(), 0};
  if (!b.json || !cJSON_AddStringToObject(b.json, key, value)) b.err = UV_ENOMEM;
  return b;
}

void jv_body_fail(jv_body *b, bool ok, int err) {
  if (b->err == 0 && !ok) b->err = err;
}

void jv_body_str(jv_body *b, const char *key, const char *v, bool required) {
  if (!v) {
    jv_body_fail(b, !required, UV_EINVAL);
    return;
  }
  if (b->err == 0) jv_body_fail(b, cJSON_AddStringToObject(b->json, key, v) != NULL, UV_ENOMEM);
}

void jv_body_int(jv_body *b, const char *key, int64_t v) {
  if (b->err == 0) jv_body_fail(b, cJSON_AddNumberToObject(b->json, key, (double)v) != NULL, UV_ENOMEM);
}

void jv_body_u64(jv_body *b, const char *key, uint64_t v) {
  if (b->err == 0) jv_body_fail(b, jv_json_add_u64(b->json, key, v), UV_ENOMEM);
}

void jv_body_bool(jv_body *b, const char *key, bool v) {
  if (b->err == 0) jv_body_fail(b, cJSON_AddBoolToObject(b->json, key, v) != NULL, UV_ENOMEM);
}

void jv_body_tri(jv_body *b, const char *key, int v) {
  if (v >= 0) jv_body_bool(b, key, v != 0);
}

void jv_body_json(jv_body *b, const char *key, const cJSON *v) {
  if (!v || b->err != 0) return;
  cJSON *copy = cJSON_Duplicate(v, true);
  jv_body_fail(b, copy && cJSON_AddItemToObject(b->json, key, copy), UV_ENOMEM);
  if (b->err != 0) cJSON_Delete(copy);
}

void jv_body_obj(jv_body *b, const char *key, const cJSON *v) {
  if (!v || b->err != 0) return;
  jv_body_fail(b, cJSON_IsObject(v), UV_EINVAL);
  jv_body_json(b, key, v);
}

void jv_body_strs(jv_body *b, const char *key, const char *const *v, size_t n) {
  if (b->err != 0 || n == 0) return;
  jv_body_fail(b, v != NULL, UV_EINVAL);
  cJSON *arr = b->err == 0 ? cJSON_AddArrayToObject(b->json, key) : NULL;
  if (b->err == 0) jv_body_fail(b, arr != NULL, UV_ENOMEM);
  for (size_t i = 0; i < n && b->err == 0; i++) {
    jv_body_fail(b, v[i] != NULL, UV_EINVAL);
    if (b->err == 0) jv_body_fail(b, cJSON_AddItemToArray(arr, cJSON_CreateString(v[i])), UV_ENOMEM);
  }
}

void jv_body_id(jv_body *b, const char *key, januv_id id, bool required) {
  if (!januv_id_set(id)) {
    jv_body_fail(b, !required, UV_EINVAL);
    return;
  }
  if (id.str)
    jv_body_str(b, key, id.str, true);
  else
    jv_body_u64(b, key, id.num);
}

cJSON *jv_body_take(jv_body *b, int *err) {
  if (b->err != 0) {
    cJSON_Delete(b->json);
    b->json = NULL;
    if (err) *err = b->err;
    return NULL;
  }
  cJSON *j = b->json;
  b->json = NULL;
  if (err) *err = 0;
  return j;
}
