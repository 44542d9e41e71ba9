/*
 * januv/id.h - plugin ids (rooms, feeds, participants, mountpoints) that are numbers or strings.
 *
 * Janus plugins use numeric ids unless configured with string_ids = true; januv carries both in one
 * small type and never assumes numbers. An id given to januv is borrowed (the string is copied when
 * the request is built); an id handed to a callback is valid during the callback only.
 */
#ifndef JANUV_ID_H
#define JANUV_ID_H

#include "common.h"

JANUV_BEGIN_DECLS

/** A numeric id (str NULL, num set) or a string id (str set). The zero value means "none". */
typedef struct januv_id {
  const char *str;
  uint64_t num;
} januv_id;

/** A numeric id. */
static inline januv_id januv_id_num(uint64_t num) {
  januv_id id = {NULL, num};
  return id;
}
/** A string id (borrowed). */
static inline januv_id januv_id_str(const char *str) {
  januv_id id = {str, 0};
  return id;
}
/** True unless @p id is the zero value. */
static inline bool januv_id_set(januv_id id) { return id.str != NULL || id.num != 0; }
/** True when both are the same id (same kind and value). */
JANUV_EXTERN bool januv_id_equal(januv_id a, januv_id b);
/** Writes the id as text ("1234" or the string) into buf; returns buf. */
JANUV_EXTERN const char *januv_id_format(januv_id id, char *buf, size_t len);

JANUV_END_DECLS

#endif
