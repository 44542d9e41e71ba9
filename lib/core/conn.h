/*
 * The core connection shared by the Janus API client and the Admin client: one transport, the table
 * of pending transactions, the queue of requests waiting for the connection, logging and secrets.
 * Sessions and handles live above it (client.c); it knows nothing about them beyond ids.
 */
#ifndef JV_CORE_CONN_H
#define JV_CORE_CONN_H

#include <uthash.h>

#include "core/json.h"
#include "core/log.h"
#include "januv/client.h"
#include "januv/transport.h"
#include "transport/transport_int.h"
#include "util/list.h"

typedef struct jv_conn jv_conn;
typedef struct jv_txn jv_txn;

/*
 * Completion of a transaction, called exactly once. @p r is never NULL; r->json is the final reply
 * (NULL when the transaction failed locally). Runs user code; the txn is freed after it returns.
 */
typedef void (*jv_txn_done_fn)(jv_conn *c, jv_txn *t, const januv_reply *r);

typedef enum jv_txn_kind {
  JV_TXN_SIMPLE = 0, /* the first reply (ack, success, error, pong, server_info) is final */
  JV_TXN_PLUGIN = 1  /* "ack" is intermediate; event, success or error is final */
} jv_txn_kind;

struct jv_txn {
  uint64_t id;
  UT_hash_handle hh;
  jv_list deadline_link; /* conn->deadlines, ordered by deadline */
  jv_list owner_link;    /* the owning session's or handle's list (unlinked when none) */
  jv_list queue_link;    /* conn->sendq while waiting for the connection, conn->doneq when failing */
  uint64_t deadline;     /* uv_now() ms */
  jv_txn_done_fn done;
  januv_reply_cb cb;
  void *data;
  void *obj;             /* what done() needs: a session, a handle, ... */
  char *json;            /* serialized request while it waits in sendq */
  size_t len;
  const char *verb;      /* static string */
  uint64_t session_id;
  uint64_t handle_id;
  int fail_status;       /* doneq: the status to complete with */
  uint8_t kind;
  bool acked;
  bool sent;
};

/* What the owner of a conn (client or admin) is told. */
typedef struct jv_conn_handlers {
  /* A message that completed no transaction (events). */
  void (*on_event)(jv_conn *c, const cJSON *msg, const char *verb);
  /* The connection state changed (after the conn updated its pending transactions). */
  void (*on_state)(jv_conn *c, januv_conn_state state, int err, const char *detail);
  /* The transport says the server no longer knows a session. */
  void (*on_session_lost)(jv_conn *c, uint64_t session_id, int err);
  /* The transport is closed; the owner can release the conn (jv_conn_release) and itself. */
  void (*on_closed)(jv_conn *c);
  /* Connected again after a loss: restore what lives on the server (claim sessions with JV_REQ_NOW
   * requests), then call jv_conn_resume(). NULL: resume at once. */
  void (*on_restore)(jv_conn *c);
} jv_conn_handlers;

typedef struct jv_conn_options {
  januv_api api;
  const char *url;
  uint32_t request_timeout_ms;
  uint32_t connect_timeout_ms;
  uint32_t ws_ping_interval_ms;
  uint32_t ws_ping_timeout_ms;
  size_t max_message_size;
  const char *api_secret;   /* "apisecret" (Janus API) */
  const char *token;        /* "token" */
  const char *admin_secret; /* "admin_secret" (Admin API) */
  januv_log_cb log_cb;
  void *log_data;
  januv_log_level log_level;
  const char *tls_ca_file;
  const char *tls_ca_dir;
  bool tls_insecure_skip_verify;
  unsigned http_max_connections;
  unsigned http_maxev;
  uint32_t http_retry_delay_ms;
  uint32_t http_retry_max_ms;
  int reconnect_max_retries; /* 0: no reconnect; -1: forever */
  uint32_t reconnect_delay_ms;
  uint32_t reconnect_max_delay_ms;
  size_t reconnect_queue_size;
} jv_conn_options;

struct jv_conn {
  uv_loop_t *loop;
  januv_api api;
  const jv_conn_handlers *h;
  void *owner;
  jv_log log;
  januv_transport *transport;
  januv_transport_config tcfg;
  char *url, *api_secret, *token, *admin_secret, *tls_ca_file, *tls_ca_dir;
  char *secrets_json; /* ',"apisecret":"..","token":".."' (escaped), appended to every request */
  jv_buf wbuf;        /* the request being built (reused) */
  jv_list free_txns;  /* transactions kept for reuse */
  size_t nfree_txns;
  uint32_t request_timeout_ms;

  januv_conn_state state; /* CONNECTING, CONNECTED, RECONNECTING, FAILED or CLOSED */
  int fail_err; /* why the conn is FAILED */
  bool closing;
  bool restoring; /* CONNECTED again after a loss, sessions being claimed: requests still wait */

  /* reconnect (reconnect.c) */
  int max_retries;
  uint32_t retry_delay_ms, retry_max_ms;
  size_t queue_limit;
  int attempt;
  uv_timer_t retry_timer;

  jv_txn *txns; /* uthash by id */
  size_t ntxns;
  uint64_t txn_counter, txn_salt, last_request;
  jv_list deadlines;
  uv_timer_t txn_timer;
  uint64_t timer_due; /* 0 when the timer is idle */
  jv_list sendq;
  size_t nqueued; /* transactions in sendq */
  jv_list doneq;
  int req_err; /* first failure while building the current request */
  const char *req_verb;
  uv_timer_t defer_timer; /* zero-delay: failures, cancels and closes run from a fresh loop callback */
  jv_list deferred;       /* jv_defer items */
  int open_handles;
};

/* A deferred call, embedded in the object it concerns. */
typedef struct jv_defer {
  jv_list link;
  void (*fn)(jv_conn *c, struct jv_defer *d);
} jv_defer;

int jv_conn_init(jv_conn *c, uv_loop_t *loop, const jv_conn_options *o, const jv_conn_handlers *h, void *owner);
/* Starts connecting. */
int jv_conn_open(jv_conn *c);
/* Fails everything pending with JANUV_ECANCELED and closes the transport; h->on_closed follows. */
void jv_conn_close(jv_conn *c);
/* Frees what jv_conn_init allocated (after on_closed). */
void jv_conn_release(jv_conn *c);
/* Returns 0 when requests may be issued, else the error to return to the caller. */
int jv_conn_usable(const jv_conn *c);

/* Arms the zero-delay defer timer. */
void jv_conn_kick(jv_conn *c);
/* Schedules d->fn on the next loop iteration (once per arming). */
void jv_conn_defer(jv_conn *c, jv_defer *d);

/* Describes the target of a request. */
typedef struct jv_target {
  uint64_t session_id;
  uint64_t handle_id;
} jv_target;

/* Request flags. */
enum { JV_REQ_NOW = 1 }; /* goes out while sessions are being restored (claims), not after */

/* What a request is for and who hears of its completion. */
typedef struct jv_call {
  jv_txn_kind kind;
  jv_txn_done_fn done;
  januv_reply_cb cb;
  void *data;
  void *obj;
  jv_list *owner;
  jv_target to;
  unsigned flags;
} jv_call;

/*
 * Building a request as text in the conn's buffer, without cJSON nodes for the envelope:
 * jv_req_begin() starts {"janus":verb; jv_req_json() adds ,"key":<printed value> (borrowed cJSON);
 * jv_req_raw() adds raw members text (",\"k\":v"); jv_req_send() adds the transaction, ids and secrets,
 * closes the object and sends (or queues) it. The first failure sticks and jv_req_send() returns it,
 * with nothing sent and nothing to run. out (may be NULL) receives the transaction.
 */
void jv_req_begin(jv_conn *c, const char *verb);
/* Starts from a whole request object (borrowed; it has "janus"), without the members januv stamps:
 * "transaction", the configured secrets, and "session_id"/"handle_id" when own has JV_OWN_SESSION /
 * JV_OWN_HANDLE (the call's target supplies them). */
enum { JV_OWN_SESSION = 1, JV_OWN_HANDLE = 2 };
void jv_req_object(jv_conn *c, const char *verb, const cJSON *req, unsigned own);
void jv_req_json(jv_conn *c, const char *key, const cJSON *value);
void jv_req_raw(jv_conn *c, const char *members);
/* Adds ,"key":"value" (escaped). */
void jv_req_str(jv_conn *c, const char *key, const char *value);
int jv_req_send(jv_conn *c, const jv_call *call, jv_txn **out);
/* Precomputes c->secrets_json from the conn's secrets. 0 or UV_ENOMEM. */
int jv_req_init_secrets(jv_conn *c);
/* Hands text to the transport for t (the text stays the caller's). */
void jv_conn_send_txn(jv_conn *c, jv_txn *t, const char *json, size_t len);

/*
 * Issues a request: adds "transaction", "session_id"/"handle_id" (from @p to) and the secrets to
 * @p req (taken: freed here in every case), registers the transaction and sends it or queues it until
 * the connection is up. @p owner (may be NULL) is the list the transaction joins so that its owner
 * can fail it when closing. On success *out (may be NULL) is the transaction; done() will run once.
 * On failure nothing will run.
 */
int jv_conn_request(jv_conn *c, cJSON *req, const jv_target *to, jv_txn_kind kind, jv_txn_done_fn done,
                    januv_reply_cb cb, void *data, void *obj, jv_list *owner, jv_txn **out);

/* The public state: RECONNECTING while sessions are being restored. */
januv_conn_state jv_conn_state(const jv_conn *c);
/* The core found the connection dead (e.g. an unanswered keepalive): drop it, then reconnect or fail. */
void jv_conn_lost(jv_conn *c, int err, const char *detail);
/* Restoring is over: queued requests go out, RECONNECTED is reported. */
void jv_conn_resume(jv_conn *c);

/* ---- reconnect.c ---- */
bool jv_reconnect_enabled(const jv_conn *c);
/* The connection is down: next attempt after a backoff with jitter, or false when attempts are spent. */
bool jv_reconnect_schedule(jv_conn *c, int err, const char *detail);
void jv_reconnect_init(jv_conn *c, const jv_conn_options *o);

/* ---- transaction table (transaction.c) ---- */

/* Registers a new transaction with the default timeout (reusing a freed one when it can). */
jv_txn *jv_txn_create(jv_conn *c, jv_txn_kind kind, jv_txn_done_fn done, januv_reply_cb cb, void *data);
jv_txn *jv_txn_lookup(jv_conn *c, uint64_t id);
/* Parses a "transaction" string made by this conn; 0 when it is not one of ours. */
uint64_t jv_txn_parse(const jv_conn *c, const char *s);
/* Writes the "transaction" string of id into buf (at least 17 bytes). */
void jv_txn_format(const jv_conn *c, uint64_t id, char *buf);
/* Is msg (with this verb) the final reply for t? Marks t acked on an intermediate ack. */
bool jv_txn_is_final(jv_txn *t, const char *verb);
/* Removes and frees t without completing it (only before jv_conn_request returns it). */
void jv_txn_discard(jv_conn *c, jv_txn *t);
/* Completes t now with r: unlinks it everywhere, runs done(), frees it. */
void jv_txn_complete(jv_conn *c, jv_txn *t, const januv_reply *r);
/* Completes t now with a local failure. */
void jv_txn_fail(jv_conn *c, jv_txn *t, int status, const char *detail);
/* Unlinks t now and completes it with status from a fresh loop callback. */
void jv_txn_fail_later(jv_conn *c, jv_txn *t, int status);
/* Fails now every transaction in an owner list. */
void jv_txn_fail_list(jv_conn *c, jv_list *owner, int status, const char *detail);
/* Fails now every transaction of the conn. */
void jv_txn_fail_all(jv_conn *c, int status, const char *detail, bool only_sent);
int jv_txn_set_timeout(jv_conn *c, jv_txn *t, uint32_t ms);
/* Runs the transactions whose deadline passed (the timer's callback). */
void jv_txn_expire(jv_conn *c);
/* Runs the failures queued by jv_txn_fail_later(). */
void jv_txn_run_doneq(jv_conn *c);
void jv_txn_free(jv_conn *c, jv_txn *t);
/* Frees the transactions kept for reuse. */
void jv_txn_free_cache(jv_conn *c);

/* Fills a reply from a Janus message. */
void jv_reply_from_msg(januv_reply *r, const cJSON *msg, const char *verb);

#endif
