/* januv_peer internals shared by the files of lib/media (loop thread only, except where noted). */
#ifndef JV_MEDIA_PEER_INT_H
#define JV_MEDIA_PEER_INT_H

#define GST_USE_UNSTABLE_API 1
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include "januv/errors.h"
#include "januv/media.h"
#include "media/queue.h"
#include "util/list.h"

typedef enum { OP_OFFER, OP_REMOTE } jv_op_kind;

/* Steps of the negotiation step in progress. */
typedef enum {
  STEP_IDLE,
  STEP_WAIT_READY,    /* waiting for the sending tracks' caps */
  STEP_CREATING,      /* create-offer / create-answer in flight */
  STEP_SETTING_LOCAL, /* set-local-description in flight */
  STEP_SETTING_REMOTE /* set-remote-description in flight */
} jv_step;

typedef struct jv_op {
  jv_list link;
  jv_op_kind kind;
  char *sdp;                   /* OP_REMOTE */
  GstWebRTCSDPType sdp_type;   /* OP_REMOTE */
  januv_peer_cb cb;
  void *data;
} jv_op;

typedef struct jv_stats_req {
  jv_list link;
  uint64_t serial;
  januv_stats_cb cb;
  void *data;
} jv_stats_req;

/* A held local candidate (cand NULL: end-of-candidates). */
typedef struct jv_held {
  jv_list link;
  int mline;
  char *cand;
} jv_held;

/* A remote candidate kept until the remote description is set (cand NULL: end-of-candidates). */
typedef struct jv_remote_cand {
  jv_list link;
  int mline;
  char *mid;
  char *cand;
} jv_remote_cand;

struct januv_data_channel {
  jv_list link;
  januv_peer *peer;
  int id;
  GObject *obj; /* GstWebRTCDataChannel (ref) */
  char *label;
  januv_dc_callbacks cbs;
  void *data;
  januv_dc_state state;
  bool closed_reported;
};

typedef struct jv_track {
  januv_track_options o;
  char *source_arg;
  GstPad *sinkpad;   /* webrtcbin sink pad (ref) of a sending track */
  GstWebRTCRTPTransceiver *trans; /* ref */
  bool ready;        /* caps with an ssrc reached webrtcbin (or nothing to wait for) */
} jv_track;

struct januv_peer {
  uv_loop_t *loop;
  januv_peer_callbacks cbs;
  void *data;
  januv_peer_signalling sig;
  void *sig_data;
  /* Internal watcher (the handle glue): told once, from the loop, that the peer is closing. */
  void (*watch_cb)(januv_peer *p, void *watch_data);
  void *watch_data;
  januv_log_cb log_cb;
  void *log_data;
  januv_log_level log_level;

  uv_async_t async;
  uv_timer_t defer;      /* runs deferred work (close steps, failures) outside januv calls */
  uv_timer_t rec_timer;  /* limit on waiting for the recorder to finish */
  jv_mq *q;

  GstElement *pipeline;
  GstElement *webrtc;
  GstElement *rec_mux, *rec_sink;
  char *record_path;
  bool rec_active, rec_done;

  jv_track tracks[JANUV_PEER_MAX_TRACKS];
  unsigned ntracks;

  jv_list ops;           /* queued jv_op, head is the current one */
  jv_step step;
  bool remote_set;       /* a remote description was applied */
  bool desc_sent;        /* on_description ran for the current local description */
  jv_list held;          /* local candidates held until desc_sent */
  jv_list remote_cands;  /* remote candidates held until remote_set */
  char *local_sdp, *remote_sdp;
  char *local_full, *remote_full; /* webrtcbin's current descriptions, with candidates */
  char *local_mids[16];
  int nlocal_mids;
  char *remote_mids[16];
  int nremote_mids;

  jv_list stats_reqs;
  uint64_t stats_serial;
  uint64_t last_stats_time; /* uv_hrtime of the previous stats */
  januv_rtp_stats last_audio, last_video;
  uint64_t dc_msgs_out, dc_bytes_out;

  jv_list channels;      /* januv_data_channel */

  januv_peer_state state;
  bool closing, draining, torn_down;
  int open_uv;           /* uv handles not yet closed */
  januv_peer_close_cb close_cb;
  void *close_data;
};

/* peer.c */
void jv_peer_log(januv_peer *p, januv_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jv_peer_error(januv_peer *p, int err, const char *msg);
/* The element factory exists (a helpful error names the package otherwise). */
GstElement *jv_make(januv_peer *p, const char *factory, const char *name);

/* source.c: builds the sending chain of track i into the pipeline and links it to webrtcbin. */
int jv_source_build(januv_peer *p, unsigned i);

/* sink.c: receive side (webrtcbin pad-added) and the recorder. */
void jv_sink_connect(januv_peer *p);
int jv_recorder_build(januv_peer *p);
/* Sends EOS into every recorder branch; MQ_RECORDER_DONE follows once the file is finalized. */
void jv_recorder_stop(januv_peer *p);

/* stats.c */
void jv_stats_deliver(januv_peer *p, jv_stats_req *req, const GstStructure *st);

/* datachannel.c */
void jv_dc_connect_signals(jv_mq *q, GObject *obj, int id);
januv_data_channel *jv_dc_find(januv_peer *p, int id);
void jv_dc_handle(januv_peer *p, jv_mq_item *it);
/* Teardown: every channel reports on_closed and is freed. */
void jv_dc_close_all(januv_peer *p);

/* Internal hook for the handle glue (glue.c): told once, from the loop, when the peer closes. */
void jv_peer_watch(januv_peer *p, void (*cb)(januv_peer *p, void *data), void *data);

#endif
