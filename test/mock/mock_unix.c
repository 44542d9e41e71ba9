/*
 * The mock's Unix side, like Janus's pfunix transport: a SOCK_SEQPACKET listener at a path, one JSON
 * message per packet. libuv has no seqpacket streams, so the listener and every connection are driven
 * by a uv_poll_t, as in the client's transport. Requests go through the same dispatch, handler and
 * defaults as the TCP side, and so do the fault controls that make sense for packets: drop (a Unix
 * socket has no reset: the peer reads EOF), stop reading, raw packets, delayed, duplicate and unknown
 * replies. A packet the kernel refuses (over its size limit) is dropped and counted as a send failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mock_int.h"

/* The send buffer asked for on every connection: the kernel caps it (net.core.wmem_max), and the
 * packet limit follows from what it grants. */
#define UNIX_SNDBUF (64 << 20)
#define UNIX_PROBE_MAX ((size_t)64 << 20)

static void conn_update(mock_conn *c);

static void on_listener_closed(uv_handle_t *h) {
  mock *m = h->data;
  free(h);
  mock_close_done(m);
}

/* The largest packet a connected socket with our send buffer takes: the kernel refuses bigger ones
 * with EMSGSIZE (over the send buffer) or ENOBUFS (over what it allocates for one packet). */
static size_t probe_max_packet(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0) return 0;
  int big = UNIX_SNDBUF;
  setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  int granted = 0;
  socklen_t glen = sizeof granted;
  getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &granted, &glen);
  size_t hi = granted > 0 && (size_t)granted < UNIX_PROBE_MAX ? (size_t)granted : UNIX_PROBE_MAX, lo = 0;
  char *buf = calloc(1, hi);
  while (buf && lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (send(sv[0], buf, mid, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)mid) {
      recv(sv[1], buf, hi, MSG_DONTWAIT);
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  free(buf);
  close(sv[0]);
  close(sv[1]);
  return lo;
}

/* ---- connections ---- */

static void conn_flush(mock_conn *c) {
  while (!c->closed && !jv_list_empty(&c->unix_outq)) {
    mock_text *t = JV_CONTAINER_OF(c->unix_outq.next, mock_text, link);
    ssize_t r = send(c->fd, t->text, t->len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break; /* the client's queue is full */
    if (r < 0 && errno != EMSGSIZE && errno != ENOBUFS) {
      mock_conn_close(c, false); /* the client went away */
      return;
    }
    if (r < 0) {
      fprintf(stderr, "mock: a %zu-byte packet cannot be sent: %s\n", t->len, strerror(errno));
      c->m->send_failures++;
    }
    jv_list_remove(&t->link);
    free(t);
  }
  if (!c->closed) conn_update(c);
}

static void conn_read(mock_conn *c) {
  while (!c->closed && c->unix_reading) {
    char probe;
    ssize_t size = recv(c->fd, &probe, 1, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT); /* the packet's real size */
    if (size < 0 && errno == EINTR) continue;
    if (size < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (size <= 0) {
      mock_conn_close(c, false); /* EOF, or the client reset */
      return;
    }
    char *buf = malloc((size_t)size);
    ssize_t n = recv(c->fd, buf, (size_t)size, MSG_DONTWAIT);
    if (n > 0) mock_dispatch(c, buf, (size_t)n);
    free(buf);
  }
}

static void on_conn_poll(uv_poll_t *p, int status, int events) {
  mock_conn *c = p->data;
  if (status < 0) {
    mock_conn_close(c, false);
    return;
  }
  if (events & UV_READABLE) conn_read(c);
  if (!c->closed && (events & UV_WRITABLE)) conn_flush(c);
}

static void conn_update(mock_conn *c) {
  int ev = (c->unix_reading ? UV_READABLE : 0) | (jv_list_empty(&c->unix_outq) ? 0 : UV_WRITABLE);
  if (ev)
    uv_poll_start(&c->poll, ev, on_conn_poll);
  else
    uv_poll_stop(&c->poll);
}

static void on_accept(uv_poll_t *p, int status, int events) {
  mock *m = p->data;
  (void)events;
  if (status < 0) return;
  for (;;) {
    int fd = accept4(m->unix_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && errno == EINTR) continue;
    if (fd < 0) return;
    int big = UNIX_SNDBUF;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    mock_conn *c = mock_conn_new(m);
    c->unix_side = true;
    c->unix_reading = true;
    c->fd = fd;
    if (uv_poll_init(m->loop, &c->poll, fd) != 0) {
      fprintf(stderr, "mock: cannot poll a Unix connection\n");
      abort();
    }
    c->poll.data = c;
    mock_conn_accepted(c);
    conn_update(c);
  }
}

void mock_unix_write(mock_conn *c, const char *p, size_t n) {
  if (c->closed) return;
  mock_text *t = malloc(sizeof *t + n);
  t->len = n;
  memcpy(t->text, p, n);
  jv_list_push_back(&c->unix_outq, &t->link);
  conn_flush(c);
}

void mock_unix_stop_reading(mock_conn *c) {
  c->unix_reading = false;
  conn_update(c);
}

void mock_unix_conn_release(mock_conn *c) {
  jv_list *n;
  while ((n = jv_list_pop_front(&c->unix_outq))) free(JV_CONTAINER_OF(n, mock_text, link));
}

/* ---- the listener ---- */

int mock_unix_listen(mock *m, bool on) {
  if (!m->unix_path[0]) return 0; /* no Unix side */
  if (!on) {
    if (m->unix_fd < 0) return 0;
    m->pending_closes++;
    uv_close((uv_handle_t *)m->unix_poll, on_listener_closed);
    close(m->unix_fd); /* the file stays: connects are refused */
    m->unix_fd = -1;
    m->unix_poll = NULL;
    return 0;
  }
  if (m->unix_fd >= 0) return 0;
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s", m->unix_path);
  unlink(m->unix_path);
  if (bind(fd, (const struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 128) != 0) {
    int rc = -errno;
    close(fd);
    return rc;
  }
  m->unix_poll = malloc(sizeof *m->unix_poll);
  uv_poll_init(m->loop, m->unix_poll, fd);
  m->unix_poll->data = m;
  m->unix_fd = fd;
  uv_poll_start(m->unix_poll, UV_READABLE, on_accept);
  return 0;
}

const char *mock_unix_url(mock *m) {
  if (m->unix_url[0]) return m->unix_url;
  static unsigned serial;
  const char *dir = getenv("JANUV_TEST_TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  mkdir(dir, 0700);
  int n = snprintf(m->unix_path, sizeof m->unix_path, "%s/mock-%d-%u.sock", dir, (int)getpid(), ++serial);
  if (n < 0 || (size_t)n >= sizeof m->unix_path)
    snprintf(m->unix_path, sizeof m->unix_path, "/tmp/januv-mock-%d-%u.sock", (int)getpid(), serial);
  int rc = mock_unix_listen(m, true);
  if (rc != 0) {
    fprintf(stderr, "mock: cannot listen on %s: %s\n", m->unix_path, uv_strerror(rc));
    abort();
  }
  m->unix_max_packet = probe_max_packet();
  snprintf(m->unix_url, sizeof m->unix_url, "unix://%s", m->unix_path);
  return m->unix_url;
}

size_t mock_unix_max_packet(const mock *m) { return m->unix_max_packet; }

void mock_unix_free(mock *m) {
  if (!m->unix_path[0]) return;
  mock_unix_listen(m, false);
  unlink(m->unix_path);
}
