/* januv-bench: measures what januv costs against a running Janus. It starts nothing itself. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: januv-bench [--ws URL] [--http URL] [--wss URL] [--https URL] [--admin URL --admin-secret S]\n"
          "                   [--ca-file F] [--workloads W1,W2,W3,M1,soak] [--cycles N] [--sessions C]\n"
          "                   [--messages M[,M...]] [--idle S[,S...]] [--hold SECONDS] [--media-seconds N]\n"
          "                   [--soak SECONDS] [--soak-sessions N] [--runs R] [--pool N] [--json] [-v]\n"
          "\n"
          "Workloads (janus.plugin.echotest, body {\"audio\":false}):\n"
          "  W1    sequential create, attach, message (until its event), detach, destroy (--cycles, 500)\n"
          "  W2    C sessions with a handle each (--sessions, 200), then M messages per handle all in flight\n"
          "        (--messages, 10,100); --runs rounds (1) over the same sessions, one line each\n"
          "  W3    S sessions with handles held --hold seconds (120) with keepalives (--idle, 1000,10000); the\n"
          "        survivors are counted with the Admin API (--admin). WebSocket URLs only.\n"
          "  M1    EchoTest 640x480 VP8 30 fps + Opus for --media-seconds (20) vs a plain gst-launch pipeline\n"
          "  soak  --soak-sessions (1000) under random traffic for --soak seconds (300), RSS every 5 s\n"
          "Every transport given runs W1 and W2; W3, M1 and soak run over the first of --ws/--wss.\n"
          "Output: a human line and a JSON line per workload; exit 1 when a workload failed.\n");
}

static unsigned parse_list(const char *s, unsigned *out, unsigned max) {
  unsigned n = 0;
  while (s && *s && n < max) {
    char *end;
    out[n++] = (unsigned)strtoul(s, &end, 10);
    s = *end == ',' ? end + 1 : NULL;
  }
  return n;
}

static bool wants(const char *list, const char *w) {
  size_t n = strlen(w);
  for (const char *p = list; p && *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && !strncmp(p, w, n)) return true;
    p = e ? e + 1 : NULL;
  }
  return false;
}

int main(int argc, char **argv) {
  bench b;
  memset(&b, 0, sizeof b);
  b.rss_start = bench_rss_bytes();
  b.cycle_n = 500;
  b.conc_c = 200;
  b.conc_m[0] = 10;
  b.conc_m[1] = 100;
  b.nconc_m = 2;
  b.idle_s[0] = 1000;
  b.idle_s[1] = 10000;
  b.nidle_s = 2;
  b.hold_s = 120;
  b.media_s = 20;
  b.soak_s = 300;
  b.soak_sessions = 1000;
  b.runs = 1;
  const char *workloads = "W1,W2,W3,M1";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    bool takes = true;
    if (!strcmp(a, "--json")) {
      b.json_only = true;
      takes = false;
    } else if (!strcmp(a, "-v")) {
      b.verbose++;
      takes = false;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    } else if (!v) {
      usage(stderr);
      return 2;
    } else if (!strcmp(a, "--ws")) {
      b.ws_url = v;
    } else if (!strcmp(a, "--http")) {
      b.http_url = v;
    } else if (!strcmp(a, "--wss")) {
      b.wss_url = v;
    } else if (!strcmp(a, "--https")) {
      b.https_url = v;
    } else if (!strcmp(a, "--admin")) {
      b.admin_url = v;
    } else if (!strcmp(a, "--admin-secret")) {
      b.admin_secret = v;
    } else if (!strcmp(a, "--ca-file")) {
      b.ca_file = v;
    } else if (!strcmp(a, "--workloads")) {
      workloads = v;
    } else if (!strcmp(a, "--cycles")) {
      b.cycle_n = (unsigned)atoi(v);
    } else if (!strcmp(a, "--sessions")) {
      b.conc_c = (unsigned)atoi(v);
    } else if (!strcmp(a, "--messages")) {
      b.nconc_m = parse_list(v, b.conc_m, 4);
    } else if (!strcmp(a, "--idle")) {
      b.nidle_s = parse_list(v, b.idle_s, 4);
    } else if (!strcmp(a, "--hold")) {
      b.hold_s = (unsigned)atoi(v);
    } else if (!strcmp(a, "--media-seconds")) {
      b.media_s = (unsigned)atoi(v);
    } else if (!strcmp(a, "--soak")) {
      b.soak_s = (unsigned)atoi(v);
    } else if (!strcmp(a, "--soak-sessions")) {
      b.soak_sessions = (unsigned)atoi(v);
    } else if (!strcmp(a, "--runs")) {
      b.runs = (unsigned)atoi(v);
    } else if (!strcmp(a, "--pool")) {
      b.pool = (unsigned)atoi(v);
    } else {
      fprintf(stderr, "januv-bench: unknown option %s\n", a);
      usage(stderr);
      return 2;
    }
    if (takes) i++;
  }
  struct {
    const char *label, *url;
  } transports[] = {{"ws", b.ws_url}, {"http", b.http_url}, {"wss", b.wss_url}, {"https", b.https_url}};
  const char *stream_url = b.ws_url ? b.ws_url : b.wss_url;
  const char *stream_label = b.ws_url ? "ws" : "wss";
  if (!b.ws_url && !b.http_url && !b.wss_url && !b.https_url) {
    usage(stderr);
    return 2;
  }
  uv_loop_init(&b.loop);
  int failures = 0;
  for (size_t t = 0; t < sizeof transports / sizeof transports[0]; t++) {
    if (!transports[t].url) continue;
    if (wants(workloads, "W1")) failures += bench_cycle(&b, transports[t].url, transports[t].label) != 0;
    if (wants(workloads, "W2"))
      for (unsigned k = 0; k < b.nconc_m; k++)
        failures += bench_concurrent(&b, transports[t].url, transports[t].label, b.conc_m[k]) != 0;
  }
  if (stream_url && wants(workloads, "W3"))
    for (unsigned k = 0; k < b.nidle_s; k++) failures += bench_idle(&b, stream_url, stream_label, b.idle_s[k]) != 0;
  if (stream_url && wants(workloads, "M1")) failures += bench_media(&b, stream_url, stream_label) != 0;
  if (stream_url && wants(workloads, "soak")) failures += bench_soak(&b, stream_url, stream_label) != 0;
  uv_run(&b.loop, UV_RUN_DEFAULT);
  uv_loop_close(&b.loop);
  return failures || b.failed ? 1 : 0;
}
