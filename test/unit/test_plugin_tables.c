/* The plugin base's table helpers (plugins/plugin.h): option structs encoded into request bodies, replies and
 * events decoded into structs (paths, lists, string lists, ids of both kinds), typed event rules. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "plugin.h"

typedef struct item {
  januv_id id;
  const char *name;
  int flag;
} item;

typedef struct opts {
  const char *str;
  int tri, num;
  bool yes;
  int64_t big;
  uint64_t exact;
  januv_id id;
  const char *const *strs;
  size_t nstrs;
  const item *items;
  size_t nitems;
  const cJSON *json, *extra;
} opts;

static const jv_field item_fields[] = {
  JV_FIELD(item, id, "id", JV_F_ID),
  JV_FIELD(item, name, "name", JV_F_STR),
  JV_FIELD(item, flag, "flag", JV_F_TRI),
};
static const jv_table item_table = JV_TABLE(item, item_fields);

static const jv_field opts_fields[] = {
  JV_FIELD(opts, str, "str", JV_F_STR),
  JV_FIELD(opts, tri, "tri", JV_F_TRI),
  JV_FIELD(opts, num, "num", JV_F_INT),
  JV_FIELD(opts, yes, "yes", JV_F_BOOL),
  JV_FIELD(opts, big, "big", JV_F_I64),
  JV_FIELD(opts, exact, "exact", JV_F_U64),
  JV_FIELD(opts, id, "id", JV_F_ID),
  JV_FIELD_STRS(opts, strs, nstrs, "strs"),
  JV_FIELD_LIST(opts, items, nitems, "items", &item_table),
  JV_FIELD(opts, json, "json", JV_F_JSON),
  JV_FIELD(opts, extra, "", JV_F_MERGE),
};
static const jv_table opts_table = JV_TABLE(opts, opts_fields);

static char *encode(const opts *o, int *err) {
  jv_body b = jv_body_new("request", "x");
  jv_body_fields(&b, o, &opts_table);
  cJSON *j = jv_body_take(&b, err);
  char *text = j ? januv_json_print(j, false) : NULL;
  cJSON_Delete(j);
  return text;
}

static void encoding(void) {
  opts o;
  jv_fields_init(&o, &opts_table);
  CHECK_EQ_INT(o.tri, -1);
  CHECK_EQ_INT(o.num, -1);
  CHECK_EQ_INT(o.big, -1);
  int err = 0;
  char *t = encode(&o, &err);
  CHECK_EQ_STR(t, "{\"request\":\"x\",\"yes\":false}"); /* only BOOL is always written */
  free(t);
  const char *strs[] = {"a", "b"};
  item items[2] = {{januv_id_num(7), "seven", 1}, {januv_id_str("s"), NULL, -1}};
  cJSON *json = cJSON_Parse("[1,2]");
  cJSON *extra = cJSON_Parse("{\"str\":\"replaced\",\"more\":true}");
  o.str = "v";
  o.tri = 0;
  o.num = 0;
  o.yes = true;
  o.big = 4000000000LL;
  o.exact = 4503599627370497ULL; /* 2^52 + 1: printed exactly */
  o.id = januv_id_str("room-1");
  o.strs = strs;
  o.nstrs = 2;
  o.items = items;
  o.nitems = 2;
  o.json = json;
  o.extra = extra;
  t = encode(&o, &err);
  CHECK_EQ_STR(t, "{\"request\":\"x\",\"tri\":false,\"num\":0,\"yes\":true,\"big\":4000000000,"
                  "\"exact\":4503599627370497,\"id\":\"room-1\",\"strs\":[\"a\",\"b\"],"
                  "\"items\":[{\"id\":7,\"name\":\"seven\",\"flag\":true},{\"id\":\"s\"}],\"json\":[1,2],"
                  "\"str\":\"replaced\",\"more\":true}");
  free(t);
  /* A list or string list with a count but no array, an extra that is not an object: invalid. */
  o.items = NULL;
  CHECK(encode(&o, &err) == NULL);
  CHECK_EQ_INT(err, JANUV_EINVAL);
  o.items = items;
  o.extra = json;
  CHECK(encode(&o, &err) == NULL);
  CHECK_EQ_INT(err, JANUV_EINVAL);
  cJSON_Delete(json);
  cJSON_Delete(extra);
}

static void decoding(void) {
  cJSON *j = cJSON_Parse("{\"str\":\"v\",\"tri\":true,\"num\":1e12,\"yes\":true,\"big\":-5,\"exact\":\"42\","
                         "\"id\":12,\"strs\":[\"a\",3,\"b\"],"
                         "\"items\":[{\"id\":\"x\",\"name\":\"n\"},5,{\"flag\":false}],"
                         "\"json\":{\"k\":1}}");
  CHECK(j != NULL);
  opts o;
  jv_fields_init(&o, &opts_table);
  CHECK(jv_json_fields(j, &o, &opts_table));
  CHECK_EQ_STR(o.str, "v");
  CHECK_EQ_INT(o.tri, 1);
  CHECK_EQ_INT(o.num, 2147483647); /* clamped */
  CHECK(o.yes);
  CHECK_EQ_INT(o.big, -5);
  CHECK_EQ_INT(o.exact, 42);
  CHECK(januv_id_equal(o.id, januv_id_num(12)));
  CHECK_EQ_INT(o.nstrs, 2);
  CHECK_EQ_STR(o.strs[1], "b");
  CHECK_EQ_INT(o.nitems, 3);
  CHECK(januv_id_equal(o.items[0].id, januv_id_str("x")));
  CHECK_EQ_STR(o.items[0].name, "n");
  CHECK_EQ_INT(o.items[0].flag, -1);
  CHECK(!januv_id_set(o.items[1].id)); /* not an object: left unset */
  CHECK_EQ_INT(o.items[2].flag, 0);
  CHECK(o.json == cJSON_GetObjectItemCaseSensitive(j, "json"));
  jv_fields_free(&o, &opts_table);
  CHECK(o.items == NULL && o.nitems == 0 && o.strs == NULL && o.nstrs == 0);
  /* Paths. */
  cJSON *e = cJSON_Parse("{\"result\":{\"status\":\"started\",\"inner\":{\"id\":3}},\"flat\":1}");
  CHECK(jv_json_path(e, "result.inner.id") != NULL);
  CHECK(jv_json_path(e, "result.status.x") == NULL);
  CHECK(jv_json_path(e, "flat.x") == NULL);
  CHECK(jv_json_path(e, "nope") == NULL);
  CHECK(jv_json_path(NULL, "flat") == NULL);
  cJSON_Delete(e);
  cJSON_Delete(j);
}

typedef struct ev {
  int type;
  januv_id id;
  const char *status;
} ev;

static void events(void) {
  static const jv_field f[] = {
    JV_FIELD(ev, id, "id", JV_F_ID),
    JV_FIELD(ev, id, "result.id", JV_F_ID),
    JV_FIELD(ev, status, "result.status", JV_F_STR),
  };
  static const jv_table t = JV_TABLE(ev, f);
  static const jv_event_rule rules[] = {
    {"error_code", NULL, 9},
    {"result.status", "started", 1},
    {"result.status", NULL, 2},
    {"leaving", NULL, 3},
  };
  static const jv_event_desc d = {rules, 4, 7, &t};
  static const struct {
    const char *json;
    int type;
  } cases[] = {
    {"{\"result\":{\"status\":\"started\",\"id\":\"a\"}}", 1},
    {"{\"result\":{\"status\":\"other\"}}", 2},
    {"{\"leaving\":4,\"result\":{}}", 3},
    {"{\"error_code\":1,\"result\":{\"status\":\"started\"}}", 9},
    {"{\"result\":\"done\"}", 7},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cJSON *j = cJSON_Parse(cases[i].json);
    ev e;
    CHECK_EQ_INT(jv_event_decode(&d, j, &e), cases[i].type);
    if (i == 0) {
      CHECK(januv_id_equal(e.id, januv_id_str("a")));
      CHECK_EQ_STR(e.status, "started");
    }
    jv_fields_free(&e, &t);
    cJSON_Delete(j);
  }
}

T_MAIN(T_CASE(encoding), T_CASE(decoding), T_CASE(events))
