/* januv status URL, januv log-level URL N, januv accept-sessions URL on|off: the server's settings. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *yes_no(bool b) { return b ? "yes" : "no"; }

static void add_row(cli_table *t, const char *name, const char *value) {
  const char *row[] = {name, value};
  cli_table_add(t, row);
}

static void add_num(cli_table *t, const char *name, int64_t v, const char *unit) {
  char buf[48];
  if (v < 0)
    snprintf(buf, sizeof buf, "-");
  else
    snprintf(buf, sizeof buf, "%lld%s%s", (long long)v, *unit ? " " : "", unit);
  add_row(t, name, buf);
}

static void on_status(const januv_reply *r, const januv_admin_status *st, void *data) {
  cli *c = data;
  c->done = true;
  if (!st) {
    cli_fail_reply(c, "status", r);
    return;
  }
  if (c->json) {
    cli_print_json(r->json);
    return;
  }
  cli_table t;
  cli_table_init(&t, 2, NULL);
  add_row(&t, "token auth", yes_no(st->token_auth));
  add_num(&t, "session timeout", st->session_timeout, "s");
  add_num(&t, "reclaim timeout", st->reclaim_session_timeout, "s");
  add_num(&t, "candidates timeout", st->candidates_timeout, "s");
  add_num(&t, "log level", st->log_level, "");
  add_row(&t, "log timestamps", yes_no(st->log_timestamps));
  add_row(&t, "log colors", yes_no(st->log_colors));
  add_row(&t, "locking debug", yes_no(st->locking_debug));
  add_row(&t, "refcount debug", yes_no(st->refcount_debug));
  add_row(&t, "libnice debug", yes_no(st->libnice_debug));
  add_num(&t, "min NACK queue", st->min_nack_queue, "ms");
  add_row(&t, "NACK optimizations", yes_no(st->nack_optimizations));
  add_num(&t, "no-media timer", st->no_media_timer, "s");
  add_num(&t, "slowlink threshold", st->slowlink_threshold, "packets/s");
  cli_table_print(&t);
}

int cmd_status(cli *c) {
  int rc = cli_admin_open(c, c->argv[0]);
  return rc ? rc : cli_finish(c, "status", januv_admin_get_status(c->admin, on_status, c));
}

typedef struct setting {
  cli *c;
  const char *what;   /* for messages: "log level" */
  bool boolean;       /* print on/off */
} setting;

static void on_value(const januv_reply *r, int64_t value, void *data) {
  setting *s = data;
  s->c->done = true;
  if (r->status != 0) {
    cli_fail_reply(s->c, s->what, r);
  } else if (s->c->json) {
    cli_print_json(r->json);
  } else if (s->boolean) {
    printf("%s: %s\n", s->what, value ? "on" : "off");
  } else {
    printf("%s: %lld\n", s->what, (long long)value);
  }
}

int cmd_log_level(cli *c) {
  char *end;
  long level = strtol(c->argv[1], &end, 10);
  if (!*c->argv[1] || *end || level < 0 || level > 7) {
    cli_err(c, "log-level wants a level from 0 (none) to 7 (everything), not \"%s\"", c->argv[1]);
    return CLI_USAGE;
  }
  int rc = cli_admin_open(c, c->argv[0]);
  setting s = {c, "log level", false};
  return rc ? rc : cli_finish(c, "log-level", januv_admin_set_log_level(c->admin, (int)level, on_value, &s));
}

int cmd_accept_sessions(cli *c) {
  const char *v = c->argv[1];
  bool on = !strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true");
  if (!on && strcmp(v, "off") && strcmp(v, "no") && strcmp(v, "false")) {
    cli_err(c, "accept-sessions wants on or off, not \"%s\"", v);
    return CLI_USAGE;
  }
  int rc = cli_admin_open(c, c->argv[0]);
  setting s = {c, "accepting new sessions", true};
  return rc ? rc : cli_finish(c, "accept-sessions", januv_admin_accept_new_sessions(c->admin, on, on_value, &s));
}
