/* example-reconnect-driver: runs a command against a private Janus (test/janus/janus_fixture.h) and
 * breaks the connection once, at the moment the command prints a line starting with PREFIX: a
 * deterministic fault for examples/reconnect.c, with no sleeps.
 *
 *   example-reconnect-driver restart|cut PREFIX -- COMMAND [ARG...]
 *
 * restart: Janus is restarted (its sessions are gone: the example must open new ones).
 * cut:     the command reaches Janus's WebSocket through a TCP proxy (test/common/proxy.h), whose
 *          connections are reset (Janus keeps the sessions, reclaim_session_timeout is set: the
 *          example's session must be claimed).
 * COMMAND gets JANUS_WS_URL (the proxy's in cut mode) and JANUS_UNIX_URL; its stdout is read line by
 * line and echoed, stderr passes through. Exit status: the command's, or 1 when the fault did not
 * happen (the prefix never came, or Janus did not come back). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "janus_fixture.h"
#include "proxy.h"

static jfx *janus;
static t_proxy *proxy;
static const char *mode, *prefix;
static bool faulted, exited;
static int64_t exit_status = -1;
static int term_signal;
static char line[8192];
static size_t line_len;
static uv_pipe_t out;
static uv_process_t child;

static void on_line(void) {
  printf("%s\n", line);
  fflush(stdout);
  if (faulted || strncmp(line, prefix, strlen(prefix)) != 0) return;
  faulted = true;
  if (!strcmp(mode, "cut")) {
    printf("driver: cutting %d connection(s)\n", t_proxy_open(proxy));
    t_proxy_cut(proxy);
  } else if (jfx_restart(janus) == 0) {
    printf("driver: Janus restarted, pid %ld\n", (long)jfx_pid(janus));
  } else {
    printf("driver: Janus did not come back\n");
    faulted = false;
    uv_process_kill(&child, SIGTERM);
  }
  fflush(stdout);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h, (void)suggested;
  static char chunk[4096];
  *buf = uv_buf_init(chunk, sizeof chunk);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  for (ssize_t i = 0; i < n; i++) {
    if (buf->base[i] == '\n' || line_len + 1 == sizeof line) {
      line[line_len] = '\0';
      line_len = 0;
      on_line();
    }
    if (buf->base[i] != '\n') line[line_len++] = buf->base[i];
  }
  if (n < 0) uv_close((uv_handle_t *)s, NULL); /* EOF */
}

static void on_exit_cb(uv_process_t *p, int64_t status, int signal) {
  exit_status = status;
  term_signal = signal;
  exited = true;
  uv_close((uv_handle_t *)p, NULL);
}

int main(int argc, char **argv) {
  if (argc < 5 || (strcmp(argv[1], "restart") && strcmp(argv[1], "cut")) || strcmp(argv[3], "--")) {
    fprintf(stderr, "usage: example-reconnect-driver restart|cut PREFIX -- COMMAND [ARG...]\n");
    return 2;
  }
  mode = argv[1];
  prefix = argv[2];
  signal(SIGPIPE, SIG_IGN);
  jfx_options o;
  jfx_options_init(&o);
  o.name = "ex-reconnect";
  o.reclaim_session_timeout = 10; /* a cut connection's sessions can be claimed */
  if (jfx_start(&o, &janus) != 0) return 1;
  uv_loop_t *loop = uv_default_loop();
  const char *ws = jfx_url(janus, "ws");
  char url[64];
  if (!strcmp(mode, "cut")) {
    proxy = t_proxy_new(loop, (uint16_t)atoi(strrchr(ws, ':') + 1));
    snprintf(url, sizeof url, "ws://127.0.0.1:%u", (unsigned)t_proxy_port(proxy));
    ws = url;
  }
  setenv("JANUS_WS_URL", ws, 1);
  setenv("JANUS_UNIX_URL", jfx_url(janus, "unix"), 1);

  uv_pipe_init(loop, &out, 0);
  uv_stdio_container_t stdio[3] = {
    {.flags = UV_INHERIT_FD, .data.fd = 0},
    {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&out},
    {.flags = UV_INHERIT_FD, .data.fd = 2},
  };
  uv_process_options_t po = {.exit_cb = on_exit_cb, .file = argv[4], .args = argv + 4, .stdio_count = 3,
                             .stdio = stdio};
  int rc = uv_spawn(loop, &child, &po);
  if (rc != 0) {
    fprintf(stderr, "driver: %s: %s\n", argv[4], uv_strerror(rc));
    uv_close((uv_handle_t *)&out, NULL);
  } else {
    uv_read_start((uv_stream_t *)&out, on_alloc, on_read);
  }
  while (!exited && rc == 0) uv_run(loop, UV_RUN_ONCE);
  if (proxy) t_proxy_free(proxy);
  uv_run(loop, UV_RUN_DEFAULT); /* the pipe's last bytes and the closes */
  if (line_len) {
    line[line_len] = '\0';
    line_len = 0;
    on_line();
  }
  int status = rc != 0 ? 127 : term_signal ? 128 + term_signal : (int)exit_status;
  if (!faulted) {
    fprintf(stderr, "driver: no %s happened (no line starting with \"%s\")\n", mode, prefix);
    status = 1;
  }
  if (status != 0) jfx_dump_log(janus, stderr, 3000);
  jfx_free(janus);
  return status;
}
