/*
 * reconnect.c - keep a session alive across connection losses and Janus restarts.
 *
 *   ./reconnect ws://127.0.0.1:8188 [RECOVERIES]
 *
 * Holds a session with an EchoTest handle. With reconnect on (client options), a lost connection is
 * retried forever, with backoff; once back, januv claims the session. A connection cut while Janus
 * keeps running (with reclaim_session_timeout set in janus.jcfg) keeps the session; a Janus restart
 * loses it (the new Janus never knew it): on_lost, then we open a new session and handle. Either way is
 * one "recovery". Stops after RECOVERIES of them (default 0: run until Ctrl-C or SIGTERM).
 * Try it: run it, restart Janus (systemctl restart janus), watch it recover.
 * Output is line-buffered, for scripts: "ready: session S, handle H" once the first handle is attached.
 * Exit status: 0 success, 1 gave up or a request failed, 2 usage error.
 */
#include <januv.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct app {
  januv_client *client;
  januv_session *session; /* NULL while none is open */
  uv_signal_t sigint, sigterm;
  unsigned want, recovered;
  bool lost;     /* the connection dropped and we have not recovered yet */
  bool stopping;
  int status;
} app;

static void on_destroyed(const januv_reply *r, void *data) {
  (void)r;
  januv_client_close(((app *)data)->client, NULL, NULL);
}

static void stop(app *a, int status) {
  if (a->stopping) return;
  a->stopping = true;
  a->status = status;
  uv_close((uv_handle_t *)&a->sigint, NULL);
  uv_close((uv_handle_t *)&a->sigterm, NULL);
  /* Destroy the session when connected (Janus would keep it for reclaim_session_timeout), then close
   * the client; closing it cancels whatever is still pending and closes the session on our side. */
  bool up = januv_client_state(a->client) == JANUV_CONN_CONNECTED;
  if (!up || !a->session || januv_session_destroy(a->session, on_destroyed, a) != 0)
    januv_client_close(a->client, NULL, NULL);
}

/* One more recovery: stop when we have as many as asked. */
static void recovered(app *a, const char *how) {
  a->lost = false;
  a->recovered++;
  printf("recovered (%u): %s, session %llu\n", a->recovered, how, (unsigned long long)januv_session_id(a->session));
  if (a->want && a->recovered >= a->want) stop(a, 0);
}

static void open_session(app *a);

static void on_attached(januv_handle *h, const januv_reply *r, void *data) {
  app *a = data;
  if (!h) {
    fprintf(stderr, "attach: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  if (a->lost)
    recovered(a, "new session and handle");
  else
    printf("ready: session %llu, handle %llu\n", (unsigned long long)januv_session_id(a->session),
           (unsigned long long)januv_handle_id(h));
}

/* A session's last callback. reason 0: we destroyed it; anything else: it is gone on the server
 * (JANUV_ESESSIONLOST after a failed claim, a timeout, ...). Open another one at once: requests made
 * while januv is reconnecting wait in its queue and go out once the connection is back. */
static void on_session_closed(januv_session *s, int reason, void *data) {
  (void)s;
  app *a = data;
  a->session = NULL;
  if (a->stopping) return;
  printf("session closed: %s\n", januv_strerror(reason));
  open_session(a);
}

static void on_session_lost(januv_session *s, int reason, void *data) {
  (void)data;
  printf("session %llu lost: %s\n", (unsigned long long)januv_session_id(s), januv_strerror(reason));
}

static void on_session(januv_session *s, const januv_reply *r, void *data) {
  app *a = data;
  if (!s) {
    fprintf(stderr, "create: %s\n", r->reason);
    stop(a, 1);
    return;
  }
  a->session = s;
  if (januv_handle_attach(s, "janus.plugin.echotest", NULL, NULL, on_attached, a) != 0) stop(a, 1);
}

static void open_session(app *a) {
  static const januv_session_callbacks cbs = {.on_lost = on_session_lost, .on_closed = on_session_closed};
  int rc = januv_session_create(a->client, &cbs, on_session, a);
  if (rc != 0) {
    fprintf(stderr, "create: %s\n", januv_strerror(rc));
    stop(a, 1);
  }
}

/* A keepalive after a reconnect: answered, so our old session was claimed and lives on. */
static void on_keepalive(const januv_reply *r, void *data) {
  app *a = data;
  if (r->status == 0 && a->lost && a->session) recovered(a, "session claimed");
  /* otherwise the session is being reported lost: on_session_closed() opens a new one */
}

static void on_state(januv_client *c, januv_conn_state state, int err, const char *detail, void *data) {
  (void)c, (void)err;
  app *a = data;
  printf("connection %s%s%s\n", januv_conn_state_name(state), *detail ? ": " : "", detail);
  if (state == JANUV_CONN_DISCONNECTED) {
    a->lost = true;
  } else if (state == JANUV_CONN_RECONNECTED && a->session) {
    /* Claims are done. A session whose claim failed has already been reported lost; check ours. */
    januv_session_keepalive(a->session, on_keepalive, a);
  } else if (state == JANUV_CONN_FAILED && !a->stopping) {
    stop(a, 1); /* only with a finite reconnect_max_retries, or when the first connection fails */
  }
}

static void on_signal(uv_signal_t *h, int signum) {
  printf("signal %d: stopping\n", signum);
  stop(h->data, 0);
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long want = argc == 3 ? strtoul(argv[2], &end, 10) : 0;
  if (argc < 2 || argc > 3 || argv[1][0] == '-' || (end && *end)) {
    fprintf(stderr, "usage: %s URL [RECOVERIES]\n"
                    "Holds a session with an EchoTest handle and recovers from connection losses and Janus\n"
                    "restarts; stops after RECOVERIES recoveries (default 0: run until Ctrl-C).\n", argv[0]);
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0); /* a line at a time, also into a pipe */
  uv_loop_t *loop = uv_default_loop();
  app a;
  memset(&a, 0, sizeof a);
  a.want = (unsigned)want;

  januv_client_options o;
  januv_client_options_init(&o); /* always init first: fields added later keep their defaults */
  o.reconnect_max_retries = -1;  /* retry forever (default 0: give up at once) */
  o.reconnect_delay_ms = 200;    /* first retry after 200 ms, doubling each time... */
  o.reconnect_max_delay_ms = 3000; /* ...up to 3 s, plus jitter */
  o.state_cb = on_state;
  o.state_data = &a;
  int rc = januv_client_new(loop, argv[1], &o, &a.client);
  if (rc != 0) {
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  uv_signal_init(loop, &a.sigint);
  uv_signal_init(loop, &a.sigterm);
  a.sigint.data = a.sigterm.data = &a;
  uv_signal_start(&a.sigint, on_signal, SIGINT);
  uv_signal_start(&a.sigterm, on_signal, SIGTERM);
  open_session(&a);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return a.status;
}
