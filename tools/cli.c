#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *level_names[] = {"error", "warn", "info", "debug"};

static void log_cb(januv_log_level level, const char *msg, void *data) {
  cli *c = data;
  fprintf(stderr, "%s: [%s] %s\n", c->prog, level_names[level & 3], msg);
}

void cli_err(const cli *c, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s: ", c->prog);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void cli_client_options(cli *c, januv_client_options *o) {
  januv_client_options_init(o);
  if (c->timeout_ms) {
    o->request_timeout_ms = c->timeout_ms;
    o->connect_timeout_ms = c->timeout_ms;
  }
  o->api_secret = c->api_secret;
  o->token = c->token;
  if (c->verbose > 0) {
    o->log_cb = log_cb;
    o->log_data = c;
    o->log_level = c->verbose >= 2 ? JANUV_LOG_DEBUG : JANUV_LOG_INFO;
  }
}

typedef struct connect_wait {
  bool done;
  bool ok;
  char detail[300];
} connect_wait;

static void on_state(januv_client *client, januv_conn_state st, int err, const char *detail, void *data) {
  connect_wait *w = data;
  (void)client;
  (void)err;
  if (!w || w->done) return;
  if (st == JANUV_CONN_CONNECTED || st == JANUV_CONN_FAILED) {
    w->done = true;
    w->ok = st == JANUV_CONN_CONNECTED;
    snprintf(w->detail, sizeof w->detail, "%s", detail);
  }
}

int cli_open(cli *c, const char *url) {
  januv_client_options o;
  cli_client_options(c, &o);
  static connect_wait w;
  memset(&w, 0, sizeof w);
  o.state_cb = on_state;
  o.state_data = &w;
  int rc = januv_client_new(&c->loop, url, &o, &c->client);
  if (rc != 0) {
    cli_err(c, "%s: %s", url, januv_strerror(rc));
    return rc == JANUV_EBADURL || rc == JANUV_ENOTRANSPORT || rc == JANUV_EINVAL ? CLI_USAGE : CLI_TRANSPORT;
  }
  while (!w.done && uv_run(&c->loop, UV_RUN_ONCE)) {
  }
  if (!w.ok) {
    cli_err(c, "%s", w.detail[0] ? w.detail : "cannot connect");
    return CLI_TRANSPORT;
  }
  return 0;
}

const char *cli_flag(const cli *c, const char *name, const char *def) {
  for (int i = c->nflags - 1; i >= 0; i--)
    if (!strcmp(c->flags[i].name, name)) return c->flags[i].value ? c->flags[i].value : "";
  return def;
}

bool cli_flag_uint(const cli *c, const char *name, unsigned long def, unsigned long *out) {
  const char *v = cli_flag(c, name, NULL);
  if (!v) {
    *out = def;
    return true;
  }
  char *end;
  unsigned long n = strtoul(v, &end, 10);
  if (!*v || *end) {
    cli_err(c, "--%s wants a number, not \"%s\"", name, v);
    return false;
  }
  *out = n;
  return true;
}

void cli_run(cli *c) {
  while (!c->done && uv_run(&c->loop, UV_RUN_ONCE)) {
  }
}

static void on_closed(januv_client *client, void *data) {
  (void)client;
  *(bool *)data = true;
}

void cli_close(cli *c) {
  if (c->client) {
    bool closed = false;
    januv_client_close(c->client, on_closed, &closed);
    while (!closed && uv_run(&c->loop, UV_RUN_ONCE)) {
    }
    c->client = NULL;
  }
  uv_run(&c->loop, UV_RUN_DEFAULT);
  uv_loop_close(&c->loop);
}

void cli_fail_reply(cli *c, const char *what, const januv_reply *r) {
  if (r->status == JANUV_EJANUS) {
    cli_err(c, "%s: Janus error %d: %s", what, r->janus_code, r->reason);
    c->exit_code = CLI_JANUS_ERROR;
  } else {
    cli_err(c, "%s: %s (%s)", what, r->reason, januv_err_name(r->status));
    c->exit_code = CLI_TRANSPORT;
  }
}

static void print_json(const cJSON *j, bool formatted) {
  char *s = januv_json_print(j, formatted);
  if (s) {
    puts(s);
    free(s);
  }
  fflush(stdout);
}

void cli_print_json(const cJSON *j) { print_json(j, true); }
void cli_print_json_line(const cJSON *j) { print_json(j, false); }
