/* A growable byte buffer. */
#ifndef JV_UTIL_BUF_H
#define JV_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct jv_buf {
  char *data;
  size_t len;
  size_t cap;
} jv_buf;

/* All return 0 or UV_ENOMEM. The buffer keeps a NUL after len whenever data is non-NULL. */
int jv_buf_reserve(jv_buf *b, size_t extra);
int jv_buf_append(jv_buf *b, const void *p, size_t n);
int jv_buf_append_str(jv_buf *b, const char *s);
int jv_buf_printf(jv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int jv_buf_vprintf(jv_buf *b, const char *fmt, va_list ap);
/* Drops the first n bytes. */
void jv_buf_consume(jv_buf *b, size_t n);
void jv_buf_reset(jv_buf *b);
void jv_buf_free(jv_buf *b);
/* Moves the storage out of b (b becomes empty); the caller frees the result. */
char *jv_buf_steal(jv_buf *b, size_t *len);

#endif
