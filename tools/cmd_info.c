/* januv info URL, januv ping URL; with --admin through the Admin API (same replies). */
#include <string.h>

#include "cli.h"

static void print_names(const char *title, const cJSON *obj) {
  printf("%-16s", title);
  int n = 0;
  for (const cJSON *it = obj ? obj->child : NULL; it; it = it->next) printf("%s%s", n++ ? ", " : "", it->string);
  printf("%s\n", n ? "" : "-");
}

static const char *str(const cJSON *j, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  return cJSON_IsString(v) ? v->valuestring : "-";
}

static void on_info(const januv_reply *r, void *data) {
  cli *c = data;
  c->done = true;
  if (r->status != 0) {
    cli_fail_reply(c, "info", r);
    return;
  }
  if (c->json) {
    cli_print_json(r->json);
    return;
  }
  const cJSON *j = r->json;
  printf("%-16s%s %s\n", "server", str(j, "name"), str(j, "version_string"));
  printf("%-16s%s\n", "author", str(j, "author"));
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "session-timeout");
  const cJSON *rt = cJSON_GetObjectItemCaseSensitive(j, "reclaim-session-timeout");
  printf("%-16s%d s (reclaim %d s)\n", "session timeout", cJSON_IsNumber(st) ? st->valueint : -1,
         cJSON_IsNumber(rt) ? rt->valueint : -1);
  printf("%-16s%s\n", "api secret", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "api_secret")) ? "required" : "no");
  printf("%-16s%s\n", "token auth", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "auth_token")) ? "yes" : "no");
  print_names("transports", cJSON_GetObjectItemCaseSensitive(j, "transports"));
  print_names("plugins", cJSON_GetObjectItemCaseSensitive(j, "plugins"));
  print_names("event handlers", cJSON_GetObjectItemCaseSensitive(j, "events"));
}

static bool use_admin(const cli *c) { return cli_flag(c, "admin", NULL) != NULL; }

int cmd_info(cli *c) {
  int rc = use_admin(c) ? cli_admin_open(c, c->argv[0]) : cli_open(c, c->argv[0]);
  if (rc) return rc;
  rc = c->admin ? januv_admin_info(c->admin, on_info, c) : januv_client_info(c->client, on_info, c);
  return cli_finish(c, "info", rc);
}

typedef struct ping_state {
  cli *c;
  uint64_t start;
} ping_state;

static void on_pong(const januv_reply *r, void *data) {
  ping_state *p = data;
  cli *c = p->c;
  c->done = true;
  if (r->status != 0) {
    cli_fail_reply(c, "ping", r);
    return;
  }
  double ms = (double)(uv_hrtime() - p->start) / 1e6;
  if (c->json)
    printf("{\"janus\":\"pong\",\"rtt_ms\":%.3f}\n", ms);
  else
    printf("pong from %s in %.2f ms\n", c->argv[0], ms);
}

int cmd_ping(cli *c) {
  int rc = use_admin(c) ? cli_admin_open(c, c->argv[0]) : cli_open(c, c->argv[0]);
  if (rc) return rc;
  ping_state p = {.c = c, .start = uv_hrtime()};
  rc = c->admin ? januv_admin_ping(c->admin, on_pong, &p) : januv_client_ping(c->client, on_pong, &p);
  return cli_finish(c, "ping", rc);
}
