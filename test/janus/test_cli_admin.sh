#!/usr/bin/env bash
# The januv CLI's Admin API commands against a private Janus: output and exit codes. Sessions and
# handles are made by another januv process (a `januv request` in the background), stopped by PID.
# usage: test_cli_admin.sh JANUV_BIN JANUV_TEST_JANUS_BIN [admin-ws|admin-http|admin-unix]
set -uo pipefail
JANUV=$1
RUN=$2
KIND=${3:-admin-ws}
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cli_lib.sh
case $KIND in
  admin-ws) ADMIN_VAR=JANUS_ADMIN_WS_URL ;;
  admin-http) ADMIN_VAR=JANUS_ADMIN_HTTP_URL ;;
  admin-unix) ADMIN_VAR=JANUS_ADMIN_UNIX_URL ;;
  *) echo "unknown admin transport $KIND" >&2; exit 2 ;;
esac
export JANUV CLI_LIB ADMIN_VAR

# A server without tokens: sessions, handles, settings, captures, plugin messages.
"$RUN" --name "cli-$KIND" -- bash -uo pipefail -c '
. "$CLI_LIB"
A=${!ADMIN_VAR}
export JANUV_ADMIN_SECRET=$JANUS_ADMIN_SECRET
BG_OUT=$JANUS_DIR/background.out
"$JANUV" request --wait 60 "$JANUS_WS_URL" janus.plugin.echotest "{\"audio\":false}" >"$BG_OUT" 2>&1 &
BG=$!
trap "kill $BG 2>/dev/null; wait $BG 2>/dev/null" EXIT
wait_for "$BG_OUT" "attached janus\.plugin\.echotest as handle" || exit 1
S=$(sed -n "s/.*session \([0-9]*\) created.*/\1/p" "$BG_OUT")
H=$(sed -n "s/.*as handle \([0-9]*\).*/\1/p" "$BG_OUT")

check "status"                 0 "^session timeout +60 s$" -- "$JANUV" status "$A"
check "status --json"          0 "\"log_level\": 4" -- "$JANUV" --json status "$A"
check "sessions of another client" 0 "^$S +1$" -- "$JANUV" sessions "$A"
check "sessions header"        0 "^SESSION +HANDLES$" -- "$JANUV" sessions "$A"
check "sessions --json"        0 "^ *$S,?$" -- "$JANUV" sessions --json "$A"
check "handles"                0 "^$H +janus\.plugin\.echotest +- +-$" -- "$JANUV" handles "$A" "$S"
check "handle-info"            0 "^plugin +janus\.plugin\.echotest$" -- "$JANUV" handle-info "$A" "$S" "$H"
check "handle-info transport"  0 "^transport +janus\.transport\.websockets$" -- "$JANUV" handle-info "$A" "$S" "$H"
check "handle-info plugin-only" 0 "\"audio_active\": false" -- "$JANUV" handle-info --plugin-only "$A" "$S" "$H"
check "handle-info --json"     0 "\"handle_id\": $H," -- "$JANUV" --json handle-info "$A" "$S" "$H"
check "unknown session"        1 "Janus error 458" -- "$JANUV" handles "$A" 42
check "unknown handle"         1 "Janus error 459" -- "$JANUV" handle-info "$A" "$S" 42
check "not an id"              2 "SESSION must be a Janus id" -- "$JANUV" handles "$A" nope

check "pcap start"             0 "^capturing handle $H to $JANUS_DIR/cli-pcap/h\.pcap$" -- \
  "$JANUV" pcap "$A" start "$S" "$H" --folder "$JANUS_DIR/cli-pcap" --filename h.pcap
check "pcap twice"             1 "Janus error 490: pcap already started" -- \
  "$JANUV" pcap "$A" start "$S" "$H" --folder "$JANUS_DIR/cli-pcap" --filename again.pcap
check "handle-info capture"    0 "^capture +$JANUS_DIR/cli-pcap/h\.pcap$" -- "$JANUV" handle-info "$A" "$S" "$H"
check "pcap stop"              0 "^capture of handle $H stopped$" -- "$JANUV" pcap "$A" stop "$S" "$H"
check "pcap file"              0 "^24$" -- stat -c %s "$JANUS_DIR/cli-pcap/h.pcap"
check "pcap stop again"        1 "Janus error 490: Capture not started" -- "$JANUV" pcap "$A" stop "$S" "$H"
check "text2pcap start"        0 "to $JANUS_DIR/cli-pcap/h\.txt$" -- \
  "$JANUV" pcap "$A" start "$S" "$H" --text --folder "$JANUS_DIR/cli-pcap" --filename h.txt --truncate 64
check "text2pcap stop"         0 "stopped" -- "$JANUV" pcap "$A" stop --text "$S" "$H"
check "text2pcap file"         0 "h\.txt" -- ls "$JANUS_DIR/cli-pcap"
check "pcap bad verb"          2 "start or stop" -- "$JANUV" pcap "$A" pause "$S" "$H"

check "log-level"              0 "^log level: 5$" -- "$JANUV" log-level "$A" 5
check "log-level in status"    0 "^log level +5$" -- "$JANUV" status "$A"
check "log-level back"         0 "^log level: 4$" -- "$JANUV" log-level "$A" 4
check "log-level range"        2 "0 \(none\) to 7" -- "$JANUV" log-level "$A" 9
check "accept-sessions off"    0 "^accepting new sessions: off$" -- "$JANUV" accept-sessions "$A" off
check "refused while draining" 1 "Janus error 472" -- "$JANUV" request "$JANUS_WS_URL" janus.plugin.echotest "{}"
check "accept-sessions on"     0 "^accepting new sessions: on$" -- "$JANUV" accept-sessions "$A" on
check "accept-sessions usage"  2 "on or off" -- "$JANUV" accept-sessions "$A" maybe

check "message-plugin"         0 "\"januv\": \"admin\"" -- \
  "$JANUV" message-plugin "$A" janus.plugin.echotest "{\"januv\":\"admin\"}"
check "message-plugin error"   1 "plugin error 423: Unknown request" -- \
  "$JANUV" message-plugin "$A" janus.plugin.videoroom "{\"request\":\"nope\"}"
check "message-plugin unknown" 1 "Janus error 460" -- "$JANUV" message-plugin "$A" janus.plugin.nope "{}"
check "message-plugin usage"   2 "must be a JSON object" -- "$JANUV" message-plugin "$A" janus.plugin.echotest "[]"
check "admin request"          0 "\"loops\": \[\]" -- "$JANUV" admin "$A" "{\"janus\":\"loops_info\"}"
check "admin unknown request"  1 "Janus error 457" -- "$JANUV" admin "$A" "{\"janus\":\"frobnicate\"}"
check "admin usage"            2 "needs a \"janus\" string" -- "$JANUV" admin "$A" "{}"
check "info --admin"           0 "^server +Janus WebRTC Server" -- "$JANUV" info --admin "$A"
check "ping --admin"           0 "^pong from " -- "$JANUV" ping --admin "$A"
check "tokens need token_auth" 1 "Janus error 490: Stored-Token based authentication disabled" -- \
  "$JANUV" tokens "$A" list

check "wrong secret"           1 "Janus error 403" -- "$JANUV" --admin-secret wrong sessions "$A"
check "no secret"              1 "Janus error 403" -- env -u JANUV_ADMIN_SECRET "$JANUV" sessions "$A"
check "--admin-secret"         0 "^SESSION" -- \
  env -u JANUV_ADMIN_SECRET "$JANUV" --admin-secret "$JANUS_ADMIN_SECRET" sessions "$A"
check "transport error"        3 "connection refused" -- "$JANUV" status ws://127.0.0.1:1
check "bad url"                2 "malformed URL" -- "$JANUV" sessions "ws://"
check "missing args"           2 "handle-info wants URL SESSION HANDLE" -- "$JANUV" handle-info "$A" "$S"
check "command help"           0 "^usage: januv handle-info URL SESSION HANDLE \[--plugin-only\]" -- \
  "$JANUV" handle-info --help

check "hangup"                 0 "^handle $H hung up$" -- "$JANUV" hangup "$A" "$S" "$H"
check "detach-handle"          0 "^handle $H detached$" -- "$JANUV" detach-handle "$A" "$S" "$H"
check "owner told of detach"   0 "detached event" -- cat "$BG_OUT"
check_not "handle gone"        "^$H " -- "$JANUV" handles "$A" "$S"
check "destroy-session"        0 "^session $S destroyed$" -- "$JANUV" destroy-session "$A" "$S"
check_not "session gone"       "^$S " -- "$JANUV" sessions "$A"
finish
' || exit 1

# A token_auth server: the tokens command, and a Janus API client with and without the token.
exec "$RUN" --name "cli-tokens-$KIND" --token-auth -- bash -uo pipefail -c '
. "$CLI_LIB"
A=${!ADMIN_VAR}
export JANUV_ADMIN_SECRET=$JANUS_ADMIN_SECRET
T=januv-cli-token
ECHO=janus.plugin.echotest
ROOM=janus.plugin.videoroom
check "tokens list empty"      0 "^TOKEN +PLUGINS$" -- "$JANUV" tokens "$A" list
check "tokens add"             0 "^token $T may use: $ECHO$" -- "$JANUV" tokens "$A" add "$T" "$ECHO"
check "with the token"         0 "\"result\": \"ok\"" -- \
  "$JANUV" --token "$T" request --wait 0 "$JANUS_WS_URL" "$ECHO" "{\"audio\":false}"
check "without a token"        1 "Janus error 403" -- "$JANUV" request --wait 0 "$JANUS_WS_URL" "$ECHO" "{}"
check "plugin not allowed"     1 "Janus error 405" -- \
  "$JANUV" --token "$T" request --wait 0 "$JANUS_WS_URL" "$ROOM" "{}"
check "tokens allow"           0 "^token $T may use: .*$ROOM" -- "$JANUV" tokens "$A" allow "$T" "$ROOM"
check "tokens list"            0 "^$T +.*$ECHO.*$ROOM|^$T +.*$ROOM.*$ECHO" -- "$JANUV" tokens "$A" list
check "tokens disallow"        0 "^token $T may use: $ECHO$" -- "$JANUV" tokens "$A" disallow "$T" "$ROOM"
check "tokens list --json"     0 "\"token\": \"$T\"" -- "$JANUV" --json tokens "$A" list
check "tokens allow unknown"   1 "Janus error 470" -- "$JANUV" tokens "$A" allow nope "$ECHO"
check "tokens remove"          0 "^token $T removed$" -- "$JANUV" tokens "$A" remove "$T"
check "removed token refused"  1 "Janus error 403" -- \
  "$JANUV" --token "$T" request --wait 0 "$JANUS_WS_URL" "$ECHO" "{}"
check_not "tokens list after"  "^$T " -- "$JANUV" tokens "$A" list
check "tokens usage"           2 "tokens allow wants TOKEN PLUGIN" -- "$JANUV" tokens "$A" allow "$T"
check "tokens bad action"      2 "list, add, remove, allow or disallow" -- "$JANUV" tokens "$A" frob
finish
'
