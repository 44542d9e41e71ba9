/* januv tokens URL list|add|remove|allow|disallow [TOKEN [PLUGIN...]]: stored tokens (token_auth). */
#include <string.h>

#include "cli.h"

static void on_tokens(const januv_reply *r, const januv_admin_token *tokens, size_t n, void *data) {
  cli *c = data;
  c->done = true;
  if (r->status != 0) {
    cli_fail_reply(c, "tokens list", r);
    return;
  }
  if (c->json) {
    cli_print_json(r->json);
    return;
  }
  static const char *const headers[] = {"TOKEN", "PLUGINS"};
  cli_table t;
  cli_table_init(&t, 2, headers);
  for (size_t i = 0; i < n; i++) {
    char plugins[1024];
    size_t len = 0;
    plugins[0] = '\0';
    for (size_t k = 0; k < tokens[i].nplugins && len < sizeof plugins; k++)
      len += (size_t)snprintf(plugins + len, sizeof plugins - len, "%s%s", k ? ", " : "", tokens[i].plugins[k]);
    const char *row[] = {tokens[i].token, plugins};
    cli_table_add(&t, row);
  }
  cli_table_print(&t);
}

typedef struct token_op {
  cli *c;
  const char *what;
  const char *token;
} token_op;

static void on_plugins(const januv_reply *r, const char *const *plugins, size_t n, void *data) {
  token_op *op = data;
  op->c->done = true;
  if (r->status != 0) {
    cli_fail_reply(op->c, op->what, r);
    return;
  }
  if (op->c->json) {
    cli_print_json(r->json);
    return;
  }
  printf("token %s may use:%s", op->token, n ? "" : " no plugin");
  for (size_t i = 0; i < n; i++) printf("%s %s", i ? "," : "", plugins[i]);
  putchar('\n');
}

static void on_removed(const januv_reply *r, void *data) {
  token_op *op = data;
  op->c->done = true;
  if (r->status != 0) cli_fail_reply(op->c, op->what, r);
  else if (op->c->json) cli_print_json(r->json);
  else printf("token %s removed\n", op->token);
}

int cmd_tokens(cli *c) {
  static const struct {
    const char *action, *args;
    int min_args, max_args; /* after ACTION: TOKEN and PLUGINs */
  } actions[] = {
    {"list", "no more arguments", 0, 0}, {"add", "TOKEN [PLUGIN...]", 1, 1000}, {"remove", "TOKEN", 1, 1},
    {"allow", "TOKEN PLUGIN...", 2, 1000}, {"disallow", "TOKEN PLUGIN...", 2, 1000},
  };
  const char *action = c->argv[1];
  int nargs = c->argc - 2, which = -1;
  for (int i = 0; i < (int)(sizeof actions / sizeof actions[0]); i++)
    if (!strcmp(action, actions[i].action)) which = i;
  if (which < 0) {
    cli_err(c, "tokens wants list, add, remove, allow or disallow, not \"%s\"", action);
    return CLI_USAGE;
  }
  if (nargs < actions[which].min_args || nargs > actions[which].max_args) {
    cli_err(c, "tokens %s wants %s", action, actions[which].args);
    return CLI_USAGE;
  }
  int rc = cli_admin_open(c, c->argv[0]);
  if (rc) return rc;
  token_op op = {.c = c, .what = "tokens", .token = nargs ? c->argv[2] : NULL};
  const char *const *plugins = (const char *const *)c->argv + 3;
  size_t nplugins = nargs > 1 ? (size_t)(nargs - 1) : 0;
  switch (which) {
  case 0: rc = januv_admin_list_tokens(c->admin, on_tokens, c); break;
  case 1: rc = januv_admin_add_token(c->admin, op.token, plugins, nplugins, on_plugins, &op); break;
  case 2: rc = januv_admin_remove_token(c->admin, op.token, on_removed, &op); break;
  case 3: rc = januv_admin_allow_token(c->admin, op.token, plugins, nplugins, on_plugins, &op); break;
  default: rc = januv_admin_disallow_token(c->admin, op.token, plugins, nplugins, on_plugins, &op); break;
  }
  return cli_finish(c, "tokens", rc);
}
