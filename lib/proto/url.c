#include "proto/url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "januv/errors.h"
#include "util/str.h"

uint16_t jv_url_default_port(const char *scheme) {
  if (!strcmp(scheme, "ws") || !strcmp(scheme, "http")) return 80;
  if (!strcmp(scheme, "wss") || !strcmp(scheme, "https")) return 443;
  return 0;
}

void jv_url_free(jv_url *u) {
  free(u->scheme);
  free(u->host);
  free(u->path);
  free(u->query);
  memset(u, 0, sizeof *u);
}

static bool bad_chars(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s <= 0x20 || *s == 0x7f) return true;
  return false;
}

int jv_url_parse(const char *s, jv_url *out) {
  memset(out, 0, sizeof *out);
  if (!s || bad_chars(s)) return JANUV_EBADURL;
  const char *sep = strstr(s, "://");
  if (!sep || sep == s) return JANUV_EBADURL;
  for (const char *p = s; p < sep; p++)
    if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.') return JANUV_EBADURL;
  out->scheme = jv_strndup(s, (size_t)(sep - s));
  if (!out->scheme) goto nomem;
  for (char *p = out->scheme; *p; p++) *p = (char)tolower((unsigned char)*p);

  const char *rest = sep + 3;
  const char *q = strchr(rest, '?');
  const char *end = q ? q : rest + strlen(rest);
  if (q && !(out->query = jv_strdup(q + 1))) goto nomem;

  if (!strcmp(out->scheme, "unix")) {
    /* unix:///abs/path: the authority must be empty. */
    if (rest[0] != '/' || end - rest < 2) goto bad;
    if (!(out->host = jv_strdup("")) || !(out->path = jv_strndup(rest, (size_t)(end - rest)))) goto nomem;
    return 0;
  }

  const char *slash = memchr(rest, '/', (size_t)(end - rest));
  const char *auth_end = slash ? slash : end;
  if (memchr(rest, '@', (size_t)(auth_end - rest))) goto bad; /* userinfo is not supported */
  const char *host_end;
  const char *port_start = NULL;
  if (rest[0] == '[') {
    const char *rb = memchr(rest, ']', (size_t)(auth_end - rest));
    if (!rb || rb == rest + 1) goto bad;
    out->ipv6 = true;
    out->host = jv_strndup(rest + 1, (size_t)(rb - rest - 1));
    host_end = rb + 1;
    if (host_end < auth_end) {
      if (*host_end != ':') goto bad;
      port_start = host_end + 1;
    }
  } else {
    const char *colon = memchr(rest, ':', (size_t)(auth_end - rest));
    host_end = colon ? colon : auth_end;
    if (host_end == rest) goto bad;
    out->host = jv_strndup(rest, (size_t)(host_end - rest));
    if (colon) port_start = colon + 1;
  }
  if (!out->host) goto nomem;
  if (port_start) {
    if (port_start == auth_end || auth_end - port_start > 5) goto bad;
    unsigned long port = 0;
    for (const char *p = port_start; p < auth_end; p++) {
      if (!isdigit((unsigned char)*p)) goto bad;
      port = port * 10 + (unsigned long)(*p - '0');
    }
    if (port == 0 || port > 65535) goto bad;
    out->port = (uint16_t)port;
    out->port_given = true;
  } else {
    out->port = jv_url_default_port(out->scheme);
  }
  out->path = slash ? jv_strndup(slash, (size_t)(end - slash)) : jv_strdup("/");
  if (!out->path) goto nomem;
  return 0;
bad:
  jv_url_free(out);
  return JANUV_EBADURL;
nomem:
  jv_url_free(out);
  return JANUV_ENOMEM;
}

bool jv_url_query_get(const jv_url *u, const char *key, char *out, size_t outlen) {
  if (!u->query || outlen == 0) return false;
  size_t klen = strlen(key);
  const char *p = u->query;
  while (*p) {
    const char *amp = strchr(p, '&');
    const char *e = amp ? amp : p + strlen(p);
    if ((size_t)(e - p) >= klen && !strncmp(p, key, klen) && (p[klen] == '=' || p + klen == e)) {
      const char *v = p[klen] == '=' ? p + klen + 1 : e;
      size_t n = (size_t)(e - v);
      if (n >= outlen) n = outlen - 1;
      memcpy(out, v, n);
      out[n] = '\0';
      return true;
    }
    if (!amp) break;
    p = amp + 1;
  }
  return false;
}

char *jv_url_host_header(const jv_url *u) {
  size_t n = strlen(u->host) + 16;
  char *s = malloc(n);
  if (!s) return NULL;
  const char *lb = u->ipv6 ? "[" : "", *rb = u->ipv6 ? "]" : "";
  if (u->port_given && u->port != jv_url_default_port(u->scheme))
    snprintf(s, n, "%s%s%s:%u", lb, u->host, rb, (unsigned)u->port);
  else
    snprintf(s, n, "%s%s%s", lb, u->host, rb);
  return s;
}
