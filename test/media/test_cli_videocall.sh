#!/usr/bin/env bash
# `januv videocall register` in the background and `januv videocall call` to it, against a private Janus: both
# print their progress lines and decode media; the hangup ends both; errors.
# usage: test_cli_videocall.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -euo pipefail
export JANUV=$1
export CLI_LIB=$(cd "$(dirname "$0")/../janus" && pwd)/cli_lib.sh
exec "$2" --name cli-videocall -- bash -uo pipefail -c '
. "$CLI_LIB"
dir=$(mktemp -d "${JANUV_TEST_TMPDIR:-/tmp}/cli-videocall.XXXXXX")
"$JANUV" videocall register "$JANUS_WS_URL" bob --wait 60 >"$dir/bob.log" 2>&1 &
bob=$!
wait_for "$dir/bob.log" "^waiting for a call" || { kill $bob; finish; }
check "call"               0 "^\[ +3s\] connected .*video +[1-9][0-9]* frames" -- \
  "$JANUV" videocall call "$JANUS_WS_URL" alice bob --seconds 3
wait $bob; rc=$?
checks=$((checks + 1))
if [ $rc -eq 0 ] && grep -q "^incoming call from alice" "$dir/bob.log" && grep -q "^call accepted" "$dir/bob.log" &&
   grep -qE "^\[ +2s\] connected .*video +[1-9][0-9]* frames" "$dir/bob.log" && grep -q "^hangup by alice" "$dir/bob.log" &&
   grep -qE "^summary: .*video [1-9][0-9]* frames decoded" "$dir/bob.log"; then
  echo "ok $checks - register took the call, decoded, and ended with the hangup"
else
  echo "not ok $checks - register (exit $rc)"; sed "s/^/    /" "$dir/bob.log"; fails=$((fails + 1))
fi
check "calling an unknown user" 1 "error 478" -- "$JANUV" videocall call "$JANUS_WS_URL" carol nobody --seconds 1
check "nobody calls"       4 "no call came" -- "$JANUV" videocall register "$JANUS_WS_URL" dave --wait 1
check "usage"              2 "wants URL NAME PEER" -- "$JANUV" videocall call "$JANUS_WS_URL" alice
finish
'
