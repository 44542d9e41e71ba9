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
# A feed that leaves mid-recording is saved while the others keep recording; SIGINT then ends the recording as
# its time would: the summary, every file finalized, exit 0.
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4243 --create --id 81 --seconds 120 >"$dir/pub3.log" 2>&1 &
pub3=$!
wait_for "$dir/pub3.log" "^published in room 4243 as 81" || { kill $pub3; finish; }
stdbuf -oL "$JANUV" videoroom record "$JANUS_WS_URL" --room 4243 --feed all --out "$dir/rec2" --seconds 120 \
  >"$dir/rec2.log" 2>&1 &
rec=$!
wait_for "$dir/rec2.log" "^recording feed 81 " || { kill $pub3 $rec; finish; }
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4243 --id 82 --source test:snow --seconds 3 >"$dir/pub4.log" 2>&1
checks=$((checks + 1))
if wait_for "$dir/rec2.log" "^saved .*/feed-82\.mkv"; then echo "ok $checks - a feed that left is saved"
else echo "not ok $checks - a feed that left is saved"; fails=$((fails + 1)); fi
kill -INT $rec 2>/dev/null; wait $rec; rc=$?
kill -INT $pub3 2>/dev/null; wait $pub3; rc3=$?
frames=$(gst-launch-1.0 filesrc location="$dir/rec2/feed-81.mkv" ! decodebin ! video/x-raw ! fakesink sync=false \
         silent=false -v 2>/dev/null | grep -c "last-message = chain" || true)
checks=$((checks + 1))
if [ $rc -eq 0 ] && grep -q "^feed 82 left" "$dir/rec2.log" && grep -q "interrupted" "$dir/rec2.log" &&
   grep -qE "^saved .*/feed-81\.mkv" "$dir/rec2.log" && grep -qE "^summary: [0-9]+ s, [12] feeds recorded" "$dir/rec2.log" &&
   [ "$frames" -gt 30 ]; then
  echo "ok $checks - recording went on after a feed left; SIGINT finalized it ($frames frames)"
else
  echo "not ok $checks - recording after a feed left (exit $rc, $frames frames)"; sed "s/^/    /" "$dir/rec2.log"
  fails=$((fails + 1))
fi
checks=$((checks + 1))
if [ $rc3 -eq 0 ] && grep -qE "^summary: [0-9]+ s" "$dir/pub3.log"; then echo "ok $checks - SIGINT ends a publisher cleanly"
else echo "not ok $checks - publisher after SIGINT (exit $rc3)"; sed "s/^/    /" "$dir/pub3.log"; fails=$((fails + 1)); fi
check "no such room"       1 "error 426" -- "$JANUV" videoroom publish "$JANUS_WS_URL" --room 999 --seconds 1
check "record wants --out" 2 "--out DIR is required" -- "$JANUV" videoroom record "$JANUS_WS_URL" --room 4242
check "wants --room"       2 "--room R is required" -- "$JANUV" videoroom publish "$JANUS_WS_URL"
check "bad action"         2 "publish or record" -- "$JANUV" videoroom frob "$JANUS_WS_URL" --room 1
finish
'
