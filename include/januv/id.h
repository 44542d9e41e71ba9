/**
 * @file januv/id.h
 * Plugin ids (rooms, feeds, participants, mountpoints) that are numbers or strings.
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
  /** The string id (NUL-terminated, borrowed: the januv_id does not own or copy it), or NULL for a
   *  numeric id. When set, it alone is the id and @c num is ignored. */
  const char *str;
  /** The numeric id when @c str is NULL; 0 together with a NULL @c str means "no id". */
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
/** True when both are the same id (same kind and value): a string id never equals a numeric one,
 *  even "1" and 1; two zero values are equal. */
JANUV_EXTERN bool januv_id_equal(januv_id a, januv_id b);
/** Writes the id as text ("1234" or the string) into @p buf of @p len bytes (@p len > 0), NUL-terminated
 *  and truncated to fit like snprintf(); the zero value gives "0". A numeric id needs at most 21 bytes.
 *  Returns @p buf. */
JANUV_EXTERN const char *januv_id_format(januv_id id, char *buf, size_t len);

JANUV_END_DECLS

#endif
