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

/**
 * A VideoRoom plugin handle (opaque). januv_videoroom_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_videoroom januv_videoroom;

/** VideoRoom's error codes (reply->plugin_code, januv_videoroom_event.error_code). */
enum {
  JANUV_VIDEOROOM_ERR_UNKNOWN = 499,           /**< unknown error */
  JANUV_VIDEOROOM_ERR_NO_MESSAGE = 421,        /**< no message */
  JANUV_VIDEOROOM_ERR_INVALID_JSON = 422,      /**< the message is not a JSON object */
  JANUV_VIDEOROOM_ERR_INVALID_REQUEST = 423,   /**< unknown "request", or not one for this handle's role */
  JANUV_VIDEOROOM_ERR_JOIN_FIRST = 424,        /**< the request needs a joined handle */
  JANUV_VIDEOROOM_ERR_ALREADY_JOINED = 425,    /**< join on a handle that joined already, or whose participant
                                                    is gone (use a new handle) */
  JANUV_VIDEOROOM_ERR_NO_SUCH_ROOM = 426,      /**< no room with that id */
  JANUV_VIDEOROOM_ERR_ROOM_EXISTS = 427,       /**< create: the room id is taken */
  JANUV_VIDEOROOM_ERR_NO_SUCH_FEED = 428,      /**< no such publisher or participant, or no such stream or
                                                    forwarder of it */
  JANUV_VIDEOROOM_ERR_MISSING_ELEMENT = 429,   /**< a required member is missing */
  JANUV_VIDEOROOM_ERR_INVALID_ELEMENT = 430,   /**< a member has the wrong type or value */
  JANUV_VIDEOROOM_ERR_INVALID_SDP_TYPE = 431,  /**< the jsep's type is not the one expected */
  JANUV_VIDEOROOM_ERR_PUBLISHERS_FULL = 432,   /**< the room has its maximum of publishers */
  JANUV_VIDEOROOM_ERR_UNAUTHORIZED = 433,      /**< wrong or missing secret, pin, token or admin_key */
  JANUV_VIDEOROOM_ERR_ALREADY_PUBLISHED = 434, /**< publish while publishing */
  JANUV_VIDEOROOM_ERR_NOT_PUBLISHED = 435,     /**< unpublish while not publishing */
  JANUV_VIDEOROOM_ERR_ID_EXISTS = 436,         /**< the participant id is taken */
  JANUV_VIDEOROOM_ERR_INVALID_SDP = 437        /**< the SDP does not parse, or has no stream */
};

/* ---- what Janus reports ---- */

/** A stream of a publisher. Absent numbers are -1, absent strings NULL. Absent booleans are false. */
typedef struct januv_videoroom_stream {
  const char *type; /**< "audio", "video" or "data" */
  int mindex;       /**< the index of its m-line in the publisher's SDP ("mindex") */
  const char *mid;  /**< the publisher's mid of the stream ("mid"): give it to subscribe to this stream */
  bool disabled; /**< inactive: codec and description are absent */
  const char *codec;       /**< the codec, e.g. "opus", "vp8" ("codec") */
  const char *description; /**< the publisher's text description of the stream ("description") */
  bool moderated;          /**< a moderator muted it ("moderated"; see januv_videoroom_moderate()) */
  bool simulcast;          /**< video sent with simulcast ("simulcast") */
  bool svc;                /**< video sent with SVC, VP9 or AV1 ("svc") */
  bool talking;            /**< audio: activity detected ("talking"; rooms with audio levels only) */
} januv_videoroom_stream;

/** An active publisher (a feed). */
typedef struct januv_videoroom_publisher {
  januv_id id;                           /**< its participant id, the feed to subscribe to ("id") */
  const char *display;                   /**< its display name ("display"), NULL when it has none */
  bool dummy;                            /**< a placeholder of a dummy_publisher room ("dummy") */
  bool talking;                          /**< whether it talks ("talking"; Janus prefers the streams' talking) */
  const januv_videoroom_stream *streams; /**< its streams ("streams"), nstreams entries */
  size_t nstreams;                       /**< the number of entries of streams */
} januv_videoroom_publisher;

/** A participant that does not publish (rooms with notify_joining). */
typedef struct januv_videoroom_attendee {
  januv_id id;         /**< its participant id ("id") */
  const char *display; /**< its display name ("display"), NULL when it has none */
} januv_videoroom_attendee;

/** A stream (m-line) of our subscription. Absent numbers are -1, absent strings NULL. */
typedef struct januv_videoroom_sub_stream {
  int mindex;       /**< the index of our m-line ("mindex") */
  const char *mid;  /**< our m-line's mid: the mid of januv_peer_track_decoded() */
  const char *type; /**< "audio", "video" or "data" */
  bool active;      /**< false once its publisher stream went away (the m-line stays, inactive) */
  januv_id feed_id; /**< the publisher */
  const char *feed_mid;         /**< the publisher's mid of the stream ("feed_mid") */
  const char *feed_display;     /**< the publisher's display name ("feed_display") */
  const char *feed_description; /**< the publisher's description of the stream ("feed_description") */
  const char *codec;            /**< the codec ("codec") */
  const char *crossrefid;       /**< the crossrefid given in januv_videoroom_stream_ref ("crossrefid") */
  bool send;                    /**< Janus relays it ("send"; see januv_videoroom_sub_config.send) */
  bool ready;                   /**< Janus is ready to send media on it ("ready"; false at first) */
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
  JANUV_VIDEOROOM_PAUSED,        /**< pause: media stopped until a resume */
  JANUV_VIDEOROOM_SWITCHED,      /**< switch: changes, streams */
  JANUV_VIDEOROOM_LEFT,          /**< the subscription was closed (leave) */
  JANUV_VIDEOROOM_SIMULCAST,     /**< the substream/temporal/spatial layer of a stream changed: mid and layers */
  JANUV_VIDEOROOM_SLOW_LINK,     /**< packet loss on our PeerConnection: current_bitrate (publishers) */
  JANUV_VIDEOROOM_RTP_FORWARD,   /**< rtp_forward's reply (decoded by januv_videoroom_rtp_forward()'s callback) and
                                      stop_rtp_forward's (room; publisher_id and stream_id are in data) */
  JANUV_VIDEOROOM_ERROR          /**< error_code, error */
} januv_videoroom_event_type;

/** A VideoRoom message: an event, or the reply to a request. Absent numbers are -1. */
typedef struct januv_videoroom_event {
  /** What the message is ("videoroom", or the member that names the event, e.g. "unpublished"); it says
   *  which fields below are set (the others are NULL, false, 0, the zero id, and -1 for numbers). */
  januv_videoroom_event_type type;
  /** The room the message is about ("room"), the zero id when it names none. */
  januv_id room;
  /** JOINED: our id. JOINING, DISPLAY, TALKING, MODERATION: that participant. UNPUBLISHED, LEAVING,
   *  KICKED: the feed or participant (the zero id when self). */
  januv_id id;
  /** UNPUBLISHED, LEAVING, KICKED: about us. */
  bool self;
  /** JOINED: our private id (give it to our subscriptions). 0 when absent. */
  uint64_t private_id;
  /** JOINED: the room's description ("description"), NULL when it has none. */
  const char *description;
  /** JOINING, DISPLAY: the participant's display name ("display", or "joining.display"); LEAVING,
   *  UNPUBLISHED, KICKED: the display name of who left, when Janus gives it. */
  const char *display;
  /** JOINED: the active publishers; PUBLISHERS: the new ones. */
  const januv_videoroom_publisher *publishers;
  size_t npublishers; /**< the number of entries of publishers */
  /** JOINED (notify_joining rooms): participants that do not publish. */
  const januv_videoroom_attendee *attendees;
  size_t nattendees; /**< the number of entries of attendees */
  /** ATTACHED, UPDATED, SWITCHED: the whole subscription. */
  const januv_videoroom_sub_stream *streams;
  size_t nstreams; /**< the number of entries of streams (0 in an UPDATED that changed nothing) */
  /** TALKING, MODERATION, SIMULCAST: the stream. STOPPED_TALKING too. "mid": the publisher's mid, except
   *  for SIMULCAST (a subscription's layers): our m-line's. */
  const char *mid;
  int mindex; /**< TALKING, STOPPED_TALKING: the publisher stream's "mindex" */
  /** MODERATION: muted or unmuted. */
  bool muted;
  /** TALKING, STOPPED_TALKING: average audio level in dBov (127 muted, 0 loudest). From
   *  "audio-level-dBov-avg"; -1 in the other events. */
  double audio_level;
  /** SIMULCAST: the layers now relayed (-1 when not in the event). This member: the simulcast substream
   *  ("substream"). */
  int substream;
  int temporal;       /**< SIMULCAST: the simulcast temporal layer ("temporal"), -1 when not in the event */
  int spatial_layer;  /**< SIMULCAST: the SVC spatial layer ("spatial_layer"), -1 when not in the event */
  int temporal_layer; /**< SIMULCAST: the SVC temporal layer ("temporal_layer"), -1 when not in the event */
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
  size_t nallowed; /**< the number of entries of allowed */
  /** KICKED (self): "kicked"; other events: Janus's reason, if any. */
  const char *reason;
  /** ERROR: VideoRoom's error_code (JANUV_VIDEOROOM_ERR_*), or a negative januv code when januv could not
   *  answer an offer Janus sent on its own; error: the text. */
  int error_code;
  /** ERROR: the text: Janus's "error", or januv's reason for an error of its own. */
  const char *error;
  /** plugindata.data and the jsep, as Janus sent them. For an ERROR of januv's own: the data of the reply
   *  that failed, or NULL. */
  const cJSON *data;
  /** The "jsep" that came with the message, or NULL: e.g. the answer of CONFIGURED or JOINED (applied by
   *  januv before the callback), Janus's offer of ATTACHED or UPDATED (answered by januv). */
  const cJSON *jsep;
} januv_videoroom_event;

/** A room of a list. Absent numbers are -1 (absent strings NULL, absent booleans false). The members are
 *  those of Janus's list reply; see januv_videoroom_room_options for their meaning. */
typedef struct januv_videoroom_room {
  januv_id room;                /**< the room's id ("room") */
  const char *description;      /**< its description ("description") */
  bool pin_required;            /**< joining needs a pin ("pin_required") */
  bool is_private;              /**< hidden from lists without the admin_key ("is_private") */
  bool require_pvtid;           /**< subscriptions need a private_id ("require_pvtid") */
  bool require_e2ee;            /**< publishers and subscribers must use end-to-end encryption ("require_e2ee") */
  bool dummy_publisher;         /**< the room has a dummy publisher ("dummy_publisher") */
  bool notify_joining;          /**< joins are notified (JANUV_VIDEOROOM_JOINING; "notify_joining") */
  int max_publishers;           /**< the most publishers sending at once ("max_publishers") */
  int bitrate;                  /**< the REMB cap forced on publishers by default, bit/s ("bitrate"; 0: none) */
  int fir_freq;                 /**< seconds between keyframe requests to publishers ("fir_freq"; 0: none) */
  int num_participants;         /**< participants, publishing or not; subscribers do not count ("num_participants") */
  bool bitrate_cap;             /**< bitrate also caps the publishers' own changes ("bitrate_cap") */
  const char *audiocodec;       /**< the allowed audio codecs, comma-separated ("audiocodec") */
  const char *videocodec;       /**< the allowed video codecs, comma-separated ("videocodec") */
  bool opus_fec;                /**< Opus in-band FEC is negotiated ("opus_fec") */
  bool opus_dtx;                /**< Opus DTX is negotiated ("opus_dtx") */
  bool video_svc;               /**< SVC is enabled ("video_svc") */
  bool record;                  /**< the room is being recorded ("record") */
  bool lock_record;             /**< the recording state changes only with the secret ("lock_record") */
  const char *rec_dir;          /**< where Janus writes the recordings ("rec_dir"), NULL when not given */
  bool audiolevel_ext;          /**< the ssrc-audio-level extension is negotiated ("audiolevel_ext") */
  bool audiolevel_event;        /**< talking events are sent (JANUV_VIDEOROOM_TALKING; "audiolevel_event") */
  bool videoorient_ext;         /**< the video-orientation extension is negotiated ("videoorient_ext") */
  bool playoutdelay_ext;        /**< the playout-delay extension is negotiated ("playoutdelay_ext") */
  bool transport_wide_cc_ext;   /**< the transport-wide-cc extension is negotiated ("transport_wide_cc_ext") */
  int audio_active_packets;     /**< packets per audio level check ("audio_active_packets"; with audiolevel_event) */
  int audio_level_average;      /**< talking threshold, dBov ("audio_level_average"; with audiolevel_event) */
} januv_videoroom_room;

/** A participant of listparticipants. */
typedef struct januv_videoroom_participant {
  januv_id id;         /**< its participant id ("id") */
  const char *display; /**< its display name ("display"), NULL when it has none */
  bool publisher;      /**< it publishes now ("publisher") */
  bool talking;        /**< it talks ("talking"; rooms with audio levels only) */
} januv_videoroom_participant;

/** An RTP forwarder. Absent numbers are -1 (stream_id and ssrc 0). */
typedef struct januv_videoroom_forwarder {
  uint64_t stream_id;   /**< its id ("stream_id"), for januv_videoroom_stop_rtp_forward() */
  const char *type; /**< "audio", "video" or "data" */
  const char *host;     /**< where it sends ("host") */
  int port;             /**< the port it sends to ("port") */
  int local_rtcp_port;  /**< Janus's port receiving RTCP feedback ("local_rtcp_port") */
  int remote_rtcp_port; /**< the recipient's port RTCP feedback comes from ("remote_rtcp_port") */
  uint64_t ssrc;        /**< the SSRC it sends with ("ssrc") */
  int pt;               /**< the payload type it sends with ("pt") */
  int substream;        /**< the simulcast substream it relays ("substream") */
  bool srtp;            /**< it encrypts with SRTP ("srtp") */
} januv_videoroom_forwarder;

/** The forwarders of one publisher. */
typedef struct januv_videoroom_forwarders {
  januv_id publisher_id;                       /**< the publisher ("publisher_id") */
  const januv_videoroom_forwarder *forwarders; /**< its forwarders ("forwarders"), nforwarders entries */
  size_t nforwarders;                          /**< the number of entries of forwarders */
} januv_videoroom_forwarders;

/* ---- callbacks ---- */

/** Completion of most requests: @p ev is the decoded reply (NULL when reply->status != 0, e.g. JANUV_EPLUGIN
 *  for VideoRoom's error, then reply->plugin_code is its error_code; NULL too for a reply without plugin
 *  data). @p ev and everything it points to are valid during the call only; @p data is the pointer given
 *  with the request. */
typedef void (*januv_videoroom_cb)(const januv_reply *reply, const januv_videoroom_event *ev, void *data);
/** Completion of januv_videoroom_list(): @p rooms (n entries) valid during the call; NULL and 0 when
 *  reply->status != 0 (JANUV_ENOMEM when januv could not decode the list). */
typedef void (*januv_videoroom_rooms_cb)(const januv_reply *reply, const januv_videoroom_room *rooms, size_t n,
                                         void *data);
/** Completion of januv_videoroom_list_participants(): @p participants (n entries) valid during the call;
 *  NULL and 0 when reply->status != 0. */
typedef void (*januv_videoroom_participants_cb)(const januv_reply *reply,
                                                const januv_videoroom_participant *participants, size_t n,
                                                void *data);
/** Completion of januv_videoroom_list_forwarders() (one entry per publisher with forwarders) and of
 *  januv_videoroom_rtp_forward() (one entry: the forwarders just created). @p pubs (n entries) valid
 *  during the call; NULL and 0 when reply->status != 0. */
typedef void (*januv_videoroom_forwarders_cb)(const januv_reply *reply, const januv_videoroom_forwarders *pubs,
                                              size_t n, void *data);

/** Callbacks of a handle, all optional; @p data is the handle's user pointer. */
typedef struct januv_videoroom_callbacks {
  /** A VideoRoom event that answers none of our requests (publishers, unpublished, leaving, kicked,
   *  destroyed, talking, moderation, updated, slow_link, ...). */
  void (*on_event)(januv_videoroom *vr, const januv_videoroom_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup (see handle.h), and detached (on_closed follows it). */
  void (*on_handle_event)(januv_videoroom *vr, const januv_event *ev, void *data);
  /** The last callback: 0 after januv_videoroom_detach() (or a "detached" from Janus, or the session's
   *  destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests still
   *  pending complete before it (JANUV_ECANCELED, or the session's reason). */
  void (*on_closed)(januv_videoroom *vr, int reason, void *data);
} januv_videoroom_callbacks;

/** Completion of januv_videoroom_attach(): @p vr NULL on failure (reply->status says why). */
typedef void (*januv_videoroom_attach_cb)(januv_videoroom *vr, const januv_reply *reply, void *data);

/**
 * Attaches a handle to the VideoRoom plugin. @p cbs are copied (may be NULL); @p data is the handle's user
 * pointer, also given to @p cb (required).
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or januv_handle_attach()'s
 *         error (then cb never runs).
 */
JANUV_EXTERN int januv_videoroom_attach(januv_session *session, const januv_videoroom_callbacks *cbs,
                                        januv_videoroom_attach_cb cb, void *data);

/* ---- room management (any handle) ---- */

/** Settings of a new room ("create"); initialize with januv_videoroom_room_options_init(): every field
 *  unset (strings NULL, numbers and tri-states -1, lists empty), Janus's defaults apply.
 *  Each set field goes out as the "create" member of the same name; -1/0/1 fields are tri-states (-1
 *  unset, 0 false, 1 true). Everything is borrowed: read during januv_videoroom_create() only. */
typedef struct januv_videoroom_room_options {
  januv_id room;   /**< the zero id: Janus picks one (see the reply's room) */
  int permanent;   /**< -1/0/1: save to the config file */
  const char *description; /**< the room's pretty name ("description") */
  const char *secret;      /**< the password needed to edit or destroy the room ("secret") */
  const char *pin;         /**< the password needed to join the room ("pin") */
  int is_private;  /**< -1/0/1: hidden from list unless the admin_key is given */
  const char *const *allowed; /**< tokens allowed to join (with an ACL) */
  size_t nallowed;            /**< the number of entries of allowed (0: none sent) */
  int require_pvtid;          /**< -1/0/1: subscriptions must give a publisher's private_id ("require_pvtid") */
  int signed_tokens;          /**< -1/0/1: joining needs a token signed by the Janus core, when the core uses
                                   signed tokens ("signed_tokens") */
  int publishers;  /**< max concurrent publishers */
  int bitrate;     /**< the REMB cap forced on publishers, in bit/s ("bitrate"), -1 unset */
  int bitrate_cap; /**< -1/0/1: bitrate also caps the publishers' own bitrate changes ("bitrate_cap") */
  int fir_freq;    /**< seconds between keyframe requests to publishers ("fir_freq"; 0: none), -1 unset */
  const char *audiocodec;   /**< audio codecs forced on publishers, comma-separated in order of preference
                                 ("audiocodec"), e.g. "opus" */
  const char *videocodec;   /**< video codecs likewise ("videocodec"), e.g. "vp8,h264" */
  const char *vp9_profile;  /**< the VP9 profile to prefer ("vp9_profile"), e.g. "2" for profile-id=2 */
  const char *h264_profile; /**< the H.264 profile to prefer ("h264_profile"), e.g. "42e01f" */
  int opus_fec;             /**< -1/0/1: negotiate Opus in-band FEC ("opus_fec") */
  int opus_dtx;             /**< -1/0/1: negotiate Opus DTX ("opus_dtx") */
  int video_svc;            /**< -1/0/1: enable SVC, VP9 and AV1 ("video_svc") */
  int audiolevel_ext;       /**< -1/0/1: negotiate the ssrc-audio-level extension with new publishers
                                 ("audiolevel_ext") */
  int audiolevel_event;     /**< -1/0/1: send talking events (JANUV_VIDEOROOM_TALKING; "audiolevel_event") */
  int audio_active_packets; /**< packets per audio level check ("audio_active_packets"; Janus's default 100,
                                 2 seconds), -1 unset */
  int audio_level_average;  /**< the average audio level, in dBov, that counts as talking (127 muted, 0
                                 loudest; "audio_level_average", Janus's default 25), -1 unset */
  int videoorient_ext;       /**< -1/0/1: negotiate the video-orientation extension ("videoorient_ext") */
  int playoutdelay_ext;      /**< -1/0/1: negotiate the playout-delay extension ("playoutdelay_ext") */
  int transport_wide_cc_ext; /**< -1/0/1: negotiate transport-wide congestion control ("transport_wide_cc_ext") */
  int record;                /**< -1/0/1: record the room's publishers ("record") */
  const char *rec_dir;       /**< where Janus writes the recordings ("rec_dir") */
  int lock_record;           /**< -1/0/1: the recording state changes only with the secret ("lock_record") */
  int notify_joining;        /**< -1/0/1: tell participants about every join (JANUV_VIDEOROOM_JOINING;
                                  "notify_joining") */
  int require_e2ee;          /**< -1/0/1: require end-to-end encrypted media ("require_e2ee") */
  int dummy_publisher;       /**< -1/0/1: add a dummy publisher, one m-line per room codec, for placeholder
                                  subscriptions ("dummy_publisher") */
  const cJSON *dummy_streams; /**< borrowed array, see Janus's docs */
  const char *admin_key;      /**< when the plugin has one */
} januv_videoroom_room_options;

/** Fills @p o with "unset" everywhere (see januv_videoroom_room_options). Call it before setting fields, so
 *  that fields added in later versions stay unset. */
JANUV_EXTERN void januv_videoroom_room_options_init(januv_videoroom_room_options *o);

/** Creates a room. @p cb: JANUV_VIDEOROOM_CREATED with room (Janus's pick when none was given) and
 *  permanent. @return 0 (cb runs once), JANUV_EINVAL, JANUV_ECLOSED, JANUV_ENOMEM. Same for every request.
 *  In detail, for every request of this module: @p cb may be NULL and gets @p data; the arguments are
 *  borrowed (read during the call only); JANUV_EINVAL when @p vr is NULL or a required argument is
 *  missing (here: @p o may be NULL, for a room with Janus's defaults), JANUV_ECLOSED when the handle is
 *  detached or detaching, or another error of januv_handle_message(); then @p cb never runs. */
JANUV_EXTERN int januv_videoroom_create(januv_videoroom *vr, const januv_videoroom_room_options *o,
                                        januv_videoroom_cb cb, void *data);

/** Changes of a room ("edit"); januv_videoroom_edit_options_init() leaves every field unset. Each set field
 *  goes out as the "edit" member of the same name; strings NULL, numbers -1 and tri-states -1 are unset. */
typedef struct januv_videoroom_edit_options {
  januv_id room;      /**< required */
  const char *secret; /**< the room's secret, if it has one */
  const char *new_description; /**< a new pretty name ("new_description") */
  const char *new_secret;      /**< a new secret ("new_secret") */
  const char *new_pin;         /**< a new pin ("new_pin") */
  const char *new_rec_dir;     /**< where the next recordings go ("new_rec_dir") */
  int new_is_private;    /**< -1/0/1: hide the room from list ("new_is_private") */
  int new_require_pvtid; /**< -1/0/1: require a private_id from subscribers ("new_require_pvtid") */
  int new_lock_record;   /**< -1/0/1: the recording state changes only with the secret ("new_lock_record") */
  int new_bitrate;       /**< -1 unset: the REMB cap for publishers without their own, bit/s ("new_bitrate") */
  int new_fir_freq;      /**< -1 unset: seconds between keyframe requests to publishers ("new_fir_freq") */
  int new_publishers;    /**< -1 unset: the most publishers sending at once ("new_publishers") */
  int permanent;         /**< -1/0/1: also change the config file ("permanent") */
} januv_videoroom_edit_options;

/** Fills @p o with "unset" everywhere: the zero room id, strings NULL, numbers -1. */
JANUV_EXTERN void januv_videoroom_edit_options_init(januv_videoroom_edit_options *o);
/** Edits a room: JANUV_VIDEOROOM_EDITED. @return as januv_videoroom_create(); JANUV_EINVAL when @p o is
 *  NULL or o->room is unset. */
JANUV_EXTERN int januv_videoroom_edit(januv_videoroom *vr, const januv_videoroom_edit_options *o,
                                      januv_videoroom_cb cb, void *data);
/** Destroys a room (@p secret may be NULL; @p permanent also removes it from the config file):
 *  JANUV_VIDEOROOM_DESTROYED; its participants get a DESTROYED event.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset. */
JANUV_EXTERN int januv_videoroom_destroy(januv_videoroom *vr, januv_id room, const char *secret, bool permanent,
                                         januv_videoroom_cb cb, void *data);
/** Whether a room exists: JANUV_VIDEOROOM_SUCCESS with exists.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset. */
JANUV_EXTERN int januv_videoroom_exists(januv_videoroom *vr, januv_id room, januv_videoroom_cb cb, void *data);
/** Lists the rooms; with the plugin's @p admin_key (may be NULL) private rooms are listed too. @p cb gets
 *  the decoded "list". @return as januv_videoroom_create(). */
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
 *  for ADD and REMOVE.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset, @p action is not a
 *  januv_videoroom_acl, or ADD and REMOVE get no token (@p n 0, @p tokens or one of them NULL). */
JANUV_EXTERN int januv_videoroom_allowed(januv_videoroom *vr, januv_id room, const char *secret,
                                         januv_videoroom_acl action, const char *const *tokens, size_t n,
                                         januv_videoroom_cb cb, void *data);
/** Kicks participant @p id out of the room: SUCCESS; the participant gets KICKED (self), the others KICKED
 *  or LEAVING and UNPUBLISHED. @return as januv_videoroom_create(); JANUV_EINVAL when @p room or @p id is
 *  unset. */
JANUV_EXTERN int januv_videoroom_kick(januv_videoroom *vr, januv_id room, const char *secret, januv_id id,
                                      januv_videoroom_cb cb, void *data);
/** Mutes (or unmutes) participant @p id's stream @p mid for everyone: SUCCESS; participants get MODERATION.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room or @p id is unset or @p mid NULL. */
JANUV_EXTERN int januv_videoroom_moderate(januv_videoroom *vr, januv_id room, const char *secret, januv_id id,
                                          const char *mid, bool mute, januv_videoroom_cb cb, void *data);
/** Lists a room's participants ("listparticipants"): @p cb gets the decoded "participants".
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset. */
JANUV_EXTERN int januv_videoroom_list_participants(januv_videoroom *vr, januv_id room,
                                                   januv_videoroom_participants_cb cb, void *data);
/** Lists a room's RTP forwarders, by publisher ("listforwarders"; @p secret may be NULL): @p cb gets the
 *  decoded "publishers". @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset. */
JANUV_EXTERN int januv_videoroom_list_forwarders(januv_videoroom *vr, januv_id room, const char *secret,
                                                 januv_videoroom_forwarders_cb cb, void *data);

/** One stream of an RTP forwarder; januv_videoroom_forward_stream_init() leaves every field unset. */
typedef struct januv_videoroom_forward_stream {
  const char *mid;  /**< required: the publisher's stream */
  const char *host;        /**< where to send this stream ("host"); NULL: the request's */
  const char *host_family; /**< "ipv4" or "ipv6" ("host_family"); NULL: the request's */
  int port;         /**< required */
  int rtcp_port;    /**< the recipient's port to get RTCP feedback from ("rtcp_port"; not for data), -1 unset */
  int pt;           /**< the payload type to send with ("pt"; not for data), -1 unset */
  uint64_t ssrc;    /**< 0 unset */
  int simulcast;    /**< -1/0/1: 1 forwards a simulcast video as a viewer gets it, one substream at a time
                         ("simulcast"); otherwise each substream goes to its own port (port_2, port_3) */
  int port_2;       /**< simulcast video: the port of the second substream ("port_2"), -1 unset */
  int pt_2;         /**< simulcast video: the payload type of the second substream ("pt_2"), -1 unset */
  int port_3;       /**< simulcast video: the port of the third substream ("port_3"), -1 unset */
  int pt_3;         /**< simulcast video: the payload type of the third substream ("pt_3"), -1 unset */
  uint64_t ssrc_2;  /**< simulcast video: the SSRC of the second substream ("ssrc_2"), 0 unset */
  uint64_t ssrc_3;  /**< simulcast video: the SSRC of the third substream ("ssrc_3"), 0 unset */
} januv_videoroom_forward_stream;

/** Fills @p s with "unset" everywhere: strings NULL, numbers -1, SSRCs 0. */
JANUV_EXTERN void januv_videoroom_forward_stream_init(januv_videoroom_forward_stream *s);

/** An RTP forwarder ("rtp_forward"); januv_videoroom_forward_options_init() leaves every field unset. */
typedef struct januv_videoroom_forward_options {
  januv_id room;               /**< required: the room ("room") */
  januv_id publisher_id;       /**< required: the publisher whose streams to forward ("publisher_id") */
  const char *host;            /**< required (or per stream) */
  const char *host_family;     /**< "ipv4" or "ipv6" */
  const januv_videoroom_forward_stream *streams; /**< the streams to forward ("streams"), nstreams entries */
  size_t nstreams;             /**< the number of entries of streams */
  const char *secret;          /**< the room's secret, if it has one ("secret") */
  const char *admin_key;       /**< the plugin's admin_key, when it guards RTP forwarding ("admin_key") */
  int srtp_suite;              /**< 32 or 80 */
  const char *srtp_crypto;     /**< SRTP: the key, base64 as in SDES ("srtp_crypto"), with srtp_suite */
} januv_videoroom_forward_options;

/** Fills @p o with "unset" everywhere: zero ids, strings NULL, no stream, srtp_suite -1. */
JANUV_EXTERN void januv_videoroom_forward_options_init(januv_videoroom_forward_options *o);
/** Starts forwarding a publisher's streams as RTP: one entry with the forwarders created (stream_id...).
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p o is NULL, its room or publisher_id unset, or
 *  its streams NULL with nstreams not 0. */
JANUV_EXTERN int januv_videoroom_rtp_forward(januv_videoroom *vr, const januv_videoroom_forward_options *o,
                                             januv_videoroom_forwarders_cb cb, void *data);
/** Stops forwarder @p stream_id of @p publisher_id (@p secret and @p admin_key may be NULL):
 *  JANUV_VIDEOROOM_RTP_FORWARD. @return as januv_videoroom_create(); JANUV_EINVAL when @p room or
 *  @p publisher_id is unset or @p stream_id 0. */
JANUV_EXTERN int januv_videoroom_stop_rtp_forward(januv_videoroom *vr, januv_id room, januv_id publisher_id,
                                                  uint64_t stream_id, const char *secret, const char *admin_key,
                                                  januv_videoroom_cb cb, void *data);
/** Starts or stops recording every participant of a room ("enable_recording"): SUCCESS.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p room is unset. */
JANUV_EXTERN int januv_videoroom_enable_recording(januv_videoroom *vr, januv_id room, const char *secret,
                                                  bool record, januv_videoroom_cb cb, void *data);

/* ---- publisher ---- */

/** How to join as a publisher; zero-initialize (every field optional except room). */
typedef struct januv_videoroom_join_options {
  januv_id room; /**< required */
  januv_id id;   /**< our id; the zero id: Janus picks one (JOINED's id) */
  const char *display; /**< our display name ("display"), NULL for none */
  const char *token;   /**< an invitation token, for rooms with an ACL ("token"), NULL for none */
  const char *pin;     /**< the room's pin, if it has one ("pin") */
} januv_videoroom_join_options;

/** Joins @p o->room as a participant: JANUV_VIDEOROOM_JOINED with the active publishers. Then PUBLISHERS,
 *  UNPUBLISHED, LEAVING, ... events come to on_event.
 *  @return as januv_videoroom_create(); JANUV_EINVAL when @p o is NULL or o->room is unset. */
JANUV_EXTERN int januv_videoroom_join(januv_videoroom *vr, const januv_videoroom_join_options *o,
                                      januv_videoroom_cb cb, void *data);

/** A text description of one of our streams. */
typedef struct januv_videoroom_description {
  const char *mid;         /**< our stream's mid ("mid") */
  const char *description; /**< its text, e.g. "screen" ("description") */
} januv_videoroom_description;

/** Settings of one of our published streams (configure); januv_videoroom_pub_stream_init() leaves all
 *  unset. */
typedef struct januv_videoroom_pub_stream {
  const char *mid;             /**< required */
  int send;                    /**< -1/0/1: relay this stream or not */
  int keyframe;                /**< -1/0/1: ask a keyframe */
  int min_delay;               /**< playout-delay, in 10 ms, -1 unset: the minimum ("min_delay") */
  int max_delay;               /**< playout-delay, in 10 ms, -1 unset: the maximum ("max_delay") */
} januv_videoroom_pub_stream;

/** Fills @p s with "unset" everywhere: mid NULL, numbers -1. */
JANUV_EXTERN void januv_videoroom_pub_stream_init(januv_videoroom_pub_stream *s);

/** Settings of publish, join_and_publish and configure; januv_videoroom_publish_options_init() leaves every
 *  field unset. */
typedef struct januv_videoroom_publish_options {
  const char *audiocodec;               /**< preferred among the negotiated ones: the audio codec ("audiocodec") */
  const char *videocodec;               /**< preferred among the negotiated ones: the video codec ("videocodec") */
  int bitrate;                          /**< REMB cap in bit/s, -1 unset */
  int record;                           /**< -1/0/1: Janus records this publisher */
  const char *filename;                 /**< base path of the recording */
  const char *display;                  /**< our (new) display name ("display") */
  int audio_level_average;              /**< overrides the room's audio_level_average for us, -1 unset */
  int audio_active_packets;             /**< overrides the room's audio_active_packets for us, -1 unset */
  const januv_videoroom_description *descriptions; /**< descriptions of our streams ("descriptions") */
  size_t ndescriptions;                 /**< the number of entries of descriptions */
  /** configure only: -1/0/1: ask the publisher (us) for a keyframe ("keyframe"). */
  int keyframe;
  const januv_videoroom_pub_stream *streams; /**< configure only: per-stream settings ("streams") */
  size_t nstreams;                      /**< the number of entries of streams */
} januv_videoroom_publish_options;

/** Fills @p o with "unset" everywhere: strings NULL, numbers -1, lists empty. */
JANUV_EXTERN void januv_videoroom_publish_options_init(januv_videoroom_publish_options *o);

/**
 * Publishes: @p peer (SENDONLY tracks) offers, the offer goes with "publish" and @p o (may be NULL), Janus's
 * answer is applied, candidates are trickled. @p cb runs once: CONFIGURED after the answer was applied, or
 * the failure (JANUV_EPLUGIN, JANUV_EMEDIA for the peer's). Other participants get PUBLISHERS once media is
 * up. The handle then drives the peer's signalling until it detaches or the peer closes.
 * Other failures of @p cb: JANUV_EPROTO (Janus's reply has no answer), JANUV_ECANCELED (the peer or the
 * handle closed first), and the request's own (timeout, connection loss, JANUV_EJANUS). The peer stays
 * yours (the handle borrows it); @p o is read during the call only. Giving another peer than the one the
 * handle drives lets go of that one: its negotiation steps still pending complete with JANUV_ECANCELED,
 * their callbacks running inside this call.
 * @return 0, JANUV_EINVAL, JANUV_ESTATE (another offer of this handle is in progress), JANUV_ECLOSED,
 *         JANUV_ENOMEDIA, JANUV_ENOMEM.
 *         JANUV_EINVAL: @p vr or @p peer NULL, or a list of @p o NULL with a count; JANUV_ECLOSED: the handle
 *         is detached or detaching, or @p peer is closing.
 */
JANUV_EXTERN int januv_videoroom_publish(januv_videoroom *vr, januv_peer *peer,
                                         const januv_videoroom_publish_options *o, januv_videoroom_cb cb,
                                         void *data);
/** Joins and publishes in one request ("joinandconfigure"): JOINED after the answer was applied. With @p peer
 *  NULL it joins and configures without media. Returns as januv_videoroom_publish(), and JANUV_EINVAL when
 *  @p join is NULL or join->room unset; with @p peer NULL, as januv_videoroom_create(). */
JANUV_EXTERN int januv_videoroom_join_and_publish(januv_videoroom *vr, const januv_videoroom_join_options *join,
                                                  januv_peer *peer, const januv_videoroom_publish_options *o,
                                                  januv_videoroom_cb cb, void *data);
/** Changes a publisher's settings mid-call (no SDP): CONFIGURED. @p o may be NULL (an empty "configure").
 *  @return as januv_videoroom_create(). */
JANUV_EXTERN int januv_videoroom_configure(januv_videoroom *vr, const januv_videoroom_publish_options *o,
                                           januv_videoroom_cb cb, void *data);
/** Renegotiates the published PeerConnection ("configure" with a new offer): CONFIGURED. @p offer (may be
 *  NULL) is for januv_peer_create_offer(); @p o may be NULL.
 *  @return as januv_videoroom_publish(), and JANUV_ESTATE when the handle never drove a peer (nothing
 *  published yet), JANUV_ECLOSED when its peer closed; JANUV_ENOTSUP for an ICE restart, which webrtcbin
 *  cannot do (through @p cb instead when the offer had to wait for another negotiation step of the
 *  handle). */
JANUV_EXTERN int januv_videoroom_republish(januv_videoroom *vr, const januv_offer_options *offer,
                                           const januv_videoroom_publish_options *o, januv_videoroom_cb cb,
                                           void *data);
/** Stops publishing (Janus closes the PeerConnection): UNPUBLISHED (self). The peer is not closed.
 *  @return as januv_videoroom_create(). */
JANUV_EXTERN int januv_videoroom_unpublish(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Leaves the room (publisher: LEAVING self; subscriber: LEFT). The handle stays attached.
 *  @return as januv_videoroom_create(). */
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
  size_t nstreams;     /**< the number of entries of streams (0: JANUV_EINVAL) */
  int use_msid;        /**< -1/0/1: an msid naming the publisher */
  int autoupdate;      /**< -1/0/1: a new offer when a subscribed publisher leaves (Janus's default: on) */
  uint64_t private_id; /**< our publisher's private_id (rooms with require_pvtid), 0 unset */
  const char *pin;     /**< the room's pin, if it has one ("pin"), NULL unset */
} januv_videoroom_subscribe_options;

/** Fills @p o with "unset" everywhere: the zero room id, no stream, tri-states -1, private_id 0, pin NULL. */
JANUV_EXTERN void januv_videoroom_subscribe_options_init(januv_videoroom_subscribe_options *o);

/**
 * Subscribes: Janus offers the streams, @p peer (no tracks, or RECVONLY ones) answers, the answer goes with
 * "start". @p cb runs once: ATTACHED (the streams) after Janus acknowledged the start, or the failure. The
 * handle then answers every offer Janus sends for this subscription until it detaches or the peer closes.
 * The peer stays yours (the handle borrows it); @p o is read during the call only. Giving another peer
 * than the one the handle drives lets go of that one: its negotiation steps still pending complete with
 * JANUV_ECANCELED, their callbacks running inside this call. A handle subscribes once: Janus refuses a
 * second "join" (JANUV_VIDEOROOM_ERR_ALREADY_JOINED); change the streams with januv_videoroom_update().
 * @return 0, JANUV_EINVAL (no room or no stream), JANUV_ESTATE (this peer's subscription is being
 *         negotiated), JANUV_ECLOSED, JANUV_ENOMEDIA, JANUV_ENOMEM.
 *         JANUV_EINVAL also when @p vr, @p peer or @p o is NULL; JANUV_ECLOSED: the handle is detached or
 *         detaching, or @p peer is closing; or another error of januv_handle_message().
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
 * In detail: JANUV_EINVAL also when @p vr is NULL or a list is NULL with a count; JANUV_ECLOSED when the
 * handle is detached or detaching, or the subscription's peer closed; or another error of
 * januv_handle_message() (then @p cb never runs). @p add and @p remove are read during the call only.
 */
JANUV_EXTERN int januv_videoroom_update(januv_videoroom *vr, const januv_videoroom_stream_ref *add, size_t nadd,
                                        const januv_videoroom_stream_ref *remove, size_t nremove,
                                        januv_videoroom_cb cb, void *data);
/** "subscribe": januv_videoroom_update() that only adds. @return as januv_videoroom_update(). */
JANUV_EXTERN int januv_videoroom_add_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams,
                                             size_t n, januv_videoroom_cb cb, void *data);
/** "unsubscribe": januv_videoroom_update() that only removes. @return as januv_videoroom_update(). */
JANUV_EXTERN int januv_videoroom_remove_streams(januv_videoroom *vr, const januv_videoroom_stream_ref *streams,
                                                size_t n, januv_videoroom_cb cb, void *data);
/** Pauses the whole subscription: PAUSED. @return as januv_videoroom_create(). */
JANUV_EXTERN int januv_videoroom_pause(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Resumes it ("start" without SDP): STARTED. @return as januv_videoroom_create(). */
JANUV_EXTERN int januv_videoroom_resume(januv_videoroom *vr, januv_videoroom_cb cb, void *data);
/** Feeds our m-lines @p streams[i].sub_mid from other publisher streams (feed, mid) without renegotiating:
 *  SWITCHED (a renegotiation Janus asks for is answered by januv). @return as januv_videoroom_update(). */
JANUV_EXTERN int januv_videoroom_switch(januv_videoroom *vr, const januv_videoroom_stream_ref *streams, size_t n,
                                        januv_videoroom_cb cb, void *data);

/** Settings of one of our subscribed streams; januv_videoroom_sub_config_init() leaves all unset (-1). */
typedef struct januv_videoroom_sub_config {
  const char *mid; /**< required: our m-line */
  int send;        /**< -1/0/1: relay it (an audio/video toggle per m-line) */
  int substream;   /**< simulcast: substream 0-2 ("substream") */
  int temporal;    /**< simulcast: temporal layers 0-2 ("temporal") */
  int fallback;    /**< simulcast: fallback in us: without packets for that long, Janus drops to the substream
                        below ("fallback"; Janus's default 250000) */
  int spatial_layer;        /**< VP9-SVC: the spatial layer to receive, 0-2 ("spatial_layer") */
  int temporal_layer;       /**< VP9-SVC: the temporal layers to receive, 0-2 ("temporal_layer") */
  int audio_level_average;  /**< overrides the room's audio_level_average ("audio_level_average") */
  int audio_active_packets; /**< overrides the room's audio_active_packets ("audio_active_packets") */
  int min_delay;   /**< playout-delay minimum, in 10 ms ("min_delay") */
  int max_delay;   /**< playout-delay maximum, in 10 ms ("max_delay") */
} januv_videoroom_sub_config;

/** Fills @p c with "unset" everywhere: mid NULL, numbers -1. */
JANUV_EXTERN void januv_videoroom_sub_config_init(januv_videoroom_sub_config *c);
/** Configures subscribed streams ("configure"); @p restart asks for an ICE restart offer (answered by januv).
 *  CONFIGURED (or UPDATED after a restart). @p c (@p n entries) is read during the call only.
 *  @return as januv_videoroom_update(); JANUV_EINVAL when @p n is 0 without @p restart, or @p c NULL with
 *  @p n not 0. */
JANUV_EXTERN int januv_videoroom_configure_subscription(januv_videoroom *vr, const januv_videoroom_sub_config *c,
                                                        size_t n, bool restart, januv_videoroom_cb cb,
                                                        void *data);

/* ---- the handle ---- */

/** Detaches the handle; on_closed follows. @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p vr NULL), JANUV_ECLOSED (already detached or detaching), or
 *  januv_handle_detach()'s error. */
JANUV_EXTERN int januv_videoroom_detach(januv_videoroom *vr, januv_reply_cb cb, void *data);
/** The plugin handle (for januv_handle_send() and ids), valid as long as @p vr. The module owns its
 *  callbacks and user pointer: do not change them. */
JANUV_EXTERN januv_handle *januv_videoroom_handle(const januv_videoroom *vr);
/** The peer given to publish/subscribe, NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_videoroom_peer(const januv_videoroom *vr);
/** Sets the user pointer (initially the @p data given to januv_videoroom_attach()); later callbacks get
 *  the new value. */
JANUV_EXTERN void januv_videoroom_set_data(januv_videoroom *vr, void *data);
/** The user pointer: the @p data given to januv_videoroom_attach(), or what januv_videoroom_set_data() set. */
JANUV_EXTERN void *januv_videoroom_get_data(const januv_videoroom *vr);
/** Name of an event type ("joined", "publishers", ...), "unknown" for a value outside the enum. A static
 *  string. */
JANUV_EXTERN const char *januv_videoroom_event_name(januv_videoroom_event_type type);

JANUV_END_DECLS

#endif
