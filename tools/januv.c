/* januv: command-line client for the Janus WebRTC Server, built on libjanuv. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Plugin commands (tools/cmd_<plugin>.c). */
int cmd_streaming(cli *c);
int cmd_audiobridge(cli *c);
int cmd_textroom(cli *c);
int cmd_sip(cli *c);
int cmd_videoroom(cli *c);
int cmd_videocall(cli *c);

static const cli_command commands[] = {
  {"info", "URL", "show the server's info",
   "Prints name, version, timeouts, transports and plugins. With --admin, URL is an Admin API one.", "admin", 1, 1,
   cmd_info},
  {"ping", "URL", "ping the server and print the round trip", "With --admin, URL is an Admin API one.", "admin", 1,
   1, cmd_ping},
  {"request", "URL PLUGIN JSON", "attach to PLUGIN, send JSON as a message, print the reply and events",
   "Creates a session, attaches, sends the message (with --jsep JSON if given), prints the reply and every\n"
   "event for --wait seconds (default 2), then detaches and destroys the session.",
   "jsep=,wait=", 3, 3, cmd_request},
  {"echotest", "URL", "real media through the EchoTest plugin: a progress line per second, then a summary",
   "Sends a test pattern (or --video/--audio SRC: test, test:PATTERN, none, bin:GST-DESCRIPTION, or a media\n"
   "file) through janus.plugin.echotest for --seconds (default 10), decodes what comes back, prints state,\n"
   "RTT, bitrates and decoded frames every second. --video-codec vp8|vp9|h264, --audio-codec opus|pcmu|pcma|g722\n"
   "choose what is sent. --record FILE keeps what came back (.mkv, .webm, .mp4).\n"
   "Exit status 4 when no media came back. ICE stays on 127.0.0.1 when the URL's host is local.",
   "seconds=,video=,audio=,video-codec=,audio-codec=,record=,stun=,bitrate=", 1, 1, cmd_echotest},
  {"streaming", "ACTION URL [ID]", "Streaming mountpoints: list, info, or watch one (media, progress lines)",
   "Actions: list: the public mountpoints; info URL ID [--secret S]: one mountpoint (ports and PIN with the secret);\n"
   "watch URL ID: receives the mountpoint's streams for --seconds (default 10), decodes them, prints a progress\n"
   "line per second and a summary; --pin PIN, --record FILE keeps what came (.mkv, .webm, .mp4). IDs that are\n"
   "numbers are sent as numbers unless --string-id. Exit status 4 when no media came.",
   "seconds=,record=,pin=,secret=,stun=,string-id", 2, 3, cmd_streaming},
  {"audiobridge", "ACTION URL [ROOM]", "AudioBridge rooms: list, participants, or join one with a tone",
   "Actions: list: the public rooms; participants URL ROOM: who is in a room; join URL ROOM: joins with a tone (or\n"
   "--audio SRC: test, test:WAVE, bin:GST-DESCRIPTION, or a media file) for --seconds (default 10), decodes\n"
   "the others' mix, prints a progress line per second (buffers, audible ones, level) and a summary; --display\n"
   "NAME, --id ID, --pin PIN, --token T, --muted. Exit status 4 when no audio came back.",
   "seconds=,audio=,display=,id=,pin=,token=,muted,stun=,string-id", 2, 3, cmd_audiobridge},
  {"textroom", "chat URL ROOM", "TextRoom chat over a data channel: lines from stdin, the room's messages out",
   "Joins ROOM (a number, or a string with --string-id or when not a number) as --username (default januv-PID,\n"
   "--display NAME, --pin PIN, --token T; --create makes the room first, with --secret S and --pin). Prints what\n"
   "the room says (\"<user> text\", \"<user> (private) text\", \"* ...\" for joins, leaves, announcements); each\n"
   "line read from stdin is sent to the room; /msg USER TEXT sends privately, /announce TEXT (with --secret),\n"
   "/who lists the room, /quit or the end of stdin leaves.",
   "username=,display=,pin=,token=,secret=,create,string-id,stun=", 3, 3, cmd_textroom},
  {"sip", "ACTION URL [SIP-URI]", "SIP plugin: register an account, or call a SIP URI with audio (progress lines)",
   "Actions: register URL: registers --username SIP-URI (default sip:januv@127.0.0.1) with --secret S at\n"
   "--proxy sip:HOST:PORT (--authuser, --display), prints the outcome (exit 1 when the registrar refuses);\n"
   "call URL SIP-URI: registers (as a guest without --secret), calls SIP-URI with a tone (or --audio SRC: test,\n"
   "test:WAVE, bin:GST-DESCRIPTION, a media file), prints the call's events (calling, ringing, accepted, hangup)\n"
   "and a progress line per second for --seconds (default 10), then hangs up. Exit status 4 when no audio came.",
   "username=,secret=,authuser=,display=,proxy=,seconds=,audio=,audio-codec=,stun=", 2, 3, cmd_sip},
  {"videoroom", "ACTION URL", "VideoRoom: publish a source in a room, or record each publisher to its own file",
   "Actions (--room R required; numbers are sent as numbers unless --string-id):\n"
   "publish URL: joins and publishes a test pattern and tone (--source FILE: a media file's video and audio,\n"
   "bin:GST-DESCRIPTION: video only) for --seconds (default 10), a progress line per second; --create makes the\n"
   "room first (an existing one is fine; --admin-key, --secret, --pin, --description), --display NAME, --id ID,\n"
   "--pin, --token, --bitrate BPS.\n"
   "record URL --out DIR: joins the room and records each publisher (--feed ID, or all: the default, also those\n"
   "who come later) to DIR/feed-ID.mkv for --seconds (default 10), a progress line per feed and second; one that\n"
   "leaves and comes back is recorded again to DIR/feed-ID-2.mkv (-3, ...).\n"
   "Exit status 4 when nothing was sent (publish) or recorded (record).",
   "room=,seconds=,source=,video-codec=,audio-codec=,create,admin-key=,secret=,pin=,token=,description=,display=,"
   "id=,bitrate=,feed=,out=,stun=,string-id", 2, 2, cmd_videoroom},
  {"videocall", "ACTION URL NAME [PEER]", "VideoCall: register NAME and take a call, or call PEER (media, progress)",
   "Actions: register URL NAME: registers NAME and waits (--wait seconds, default 60) for a call, accepts it\n"
   "with a test pattern and tone (--video/--audio SRC: test, test:PATTERN, none, bin:GST-DESCRIPTION, or a file),\n"
   "prints a progress line per second until the caller hangs up (or --seconds), then a summary;\n"
   "call URL NAME PEER: registers NAME, calls PEER, prints calling/accepted and a progress line per second for\n"
   "--seconds (default 10), then hangs up. Exit status 4 when no media came.",
   "seconds=,wait=,video=,audio=,video-codec=,audio-codec=,record=,stun=", 3, 4, cmd_videocall},
  /* Admin API commands: URL is an Admin API one, the secret comes from --admin-secret or JANUV_ADMIN_SECRET. */
  {"status", "URL", "show the settings that can change at runtime (Admin API)", NULL, NULL, 1, 1, cmd_status},
  {"sessions", "URL", "list every session on the server, with its handles (Admin API)",
   "Lists the sessions of every client of the server, not only januv's.", NULL, 1, 1, cmd_sessions},
  {"handles", "URL SESSION", "list a session's handles: plugin, opaque id, PeerConnection (Admin API)", NULL, NULL,
   2, 2, cmd_handles},
  {"handle-info", "URL SESSION HANDLE", "show what Janus knows about a handle (Admin API)",
   "Prints the handle's plugin, session, flags, PeerConnection state and the plugin's own view;\n"
   "--plugin-only asks Janus for the plugin's part only.",
   "plugin-only", 3, 3, cmd_handle_info},
  {"tokens", "URL ACTION [TOKEN [PLUGIN...]]", "manage the tokens of a token_auth server (Admin API)",
   "Actions: list; add TOKEN [PLUGIN...] (no plugins: every plugin); remove TOKEN;\n"
   "allow TOKEN PLUGIN...; disallow TOKEN PLUGIN...",
   NULL, 2, 40, cmd_tokens},
  {"log-level", "URL LEVEL", "set Janus's log level, 0 (none) to 7 (everything) (Admin API)", NULL, NULL, 2, 2,
   cmd_log_level},
  {"accept-sessions", "URL on|off", "accept or refuse new sessions, e.g. to drain a server (Admin API)", NULL, NULL,
   2, 2, cmd_accept_sessions},
  {"destroy-session", "URL SESSION", "destroy a session, whoever created it (Admin API)", NULL, NULL, 2, 2,
   cmd_destroy_session},
  {"detach-handle", "URL SESSION HANDLE", "detach a handle from its plugin (Admin API)", NULL, NULL, 3, 3,
   cmd_detach_handle},
  {"hangup", "URL SESSION HANDLE", "hang up a handle's PeerConnection (Admin API)", NULL, NULL, 3, 3, cmd_hangup},
  {"pcap", "URL start|stop SESSION HANDLE", "capture a handle's unencrypted media on the server (Admin API)",
   "start writes a pcap file (--text: a text2pcap file) on the server, in --folder (default: Janus's\n"
   "working directory) as --filename (default: a random name), packets cut at --truncate bytes;\n"
   "stop ends the capture.",
   "text,folder=,filename=,truncate=", 4, 4, cmd_pcap},
  {"message-plugin", "URL PLUGIN JSON", "send a plugin's admin request, e.g. {\"request\":\"list\"} (Admin API)",
   "Prints the plugin's response; a response with an error_code exits with status 1.", NULL, 3, 3,
   cmd_message_plugin},
  {"admin", "URL JSON", "send any Admin API request, e.g. {\"janus\":\"loops_info\"}, print the reply",
   "januv adds transaction and admin_secret; session_id and handle_id in JSON address the request.", NULL, 2, 2,
   cmd_admin},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Global flags that take a value. */
static const char *const global_value_flags[] = {"timeout", "api-secret", "token", "admin-secret", "ca-file",
                                                 "ca-dir"};

static void usage(FILE *f, const char *prog) {
  fprintf(f, "usage: %s [options] COMMAND ARGS...\n\ncommands:\n", prog);
  for (size_t i = 0; i < NCOMMANDS; i++) {
    char head[64];
    snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].args);
    fprintf(f, "  %-38s %s\n", head, commands[i].summary);
  }
  fprintf(f, "\noptions:\n"
             "  --json                 print raw JSON replies\n"
             "  --timeout MS           request and connect timeout (default 15000)\n"
             "  --api-secret S         Janus API secret (or JANUV_API_SECRET)\n"
             "  --token T              Janus token (or JANUV_TOKEN)\n"
             "  --admin-secret S       Janus admin secret, for Admin API commands (or JANUV_ADMIN_SECRET)\n"
             "  --ca-file F, --ca-dir D  trust these CAs too for wss:// and https:// (besides the system store)\n"
             "  --insecure-skip-verify  DANGEROUS: accept any TLS certificate (self-signed test servers only)\n"
             "  -v, --verbose          log connection events; twice: every JSON frame (secrets masked)\n"
             "  -h, --help             this help; COMMAND --help for a command\n"
             "\nURLs: ws://HOST:PORT, wss://..., http://HOST:PORT/janus, https://..., unix:///PATH/janus.sock\n"
             "Admin API URLs: ws://HOST:ADMIN_PORT, http://HOST:PORT/admin, unix:///PATH/admin.sock\n"
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
    } else if (!strcmp(a, "--insecure-skip-verify")) {
      c.insecure = true;
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
      } else if (!strcmp(name, "ca-file")) {
        c.ca_file = value;
      } else if (!strcmp(name, "ca-dir")) {
        c.ca_dir = value;
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
