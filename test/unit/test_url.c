/* URL parsing (lib/proto/url.h) and the choice of a transport by URL (registry). No I/O. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "januv/errors.h"
#include "januv/transport.h"
#include "proto/url.h"

/* Parses s, which must succeed, and checks every field. query NULL means "no query". */
static bool url_is(const char *s, const char *scheme, const char *host, unsigned port, bool port_given, bool ipv6,
                   const char *path, const char *query) {
  jv_url u;
  int rc = jv_url_parse(s, &u);
  if (rc != 0) {
    fprintf(stderr, "  %s: parse failed (%s)\n", s, januv_err_name(rc));
    return false;
  }
  bool ok = !strcmp(u.scheme, scheme) && !strcmp(u.host, host) && u.port == port && u.port_given == port_given &&
            u.ipv6 == ipv6 && !strcmp(u.path, path) &&
            (query ? u.query && !strcmp(u.query, query) : u.query == NULL);
  if (!ok)
    fprintf(stderr, "  %s: got scheme=%s host=%s port=%u given=%d ipv6=%d path=%s query=%s\n", s, u.scheme, u.host,
            (unsigned)u.port, u.port_given, u.ipv6, u.path, u.query ? u.query : "(none)");
  jv_url_free(&u);
  return ok;
}

static void test_ws_urls(void) {
  CHECK(url_is("ws://127.0.0.1:8188", "ws", "127.0.0.1", 8188, true, false, "/", NULL));
  CHECK(url_is("ws://janus.example.org", "ws", "janus.example.org", 80, false, false, "/", NULL));
  CHECK(url_is("wss://janus.example.org", "wss", "janus.example.org", 443, false, false, "/", NULL));
  CHECK(url_is("wss://janus.example.org:8989/janus", "wss", "janus.example.org", 8989, true, false, "/janus", NULL));
  CHECK(url_is("WS://Host:1/", "ws", "Host", 1, true, false, "/", NULL));
  CHECK(url_is("ws://h:65535/a/b/c", "ws", "h", 65535, true, false, "/a/b/c", NULL));
}

static void test_http_urls(void) {
  CHECK(url_is("http://127.0.0.1:8088/janus", "http", "127.0.0.1", 8088, true, false, "/janus", NULL));
  CHECK(url_is("http://h", "http", "h", 80, false, false, "/", NULL));
  CHECK(url_is("https://h/janus", "https", "h", 443, false, false, "/janus", NULL));
  CHECK(url_is("https://h:443/janus", "https", "h", 443, true, false, "/janus", NULL));
  CHECK(url_is("http://h:80", "http", "h", 80, true, false, "/", NULL));
  /* A scheme januv does not know still parses; it just has no default port. */
  CHECK(url_is("foo+bar://h/x", "foo+bar", "h", 0, false, false, "/x", NULL));
}

static void test_ipv6(void) {
  CHECK(url_is("ws://[::1]:8188", "ws", "::1", 8188, true, true, "/", NULL));
  CHECK(url_is("ws://[::1]", "ws", "::1", 80, false, true, "/", NULL));
  CHECK(url_is("https://[2001:db8::7]/janus?x=1", "https", "2001:db8::7", 443, false, true, "/janus", "x=1"));
  CHECK(url_is("ws://[fe80::1%25eth0]:1/", "ws", "fe80::1%25eth0", 1, true, true, "/", NULL));
}

static void test_path_and_query(void) {
  CHECK(url_is("http://h:8088/janus?maxev=5&x", "http", "h", 8088, true, false, "/janus", "maxev=5&x"));
  CHECK(url_is("http://h?maxev=5", "http", "h", 80, false, false, "/", "maxev=5"));
  CHECK(url_is("http://h/?", "http", "h", 80, false, false, "/", ""));
  CHECK(url_is("http://h/a?b=/c", "http", "h", 80, false, false, "/a", "b=/c"));
  CHECK(url_is("http://h?b=/c", "http", "h", 80, false, false, "/", "b=/c"));
  CHECK(url_is("http://h:81?q", "http", "h", 81, true, false, "/", "q"));
  /* '@' after the authority is an ordinary path character. */
  CHECK(url_is("http://h/a@b", "http", "h", 80, false, false, "/a@b", NULL));

  jv_url u;
  CHECK_EQ_INT(jv_url_parse("http://h/janus?maxev=5&x&long=abcdefgh&empty=&maxevx=9", &u), 0);
  char v[8];
  CHECK(jv_url_query_get(&u, "maxev", v, sizeof v));
  CHECK_EQ_STR(v, "5");
  memset(v, '#', sizeof v);
  CHECK(jv_url_query_get(&u, "x", v, sizeof v)); /* a key without '=' has an empty value */
  CHECK_EQ_STR(v, "");
  CHECK(jv_url_query_get(&u, "empty", v, sizeof v));
  CHECK_EQ_STR(v, "");
  CHECK(jv_url_query_get(&u, "long", v, sizeof v)); /* truncated to outlen-1 */
  CHECK_EQ_STR(v, "abcdefg");
  CHECK(jv_url_query_get(&u, "maxevx", v, sizeof v));
  CHECK_EQ_STR(v, "9");
  CHECK(!jv_url_query_get(&u, "max", v, sizeof v)); /* prefixes of keys do not match */
  CHECK(!jv_url_query_get(&u, "ev", v, sizeof v));
  CHECK(!jv_url_query_get(&u, "5", v, sizeof v)); /* values are not keys */
  CHECK(!jv_url_query_get(&u, "missing", v, sizeof v));
  CHECK(!jv_url_query_get(&u, "maxev", v, 0));
  jv_url_free(&u);

  CHECK_EQ_INT(jv_url_parse("http://h/janus", &u), 0);
  CHECK(!jv_url_query_get(&u, "maxev", v, sizeof v));
  jv_url_free(&u);
}

static void test_default_ports(void) {
  CHECK_EQ_INT(jv_url_default_port("ws"), 80);
  CHECK_EQ_INT(jv_url_default_port("http"), 80);
  CHECK_EQ_INT(jv_url_default_port("wss"), 443);
  CHECK_EQ_INT(jv_url_default_port("https"), 443);
  CHECK_EQ_INT(jv_url_default_port("unix"), 0);
  CHECK_EQ_INT(jv_url_default_port("gopher"), 0);
}

static bool host_header_is(const char *s, const char *want) {
  jv_url u;
  if (jv_url_parse(s, &u) != 0) return false;
  char *h = jv_url_host_header(&u);
  bool ok = h && !strcmp(h, want);
  if (!ok) fprintf(stderr, "  host header of %s: got %s, want %s\n", s, h ? h : "(null)", want);
  free(h);
  jv_url_free(&u);
  return ok;
}

static void test_host_header(void) {
  CHECK(host_header_is("ws://h", "h"));
  CHECK(host_header_is("ws://h:80", "h"));
  CHECK(host_header_is("ws://h:443", "h:443"));
  CHECK(host_header_is("wss://h:443/x", "h"));
  CHECK(host_header_is("wss://h:80", "h:80"));
  CHECK(host_header_is("ws://127.0.0.1:8188/", "127.0.0.1:8188"));
  CHECK(host_header_is("http://h:8088/janus?x=1", "h:8088"));
  CHECK(host_header_is("ws://[::1]:8188", "[::1]:8188"));
  CHECK(host_header_is("ws://[::1]", "[::1]"));
  CHECK(host_header_is("https://[2001:db8::7]:443", "[2001:db8::7]"));
  CHECK(host_header_is("ws://[::ffff:255.255.255.255]:65535", "[::ffff:255.255.255.255]:65535"));
}

static void test_unix(void) {
  CHECK(url_is("unix:///run/janus/janus.sock", "unix", "", 0, false, false, "/run/janus/janus.sock", NULL));
  CHECK(url_is("unix:///tmp/j.sock?type=dgram", "unix", "", 0, false, false, "/tmp/j.sock", "type=dgram"));
  CHECK(url_is("UNIX:///a", "unix", "", 0, false, false, "/a", NULL));
  jv_url u;
  CHECK_EQ_INT(jv_url_parse("unix:///tmp/j.sock?type=dgram", &u), 0);
  char v[16];
  CHECK(jv_url_query_get(&u, "type", v, sizeof v));
  CHECK_EQ_STR(v, "dgram");
  jv_url_free(&u);

  CHECK_EQ_INT(jv_url_parse("unix://relative", &u), JANUV_EBADURL);
  CHECK_EQ_INT(jv_url_parse("unix://relative/path.sock", &u), JANUV_EBADURL);
  CHECK_EQ_INT(jv_url_parse("unix://", &u), JANUV_EBADURL);
  CHECK_EQ_INT(jv_url_parse("unix:///", &u), JANUV_EBADURL);
  CHECK_EQ_INT(jv_url_parse("unix://?type=dgram", &u), JANUV_EBADURL);
}

static void test_rejects(void) {
  static const char *const bad[] = {
    NULL,
    "",
    "127.0.0.1:8188",   /* no scheme */
    "//h:1",
    "://h",
    "ws:/h",
    "ws:h",
    "w s://h",
    "ws_x://h",          /* '_' is not a scheme character */
    "ws://",             /* empty host */
    "ws:///janus",
    "ws://:8188",
    "ws://?x=1",
    "ws://h:0",          /* port 0 */
    "ws://h:65536",
    "ws://h:99999",
    "ws://h:123456",
    "ws://h:",           /* empty port */
    "ws://h:/x",
    "ws://h:80a",
    "ws://h:-1",
    "ws://h:+80",
    "ws://h:0x50",
    "ws://user@h",       /* userinfo */
    "ws://user:pw@h:8188/",
    "ws://@h",
    "ws://h /x",         /* spaces and control characters */
    " ws://h",
    "ws://h\t",
    "ws://h/x\ny",
    "ws://h/\x7f",
    "ws://h/\x01",
    "ws://[]:80",        /* IPv6 */
    "ws://[::1",
    "ws://[::1]x",
    "ws://[::1]:",
    "ws://[::1]:0",
    "ws://[::1]:70000",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jv_url u;
    int rc = jv_url_parse(bad[i], &u);
    if (rc != JANUV_EBADURL) {
      t_failf(__FILE__, __LINE__, "\"%s\" parsed (rc %d)", bad[i] ? bad[i] : "(null)", rc);
      if (rc == 0) jv_url_free(&u);
      return;
    }
    /* A failed parse leaves nothing to free. */
    CHECK(!u.scheme && !u.host && !u.path && !u.query);
  }
}

/* ---- transport selection ---- */

static int fake_open(januv_transport *t) {
  (void)t;
  return 0;
}
static int fake_send(januv_transport *t, const januv_transport_request *req) {
  (void)t;
  (void)req;
  return 0;
}
static void fake_close(januv_transport *t) { januv_transport_closed(t); }

static const januv_transport_vtable fake_vt = {
  .name = "fake", .open = fake_open, .send = fake_send, .close = fake_close,
};
static const januv_transport_vtable other_vt = {
  .name = "other", .open = fake_open, .send = fake_send, .close = fake_close,
};

typedef struct match_rec {
  const char *prefix;
  int calls;
} match_rec;

static bool match_prefix(const char *url, void *data) {
  match_rec *m = data;
  m->calls++;
  return strncmp(url, m->prefix, strlen(m->prefix)) == 0;
}

static void test_builtin_lookup(void) {
  CHECK_EQ_STR(januv_transport_lookup("ws://h"), "ws");
  CHECK_EQ_STR(januv_transport_lookup("ws://127.0.0.1:8188/"), "ws");
  CHECK_EQ_STR(januv_transport_lookup("wss://h"), "ws");
  CHECK_EQ_STR(januv_transport_lookup("WS://h"), "ws");
  CHECK(januv_transport_lookup("gopher://h") == NULL);
  CHECK(januv_transport_lookup("wsx://h") == NULL);
  CHECK(januv_transport_lookup("w://h") == NULL);
  CHECK(januv_transport_lookup("h:8188") == NULL);
  CHECK(januv_transport_lookup("") == NULL);
  CHECK(januv_transport_lookup(NULL) == NULL);
}

static void test_register(void) {
  match_rec m = {.prefix = "ws://special"};
  CHECK_EQ_INT(januv_transport_register(&fake_vt, match_prefix, &m), 0);
  /* The registration wins over the built-in for the URLs it takes... */
  CHECK_EQ_STR(januv_transport_lookup("ws://special:8188"), "fake");
  CHECK(m.calls >= 1);
  /* ...and leaves the others to the built-ins. */
  CHECK_EQ_STR(januv_transport_lookup("ws://ordinary:8188"), "ws");
  CHECK(januv_transport_lookup("gopher://special") == NULL);

  /* A second registration for a new scheme; the newest is asked first. */
  match_rec m2 = {.prefix = "ws://"};
  CHECK_EQ_INT(januv_transport_register(&other_vt, match_prefix, &m2), 0);
  CHECK_EQ_STR(januv_transport_lookup("ws://special:8188"), "other");
  CHECK_EQ_INT(januv_transport_unregister(&other_vt), 0);
  CHECK_EQ_STR(januv_transport_lookup("ws://special:8188"), "fake");

  CHECK_EQ_INT(januv_transport_unregister(&fake_vt), 0);
  CHECK_EQ_STR(januv_transport_lookup("ws://special:8188"), "ws");
  CHECK_EQ_INT(januv_transport_unregister(&fake_vt), UV_ENOENT);

  /* A custom scheme. */
  match_rec m3 = {.prefix = "mine://"};
  CHECK(januv_transport_lookup("mine://x") == NULL);
  CHECK_EQ_INT(januv_transport_register(&fake_vt, match_prefix, &m3), 0);
  CHECK_EQ_STR(januv_transport_lookup("mine://x"), "fake");
  CHECK_EQ_STR(januv_transport_lookup("wss://x"), "ws");
  CHECK_EQ_INT(januv_transport_unregister(&fake_vt), 0);
  CHECK(januv_transport_lookup("mine://x") == NULL);
}

static void test_register_invalid(void) {
  match_rec m = {.prefix = "ws://"};
  januv_transport_vtable vt = fake_vt;
  CHECK_EQ_INT(januv_transport_register(NULL, match_prefix, &m), JANUV_EINVAL);
  CHECK_EQ_INT(januv_transport_register(&vt, NULL, &m), JANUV_EINVAL);
  vt.open = NULL;
  CHECK_EQ_INT(januv_transport_register(&vt, match_prefix, &m), JANUV_EINVAL);
  vt = fake_vt;
  vt.send = NULL;
  CHECK_EQ_INT(januv_transport_register(&vt, match_prefix, &m), JANUV_EINVAL);
  vt = fake_vt;
  vt.close = NULL;
  CHECK_EQ_INT(januv_transport_register(&vt, match_prefix, &m), JANUV_EINVAL);
  /* Nothing was registered by the refused calls. */
  CHECK_EQ_STR(januv_transport_lookup("ws://h"), "ws");
  CHECK_EQ_INT(m.calls, 0);
  CHECK_EQ_INT(januv_transport_unregister(&vt), UV_ENOENT);
  /* The optional functions may be NULL. */
  vt = fake_vt;
  CHECK(!vt.session_started && !vt.session_ended && !vt.abort);
  CHECK_EQ_INT(januv_transport_register(&vt, match_prefix, &m), 0);
  CHECK_EQ_STR(januv_transport_lookup("ws://h"), "fake");
  CHECK_EQ_INT(januv_transport_unregister(&vt), 0);
  CHECK_EQ_STR(januv_transport_lookup("ws://h"), "ws");
}

T_MAIN(T_CASE(test_ws_urls), T_CASE(test_http_urls), T_CASE(test_ipv6), T_CASE(test_path_and_query),
       T_CASE(test_default_ports), T_CASE(test_host_header), T_CASE(test_unix), T_CASE(test_rejects),
       T_CASE(test_builtin_lookup), T_CASE(test_register), T_CASE(test_register_invalid))
