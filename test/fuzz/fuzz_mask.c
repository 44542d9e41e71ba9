/*
 * Secret masking and exact printing: jv_mask_secrets() on arbitrary text (what every logged frame goes
 * through), and januv_json_print() on what cJSON parses from it.
 *
 * Oracles, for input that is valid JSON: the masked text is still valid JSON, the same document except
 * that the value of every secret key (jv_is_secret_key) is now "***"; januv_json_print() output
 * (formatted or not) parses back to the same document.
 */
#include <math.h>
#include <string.h>

#include "core/log.h"
#include "fuzz.h"
#include "januv/common.h"

/* Equal documents, numbers compared exactly (januv_json_print() exists to print ids without rounding;
 * cJSON_Compare() also finds two infinities different). */
static bool same_exact(const cJSON *a, const cJSON *b) {
  if ((a->type & 0xff) != (b->type & 0xff)) return false;
  if (cJSON_IsNumber(a)) return a->valuedouble == b->valuedouble;
  if (cJSON_IsString(a)) return !strcmp(a->valuestring, b->valuestring);
  if (cJSON_IsObject(a) || cJSON_IsArray(a)) {
    const cJSON *y = b->child;
    for (const cJSON *x = a->child; x; x = x->next, y = y->next) {
      if (!y) return false;
      if (cJSON_IsObject(a) && strcmp(x->string, y->string)) return false;
      if (!same_exact(x, y)) return false;
    }
    return y == NULL;
  }
  return true;
}

/* Every secret member of the masked document is "***", the others equal the original's. Keys are
 * matched as written in the text (the masker never decodes them): when the input has escapes, or NUL
 * bytes (cJSON's strings end at the first), a key spelled "tok\u0065n" may or may not be masked, so
 * only "*** or unchanged" is required then. */
static void check_masked(const cJSON *orig, const cJSON *masked, bool escapes) {
  FZ_ASSERT((orig->type & 0xff) == (masked->type & 0xff) || cJSON_IsString(masked));
  if (cJSON_IsObject(orig) || cJSON_IsArray(orig)) {
    FZ_ASSERT(cJSON_GetArraySize(orig) == cJSON_GetArraySize(masked));
    const cJSON *m = masked->child;
    for (const cJSON *o = orig->child; o; o = o->next, m = m->next) {
      FZ_ASSERT(m != NULL);
      if (cJSON_IsObject(orig)) {
        FZ_ASSERT(o->string && m->string && !strcmp(o->string, m->string));
        bool stars = cJSON_IsString(m) && !strcmp(m->valuestring, "***");
        if (jv_is_secret_key(o->string, strlen(o->string)) && !escapes) {
          FZ_ASSERT(stars);
          continue;
        }
        if (escapes && stars && !same_exact(o, m)) continue;
      }
      check_masked(o, m, escapes);
    }
    return;
  }
  FZ_ASSERT(same_exact(orig, masked));
}

static bool finite_numbers(const cJSON *j) {
  if (cJSON_IsNumber(j)) return isfinite(j->valuedouble);
  for (const cJSON *c = j->child; c; c = c->next)
    if (!finite_numbers(c)) return false;
  return true;
}

static void check_print(const cJSON *json, bool formatted) {
  char *text = januv_json_print(json, formatted);
  FZ_ASSERT(text != NULL);
  cJSON *back = cJSON_Parse(text);
  FZ_ASSERT(back != NULL);
  FZ_ASSERT(same_exact(json, back));
  cJSON_Delete(back);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  jv_buf masked = {0};
  FZ_ASSERT(jv_mask_secrets(text, size, &masked) == 0);
  FZ_ASSERT(masked.len == 0 || masked.data[masked.len] == '\0');

  cJSON *json = cJSON_ParseWithLength(text, size);
  if (json) {
    /* cJSON reads the first value and ignores what follows it; the masked text of that value must
     * parse all the same. */
    cJSON *m = cJSON_ParseWithLength(masked.data ? masked.data : "", masked.len);
    FZ_ASSERT(m != NULL);
    check_masked(json, m, memchr(text, '\\', size) || memchr(text, '\0', size));
    cJSON_Delete(m);
    if (finite_numbers(json)) {
      check_print(json, false);
      check_print(json, true);
    }
    cJSON_Delete(json);
  }
  jv_buf_free(&masked);
  return 0;
}
