/* The transaction table of lib/core/conn.h without a transport: ids, matching rules, completion,
 * deadlines, deferred and bulk failures, and the reply decoding helpers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "harness.h"
#include "januv/errors.h"
#include "util/rand.h"

/* A conn with only its transaction parts, as jv_conn_init() sets them up (minus transport, strings and
 * handlers). */
static void conn_setup(jv_conn *c, uv_loop_t *loop, uint32_t request_timeout_ms) {
  memset(c, 0, sizeof *c);
  c->loop = loop;
  c->request_timeout_ms = request_timeout_ms;
  c->txn_salt = jv_rand64();
  jv_list_init(&c->deadlines);
  jv_list_init(&c->sendq);
  jv_list_init(&c->doneq);
  jv_list_init(&c->deferred);
  jv_list_init(&c->free_txns);
  uv_timer_init(loop, &c->txn_timer);
  uv_timer_init(loop, &c->defer_timer);
  c->txn_timer.data = c->defer_timer.data = c;
  c->open_handles = 2;
  c->state = JANUV_CONN_CONNECTING;
}

/* Frees what is left without completing it and closes the timers (the loop then runs them down). */
static void conn_teardown(jv_conn *c) {
  jv_txn *t, *tmp;
  HASH_ITER(hh, c->txns, t, tmp) {
    HASH_DEL(c->txns, t);
    jv_txn_free(c, t);
  }
  jv_list *n;
  while ((n = jv_list_pop_front(&c->doneq))) jv_txn_free(c, JV_CONTAINER_OF(n, jv_txn, queue_link));
  jv_txn_free_cache(c);
  uv_close((uv_handle_t *)&c->txn_timer, NULL);
  uv_close((uv_handle_t *)&c->defer_timer, NULL);
}

/* What done() saw. */
typedef struct tlog {
  int n;
  uint64_t ids[64];
  int status[64];
  int janus_code;
  char reason[128];
  bool had_json;
  bool found_inside; /* the txn could still be looked up from inside its done() */
  /* When the txn with this id completes, its done() issues a new one (0: never). */
  uint64_t spawn_on;
  uint64_t spawned;
} tlog;

static void log_done(jv_conn *c, jv_txn *t, const januv_reply *r) {
  tlog *l = t->data;
  if (l->n < 64) {
    l->ids[l->n] = t->id;
    l->status[l->n] = r->status;
  }
  l->n++;
  l->janus_code = r->janus_code;
  snprintf(l->reason, sizeof l->reason, "%s", r->reason ? r->reason : "(null)");
  l->had_json = r->json != NULL;
  if (jv_txn_lookup(c, t->id)) l->found_inside = true;
  if (l->spawn_on && t->id == l->spawn_on) {
    jv_txn *nt = jv_txn_create(c, JV_TXN_SIMPLE, log_done, NULL, l);
    l->spawned = nt ? nt->id : 0;
  }
}

/* ---- ids ---- */

static bool round_trips(const jv_conn *c, uint64_t id) {
  char buf[20];
  memset(buf, 'X', sizeof buf);
  jv_txn_format(c, id, buf);
  size_t len = strnlen(buf, sizeof buf);
  bool ok = len >= 1 && len <= 16 && jv_txn_parse(c, buf) == id;
  for (size_t i = 0; ok && i < len; i++)
    if (!((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'f'))) ok = false;
  if (!ok) fprintf(stderr, "  id %" PRIu64 " -> \"%.*s\" -> %" PRIu64 "\n", id, (int)len, buf, jv_txn_parse(c, buf));
  return ok;
}

static void test_format_parse(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 1000);
  for (uint64_t id = 1; id <= 10000; id++) CHECK(round_trips(&c, id));
  for (int i = 0; i < 10000; i++) {
    uint64_t id = jv_rand64();
    if (id) CHECK(round_trips(&c, id));
  }
  CHECK(round_trips(&c, UINT64_MAX));
  CHECK(round_trips(&c, UINT64_C(1) << 63));
  CHECK(round_trips(&c, c.txn_salt)); /* formats as "0" */
  /* Other salts, including none. */
  uint64_t salts[] = {0, 1, UINT64_MAX, UINT64_C(0x8000000000000000), UINT64_C(0x0123456789abcdef)};
  for (size_t s = 0; s < sizeof salts / sizeof salts[0]; s++) {
    c.txn_salt = salts[s];
    for (uint64_t id = 1; id <= 300; id++) CHECK(round_trips(&c, id));
    CHECK(round_trips(&c, UINT64_MAX));
  }
  /* The string is not the id in the clear. */
  c.txn_salt = UINT64_C(0x0123456789abcdef);
  char buf[20];
  jv_txn_format(&c, 1, buf);
  CHECK_EQ_STR(buf, "123456789abcdee");
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
}

static void test_parse_rejects(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c, other;
  conn_setup(&c, &loop, 1000);
  conn_setup(&other, &loop, 1000);
  c.txn_salt = UINT64_C(0x0123456789abcdef);
  other.txn_salt = UINT64_C(0xfedcba9876543210);
  static const char *const bad[] = {
    "",   "g",    "12g4", "0x12", "-1", "+1", " 1", "1 ", "ABC", "abC", "12345678901234567", /* 17 digits */
    "ffffffffffffffff0", "\xff", "1\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (jv_txn_parse(&c, bad[i]) != 0) {
      t_failf(__FILE__, __LINE__, "\"%s\" parsed", bad[i]);
      return;
    }
  }
  CHECK_EQ_INT(jv_txn_parse(&c, NULL), 0);
  /* Uppercase versions of real ids are not ours. */
  char buf[20];
  int upper_tested = 0;
  for (uint64_t id = 1; id <= 64; id++) {
    jv_txn_format(&c, id, buf);
    bool letters = false;
    for (char *p = buf; *p; p++)
      if (*p >= 'a' && *p <= 'f') {
        *p = (char)(*p - 'a' + 'A');
        letters = true;
      }
    if (!letters) continue;
    upper_tested++;
    CHECK_EQ_INT(jv_txn_parse(&c, buf), 0);
  }
  CHECK(upper_tested > 0);
  /* Exactly 16 digits is fine; 17 is not, even with a leading zero. */
  CHECK_EQ_INT(jv_txn_parse(&c, "fedcba9876543210"), UINT64_C(0xfedcba9876543210) ^ c.txn_salt);
  CHECK_EQ_INT(jv_txn_parse(&c, "0fedcba9876543210"), 0);

  /* A string made by another conn (another salt) finds nothing here. */
  jv_txn *t1 = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, NULL);
  jv_txn *t2 = jv_txn_create(&other, JV_TXN_SIMPLE, log_done, NULL, NULL);
  CHECK(t1 && t2);
  CHECK_EQ_INT(t1->id, 1);
  CHECK_EQ_INT(t2->id, 1);
  jv_txn_format(&other, t2->id, buf);
  CHECK(jv_txn_parse(&c, buf) != t1->id);
  CHECK(jv_txn_lookup(&c, jv_txn_parse(&c, buf)) == NULL);
  CHECK(jv_txn_lookup(&other, jv_txn_parse(&other, buf)) == t2);
  jv_txn_format(&c, t1->id, buf);
  CHECK(jv_txn_lookup(&c, jv_txn_parse(&c, buf)) == t1);
  CHECK(jv_txn_lookup(&other, jv_txn_parse(&other, buf)) == NULL);
  conn_teardown(&c);
  conn_teardown(&other);
  CHECK(t_loop_close(&loop, 1000));
}

/* ---- the table ---- */

static void test_create_lookup(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 1000);
  tlog l = {0};
  CHECK(!uv_is_active((uv_handle_t *)&c.txn_timer));
  for (uint64_t i = 1; i <= 200; i++) {
    jv_txn *t = jv_txn_create(&c, i % 2 ? JV_TXN_SIMPLE : JV_TXN_PLUGIN, log_done, NULL, &l);
    CHECK(t);
    CHECK_EQ_INT(t->id, i);
    CHECK_EQ_INT(t->kind, i % 2 ? JV_TXN_SIMPLE : JV_TXN_PLUGIN);
    CHECK(t->data == &l);
    CHECK(t->done == log_done);
    CHECK(!t->acked && !t->sent);
    CHECK_EQ_INT(t->deadline, uv_now(&loop) + 1000);
  }
  CHECK_EQ_INT(c.ntxns, 200);
  CHECK(uv_is_active((uv_handle_t *)&c.txn_timer));
  for (uint64_t i = 1; i <= 200; i++) {
    jv_txn *t = jv_txn_lookup(&c, i);
    CHECK(t);
    CHECK_EQ_INT(t->id, i);
  }
  CHECK(jv_txn_lookup(&c, 0) == NULL);
  CHECK(jv_txn_lookup(&c, 201) == NULL);
  CHECK(jv_txn_lookup(&c, UINT64_MAX) == NULL);
  /* Discarded: gone, and done() never runs. */
  jv_txn_discard(&c, jv_txn_lookup(&c, 7));
  CHECK(jv_txn_lookup(&c, 7) == NULL);
  CHECK_EQ_INT(c.ntxns, 199);
  CHECK_EQ_INT(l.n, 0);
  /* Ids are never reused. */
  jv_txn *t = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  CHECK_EQ_INT(t->id, 201);
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
  CHECK_EQ_INT(l.n, 0);
}

static void test_is_final(void) {
  jv_txn s = {.kind = JV_TXN_SIMPLE};
  static const char *const simple_final[] = {"ack", "success", "error", "pong", "server_info"};
  for (size_t i = 0; i < sizeof simple_final / sizeof simple_final[0]; i++) {
    CHECK(jv_txn_is_final(&s, simple_final[i]));
    CHECK(!s.acked);
  }
  static const char *const never_final[] = {"webrtcup", "media", "slowlink", "hangup", "detached", "trickle",
                                            "timeout",  "keepalive", "ACK", "Success", "", "acks", "succes"};
  jv_txn p = {.kind = JV_TXN_PLUGIN};
  for (size_t i = 0; i < sizeof never_final / sizeof never_final[0]; i++) {
    if (jv_txn_is_final(&s, never_final[i]) || jv_txn_is_final(&p, never_final[i])) {
      t_failf(__FILE__, __LINE__, "\"%s\" is final", never_final[i]);
      return;
    }
  }
  CHECK(!s.acked && !p.acked);
  /* Plugin requests: the ack is intermediate and remembered; event, success and error end them. */
  CHECK(!jv_txn_is_final(&p, "ack"));
  CHECK(p.acked);
  CHECK(!jv_txn_is_final(&p, "ack"));
  CHECK(p.acked);
  CHECK(jv_txn_is_final(&p, "event"));
  jv_txn p2 = {.kind = JV_TXN_PLUGIN};
  CHECK(jv_txn_is_final(&p2, "success"));
  CHECK(!p2.acked);
  jv_txn p3 = {.kind = JV_TXN_PLUGIN};
  CHECK(!jv_txn_is_final(&p3, "ack"));
  CHECK(jv_txn_is_final(&p3, "error"));
}

static void test_complete(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 1000);
  tlog l = {0};
  jv_txn *a = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  jv_txn *b = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  CHECK(a && b);
  cJSON *msg = cJSON_Parse("{\"janus\":\"success\",\"transaction\":\"x\"}");
  januv_reply r;
  jv_reply_from_msg(&r, msg, "success");
  jv_txn_complete(&c, a, &r);
  CHECK_EQ_INT(l.n, 1);
  CHECK_EQ_INT(l.ids[0], 1);
  CHECK_EQ_INT(l.status[0], 0);
  CHECK(l.had_json);
  CHECK(!l.found_inside); /* unlinked before done() runs */
  CHECK(jv_txn_lookup(&c, 1) == NULL);
  CHECK_EQ_INT(c.ntxns, 1);
  CHECK(uv_is_active((uv_handle_t *)&c.txn_timer)); /* b is still pending */
  /* A local failure. */
  jv_txn_fail(&c, b, JANUV_ECANCELED, NULL);
  CHECK_EQ_INT(l.n, 2);
  CHECK_EQ_INT(l.status[1], JANUV_ECANCELED);
  CHECK_EQ_STR(l.reason, januv_strerror(JANUV_ECANCELED));
  CHECK(!l.had_json);
  CHECK_EQ_INT(c.ntxns, 0);
  CHECK(!uv_is_active((uv_handle_t *)&c.txn_timer)); /* nothing left to time */
  CHECK(jv_list_empty(&c.deadlines));
  cJSON_Delete(msg);
  /* Nothing runs again: no timer, no deferred call. */
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
  CHECK_EQ_INT(l.n, 2);
}

/* ---- deadlines ---- */

static void test_timeouts(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 20);
  tlog l = {0};
  jv_txn *t1 = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  jv_txn *t2 = jv_txn_create(&c, JV_TXN_PLUGIN, log_done, NULL, &l);
  jv_txn *t3 = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  CHECK(t1 && t2 && t3);
  t3->verb = "info";
  CHECK_EQ_INT(jv_txn_set_timeout(&c, t3, 0), JANUV_EINVAL);
  CHECK_EQ_INT(jv_txn_set_timeout(&c, t3, 5), 0);  /* first */
  CHECK_EQ_INT(jv_txn_set_timeout(&c, t1, 40), 0); /* last */
  /* The deadline list is sorted. */
  uint64_t order[3], prev = 0;
  int k = 0;
  for (jv_list *n = c.deadlines.next; n != &c.deadlines; n = n->next) {
    jv_txn *t = JV_CONTAINER_OF(n, jv_txn, deadline_link);
    CHECK(t->deadline >= prev);
    prev = t->deadline;
    order[k++] = t->id;
  }
  CHECK_EQ_INT(k, 3);
  CHECK_EQ_INT(order[0], 3);
  CHECK_EQ_INT(order[1], 2);
  CHECK_EQ_INT(order[2], 1);
  /* Nothing is due yet. */
  jv_txn_expire(&c);
  CHECK_EQ_INT(l.n, 0);
  CHECK(t_wait_count(&loop, &l.n, 3, 5000));
  CHECK_EQ_INT(l.n, 3);
  CHECK_EQ_INT(l.ids[0], 3);
  CHECK_EQ_INT(l.ids[1], 2);
  CHECK_EQ_INT(l.ids[2], 1);
  for (int i = 0; i < 3; i++) CHECK_EQ_INT(l.status[i], JANUV_ETIMEDOUT);
  CHECK(!l.had_json);
  CHECK(strstr(l.reason, "in time"));
  CHECK_EQ_INT(c.ntxns, 0);
  CHECK(!uv_is_active((uv_handle_t *)&c.txn_timer));
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
}

/* A shorter timeout set after the timer was armed for a longer one still fires first; a txn
 * completed before its deadline never times out. */
static void test_timeout_rearm(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 60000);
  tlog l = {0};
  jv_txn *slow = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  jv_txn *gone = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  jv_txn *fast = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  CHECK(slow && gone && fast);
  CHECK_EQ_INT(jv_txn_set_timeout(&c, gone, 1), 0);
  CHECK_EQ_INT(jv_txn_set_timeout(&c, fast, 10), 0);
  jv_txn_fail(&c, gone, JANUV_ECANCELED, "gone");
  CHECK_EQ_INT(l.n, 1);
  CHECK_EQ_STR(l.reason, "gone");
  CHECK(t_wait_count(&loop, &l.n, 2, 5000));
  CHECK_EQ_INT(l.ids[1], 3);
  CHECK_EQ_INT(l.status[1], JANUV_ETIMEDOUT);
  CHECK(jv_txn_lookup(&c, 1) == slow);
  CHECK(uv_is_active((uv_handle_t *)&c.txn_timer)); /* re-armed for the slow one */
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
  CHECK_EQ_INT(l.n, 2);
}

/* ---- failures ---- */

static void test_fail_later(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 60000);
  tlog l = {0};
  jv_txn *t = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  jv_txn *keep = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
  CHECK(t && keep);
  jv_list owner;
  jv_list_init(&owner);
  jv_list_push_back(&owner, &t->owner_link);
  jv_txn_fail_later(&c, t, JANUV_ECONNRESET);
  CHECK_EQ_INT(l.n, 0);                  /* not from inside the call */
  CHECK(jv_txn_lookup(&c, 1) == NULL); /* but unlinked at once */
  CHECK(jv_list_empty(&owner));
  CHECK_EQ_INT(c.ntxns, 1);
  /* From the next loop iteration (NOWAIT: with libuv < 1.45 a UV_RUN_ONCE would run the zero-delay timer
   * first and then block in poll until the next timer). */
  for (int i = 0; i < 100 && l.n == 0; i++) uv_run(&loop, UV_RUN_NOWAIT);
  CHECK_EQ_INT(l.n, 1);
  CHECK_EQ_INT(l.ids[0], 1);
  CHECK_EQ_INT(l.status[0], JANUV_ECONNRESET);
  CHECK_EQ_STR(l.reason, januv_strerror(JANUV_ECONNRESET));
  CHECK(!l.had_json);
  CHECK(jv_list_empty(&c.doneq));
  CHECK(jv_txn_lookup(&c, 2) == keep);
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
  CHECK_EQ_INT(l.n, 1);
}

static void test_fail_all(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 60000);
  tlog l = {0};
  for (int i = 0; i < 5; i++) CHECK(jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l));
  /* Deadlines out of id order: failing must still go oldest first. */
  CHECK_EQ_INT(jv_txn_set_timeout(&c, jv_txn_lookup(&c, 4), 10), 0);
  CHECK_EQ_INT(jv_txn_set_timeout(&c, jv_txn_lookup(&c, 2), 20), 0);
  l.spawn_on = 3;
  jv_txn_fail_all(&c, JANUV_ECANCELED, "closing", false);
  CHECK_EQ_INT(l.n, 5);
  for (int i = 0; i < 5; i++) {
    CHECK_EQ_INT(l.ids[i], i + 1);
    CHECK_EQ_INT(l.status[i], JANUV_ECANCELED);
  }
  CHECK_EQ_STR(l.reason, "closing");
  /* The one created by a callback survived. */
  CHECK_EQ_INT(l.spawned, 6);
  CHECK(jv_txn_lookup(&c, 6) != NULL);
  CHECK_EQ_INT(c.ntxns, 1);

  /* only_sent: those not sent yet stay. */
  l.spawn_on = 0;
  l.n = 0;
  for (int i = 0; i < 4; i++) {
    jv_txn *t = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
    CHECK(t);
    t->sent = i % 2 == 0; /* 7 and 9 */
  }
  jv_txn_fail_all(&c, JANUV_ECONNRESET, NULL, true);
  CHECK_EQ_INT(l.n, 2);
  CHECK_EQ_INT(l.ids[0], 7);
  CHECK_EQ_INT(l.ids[1], 9);
  CHECK_EQ_INT(l.status[0], JANUV_ECONNRESET);
  CHECK_EQ_STR(l.reason, januv_strerror(JANUV_ECONNRESET));
  CHECK(jv_txn_lookup(&c, 6) && jv_txn_lookup(&c, 8) && jv_txn_lookup(&c, 10));
  /* And nothing to fail is fine. */
  jv_txn_fail_all(&c, JANUV_ECONNRESET, NULL, true);
  CHECK_EQ_INT(l.n, 2);
  jv_txn_fail_all(&c, JANUV_ECANCELED, NULL, false);
  CHECK_EQ_INT(l.n, 5);
  CHECK_EQ_INT(l.ids[2], 6);
  CHECK_EQ_INT(l.ids[3], 8);
  CHECK_EQ_INT(l.ids[4], 10);
  CHECK_EQ_INT(c.ntxns, 0);
  jv_txn_fail_all(&c, JANUV_ECANCELED, NULL, false);
  CHECK_EQ_INT(l.n, 5);
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
}

/* A done() that spawns a txn on every completion: fail_all still terminates and leaves exactly the
 * spawned ones. */
static void spawn_always(jv_conn *c, jv_txn *t, const januv_reply *r) {
  int *n = t->data;
  (void)r;
  (*n)++;
  jv_txn_create(c, JV_TXN_SIMPLE, spawn_always, NULL, n);
}

static void test_fail_all_spawning(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 60000);
  int n = 0;
  for (int i = 0; i < 3; i++) CHECK(jv_txn_create(&c, JV_TXN_SIMPLE, spawn_always, NULL, &n));
  jv_txn_fail_all(&c, JANUV_ECANCELED, NULL, false);
  CHECK_EQ_INT(n, 3);
  CHECK_EQ_INT(c.ntxns, 3);
  for (uint64_t id = 4; id <= 6; id++) CHECK(jv_txn_lookup(&c, id));
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
}

static void test_fail_list(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  jv_conn c;
  conn_setup(&c, &loop, 60000);
  tlog l = {0};
  jv_list owner, other;
  jv_list_init(&owner);
  jv_list_init(&other);
  for (int i = 0; i < 6; i++) {
    jv_txn *t = jv_txn_create(&c, JV_TXN_SIMPLE, log_done, NULL, &l);
    CHECK(t);
    if (i != 1) jv_list_push_back(i % 2 ? &other : &owner, &t->owner_link); /* owner: 1 3 5; other: 4 6 */
  }
  jv_txn_fail_list(&c, &owner, JANUV_ESESSIONLOST, "session gone");
  CHECK_EQ_INT(l.n, 3);
  CHECK_EQ_INT(l.ids[0], 1);
  CHECK_EQ_INT(l.ids[1], 3);
  CHECK_EQ_INT(l.ids[2], 5);
  CHECK_EQ_INT(l.status[2], JANUV_ESESSIONLOST);
  CHECK_EQ_STR(l.reason, "session gone");
  CHECK(jv_list_empty(&owner));
  CHECK_EQ_INT(c.ntxns, 3);
  CHECK(jv_txn_lookup(&c, 2) && jv_txn_lookup(&c, 4) && jv_txn_lookup(&c, 6));
  /* An empty list is fine. */
  jv_txn_fail_list(&c, &owner, JANUV_ECANCELED, NULL);
  CHECK_EQ_INT(l.n, 3);
  /* A txn completed otherwise leaves its owner's list. */
  jv_txn_fail(&c, jv_txn_lookup(&c, 4), JANUV_ECANCELED, NULL);
  CHECK_EQ_INT(JV_CONTAINER_OF(other.next, jv_txn, owner_link)->id, 6);
  CHECK(other.next->next == &other);
  jv_txn_fail_list(&c, &other, JANUV_ECANCELED, NULL);
  CHECK_EQ_INT(l.n, 5);
  CHECK_EQ_INT(l.ids[4], 6);
  conn_teardown(&c);
  CHECK(t_loop_close(&loop, 1000));
}

/* ---- replies ---- */

static void test_reply_from_msg(void) {
  januv_reply r;
  cJSON *m = cJSON_Parse("{\"janus\":\"error\",\"transaction\":\"1\",\"error\":{\"code\":458,\"reason\":\"No such "
                         "session 123\"}}");
  CHECK(m);
  jv_reply_from_msg(&r, m, "error");
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 458);
  CHECK_EQ_STR(r.reason, "No such session 123");
  CHECK(r.json == m);
  CHECK(!r.plugin && !r.data && !r.jsep);
  cJSON_Delete(m);

  /* An error without details still fails, with a reason. */
  m = cJSON_Parse("{\"janus\":\"error\",\"error\":{\"code\":\"x\"}}");
  jv_reply_from_msg(&r, m, "error");
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK_EQ_INT(r.janus_code, 0);
  CHECK(r.reason && r.reason[0]);
  cJSON_Delete(m);
  m = cJSON_Parse("{\"janus\":\"error\"}");
  jv_reply_from_msg(&r, m, "error");
  CHECK_EQ_INT(r.status, JANUV_EJANUS);
  CHECK(r.reason && r.reason[0]);
  cJSON_Delete(m);

  /* A plugin reply with a jsep. */
  m = cJSON_Parse("{\"janus\":\"event\",\"sender\":1,\"plugindata\":{\"plugin\":\"janus.plugin.echotest\",\"data\":"
                  "{\"echotest\":\"event\",\"result\":\"ok\"}},\"jsep\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
  CHECK(m);
  jv_reply_from_msg(&r, m, "event");
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(r.janus_code, 0);
  CHECK_EQ_STR(r.reason, "");
  CHECK_EQ_STR(r.plugin, "janus.plugin.echotest");
  CHECK(cJSON_IsObject(r.data));
  CHECK_EQ_STR(cJSON_GetObjectItemCaseSensitive(r.data, "result")->valuestring, "ok");
  CHECK(cJSON_IsObject(r.jsep));
  CHECK_EQ_STR(cJSON_GetObjectItemCaseSensitive(r.jsep, "type")->valuestring, "answer");
  cJSON_Delete(m);

  /* jsep only when an object; plugindata only when an object. */
  m = cJSON_Parse("{\"janus\":\"success\",\"plugindata\":\"nope\",\"jsep\":\"v=0\"}");
  jv_reply_from_msg(&r, m, "success");
  CHECK_EQ_INT(r.status, 0);
  CHECK(!r.plugin && !r.data && !r.jsep);
  cJSON_Delete(m);
  m = cJSON_Parse("{\"janus\":\"success\",\"plugindata\":{\"data\":{}},\"jsep\":[1]}");
  jv_reply_from_msg(&r, m, "success");
  CHECK(!r.plugin);
  CHECK(cJSON_IsObject(r.data));
  CHECK(!r.jsep);
  cJSON_Delete(m);
  m = cJSON_Parse("{\"janus\":\"success\",\"jsep\":null}");
  jv_reply_from_msg(&r, m, "success");
  CHECK(!r.jsep);
  cJSON_Delete(m);

  /* A plugin error inside a success stays a success for the core. */
  m = cJSON_Parse("{\"janus\":\"success\",\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                  "{\"videoroom\":\"event\",\"error_code\":426,\"error\":\"No such room\"}}}");
  jv_reply_from_msg(&r, m, "success");
  CHECK_EQ_INT(r.status, 0);
  CHECK_EQ_INT(r.janus_code, 0);
  CHECK_EQ_STR(r.plugin, "janus.plugin.videoroom");
  cJSON_Delete(m);
}

static uint64_t u64_of(const char *json) {
  cJSON *j = cJSON_Parse(json);
  uint64_t v = jv_json_u64(j);
  cJSON_Delete(j);
  return v;
}

static void test_json_u64(void) {
  CHECK_EQ_INT(u64_of("1"), 1);
  CHECK_EQ_INT(u64_of("42"), 42);
  CHECK_EQ_INT(u64_of("8234567890123456"), UINT64_C(8234567890123456)); /* a typical Janus id */
  CHECK(u64_of("9007199254740992") == UINT64_C(9007199254740992));     /* 2^53 */
  CHECK(u64_of("9007199254740991") == UINT64_C(9007199254740991));
  CHECK(u64_of("1e15") == UINT64_C(1000000000000000));
  CHECK(u64_of("\"1\"") == 1);
  CHECK(u64_of("\"8234567890123456\"") == UINT64_C(8234567890123456));
  CHECK(u64_of("\"9007199254740993\"") == UINT64_C(9007199254740993)); /* exact past 2^53 as a string */
  CHECK(u64_of("\"18446744073709551615\"") == UINT64_MAX);
  CHECK_EQ_INT(u64_of("0"), 0);
  CHECK_EQ_INT(u64_of("-0"), 0);
  CHECK_EQ_INT(u64_of("-1"), 0);
  CHECK_EQ_INT(u64_of("-9007199254740992"), 0);
  CHECK_EQ_INT(u64_of("0.5"), 0);
  CHECK_EQ_INT(u64_of("1e300"), 0);
  CHECK_EQ_INT(u64_of("18446744073709551616"), 0); /* 2^64 */
  CHECK_EQ_INT(u64_of("\"0\""), 0);
  CHECK_EQ_INT(u64_of("\"\""), 0);
  CHECK_EQ_INT(u64_of("\"abc\""), 0);
  CHECK_EQ_INT(u64_of("\"12abc\""), 0);
  CHECK_EQ_INT(u64_of("\"1.5\""), 0);
  CHECK_EQ_INT(u64_of("true"), 0);
  CHECK_EQ_INT(u64_of("null"), 0);
  CHECK_EQ_INT(u64_of("{}"), 0);
  CHECK_EQ_INT(u64_of("[1]"), 0);
  CHECK_EQ_INT(jv_json_u64(NULL), 0);
  /* The public name of the same decoder. */
  cJSON *j = cJSON_Parse("{\"id\":8234567890123456,\"s\":\"77\"}");
  CHECK(januv_json_id(cJSON_GetObjectItemCaseSensitive(j, "id")) == UINT64_C(8234567890123456));
  CHECK(januv_json_id(cJSON_GetObjectItemCaseSensitive(j, "s")) == 77);
  CHECK(januv_json_id(cJSON_GetObjectItemCaseSensitive(j, "missing")) == 0);
  CHECK(januv_json_id(NULL) == 0);
  cJSON_Delete(j);
}

/* Numeric strings are digits only and must fit: a sign or leading blanks are refused, and so is a value
 * over UINT64_MAX (strtoull() saturates it to UINT64_MAX with ERANGE, which must not pass for an id). */
static void test_json_u64_strict_strings(void) {
  static const char *const bad[] = {"\"-1\"", "\"-5\"", "\" 12\"", "\"+12\"", "\"18446744073709551616\"",
                                    "\"99999999999999999999\""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint64_t v = u64_of(bad[i]);
    if (v != 0) {
      t_failf(__FILE__, __LINE__, "jv_json_u64(%s) == %" PRIu64 ", want 0", bad[i], v);
      return;
    }
  }
}

T_MAIN(T_CASE(test_format_parse), T_CASE(test_parse_rejects), T_CASE(test_create_lookup), T_CASE(test_is_final),
       T_CASE(test_complete), T_CASE(test_timeouts), T_CASE(test_timeout_rearm), T_CASE(test_fail_later),
       T_CASE(test_fail_all), T_CASE(test_fail_all_spawning), T_CASE(test_fail_list), T_CASE(test_reply_from_msg),
       T_CASE(test_json_u64), T_CASE(test_json_u64_strict_strings))
