/* jfx: start a private Janus on 127.0.0.1 for tests, and always stop it.
 *
 * Plain POSIX (Linux), no januv or libuv dependency. Each instance gets its own
 * directory (generated configs, janus.log, Unix sockets, recordings), free TCP
 * ports and a private RTP port window. Janus runs with an LD_PRELOAD shim that
 * makes it offer a 127.0.0.1 ICE candidate.
 *
 * Janus is started with PR_SET_PDEATHSIG(SIGKILL): it dies with the thread that
 * called jfx_start()/jfx_restart(), so call them from a thread that outlives the
 * instance (normally the main thread).
 *
 * Environment: JANUV_JANUS_BIN (janus binary, default: "janus" in PATH),
 * JANUV_TEST_TMPDIR (where instance dirs go, default: <build>/test-tmp),
 * JANUV_JANUS_MODULES_DIR (dir holding plugins/, transports/, events/,
 * loggers/; default: Janus's built-in folders). */
#ifndef JANUV_TEST_JANUS_FIXTURE_H
#define JANUV_TEST_JANUS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jfx jfx;

typedef struct jfx_options {
	const char *name;                 /* used in the instance dir name; NULL = "janus" */
	const char *api_secret;           /* NULL = none */
	const char *admin_secret;         /* NULL = "januv-admin-secret" */
	bool token_auth;
	unsigned session_timeout;         /* seconds; 0 = Janus default 60 */
	unsigned reclaim_session_timeout; /* seconds; 0 = none */
	const char *cert_pem, *cert_key;  /* both set = https, wss, admin https/wss on extra ports */
	bool string_ids;                  /* videoroom/audiobridge/textroom/streaming string_ids */
	bool unix_dgram;                  /* the Janus API Unix socket is SOCK_DGRAM (URL "...?type=dgram") */
	const char *streaming_extra;      /* raw text appended to the streaming config, may be NULL */
	const char *videoroom_extra;      /* raw lines added to the videoroom general section, may be NULL */
	int debug_level;                  /* 0 = 4 */
	bool event_handlers;              /* JSON logger (<dir>/janus-log.json) and the sample event handler
	                                     (events "none" until tweaked) on */
	unsigned event_loops;             /* static event loops; 0 = one per handle (Janus default) */
} jfx_options;

void jfx_options_init(jfx_options *o);

/* 0 or -errno; on failure prints the Janus log tail to stderr and *out = NULL. */
int jfx_start(const jfx_options *o, jfx **out);

/* kind: "ws", "wss", "http", "https", "unix", "admin-http", "admin-https",
 * "admin-ws", "admin-wss", "admin-unix". NULL if not enabled or unknown.
 * Forms: ws://127.0.0.1:P, http://127.0.0.1:P/janus, wss://localhost:P,
 * https://localhost:P/janus, unix:///abs/janus.sock, http://127.0.0.1:P/admin,
 * https://localhost:P/admin, ws://127.0.0.1:P (admin), unix:///abs/admin.sock.
 * The strings stay valid (and unchanged by jfx_restart) until jfx_free(). */
const char *jfx_url(const jfx *j, const char *kind);
const char *jfx_admin_secret(const jfx *j);
pid_t jfx_pid(const jfx *j);                /* 0 when not running */
const char *jfx_dir(const jfx *j);          /* instance dir (config, log, sockets, recordings) */
int jfx_signal(jfx *j, int sig);            /* e.g. SIGSTOP (returns once every thread stopped)/SIGCONT; 0 or -errno */
int jfx_restart(jfx *j);                    /* stop, start again on the SAME ports and paths, wait ready */
int jfx_stop(jfx *j);                       /* SIGTERM (+SIGCONT), wait up to 10 s, then SIGKILL; idempotent */
void jfx_free(jfx *j);                      /* stops if running, frees; NULL is fine */
void jfx_dump_log(const jfx *j, FILE *f, size_t max_bytes); /* tail of janus.log */

#ifdef __cplusplus
}
#endif

#endif
