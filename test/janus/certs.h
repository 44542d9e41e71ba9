/* Test certificates made at test time with the openssl command: a CA and a server certificate for
 * "localhost" (no IP address in it, so https://127.0.0.1 is a hostname mismatch). */
#ifndef JV_TEST_CERTS_H
#define JV_TEST_CERTS_H

typedef struct t_certs {
  char ca[512];          /* CA certificate (PEM) */
  char server_cert[512]; /* server certificate chain (PEM) */
  char server_key[512];  /* server key (PEM) */
} t_certs;

/* Creates dir (and its parents, if needed) and the files in it. Returns 0, or -1 (and prints why). */
int t_make_certs(const char *dir, t_certs *out);

#endif
