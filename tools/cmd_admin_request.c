/* januv message-plugin URL PLUGIN JSON, januv admin URL JSON: raw requests through the Admin API. */
#include "cli.h"

/* The JSON object in argument i, or NULL (and a message) when it is not one. */
static cJSON *parse_object(cli *c, int i, const char *what) {
  cJSON *j = cJSON_Parse(c->argv[i]);
  if (!cJSON_IsObject(j)) {
    cli_err(c, "%s must be a JSON object: %s", what, c->argv[i]);
    cJSON_Delete(j);
    return NULL;
  }
  return j;
}

static void on_plugin_response(const januv_reply *r, const cJSON *response, void *data) {
  cli *c = data;
  c->done = true;
  if (c->json && r->json) cli_print_json(r->json);
  else if (response) cli_print_json(response);
  if (r->status != 0) cli_fail_reply(c, "message-plugin", r);
}

int cmd_message_plugin(cli *c) {
  cJSON *body = parse_object(c, 2, "the request");
  if (!body) return CLI_USAGE;
  int rc = cli_admin_open(c, c->argv[0]);
  if (rc == 0) rc = cli_finish(c, "message-plugin", januv_admin_message_plugin(c->admin, c->argv[1], body,
                                                                              on_plugin_response, c));
  cJSON_Delete(body);
  return rc;
}

static void on_admin_reply(const januv_reply *r, void *data) {
  cli *c = data;
  c->done = true;
  if (r->json) cli_print_json(r->json);
  if (r->status != 0) cli_fail_reply(c, "admin", r);
}

int cmd_admin(cli *c) {
  cJSON *req = parse_object(c, 1, "the request");
  if (!req) return CLI_USAGE;
  int rc = CLI_USAGE;
  if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(req, "janus")))
    cli_err(c, "the request needs a \"janus\" string, e.g. {\"janus\":\"list_sessions\"}");
  else if ((rc = cli_admin_open(c, c->argv[0])) == 0)
    rc = cli_finish(c, "admin", januv_admin_send(c->admin, req, on_admin_reply, c));
  cJSON_Delete(req);
  return rc;
}
