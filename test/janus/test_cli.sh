#!/usr/bin/env bash
# The januv CLI against a private Janus: output and exit codes.
# usage: test_cli.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -uo pipefail
JANUV=$1
RUN=$2
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cli_lib.sh
export JANUV CLI_LIB

exec "$RUN" --name cli -- bash -uo pipefail -c '
. "$CLI_LIB"
check "info human"        0 "server +Janus WebRTC Server 1\.1\.2" -- "$JANUV" info "$JANUS_WS_URL"
check "info lists echotest" 0 "janus\.plugin\.echotest" -- "$JANUV" info "$JANUS_WS_URL"
check "info --json"       0 "\"janus\": \"server_info\"" -- "$JANUV" --json info "$JANUS_WS_URL"
check "ping"              0 "^pong from ws://127\.0\.0\.1:[0-9]+ in [0-9.]+ ms" -- "$JANUV" ping "$JANUS_WS_URL"
check "ping --json"       0 "\"rtt_ms\":" -- "$JANUV" ping --json "$JANUS_WS_URL"
check "request echotest"  0 "\"result\": \"ok\"" -- "$JANUV" request --wait 0 "$JANUS_WS_URL" janus.plugin.echotest "{\"audio\":false}"
check "request ids exact" 0 "\"sender\":[0-9]+," -- "$JANUV" --json request --wait 0 "$JANUS_WS_URL" janus.plugin.echotest "{\"audio\":false}"
check "unknown plugin"    1 "Janus error 460" -- "$JANUV" request "$JANUS_WS_URL" janus.plugin.nope "{}"
check "refused"           3 "connection refused" -- "$JANUV" ping ws://127.0.0.1:1
check "bad url"           2 "malformed URL" -- "$JANUV" ping "ws://"
check "no transport"      2 "no transport" -- "$JANUV" ping "gopher://x"
check "missing args"      2 "info wants URL" -- "$JANUV" info
check "unknown command"   2 "unknown command" -- "$JANUV" frobnicate
check "unknown option"    2 "unknown option --nope" -- "$JANUV" ping --nope "$JANUS_WS_URL"
check "bad body"          2 "must be a JSON object" -- "$JANUV" request "$JANUS_WS_URL" janus.plugin.echotest "[1]"
check "help"              0 "^usage: januv" -- "$JANUV" --help
check "command help"      0 "usage: januv request URL PLUGIN JSON" -- "$JANUV" request --help
finish
'
