#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

int t_failures;
const char *t_current = "";
static const char *skipped;

void t_skip(const char *why) { skipped = why; }

void t_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "  FAIL %s (%s:%d): %s\n", t_current, file, line, what);
  t_failures++;
}

void t_failf(const char *file, int line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  t_fail(file, line, msg);
}

int t_run(int argc, char **argv, const t_case *cases, size_t n) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int ran = 0, failed = 0, nskipped = 0;
  for (size_t i = 0; i < n; i++) {
    if (argc > 1) {
      bool wanted = false;
      for (int a = 1; a < argc; a++)
        if (argv[a][0] != '-' && !strcmp(argv[a], cases[i].name)) wanted = true;
      bool any_filter = false;
      for (int a = 1; a < argc; a++)
        if (argv[a][0] != '-') any_filter = true;
      if (any_filter && !wanted) continue;
    }
    t_current = cases[i].name;
    int before = t_failures;
    uint64_t start = uv_hrtime();
    skipped = NULL;
    cases[i].fn();
    double ms = (double)(uv_hrtime() - start) / 1e6;
    ran++;
    if (skipped && t_failures == before) {
      nskipped++;
      printf("ok %d - %s # SKIP %s\n", ran, cases[i].name, skipped);
    } else if (t_failures != before) {
      failed++;
      printf("not ok %d - %s (%.0f ms)\n", ran, cases[i].name, ms);
    } else {
      printf("ok %d - %s (%.0f ms)\n", ran, cases[i].name, ms);
    }
  }
  printf("1..%d\n", ran);
  if (ran == 0) {
    fprintf(stderr, "no test case matched\n");
    return 1;
  }
  if (failed) return 1;
  return nskipped == ran ? 77 : 0;
}

/* A deadline timer, plus a prepare handle that stops the loop as soon as the condition holds: a
 * condition set by a timer callback would otherwise wait for the next poll to return. */
typedef struct waiter {
  uv_timer_t timer;
  uv_prepare_t prep;
  bool expired;
  const bool *flag;
  const int *counter;
  int target;
} waiter;

static bool waiter_done(const waiter *w) {
  return w->expired || (w->flag && *w->flag) || (w->counter && *w->counter >= w->target);
}

static void on_expire(uv_timer_t *t) { ((waiter *)t->data)->expired = true; }

static void on_prepare(uv_prepare_t *p) {
  if (waiter_done(p->data)) uv_stop(p->loop);
}

static void waiter_start(uv_loop_t *loop, waiter *w, uint32_t ms) {
  w->expired = false;
  uv_timer_init(loop, &w->timer);
  w->timer.data = w;
  uv_timer_start(&w->timer, on_expire, ms, 0);
  uv_prepare_init(loop, &w->prep);
  w->prep.data = w;
  uv_prepare_start(&w->prep, on_prepare);
}

static void waiter_run(uv_loop_t *loop, waiter *w) {
  while (!waiter_done(w)) uv_run(loop, UV_RUN_ONCE);
}

static void waiter_stop(uv_loop_t *loop, waiter *w) {
  uv_close((uv_handle_t *)&w->timer, NULL);
  uv_close((uv_handle_t *)&w->prep, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
}

bool t_wait(uv_loop_t *loop, const bool *flag, uint32_t ms) {
  waiter w = {.flag = flag};
  waiter_start(loop, &w, ms);
  waiter_run(loop, &w);
  waiter_stop(loop, &w);
  return *flag;
}

bool t_wait_count(uv_loop_t *loop, const int *counter, int target, uint32_t ms) {
  waiter w = {.counter = counter, .target = target};
  waiter_start(loop, &w, ms);
  waiter_run(loop, &w);
  waiter_stop(loop, &w);
  return *counter >= target;
}

void t_run_for(uv_loop_t *loop, uint32_t ms) {
  waiter w = {0};
  waiter_start(loop, &w, ms);
  waiter_run(loop, &w);
  waiter_stop(loop, &w);
}

static void print_handle(uv_handle_t *h, void *arg) {
  (void)arg;
  fprintf(stderr, "  open handle: %s%s\n", uv_handle_type_name(uv_handle_get_type(h)),
          uv_is_closing(h) ? " (closing)" : "");
}

bool t_loop_close(uv_loop_t *loop, uint32_t ms) {
  uint64_t deadline = uv_hrtime() + (uint64_t)ms * 1000000u;
  while (uv_loop_alive(loop) && uv_hrtime() < deadline) uv_run(loop, UV_RUN_NOWAIT);
  int rc = uv_loop_close(loop);
  if (rc != 0) {
    fprintf(stderr, "  uv_loop_close: %s\n", uv_strerror(rc));
    uv_walk(loop, print_handle, NULL);
  }
  return rc == 0;
}

int t_log_level(void) {
  const char *e = getenv("JANUV_TEST_LOG");
  return e ? atoi(e) : -1;
}

void t_log_cb(januv_log_level level, const char *msg, void *data) {
  (void)data;
  static const char *names[] = {"ERROR", "WARN", "INFO", "DEBUG"};
  if ((int)level <= t_log_level())
    fprintf(stderr, "  %.3f [%s] %s\n", (double)(uv_hrtime() % 100000000000ull) / 1e9, names[level & 3], msg);
}

void t_logbuf_cb(januv_log_level level, const char *msg, void *data) {
  t_logbuf *b = data;
  size_t n = strlen(msg);
  if (b->len + n + 2 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
    char *p = realloc(b->text, cap);
    if (!p) return;
    b->text = p;
    b->cap = cap;
  }
  memcpy(b->text + b->len, msg, n);
  b->len += n;
  b->text[b->len++] = '\n';
  b->text[b->len] = '\0';
  t_log_cb(level, msg, NULL);
}

void t_logbuf_free(t_logbuf *b) {
  free(b->text);
  memset(b, 0, sizeof *b);
}
