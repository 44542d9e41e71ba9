/* URL parsing for the schemes januv speaks. No I/O. */
#ifndef JV_PROTO_URL_H
#define JV_PROTO_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct jv_url {
  char *scheme; /* lower case: "ws", "wss", "http", "https", "unix", or any other */
  char *host;   /* without IPv6 brackets; "" for unix */
  uint16_t port; /* explicit, or the scheme's default (0 when the scheme has none) */
  bool port_given;
  bool ipv6;
  char *path;   /* "/" when absent; for unix: the socket path */
  char *query;  /* after '?', without it; NULL when absent */
} jv_url;

/* Returns 0 or JANUV_EBADURL / UV_ENOMEM. On success free with jv_url_free(). */
int jv_url_parse(const char *s, jv_url *out);
void jv_url_free(jv_url *u);
/* Default port of a scheme, 0 if unknown. */
uint16_t jv_url_default_port(const char *scheme);
/* The value of key in the query string (copied into out, at most outlen-1 bytes); false if absent. */
bool jv_url_query_get(const jv_url *u, const char *key, char *out, size_t outlen);
/* "host" or "host:port" (brackets for IPv6), as an HTTP Host header wants; caller frees. */
char *jv_url_host_header(const jv_url *u);

#endif
