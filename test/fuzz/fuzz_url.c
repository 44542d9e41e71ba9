/*
 * URL parsing: jv_url_parse on arbitrary text, then the query lookup, the Host header and the
 * transport lookup on what parsed. Input: the URL (NUL-terminated here); text after a first '\n' is a
 * query key to look up as well.
 */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "januv/errors.h"
#include "januv/transport.h"
#include "proto/url.h"

static void check_query(const jv_url *u, const char *key) {
  char small[4], big[256];
  bool a = jv_url_query_get(u, key, small, sizeof small);
  bool b = jv_url_query_get(u, key, big, sizeof big);
  FZ_ASSERT(a == b);
  if (!b) return;
  FZ_ASSERT(u->query != NULL);
  FZ_ASSERT(strlen(small) < sizeof small && strlen(big) < sizeof big);
  FZ_ASSERT(strncmp(small, big, strlen(small)) == 0);
  FZ_ASSERT(strstr(u->query, big) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  const char *key = "type";
  char *nl = memchr(s, '\n', size);
  if (nl) {
    *nl = '\0';
    key = nl + 1;
  }

  jv_url u;
  int rc = jv_url_parse(s, &u);
  FZ_ASSERT(rc == 0 || rc == JANUV_EBADURL || rc == JANUV_ENOMEM);
  if (rc == 0) {
    FZ_ASSERT(u.scheme && *u.scheme && u.host && u.path);
    for (const char *p = u.scheme; *p; p++) FZ_ASSERT(!isupper((unsigned char)*p));
    FZ_ASSERT(strlen(u.scheme) < strlen(s));
    FZ_ASSERT(u.path[0] == '/');
    FZ_ASSERT(!u.port_given || u.port != 0);
    if (!strcmp(u.scheme, "unix")) {
      FZ_ASSERT(u.host[0] == '\0' && u.path[1] != '\0');
    } else {
      FZ_ASSERT(u.ipv6 || u.host[0] != '\0');
      FZ_ASSERT(u.port_given || u.port == jv_url_default_port(u.scheme));
    }
    check_query(&u, key);
    check_query(&u, "");
    check_query(&u, "maxev");
    char *host = jv_url_host_header(&u);
    FZ_ASSERT(host != NULL);
    FZ_ASSERT(strstr(host, u.host) != NULL);
    free(host);
    jv_url_free(&u);
  } else {
    FZ_ASSERT(u.scheme == NULL && u.host == NULL && u.path == NULL && u.query == NULL);
  }
  const char *name = januv_transport_lookup(s);
  if (name) FZ_ASSERT(fz_touch_str(name) > 0);
  free(s);
  return 0;
}
