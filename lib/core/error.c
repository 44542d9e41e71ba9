/* Error names and descriptions, and the other small name tables of the public API. */
#include "januv/client.h"
#include "januv/errors.h"
#include "januv/handle.h"
#include "januv/version.h"

static const struct {
  int code;
  const char *name;
  const char *text;
} own[] = {
  {JANUV_EJANUS, "JANUV_EJANUS", "Janus answered with an error"},
  {JANUV_EPROTO, "JANUV_EPROTO", "malformed data from the server"},
  {JANUV_ETLS, "JANUV_ETLS", "TLS failure"},
  {JANUV_EHANDSHAKE, "JANUV_EHANDSHAKE", "WebSocket upgrade refused"},
  {JANUV_ESESSIONLOST, "JANUV_ESESSIONLOST", "Janus session lost"},
  {JANUV_ECLOSED, "JANUV_ECLOSED", "object is closing or closed"},
  {JANUV_ENOTRANSPORT, "JANUV_ENOTRANSPORT", "no transport for this URL"},
  {JANUV_EBADURL, "JANUV_EBADURL", "malformed URL"},
  {JANUV_EHTTP, "JANUV_EHTTP", "HTTP error status"},
  {JANUV_ETOOBIG, "JANUV_ETOOBIG", "message too large"},
  {JANUV_EPLUGIN, "JANUV_EPLUGIN", "plugin answered with an error"},
  {JANUV_ESTATE, "JANUV_ESTATE", "invalid in the current state"},
  {JANUV_EQUEUEFULL, "JANUV_EQUEUEFULL", "request queue full"},
  {JANUV_ENOMEDIA, "JANUV_ENOMEDIA", "built without media support"},
  {JANUV_EMEDIA, "JANUV_EMEDIA", "media failure"},
};

const char *januv_strerror(int err) {
  if (err == 0) return "success";
  for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
    if (own[i].code == err) return own[i].text;
  if (JANUV_IS_OWN_ERROR(err)) return "unknown januv error";
  return uv_strerror(err);
}

const char *januv_err_name(int err) {
  if (err == 0) return "OK";
  for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
    if (own[i].code == err) return own[i].name;
  if (JANUV_IS_OWN_ERROR(err)) return "JANUV_EUNKNOWN";
  return uv_err_name(err);
}

const char *januv_version(void) { return JANUV_VERSION_STRING; }

const char *januv_conn_state_name(januv_conn_state st) {
  switch (st) {
  case JANUV_CONN_CONNECTING: return "connecting";
  case JANUV_CONN_CONNECTED: return "connected";
  case JANUV_CONN_DISCONNECTED: return "disconnected";
  case JANUV_CONN_RECONNECTING: return "reconnecting";
  case JANUV_CONN_RECONNECTED: return "reconnected";
  case JANUV_CONN_FAILED: return "failed";
  case JANUV_CONN_CLOSED: return "closed";
  }
  return "unknown";
}

const char *januv_event_type_name(januv_event_type t) {
  switch (t) {
  case JANUV_EVENT_PLUGIN: return "event";
  case JANUV_EVENT_WEBRTCUP: return "webrtcup";
  case JANUV_EVENT_MEDIA: return "media";
  case JANUV_EVENT_SLOWLINK: return "slowlink";
  case JANUV_EVENT_HANGUP: return "hangup";
  case JANUV_EVENT_DETACHED: return "detached";
  case JANUV_EVENT_TRICKLE: return "trickle";
  }
  return "unknown";
}
