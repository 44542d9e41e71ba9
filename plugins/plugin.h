/*
 * What every plugin module shares.
 *
 * A module's object (januv_echotest, januv_videoroom, ...) starts with a jv_plugin: the plugin handle,
 * the user's pointer, the glue to a januv_peer when there is media, and the module's class (its
 * package name and its hooks). The base attaches, routes the handle's callbacks to the class (trickle
 * goes to the peer glue), frees the object after its last callback, and sends plugin requests whose
 * plugin-level errors ("error_code") become status JANUV_EPLUGIN with plugin_code set.
 */
#ifndef JV_PLUGINS_PLUGIN_H
#define JV_PLUGINS_PLUGIN_H

#include "core/json.h"
#include "januv.h"
#include "media/glue.h"

typedef struct jv_plugin jv_plugin;

typedef struct jv_plugin_class {
  /* The plugin's package, e.g. "janus.plugin.echotest". */
  const char *package;
  /* A plugin event (plugindata) that answers none of our requests. May be NULL. */
  void (*on_event)(jv_plugin *p, const januv_event *ev);
  /* webrtcup, media, slowlink, hangup, detached. May be NULL. */
  void (*on_handle_event)(jv_plugin *p, const januv_event *ev);
  /* Attach finished: call the module's typed callback (p->attach_cb) with p, or with NULL on failure
   * (the base frees the object right after). */
  void (*attached)(jv_plugin *p, const januv_reply *r, bool ok);
  /* The handle closed, before closed: the module completes what it still holds. May be NULL. */
  void (*closing)(jv_plugin *p);
  /* The handle closed: the module's last user callback. The base frees the object after it. */
  void (*closed)(jv_plugin *p, int reason);
  /* Releases what the module owns beyond its struct. May be NULL. */
  void (*destroy)(jv_plugin *p);
} jv_plugin_class;

struct jv_plugin {
  const jv_plugin_class *cls;
  januv_handle *h;     /* NULL until attached */
  void *data;          /* the user's pointer */
  jv_media *media;     /* glue to the peer, NULL without one */
  void (*attach_cb)(void); /* the module's typed attach callback, cast back by the module */
};

/* A module's typed callback as the base keeps it (attach_cb, jv_plugin_call()); cast back before calling. */
#define JV_CB(cb) ((void (*)(void))(cb))

/*
 * Defines the class hooks that only pass the base's calls on to the user: on_handle_event, attached and closed.
 * T is the module's type (januv_echotest): a struct that begins with its jv_plugin and keeps the user's
 * callbacks in `cbs`; T##_attach_cb is its attach callback. A macro because every module's callbacks take its
 * own type, and calling them through one function type would be undefined behaviour.
 */
#define JV_PLUGIN_HOOKS(T)                                                                                   \
  static void on_handle_event(jv_plugin *p, const januv_event *ev) {                                         \
    T *m = (T *)p;                                                                                           \
    if (m->cbs.on_handle_event) m->cbs.on_handle_event(m, ev, p->data);                                      \
  }                                                                                                          \
  static void attached(jv_plugin *p, const januv_reply *r, bool ok) {                                        \
    ((T##_attach_cb)p->attach_cb)(ok ? (T *)p : NULL, r, p->data);                                           \
  }                                                                                                          \
  static void closed(jv_plugin *p, int reason) {                                                             \
    T *m = (T *)p;                                                                                           \
    if (m->cbs.on_closed) m->cbs.on_closed(m, reason, p->data);                                              \
  }

/*
 * Attaches @p p, a module object allocated with calloc/malloc that begins with a jv_plugin, to
 * cls->package. The base owns it from here: it frees it after its last callback, or at once when this
 * returns an error (then nothing runs). On success cls->attached runs once.
 * Returns 0, JANUV_EINVAL, JANUV_ENOMEM or januv_handle_attach()'s error.
 */
int jv_plugin_attach(januv_session *s, jv_plugin *p, const jv_plugin_class *cls, const char *opaque_id,
                     void (*attach_cb)(void), void *data);
/* True while the handle is attached and not closing. */
bool jv_plugin_usable(const jv_plugin *p);
/* 0 when requests may be sent; JANUV_EINVAL (p NULL) or JANUV_ECLOSED. */
int jv_plugin_check(const jv_plugin *p);
/* Binds (or rebinds) a peer: returns 0, JANUV_ENOMEDIA, JANUV_ECLOSED or JANUV_ENOMEM. */
int jv_plugin_bind(jv_plugin *p, januv_peer *peer);
januv_peer *jv_plugin_peer(const jv_plugin *p);
/* januv_handle_detach() once jv_plugin_check() passed; returns its error or the check's. */
int jv_plugin_detach(jv_plugin *p, januv_reply_cb cb, void *data);

/*
 * Sends @p body (taken: freed in every case) with an optional @p jsep (borrowed) as a plugin message.
 * @p cb runs once, as for januv_handle_message(), except that a plugin error arrives as
 * status JANUV_EPLUGIN, plugin_code = error_code and reason = the plugin's "error" text.
 * Returns 0 or the januv_handle_message() error (then cb never runs).
 */
int jv_plugin_send(januv_handle *h, cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data);
/* The same from a jv_body under construction: its error, if any, is returned and nothing is sent. */
int jv_plugin_request(jv_plugin *p, jv_body *b, januv_reply_cb cb, void *data);
/* jv_plugin_request() of {"request": request}. */
int jv_plugin_simple(jv_plugin *p, const char *request, januv_reply_cb cb, void *data);

/* If r->data (plugindata.data) carries a plugin error, sets r's status/plugin_code/reason. */
void jv_plugin_check_error(januv_reply *r);
/* Fills r from a whole Janus message kept since (plugindata, jsep; borrowed from json), plugin errors
 * included, as the reply to a request that completes later (e.g. when a data channel opens). */
void jv_plugin_reply_of(januv_reply *r, const cJSON *json);

/* ---- media steps ---- */

/* We offer: binds @p peer, which offers; @p body (taken, freed in every case) goes with the offer and the
 * jsep answer of the reply is applied (jv_media_offer). cb runs once. Returns as jv_plugin_bind() and
 * jv_media_offer(). */
int jv_plugin_offer(jv_plugin *p, januv_peer *peer, jv_body *body, januv_reply_cb cb, void *data);
/* Janus offers: binds @p peer and sends @p request (e.g. Streaming "watch"; taken) whose reply carries
 * Janus's offer; the peer answers it and @p answer (taken, e.g. "start") goes out with the answer
 * (jv_media_request). @p cb runs once with the reply to request, or with the failure. Returns as
 * jv_plugin_bind() and jv_media_request(). */
int jv_plugin_watch(jv_plugin *p, januv_peer *peer, jv_body *request, jv_body *answer, januv_reply_cb cb,
                    void *data);
/* Janus offered (@p jsep, borrowed): the bound peer answers, and {"request": request} goes out with the answer
 * (jv_media_answer). cb runs once. Returns as jv_media_answer(), or JANUV_ENOMEM. */
int jv_plugin_answer(jv_plugin *p, const cJSON *jsep, const char *request, januv_reply_cb cb, void *data);

/* ---- structs described by tables: request options (encoding) and replies and events (decoding) ----
 *
 * A table lists a struct's members with their JSON keys. A key may be a path ("result.status"). Unset
 * values: STR NULL, TRI -1, INT and I64 negative, U64 0, ID the zero id, STRS and LIST n 0, JSON NULL.
 * BOOL is always written. Decoded strings and JSON are borrowed from the JSON they came from; STRS and LIST
 * members are allocated (jv_fields_free). */
typedef enum jv_field_kind {
  JV_F_STR,  /* const char * */
  JV_F_TRI,  /* int: -1 unset, 0 false, 1 true */
  JV_F_BOOL, /* bool */
  JV_F_INT,  /* int */
  JV_F_I64,  /* int64_t */
  JV_F_U64,  /* uint64_t, exact (ids, SSRCs) */
  JV_F_ID,   /* januv_id */
  JV_F_STRS, /* const char *const * at offset, size_t count at aux */
  JV_F_LIST, /* const T * at offset, size_t count at aux, T described by sub */
  JV_F_JSON, /* const cJSON * (encoding: copied) */
  JV_F_MERGE /* const cJSON *: encoding only, each member of the object is added (the key is ignored) */
} jv_field_kind;

typedef struct jv_table jv_table;

typedef struct jv_field {
  const char *key;
  jv_field_kind kind;
  size_t offset, aux;
  const jv_table *sub;
} jv_field;

struct jv_table {
  const jv_field *fields;
  size_t n;
  size_t size; /* sizeof the struct */
};

#define JV_FIELD(T, member, key, kind) {key, kind, offsetof(T, member), 0, NULL}
#define JV_FIELD_STRS(T, member, count, key) {key, JV_F_STRS, offsetof(T, member), offsetof(T, count), NULL}
#define JV_FIELD_LIST(T, member, count, key, sub) {key, JV_F_LIST, offsetof(T, member), offsetof(T, count), sub}
#define JV_TABLE(T, fields) {fields, sizeof fields / sizeof fields[0], sizeof(T)}
/* names[i] of a static array of names, or "unknown" out of range: the modules' *_event_name(). */
#define JV_NAME(names, i) ((unsigned)(i) < sizeof names / sizeof names[0] ? names[i] : "unknown")

/* The member at a path ("a.b"), or NULL. */
const cJSON *jv_json_path(const cJSON *o, const char *path);
/* Zeroes obj (t->size bytes) and sets every TRI, INT and I64 member to -1: the "unset" struct. */
void jv_fields_init(void *obj, const jv_table *t);
/* Adds every set member of obj to b. */
void jv_body_fields(jv_body *b, const void *obj, const jv_table *t);
/* Reads the members present in o into obj (others are left as they are). False on ENOMEM. */
bool jv_json_fields(const cJSON *o, void *obj, const jv_table *t);
/* Frees what jv_json_fields() allocated in obj (STRS and LIST members, recursively). */
void jv_fields_free(void *obj, const jv_table *t);

/* ---- typed events ---- */

/* The type of an event is the first rule whose path exists in plugindata.data and, when value is set, is
 * that string. */
typedef struct jv_event_rule {
  const char *path;
  const char *value;
  int type;
} jv_event_rule;

typedef struct jv_event_desc {
  const jv_event_rule *rules;
  size_t nrules;
  int other; /* the type when no rule matches */
  const jv_table *table; /* the module's event struct */
} jv_event_desc;

#define JV_EVENT_DESC(rules, other, table) {rules, sizeof rules / sizeof rules[0], other, table}

/* Initializes ev (see jv_fields_init), decodes data into it and returns its type. On ENOMEM the lists are
 * left empty. Release with jv_fields_free(ev, d->table). */
int jv_event_decode(const jv_event_desc *d, const cJSON *data, void *ev);

/* ---- typed replies ---- */

/* Calls the module's typed callback @p cb (cast back by the module) with the decoded reply: @p obj points to
 * @p n structs (n 1 for an object), NULL and 0 when the reply failed or has nothing at the path. */
typedef void (*jv_typed_fn)(const januv_reply *r, const void *obj, size_t n, void (*cb)(void), void *data);

typedef struct jv_decode {
  const char *path;      /* where the object or array is in plugindata.data; NULL: data itself */
  const jv_table *table; /* its struct */
  jv_typed_fn fn;
} jv_decode;

/* A request context for januv_reply_cb-style steps: jv_call_reply(r, call) decodes r as d says, runs
 * d->fn once and frees the call. jv_call_free() drops a call that was never sent. */
typedef struct jv_call jv_call;
jv_call *jv_call_new(const jv_decode *d, void (*cb)(void), void *data);
void jv_call_reply(const januv_reply *r, void *call);
void jv_call_free(jv_call *call);
/* jv_plugin_request() whose reply is decoded as d says and handed to d->fn with @p cb. */
int jv_plugin_call(jv_plugin *p, jv_body *b, const jv_decode *d, void (*cb)(void), void *data);
/* The same with jv_plugin_offer() when @p peer is set (the reply's answer is applied first), else jv_plugin_call(). */
int jv_plugin_call_offer(jv_plugin *p, januv_peer *peer, jv_body *b, const jv_decode *d, void (*cb)(void),
                         void *data);

#endif
