/* januv built without media (-Dmedia=disabled or GStreamer missing): the media API exists and says so. */
#include <string.h>

#include "januv/errors.h"
#include "januv/media.h"
#include "media/glue.h"

int januv_peer_new(uv_loop_t *loop, const januv_peer_options *opts, const januv_peer_callbacks *cbs, void *data,
                   januv_peer **out) {
  (void)loop, (void)opts, (void)cbs, (void)data;
  if (out) *out = NULL;
  return JANUV_ENOMEDIA;
}

int januv_peer_set_signalling(januv_peer *p, const januv_peer_signalling *sig, void *data) {
  (void)p, (void)sig, (void)data;
  return JANUV_ENOMEDIA;
}
int januv_peer_create_offer(januv_peer *p, const januv_offer_options *o, januv_peer_cb cb, void *data) {
  (void)p, (void)o, (void)cb, (void)data;
  return JANUV_ENOMEDIA;
}
int januv_peer_set_remote_description(januv_peer *p, const cJSON *jsep, januv_peer_cb cb, void *data) {
  (void)p, (void)jsep, (void)cb, (void)data;
  return JANUV_ENOMEDIA;
}
int januv_peer_add_remote_candidate(januv_peer *p, const cJSON *c) {
  (void)p, (void)c;
  return JANUV_ENOMEDIA;
}
int januv_peer_set_direction(januv_peer *p, unsigned index, januv_direction d) {
  (void)p, (void)index, (void)d;
  return JANUV_ENOMEDIA;
}
void januv_peer_counters(const januv_peer *p, januv_media_counters *out) {
  (void)p;
  memset(out, 0, sizeof *out);
  out->audio_level_dbfs = JANUV_AUDIO_LEVEL_MIN;
}
uint64_t januv_peer_track_decoded(const januv_peer *p, const char *mid) {
  (void)p, (void)mid;
  return 0;
}
int januv_peer_get_stats(januv_peer *p, januv_stats_cb cb, void *data) {
  (void)p, (void)cb, (void)data;
  return JANUV_ENOMEDIA;
}
int januv_peer_close(januv_peer *p, januv_peer_close_cb cb, void *data) {
  (void)p, (void)cb, (void)data;
  return JANUV_ENOMEDIA;
}
januv_peer_state januv_peer_get_state(const januv_peer *p) {
  (void)p;
  return JANUV_PEER_CLOSED;
}
const char *januv_peer_local_sdp(januv_peer *p) {
  (void)p;
  return NULL;
}
const char *januv_peer_remote_sdp(januv_peer *p) {
  (void)p;
  return NULL;
}
bool januv_peer_closing(const januv_peer *p) {
  (void)p;
  return true;
}
uv_loop_t *januv_peer_loop(const januv_peer *p) {
  (void)p;
  return NULL;
}
void januv_peer_set_data(januv_peer *p, void *data) { (void)p, (void)data; }
void *januv_peer_get_data(const januv_peer *p) {
  (void)p;
  return NULL;
}
int januv_peer_create_data_channel(januv_peer *p, const char *label, const januv_dc_options *opts,
                                   const januv_dc_callbacks *cbs, void *data, januv_data_channel **out) {
  (void)p, (void)label, (void)opts, (void)cbs, (void)data;
  if (out) *out = NULL;
  return JANUV_ENOMEDIA;
}
void januv_data_channel_set_callbacks(januv_data_channel *dc, const januv_dc_callbacks *cbs, void *data) {
  (void)dc, (void)cbs, (void)data;
}
int januv_data_channel_send_text(januv_data_channel *dc, const char *text) {
  (void)dc, (void)text;
  return JANUV_ENOMEDIA;
}
int januv_data_channel_send_binary(januv_data_channel *dc, const void *bytes, size_t len) {
  (void)dc, (void)bytes, (void)len;
  return JANUV_ENOMEDIA;
}
int januv_data_channel_close(januv_data_channel *dc) {
  (void)dc;
  return JANUV_ENOMEDIA;
}
const char *januv_data_channel_label(const januv_data_channel *dc) {
  (void)dc;
  return "";
}
januv_dc_state januv_data_channel_state(const januv_data_channel *dc) {
  (void)dc;
  return JANUV_DC_CLOSED;
}
januv_peer *januv_data_channel_peer(const januv_data_channel *dc) {
  (void)dc;
  return NULL;
}

jv_media *jv_media_new(januv_handle *h, januv_peer *peer) {
  (void)h, (void)peer;
  return NULL;
}
void jv_media_free(jv_media *m) { (void)m; }
januv_peer *jv_media_peer(const jv_media *m) {
  (void)m;
  return NULL;
}
int jv_media_offer(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data) {
  (void)m, (void)opts, (void)cb, (void)data;
  cJSON_Delete(body);
  return JANUV_ENOMEDIA;
}
int jv_media_answer(jv_media *m, const cJSON *jsep, cJSON *body, januv_reply_cb cb, void *data) {
  (void)m, (void)jsep, (void)cb, (void)data;
  cJSON_Delete(body);
  return JANUV_ENOMEDIA;
}
int jv_media_propose(jv_media *m, cJSON *body, const januv_offer_options *opts, januv_reply_cb cb, void *data) {
  return jv_media_offer(m, body, opts, cb, data);
}
int jv_media_request(jv_media *m, cJSON *body, cJSON *answer_body, januv_reply_cb cb, void *data) {
  (void)m, (void)cb, (void)data;
  cJSON_Delete(body);
  cJSON_Delete(answer_body);
  return JANUV_ENOMEDIA;
}
int jv_media_apply_answer(jv_media *m, const cJSON *jsep, januv_reply_cb cb, void *data) {
  (void)m, (void)jsep, (void)cb, (void)data;
  return JANUV_ENOMEDIA;
}
bool jv_media_busy(const jv_media *m) {
  (void)m;
  return false;
}
void jv_media_trickle(jv_media *m, const januv_event *ev) { (void)m, (void)ev; }
