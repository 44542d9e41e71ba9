/* JSON helpers for Janus ids. cJSON keeps numbers as doubles and prints them with 15 significant
 * digits, which silently rounds Janus's 16-digit ids: ids are written as raw integer text instead.
 * Janus generates ids below 2^53, which a double holds exactly when parsed. */
#ifndef JV_CORE_JSON_H
#define JV_CORE_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* The uint64 value of a JSON number or numeric string; 0 when absent or not one. */
uint64_t jv_json_u64(const cJSON *item);
/* Adds key: v as an exact integer. False on allocation failure. */
bool jv_json_add_u64(cJSON *obj, const char *key, uint64_t v);
/* A new number item printing v exactly, or NULL. */
cJSON *jv_json_u64_item(uint64_t v);

#endif
