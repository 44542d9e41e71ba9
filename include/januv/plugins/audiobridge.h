/**
 * @file januv/plugins/audiobridge.h
 * The AudioBridge plugin ("janus.plugin.audiobridge"): audio conference rooms
 * where Janus mixes the participants' Opus streams and sends each one the mix of the others.
 *
 * A januv_audiobridge wraps one plugin handle. On it you can manage rooms (create, edit, destroy, exists,
 * list, listparticipants, allowed, kick, mute and unmute participants or the whole room, RTP forwarders,
 * file playback, recording) and take part in one room at a time: januv_audiobridge_join() makes a
 * januv_peer (media.h, one audio track, Opus) offer, joins with the offer and applies Janus's answer; then
 * configure (muted, display, volume, spatial position, ...), changeroom, leave. Rooms outlive the handle.
 *
 * Ids: room and participant ids are januv_id, numbers unless the plugin runs with string_ids = true (then
 * strings). Forwarder ids (stream_id) are always numbers. Errors of the plugin arrive as reply->status
 * JANUV_EPLUGIN with reply->plugin_code one of JANUV_AUDIOBRIDGE_ERR_*.
 *
 * Callbacks run on the loop, never inside a januv call; each request callback runs exactly once. Everything
 * a callback receives (structs, arrays, strings, JSON) is valid during the callback only. on_closed is the
 * last callback, after which the januv_audiobridge pointer is invalid; closing from inside any callback is
 * safe.
 */
#ifndef JANUV_PLUGINS_AUDIOBRIDGE_H
#define JANUV_PLUGINS_AUDIOBRIDGE_H

#include "../handle.h"
#include "../id.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * An AudioBridge plugin handle (opaque). januv_audiobridge_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_audiobridge januv_audiobridge;

/** The plugin's error codes (reply->plugin_code with JANUV_EPLUGIN), Janus's JANUS_AUDIOBRIDGE_ERROR_*. */
enum januv_audiobridge_error {
  JANUV_AUDIOBRIDGE_ERR_NO_MESSAGE = 480,      /**< the request had no body */
  JANUV_AUDIOBRIDGE_ERR_INVALID_JSON = 481,    /**< the body is not a JSON object */
  JANUV_AUDIOBRIDGE_ERR_INVALID_REQUEST = 482, /**< unknown "request", or not allowed here */
  JANUV_AUDIOBRIDGE_ERR_MISSING_ELEMENT = 483, /**< a mandatory member is missing */
  JANUV_AUDIOBRIDGE_ERR_INVALID_ELEMENT = 484, /**< a member has the wrong type or value */
  JANUV_AUDIOBRIDGE_ERR_NO_SUCH_ROOM = 485,    /**< no room with that id */
  JANUV_AUDIOBRIDGE_ERR_ROOM_EXISTS = 486,     /**< create: a room with that id exists */
  JANUV_AUDIOBRIDGE_ERR_NOT_JOINED = 487,      /**< the request needs us in a room */
  JANUV_AUDIOBRIDGE_ERR_LIBOPUS = 488,         /**< the Opus encoder or decoder failed */
  JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED = 489,    /**< wrong or missing secret, PIN, token or admin_key */
  JANUV_AUDIOBRIDGE_ERR_ID_EXISTS = 490,       /**< join, changeroom: a participant with that id is in the room;
                                                    play_file: a playback with that file_id exists */
  JANUV_AUDIOBRIDGE_ERR_ALREADY_JOINED = 491,  /**< join: we are in a room already (use changeroom);
                                                    changeroom: we are in that room */
  JANUV_AUDIOBRIDGE_ERR_NO_SUCH_USER = 492,    /**< no participant with that id */
  JANUV_AUDIOBRIDGE_ERR_INVALID_SDP = 493,     /**< the SDP was refused */
  JANUV_AUDIOBRIDGE_ERR_NO_SUCH_GROUP = 494,   /**< the room has no such group */
  /** Also what play_file answers when the file cannot be opened ("Error opening file"). */
  JANUV_AUDIOBRIDGE_ERR_UNKNOWN = 499
};

/* ---- what Janus reports ---- */

/** A participant of a room. Members Janus did not send are NULL or -1 (id: the zero id). Its strings are
 *  valid during the callback only. */
typedef struct januv_audiobridge_participant {
  januv_id id;          /**< the participant's id ("id") */
  const char *display;  /**< its display name ("display"), NULL when it has none */
  int setup;            /**< -1, 0 or 1: its PeerConnection is up */
  int muted;            /**< -1, 0 or 1 */
  int talking;          /**< -1, 0 or 1 (rooms with audio levels) */
  int spatial_position; /**< 0 (left) to 100 (right), spatial rooms */
} januv_audiobridge_participant;

/** A room, as list reports it. Members Janus did not send are NULL or -1 (room: the zero id). Its strings
 *  are valid during the callback only. */
typedef struct januv_audiobridge_room {
  januv_id room;        /**< the room's id ("room") */
  const char *description; /**< its description ("description") */
  int pin_required;     /**< -1, 0 or 1 */
  int sampling_rate;    /**< the mix's sampling rate in Hz ("sampling_rate") */
  int spatial_audio;    /**< -1, 0 or 1 */
  int record;           /**< -1, 0 or 1 */
  int muted;            /**< -1, 0 or 1: the room is muted (mute_room) */
  int num_participants; /**< participants in the room now ("num_participants") */
} januv_audiobridge_room;

/** An RTP forwarder of a room's mix, as listforwarders reports it. Members Janus did not send are NULL, -1,
 *  or 0 (stream_id, ssrc). Its strings are valid during the callback only. */
typedef struct januv_audiobridge_forwarder {
  uint64_t stream_id;   /**< the forwarder's id ("stream_id"), for januv_audiobridge_stop_rtp_forward() */
  const char *group;    /**< the group whose mix it forwards ("group"), NULL for the whole mix */
  const char *ip;       /**< the address the RTP goes to ("ip") */
  int port;             /**< the port the RTP goes to ("port") */
  uint64_t ssrc;        /**< the SSRC of the forwarded RTP ("ssrc") */
  const char *codec;    /**< "opus", "pcma" or "pcmu" ("codec") */
  int ptype;            /**< the RTP payload type ("ptype") */
  int srtp;             /**< -1, 0 or 1 */
  int always_on;        /**< -1, 0 or 1 */
} januv_audiobridge_forwarder;

/** Where we are, after join or changeroom. Everything it points to is januv's, valid during the callback
 *  only. */
typedef struct januv_audiobridge_joined {
  januv_id room;        /**< the room we are in ("room") */
  januv_id id;          /**< our participant id */
  const char *display;  /**< our display name ("display"), NULL when we have none */
  /** The other participants already there. */
  const januv_audiobridge_participant *participants;
  size_t nparticipants; /**< number of entries in participants (0 and NULL when the room was empty) */
} januv_audiobridge_joined;

/* ---- events ---- */

/** What a plugin event says. */
typedef enum januv_audiobridge_event_type {
  JANUV_AUDIOBRIDGE_JOINED = 0,       /**< "joined": participants joined (see participants) */
  JANUV_AUDIOBRIDGE_PARTICIPANTS,     /**< participants changed (muted, display, ...; see participants) */
  JANUV_AUDIOBRIDGE_LEAVING,          /**< "leaving": see id */
  JANUV_AUDIOBRIDGE_KICKED,           /**< "kicked": see id (it may be us) */
  JANUV_AUDIOBRIDGE_TALKING,          /**< "talking": see id */
  JANUV_AUDIOBRIDGE_STOPPED_TALKING,  /**< "stopped-talking": see id */
  JANUV_AUDIOBRIDGE_ROOM_MUTED,       /**< the room was muted or unmuted: see muted */
  JANUV_AUDIOBRIDGE_DESTROYED,        /**< "destroyed": the room is gone */
  JANUV_AUDIOBRIDGE_ROOM_CHANGED,     /**< "roomchanged" (reply to changeroom) */
  JANUV_AUDIOBRIDGE_LEFT,             /**< "left" (reply to leave) */
  JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STARTED, /**< a file started playing: see file_id */
  JANUV_AUDIOBRIDGE_ANNOUNCEMENT_STOPPED, /**< a file stopped playing: see file_id */
  JANUV_AUDIOBRIDGE_RESULT,           /**< "result" (e.g. "ok", the reply to configure) */
  JANUV_AUDIOBRIDGE_ERROR,            /**< error_code and error */
  JANUV_AUDIOBRIDGE_OTHER             /**< anything else: see data */
} januv_audiobridge_event_type;

/** A plugin event. Members the event does not carry are NULL, -1, or empty (ids: the zero id). Strings and
 *  data borrow from the event's JSON; the participants array is allocated by januv. In on_event all of it
 *  is valid during the callback only; from januv_audiobridge_event_parse(), see there. */
typedef struct januv_audiobridge_event {
  /** What the event says; it tells which members below are set. */
  januv_audiobridge_event_type type;
  /** The room the event is about ("room"), the zero id when Janus did not say. */
  januv_id room;
  /** LEAVING, KICKED, TALKING, STOPPED_TALKING: the participant; ROOM_CHANGED, LEFT: us. */
  januv_id id;
  /** JOINED, PARTICIPANTS, ROOM_CHANGED. */
  const januv_audiobridge_participant *participants;
  size_t nparticipants; /**< number of entries in participants (0 when none) */
  int muted;            /**< ROOM_MUTED: -1, 0 or 1 */
  const char *file_id;  /**< ANNOUNCEMENT_* */
  const char *result;   /**< RESULT */
  int error_code;       /**< ERROR */
  const char *error;    /**< ERROR */
  const cJSON *data;    /**< plugindata.data as Janus sent it */
} januv_audiobridge_event;

/** Callbacks, all optional; @p data is the audiobridge's user pointer. */
typedef struct januv_audiobridge_callbacks {
  /** A plugin event that is not the reply to one of our requests: others joining, leaving, muting,
   *  talking, being kicked, the room muted or destroyed, files playing. */
  void (*on_event)(januv_audiobridge *ab, const januv_audiobridge_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see handle.h. */
  void (*on_handle_event)(januv_audiobridge *ab, const januv_event *ev, void *data);
  /** The last callback, exactly once: 0 after januv_audiobridge_detach() (or a "detached" from Janus, or the
   *  session's destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests
   *  still pending completed before it. */
  void (*on_closed)(januv_audiobridge *ab, int reason, void *data);
} januv_audiobridge_callbacks;

/** Completion of januv_audiobridge_attach(): @p ab NULL on failure (reply->status says why). */
typedef void (*januv_audiobridge_attach_cb)(januv_audiobridge *ab, const januv_reply *reply, void *data);

/**
 * Attaches to the AudioBridge plugin. @p cbs are copied (may be NULL); @p data is the user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or
 *         januv_handle_attach()'s error (then cb never runs).
 */
JANUV_EXTERN int januv_audiobridge_attach(januv_session *session, const januv_audiobridge_callbacks *cbs,
                                          januv_audiobridge_attach_cb cb, void *data);

/* ---- managing rooms ----
 * Every function below returns 0 (its callback runs once), JANUV_EINVAL (ab NULL, a required argument
 * missing), JANUV_ECLOSED (the handle is closing) or JANUV_ENOMEM, or januv_handle_message()'s error; then
 * the callback never runs. A januv_reply_cb may be NULL (the reply is then dropped); the typed callbacks
 * are required. @p secret is the room's secret (NULL when it has none). */

/** A room to create. Initialize with januv_audiobridge_room_options_init(): numbers -1 and tri-states -1
 *  are unset, strings NULL. Strings are borrowed until the call returns. */
typedef struct januv_audiobridge_room_options {
  januv_id room;              /**< zero id: Janus picks one */
  int permanent;              /**< tri: save to the config file */
  const char *description;    /**< a description shown by list ("description"), NULL unset */
  const char *secret;         /**< the secret needed to edit or destroy the room ("secret"), NULL unset */
  const char *pin;            /**< the PIN needed to join ("pin"), NULL unset */
  int is_private;             /**< tri */
  const char *const *allowed; /**< tokens that may join (an ACL) */
  size_t nallowed;            /**< number of entries in allowed; 0 leaves "allowed" out */
  int sampling_rate;          /**< 8000, 16000 (Janus's default), 24000, 48000 */
  int spatial_audio;          /**< tri: stereo mix with positions */
  int audiolevel_ext;         /**< tri: negotiate ssrc-audio-level */
  int audiolevel_event;       /**< tri: talking events */
  int audio_active_packets;   /**< talking events: packets the audio level is averaged over ("audio_active_packets";
                                   Janus's default 100, 2 seconds) */
  int audio_level_average;    /**< talking events: the level threshold, 0 (loudest) to 127 (silence)
                                   ("audio_level_average"; Janus's default 25) */
  int default_prebuffering;   /**< packets Janus buffers before decoding each participant ("default_prebuffering") */
  int default_expectedloss;   /**< percent of packets participants are expected to lose, for Opus FEC, 0 to 20
                                   ("default_expectedloss"; Janus's default 0) */
  int default_bitrate;        /**< participants' Opus bitrate in bits per second ("default_bitrate"; Janus's
                                   default 0: libopus decides) */
  int record;                 /**< tri: record the mix to a .wav */
  const char *record_file;    /**< the path of the .wav file ("record_file"), NULL unset (Janus names it) */
  const char *record_dir;     /**< the directory of the .wav file ("record_dir"; record_file is then relative to it) */
  int mjrs;                   /**< tri: record each participant to .mjr */
  const char *mjrs_dir;       /**< the directory of the .mjr files ("mjrs_dir"), NULL unset */
  int allow_rtp_participants; /**< tri */
  const char *const *groups;  /**< groups of participants, for forwarders */
  size_t ngroups;             /**< number of entries in groups; 0 leaves "groups" out */
  /** Any other members to add to the request (an object, borrowed), or NULL. */
  const cJSON *extra;
} januv_audiobridge_room_options;

/** Fills @p o with the defaults: every member unset (-1, NULL, 0 or the zero id), see
 *  januv_audiobridge_room_options. Call it before setting members, so that members added in later versions
 *  stay unset. */
JANUV_EXTERN void januv_audiobridge_room_options_init(januv_audiobridge_room_options *o);

/** Completion of create: @p room the new room's id (the zero id on failure; a string id is valid during the
 *  callback only), @p permanent whether Janus saved it to its config file. */
typedef void (*januv_audiobridge_created_cb)(const januv_reply *reply, januv_id room, bool permanent, void *data);
/** Creates a room ("create") from the set members of @p o (borrowed until the call returns); the admin_key
 *  of januv_audiobridge_set_admin_key() is added. @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab, @p o or @p cb NULL; o->extra not an object; allowed or groups NULL with
 *          a count, or holding a NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_create(januv_audiobridge *ab, const januv_audiobridge_room_options *o,
                                          januv_audiobridge_created_cb cb, void *data);

/** Changes to a room ("edit"). Initialize with januv_audiobridge_edit_options_init(); unset members (-1, NULL)
 *  are left out and stay unchanged. Strings are borrowed until the call returns. */
typedef struct januv_audiobridge_edit_options {
  januv_id room;              /**< required */
  const char *secret;         /**< the room's current secret ("secret"), NULL when it has none */
  const char *new_description; /**< the new description ("new_description") */
  const char *new_secret;     /**< the new secret ("new_secret") */
  const char *new_pin;        /**< "" removes the PIN */
  int new_is_private;         /**< tri */
  const char *new_record_dir; /**< the new directory of the .wav recordings ("new_record_dir") */
  const char *new_mjrs_dir;   /**< the new directory of the .mjr recordings ("new_mjrs_dir") */
  int permanent;              /**< tri: save the change to the config file */
} januv_audiobridge_edit_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_audiobridge_edit_options. */
JANUV_EXTERN void januv_audiobridge_edit_options_init(januv_audiobridge_edit_options *o);
/** Edits a room ("edit"). @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p o NULL, o->room the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_edit(januv_audiobridge *ab, const januv_audiobridge_edit_options *o,
                                        januv_reply_cb cb, void *data);
/** Destroys a room ("destroy"); its participants get JANUV_AUDIOBRIDGE_DESTROYED. @p permanent (tri) also
 *  removes it from the config file. @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p ab NULL, @p room the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_destroy(januv_audiobridge *ab, januv_id room, const char *secret, int permanent,
                                           januv_reply_cb cb, void *data);

/** Completion of exists and is_playing: @p yes is "exists" or "playing" of the reply, false on failure. */
typedef void (*januv_audiobridge_bool_cb)(const januv_reply *reply, bool yes, void *data);
/** Whether a room exists ("exists"). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p cb NULL, @p room the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_exists(januv_audiobridge *ab, januv_id room, januv_audiobridge_bool_cb cb,
                                          void *data);

/** Completion of list: @p rooms (n of them) NULL on failure (and when there are none); januv's, valid during
 *  the callback only. */
typedef void (*januv_audiobridge_rooms_cb)(const januv_reply *reply, const januv_audiobridge_room *rooms, size_t n,
                                           void *data);
/** Lists the public rooms ("list"). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p cb NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *          error. */
JANUV_EXTERN int januv_audiobridge_list(januv_audiobridge *ab, januv_audiobridge_rooms_cb cb, void *data);

/** Completion of listparticipants: @p participants (n of them) NULL when the room is empty or on failure;
 *  januv's, valid during the callback only. */
typedef void (*januv_audiobridge_participants_cb)(const januv_reply *reply,
                                                  const januv_audiobridge_participant *participants, size_t n,
                                                  void *data);
/** Lists a room's participants ("listparticipants"). Returns as januv_audiobridge_exists(). */
JANUV_EXTERN int januv_audiobridge_list_participants(januv_audiobridge *ab, januv_id room,
                                                     januv_audiobridge_participants_cb cb, void *data);

/** Actions of januv_audiobridge_allowed(). */
typedef enum januv_audiobridge_acl_action {
  JANUV_AUDIOBRIDGE_ACL_ENABLE = 0, /**< check tokens on join */
  JANUV_AUDIOBRIDGE_ACL_DISABLE,    /**< stop checking */
  JANUV_AUDIOBRIDGE_ACL_ADD,        /**< add tokens */
  JANUV_AUDIOBRIDGE_ACL_REMOVE      /**< remove tokens */
} januv_audiobridge_acl_action;

/** Completion of allowed: the room's whole token list (enable, add, remove), NULL and 0 otherwise. The
 *  array and strings are januv's, valid during the callback only. */
typedef void (*januv_audiobridge_tokens_cb)(const januv_reply *reply, const char *const *tokens, size_t n,
                                            void *data);
/** Manages who may join ("allowed"): @p tokens (n of them, borrowed until the call returns) for add and
 *  remove (n 0 leaves "allowed" out). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p cb NULL, @p room the zero id, @p action out of range, @p tokens NULL
 *          with @p n set or holding a NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_allowed(januv_audiobridge *ab, januv_id room, const char *secret,
                                           januv_audiobridge_acl_action action, const char *const *tokens, size_t n,
                                           januv_audiobridge_tokens_cb cb, void *data);

/** Kicks participant @p id out of the room ("kick"); the others get JANUV_AUDIOBRIDGE_KICKED. @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p ab NULL, @p room or @p id the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. mute returns the same. */
JANUV_EXTERN int januv_audiobridge_kick(januv_audiobridge *ab, januv_id room, const char *secret, januv_id id,
                                        januv_reply_cb cb, void *data);
/** Kicks everybody ("kick_all"). Returns as januv_audiobridge_destroy(), as do mute_room, enable_recording
 *  and enable_mjrs. */
JANUV_EXTERN int januv_audiobridge_kick_all(januv_audiobridge *ab, januv_id room, const char *secret,
                                            januv_reply_cb cb, void *data);
/** Mutes or unmutes participant @p id ("mute", "unmute"); the others get JANUV_AUDIOBRIDGE_PARTICIPANTS.
 *  Returns as januv_audiobridge_kick(). */
JANUV_EXTERN int januv_audiobridge_mute(januv_audiobridge *ab, januv_id room, const char *secret, januv_id id,
                                        bool muted, januv_reply_cb cb, void *data);
/** Mutes or unmutes the whole room ("mute_room", "unmute_room"); everybody gets JANUV_AUDIOBRIDGE_ROOM_MUTED.
 *  Returns as januv_audiobridge_destroy(). */
JANUV_EXTERN int januv_audiobridge_mute_room(januv_audiobridge *ab, januv_id room, const char *secret, bool muted,
                                             januv_reply_cb cb, void *data);
/** Starts or stops recording the room's mix to a .wav file ("enable_recording"); @p record_file and
 *  @p record_dir may be NULL. Returns as januv_audiobridge_destroy(). */
JANUV_EXTERN int januv_audiobridge_enable_recording(januv_audiobridge *ab, januv_id room, const char *secret,
                                                    bool record, const char *record_file, const char *record_dir,
                                                    januv_reply_cb cb, void *data);
/** Starts or stops recording every participant to .mjr files ("enable_mjrs"); @p mjrs_dir may be NULL.
 *  Returns as januv_audiobridge_destroy(). */
JANUV_EXTERN int januv_audiobridge_enable_mjrs(januv_audiobridge *ab, januv_id room, const char *secret, bool mjrs,
                                               const char *mjrs_dir, januv_reply_cb cb, void *data);

/** An RTP forwarder to add. Initialize with januv_audiobridge_forward_options_init(); unset members (-1, NULL,
 *  0) are left out. Strings are borrowed until the call returns. */
typedef struct januv_audiobridge_forward_options {
  const char *host;           /**< required */
  int port;                   /**< required */
  const char *host_family;    /**< "ipv4" or "ipv6" */
  const char *group;          /**< forward this group's mix only */
  uint64_t ssrc;              /**< 0: Janus's choice */
  const char *codec;          /**< "opus" (default), "pcma", "pcmu" */
  int ptype;                  /**< payload type (Janus's default 100) */
  int srtp_suite;             /**< 32 or 80, with srtp_crypto */
  const char *srtp_crypto;    /**< SRTP key, base64 as in SDES ("srtp_crypto"), with srtp_suite; NULL: plain RTP */
  int always_on;              /**< tri: forward silence when the room is empty */
} januv_audiobridge_forward_options;

/** Fills @p o with the defaults: every member unset (-1, NULL or 0), see januv_audiobridge_forward_options. */
JANUV_EXTERN void januv_audiobridge_forward_options_init(januv_audiobridge_forward_options *o);
/** Completion of rtp_forward: the new forwarder's id ("stream_id"; 0 on failure). */
typedef void (*januv_audiobridge_forwarder_cb)(const januv_reply *reply, uint64_t stream_id, void *data);
/** Forwards the room's mix (or a group's) over plain RTP ("rtp_forward"); the admin_key of
 *  januv_audiobridge_set_admin_key() is added. @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab, @p o or @p cb NULL, o->host NULL, o->port unset, @p room the zero id),
 *          JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_rtp_forward(januv_audiobridge *ab, januv_id room, const char *secret,
                                               const januv_audiobridge_forward_options *o,
                                               januv_audiobridge_forwarder_cb cb, void *data);
/** Removes a forwarder ("stop_rtp_forward"). Janus 1.1.2 answers success for an unknown @p stream_id too.
 *  @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p ab NULL, @p stream_id 0, @p room the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_stop_rtp_forward(januv_audiobridge *ab, januv_id room, const char *secret,
                                                    uint64_t stream_id, januv_reply_cb cb, void *data);
/** Completion of listforwarders: @p forwarders (n of them) NULL when none or on failure; januv's, valid
 *  during the callback only. */
typedef void (*januv_audiobridge_forwarders_cb)(const januv_reply *reply,
                                                const januv_audiobridge_forwarder *forwarders, size_t n, void *data);
/** Lists a room's forwarders ("listforwarders"). @p cb (required) runs once. Returns as
 *  januv_audiobridge_exists(). */
JANUV_EXTERN int januv_audiobridge_list_forwarders(januv_audiobridge *ab, januv_id room, const char *secret,
                                                   januv_audiobridge_forwarders_cb cb, void *data);

/** A file to play into a room. Initialize with januv_audiobridge_play_options_init(). Strings are borrowed
 *  until the call returns. */
typedef struct januv_audiobridge_play_options {
  const char *filename;       /**< required: an Ogg Opus file on the server's file system */
  const char *file_id;        /**< NULL: Janus picks one */
  const char *group;          /**< required when the room has groups */
  int loop;                   /**< tri */
} januv_audiobridge_play_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_audiobridge_play_options. */
JANUV_EXTERN void januv_audiobridge_play_options_init(januv_audiobridge_play_options *o);
/** Completion of play_file: the playback's file_id (NULL on failure; valid during the callback only: copy
 *  it for is_playing and stop_file). */
typedef void (*januv_audiobridge_file_cb)(const januv_reply *reply, const char *file_id, void *data);
/** Plays an Opus file into the room's mix ("play_file"); participants get the ANNOUNCEMENT_* events. Janus
 *  builds without libogg refuse it (Debian's 1.1.2 has it). A file that cannot be opened:
 *  JANUV_AUDIOBRIDGE_ERR_UNKNOWN. The admin_key of januv_audiobridge_set_admin_key() is added. @p cb
 *  (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab, @p o or @p cb NULL, o->filename NULL, @p room the zero id), JANUV_ECLOSED,
 *          JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_play_file(januv_audiobridge *ab, januv_id room, const char *secret,
                                             const januv_audiobridge_play_options *o, januv_audiobridge_file_cb cb,
                                             void *data);
/** Whether a playback is still going on ("is_playing"). @p cb (required) runs once.
 *  @return 0, JANUV_EINVAL (@p ab, @p file_id or @p cb NULL, @p room the zero id), JANUV_ECLOSED,
 *          JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_is_playing(januv_audiobridge *ab, januv_id room, const char *secret,
                                              const char *file_id, januv_audiobridge_bool_cb cb, void *data);
/** Stops a playback ("stop_file"). @p cb runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p file_id NULL, @p room the zero id), JANUV_ECLOSED, JANUV_ENOMEM, or
 *          januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_stop_file(januv_audiobridge *ab, januv_id room, const char *secret,
                                             const char *file_id, januv_reply_cb cb, void *data);

/* ---- taking part ---- */

/** How to join (or change room). Initialize with januv_audiobridge_join_options_init(); unset members (-1,
 *  NULL, the zero id) are left out. Strings are borrowed until the call returns. */
typedef struct januv_audiobridge_join_options {
  januv_id room;              /**< required */
  januv_id id;                /**< zero id: Janus picks our participant id */
  const char *display;        /**< our display name ("display") */
  const char *pin;            /**< the room's PIN ("pin"), when it has one */
  const char *token;          /**< our invitation token ("token"), when the room has an ACL */
  const char *group;          /**< required when the room has groups */
  int muted;                  /**< tri */
  const char *codec;          /**< "opus" (default), "pcma", "pcmu" */
  int prebuffer;              /**< packets Janus buffers before decoding ours ("prebuffer"; default the room's) */
  int bitrate;                /**< our Opus bitrate in bits per second ("bitrate"; Janus's default 0: libopus
                                   decides) */
  int quality;                /**< Opus encoder complexity, 0 to 10 ("quality"; Janus's default 4) */
  int expected_loss;          /**< percent of packets we expect to lose, 0 to 20, for Opus FEC ("expected_loss") */
  int volume;                 /**< percent: 100 unchanged */
  int spatial_position;       /**< 0 (left) to 100 (right) */
  const char *secret;         /**< the room's: we are then an admin that mute_room leaves alone */
  int audio_level_average;    /**< our own talking threshold, overriding the room's ("audio_level_average") */
  int audio_active_packets;   /**< our own talking window in packets, overriding the room's ("audio_active_packets") */
  int record;                 /**< tri: record our contribution to .mjr */
  const char *filename;       /**< base name of our .mjr recording ("filename"; Janus adds "-audio.mjr", relative
                                   to the room's mjrs_dir) */
  /** Any other members to add to the request (an object, borrowed), or NULL. */
  const cJSON *extra;
} januv_audiobridge_join_options;

/** Fills @p o with the defaults: every member unset (-1, NULL or the zero id), see
 *  januv_audiobridge_join_options. Call it before setting members, so that members added in later versions
 *  stay unset. */
JANUV_EXTERN void januv_audiobridge_join_options_init(januv_audiobridge_join_options *o);

/** Completion of join and changeroom: @p joined NULL on failure; januv's, valid during the callback only. */
typedef void (*januv_audiobridge_joined_cb)(const januv_reply *reply, const januv_audiobridge_joined *joined,
                                            void *data);

/**
 * Joins a room with @p peer: the peer offers (give it one audio track; Opus), the offer goes with "join",
 * Janus's answer is applied, the candidates are trickled. @p cb runs once with where we are (room, our id,
 * the participants already there) after the answer was applied, or with the failure (JANUV_EPLUGIN, e.g.
 * JANUV_AUDIOBRIDGE_ERR_NO_SUCH_ROOM, JANUV_AUDIOBRIDGE_ERR_UNAUTHORIZED; JANUV_EMEDIA for the peer's).
 * The mix of the others flows once the peer is connected. With @p peer NULL, joins without a
 * PeerConnection (one kept from an earlier room after leave is reused). The audiobridge then drives the
 * peer's signalling until it detaches or the peer closes; the peer stays yours (joining with another peer
 * lets go of the previous one). @p o is borrowed until the call returns; @p cb is required.
 * @return 0, JANUV_EINVAL (@p ab, @p o or @p cb NULL, o->room the zero id, o->extra not an object),
 *         JANUV_ESTATE (another offer of ours is in progress), JANUV_ECLOSED (the handle or the peer is
 *         closing), JANUV_ENOMEDIA (built without media), JANUV_ENOMEM, or (with @p peer NULL)
 *         januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_audiobridge_join(januv_audiobridge *ab, januv_peer *peer,
                                        const januv_audiobridge_join_options *o, januv_audiobridge_joined_cb cb,
                                        void *data);

/** Our settings in the room (configure). Initialize with januv_audiobridge_configure_options_init(); unset
 *  members (-1, NULL) are left out and stay as they are. Strings are borrowed until the call returns. */
typedef struct januv_audiobridge_configure_options {
  int muted;                  /**< tri */
  const char *display;        /**< our new display name ("display") */
  int prebuffer;              /**< see januv_audiobridge_join_options.prebuffer ("prebuffer") */
  int bitrate;                /**< our Opus bitrate in bits per second ("bitrate") */
  int quality;                /**< Opus encoder complexity, 0 to 10 ("quality") */
  int expected_loss;          /**< percent of packets we expect to lose, 0 to 20 ("expected_loss") */
  int volume;                 /**< percent */
  int spatial_position;       /**< 0 (left) to 100 (right) */
  int record;                 /**< tri */
  const char *filename;       /**< base name of our .mjr recording ("filename"), see januv_audiobridge_join_options */
  const char *group;          /**< our new group ("group"), in rooms with groups */
} januv_audiobridge_configure_options;

/** Fills @p o with the defaults: every member unset (-1 or NULL), see januv_audiobridge_configure_options. */
JANUV_EXTERN void januv_audiobridge_configure_options_init(januv_audiobridge_configure_options *o);
/** Changes our settings ("configure"); reply data "result":"ok". A change of muted reaches the others as
 *  JANUV_AUDIOBRIDGE_PARTICIPANTS. @p cb (may be NULL) runs once.
 *  @return 0, JANUV_EINVAL (@p ab or @p o NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s
 *          error. */
JANUV_EXTERN int januv_audiobridge_configure(januv_audiobridge *ab, const januv_audiobridge_configure_options *o,
                                             januv_reply_cb cb, void *data);
/** Shorthand of configure: mute or unmute ourselves. Returns as januv_audiobridge_configure(). */
JANUV_EXTERN int januv_audiobridge_set_muted(januv_audiobridge *ab, bool muted, januv_reply_cb cb, void *data);
/** Moves to another room keeping the PeerConnection ("changeroom"; o->room is the new room). @p cb (required)
 *  runs once with where we are now.
 *  @return 0, JANUV_EINVAL (@p ab, @p o or @p cb NULL, o->room the zero id, o->extra not an object),
 *          JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_changeroom(januv_audiobridge *ab, const januv_audiobridge_join_options *o,
                                              januv_audiobridge_joined_cb cb, void *data);
/** Leaves the room ("leave"); reply "left". The PeerConnection stays: join again without a peer. @p cb (may
 *  be NULL) runs once.
 *  @return 0, JANUV_EINVAL (@p ab NULL), JANUV_ECLOSED, JANUV_ENOMEM, or januv_handle_message()'s error. */
JANUV_EXTERN int januv_audiobridge_leave(januv_audiobridge *ab, januv_reply_cb cb, void *data);
/** Asks Janus to recreate our Opus decoder ("resetdecoder"). Returns as januv_audiobridge_leave(). */
JANUV_EXTERN int januv_audiobridge_reset_decoder(januv_audiobridge *ab, januv_reply_cb cb, void *data);

/** Detaches the handle; on_closed follows (requests still pending complete first). @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p ab NULL), JANUV_ECLOSED (already closing), or januv_handle_detach()'s error. */
JANUV_EXTERN int januv_audiobridge_detach(januv_audiobridge *ab, januv_reply_cb cb, void *data);

/**
 * Sets the plugin's admin_key (copied; NULL removes it), for servers configured with one: it is added to
 * create, and to rtp_forward, stop_rtp_forward, play_file, is_playing and stop_file when the plugin locks
 * those too. @return 0, JANUV_EINVAL, JANUV_ENOMEM.
 */
JANUV_EXTERN int januv_audiobridge_set_admin_key(januv_audiobridge *ab, const char *admin_key);

/** The plugin handle (for januv_handle_send() and ids), owned by @p ab (do not detach it or change its
 *  callbacks or user pointer). @p ab must not be NULL. */
JANUV_EXTERN januv_handle *januv_audiobridge_handle(const januv_audiobridge *ab);
/** The peer given to januv_audiobridge_join(), NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_audiobridge_peer(const januv_audiobridge *ab);
/** Sets the user pointer (initially the @p data given to januv_audiobridge_attach()); later callbacks get the
 *  new value. */
JANUV_EXTERN void januv_audiobridge_set_data(januv_audiobridge *ab, void *data);
/** The user pointer: the @p data given to januv_audiobridge_attach(), or what januv_audiobridge_set_data()
 *  set. */
JANUV_EXTERN void *januv_audiobridge_get_data(const januv_audiobridge *ab);

/** Name of an event type ("joined", "leaving", ...; "room-muted" for JANUV_AUDIOBRIDGE_ROOM_MUTED, "other"),
 *  "unknown" for a value outside the enum. A static string. */
JANUV_EXTERN const char *januv_audiobridge_event_name(januv_audiobridge_event_type type);
/**
 * Decodes plugindata.data (an event, or the data of a reply) into @p ev. Its pointers borrow from @p data;
 * the participants array is allocated (left empty when memory runs out): release it with
 * januv_audiobridge_event_clear(). A @p data without a known member gives JANUV_AUDIOBRIDGE_OTHER.
 */
JANUV_EXTERN void januv_audiobridge_event_parse(const cJSON *data, januv_audiobridge_event *ev);
/** Frees what januv_audiobridge_event_parse() allocated in @p ev and empties its participants (NULL, 0);
 *  the other members are left as they are. */
JANUV_EXTERN void januv_audiobridge_event_clear(januv_audiobridge_event *ev);

JANUV_END_DECLS

#endif
