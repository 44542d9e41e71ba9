/*
 * Streaming signalling against the real Janus: every mountpoint-management request, their typed replies
 * and typed errors, a mountpoint from the static config and one created at runtime, and the typed event
 * decoder. Runs with numeric ids (default) or with --ids=str against a Janus whose Streaming plugin has
 * string_ids = true. Watching needs media: see test/media/test_streaming.c.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "party.h"

#define STATIC_ID 901

static jfx *janus;
static bool str_ids;
static uv_loop_t *L;

/* A mountpoint id of the server's kind. */
static januv_id ID(uint64_t n) { return t_id(str_ids, "mp-", n); }

static bool same_id(januv_id a, januv_id b) { return januv_id_equal(a, b); }

/* ---- typed replies kept for checks ---- */

typedef struct mp_copy {
  januv_id id;
  char idstr[64], name[64], description[128], metadata[128], type[32], secret[64], pin[64];
  int enabled, is_private, viewers, permanent;
  size_t nmedia;
  januv_streaming_stream media[4];
  char mids[4][16], types[4][16], codecs[4][16];
} mp_copy;

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  size_t n;
  mp_copy mps[16];
} box;

static void copy_str(char *dst, size_t len, const char *src) { snprintf(dst, len, "%s", src ? src : ""); }

static void copy_mp(mp_copy *c, const januv_streaming_mountpoint *m) {
  memset(c, 0, sizeof *c);
  januv_id_format(m->id, c->idstr, sizeof c->idstr);
  c->id = m->id.str ? januv_id_str(c->idstr) : m->id;
  copy_str(c->name, sizeof c->name, m->name);
  copy_str(c->description, sizeof c->description, m->description);
  copy_str(c->metadata, sizeof c->metadata, m->metadata);
  copy_str(c->type, sizeof c->type, m->type);
  copy_str(c->secret, sizeof c->secret, m->secret);
  copy_str(c->pin, sizeof c->pin, m->pin);
  c->enabled = m->enabled;
  c->is_private = m->is_private;
  c->viewers = m->viewers;
  c->permanent = m->permanent;
  c->nmedia = m->nmedia < 4 ? m->nmedia : 4;
  for (size_t i = 0; i < c->nmedia; i++) {
    c->media[i] = m->media[i];
    copy_str(c->mids[i], sizeof c->mids[i], m->media[i].mid);
    copy_str(c->types[i], sizeof c->types[i], m->media[i].type);
    copy_str(c->codecs[i], sizeof c->codecs[i], m->media[i].codec);
  }
}

static void on_list(const januv_reply *r, const januv_streaming_mountpoint *mps, size_t n, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->n = n;
  for (size_t i = 0; i < n && i < 16; i++) copy_mp(&b->mps[i], &mps[i]);
}

static void on_mp(const januv_reply *r, const januv_streaming_mountpoint *mp, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
  b->n = mp ? 1 : 0;
  if (mp) copy_mp(&b->mps[0], mp);
}

static void on_plain(const januv_reply *r, void *data) {
  box *b = data;
  T_KEEP_REPLY(b, r);
}

static const mp_copy *find(const box *b, januv_id id) {
  for (size_t i = 0; i < b->n; i++)
    if (same_id(b->mps[i].id, id)) return &b->mps[i];
  return NULL;
}

/* ---- one client, session and streaming handle ---- */

typedef struct conn {
  t_party p; /* first: the callbacks' data */
  int events;
  januv_streaming_event_type last_type;
} conn;

static void on_event(januv_streaming *st, const januv_streaming_event *ev, void *data) {
  (void)st;
  conn *c = data;
  c->events++;
  c->last_type = ev->type;
}

static bool conn_open(conn *c) {
  memset(c, 0, sizeof *c);
  static const januv_streaming_callbacks cbs = {.on_event = on_event};
  return t_party_open(&c->p, L, jfx_url(janus, "ws"), "streaming") && t_attach_streaming(&c->p, &cbs);
}

/* Creates mountpoint n with a video, an audio and a data stream on ports Janus picks. */
static int create_mp(januv_streaming *st, uint64_t n, box *b) {
  januv_streaming_stream_options s[3];
  for (int i = 0; i < 3; i++) januv_streaming_stream_options_init(&s[i]);
  s[0].type = "video", s[0].mid = "v", s[0].pt = 96, s[0].codec = "vp8";
  s[1].type = "audio", s[1].mid = "a", s[1].pt = 111, s[1].codec = "opus", s[1].label = "voice";
  s[2].type = "data", s[2].mid = "d", s[2].datatype = "text";
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.id = ID(n);
  o.name = "created";
  o.description = "created at runtime";
  o.metadata = "{\"k\":1}";
  o.secret = "s3cret";
  o.pin = "1234";
  o.is_private = 0;
  o.media = s;
  o.nmedia = 3;
  memset(b, 0, sizeof *b);
  return januv_streaming_create(st, &o, on_mp, b);
}

/* ---- cases ---- */

/* The mountpoint of the static config is listed and described. */
static void static_mountpoint(void) {
  conn c;
  CHECK(conn_open(&c));
  box b = {0};
  T_AWAIT(L, b, januv_streaming_list(c.p.st, on_list, &b));
  CHECK_EQ_INT(b.status, 0);
  const mp_copy *m = find(&b, ID(STATIC_ID));
  CHECK(m != NULL);
  CHECK_EQ_STR(m->description, "static RTP");
  CHECK_EQ_INT(m->enabled, 1);
  CHECK_EQ_INT(m->nmedia, 2);
  CHECK_EQ_STR(m->types[0], "video");
  CHECK_EQ_STR(m->mids[1], "a");
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(STATIC_ID), "static-secret", on_mp, &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_STR(b.mps[0].name, "januv-static");
  CHECK_EQ_STR(b.mps[0].secret, "static-secret");
  CHECK_EQ_STR(b.mps[0].codecs[0], "vp8");
  CHECK_EQ_INT(b.mps[0].media[0].pt, 96);
  CHECK(b.mps[0].media[0].port > 0);
  CHECK_EQ_INT(b.mps[0].media[1].mindex, 1);
  CHECK(t_party_close(&c.p));
}

/* create, info (with and without the secret), list, edit, enable/disable, recording, kick_all, destroy; the
 * typed errors on the way. */
static void create_edit_destroy(void) {
  conn c;
  CHECK(conn_open(&c));
  box b;
  T_AWAIT(L, b, create_mp(c.p.st, 100, &b));
  CHECK_EQ_INT(b.status, 0);
  const mp_copy *m = &b.mps[0];
  CHECK(same_id(m->id, ID(100)));
  CHECK_EQ_STR(m->name, "created");
  CHECK_EQ_STR(m->description, "created at runtime");
  CHECK_EQ_INT(m->is_private, 0);
  CHECK_EQ_INT(m->permanent, 0);
  CHECK_EQ_INT(m->nmedia, 3);
  for (int i = 0; i < 3; i++) CHECK(m->media[i].port > 0);
  CHECK_EQ_STR(m->mids[2], "d");
  /* The same id again. */
  T_AWAIT(L, b, create_mp(c.p.st, 100, &b));
  CHECK_EQ_INT(b.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_CANT_CREATE);
  /* info without the secret hides it, the PIN and the ports; with it they are there. */
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(100), NULL, on_mp, &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_STR(b.mps[0].secret, "");
  CHECK_EQ_STR(b.mps[0].pin, "");
  CHECK_EQ_STR(b.mps[0].metadata, "{\"k\":1}");
  CHECK_EQ_INT(b.mps[0].media[0].port, -1);
  CHECK_EQ_STR(b.mps[0].codecs[1], "opus");
  CHECK_EQ_INT(b.mps[0].viewers, -1);
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(100), "s3cret", on_mp, &b));
  CHECK_EQ_STR(b.mps[0].secret, "s3cret");
  CHECK_EQ_STR(b.mps[0].pin, "1234");
  CHECK_EQ_INT(b.mps[0].viewers, 0);
  CHECK(b.mps[0].media[1].port > 0);
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(99999), NULL, on_mp, &b));
  CHECK_EQ_INT(b.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT);
  CHECK_EQ_INT(b.n, 0);
  /* edit: the wrong secret, then the right one; edited_event reaches no viewer (there is none). */
  januv_streaming_edit_options e;
  januv_streaming_edit_options_init(&e);
  e.id = ID(100);
  e.secret = "wrong";
  e.new_description = "edited";
  e.new_metadata = "meta2";
  e.new_pin = "";
  e.edited_event = 1;
  t_reply r = {0};
  T_AWAIT(L, b, januv_streaming_edit(c.p.st, &e, on_plain, &b));
  CHECK_EQ_INT(b.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_UNAUTHORIZED);
  e.secret = "s3cret";
  T_REPLY_OK(L, r, januv_streaming_edit(c.p.st, &e, t_reply_cb, &r));
  CHECK_EQ_STR(t_data_str(&r, "streaming"), "edited");
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(100), "s3cret", on_mp, &b));
  CHECK_EQ_STR(b.mps[0].description, "edited");
  CHECK_EQ_STR(b.mps[0].metadata, "meta2");
  CHECK_EQ_STR(b.mps[0].pin, "");
  /* disable: list says so; enable again. (stop_recording 0: Janus 1.1.2 crashes stopping the recording of a
   * stream that is not recorded.) */
  T_REPLY_OK(L, r, januv_streaming_disable(c.p.st, ID(100), "s3cret", 0, t_reply_cb, &r));
  T_AWAIT(L, b, januv_streaming_list(c.p.st, on_list, &b));
  CHECK(find(&b, ID(100)) != NULL);
  CHECK_EQ_INT(find(&b, ID(100))->enabled, 0);
  T_REPLY_OK(L, r, januv_streaming_enable(c.p.st, ID(100), "s3cret", t_reply_cb, &r));
  T_AWAIT(L, b, januv_streaming_list(c.p.st, on_list, &b));
  CHECK_EQ_INT(find(&b, ID(100))->enabled, 1);
  /* recording of two streams to .mjr files, then stop; then all three, stopped by disable. */
  char base[3][600];
  for (int i = 0; i < 3; i++)
    snprintf(base[i], sizeof base[i], "%s/recordings/st-%s-%d", jfx_dir(janus), str_ids ? "str" : "num", i);
  januv_streaming_recording rec[3] = {{"v", base[0]}, {"a", base[1]}, {"d", base[2]}};
  T_REPLY_OK(L, r, januv_streaming_recording_start(c.p.st, ID(100), "s3cret", rec, 2, t_reply_cb, &r));
  char path[700];
  struct stat sb;
  snprintf(path, sizeof path, "%s.mjr", base[0]);
  CHECK(stat(path, &sb) == 0);
  T_REPLY_OK(L, r, januv_streaming_recording_stop(c.p.st, ID(100), "s3cret", rec, 2, t_reply_cb, &r));
  T_AWAIT(L, b, januv_streaming_recording_start(c.p.st, ID(100), NULL, rec, 2, on_plain, &b));
  CHECK_EQ_INT(b.status, JANUV_EPLUGIN);
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_MISSING_ELEMENT);
  T_REPLY_OK(L, r, januv_streaming_recording_start(c.p.st, ID(100), "s3cret", rec, 3, t_reply_cb, &r));
  T_REPLY_OK(L, r, januv_streaming_disable(c.p.st, ID(100), "s3cret", 1, t_reply_cb, &r));
  snprintf(path, sizeof path, "%s.mjr", base[2]);
  CHECK(stat(path, &sb) == 0);
  T_REPLY_OK(L, r, januv_streaming_enable(c.p.st, ID(100), "s3cret", t_reply_cb, &r));
  T_REPLY_OK(L, r, januv_streaming_kick_all(c.p.st, ID(100), "s3cret", t_reply_cb, &r));
  /* destroy: the wrong secret, the right one, then it is gone. */
  T_AWAIT(L, b, januv_streaming_destroy(c.p.st, ID(100), "wrong", -1, on_plain, &b));
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_UNAUTHORIZED);
  T_REPLY_OK(L, r, januv_streaming_destroy(c.p.st, ID(100), "s3cret", 0, t_reply_cb, &r));
  CHECK_EQ_STR(t_data_str(&r, "streaming"), "destroyed");
  t_reply_clear(&r);
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(100), NULL, on_mp, &b));
  CHECK_EQ_INT(b.plugin_code, JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT);
  CHECK(t_party_close(&c.p));
}

/* Private mountpoints are not listed; mountpoints outlive the handle that created them. */
static void private_and_lifetime(void) {
  conn c;
  CHECK(conn_open(&c));
  januv_streaming_stream_options s;
  januv_streaming_stream_options_init(&s);
  s.type = "audio", s.mid = "a", s.pt = 111, s.codec = "opus";
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.id = ID(200);
  o.is_private = 1;
  o.media = &s;
  o.nmedia = 1;
  box b = {0};
  T_AWAIT(L, b, januv_streaming_create(c.p.st, &o, on_mp, &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_INT(b.mps[0].is_private, 1);
  CHECK(t_party_close(&c.p));
  CHECK(conn_open(&c));
  T_AWAIT(L, b, januv_streaming_list(c.p.st, on_list, &b));
  CHECK(find(&b, ID(200)) == NULL);
  T_AWAIT(L, b, januv_streaming_info(c.p.st, ID(200), NULL, on_mp, &b));
  CHECK_EQ_INT(b.status, 0);
  t_reply r = {0};
  T_REPLY_OK(L, r, januv_streaming_destroy(c.p.st, ID(200), NULL, -1, t_reply_cb, &r));
  /* Viewer requests without a watch. */
  T_REPLY(L, r, januv_streaming_pause(c.p.st, t_reply_cb, &r));
  CHECK_EQ_INT(r.status, JANUV_EPLUGIN);
  T_REPLY(L, r, januv_streaming_switch(c.p.st, ID(STATIC_ID), t_reply_cb, &r));
  CHECK_EQ_INT(r.status, JANUV_EPLUGIN);
  t_reply_clear(&r);
  CHECK(t_party_close(&c.p));
}

/* Bad arguments fail at once and run no callback. */
static void bad_arguments(void) {
  conn c;
  CHECK(conn_open(&c));
  box b = {0};
  t_reply r = {0};
  CHECK_EQ_INT(januv_streaming_info(c.p.st, januv_id_num(0), NULL, on_mp, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_info(NULL, ID(1), NULL, on_mp, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_list(c.p.st, NULL, NULL), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_create(c.p.st, NULL, on_mp, &b), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_destroy(c.p.st, januv_id_num(0), NULL, -1, t_reply_cb, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_recording_start(c.p.st, ID(1), NULL, NULL, 0, t_reply_cb, &r), JANUV_EINVAL);
  CHECK_EQ_INT(januv_streaming_watch(c.p.st, NULL, ID(1), NULL, t_reply_cb, &r), JANUV_EINVAL);
  januv_streaming_stream_options s;
  januv_streaming_stream_options_init(&s);
  januv_streaming_create_options o;
  januv_streaming_create_options_init(&o);
  o.media = NULL;
  o.nmedia = 1; /* a count without streams */
  CHECK_EQ_INT(januv_streaming_create(c.p.st, &o, on_mp, &b), JANUV_EINVAL);
  cJSON *extra = cJSON_CreateArray();
  o.nmedia = 0;
  o.extra = extra; /* not an object */
  CHECK_EQ_INT(januv_streaming_create(c.p.st, &o, on_mp, &b), JANUV_EINVAL);
  cJSON_Delete(extra);
  t_run_for(L, 100);
  CHECK_EQ_INT(b.calls, 0);
  CHECK_EQ_INT(r.calls, 0);
  CHECK(t_party_close(&c.p));
  /* After the handle closed. */
  CHECK_EQ_INT(c.p.closed, 1);
}

/* The typed event decoder on what the plugin sends. */
static void event_decoding(void) {
  static const struct {
    const char *json;
    januv_streaming_event_type type;
  } cases[] = {
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"preparing\"}}", JANUV_STREAMING_PREPARING},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"updating\"}}", JANUV_STREAMING_UPDATING},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"starting\"}}", JANUV_STREAMING_STARTING},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"started\"}}", JANUV_STREAMING_STARTED},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"pausing\"}}", JANUV_STREAMING_PAUSING},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"stopping\"}}", JANUV_STREAMING_STOPPING},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"stopped\"}}", JANUV_STREAMING_STOPPED},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"kicked_all\"}}", JANUV_STREAMING_KICKED},
    {"{\"streaming\":\"event\",\"result\":{\"switched\":\"ok\",\"id\":7}}", JANUV_STREAMING_SWITCHED},
    {"{\"event\":\"edited\",\"id\":\"x\",\"metadata\":\"m\"}", JANUV_STREAMING_EDITED},
    {"{\"streaming\":\"event\",\"result\":{\"mid\":\"v\",\"substream\":2}}", JANUV_STREAMING_LAYER},
    {"{\"streaming\":\"event\",\"error_code\":455,\"error\":\"No such mountpoint\"}", JANUV_STREAMING_ERROR},
    {"{\"streaming\":\"event\",\"result\":{\"status\":\"whatever\"}}", JANUV_STREAMING_OTHER},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cJSON *j = cJSON_Parse(cases[i].json);
    CHECK(j != NULL);
    januv_streaming_event ev;
    januv_streaming_event_parse(j, &ev);
    if (ev.type != cases[i].type) fprintf(stderr, "  %s -> %s\n", cases[i].json, januv_streaming_event_name(ev.type));
    CHECK_EQ_INT(ev.type, cases[i].type);
    CHECK(ev.data == j);
    if (ev.type == JANUV_STREAMING_SWITCHED) CHECK(same_id(ev.id, januv_id_num(7)));
    if (ev.type == JANUV_STREAMING_EDITED) {
      CHECK(same_id(ev.id, januv_id_str("x")));
      CHECK_EQ_STR(ev.metadata, "m");
    }
    if (ev.type == JANUV_STREAMING_LAYER) {
      CHECK_EQ_STR(ev.mid, "v");
      CHECK_EQ_INT(ev.substream, 2);
      CHECK_EQ_INT(ev.temporal, -1);
    }
    if (ev.type == JANUV_STREAMING_ERROR) {
      CHECK_EQ_INT(ev.error_code, JANUV_STREAMING_ERR_NO_SUCH_MOUNTPOINT);
      CHECK_EQ_STR(ev.error, "No such mountpoint");
    }
    if (ev.type != JANUV_STREAMING_ERROR) CHECK_EQ_INT(ev.error_code, -1);
    cJSON_Delete(j);
  }
  CHECK_EQ_STR(januv_streaming_event_name(JANUV_STREAMING_STARTED), "started");
}

int main(int argc, char **argv) {
  str_ids = t_str_ids(argc, argv);
  char id[32], extra[1024];
  unsigned short ports[2];
  t_free_udp_ports(ports, 2);
  januv_id sid = ID(STATIC_ID);
  if (str_ids)
    snprintf(id, sizeof id, "\"%s\"", sid.str);
  else
    snprintf(id, sizeof id, "%d", STATIC_ID);
  t_streaming_static(extra, sizeof extra, id, "static-secret", ports[0], ports[1]);
  jfx_options o;
  jfx_options_init(&o);
  o.name = str_ids ? "streaming-str" : "streaming-num";
  o.string_ids = str_ids;
  o.streaming_extra = extra;
  static const t_case cases[] = {
    T_CASE(static_mountpoint), T_CASE(create_edit_destroy), T_CASE(private_and_lifetime), T_CASE(bad_arguments),
    T_CASE(event_decoding),
  };
  return t_main_janus(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
