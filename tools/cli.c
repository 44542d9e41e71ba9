#include "cli.h"

#include <errno.h>
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
  o->tls_ca_file = c->ca_file;
  o->tls_ca_dir = c->ca_dir;
  o->tls_insecure_skip_verify = c->insecure;
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

static void note_state(connect_wait *w, januv_conn_state st, const char *detail) {
  if (!w || w->done) return;
  if (st == JANUV_CONN_CONNECTED || st == JANUV_CONN_FAILED) {
    w->done = true;
    w->ok = st == JANUV_CONN_CONNECTED;
    snprintf(w->detail, sizeof w->detail, "%s", detail);
  }
}

static void on_state(januv_client *client, januv_conn_state st, int err, const char *detail, void *data) {
  (void)client;
  (void)err;
  note_state(data, st, detail);
}

static void on_admin_state(januv_admin *admin, januv_conn_state st, int err, const char *detail, void *data) {
  (void)admin;
  (void)err;
  note_state(data, st, detail);
}

/* The outcome of januv_client_new()/januv_admin_new() (rc), then of the connection attempt. */
static int wait_connected(cli *c, const char *url, int rc, connect_wait *w) {
  if (rc != 0) {
    cli_err(c, "%s: %s", url, januv_strerror(rc));
    return rc == JANUV_EBADURL || rc == JANUV_ENOTRANSPORT || rc == JANUV_EINVAL ? CLI_USAGE : CLI_TRANSPORT;
  }
  while (!w->done && uv_run(&c->loop, UV_RUN_ONCE)) {
  }
  if (!w->ok) {
    cli_err(c, "%s", w->detail[0] ? w->detail : "cannot connect");
    return CLI_TRANSPORT;
  }
  return 0;
}

int cli_open(cli *c, const char *url) {
  januv_client_options o;
  cli_client_options(c, &o);
  static connect_wait w;
  memset(&w, 0, sizeof w);
  o.state_cb = on_state;
  o.state_data = &w;
  return wait_connected(c, url, januv_client_new(&c->loop, url, &o, &c->client), &w);
}

int cli_admin_open(cli *c, const char *url) {
  januv_client_options co;
  cli_client_options(c, &co);
  januv_admin_options o;
  januv_admin_options_init(&o);
  o.request_timeout_ms = co.request_timeout_ms;
  o.connect_timeout_ms = co.connect_timeout_ms;
  o.log_cb = co.log_cb;
  o.log_data = co.log_data;
  o.log_level = co.log_level;
  o.tls_ca_file = co.tls_ca_file;
  o.tls_ca_dir = co.tls_ca_dir;
  o.tls_insecure_skip_verify = co.tls_insecure_skip_verify;
  o.admin_secret = c->admin_secret;
  static connect_wait w;
  memset(&w, 0, sizeof w);
  o.state_cb = on_admin_state;
  o.state_data = &w;
  return wait_connected(c, url, januv_admin_new(&c->loop, url, &o, &c->admin), &w);
}

int cli_finish(cli *c, const char *what, int rc) {
  if (rc != 0) {
    cli_err(c, "%s: %s", what, januv_strerror(rc));
    return rc == JANUV_EINVAL ? CLI_USAGE : CLI_TRANSPORT;
  }
  cli_run(c);
  return c->exit_code;
}

bool cli_parse_id(const cli *c, const char *what, const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v == 0 || *s == '-') {
    cli_err(c, "%s must be a Janus id (a positive integer), not \"%s\"", what, s);
    return false;
  }
  *out = v;
  return true;
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

int cli_action(const cli *c, const char *const *actions, const char *id_name) {
  const char *action = c->argv[0];
  int i = 0;
  while (actions[i] && strcmp(actions[i], action)) i++;
  if (!actions[i]) {
    char names[256] = "";
    for (int j = 0; actions[j]; j++) {
      size_t used = strlen(names);
      snprintf(names + used, sizeof names - used, "%s%s", j ? ", " : "", actions[j]);
    }
    cli_err(c, "%s: unknown action \"%s\" (%s)", c->command, action, names);
    return -1;
  }
  if (c->argc != (i ? 3 : 2)) {
    cli_err(c, "%s %s wants URL%s%s", c->command, action, i ? " " : "", i ? id_name : "");
    return -1;
  }
  return i;
}

bool cli_flag_seconds(const cli *c, unsigned *out) {
  unsigned long n;
  if (!cli_flag_uint(c, "seconds", 10, &n) || n == 0) return false;
  *out = (unsigned)n;
  return true;
}

/* A flag set by a timer callback would otherwise only be seen after the next poll returns: a prepare
 * handle stops the loop as soon as it is set. */
static void on_prepare(uv_prepare_t *p) {
  if (*(const bool *)p->data) uv_stop(p->loop);
}

static void on_prepare_closed(uv_handle_t *h) { *(bool *)h->data = true; }

void cli_run_until(cli *c, const bool *flag) {
  uv_prepare_t prep;
  uv_prepare_init(&c->loop, &prep);
  prep.data = (void *)flag;
  uv_prepare_start(&prep, on_prepare);
  while (!*flag && uv_run(&c->loop, UV_RUN_ONCE)) {
  }
  bool closed = false;
  prep.data = &closed;
  uv_close((uv_handle_t *)&prep, on_prepare_closed);
  while (!closed) uv_run(&c->loop, UV_RUN_ONCE);
}

void cli_run(cli *c) { cli_run_until(c, &c->done); }

static void on_closed(januv_client *client, void *data) {
  (void)client;
  *(bool *)data = true;
}

static void on_admin_closed(januv_admin *admin, void *data) {
  (void)admin;
  *(bool *)data = true;
}

void cli_close_client(cli *c) {
  if (c->client) {
    bool closed = false;
    januv_client_close(c->client, on_closed, &closed);
    while (!closed && uv_run(&c->loop, UV_RUN_ONCE)) {
    }
    c->client = NULL;
  }
}

void cli_close(cli *c) {
  cli_close_client(c);
  if (c->admin) {
    bool closed = false;
    januv_admin_close(c->admin, on_admin_closed, &closed);
    while (!closed && uv_run(&c->loop, UV_RUN_ONCE)) {
    }
    c->admin = NULL;
  }
  uv_run(&c->loop, UV_RUN_DEFAULT);
  uv_loop_close(&c->loop);
}

void cli_fail_reply(cli *c, const char *what, const januv_reply *r) {
  if (r->status == JANUV_EJANUS) {
    cli_err(c, "%s: Janus error %d: %s", what, r->janus_code, r->reason);
    c->exit_code = CLI_JANUS_ERROR;
  } else if (r->status == JANUV_EPLUGIN) {
    cli_err(c, "%s: %s error %d: %s", what, r->plugin ? r->plugin : "plugin", r->plugin_code, r->reason);
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

void cli_table_init(cli_table *t, int ncols, const char *const *headers) {
  memset(t, 0, sizeof *t);
  t->ncols = ncols;
  if (headers) cli_table_add(t, headers);
}

void cli_table_add(cli_table *t, const char *const *row) {
  if (t->nrows == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    char **cells = realloc(t->cells, cap * (size_t)t->ncols * sizeof *cells);
    if (!cells) return; /* out of memory: the row is left out */
    t->cells = cells;
    t->cap = cap;
  }
  for (int i = 0; i < t->ncols; i++) t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = strdup(row[i] ? row[i] : "-");
  t->nrows++;
}

void cli_table_print(cli_table *t) {
  int width[16] = {0};
  for (size_t r = 0; r < t->nrows; r++)
    for (int i = 0; i < t->ncols && i < 16; i++) {
      const char *s = t->cells[r * (size_t)t->ncols + (size_t)i];
      int n = s ? (int)strlen(s) : 1;
      if (n > width[i]) width[i] = n;
    }
  for (size_t r = 0; r < t->nrows; r++) {
    for (int i = 0; i < t->ncols; i++) {
      char *s = t->cells[r * (size_t)t->ncols + (size_t)i];
      if (i + 1 < t->ncols)
        printf("%-*s  ", i < 16 ? width[i] : 0, s ? s : "-");
      else
        printf("%s\n", s ? s : "-");
    }
  }
  fflush(stdout);
  cli_table_free(t);
}

void cli_table_free(cli_table *t) {
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
  free(t->cells);
  memset(t, 0, sizeof *t);
}
