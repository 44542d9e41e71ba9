/* Which transport serves a URL: user registrations, then the built-ins by scheme. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "januv/errors.h"
#include "proto/url.h"
#include "transport/transport_int.h"

typedef struct registration {
  const januv_transport_vtable *vt;
  januv_transport_match_cb match;
  void *data;
  struct registration *next;
} registration;

static registration *registrations; /* newest first */

static const struct {
  const char *scheme;
  const januv_transport_vtable *vt;
} builtins[] = {
  {"ws", &jv_ws_transport},
  {"wss", &jv_ws_transport},
  {"http", &jv_http_transport},
  {"https", &jv_http_transport},
  {"unix", &jv_unix_transport},
};

int januv_transport_register(const januv_transport_vtable *vt, januv_transport_match_cb match, void *data) {
  if (!vt || !match || !vt->open || !vt->send || !vt->close) return JANUV_EINVAL;
  registration *r = malloc(sizeof *r);
  if (!r) return JANUV_ENOMEM;
  r->vt = vt;
  r->match = match;
  r->data = data;
  r->next = registrations;
  registrations = r;
  return 0;
}

int januv_transport_unregister(const januv_transport_vtable *vt) {
  for (registration **pp = &registrations; *pp; pp = &(*pp)->next) {
    if ((*pp)->vt == vt) {
      registration *r = *pp;
      *pp = r->next;
      free(r);
      return 0;
    }
  }
  return UV_ENOENT;
}

const januv_transport_vtable *jv_transport_find(const char *url) {
  if (!url) return NULL;
  for (registration *r = registrations; r; r = r->next)
    if (r->match(url, r->data)) return r->vt;
  const char *sep = strstr(url, "://");
  if (!sep) return NULL;
  size_t n = (size_t)(sep - url);
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strlen(builtins[i].scheme) == n && !strncasecmp(url, builtins[i].scheme, n)) return builtins[i].vt;
  return NULL;
}

const char *januv_transport_lookup(const char *url) {
  const januv_transport_vtable *vt = jv_transport_find(url);
  return vt ? vt->name : NULL;
}

int jv_transport_check_url(const char *url) {
  const januv_transport_vtable *vt = jv_transport_find(url);
  if (!vt) return JANUV_ENOTRANSPORT;
  for (registration *r = registrations; r; r = r->next)
    if (r->vt == vt) return 0; /* a user transport judges its own URLs */
  jv_url u;
  int rc = jv_url_parse(url, &u);
  if (rc == 0) jv_url_free(&u);
  return rc;
}
