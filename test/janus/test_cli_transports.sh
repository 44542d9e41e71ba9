#!/usr/bin/env bash
# The januv CLI over every transport: info over wss://, https:// (with the CA the test made, and the
# verification errors without it), http:// and unix://.
# usage: test_cli_transports.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -uo pipefail
JANUV=$1
RUN=$2
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cli_lib.sh
export JANUV CLI_LIB

exec "$RUN" --name cli-transports --tls -- bash -uo pipefail -c '
. "$CLI_LIB"
for url in "$JANUS_WS_URL" "$JANUS_HTTP_URL" "$JANUS_UNIX_URL" "$JANUS_UNIX_URL?type=seqpacket"; do
  check "info $url" 0 "server +Janus WebRTC Server 1\.1\.2" -- "$JANUV" info "$url"
done
for url in "$JANUS_WSS_URL" "$JANUS_HTTPS_URL"; do
  check "info $url with --ca-file" 0 "server +Janus WebRTC Server 1\.1\.2" -- "$JANUV" info --ca-file "$JANUS_CA_FILE" "$url"
  check "info $url without the CA" 3 "certificate verify failed: unable to get local issuer certificate" -- "$JANUV" info "$url"
  check "info $url trusting SSL_CERT_FILE" 0 "server +Janus WebRTC Server" -- env SSL_CERT_FILE="$JANUS_CA_FILE" "$JANUV" info "$url"
  wrong=${url/localhost/127.0.0.1}
  check "info $wrong: name mismatch" 3 "mismatch" -- "$JANUV" info --ca-file "$JANUS_CA_FILE" "$wrong"
  check "info $wrong --insecure-skip-verify" 0 "server +Janus WebRTC Server" -- "$JANUV" info --insecure-skip-verify "$wrong"
  check "request over $url" 0 "\"result\": \"ok\"" -- "$JANUV" request --wait 0 --ca-file "$JANUS_CA_FILE" "$url" janus.plugin.echotest "{\"audio\":false}"
done
check "admin sessions over https" 0 "" -- "$JANUV" sessions --ca-file "$JANUS_CA_FILE" --admin-secret "$JANUS_ADMIN_SECRET" "$JANUS_ADMIN_HTTPS_URL"
check "unix path missing" 3 "no such file or directory" -- "$JANUV" info "unix:///nonexistent/janus.sock"
check "unix bad type" 3 "malformed URL" -- "$JANUV" info "unix:///nonexistent/janus.sock?type=stream"
finish
'
