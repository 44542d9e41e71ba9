/*
 * Reconnecting after a lost connection: attempts with exponential backoff and jitter, up to a number
 * of retries. Between attempts the conn is RECONNECTING: requests wait in a bounded queue. Once the
 * transport is up again, the owner restores its sessions (claim) before the queue goes out.
 */
#include <stdio.h>

#include "core/conn.h"
#include "januv/errors.h"
#include "util/rand.h"

void jv_reconnect_init(jv_conn *c, const jv_conn_options *o) {
  c->max_retries = o->reconnect_max_retries;
  c->retry_delay_ms = o->reconnect_delay_ms ? o->reconnect_delay_ms : 500;
  c->retry_max_ms = o->reconnect_max_delay_ms ? o->reconnect_max_delay_ms : 15000;
  if (c->retry_max_ms < c->retry_delay_ms) c->retry_max_ms = c->retry_delay_ms;
  c->queue_limit = o->reconnect_queue_size;
}

bool jv_reconnect_enabled(const jv_conn *c) { return c->max_retries != 0 && !c->closing; }

static void on_retry(uv_timer_t *timer) {
  jv_conn *c = timer->data;
  if (c->closing || c->state != JANUV_CONN_RECONNECTING) return;
  jv_logf(&c->log, JANUV_LOG_INFO, "reconnecting to %s (attempt %d)", c->url, c->attempt);
  jv_conn_open(c);
}

bool jv_reconnect_schedule(jv_conn *c, int err, const char *detail) {
  if (!jv_reconnect_enabled(c) || (c->max_retries > 0 && c->attempt >= c->max_retries)) return false;
  c->attempt++;
  uint64_t delay = c->retry_delay_ms;
  for (int i = 1; i < c->attempt && delay < c->retry_max_ms; i++) delay *= 2;
  if (delay > c->retry_max_ms) delay = c->retry_max_ms;
  /* Jitter in [delay/2, delay]: clients that lost the same server do not come back in lockstep. */
  delay = delay / 2 + jv_rand64() % (delay / 2 + 1);
  c->state = JANUV_CONN_RECONNECTING;
  char what[320];
  snprintf(what, sizeof what, "attempt %d in %llu ms after: %s", c->attempt, (unsigned long long)delay,
           detail && *detail ? detail : januv_strerror(err));
  jv_logf(&c->log, JANUV_LOG_WARN, "%s", what);
  uv_timer_start(&c->retry_timer, on_retry, delay, 0);
  c->h->on_state(c, JANUV_CONN_RECONNECTING, err, what);
  return true;
}
