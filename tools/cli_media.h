/* What the januv commands that carry media through a plugin share (echotest, streaming watch, audiobridge join,
 * videoroom publish and record, ...): the client and session, one peer, a progress line per second from the peer's
 * stats, the summary, and the teardown (timer, peer with its recording finalized, session). The command attaches
 * its plugin in on_session, starts its media with the peer, and calls cli_media_started() once it flows. */
#ifndef JANUV_CLI_MEDIA_H
#define JANUV_CLI_MEDIA_H

#include "cli.h"

/* Exit status when the call worked but no media came. */
#define CLI_NO_MEDIA 4
/* Exit status when a signal stopped the run before media was under way (128 + SIGINT, as shells report it). */
#define CLI_INTERRUPTED 130

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
  /* The command's, may be NULL: prints the progress line for the peer's stats instead of the default one. */
  void (*progress)(cli_media *m, const januv_peer_stats *s);
  /* The command's, may be NULL: for a command with peers of its own (m->peer stays NULL), prints each second's
   * progress instead of asking m->peer for its stats. */
  void (*own_progress)(cli_media *m);
  /* The command's, may be NULL: prints the summary instead of the default one and says whether what came is enough
   * (media_ok is then not asked). */
  bool (*summary)(cli_media *m);
  /* May be NULL: the complaint when not enough came (default "no media came"). */
  const char *no_media;
  /* The command's, may be NULL: closes its own peers in the teardown, after m->peer and before the session; true
   * while one is still closing (its close callback then calls cli_media_teardown()). */
  bool (*close_peers)(cli_media *m);
  void *data;
  /* internal */
  uv_timer_t tick;
  bool tick_init;
  uv_signal_t sig[2]; /* SIGINT, SIGTERM */
  bool sig_init[2];
  int sig_open, signals;
  bool creating, destroying; /* the session's create or destroy is pending */
};

/* Runs the command: connects to url, creates the session, calls on_session, runs the loop until the teardown ends.
 * SIGINT or SIGTERM ends the run early as its time would (summary, recordings finalized, session destroyed); before
 * media is under way it exits CLI_INTERRUPTED; a second signal kills the process. Returns the exit status. */
int cli_media_run(cli_media *m, cli *c, unsigned seconds, const char *url);
/* Creates m->peer from the command's track options (false, and nothing made, once the run is stopping): --video-codec and --audio-codec (when the command has them),
 * loopback ICE for a local URL, --stun, --record FILE, -v logs; its callbacks (@p cbs, may be NULL) get m as their data. Fails the run (CLI_NO_MEDIA, or CLI_USAGE
 * for bad options) and returns false on error. */
bool cli_media_peer(cli_media *m, januv_peer_options *o, const januv_peer_callbacks *cbs);
/* Creates m->peer with one audio track, sent and received, from --audio (default test); with --audio none it fails
 * the run (CLI_USAGE, "what: why") instead. False when the run failed. */
bool cli_media_audio_peer(cli_media *m, const char *what, const char *why);
/* What every peer of the run shares (cli_media_peer() sets it; a command with peers of its own calls it): loopback
 * ICE for a local URL, --stun, and with -v the peer's log through log_cb with log_data. */
void cli_media_peer_options(const cli_media *m, januv_peer_options *o, januv_log_cb log_cb, void *log_data);
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
/* Ends the run with the reply to a listing: prints r->data with --json, else the table t (built by the command from
 * the reply, freed here); a failed reply fails the run. */
void cli_media_print_list(cli_media *m, const char *what, const januv_reply *r, cli_table *t);
/* Tears down, one step per call: the timer, m->peer, the command's own peers (close_peers), the session. */
void cli_media_teardown(cli_media *m);
/* True when reply r is no error; otherwise fails the run with it (what names the request). */
bool cli_media_reply_ok(cli_media *m, const char *what, const januv_reply *r);

/* A plugin id from the command line: a number, or a string (always with --string-id). */
januv_id cli_plugin_id(const cli *c, const char *s);
/* A plugin's tri-state (-1 unknown, 0, 1) as "-", "no" or "yes". */
const char *cli_tri_text(int v);

#endif
