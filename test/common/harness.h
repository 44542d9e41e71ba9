/*
 * A tiny test harness: cases, checks, and loop helpers that wait on events with generous limits.
 *
 * A case is a void function; CHECK() records a failure and returns from it. main() is
 * T_MAIN(cases...). Run one case with `prog NAME`.
 */
#ifndef JV_TEST_HARNESS_H
#define JV_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

#include "januv/common.h"

typedef struct t_case {
  const char *name;
  void (*fn)(void);
} t_case;

extern int t_failures;
extern const char *t_current;

void t_fail(const char *file, int line, const char *what);
void t_failf(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The current case cannot run in this build (why: a missing optional tool); it returns at once after this. When
 * every case that ran was skipped, t_run() exits 77, meson's "skipped". */
void t_skip(const char *why);
int t_run(int argc, char **argv, const t_case *cases, size_t n);

#define T_MAIN(...)                                                            \
  int main(int argc, char **argv) {                                            \
    static const t_case cases_[] = {__VA_ARGS__};                              \
    return t_run(argc, argv, cases_, sizeof cases_ / sizeof cases_[0]);        \
  }
#define T_CASE(fn) {#fn, fn}

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      t_fail(__FILE__, __LINE__, #cond);                                       \
      return;                                                                  \
    }                                                                          \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                     \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_) {                                                            \
      t_failf(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, a_, b_);   \
      return;                                                                  \
    }                                                                          \
  } while (0)

#define CHECK_EQ_STR(a, b)                                                     \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                   \
      t_failf(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", #a, #b,        \
              a_ ? a_ : "(null)", b_ ? b_ : "(null)");                         \
      return;                                                                  \
    }                                                                          \
  } while (0)

/* Runs the loop until *flag becomes true or ms pass. Returns *flag. */
bool t_wait(uv_loop_t *loop, const bool *flag, uint32_t ms);
/* Runs the loop until *counter >= target or ms pass. */
bool t_wait_count(uv_loop_t *loop, const int *counter, int target, uint32_t ms);
/* Runs the loop for ms (for "nothing more happens" checks only). */
void t_run_for(uv_loop_t *loop, uint32_t ms);
/* Runs the loop until it has no more handles (at most ms), then uv_loop_close(); true when it closed
 * cleanly. Prints the handles still open otherwise. */
bool t_loop_close(uv_loop_t *loop, uint32_t ms);

/* A januv log callback printing to stderr when JANUV_TEST_LOG is set (level 0-3). */
void t_log_cb(januv_log_level level, const char *msg, void *data);
int t_log_level(void);

/* Captured log lines (for checks that secrets never appear). */
typedef struct t_logbuf {
  char *text;
  size_t len, cap;
} t_logbuf;
void t_logbuf_cb(januv_log_level level, const char *msg, void *data);
void t_logbuf_free(t_logbuf *b);

#endif
