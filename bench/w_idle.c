/* W3: S sessions with one handle each over one connection, held with keepalives; survivors are counted
 * with the Admin API; heap per session+handle, RSS and the CPU of the hold are measured. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct idle {
  bench *b;
  januv_client *c;
  januv_session **s;
  unsigned n, issued, created, ready, failed, closed;
  bool ready_done;
  int err;
  bool listed;
  unsigned survivors;
  int list_err;
  bool destroyed;
} idle;

/* Creations in flight at once: enough to keep Janus busy, few enough that none waits past its timeout. */
#define WINDOW 1000u

static void issue_next(idle *w);

static void on_session_closed(januv_session *s, int reason, void *data) {
  idle *w = data;
  (void)s;
  (void)reason;
  w->closed++;
}

static const januv_session_callbacks session_cbs = {.on_closed = on_session_closed};

static void one_done(idle *w, int err) {
  if (err) {
    w->failed++;
    w->err = err;
  } else {
    w->ready++;
  }
  if (w->ready + w->failed == w->n) w->ready_done = true;
  issue_next(w);
}

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  one_done(data, h ? 0 : r->status);
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  idle *w = data;
  if (!s) {
    one_done(w, r->status);
    return;
  }
  w->s[w->created++] = s;
  int rc = januv_handle_attach(s, "janus.plugin.echotest", NULL, NULL, on_attached, w);
  if (rc) one_done(w, rc);
}

static void issue_next(idle *w) {
  while (w->issued < w->n && w->issued - (w->ready + w->failed) < WINDOW) {
    w->issued++;
    if (januv_session_create(w->c, &session_cbs, on_created, w) != 0) one_done(w, JANUV_ENOMEM);
  }
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct listing {
  idle *w;
  uint64_t *mine;
  size_t nmine;
} listing;

static void on_sessions(const januv_reply *r, const uint64_t *ids, size_t n, void *data) {
  listing *l = data;
  l->w->listed = true;
  l->w->list_err = r->status;
  for (size_t i = 0; i < n; i++)
    if (bsearch(&ids[i], l->mine, l->nmine, sizeof *l->mine, cmp_u64)) l->w->survivors++;
}

static void on_admin_closed(januv_admin *a, void *data) {
  (void)a;
  *(bool *)data = true;
}

/* Asks Janus which of our sessions it still has. */
static void count_survivors(bench *b, idle *w) {
  listing l = {.w = w, .mine = malloc(w->created * sizeof(uint64_t))};
  for (unsigned i = 0; i < w->created; i++)
    if (w->s[i]) l.mine[l.nmine++] = januv_session_id(w->s[i]);
  qsort(l.mine, l.nmine, sizeof *l.mine, cmp_u64);
  januv_admin_options o;
  januv_admin_options_init(&o);
  o.admin_secret = b->admin_secret;
  o.tls_ca_file = b->ca_file;
  o.request_timeout_ms = 60000;
  januv_admin *a = NULL;
  if (januv_admin_new(&b->loop, b->admin_url, &o, &a) == 0 && januv_admin_list_sessions(a, on_sessions, &l) == 0) {
    bench_run_until(b, &w->listed);
  } else {
    w->list_err = JANUV_EINVAL;
  }
  if (a) {
    bool closed = false;
    januv_admin_close(a, on_admin_closed, &closed);
    bench_run_until(b, &closed);
  }
  free(l.mine);
}

static void on_client_closed(januv_client *c, void *data) {
  (void)c;
  *(bool *)data = true;
}

int bench_idle(bench *b, const char *url, const char *label, unsigned sessions) {
  idle w = {.b = b, .n = sessions};
  januv_client_options o;
  januv_client_options_init(&o);
  o.request_timeout_ms = 60000;
  w.c = bench_client(b, url, &o);
  if (!w.c) return -1;
  w.s = calloc(w.n, sizeof *w.s);
  size_t heap0 = bench_heap_bytes();
  uint64_t t0 = bench_now_ns();
  issue_next(&w);
  bench_run_until(b, &w.ready_done);
  double setup_s = (double)(bench_now_ns() - t0) / 1e9;
  bench_run_for(b, 100); /* let the last replies' temporaries go */
  size_t heap1 = bench_heap_bytes();
  size_t rss = bench_rss_bytes();
  bench_log(b, "W3 %s: %u sessions with handles in %.2f s; holding %u s", label, w.ready, setup_s, b->hold_s);
  double cpu0 = bench_cpu_seconds();
  bench_run_for(b, b->hold_s * 1000);
  double hold_cpu = bench_cpu_seconds() - cpu0;
  if (b->admin_url) count_survivors(b, &w);
  char name[32];
  snprintf(name, sizeof name, "W3-idle-%u", sessions);
  bench_result r;
  bench_result_init(&r, name, label);
  if (w.failed || w.closed) {
    r.ok = false;
    snprintf(r.note, sizeof r.note, "%u failed to set up (%s), %u closed during the hold", w.failed,
             januv_err_name(w.err), w.closed);
  } else if (b->admin_url && (w.list_err || w.survivors != w.ready)) {
    r.ok = false;
    snprintf(r.note, sizeof r.note, "Janus lists %u of %u (%s)", w.survivors, w.ready, januv_err_name(w.list_err));
  }
  bench_metric(&r, "sessions", w.ready, "");
  if (b->admin_url) bench_metric(&r, "survivors", w.survivors, "");
  bench_metric(&r, "setup_s", setup_s, "s");
  bench_metric(&r, "hold_s", b->hold_s, "s");
  bench_metric(&r, "hold_cpu_s", hold_cpu, "s");
  bench_metric(&r, "heap_per_session_b", w.ready ? (double)(heap1 - heap0) / w.ready : 0, "B");
  bench_metric(&r, "rss_mb", (double)rss / 1048576.0, "MB");
  bench_metric(&r, "rss_start_mb", (double)b->rss_start / 1048576.0, "MB");
  bench_report(b, &r);
  /* Closing the connection ends the sessions on the server. */
  bool closed = false;
  januv_client_close(w.c, on_client_closed, &closed);
  bench_run_until(b, &closed);
  free(w.s);
  return 0;
}
