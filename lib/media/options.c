/* The media API's option helpers: the same in a build with media and in one without (nomedia.c). */
#include <string.h>

#include "januv/media.h"

void januv_peer_options_init(januv_peer_options *o) {
  memset(o, 0, sizeof *o);
  o->log_level = JANUV_LOG_WARN;
}

januv_track_options *januv_peer_options_add_track(januv_peer_options *o, januv_media_kind kind, januv_direction dir) {
  if (!o || o->ntracks >= JANUV_PEER_MAX_TRACKS) return NULL;
  januv_track_options *t = &o->tracks[o->ntracks++];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->direction = dir;
  t->codec = JANUV_CODEC_DEFAULT;
  t->source = JANUV_SOURCE_TEST;
  return t;
}

const char *januv_peer_state_name(januv_peer_state s) {
  static const char *const names[] = {"new", "connecting", "connected", "disconnected", "failed", "closed"};
  return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

void januv_dc_options_init(januv_dc_options *o) {
  memset(o, 0, sizeof *o);
  o->max_retransmits = -1;
}
