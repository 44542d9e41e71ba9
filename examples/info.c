/*
 * info.c - who is this Janus? Prints the server's name, version, transports and plugins, then pings it.
 *
 *   cc info.c $(pkg-config --cflags --libs januv) -o info
 *   ./info ws://127.0.0.1:8188
 *
 * Any URL januv knows works: ws://, wss://, http://HOST:PORT/janus, https://..., unix:///path/janus.sock.
 * Exit status: 0 success, 1 a request failed (connection refused, Janus error, ...), 2 usage error.
 */
#include <januv.h>

#include <stdio.h>
#include <string.h>

/* What the callbacks share: januv hands this pointer back to every callback as `data`. */
typedef struct app {
  januv_client *client;
  uint64_t ping_sent; /* uv_hrtime() when the ping went out, in ns */
  int status;         /* the exit status */
} app;

/* Prints the member names of a JSON object on one line, e.g. "plugins: janus.plugin.echotest, ...". */
static void print_names(const char *label, const cJSON *object) {
  const cJSON *item;
  int n = 0;
  printf("%s:", label);
  cJSON_ArrayForEach(item, object) printf("%s %s", n++ ? "," : "", item->string);
  printf("%s\n", n ? "" : " none");
}

/* A request failed: say why and close the client. uv_run() in main() returns once the client is closed. */
static void fail(app *a, const char *what, const januv_reply *r) {
  /* reply->reason is Janus's error text, or januv's description of the failure (never NULL). */
  if (r->status == JANUV_EJANUS)
    fprintf(stderr, "%s: Janus error %d: %s\n", what, r->janus_code, r->reason);
  else
    fprintf(stderr, "%s: %s (%s)\n", what, r->reason, januv_err_name(r->status));
  a->status = 1;
  januv_client_close(a->client, NULL, NULL);
}

/* Step 2: the answer to our ping. */
static void on_pong(const januv_reply *r, void *data) {
  app *a = data;
  if (r->status != 0) {
    fail(a, "ping", r);
    return;
  }
  printf("pong in %.2f ms\n", (double)(uv_hrtime() - a->ping_sent) / 1e6);
  januv_client_close(a->client, NULL, NULL); /* done: nothing else keeps the loop running */
}

/* Step 1: the server's info. reply->json is the whole "server_info" object, valid during this call only. */
static void on_info(const januv_reply *r, void *data) {
  app *a = data;
  if (r->status != 0) {
    fail(a, "info", r);
    return;
  }
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(r->json, "name");
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(r->json, "version_string");
  printf("server: %s %s\n", cJSON_IsString(name) ? name->valuestring : "?",
         cJSON_IsString(version) ? version->valuestring : "?");
  print_names("transports", cJSON_GetObjectItemCaseSensitive(r->json, "transports"));
  print_names("plugins", cJSON_GetObjectItemCaseSensitive(r->json, "plugins"));

  a->ping_sent = uv_hrtime();
  int rc = januv_client_ping(a->client, on_pong, a);
  if (rc != 0) { /* when a call fails, its callback never runs: handle the error here */
    fprintf(stderr, "ping: %s\n", januv_strerror(rc));
    a->status = 1;
    januv_client_close(a->client, NULL, NULL);
  }
}

int main(int argc, char **argv) {
  if (argc != 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: %s URL\n"
                    "Prints a Janus server's name, version, transports and plugins, then pings it.\n"
                    "URL: ws://HOST:8188, http://HOST:8088/janus, unix:///path/janus.sock, ...\n",
            argv[0]);
    return 2;
  }
  uv_loop_t *loop = uv_default_loop();
  app a;
  memset(&a, 0, sizeof a);

  /* The client starts connecting at once; requests made now wait for the connection (or fail with its
   * error, e.g. UV_ECONNREFUSED). NULL options: the defaults. */
  int rc = januv_client_new(loop, argv[1], NULL, &a.client);
  if (rc != 0) { /* a malformed URL, a scheme no transport serves, ... */
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  rc = januv_client_info(a.client, on_info, &a);
  if (rc != 0) {
    fprintf(stderr, "info: %s\n", januv_strerror(rc));
    januv_client_close(a.client, NULL, NULL);
    a.status = 1;
  }
  uv_run(loop, UV_RUN_DEFAULT); /* every callback runs in here; returns once the client is closed */
  if (uv_loop_close(loop) != 0) fprintf(stderr, "warning: the loop still has handles\n");
  return a.status;
}
