/*
 * The glue between a januv_peer and a plugin handle, shared by every media plugin module (EchoTest
 * today; VideoRoom, VideoCall, Streaming, AudioBridge, TextRoom, Record&Play later):
 *  - we offer: the peer's offer goes out with a plugin message, the jsep answer in the plugin's reply
 *    goes back to the peer (jv_media_offer; also renegotiation);
 *  - Janus offers: its offer goes to the peer, the peer's answer goes out with a plugin message
 *    (jv_media_answer), e.g. a VideoRoom subscriber's "start" or a Streaming "watch";
 *  - our candidates are trickled with januv_handle_trickle() in order, after the message carrying our
 *    SDP was sent, then {"completed":true}; Janus's trickle events go to the peer (jv_media_trickle).
 * Directions per m-line are the peer's (januv_track_options.direction, januv_peer_set_direction()).
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
/* Unbinds and frees. A step in progress completes now with JANUV_ECANCELED. */
void jv_media_free(jv_media *m);
januv_peer *jv_media_peer(const jv_media *m);

/*
 * We offer: the peer creates an offer, body (taken) is sent with it through jv_plugin_send(), the jsep
 * answer of the reply is applied. cb runs once with the plugin's reply (after the answer was applied), or
 * with a failure (JANUV_EMEDIA with the reason when the peer failed, JANUV_EPROTO when the reply has no
 * answer). Returns 0, JANUV_ESTATE (a step is already in progress), JANUV_ECLOSED, or the peer's error.
 */
int jv_media_offer(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data);
/* Janus offered: jsep (borrowed) goes to the peer, its answer goes out with body (taken). */
int jv_media_answer(jv_media *m, const cJSON *jsep, cJSON *body, januv_reply_cb cb, void *data);
/* A Janus "trickle" event for this handle. */
void jv_media_trickle(jv_media *m, const januv_event *ev);

#endif
