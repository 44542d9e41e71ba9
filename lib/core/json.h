/* JSON helpers for Janus ids. cJSON keeps numbers as doubles and prints them with 15 significant
 * digits, which silently rounds Janus's 16-digit ids: ids are written as raw integer text instead.
 * Janus generates ids below 2^53, which a double holds exactly when parsed. */
#ifndef JV_CORE_JSON_H
#define JV_CORE_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "januv/id.h"

/* The uint64 value of a JSON number or numeric string; 0 when absent or not one. */
uint64_t jv_json_u64(const cJSON *item);
/* Adds key: v as an exact integer. False on allocation failure. */
bool jv_json_add_u64(cJSON *obj, const char *key, uint64_t v);
/* A new number item printing v exactly, or NULL. */
cJSON *jv_json_u64_item(uint64_t v);

#endif

/* ---- reading members: NULL / def when absent or of another type ---- */
const char *jv_json_str(const cJSON *o, const char *key);
int64_t jv_json_int(const cJSON *o, const char *key, int64_t def);
bool jv_json_true(const cJSON *o, const char *key);
/* -1 absent, 0 false, 1 true */
int jv_json_tri(const cJSON *o, const char *key);
const cJSON *jv_json_obj(const cJSON *o, const char *key);
const cJSON *jv_json_arr(const cJSON *o, const char *key);
/* A number or string member as an id; the zero id when absent. Strings are borrowed from o. */
januv_id jv_json_id(const cJSON *o, const char *key);

/* ---- building: a JSON object under construction whose first failure sticks ---- */
typedef struct jv_body {
  cJSON *json;
  int err; /* 0, JANUV_EINVAL or JANUV_ENOMEM */
} jv_body;

/* {key: value} to start with, e.g. ("janus", "info") or ("request", "create"). */
jv_body jv_body_new(const char *key, const char *value);
void jv_body_fail(jv_body *b, bool ok, int err);
/* A string; NULL is an invalid argument when required, otherwise left out. */
void jv_body_str(jv_body *b, const char *key, const char *v, bool required);
void jv_body_int(jv_body *b, const char *key, int64_t v);
void jv_body_u64(jv_body *b, const char *key, uint64_t v);
void jv_body_bool(jv_body *b, const char *key, bool v);
/* -1 leaves it out, 0 false, 1 true */
void jv_body_tri(jv_body *b, const char *key, int v);
/* A copy of a borrowed object (NULL: left out; not an object: invalid). */
void jv_body_obj(jv_body *b, const char *key, const cJSON *v);
/* A copy of any borrowed JSON value (NULL: left out). */
void jv_body_json(jv_body *b, const char *key, const cJSON *v);
/* An array of strings (n 0: left out). */
void jv_body_strs(jv_body *b, const char *key, const char *const *v, size_t n);
/* An id; the zero id is an invalid argument when required, otherwise left out. */
void jv_body_id(jv_body *b, const char *key, januv_id id, bool required);
/* Hands the object over (NULL and *err set when something failed; the body is freed then). */
cJSON *jv_body_take(jv_body *b, int *err);
