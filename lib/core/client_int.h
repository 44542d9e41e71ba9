/* The Janus API client, its sessions and handles: shared internals of client.c, session.c,
 * handle.c and event.c. */
#ifndef JV_CORE_CLIENT_INT_H
#define JV_CORE_CLIENT_INT_H

#include "core/conn.h"
#include "januv/client.h"
#include "januv/handle.h"
#include "januv/session.h"

enum { OBJ_PENDING = 0, OBJ_OPEN, OBJ_ENDING, OBJ_CLOSED };

struct januv_client {
  jv_conn conn; /* first: conn callbacks get back to the client by a cast */
  uint32_t keepalive_interval_ms;
  januv_state_cb state_cb;
  void *state_data;
  void *data;
  januv_session *sessions; /* uthash by id */
  size_t nsessions;
  jv_list keepalives;      /* open sessions, ordered by next keepalive */
  uv_timer_t ka_timer;
  uint64_t ka_due;
  jv_defer open_defer;
  jv_defer close_defer;
  jv_defer reap_defer;
  jv_list dead_sessions;   /* closed sessions and handles, freed from a fresh loop callback */
  jv_list dead_handles;
  januv_client_close_cb close_cb;
  void *close_data;
  bool closing;
};

struct januv_session {
  uint64_t id;
  UT_hash_handle hh;
  januv_client *client;
  januv_session_callbacks cbs;
  januv_session_cb create_cb;
  void *data;
  januv_handle *handles; /* uthash by id */
  size_t nhandles;
  jv_list txns;          /* pending requests addressed to the session */
  jv_list ka_link;
  uint64_t next_ka;
  jv_list zombie_link;
  int state;
  bool claiming;
};

struct januv_handle {
  uint64_t id;
  UT_hash_handle hh;
  januv_session *session;
  char *plugin;
  januv_handle_callbacks cbs;
  januv_handle_cb attach_cb;
  void *data;
  jv_list txns;
  jv_list zombie_link;
  int state;
};

/* client.c */
void jv_client_keepalive_add(januv_client *c, januv_session *s);
/* Frees a closed object from a fresh loop callback, once no januv frame can still use it. */
void jv_client_bury_session(januv_client *c, januv_session *s);
void jv_client_bury_handle(januv_client *c, januv_handle *h);
/* The generic completion: runs the user's reply callback. */
void jv_done_user(jv_conn *conn, jv_txn *t, const januv_reply *r);

/* session.c */
januv_session *jv_session_find(januv_client *c, uint64_t id);
/* Ends the session: handles close, pending requests fail, on_closed runs. Idempotent. */
void jv_session_close(januv_session *s, int reason);
/* Janus said the session is gone (timeout event, 458 on keepalive, poll 404, claim refused). */
void jv_session_lost(januv_session *s, int reason);
/* Janus expired the session ("timeout" event). */
void jv_session_timed_out(januv_session *s);
void jv_session_send_keepalive(januv_session *s);
/* After a reconnect: claims every live session, then resumes the conn. */
void jv_client_restore(jv_conn *conn);
void jv_session_free(januv_session *s);

/* handle.c */
januv_handle *jv_handle_find(januv_session *s, uint64_t id);
void jv_handle_close(januv_handle *h, int reason);
void jv_handle_free(januv_handle *h);

/* event.c */
void jv_client_dispatch(januv_client *c, const cJSON *msg, const char *verb);

static inline januv_client *jv_client_of(jv_conn *conn) { return (januv_client *)conn; }

#endif
