/* Intrusive circular doubly-linked list. An empty list's head points at itself. */
#ifndef JV_UTIL_LIST_H
#define JV_UTIL_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jv_list {
  struct jv_list *prev, *next;
} jv_list;

#define JV_CONTAINER_OF(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

static inline void jv_list_init(jv_list *h) { h->prev = h->next = h; }
static inline bool jv_list_empty(const jv_list *h) { return h->next == h; }
/* A node that was initialized or removed with jv_list_remove() is "unlinked". */
static inline bool jv_list_linked(const jv_list *n) { return n->next != n && n->next != NULL; }

static inline void jv_list_insert_before(jv_list *at, jv_list *n) {
  n->next = at;
  n->prev = at->prev;
  at->prev->next = n;
  at->prev = n;
}
static inline void jv_list_push_back(jv_list *h, jv_list *n) { jv_list_insert_before(h, n); }
static inline void jv_list_push_front(jv_list *h, jv_list *n) { jv_list_insert_before(h->next, n); }
static inline void jv_list_remove(jv_list *n) {
  n->prev->next = n->next;
  n->next->prev = n->prev;
  n->prev = n->next = n;
}
static inline jv_list *jv_list_pop_front(jv_list *h) {
  if (jv_list_empty(h)) return NULL;
  jv_list *n = h->next;
  jv_list_remove(n);
  return n;
}

#endif
