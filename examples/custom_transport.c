/*
 * custom_transport.c - teach januv a new URL scheme with januv_transport_register().
 *
 *   ./custom_transport seqpacket:///var/run/janus/janus.sock
 *
 * "seqpacket://PATH" opens a Unix SOCK_SEQPACKET socket of its own, one JSON message per packet: what
 * Janus's janus.transport.pfunix speaks. (januv has unix:// built in: this is the recipe for your own,
 * e.g. a message bus, a tunnel, a relay.) A transport is a vtable (open, send, abort, close), reports
 * upward (januv_transport_connected(), _receive(), _disconnected(), _closed()) and a function that
 * claims URLs. We run info and ping through it. Exit status: 0 success, 1 failure, 2 usage error.
 */
#include <januv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SCHEME "seqpacket://"

/* One transport instance (januv makes one per client), created by the first open(). */
typedef struct sp {
  int fd;          /* the connected socket, while poll is set */
  uv_poll_t *poll; /* watches fd; one per connection, as a closing handle may outlive the connection */
  char *buf;       /* receive buffer of max_message_size bytes (client option) */
  size_t cap;
} sp;

static unsigned long n_sent, n_received; /* what we carried */

static bool sp_match(const char *url, void *data) {
  (void)data;
  return strncmp(url, SCHEME, strlen(SCHEME)) == 0;
}

/* The end of the instance: free it, then the last report (after which januv may free t). */
static void sp_end(januv_transport *t) {
  sp *s = januv_transport_impl(t);
  if (s) free(s->buf);
  free(s);
  januv_transport_closed(t);
}

static void on_poll_closed(uv_handle_t *h) {
  januv_transport *t = h->data; /* set when close() closed it */
  free(h);
  if (t) sp_end(t);
}

/* Stops watching and closes the socket; @p last: the transport is closing. */
static void sp_drop(januv_transport *t, bool last) {
  sp *s = januv_transport_impl(t);
  uv_poll_stop(s->poll);
  close(s->fd);
  s->poll->data = last ? t : NULL;
  uv_close((uv_handle_t *)s->poll, on_poll_closed);
  s->poll = NULL;
}

/* The socket is readable: hand each packet (one Janus message) to januv. */
static void on_readable(uv_poll_t *h, int status, int events) {
  (void)events;
  januv_transport *t = h->data;
  sp *s = januv_transport_impl(t);
  while (status == 0) {
    ssize_t n = recv(s->fd, s->buf, s->cap, MSG_TRUNC); /* MSG_TRUNC: returns the packet's real size */
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0 || (size_t)n > s->cap) { /* 0: Janus closed the socket */
      status = n == 0 ? UV_EOF : n > 0 ? JANUV_ETOOBIG : -errno;
      break;
    }
    n_received++;
    januv_transport_receive(t, s->buf, (size_t)n); /* may run callbacks that close the client */
    if (s->poll != h) return;                       /* ... or abort() us: stop reading */
  }
  sp_drop(t, false);
  januv_transport_disconnected(t, status, januv_strerror(status)); /* januv may reconnect: open() again */
}

/* open(): a local socket connects at once, so the outcome is reported from here. */
static int sp_open(januv_transport *t) {
  sp *s = januv_transport_impl(t);
  if (!s) { /* the instance's first open; close() frees it */
    if (!(s = calloc(1, sizeof *s))) return UV_ENOMEM;
    januv_transport_set_impl(t, s);
    s->cap = januv_transport_get_config(t)->max_message_size;
  }
  if (!s->buf && !(s->buf = malloc(s->cap))) return UV_ENOMEM;
  const char *path = januv_transport_get_config(t)->url + strlen(SCHEME);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return UV_ENAMETOOLONG;
  memcpy(addr.sun_path, path, strlen(path) + 1);
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno; /* an error here: januv handles it like a disconnect with that code */
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    int err = -errno;
    close(fd);
    return err;
  }
  uv_poll_t *poll = malloc(sizeof *poll);
  if (!poll) {
    close(fd);
    return UV_ENOMEM;
  }
  s->fd = fd;
  s->poll = poll;
  uv_poll_init(januv_transport_loop(t), poll, fd);
  poll->data = t;
  uv_poll_start(poll, UV_READABLE, on_readable);
  januv_transport_log(t, JANUV_LOG_INFO, "seqpacket: connected to %s", path);
  januv_transport_connected(t); /* requests waiting for the connection go out now */
  return 0;
}

/* send(): one request, one packet; the JSON is borrowed. A full socket buffer (EAGAIN) fails the
 * request: a production transport would queue it and wait for UV_WRITABLE. */
static int sp_send(januv_transport *t, const januv_transport_request *req) {
  sp *s = januv_transport_impl(t);
  if (send(s->fd, req->json, req->len, MSG_NOSIGNAL) < 0) return -errno;
  n_sent++;
  return 0;
}

/* abort(): januv considers the connection dead; drop it without a report. */
static void sp_abort(januv_transport *t) {
  sp *s = januv_transport_impl(t);
  if (s && s->poll) sp_drop(t, false);
}

/* close(): release everything, then report januv_transport_closed() exactly once. */
static void sp_close(januv_transport *t) {
  sp *s = januv_transport_impl(t);
  if (s && s->poll)
    sp_drop(t, true); /* on_poll_closed() ends it */
  else
    sp_end(t);
}

/* session_started/session_ended stay NULL: only transports that poll per session (HTTP) need them. */
static const januv_transport_vtable seqpacket_transport = {
  .name = "seqpacket", .open = sp_open, .send = sp_send, .abort = sp_abort, .close = sp_close};

/* ---- the program: info and ping through the new transport ---- */
static int exit_status;

static bool failed(januv_client *c, const char *what, const januv_reply *r) {
  if (r->status == 0) return false;
  fprintf(stderr, "%s: %s (%s)\n", what, r->reason, januv_err_name(r->status));
  exit_status = 1;
  januv_client_close(c, NULL, NULL);
  return true;
}

static void on_pong(const januv_reply *r, void *data) {
  if (!failed(data, "ping", r)) printf("pong\n");
  januv_client_close(data, NULL, NULL); /* done (JANUV_ECLOSED when failed() closed it: harmless) */
}

static void on_info(const januv_reply *r, void *data) {
  if (failed(data, "info", r)) return;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(r->json, "name");
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(r->json, "version_string");
  printf("server: %s %s\n", cJSON_IsString(name) ? name->valuestring : "?",
         cJSON_IsString(version) ? version->valuestring : "?");
  if (januv_client_ping(data, on_pong, data) != 0) januv_client_close(data, NULL, NULL);
}

int main(int argc, char **argv) {
  if (argc != 2 || strncmp(argv[1], SCHEME, strlen(SCHEME)) != 0) {
    fprintf(stderr, "usage: %s " SCHEME "/PATH/TO/janus.sock\n"
                    "Runs info and ping through a transport of our own over a Unix SOCK_SEQPACKET socket\n"
                    "(Janus's janus.transport.pfunix).\n", argv[0]);
    return 2;
  }
  /* Register before creating the clients that should use it; registrations are process-wide. */
  if (januv_transport_register(&seqpacket_transport, sp_match, NULL) != 0) return 1;
  printf("%s is served by the \"%s\" transport\n", argv[1], januv_transport_lookup(argv[1]));
  uv_loop_t *loop = uv_default_loop();
  januv_client *client;
  int rc = januv_client_new(loop, argv[1], NULL, &client);
  if (rc != 0) {
    fprintf(stderr, "%s: %s\n", argv[1], januv_strerror(rc));
    return 2;
  }
  if ((rc = januv_client_info(client, on_info, client)) != 0) { /* then on_info() never runs */
    fprintf(stderr, "info: %s\n", januv_strerror(rc));
    januv_client_close(client, NULL, NULL);
    exit_status = 1;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  januv_transport_unregister(&seqpacket_transport);
  printf("carried %lu requests out and %lu messages in\n", n_sent, n_received);
  return exit_status;
}
