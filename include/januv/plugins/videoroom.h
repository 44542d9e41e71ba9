/**
 * @file januv/plugins/videoroom.h
 * The VideoRoom plugin ("janus.plugin.videoroom"), Janus 1.x multistream.
 *
 * A januv_videoroom wraps one plugin handle. Any handle can manage rooms (create, edit, destroy, exists,
 * list, allowed, kick, moderate, list participants and forwarders, RTP forwarders, recording); then it
 * becomes either a publisher or a subscriber, as in Janus:
 *  - publisher: januv_videoroom_join() (a participant, told about publishers coming and going), then
 *    januv_videoroom_publish() with a januv_peer whose tracks are SENDONLY (the peer offers, Janus answers);
 *    januv_videoroom_join_and_publish() does both in one request; configure mid-call, unpublish, leave;
 *  - subscriber: januv_videoroom_subscribe() with the streams to receive (feed and optional mid) and a peer
 *    (with no tracks, or RECVONLY ones to record): Janus offers, januv answers through the peer and sends
 *    "start". januv_videoroom_update() (and add/remove) change the streams in one renegotiation; offers
 *    Janus sends on its own (a subscribed publisher left, a postponed update) are answered the same way,
 *    and reported as JANUV_VIDEOROOM_UPDATED events. Pause, resume, switch, configure, leave.
 *
 * Ids of rooms, feeds and participants are januv_id: numbers, or strings when the plugin runs with
 * string_ids = true. Use the kind the server uses. Private ids are always numbers.
 *
 * Requests complete once through their callback, with januv_reply (see common.h) and the decoded reply.
 * A VideoRoom error ("error_code") arrives as reply->status JANUV_EPLUGIN with reply->plugin_code set to
 * the JANUV_VIDEOROOM_ERR_* code and reply->reason to Janus's text. Everything decoded (events, lists) is
 * valid during the callback only; strings point into Janus's JSON.
 *
 * Callbacks run on the loop, never inside a januv call; on_closed is the last one, after which the
 * januv_videoroom pointer is invalid. Closing from inside any callback is safe. The peer stays yours:
 * close it when you are done with it (before or after the handle).
 */
#ifndef JANUV_PLUGINS_VIDEOROOM_H
#define JANUV_PLUGINS_VIDEOROOM_H

#include "../handle.h"
#include "../id.h"
#include "../media.h"

JANUV_BEGIN_DECLS

typedef struct januv_videoroom januv_videoroom;

/** VideoRoom's error codes (reply->plugin_code, januv_videoroom_event.error_code). */
enum {
  JANUV_VIDEOROOM_ERR_UNKNOWN = 499,
  JANUV_VIDEOROOM_ERR_NO_MESSAGE = 421,
  JANUV_VIDEOROOM_ERR_INVALID_JSON = 422,
  JANUV_VIDEOROOM_ERR_INVALID_REQUEST = 423,
  JANUV_VIDEOROOM_ERR_JOIN_FIRST = 424,
  JANUV_VIDEOROOM_ERR_ALREADY_JOINED = 425,
  JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM = 426,
  JANUV_VIDEOROOM_ERR_ROOM_EXISTS = 427,
  JANUV_VIDEOROOM_ERR_NO_SUCH_FEED = 428,
  JANUV_VIDEOROOM_ERR_MISSING_ELEMENT = 429,
  JANUV_VIDEOROOM_ERR_INVALID_ELEMENT = 430,
  JANUV_VIDEOROOM_ERR_INVALID_SDP_TYPE = 431,
  JANUV_VIDEOROOM_ERR_PUBLISHERS_FULL = 432,
  JANUV_VIDEOROOM_ERR_UNAUTHORIZED = 433,
  JANUV_VIDEOROOM_ERR_ALREADY_PUBLISHED = 434,
  JANUV_VIDEOROOM_ERR_NOT_PUBLISHED = 435,
  JANUV_VIDEOROOM_ERR_ID_EXISTS = 436,
  JANUV_VIDEOROOM_ERR_INVALID_SDP = 437
};

/* ---- what Janus reports ---- */

/** A stream of a publisher. Absent numbers are -1, absent strings NULL. */
typedef struct januv_videoroom_stream {
  const char *type; /**< "audio", "video" or "data" */
  int mindex;
  const char *mid;
  bool disabled; /**< inactive: codec and description are absent */
  const char *codec;
  const char *description;
  bool moderated, simulcast, svc, talking;
} januv_videoroom_stream;

/** An active publisher (a feed). */
typedef struct januv_videoroom_publisher {
  januv_id id;
  const char *display;
  bool dummy, talking;
  const januv_videoroom_stream *streams;
  size_t nstreams;
} januv_videoroom_publisher;

/** A participant that does not publish (rooms with notify_joining). */
typedef struct januv_videoroom_attendee {
  januv_id id;
  const char *display;
} januv_videoroom_attendee;

/** A stream (m-line) of our subscription. */
typedef struct januv_videoroom_sub_stream {
  int mindex;
  const char *mid;  /**< our m-line's mid: the mid of januv_peer_track_decoded() */
  const char *type; /**< "audio", "video" or "data" */
  bool active;      /**< false once its publisher stream went away (the m-line stays, inactive) */
  januv_id feed_id; /**< the publisher */
  const char *feed_mid, *feed_display, *feed_description;
  const char *codec;
  const char *crossrefid;
  bool send, ready;
} januv_videoroom_sub_stream;

/** Kinds of januv_videoroom_event. */
typedef enum januv_videoroom_event_type {
  JANUV_VIDEOROOM_OTHER = 0,     /**< anything else: see data */
  JANUV_VIDEOROOM_CREATED,       /**< create: room, permanent */
  JANUV_VIDEOROOM_EDITED,        /**< edit: room */
  JANUV_VIDEOROOM_DESTROYED,     /**< destroy's reply, or the event to participants of a destroyed room */
  JANUV_VIDEOROOM_SUCCESS,       /**< exists (exists), allowed (allowed), kick, moderate, enable_recording */
  JANUV_VIDEOROOM_JOINED,        /**< we joined: room, id, private_id, description, publishers, attendees */
  JANUV_VIDEOROOM_PUBLISHERS,    /**< publishers became active (or changed their streams): publishers */
  JANUV_VIDEOROOM_UNPUBLISHED,   /**< a feed stopped publishing: id; self when it is us ("unpublished":"ok") */
  JANUV_VIDEOROOM_LEAVING,       /**< a participant left: id; self when it is our own leave's reply */
  JANUV_VIDEOROOM_KICKED,        /**< a participant was kicked: id; self when it is us (reason "kicked") */
  JANUV_VIDEOROOM_JOINING,       /**< a participant joined (notify_joining rooms): id, display */
  JANUV_VIDEOROOM_DISPLAY,       /**< a participant changed its display name: id, display */
  JANUV_VIDEOROOM_TALKING,       /**< a publisher's stream has audio activity: id, mid, mindex, audio_level */
  JANUV_VIDEOROOM_STOPPED_TALKING, /**< ... and stopped */
  JANUV_VIDEOROOM_MODERATION,    /**< a moderator (un)muted a stream: id, mid, muted */
  JANUV_VIDEOROOM_CONFIGURED,    /**< publish, configure: the request was applied */
  JANUV_VIDEOROOM_ATTACHED,      /**< we subscribed: room, streams */
  JANUV_VIDEOROOM_UPDATED,       /**< the subscription changed: streams (jsep: Janus's new offer, answered by januv) */
  JANUV_VIDEOROOM_UPDATING,      /**< an update was postponed: an UPDATED event follows */
  JANUV_VIDEOROOM_STARTED,       /**< start/resume: media flows */
  JANUV_VIDEOROOM_PAUSED,
  JANUV_VIDEOROOM_SWITCHED,      /**< switch: changes, streams */
  JANUV_VIDEOROOM_LEFT,          /**< the subscription was closed (leave) */
  JANUV_VIDEOROOM_SIMULCAST,     /**< the substream/temporal/spatial layer of a stream changed: mid and layers */
  JANUV_VIDEOROOM_SLOW_LINK,     /**< packet loss on our PeerConnection: current_bitrate (publishers) */
  JANUV_VIDEOROOM_RTP_FORWARD,   /**< rtp_forward's and stop_rtp_forward's replies (decoded by their own callbacks) */
  JANUV_VIDEOROOM_ERROR          /**< error_code, error */
} januv_videoroom_event_type;

/** A VideoRoom message: an event, or the reply to a request. Absent numbers are -1. */
typedef struct januv_videoroom_event {
  januv_videoroom_event_type type;
  januv_id room;
  /** JOINED: our id. JOINING, DISPLAY, TALKING, MODERATION: that participant. UNPUBLISHED, LEAVING,
   *  KICKED: the feed or participant (the zero id when self). */
  januv_id id;
  /** UNPUBLISHED, LEAVING, KICKED: about us. */
  bool self;
  /** JOINED: our private id (give it to our subscriptions). */
  uint64_t private_id;
  const char *description;
  const char *display;
  /** JOINED: the active publishers; PUBLISHERS: the new ones. */
  const januv_videoroom_publisher *publishers;
  size_t npublishers;
  /** JOINED (notify_joining rooms): participants that do not publish. */
  const januv_videoroom_attendee *attendees;
  size_t nattendees;
  /** ATTACHED, UPDATED, SWITCHED: the whole subscription. */
  const januv_videoroom_sub_stream *streams;
  size_t nstreams;
  /** TALKING, MODERATION, SIMULCAST: the stream. */
  const char *mid;
  int mindex;
  /** MODERATION: muted or unmuted. */
  bool muted;
  /** TALKING, STOPPED_TALKING: average audio level in dBov (127 muted, 0 loudest). */
  double audio_level;
  /** SIMULCAST: the layers now relayed (-1 when not in the event). */
  int substream, temporal, spatial_layer, temporal_layer;
  /** SWITCHED: how many streams changed source. */
  int changes;
  /** SLOW_LINK: the bitrate cap in force (publishers), -1 when not given. */
  int current_bitrate;
  /** CREATED, EDITED, DESTROYED (replies): whether the config file changed. */
  bool permanent;
  /** SUCCESS of exists. */
  bool exists;
  /** SUCCESS of allowed: the tokens now allowed. */
  const char *const *allowed;
  size_t nallowed;
  /** KICKED (self): "kicked"; other events: Janus's reason, if any. */
  const char *reason;
  /** ERROR: VideoRoom's error_code (JANUV_VIDEOROOM_ERR_*), or a negative januv code when januv could not
   *  answer an offer Janus sent on its own; error: the text. */
  int error_code;
  const char *error;
  /** plugindata.data and the jsep, as Janus sent them. */
  const cJSON *data;
  const cJSON *jsep;
} januv_videoroom_event;

/** A room of a list. Absent numbers are -1. */
typedef struct januv_videoroom_room {
  januv_id room;
  const char *description;
  bool pin_required, is_private, require_pvtid, require_e2ee, dummy_publisher, notify_joining;
  int max_publishers, bitrate, fir_freq, num_participants;
  bool bitrate_cap;
  const char *audiocodec, *videocodec;
  bool opus_fec, opus_dtx, video_svc;
  bool record, lock_record;
  const char *rec_dir;
  bool audiolevel_ext, audiolevel_event, videoorient_ext, playoutdelay_ext, transport_wide_cc_ext;
  int audio_active_packets, audio_level_average;
} januv_videoroom_room;

/** A participant of listparticipants. */
typedef struct januv_videoroom_participant {
  januv_id id;
  const char *display;
  bool publisher, talking;
} januv_videoroom_participant;

/** An RTP forwarder. Absent numbers are -1 (stream_id and ssrc 0). */
typedef struct januv_videoroom_forwarder {
  uint64_t stream_id;
  const char *type; /**< "audio", "video" or "data" */
  const char *host;
  int port, local_rtcp_port, remote_rtcp_port;
  uint64_t ssrc;
  int pt, substream;
  bool srtp;
} januv_videoroom_forwarder;

/** The forwarders of one publisher. */
typedef struct januv_videoroom_forwarders {
  januv_id publisher_id;
  const januv_videoroom_forwarder *forwarders;
  size_t nforwarders;
} januv_videoroom_forwarders;

/* ---- callbacks ---- */

/** Completion of most requests: @p ev is the decoded reply (NULL when reply->status != 0). */
typedef void (*januv_videoroom_cb)(const januv_reply *reply, const januv_videoroom_event *ev, void *data);
/** Completion of januv_videoroom_list(): @p rooms (n entries) valid during the call. */
typedef void (*januv_videoroom_rooms_cb)(const januv_reply *reply, const januv_videoroom_room *rooms, size_t n,
                                         void *data);
/** Completion of januv_videoroom_list_participants(). */
typedef void (*januv_videoroom_participants_cb)(const januv_reply *reply,
                                                const januv_videoroom_participant *participants, size_t n,
                                                void *data);
/** Completion of januv_videoroom_list_forwarders() (one entry per publisher with forwarders) and of
 *  januv_videoroom_rtp_forward() (one entry: the forwarders just created). */
typedef void (*januv_videoroom_forwarders_cb)(const januv_reply *reply, const januv_videoroom_forwarders *pubs,
                                              size_t n, void *data);

/** Callbacks of a handle, all optional; @p data is the handle's user pointer. */
typedef struct januv_videoroom_callbacks {
  /** A VideoRoom event that answers none of our requests (publishers, unpublished, leaving, kicked,
   *  destroyed, talking, moderation, updated, slow_link, ...). */
  void (*on_event)(januv_videoroom *vr, const januv_videoroom_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h). */
  void (*on_handle_event)(januv_videoroom *vr, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_videoroom_detach(), otherwise why the handle closed. */
  void (*on_closed)(januv_videoroom *vr, int reason, void *data);
} januv_videoroom_callbacks;

/** Completion of januv_videoroom_attach(): @p vr NULL on failure (reply->status says why). */
typedef void (*januv_videoroom_attach_cb)(januv_videoroom *vr, const januv_reply *reply, void *data);

/**
 * Attaches a handle to the VideoRoom plugin. @p cbs are copied; @p data is the handle's user pointer.
 * @return 0 (cb runs once), or januv_handle_attach()'s error.
 */
JANUV_EXTERN int januv_videoroom_attach(januv_session *session, const januv_videoroom_callbacks *cbs,
                                        januv_videoroom_attach_cb cb, void *data);

/* ---- room management (any handle) ---- */

/** Settings of a new room ("create"); initialize with januv_videoroom_room_options_init(): every field
 *  unset (strings NULL, numbers and tri-states -1, lists empty), Janus's defaults apply. */
typedef struct januv_videoroom_room_options {
  januv_id room;   /**< the zero id: Janus picks one (see the reply's room) */
  int permanent;   /**< -1/0/1: save to the config file */
  const char *description, *secret, *pin;
  int is_private;  /**< hidden from list unless the admin_key is given */
  const char *const *allowed; /**< tokens allowed to join (with an ACL) */
  size_t nallowed;
  int require_pvtid, signed_tokens;
  int publishers;  /**< max concurrent publishers */
  int bitrate, bitrate_cap, fir_freq;
  const char *audiocodec, *videocodec; /**< e.g. "opus", "vp8,h264" */
  const char *vp9_profile, *h264_profile;
  int opus_fec, opus_dtx, video_svc;
  int audiolevel_ext, audiolevel_event, audio_active_packets, audio_level_average;
  int videoorient_ext, playoutdelay_ext, transport_wide_cc_ext;
  int record;
  const char *rec_dir;
  int lock_record, notify_joining, require_e2ee, dummy_publisher;
  const cJSON *dummy_streams; /**< borrowed array, see Janus's docs */
  const char *admin_key;      /**< when the plugin has one */
} januv_videoroom_room_options;

JANUV_EXTERN void januv_videoroom_room_options_init(januv_videoroom_room_options *o);

/** Creates a room. @p cb: JANUV_VIDEOROOM_CREATED with room (Janus's pick when none was given) and
 *  permanent. @return 0 (cb runs once), JANUV_EINVAL, JANUV_ECLOSED, JANUV_ENOMEM. Same for every request. */
JANUV_EXTERN int januv_videoroom_create(januv_videoroom *vr, const januv_videoroom_room_options *o,
                                        januv_videoroom_cb cb, void *data);

/** Changes of a room ("edit"); januv_videoroom_edit_options_init() leaves every field unset. */
typedef struct januv_videoroom_edit_options {
  januv_id room;      /**< required */
  const char *secret; /**< the room's secret, if it has one */
  const char *new_description, *new_secret, *new_pin, *new_rec_dir;
  int new_is_private, new_require_pvtid, new_lock_record; /**< -1/0/1 */
  int new_bitrate, new_fir_freq, new_publishers;          /**< -1 unset */
  int permanent;
} januv_videoroom_edit_options;

JANUV_EXTERN void januv_videoroom_edit_options_init(januv_videoroom_edit_options *o);
/** Edits a room: JANUV_VIDEOROOM_EDITED. */
JANUV_EXTERN int januv_videoroom_edit(januv_videoroom *vr, const januv_videoroom_edit_options *o,
                                      januv_videoroom_cb cb, void *data);
/** Destroys a room (@p secret may be NULL; @p permanent also removes it from the config file):
 *  JANUV_VIDEOROOM_DESTROYED; its participants get a DESTROYED event. */
JANUV_EXTERN int januv_videoroom_destroy(januv_videoroom *vr, januv_id room, const char *secret, bool permanent,
                                         januv_videoroom_cb cb, void *data);
/** Whether a room exists: JANUV_VIDEOROOM_SUCCESS with exists. */
JANUV_EXTERN int januv_videoroom_exists(januv_videoroom *vr, januv_id room, januv_videoroom_cb cb, void *data);
/** Lists the rooms; with the plugin's @p admin_key (may be NULL) private rooms are listed too. */
JANUV_EXTERN int januv_videoroom_list(januv_videoroom *vr, const char *admin_key, januv_videoroom_rooms_cb cb,
                                      void *data);

/** Actions of januv_videoroom_allowed(). */
typedef enum januv_videoroom_acl {
  JANUV_VIDEOROOM_ACL_ENABLE = 0, /**< check tokens on join */
  JANUV_VIDEOROOM_ACL_DISABLE,    /**< stop checking */
  JANUV_VIDEOROOM_ACL_ADD,        /**< allow @p tokens */
  JANUV_VIDEOROOM_ACL_REMOVE      /**< disallow @p tokens */
} januv_videoroom_acl;

/** Changes a room's ACL ("allowed"): JANUV_VIDEOROOM_SUCCESS with the tokens now allowed. @p tokens (n) are
 *  for ADD and REMOVE. */
JANUV_EXTERN int januv_videoroom_allowed(januv_videoroom *vr, januv_id room, const char *secret,
                                         januv_videoroom_acl action, const char *const *tokens, size_t n,
                                         januv_videoroom_cb cb, void *data);
/** Kicks participant @p id out of the room: SUCCESS; the participant gets KICKED (self), the others KICKED
 *  or LEAVING and UNPUBLISHED. */
JANUV_EXTERN int januv_videoroom_kick(januv_videoroom *vr, januv_id room, const char *secret, januv_id id,
                                      januv_videoroom_cb cb, void *data);
/** Mutes (or unmutes) participant @p id's stream @p mid for everyone: SUCCESS; participants get MODERATION. */
JANUV_EXTERN int januv_videoroom_moderate(januv_videoroom *vr, januv_id room, const char *secret, januv_id id,
                                          const char *mid, bool mute, januv_videoroom_cb cb, void *data);
/** Lists a room's participants. */
JANUV_EXTERN int januv_videoroom_list_participants(januv_videoroom *vr, januv_id room,
                                                   januv_videoroom_participants_cb cb, void *data);
/** Lists a room's RTP forwarders, by publisher. */
JANUV_EXTERN int januv_videoroom_list_forwarders(januv_videoroom *vr, januv_id room, const char *secret,
                                                 januv_videoroom_forwarders_cb cb, void *data);

/** One stream of an RTP forwarder; januv_videoroom_forward_stream_init() leaves every field unset. */
typedef struct januv_videoroom_forward_stream {
  const char *mid;  /**< required: the publisher's stream */
  const char *host, *host_family; /**< NULL: the request's */
  int port;         /**< required */
  int rtcp_port, pt;
  uint64_t ssrc;    /**< 0 unset */
  int simulcast;    /**< -1/0/1 */
  int port_2, pt_2, port_3, pt_3;
  uint64_t ssrc_2, ssrc_3;
} januv_videoroom_forward_stream;

JANUV_EXTERN void januv_videoroom_forward_stream_init(januv_videoroom_forward_stream *s);

/** An RTP forwarder ("rtp_forward"); januv_videoroom_forward_options_init() leaves every field unset. */
typedef struct januv_videoroom_forward_options {
  januv_id room, publisher_id; /**< required */
  const char *host;            /**< required (or per stream) */
  const char *host_family;     /**< "ipv4" or "ipv6" */
  const januv_videoroom_forward_stream *streams;
  size_t nstreams;
  const char *secret, *admin_key;
  int srtp_suite;              /**< 32 or 80 */
  const char *srtp_crypto;
} januv_videoroom_forward_options;

JANUV_EXTERN void januv_videoroom_forward_options_init(januv_videoroom_forward_options *o);
/** Starts forwarding a publisher's streams as RTP: one entry with the forwarders created (stream_id...). */
JANUV_EXTERN int januv_videoroom_rtp_forward(januv_videoroom *vr, const januv_videoroom_forward_options *o,
                                             januv_videoroom_forwarders_cb cb, void *data);
/** Stops forwarder @p stream_id of @p publisher_id (@p secret and @p admin_key may be NULL). */
JANUV_EXTERN int januv_videoroom_stop_rtp_forward(januv_videoroom *vr, januv_id room, januv_id publisher_id,
                                                  uint64_t stream_id, const char *secret, const char *admin_key,
                                                  januv_videoroom_cb cb, void *data);
/** Starts or stops recording every participant of a room ("enable_recording"): SUCCESS. */
JANUV_EXTERN int januv_videoroom_enable_recording(januv_videoroom *vr, januv_id room, const char *secret,
                                                  bool record, januv_videoroom_cb cb, void *data);

/* ---- publisher ---- */

/** How to join as a publisher; zero-initialize (every field optional except room). */
typedef struct januv_videoroom_join_options {
  januv_id room; /**< required */
  januv_id id;   /**< our id; the zero id: Janus picks one (JOINED's id) */
  const char *display, *token, *pin;
} januv_videoroom_join_options;

/** Joins @p o->room as a participant: JANUV_VIDEOROOM_JOINED with the active publishers. Then PUBLISHERS,
 *  UNPUBLISHED, LEAVING, ... events come to on_event. */
JANUV_EXTERN int januv_videoroom_join(januv_videoroom *vr, const januv_videoroom_join_options *o,
                                      januv_videoroom_cb cb, void *data);

/** A text description of one of our streams. */
typedef struct januv_videoroom_description {
  const char *mid, *description;
} januv_videoroom_description;

/** Settings of one of our published streams (configure); januv_videoroom_pub_stream_init() leaves all
 *  unset. */
typedef struct januv_videoroom_pub_stream {
  const char *mid;             /**< required */
  int send;                    /**< -1/0/1: relay this stream or not */
  int keyframe;                /**< -1/0/1: ask a keyframe */
  int min_delay, max_delay;    /**< playout-delay, in 10 ms, -1 unset */
} januv_videoroom_pub_stream;

JANUV_EXTERN void januv_videoroom_pub_stream_init(januv_videoroom_pub_stream *s);

/** Settings of publish, join_and_publish and configure; januv_videoroom_publish_options_init() leaves every
 *  field unset. */
typedef struct januv_videoroom_publish_options {
  const char *audiocodec, *videocodec; /**< preferred among the negotiated ones */
  int bitrate;                          /**< REMB cap in bit/s, -1 unset */
  int record;                           /**< -1/0/1: Janus records this publisher */
  const char *filename;                 /**< base path of the recording */
  const char *display;
  int audio_level_average, audio_active_packets;
  const januv_videoroom_description *descriptions;
  size_t ndescriptions;
  /** configure only: */
  int keyframe;
  const januv_videoroom_pub_stream *streams;
  size_t nstreams;
} januv_videoroom_publish_options;

JANUV_EXTERN void januv_videoroom_publish_options_init(januv_videoroom_publish_options *o);

/**
 * Publishes: @p peer (SENDONLY tracks) offers, the offer goes with "publish" and @p o (may be NULL), Janus's
 * answer is applied, candidates are trickled. @p cb runs once: CONFIGURED after the answer was applied, or
 * the failure (JANUV_EPLUGIN, JANUV_EMEDIA for the peer's). Other participants get PUBLISHERS once media is
 * up. The handle then drives the peer's signalling until it detaches or the peer closes.
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (another offer of this handle is in progress), JANUV_ECLOSED,
 *         JANUV_ENOMEDIA, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_videoroom_publish(januv_videoroom *vr, januv_peer *peer,
                                         const januv_videoroom_publish_options *o, januv_videoroom_cb cb,
                                         void *data);
/** Joins and publishes in one request ("joinandconfigure"): JOINED after the answer was applied. With @p peer
 *  NULL it joins and configures without media. Returns as januv_videoroom_publish(). */
JANUV_EXTERN int januv_videoroom_join_and_publish(januv_videoroom *vr, const januv_videoroom_join_options *join,
                                                  januv_peer *peer, const januv_videoroom_publish_options *o,
                                                  januv_videoroom_cb cb, void *data);
/** Changes a publisher's settings mid-call (no SDP): CONFIGURED. */
JANUV_EXTERN int januv_videoroom_configure(januv_videoroom *vr, const januv_videoroom_publish_options *o,
                                           januv_videoroom_cb cb, void *data);
/** Renegotiates the published PeerConnection ("configure" with a new offer): CONFIGURED. */
JANUV_EXTERN int januv_videoroom_republish(januv_videoroom *vr, const januv_offer_options *offer,
                                           const januv_videoroom_publish_options *o, januv_videoroom_cb cb,
                                           void *data);
/** Stops publishing (Janus closes the PeerConnection): UNPUBLISHED (self). The peer is not closed. */
JANUV_EXTERN int januv_videoroom_unpublish(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Leaves the room (publisher: LEAVING self; subscriber: LEFT). The handle stays attached. */
JANUV_EXTERN int januv_videoroom_leave(januv_videoroom *vr, januv_videoroom_cb cb, void *data);

/* ---- subscriber ---- */

/** A stream to subscribe to, unsubscribe from or switch; zero-initialize. */
typedef struct januv_videoroom_stream_ref {
  januv_id feed;          /**< the publisher */
  const char *mid;        /**< the publisher's stream; NULL: all of the feed's streams */
  const char *sub_mid;    /**< unsubscribe, switch: our m-line */
  const char *crossrefid; /**< subscribe: an id of yours, echoed in the streams */
} januv_videoroom_stream_ref;

/** A subscription ("join" as subscriber); januv_videoroom_subscribe_options_init() leaves all unset. */
typedef struct januv_videoroom_subscribe_options {
  januv_id room; /**< required */
  const januv_videoroom_stream_ref *streams; /**< required: feed (and mid) of each */
  size_t nstreams;
  int use_msid;        /**< -1/0/1: an msid naming the publisher */
  int autoupdate;      /**< -1/0/1: a new offer when a subscribed publisher leaves (Janus's default: on) */
  uint64_t private_id; /**< our publisher's private_id (rooms with require_pvtid), 0 unset */
  const char *pin;
} januv_videoroom_subscribe_options;

JANUV_EXTERN void januv_videoroom_subscribe_options_init(januv_videoroom_subscribe_options *o);

/**
 * Subscribes: Janus offers the streams, @p peer (no tracks, or RECVONLY ones) answers, the answer goes with
 * "start". @p cb runs once: ATTACHED (the streams) after Janus acknowledged the start, or the failure. The
 * handle then answers every offer Janus sends for this subscription until it detaches or the peer closes.
 * @return 0, JANUV_EINVAL (no room or no stream), JANUV_ESTATE (this peer's subscription is being
 *         negotiated), JANUV_ECLOSED, JANUV_ENOMEDIA, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_videoroom_subscribe(januv_videoroom *vr, januv_peer *peer,
                                           const januv_videoroom_subscribe_options *o, januv_videoroom_cb cb,
                                           void *data);
/**
 * Adds and removes streams in one renegotiation ("update"): @p add (feed, mid, crossrefid) and @p remove
 * (feed, mid or sub_mid), either may be empty but not both. @p cb runs once: UPDATED (the whole subscription)
 * after januv answered Janus's offer; UPDATED without jsep when nothing changed; UPDATING when Janus postponed
 * it (an UPDATED event with the offer follows, answered by januv). Requests queue behind a renegotiation in
 * progress. @return 0, JANUV_EINVAL (nothing to add or remove), JANUV_ESTATE (no subscription: call
 * januv_videoroom_subscribe() first), JANUV_ECLOSED, JANUV_ENOMEM; the same for the other subscription
 * requests that may renegotiate (add_streams, remove_streams, switch, configure_subscription).
 */
JANUV_EXTERN int januv_videoroom_update(januv_videoroom *vr, const januv_videoroom_stream_ref *add, size_t nadd,
                                        const januv_videoroom_stream_ref *remove, size_t nremove,
                                        januv_videoroom_cb cb, void *data);
/** "subscribe": januv_videoroom_update() that only adds. */
JANUV_EXTERN int januv_videoroom_add_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams,
                                             size_t n, januv_videoroom_cb cb, void *data);
/** "unsubscribe": januv_videoroom_update() that only removes. */
JANUV_EXTERN int januv_videoroom_remove_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams,
                                                size_t n, januv_videoroom_cb cb, void *data);
/** Pauses the whole subscription: PAUSED. */
JANUV_EXTERN int januv_videoroom_pause(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Resumes it ("start" without SDP): STARTED. */
JANUV_EXTERN int januv_videoroom_resume(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Feeds our m-lines @p streams[i].sub_mid from other publisher streams (feed, mid) without renegotiating:
 *  SWITCHED (a renegotiation Janus asks for is answered by januv). */
JANUV_EXTERN int januv_videoroom_switch(januv_videoroom *vr, const januv_videoroom_stream_ref *streams, size_t n,
                                        januv_videoroom_cb cb, void *data);

/** Settings of one of our subscribed streams; januv_videoroom_sub_config_init() leaves all unset (-1). */
typedef struct januv_videoroom_sub_config {
  const char *mid; /**< required: our m-line */
  int send;        /**< -1/0/1: relay it (an audio/video toggle per m-line) */
  int substream, temporal, fallback;  /**< simulcast: substream 0-2, temporal layers 0-2, fallback in us */
  int spatial_layer, temporal_layer;  /**< VP9-SVC */
  int audio_level_average, audio_active_packets;
  int min_delay, max_delay;
} januv_videoroom_sub_config;

JANUV_EXTERN void januv_videoroom_sub_config_init(januv_videoroom_sub_config *c);
/** Configures subscribed streams ("configure"); @p restart asks for an ICE restart offer (answered by januv).
 *  CONFIGURED (or UPDATED after a restart). */
JANUV_EXTERN int januv_videoroom_configure_subscription(januv_videoroom *vr, const januv_videoroom_sub_config *c,
                                                        size_t n, bool restart, januv_videoroom_cb cb,
                                                        void *data);

/* ---- the handle ---- */

/** Detaches the handle; on_closed follows. @p cb may be NULL. */
JANUV_EXTERN int januv_videoroom_detach(januv_videoroom *vr, januv_reply_cb cb, void *data);
/** The plugin handle (for januv_handle_send() and ids). */
JANUV_EXTERN januv_handle *januv_videoroom_handle(const januv_videoroom *vr);
/** The peer given to publish/subscribe, NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_videoroom_peer(const januv_videoroom *vr);
JANUV_EXTERN void januv_videoroom_set_data(januv_videoroom *vr, void *data);
JANUV_EXTERN void *januv_videoroom_get_data(const januv_videoroom *vr);
/** Name of an event type ("joined", "publishers", ...). */
JANUV_EXTERN const char *januv_videoroom_event_name(januv_videoroom_event_type type);

JANUV_END_DECLS

#endif
