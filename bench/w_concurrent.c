/* W2: C sessions with one EchoTest handle each, then M messages per handle all in flight at once. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct conc conc;

typedef struct msg {
  conc *w;
  uint64_t sent;
} msg;

struct conc {
  bench *b;
  januv_client *c;
  januv_session **s;
  januv_handle **h;
  unsigned n, ready, failed, completed, total, destroyed;
  bool ready_done, msgs_done, teardown_done;
  int err;
  bench_lat lat;
};

static void check_ready(conc *w) {
  if (w->ready + w->failed == w->n) w->ready_done = true;
}

typedef struct slot {
  conc *w;
  unsigned i;
} slot;

static void on_attach_failed(conc *w, int err) {
  w->failed++;
  w->err = err;
  check_ready(w);
}

static void on_attached_slot(januv_handle *h, const januv_reply *r, void *data) {
  slot *sl = data;
  conc *w = sl->w;
  if (!h) {
    on_attach_failed(w, r->status);
  } else {
    w->h[sl->i] = h;
    w->ready++;
    check_ready(w);
  }
  free(sl);
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  slot *sl = data;
  conc *w = sl->w;
  if (!s) {
    on_attach_failed(w, r->status);
    free(sl);
    return;
  }
  w->s[sl->i] = s;
  int rc = januv_handle_attach(s, "janus.plugin.echotest", NULL, NULL, on_attached_slot, sl);
  if (rc) {
    on_attach_failed(w, rc);
    free(sl);
  }
}

static void on_reply(const januv_reply *r, void *data) {
  msg *m = data;
  conc *w = m->w;
  if (r->status) {
    w->err = r->status;
  } else {
    bench_lat_add(&w->lat, bench_now_ns() - m->sent);
  }
  if (++w->completed == w->total) w->msgs_done = true;
}

static void on_destroyed(const januv_reply *r, void *data) {
  conc *w = data;
  (void)r;
  if (++w->destroyed == w->ready) w->teardown_done = true;
}

int bench_concurrent(bench *b, const char *url, const char *label, unsigned m) {
  conc w = {.b = b, .n = b->conc_c};
  w.c = bench_client(b, url, NULL);
  if (!w.c) return -1;
  w.s = calloc(w.n, sizeof *w.s);
  w.h = calloc(w.n, sizeof *w.h);
  for (unsigned i = 0; i < w.n; i++) {
    slot *sl = malloc(sizeof *sl);
    sl->w = &w;
    sl->i = i;
    if (januv_session_create(w.c, NULL, on_created, sl) != 0) {
      free(sl);
      on_attach_failed(&w, JANUV_ENOMEM);
    }
  }
  bench_run_until(b, &w.ready_done);
  char name[32];
  snprintf(name, sizeof name, "W2-conc-m%u", m);
  if (w.failed) {
    bench_result r;
    bench_result_init(&r, name, label);
    r.ok = false;
    snprintf(r.note, sizeof r.note, "%u of %u sessions failed: %s", w.failed, w.n, januv_err_name(w.err));
    bench_report(b, &r);
  }
  /* --runs rounds over the same sessions: "10 runs in a row" with no request slower than 1 s */
  cJSON *body = cJSON_Parse("{\"audio\":false}");
  w.total = w.ready * m;
  msg *msgs = calloc(w.total ? w.total : 1, sizeof *msgs);
  for (unsigned run = 0; run < b->runs && !w.failed; run++) {
    bench_result r;
    bench_result_init(&r, name, label);
    w.completed = 0;
    w.msgs_done = false;
    w.err = 0;
    bench_lat_free(&w.lat);
    double cpu0 = bench_cpu_seconds(), sys0 = bench_sys_seconds();
    uint64_t t0 = bench_now_ns();
    unsigned k = 0;
    for (unsigned j = 0; j < m; j++)
      for (unsigned i = 0; i < w.n; i++, k++) {
        msgs[k].w = &w;
        msgs[k].sent = bench_now_ns();
        if (januv_handle_message(w.h[i], body, NULL, on_reply, &msgs[k]) != 0) {
          w.err = JANUV_ENOMEM;
          if (++w.completed == w.total) w.msgs_done = true;
        }
      }
    bench_run_until(b, &w.msgs_done);
    double wall = (double)(bench_now_ns() - t0) / 1e9;
    double cpu = bench_cpu_seconds() - cpu0, sys = bench_sys_seconds() - sys0;
    double max_us = bench_lat_max_us(&w.lat);
    if (w.err) {
      r.ok = false;
      snprintf(r.note, sizeof r.note, "some messages failed: %s", januv_err_name(w.err));
    }
    if (b->runs > 1) bench_metric(&r, "run", run + 1, "");
    bench_metric(&r, "messages", w.total, "");
    bench_metric(&r, "per_s", wall > 0 ? w.total / wall : 0, "/s");
    bench_metric(&r, "p50_us", bench_lat_pct_us(&w.lat, 50), "us");
    bench_metric(&r, "p99_us", bench_lat_pct_us(&w.lat, 99), "us");
    bench_metric(&r, "max_us", max_us, "us");
    bench_metric(&r, "cpu_per_msg_us", w.total ? cpu / w.total * 1e6 : 0, "us");
    bench_metric(&r, "sys_per_msg_us", w.total ? sys / w.total * 1e6 : 0, "us");
    bench_report(b, &r);
  }
  free(msgs);
  cJSON_Delete(body);
  for (unsigned i = 0; i < w.n; i++)
    if (w.s[i] && januv_session_destroy(w.s[i], on_destroyed, &w) != 0 && ++w.destroyed == w.ready)
      w.teardown_done = true;
  if (w.ready) bench_run_until(b, &w.teardown_done);
  bench_lat_free(&w.lat);
  free(w.s);
  free(w.h);
  bench_client_close(b, w.c);
  return 0;
}
