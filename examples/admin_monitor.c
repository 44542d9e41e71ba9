/*
 * admin_monitor.c - watch a Janus server through its Admin API: every second, its sessions, their
 * handles and the plugin of each handle.
 *
 *   JANUV_ADMIN_SECRET=janusoverlord ./admin_monitor ws://127.0.0.1:7188 [ITERATIONS]
 *
 * The Admin API listens apart from the Janus API (janus.jcfg's admin_secret; Admin ports or paths in
 * the transports' configs): ws://HOST:7188, http://HOST:7088/admin, unix:///path/admin.sock. The
 * secret comes from the environment, not argv, so that `ps` does not show it; januv never logs it.
 * ITERATIONS (default 5; 0 = until killed) rounds, one a second; each waits for the previous one.
 * Exit status: 0 success, 1 a request failed, 2 usage error.
 */
#include <januv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct app {
  januv_admin *admin;
  uv_timer_t timer;
  unsigned iterations, round; /* how many rounds to run, the current one */
  unsigned pending;           /* requests of the current round still out */
  int status;
} app;

/* A request of a round names its session: this travels as the callback's data. */
typedef struct query {
  app *a;
  uint64_t session;
} query;

static void on_closed(januv_admin *admin, void *data) {
  (void)admin;
  app *a = data;
  uv_close((uv_handle_t *)&a->timer, NULL); /* the last handle: uv_run() returns */
}

static void stop(app *a, int status) {
  if (status) a->status = status;
  uv_timer_stop(&a->timer);
  januv_admin_close(a->admin, on_closed, a); /* JANUV_ECLOSED if already closing: fine */
}

/* One request of the round is over; the last one ends the round. */
static void request_done(app *a) {
  if (--a->pending == 0 && a->iterations && a->round >= a->iterations) stop(a, 0);
}

static bool failed(app *a, const char *what, const januv_reply *r) {
  if (r->status == 0) return false;
  fprintf(stderr, "%s: %s\n", what, r->reason);
  stop(a, 1);
  return true;
}

/* Step 3: one handle's details (a struct decoded by januv, valid during the callback). */
static void on_handle_info(const januv_reply *r, const januv_admin_handle_details *info, void *data) {
  query *q = data;
  if (info)
    printf("    handle %llu of session %llu: %s%s%s\n", (unsigned long long)info->handle_id,
           (unsigned long long)q->session, info->plugin ? info->plugin : "(no plugin)",
           info->opaque_id ? ", opaque id " : "", info->opaque_id ? info->opaque_id : "");
  else /* the handle may have gone between the list and this request: not an error */
    printf("    a handle of session %llu: %s\n", (unsigned long long)q->session, r->reason);
  request_done(q->a);
  free(q);
}

/* Step 2: a session's handles, as a C array of ids. */
static void on_handles(const januv_reply *r, const uint64_t *ids, size_t n, void *data) {
  query *q = data;
  app *a = q->a;
  if (r->status == 0) {
    printf("  session %llu: %zu handle%s\n", (unsigned long long)q->session, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
      query *hq = malloc(sizeof *hq);
      if (!hq) break;
      *hq = *q;
      if (januv_admin_handle_info(a->admin, q->session, ids[i], false, on_handle_info, hq) == 0)
        a->pending++;
      else
        free(hq);
    }
  } else { /* 458: the session ended meanwhile */
    printf("  session %llu: %s\n", (unsigned long long)q->session, r->reason);
  }
  request_done(a);
  free(q);
}

/* Step 1: every session on the server, whoever created it. */
static void on_sessions(const januv_reply *r, const uint64_t *ids, size_t n, void *data) {
  app *a = data;
  if (failed(a, "list_sessions", r)) return;
  printf("[%u] %zu session%s\n", a->round, n, n == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++) {
    query *q = malloc(sizeof *q);
    if (!q) break;
    q->a = a;
    q->session = ids[i];
    if (januv_admin_list_handles(a->admin, ids[i], on_handles, q) == 0)
      a->pending++;
    else
      free(q);
  }
  request_done(a);
}

/* Every second: start a round, unless the previous one is still running. */
static void on_tick(uv_timer_t *t) {
  app *a = t->data;
  if (a->pending) return;
  a->round++;
  int rc = januv_admin_list_sessions(a->admin, on_sessions, a);
  if (rc != 0) {
    fprintf(stderr, "list_sessions: %s\n", januv_strerror(rc));
    stop(a, 1);
    return;
  }
  a->pending = 1;
  if (a->iterations && a->round >= a->iterations) uv_timer_stop(t); /* the last round: its end stops us */
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long iterations = argc == 3 ? strtoul(argv[2], &end, 10) : 5;
  const char *secret = getenv("JANUV_ADMIN_SECRET");
  if (argc < 2 || argc > 3 || argv[1][0] == '-' || (end && *end)) {
    fprintf(stderr, "usage: JANUV_ADMIN_SECRET=SECRET %s ADMIN_URL [ITERATIONS]\n"
                    "Lists a Janus server's sessions and handles every second, ITERATIONS times (default 5,\n"
                    "0: until killed). ADMIN_URL: ws://HOST:7188, http://HOST:7088/admin, unix:///path/admin.sock\n",
            argv[0]);
    return 2;
  }
  if (!secret) fprintf(stderr, "warning: JANUV_ADMIN_SECRET is not set: Janus will refuse the requests\n");

  uv_loop_t *loop = uv_default_loop();
  app a;
  memset(&a, 0, sizeof a);
  a.iterations = (unsigned)iterations;
  januv_admin_options o;
  januv_admin_options_init(&o);
  o.admin_secret = secret; /* copied; added to every request */
  int rc = januv_admin_new(loop, argv[1], &o, &a.admin);
  if (rc != 0) {
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  uv_timer_init(loop, &a.timer);
  a.timer.data = &a;
  uv_timer_start(&a.timer, on_tick, 0, 1000); /* the first round at once, then every second */
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return a.status;
}
