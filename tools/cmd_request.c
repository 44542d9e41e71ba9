/* januv request URL PLUGIN JSON: a whole session cycle around one plugin message. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct req_state {
  cli *c;
  januv_session *session;
  januv_handle *handle;
  cJSON *body;
  cJSON *jsep;
  uint64_t t0;
  unsigned long wait_ms;
  uv_timer_t timer;
  bool timer_init;
  int events;
} req_state;

static double ms_since(uint64_t t0) { return (double)(uv_hrtime() - t0) / 1e6; }

static void step(req_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void step(req_state *st, const char *fmt, ...) {
  if (st->c->json) return;
  va_list ap;
  va_start(ap, fmt);
  printf("[%8.2f ms] ", ms_since(st->t0));
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static void finish(req_state *st);

static void on_destroyed(const januv_reply *r, void *data) {
  req_state *st = data;
  if (r->status != 0 && st->c->exit_code == 0) cli_fail_reply(st->c, "destroy", r);
  else step(st, "session destroyed");
  st->c->done = true;
}

static void finish(req_state *st) {
  if (st->session && januv_session_destroy(st->session, on_destroyed, st) == 0) return;
  st->c->done = true;
}

static void on_detached(const januv_reply *r, void *data) {
  req_state *st = data;
  if (r->status != 0 && st->c->exit_code == 0) cli_fail_reply(st->c, "detach", r);
  else step(st, "detached");
  st->handle = NULL;
  finish(st);
}

static void on_wait_over(uv_timer_t *t) {
  req_state *st = t->data;
  if (st->handle && januv_handle_detach(st->handle, on_detached, st) == 0) return;
  finish(st);
}

static void print_event(januv_handle *h, const januv_event *ev, void *data) {
  req_state *st = data;
  (void)h;
  st->events++;
  if (st->c->json) {
    cli_print_json_line(ev->json);
    return;
  }
  step(st, "%s event:", januv_event_type_name(ev->type));
  cli_print_json(ev->type == JANUV_EVENT_PLUGIN && ev->data ? ev->data : ev->json);
}

static const januv_handle_callbacks handle_cbs = {
  .on_event = print_event, .on_webrtcup = print_event, .on_media = print_event, .on_slowlink = print_event,
  .on_hangup = print_event, .on_detached = print_event, .on_trickle = print_event,
};

static void on_reply(const januv_reply *r, void *data) {
  req_state *st = data;
  if (r->status != 0) {
    cli_fail_reply(st->c, "message", r);
    on_wait_over(&st->timer);
    return;
  }
  if (st->c->json) {
    cli_print_json_line(r->json);
  } else {
    step(st, "reply from %s:", r->plugin ? r->plugin : "janus");
    cli_print_json(r->data ? r->data : r->json);
    if (r->jsep) {
      step(st, "with jsep:");
      cli_print_json(r->jsep);
    }
  }
  if (st->wait_ms) step(st, "listening for events for %lu ms", st->wait_ms);
  uv_timer_start(&st->timer, on_wait_over, st->wait_ms, 0);
}

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  req_state *st = data;
  if (!h) {
    cli_fail_reply(st->c, "attach", r);
    finish(st);
    return;
  }
  st->handle = h;
  step(st, "attached %s as handle %llu", januv_handle_plugin(h), (unsigned long long)januv_handle_id(h));
  int rc = januv_handle_message(h, st->body, st->jsep, on_reply, st);
  if (rc != 0) {
    cli_err(st->c, "message: %s", januv_strerror(rc));
    st->c->exit_code = CLI_TRANSPORT;
    on_wait_over(&st->timer);
  }
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  req_state *st = data;
  if (!s) {
    cli_fail_reply(st->c, "create", r);
    st->c->done = true;
    return;
  }
  st->session = s;
  step(st, "session %llu created", (unsigned long long)januv_session_id(s));
  int rc = januv_handle_attach(s, st->c->argv[1], NULL, &handle_cbs, on_attached, st);
  if (rc != 0) {
    cli_err(st->c, "attach: %s", januv_strerror(rc));
    st->c->exit_code = CLI_TRANSPORT;
    finish(st);
  }
}

static void on_timer_closed(uv_handle_t *h) { ((req_state *)h->data)->timer_init = false; }

int cmd_request(cli *c) {
  req_state st = {.c = c};
  st.body = cJSON_Parse(c->argv[2]);
  if (!cJSON_IsObject(st.body)) {
    cli_err(c, "the message body must be a JSON object: %s", c->argv[2]);
    cJSON_Delete(st.body);
    return CLI_USAGE;
  }
  const char *jsep = cli_flag(c, "jsep", NULL);
  if (jsep && !cJSON_IsObject(st.jsep = cJSON_Parse(jsep))) {
    cli_err(c, "--jsep must be a JSON object");
    cJSON_Delete(st.body);
    cJSON_Delete(st.jsep);
    return CLI_USAGE;
  }
  unsigned long wait_s;
  if (!cli_flag_uint(c, "wait", 2, &wait_s)) {
    cJSON_Delete(st.body);
    cJSON_Delete(st.jsep);
    return CLI_USAGE;
  }
  st.wait_ms = wait_s * 1000;
  int rc = cli_open(c, c->argv[0]);
  if (rc == 0) {
    st.t0 = uv_hrtime();
    uv_timer_init(&c->loop, &st.timer);
    st.timer.data = &st;
    st.timer_init = true;
    rc = januv_session_create(c->client, NULL, on_created, &st);
    if (rc != 0) {
      cli_err(c, "create: %s", januv_strerror(rc));
      rc = CLI_TRANSPORT;
    } else {
      cli_run(c);
      rc = c->exit_code;
    }
    uv_close((uv_handle_t *)&st.timer, on_timer_closed);
    while (st.timer_init) uv_run(&c->loop, UV_RUN_ONCE); /* the timer lives on this stack frame */
  }
  cJSON_Delete(st.body);
  cJSON_Delete(st.jsep);
  return rc;
}
