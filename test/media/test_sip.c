/* SIP against the real Janus and Debian's sipp on 127.0.0.1: registration with and without digest
 * authentication, failing registrations as typed errors, a call that sipp answers (Janus's SDP answer
 * applied, webrtcup, the caller's audio echoed back by sipp and decoded), in-call requests (DTMF over SIP
 * INFO, MESSAGE, INFO, hold, unhold), hangup from either side reaching the other. sipp runs our own
 * scenarios (the XML files in test/sip) on free UDP ports and is stopped by PID. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "party.h"

#define LIMIT_MS 20000

static jfx *janus;

/* ---- sipp ---- */

typedef struct sipp {
  pid_t pid;
  int port, media_port;
  int status; /* exit status once it ended, -1 before */
  char name[64];
  char msgs[1024]; /* sipp's log of every SIP message */
} sipp;

/* A UDP port nobody uses on 127.0.0.1 (and, with pair, port + 2 too: sipp's video echo port). */
static int bind_udp(int port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int free_udp_port(bool pair) {
  for (int tries = 0; tries < 200; tries++) {
    int fd = bind_udp(0);
    if (fd < 0) return -1;
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    int port = ntohs(a.sin_port);
    int fd2 = pair ? bind_udp(port + 2) : -1;
    close(fd);
    if (fd2 >= 0) close(fd2);
    if (!pair || fd2 >= 0) return port;
  }
  return -1;
}

/* Starts sipp with our scenario: -m calls (0: no limit), -rtp_echo on its media port; a server, or a client
 * of remote ("127.0.0.1:port") calling service. */
static bool sipp_start_client(sipp *s, const char *scenario, int calls, const char *remote, const char *service) {
  memset(s, 0, sizeof *s);
  s->status = -1;
  snprintf(s->name, sizeof s->name, "%s", scenario);
  s->port = free_udp_port(false);
  s->media_port = free_udp_port(true);
  if (s->port <= 0 || s->media_port <= 0) return false;
  char sf[1024], port[16], mport[16], m[16], log[1024];
  char *msgs = s->msgs;
  snprintf(sf, sizeof sf, "%s/%s.xml", JANUV_SIP_SCENARIOS, scenario);
  snprintf(port, sizeof port, "%d", s->port);
  snprintf(mport, sizeof mport, "%d", s->media_port);
  snprintf(m, sizeof m, "%d", calls);
  snprintf(log, sizeof log, "%s/sipp-%s-%d.out", t_tmpdir(), scenario, s->port);
  snprintf(s->msgs, sizeof s->msgs, "%s/sipp-%s-%d.msgs", t_tmpdir(), scenario, s->port);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    /* sipp dies with the test whatever happens to it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    const char *argv[24] = {"sipp", "-sf", sf, "-i", "127.0.0.1", "-p", port, "-mp", mport, "-rtp_echo",
                            "-nostdin", "-trace_msg", "-message_file", msgs};
    int n = 14;
    if (calls > 0) {
      argv[n++] = "-m";
      argv[n++] = m;
    }
    if (service) {
      argv[n++] = "-s";
      argv[n++] = service;
    }
    if (remote) argv[n++] = remote;
    argv[n] = NULL;
    execvp("sipp", (char *const *)argv);
    _exit(127);
  }
  s->pid = pid;
  /* Ready once its SIP port is taken. */
  for (int i = 0; i < 100; i++) {
    int fd = bind_udp(s->port);
    if (fd < 0) return true;
    close(fd);
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      s->pid = 0;
      s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
      fprintf(stderr, "  sipp %s exited at once (status %d), see %s\n", scenario, s->status, log);
      return false;
    }
    usleep(50000);
  }
  fprintf(stderr, "  sipp %s never bound port %d\n", scenario, s->port);
  return false;
}

static bool sipp_start(sipp *s, const char *scenario, int calls) {
  return sipp_start_client(s, scenario, calls, NULL, NULL);
}

/* The port of the Contact that user registered with, as the registrar sipp logged it: where Janus's SIP
 * stack for that user listens. */
static int contact_port(const sipp *reg, const char *user) {
  FILE *f = fopen(reg->msgs, "r");
  if (!f) return -1;
  char line[1024], want[160];
  snprintf(want, sizeof want, "Contact: <sip:%s@127.0.0.1:", user);
  int port = -1;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, want, strlen(want))) port = atoi(line + strlen(want));
  fclose(f);
  return port;
}

/* Runs the loop until sipp exits by itself (at most ms); its exit status in s->status. */
static bool sipp_wait(uv_loop_t *loop, sipp *s, uint32_t ms) {
  uint64_t deadline = uv_now(loop) + ms;
  while (s->pid > 0) {
    int st;
    if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
      s->pid = 0;
      s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
      return true;
    }
    if (uv_now(loop) >= deadline) return false;
    t_run_for(loop, 50);
  }
  return true;
}

/* Stops sipp by its PID, always. */
static void sipp_stop(sipp *s) {
  if (s->pid <= 0) return;
  kill(s->pid, SIGTERM);
  for (int i = 0; i < 40; i++) {
    int st;
    if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
      s->pid = 0;
      return;
    }
    usleep(50000);
  }
  kill(s->pid, SIGKILL);
  waitpid(s->pid, NULL, 0);
  s->pid = 0;
}

/* ---- one SIP user: client, session, sip handle, the call's peer ---- */

#define MAX_EVENTS 64

typedef struct sev {
  januv_sip_event_type type;
  int code;
  char reason[128], username[128], content[256];
  int register_sent;
  bool jsep;
} sev;

typedef struct user {
  t_party p; /* first: the callbacks' data */
  sev ev[MAX_EVENTS];
  int nev;
  int answers, answer_status;
} user;

static void copy_str(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

static void on_sip_event(januv_sip *sip, const januv_sip_event *e, void *data) {
  (void)sip;
  user *u = data;
  if (t_log_level() >= 2) fprintf(stderr, "  sip event %s (%s) code %d\n", januv_sip_event_name(e->type), e->event, e->code);
  if (u->nev >= MAX_EVENTS) return;
  sev *c = &u->ev[u->nev++];
  c->type = e->type;
  c->code = e->code;
  copy_str(c->reason, sizeof c->reason, e->reason);
  copy_str(c->username, sizeof c->username, e->username);
  copy_str(c->content, sizeof c->content, e->content);
  c->register_sent = e->register_sent;
  c->jsep = e->jsep != NULL;
}

static void on_answer(januv_sip *sip, int status, const char *reason, void *data) {
  (void)sip;
  user *u = data;
  u->answers++;
  u->answer_status = status;
  if (status) fprintf(stderr, "  answer not applied: %s\n", reason);
}

static const januv_sip_callbacks sip_cbs = {.on_event = on_sip_event, .on_answer = on_answer};

static bool user_open(user *u, uv_loop_t *loop) {
  memset(u, 0, sizeof *u);
  return t_party_open(&u->p, loop, jfx_url(janus, "ws"), "sip") && t_attach_sip(&u->p, &sip_cbs);
}

/* An audio-only peer: the SIP side gets Opus. */
static bool user_peer(user *u) {
  januv_peer_options o;
  t_party_peer_options(&u->p, &o);
  januv_peer_options_add_track(&o, JANUV_MEDIA_AUDIO, JANUV_DIR_SENDRECV);
  return t_party_peer(&u->p, &o, NULL);
}

/* Waits for an event of that type after index from; its index, or -1. */
static int wait_event(user *u, januv_sip_event_type type, int from) {
  uint64_t deadline = uv_now(u->p.loop) + LIMIT_MS;
  for (;;) {
    for (int i = from; i < u->nev; i++)
      if (u->ev[i].type == type) return i;
    if (uv_now(u->p.loop) >= deadline) {
      fprintf(stderr, "  no %s event; got:", januv_sip_event_name(type));
      for (int i = from; i < u->nev; i++) fprintf(stderr, " %s", januv_sip_event_name(u->ev[i].type));
      fprintf(stderr, "\n");
      return -1;
    }
    t_run_for(u->p.loop, 20);
  }
}

/* A request's reply: Janus's acknowledgement event name, or the failure. */
typedef struct ack {
  int calls, status, plugin_code;
  char event[64], reason[256];
} ack;

static void on_ack(const januv_reply *r, void *data) {
  ack *a = data;
  T_KEEP_REPLY(a, r);
  const cJSON *result = cJSON_GetObjectItem(r->data, "result");
  const cJSON *ev = cJSON_GetObjectItem(result, "event");
  copy_str(a->event, sizeof a->event, cJSON_IsString(ev) ? ev->valuestring : "");
}

static bool ack_wait(uv_loop_t *loop, ack *a, int calls) {
  bool ok = t_wait_count(loop, &a->calls, calls, LIMIT_MS);
  if (ok && a->status) fprintf(stderr, "  request failed: %s (%s, plugin %d)\n", a->reason, januv_err_name(a->status),
                               a->plugin_code);
  return ok;
}

static void registrar_uri(char *buf, size_t n, const sipp *s) { snprintf(buf, n, "sip:127.0.0.1:%d", s->port); }

/* ---- cases ---- */

/* Register with digest authentication, call, sipp answers, media, in-call requests, hangup, unregister. */
static void sip_register_call(void) {
  sipp reg, uas;
  CHECK(sipp_start(&reg, "registrar_digest", 0));
  if (!sipp_start(&uas, "uas_answer", 1)) {
    sipp_stop(&reg);
    CHECK(false);
  }
  uv_loop_t loop;
  uv_loop_init(&loop);
  user u;
  bool ok = user_open(&u, &loop);
  if (!ok) goto out;
  char proxy[64];
  registrar_uri(proxy, sizeof proxy, &reg);
  januv_sip_register_options ro;
  januv_sip_register_options_init(&ro);
  ro.username = "sip:alice@127.0.0.1";
  ro.secret = "alice-secret";
  ro.proxy = proxy;
  ro.display_name = "Alice";
  ack a = {0};
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 1) && a.status == 0 &&
       !strcmp(a.event, "registering");
  if (!ok) goto out;
  int k = wait_event(&u, JANUV_SIP_REGISTERED, 0);
  ok = k >= 0 && !strcmp(u.ev[k].username, "alice") && u.ev[k].register_sent == 1;
  if (!ok) goto out;
  fprintf(stderr, "  registered at %s after a digest challenge\n", proxy);

  /* The call: our offer goes with "call", sipp rings and answers, the answer is applied. */
  ok = user_peer(&u);
  if (!ok) goto out;
  char uri[64];
  snprintf(uri, sizeof uri, "sip:bob@127.0.0.1:%d", uas.port);
  uint64_t t0 = uv_now(&loop);
  ok = januv_sip_call(u.p.sip, u.p.peer, uri, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 2) && a.status == 0 &&
       !strcmp(a.event, "calling");
  if (!ok) goto out;
  int ringing = wait_event(&u, JANUV_SIP_RINGING, k);
  int accepted = wait_event(&u, JANUV_SIP_ACCEPTED, k);
  ok = ringing >= 0 && accepted > ringing && u.ev[accepted].jsep;
  if (!ok) goto out;
  ok = t_wait_count(&loop, &u.answers, 1, LIMIT_MS) && u.answer_status == 0;
  ok = ok && t_wait_count(&loop, &u.p.webrtcup, 1, LIMIT_MS) && t_wait_count(&loop, &u.p.connected, 1, LIMIT_MS);
  if (!ok) goto out;
  fprintf(stderr, "  call up: accepted, answer applied, webrtcup after %llu ms\n",
          (unsigned long long)(uv_now(&loop) - t0));
  /* sipp echoes our audio: it comes back through Janus and is decoded. */
  januv_media_counters mc;
  t_wait_decoded(&loop, u.p.peer, 0, 50, 10000, &mc);
  fprintf(stderr, "  audio: %llu buffers sent, %llu echoed by sipp and decoded\n",
          (unsigned long long)mc.audio_buffers_sent, (unsigned long long)mc.audio_buffers);
  ok = mc.audio_buffers >= 50 && u.p.audio_tracks == 1;
  if (!ok) goto out;

  /* In-call requests, each acknowledged by Janus and answered by sipp. */
  ok = januv_sip_dtmf_info(u.p.sip, "1#", 100, on_ack, &a) == 0 && ack_wait(&loop, &a, 3) && a.status == 0 &&
       !strcmp(a.event, "dtmfsent");
  ok = ok && januv_sip_dtmf_info(u.p.sip, "1x", 100, on_ack, &a) == JANUV_EINVAL;
  if (!ok) goto out;
  int before = u.nev;
  januv_sip_message_options mo = {.content_type = "text/plain"};
  ok = januv_sip_message(u.p.sip, "hello over SIP ✓", &mo, on_ack, &a) == 0 && ack_wait(&loop, &a, 4) &&
       a.status == 0 && !strcmp(a.event, "messagesent");
  k = ok ? wait_event(&u, JANUV_SIP_MESSAGE_DELIVERY, before) : -1;
  ok = k >= 0 && u.ev[k].code == 200;
  if (!ok) goto out;
  ok = januv_sip_info(u.p.sip, "application/x-januv", "ping", NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 5) &&
       a.status == 0 && !strcmp(a.event, "infosent");
  ok = ok && januv_sip_hold(u.p.sip, JANUV_DIR_INACTIVE, on_ack, &a) == 0 && ack_wait(&loop, &a, 6) && a.status == 0 &&
       !strcmp(a.event, "holding");
  t_run_for(&loop, 300);
  ok = ok && januv_sip_unhold(u.p.sip, on_ack, &a) == 0 && ack_wait(&loop, &a, 7) && a.status == 0 &&
       !strcmp(a.event, "resuming");
  t_run_for(&loop, 300);
  if (!ok) goto out;
  /* Hangup: Janus sends BYE, sipp ends its call (exit 0 means its whole scenario passed); we get HANGUP
   * and Janus closes the PeerConnection. */
  before = u.nev;
  ok = januv_sip_hangup(u.p.sip, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 8) && a.status == 0 &&
       !strcmp(a.event, "hangingup");
  k = ok ? wait_event(&u, JANUV_SIP_HANGUP, before) : -1;
  ok = k >= 0;
  if (!ok) goto out;
  fprintf(stderr, "  hangup: %d %s\n", u.ev[k].code, u.ev[k].reason);
  ok = t_wait_count(&loop, &u.p.hangups, 1, LIMIT_MS) && sipp_wait(&loop, &uas, LIMIT_MS) && uas.status == 0;
  if (!ok) {
    fprintf(stderr, "  sipp uas: status %d\n", uas.status);
    goto out;
  }

  /* Unregister: the same registration dialog, answered by the registrar. */
  before = u.nev;
  ok = januv_sip_unregister(u.p.sip, on_ack, &a) == 0 && ack_wait(&loop, &a, 9) && a.status == 0 &&
       !strcmp(a.event, "unregistering");
  ok = ok && wait_event(&u, JANUV_SIP_UNREGISTERED, before) >= 0;

out:
  if (u.p.loop) ok = t_party_close(&u.p) && ok;
  sipp_stop(&reg);
  sipp_stop(&uas);
  CHECK(ok);
  CHECK(t_loop_close(&loop, 5000));
}

/* Registrations that fail: a registrar that refuses (403), a wrong password (401, then 403), and a
 * register without a secret (the plugin's own error); then one without authentication, and a guest. */
static void sip_register_failures(void) {
  sipp rej, dig, open_reg;
  CHECK(sipp_start(&rej, "registrar_reject", 0));
  bool ok = sipp_start(&dig, "registrar_digest", 0);
  ok = sipp_start(&open_reg, "registrar_open", 0) && ok;
  uv_loop_t loop;
  uv_loop_init(&loop);
  user u;
  memset(&u, 0, sizeof u);
  ok = ok && user_open(&u, &loop);
  if (!ok) goto out;
  char proxy[64];
  januv_sip_register_options ro;
  ack a = {0};

  /* 403 at once. */
  registrar_uri(proxy, sizeof proxy, &rej);
  januv_sip_register_options_init(&ro);
  ro.username = "sip:mallory@127.0.0.1";
  ro.secret = "whatever";
  ro.proxy = proxy;
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 1) && a.status == 0;
  int k = ok ? wait_event(&u, JANUV_SIP_REGISTRATION_FAILED, 0) : -1;
  ok = k >= 0 && u.ev[k].code == 403 && !strcmp(u.ev[k].reason, "Forbidden");
  if (!ok) goto out;
  fprintf(stderr, "  refused: registration_failed %d %s\n", u.ev[k].code, u.ev[k].reason);

  /* A wrong password: Janus answers the challenge, the registrar refuses. */
  registrar_uri(proxy, sizeof proxy, &dig);
  ro.username = "sip:alice@127.0.0.1";
  ro.secret = "not-the-secret";
  int before = u.nev;
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 2) && a.status == 0;
  k = ok ? wait_event(&u, JANUV_SIP_REGISTRATION_FAILED, before) : -1;
  ok = k >= 0 && u.ev[k].code == 403;
  if (!ok) goto out;

  /* No secret: the plugin refuses the request itself. */
  ro.secret = NULL;
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 3) && a.status == JANUV_EPLUGIN &&
       a.plugin_code == JANUV_SIP_ERR_MISSING_ELEMENT;
  ok = ok && januv_sip_register(u.p.sip, NULL, on_ack, &a) == JANUV_EINVAL;
  /* Not registered: no call. */
  ok = ok && user_peer(&u);
  ok = ok && januv_sip_call(u.p.sip, u.p.peer, "sip:bob@127.0.0.1:5999", NULL, on_ack, &a) == 0 &&
       ack_wait(&loop, &a, 4) && a.status == JANUV_EPLUGIN && a.plugin_code == JANUV_SIP_ERR_WRONG_STATE;
  if (!ok) goto out;

  /* A registrar without authentication (the secret is required by Janus, never used). */
  registrar_uri(proxy, sizeof proxy, &open_reg);
  ro.username = "sip:bob@127.0.0.1";
  ro.secret = "unused";
  before = u.nev;
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 5) && a.status == 0;
  k = ok ? wait_event(&u, JANUV_SIP_REGISTERED, before) : -1;
  ok = k >= 0 && u.ev[k].register_sent == 1 && !strcmp(u.ev[k].username, "bob");
  if (!ok) goto out;

  /* A guest: no REGISTER, "registered" is the reply itself and also an event. */
  januv_sip_register_options_init(&ro);
  ro.username = "sip:guest@127.0.0.1";
  ro.type = "guest";
  ro.refresh = 1;
  before = u.nev;
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 6) && a.status == 0 &&
       !strcmp(a.event, "registered");
  k = ok ? wait_event(&u, JANUV_SIP_REGISTERED, before) : -1;
  ok = k >= 0 && u.ev[k].register_sent == 0;

out:
  if (u.p.loop) ok = t_party_close(&u.p) && ok;
  sipp_stop(&rej);
  sipp_stop(&dig);
  sipp_stop(&open_reg);
  CHECK(ok);
  CHECK(t_loop_close(&loop, 5000));
}

/* A guest calls; the callee hangs up after 1.5 s: HANGUP reaches us and Janus closes the PeerConnection. */
static void sip_callee_hangs_up(void) {
  sipp uas;
  CHECK(sipp_start(&uas, "uas_bye", 1));
  uv_loop_t loop;
  uv_loop_init(&loop);
  user u;
  memset(&u, 0, sizeof u);
  bool ok = user_open(&u, &loop);
  if (!ok) goto out;
  januv_sip_register_options ro;
  januv_sip_register_options_init(&ro);
  ro.username = "sip:guest@127.0.0.1";
  ro.type = "guest";
  ack a = {0};
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 1) && a.status == 0;
  ok = ok && user_peer(&u);
  if (!ok) goto out;
  char uri[64];
  snprintf(uri, sizeof uri, "sip:carol@127.0.0.1:%d", uas.port);
  ok = januv_sip_call(u.p.sip, u.p.peer, uri, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 2) && a.status == 0;
  int k = ok ? wait_event(&u, JANUV_SIP_ACCEPTED, 0) : -1;
  ok = k >= 0 && t_wait_count(&loop, &u.answers, 1, LIMIT_MS) && u.answer_status == 0 &&
       t_wait_count(&loop, &u.p.webrtcup, 1, LIMIT_MS);
  if (!ok) goto out;
  k = wait_event(&u, JANUV_SIP_HANGUP, k);
  ok = k >= 0 && t_wait_count(&loop, &u.p.hangups, 1, LIMIT_MS);
  if (!ok) goto out;
  fprintf(stderr, "  the callee hung up: %d %s\n", u.ev[k].code, u.ev[k].reason);
  ok = sipp_wait(&loop, &uas, LIMIT_MS) && uas.status == 0;
  if (!ok) fprintf(stderr, "  sipp uas_bye: status %d\n", uas.status);
  /* No call any more: Janus would ignore these without a reply, januv refuses them. */
  ok = ok && januv_sip_hangup(u.p.sip, NULL, on_ack, &a) == JANUV_ESTATE;
  ok = ok && januv_sip_hold(u.p.sip, JANUV_DIR_SENDONLY, on_ack, &a) == JANUV_ESTATE;
  ok = ok && januv_sip_decline(u.p.sip, 0, NULL, on_ack, &a) == JANUV_ESTATE;
  t_run_for(&loop, 100);
  ok = ok && a.calls == 2;

out:
  if (u.p.loop) ok = t_party_close(&u.p) && ok;
  sipp_stop(&uas);
  CHECK(ok);
  CHECK(t_loop_close(&loop, 5000));
}

/* Incoming calls: sipp calls the registered user; we accept with a peer (the caller's offer answered, media
 * echoed back by sipp), then hang up (sipp gets the BYE); a second caller is declined with 603. */
static void sip_incoming_calls(void) {
  sipp reg, uac, uacd;
  memset(&uac, 0, sizeof uac);
  memset(&uacd, 0, sizeof uacd);
  CHECK(sipp_start(&reg, "registrar_open", 0));
  uv_loop_t loop;
  uv_loop_init(&loop);
  user u;
  memset(&u, 0, sizeof u);
  bool ok = user_open(&u, &loop);
  if (!ok) goto out;
  char proxy[64], remote[64];
  registrar_uri(proxy, sizeof proxy, &reg);
  januv_sip_register_options ro;
  januv_sip_register_options_init(&ro);
  ro.username = "sip:bob@127.0.0.1";
  ro.secret = "unused";
  ro.proxy = proxy;
  ack a = {0};
  ok = januv_sip_register(u.p.sip, &ro, on_ack, &a) == 0 && ack_wait(&loop, &a, 1) && a.status == 0;
  int k = ok ? wait_event(&u, JANUV_SIP_REGISTERED, 0) : -1;
  int port = contact_port(&reg, "bob");
  ok = k >= 0 && port > 0;
  if (!ok) goto out;
  snprintf(remote, sizeof remote, "127.0.0.1:%d", port);
  /* Nothing to accept or decline yet. */
  ok = user_peer(&u) && januv_sip_accept(u.p.sip, u.p.peer, NULL, on_ack, &a) == JANUV_ESTATE &&
       januv_sip_decline(u.p.sip, 603, NULL, on_ack, &a) == JANUV_ESTATE;
  if (!ok) goto out;

  ok = sipp_start_client(&uac, "uac_call", 1, remote, "bob");
  k = ok ? wait_event(&u, JANUV_SIP_INCOMINGCALL, k) : -1;
  ok = k >= 0 && u.ev[k].jsep && strstr(u.ev[k].username, "dave") != NULL;
  if (!ok) goto out;
  int before = u.nev;
  ok = januv_sip_accept(u.p.sip, u.p.peer, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 2) && a.status == 0 &&
       !strcmp(a.event, "accepted");
  ok = ok && wait_event(&u, JANUV_SIP_ACCEPTED, before) >= 0 && t_wait_count(&loop, &u.p.webrtcup, 1, LIMIT_MS);
  if (!ok) goto out;
  januv_media_counters mc;
  t_wait_decoded(&loop, u.p.peer, 0, 50, 10000, &mc);
  fprintf(stderr, "  incoming call accepted: %llu audio buffers echoed back and decoded\n",
          (unsigned long long)mc.audio_buffers);
  ok = mc.audio_buffers >= 50;
  before = u.nev;
  ok = ok && januv_sip_hangup(u.p.sip, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 3) && a.status == 0;
  ok = ok && wait_event(&u, JANUV_SIP_HANGUP, before) >= 0 && sipp_wait(&loop, &uac, LIMIT_MS) && uac.status == 0;
  if (!ok) {
    fprintf(stderr, "  sipp uac_call: status %d\n", uac.status);
    goto out;
  }

  /* The next caller is declined. Janus answers 486 (missed_call) while it still tears the previous call
   * down (its RTP relay thread polls with a 1 s timeout): wait for the PeerConnection to be gone, and more. */
  ok = t_wait_count(&loop, &u.p.hangups, 1, LIMIT_MS);
  k = -1;
  for (int tries = 0; ok && k < 0 && tries < 5; tries++) {
    t_run_for(&loop, 1500);
    before = u.nev;
    sipp_stop(&uacd);
    ok = sipp_start_client(&uacd, "uac_declined", 1, remote, "bob");
    /* INCOMINGCALL, or MISSED_CALL while Janus is still busy with the last call: then again. */
    uint64_t until = uv_now(&loop) + LIMIT_MS;
    bool missed = false;
    while (ok && k < 0 && !missed && uv_now(&loop) < until) {
      t_run_for(&loop, 20);
      for (int i = before; i < u.nev; i++) {
        if (u.ev[i].type == JANUV_SIP_INCOMINGCALL) k = i;
        if (u.ev[i].type == JANUV_SIP_MISSED_CALL) missed = true;
      }
    }
    if (missed) fprintf(stderr, "  Janus still busy with the last call (missed_call): again\n");
  }
  ok = ok && k >= 0 && strstr(u.ev[k].username, "eve") != NULL;
  ok = ok && januv_sip_decline(u.p.sip, 603, NULL, on_ack, &a) == 0 && ack_wait(&loop, &a, 4) && a.status == 0 &&
       !strcmp(a.event, "declining");
  ok = ok && sipp_wait(&loop, &uacd, LIMIT_MS) && uacd.status == 0;
  if (!ok) fprintf(stderr, "  sipp uac_declined: status %d\n", uacd.status);

out:
  if (u.p.loop) ok = t_party_close(&u.p) && ok;
  sipp_stop(&reg);
  sipp_stop(&uac);
  sipp_stop(&uacd);
  CHECK(ok);
  CHECK(t_loop_close(&loop, 5000));
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "sip";
  static const t_case cases[] = {T_CASE(sip_register_call), T_CASE(sip_register_failures),
                                 T_CASE(sip_callee_hangs_up), T_CASE(sip_incoming_calls)};
  return t_main_media(argc, argv, &o, &janus, NULL, cases, sizeof cases / sizeof cases[0]);
}
