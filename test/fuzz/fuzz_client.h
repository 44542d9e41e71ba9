/*
 * An in-process januv client for the fuzz targets that feed Janus messages: a transport registered
 * with januv_transport_register() for "fuzz://" URLs whose server side is the harness. It answers
 * "create" and "attach" with fixed ids (scripted replies), leaves every other request pending, and
 * hands the fuzz input to januv_transport_receive() as messages from the server, so the whole core
 * runs on them: parsing, the transaction table, routing by session and sender, event decoding, plugin
 * modules. The loop only ever runs with UV_RUN_NOWAIT: no sockets, no waiting.
 *
 * Fixed values seeds can use: session FZ_SESSION, handles FZ_HANDLE, FZ_HANDLE + 1, ... in attach
 * order, and transactions "1", "2", ... in request order (the connection's transaction salt is zeroed:
 * its strings are then the request counter in hex).
 *
 * Input format (fz_deliver): messages separated by NUL bytes. A message starting with
 *   0x01 k    is januv_transport_receive_reply() for request k (a byte) instead of receive();
 *   0x02      is a list of actions, one byte each (see fz_action());
 *   0x03 a    arms action a to run from inside the next callback januv makes.
 *
 * Oracles, checked for every input: every callback runs exactly once (requests, attach, create), never
 * inside a januv call, never after its object's on_closed, and the object's on_closed runs once; the
 * client closes and leaves no libuv handle behind; the secrets never appear in what januv logs as sent.
 */
#ifndef JV_FUZZ_CLIENT_H
#define JV_FUZZ_CLIENT_H

#include "fuzz.h"
#include "januv.h"

#define FZ_SESSION 1111111111111111ull
#define FZ_HANDLE 2222222222222222ull
enum { FZ_MAX_TRACKERS = 256, FZ_MAX_HANDLES = 8 };

/* One callback that must run exactly once. */
typedef struct fz_tracker {
  const char *what;
  int calls;
  int expect; /* 1, or 0 when the call that registered it failed */
} fz_tracker;

typedef struct fz_client {
  januv_client *client;
  januv_transport *transport;
  januv_session *session;
  bool connected;  /* the transport says connected and was not aborted */
  bool closed;     /* the client's close callback ran */
  bool session_ready;
  bool session_closed;
  int in_api;      /* >0 while the harness is inside a januv call */
  int attaches;    /* attach replies made so far */
  uint64_t last_request;
  char reenter;    /* action armed for the next callback */
  fz_tracker trackers[FZ_MAX_TRACKERS];
  int ntrackers;
  fz_tracker *session_closed_tracker;
} fz_client;

/* The client of the current input. */
extern fz_client *fz;

/* Calls a januv function with in_api set (callbacks must not run inside it). */
#define FZ_API(call) (fz->in_api++, (call), fz->in_api--)

/* A new client with a session (FZ_SESSION) on the harness's loop; returns false if set-up failed. */
bool fz_open(fz_client *fc);
/* Runs the loop n times (NOWAIT). */
void fz_run(int n);
/* Runs the loop until *flag or n iterations. */
bool fz_run_until(const bool *flag, int n);
/* A tracker for one callback. */
fz_tracker *fz_track(const char *what);
/* To call at the start of every callback: checks the rules, runs an armed action. */
void fz_enter(void);
/* Generic request callback (data: the tracker). */
void fz_on_reply(const januv_reply *r, void *data);
/* Checks a reply's fields. */
void fz_check_reply(const januv_reply *r);
/* Checks a handle event's fields. */
void fz_check_event(const januv_event *ev);
/* Delivers the input (see the format above), running the loop between messages. */
void fz_deliver(const uint8_t *data, size_t size);
/* Runs one action: c close the client, s destroy the session, k session keepalive, d/D detach handle
 * 0/1, m message on handle 0, h hangup handle 0, t trickle, l connection lost, x cancel the last
 * request, i info. Handles come from fz_handle(). */
void fz_action(char a);
/* The harness's handles for actions (set by the target); NULL when none. */
extern januv_handle *fz_handles[FZ_MAX_HANDLES];
/* Closes the client, runs the loop until it is closed and checks the oracles. */
void fz_finish(void);

#endif
