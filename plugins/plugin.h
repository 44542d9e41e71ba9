/*
 * What every plugin module shares: sending a plugin request and turning the plugin's own error
 * ("error_code"/"error" in plugindata.data) into status JANUV_EPLUGIN with plugin_code and reason.
 */
#ifndef JV_PLUGINS_PLUGIN_H
#define JV_PLUGINS_PLUGIN_H

#include "januv.h"

/*
 * Sends @p body (taken: freed in every case) with an optional @p jsep (borrowed) as a plugin message.
 * @p cb runs once, as for januv_handle_message(), except that a plugin error arrives as
 * status JANUV_EPLUGIN, plugin_code = error_code and reason = the plugin's "error" text.
 * Returns 0 or the januv_handle_message() error (then cb never runs).
 */
int jv_plugin_send(januv_handle *h, cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data);

/* If @p data (plugindata.data) carries a plugin error, fills r's status/plugin_code/reason. */
void jv_plugin_check_error(januv_reply *r);

/* Builders: a new body {"request": request}, or NULL. */
cJSON *jv_plugin_body(const char *request);

#endif
