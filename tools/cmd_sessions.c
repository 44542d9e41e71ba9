/*
 * Sessions and handles through the Admin API: januv sessions URL, handles URL SESSION,
 * handle-info URL SESSION HANDLE, destroy-session URL SESSION, detach-handle / hangup URL SESSION HANDLE,
 * pcap URL start|stop SESSION HANDLE.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- one request per listed id, then one table (sessions, handles) ---- */

enum { MAX_COLS = 4 };

typedef struct fanout fanout;

typedef struct row {
  fanout *f;
  uint64_t id;
  char *cells[MAX_COLS];
} row;

struct fanout {
  cli *c;
  uint64_t session_id; /* handles: the session they belong to */
  const char *const *headers;
  int ncols;
  size_t n, pending;
  row *rows;
};

static int by_id(const void *a, const void *b) {
  uint64_t x = ((const row *)a)->id, y = ((const row *)b)->id;
  return x < y ? -1 : x > y;
}

static void set_cell(row *r, int col, const char *s) {
  free(r->cells[col]);
  r->cells[col] = strdup(s ? s : "-");
}

static void fanout_print(fanout *f) {
  cli_table t;
  cli_table_init(&t, f->ncols, f->headers);
  for (size_t i = 0; i < f->n; i++) {
    const char *cells[MAX_COLS];
    for (int k = 0; k < f->ncols; k++) cells[k] = f->rows[i].cells[k];
    cli_table_add(&t, cells);
    for (int k = 0; k < f->ncols; k++) free(f->rows[i].cells[k]);
  }
  cli_table_print(&t);
  free(f->rows);
  f->rows = NULL;
  f->c->done = true;
}

static void row_done(row *r) {
  if (--r->f->pending == 0) fanout_print(r->f);
}

/* Prepares one row per id (sorted) with the id in column 0; false when out of memory. */
static bool fanout_init(fanout *f, const uint64_t *ids, size_t n) {
  f->n = f->pending = n;
  f->rows = calloc(n ? n : 1, sizeof *f->rows);
  if (!f->rows) return false;
  for (size_t i = 0; i < n; i++) {
    f->rows[i].f = f;
    f->rows[i].id = ids[i];
  }
  qsort(f->rows, n, sizeof *f->rows, by_id);
  for (size_t i = 0; i < n; i++) {
    char id[24];
    snprintf(id, sizeof id, "%llu", (unsigned long long)f->rows[i].id);
    set_cell(&f->rows[i], 0, id);
  }
  return true;
}

/* Issues one request per row (issue returns its januv code), then the loop prints the table. */
static void fanout_run(fanout *f, int (*issue)(row *r)) {
  if (f->n == 0) {
    fanout_print(f);
    return;
  }
  for (size_t i = 0; i < f->n; i++) {
    int rc = issue(&f->rows[i]);
    if (rc != 0) {
      set_cell(&f->rows[i], 1, januv_strerror(rc));
      row_done(&f->rows[i]);
    }
  }
}

/* A row whose request failed: a session or handle that went away meanwhile, or worse. */
static void row_failed(row *r, const januv_reply *rep) {
  bool gone = rep->status == JANUV_EJANUS && (rep->janus_code == 458 || rep->janus_code == 459);
  set_cell(r, 1, gone ? "(gone)" : rep->reason);
  if (!gone && r->f->c->exit_code == 0) cli_fail_reply(r->f->c, "admin", rep);
}

/* ---- sessions ---- */

static void on_session_handles(const januv_reply *rep, const uint64_t *ids, size_t n, void *data) {
  row *r = data;
  (void)ids;
  if (rep->status != 0) {
    row_failed(r, rep);
  } else {
    char count[24];
    snprintf(count, sizeof count, "%zu", n);
    set_cell(r, 1, count);
  }
  row_done(r);
}

static int list_session_handles(row *r) {
  return januv_admin_list_handles(r->f->c->admin, r->id, on_session_handles, r);
}

static void on_sessions(const januv_reply *rep, const uint64_t *ids, size_t n, void *data) {
  fanout *f = data;
  if (rep->status != 0) {
    cli_fail_reply(f->c, "sessions", rep);
    f->c->done = true;
    return;
  }
  if (f->c->json) {
    cli_print_json(rep->json);
    f->c->done = true;
    return;
  }
  if (!fanout_init(f, ids, n)) {
    cli_err(f->c, "out of memory");
    f->c->exit_code = CLI_TRANSPORT;
    f->c->done = true;
    return;
  }
  fanout_run(f, list_session_handles);
}

int cmd_sessions(cli *c) {
  static const char *const headers[] = {"SESSION", "HANDLES"};
  fanout f = {.c = c, .headers = headers, .ncols = 2};
  int rc = cli_admin_open(c, c->argv[0]);
  return rc ? rc : cli_finish(c, "sessions", januv_admin_list_sessions(c->admin, on_sessions, &f));
}

/* ---- handles ---- */

static const char *ice_state(const januv_admin_handle_details *h) {
  const cJSON *ice = cJSON_GetObjectItemCaseSensitive(h->webrtc, "ice");
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(ice, "state");
  return cJSON_IsString(st) ? st->valuestring : "-";
}

static void on_handle_row(const januv_reply *rep, const januv_admin_handle_details *h, void *data) {
  row *r = data;
  if (!h) {
    row_failed(r, rep);
  } else {
    set_cell(r, 1, h->plugin);
    set_cell(r, 2, h->opaque_id);
    set_cell(r, 3, ice_state(h));
  }
  row_done(r);
}

static int handle_row_info(row *r) {
  return januv_admin_handle_info(r->f->c->admin, r->f->session_id, r->id, false, on_handle_row, r);
}

static void on_handles(const januv_reply *rep, const uint64_t *ids, size_t n, void *data) {
  fanout *f = data;
  if (rep->status != 0 || f->c->json) {
    if (rep->status != 0) cli_fail_reply(f->c, "handles", rep);
    else cli_print_json(rep->json);
    f->c->done = true;
    return;
  }
  if (!fanout_init(f, ids, n)) {
    cli_err(f->c, "out of memory");
    f->c->exit_code = CLI_TRANSPORT;
    f->c->done = true;
    return;
  }
  fanout_run(f, handle_row_info);
}

int cmd_handles(cli *c) {
  static const char *const headers[] = {"HANDLE", "PLUGIN", "OPAQUE ID", "ICE"};
  fanout f = {.c = c, .headers = headers, .ncols = 4};
  if (!cli_parse_id(c, "SESSION", c->argv[1], &f.session_id)) return CLI_USAGE;
  int rc = cli_admin_open(c, c->argv[0]);
  return rc ? rc : cli_finish(c, "handles", januv_admin_list_handles(c->admin, f.session_id, on_handles, &f));
}

/* ---- handle-info ---- */

static void add_kv(cli_table *t, const char *key, const char *value) {
  const char *cells[] = {key, value};
  cli_table_add(t, cells);
}

static const char *str_in(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The names of the flags that are true, comma-separated, into buf. */
static const char *true_flags(const cJSON *flags, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (const cJSON *f = flags ? flags->child : NULL; f; f = f->next)
    if (cJSON_IsTrue(f) && len < size)
      len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", f->string);
  return buf[0] ? buf : "-";
}

static void on_handle_info(const januv_reply *rep, const januv_admin_handle_details *h, void *data) {
  cli *c = data;
  c->done = true;
  if (!h) {
    cli_fail_reply(c, "handle-info", rep);
    return;
  }
  if (c->json) {
    cli_print_json(rep->json);
    return;
  }
  char buf[512], num[64];
  cli_table t;
  cli_table_init(&t, 2, NULL);
  snprintf(num, sizeof num, "%llu", (unsigned long long)h->session_id);
  add_kv(&t, "session", num);
  snprintf(num, sizeof num, "%llu", (unsigned long long)h->handle_id);
  add_kv(&t, "handle", num);
  add_kv(&t, "plugin", h->plugin);
  add_kv(&t, "opaque id", h->opaque_id);
  add_kv(&t, "transport", h->session_transport);
  snprintf(num, sizeof num, "%lld s", (long long)h->session_timeout);
  add_kv(&t, "session timeout", h->session_timeout >= 0 ? num : NULL);
  snprintf(num, sizeof num, "%.1f s", (double)(h->current_time - h->created) / 1e6);
  add_kv(&t, "age", h->created >= 0 && h->current_time >= h->created ? num : NULL);
  if (h->flags) {
    add_kv(&t, "loop running", h->loop_running ? "yes" : "no");
    add_kv(&t, "webrtc flags", true_flags(h->flags, buf, sizeof buf));
    const cJSON *ice = cJSON_GetObjectItemCaseSensitive(h->webrtc, "ice");
    const cJSON *dtls = cJSON_GetObjectItemCaseSensitive(h->webrtc, "dtls");
    add_kv(&t, "ice state", str_in(ice, "state"));
    add_kv(&t, "selected pair", str_in(ice, "selected-pair"));
    add_kv(&t, "dtls state", str_in(dtls, "dtls-state"));
    add_kv(&t, "capture", h->pcap_file ? h->pcap_file : h->text2pcap_file);
  }
  cli_table_print(&t);
  if (h->plugin_specific) {
    printf("plugin specific:\n");
    cli_print_json(h->plugin_specific);
  }
}

static bool parse_ids(cli *c, uint64_t *session_id, uint64_t *handle_id) {
  return cli_parse_id(c, "SESSION", c->argv[1], session_id) &&
         (!handle_id || cli_parse_id(c, "HANDLE", c->argv[2], handle_id));
}

int cmd_handle_info(cli *c) {
  uint64_t s, h;
  if (!parse_ids(c, &s, &h)) return CLI_USAGE;
  bool plugin_only = cli_flag(c, "plugin-only", NULL) != NULL;
  int rc = cli_admin_open(c, c->argv[0]);
  if (rc) return rc;
  return cli_finish(c, "handle-info", januv_admin_handle_info(c->admin, s, h, plugin_only, on_handle_info, c));
}

/* ---- actions answered by plain success ---- */

typedef struct action {
  cli *c;
  const char *what; /* command name, for errors */
  char done_msg[160];
} action;

static void on_action(const januv_reply *r, void *data) {
  action *a = data;
  a->c->done = true;
  if (r->status != 0) cli_fail_reply(a->c, a->what, r);
  else if (a->c->json) cli_print_json(r->json);
  else puts(a->done_msg);
}

int cmd_destroy_session(cli *c) {
  uint64_t s;
  if (!parse_ids(c, &s, NULL)) return CLI_USAGE;
  action a = {.c = c, .what = "destroy-session"};
  snprintf(a.done_msg, sizeof a.done_msg, "session %llu destroyed", (unsigned long long)s);
  int rc = cli_admin_open(c, c->argv[0]);
  return rc ? rc : cli_finish(c, a.what, januv_admin_destroy_session(c->admin, s, on_action, &a));
}

/* detach-handle and hangup: the same shape, a different call. */
static int handle_action(cli *c, const char *what, const char *msg,
                         int (*call)(januv_admin *, uint64_t, uint64_t, januv_reply_cb, void *)) {
  uint64_t s, h;
  if (!parse_ids(c, &s, &h)) return CLI_USAGE;
  action a = {.c = c, .what = what};
  snprintf(a.done_msg, sizeof a.done_msg, "handle %llu %s", (unsigned long long)h, msg);
  int rc = cli_admin_open(c, c->argv[0]);
  return rc ? rc : cli_finish(c, what, call(c->admin, s, h, on_action, &a));
}

int cmd_detach_handle(cli *c) { return handle_action(c, "detach-handle", "detached", januv_admin_detach_handle); }
int cmd_hangup(cli *c) { return handle_action(c, "hangup", "hung up", januv_admin_hangup_webrtc); }

/* ---- pcap: start, then handle_info tells where the file is ---- */

typedef struct capture {
  cli *c;
  uint64_t session_id, handle_id;
} capture;

static void on_capture_info(const januv_reply *r, const januv_admin_handle_details *h, void *data) {
  capture *cap = data;
  cap->c->done = true;
  (void)r;
  const char *file = h ? (h->pcap_file ? h->pcap_file : h->text2pcap_file) : NULL;
  printf("capturing handle %llu to %s\n", (unsigned long long)cap->handle_id, file ? file : "(unknown file)");
}

static void on_capture_started(const januv_reply *r, void *data) {
  capture *cap = data;
  if (r->status != 0) {
    cli_fail_reply(cap->c, "pcap start", r);
    cap->c->done = true;
    return;
  }
  if (cap->c->json) {
    cli_print_json(r->json);
    cap->c->done = true;
    return;
  }
  if (januv_admin_handle_info(cap->c->admin, cap->session_id, cap->handle_id, false, on_capture_info, cap) != 0) {
    printf("capturing handle %llu\n", (unsigned long long)cap->handle_id);
    cap->c->done = true;
  }
}

int cmd_pcap(cli *c) {
  const char *verb = c->argv[1];
  bool start = !strcmp(verb, "start");
  if (!start && strcmp(verb, "stop")) {
    cli_err(c, "pcap wants start or stop, not \"%s\"", verb);
    return CLI_USAGE;
  }
  capture cap = {.c = c};
  unsigned long truncate;
  if (!cli_parse_id(c, "SESSION", c->argv[2], &cap.session_id) ||
      !cli_parse_id(c, "HANDLE", c->argv[3], &cap.handle_id) || !cli_flag_uint(c, "truncate", 0, &truncate))
    return CLI_USAGE;
  bool text = cli_flag(c, "text", NULL) != NULL;
  int rc = cli_admin_open(c, c->argv[0]);
  if (rc) return rc;
  if (start) {
    const char *folder = cli_flag(c, "folder", NULL), *file = cli_flag(c, "filename", NULL);
    rc = text ? januv_admin_start_text2pcap(c->admin, cap.session_id, cap.handle_id, folder, file,
                                            (uint32_t)truncate, on_capture_started, &cap)
              : januv_admin_start_pcap(c->admin, cap.session_id, cap.handle_id, folder, file, (uint32_t)truncate,
                                       on_capture_started, &cap);
    return cli_finish(c, "pcap start", rc);
  }
  action a = {.c = c, .what = "pcap stop"};
  snprintf(a.done_msg, sizeof a.done_msg, "capture of handle %llu stopped", (unsigned long long)cap.handle_id);
  rc = text ? januv_admin_stop_text2pcap(c->admin, cap.session_id, cap.handle_id, on_action, &a)
            : januv_admin_stop_pcap(c->admin, cap.session_id, cap.handle_id, on_action, &a);
  return cli_finish(c, a.what, rc);
}
