/* Secret masking and frame logging (lib/core/log.h), exact JSON printing of ids (lib/core/json.h,
 * januv_json_print) and the error names and descriptions (januv/errors.h). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/log.h"
#include "harness.h"
#include "januv/errors.h"

/* ---- which keys are secret ---- */

static bool secret(const char *key) { return jv_is_secret_key(key, strlen(key)); }

static void test_secret_keys(void) {
  static const char *const yes[] = {
    /* the exact names */
    "token", "pin", "new_pin", "admin_key", "new_admin_key", "authuser",
    /* ...secret, ...password, ..._token */
    "apisecret", "admin_secret", "secret", "new_secret", "ha1_secret", "token_auth_secret", "plugin_secret",
    "password", "new_password", "turn_password", "_token", "refresh_token", "auth_token",
    /* case does not matter */
    "TOKEN", "Pin", "ApiSecret", "ADMIN_SECRET", "Password", "Refresh_Token",
  };
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (!secret(yes[i])) {
      t_failf(__FILE__, __LINE__, "\"%s\" is not a secret key", yes[i]);
      return;
    }
  }
  static const char *const no[] = {
    "", "janus", "transaction", "session_id", "handle_id", "secretive_mode", "secrets", "secret_", "tokens",
    "token_", "tokenizer", "mytoken", "pins", "pin_code", "spin", "pinned", "admin", "key", "admin_keys",
    "passwords", "password_hint", "passwd", "new", "display", "room", "description", "request", "sdp",
  };
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    if (secret(no[i])) {
      t_failf(__FILE__, __LINE__, "\"%s\" is a secret key", no[i]);
      return;
    }
  }
  /* The length counts, not a NUL: prefixes of a buffer. */
  CHECK(jv_is_secret_key("token_count", 5));
  CHECK(!jv_is_secret_key("token_count", 6));
  CHECK(jv_is_secret_key("apisecretX", 9));
  CHECK(!jv_is_secret_key("pin", 0));
}

/* ---- masking ---- */

static bool masks_to(const char *in, const char *want) {
  jv_buf out = {0};
  int rc = jv_mask_secrets(in, strlen(in), &out);
  bool ok = rc == 0 && out.data && strlen(out.data) == out.len && !strcmp(out.data, want);
  if (!ok) fprintf(stderr, "  mask(%s)\n    got  %s\n    want %s\n", in, out.data ? out.data : "(null)", want);
  jv_buf_free(&out);
  return ok;
}

static void test_mask_basic(void) {
  CHECK(masks_to("{\"janus\":\"create\",\"transaction\":\"abc\",\"apisecret\":\"s3cr3t\",\"token\":\"tok\"}",
                 "{\"janus\":\"create\",\"transaction\":\"abc\",\"apisecret\":\"***\",\"token\":\"***\"}"));
  CHECK(masks_to("{\"admin_secret\":\"janusoverlord\",\"janus\":\"list_sessions\"}",
                 "{\"admin_secret\":\"***\",\"janus\":\"list_sessions\"}"));
  CHECK(masks_to("{\"secret\":\"a\",\"pin\":\"b\",\"admin_key\":\"c\",\"password\":\"d\",\"ha1_secret\":\"e\","
                 "\"new_secret\":\"f\",\"new_pin\":\"g\"}",
                 "{\"secret\":\"***\",\"pin\":\"***\",\"admin_key\":\"***\",\"password\":\"***\","
                 "\"ha1_secret\":\"***\","
                 "\"new_secret\":\"***\",\"new_pin\":\"***\"}"));
  /* Empty values are masked too (their length is not told either). */
  CHECK(masks_to("{\"token\":\"\"}", "{\"token\":\"***\"}"));
  /* Nothing to mask: identical. */
  CHECK(masks_to("", ""));
  CHECK(masks_to("{}", "{}"));
  CHECK(masks_to("not json at all", "not json at all"));
}

static void test_mask_non_string_values(void) {
  CHECK(masks_to("{\"pin\":1234,\"x\":1}", "{\"pin\":\"***\",\"x\":1}"));
  CHECK(masks_to("{\"secret\":null,\"password\":true,\"token\":-1.5e3}",
                 "{\"secret\":\"***\",\"password\":\"***\",\"token\":\"***\"}"));
  CHECK(masks_to("[{\"pin\":0}]", "[{\"pin\":\"***\"}]"));
}

static void test_mask_nested(void) {
  CHECK(masks_to("{\"janus\":\"message\",\"body\":{\"request\":\"join\",\"room\":1234,\"pin\":\"0000\","
                 "\"display\":\"a\"},"
                 "\"transaction\":\"t\"}",
                 "{\"janus\":\"message\",\"body\":{\"request\":\"join\",\"room\":1234,\"pin\":\"***\","
                 "\"display\":\"a\"},"
                 "\"transaction\":\"t\"}"));
  CHECK(masks_to("{\"a\":{\"b\":{\"c\":{\"secret\":\"deep\"}}}}", "{\"a\":{\"b\":{\"c\":{\"secret\":\"***\"}}}}"));
  /* Arrays of objects (e.g. the Admin API's token list). */
  CHECK(masks_to("{\"data\":{\"tokens\":[{\"token\":\"t1\",\"allowed_plugins\":[\"janus.plugin.echotest\"]},"
                 "{\"token\":\"t2\"}]}}",
                 "{\"data\":{\"tokens\":[{\"token\":\"***\",\"allowed_plugins\":[\"janus.plugin.echotest\"]},"
                 "{\"token\":\"***\"}]}}"));
  CHECK(masks_to("[{\"secret\":\"a\"},{\"secret\":\"b\",\"id\":1},[{\"pin\":\"c\"}]]",
                 "[{\"secret\":\"***\"},{\"secret\":\"***\",\"id\":1},[{\"pin\":\"***\"}]]"));
}

static void test_mask_whitespace(void) {
  CHECK(masks_to("{\"token\" : \"x\"}", "{\"token\" : \"***\"}"));
  CHECK(masks_to("{ \"token\"\t:\n\"x\" , \"a\" : 1 }", "{ \"token\"\t:\n\"***\" , \"a\" : 1 }"));
  CHECK(masks_to("{\r\n  \"apisecret\"  :  \"x\"\r\n}", "{\r\n  \"apisecret\"  :  \"***\"\r\n}"));
  CHECK(masks_to("{\"pin\": 1234}", "{\"pin\": \"***\"}"));
}

/* A pretty-printed document keeps its layout: the blanks after a non-string secret value are not
 * part of the value. Today the scan for the end of a non-string value stops at ',', '}' or ']' and
 * takes the blanks before it along (`"pin": 1234\n}` becomes `"pin": "***"}`). */
static void test_mask_keeps_blanks_after_value(void) {
  CHECK(masks_to("{\"pin\": 1234 , \"a\": 1}", "{\"pin\": \"***\" , \"a\": 1}"));
  CHECK(masks_to("{\n  \"a\": 1,\n  \"pin\": 1234\n}", "{\n  \"a\": 1,\n  \"pin\": \"***\"\n}"));
}

static void test_mask_escapes(void) {
  /* Escaped quotes and backslashes inside a secret value. */
  CHECK(masks_to("{\"secret\":\"a\\\"b,c}d\",\"x\":1}", "{\"secret\":\"***\",\"x\":1}"));
  CHECK(masks_to("{\"secret\":\"a\\\\\",\"x\":\"y\"}", "{\"secret\":\"***\",\"x\":\"y\"}"));
  CHECK(masks_to("{\"secret\":\"\\\\\\\"\\\\\",\"token\":\"\\u0041\"}", "{\"secret\":\"***\",\"token\":\"***\"}"));
  /* Escapes elsewhere do not confuse the scan. */
  CHECK(masks_to("{\"a\\\"\":\"\\\"token\\\":\",\"token\":\"x\"}", "{\"a\\\"\":\"\\\"token\\\":\",\"token\":\"***\"}"));
}

static void test_mask_last_member(void) {
  CHECK(masks_to("{\"a\":1,\"token\":\"t\"}", "{\"a\":1,\"token\":\"***\"}"));
  CHECK(masks_to("{\"a\":1,\"pin\":42}", "{\"a\":1,\"pin\":\"***\"}"));
  CHECK(masks_to("[{\"pin\":42}]", "[{\"pin\":\"***\"}]"));
}

static void test_mask_leaves_others(void) {
  /* Keys that merely look like secrets, and secret names used as values or array items. */
  static const char *const same[] = {
    "{\"secretive_mode\":true,\"tokens\":[\"a\",\"b\"],\"pins\":2,\"transaction\":\"t\"}",
    "{\"janus\":\"token\",\"x\":\"secret\",\"y\":\"pin\"}",
    "[\"token\",\"pin\",\"secret\"]",
    "{\"list\":[\"password\" , \"apisecret\"]}",
    "{\"display\":\"my password is hunter2\",\"room\":1}",
    "{\"session_id\":8234567890123456,\"sender\":4407000251395200,\"plugindata\":{\"data\":{\"ok\":true}}}",
    "{\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 0.0.0.0\\r\\n\"}}",
    "{\"utf8\":\"\xc3\xa9\xe2\x82\xac\",\"esc\":\"\\u00e9\\n\"}",
  };
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) CHECK(masks_to(same[i], same[i]));
}

/* A secret whose value is an object or an array is masked whole: nothing of it reaches the log. Today
 * the scan for a non-string value stops at the first ',' so `"password":{"old":"p1","new":"p2"}`
 * logs `"password":"***","new":"p2"}`. */
static void test_mask_structured_values(void) {
  CHECK(masks_to("{\"secret\":{\"a\":\"b\"},\"c\":1}", "{\"secret\":\"***\",\"c\":1}"));
  CHECK(masks_to("{\"secret\":[\"x\",\"leak1\"],\"c\":1}", "{\"secret\":\"***\",\"c\":1}"));
  CHECK(masks_to("{\"password\":{\"old\":\"p1\",\"new\":\"leak2\"},\"c\":1}", "{\"password\":\"***\",\"c\":1}"));
}

static void test_mask_appends(void) {
  jv_buf out = {0};
  CHECK_EQ_INT(jv_buf_append_str(&out, "-> "), 0);
  const char *in = "{\"token\":\"t\"}";
  CHECK_EQ_INT(jv_mask_secrets(in, strlen(in), &out), 0);
  CHECK_EQ_STR(out.data, "-> {\"token\":\"***\"}");
  /* Only len bytes are read. */
  CHECK_EQ_INT(jv_mask_secrets("{\"a\":1}garbage", 7, &out), 0);
  CHECK_EQ_STR(out.data, "-> {\"token\":\"***\"}{\"a\":1}");
  jv_buf_free(&out);
}

/* Every prefix of a message (a frame cut anywhere) masks without reading past its end, and no prefix
 * lets a secret value through. Runs under valgrind for the reads. */
static void test_mask_truncated(void) {
  const char *sample =
    "{\"janus\":\"message\",\"apisecret\":\"SECRET-A\",\"body\":{\"request\":\"join\",\"pin\" : \"SECRET-B\","
    "\"secret\":\"SE\\\"CRET-C\",\"list\":[{\"token\":\"SECRET-D\"},{\"password\":98765}],\"n\":1},"
    "\"transaction\":\"abc\",\"admin_key\":\"SECRET-E\"}";
  static const char *const values[] = {"SECRET", "SE\\\"C", "98765"};
  size_t n = strlen(sample);
  for (size_t len = 0; len <= n; len++) {
    char *copy = malloc(len ? len : 1); /* exactly len bytes: valgrind sees any over-read */
    CHECK(copy);
    memcpy(copy, sample, len);
    jv_buf out = {0};
    int rc = jv_mask_secrets(copy, len, &out);
    free(copy);
    bool ok = rc == 0 && out.data && strlen(out.data) == out.len && (len == 0 || out.len > 0);
    for (size_t v = 0; ok && v < sizeof values / sizeof values[0]; v++)
      if (strstr(out.data, values[v])) ok = false;
    /* What precedes the first secret value is copied as is. */
    size_t head = (size_t)(strstr(sample, "SECRET-A") - sample);
    if (ok && len + 1 < head && (out.len != len || memcmp(out.data, sample, len) != 0)) ok = false;
    if (!ok) {
      t_failf(__FILE__, __LINE__, "prefix of %zu bytes: rc %d -> %s", len, rc, out.data ? out.data : "(null)");
      jv_buf_free(&out);
      return;
    }
    jv_buf_free(&out);
  }
  CHECK(masks_to(sample, "{\"janus\":\"message\",\"apisecret\":\"***\",\"body\":{\"request\":\"join\","
                         "\"pin\" : \"***\","
                         "\"secret\":\"***\",\"list\":[{\"token\":\"***\"},{\"password\":\"***\"}],\"n\":1},"
                         "\"transaction\":\"abc\",\"admin_key\":\"***\"}"));
  /* Ends inside an escape. */
  CHECK(masks_to("{\"secret\":\"ab\\", "{\"secret\":\"***\""));
  CHECK(masks_to("{\"a\":\"\\", "{\"a\":\"\\"));
  CHECK(masks_to("{\"secret\":", "{\"secret\":\"***\""));
  CHECK(masks_to("{\"secret\" ", "{\"secret\" "));
  CHECK(masks_to("\"", "\""));
}

/* ---- logging ---- */

typedef struct cap {
  int calls;
  januv_log_level level;
  char last[512];
} cap;

static void cap_cb(januv_log_level level, const char *msg, void *data) {
  cap *c = data;
  c->calls++;
  c->level = level;
  snprintf(c->last, sizeof c->last, "%s", msg);
}

static void test_log_frame(void) {
  cap c = {0};
  jv_log l = {.cb = cap_cb, .data = &c, .level = JANUV_LOG_DEBUG};
  const char *json = "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.echotest\",\"token\":\"abc\"}";
  jv_log_frame(&l, "->", json, strlen(json));
  CHECK_EQ_INT(c.calls, 1);
  CHECK_EQ_INT(c.level, JANUV_LOG_DEBUG);
  CHECK_EQ_STR(c.last, "-> {\"janus\":\"attach\",\"plugin\":\"janus.plugin.echotest\",\"token\":\"***\"}");
  /* The length counts: a frame need not be NUL-terminated. */
  jv_log_frame(&l, "<-", "{\"pin\":\"1\"}XXXX", 11);
  CHECK_EQ_INT(c.calls, 2);
  CHECK_EQ_STR(c.last, "<- {\"pin\":\"***\"}");
  /* A NUL inside a (broken) frame ends the line. */
  jv_log_frame(&l, "<-", "{\"a\":\"x\0y\"}", 11);
  CHECK_EQ_INT(c.calls, 3);
  CHECK_EQ_STR(c.last, "<- {\"a\":\"x");

  /* Not at WARN, INFO or ERROR. */
  static const januv_log_level quiet[] = {JANUV_LOG_ERROR, JANUV_LOG_WARN, JANUV_LOG_INFO};
  for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
    l.level = quiet[i];
    jv_log_frame(&l, "->", json, strlen(json));
  }
  CHECK_EQ_INT(c.calls, 3);
  /* Nor without a callback. */
  jv_log none = {.cb = NULL, .data = &c, .level = JANUV_LOG_DEBUG};
  jv_log_frame(&none, "->", json, strlen(json));
  CHECK_EQ_INT(c.calls, 3);
}

static void test_logf(void) {
  cap c = {0};
  jv_log l = {.cb = cap_cb, .data = &c, .level = JANUV_LOG_WARN};
  jv_logf(&l, JANUV_LOG_ERROR, "e %d %s", 1, "x");
  CHECK_EQ_INT(c.calls, 1);
  CHECK_EQ_INT(c.level, JANUV_LOG_ERROR);
  CHECK_EQ_STR(c.last, "e 1 x");
  jv_logf(&l, JANUV_LOG_WARN, "w");
  CHECK_EQ_INT(c.calls, 2);
  jv_logf(&l, JANUV_LOG_INFO, "i");
  jv_logf(&l, JANUV_LOG_DEBUG, "d");
  CHECK_EQ_INT(c.calls, 2);
  CHECK(jv_log_on(&l, JANUV_LOG_WARN));
  CHECK(!jv_log_on(&l, JANUV_LOG_INFO));
  /* Long messages are cut, not overflowed. */
  char big[3000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  t_logbuf b = {0};
  jv_log lb = {.cb = t_logbuf_cb, .data = &b, .level = JANUV_LOG_DEBUG};
  jv_logf(&lb, JANUV_LOG_INFO, "%s", big);
  CHECK(b.len > 100 && b.len < sizeof big);
  t_logbuf_free(&b);
}

/* ---- exact JSON printing ---- */

static bool prints_as(const cJSON *j, bool formatted, const char *want) {
  char *s = januv_json_print(j, formatted);
  bool ok = s && !strcmp(s, want);
  if (!ok) fprintf(stderr, "  printed %s\n     want %s\n", s ? s : "(null)", want);
  free(s);
  return ok;
}

static bool reprints(const char *json) {
  cJSON *j = cJSON_Parse(json);
  bool ok = j && prints_as(j, false, json);
  cJSON_Delete(j);
  return ok;
}

static void test_json_print_ids(void) {
  /* What cJSON gets wrong: 16-digit ids. */
  CHECK(reprints("{\"janus\":\"event\",\"session_id\":8234567890123456,\"sender\":4407000251395201}"));
  CHECK(reprints("{\"id\":9007199254740992}"));
  CHECK(reprints("[0,1,-1,123456789012345,-4407000251395201]"));
  cJSON *o = cJSON_CreateObject();
  CHECK(o);
  CHECK(jv_json_add_u64(o, "session_id", UINT64_C(8234567890123456)));
  CHECK(jv_json_add_u64(o, "handle_id", UINT64_MAX));
  CHECK(jv_json_add_u64(o, "zero", 0));
  bool ok = prints_as(o, false, "{\"session_id\":8234567890123456,\"handle_id\":18446744073709551615,\"zero\":0}");
  /* cJSON's own printer keeps raw items as they are, too. */
  char *c = cJSON_PrintUnformatted(o);
  ok = ok && c && strstr(c, "\"session_id\":8234567890123456");
  free(c);
  cJSON_Delete(o);
  CHECK(ok);
  cJSON *item = jv_json_u64_item(UINT64_C(4407000251395201));
  CHECK(item && cJSON_IsRaw(item));
  CHECK_EQ_STR(item->valuestring, "4407000251395201");
  cJSON_Delete(item);
}

static void test_json_print_values(void) {
  CHECK(reprints("{\"a\":true,\"b\":false,\"c\":null,\"d\":[],\"e\":{},\"f\":\"\",\"g\":[[{}]]}"));
  CHECK(reprints("{\"s\":\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f\"}"));
  CHECK(reprints("{\"utf8\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\"slash\":\"/\"}"));
  CHECK(reprints("[1.5,-0.25,0.001,-7]"));
  CHECK(reprints("{\"\":1,\"k\\\"ey\":2}"));
  /* Non-integral and huge values print as doubles that parse back exactly. */
  double vals[] = {0.1, 1.0 / 3.0, 1e300, -1e300, 9.3e18, 1.8446744073709552e19, 123456.789};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    cJSON *n = cJSON_CreateNumber(vals[i]);
    char *s = januv_json_print(n, false);
    cJSON *back = s ? cJSON_Parse(s) : NULL;
    bool ok = back && cJSON_IsNumber(back) && back->valuedouble == vals[i];
    if (!ok) fprintf(stderr, "  %.17g printed as %s\n", vals[i], s ? s : "(null)");
    cJSON_Delete(back);
    free(s);
    cJSON_Delete(n);
    CHECK(ok);
  }
  /* Not a number in JSON. */
  cJSON *nan = cJSON_CreateNumber(NAN);
  CHECK(prints_as(nan, false, "null"));
  cJSON_Delete(nan);
  CHECK(januv_json_print(NULL, false) == NULL);
  /* Formatted output: two-space indentation, one member a line, and it parses back the same. */
  cJSON *j = cJSON_Parse("{\"a\":1,\"b\":[2,{\"c\":\"d\"}],\"e\":{}}");
  CHECK(prints_as(j, true,
                  "{\n  \"a\": 1,\n  \"b\": [\n    2,\n    {\n      \"c\": \"d\"\n    }\n  ],\n  \"e\": {}\n}"));
  char *s = januv_json_print(j, true);
  cJSON *back = s ? cJSON_Parse(s) : NULL;
  bool same = back && cJSON_Compare(j, back, true);
  cJSON_Delete(back);
  free(s);
  cJSON_Delete(j);
  CHECK(same);
}

/* ---- error codes ---- */

static void test_error_names(void) {
  const char *names[64];
  int n = 0;
  for (int err = JANUV_ERRNO_BASE - 1; err > JANUV_ERRNO_LAST; err--) {
    const char *name = januv_err_name(err);
    const char *text = januv_strerror(err);
    CHECK(name && text);
    if (strncmp(name, "JANUV_E", 7) != 0 || !strcmp(name, "JANUV_EUNKNOWN") || !text[0] ||
        !strcmp(text, "unknown januv error")) {
      t_failf(__FILE__, __LINE__, "code %d: name \"%s\", text \"%s\"", err, name, text);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!strcmp(names[i], name)) {
        t_failf(__FILE__, __LINE__, "code %d: name \"%s\" used twice", err, name);
        return;
      }
    }
    CHECK(n < 64);
    names[n++] = name;
  }
  CHECK_EQ_INT(n, JANUV_ERRNO_BASE - JANUV_ERRNO_LAST - 1);
  /* Spot checks against errors.h. */
  CHECK_EQ_STR(januv_err_name(JANUV_EJANUS), "JANUV_EJANUS");
  CHECK_EQ_STR(januv_err_name(JANUV_EPROTO), "JANUV_EPROTO");
  CHECK_EQ_STR(januv_err_name(JANUV_ETLS), "JANUV_ETLS");
  CHECK_EQ_STR(januv_err_name(JANUV_EHANDSHAKE), "JANUV_EHANDSHAKE");
  CHECK_EQ_STR(januv_err_name(JANUV_ESESSIONLOST), "JANUV_ESESSIONLOST");
  CHECK_EQ_STR(januv_err_name(JANUV_ECLOSED), "JANUV_ECLOSED");
  CHECK_EQ_STR(januv_err_name(JANUV_ENOTRANSPORT), "JANUV_ENOTRANSPORT");
  CHECK_EQ_STR(januv_err_name(JANUV_EBADURL), "JANUV_EBADURL");
  CHECK_EQ_STR(januv_err_name(JANUV_EHTTP), "JANUV_EHTTP");
  CHECK_EQ_STR(januv_err_name(JANUV_ETOOBIG), "JANUV_ETOOBIG");
  CHECK_EQ_STR(januv_err_name(JANUV_EPLUGIN), "JANUV_EPLUGIN");
  CHECK_EQ_STR(januv_err_name(JANUV_ESTATE), "JANUV_ESTATE");
  CHECK_EQ_STR(januv_err_name(JANUV_EQUEUEFULL), "JANUV_EQUEUEFULL");
  CHECK_EQ_STR(januv_err_name(JANUV_ENOMEDIA), "JANUV_ENOMEDIA");
  CHECK_EQ_STR(januv_err_name(JANUV_EMEDIA), "JANUV_EMEDIA");
  /* Descriptions are distinct too. */
  for (int a = JANUV_ERRNO_BASE - 1; a > JANUV_ERRNO_LAST; a--)
    for (int b = a - 1; b > JANUV_ERRNO_LAST; b--) CHECK(strcmp(januv_strerror(a), januv_strerror(b)) != 0);
  /* Codes of the band that name nothing. */
  CHECK_EQ_STR(januv_err_name(JANUV_ERRNO_BASE), "JANUV_EUNKNOWN");
  CHECK_EQ_STR(januv_strerror(JANUV_ERRNO_BASE), "unknown januv error");
  CHECK_EQ_STR(januv_err_name(0), "OK");
  CHECK(januv_strerror(0)[0] != '\0');
}

static void test_error_libuv_passthrough(void) {
  static const int uv_codes[] = {UV_ECONNREFUSED, UV_ETIMEDOUT, UV_ECANCELED, UV_ENOMEM, UV_EINVAL, UV_ENOENT,
                                 UV_EAI_NONAME,   UV_EPIPE,     UV_ECONNRESET, UV_ENOTSUP, UV_EOF};
  for (size_t i = 0; i < sizeof uv_codes / sizeof uv_codes[0]; i++) {
    CHECK_EQ_STR(januv_err_name(uv_codes[i]), uv_err_name(uv_codes[i]));
    CHECK_EQ_STR(januv_strerror(uv_codes[i]), uv_strerror(uv_codes[i]));
  }
  CHECK_EQ_STR(januv_err_name(UV_ECONNREFUSED), "ECONNREFUSED");
  /* The aliases are libuv's codes. */
  CHECK_EQ_INT(JANUV_EINVAL, UV_EINVAL);
  CHECK_EQ_INT(JANUV_ETIMEDOUT, UV_ETIMEDOUT);
  CHECK_EQ_STR(januv_err_name(JANUV_ECANCELED), "ECANCELED");
  CHECK_EQ_STR(januv_err_name(JANUV_ECONNRESET), "ECONNRESET");
  CHECK_EQ_STR(januv_err_name(JANUV_ENOTSUP), "ENOTSUP");
  /* libuv never uses januv's band. */
  for (size_t i = 0; i < sizeof uv_codes / sizeof uv_codes[0]; i++)
    CHECK(uv_codes[i] > JANUV_ERRNO_BASE || uv_codes[i] <= JANUV_ERRNO_LAST);
}

T_MAIN(T_CASE(test_secret_keys), T_CASE(test_mask_basic), T_CASE(test_mask_non_string_values), T_CASE(test_mask_nested),
       T_CASE(test_mask_whitespace), T_CASE(test_mask_keeps_blanks_after_value), T_CASE(test_mask_escapes),
       T_CASE(test_mask_last_member), T_CASE(test_mask_leaves_others), T_CASE(test_mask_structured_values),
       T_CASE(test_mask_appends), T_CASE(test_mask_truncated), T_CASE(test_log_frame), T_CASE(test_logf),
       T_CASE(test_json_print_ids), T_CASE(test_json_print_values), T_CASE(test_error_names),
       T_CASE(test_error_libuv_passthrough))
