/* januv sip register|call URL ...: a SIP registration, or a call through the SIP plugin with progress lines. */
#include <stdlib.h>
#include <string.h>

#include "cli_media.h"

int cmd_sip(cli *c);

typedef struct sip_state {
  cli_media m;
  januv_sip *sip;
  bool calling, in_call, hungup;
} sip_state;

static void event_line(const januv_sip_event *e) {
  switch (e->type) {
  case JANUV_SIP_REGISTERED:
    printf("registered as %s%s\n", e->username ? e->username : "?", e->register_sent == 0 ? " (guest, no REGISTER)" : "");
    break;
  case JANUV_SIP_REGISTRATION_FAILED:
    printf("registration failed: %d %s\n", e->code, e->reason ? e->reason : "");
    break;
  case JANUV_SIP_HANGUP: printf("hangup: %d %s\n", e->code, e->reason ? e->reason : ""); break;
  case JANUV_SIP_ERROR: printf("error %d: %s\n", e->error_code, e->error ? e->error : ""); break;
  case JANUV_SIP_OTHER: break;
  default: printf("%s\n", januv_sip_event_name(e->type)); break;
  }
  fflush(stdout);
}

static void on_called(const januv_reply *r, void *data);

static void start_call(sip_state *st) {
  if (!cli_media_audio_peer(&st->m, "call", "a call needs audio")) return;
  int rc = januv_sip_call(st->sip, st->m.peer, st->m.c->argv[2], NULL, on_called, st);
  if (rc) cli_media_fail(&st->m, rc == JANUV_EINVAL ? CLI_USAGE : CLI_NO_MEDIA, "call", januv_strerror(rc));
}

static void on_event(januv_sip *sip, const januv_sip_event *e, void *data) {
  (void)sip;
  sip_state *st = data;
  if (st->m.stopping) return;
  event_line(e);
  bool calling = !strcmp(st->m.c->argv[0], "call");
  if (e->type == JANUV_SIP_REGISTERED) {
    if (calling)
      start_call(st);
    else
      cli_media_finish(&st->m);
  } else if (e->type == JANUV_SIP_REGISTRATION_FAILED) {
    cli_media_fail(&st->m, CLI_JANUS_ERROR, "register", e->reason ? e->reason : "failed");
  } else if (e->type == JANUV_SIP_ACCEPTED) {
    st->in_call = true;
    cli_media_started(&st->m);
  } else if (e->type == JANUV_SIP_HANGUP) {
    st->hungup = true;
    if (!st->in_call) cli_media_fail(&st->m, CLI_JANUS_ERROR, "call", e->reason ? e->reason : "not answered");
    else cli_media_finish(&st->m);
  }
}

static void on_called(const januv_reply *r, void *data) {
  sip_state *st = data;
  if (!cli_media_reply_ok(&st->m, "call", r)) return;
  printf("calling %s\n", st->m.c->argv[2]);
  fflush(stdout);
}

static void on_registering(const januv_reply *r, void *data) {
  sip_state *st = data;
  if (r->status != 0) cli_media_fail_reply(&st->m, "register", r);
}

static void on_answer(januv_sip *sip, int status, const char *reason, void *data) {
  (void)sip;
  sip_state *st = data;
  if (status != 0) cli_media_fail(&st->m, CLI_NO_MEDIA, "answer", reason);
}

static void on_handle_event(januv_sip *sip, const januv_event *ev, void *data) {
  (void)sip;
  sip_state *st = data;
  /* Janus closes the PeerConnection when the call ends: that is no failure then. */
  if (ev->type == JANUV_EVENT_HANGUP && (st->hungup || !st->in_call)) return;
  cli_media_handle_event(&st->m, ev);
}

static void on_closed(januv_sip *sip, int reason, void *data) {
  (void)sip;
  (void)reason;
  ((sip_state *)data)->sip = NULL;
}

static void on_attached(januv_sip *sip, const januv_reply *r, void *data) {
  sip_state *st = data;
  if (!cli_media_reply_ok(&st->m, "attach", r)) return;
  st->sip = sip;
  cli *c = st->m.c;
  januv_sip_register_options o;
  januv_sip_register_options_init(&o);
  o.username = cli_flag(c, "username", "sip:januv@127.0.0.1");
  o.secret = cli_flag(c, "secret", NULL);
  o.authuser = cli_flag(c, "authuser", NULL);
  o.display_name = cli_flag(c, "display", NULL);
  o.proxy = cli_flag(c, "proxy", NULL);
  if (!o.secret) o.type = "guest"; /* no credentials: calls only */
  int rc = januv_sip_register(sip, &o, on_registering, st);
  if (rc) cli_media_fail(&st->m, CLI_USAGE, "register", januv_strerror(rc));
}

static void on_session(cli_media *m) {
  static const januv_sip_callbacks cbs = {
    .on_event = on_event, .on_answer = on_answer, .on_handle_event = on_handle_event, .on_closed = on_closed};
  int rc = januv_sip_attach(m->session, &cbs, on_attached, m->data);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_sip(cli *c) {
  bool reg = !strcmp(c->argv[0], "register"), call = !strcmp(c->argv[0], "call");
  if ((!reg && !call) || c->argc != (call ? 3 : 2)) {
    cli_err(c, "sip wants register URL or call URL SIP-URI");
    return CLI_USAGE;
  }
  if (reg && !cli_flag(c, "secret", NULL)) {
    cli_err(c, "sip register needs --secret (without one, januv registers as a guest: nothing to send)");
    return CLI_USAGE;
  }
  unsigned seconds;
  if (!cli_flag_seconds(c, &seconds)) return CLI_USAGE;
  sip_state st;
  memset(&st, 0, sizeof st);
  st.m.data = &st;
  st.m.on_session = on_session;
  st.m.signalling_only = reg;
  return cli_media_run(&st.m, c, seconds, c->argv[1]);
}
