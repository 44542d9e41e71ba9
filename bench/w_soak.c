/* Soak: a population of sessions with handles kept for a fixed time under random traffic (messages on
 * random handles, sessions destroyed and replaced), printing RSS over time. After a warm-up the RSS
 * must stay flat: the last samples may not grow past the warm-up's level by more than a small margin. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct soak soak;

typedef struct member {
  soak *w;
  januv_session *s;
  januv_handle *h;
  bool busy; /* being created or destroyed */
} member;

struct soak {
  bench *b;
  januv_client *c;
  member *m;
  unsigned n;
  cJSON *body;
  uv_timer_t traffic, churn, sample;
  uint64_t sent, answered, failed, churned;
  size_t rss[1024];
  unsigned nrss;
  bool over;
  uint64_t rng;
};

static uint64_t rnd(soak *w) {
  w->rng ^= w->rng << 13;
  w->rng ^= w->rng >> 7;
  w->rng ^= w->rng << 17;
  return w->rng;
}

static void create_member(member *m);

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  member *m = data;
  (void)r;
  m->busy = false;
  m->h = h;
  if (!h) m->w->failed++;
}

static void on_created(januv_session *s, const januv_reply *r, void *data) {
  member *m = data;
  (void)r;
  m->s = s;
  if (!s || januv_handle_attach(s, "janus.plugin.echotest", NULL, NULL, on_attached, m) != 0) {
    m->busy = false;
    m->w->failed++;
  }
}

static void create_member(member *m) {
  m->busy = true;
  m->s = NULL;
  m->h = NULL;
  if (januv_session_create(m->w->c, NULL, on_created, m) != 0) {
    m->busy = false;
    m->w->failed++;
  }
}

static void on_destroyed(const januv_reply *r, void *data) {
  member *m = data;
  (void)r;
  if (!m->w->over) create_member(m);
  else m->busy = false;
}

static void on_reply(const januv_reply *r, void *data) {
  soak *w = data;
  if (r->status == 0)
    w->answered++;
  else
    w->failed++;
}

static void on_traffic(uv_timer_t *t) {
  soak *w = t->data;
  for (unsigned k = 0; k < w->n / 20 + 1; k++) { /* about 5% of the handles every 50 ms */
    member *m = &w->m[rnd(w) % w->n];
    if (m->busy || !m->h) continue;
    if (januv_handle_message(m->h, w->body, NULL, on_reply, w) == 0) w->sent++;
  }
}

static void on_churn(uv_timer_t *t) {
  soak *w = t->data;
  member *m = &w->m[rnd(w) % w->n];
  if (m->busy || !m->s) return;
  m->busy = true;
  w->churned++;
  if (januv_session_destroy(m->s, on_destroyed, m) != 0) m->busy = false;
}

static void on_sample(uv_timer_t *t) {
  soak *w = t->data;
  size_t rss = bench_rss_bytes();
  if (w->nrss < sizeof w->rss / sizeof w->rss[0]) w->rss[w->nrss++] = rss;
  bench_log(w->b, "soak: %3u s  rss %.2f MB  heap %.2f MB  messages %llu answered %llu failed %llu churned %llu",
            w->nrss * 5, (double)rss / 1048576.0, (double)bench_heap_bytes() / 1048576.0,
            (unsigned long long)w->sent, (unsigned long long)w->answered, (unsigned long long)w->failed,
            (unsigned long long)w->churned);
}

int bench_soak(bench *b, const char *url, const char *label) {
  soak w = {.b = b, .n = b->soak_sessions, .rng = 0x9E3779B97F4A7C15ull};
  w.c = bench_client(b, url, NULL);
  if (!w.c) return -1;
  w.body = cJSON_Parse("{\"audio\":false}");
  w.m = calloc(w.n, sizeof *w.m);
  for (unsigned i = 0; i < w.n; i++) {
    w.m[i].w = &w;
    create_member(&w.m[i]);
  }
  uv_timer_init(&b->loop, &w.traffic);
  uv_timer_init(&b->loop, &w.churn);
  uv_timer_init(&b->loop, &w.sample);
  w.traffic.data = w.churn.data = w.sample.data = &w;
  uv_timer_start(&w.traffic, on_traffic, 50, 50);
  uv_timer_start(&w.churn, on_churn, 100, 100);
  uv_timer_start(&w.sample, on_sample, 5000, 5000);
  bench_run_for(b, b->soak_s * 1000);
  w.over = true;
  uv_close((uv_handle_t *)&w.traffic, NULL);
  uv_close((uv_handle_t *)&w.churn, NULL);
  uv_close((uv_handle_t *)&w.sample, NULL);
  bench_run_for(b, 2000); /* what is in flight completes */
  /* Flat after warm-up: the mean of the last quarter of samples against the mean of the second quarter. */
  bench_result r;
  bench_result_init(&r, "soak", label);
  double early = 0, late = 0;
  unsigned q = w.nrss / 4;
  if (q == 0) {
    r.ok = false;
    snprintf(r.note, sizeof r.note, "too short for a verdict (%u samples)", w.nrss);
  } else {
    for (unsigned i = q; i < 2 * q; i++) early += (double)w.rss[i];
    for (unsigned i = w.nrss - q; i < w.nrss; i++) late += (double)w.rss[i];
    early /= q;
    late /= q;
    double growth = (late - early) / early * 100;
    /* 2% or 512 KiB, whichever is more: allocator noise, not a leak */
    if (late - early > 524288 && growth > 2) {
      r.ok = false;
      snprintf(r.note, sizeof r.note, "RSS grew %.1f%% after warm-up", growth);
    }
    bench_metric(&r, "rss_warm_mb", early / 1048576.0, "MB");
    bench_metric(&r, "rss_end_mb", late / 1048576.0, "MB");
    bench_metric(&r, "growth_pct", growth, "%");
  }
  bench_metric(&r, "sessions", w.n, "");
  bench_metric(&r, "messages", (double)w.answered, "");
  bench_metric(&r, "failed", (double)w.failed, "");
  bench_metric(&r, "churned", (double)w.churned, "");
  if (w.failed) r.ok = false;
  bench_report(b, &r);
  cJSON_Delete(w.body);
  bench_client_close(b, w.c);
  free(w.m);
  return 0;
}
