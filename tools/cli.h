/* Shared plumbing of the januv command-line tool: options, the loop, output, exit codes. */
#ifndef JANUV_CLI_H
#define JANUV_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "januv.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_JANUS_ERROR = 1, CLI_USAGE = 2, CLI_TRANSPORT = 3 };

typedef struct cli {
  uv_loop_t loop;
  const char *prog;
  const char *command;
  bool json;
  int verbose;
  unsigned timeout_ms;
  const char *api_secret;
  const char *token;
  const char *admin_secret;
  /* positional arguments after the command */
  int argc;
  char **argv;
  /* command flags (--name value / --name=value / --name), in order */
  int nflags;
  struct {
    const char *name;
    const char *value; /* NULL for boolean flags */
  } flags[32];
  januv_client *client;
  int exit_code;
  bool done;
} cli;

typedef struct cli_command {
  const char *name;
  const char *args;    /* e.g. "URL" */
  const char *summary; /* one line */
  const char *help;    /* more lines, may be NULL */
  const char *flags;   /* command flags: "wait=,jsep=,all" (= takes a value), may be NULL */
  int min_args, max_args;
  int (*run)(cli *c);
} cli_command;

/* Client options from the global flags. */
void cli_client_options(cli *c, januv_client_options *o);
/* Creates c->client for url; on failure prints why and returns CLI_USAGE or CLI_TRANSPORT. */
int cli_open(cli *c, const char *url);
/* The value of command flag name, or def when absent; boolean flags give "". */
const char *cli_flag(const cli *c, const char *name, const char *def);
/* Like cli_flag, as a number; false (and a message) when the value is not a number. */
bool cli_flag_uint(const cli *c, const char *name, unsigned long def, unsigned long *out);
/* Runs the loop until c->done. */
void cli_run(cli *c);
/* Closes the client (if any) and the loop. */
void cli_close(cli *c);
/* Records a failed reply: prints it and sets exit_code (1 for Janus errors, 3 otherwise). */
void cli_fail_reply(cli *c, const char *what, const januv_reply *r);
/* Prints JSON to stdout, indented or on one line, with exact integers (Janus ids). */
void cli_print_json(const cJSON *j);
void cli_print_json_line(const cJSON *j);
/* A printf to stderr prefixed with the program name. */
void cli_err(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Commands. */
int cmd_info(cli *c);
int cmd_ping(cli *c);
int cmd_request(cli *c);

#endif
