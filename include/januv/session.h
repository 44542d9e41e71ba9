/**
 * @file januv/session.h
 * Janus sessions.
 *
 * A session is created on the server by januv_session_create() and lives until one of:
 *  - januv_session_destroy() completes (reason 0),
 *  - Janus expires it ("timeout" event: on_timeout, then reason JANUV_ETIMEDOUT),
 *  - it is lost (the connection dropped and it could not be claimed, or an HTTP long-poll found it
 *    gone: on_lost, then reason JANUV_ESESSIONLOST or the connection's error),
 *  - the client is closed (reason JANUV_ECANCELED).
 * Then its handles close (each handle's on_closed fires), its pending requests complete with the same
 * reason (or JANUV_ECANCELED), and finally the session's on_closed fires exactly once. After on_closed
 * returns, the januv_session pointer is invalid.
 *
 * While a session lives, januv sends a keepalive every keepalive_interval_ms (client options).
 */
#ifndef JANUV_SESSION_H
#define JANUV_SESSION_H

#include "common.h"

JANUV_BEGIN_DECLS

/** Callbacks of a session; any of them may be NULL. @p data is the session's user pointer. */
typedef struct januv_session_callbacks {
  /** Janus reported that the session timed out. on_closed follows. */
  void (*on_timeout)(januv_session *session, void *data);
  /** The session is gone on the server for @p reason (JANUV_ESESSIONLOST, a connection error).
   *  on_closed follows. */
  void (*on_lost)(januv_session *session, int reason, void *data);
  /** The last callback of the session: 0 after januv_session_destroy(), otherwise the reason it ended. */
  void (*on_closed)(januv_session *session, int reason, void *data);
} januv_session_callbacks;

/**
 * Completion of januv_session_create(): on success @p session is the new session (reply->status 0);
 * on failure @p session is NULL and reply->status says why.
 */
typedef void (*januv_session_cb)(januv_session *session, const januv_reply *reply, void *data);

/**
 * Creates a session ("create"). @p cbs (copied, may be NULL) are the session's callbacks; @p data
 * becomes the session's user pointer and is passed to @p cb and to every session callback.
 * If the client starts closing before Janus answers, @p cb gets a NULL session and JANUV_ECANCELED.
 * @return 0 (cb will run once), JANUV_EINVAL (@p client or @p cb NULL), JANUV_ECLOSED, JANUV_ENOMEM,
 *         or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_session_create(januv_client *client, const januv_session_callbacks *cbs,
                                      januv_session_cb cb, void *data);

/**
 * Destroys the session on the server ("destroy"). @p cb (may be NULL) runs once with the reply; then
 * the handles and the session close with reason 0, whatever the reply was (the session is unusable
 * either way). Keepalives stop as soon as this returns 0.
 * @return 0, JANUV_EINVAL (@p session NULL), JANUV_ECLOSED if the session is already ending,
 *         JANUV_ENOMEM, or the other errors of januv_client_info().
 */
JANUV_EXTERN int januv_session_destroy(januv_session *session, januv_reply_cb cb, void *data);

/**
 * Sends one keepalive now (automatic keepalives do not need this). Janus answers "ack"; @p cb (may be
 * NULL) runs once with that answer or the failure. As for automatic keepalives, an answer with Janus
 * error 458 (no such session) ends the session with on_lost (JANUV_ESESSIONLOST), and no answer in time
 * (JANUV_ETIMEDOUT) counts as a lost connection.
 * @return 0, JANUV_EINVAL (@p session NULL), JANUV_ECLOSED (the session is ending), JANUV_ENOMEM, or the
 *         other errors of januv_client_info().
 */
JANUV_EXTERN int januv_session_keepalive(januv_session *session, januv_reply_cb cb, void *data);

/**
 * Sends any session-level request, e.g. {"janus":"claim"}; januv adds "session_id", "transaction" and
 * the configured secrets, replacing any copy of them in @p request. @p request is borrowed.
 * @p cb (may be NULL) runs once with the first answer (ack, success, error, ...). Returns as
 * januv_session_keepalive(), or JANUV_EINVAL when @p request is not an object with a string "janus".
 */
JANUV_EXTERN int januv_session_send(januv_session *session, const cJSON *request, januv_reply_cb cb,
                                    void *data);

/** The session id Janus assigned. */
JANUV_EXTERN uint64_t januv_session_id(const januv_session *session);
/** The client the session belongs to. */
JANUV_EXTERN januv_client *januv_session_client(const januv_session *session);
/** Sets the user pointer (initially the @p data given to januv_session_create()); later session
 *  callbacks get the new value. */
JANUV_EXTERN void januv_session_set_data(januv_session *session, void *data);
/** The user pointer: the @p data given to januv_session_create(), or what januv_session_set_data() set. */
JANUV_EXTERN void *januv_session_get_data(const januv_session *session);
/** Number of open handles in the session. */
JANUV_EXTERN size_t januv_session_handle_count(const januv_session *session);

JANUV_END_DECLS

#endif
