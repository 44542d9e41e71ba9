/*
 * What the plugin tests against a real Janus share (test/janus and test/media):
 *
 *  - t_party: a client and a session of its own (or a session it shares), one plugin handle and maybe a
 *    januv_peer; opened, attached and closed with every close callback checked to run exactly once;
 *  - typed replies: T_KEEP_REPLY(), T_AWAIT*() and T_ASK() for any struct with the members
 *    `int calls, status, plugin_code; char reason[N];`, T_REPLY*() for a t_reply (sync.h);
 *  - ids of the server's kind (numeric, or strings with --ids=str), frame counting, file and UDP helpers;
 *  - t_main_janus() and t_main_media(): main() of a program whose cases run against one private Janus.
 *
 * Every wait is bounded by T_LIMIT_MS (or the limit given) and driven by events, never by sleeping.
 */
#ifndef JV_TEST_PARTY_H
#define JV_TEST_PARTY_H

#include "janus_fixture.h"
#include "sync.h"

/* How long a helper here waits for any one step. */
#define T_LIMIT_MS 20000

/* ---- parties ---- */

/*
 * One participant. Make it the first member of the struct its callbacks get: the plugin and peer
 * callbacks receive the party's address as their data, which is then that struct's too.
 */
typedef struct t_party {
  uv_loop_t *loop;
  const char *name;       /* in logs and messages; NULL: "peer" */
  januv_client *client;   /* NULL when the session is shared (t_party_init) */
  januv_session *session;
  union {                 /* the plugin handle, NULL before the attach and once it closed */
    void *handle;
    januv_audiobridge *ab;
    januv_echotest *et;
    januv_recordplay *rp;
    januv_sip *sip;
    januv_streaming *st;
    januv_textroom *tr;
    januv_videocall *vc;
    januv_videoroom *vr;
  };
  int (*detach)(void *handle); /* set by the t_attach_*() */
  januv_peer *peer;            /* NULL once its close callback ran */
  int attached, attach_status, closed, close_reason, peer_closed;
  int webrtcup, hangups; /* the handle's events, counted by the party's on_handle_event */
  /* counted by the default peer callbacks (t_party_peer_cbs) */
  int connected, video_tracks, audio_tracks, peer_errors;
} t_party;

/* A party with a client connected to url and a session of its own. p is cleared first. */
bool t_party_open(t_party *p, uv_loop_t *loop, const char *url, const char *name);
/* A party on a session someone else owns (and closes). p is cleared first. */
void t_party_init(t_party *p, uv_loop_t *loop, januv_session *session, const char *name);

/* Attaches the plugin on p's session and waits for it: true once p's handle is set. cbs may be NULL; its
 * on_closed is the party's (which counts p->closed and clears the handle), and so is on_handle_event
 * (which counts p->webrtcup and p->hangups). */
bool t_attach_audiobridge(t_party *p, const januv_audiobridge_callbacks *cbs);
bool t_attach_echotest(t_party *p, const januv_echotest_callbacks *cbs);
bool t_attach_recordplay(t_party *p, const januv_recordplay_callbacks *cbs);
bool t_attach_sip(t_party *p, const januv_sip_callbacks *cbs);
bool t_attach_streaming(t_party *p, const januv_streaming_callbacks *cbs);
bool t_attach_textroom(t_party *p, const januv_textroom_callbacks *cbs);
bool t_attach_videocall(t_party *p, const januv_videocall_callbacks *cbs);
bool t_attach_videoroom(t_party *p, const januv_videoroom_callbacks *cbs);

/* Peer options for tests: loopback ICE only, the peer's log through the test log (JANUV_TEST_LOG) named
 * after p (NULL: "peer"). Add the tracks, then t_party_peer(). */
void t_party_peer_options(t_party *p, januv_peer_options *o);
/* Creates p's peer with o and cbs (NULL: t_party_peer_cbs); their data is p. */
bool t_party_peer(t_party *p, const januv_peer_options *o, const januv_peer_callbacks *cbs);

/* The default peer callbacks, each usable from a test's own: connected (CONNECTED), video_tracks and
 * audio_tracks (on_track), peer_errors (printed). */
extern const januv_peer_callbacks t_party_peer_cbs;
void t_party_on_state(januv_peer *peer, januv_peer_state st, void *data);
void t_party_on_track(januv_peer *peer, const januv_track_info *t, void *data);
void t_party_on_peer_error(januv_peer *peer, int err, const char *msg, void *data);
/* The close callback to give januv_peer_close() for p's peer (data p): counts p->peer_closed. */
void t_party_peer_closed(januv_peer *peer, void *data);

/* Closes what is still open: the peer, the handle, then the session and client when p made them. Waits
 * for each close callback and checks it ran exactly once (a little after, too); true when all went well. */
bool t_party_close(t_party *p);

/* ---- typed replies ---- */

/* Counts reply r into *b (calls, status, plugin_code, reason). */
#define T_KEEP_REPLY(b, r)                                                                                     \
  do {                                                                                                         \
    (b)->calls++;                                                                                              \
    (b)->status = (r)->status;                                                                                 \
    (b)->plugin_code = (r)->plugin_code;                                                                       \
    snprintf((b)->reason, sizeof (b)->reason, "%s", (r)->reason);                                              \
  } while (0)

/* Clears b, starts a request that answers into it, waits for its one answer: T_AWAIT(L, b, januv_x(..., &b)). */
#define T_AWAIT(loop, b, call)                                                                                 \
  do {                                                                                                         \
    memset(&(b), 0, sizeof(b));                                                                                \
    CHECK_EQ_INT((call), 0);                                                                                   \
    CHECK(t_wait_count((loop), &(b).calls, 1, T_LIMIT_MS));                                                    \
    CHECK_EQ_INT((b).calls, 1);                                                                                \
  } while (0)
/* The same, and the request succeeded. */
#define T_AWAIT_OK(loop, b, call)                                                                              \
  do {                                                                                                         \
    T_AWAIT(loop, b, call);                                                                                    \
    if ((b).status) fprintf(stderr, "  %s: %s (%d)\n", #call, (b).reason, (b).plugin_code);                   \
    CHECK_EQ_INT((b).status, 0);                                                                               \
  } while (0)
/* The same, and the plugin refused it with code (and said why). */
#define T_AWAIT_ERR(loop, b, call, code)                                                                       \
  do {                                                                                                         \
    T_AWAIT(loop, b, call);                                                                                    \
    CHECK_EQ_INT((b).status, JANUV_EPLUGIN);                                                                   \
    CHECK_EQ_INT((b).plugin_code, code);                                                                       \
    CHECK((b).reason[0] != '\0');                                                                              \
  } while (0)

/* In an expression (no CHECK): clears b, starts the request, waits for its answer; true when it succeeded,
 * otherwise false with what went wrong on stderr. */
#define T_ASK(loop, b, call)                                                                                   \
  t_ask_done((memset(&(b), 0, sizeof(b)), (call)), (loop), &(b).calls, &(b).status, (b).reason, #call)
bool t_ask_done(int rc, uv_loop_t *loop, const int *calls, const int *status, const char *reason, const char *what);

/* The same for a t_reply r (sync.h) answered through t_reply_cb: T_REPLY(L, r, januv_x(..., t_reply_cb, &r)).
 * r keeps the answer until the next T_REPLY or t_reply_clear(). */
#define T_REPLY(loop, r, call)                                                                                 \
  do {                                                                                                         \
    t_reply_clear(&(r));                                                                                       \
    CHECK_EQ_INT((call), 0);                                                                                   \
    CHECK(t_reply_wait((loop), &(r), T_LIMIT_MS));                                                             \
  } while (0)
#define T_REPLY_OK(loop, r, call)                                                                              \
  do {                                                                                                         \
    T_REPLY(loop, r, call);                                                                                    \
    if ((r).status) fprintf(stderr, "  %s: %s\n", #call, (r).reason);                                         \
    CHECK_EQ_INT((r).status, 0);                                                                               \
  } while (0)

/* ---- ids ---- */

/* An id of the server's kind: numeric n, or with str the string prefix followed by n. Strings live in a
 * ring of 64 buffers. */
januv_id t_id(bool str, const char *prefix, uint64_t n);
/* id as text, in a ring of 16 buffers. */
const char *t_id_text(januv_id id);
/* Parses text (from t_id_text() or a reply) back into an id of the server's kind; strings point at text. */
januv_id t_id_parse(bool str, const char *text);
/* True when argv asks for string ids (--ids=str). */
bool t_str_ids(int argc, char **argv);

/* ---- media ---- */

/* Video frames peer decoded on mid (NULL: on all its video m-lines). */
uint64_t t_frames(const januv_peer *peer, const char *mid);
/* Runs the loop until peer decoded at least n frames on mid (NULL: all video) or ms passed. */
bool t_wait_frames(uv_loop_t *loop, const januv_peer *peer, const char *mid, uint64_t n, uint32_t ms);
/* Frames peer decodes on mid (NULL: all video) while the loop runs for ms. */
uint64_t t_frames_during(uv_loop_t *loop, const januv_peer *peer, const char *mid, uint32_t ms);
/* Runs the loop until peer decoded at least video frames and audio buffers, or ms passed; *c gets its
 * counters as they were last. True when both were reached. */
bool t_wait_decoded(uv_loop_t *loop, const januv_peer *peer, uint64_t video, uint64_t audio, uint32_t ms,
                    januv_media_counters *c);
/* Runs the loop until the file at path has at least size bytes (at most T_LIMIT_MS). */
bool t_wait_file(uv_loop_t *loop, const char *path, long size);
/* Runs a gst-launch description to its end of stream (at most 20 s, no uv loop): the pipeline, still holding its
 * elements' stats, for t_gst_done(); NULL (after saying why, as what) when it fails. Media builds only. */
struct _GstElement *t_gst_run(const char *what, const char *desc);
/* Stops and frees what t_gst_run() returned (NULL is fine). */
void t_gst_done(struct _GstElement *pipe);
/* The "rendered" count of sink element name in pipe (a basesink), 0 when unknown. */
unsigned long long t_gst_rendered(struct _GstElement *pipe, const char *name);

/* ---- Janus ---- */

/* The folder for a test's files: $JANUV_TEST_TMPDIR (made if missing), or /tmp. */
const char *t_tmpdir(void);

/* n (at most 8) distinct free UDP ports on 127.0.0.1, 0 where none was found. */
void t_free_udp_ports(unsigned short *ports, int n);
/* The Streaming config text (jfx_options.streaming_extra) of an RTP mountpoint "januv-static" with id (as
 * the config writes it: a number, or a quoted string), a VP8 video (mid v) and an Opus audio (mid a)
 * stream on 127.0.0.1 ports vport and aport, and a secret unless NULL. */
void t_streaming_static(char *buf, size_t len, const char *id, const char *secret, unsigned vport, unsigned aport);

/* main() of a program whose cases run against one private Janus: starts it with o into *janus, runs the cases
 * argv names (all when none), then stops it. With loop, the cases share a loop made here (*loop), which must
 * close cleanly after them. On failure the tail of the Janus log goes to stderr. Returns the exit code. */
int t_main_janus(int argc, char **argv, const jfx_options *o, jfx **janus, uv_loop_t **loop, const t_case *cases,
                 size_t n);
/* The same between gst_init() and gst_deinit(). After a failure GStreamer stays up: peers may still run, and
 * gst_deinit() would wait for them forever. */
int t_main_media(int argc, char **argv, const jfx_options *o, jfx **janus, uv_loop_t **loop, const t_case *cases,
                 size_t n);

#endif
