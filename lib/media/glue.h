/*
 * The glue between a januv_peer and a plugin handle, shared by every media plugin module (EchoTest,
 * VideoRoom, VideoCall, Streaming, AudioBridge, Record&Play, ...):
 *  - we offer: the peer's offer goes out with a plugin message, the jsep answer in the plugin's reply
 *    goes back to the peer (jv_media_offer; also renegotiation); or the answer comes later in an event
 *    (jv_media_propose, e.g. a VideoCall "call");
 *  - Janus offers: its offer goes to the peer, the peer's answer goes out with a plugin message
 *    (jv_media_answer, e.g. an offer Janus sends on its own such as a VideoRoom "updated" event), or a
 *    request whose reply carries Janus's offer is answered in the same step (jv_media_request, e.g. a
 *    VideoRoom subscriber's "join" then "start", a Streaming "watch" then "start");
 *  - our candidates are trickled with januv_handle_trickle() in order, after the message carrying our
 *    SDP was sent, then {"completed":true}; Janus's trickle events go to the peer (jv_media_trickle).
 * Directions per m-line are the peer's (januv_track_options.direction, januv_peer_set_direction()); a
 * peer answers m-lines it has no track for with recvonly transceivers, so a peer without tracks receives
 * whatever Janus offers, and renegotiations that add or remove m-lines are answered the same way.
 *
 * Steps run one at a time, in order: each queues behind the step in progress. Only one of our own offers
 * (jv_media_offer, jv_media_propose) may be in progress or queued at a time: another is refused with
 * JANUV_ESTATE.
 *
 * The plugin module owns the glue and the handle's callbacks: it forwards trickle events and frees the
 * glue when its handle closes. The peer stays the application's: when it closes first, the glue lets go
 * of it. Every jv_media_* callback runs once, never inside a jv_media_* call.
 */
#ifndef JV_MEDIA_GLUE_H
#define JV_MEDIA_GLUE_H

#include "januv/handle.h"
#include "januv/media.h"

typedef struct jv_media jv_media;

/* Binds peer to handle: installs the peer's signalling callbacks. NULL on ENOMEM (or without media). */
jv_media *jv_media_new(januv_handle *h, januv_peer *peer);
/* Unbinds and frees. The step in progress and the queued ones complete now with JANUV_ECANCELED. */
void jv_media_free(jv_media *m);
januv_peer *jv_media_peer(const jv_media *m);
/* True while a step is in progress or queued. */
bool jv_media_busy(const jv_media *m);

/*
 * We offer: the peer creates an offer, body (taken) is sent with it through jv_plugin_send(), the jsep
 * answer of the reply is applied. cb runs once with the plugin's reply (after the answer was applied), or
 * with a failure (JANUV_EMEDIA with the reason when the peer failed, JANUV_EPROTO when the reply has no
 * answer). Returns 0, JANUV_ESTATE (another offer of ours is in progress or queued), JANUV_ECLOSED, or the
 * peer's error.
 */
int jv_media_offer(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data);
/* The same when Janus answers later, in an event: cb runs with the reply to our message (an answer in it
 * is applied first, as above); give the answer to jv_media_apply_answer() when it comes. */
int jv_media_propose(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data);
/*
 * Janus offered (jsep borrowed): the peer answers, the answer goes out with body (taken); cb runs once
 * with the plugin's reply to it, or with the failure. Queues behind the step in progress.
 * Returns 0, JANUV_EINVAL (not an offer), JANUV_ECLOSED, JANUV_ENOMEM.
 */
int jv_media_answer(jv_media *m, const cJSON *jsep, cJSON *body, januv_reply_cb cb, void *data);
/* The answer to our jv_media_propose() offer, from an event (jsep borrowed): given to the peer; cb runs once
 * with status 0, the peer's JANUV_EMEDIA or JANUV_ECANCELED. Queues. Returns 0, JANUV_EINVAL (not an
 * answer), JANUV_ECLOSED, JANUV_ENOMEM. */
int jv_media_apply_answer(jv_media *m, const cJSON *jsep, januv_reply_cb cb, void *data);
/*
 * A request whose reply may carry Janus's offer: body (taken) is sent without SDP; when the reply carries
 * an offer, the peer answers it and answer_body (taken) goes out with the answer. cb runs once: with the
 * reply to body (after the reply to answer_body arrived, whose failure replaces it), or with the reply as
 * it is when it failed or carries no offer. Queues behind the step in progress.
 * Returns 0, JANUV_ECLOSED, JANUV_ENOMEM.
 */
int jv_media_request(jv_media *m, cJSON *body, cJSON *answer_body, januv_reply_cb cb, void *data);
/* A Janus "trickle" event for this handle. */
void jv_media_trickle(jv_media *m, const januv_event *ev);

#endif
