/* What the januv commands that carry media through a plugin share (streaming watch, audiobridge join): the
 * client and session, one peer, a progress line per second from the peer's stats, the summary, and the
 * teardown (timer, peer with its recording finalized, session). The command attaches its plugin in
 * on_session, starts its media with the peer, and calls cli_media_started() once it flows. */
#ifndef JANUV_CLI_MEDIA_H
#define JANUV_CLI_MEDIA_H

#include "cli.h"

/* Exit status when the call worked but no media came. */
#define CLI_NO_MEDIA 4

typedef struct cli_media cli_media;

struct cli_media {
  cli *c;
  const char *url;
  januv_session *session;
  januv_peer *peer; /* created by the command with cli_media_peer() */
  unsigned seconds, elapsed;
  bool stopping;
  uint64_t t0;
  int webrtcup_ms;
  januv_peer_stats last;
  bool have_stats;
  /* The command's: attach its plugin once the session exists. */
  void (*on_session)(cli_media *m);
  /* The command's, may be NULL: text appended to each progress line and to the summary. */
  void (*describe)(cli_media *m, char *buf, size_t len);
  /* Set by the command before cli_media_run(): no media (list, info, ...), so no need for a media build. */
  bool signalling_only;
  /* The command's, may be NULL: whether what came is enough (default: any decoded audio or video). */
  bool (*media_ok)(cli_media *m, const januv_peer_stats *s);
  void *data;
  /* internal */
  uv_timer_t tick;
  bool tick_init;
};

/* Runs the command: connects to c->argv[url_index], creates the session, calls on_session, runs the loop until
 * the teardown ends. Returns the exit status. */
int cli_media_run(cli_media *m, cli *c, unsigned seconds, const char *url);
/* Creates m->peer from the command's track options: loopback ICE for a local URL, --stun, --record FILE,
 * -v logs; its callbacks (@p cbs, may be NULL) get m as their data. Fails the run (CLI_NO_MEDIA, or CLI_USAGE
 * for bad options) and returns false on error. */
bool cli_media_peer(cli_media *m, januv_peer_options *o, const januv_peer_callbacks *cbs);
/* Adds a track from a source spec: "test", "test:PATTERN", "none" (no track: returns false),
 * "bin:GST-DESCRIPTION", or a media file. */
bool cli_media_track(januv_peer_options *o, januv_media_kind kind, januv_direction dir, const char *src);
/* Media is under way: start the progress lines (once). */
void cli_media_started(cli_media *m);
/* Handle events worth a line: webrtcup (its time), hangup before the end (a failure). */
void cli_media_handle_event(cli_media *m, const januv_event *ev);
/* Stops with an error (the first one sets the exit status) and tears down. */
void cli_media_fail(cli_media *m, int code, const char *what, const char *reason);
/* The same from a failed reply (Janus and plugin errors exit 1, others 3). */
void cli_media_fail_reply(cli_media *m, const char *what, const januv_reply *r);
/* Ends now: prints the summary when media was under way, then tears down. */
void cli_media_finish(cli_media *m);

/* A plugin id from the command line: a number, or a string (always with --string-id). */
januv_id cli_plugin_id(const cli *c, const char *s);

#endif
