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
  const char *ca_file;
  const char *ca_dir;
  bool insecure;
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
  januv_admin *admin;
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
/* For the ACTION URL [ID] commands: the index of c->argv[0] in actions (NULL-terminated; the first one wants URL,
 * the others URL and an id called id_name), or -1 after a message when it is unknown or the arguments do not fit. */
int cli_action(const cli *c, const char *const *actions, const char *id_name);
/* --seconds as a positive number (default 10); false (and a message when it is not a number) otherwise. */
bool cli_flag_seconds(const cli *c, unsigned *out);
/* Creates c->admin (Admin API) for url with the admin secret and waits for the connection; on failure
 * prints why and returns CLI_USAGE or CLI_TRANSPORT. */
int cli_admin_open(cli *c, const char *url);
/* Runs the loop until *flag is true (or nothing is left to run). */
void cli_run_until(cli *c, const bool *flag);
/* Runs the loop until c->done. */
void cli_run(cli *c);
/* For a call that issued a request (rc its return): runs the loop until c->done and returns the exit
 * code; when rc is an error, prints it and returns CLI_USAGE (invalid argument) or CLI_TRANSPORT. */
int cli_finish(cli *c, const char *what, int rc);
/* Closes the client and the admin (if any) and the loop. */
void cli_close(cli *c);
/* Closes c->client (if any) and runs the loop until it is closed: its pending callbacks have run. */
void cli_close_client(cli *c);
/* Parses a Janus id (session, handle); false (and a message naming what) when it is not one. */
bool cli_parse_id(const cli *c, const char *what, const char *s, uint64_t *out);
/* Records a failed reply: prints it and sets exit_code (1 for Janus and plugin errors, 3 otherwise). */
void cli_fail_reply(cli *c, const char *what, const januv_reply *r);
/* Prints JSON to stdout, indented or on one line, with exact integers (Janus ids). */
void cli_print_json(const cJSON *j);
void cli_print_json_line(const cJSON *j);
/* A printf to stderr prefixed with the program name. */
void cli_err(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A table printed with aligned columns: add rows of ncols strings (copied), then print (and free). */
typedef struct cli_table {
  int ncols;
  size_t nrows, cap;
  char **cells;
} cli_table;
/* headers: ncols strings, or NULL for a table without a header line. */
void cli_table_init(cli_table *t, int ncols, const char *const *headers);
void cli_table_add(cli_table *t, const char *const *row);
void cli_table_print(cli_table *t);
/* Frees the table without printing it. */
void cli_table_free(cli_table *t);

/* Commands. */
int cmd_info(cli *c);
int cmd_ping(cli *c);
int cmd_request(cli *c);
int cmd_echotest(cli *c);
int cmd_status(cli *c);
int cmd_log_level(cli *c);
int cmd_accept_sessions(cli *c);
int cmd_sessions(cli *c);
int cmd_handles(cli *c);
int cmd_handle_info(cli *c);
int cmd_destroy_session(cli *c);
int cmd_detach_handle(cli *c);
int cmd_hangup(cli *c);
int cmd_pcap(cli *c);
int cmd_tokens(cli *c);
int cmd_message_plugin(cli *c);
int cmd_admin(cli *c);

#endif
