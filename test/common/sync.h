/*
 * Blocking wrappers for tests: each issues one januv request and runs the loop until its callback
 * ran (or a generous limit passed). They keep a copy of the reply for checks.
 */
#ifndef JV_TEST_SYNC_H
#define JV_TEST_SYNC_H

#include "harness.h"
#include "januv.h"

/* A reply kept after its callback returned. */
typedef struct t_reply {
  bool done;
  int calls;
  int status;
  int janus_code;
  char reason[256];
  cJSON *json; /* copy of the whole reply, or NULL */
  cJSON *data; /* copy of plugindata.data, or NULL */
  cJSON *jsep; /* copy of jsep, or NULL */
} t_reply;

/* A januv_reply_cb that fills a t_reply (data). */
void t_reply_cb(const januv_reply *r, void *data);
void t_reply_clear(t_reply *r);
/* Waits for r to complete; false after ms. */
bool t_reply_wait(uv_loop_t *loop, t_reply *r, uint32_t ms);
/* String member of r->data (plugindata.data), or "" */
const char *t_data_str(const t_reply *r, const char *key);

typedef struct t_objects {
  int session_closed, session_lost, session_timeout, session_reason;
  int handle_closed, handle_reason;
  int events[8];
  cJSON *last_event; /* copy of the last plugin event's json */
} t_objects;

extern const januv_session_callbacks t_session_cbs; /* count into a t_objects (the data pointer) */
extern const januv_handle_callbacks t_handle_cbs;

/* When set, every client t_client_open() makes without its own CA trusts this CA file (TLS runs). */
extern const char *t_tls_ca_file;

/* Creates a client and waits until it is connected (or failed); returns its state. */
januv_conn_state t_client_open(uv_loop_t *loop, const char *url, januv_client_options *opts, januv_client **out);
/* Closes a client and waits for the close callback. */
bool t_client_close(uv_loop_t *loop, januv_client *c);
/* Connects a client to url (as t_client_open() with default options) and creates a session on it: the
 * session, or NULL (then *client, when set, still wants t_close_session()). */
januv_session *t_open_session(uv_loop_t *loop, const char *url, januv_client **client);
/* Destroys the session and closes the client, each when not NULL; true when every step succeeded. */
bool t_close_session(uv_loop_t *loop, januv_client *client, januv_session *session);
/* Creates a session (callbacks count into objs, may be NULL); NULL on failure (reply in r if given). */
januv_session *t_session_create(uv_loop_t *loop, januv_client *c, t_objects *objs, t_reply *r);
januv_handle *t_attach(uv_loop_t *loop, januv_session *s, const char *plugin, t_objects *objs, t_reply *r);
/* Sends a plugin message from JSON text (jsep may be NULL) and waits for the answer in r. */
bool t_message(uv_loop_t *loop, januv_handle *h, const char *body, const cJSON *jsep, t_reply *r);
bool t_destroy(uv_loop_t *loop, januv_session *s, t_reply *r);
bool t_detach(uv_loop_t *loop, januv_handle *h, t_reply *r);

#endif
