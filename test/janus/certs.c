#include "certs.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static int run(const char *cmd) {
  int st = system(cmd);
  if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    fprintf(stderr, "certs: failed: %s\n", cmd);
    return -1;
  }
  return 0;
}

int t_make_certs(const char *dir, t_certs *out) {
  snprintf(out->ca, sizeof out->ca, "%s/ca.pem", dir);
  snprintf(out->server_cert, sizeof out->server_cert, "%s/server.pem", dir);
  snprintf(out->server_key, sizeof out->server_key, "%s/server.key", dir);
  char cmd[4096];
  snprintf(cmd, sizeof cmd,
           "set -e; mkdir -p '%s'; cd '%s'; exec 2>openssl.log;"
           "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem"
           " -days 2 -subj '/CN=januv test CA' -addext basicConstraints=critical,CA:TRUE"
           " -addext keyUsage=critical,keyCertSign,cRLSign;"
           "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr"
           " -subj '/CN=localhost';"
           "printf 'subjectAltName=DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > server.ext;"
           "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2"
           " -extfile server.ext",
           dir, dir);
  return run(cmd);
}
