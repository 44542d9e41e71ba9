/* Small string helpers. */
#ifndef JV_UTIL_STR_H
#define JV_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>

/* strdup that accepts NULL (returns NULL). */
char *jv_strdup(const char *s);
char *jv_strndup(const char *s, size_t n);
/* ASCII case-insensitive comparison of a counted string with a C string. */
bool jv_strcaseeq_n(const char *a, size_t alen, const char *b);
/* True when the comma-separated header value contains token (case-insensitive). */
bool jv_header_has_token(const char *value, size_t len, const char *token);
/* True when p[0..n) is well-formed UTF-8. */
bool jv_utf8_valid(const unsigned char *p, size_t n);

#endif
