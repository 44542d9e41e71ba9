/* Measuring, reporting and loop helpers of januv-bench. */
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench.h"

double bench_sys_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

double bench_cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         (double)ru.ru_stime.tv_usec / 1e6;
}

size_t bench_rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f) {
    if (fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    fclose(f);
  }
  return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

size_t bench_heap_bytes(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks;
}

uint64_t bench_now_ns(void) { return uv_hrtime(); }

void bench_lat_add(bench_lat *l, uint64_t ns) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    uint64_t *p = realloc(l->ns, cap * sizeof *p);
    if (!p) return;
    l->ns = p;
    l->cap = cap;
  }
  l->ns[l->n++] = ns;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

double bench_lat_pct_us(bench_lat *l, double p) {
  if (l->n == 0) return 0;
  qsort(l->ns, l->n, sizeof *l->ns, cmp_u64);
  size_t i = (size_t)(p / 100.0 * (double)(l->n - 1) + 0.5);
  return (double)l->ns[i] / 1e3;
}

double bench_lat_max_us(const bench_lat *l) {
  uint64_t m = 0;
  for (size_t i = 0; i < l->n; i++)
    if (l->ns[i] > m) m = l->ns[i];
  return (double)m / 1e3;
}

void bench_lat_free(bench_lat *l) {
  free(l->ns);
  memset(l, 0, sizeof *l);
}

void bench_result_init(bench_result *r, const char *workload, const char *transport) {
  memset(r, 0, sizeof *r);
  snprintf(r->workload, sizeof r->workload, "%s", workload);
  snprintf(r->transport, sizeof r->transport, "%s", transport);
  r->ok = true;
}

void bench_metric(bench_result *r, const char *key, double value, const char *unit) {
  if (r->nm >= (int)(sizeof r->m / sizeof r->m[0])) return;
  r->m[r->nm].key = key;
  r->m[r->nm].value = value;
  r->m[r->nm].unit = unit;
  r->nm++;
}

void bench_report(bench *b, const bench_result *r) {
  if (!r->ok) b->failed++;
  if (!b->json_only) {
    printf("%-12s %-6s %-4s", r->workload, r->transport, r->ok ? "ok" : "FAIL");
    for (int i = 0; i < r->nm; i++) printf("  %s=%.6g%s", r->m[i].key, r->m[i].value, r->m[i].unit);
    if (r->note[0]) printf("  (%s)", r->note);
    putchar('\n');
  }
  printf("{\"workload\":\"%s\",\"transport\":\"%s\",\"ok\":%s", r->workload, r->transport, r->ok ? "true" : "false");
  for (int i = 0; i < r->nm; i++) printf(",\"%s\":%.6g", r->m[i].key, r->m[i].value);
  if (r->note[0]) printf(",\"note\":\"%s\"", r->note);
  printf("}\n");
  fflush(stdout);
}

void bench_log(const bench *b, const char *fmt, ...) {
  if (b->json_only && !b->verbose) return;
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "januv-bench: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* A flag set from a timer callback is only seen after the next poll returns: a prepare handle stops
 * the loop as soon as it is set. */
static void on_prepare(uv_prepare_t *p) {
  if (*(const bool *)p->data) uv_stop(p->loop);
}

void bench_run_until(bench *b, const bool *flag) {
  uv_prepare_t prep;
  uv_prepare_init(&b->loop, &prep);
  prep.data = (void *)flag;
  uv_prepare_start(&prep, on_prepare);
  while (!*flag && uv_run(&b->loop, UV_RUN_ONCE)) {
  }
  uv_close((uv_handle_t *)&prep, NULL);
  uv_run(&b->loop, UV_RUN_NOWAIT);
}

static void on_timer(uv_timer_t *t) { *(bool *)t->data = true; }

void bench_run_for(bench *b, uint32_t ms) {
  bool done = false;
  uv_timer_t t;
  uv_timer_init(&b->loop, &t);
  t.data = &done;
  uv_timer_start(&t, on_timer, ms, 0);
  bench_run_until(b, &done);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(&b->loop, UV_RUN_NOWAIT);
}

typedef struct connect_wait {
  bool done, ok;
  char detail[256];
} connect_wait;

static void on_state(januv_client *c, januv_conn_state st, int err, const char *detail, void *data) {
  connect_wait *w = data;
  (void)c;
  (void)err;
  if (w->done) return;
  if (st == JANUV_CONN_CONNECTED || st == JANUV_CONN_FAILED) {
    w->done = true;
    w->ok = st == JANUV_CONN_CONNECTED;
    snprintf(w->detail, sizeof w->detail, "%s", detail);
  }
}

static void log_cb(januv_log_level level, const char *msg, void *data) {
  (void)data;
  fprintf(stderr, "januv-bench: [%d] %s\n", (int)level, msg);
}

januv_client *bench_client(bench *b, const char *url, januv_client_options *opts) {
  januv_client_options o;
  if (!opts) {
    januv_client_options_init(&o);
    opts = &o;
  }
  static connect_wait w;
  memset(&w, 0, sizeof w);
  opts->state_cb = on_state;
  opts->state_data = &w;
  opts->tls_ca_file = b->ca_file;
  if (b->pool) opts->http_max_connections = b->pool;
  if (b->verbose) {
    opts->log_cb = log_cb;
    opts->log_level = b->verbose > 1 ? JANUV_LOG_DEBUG : JANUV_LOG_INFO;
  }
  januv_client *c = NULL;
  int rc = januv_client_new(&b->loop, url, opts, &c);
  if (rc != 0) {
    bench_log(b, "%s: %s", url, januv_strerror(rc));
    return NULL;
  }
  bench_run_until(b, &w.done);
  if (!w.ok) {
    bench_log(b, "%s: %s", url, w.detail);
    bench_client_close(b, c);
    return NULL;
  }
  return c;
}

static void on_closed(januv_client *c, void *data) {
  (void)c;
  *(bool *)data = true;
}

void bench_client_close(bench *b, januv_client *c) {
  bool closed = false;
  if (januv_client_close(c, on_closed, &closed) == 0) bench_run_until(b, &closed);
}
