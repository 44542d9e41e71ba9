#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

int t_failures;
const char *t_current = "";

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
  int ran = 0, failed = 0;
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
    cases[i].fn();
    double ms = (double)(uv_hrtime() - start) / 1e6;
    ran++;
    if (t_failures != before) {
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
  return failed ? 1 : 0;
}

typedef struct waiter {
  uv_timer_t timer;
  bool expired;
} waiter;

static void on_expire(uv_timer_t *t) { ((waiter *)t->data)->expired = true; }

static void waiter_start(uv_loop_t *loop, waiter *w, uint32_t ms) {
  w->expired = false;
  uv_timer_init(loop, &w->timer);
  w->timer.data = w;
  uv_timer_start(&w->timer, on_expire, ms, 0);
}

static void waiter_stop(uv_loop_t *loop, waiter *w) {
  uv_close((uv_handle_t *)&w->timer, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
}

bool t_wait(uv_loop_t *loop, const bool *flag, uint32_t ms) {
  waiter w;
  waiter_start(loop, &w, ms);
  while (!*flag && !w.expired) uv_run(loop, UV_RUN_ONCE);
  waiter_stop(loop, &w);
  return *flag;
}

bool t_wait_count(uv_loop_t *loop, const int *counter, int target, uint32_t ms) {
  waiter w;
  waiter_start(loop, &w, ms);
  while (*counter < target && !w.expired) uv_run(loop, UV_RUN_ONCE);
  waiter_stop(loop, &w);
  return *counter >= target;
}

void t_run_for(uv_loop_t *loop, uint32_t ms) {
  waiter w;
  waiter_start(loop, &w, ms);
  while (!w.expired) uv_run(loop, UV_RUN_ONCE);
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
  if ((int)level <= t_log_level()) fprintf(stderr, "  [%s] %s\n", names[level & 3], msg);
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
