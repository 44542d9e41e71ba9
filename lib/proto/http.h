/*
 * HTTP/1.1 client messages without I/O: requests are built into a buffer, responses parsed with
 * llhttp from bytes fed in any split. One parser serves a keep-alive connection: after a response
 * completes, jv_http_parser_next() readies it for the next one.
 */
#ifndef JV_PROTO_HTTP_H
#define JV_PROTO_HTTP_H

#include <llhttp.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

typedef struct jv_http_parser {
  llhttp_t parser;
  llhttp_settings_t settings;
  size_t max_body;
  int status;
  bool keep_alive;
  bool complete;
  bool started; /* bytes of a response were seen, it is not complete yet */
  bool failed;
  jv_buf body;
  char error[128];
} jv_http_parser;

/* Bodies longer than max_body fail the parse with JANUV_ETOOBIG. */
void jv_http_parser_init(jv_http_parser *p, size_t max_body);
void jv_http_parser_free(jv_http_parser *p);
/*
 * Feeds bytes. Parsing stops at the end of a response: *used tells how many bytes were consumed
 * (the rest belong to the next response). Returns 0, or JANUV_EPROTO / JANUV_ETOOBIG (p->error says
 * why) once the stream is unusable.
 */
int jv_http_parser_feed(jv_http_parser *p, const char *data, size_t len, size_t *used);
/* The peer closed the connection: completes a response delimited by EOF. 0, or JANUV_EPROTO when a
 * response was cut short. */
int jv_http_parser_eof(jv_http_parser *p);
/* True once a response started (bytes of it were seen) and is not complete. */
bool jv_http_parser_busy(const jv_http_parser *p);
/* After a complete response: clears it for the next one on the same connection. */
void jv_http_parser_next(jv_http_parser *p);

/* Appends "METHOD target HTTP/1.1" with Host, Content-Type/Length (when body), keep-alive headers. */
int jv_http_build_request(jv_buf *out, const char *method, const char *host, const char *target,
                          const char *body, size_t body_len);

#endif
