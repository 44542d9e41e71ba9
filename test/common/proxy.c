#include "proxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/list.h"

typedef struct pair pair;

typedef struct side {
  uv_tcp_t tcp;
  pair *pr;
  bool up;
} side;

struct pair {
  jv_list link;
  t_proxy *p;
  side client, target;
  uv_connect_t creq;
  int closes;
  bool closing;
};

struct t_proxy {
  uv_loop_t *loop;
  uv_tcp_t listener;
  uint16_t port, target_port;
  jv_list pairs;
  bool refusing, freeing;
  int accepted, open, pending;
};

static void maybe_free(t_proxy *p) {
  if (p->freeing && p->pending == 0) free(p);
}

static void on_side_closed(uv_handle_t *h) {
  side *sd = h->data;
  pair *pr = sd->pr;
  if (--pr->closes > 0) return;
  t_proxy *p = pr->p;
  free(pr);
  p->pending--;
  maybe_free(p);
}

static void close_side(side *sd, bool reset) {
  if (uv_is_closing((uv_handle_t *)&sd->tcp)) return;
  if (!reset || !sd->up || uv_tcp_close_reset(&sd->tcp, on_side_closed) != 0)
    uv_close((uv_handle_t *)&sd->tcp, on_side_closed);
}

static void pair_close(pair *pr, bool reset) {
  if (pr->closing) return;
  pr->closing = true;
  pr->p->open--;
  jv_list_remove(&pr->link);
  close_side(&pr->client, reset);
  close_side(&pr->target, reset);
}

typedef struct wreq {
  uv_write_t req;
  char *data;
} wreq;

static void on_written(uv_write_t *req, int status) {
  wreq *w = (wreq *)req;
  (void)status;
  free(w->data);
  free(w);
}

static void on_alloc(uv_handle_t *h, size_t sz, uv_buf_t *b) {
  (void)h;
  b->base = malloc(sz);
  b->len = sz;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  side *sd = s->data;
  pair *pr = sd->pr;
  side *other = sd == &pr->client ? &pr->target : &pr->client;
  if (n < 0) {
    free(b->base);
    pair_close(pr, false);
    return;
  }
  if (n == 0 || pr->closing || !other->up) {
    free(b->base);
    return;
  }
  wreq *w = malloc(sizeof *w);
  w->data = b->base;
  uv_buf_t out = uv_buf_init(b->base, (unsigned)n);
  if (uv_write(&w->req, (uv_stream_t *)&other->tcp, &out, 1, on_written) != 0) {
    free(w->data);
    free(w);
    pair_close(pr, false);
  }
}

static void on_target_connected(uv_connect_t *req, int status) {
  pair *pr = req->data;
  if (pr->closing) return;
  if (status != 0) {
    pair_close(pr, true);
    return;
  }
  pr->target.up = true;
  uv_read_start((uv_stream_t *)&pr->client.tcp, on_alloc, on_read);
  uv_read_start((uv_stream_t *)&pr->target.tcp, on_alloc, on_read);
}

static void on_connection(uv_stream_t *server, int status) {
  t_proxy *p = server->data;
  if (status != 0) return;
  pair *pr = calloc(1, sizeof *pr);
  pr->p = p;
  pr->closes = 2;
  pr->client.pr = pr->target.pr = pr;
  uv_tcp_init(p->loop, &pr->client.tcp);
  uv_tcp_init(p->loop, &pr->target.tcp);
  pr->client.tcp.data = &pr->client;
  pr->target.tcp.data = &pr->target;
  jv_list_push_back(&p->pairs, &pr->link);
  p->pending++;
  p->open++;
  p->accepted++;
  if (uv_accept(server, (uv_stream_t *)&pr->client.tcp) != 0) {
    pair_close(pr, false);
    return;
  }
  pr->client.up = true;
  if (p->refusing) {
    pair_close(pr, true);
    return;
  }
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", p->target_port, &addr);
  pr->creq.data = pr;
  if (uv_tcp_connect(&pr->creq, &pr->target.tcp, (const struct sockaddr *)&addr, on_target_connected) != 0)
    pair_close(pr, true);
}

t_proxy *t_proxy_new(uv_loop_t *loop, uint16_t target_port) {
  t_proxy *p = calloc(1, sizeof *p);
  p->loop = loop;
  p->target_port = target_port;
  jv_list_init(&p->pairs);
  uv_tcp_init(loop, &p->listener);
  p->listener.data = p;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  if (uv_tcp_bind(&p->listener, (const struct sockaddr *)&addr, 0) != 0 ||
      uv_listen((uv_stream_t *)&p->listener, 64, on_connection) != 0) {
    fprintf(stderr, "proxy: cannot listen\n");
    abort();
  }
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&p->listener, (struct sockaddr *)&ss, &len);
  p->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
  return p;
}

uint16_t t_proxy_port(const t_proxy *p) { return p->port; }
void t_proxy_refuse(t_proxy *p, bool on) { p->refusing = on; }
int t_proxy_accepted(const t_proxy *p) { return p->accepted; }
int t_proxy_open(const t_proxy *p) { return p->open; }

void t_proxy_cut(t_proxy *p) {
  while (!jv_list_empty(&p->pairs)) pair_close(JV_CONTAINER_OF(p->pairs.next, pair, link), true);
}

static void on_listener_closed(uv_handle_t *h) {
  t_proxy *p = h->data;
  p->pending--;
  maybe_free(p);
}

void t_proxy_free(t_proxy *p) {
  p->freeing = true;
  t_proxy_cut(p);
  p->pending++;
  uv_close((uv_handle_t *)&p->listener, on_listener_closed);
}
