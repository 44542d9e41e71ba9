/*
 * The only bridge from GStreamer's threads to the loop: a mutex-protected list of items plus the
 * uv_async_t that wakes the loop. Also holds what media threads update on their own (counters) and
 * what pad-added handlers need (the receive configuration), so that GStreamer callbacks never touch a
 * januv_peer: they hold a reference on this object instead, which outlives the peer when a late
 * promise or signal still has it.
 */
#ifndef JV_MEDIA_QUEUE_H
#define JV_MEDIA_QUEUE_H

#include <gst/gst.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "util/list.h"

typedef enum jv_mq_type {
  MQ_OFFER_CREATED,   /* str: SDP text, or err */
  MQ_ANSWER_CREATED,  /* str: SDP text, or err */
  MQ_LOCAL_SET,       /* err */
  MQ_REMOTE_SET,      /* err */
  MQ_CANDIDATE,       /* a: mline, str: candidate */
  MQ_GATHERING,       /* a: GstWebRTCICEGatheringState */
  MQ_CONN_STATE,      /* a: GstWebRTCPeerConnectionState */
  MQ_ICE_STATE,       /* a: GstWebRTCICEConnectionState */
  MQ_NEGOTIATION_NEEDED,
  MQ_SEND_READY,      /* a: track index whose webrtcbin sink pad has caps with an ssrc */
  MQ_TRACK,           /* a: kind, b: mline, str: decoded caps, str2: mid */
  MQ_STATS,           /* serial: request, st: the stats structure (or NULL) */
  MQ_DC_NEW,          /* a: channel id, obj: the GstWebRTCDataChannel (ref), b: 1 when remote */
  MQ_DC_OPEN,         /* a: channel id */
  MQ_DC_CLOSE,        /* a: channel id */
  MQ_DC_ERROR,        /* a: channel id, str */
  MQ_DC_MESSAGE,      /* a: channel id, bytes/len, b: 1 binary */
  MQ_ERROR,           /* str: message */
  MQ_WARNING,         /* str: message */
  MQ_RECORDER_DONE,   /* the recorder's file sink got EOS */
} jv_mq_type;

typedef struct jv_mq_item {
  jv_list link;
  jv_mq_type type;
  int a, b;
  uint64_t serial;
  char *str, *str2, *err;
  void *bytes;
  size_t len;
  GstStructure *st;
  GObject *obj;
} jv_mq_item;

/* A recorder branch waiting for its incoming track: the tee of that track links to sinkpad. */
typedef struct jv_rec_slot {
  int kind;        /* januv_media_kind */
  GstPad *sinkpad; /* first pad of the branch (ref), NULL when unused */
  bool taken;
} jv_rec_slot;

#define JV_MQ_MAX_REC 8

/* Decoded buffers of one incoming track (one webrtcbin src pad). The mid is written once, under the lock,
 * before the track is counted; decoded is an atomic. */
typedef struct jv_rx_track {
  char mid[32];
  uint64_t decoded;
} jv_rx_track;

#define JV_MQ_MAX_RX 32

typedef struct jv_mq {
  gint refs;
  GMutex lock;
  jv_list items;
  bool closed;
  uv_async_t *async; /* valid while !closed */
  gint next_dc_id;
  /* Counters updated by pad probes on the media threads (atomics). */
  uint64_t video_frames, audio_buffers, video_sent, audio_sent;
  uint64_t audio_audible;  /* decoded audio buffers above JANUV_AUDIO_SILENCE_DBFS */
  int64_t audio_level_mdb; /* level of the last decoded audio buffer, in thousandths of dBFS */
  uint64_t dc_msgs_in, dc_bytes_in;
  /* Set on the loop thread before PLAYING, read by pad-added handlers; slots are taken under lock. */
  GstElement *pipeline; /* borrowed: the peer owns it and outlives every streaming thread */
  jv_rec_slot rec[JV_MQ_MAX_REC];
  int nrec;
  jv_rx_track rx[JV_MQ_MAX_RX]; /* under lock: nrx and the mids */
  int nrx;
  gint rec_stopping;
} jv_mq;

jv_mq *jv_mq_new(uv_async_t *async);
jv_mq *jv_mq_ref(jv_mq *q);
void jv_mq_unref(jv_mq *q);
/* For g_signal_connect_data and friends. */
void jv_mq_unref_notify(gpointer q, GClosure *closure);
void jv_mq_unref_destroy(gpointer q);

/* Any thread. Takes item (freed at once when the queue is closed). */
void jv_mq_post(jv_mq *q, jv_mq_item *item);
/* Shorthands that allocate an item; str is copied. */
void jv_mq_post_simple(jv_mq *q, jv_mq_type type, int a, int b, const char *str);
jv_mq_item *jv_mq_item_new(jv_mq_type type);
void jv_mq_item_free(jv_mq_item *item);

/* Loop thread: moves every pending item to out. */
void jv_mq_take_all(jv_mq *q, jv_list *out);
/* Loop thread: no more posts (they are dropped) and no more uv_async_send; pending items are freed. */
void jv_mq_close(jv_mq *q);

static inline void jv_mq_count(uint64_t *counter, uint64_t n) { __atomic_add_fetch(counter, n, __ATOMIC_RELAXED); }
static inline uint64_t jv_mq_read(const uint64_t *counter) { return __atomic_load_n(counter, __ATOMIC_RELAXED); }

#endif
