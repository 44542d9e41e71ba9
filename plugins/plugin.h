/*
 * What every plugin module shares.
 *
 * A module's object (januv_echotest, januv_videoroom, ...) starts with a jv_plugin: the plugin handle,
 * the user's pointer, the glue to a januv_peer when there is media, and the module's class (its
 * package name and its hooks). The base attaches, routes the handle's callbacks to the class (trickle
 * goes to the peer glue), frees the object after its last callback, and sends plugin requests whose
 * plugin-level errors ("error_code") become status JANUV_EPLUGIN with plugin_code set.
 */
#ifndef JV_PLUGINS_PLUGIN_H
#define JV_PLUGINS_PLUGIN_H

#include "core/json.h"
#include "januv.h"
#include "media/glue.h"

typedef struct jv_plugin jv_plugin;

typedef struct jv_plugin_class {
  /* The plugin's package, e.g. "janus.plugin.echotest". */
  const char *package;
  /* A plugin event (plugindata) that answers none of our requests. May be NULL. */
  void (*on_event)(jv_plugin *p, const januv_event *ev);
  /* webrtcup, media, slowlink, hangup, detached. May be NULL. */
  void (*on_handle_event)(jv_plugin *p, const januv_event *ev);
  /* Attach finished: call the module's typed callback (p->attach_cb) with p, or with NULL on failure
   * (the base frees the object right after). */
  void (*attached)(jv_plugin *p, const januv_reply *r, bool ok);
  /* The handle closed: the module's last user callback. The base frees the object after it. */
  void (*closed)(jv_plugin *p, int reason);
  /* Releases what the module owns beyond its struct. May be NULL. */
  void (*destroy)(jv_plugin *p);
} jv_plugin_class;

struct jv_plugin {
  const jv_plugin_class *cls;
  januv_handle *h;     /* NULL until attached */
  void *data;          /* the user's pointer */
  jv_media *media;     /* glue to the peer, NULL without one */
  void (*attach_cb)(void); /* the module's typed attach callback, cast back by the module */
};

/*
 * Attaches @p p, a module object allocated with calloc/malloc that begins with a jv_plugin, to
 * cls->package. The base owns it from here: it frees it after its last callback, or at once when this
 * returns an error (then nothing runs). On success cls->attached runs once.
 * Returns 0, JANUV_EINVAL, JANUV_ENOMEM or januv_handle_attach()'s error.
 */
int jv_plugin_attach(januv_session *s, jv_plugin *p, const jv_plugin_class *cls, const char *opaque_id,
                     void (*attach_cb)(void), void *data);
/* True while the handle is attached and not closing. */
bool jv_plugin_usable(const jv_plugin *p);
/* 0 when requests may be sent; JANUV_EINVAL (p NULL) or JANUV_ECLOSED. */
int jv_plugin_check(const jv_plugin *p);
/* Binds (or rebinds) a peer: returns 0, JANUV_ENOMEDIA, JANUV_ECLOSED or JANUV_ENOMEM. */
int jv_plugin_bind(jv_plugin *p, januv_peer *peer);
januv_peer *jv_plugin_peer(const jv_plugin *p);

/*
 * Sends @p body (taken: freed in every case) with an optional @p jsep (borrowed) as a plugin message.
 * @p cb runs once, as for januv_handle_message(), except that a plugin error arrives as
 * status JANUV_EPLUGIN, plugin_code = error_code and reason = the plugin's "error" text.
 * Returns 0 or the januv_handle_message() error (then cb never runs).
 */
int jv_plugin_send(januv_handle *h, cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data);
/* The same from a jv_body under construction: its error, if any, is returned and nothing is sent. */
int jv_plugin_request(jv_plugin *p, jv_body *b, januv_reply_cb cb, void *data);

/* If r->data (plugindata.data) carries a plugin error, sets r's status/plugin_code/reason. */
void jv_plugin_check_error(januv_reply *r);

#endif
