/* januv: command-line client for the Janus WebRTC Server, built on libjanuv. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
  {"info", "URL", "show the server's info", "Prints name, version, timeouts, transports and plugins.", NULL, 1, 1,
   cmd_info},
  {"ping", "URL", "ping the server and print the round trip", NULL, NULL, 1, 1, cmd_ping},
  {"request", "URL PLUGIN JSON", "attach to PLUGIN, send JSON as a message, print the reply and events",
   "Creates a session, attaches, sends the message (with --jsep JSON if given), prints the reply and every\n"
   "event for --wait seconds (default 2), then detaches and destroys the session.",
   "jsep=,wait=", 3, 3, cmd_request},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Global flags that take a value. */
static const char *const global_value_flags[] = {"timeout", "api-secret", "token", "admin-secret"};

static void usage(FILE *f, const char *prog) {
  fprintf(f, "usage: %s [options] COMMAND ARGS...\n\ncommands:\n", prog);
  for (size_t i = 0; i < NCOMMANDS; i++) {
    char head[64];
    snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].args);
    fprintf(f, "  %-34s %s\n", head, commands[i].summary);
  }
  fprintf(f, "\noptions:\n"
             "  --json                 print raw JSON replies\n"
             "  --timeout MS           request and connect timeout (default 15000)\n"
             "  --api-secret S         Janus API secret (or JANUV_API_SECRET)\n"
             "  --token T              Janus token (or JANUV_TOKEN)\n"
             "  -v, --verbose          log connection events; twice: every JSON frame (secrets masked)\n"
             "  -h, --help             this help; COMMAND --help for a command\n"
             "\nURLs: ws://HOST:PORT, http://HOST:PORT/janus\n"
             "exit status: 0 ok, 1 Janus error, 2 usage error, 3 transport error\n");
}

static void command_help(const char *prog, const cli_command *cmd) {
  printf("usage: %s %s %s", prog, cmd->name, cmd->args);
  if (cmd->flags) {
    char flags[256];
    snprintf(flags, sizeof flags, "%s", cmd->flags);
    for (char *tok = strtok(flags, ","); tok; tok = strtok(NULL, ",")) {
      size_t n = strlen(tok);
      if (n && tok[n - 1] == '=') {
        tok[n - 1] = '\0';
        printf(" [--%s VALUE]", tok);
      } else {
        printf(" [--%s]", tok);
      }
    }
  }
  printf("\n\n%s.\n", cmd->summary);
  if (cmd->help) printf("%s\n", cmd->help);
}

/* "wait=" in the command's flag list: 1 takes a value, 0 boolean, -1 unknown */
static int command_flag_kind(const cli_command *cmd, const char *name) {
  if (!cmd || !cmd->flags) return -1;
  size_t n = strlen(name);
  const char *p = cmd->flags;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n + 1 && p[n] == '=' && !strncmp(p, name, n)) return 1;
    if (len == n && !strncmp(p, name, n)) return 0;
    if (!e) break;
    p = e + 1;
  }
  return -1;
}

static bool is_global_value_flag(const char *name) {
  for (size_t i = 0; i < sizeof global_value_flags / sizeof global_value_flags[0]; i++)
    if (!strcmp(name, global_value_flags[i])) return true;
  return false;
}

int main(int argc, char **argv) {
  cli c;
  memset(&c, 0, sizeof c);
  c.prog = "januv";
  c.api_secret = getenv("JANUV_API_SECRET");
  c.token = getenv("JANUV_TOKEN");
  c.admin_secret = getenv("JANUV_ADMIN_SECRET");
  char **pos = calloc((size_t)argc + 1, sizeof *pos);
  int npos = 0;
  bool help = false;
  const cli_command *cmd = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help = true;
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      c.verbose++;
    } else if (!strcmp(a, "-vv")) {
      c.verbose += 2;
    } else if (!strcmp(a, "--json")) {
      c.json = true;
    } else if (!strncmp(a, "--", 2) && a[2]) {
      char name[64];
      const char *eq = strchr(a, '=');
      snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a - 2 : (long)strlen(a + 2)), a + 2);
      int kind = is_global_value_flag(name) ? 1 : command_flag_kind(cmd, name);
      if (kind < 0) {
        fprintf(stderr, "januv: unknown option --%s%s\n", name, cmd ? "" : " (options of a command go after it)");
        free(pos);
        return CLI_USAGE;
      }
      const char *value = NULL;
      if (kind == 1) {
        if (eq) {
          value = eq + 1;
        } else if (i + 1 < argc) {
          value = argv[++i];
        } else {
          fprintf(stderr, "januv: --%s needs a value\n", name);
          free(pos);
          return CLI_USAGE;
        }
      }
      if (!strcmp(name, "timeout")) {
        c.timeout_ms = (unsigned)strtoul(value, NULL, 10);
      } else if (!strcmp(name, "api-secret")) {
        c.api_secret = value;
      } else if (!strcmp(name, "token")) {
        c.token = value;
      } else if (!strcmp(name, "admin-secret")) {
        c.admin_secret = value;
      } else if (c.nflags < (int)(sizeof c.flags / sizeof c.flags[0])) {
        c.flags[c.nflags].name = strdup(name);
        c.flags[c.nflags].value = value;
        c.nflags++;
      }
    } else if (!cmd) {
      for (size_t k = 0; k < NCOMMANDS; k++)
        if (!strcmp(a, commands[k].name)) cmd = &commands[k];
      if (!cmd) {
        fprintf(stderr, "januv: unknown command \"%s\"\n", a);
        usage(stderr, c.prog);
        free(pos);
        return CLI_USAGE;
      }
      c.command = cmd->name;
    } else {
      pos[npos++] = argv[i];
    }
  }
  int rc;
  if (help || !cmd) {
    if (cmd)
      command_help(c.prog, cmd);
    else
      usage(help ? stdout : stderr, c.prog);
    rc = help ? CLI_OK : CLI_USAGE;
  } else if (npos < cmd->min_args || npos > cmd->max_args) {
    fprintf(stderr, "januv: %s wants %s\n", cmd->name, cmd->args);
    rc = CLI_USAGE;
  } else {
    c.argc = npos;
    c.argv = pos;
    uv_loop_init(&c.loop);
    rc = cmd->run(&c);
    cli_close(&c);
  }
  for (int i = 0; i < c.nflags; i++) free((char *)c.flags[i].name);
  free(pos);
  return rc;
}
