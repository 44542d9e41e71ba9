/* A TCP proxy on 127.0.0.1 for fault tests: forwards every connection to a target port, and on demand
 * cuts all connections (TCP resets on both sides) or refuses new ones. */
#ifndef JV_TEST_PROXY_H
#define JV_TEST_PROXY_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef struct t_proxy t_proxy;

t_proxy *t_proxy_new(uv_loop_t *loop, uint16_t target_port);
uint16_t t_proxy_port(const t_proxy *p);
/* Resets every open connection, both to the client and to the target. */
void t_proxy_cut(t_proxy *p);
/* While refusing, new connections are reset at once. */
void t_proxy_refuse(t_proxy *p, bool on);
/* Connections accepted so far / open now. */
int t_proxy_accepted(const t_proxy *p);
int t_proxy_open(const t_proxy *p);
/* Closes everything; freed once the loop ran the closes. */
void t_proxy_free(t_proxy *p);

#endif
