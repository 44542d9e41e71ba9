/*
 * Pending transactions: a uthash keyed by a 64-bit id, the reply-matching rules, and one timer for
 * all deadlines. Deadlines are kept in a list sorted by time; every request gets the same default
 * timeout, so insertion almost always happens at the tail.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "januv/errors.h"

/* The transaction string is the id xor a per-connection salt in hex: unique per connection and not
 * guessable as a sequence, and turned back into the hash key without a string hash. */
void jv_txn_format(const jv_conn *c, uint64_t id, char *buf) {
  static const char hex[] = "0123456789abcdef";
  uint64_t v = id ^ c->txn_salt;
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = hex[v & 15];
    v >>= 4;
  } while (v);
  for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
}

uint64_t jv_txn_parse(const jv_conn *c, const char *s) {
  if (!s || !*s) return 0;
  uint64_t v = 0;
  int n = 0;
  for (; *s; s++, n++) {
    int d;
    if (*s >= '0' && *s <= '9')
      d = *s - '0';
    else if (*s >= 'a' && *s <= 'f')
      d = *s - 'a' + 10;
    else
      return 0;
    if (n == 16) return 0;
    v = (v << 4) | (uint64_t)d;
  }
  return v ^ c->txn_salt;
}

static void arm_timer(jv_conn *c);

static void on_txn_timer(uv_timer_t *timer) {
  jv_conn *c = timer->data;
  c->timer_due = 0;
  jv_txn_expire(c);
  arm_timer(c);
}

static void arm_timer(jv_conn *c) {
  if (jv_list_empty(&c->deadlines)) {
    if (c->timer_due) uv_timer_stop(&c->txn_timer);
    c->timer_due = 0;
    return;
  }
  jv_txn *head = JV_CONTAINER_OF(c->deadlines.next, jv_txn, deadline_link);
  if (c->timer_due == head->deadline) return;
  uint64_t now = uv_now(c->loop);
  c->timer_due = head->deadline;
  uv_timer_start(&c->txn_timer, on_txn_timer, head->deadline > now ? head->deadline - now : 0, 0);
}

static void insert_deadline(jv_conn *c, jv_txn *t) {
  jv_list *at = c->deadlines.prev;
  while (at != &c->deadlines && JV_CONTAINER_OF(at, jv_txn, deadline_link)->deadline > t->deadline) at = at->prev;
  jv_list_insert_before(at->next, &t->deadline_link);
}

/* Freed transactions are kept (up to this many) so that a steady flow of requests costs no malloc. */
#define TXN_CACHE 256

jv_txn *jv_txn_create(jv_conn *c, jv_txn_kind kind, jv_txn_done_fn done, januv_reply_cb cb, void *data) {
  jv_txn *t;
  jv_list *n = jv_list_pop_front(&c->free_txns);
  if (n) {
    c->nfree_txns--;
    t = JV_CONTAINER_OF(n, jv_txn, queue_link);
    memset(t, 0, sizeof *t);
  } else if (!(t = calloc(1, sizeof *t))) {
    return NULL;
  }
  t->id = ++c->txn_counter;
  t->kind = (uint8_t)kind;
  t->done = done;
  t->cb = cb;
  t->data = data;
  jv_list_init(&t->owner_link);
  jv_list_init(&t->queue_link);
  t->deadline = uv_now(c->loop) + c->request_timeout_ms;
  HASH_ADD(hh, c->txns, id, sizeof t->id, t);
  c->ntxns++;
  insert_deadline(c, t);
  arm_timer(c);
  return t;
}

jv_txn *jv_txn_lookup(jv_conn *c, uint64_t id) {
  jv_txn *t = NULL;
  if (id) HASH_FIND(hh, c->txns, &id, sizeof id, t);
  return t;
}

bool jv_txn_is_final(jv_txn *t, const char *verb) {
  if (!strcmp(verb, "ack")) {
    if (t->kind == JV_TXN_PLUGIN) {
      t->acked = true;
      return false;
    }
    return true;
  }
  return !strcmp(verb, "success") || !strcmp(verb, "error") || !strcmp(verb, "event") ||
         !strcmp(verb, "pong") || !strcmp(verb, "server_info");
}

void jv_txn_free(jv_conn *c, jv_txn *t) {
  free(t->json);
  if (c->nfree_txns < TXN_CACHE && !c->closing) {
    jv_list_push_front(&c->free_txns, &t->queue_link);
    c->nfree_txns++;
    return;
  }
  free(t);
}

void jv_txn_free_cache(jv_conn *c) {
  jv_list *n;
  while ((n = jv_list_pop_front(&c->free_txns))) free(JV_CONTAINER_OF(n, jv_txn, queue_link));
  c->nfree_txns = 0;
}

/* Removes t from the table and every list; it can no longer be found or expire. */
static void unlink_txn(jv_conn *c, jv_txn *t) {
  HASH_DEL(c->txns, t);
  c->ntxns--;
  if (!t->sent && jv_list_linked(&t->queue_link)) c->nqueued--; /* it was waiting in sendq */
  jv_list_remove(&t->deadline_link);
  jv_list_remove(&t->owner_link);
  jv_list_remove(&t->queue_link);
}

/* t ends here, not by the transport's answer: a transport that keeps something for its answer (an HTTP
 * connection) lets it go. */
static void ended_early(jv_conn *c, jv_txn *t) {
  if (t->sent && c->transport && !c->closing) jv_transport_request_ended(c->transport, t->id);
}

void jv_txn_discard(jv_conn *c, jv_txn *t) {
  unlink_txn(c, t);
  arm_timer(c);
  jv_txn_free(c, t);
}

void jv_txn_complete(jv_conn *c, jv_txn *t, const januv_reply *r) {
  unlink_txn(c, t);
  arm_timer(c);
  t->done(c, t, r);
  jv_txn_free(c, t);
}

void jv_txn_fail(jv_conn *c, jv_txn *t, int status, const char *detail) {
  januv_reply r = {.status = status, .reason = detail && *detail ? detail : januv_strerror(status)};
  jv_txn_complete(c, t, &r);
}

void jv_txn_fail_later(jv_conn *c, jv_txn *t, int status) {
  unlink_txn(c, t);
  ended_early(c, t);
  arm_timer(c);
  t->fail_status = status;
  jv_list_push_back(&c->doneq, &t->queue_link);
  jv_conn_kick(c);
}

void jv_txn_run_doneq(jv_conn *c) {
  jv_list *n;
  while ((n = jv_list_pop_front(&c->doneq))) {
    jv_txn *t = JV_CONTAINER_OF(n, jv_txn, queue_link);
    januv_reply r = {.status = t->fail_status, .reason = januv_strerror(t->fail_status)};
    t->done(c, t, &r);
    jv_txn_free(c, t);
  }
}

void jv_txn_fail_list(jv_conn *c, jv_list *owner, int status, const char *detail) {
  while (!jv_list_empty(owner)) {
    jv_txn *t = JV_CONTAINER_OF(owner->next, jv_txn, owner_link);
    ended_early(c, t);
    jv_txn_fail(c, t, status, detail);
  }
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

void jv_txn_fail_all(jv_conn *c, int status, const char *detail, bool only_sent) {
  /* Ids are taken first: requests issued by the callbacks we run are left alone. Oldest first, so
   * callbacks see the order in which their requests were made. */
  size_t n = 0, i = 0;
  for (jv_list *l = c->deadlines.next; l != &c->deadlines; l = l->next)
    if (!only_sent || JV_CONTAINER_OF(l, jv_txn, deadline_link)->sent) n++;
  if (n == 0) return;
  uint64_t *ids = malloc(n * sizeof *ids);
  if (!ids) {
    /* Without memory: fail from the head of the deadline list, up to the current id. */
    uint64_t max_id = c->txn_counter;
    bool again = true;
    while (again) {
      again = false;
      for (jv_list *l = c->deadlines.next; l != &c->deadlines; l = l->next) {
        jv_txn *t = JV_CONTAINER_OF(l, jv_txn, deadline_link);
        if (t->id <= max_id && (!only_sent || t->sent)) {
          jv_txn_fail(c, t, status, detail);
          again = true;
          break;
        }
      }
    }
    return;
  }
  for (jv_list *l = c->deadlines.next; l != &c->deadlines; l = l->next) {
    jv_txn *t = JV_CONTAINER_OF(l, jv_txn, deadline_link);
    if (!only_sent || t->sent) ids[i++] = t->id;
  }
  qsort(ids, n, sizeof *ids, cmp_u64);
  for (i = 0; i < n; i++) {
    jv_txn *t = jv_txn_lookup(c, ids[i]);
    if (t) jv_txn_fail(c, t, status, detail);
  }
  free(ids);
}

int jv_txn_set_timeout(jv_conn *c, jv_txn *t, uint32_t ms) {
  if (ms == 0) return JANUV_EINVAL;
  jv_list_remove(&t->deadline_link);
  t->deadline = uv_now(c->loop) + ms;
  insert_deadline(c, t);
  arm_timer(c);
  return 0;
}

void jv_txn_expire(jv_conn *c) {
  uint64_t now = uv_now(c->loop);
  while (!jv_list_empty(&c->deadlines)) {
    jv_txn *t = JV_CONTAINER_OF(c->deadlines.next, jv_txn, deadline_link);
    if (t->deadline > now) break;
    char detail[96];
    snprintf(detail, sizeof detail, "no reply to \"%s\" in time", t->verb ? t->verb : "request");
    ended_early(c, t);
    jv_txn_fail(c, t, JANUV_ETIMEDOUT, detail);
  }
}

void jv_reply_from_msg(januv_reply *r, const cJSON *msg, const char *verb) {
  memset(r, 0, sizeof *r);
  r->json = msg;
  r->reason = "";
  if (!strcmp(verb, "error")) {
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(msg, "error");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(err, "reason");
    r->status = JANUV_EJANUS;
    r->janus_code = cJSON_IsNumber(code) ? code->valueint : 0;
    r->reason = cJSON_IsString(reason) ? reason->valuestring : "Janus error";
  }
  const cJSON *pd = cJSON_GetObjectItemCaseSensitive(msg, "plugindata");
  if (cJSON_IsObject(pd)) {
    const cJSON *plugin = cJSON_GetObjectItemCaseSensitive(pd, "plugin");
    r->plugin = cJSON_IsString(plugin) ? plugin->valuestring : NULL;
    r->data = cJSON_GetObjectItemCaseSensitive(pd, "data");
  }
  const cJSON *jsep = cJSON_GetObjectItemCaseSensitive(msg, "jsep");
  r->jsep = cJSON_IsObject(jsep) ? jsep : NULL;
}
