#include "plugin.h"

#include <stdlib.h>

#include "core/json.h"

typedef struct send_ctx {
  januv_reply_cb cb;
  void *data;
} send_ctx;

void jv_plugin_check_error(januv_reply *r) {
  if (r->status != 0 || !r->data) return;
  const cJSON *code = cJSON_GetObjectItemCaseSensitive(r->data, "error_code");
  if (!cJSON_IsNumber(code)) return;
  const cJSON *text = cJSON_GetObjectItemCaseSensitive(r->data, "error");
  r->status = JANUV_EPLUGIN;
  r->plugin_code = code->valueint;
  r->reason = cJSON_IsString(text) ? text->valuestring : "plugin error";
}

static void on_reply(const januv_reply *r, void *data) {
  send_ctx *ctx = data;
  januv_reply copy = *r;
  jv_plugin_check_error(&copy);
  if (ctx->cb) ctx->cb(&copy, ctx->data);
  free(ctx);
}

int jv_plugin_send(januv_handle *h, cJSON *body, const cJSON *jsep, januv_reply_cb cb, void *data) {
  if (!body) return JANUV_ENOMEM;
  send_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) {
    cJSON_Delete(body);
    return JANUV_ENOMEM;
  }
  ctx->cb = cb;
  ctx->data = data;
  int rc = januv_handle_message(h, body, jsep, on_reply, ctx);
  cJSON_Delete(body);
  if (rc != 0) free(ctx);
  return rc;
}

cJSON *jv_plugin_body(const char *request) {
  cJSON *b = cJSON_CreateObject();
  if (b && !cJSON_AddStringToObject(b, "request", request)) {
    cJSON_Delete(b);
    return NULL;
  }
  return b;
}
