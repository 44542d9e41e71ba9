/* W1: sequential cycles create -> attach -> message (until its event) -> detach -> destroy. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct cyc {
  bench *b;
  januv_client *c;
  januv_session *s;
  januv_handle *h;
  cJSON *body;
  unsigned i, n;
  uint64_t t0;
  bench_lat lat;
  bool done;
  int err;
  const char *failed_at;
} cyc;

static void start(cyc *w);

static void fail(cyc *w, const char *step, int err) {
  w->err = err;
  w->failed_at = step;
  w->done = true;
}

static void on_destroyed(const januv_reply *r, void *data) {
  cyc *w = data;
  if (r->status) {
    fail(w, "destroy", r->status);
    return;
  }
  bench_lat_add(&w->lat, bench_now_ns() - w->t0);
  if (++w->i == w->n)
    w->done = true;
  else
    start(w);
}

static void on_detached(const januv_reply *r, void *data) {
  cyc *w = data;
  if (r->status) {
    fail(w, "detach", r->status);
    return;
  }
  int rc = januv_session_destroy(w->s, on_destroyed, w);
  if (rc) fail(w, "destroy", rc);
}

static void on_reply(const januv_reply *r, void *data) {
  cyc *w = data;
  if (r->status) {
    fail(w, "message", r->status);
    return;
  }
  int rc = januv_handle_detach(w->h, on_detached, w);
  if (rc) fail(w, "detach", rc);
}

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  cyc *w = data;
  if (!h) {
    fail(w, "attach", r->status);
    return;
  }
  w->h = h;
  int rc = januv_handle_message(h, w->body, NULL, on_reply, w);
  if (rc) fail(w, "message", rc);
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  cyc *w = data;
  if (!s) {
    fail(w, "create", r->status);
    return;
  }
  w->s = s;
  int rc = januv_handle_attach(s, "janus.plugin.echotest", NULL, NULL, on_attached, w);
  if (rc) fail(w, "attach", rc);
}

static void start(cyc *w) {
  w->t0 = bench_now_ns();
  int rc = januv_session_create(w->c, NULL, on_created, w);
  if (rc) fail(w, "create", rc);
}

int bench_cycle(bench *b, const char *url, const char *label) {
  cyc w = {.b = b, .n = b->cycle_n};
  w.c = bench_client(b, url, NULL);
  if (!w.c) return -1;
  w.body = cJSON_Parse("{\"audio\":false}");
  double cpu0 = bench_cpu_seconds();
  uint64_t t0 = bench_now_ns();
  start(&w);
  bench_run_until(b, &w.done);
  double wall = (double)(bench_now_ns() - t0) / 1e9;
  double cpu = bench_cpu_seconds() - cpu0;
  bench_result r;
  bench_result_init(&r, "W1-cycle", label);
  if (w.err) {
    r.ok = false;
    snprintf(r.note, sizeof r.note, "%s failed at iteration %u: %s", w.failed_at, w.i, januv_err_name(w.err));
  }
  bench_metric(&r, "iterations", w.i, "");
  bench_metric(&r, "per_s", wall > 0 ? w.i / wall : 0, "/s");
  bench_metric(&r, "p50_us", bench_lat_pct_us(&w.lat, 50), "us");
  bench_metric(&r, "p99_us", bench_lat_pct_us(&w.lat, 99), "us");
  bench_metric(&r, "cpu_s", cpu, "s");
  bench_metric(&r, "cpu_per_iter_us", w.i ? cpu / w.i * 1e6 : 0, "us");
  bench_report(b, &r);
  bench_lat_free(&w.lat);
  cJSON_Delete(w.body);
  bench_client_close(b, w.c);
  return 0;
}
