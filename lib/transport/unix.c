/*
 * Unix socket transport (unix:///path) for Janus's pfunix transport: SOCK_SEQPACKET by default, or
 * SOCK_DGRAM with "?type=dgram". Each message is one packet. libuv has no seqpacket streams, so the
 * socket is driven by a uv_poll_t. A datagram client binds its own path so Janus can answer it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "januv/errors.h"
#include "proto/url.h"
#include "transport/transport_int.h"
#include "util/list.h"
#include "util/rand.h"

enum { UX_IDLE, UX_CONNECTING, UX_OPEN, UX_DOWN };

typedef struct ux_msg {
  jv_list link;
  size_t len;
  char data[];
} ux_msg;

typedef struct ux_tr {
  januv_transport *t;
  char *path;
  int type; /* SOCK_SEQPACKET or SOCK_DGRAM */
  int fd;
  uv_poll_t poll;
  bool poll_init;
  int state;
  jv_list outq;
  char local_path[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* dgram: our own bound path */
  char *rbuf;
  size_t rcap;
  bool closing;
} ux_tr;

static void drop(ux_tr *u);
static void on_poll(uv_poll_t *h, int status, int events);

/* what says it all for januv's own codes: uv_strerror() knows only libuv's (for others it returns
 * "Unknown system error N" in memory it never frees). */
static void fail(ux_tr *u, int err, const char *what) {
  if (u->state == UX_DOWN || u->closing) return;
  const char *url = januv_transport_get_config(u->t)->url;
  char detail[300];
  if (JANUV_IS_OWN_ERROR(err))
    snprintf(detail, sizeof detail, "%s: %s", url, what);
  else
    snprintf(detail, sizeof detail, "%s: %s: %s", url, what,
             err == JANUV_ECONNRESET ? "connection closed by the server" : uv_strerror(err));
  drop(u);
  januv_transport_disconnected(u->t, err, detail);
}

static void update_events(ux_tr *u) {
  if (!u->poll_init || u->state == UX_DOWN) return;
  int ev = UV_READABLE | (!jv_list_empty(&u->outq) || u->state == UX_CONNECTING ? UV_WRITABLE : 0);
  uv_poll_start(&u->poll, ev, on_poll);
}

static void on_poll_closed(uv_handle_t *h) {
  ux_tr *u = h->data;
  if (u->fd >= 0) close(u->fd);
  u->fd = -1;
  if (u->local_path[0]) unlink(u->local_path);
  u->local_path[0] = '\0';
  if (u->closing) {
    januv_transport *t = u->t;
    free(u->path);
    free(u->rbuf);
    free(u);
    januv_transport_closed(t);
  }
}

/* Closes the socket; queued messages are dropped (their requests fail in the core). */
static void drop(ux_tr *u) {
  jv_list *n;
  while ((n = jv_list_pop_front(&u->outq))) free(JV_CONTAINER_OF(n, ux_msg, link));
  u->state = UX_DOWN;
  if (u->poll_init) {
    u->poll_init = false;
    uv_close((uv_handle_t *)&u->poll, on_poll_closed);
  } else if (u->fd >= 0) {
    close(u->fd);
    u->fd = -1;
  }
}

static void flush_out(ux_tr *u) {
  while (!jv_list_empty(&u->outq)) {
    ux_msg *m = JV_CONTAINER_OF(u->outq.next, ux_msg, link);
    ssize_t r = send(u->fd, m->data, m->len, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) break;
      if (errno == EINTR) continue;
      fail(u, errno == EPIPE || errno == ECONNRESET ? JANUV_ECONNRESET : -errno, "send");
      return;
    }
    jv_list_remove(&m->link);
    free(m);
  }
  update_events(u);
}

static void read_all(ux_tr *u) {
  size_t max = januv_transport_get_config(u->t)->max_message_size;
  for (;;) {
    /* Peek the packet's real size first: a seqpacket read truncates what does not fit. */
    char probe;
    ssize_t size = recv(u->fd, &probe, 1, MSG_PEEK | MSG_TRUNC);
    if (size < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      fail(u, errno == ECONNRESET ? JANUV_ECONNRESET : -errno, "recv");
      return;
    }
    if (size == 0 && u->type == SOCK_SEQPACKET) {
      fail(u, JANUV_ECONNRESET, "recv");
      return;
    }
    if ((size_t)size > max) {
      recv(u->fd, &probe, 1, 0); /* discard it */
      fail(u, JANUV_ETOOBIG, "message larger than max_message_size");
      return;
    }
    if ((size_t)size + 1 > u->rcap) {
      char *p = realloc(u->rbuf, (size_t)size + 1);
      if (!p) {
        fail(u, JANUV_ENOMEM, "recv");
        return;
      }
      u->rbuf = p;
      u->rcap = (size_t)size + 1;
    }
    ssize_t r = recv(u->fd, u->rbuf, u->rcap, 0);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      fail(u, -errno, "recv");
      return;
    }
    if (r > 0) januv_transport_receive(u->t, u->rbuf, (size_t)r);
    if (u->state != UX_OPEN) return; /* dropped from inside the core */
  }
}

static void on_poll(uv_poll_t *h, int status, int events) {
  ux_tr *u = h->data;
  if (status < 0) {
    fail(u, status, "poll");
    return;
  }
  if (u->state == UX_CONNECTING && (events & UV_WRITABLE)) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(u->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
      fail(u, -err, "connect");
      return;
    }
    u->state = UX_OPEN;
    update_events(u);
    januv_transport_log(u->t, JANUV_LOG_INFO, "connected to %s", u->path);
    januv_transport_connected(u->t);
    if (u->state != UX_OPEN) return;
  }
  if (events & UV_READABLE) read_all(u);
  if (u->state == UX_OPEN && (events & UV_WRITABLE)) flush_out(u);
}

static int bind_local(ux_tr *u) {
  /* Janus answers datagrams to the sender's address: give ours a name next to the server's. */
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  const char *dir = getenv("TMPDIR");
  snprintf(a.sun_path, sizeof a.sun_path, "%s/januv-%d-%016llx.sock", dir && *dir ? dir : "/tmp", (int)getpid(),
           (unsigned long long)jv_rand64());
  if (bind(u->fd, (struct sockaddr *)&a, sizeof a) != 0) return -errno;
  memcpy(u->local_path, a.sun_path, sizeof u->local_path);
  return 0;
}

static int ux_open(januv_transport *t) {
  ux_tr *u = januv_transport_impl(t);
  if (!u) {
    jv_url url;
    int rc = jv_url_parse(januv_transport_get_config(t)->url, &url);
    if (rc) return rc;
    char type[16] = "";
    jv_url_query_get(&url, "type", type, sizeof type);
    if (type[0] && strcmp(type, "seqpacket") && strcmp(type, "dgram")) {
      jv_url_free(&url);
      return JANUV_EBADURL;
    }
    u = calloc(1, sizeof *u);
    if (!u || strlen(url.path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
      free(u);
      jv_url_free(&url);
      return u ? JANUV_EBADURL : JANUV_ENOMEM;
    }
    u->t = t;
    u->path = url.path;
    url.path = NULL;
    jv_url_free(&url);
    u->type = !strcmp(type, "dgram") ? SOCK_DGRAM : SOCK_SEQPACKET;
    u->fd = -1;
    jv_list_init(&u->outq);
    januv_transport_set_impl(t, u);
  }
  if (u->state == UX_CONNECTING || u->state == UX_OPEN || u->poll_init || u->fd >= 0) return JANUV_ESTATE;
  u->fd = socket(AF_UNIX, u->type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (u->fd < 0) return -errno;
  int rc = u->type == SOCK_DGRAM ? bind_local(u) : 0;
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s", u->path);
  if (rc == 0 && connect(u->fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS && errno != EAGAIN)
    rc = -errno;
  if (rc == 0) rc = uv_poll_init(januv_transport_loop(t), &u->poll, u->fd);
  if (rc != 0) {
    close(u->fd);
    u->fd = -1;
    if (u->local_path[0]) unlink(u->local_path);
    u->local_path[0] = '\0';
    char detail[300];
    snprintf(detail, sizeof detail, "%s: connect: %s", u->path, uv_strerror(rc));
    januv_transport_disconnected(t, rc, detail);
    return 0;
  }
  u->poll.data = u;
  u->poll_init = true;
  u->state = UX_CONNECTING;
  uv_poll_start(&u->poll, UV_READABLE | UV_WRITABLE, on_poll);
  return 0;
}

static int ux_send(januv_transport *t, const januv_transport_request *req) {
  ux_tr *u = januv_transport_impl(t);
  if (!u || u->state != UX_OPEN) return JANUV_ESTATE;
  ux_msg *m = malloc(sizeof *m + req->len);
  if (!m) return JANUV_ENOMEM;
  m->len = req->len;
  memcpy(m->data, req->json, req->len);
  jv_list_push_back(&u->outq, &m->link);
  flush_out(u);
  return 0;
}

static void ux_abort(januv_transport *t) {
  ux_tr *u = januv_transport_impl(t);
  if (u && (u->state == UX_OPEN || u->state == UX_CONNECTING)) drop(u);
}

static void ux_close(januv_transport *t) {
  ux_tr *u = januv_transport_impl(t);
  if (!u) {
    januv_transport_closed(t);
    return;
  }
  u->closing = true;
  if (u->poll_init) {
    drop(u); /* the poll's close callback frees u and reports closed */
    return;
  }
  drop(u);
  if (u->local_path[0]) unlink(u->local_path);
  free(u->path);
  free(u->rbuf);
  free(u);
  januv_transport_closed(t);
}

const januv_transport_vtable jv_unix_transport = {
  .name = "unix",
  .open = ux_open,
  .send = ux_send,
  .abort = ux_abort,
  .close = ux_close,
};
