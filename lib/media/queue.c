/* GStreamer threads -> loop: see queue.h. */
#include "media/queue.h"

#include <stdlib.h>

jv_mq *jv_mq_new(uv_async_t *async) {
  jv_mq *q = calloc(1, sizeof *q);
  if (!q) return NULL;
  q->refs = 1;
  g_mutex_init(&q->lock);
  jv_list_init(&q->items);
  q->async = async;
  return q;
}

jv_mq *jv_mq_ref(jv_mq *q) {
  g_atomic_int_inc(&q->refs);
  return q;
}

static void free_items(jv_list *l) {
  jv_list *n;
  while ((n = jv_list_pop_front(l))) jv_mq_item_free(JV_CONTAINER_OF(n, jv_mq_item, link));
}

void jv_mq_unref(jv_mq *q) {
  if (!q || !g_atomic_int_dec_and_test(&q->refs)) return;
  free_items(&q->items);
  for (int i = 0; i < q->nrec; i++)
    if (q->rec[i].sinkpad) gst_object_unref(q->rec[i].sinkpad);
  g_mutex_clear(&q->lock);
  free(q);
}

void jv_mq_unref_notify(gpointer q, GClosure *closure) {
  (void)closure;
  jv_mq_unref(q);
}

void jv_mq_unref_destroy(gpointer q) { jv_mq_unref(q); }

jv_mq_item *jv_mq_item_new(jv_mq_type type) {
  jv_mq_item *it = calloc(1, sizeof *it);
  if (it) {
    it->type = type;
    jv_list_init(&it->link);
  }
  return it;
}

void jv_mq_item_free(jv_mq_item *it) {
  if (!it) return;
  g_free(it->str);
  g_free(it->str2);
  g_free(it->err);
  g_free(it->bytes);
  if (it->st) gst_structure_free(it->st);
  if (it->obj) g_object_unref(it->obj);
  free(it);
}

void jv_mq_post(jv_mq *q, jv_mq_item *it) {
  if (!it) return;
  g_mutex_lock(&q->lock);
  if (q->closed) {
    g_mutex_unlock(&q->lock);
    jv_mq_item_free(it);
    return;
  }
  jv_list_push_back(&q->items, &it->link);
  /* Under the lock: jv_mq_close() cannot let the loop uv_close() the async in between. */
  uv_async_send(q->async);
  g_mutex_unlock(&q->lock);
}

void jv_mq_post_simple(jv_mq *q, jv_mq_type type, int a, int b, const char *str) {
  jv_mq_item *it = jv_mq_item_new(type);
  if (!it) return;
  it->a = a;
  it->b = b;
  it->str = g_strdup(str);
  jv_mq_post(q, it);
}

void jv_mq_take_all(jv_mq *q, jv_list *out) {
  g_mutex_lock(&q->lock);
  while (!jv_list_empty(&q->items)) jv_list_push_back(out, jv_list_pop_front(&q->items));
  g_mutex_unlock(&q->lock);
}

void jv_mq_close(jv_mq *q) {
  jv_list dead;
  jv_list_init(&dead);
  g_mutex_lock(&q->lock);
  q->closed = true;
  q->async = NULL;
  while (!jv_list_empty(&q->items)) jv_list_push_back(&dead, jv_list_pop_front(&q->items));
  g_mutex_unlock(&q->lock);
  free_items(&dead);
}
