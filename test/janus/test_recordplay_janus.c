/*
 * Record&Play signalling against the real Janus: list, update (with a recording whose .nfo the test writes
 * into the plugin's folder), configure, the requests that need a session, the typed errors and the typed
 * event decoder. Recording and playing need media: see test/media/test_recordplay.c.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "party.h"

static jfx *janus;
static uv_loop_t *L;

typedef struct box {
  int calls, status, plugin_code;
  char reason[256];
  size_t n;
  char text[2048];
} box;

static void fill(box *b, const januv_reply *r) {
  memset(b, 0, sizeof *b);
  T_KEEP_REPLY(b, r);
}

static void on_plain(const januv_reply *r, void *data) { fill(data, r); }

static void on_list(const januv_reply *r, const januv_recordplay_recording *recs, size_t n, void *data) {
  box *b = data;
  fill(b, r);
  b->n = n;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(b->text);
    snprintf(b->text + len, sizeof b->text - len, "[%llu %s %s a=%d v=%d d=%d %s]", (unsigned long long)recs[i].id,
             recs[i].name ? recs[i].name : "-", recs[i].date ? recs[i].date : "-", recs[i].audio, recs[i].video,
             recs[i].data, recs[i].audio_codec ? recs[i].audio_codec : "-");
  }
}

/* A client, a session and a Record&Play handle. */
static bool conn_open(t_party *c) {
  return t_party_open(c, L, jfx_url(janus, "ws"), "recordplay") && t_attach_recordplay(c, NULL);
}

/* list, then update after a recording appeared in the folder (an .nfo pointing at an empty audio .mjr). */
static void list_and_update(void) {
  t_party c;
  CHECK(conn_open(&c));
  box b;
  T_AWAIT(L, b, januv_recordplay_list(c.rp, on_list, &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_INT(b.n, 0);
  char path[700];
  snprintf(path, sizeof path, "%s/recordings/4242.nfo", jfx_dir(janus));
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  fprintf(f, "[4242]\nname = copied in\ndate = 2024-01-02 03:04:05\naudio = rec-4242-audio.mjr\n");
  fclose(f);
  T_AWAIT(L, b, januv_recordplay_update(c.rp, on_plain, &b));
  CHECK_EQ_INT(b.status, 0);
  T_AWAIT(L, b, januv_recordplay_list(c.rp, on_list, &b));
  CHECK_EQ_INT(b.status, 0);
  if (b.n != 1) fprintf(stderr, "  list: %s\n", b.text);
  CHECK_EQ_INT(b.n, 1);
  CHECK(strstr(b.text, "[4242 copied in 2024-01-02 03:04:05 a=1 v=0 d=0") != NULL);
  unlink(path);
  CHECK(t_party_close(&c));
}

/* configure answers with the settings in force; the session requests fail as the plugin says. */
static void configure_and_errors(void) {
  t_party c;
  CHECK(conn_open(&c));
  t_reply r = {0};
  CHECK(januv_recordplay_configure(c.rp, 256000, 2000, t_reply_cb, &r) == 0);
  CHECK(t_reply_wait(L, &r, T_LIMIT_MS));
  CHECK_EQ_INT(r.status, 0);
  const cJSON *settings = cJSON_GetObjectItemCaseSensitive(r.data, "settings");
  CHECK(settings != NULL);
  CHECK_EQ_INT(cJSON_GetObjectItemCaseSensitive(settings, "video-bitrate-max")->valuedouble, 256000);
  CHECK_EQ_INT(cJSON_GetObjectItemCaseSensitive(settings, "video-keyframe-interval")->valuedouble, 2000);
  t_reply_clear(&r);
  box b;
  /* "stop" with nothing going on answers "stopped" anyway. */
  T_AWAIT(L, b, januv_recordplay_stop(c.rp, on_plain, &b));
  CHECK_EQ_INT(b.status, 0);
  /* pause outside a recording: Janus ignores it and answers with an empty event. */
  T_AWAIT(L, b, januv_recordplay_pause(c.rp, true, on_plain, &b));
  CHECK_EQ_INT(b.status, 0);
  CHECK_EQ_INT(januv_recordplay_play(c.rp, NULL, 1, on_plain, &b), JANUV_EINVAL);
  januv_recordplay_record_options o;
  januv_recordplay_record_options_init(&o);
  CHECK_EQ_INT(januv_recordplay_record(c.rp, NULL, &o, NULL, NULL), JANUV_EINVAL);
  /* A "start" without a playout (sent raw: the module only sends start with an answer). */
  cJSON *body = cJSON_Parse("{\"request\":\"start\"}");
  CHECK(januv_handle_message(januv_recordplay_handle(c.rp), body, NULL, t_reply_cb, &r) == 0);
  cJSON_Delete(body);
  CHECK(t_reply_wait(L, &r, T_LIMIT_MS));
  CHECK_EQ_INT((int)cJSON_GetObjectItemCaseSensitive(r.data, "error_code")->valuedouble,
               JANUV_RECORDPLAY_ERR_INVALID_STATE);
  t_reply_clear(&r);
  CHECK(t_party_close(&c));
}

/* The typed event decoder on what the plugin sends. */
static void event_decoding(void) {
  static const struct {
    const char *json;
    januv_recordplay_event_type type;
    long long id;
  } cases[] = {
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"recording\",\"id\":12}}", JANUV_RECORDPLAY_RECORDING, 12},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"preparing\",\"id\":12,\"warning\":\"w\"}}",
     JANUV_RECORDPLAY_PREPARING, 12},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"restarting\",\"id\":12}}", JANUV_RECORDPLAY_RESTARTING, 12},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"playing\"}}", JANUV_RECORDPLAY_PLAYING, -1},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"paused\",\"id\":3}}", JANUV_RECORDPLAY_PAUSED, 3},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"resumed\",\"id\":3}}", JANUV_RECORDPLAY_RESUMED, 3},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"stopped\",\"id\":3}}", JANUV_RECORDPLAY_STOPPED, 3},
    {"{\"recordplay\":\"event\",\"result\":\"done\"}", JANUV_RECORDPLAY_DONE, -1},
    {"{\"recordplay\":\"event\",\"result\":{\"status\":\"slow_link\"}}", JANUV_RECORDPLAY_SLOW_LINK, -1},
    {"{\"recordplay\":\"event\",\"error_code\":416,\"error\":\"No such recording\"}", JANUV_RECORDPLAY_ERROR, -1},
    {"{\"recordplay\":\"event\"}", JANUV_RECORDPLAY_OTHER, -1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cJSON *j = cJSON_Parse(cases[i].json);
    CHECK(j != NULL);
    januv_recordplay_event ev;
    januv_recordplay_event_parse(j, &ev);
    CHECK_EQ_INT(ev.type, cases[i].type);
    CHECK_EQ_INT(ev.id, cases[i].id);
    if (ev.type == JANUV_RECORDPLAY_PREPARING) CHECK_EQ_STR(ev.warning, "w");
    if (ev.type == JANUV_RECORDPLAY_ERROR) {
      CHECK_EQ_INT(ev.error_code, JANUV_RECORDPLAY_ERR_NOT_FOUND);
      CHECK_EQ_STR(ev.error, "No such recording");
    }
    cJSON_Delete(j);
  }
  CHECK_EQ_STR(januv_recordplay_event_name(JANUV_RECORDPLAY_DONE), "done");
}

int main(int argc, char **argv) {
  jfx_options o;
  jfx_options_init(&o);
  o.name = "recordplay";
  static const t_case cases[] = {T_CASE(list_and_update), T_CASE(configure_and_errors), T_CASE(event_decoding)};
  return t_main_janus(argc, argv, &o, &janus, &L, cases, sizeof cases / sizeof cases[0]);
}
