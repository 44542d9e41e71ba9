/* januv videocall ACTION URL NAME [PEER]: register and take a call, or call someone, with progress lines. */
#include <stdlib.h>
#include <string.h>

#include "cli_media.h"

int cmd_videocall(cli *c);

typedef struct vc_state {
  cli_media m;
  januv_videocall *vc;
  const char *name, *callee; /* callee NULL: wait for a call */
  unsigned wait;
  uv_timer_t wait_timer;
  bool wait_init, wait_closed, in_call;
} vc_state;

static void on_wait_closed(uv_handle_t *h) { ((vc_state *)h->data)->wait_closed = true; }

static void stop_waiting(vc_state *s) {
  if (s->wait_init && !uv_is_closing((uv_handle_t *)&s->wait_timer))
    uv_close((uv_handle_t *)&s->wait_timer, on_wait_closed);
}

/* The call is up: progress lines from now on. */
static void call_up(vc_state *s, const char *what) {
  printf("%s\n", what);
  fflush(stdout);
  s->in_call = true;
  stop_waiting(s);
  cli_media_started(&s->m);
}

static bool make_peer(vc_state *s) {
  cli *c = s->m.c;
  januv_peer_options o;
  januv_peer_options_init(&o);
  cli_media_track(&o, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV, cli_flag(c, "video", "test"));
  cli_media_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV, cli_flag(c, "audio", "test"));
  return cli_media_peer(&s->m, &o, NULL);
}

static void on_accepted(const januv_reply *r, const januv_videocall_event *ev, void *data) {
  (void)ev;
  vc_state *s = data;
  if (!cli_media_reply_ok(&s->m, "accept", r)) return;
  call_up(s, "call accepted");
}

static void on_calling(const januv_reply *r, const januv_videocall_event *ev, void *data) {
  (void)ev;
  vc_state *s = data;
  if (!cli_media_reply_ok(&s->m, "call", r)) return;
  printf("calling %s\n", s->callee);
  fflush(stdout);
}

static void on_event(januv_videocall *vc, const januv_videocall_event *ev, void *data) {
  vc_state *s = data;
  if (s->m.stopping) return;
  char line[256];
  switch (ev->type) {
  case JANUV_VIDEOCALL_INCOMINGCALL:
    printf("incoming call from %s\n", ev->username ? ev->username : "?");
    fflush(stdout);
    if (s->in_call || s->m.peer) {
      januv_videocall_hangup(vc, "busy", NULL, NULL);
      break;
    }
    if (!make_peer(s)) break;
    if (januv_videocall_accept(vc, s->m.peer, on_accepted, s) != 0)
      cli_media_fail(&s->m, CLI_NO_MEDIA, "accept", "refused");
    break;
  case JANUV_VIDEOCALL_ACCEPTED:
    snprintf(line, sizeof line, "%s accepted", ev->username ? ev->username : s->callee);
    call_up(s, line);
    break;
  case JANUV_VIDEOCALL_HANGUP:
    printf("hangup by %s: %s\n", ev->username ? ev->username : "?", ev->reason ? ev->reason : "");
    fflush(stdout);
    if (s->in_call) cli_media_finish(&s->m);
    else cli_media_fail(&s->m, CLI_JANUS_ERROR, "call", ev->reason ? ev->reason : "hung up");
    break;
  case JANUV_VIDEOCALL_ERROR:
    cli_media_fail(&s->m, CLI_JANUS_ERROR, "videocall", ev->error ? ev->error : "error");
    break;
  default: break;
  }
}

static void on_handle_event(januv_videocall *vc, const januv_event *ev, void *data) {
  (void)vc;
  vc_state *s = data;
  /* the call's end comes as a VideoCall hangup event, with its reason */
  if (ev->type == JANUV_EVENT_HANGUP) return;
  cli_media_handle_event(&s->m, ev);
}

static void on_wait(uv_timer_t *t) {
  vc_state *s = t->data;
  stop_waiting(s);
  cli_media_fail(&s->m, CLI_NO_MEDIA, "register", "no call came");
}

static void on_registered(const januv_reply *r, const januv_videocall_event *ev, void *data) {
  (void)ev;
  vc_state *s = data;
  if (!cli_media_reply_ok(&s->m, "register", r)) return;
  printf("registered as %s\n", s->name);
  fflush(stdout);
  if (!s->callee) {
    printf("waiting for a call\n");
    fflush(stdout);
    uv_timer_init(&s->m.c->loop, &s->wait_timer);
    s->wait_timer.data = s;
    s->wait_init = true;
    uv_timer_start(&s->wait_timer, on_wait, (uint64_t)s->wait * 1000, 0);
    return;
  }
  if (!make_peer(s)) return;
  int rc = januv_videocall_call(s->vc, s->m.peer, s->callee, on_calling, s);
  if (rc) cli_media_fail(&s->m, CLI_NO_MEDIA, "call", januv_strerror(rc));
}

static void on_attached(januv_videocall *vc, const januv_reply *r, void *data) {
  vc_state *s = data;
  if (!cli_media_reply_ok(&s->m, "attach", r)) return;
  s->vc = vc;
  int rc = januv_videocall_register(vc, s->name, on_registered, s);
  if (rc) cli_media_fail(&s->m, CLI_USAGE, "register", januv_strerror(rc));
}

static void on_session(cli_media *m) {
  vc_state *s = m->data;
  static const januv_videocall_callbacks cbs = {.on_event = on_event, .on_handle_event = on_handle_event};
  int rc = januv_videocall_attach(m->session, &cbs, on_attached, s);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_videocall(cli *c) {
  const char *action = c->argv[0];
  bool call = !strcmp(action, "call");
  if (!call && strcmp(action, "register")) {
    cli_err(c, "videocall: the action is register or call");
    return CLI_USAGE;
  }
  if (c->argc != (call ? 4 : 3)) {
    cli_err(c, "videocall %s wants %s", action, call ? "URL NAME PEER" : "URL NAME");
    return CLI_USAGE;
  }
  unsigned long seconds = 0, wait = 60;
  if (!cli_flag_uint(c, "seconds", call ? 10 : 0, &seconds) || !cli_flag_uint(c, "wait", 60, &wait) || wait == 0)
    return CLI_USAGE;
  if (call && seconds == 0) return CLI_USAGE;
  vc_state s;
  memset(&s, 0, sizeof s);
  s.name = c->argv[2];
  s.callee = call ? c->argv[3] : NULL;
  s.wait = (unsigned)wait;
  s.m.on_session = on_session;
  s.m.data = &s;
  /* register: until the caller hangs up, unless --seconds */
  int rc = cli_media_run(&s.m, c, seconds ? (unsigned)seconds : 0xffffffffu, c->argv[1]);
  /* the timer lives in this frame: closed before it returns */
  stop_waiting(&s);
  while (s.wait_init && !s.wait_closed) uv_run(&c->loop, UV_RUN_ONCE);
  return rc;
}
