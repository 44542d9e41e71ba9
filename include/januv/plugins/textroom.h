/**
 * @file januv/plugins/textroom.h
 * The TextRoom plugin ("janus.plugin.textroom"): text rooms over a data channel.
 *
 * A januv_textroom wraps one plugin handle. After januv_textroom_attach(), januv_textroom_setup() asks
 * Janus for a PeerConnection ("setup"): Janus offers a data-channel-only session, which a januv_peer
 * without media tracks answers ("ack"); the peer opens the data channel "JanusDataChannel" and setup
 * completes once it is open. From then on TextRoom requests travel over the data channel as JSON, each
 * with its own transaction, and januv matches the replies: every request callback runs exactly once,
 * with the reply, the plugin's error (JANUV_EPLUGIN, plugin_code and reason set), a timeout
 * (JANUV_ETIMEDOUT, see januv_textroom_set_timeout()), JANUV_ECONNRESET when the data channel closes
 * first, or JANUV_ECANCELED when the textroom closes first.
 *
 * Participation (join, leave, message) exists only over the data channel. Room management (create,
 * edit, destroy, exists, list, listparticipants, allowed, kick, announcement) also works through the
 * Janus API, as a plugin message on the handle, with no PeerConnection at all: see
 * januv_textroom_set_route(). Either way the callback gets the same typed result.
 *
 * Room ids are januv_id: numbers, or strings when the plugin runs with string_ids = true.
 *
 * What Janus sends on its own (messages, announcements, joins, leaves, kicks, room destruction) arrives
 * as typed events through on_event, in the order Janus sent them. A public message goes to every
 * participant of the room, its sender included.
 *
 * The peer stays the application's: create it with no track (januv_peer_new() with NULL options or
 * options with ntracks 0) and close it when done, before or after the textroom. Callbacks run on the
 * loop, never inside a januv call; on_closed is the last one, after which the januv_textroom pointer is
 * invalid. Closing from inside any callback is safe.
 */
#ifndef JANUV_PLUGINS_TEXTROOM_H
#define JANUV_PLUGINS_TEXTROOM_H

#include "../handle.h"
#include "../id.h"
#include "../media.h"

JANUV_BEGIN_DECLS

/**
 * A TextRoom plugin handle (opaque). januv_textroom_attach() allocates it and hands it to the attach
 * callback; januv frees it after on_closed returns (or right after a failed attach's callback).
 */
typedef struct januv_textroom januv_textroom;

/** The plugin's error codes (reply->plugin_code when status is JANUV_EPLUGIN), Janus's
 *  JANUS_TEXTROOM_ERROR_*. */
enum januv_textroom_error {
  JANUV_TEXTROOM_ERR_NO_MESSAGE = 411,        /**< the request had no body */
  JANUV_TEXTROOM_ERR_INVALID_JSON = 412,      /**< the request is not a JSON object */
  JANUV_TEXTROOM_ERR_MISSING_ELEMENT = 413,   /**< a mandatory member is missing */
  JANUV_TEXTROOM_ERR_INVALID_ELEMENT = 414,   /**< a member has the wrong type or value */
  JANUV_TEXTROOM_ERR_INVALID_REQUEST = 415,   /**< unknown request, or not allowed here */
  JANUV_TEXTROOM_ERR_ALREADY_SETUP = 416,     /**< setup: the handle has a PeerConnection already */
  JANUV_TEXTROOM_ERR_NO_SUCH_ROOM = 417,      /**< no room with that id */
  JANUV_TEXTROOM_ERR_ROOM_EXISTS = 418,       /**< create: a room with that id exists */
  JANUV_TEXTROOM_ERR_UNAUTHORIZED = 419,      /**< wrong or missing secret, PIN, token or admin_key */
  JANUV_TEXTROOM_ERR_USERNAME_EXISTS = 420,   /**< join: the username is taken in the room */
  JANUV_TEXTROOM_ERR_ALREADY_IN_ROOM = 421,   /**< join: we are in that room already */
  JANUV_TEXTROOM_ERR_NOT_IN_ROOM = 422,       /**< the request needs us in that room */
  JANUV_TEXTROOM_ERR_NO_SUCH_USER = 423,      /**< no participant with that username (message to, kick) */
  JANUV_TEXTROOM_ERR_UNKNOWN = 499            /**< any other error */
};

/** What Janus reported on its own. */
typedef enum januv_textroom_event_type {
  JANUV_TEXTROOM_MESSAGE = 0,   /**< "message": from, text, date, whisper (and display from the history) */
  JANUV_TEXTROOM_ANNOUNCEMENT,  /**< "announcement": text, date */
  JANUV_TEXTROOM_JOIN,          /**< "join": username, display */
  JANUV_TEXTROOM_LEAVE,         /**< "leave": username */
  JANUV_TEXTROOM_KICKED,        /**< "kicked": username */
  JANUV_TEXTROOM_DESTROYED,     /**< "destroyed": the room is gone (we are out of it) */
  JANUV_TEXTROOM_ERROR,         /**< an error that answers none of our requests: error_code, error */
  JANUV_TEXTROOM_OTHER          /**< anything else: see json */
} januv_textroom_event_type;

/** One event. Pointers are valid during the callback only. Members the event does not carry are NULL, false
 *  or -1. */
typedef struct januv_textroom_event {
  /** What the event says ("textroom", or "error_code"); it tells which members below are set. */
  januv_textroom_event_type type;
  /** The room it is about (zero id when Janus did not say). */
  januv_id room;
  /** MESSAGE: the sender's username. */
  const char *from;
  /** JOIN, LEAVE, KICKED: the participant. */
  const char *username;
  /** JOIN: the display name (NULL when none); MESSAGE: set only on messages replayed from the history. */
  const char *display;
  /** MESSAGE, ANNOUNCEMENT: the text, exactly as sent ("text"). */
  const char *text;
  /** MESSAGE, ANNOUNCEMENT: Janus's timestamp ("date", like "2024-01-31T12:00:00+0100"). */
  const char *date;
  /** MESSAGE: true for a private message (sent with to or tos). */
  bool whisper;
  /** ERROR: the plugin's error_code (-1 for the other types). */
  int error_code;
  /** ERROR: the plugin's error text ("error"), NULL when it sent none. */
  const char *error;
  /** The message as Janus sent it. */
  const cJSON *json;
} januv_textroom_event;

/** Callbacks, all optional; @p data is the textroom's user pointer. */
typedef struct januv_textroom_callbacks {
  /** A TextRoom event (data channel messages that answer none of our requests). */
  void (*on_event)(januv_textroom *tr, const januv_textroom_event *ev, void *data);
  /** Handle events: webrtcup, media, slowlink, hangup, and detached (on_closed follows it); see handle.h. */
  void (*on_handle_event)(januv_textroom *tr, const januv_event *ev, void *data);
  /** The data channel closed after setup (the peer closed, or Janus hung up): data channel requests fail
   *  with JANUV_ESTATE from now on, the pending ones completed with JANUV_ECONNRESET. Runs at most once
   *  per setup. */
  void (*on_channel_closed)(januv_textroom *tr, void *data);
  /** The last callback, exactly once: 0 after januv_textroom_detach() (or a "detached" from Janus, or the
   *  session's destroy), otherwise why the handle closed (see januv_handle_callbacks.on_closed). Requests
   *  still pending completed before it (data channel ones with JANUV_ECANCELED). */
  void (*on_closed)(januv_textroom *tr, int reason, void *data);
} januv_textroom_callbacks;

/** Completion of januv_textroom_attach(): @p tr NULL on failure (reply->status says why). */
typedef void (*januv_textroom_attach_cb)(januv_textroom *tr, const januv_reply *reply, void *data);

/**
 * Attaches to the TextRoom plugin. @p cbs are copied (may be NULL); @p data is the textroom's user pointer.
 * @return 0 (cb runs once), JANUV_EINVAL (@p session or @p cb NULL), JANUV_ENOMEM, or januv_handle_attach()'s
 *         error (then cb never runs).
 */
JANUV_EXTERN int januv_textroom_attach(januv_session *session, const januv_textroom_callbacks *cbs,
                                       januv_textroom_attach_cb cb, void *data);

/**
 * Sets up the data channel: sends "setup", answers Janus's data-channel-only offer with @p peer (a peer
 * without media tracks), sends the answer with "ack", trickles the candidates and opens the data channel.
 * @p cb (may be NULL) runs once: status 0 when the channel is open (reply->data is the plugin's answer to
 * "ack"), or the failure (JANUV_EPLUGIN, e.g. JANUV_TEXTROOM_ERR_ALREADY_SETUP; JANUV_EMEDIA from the peer;
 * JANUV_EPROTO when "setup" was answered without an offer; JANUV_ETIMEDOUT when the channel does not open
 * in time; JANUV_ECONNRESET when it closes first; JANUV_ECANCELED). The textroom then drives the peer's
 * signalling until it detaches or the peer closes; the peer stays yours. A setup after the data channel
 * closed may use a new peer.
 * @return 0, JANUV_EINVAL (@p tr or @p peer NULL), JANUV_ESTATE (a setup is in progress or done),
 *         JANUV_ECLOSED (the handle or the peer is closing), JANUV_ENOMEDIA (built without media),
 *         JANUV_EMEDIA (the peer refused the data channel), JANUV_ENOMEM, or januv_handle_message()'s error.
 */
JANUV_EXTERN int januv_textroom_setup(januv_textroom *tr, januv_peer *peer, januv_reply_cb cb, void *data);

/** Where room management requests go. */
typedef enum januv_textroom_route {
  /** The data channel once it is open, the Janus API before (the default). */
  JANUV_TEXTROOM_ROUTE_AUTO = 0,
  /** Always the data channel (JANUV_ESTATE while it is not open). */
  JANUV_TEXTROOM_ROUTE_DATA_CHANNEL,
  /** Always the Janus API (a plugin message on the handle). */
  JANUV_TEXTROOM_ROUTE_JANUS_API
} januv_textroom_route;

/** Chooses the route of the management requests sent from now on (a value outside the enum, or @p tr NULL,
 *  is ignored). */
JANUV_EXTERN void januv_textroom_set_route(januv_textroom *tr, januv_textroom_route route);
/** Limit on the reply to a data channel request, and on the channel opening during setup, in ms
 *  (default 10000; 0 restores it). Janus API requests use the client's request timeout. */
JANUV_EXTERN void januv_textroom_set_timeout(januv_textroom *tr, uint32_t ms);
/** True once setup completed and until the data channel closes (false for @p tr NULL). */
JANUV_EXTERN bool januv_textroom_ready(const januv_textroom *tr);

/* ---- typed results ---- */

/** A participant. Strings are valid during the callback only. */
typedef struct januv_textroom_participant {
  const char *username; /**< its unique username in the room ("username") */
  const char *display; /**< NULL when none */
} januv_textroom_participant;

/** A room as "list" describes it. Members Janus did not send are NULL, false or -1. Strings are valid during
 *  the callback only. */
typedef struct januv_textroom_room_info {
  januv_id room;          /**< the room's id ("room") */
  const char *description; /**< its description ("description") */
  bool pin_required;      /**< whether joining needs a PIN ("pin_required") */
  int num_participants;   /**< participants in the room now ("num_participants") */
  int history; /**< messages kept as history */
} januv_textroom_room_info;

/** Completion of join (the others already in the room) and listparticipants (everyone): @p p has @p n
 *  entries when reply->status is 0 (n 0 otherwise); valid during the call. */
typedef void (*januv_textroom_participants_cb)(const januv_reply *reply, const januv_textroom_participant *p,
                                               size_t n, void *data);
/** Completion of list: the public rooms (all of them with the admin_key), @p n of them (NULL and 0 on failure
 *  or when there are none); januv's, valid during the call. */
typedef void (*januv_textroom_list_cb)(const januv_reply *reply, const januv_textroom_room_info *rooms, size_t n,
                                       void *data);
/** Completion of create: the room's id (chosen by Janus when none was given; the zero id on failure; a
 *  string id is valid during the call only) and whether it was saved ("permanent"). */
typedef void (*januv_textroom_created_cb)(const januv_reply *reply, januv_id room, bool permanent, void *data);
/** Completion of exists: @p room as Janus echoed it (the zero id on failure), @p exists Janus's "exists"
 *  (false on failure). */
typedef void (*januv_textroom_exists_cb)(const januv_reply *reply, januv_id room, bool exists, void *data);
/** Completion of allowed: the complete list of tokens after the change (n 0 after "disable", and on
 *  failure); the array and strings are januv's, valid during the call. */
typedef void (*januv_textroom_allowed_cb)(const januv_reply *reply, const char *const *tokens, size_t n,
                                          void *data);

/* ---- room management (data channel or Janus API, see januv_textroom_route) ---- */

/** Settings of a new room; initialize with januv_textroom_room_options_init(). Strings are borrowed. */
typedef struct januv_textroom_room_options {
  /** The id to create; the zero id lets Janus choose. */
  januv_id room;
  /** The plugin's admin_key, when it has one. */
  const char *admin_key;
  /** A description shown by list ("description"), NULL unset. */
  const char *description;
  /** The secret needed to edit or destroy the room ("secret"), NULL unset. */
  const char *secret;
  /** The PIN needed to join ("pin"), NULL unset. */
  const char *pin;
  /** HTTP backend that gets every message (Janus built with libcurl), NULL none. */
  const char *post;
  /** -1 unset (Janus: false), 0, 1: left out of "list". */
  int is_private;
  /** Messages kept and replayed to new participants (at most 65535); -1 unset (none). */
  int history;
  /** Tokens allowed to join (an ACL enabled from the start); n 0: none. */
  const char *const *allowed;
  /** Number of entries in allowed; 0 leaves "allowed" out. */
  size_t nallowed;
  /** Save the room to the plugin's config file ("permanent", always sent). */
  bool permanent;
} januv_textroom_room_options;

/** Fills @p o with the defaults: the zero id, NULL strings, is_private and history -1, no tokens, permanent
 *  false. Call it before setting members, so that members added in later versions stay unset. */
JANUV_EXTERN void januv_textroom_room_options_init(januv_textroom_room_options *o);

/**
 * Creates a room ("create") from @p o (borrowed until the call returns; NULL: the defaults of
 * januv_textroom_room_options_init()). @p cb (may be NULL) runs once with the room's id.
 * @return 0, JANUV_EINVAL (@p tr NULL, o->history above 65535, allowed NULL with nallowed set or holding a
 *         NULL), JANUV_ESTATE (route DATA_CHANNEL and the channel is not open), JANUV_ECLOSED, JANUV_ENOMEM,
 *         JANUV_EMEDIA (the data channel refused the message), or januv_handle_message()'s error (Janus API
 *         route). The other management requests return the same codes; a required argument missing (a room
 *         id, a username, a text) is JANUV_EINVAL.
 */
JANUV_EXTERN int januv_textroom_create(januv_textroom *tr, const januv_textroom_room_options *o,
                                       januv_textroom_created_cb cb, void *data);

/** Changes to a room ("edit"); NULL / -1 leave a setting unchanged. Strings are borrowed until the call
 *  returns. */
typedef struct januv_textroom_edit_options {
  const char *secret; /**< the room's current secret */
  const char *new_description; /**< the new description ("new_description") */
  const char *new_secret;      /**< the new secret ("new_secret") */
  const char *new_pin;         /**< the new PIN ("new_pin"; Janus ignores "": the PIN cannot be removed) */
  const char *new_post;        /**< the new HTTP backend ("new_post") */
  int new_is_private; /**< -1 unchanged */
  bool permanent;     /**< save the change to the config file ("permanent", always sent) */
} januv_textroom_edit_options;

/** Fills @p o with the defaults: NULL strings, new_is_private -1, permanent false (nothing changes). */
JANUV_EXTERN void januv_textroom_edit_options_init(januv_textroom_edit_options *o);
/** Edits room @p room ("edit"). @p cb (may be NULL) runs once; reply->data has "room" and "permanent".
 *  @return as januv_textroom_create(); JANUV_EINVAL also for @p o NULL or @p room the zero id. */
JANUV_EXTERN int januv_textroom_edit(januv_textroom *tr, januv_id room, const januv_textroom_edit_options *o,
                                     januv_reply_cb cb, void *data);

/** Destroys room @p room ("destroy"); @p secret NULL when it has none. Participants get a DESTROYED event.
 *  @p permanent true also removes it from the config file (false leaves "permanent" out). @p cb (may be
 *  NULL) runs once. Returns as januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_destroy(januv_textroom *tr, januv_id room, const char *secret, bool permanent,
                                        januv_reply_cb cb, void *data);

/** Whether room @p room exists ("exists"). @p cb (may be NULL) runs once. Returns as
 *  januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_exists(januv_textroom *tr, januv_id room, januv_textroom_exists_cb cb, void *data);

/** Lists the rooms ("list"); @p admin_key (NULL: none) also lists the private ones. @p cb (may be NULL) runs
 *  once. Returns as januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_list(januv_textroom *tr, const char *admin_key, januv_textroom_list_cb cb,
                                     void *data);

/** Lists the participants of room @p room ("listparticipants"). @p cb (may be NULL) runs once. Returns as
 *  januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_list_participants(januv_textroom *tr, januv_id room,
                                                  januv_textroom_participants_cb cb, void *data);

/** Actions of januv_textroom_allowed(). */
typedef enum januv_textroom_acl {
  JANUV_TEXTROOM_ACL_ENABLE = 0, /**< check tokens on join from now on */
  JANUV_TEXTROOM_ACL_DISABLE,    /**< anyone may join */
  JANUV_TEXTROOM_ACL_ADD,        /**< add tokens */
  JANUV_TEXTROOM_ACL_REMOVE      /**< remove tokens */
} januv_textroom_acl;

/** Changes who may join room @p room ("allowed"). @p tokens (n entries, borrowed until the call returns) only
 *  for ADD and REMOVE, which need at least one; ignored otherwise. @p cb (may be NULL) runs once. Returns as
 *  januv_textroom_create(); JANUV_EINVAL also for @p action out of range, or ADD and REMOVE with @p n 0. */
JANUV_EXTERN int januv_textroom_allowed(januv_textroom *tr, januv_id room, const char *secret,
                                        januv_textroom_acl action, const char *const *tokens, size_t n,
                                        januv_textroom_allowed_cb cb, void *data);

/** Kicks @p username out of room @p room ("kick"); every participant, the kicked one too, gets KICKED. @p cb
 *  (may be NULL) runs once. Returns as januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_kick(januv_textroom *tr, januv_id room, const char *secret, const char *username,
                                     januv_reply_cb cb, void *data);

/** Sends @p text to everybody in room @p room as the room itself ("announcement"). @p cb (may be NULL) runs
 *  once. Returns as januv_textroom_create(). */
JANUV_EXTERN int januv_textroom_announcement(januv_textroom *tr, januv_id room, const char *secret,
                                             const char *text, januv_reply_cb cb, void *data);

/* ---- participation (data channel only: JANUV_ESTATE before setup completed) ---- */

/** How to join; initialize with januv_textroom_join_options_init(). Strings are borrowed until the call
 *  returns. */
typedef struct januv_textroom_join_options {
  /** Our unique username in the room (required). */
  const char *username;
  /** Our display name ("display"), NULL for none. */
  const char *display;
  /** The room's PIN ("pin"), when it has one. */
  const char *pin;
  /** Invitation token when the room has an ACL. */
  const char *token;
  /** -1 unset (Janus: true), 0, 1: replay the room's history (as MESSAGE events) on joining. */
  int history;
} januv_textroom_join_options;

/** Fills @p o with the defaults: NULL strings, history -1. Then set username. */
JANUV_EXTERN void januv_textroom_join_options_init(januv_textroom_join_options *o);

/** Joins room @p room ("join"); one peer may be in several rooms. @p cb gets the others in the room.
 *  @p cb (may be NULL) runs once.
 *  @return 0, JANUV_EINVAL (@p tr or @p o NULL, o->username NULL, @p room the zero id), JANUV_ESTATE (setup
 *          not completed, or the data channel closed), JANUV_ECLOSED, JANUV_ENOMEM, JANUV_EMEDIA (the data
 *          channel refused the message). leave and message return the same. */
JANUV_EXTERN int januv_textroom_join(januv_textroom *tr, januv_id room, const januv_textroom_join_options *o,
                                     januv_textroom_participants_cb cb, void *data);

/** Leaves room @p room ("leave"). @p cb (may be NULL) runs once. Returns as januv_textroom_join(). */
JANUV_EXTERN int januv_textroom_leave(januv_textroom *tr, januv_id room, januv_reply_cb cb, void *data);

/** Recipients and acknowledgement of a message; zero-initialize. */
typedef struct januv_textroom_message_options {
  /** One recipient (a private message), or NULL. */
  const char *to;
  /** Several recipients (a private message to each); ntos 0: none. Not together with @c to. */
  const char *const *tos;
  /** Number of entries in tos (0: none). */
  size_t ntos;
  /** Ask Janus for no acknowledgement ("ack": false): the callback then runs once the message was handed to
   *  the data channel, without waiting for Janus. */
  bool no_ack;
} januv_textroom_message_options;

/**
 * Sends @p text (any UTF-8 string, e.g. serialized JSON) to room @p room ("message"): to everybody, or
 * privately with @p o's to / tos (NULL @p o: public, acknowledged). @p cb (may be NULL) runs once; for
 * private messages reply->data has "sent": {username: delivered}. With no_ack, @p cb gets status 0 and no
 * data.
 * @return as januv_textroom_join(); JANUV_EINVAL also for @p text NULL, both to and tos set, or tos NULL
 *         with ntos set (or holding a NULL).
 */
JANUV_EXTERN int januv_textroom_message(januv_textroom *tr, januv_id room, const char *text,
                                        const januv_textroom_message_options *o, januv_reply_cb cb, void *data);

/* ---- the handle ---- */

/** Detaches the handle; pending requests complete with JANUV_ECANCELED, then on_closed. @p cb may be NULL.
 *  @return 0, JANUV_EINVAL (@p tr NULL), JANUV_ECLOSED (already closing), or januv_handle_detach()'s error. */
JANUV_EXTERN int januv_textroom_detach(januv_textroom *tr, januv_reply_cb cb, void *data);
/** The plugin handle, owned by @p tr (do not detach it or change its callbacks or user pointer). @p tr must
 *  not be NULL. */
JANUV_EXTERN januv_handle *januv_textroom_handle(const januv_textroom *tr);
/** The peer given to januv_textroom_setup(), NULL before or once it closed. */
JANUV_EXTERN januv_peer *januv_textroom_peer(const januv_textroom *tr);
/** Sets the user pointer (initially the @p data given to januv_textroom_attach()); later callbacks get the
 *  new value. */
JANUV_EXTERN void januv_textroom_set_data(januv_textroom *tr, void *data);
/** The user pointer: the @p data given to januv_textroom_attach(), or what januv_textroom_set_data() set. */
JANUV_EXTERN void *januv_textroom_get_data(const januv_textroom *tr);
/** Name of an event type ("message", "announcement", ..., "error", "other"), "unknown" for a value outside
 *  the enum. A static string. */
JANUV_EXTERN const char *januv_textroom_event_name(januv_textroom_event_type type);

JANUV_END_DECLS

#endif
