#!/usr/bin/env bash
# `januv videoroom publish` and `januv videoroom record` against a private Janus: two publishers in the
# background (the first creates the room), the recorder writes each to its own file, which decodes again;
# usage errors.
# usage: test_cli_videoroom.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -euo pipefail
export JANUV=$1
export CLI_LIB=$(cd "$(dirname "$0")/../janus" && pwd)/cli_lib.sh
exec "$2" --name cli-videoroom -- bash -uo pipefail -c '
. "$CLI_LIB"
dir=$(mktemp -d "${JANUV_TEST_TMPDIR:-/tmp}/cli-videoroom.XXXXXX")
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4242 --create --display alice --seconds 10 >"$dir/pub.log" 2>&1 &
pub=$!
wait_for "$dir/pub.log" "^published in room 4242 as [0-9]+" || { kill $pub; finish; }
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4242 --id 77 --display bob --source test:snow --seconds 8 \
  >"$dir/pub2.log" 2>&1 &
pub2=$!
wait_for "$dir/pub2.log" "^published in room 4242 as 77; already publishing: [0-9]+" || { kill $pub $pub2; finish; }
check "record"             0 "^recording feed 77 \(bob\) to .*/feed-77\.mkv" -- \
  "$JANUV" videoroom record "$JANUS_WS_URL" --room 4242 --feed all --out "$dir/rec" --seconds 4
checks=$((checks + 1))
n=$(ls "$dir"/rec/feed-*.mkv | wc -l)
[ "$n" -eq 2 ] && echo "ok $checks - a file per publisher" || { echo "not ok $checks - $n files"; fails=$((fails + 1)); }
for f in "$dir"/rec/feed-*.mkv; do
  # decoded again: the frames that reach a fakesink (its last-message says "chain" for each)
  frames=$(gst-launch-1.0 filesrc location="$f" ! decodebin ! video/x-raw ! fakesink sync=false silent=false -v \
           2>/dev/null | grep -c "last-message = chain" || true)
  checks=$((checks + 1))
  [ "$frames" -gt 30 ] && echo "ok $checks - $(basename "$f") decodes: $frames video frames" ||
    { echo "not ok $checks - $(basename "$f") decodes: $frames video frames"; fails=$((fails + 1)); }
done
wait $pub2 || { echo "not ok - second publisher failed"; fails=$((fails + 1)); }
wait $pub; rc=$?
checks=$((checks + 1))
if [ $rc -eq 0 ] && grep -qE "^\[ +3s\] connected .*sent [1-9][0-9]* video frames" "$dir/pub.log" &&
   grep -qE "^summary: 10 s" "$dir/pub.log"; then
  echo "ok $checks - publish ran 10 s with progress lines"
else
  echo "not ok $checks - publish (exit $rc)"; sed "s/^/    /" "$dir/pub.log"; fails=$((fails + 1))
fi
check "no such room"       1 "error 426" -- "$JANUV" videoroom publish "$JANUS_WS_URL" --room 999 --seconds 1
check "record wants --out" 2 "--out DIR is required" -- "$JANUV" videoroom record "$JANUS_WS_URL" --room 4242
check "wants --room"       2 "--room R is required" -- "$JANUV" videoroom publish "$JANUS_WS_URL"
check "bad action"         2 "publish or record" -- "$JANUV" videoroom frob "$JANUS_WS_URL" --room 1
finish
'
